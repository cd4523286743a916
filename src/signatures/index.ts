/**
 * The signatures stage: from a TextModel, the hashed sets the later stages compare.
 *  - seq / shingles: word k-shingles over all words, in text order and as a sorted set
 *    (verbatim overlap);
 *  - content: pairs of stemmed content words (paraphrase-tolerant, see content.ts);
 *  - a MinHash signature of each set, for LSH;
 */
import type { WordStream } from '../text/document.js';
import { sortedUnique } from './hash.js';
import { shingleSequence } from './shingles.js';
import { signature, type Permutations } from './minhash.js';
import { contentPairs } from './content.js';
import { encodeSpans } from '../text/spans.js';

export interface SignatureParams {
  shingleSize: number;
}

export interface Signatures {
  /** where every word is in the text (text/spans.ts): where a shingle run is */
  wordSpans: Uint32Array;
  seq: Uint32Array;
  shingles: Uint32Array;
  content: Uint32Array;
  minShingles: Uint32Array;
  minContent: Uint32Array;
  /** each word as a term of the sentence similarity, where each sentence ends and its length (the alignment's input) */
  terms: Uint32Array;
  sentenceEnds: Uint32Array;
  sentenceChars: Uint32Array;
}

export function sign(stream: WordStream, params: SignatureParams, perms: Permutations): Signatures {
  const seq = shingleSequence(stream.h, params.shingleSize);
  const shingles = sortedUnique(seq);
  const content = contentPairs(stream);
  return {
    wordSpans: encodeSpans(stream.offsets),
    seq,
    shingles,
    content,
    minShingles: signature(shingles, perms),
    minContent: signature(content, perms),
    terms: stream.terms,
    sentenceEnds: stream.sentenceEnds,
    sentenceChars: stream.sentenceChars,
  };
}

export { contentPairs };
