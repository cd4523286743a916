/**
 * The pipeline: profiles (text + signatures) -> candidates -> compare -> cluster. Pure apart from
 * the clock used for stats: the same documents give the same result whatever their order.
 */
import { byPath, readAll, UsageError, type InputDoc, type Skipped } from '../read/index.js';
import { findCandidates, type CandidateStats } from '../candidates/index.js';
import { comparePair, type PairResult } from '../compare/index.js';
import { clusterPairs } from '../cluster/index.js';
import { permutations } from '../signatures/minhash.js';
import { availableParallelism } from 'node:os';
import type { Piscina } from 'piscina';
import { profile, reader, withModel, type DocProfile } from './profile.js';
import { runTable } from './shared.js';
import { verifyAll, type Tally } from './verify.js';
import type { Task, TaskFailure, TaskResult, VerifyTask, VerifyResult } from './worker.js';
import type { Encoding } from '../read/decode.js';
import { bandsFor, type Options, type Relation, RELATIONS } from './options.js';

export interface Doc extends DocProfile {
  /** stable id: the first 12 hex digits of the sha256 of the bytes (suffixed for byte-identical files) */
  id: string;
}

export interface RunResult {
  docs: Doc[];
  pairs: PairResult[];
  /** groups of document indices (into docs) */
  clusters: number[][];
  skipped: Skipped[];
  stats: RunStats;
}

export interface RunStats {
  timings: Record<string, number>;
  candidates: CandidateStats & { total: number; verified: number; dismissed: number; identicalGroups: number };
}

export type Progress = (stage: string, done: number, total: number) => void;

export const RELATION_RANK: Record<Relation, number> = Object.fromEntries(RELATIONS.map((r, i) => [r, i])) as Record<Relation, number>;

/** Order documents by content (then path) and give them ids (in place: profiles keep their lazy model). */
export function assignIds(profiles: DocProfile[]): Doc[] {
  const sorted = [...profiles].sort((x, y) =>
    x.contentHash < y.contentHash ? -1 : x.contentHash > y.contentHash ? 1 : x.path < y.path ? -1 : x.path > y.path ? 1 : 0,
  );
  let run = 0;
  return sorted.map((p, i) => {
    run = i > 0 && sorted[i - 1].contentHash === p.contentHash ? run + 1 : 0;
    return Object.assign(p, { id: p.contentHash.slice(0, 12) + (run ? `-${run + 1}` : '') });
  });
}

/**
 * Documents with the same canonical text are grouped first (exact deduplication, as dedup
 * pipelines do before near-duplicate search): each group reports identical pairs against its
 * first member, and only first members go on to the candidate search.
 */
export function identicalGroups(docs: Doc[]): number[][] {
  const by = new Map<string, number[]>();
  docs.forEach((d, i) => {
    const g = by.get(d.canonicalHash);
    if (g) g.push(i);
    else by.set(d.canonicalHash, [i]);
  });
  return [...by.values()];
}

/** The pipeline on documents already read into memory (tests, small inputs, JSONL batches). */
export function runPipeline(inputs: InputDoc[], skipped: Skipped[], o: Options, progress?: Progress, clock = timer()): RunResult {
  const perms = permutations(o.numPerm, o.seed);
  const profiles: DocProfile[] = inputs.map((d, i) => {
    const p = profile(d.path, d.raw, d.text, o, perms, d.lang);
    if (d.encoding) p.encoding = d.encoding;
    progress?.('reading', i + 1, inputs.length);
    return p;
  });
  clock.lap('profile');
  const s = prepare(profiles, skipped, o, clock);
  verifyHere(s, o, progress);
  return finish(s, o, clock);
}

/**
 * Files below this count are profiled and verified in the main thread: each worker warms up its own
 * JIT and lexicon, which outweighs the second core below a few thousand files (2,000 bench
 * documents: 1.35 s in process, 1.65 s with two workers; 10,000: 5.0 s against 4.1 s).
 */
export const WORKER_MIN_FILES = positive(process.env.DUPECHECK_WORKER_MIN, 4000);

