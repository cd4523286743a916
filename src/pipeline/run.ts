/**
 * The pipeline: profiles (text + signatures) -> candidates -> compare -> cluster. Pure apart from
 * the clock used for stats: the same documents give the same result whatever their order.
 */
import { byPath, readAll, UsageError, type InputDoc, type Skipped } from '../read/index.js';
import { boilerplateLimit, combineStats, lshCandidates, passageCandidates, type CandidateStats, type LshCandidates } from '../candidates/index.js';
import { intersect, PairCollector, unpack } from '../candidates/keyedPairs.js';
import type { PassageIndex } from '../candidates/passageIndex.js';
import { comparePair, type PairResult } from '../compare/index.js';
import { relatedPair, relatedPairs, sharedReuse, type RelatedMode } from '../compare/related.js';
import { pairPassages } from '../compare/passages.js';
import { templateFacts, templateLimit } from '../compare/facts.js';
import { clusterPairs, UnionFind } from '../cluster/index.js';
import { reuseClusters, type ReuseClusters } from '../cluster/reuse.js';
import { permutations } from '../signatures/minhash.js';
import { availableParallelism } from 'node:os';
import type { Piscina } from 'piscina';
import { profile, reader, withModel, type DocProfile } from './profile.js';
import { runTable, type RunTable } from './shared.js';
import { verifyAll, type Tally } from './verify.js';
import type { Task, TaskFailure, TaskResult, VerifyTask, VerifyResult } from './worker.js';
import type { Encoding } from '../read/decode.js';
import { bandsFor, type Options, type Relation, RELATIONS } from './options.js';

export type { Doc, DocMetaOf, ReuseResult, RelatedResult, RunResult, RunStats, Progress } from '../model.js';
import type { Doc, DocMetaOf, RelatedResult, RunResult, Progress } from '../model.js';

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
export function runPipeline(inputs: InputDoc[], skipped: Skipped[], o: Options, progress?: Progress, clock = timer(), meta?: DocMetaOf): RunResult {
  const perms = permutations(o.numPerm, o.seed);
  const profiles: Array<DocProfile & Pick<Doc, 'series' | 'date'>> = inputs.map((d, i) => {
    const p = profile(d.path, d.raw, d.text, o, perms, d.lang);
    if (d.encoding) p.encoding = d.encoding;
    progress?.('reading', i + 1, inputs.length);
    return withMeta(p, d.series || d.date ? d : meta?.(d.path));
  });
  clock.lap('profile');
  const s = findPassages(prepare(profiles, skipped, o), o);
  clock.lap('candidates');
  verifyHere(s, o, progress);
  return finish(s, o, clock);
}

/**
 * Files below this count are profiled and verified in the main thread: each worker warms up its own
 * JIT and lexicon, which outweighs the second core below a few thousand files (2,000 bench
 * documents: 1.35 s in process, 1.65 s with two workers; 10,000: 5.0 s against 4.1 s).
 */
export const WORKER_MIN_FILES = positive(process.env.DUPECHECK_WORKER_MIN, 4000);

