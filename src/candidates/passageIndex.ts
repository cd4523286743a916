/**
 * The passages a batch reuses, from the shingles' posting classes (postings.ts), in typed arrays.
 *
 * An *atom* is a run of consecutive shingles of one document that all have one posting class. A
 * passage is a chain of contiguous atoms that a set of documents all contain: seeded at an atom,
 * with the atom's class, or at two contiguous atoms, with the documents both have, and grown on
 * either side over atoms whose class includes the seed's. A document that changed the end of a
 * quote gives the quote's first atoms a larger class than its last: the whole quote is a passage
 * of the documents that have all of it, and its first part one of those that have that part.
 * A document of the set sees the same atoms around the passage unless it arranges them otherwise
 * (a doubled sentence, paragraphs in another order): a passage is identified across documents by
 * its set and the hash of its shingles, its *key*, so that a key is one text wherever it is. A
 * passage shorter than `minRun` shingles (a passage of fewer than minPassageWords words) is no
 * passage, and so is one of fewer than `minPlain` plain words (words other than stop words,
 * numbers and names: text/document.ts), a phrase of names any two reports of one event share. The
 * *segments* are the passages' occurrences, by document.
 *
 * Cost and memory are proportional to the shingles, never to the pairs; pairs of documents appear
 * only in `PartnerScan`, one document at a time, through keys with a bounded number of members.
 */
import { NOT_SHARED, type ClassTable, type PostingClasses } from './postings.js';
import { combine, fmix32 } from '../signatures/hash.js';
import { passageWordsIn, plainPrefix } from '../text/document.js';

export interface PassageIndex {
  /** shingle size: a segment of n shingles is n + k - 1 words */
  k: number;
  /** segments, ordered by document, then by first shingle (then longest first) */
  segDoc: Uint32Array;
  /** index of the first shingle (= first word) and the number of shingles */
  segStart: Uint32Array;
  segLen: Uint32Array;
  segKey: Uint32Array;
  /** segments of document d: docSeg[d] .. docSeg[d + 1] - 1 */
  docSeg: Uint32Array;
  /** the set of documents of each key (a class of `classes`) */
  keyClass: Uint32Array;
  /** segments of key q, ascending by document: keySeg[keyStart[q]] .. keySeg[keyStart[q + 1] - 1] */
  keyStart: Uint32Array;
  keySeg: Uint32Array;
  keys: number;
  classes: ClassTable;
  /** atoms of document d: docAtom[d] .. docAtom[d + 1] - 1: first shingle, length, class, and 1
   * where the atom does not continue the one before (a gap, or a repetition) */
  docAtom: Uint32Array;
  atomFrom: Uint32Array;
  atomLen: Uint32Array;
  atomClass: Uint32Array;
  atomApart: Uint8Array;
  /** plain words a passage needs (0: none) */
  minPlain: number;
  /**
   * 1 for a document whose words are character bigrams (Chinese, Japanese: passageWordsIn), whose
   * passages need `wideRun` shingles, not `minRun`
   */
  wide: Uint8Array;
  wideRun: number;
  /**
   * prefix counts of each document's plain words modulo 2^16 (2 bytes a word): document d's are
   * plain[plainStart[d]] .. (its words + 1 of them)
   */
  plainStart: Uint32Array;
  plain: Uint16Array;
}

/** Plain words of document d among its words [from, to) (to clipped to its length); a span of 2^16 words or more counts as plain enough. */
export function plainIn(ix: PassageIndex, d: number, from: number, to: number): number {
  return plainCount(ix.plain, ix.plainStart[d], ix.plainStart[d + 1] - ix.plainStart[d] - 1, from, to);
}

function plainCount(plain: Uint16Array, base: number, words: number, from: number, to: number): number {
  const a = Math.min(from, words);
  const b = Math.min(to, words);
  if (b - a >= 0x10000) return 0xffff;
  return (plain[base + b] - plain[base + a]) & 0xffff;
}

/** A growable Uint32Array. */
export class U32 {
  a: Uint32Array;
  n = 0;
  constructor(capacity = 1024) {
    this.a = new Uint32Array(Math.max(16, capacity));
  }
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Uint32Array(2 * this.n);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
  done(): Uint32Array {
    return this.a.slice(0, this.n);
  }
}

