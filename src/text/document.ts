/**
 * The text stage for one document: folded text, sentences with offsets, and tokens grouped by
 * sentence. Pure; the original text is kept for display.
 */
import { normalizeForMatching, canonicalFromFolded } from './normalize.js';
import { sentences as segment, type Sentence } from './segment.js';
import { tokenize, type Token } from './tokenize.js';

export interface TextModel {
  text: string;
  sentences: Sentence[];
  /** tokens of every sentence, in order */
  tokens: Token[][];
  /** number of word tokens */
  words: number;
  /** canonical form's hash input: same for texts that differ only in case, typography, spacing */
  canonical: string;
}

export function analyzeText(text: string): TextModel {
  const folded = normalizeForMatching(text);
  const sents = segment(folded);
  const tokens = sents.map((s) => tokenize(folded, s.start, s.end));
  let words = 0;
  for (const t of tokens) words += t.length;
  return { text, sentences: sents, tokens, words, canonical: canonicalFromFolded(folded) };
}

export type { Sentence, Token };
