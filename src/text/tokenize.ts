/**
 * Word tokens with offsets. Tokens are runs of letters and digits in the folded text
 * (see normalize.ts), lower-cased; a possessive "'s" is dropped and hyphens split words, so
 * "al-Qaida's" gives "al", "qaida", and an initialism is one word ("U.S." is "us"). Each token remembers whether it was capitalised mid-sentence
 * (a likely name) and whether it is a number: the alignment weighs those more.
 */
import { isStopWord, stem } from './nlp.js';

export interface Token {
  /** lower-case surface form */
  word: string;
  start: number;
  end: number;
  /** stem of a content word, or '' for a stop word */
  stem: string;
  /** kind: 'num' a number, 'name' capitalised word not at the start of its sentence, 'word' otherwise */
  kind: 'num' | 'name' | 'word';
}

/** an initialism with its periods ("U.S.", "D.C.") or a word with inner apostrophes */
const WORD_RE = /(?:\p{L}\.){2,}|[\p{L}\p{M}\p{N}]+(?:'[\p{L}]+)*/gu;

/**
 * Tokens of folded[start, end). `folded` must be normalizeForMatching(text) so that offsets are
 * offsets into the original text.
 */
export function tokenize(folded: string, start = 0, end = folded.length): Token[] {
  const out: Token[] = [];
  const slice = folded.slice(start, end);
  WORD_RE.lastIndex = 0;
  let first = true;
  for (let m = WORD_RE.exec(slice); m; m = WORD_RE.exec(slice)) {
    let raw = m[0];
    let len = raw.length;
    if (/'s$/i.test(raw)) {
      raw = raw.slice(0, -2);
      len -= 2;
    }
    // "U.S." and "US" are one word for matching
    const word = (raw.includes('.') ? raw.replace(/\./g, '') : raw).toLowerCase();
    const s = start + m.index;
    const isNum = /^\p{N}/u.test(raw);
    // an all-capitals word ("US", "U.S.", "WHO") is a name even when its lower case is a stop word
    const acronym = raw.length >= 2 && /^[\p{Lu}.]+$/u.test(raw);
    const stop = !isNum && !acronym && isStopWord(word);
    const kind: Token['kind'] = isNum ? 'num' : !first && /^\p{Lu}/u.test(raw) ? 'name' : 'word';
    out.push({ word, start: s, end: s + len, stem: stop ? '' : stem(word), kind });
    first = false;
  }
  return out;
}
