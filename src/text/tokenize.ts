/**
 * Word tokens with offsets. Tokens are runs of letters and digits in the folded text
 * (see normalize.ts), lower-cased; a possessive "'s" is dropped and hyphens split words, so
 * "al-Qaida's" gives "al", "qaida", and an initialism is one word ("U.S." is "us"). Each token remembers whether it was capitalised mid-sentence
 * (a likely name) and whether it is a number: the alignment weighs those more.
 */
import { isStopWord, stem } from './nlp.js';
import { hashString } from '../signatures/hash.js';

export interface Token {
  /** lower-case surface form */
  word: string;
  start: number;
  end: number;
  /** stem of a content word, or '' for a stop word */
  stem: string;
  /** kind: 'num' a number, 'name' capitalised word not at the start of its sentence, 'word' otherwise */
  kind: 'num' | 'name' | 'word';
  /** 32-bit hash of word, and of stem (0 for a stop word): hashed once, here */
  h: number;
  sh: number;
}

/** What a raw token (as written, case included) stands for; computed once per distinct token. */
interface Lexeme {
  /** the token as written */
  raw: string;
  word: string;
  /** length without a possessive 's */
  len: number;
  stem: string;
  num: boolean;
  cap: boolean;
  h: number;
  sh: number;
}

/**
 * Lexemes by a hash of the token's characters, computed while scanning, so that a token seen
 * before costs no substring and no string hashing; a hit is confirmed character by character,
 * a collision falls back to a map keyed by the string.
 */
const lexicon = new Map<number, Lexeme>();
const collided = new Map<string, Lexeme>();
const LEXICON_LIMIT = 500_000;
const STEM_SEED = 0x2545f491;
const imul = Math.imul;

function lookup(text: string, a: number, b: number, key: number): Lexeme {
  const lx = lexicon.get(key);
  if (lx && lx.raw.length === b - a) {
    let same = true;
    for (let i = 0; i < lx.raw.length; i++) {
      if (lx.raw.charCodeAt(i) !== text.charCodeAt(a + i)) {
        same = false;
        break;
      }
    }
    if (same) return lx;
  }
  const raw = text.slice(a, b);
  if (lx) {
    let other = collided.get(raw);
    if (!other) collided.set(raw, (other = lexeme(raw)));
    return other;
  }
  if (lexicon.size >= LEXICON_LIMIT) {
    lexicon.clear();
    collided.clear();
  }
  const fresh = lexeme(raw);
  lexicon.set(key, fresh);
  return fresh;
}

function lexeme(raw0: string): Lexeme {
  let raw = raw0;
  let len = raw.length;
  if (len > 2 && raw.charCodeAt(len - 2) === 39 && (raw.charCodeAt(len - 1) | 32) === 115) {
    raw = raw.slice(0, -2); // possessive 's
    len -= 2;
  }
  // "U.S." and "US" are one word for matching
  const word = (raw.includes('.') ? raw.replace(/\./g, '') : raw).toLowerCase();
  const num = /^\p{N}/u.test(raw);
  // an all-capitals word ("US", "U.S.", "WHO") is a name even when its lower case is a stop word
  const acronym = raw.length >= 2 && /^[\p{Lu}.]+$/u.test(raw);
  const stop = !num && !acronym && isStopWord(word);
  const st = stop ? '' : stem(word);
  return { raw: raw0, word, len, stem: st, num, cap: /^\p{Lu}/u.test(raw), h: hashString(word), sh: st ? hashString(st, STEM_SEED) : 0 };
}

/** Character classes: 1 letter, 2 mark or number (continues a word), 0 other; BMP, filled lazily. */
const CLASS = new Uint8Array(65536);
const KNOWN = new Uint8Array(65536);
const LETTER = /\p{L}/u;
const MARK_NUM = /[\p{M}\p{N}]/u;
for (let c = 0; c < 128; c++) {
  CLASS[c] = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) ? 1 : c >= 48 && c <= 57 ? 2 : 0;
  KNOWN[c] = 1;
}
/** class of a character code (a table lookup; the slow path fills the table once per code) */
function charClass(c: number): number {
  return KNOWN[c] ? CLASS[c] : classify(c);
}
function classify(c: number): number {
  {
    const ch = String.fromCharCode(c);
    CLASS[c] = LETTER.test(ch) ? 1 : MARK_NUM.test(ch) ? 2 : 0;
    KNOWN[c] = 1;
  }
  return CLASS[c];
}

/**
 * Tokens of folded[start, end). `folded` must be normalizeForMatching(text) so that offsets are
 * offsets into the original text. A hand-written scanner equivalent to
 * /(?:\p{L}\.){2,}|[\p{L}\p{M}\p{N}]+(?:'\p{L}+)*\/u (an initialism with its periods, or a
 * word with inner apostrophes); astral characters are not word characters.
 */
export function tokenize(folded: string, start = 0, end = folded.length): Token[] {
  const out: Token[] = [];
  let first = true;
  let i = start;
  while (i < end) {
    const c = folded.charCodeAt(i);
    if (charClass(c) === 0) {
      i++;
      continue;
    }
    const a = i;
    let key = 0x811c9dc5;
    // initialism: letter '.' letter '.' ...
    let j = i;
    let pairs = 0;
    while (j + 1 < end && charClass(folded.charCodeAt(j)) === 1 && folded.charCodeAt(j + 1) === 46) {
      j += 2;
      pairs++;
    }
    if (pairs >= 2) {
      i = j;
    } else {
      i++;
      while (i < end && charClass(folded.charCodeAt(i)) !== 0) i++;
      // inner apostrophes followed by letters ("don't", "Iran's")
      while (i + 1 < end && folded.charCodeAt(i) === 39 && charClass(folded.charCodeAt(i + 1)) === 1) {
        i += 2;
        while (i < end && charClass(folded.charCodeAt(i)) === 1) i++;
      }
    }
    for (let t = a; t < i; t++) key = imul(key ^ folded.charCodeAt(t), 0x01000193);
    const lx = lookup(folded, a, i, key | 0);
    const kind: Token['kind'] = lx.num ? 'num' : !first && lx.cap ? 'name' : 'word';
    out.push({ word: lx.word, start: a, end: a + lx.len, stem: lx.stem, kind, h: lx.h, sh: lx.sh });
    first = false;
  }
  return out;
}
