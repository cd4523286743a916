/**
 * 32-bit hashing. Strings are hashed once (FNV-1a over UTF-16 units, finished with murmur3's
 * fmix32 for avalanche); everything after that is integer mixing on typed arrays.
 */

// a module-level alias: a global lookup per call is slow inside vm contexts (jest)
const imul = Math.imul;

/** murmur3 finaliser: a bijection on 32-bit integers with full avalanche. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function hashString(s: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** Combine a running hash with the next value (order-sensitive). */
export function combine(h: number, v: number): number {
  h ^= v;
  h = imul((h << 13) | (h >>> 19), 5) + 0xe6546b64;
  return h >>> 0;
}

/** Sorted, de-duplicated copy of a list of 32-bit values. */
export function sortedUnique(values: Uint32Array): Uint32Array {
  if (values.length === 0) return new Uint32Array(0);
  const a = Uint32Array.from(values).sort();
  let n = 1;
  for (let i = 1; i < a.length; i++) if (a[i] !== a[n - 1]) a[n++] = a[i];
  return a.slice(0, n);
}

/** A small seeded PRNG (mulberry32) for permutation parameters and test corpora. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
