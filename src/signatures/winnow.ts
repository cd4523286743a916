/**
 * Winnowing (Schleimer, Wilkerson & Aiken, SIGMOD 2003, the method behind MOSS): from a sequence
 * of shingle hashes keep the minimum of every window of w consecutive values (the rightmost on
 * ties). Any passage of at least w + k - 1 words that two texts share yields at least one common
 * fingerprint, with about 2/(w+1) of the shingles kept. We use the fingerprints as keys of the
 * passage index that finds pairs sharing quotes or copied passages, which MinHash (a
 * whole-document estimate) cannot find when the shared part is small.
 */
import { sortedUnique } from './hash.js';

export function winnow(seq: Uint32Array, w: number): Uint32Array {
  const n = seq.length;
  if (n === 0) return new Uint32Array(0);
  if (n <= w) {
    let min = seq[0];
    for (let i = 1; i < n; i++) if (seq[i] <= min) min = seq[i];
    return Uint32Array.of(min);
  }
  const picked: number[] = [];
  let minPos = -1;
  for (let start = 0; start + w <= n; start++) {
    if (minPos < start) {
      // recompute the minimum of the window (rightmost on ties)
      minPos = start;
      for (let i = start + 1; i < start + w; i++) if (seq[i] <= seq[minPos]) minPos = i;
      picked.push(seq[minPos]);
    } else {
      const i = start + w - 1;
      if (seq[i] <= seq[minPos]) {
        minPos = i;
        picked.push(seq[minPos]);
      }
    }
  }
  return sortedUnique(Uint32Array.from(picked));
}
