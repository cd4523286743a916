/**
 * Sentence similarity that survives paraphrase and translation: a weighted overlap (Dice) of
 * stemmed words. Weights: numbers 2, other content words 1, stop words 0.5, each scaled by an inverse
 * sentence frequency computed over the two documents being aligned (a word found in every
 * sentence, like the story's protagonist, says little about which sentences correspond).
 */
import type { Token } from '../text/tokenize.js';

/** A sentence as a sparse vector: ascending term ids with their weights. */
export interface SentVec {
  ids: Int32Array;
  weights: Float64Array;
  mass: number;
  /** length in characters (for the length prior) */
  chars: number;
  /** one bit per term id modulo 32: two vectors with disjoint masks share no term */
  mask: number;
}

function maskOf(ids: Int32Array): number {
  let m = 0;
  for (let i = 0; i < ids.length; i++) m |= 1 << (ids[i] & 31);
  return m;
}

export const KIND_WEIGHT: Record<Token['kind'], number> = { num: 2, name: 1, word: 1 };
const NUMBER_WEIGHT = KIND_WEIGHT.num;
const WORD_WEIGHT = KIND_WEIGHT.word;
/** stop words count too, at this weight: "not", "no", "before" change what a sentence says */
export const STOP_WEIGHT = 0.5;

/** Sort ids[at, at + m) ascending with their weights: insertion sort for a sentence's tens of terms. */
function sortByIds(ids: Int32Array, ws: Float64Array, at: number, m: number): void {
  if (m > 64) {
    const order = Array.from({ length: m }, (_, i) => i).sort((x, y) => ids[at + x] - ids[at + y] || x - y);
    const i2 = order.map((i) => ids[at + i]);
    const w2 = order.map((i) => ws[at + i]);
    ids.set(i2, at);
    ws.set(w2, at);
    return;
  }
  const end = at + m;
  for (let x = at + 1; x < end; x++) {
    const id = ids[x];
    const w = ws[x];
    let y = x - 1;
    while (y >= at && ids[y] > id) {
      ids[y + 1] = ids[y];
      ws[y + 1] = ws[y];
      y--;
    }
    ids[y + 1] = id;
    ws[y + 1] = w;
  }
}

/**
 * Term ids for the vocabulary of one pair of documents: an open-addressing table keyed by each
 * term's 32-bit hash (a content word's stem hash, a stop word's word hash), reused across calls,
 * instead of a Map of strings per pair. A key match is confirmed on the term itself (its string,
 * usually the very string object of the lexicon, and whether it is a stop word), so two terms whose
 * hashes collide stay apart ("2862" and the stem "presens" share a 32-bit stem hash).
 */
const MIN_TERM_SLOTS = 1 << 12;
let termKeys = new Int32Array(MIN_TERM_SLOTS);
/** term id + 1, 0 for an empty slot */
let termIds = new Int32Array(MIN_TERM_SLOTS);
let termShift = 32 - Math.log2(MIN_TERM_SLOTS);

/** Empty the table, sized for a pair of `tokens` tokens (shrunk back after a very large pair). */
function termTable(tokens: number): void {
  let cap = MIN_TERM_SLOTS;
  while (cap < 2 * tokens) cap *= 2;
  if (cap > termKeys.length || 4 * cap < termKeys.length) {
    termKeys = new Int32Array(cap);
    termIds = new Int32Array(cap);
    termShift = 32 - Math.log2(cap);
  } else termIds.fill(0);
}

/** Slots of the term table now (for tests: it must not stay large after a very large pair). */
export function termTableSlots(): number {
  return termKeys.length;
}

/** A pair's vocabulary: per term id, the term, whether it is a stop word, and its sentence frequency. */
interface Vocab {
  terms: string[];
  stops: boolean[];
  df: number[];
}

/** The id of a term (numbered in order of first sight). */
function termId(key: number, term: string, stop: boolean, v: Vocab): number {
  const mask = termKeys.length - 1;
  for (let slot = Math.imul(key, 0x9e3779b1) >>> termShift; ; slot = (slot + 1) & mask) {
    const id = termIds[slot];
    if (id === 0) {
      termKeys[slot] = key;
      termIds[slot] = v.terms.length + 1;
      v.terms.push(term);
      v.stops.push(stop);
      v.df.push(0);
      return v.terms.length - 1;
    }
    if (termKeys[slot] === key && v.terms[id - 1] === term && v.stops[id - 1] === stop) return id - 1;
  }
}

/**
 * A sentence's m terms, ids[at, at + m), sorted by id and made distinct in place (a repeated term
 * keeps its largest weight), each counted once in df; returns how many are left.
 */
