/**
 * The text stage for one document: folded text, sentences with offsets, and tokens. Two forms:
 * a word stream (typed arrays: hashes, offsets, sentence ends), which is all the signatures stage
 * needs and costs no object per word, and the full model with token objects grouped by sentence,
 * which the alignment needs for the few documents that are in a reported pair. Pure; the
 * original text is kept for display.
 */
import { normalizeForMatching, canonicalFromFolded } from './normalize.js';
import { sentences as segment, type Sentence } from './segment.js';
import { beginDocument, scanTokens, tokensOf, type Token, type TokenColumns } from './tokenize.js';

/** The words of a text as typed arrays. */
export interface WordStream {
  /** number of word tokens */
  words: number;
  /** hash of each word, and of its stem (0 for a stop word), in text order */
  h: Uint32Array;
  sh: Uint32Array;
  /** start and end offset of every word, interleaved */
  offsets: Uint32Array;
  /** for each sentence, the index of the word after its last word */
  sentenceEnds: Uint32Array;
}

export interface TextModel {
  text: string;
  sentences: Sentence[];
  /** tokens of every sentence, in order */
  tokens: Token[][];
  /** number of word tokens */
  words: number;
}

/** What the profile of a document needs: the word stream, counts and the canonical form. */
export interface TextDigest {
  stream: WordStream;
  sentences: number;
  canonical: string;
}

/** Scan a whole text into the shared columns (valid until the next scan): its sentences and their token ends. */
function scan(folded: string): { cols: TokenColumns; sents: Sentence[]; ends: Uint32Array } {
  const cols = beginDocument();
  const sents = segment(folded);
  const ends = new Uint32Array(sents.length);
  for (let i = 0; i < sents.length; i++) {
    scanTokens(folded, sents[i].start, sents[i].end, cols);
    ends[i] = cols.count;
  }
  return { cols, sents, ends };
}

function streamOf(cols: TokenColumns, ends: Uint32Array): WordStream {
  const n = cols.count;
  const offsets = new Uint32Array(2 * n);
  for (let i = 0; i < n; i++) {
    offsets[2 * i] = cols.start[i];
    offsets[2 * i + 1] = cols.end[i];
  }
  return { words: n, h: cols.h.slice(0, n), sh: cols.sh.slice(0, n), offsets, sentenceEnds: ends };
}

/** The word stream, sentence count and canonical form of a text (no token objects). */
export function digestText(text: string): TextDigest {
  const folded = normalizeForMatching(text);
  const { cols, sents, ends } = scan(folded);
  return { stream: streamOf(cols, ends), sentences: sents.length, canonical: canonicalFromFolded(folded) };
}

export function analyzeText(text: string): TextModel {
  const folded = normalizeForMatching(text);
  const { cols, sents, ends } = scan(folded);
  const tokens = sents.map((_, i) => tokensOf(cols, i === 0 ? 0 : ends[i - 1], ends[i]));
  return { text, sentences: sents, tokens, words: cols.count };
}

export type { Sentence, Token };
