/**
 * Pairs of items that share a key, for both the LSH bands and the passage index. Keys and item
 * numbers are packed into one float64 (key * 2^21 + item, exact below 2^53), sorted natively, and
 * scanned for runs of equal keys: no Map of arrays, no per-key allocation.
 *
 * A key shared by more than `maxBucket` items is boilerplate or a degenerate text (a licence
 * header, an empty band); it is not expanded into all its pairs, but counted and reported, so
 * nothing is dropped silently.
 */
export const MAX_ITEMS = 1 << 21;
const SHIFT = 2 ** 21;

export class KeyCollector {
  private buf: Float64Array;
  private n = 0;

  constructor(capacity = 1024) {
    this.buf = new Float64Array(Math.max(16, capacity));
  }

  add(key: number, item: number): void {
    if (this.n === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.n++] = (key >>> 0) * SHIFT + item;
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
    const a = this.buf.subarray(0, this.n).sort();
    let oversized = 0;
    let oversizedItems = 0;
    const oversizedKeys: number[] = [];
    let start = 0;
    const members: number[] = [];
    while (start < a.length) {
      const key = Math.floor(a[start] / SHIFT);
      let end = start + 1;
      while (end < a.length && Math.floor(a[end] / SHIFT) === key) end++;
      if (end - start > 1) {
        members.length = 0;
        for (let t = start; t < end; t++) {
          const item = a[t] - key * SHIFT;
          if (members.length === 0 || members[members.length - 1] !== item) members.push(item);
        }
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

/** A set of unordered item pairs, packed as i * 2^21 + j (i < j). */
export class PairSet {
  private readonly set = new Set<number>();
  add(i: number, j: number): void {
    this.set.add(i < j ? i * SHIFT + j : j * SHIFT + i);
  }
  has(i: number, j: number): boolean {
    return this.set.has(i < j ? i * SHIFT + j : j * SHIFT + i);
  }
  get size(): number {
    return this.set.size;
  }
  /** Pairs in ascending order. */
  sorted(): Array<[number, number]> {
    return [...this.set].sort((x, y) => x - y).map((p) => [Math.floor(p / SHIFT), p % SHIFT]);
  }
}
