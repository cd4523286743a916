/**
 * A worker thread of the pool. Two kinds of task:
 *  - profile: read, decode, analyse and sign a batch of files; send back compact profiles (plain
 *    data and typed arrays, no text) and the files skipped;
 *  - verify: verify a batch of candidate pairs (see verify.ts), reading the documents' hash sets
 *    from shared memory and their texts from disk when a pair needs an alignment.
 */
import { readAll, UsageError, type Skipped } from '../read/index.js';
import type { Encoding } from '../read/decode.js';
import { permutations, type Permutations } from '../signatures/minhash.js';
import { compactProfile, hasModel, reader, setModelCache, withModel, type CompactProfile } from './profile.js';
import { packShared, tableDoc, type RunTable } from './shared.js';
import { verifyAll, type Tally, type Verifiable } from './verify.js';
import type { Options } from './options.js';

export interface Task {
  kind?: 'profile';
  files: string[];
  options: Options;
  encoding: Encoding;
}

export interface TaskResult {
  profiles: CompactProfile[];
  skipped: Skipped[];
}

export interface VerifyTask {
  kind: 'verify';
  /** the run's documents (shared memory: posting it copies nothing) */
  table: RunTable;
  /** pairs a < b (document indices), flattened */
  pairs: Uint32Array;
  encoding: Encoding;
  options: Options;
  /** the signature screen first (the LSH's candidates) */
  screen: boolean;
  /** the batch's template facts (compare/facts.ts) */
  template: Uint32Array;
}

/** What a task verified: the screen's dismissed pairs as one array (a worker's arrays of numbers would be cloned element by element). */
export type VerifyResult = Omit<Tally, 'dismissed'> & { dismissed: Uint32Array };

let perms: Permutations | null = null;
let permsKey = '';

export function profileFiles(task: Task): TaskResult {
  const key = `${task.options.numPerm}/${task.options.seed}`;
  if (!perms || permsKey !== key) {
    perms = permutations(task.options.numPerm, task.options.seed);
    permsKey = key;
  }
  const { docs, skipped } = readAll(task.files, task.encoding);
  const profiles = docs.map((r) => {
    const p = compactProfile(r.path, r.raw, r.text, task.options, perms!);
    return r.encoding ? { ...p, encoding: r.encoding } : p;
  });
  packShared(profiles);
  return { profiles, skipped };
}

// pairs come sorted by their first document, and a document is in few duplicate pairs: a small
// cache of text models per worker serves (only duplicate pairs build models; 512 in each of two
// workers held 200 MB more than 64 at 50,000 news documents, for no speed)
setModelCache(64);

/**
 * The documents of earlier tasks whose text model this worker still holds, by their number in the
 * run, so that a model outlives the task that built it for as long as the cache keeps it: a cluster
 * of reposts puts one document in pairs of many tasks (300 reposts of one story: 2.1 ms a pair in
 * the pool, rebuilding models task after task, against 1.1 ms in one thread). A pool, and so a
 * worker, serves one run.
 */
const modelled = new Map<number, Verifiable>();

export function verifyPairs(task: VerifyTask): VerifyResult {
  const docs = new Map<number, Verifiable>();
  for (const i of task.pairs) {
    if (docs.has(i)) continue;
    let d = modelled.get(i);
    if (!d) {
      const t = tableDoc(task.table, i);
      d = withModel(t, reader(t.path, t.contentHash, task.encoding));
    }
    docs.set(i, d);
  }
  const t = verifyAll(task.pairs, (i) => docs.get(i)!, task.options, task.screen, task.template, { results: [], verified: 0, factsDiffer: 0, dismissed: [] });
  for (const [i, d] of docs) if (hasModel(d)) modelled.set(i, d);
  for (const [i, d] of modelled) if (!hasModel(d)) modelled.delete(i);
  return { ...t, dismissed: Uint32Array.from(t.dismissed) };
}

/** A user's error (a file changed during the run) crosses the thread as data: an Error's class does not. */
export interface TaskFailure {
  usageError: string;
}

export default function (task: Task | VerifyTask): TaskResult | VerifyResult | TaskFailure {
  try {
    return task.kind === 'verify' ? verifyPairs(task) : profileFiles(task);
  } catch (e) {
    if (e instanceof UsageError) return { usageError: e.message };
    throw e;
  }
}