/** A tuning variable from the environment: a positive integer, or the default. */
function positive(v: string | undefined, fallback: number): number {
  const n = Math.floor(Number(v));
  return v !== undefined && Number.isFinite(n) && n >= 1 ? n : fallback;
}
const BATCH = 64;

/**
 * The pipeline on files: read, decoded, analysed and signed by a pool of worker threads (one per
 * core), which send back hashes and signatures, not texts; the main thread finds the candidates,
 * and the same pool verifies them, reading the hash sets from shared memory and re-reading only
 * the files of pairs that need their text.
 */
export async function runFiles(files: string[], o: Options, encoding: Encoding, progress?: Progress): Promise<RunResult> {
  if (files.length < WORKER_MIN_FILES) {
    // small runs keep their texts in memory: nothing is read twice (the profile stage's time
    // includes reading, as it does in the workers)
    const clock = timer();
    const read = readAll(files, encoding);
    return runPipeline(read.docs, read.skipped, o, progress, clock);
  }
  const clock = timer();
  const skipped: Skipped[] = [];
  const profiles: DocProfile[] = [];
  const keep = (r: TaskResult) => {
    skipped.push(...r.skipped);
    for (const c of r.profiles) profiles.push(withModel(c, reader(c.path, c.contentHash, encoding)));
  };
  // the pool's module is loaded only by runs that use it
  const { Piscina } = await import('piscina');
  const pool = new Piscina({
    filename: new URL('./worker.js', import.meta.url).href,
    maxThreads: Math.max(1, Math.min(availableParallelism(), 8)),
    idleTimeout: 100,
  });
  try {
    let done = 0;
    const batches: Promise<void>[] = [];
    for (let i = 0; i < files.length; i += BATCH) {
      const task: Task = { files: files.slice(i, i + BATCH), options: o, encoding };
      batches.push(
        run<TaskResult>(pool, task).then((r) => {
          keep(r);
          done += task.files.length;
          progress?.('reading', done, files.length);
        }),
      );
    }
    await settled(batches);
    clock.lap('profile');
    const s = prepare(profiles, skipped, o, clock);
    await verifyInPool(pool, s, o, encoding, progress);
    return finish(s, o, clock);
  } finally {
    await pool.destroy();
  }
}

/** Candidate pairs per verification task: enough to amortise a message, small enough to spread. */
const VERIFY_BATCH = positive(process.env.DUPECHECK_VERIFY_BATCH, 2048);

async function verifyInPool(pool: Piscina, s: Prepared, o: Options, encoding: Encoding, progress?: Progress): Promise<void> {
  const table = runTable(s.docs);
  const boilerplate = [...s.found.boilerplate];
  const total = s.cand.length / 2;
  let done = 0;
  const tasks: Promise<void>[] = [];
  for (let p = 0; p < s.cand.length; p += 2 * VERIFY_BATCH) {
    const pairs = s.cand.slice(p, p + 2 * VERIFY_BATCH);
    const task: VerifyTask = {
      kind: 'verify',
      table,
      pairs,
      encoding,
      options: o,
      boilerplate,
      screen: true,
    };
    tasks.push(
      run<VerifyResult>(pool, task).then((r) => {
        for (const x of r.results) s.results.push(x);
        s.verified += r.verified;
        s.dismissed += r.dismissed;
        done += pairs.length / 2;
        progress?.('comparing', done, total);
      }),
    );
  }
  await settled(tasks);
}

/** Run a task in the pool; a user's error reported by the worker becomes a UsageError here. */
async function run<T>(pool: Piscina, task: Task | VerifyTask): Promise<T> {
  const r = (await pool.run(task)) as T | TaskFailure;
  if (r && typeof r === 'object' && 'usageError' in r) throw new UsageError(r.usageError);
  return r as T;
}

/**
 * Wait for every task, then throw the first failure: the pool must not be destroyed while tasks
 * are still running (their answers would reach a pool that no longer knows them, and crash).
 */
