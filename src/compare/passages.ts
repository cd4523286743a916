/**
 * Shared passages: maximal runs of consecutive word shingles that two texts have in common,
 * found exactly from their shingle sequences (not from samples), longest first, non-overlapping.
 * Hash values above 2^30 are heap numbers in V8, so Sets and Maps of them are slow: the shared
 * values come from merging the two sorted shingle sets and are looked up by binary search.
 */
import { lowerBound, sortedUnique } from '../signatures/hash.js';
import { isPlainTerm, passageWordsIn } from '../text/document.js';

/** The values of two sorted sets that both contain, sorted. */
function intersect(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i];
    const y = b[j];
    if (x === y) {
      out.push(x);
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return Uint32Array.from(out);
}

/** Index of v in the sorted array s, or -1. */
function indexIn(s: Uint32Array, v: number): number {
  const i = lowerBound(s, v);
  return i < s.length && s[i] === v ? i : -1;
}

export interface Passage {
  /** first word index in a, in b, and the length in words */
  a: number;
  b: number;
  words: number;
  /** the reuse cluster the passage belongs to (in a batch run) */
  reuse?: number;
}

export function sharedPassages(
  sa: Uint32Array,
  sb: Uint32Array,
  k: number,
  minWords: number,
  setA: Uint32Array = sortedUnique(sa),
  setB: Uint32Array = sortedUnique(sb),
): Passage[] {
  const minRun = Math.max(1, minWords - k + 1);
  // index only the hashes the two texts share (from their sorted sets; usually a handful)
  const shared = intersect(setA, setB);
  if (shared.length === 0) return [];
  const where: number[][] = Array.from({ length: shared.length }, () => []);
  for (let j = 0; j < sb.length; j++) {
    const s = indexIn(shared, sb[j]);
    if (s >= 0) where[s].push(j);
  }
  const runs: Array<{ i: number; j: number; len: number }> = [];
  for (let i = 0; i < sa.length; i++) {
    const s = indexIn(shared, sa[i]);
    if (s < 0) continue;
    const js = where[s];
    for (const j of js) {
      if (i > 0 && j > 0 && sa[i - 1] === sb[j - 1]) continue; // not the start of a run
      let len = 1;
      while (i + len < sa.length && j + len < sb.length && sa[i + len] === sb[j + len]) len++;
      if (len >= minRun) runs.push({ i, j, len });
    }
  }
  runs.sort((x, y) => y.len - x.len || x.i - y.i || x.j - y.j);
  const usedA = new Uint8Array(sa.length + k);
  const usedB = new Uint8Array(sb.length + k);
  const out: Passage[] = [];
  for (const r of runs) {
    let free = true;
    for (let t = r.i; t < r.i + r.len && free; t++) if (usedA[t]) free = false;
    for (let t = r.j; t < r.j + r.len && free; t++) if (usedB[t]) free = false;
    if (!free) continue;
    for (let t = r.i; t < r.i + r.len; t++) usedA[t] = 1;
    for (let t = r.j; t < r.j + r.len; t++) usedB[t] = 1;
    out.push({ a: r.i, b: r.j, words: r.len + k - 1 });
  }
  return out.sort((x, y) => x.a - y.a || x.b - y.b);
}

/** Plain words (text/document.ts) among the words [from, from + words) of a word stream. */
function plainWords(terms: Uint32Array, from: number, words: number): number {
  let n = 0;
  for (let i = from; i < from + words && i < terms.length; i++) if (isPlainTerm(terms[i])) n++;
  return n;
}

/**
 * The passages worth reporting: those with `min` plain words on both sides (a phrase of names and
 * stop words, "the meeting of Russian President Vladimir Putin and U.S. President Donald Trump",
 * is what any two reports of the summit share), as the passage index keeps them.
 */
export function plainPassages(ps: Passage[], termsA: Uint32Array, termsB: Uint32Array, min: number): Passage[] {
  if (min <= 0) return ps;
  return ps.filter((p) => plainWords(termsA, p.a, p.words) >= min && plainWords(termsB, p.b, p.words) >= min);
}

/** What the passages of a pair need of each document. */
export interface PassageDoc {
  seq: Uint32Array;
  shingles: Uint32Array;
  terms: Uint32Array;
  lang?: string;
}

/**
 * The verbatim passages two documents share, long enough for their language (passageWordsIn: the
 * longer minimum of the two) and with their plain words.
 */
export function pairPassages(a: PassageDoc, b: PassageDoc, o: { shingleSize: number; minPassageWords: number; minPassagePlainWords: number }): Passage[] {
  const words = Math.max(passageWordsIn(a.lang, o.minPassageWords), passageWordsIn(b.lang, o.minPassageWords));
  return plainPassages(sharedPassages(a.seq, b.seq, o.shingleSize, words, a.shingles, b.shingles), a.terms, b.terms, o.minPassagePlainWords);
}