/** Ids for pairs of 32-bit values (open addressing; no Map of heap numbers). */
class PairIds {
  private first = new U32();
  private second = new U32();
  private slots = new Int32Array(1 << 12).fill(-1);
  private mask = (1 << 12) - 1;

  get size(): number {
    return this.first.n;
  }

  id(x: number, y: number): number {
    for (let at = fmix32(combine(fmix32(x), y)) & this.mask; ; at = (at + 1) & this.mask) {
      const q = this.slots[at];
      if (q < 0) {
        this.slots[at] = this.first.n;
        this.first.push(x);
        this.second.push(y);
        if (2 * this.first.n > this.mask) this.grow();
        return this.first.n - 1;
      }
      if (this.first.a[q] === x && this.second.a[q] === y) return q;
    }
  }

  firsts(): Uint32Array {
    return this.first.done();
  }

  private grow(): void {
    const size = 2 * (this.mask + 1);
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    for (let q = 0; q < this.first.n; q++) {
      let at = fmix32(combine(fmix32(this.first.a[q]), this.second.a[q])) & this.mask;
      while (this.slots[at] >= 0) at = (at + 1) & this.mask;
      this.slots[at] = q;
    }
  }
}

/**
 * The segments and keys of a batch. `docs[d]` gives document d's shingles in text order (`seq`),
 * the sequences `postings` was built from.
 */
