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
/** stop words count too, at this weight: "not", "no", "before" change what a sentence says */
export const STOP_WEIGHT = 0.5;

/** Build vectors for the sentences of two documents with a shared vocabulary and pair-local IDF. */
export function sentenceVectors(
  docs: ReadonlyArray<{ tokens: Token[][]; chars: number[] }>,
): SentVec[][] {
  const vocab = new Map<string, number>();
  const df: number[] = [];
  let nSent = 0;
  const raw = docs.map((d) =>
    d.tokens.map((sent) => {
      nSent++;
      const bag = new Map<number, number>();
      for (const t of sent) {
        const term = t.stem || `_${t.word}`;
        let id = vocab.get(term);
        if (id === undefined) {
          id = vocab.size;
          vocab.set(term, id);
          df.push(0);
        }
        const w = t.stem ? KIND_WEIGHT[t.kind] : STOP_WEIGHT;
        const prev = bag.get(id);
        if (prev === undefined) df[id]++;
        bag.set(id, Math.max(prev ?? 0, w));
      }
      return bag;
    }),
  );
  const idf = df.map((n) => Math.log(1 + nSent / n));
  return raw.map((sents, d) =>
    sents.map((bag, s) => {
      const ids = Int32Array.from([...bag.keys()].sort((x, y) => x - y));
      const weights = new Float64Array(ids.length);
      let mass = 0;
      for (let i = 0; i < ids.length; i++) {
        weights[i] = (bag.get(ids[i]) ?? 0) * idf[ids[i]];
        mass += weights[i];
      }
      return { ids, weights, mass, chars: docs[d].chars[s], mask: maskOf(ids) };
    }),
  );
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
  const ids: number[] = [];
  const ws: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.ids.length || j < b.ids.length) {
    if (j >= b.ids.length || (i < a.ids.length && a.ids[i] < b.ids[j])) {
      ids.push(a.ids[i]);
      ws.push(a.weights[i++]);
    } else if (i >= a.ids.length || b.ids[j] < a.ids[i]) {
      ids.push(b.ids[j]);
      ws.push(b.weights[j++]);
    } else {
      ids.push(a.ids[i]);
      ws.push(Math.max(a.weights[i++], b.weights[j++]));
    }
  }
  let mass = 0;
  for (const w of ws) mass += w;
  return { ids: Int32Array.from(ids), weights: Float64Array.from(ws), mass, chars: a.chars + b.chars + 1, mask: a.mask | b.mask };
}

/** Weighted Dice similarity in [0, 1]. */
export function similarity(a: SentVec, b: SentVec): number {
  const m = a.mass + b.mass;
  if (m === 0 || (a.mask & b.mask) === 0) return 0;
  return (2 * overlap(a, b)) / m;
}
