/**
 * Word k-shingles, hashed: every run of k consecutive token hashes becomes one 32-bit value.
 * A text shorter than k words gives a single shingle of all its words (never an empty set
 * for a non-empty text).
 */
import { combine, fmix32 } from './hash.js';

export function shingleSequence(tokenHashes: Uint32Array, k: number): Uint32Array {
  const n = tokenHashes.length;
  if (n === 0) return new Uint32Array(0);
  const m = n >= k ? n - k + 1 : 1;
  const width = Math.min(k, n);
  const out = new Uint32Array(m);
  for (let i = 0; i < m; i++) {
    let h = 0x9747b28c;
    for (let j = 0; j < width; j++) h = combine(h, tokenHashes[i + j]);
    out[i] = fmix32(h ^ width);
  }
  return out;
}
