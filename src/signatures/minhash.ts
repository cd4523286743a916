/**
 * MinHash over 32-bit element hashes. Each element is hashed once upstream; permutation i is
 * x -> fmix32(x ^ seed_i), a bijection of the 32-bit space, computed with Math.imul on
 * typed arrays (no BigInt, no float modular arithmetic, no re-hashing of strings).
 */
import { fmix32, mulberry32 } from './hash.js';

// a module-level alias: a global lookup per call is slow inside vm contexts (jest)
const imul = Math.imul;

export const EMPTY_SLOT = 0xffffffff;

export interface Permutations {
  readonly seeds: Uint32Array;
}

export function permutations(numPerm: number, seed: number): Permutations {
  const rand = mulberry32(seed);
  const seeds = new Uint32Array(numPerm);
  for (let i = 0; i < numPerm; i++) seeds[i] = Math.floor(rand() * 4294967296) >>> 0;
  return { seeds };
}

/** MinHash signature of a set of element hashes (duplicates allowed, order irrelevant). */
export function signature(set: Uint32Array, perms: Permutations): Uint32Array {
  const seeds = perms.seeds;
  const k = seeds.length;
  const sig = new Uint32Array(k).fill(EMPTY_SLOT);
  for (let e = 0; e < set.length; e++) {
    const x = set[e];
    for (let i = 0; i < k; i++) {
      let h = x ^ seeds[i];
      h ^= h >>> 16;
      h = imul(h, 0x85ebca6b);
      h ^= h >>> 13;
      h = imul(h, 0xc2b2ae35);
      h ^= h >>> 16;
      h >>>= 0;
      if (h < sig[i]) sig[i] = h;
    }
  }
  return sig;
}

/** Estimated Jaccard similarity: the share of slots where the two signatures agree. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length !== b.length) throw new Error('signatures of different lengths');
  let eq = 0;
  let empty = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) {
      if (a[i] === EMPTY_SLOT) empty++;
      else eq++;
    }
  }
  const n = a.length - empty;
  return n === 0 ? 0 : eq / n;
}

export { fmix32 };