function distinctTerms(ids: Int32Array, ws: Float64Array, at: number, m: number, df: { [id: number]: number }): number {
  sortByIds(ids, ws, at, m);
  let n = at;
  const end = at + m;
  for (let t = at; t < end; t++) {
    if (n > at && ids[n - 1] === ids[t]) {
      if (ws[t] > ws[n - 1]) ws[n - 1] = ws[t];
      continue;
    }
    ids[n] = ids[t];
    ws[n++] = ws[t];
    df[ids[t]]++;
  }
  return n - at;
}

/** Build vectors for the sentences of two documents with a shared vocabulary and pair-local IDF. */
export function sentenceVectors(
  docs: ReadonlyArray<{ tokens: Token[][]; chars: number[] }>,
): SentVec[][] {
  let total = 0;
  for (const d of docs) for (const sent of d.tokens) total += sent.length;
  termTable(total);
  const vocab: Vocab = { terms: [], stops: [], df: [] };
  const df = vocab.df;
  let nSent = 0;
  // per sentence, its distinct term ids ascending with their weights (no Map per sentence)
  const raw = docs.map((d) =>
    d.tokens.map((sent) => {
      nSent++;
      const m = sent.length;
      const ids = new Int32Array(m);
      const ws = new Float64Array(m);
      for (let t = 0; t < m; t++) {
        const tok = sent[t];
        ids[t] = tok.stem ? termId(tok.sh | 0, tok.stem, false, vocab) : termId(tok.h | 0, tok.word, true, vocab);
        ws[t] = tok.stem ? KIND_WEIGHT[tok.kind] : STOP_WEIGHT;
      }
      const n = distinctTerms(ids, ws, 0, m, df);
      return { ids: ids.slice(0, n), ws: ws.slice(0, n) };
    }),
  );
  const idf = df.map((n) => Math.log(1 + nSent / n));
  return raw.map((sents, d) =>
    sents.map(({ ids, ws }, s) => {
      let mass = 0;
      for (let i = 0; i < ids.length; i++) {
        ws[i] *= idf[ids[i]];
        mass += ws[i];
      }
      return { ids, weights: ws, mass, chars: docs[d].chars[s], mask: maskOf(ids) };
    }),
  );
}

/** Term key's kind (text/document.ts): word 0, number 1, stop word 2, name 3. */
const KEY_NUMBER = 1;
const KEY_STOP = 2;
const KEY_NAME = 3;

/** What the alignment's vectors are built from: a document's word stream as term keys (text/document.ts). */
type KeyedDoc = { terms: Uint32Array; sentenceEnds: Uint32Array; sentenceChars: Uint32Array };

/** A pair's sentence vectors of all its terms, and the term key of each term id. */
export interface PairTerms {
  vectors: SentVec[][];
  /** per term id, its key (a name's kind folded onto the word's) */
  keys: Int32Array;
}

/**
 * Sentence vectors from the term keys of the documents' word streams (text/document.ts, termKey),
 * with no token objects and no re-read of the texts, so that only duplicate pairs (for their word
 * diffs) build a text model. Terms are numbered in order of first sight, as sentenceVectors numbers
 * them, so the vectors are the same unless two terms of the pair share a key (about 3e-4 of pairs,
 * and then only those two terms' weights change). A name is the same term as the word (its key's
 * kind folded onto the word's).
 */
export function termVectors(docs: readonly KeyedDoc[]): SentVec[][] {
  return pairTerms(docs).vectors;
}

/** termVectors, with the key of each term id (for plainVectors and contentVectors). */
export function pairTerms(docs: readonly KeyedDoc[]): PairTerms {
  let total = 0;
  let sentences = 0;
  for (const d of docs) {
    total += d.terms.length;
    sentences += d.sentenceEnds.length;
  }
  termTable(total);
  // the table in locals: module variables are context loads in the loop below
  const keys = termKeys;
  const slots = termIds;
  const shift = termShift;
  const mask = keys.length - 1;
  // every sentence's terms in one buffer: sentence s holds ids[start[s]] .. ids[start[s] + count[s] - 1]
  const ids = new Int32Array(total);
  const ws = new Float64Array(total);
  const df = new Int32Array(total);
  const idKeys = new Int32Array(total);
  const start = new Int32Array(sentences);
  const count = new Int32Array(sentences);
  let next = 0;
  let s = 0;
  let at = 0;
  for (const d of docs) {
    const terms = d.terms;
    const ends = d.sentenceEnds;
    let from = 0;
    for (let e = 0; e < ends.length; e++) {
      const end = ends[e];
      let m = 0;
      for (let t = from; t < end; t++) {
        let key = terms[t] | 0;
        if ((key & 3) === KEY_NAME) key &= ~3;
        let slot = Math.imul(key, 0x9e3779b1) >>> shift;
        while (slots[slot] !== 0 && keys[slot] !== key) slot = (slot + 1) & mask;
        if (slots[slot] === 0) {
          keys[slot] = key;
          idKeys[next] = key;
          slots[slot] = ++next;
        }
        ids[at + m] = slots[slot] - 1;
        const kind = key & 3;
        ws[at + m] = kind === KEY_STOP ? STOP_WEIGHT : kind === KEY_NUMBER ? NUMBER_WEIGHT : WORD_WEIGHT;
        m++;
      }
      start[s] = at;
      count[s++] = distinctTerms(ids, ws, at, m, df);
      at += m;
      from = end;
    }
  }
  const idf = new Float64Array(next);
  for (let t = 0; t < next; t++) idf[t] = Math.log(1 + sentences / df[t]);
  s = 0;
  const vectors = docs.map((d) => {
    const out: SentVec[] = new Array(d.sentenceEnds.length);
    for (let e = 0; e < out.length; e++, s++) {
      const sid = ids.subarray(start[s], start[s] + count[s]);
      const sws = ws.subarray(start[s], start[s] + count[s]);
      let mass = 0;
      for (let i = 0; i < sws.length; i++) {
        sws[i] *= idf[sid[i]];
        mass += sws[i];
      }
      out[e] = { ids: sid, weights: sws, mass, chars: d.sentenceChars[e], mask: maskOf(sid) };
    }
    return out;
  });
  return { vectors, keys: idKeys.subarray(0, next) };
}

