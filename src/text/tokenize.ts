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

/**
 * The lexicon: what each distinct raw token (as written, case included) stands for, computed
 * once (stop word test, Porter stem, hashes). It is an open-addressing hash table in typed
 * arrays keyed by a hash of the token's characters, computed while scanning, with the characters
 * themselves kept in one pool to confirm a hit: a token seen before costs no substring, no string
 * hashing, no Map lookup and no object. Lexemes are numbered in order of first sight.
 */
const LEXICON_LIMIT = 500_000;
const STEM_SEED = 0x2545f491;
const imul = Math.imul;

let table = new Int32Array(1 << 16); // slot -> lexeme id + 1, 0 empty
let mask = table.length - 1;
let lexCount = 0;
let lexKey = new Int32Array(1 << 15);
let lexCharAt = new Int32Array(1 << 15);
let lexLen = new Int32Array(1 << 15);
/** per lexeme: length without a possessive 's, word and stem hash, 1 = number, 2 = capitalised */
let lexWordLen = new Int32Array(1 << 15);
let lexH = new Uint32Array(1 << 15);
let lexSh = new Uint32Array(1 << 15);
let lexFlags = new Uint8Array(1 << 15);
const lexWord: string[] = [];
const lexStem: string[] = [];
let pool = new Uint16Array(1 << 18);
let poolUsed = 0;

function resized<T extends Int32Array | Uint32Array | Uint8Array | Uint16Array>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a.subarray(0, Math.min(a.length, n)));
  return b;
}

function clearLexicon(): void {
  table.fill(0);
  lexCount = 0;
  poolUsed = 0;
  lexWord.length = 0;
  lexStem.length = 0;
}

/** Id of the lexeme of folded[a, b), whose character hash is `key`; added when new. */
function lookup(text: string, a: number, b: number, key: number): number {
  const len = b - a;
  let slot = key & mask;
  for (;;) {
    const e = table[slot];
    if (e === 0) break;
    const id = e - 1;
    if (lexKey[id] === key && lexLen[id] === len) {
      const at = lexCharAt[id];
      let i = 0;
      while (i < len && pool[at + i] === text.charCodeAt(a + i)) i++;
      if (i === len) return id;
    }
    slot = (slot + 1) & mask;
  }
  return addLexeme(text, a, b, key, slot);
}

function addLexeme(text: string, a: number, b: number, key: number, slot: number): number {
  const id = lexCount++;
  if (id === lexKey.length) {
    const n = 2 * id;
    lexKey = resized(lexKey, n);
    lexCharAt = resized(lexCharAt, n);
    lexLen = resized(lexLen, n);
    lexWordLen = resized(lexWordLen, n);
    lexH = resized(lexH, n);
    lexSh = resized(lexSh, n);
    lexFlags = resized(lexFlags, n);
  }
  const len = b - a;
  if (poolUsed + len > pool.length) pool = resized(pool, 2 * (poolUsed + len));
  for (let i = 0; i < len; i++) pool[poolUsed + i] = text.charCodeAt(a + i);
  lexKey[id] = key;
  lexCharAt[id] = poolUsed;
  lexLen[id] = len;
  poolUsed += len;
  describe(id, text.slice(a, b));
  table[slot] = id + 1;
  if (2 * lexCount > table.length) rehash();
  return id;
}

function rehash(): void {
  table = new Int32Array(table.length * 2);
  mask = table.length - 1;
  for (let id = 0; id < lexCount; id++) {
    let slot = lexKey[id] & mask;
    while (table[slot] !== 0) slot = (slot + 1) & mask;
    table[slot] = id + 1;
  }
}

/** Fill in what the raw token stands for. */
function describe(id: number, raw0: string): void {
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
  lexWordLen[id] = len;
  lexH[id] = hashString(word);
  lexSh[id] = st ? hashString(st, STEM_SEED) : 0;
  lexFlags[id] = (num ? 1 : 0) | (/^\p{Lu}/u.test(raw) ? 2 : 0);
  // flat strings: a slice of a long text would keep the whole text alive
  lexWord[id] = flat(word);
  lexStem[id] = flat(st);
}

