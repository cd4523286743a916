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

/** First index at or after `from` of the ascending array s whose value is >= v (s.length if none). */
export function lowerBound(s: Uint32Array, v: number, from = 0): number {
  let lo = from;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (s[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Sorted, de-duplicated copy of a list of 32-bit values. */
export function sortedUnique(values: Uint32Array): Uint32Array {
  if (values.length === 0) return new Uint32Array(0);
  // below ~200 values the native sort is faster (fixed cost of the 4 x 256 counts)
  const a = values.length < 256 ? values.slice().sort() : radixSort(values);
  let n = 1;
  for (let i = 1; i < a.length; i++) if (a[i] !== a[n - 1]) a[n++] = a[i];
  return a.slice(0, n);
}

const counts = new Int32Array(4 * 256);
let spare = new Uint32Array(1024);

/**
 * A sorted copy of 32-bit values: LSD radix sort, four passes of 8 bits (several times faster
 * than TypedArray.prototype.sort on the shingle and content sets, which are the bulk of the
 * signatures stage).
 */
export function radixSort(values: Uint32Array): Uint32Array {
  const n = values.length;
  counts.fill(0);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    counts[v & 255]++;
    counts[256 + ((v >>> 8) & 255)]++;
    counts[512 + ((v >>> 16) & 255)]++;
    counts[768 + (v >>> 24)]++;
  }
  if (spare.length < n) spare = new Uint32Array(2 * n);
  // a pass where every value has the same digit moves nothing: skip it
  const shifts: number[] = [];
  for (let pass = 0; pass < 4; pass++) if (counts[pass * 256 + ((values[0] >>> (pass * 8)) & 255)] !== n) shifts.push(pass);
  if (shifts.length === 0) return values.slice();
  const result = new Uint32Array(n);
  // ping-pong between the result and a scratch buffer so that the last pass writes the result
  let out = shifts.length % 2 === 1 ? result : spare;
  let src = values;
  for (const pass of shifts) {
    const base = pass * 256;
    const shift = pass * 8;
    let sum = 0;
    for (let d = 0; d < 256; d++) {
      const c = counts[base + d];
      counts[base + d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const v = src[i];
      out[counts[base + ((v >>> shift) & 255)]++] = v;
    }
    src = out;
    out = out === result ? spare : result;
  }
  return result;
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