/**
 * The pair's "plain" content: sentence vectors of the words that are neither stop words, nor
 * numbers, nor names (a term capitalised inside a sentence anywhere in the pair is a name
 * everywhere in it, so that "Putin" opening a sentence is a name too), with the inverse sentence
 * frequency of these terms alone. Two reports of one event share names, numbers and places; a
 * rewording of one article also shares what its sentences say (verbs, claims, attributions).
 */
export function plainVectors(docs: ReadonlyArray<{ terms: Uint32Array }>, t: PairTerms): SentVec[][] {
  const names = nameTable(docs);
  const keep = new Uint8Array(t.keys.length);
  for (let id = 0; id < keep.length; id++) {
    const key = t.keys[id];
    keep[id] = isContent(key) && nameSlot(names, (key & ~3) + 1, false) < 0 ? 1 : 0;
  }
  return keptVectors(t.vectors, keep);
}

/** The pair's content words, names included: all terms but stop words and numbers. */
export function contentVectors(t: PairTerms): SentVec[][] {
  const keep = new Uint8Array(t.keys.length);
  for (let id = 0; id < keep.length; id++) keep[id] = isContent(t.keys[id]) ? 1 : 0;
  return keptVectors(t.vectors, keep);
}

function isContent(key: number): boolean {
  const kind = key & 3;
  return kind !== KEY_NUMBER && kind !== KEY_STOP;
}

/**
 * The vectors of the terms kept: the same as vectors built from the kept terms alone, since a
 * term's sentence frequency, and so its weight, does not depend on the other terms, and the kept
 * ids stay in the same ascending order (sums in the same order: the same floating-point masses).
 * They keep the pair's ids, gaps included: ids are compared, never counted.
 */
function keptVectors(sides: SentVec[][], keep: Uint8Array): SentVec[][] {
  return sides.map((side) => {
    let total = 0;
    for (const v of side) total += v.ids.length;
    const ids = new Int32Array(total);
    const ws = new Float64Array(total);
    let at = 0;
    return side.map((v) => {
      const from = at;
      let mass = 0;
      for (let k = 0; k < v.ids.length; k++) {
        if (keep[v.ids[k]] === 0) continue;
        ids[at] = v.ids[k];
        mass += ws[at++] = v.weights[k];
      }
      if (at - from === v.ids.length) return v;
      const sid = ids.subarray(from, at);
      return { ids: sid, weights: ws.subarray(from, at), mass, chars: v.chars, mask: maskOf(sid) };
    });
  });
}

/**
 * The pair's names (keys of kind name, the kind cleared), in an open-addressing table of key + 1
 * (a cleared key is a multiple of 4, so key + 1 is never 0, the empty slot): a Set of numbers
 * hashes keys above 2^30 as heap numbers.
 */
function nameTable(docs: ReadonlyArray<{ terms: Uint32Array }>): Int32Array {
  let names = 0;
  for (const d of docs) for (let t = 0; t < d.terms.length; t++) if ((d.terms[t] & 3) === KEY_NAME) names++;
  let size = 16;
  while (size < 2 * names) size *= 2;
  const table = new Int32Array(size);
  for (const d of docs) for (let t = 0; t < d.terms.length; t++) if ((d.terms[t] & 3) === KEY_NAME) nameSlot(table, (d.terms[t] & ~3) + 1, true);
  return table;
}

