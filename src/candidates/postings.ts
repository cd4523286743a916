/**
 * Which word shingles the documents of a batch share, and with whom: the inverted index of every
 * shingle, summarised as each shingle's *posting class*, the set of documents that contain it,
 * interned (a quote in documents 4, 17 and 90 gives all its shingles one class). A run of
 * consecutive shingles of one class is one passage reused by exactly those documents (see
 * passageIndex.ts). Cost and memory are proportional to the shingles, never to the pairs.
 *
 * Built without Maps of numbers (hash values above 2^30 are heap numbers in V8): one range of hash
 * values at a time is gathered from every document as (hash, position) pairs, radix-sorted by hash
 * (stable, so positions, and so documents, stay ascending within a hash) and scanned for runs; a
 * shingle's class is written at each of its positions. A shingle in more than `maxDocs` documents
 * is boilerplate.
 */
import { sortByKey } from './keyedPairs.js';
import { combine, fmix32 } from '../signatures/hash.js';

/** The class of a shingle found in one document only. */
export const NOT_SHARED = -1;
/** The class of a shingle found in more than maxDocs documents. */
export const BOILERPLATE = -2;

export interface PostingClasses {
  /**
   * the class of the shingle at each position of each document: document d's positions are
   * docStart[d] .. docStart[d + 1] - 1; NOT_SHARED, BOILERPLATE, or a class of `table`
   */
  classAt: Int32Array;
  docStart: Uint32Array;
  /** the classes (more can be interned: the passage index adds intersections) */
  table: ClassTable;
  /** distinct shingles found in more than maxDocs documents */
  boilerplateShingles: number;
  /** distinct shingles found in two documents or more (boilerplate included) */
  sharedShingles: number;
}

/** Entries gathered per range of hash values: bounds the sort's memory whatever the batch. */
const RANGE_ENTRIES = 1 << 23;

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
 * The posting class of the shingle at every position of every document (`seqs`: each document's
 * shingle hashes in text order; documents numbered by their index).
 */
export function postingClasses(seqs: readonly Uint32Array[], maxDocs: number): PostingClasses {
  const n = seqs.length;
  const docStart = new Uint32Array(n + 1);
  for (let d = 0; d < n; d++) docStart[d + 1] = docStart[d] + seqs[d].length;
  const total = docStart[n];
  // positions of shingles found in one document keep this (a fresh array's 0 is class 0)
  const classAt = new Int32Array(total).fill(NOT_SHARED);
  // ranges of hash values (top bits), as many as keep each range's entries near RANGE_ENTRIES
  let bits = 0;
  while (bits < 12 && total / 2 ** bits > RANGE_ENTRIES) bits++;
  const shift = 32 - bits;
  const counts = new Uint32Array(2 ** bits);
  if (bits > 0) for (const seq of seqs) for (let i = 0; i < seq.length; i++) counts[seq[i] >>> shift]++;
  else counts[0] = total;
  const most = Math.max(16, ...counts);
  // one buffer of each kind for every range, sorted in place
  const keys = new Uint32Array(most);
  const items = new Uint32Array(most);
  const scratch: [Uint32Array, Uint32Array] = [new Uint32Array(most), new Uint32Array(most)];
  const table = new ClassTable();
  // the documents of a run of equal hashes, distinct (a document may repeat a shingle)
  const members = new Uint32Array(n);
  let boilerplateShingles = 0;
  let sharedShingles = 0;
  for (let r = 0; r < 2 ** bits; r++) {
    let m = 0;
    for (let d = 0; d < n; d++) {
      const seq = seqs[d];
      const base = docStart[d];
      for (let i = 0; i < seq.length; i++) {
        const h = seq[i];
        if (bits === 0 || h >>> shift === r) {
          keys[m] = h;
          items[m++] = base + i;
        }
      }
    }
    // stable: within a hash, positions stay ascending, so documents do
    const [k, it] = sortByKey(keys.subarray(0, m), items.subarray(0, m), scratch);
    let doc = 0;
    for (let a = 0; a < m; ) {
      let b = a + 1;
      while (b < m && k[b] === k[a]) b++;
      if (b - a > 1) {
        // the run's documents, found from its positions (ascending, so the search only moves forward)
        let size = 0;
        doc = 0;
        for (let t = a; t < b; t++) {
          doc = upperDoc(docStart, it[t], size === 0 ? 0 : doc);
          if (size === 0 || members[size - 1] !== doc) members[size++] = doc;
        }
        if (size > 1) {
          sharedShingles++;
          let c = BOILERPLATE;
          if (size > maxDocs) boilerplateShingles++;
          else c = table.intern(members, 0, size);
          for (let t = a; t < b; t++) classAt[it[t]] = c;
        }
      }
      a = b;
    }
  }
  return { classAt, docStart, table, boilerplateShingles, sharedShingles };
}

/** The document of global position p: the d with docStart[d] <= p < docStart[d + 1], searched from `from`. */
function upperDoc(docStart: Uint32Array, p: number, from: number): number {
  let lo = from;
  let hi = docStart.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (docStart[mid] <= p) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