async function settled(tasks: Array<Promise<void>>): Promise<void> {
  const out = await Promise.allSettled(tasks);
  const failed = out.find((x): x is PromiseRejectedResult => x.status === 'rejected');
  if (failed) throw failed.reason;
}

interface Prepared extends Tally {
  docs: Doc[];
  reps: number[];
  found: ReturnType<typeof findCandidates>;
  /** candidate pairs a < b (document indices), flattened, in ascending order */
  cand: Uint32Array;
  identicalGroups: number;
  skipped: Skipped[];
}

/** Ids, exact groups, candidates. */
function prepare(profiles: DocProfile[], skipped: Skipped[], o: Options, clock: ReturnType<typeof timer>): Prepared {
  const docs = assignIds(profiles);
  skipped.sort(byPath);
  const results: PairResult[] = [];
  const groups = identicalGroups(docs);
  const reps = groups.map((g) => g[0]).sort((x, y) => x - y);
  for (const g of groups) for (const m of g.slice(1)) results.push(comparePair(g[0], m, docs[g[0]], docs[m], o)!);
  const found = findCandidates(reps.map((i) => docs[i]), bandsFor(o), o.maxBucket, o.boilerplateDocs);
  // representatives are in ascending order, so the pairs stay sorted
  const cand = found.pairs.map((x) => reps[x]);
  clock.lap('candidates');
  return { docs, reps, found, cand, results, verified: 0, dismissed: 0, identicalGroups: groups.filter((g) => g.length > 1).length, skipped };
}

/** Verify every candidate pair in this thread. */
function verifyHere(s: Prepared, o: Options, progress?: Progress): void {
  verifyAll(s.cand, (i) => s.docs[i], o, s.found.boilerplate, true, s, (done) => progress?.('comparing', done, s.cand.length / 2));
}

/** Is (a, b), a < b, among the sorted flattened pairs? */
function hasPair(pairs: Uint32Array, a: number, b: number): boolean {
  let lo = 0;
  let hi = pairs.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const x = pairs[2 * mid];
    const y = pairs[2 * mid + 1];
    if (x < a || (x === a && y < b)) lo = mid + 1;
    else hi = mid;
  }
  return lo < pairs.length / 2 && pairs[2 * lo] === a && pairs[2 * lo + 1] === b;
}

/** Complete the duplicate clusters, cluster, and order the pairs. */
function finish(s: Prepared, o: Options, clock: ReturnType<typeof timer>): RunResult {
  const { docs } = s;
  const dupPairs = () => s.results.filter((r) => r.duplicate).map((r) => [r.a, r.b] as const);
  // every pair of group representatives inside a duplicate cluster is verified too, so that a
  // cluster reports all its relations
  const isRep = new Set(s.reps);
  const missing: number[] = [];
  for (const g of clusterPairs(docs.length, dupPairs())) {
    const rs = g.filter((i) => isRep.has(i)).sort((x, y) => x - y);
    if (rs.length > 50) continue;
    for (let x = 0; x < rs.length; x++) for (let y = x + 1; y < rs.length; y++) if (!hasPair(s.cand, rs[x], rs[y])) missing.push(rs[x], rs[y]);
  }
  verifyAll(Uint32Array.from(missing), (i) => docs[i], o, s.found.boilerplate, false, s);
  const clusters = clusterPairs(docs.length, dupPairs());
  clock.lap('compare');
  const pairs = s.results.sort((x, y) => RELATION_RANK[x.relation] - RELATION_RANK[y.relation] || x.a - y.a || x.b - y.b);
  return {
    docs,
    pairs,
    clusters,
    skipped: s.skipped,
    stats: {
      timings: clock.done(),
      candidates: { ...s.found.stats, total: s.cand.length / 2, verified: s.verified, dismissed: s.dismissed, identicalGroups: s.identicalGroups },
    },
  };
}

function timer() {
  const t0 = performance.now();
  let last = t0;
  const laps: Record<string, number> = {};
  return {
    lap(name: string) {
      const now = performance.now();
      laps[name] = Math.round(now - last);
      last = now;
    },
    done() {
      laps.total = Math.round(performance.now() - t0);
      return laps;
    },
  };
}
