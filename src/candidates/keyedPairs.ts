/**
 * Pairs of items that share a key, for both the LSH bands and the passage index. Keys and items
 * are kept in two Uint32Arrays, sorted by key with a three-pass LSD radix sort (stable: items
 * added in ascending order stay so within a key), and scanned for runs of equal keys: no Map of
 * arrays, no per-key allocation. (Packing both into one float64 and sorting natively took 1.3 s
 * for the 10 million keys of 50,000 documents.)
 *
 * A key shared by more than `maxBucket` items is boilerplate or a degenerate text (a licence
 * header, an empty band); it is not expanded into all its pairs, but counted and reported, so
 * nothing is dropped silently.
 */
export const MAX_ITEMS = 1 << 21;
const SHIFT = 2 ** 21;

export class KeyCollector {
  private keys: Uint32Array;
  private items: Uint32Array;
  private n = 0;

  constructor(capacity = 1024) {
    this.keys = new Uint32Array(Math.max(16, capacity));
    this.items = new Uint32Array(Math.max(16, capacity));
  }

  add(key: number, item: number): void {
    if (this.n === this.keys.length) {
      const k = new Uint32Array(this.n * 2);
      const it = new Uint32Array(this.n * 2);
      k.set(this.keys);
      it.set(this.items);
      this.keys = k;
      this.items = it;
    }
    this.keys[this.n] = key;
    this.items[this.n++] = item;
  }

  get size(): number {
    return this.n;
  }

  /**
   * Calls emit(i, j) with i < j for every pair of distinct items under one key (a pair may be
   * emitted once per key it shares). Returns the oversized buckets skipped: how many, their
   * members, and their keys.
   */
  pairs(maxBucket: number, emit: (i: number, j: number) => void): { oversized: number; oversizedItems: number; oversizedKeys: number[] } {
    const [keys, items] = sortByKey(this.keys.subarray(0, this.n), this.items.subarray(0, this.n));
    let oversized = 0;
    let oversizedItems = 0;
    const oversizedKeys: number[] = [];
    let start = 0;
    const members: number[] = [];
    const n = keys.length;
    while (start < n) {
      const key = keys[start];
      let end = start + 1;
      while (end < n && keys[end] === key) end++;
      if (end - start > 1) {
        members.length = 0;
        let ascending = true;
        for (let t = start; t < end; t++) {
          const item = items[t];
          if (members.length > 0 && item < members[members.length - 1]) ascending = false;
          members.push(item);
        }
        if (!ascending) members.sort((x, y) => x - y);
        let m = 0;
        for (let t = 0; t < members.length; t++) if (m === 0 || members[t] !== members[m - 1]) members[m++] = members[t];
        members.length = m;
        if (members.length > maxBucket) {
          oversized++;
          oversizedItems += members.length;
          oversizedKeys.push(key);
        } else {
          for (let x = 0; x < members.length; x++) for (let y = x + 1; y < members.length; y++) emit(members[x], members[y]);
        }
      }
      start = end;
    }
    return { oversized, oversizedItems, oversizedKeys };
  }
}

/**
 * Keys ascending with their items alongside: LSD radix sort in passes of 11, 11 and 10 bits
 * (stable). With `scratch` (two arrays at least as long), the input is sorted in place of copies:
 * it and the scratch are overwritten, and the result is in views of one or the other.
 */
export function sortByKey(keys: Uint32Array, items: Uint32Array, scratch?: [Uint32Array, Uint32Array]): [Uint32Array, Uint32Array] {
  const n = keys.length;
  let k1 = scratch ? keys : keys.slice();
  let i1 = scratch ? items : items.slice();
  let k2 = scratch ? scratch[0].subarray(0, n) : new Uint32Array(n);
  let i2 = scratch ? scratch[1].subarray(0, n) : new Uint32Array(n);
  const counts = new Int32Array(2048);
  for (const [shift, bits] of [[0, 11], [11, 11], [22, 10]]) {
    const mask = (1 << bits) - 1;
    counts.fill(0);
    for (let t = 0; t < n; t++) counts[(k1[t] >>> shift) & mask]++;
    let sum = 0;
    for (let d = 0; d <= mask; d++) {
      const c = counts[d];
      counts[d] = sum;
      sum += c;
    }
    for (let t = 0; t < n; t++) {
      const at = counts[(k1[t] >>> shift) & mask]++;
      k2[at] = k1[t];
      i2[at] = i1[t];
    }
    [k1, k2] = [k2, k1];
    [i1, i2] = [i2, i1];
  }
  return [k1, i1];
}

/**
 * Unordered item pairs, packed as i * 2^21 + j (i < j) into a growable Float64Array: no Set of
 * numbers (pairs above 2^30 are heap numbers in V8, and a Set of them cost 1.6 s at 50,000
 * documents); duplicates are removed by sorting once.
 */
export class PairCollector {
  private buf = new Float64Array(1024);
  private n = 0;

  add(i: number, j: number): void {
    if (this.n === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.n++] = i < j ? i * SHIFT + j : j * SHIFT + i;
  }

  /** The distinct pairs, packed, ascending. */
  sortedUnique(): Float64Array {
    const a = this.buf.subarray(0, this.n).sort();
    let m = 0;
    for (let k = 0; k < a.length; k++) if (m === 0 || a[k] !== a[m - 1]) a[m++] = a[k];
    return a.slice(0, m);
  }
}

/** Packed pairs of a (ascending, distinct) that are also in b (ascending, distinct). */
export function intersect(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(Math.min(a.length, b.length));
  let n = 0;
  let j = 0;
  for (let i = 0; i < a.length; i++) {
    while (j < b.length && b[j] < a[i]) j++;
    if (j < b.length && b[j] === a[i]) out[n++] = a[i];
  }
  return out.slice(0, n);
}

/** Packed pairs of a (ascending, distinct) that are not in b (ascending, distinct). */
export function minus(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  let n = 0;
  let j = 0;
  for (let i = 0; i < a.length; i++) {
    while (j < b.length && b[j] < a[i]) j++;
    if (j >= b.length || b[j] !== a[i]) out[n++] = a[i];
  }
  return out.slice(0, n);
}

/** The union of ascending distinct packed pair lists, ascending and distinct. */
export function union(...lists: Float64Array[]): Float64Array {
  const all = new Float64Array(lists.reduce((s, l) => s + l.length, 0));
  let at = 0;
  for (const l of lists) {
    all.set(l, at);
    at += l.length;
  }
  all.sort();
  let m = 0;
  for (let k = 0; k < all.length; k++) if (m === 0 || all[k] !== all[m - 1]) all[m++] = all[k];
  return all.slice(0, m);
}

/** Packed pairs as [i, j] flattened into a Uint32Array. */
export function unpack(packed: Float64Array): Uint32Array {
  const out = new Uint32Array(2 * packed.length);
  for (let k = 0; k < packed.length; k++) {
    const i = Math.floor(packed[k] / SHIFT);
    out[2 * k] = i;
    out[2 * k + 1] = packed[k] - i * SHIFT;
  }
  return out;
}