/** A profile with its series and date, when it has them. */
function withMeta<T extends object>(p: T, m: { series?: string; date?: string } | undefined): T & Pick<Doc, 'series' | 'date'> {
  const out = p as T & Pick<Doc, 'series' | 'date'>;
  if (m?.series) out.series = m.series;
  if (m?.date) out.date = m.date;
  return out;
}

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
export async function runFiles(files: string[], o: Options, encoding: Encoding, progress?: Progress, meta?: DocMetaOf): Promise<RunResult> {
  if (files.length < WORKER_MIN_FILES) {
    // small runs keep their texts in memory: nothing is read twice (the profile stage's time
    // includes reading, as it does in the workers)
    const clock = timer();
    const read = readAll(files, encoding);
    return runPipeline(read.docs, read.skipped, o, progress, clock, meta);
  }
  const clock = timer();
  const skipped: Skipped[] = [];
  const profiles: DocProfile[] = [];
  const keep = (r: TaskResult) => {
    skipped.push(...r.skipped);
    for (const c of r.profiles) profiles.push(withMeta(withModel(c, reader(c.path, c.contentHash, encoding)), meta?.(c.path)));
  };
  // the pool's module is loaded only by runs that use it
  const { Piscina } = await import('piscina');
  const threads = Math.max(1, Math.min(availableParallelism(), 8));
  const pool = new Piscina({
    filename: new URL('./worker.js', import.meta.url).href,
    maxThreads: threads,
    // every worker lives through the candidate stage: piscina's default keeps half of them (one
    // on two cores) past idleTimeout, and the first verification tasks all went to the one left
    minThreads: threads,
    concurrentTasksPerWorker: TASKS_QUEUED,
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
    // the pool verifies the LSH's candidates while this thread builds the passage index
    const searched = prepare(profiles, skipped, o);
    const verifying = new Verifying(searched, threads, progress);
    const lsh = verifying.start(pool, searched.cand, true, o, encoding);
    let s: Prepared;
    try {
      s = findPassages(searched, o);
    } catch (e) {
      // the pool may not be destroyed under running tasks (see settled)
      await lsh.catch(() => {});
      throw e;
    }
    clock.lap('candidates');
    await settled([lsh, verifying.start(pool, s.contained, false, o, encoding)]);
    await verifying.start(pool, rescue(s), false, o, encoding);
    return finish(s, o, clock);
  } finally {
    await pool.destroy();
  }
}

/**
 * Tasks handed to each worker ahead: a worker that ends one starts the next without waiting for
 * this thread to hand it out, and while this thread builds the passage index (about 4 s at 50,000
 * news documents, when it cannot hand out any) each worker has TASKS_QUEUED x VERIFY_BATCH pairs
 * to verify. Measured at 50,000 news documents: 1 task at a time 23.7 s; 8 tasks of up to 16,384
 * pairs 22.3-24.2 s and 1,555-1,563 MB peak; 32 of 2,048 22.8 s and 1,446 MB; all at once
 * (65,536) 29.3 s, piscina slower with tens of thousands of tasks in flight.
 */
const TASKS_QUEUED = 32;
/** Candidate pairs per verification task: enough to amortise a message, small enough to spread. */
const VERIFY_BATCH = positive(process.env.DUPECHECK_VERIFY_BATCH, 2048);
/** Shorter lists go in smaller tasks, at least this many a thread, of at least MIN_VERIFY_BATCH pairs. */
const TASKS_PER_THREAD = 8;
const MIN_VERIFY_BATCH = 64;

/** Verification in the pool of lists of candidate pairs, as they become known, with one progress count. */
class Verifying {
  private done = 0;
  private total = 0;
  constructor(
    private s: Searched,
    private threads: number,
    private progress?: Progress,
  ) {}

  /** Verify the flattened pairs in tasks of up to VERIFY_BATCH, the signature screen first when `screen` (see verify.ts). */
  start(pool: Piscina, list: Uint32Array, screen: boolean, o: Options, encoding: Encoding): Promise<void> {
    const table = (this.s.table ??= runTable(this.s.docs));
    this.total += list.length / 2;
    const tasks: Promise<void>[] = [];
    // at least TASKS_PER_THREAD tasks for each thread: a list of a few thousand pairs (1,000
    // reposts of one story) in tasks of VERIFY_BATCH went to one worker while the other had 250
    const batch = Math.min(VERIFY_BATCH, Math.max(MIN_VERIFY_BATCH, Math.ceil(list.length / 2 / (this.threads * TASKS_PER_THREAD))));
    for (let p = 0; p < list.length; p += 2 * batch) {
      const pairs = list.slice(p, p + 2 * batch);
      const task: VerifyTask = { kind: 'verify', table, pairs, encoding, options: o, screen, template: this.s.template };
      tasks.push(
        run<VerifyResult>(pool, task).then((r) => {
          tally(this.s, r);
          this.done += pairs.length / 2;
          this.progress?.('comparing', this.done, this.total);
        }),
      );
    }
    return settled(tasks);
  }
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

/** A run after its LSH search: its documents, exact groups and the LSH's candidates. */
interface Searched extends Omit<Tally, 'dismissed'> {
  /** the pairs the signature screen dismissed, flattened, in pieces as verified */
  dismissed: Uint32Array[];
  docs: Doc[];
  /** one document per identical group, ascending: the documents of the candidate search */
  reps: number[];
  /** the LSH's candidate pairs a < b (document indices), flattened, ascending */
  cand: Uint32Array;
  lsh: LshCandidates;
  identicalGroups: number;
  skipped: Skipped[];
  /** the batch's template facts: names and numbers in more documents than the boilerplate limit (compare/facts.ts) */
  template: Uint32Array;
  /** the run table of the pool's verification tasks, made once */
  table?: RunTable;
}

/** And after the passage index: its candidates, verified without the screen, the same way. */
interface Prepared extends Searched {
  index: PassageIndex;
  /** the passage index's pairs that the LSH did not find */
  contained: Uint32Array;
  /** and those it found too (packed, representatives' numbers): the screen may not dismiss them */
  containedLsh: Float64Array;
  /** dismissed pairs verified after all (rescue) */
  rescued?: number;
  candidateStats: CandidateStats;
}

/** Ids, exact groups, the LSH's candidates; the passage index is left for findPassages. */
function prepare(profiles: DocProfile[], skipped: Skipped[], o: Options): Searched {
  const docs = assignIds(profiles);
  skipped.sort(byPath);
  const results: PairResult[] = [];
  const groups = identicalGroups(docs);
  const reps = groups.map((g) => g[0]).sort((x, y) => x - y);
  for (const g of groups) for (const m of g.slice(1)) results.push(comparePair(g[0], m, docs[g[0]], docs[m], o)!);
  const lsh = lshCandidates(
    reps.map((i) => docs[i]),
    bandsFor(o),
    o,
  );
  return {
    docs,
    reps,
    lsh,
    cand: toDocs(reps, lsh.lsh),
    results,
    verified: 0,
    factsDiffer: 0,
    dismissed: [],
    identicalGroups: groups.filter((g) => g.length > 1).length,
    skipped,
    template: templateFacts(
      reps.map((i) => docs[i]),
      templateLimit(boilerplateLimit(o, reps.length), reps.length),
    ),
  };
}

/** Representatives are in ascending order, so pairs of them stay sorted as pairs of documents. */
const toDocs = (reps: number[], pairs: Uint32Array) => pairs.map((x) => reps[x]);

/** The passage index, and its candidates. */
function findPassages(s: Searched, o: Options): Prepared {
  const found = passageCandidates(
    s.reps.map((i) => s.docs[i]),
    o,
    s.lsh.packed,
  );
  return Object.assign(s, { index: found.index, contained: toDocs(s.reps, unpack(found.contained)), containedLsh: found.containedLsh, candidateStats: combineStats(s.lsh.stats, found.stats) });
}

/** Add what verifying a list of pairs gave. */
function tally(s: Searched, t: Tally | VerifyResult): void {
  for (const x of t.results) s.results.push(x);
  s.verified += t.verified;
  s.factsDiffer += t.factsDiffer;
  if (t.dismissed.length) s.dismissed.push(t.dismissed instanceof Uint32Array ? t.dismissed : Uint32Array.from(t.dismissed));
}

const fresh = (): Tally => ({ results: [], verified: 0, factsDiffer: 0, dismissed: [] });

/**
 * The LSH's candidates that the signature screen dismissed but the passage index found contained
 * (an excerpt of a long article: its estimated Jaccards are small because the sizes differ), to
 * verify after all. Once the LSH's candidates are all screened.
 */
function rescue(s: Prepared): Uint32Array {
  if (s.containedLsh.length === 0) return new Uint32Array(0);
  const rep = new Int32Array(s.docs.length);
  s.reps.forEach((d, r) => (rep[d] = r));
  const dismissed = new PairCollector();
  for (const d of s.dismissed) for (let k = 0; k < d.length; k += 2) dismissed.add(rep[d[k]], rep[d[k + 1]]);
  const out = intersect(s.containedLsh, dismissed.sortedUnique());
  s.rescued = out.length;
  return toDocs(s.reps, unpack(out));
}

/** Verify every candidate pair in this thread. */
function verifyHere(s: Prepared, o: Options, progress?: Progress): void {
  const doc = (i: number) => s.docs[i];
  const total = (s.cand.length + s.contained.length) / 2;
  tally(s, verifyAll(s.cand, doc, o, true, s.template, fresh(), (done) => progress?.('comparing', done, total)));
  tally(s, verifyAll(s.contained, doc, o, false, s.template, fresh(), (done) => progress?.('comparing', s.cand.length / 2 + done, total)));
  tally(s, verifyAll(rescue(s), doc, o, false, s.template, fresh()));
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

/** Complete the duplicate clusters, cluster, find the reuse clusters and related pairs, order the pairs. */
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
    for (let x = 0; x < rs.length; x++) for (let y = x + 1; y < rs.length; y++) if (!hasPair(s.cand, rs[x], rs[y]) && !hasPair(s.contained, rs[x], rs[y])) missing.push(rs[x], rs[y]);
  }
  tally(s, verifyAll(Uint32Array.from(missing), (i) => docs[i], o, false, s.template, fresh()));
  const pairs = s.results.filter((r) => r.duplicate).sort((x, y) => RELATION_RANK[x.relation] - RELATION_RANK[y.relation] || x.a - y.a || x.b - y.b);
  const clusters = clusterPairs(docs.length, pairs.map((r) => [r.a, r.b] as const));
  clock.lap('compare');

  // reuse: copies of one another are one unit, and reuse within a unit or a series is no reuse
  const uf = new UnionFind(docs.length);
  for (const p of pairs) uf.union(p.a, p.b);
  const unit = s.reps.map((i) => uf.find(i));
  const seriesIds = new Map<string, number>();
  const series = s.reps.map((i) => {
    const name = docs[i].series;
    if (name === undefined) return -1;
    let id = seriesIds.get(name);
    if (id === undefined) seriesIds.set(name, (id = seriesIds.size));
    return id;
  });
  const minRun = o.minPassageWords - o.shingleSize + 1;
  const reuse = reuseClusters(s.index, unit, series, minRun);
  const chosen = relatedPairs(s.index, unit, series, o.related, o.pairMaxDocs, minRun);
  const ix = s.index;
  const scanned = (t: number) => {
    const [x, y] = [chosen.pairs[2 * t], chosen.pairs[2 * t + 1]];
    const [a, b] = [s.reps[x], s.reps[y]];
    // what they share is named by reuse clusters; a run of shingles that no passage names (two
    // articles that have two quotes next to each other, in the other order) is found directly
    const shared = sharedReuse(ix, reuse, x, y);
    return relatedPair(
      a,
      b,
      docs[a],
      docs[b],
      shared.length ? shared : pairPassages(docs[a], docs[b], o),
    );
  };
  const related = mergeRelated(chosen.count, o.related, chosen.pairs.map((x) => s.reps[x]), scanned, o.related === 'none' ? [] : withinClusters(docs, clusters, isRep, pairs, o));
  clock.lap('reuse');
  return {
    docs,
    pairs,
    related,
    reuse: { clusters: reuse, docOf: Uint32Array.from(s.reps) },
    clusters,
    skipped: s.skipped,
    stats: {
      timings: clock.done(),
      memoryMb: clock.memory,
      candidates: {
        ...s.candidateStats,
        total: (s.cand.length + s.contained.length) / 2,
        verified: s.verified,
        factsDiffer: s.factsDiffer,
        dismissed: s.dismissed.reduce((n, d) => n + d.length / 2, 0) - (s.rescued ?? 0),
        identicalGroups: s.identicalGroups,
        reuseClusters: reuse.count,
        reuseOccurrences: reuse.occDoc.length,
      },
    },
  };
}

/**
 * Pairs of one duplicate cluster that are not copies of each other (a brief and the story it was
 * cut from, both reposted) are one unit, so the reuse clusters leave them out: they are related
 * when they share a passage, checked for every pair of representatives of a cluster of up to 50.
 */
function withinClusters(docs: Doc[], clusters: number[][], isRep: Set<number>, duplicates: PairResult[], o: Options): PairResult[] {
  const dup = new Set(duplicates.map((p) => `${p.a}|${p.b}`));
  const out: PairResult[] = [];
  for (const g of clusters) {
    const rs = g.filter((i) => isRep.has(i));
    if (rs.length > 50) continue;
    for (let x = 0; x < rs.length; x++) {
      for (let y = x + 1; y < rs.length; y++) {
        const [a, b] = [docs[rs[x]], docs[rs[y]]];
        if (dup.has(`${rs[x]}|${rs[y]}`)) continue;
        const passages = pairPassages(a, b, o);
        if (passages.length) out.push(relatedPair(rs[x], rs[y], a, b, passages));
      }
    }
  }
  return out.sort((p, q) => p.a - q.a || p.b - q.b);
}

/** The reported related pairs in order (a, then b): those of the reuse scan, built when asked, and a list of others. */
function mergeRelated(count: number, mode: RelatedMode, scanPairs: Uint32Array, scanned: (t: number) => PairResult, extra: PairResult[]): RelatedResult {
  const n = scanPairs.length / 2 + extra.length;
  const pairs = new Uint32Array(2 * n);
  // source of each reported pair: t >= 0 a pair of the scan, -1 - k the extra pair k
  const from = new Int32Array(n);
  let i = 0;
  let k = 0;
  for (let t = 0; t < n; t++) {
    const takeScan = k >= extra.length || (i < scanPairs.length / 2 && (scanPairs[2 * i] < extra[k].a || (scanPairs[2 * i] === extra[k].a && scanPairs[2 * i + 1] < extra[k].b)));
    if (takeScan) {
      pairs[2 * t] = scanPairs[2 * i];
      pairs[2 * t + 1] = scanPairs[2 * i + 1];
      from[t] = i++;
    } else {
      pairs[2 * t] = extra[k].a;
      pairs[2 * t + 1] = extra[k].b;
      from[t] = -1 - k++;
    }
  }
  return { count: count + extra.length, mode, pairs, at: (t) => (from[t] >= 0 ? scanned(from[t]) : extra[-1 - from[t]]) };
}

/** Related pairs given as a list (sorted by a, then b), as dupecheck check has them. */
export function relatedList(list: PairResult[], count: number, mode: RelatedMode): RelatedResult {
  return mergeRelated(count - list.length, mode, new Uint32Array(0), () => list[0], list);
}

/** Milliseconds per stage, and the resident memory (MB) at the end of each (stats.memory). */
function timer() {
  const t0 = performance.now();
  let last = t0;
  const laps: Record<string, number> = {};
  const memory: Record<string, number> = {};
  return {
    lap(name: string) {
      const now = performance.now();
      laps[name] = Math.round(now - last);
      memory[name] = Math.round(process.memoryUsage.rss() / 2 ** 20);
      last = now;
    },
    done() {
      laps.total = Math.round(performance.now() - t0);
      return laps;
    },
    memory,
  };
}
