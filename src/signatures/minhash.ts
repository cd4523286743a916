/**
 * MinHash signatures by one-permutation hashing with optimal densification (Li, Owen & Zhang,
 * NIPS 2012; Shrivastava, ICML 2017): each element (a 32-bit hash, computed once upstream) is
 * mixed once, its top bits choose one of k bins and the mix is the value kept if it is the
 * bin's minimum; an empty bin then borrows the value of the first non-empty bin on its own
 * seeded probe sequence. Cost O(n + k) per set instead of O(n k) for k independent
 * permutations, with the same estimator: the share of agreeing slots estimates the Jaccard
 * similarity (property-tested against exact Jaccard in test/signatures.test.ts).
 */
import { fmix32, mulberry32 } from './hash.js';

// a module-level alias: a global lookup per call is slow inside vm contexts (jest)
const imul = Math.imul;

export const EMPTY_SLOT = 0xffffffff;
const EMPTY_SIGNED = 0x7fffffff;

export interface Permutations {
  /** the number of slots (bins) */
  readonly k: number;
  /** seed mixed into every element */
  readonly seed: number;
  /** per empty bin, the start and step of its probe sequence over the bins */
  readonly probeStart: Uint32Array;
  readonly probeStep: Uint32Array;
}

export function permutations(numPerm: number, seed: number): Permutations {
  const rand = mulberry32(seed);
  const u32 = () => Math.floor(rand() * 4294967296) >>> 0;
  const s = u32();
  const probeStart = new Uint32Array(numPerm);
  const probeStep = new Uint32Array(numPerm);
  for (let i = 0; i < numPerm; i++) {
    probeStart[i] = u32() % numPerm;
    probeStep[i] = 1 + (u32() % Math.max(1, numPerm - 1));
  }
  return { k: numPerm, seed: s, probeStart, probeStep };
}

/** MinHash signature of a set of element hashes (duplicates allowed, order irrelevant). */
export function signature(set: Uint32Array, perms: Permutations): Uint32Array {
  const k = perms.k;
  const seed = perms.seed;
  // each bin's minimum kept as a signed value h ^ 2^31, so that the comparisons are integer ones
  // (an unsigned h above 2^31 is a double in V8); an untouched bin holds that of EMPTY_SLOT, and an
  // element whose mix is EMPTY_SLOT fills no bin
  const min = new Int32Array(k).fill(EMPTY_SIGNED);
  const shift = k > 1 && (k & (k - 1)) === 0 ? 32 - Math.log2(k) : -1;
  let filled = 0;
  for (let e = 0; e < set.length; e++) {
    let h = set[e] ^ seed;
    h ^= h >>> 16;
    h = imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    // the bin from the high bits (a multiply-shift; a shift when k is a power of two), the value is the whole mix
    const bin = shift >= 0 ? h >>> shift : Math.floor(((h >>> 0) / 4294967296) * k);
    const v = h ^ 0x80000000;
    if (v < min[bin]) {
      if (min[bin] === EMPTY_SIGNED) filled++;
      min[bin] = v;
    }
  }
  const sig = new Uint32Array(k);
  for (let i = 0; i < k; i++) sig[i] = min[i] ^ 0x80000000;
  if (filled === 0 || filled === k) return sig;
  // optimal densification: an empty bin takes the value of the first non-empty bin on its own
  // probe sequence (the same sequence for every set, so equal sets stay equal)
  const src = sig.slice();
  for (let i = 0; i < k; i++) {
    if (src[i] !== EMPTY_SLOT) continue;
    let j = perms.probeStart[i];
    const step = perms.probeStep[i];
    let guard = 0;
    while (src[j] === EMPTY_SLOT && guard++ < 4 * k) j = (j + step) % k;
    if (src[j] === EMPTY_SLOT) {
      // the step shares a factor with k: walk linearly
      j = 0;
      while (src[j] === EMPTY_SLOT) j++;
    }
    // mix in the bin number so that two empty bins borrowing one value still differ from it
    sig[i] = fmix32(src[j] ^ imul(i + 1, 0x9e3779b1));
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
