/**
 * The documents' hash sets in shared memory, so that the verification workers read them where
 * they are instead of receiving copies: each set kind is one SharedArrayBuffer of all documents'
 * values back to back, with the offsets of each document's run. The main thread's profiles then
 * point into the same memory (their own copies are dropped), so sharing costs no extra memory.
 */
import type { CompactProfile } from './profile.js';

export const SHARED_FIELDS = ['seq', 'shingles', 'content', 'fingerprints', 'minShingles', 'minContent'] as const;
export type SharedField = (typeof SHARED_FIELDS)[number];

export interface SharedColumn {
  values: Uint32Array;
  /** document i's values are values[offsets[i] .. offsets[i + 1]) */
  offsets: Float64Array;
}

export interface SharedSets {
  /** identifies one run's memory (a worker keeps views of the current one) */
  id: number;
  columns: Record<SharedField, SharedColumn>;
  words: Int32Array;
}

let runs = 0;

/** Move the sets of `docs` into shared memory; each profile's arrays become views of it. */
export function shareSets(docs: Array<Pick<CompactProfile, SharedField | 'words'>>): SharedSets {
  const columns = {} as Record<SharedField, SharedColumn>;
  for (const f of SHARED_FIELDS) {
    let total = 0;
    for (const d of docs) total += d[f].length;
    const values = new Uint32Array(new SharedArrayBuffer(Math.max(4, 4 * total)));
    const offsets = new Float64Array(new SharedArrayBuffer(8 * (docs.length + 1)));
    let at = 0;
    docs.forEach((d, i) => {
      offsets[i] = at;
      values.set(d[f], at);
      d[f] = values.subarray(at, at + d[f].length);
      at += d[f].length;
    });
    offsets[docs.length] = at;
    columns[f] = { values, offsets };
  }
  const words = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, docs.length)));
  docs.forEach((d, i) => (words[i] = d.words));
  return { id: ++runs, columns, words };
}

/** Document i's sets, as views of the shared memory. */
export function setsOf(s: SharedSets, i: number): Pick<CompactProfile, SharedField | 'words'> {
  const view = (f: SharedField) => s.columns[f].values.subarray(s.columns[f].offsets[i], s.columns[f].offsets[i + 1]);
  return {
    seq: view('seq'),
    shingles: view('shingles'),
    content: view('content'),
    fingerprints: view('fingerprints'),
    minShingles: view('minShingles'),
    minContent: view('minContent'),
    words: s.words[i],
  };
}
