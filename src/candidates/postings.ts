/**
 * Which word shingles the documents of a batch share, and with whom: the inverted index of every
 * shingle, summarised as each shingle's *posting class*, the set of documents that contain it,
 * interned (a quote in documents 4, 17 and 90 gives all its shingles one class). A run of
 * consecutive shingles of one class is one passage reused by exactly those documents (see
 * passageIndex.ts). Cost and memory are proportional to the shingles, never to the pairs.
 *
 * Built without Maps of numbers (hash values above 2^30 are heap numbers in V8): the shingle sets
 * are sorted already, so one range of hash values at a time is gathered from every document as
 * (hash, document) pairs, radix-sorted by hash (stable, so documents stay ascending within a hash)
 * and scanned for runs. A shingle in more than `maxDocs` documents is boilerplate.
 */
import { sortByKey } from './keyedPairs.js';
import { combine, fmix32, lowerBound } from '../signatures/hash.js';

/** The class of a shingle found in one document only. */
export const NOT_SHARED = -1;
/** The class of a shingle found in more than maxDocs documents. */
export const BOILERPLATE = -2;

export interface PostingClasses {
  /** per document, the class of each element of its sorted shingle set (or NOT_SHARED, BOILERPLATE) */
  of: Int32Array[];
  /** the classes (more can be interned: the passage index adds intersections) */
  table: ClassTable;
  /** distinct shingles found in more than maxDocs documents */
  boilerplateShingles: number;
  /** distinct shingles found in two documents or more (boilerplate included) */
  sharedShingles: number;
}

/** Entries gathered per range of hash values: bounds the sort's memory whatever the batch. */
const RANGE_ENTRIES = 1 << 22;

/**
 * Interned sets of documents: a hash table of class ids over their member lists. Members of class
 * c: docs[start[c]] .. docs[start[c + 1] - 1], ascending.
 */
export class ClassTable {
  start: Uint32Array = new Uint32Array(1024);
  docs: Uint32Array = new Uint32Array(4096);
  count = 0;

  size(c: number): number {
    return this.start[c + 1] - this.start[c];
  }

  /** Is every document of class `small` in class `big`? */
  within(small: number, big: number): boolean {
    const { start, docs } = this;
    let j = start[big];
    const end = start[big + 1];
    if (end - j < start[small + 1] - start[small]) return false;
    for (let i = start[small]; i < start[small + 1]; i++) {
      while (j < end && docs[j] < docs[i]) j++;
      if (j === end || docs[j] !== docs[i]) return false;
    }
    return true;
  }

  /** The class of the documents in both x and y, or -1 when fewer than two are. */
  intersect(x: number, y: number, scratch: Uint32Array): number {
    const { start, docs } = this;
    let i = start[x];
    let j = start[y];
    let n = 0;
    while (i < start[x + 1] && j < start[y + 1]) {
      const a = docs[i];
      const b = docs[j];
      if (a === b) {
        scratch[n++] = a;
        i++;
        j++;
      } else if (a < b) i++;
      else j++;
    }
    return n < 2 ? -1 : this.intern(scratch, 0, n);
  }
  private used = 0;
  private slots = new Int32Array(1 << 12).fill(-1);
  private mask = (1 << 12) - 1;

  /** The class of the documents members[from, to) (ascending). */
  intern(members: Uint32Array, from: number, to: number): number {
    let h = fmix32(to - from);
    for (let t = from; t < to; t++) h = combine(h, members[t]);
    h = fmix32(h);
    for (let at = h & this.mask; ; at = (at + 1) & this.mask) {
      const c = this.slots[at];
      if (c < 0) {
        this.slots[at] = this.add(members, from, to);
        if (2 * this.count > this.mask) this.grow();
        return this.count - 1;
      }
      if (this.equals(c, members, from, to)) return c;
    }
  }

  private equals(c: number, members: Uint32Array, from: number, to: number): boolean {
    const a = this.start[c];
    if (this.start[c + 1] - a !== to - from) return false;
    for (let t = 0; t < to - from; t++) if (this.docs[a + t] !== members[from + t]) return false;
    return true;
  }

  private add(members: Uint32Array, from: number, to: number): number {
    const n = to - from;
    if (this.count + 2 > this.start.length) this.start = grown(this.start, this.count + 2);
    if (this.used + n > this.docs.length) this.docs = grown(this.docs, this.used + n);
    this.docs.set(members.subarray(from, to), this.used);
    this.used += n;
    this.start[this.count + 1] = this.used;
    return this.count++;
  }

  private grow(): void {
    const size = 2 * (this.mask + 1);
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    for (let c = 0; c < this.count; c++) {
      const a = this.start[c];
      const b = this.start[c + 1];
      let h = fmix32(b - a);
      for (let t = a; t < b; t++) h = combine(h, this.docs[t]);
      h = fmix32(h);
      let at = h & this.mask;
      while (this.slots[at] >= 0) at = (at + 1) & this.mask;
      this.slots[at] = c;
    }
  }
}

function grown(a: Uint32Array, need: number): Uint32Array {
  const b = new Uint32Array(Math.max(need, 2 * a.length));
  b.set(a);
  return b;
}

/**
 * The posting class of every shingle of every document (`sets`: sorted unique shingle hashes per
 * document, documents numbered by their index).
 */
export function postingClasses(sets: readonly Uint32Array[], maxDocs: number): PostingClasses {
  const n = sets.length;
  const of = sets.map((s) => new Int32Array(s.length));
  const total = sets.reduce((s, x) => s + x.length, 0);
  // ranges of hash values (top bits), as many as keep each range's entries near RANGE_ENTRIES
  let bits = 0;
  while (bits < 12 && total / 2 ** bits > RANGE_ENTRIES) bits++;
  const ranges = 2 ** bits;
  const width = 2 ** (32 - bits);
  const at = new Uint32Array(n);
  const table = new ClassTable();
  let keys = new Uint32Array(0);
  let items = new Uint32Array(0);
  let boilerplateShingles = 0;
  let sharedShingles = 0;
  for (let r = 0; r < ranges; r++) {
    const end = (r + 1) * width;
    let m = 0;
    for (let d = 0; d < n; d++) m += lowerBound(sets[d], end, at[d]) - at[d];
    if (keys.length < m) {
      keys = new Uint32Array(Math.max(m, 16));
      items = new Uint32Array(Math.max(m, 16));
    }
    m = 0;
    for (let d = 0; d < n; d++) {
      const s = sets[d];
      for (let t = at[d]; t < s.length && s[t] < end; t++) {
        keys[m] = s[t];
        items[m++] = d;
      }
    }
    const [k, it] = sortByKey(keys.subarray(0, m), items.subarray(0, m));
    for (let a = 0; a < m; ) {
      let b = a + 1;
      while (b < m && k[b] === k[a]) b++;
      const size = b - a;
      let c = NOT_SHARED;
      if (size > maxDocs) {
        c = BOILERPLATE;
        boilerplateShingles++;
      } else if (size > 1) c = table.intern(it, a, b);
      if (size > 1) sharedShingles++;
      // a document's entries come in the order of its sorted set
      for (let t = a; t < b; t++) of[it[t]][at[it[t]]++] = c;
      a = b;
    }
  }
  return { of, table, boilerplateShingles, sharedShingles };
}