function flat(s: string): string {
  return s.length > 12 ? (' ' + s).slice(1) : s;
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

/** Token kinds as stored in the columns. */
export const KIND_WORD = 0;
export const KIND_NAME = 1;
export const KIND_NUM = 2;
const KINDS: Array<Token['kind']> = ['word', 'name', 'num'];

/**
 * Tokens as columns of typed arrays: what the signatures stage needs (hashes, offsets, sentence
 * ends) without a JavaScript object per token. `count` entries of each column are valid.
 */
export interface TokenColumns {
  count: number;
  start: Uint32Array;
  end: Uint32Array;
  /** hash of the word, and of its stem (0 for a stop word) */
  h: Uint32Array;
  sh: Uint32Array;
  kind: Uint8Array;
  /** index of the token's lexeme in the lexicon (valid until the next document is scanned) */
  lexeme: Int32Array;
}

export function tokenColumns(capacity = 1024): TokenColumns {
  return {
    count: 0,
    start: new Uint32Array(capacity),
    end: new Uint32Array(capacity),
    h: new Uint32Array(capacity),
    sh: new Uint32Array(capacity),
    kind: new Uint8Array(capacity),
    lexeme: new Int32Array(capacity),
  };
}

function grow(c: TokenColumns): void {
  const n = c.start.length * 2;
  const more = <T extends Uint32Array | Uint8Array | Int32Array>(a: T): T => {
    const b = new (a.constructor as new (n: number) => T)(n);
    b.set(a);
    return b;
  };
  c.start = more(c.start);
  c.end = more(c.end);
  c.h = more(c.h);
  c.sh = more(c.sh);
  c.kind = more(c.kind);
  c.lexeme = more(c.lexeme);
}

/** Start a document: the lexicon is bounded, and is cleared only between documents. */
export function beginDocument(): void {
  if (lexCount >= LEXICON_LIMIT) clearLexicon();
}

/**
 * Append the tokens of folded[start, end) to `out`. `folded` must be normalizeForMatching(text)
 * so that offsets are offsets into the original text. A hand-written scanner equivalent to
 * /(?:\p{L}\.){2,}|[\p{L}\p{M}\p{N}]+(?:'\p{L}+)*\/u (an initialism with its periods, or a
 * word with inner apostrophes); astral characters are not word characters. The first token of
 * the span is taken to start a sentence (a capital there does not make a name).
 */
export function scanTokens(folded: string, start: number, end: number, out: TokenColumns): void {
  let first = true;
  let i = start;
  let n = out.count;
  while (i < end) {
    const c = folded.charCodeAt(i);
    if ((KNOWN[c] ? CLASS[c] : classify(c)) === 0) {
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
      key = imul(key ^ c, 0x01000193);
      i++;
      while (i < end) {
        const d = folded.charCodeAt(i);
        if ((KNOWN[d] ? CLASS[d] : classify(d)) === 0) break;
        key = imul(key ^ d, 0x01000193);
        i++;
      }
      // inner apostrophes followed by letters ("don't", "Iran's")
      while (i + 1 < end && folded.charCodeAt(i) === 39 && charClass(folded.charCodeAt(i + 1)) === 1) {
        key = imul(key ^ 39, 0x01000193);
        i++;
        while (i < end && charClass(folded.charCodeAt(i)) === 1) {
          key = imul(key ^ folded.charCodeAt(i), 0x01000193);
          i++;
        }
      }
    }
    if (pairs >= 2) for (let t = a; t < i; t++) key = imul(key ^ folded.charCodeAt(t), 0x01000193);
    const id = lookup(folded, a, i, key);
    if (n === out.start.length) {
      out.count = n;
      grow(out);
    }
    const f = lexFlags[id];
    out.start[n] = a;
    out.end[n] = a + lexWordLen[id];
    out.h[n] = lexH[id];
    out.sh[n] = lexSh[id];
    out.kind[n] = f & 1 ? KIND_NUM : !first && f & 2 ? KIND_NAME : KIND_WORD;
    out.lexeme[n] = id;
    n++;
    first = false;
  }
  out.count = n;
}

const scratch = tokenColumns();

/** Token objects of the columns [from, to) (for the alignment, which works on a few documents). */
export function tokensOf(cols: TokenColumns, from: number, to: number): Token[] {
  const out: Token[] = new Array(to - from);
  for (let t = from; t < to; t++) {
    const id = cols.lexeme[t];
    out[t - from] = { word: lexWord[id], start: cols.start[t], end: cols.end[t], stem: lexStem[id], kind: KINDS[cols.kind[t]], h: cols.h[t], sh: cols.sh[t] };
  }
  return out;
}

/** Tokens of folded[start, end) as objects (see scanTokens). */
export function tokenize(folded: string, start = 0, end = folded.length): Token[] {
  beginDocument();
  scratch.count = 0;
  scanTokens(folded, start, end, scratch);
  return tokensOf(scratch, 0, scratch.count);
}
