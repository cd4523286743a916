/**
 * The signatures stage: from a TextModel, the hashed sets the later stages compare.
 *  - seq / shingles: word k-shingles over all words, in text order and as a sorted set
 *    (verbatim overlap);
 *  - content: pairs of stemmed content words (paraphrase-tolerant, see content.ts);
 *  - a MinHash signature of each set, for LSH;
 *  - winnowed fingerprints of the shingle sequence, for the passage index.
 */
import type { TextModel } from '../text/document.js';
import { sortedUnique } from './hash.js';
import { shingleSequence } from './shingles.js';
import { signature, type Permutations } from './minhash.js';
import { winnow } from './winnow.js';
import { contentPairs } from './content.js';

export interface SignatureParams {
  shingleSize: number;
  winnowWindow: number;
}

export interface Signatures {
  /** start and end offset of every word, interleaved: where a shingle run is in the text */
  wordOffsets: Uint32Array;
  seq: Uint32Array;
  shingles: Uint32Array;
  content: Uint32Array;
  fingerprints: Uint32Array;
  minShingles: Uint32Array;
  minContent: Uint32Array;
}

/** Hashes of all word tokens, in order (computed once per distinct token by the tokenizer). */
export function wordHashes(model: TextModel): Uint32Array {
  const words = new Uint32Array(model.words);
  let i = 0;
  for (const sent of model.tokens) for (const t of sent) words[i++] = t.h;
  return words;
}

export function sign(model: TextModel, params: SignatureParams, perms: Permutations): Signatures {
  const seq = shingleSequence(wordHashes(model), params.shingleSize);
  const shingles = sortedUnique(seq);
  const content = contentPairs(model);
  const wordOffsets = new Uint32Array(model.words * 2);
  let w = 0;
  for (const sent of model.tokens) {
    for (const t of sent) {
      wordOffsets[w++] = t.start;
      wordOffsets[w++] = t.end;
    }
  }
  return {
    wordOffsets,
    seq,
    shingles,
    content,
    fingerprints: winnow(seq, params.winnowWindow),
    minShingles: signature(shingles, perms),
    minContent: signature(content, perms),
  };
}

export { contentPairs };
