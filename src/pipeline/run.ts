/**
 * The pipeline: profiles (text + signatures) -> candidates -> compare -> cluster. Pure apart from
 * the clock used for stats: the same documents give the same result whatever their order.
 */
import { readAll, type InputDoc, type Skipped } from '../read/index.js';
import { findCandidates, type CandidateStats } from '../candidates/index.js';
import { comparePair, type PairResult } from '../compare/index.js';
import { clusterPairs } from '../cluster/index.js';
import { describePair } from '../align/index.js';
import { estimateJaccard, permutations } from '../signatures/minhash.js';
import { intersectionSize } from '../compare/sets.js';
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { profile, reader, withModel, type DocProfile } from './profile.js';
import type { Task, TaskResult } from './worker.js';
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

/**
 * A candidate is verified exactly unless its signatures say it cannot be a duplicate and it shares
 * no passage fingerprint: both estimated Jaccards below 0.02 (a pair at the reworded gate, content
 * Jaccard 0.08, estimates below 0.02 with probability under 1% at 128 slots). Most false LSH
 * candidates stop here for the cost of two 128-slot comparisons.
 */
export function worthVerifying(
  x: Pick<DocProfile, 'minContent' | 'minShingles' | 'fingerprints'>,
  y: Pick<DocProfile, 'minContent' | 'minShingles' | 'fingerprints'>,
): boolean {
  if (estimateJaccard(x.minContent, y.minContent) >= 0.02) return true;
  if (estimateJaccard(x.minShingles, y.minShingles) >= 0.02) return true;
  return intersectionSize(x.fingerprints, y.fingerprints) > 0;
}

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
export function runPipeline(inputs: InputDoc[], skipped: Skipped[], o: Options, progress?: Progress): RunResult {
  const clock = timer();
  const perms = permutations(o.numPerm, o.seed);
  const profiles: DocProfile[] = inputs.map((d, i) => {
    const p = profile(d.path, d.raw, d.text, o, perms);
    if (d.encoding) p.encoding = d.encoding;
    progress?.('reading', i + 1, inputs.length);
    return p;
  });
  clock.lap('profile');
  return analyze(profiles, skipped, o, clock, progress);
}

/**
 * Files below this count are profiled in the main thread: each worker warms up its own JIT and
 * word caches, which outweighs the second core below a few thousand files (2,000 bench documents:
 * 1.8 s in process, 2.2 s with two workers; 10,000: 7.2 s against 6.5 s).
 */
export const WORKER_MIN_FILES = Number(process.env.DUPECHECK_WORKER_MIN ?? 4000);
const BATCH = 64;

/**
 * The pipeline on files: read, decoded, analysed and signed by a pool of worker threads (one per
 * core), which send back hashes and signatures, not texts; the main thread does candidates,
 * verification and clustering, re-reading only the files of pairs that need their text.
 */
export async function runFiles(files: string[], o: Options, encoding: Encoding, progress?: Progress): Promise<RunResult> {
  if (files.length < WORKER_MIN_FILES) {
    // small runs keep their texts and models in memory: nothing is read twice
    const read = readAll(files, encoding);
    return runPipeline(read.docs, read.skipped, o, progress);
  }
  const clock = timer();
  const skipped: Skipped[] = [];
  const profiles: DocProfile[] = [];
  const keep = (r: TaskResult) => {
    skipped.push(...r.skipped);
    for (const c of r.profiles) profiles.push(withModel(c, reader(c.path, encoding)));
  };
  {
    const pool = new Piscina({
      filename: new URL('./worker.js', import.meta.url).href,
      maxThreads: Math.max(1, Math.min(availableParallelism(), 8)),
      idleTimeout: 100,
    });
    let done = 0;
    try {
      const batches: Promise<void>[] = [];
      for (let i = 0; i < files.length; i += BATCH) {
        const task: Task = { files: files.slice(i, i + BATCH), options: o, encoding };
        batches.push(
          (pool.run(task) as Promise<TaskResult>).then((r) => {
            keep(r);
            done += task.files.length;
            progress?.('reading', done, files.length);
          }),
        );
      }
      await Promise.all(batches);
    } finally {
      await pool.destroy();
    }
  }
  clock.lap('profile');
  return analyze(profiles, skipped, o, clock, progress);
}

function analyze(profiles: DocProfile[], skipped: Skipped[], o: Options, clock: ReturnType<typeof timer>, progress?: Progress): RunResult {
  const docs = assignIds(profiles);
  skipped.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));

  const results = new Map<number, PairResult | null>();
  const key = (i: number, j: number) => (i < j ? i * docs.length + j : j * docs.length + i);
  const groups = identicalGroups(docs);
  const reps = groups.map((g) => g[0]).sort((x, y) => x - y);
  for (const g of groups) for (const m of g.slice(1)) results.set(key(g[0], m), comparePair(g[0], m, docs[g[0]], docs[m], o));

  const found = findCandidates(reps.map((i) => docs[i]), bandsFor(o), o.maxBucket, o.boilerplateDocs);
  const cand = found.pairs.map(([x, y]) => [reps[x], reps[y]] as const);
  clock.lap('candidates');
  let verified = 0;
  let dismissed = 0;
  const verify = (i: number, j: number, screen: boolean) => {
    const k = key(i, j);
    if (results.has(k)) return;
    const [a, b] = i < j ? [i, j] : [j, i];
    if (screen && !worthVerifying(docs[a], docs[b])) {
      dismissed++;
      results.set(k, null);
      return;
    }
    verified++;
    const r = comparePair(a, b, docs[a], docs[b], o, found.boilerplate);
    // divergences while both texts are at hand (their models may leave the cache later)
    if (r?.duplicate && r.alignment) r.details = describePair(r.alignment.units, docs[a].model, docs[b].model, r.relation === 'reworded');
    results.set(k, r);
  };
  cand.forEach(([i, j], n) => {
    verify(i, j, true);
    progress?.('comparing', n + 1, cand.length);
  });
  const all = () => [...results.values()].filter((r): r is PairResult => r !== null);
  const dupPairs = () => all().filter((r) => r.duplicate).map((r) => [r.a, r.b] as const);
  // every pair of group representatives inside a duplicate cluster is verified too, so that a
  // cluster reports all its relations
  const isRep = new Set(reps);
  for (const g of clusterPairs(docs.length, dupPairs())) {
    const rs = g.filter((i) => isRep.has(i));
    if (rs.length > 50) continue;
    for (let x = 0; x < rs.length; x++) for (let y = x + 1; y < rs.length; y++) verify(rs[x], rs[y], false);
  }
  const clusters = clusterPairs(docs.length, dupPairs());
  clock.lap('compare');
  const pairs = all().sort((x, y) => RELATION_RANK[x.relation] - RELATION_RANK[y.relation] || x.a - y.a || x.b - y.b);
  return {
    docs,
    pairs,
    clusters,
    skipped,
    stats: {
      timings: clock.done(),
      candidates: { ...found.stats, total: cand.length, verified, dismissed, identicalGroups: groups.filter((g) => g.length > 1).length },
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