export function passageIndex(
  docs: ReadonlyArray<{ seq: Uint32Array; terms?: Uint32Array; lang?: string }>,
  postings: PostingClasses,
  k: number,
  minRun: number,
  minPlain = 0,
  wideRun = minRun,
): PassageIndex {
  const table = postings.table;
  const wide = Uint8Array.from(docs, (x) => (passageWordsIn(x.lang, 1) > 1 ? 1 : 0));
  // each document's plain-word prefix counts (all words plain where the terms are not given)
  const plainStart = new Uint32Array(docs.length + 1);
  for (let d = 0; d < docs.length; d++) plainStart[d + 1] = plainStart[d] + (docs[d].terms?.length ?? docs[d].seq.length + k - 1) + 1;
  const plain = new Uint16Array(plainStart[docs.length]);
  docs.forEach((x, d) => {
    if (x.terms) plain.set(plainPrefix(x.terms), plainStart[d]);
    else for (let i = 0; i <= x.seq.length + k - 1; i++) plain[plainStart[d] + i] = i;
  });
  const segDoc = new U32();
  const segStart = new U32();
  const segLen = new U32();
  const segKey = new U32();
  const docSeg = new Uint32Array(docs.length + 1);
  const ids = new PairIds();
  const run = minRun < 1 ? 1 : minRun;
  const runWide = Math.max(run, wideRun);
  // one document's atoms, and the passages found in it (start, length, key) before sorting
  let atomFrom: Uint32Array = new Uint32Array(256);
  let atomTo: Uint32Array = new Uint32Array(256);
  let atomClass: Int32Array = new Int32Array(256);
  /** 1 where an atom starts at a repetition: no passage grows across its start */
  let apart: Uint8Array = new Uint8Array(256);
  let seenKey: Uint32Array = new Uint32Array(1024);
  let seenStamp: Int32Array = new Int32Array(1024);
  let stamp = 0;
  const found: number[] = [];
  const docAtom = new Uint32Array(docs.length + 1);
  const allFrom = new U32();
  const allLen = new U32();
  const allClass = new U32();
  const allApart = new U32();
  const scratch = new Uint32Array(docs.length);
  for (let d = 0; d < docs.length; d++) {
    docSeg[d] = segDoc.n;
    const { seq } = docs[d];
    const base = postings.docStart[d];
    const { classAt } = postings;
    // atoms; one ends where a shingle repeats inside it (a doubled sentence), and the next starts
    // apart from it, so that a passage found twice in a row is two occurrences of one text
    let atoms = 0;
    let prev = NOT_SHARED;
    if (seenKey.length < 2 * seq.length) {
      seenKey = new Uint32Array(2 ** Math.ceil(Math.log2(2 * seq.length + 2)));
      seenStamp = new Int32Array(seenKey.length);
    }
    const seenMask = seenKey.length - 1;
    for (let i = 0; i <= seq.length; i++) {
      const c = i < seq.length ? classAt[base + i] : NOT_SHARED;
      let repeat = false;
      if (c >= 0) {
        // is seq[i] in the atom so far? (an open-addressing set, emptied by a new stamp per atom)
        if (c !== prev) stamp++;
        let at = fmix32(seq[i]) & seenMask;
        while (seenStamp[at] === stamp && seenKey[at] !== seq[i]) at = (at + 1) & seenMask;
        repeat = seenStamp[at] === stamp;
        if (repeat) {
          stamp++;
          at = fmix32(seq[i]) & seenMask;
        }
        seenStamp[at] = stamp;
        seenKey[at] = seq[i];
      }
      if (c === prev && !repeat && i < seq.length) continue;
      if (prev >= 0) atomTo[atoms - 1] = i;
      if (c >= 0) {
        if (atoms === atomFrom.length) {
          atomFrom = grow(atomFrom, new Uint32Array(2 * atoms));
          atomTo = grow(atomTo, new Uint32Array(2 * atoms));
          atomClass = grow(atomClass, new Int32Array(2 * atoms));
          apart = grow(apart, new Uint8Array(2 * atoms));
        }
        apart[atoms] = repeat ? 1 : 0;
        atomFrom[atoms] = i;
        atomClass[atoms++] = c;
      }
      prev = c;
    }
    // passages: seeds grown over atoms whose class includes the seed's
    found.length = 0;
    const contiguous = (x: number) => x + 1 < atoms && atomTo[x] === atomFrom[x + 1] && !apart[x + 1];
    const seed = (c: number, lo: number, hi: number) => {
      while (lo > 0 && contiguous(lo - 1) && table.within(c, atomClass[lo - 1])) lo--;
      while (contiguous(hi) && table.within(c, atomClass[hi + 1])) hi++;
      const len = atomTo[hi] - atomFrom[lo];
      if (len < (wide[d] ? runWide : run)) return;
      if (minPlain > 0 && plainCount(plain, plainStart[d], plainStart[d + 1] - plainStart[d] - 1, atomFrom[lo], atomTo[hi] + k - 1) < minPlain) return;
      // the passage is its set of documents and its text (the hash of its shingles): two
      // documents with one set that arrange its shingles differently (paragraphs in another
      // order) find two passages, not one
      let text = fmix32(len);
      for (let i = atomFrom[lo]; i < atomTo[hi]; i++) text = combine(text, seq[i]);
      found.push(atomFrom[lo], len, ids.id(c, fmix32(text)));
    };
    // the document's atoms, kept for the partner scan (a run of shingles shared with a document
    // whatever the passage chains: pairs are found exactly, chains only name the passages)
    docAtom[d] = allFrom.n;
    for (let a = 0; a < atoms; a++) {
      allFrom.push(atomFrom[a]);
      allLen.push(atomTo[a] - atomFrom[a]);
      allClass.push(atomClass[a]);
      allApart.push(a > 0 && atomTo[a - 1] === atomFrom[a] && !apart[a] ? 0 : 1);
    }
    for (let a = 0; a < atoms; a++) {
      seed(atomClass[a], a, a);
      if (contiguous(a)) {
        const x = atomClass[a];
        const y = atomClass[a + 1];
        if (!table.within(x, y) && !table.within(y, x)) {
          const both = table.intersect(x, y, scratch);
          if (both >= 0) seed(both, a, a + 1);
        }
      }
    }
    // by position, the longest first; the same passage found from several seeds once
    const order = Array.from({ length: found.length / 3 }, (_, t) => 3 * t).sort((x, y) => found[x] - found[y] || found[y + 1] - found[x + 1] || found[x + 2] - found[y + 2]);
    let last = -1;
    for (const t of order) {
      if (last >= 0 && found[t] === found[last] && found[t + 1] === found[last + 1] && found[t + 2] === found[last + 2]) continue;
      segDoc.push(d);
      segStart.push(found[t]);
      segLen.push(found[t + 1]);
      segKey.push(found[t + 2]);
      last = t;
    }
  }
  docSeg[docs.length] = segDoc.n;
  docAtom[docs.length] = allFrom.n;
  const keys = ids.size;
  const sk = segKey.done();
  // segments of each key, in document order (segments are already in document order)
  const keyStart = new Uint32Array(keys + 1);
  for (let s = 0; s < sk.length; s++) keyStart[sk[s] + 1]++;
  for (let q = 0; q < keys; q++) keyStart[q + 1] += keyStart[q];
  const fill = keyStart.slice(0, keys);
  const keySeg = new Uint32Array(sk.length);
  for (let s = 0; s < sk.length; s++) keySeg[fill[sk[s]]++] = s;
  return {
    k,
    segDoc: segDoc.done(),
    segStart: segStart.done(),
    segLen: segLen.done(),
    segKey: sk,
    docSeg,
    keyClass: ids.firsts(),
    keyStart,
    keySeg,
    keys,
    classes: table,
    docAtom,
    atomFrom: allFrom.done(),
    atomLen: allLen.done(),
    atomClass: allClass.done(),
    atomApart: Uint8Array.from(allApart.done()),
    minPlain,
    wide,
    wideRun: runWide,
    plainStart,
    plain,
  };
}