/** The slot of `entry` in the name table (added when `add`), or -1 when absent. */
function nameSlot(table: Int32Array, entry: number, add: boolean): number {
  const mask = table.length - 1;
  // the product's high bits (a power-of-two table of at least 16 slots)
  for (let slot = Math.imul(entry, 0x9e3779b1) >>> Math.clz32(mask); ; slot = (slot + 1) & mask) {
    if (table[slot] === entry) return slot;
    if (table[slot] === 0) {
      if (!add) return -1;
      table[slot] = entry;
      return slot;
    }
  }
}

/**
 * overlap(A[i], B[j]) for every pair of sentences, row-major (n x m), by one pass over an inverted
 * index of B instead of n x m merges: each shared term adds min(weights) to its cell. Terms are
 * visited in ascending id order, as overlap() visits them, so every cell is the same floating-point
 * sum as overlap() would give.
 */
/**
 * The sentences of B in which each term is, in CSR form: term t's entries are
 * post[start[t]] .. post[start[t + 1] - 1] (ascending sentences), with that sentence's weight for
 * it in weight[]; `terms` is one more than the largest id.
 */
export function termPostings(B: readonly SentVec[]): { terms: number; start: Int32Array; post: Int32Array; weight: Float64Array } {
  let terms = 0;
  for (const v of B) if (v.ids.length) terms = Math.max(terms, v.ids[v.ids.length - 1] + 1);
  const start = new Int32Array(terms + 1);
  for (const v of B) for (let k = 0; k < v.ids.length; k++) start[v.ids[k] + 1]++;
  for (let t = 0; t < terms; t++) start[t + 1] += start[t];
  const fill = start.slice(0, terms);
  const post = new Int32Array(start[terms]);
  const weight = new Float64Array(start[terms]);
  for (let j = 0; j < B.length; j++) {
    const v = B[j];
    for (let k = 0; k < v.ids.length; k++) {
      const at = fill[v.ids[k]]++;
      post[at] = j;
      weight[at] = v.weights[k];
    }
  }
  return { terms, start, post, weight };
}

export function overlapMatrix(A: readonly SentVec[], B: readonly SentVec[]): Float64Array {
  const m = B.length;
  const { terms, start, post: postJ, weight: postW } = termPostings(B);
  const out = new Float64Array(A.length * m);
  for (let i = 0; i < A.length; i++) {
    const { ids, weights } = A[i];
    const row = i * m;
    for (let k = 0; k < ids.length; k++) {
      const t = ids[k];
      if (t >= terms) break;
      const w = weights[k];
      for (let e = start[t]; e < start[t + 1]; e++) out[row + postJ[e]] += Math.min(w, postW[e]);
    }
  }
  return out;
}

/** Sum of min weights over the shared terms of a and (b1 ∪ b2). */
function overlap(a: SentVec, b1: SentVec, b2?: SentVec): number {
  if (!b2) {
    let i = 0;
    let j = 0;
    let s = 0;
    const ai = a.ids;
    const bi = b1.ids;
    while (i < ai.length && j < bi.length) {
      const x = ai[i];
      const y = bi[j];
      if (x === y) {
        s += Math.min(a.weights[i], b1.weights[j]);
        i++;
        j++;
      } else if (x < y) i++;
      else j++;
    }
    return s;
  }
  return overlap(a, mergeVec(b1, b2));
}

/** The union of two sentence vectors (max weight on shared terms), for 1-2 and 2-1 units. */
export function mergeVec(a: SentVec, b: SentVec): SentVec {
  const ids = new Int32Array(a.ids.length + b.ids.length);
  const ws = new Float64Array(ids.length);
  let n = 0;
  let i = 0;
  let j = 0;
  while (i < a.ids.length || j < b.ids.length) {
    if (j >= b.ids.length || (i < a.ids.length && a.ids[i] < b.ids[j])) {
      ids[n] = a.ids[i];
      ws[n++] = a.weights[i++];
    } else if (i >= a.ids.length || b.ids[j] < a.ids[i]) {
      ids[n] = b.ids[j];
      ws[n++] = b.weights[j++];
    } else {
      ids[n] = a.ids[i];
      ws[n++] = Math.max(a.weights[i++], b.weights[j++]);
    }
  }
  // summed in term order, as before: the same floating-point mass
  let mass = 0;
  for (let k = 0; k < n; k++) mass += ws[k];
  return { ids: ids.subarray(0, n), weights: ws.subarray(0, n), mass, chars: a.chars + b.chars + 1, mask: a.mask | b.mask };
}

/** Weighted Dice similarity in [0, 1]. */
export function similarity(a: SentVec, b: SentVec): number {
  const m = a.mass + b.mass;
  if (m === 0 || (a.mask & b.mask) === 0) return 0;
  return (2 * overlap(a, b)) / m;
}