function grow<T extends Uint32Array | Int32Array | Uint8Array>(a: T, into: T): T {
  into.set(a);
  return into;
}

/**
 * The partners of one document at a time: every other document with which it shares a run of at
 * least `minRun` consecutive shingles (a passage), with how many of its shingles such runs cover,
 * accumulated in arrays sized by the batch (no object per pair). It reads the document's atoms:
 * a partner shares a run while it is in the class of each atom of a contiguous stretch. Atoms
 * whose shingles are in more than `maxDocs` documents are passed over (they end runs).
 */
export class PartnerScan {
  private readonly covered: Uint32Array;
  /** the partner's current run: its length, the atom it was last extended at, and whether it counted yet */
  private readonly run: Uint32Array;
  private readonly lastAtom: Int32Array;
  private readonly touched: Uint32Array;
  /** the first shingle of the partner's current run, and whether the run counts (a passage long, with its plain words) */
  private readonly runFrom: Uint32Array;
  private readonly counted: Uint8Array;

  constructor(
    private readonly ix: PassageIndex,
    documents: number,
    private readonly maxDocs: number,
    private readonly minRun: number,
  ) {
    this.covered = new Uint32Array(documents);
    this.run = new Uint32Array(documents);
    this.lastAtom = new Int32Array(documents).fill(-2);
    this.touched = new Uint32Array(documents);
    this.runFrom = new Uint32Array(documents);
    this.counted = new Uint8Array(documents);
  }

  /** Calls visit(e, shingles) for each partner e of d, in ascending order of e, with the shingles of d it shares in passages. */
  scan(d: number, visit: (e: number, shingles: number) => void): void {
    const { ix, covered, run, lastAtom, touched, runFrom, counted } = this;
    // a document of character bigrams shares a passage only over more of them (passageWordsIn)
    const minRun = ix.wide[d] ? Math.max(this.minRun, ix.wideRun) : this.minRun;
    const { start, docs } = ix.classes;
    let seen = 0;
    for (let a = ix.docAtom[d]; a < ix.docAtom[d + 1]; a++) {
      const c = ix.atomClass[a];
      if (start[c + 1] - start[c] > this.maxDocs) continue;
      const len = ix.atomLen[a];
      const continues = !ix.atomApart[a];
      for (let t = start[c]; t < start[c + 1]; t++) {
        const e = docs[t];
        if (e === d) continue;
        if (lastAtom[e] === -2) touched[seen++] = e;
        const before = continues && lastAtom[e] === a - 1 ? run[e] : 0;
        if (before === 0) {
          runFrom[e] = ix.atomFrom[a];
          counted[e] = 0;
        }
        run[e] = before + len;
        lastAtom[e] = a;
        // a run counts once it is a passage long and holds its plain words, from its start
        if (counted[e]) covered[e] += len;
        else if (run[e] >= minRun && (ix.minPlain === 0 || plainIn(ix, d, runFrom[e], ix.atomFrom[a] + len + ix.k - 1) >= ix.minPlain)) {
          counted[e] = 1;
          covered[e] += run[e];
        }
      }
    }
    const list = touched.subarray(0, seen).sort();
    for (let t = 0; t < seen; t++) {
      const e = list[t];
      const w = covered[e];
      covered[e] = 0;
      run[e] = 0;
      lastAtom[e] = -2;
      counted[e] = 0;
      if (w > 0) visit(e, w);
    }
  }
}
