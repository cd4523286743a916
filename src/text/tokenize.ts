/**
 * Word tokens with offsets. Tokens are runs of letters and digits in the folded text
 * (see normalize.ts), lower-cased; a possessive "'s" is dropped and hyphens split words, so
 * "al-Qaida's" gives "al", "qaida", and an initialism is one word ("U.S." is "us"). Each token remembers whether it was capitalised mid-sentence
 * (a likely name) and whether it is a number: the alignment weighs those more.
 *
 * Scripts written without spaces between words (Han, Hiragana and Katakana, Thai, Lao, Khmer,
 * Myanmar): a run of letters and digits that holds one of their characters is cut by
 * `Intl.Segmenter` (ICU's dictionary word breaking, built into Node), which also separates the
 * Latin names and numbers inside it; then, as Lucene's CJK analyzer does, Han and Kana become
 * overlapping character bigrams ("特朗普在北京" is 特朗 朗普 普在 在北 北京; a lone character is a
 * unigram), while Thai, Lao, Khmer and Myanmar keep ICU's words. Bigrams were measured against
 * ICU's words on the 1,725 Chinese versions of WMT22 en-zh (docs/how-it-works.md): words grouped
 * every same-document pair but called 161 pairs of different support conversations duplicates
 * (they share canned steps such as 点击设置) and merged 3 clusters; bigrams grouped 98.7% with no
 * such pair. A character outside the Basic Multilingual Plane (CJK Extension B) is a letter of
 * such a run, never split; an emoji is not a word character. Stop words and stems are those of
 * the document's language (nlp.ts).
 */
import { languageResources, type LanguageResources } from './nlp.js';
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
 * once (stop word test, Porter stem, hashes). It is an open-addressing hash table in one typed
 * array, keyed by two independent 32-bit hashes of the token's characters and its length, each
 * slot holding what a token needs (SLOT values: one cache line per lookup), so that a token seen
 * before costs no substring, no string hashing, no Map lookup and no object. Two distinct tokens
 * are confused only if both hashes and the length agree: about n / 2^64 per new token with n
 * lexemes (below 1e-13 at the limit of 500,000). Lexemes are numbered in order of first sight.
 */
const LEXICON_LIMIT = 500_000;
const STEM_SEED = 0x2545f491;
const imul = Math.imul;

const SLOT = 8;
const K1 = 0;
const K2 = 1;
const LEN = 2;
/** lexeme id + 1 (0: an empty slot) */
const ID = 3;
/** length without a possessive 's */
const WORD_LEN = 4;
const H = 5;
/** stem hash, 0 for a stop word */
const SH = 6;
/** 1 a number, 2 capitalised */
const FLAGS = 7;
let table: Int32Array = new Int32Array(SLOT << 16);
let mask = (1 << 16) - 1;
let lexCount = 0;
let lexWord: string[] = [];
let lexStem: string[] = [];

const INITIAL_SLOTS = 1 << 16;

/**
 * One lexicon per language: what a token stands for (stop word or not, its stem) depends on the
 * language, and so does the stem hash (a language's own seed: two documents in different languages
 * share no content word, so no content pair and no alignment term). The active lexicon lives in
 * the module's variables above (the scanner's hot path reads nothing else); switching language
 * parks it here.
 */
interface Lexicon {
  table: Int32Array;
  mask: number;
  count: number;
  words: string[];
  stems: string[];
  res: LanguageResources;
  seed: number;
}
const parked = new Map<string, Lexicon>();
let lexLang = 'en';
let res: LanguageResources = languageResources('en');
let stemSeed = STEM_SEED;

/** The seed of a language's stem hashes (English keeps the seed it always had). */
export function stemSeedOf(code: string): number {
  return code === 'en' ? STEM_SEED : (STEM_SEED ^ hashString(code)) >>> 0;
}

/** Make `code`'s lexicon the active one. */
function useLanguage(code: string): void {
  if (code === lexLang) return;
  parked.set(lexLang, { table, mask, count: lexCount, words: lexWord, stems: lexStem, res, seed: stemSeed });
  const l = parked.get(code);
  if (l) {
    ({ table, mask, count: lexCount, words: lexWord, stems: lexStem, res, seed: stemSeed } = l);
  } else {
    table = new Int32Array(SLOT * INITIAL_SLOTS);
    mask = INITIAL_SLOTS - 1;
    lexCount = 0;
    lexWord = [];
    lexStem = [];
    res = languageResources(code);
    stemSeed = stemSeedOf(code);
  }
  lexLang = code;
}

function clearLexicon(): void {
  // back to the initial size: one pathological document must not keep a huge table alive
  if (table.length > SLOT * INITIAL_SLOTS) {
    table = new Int32Array(SLOT * INITIAL_SLOTS);
    mask = INITIAL_SLOTS - 1;
  } else table.fill(0);
  lexCount = 0;
  lexWord.length = 0;
  lexStem.length = 0;
}

/** The two 32-bit keys of a token, accumulated one character at a time from these. */
const K1_INIT = 0x811c9dc5;
const K2_INIT = 0x3c6ef372;
const key1 = (k: number, c: number) => imul(k ^ c, 0x01000193);
const key2 = (k: number, c: number) => {
  const h = imul(k + c, 0x5bd1e995);
  return h ^ (h >>> 15);
};

/** Offset of the slot of the token folded[a, b) in `table`; filled in when new. */
function lookup(text: string, a: number, b: number): number {
  let k1 = K1_INIT;
  let k2 = K2_INIT;
  for (let i = a; i < b; i++) {
    const c = text.charCodeAt(i);
    k1 = key1(k1, c);
    k2 = key2(k2, c);
  }
  return find(text, a, b, k1, k2);
}

/** Offset of the slot of folded[a, b), whose keys are k1 and k2; filled in when new. */
function find(text: string, a: number, b: number, k1: number, k2: number): number {
  const len = b - a;
  let slot = k1 & mask;
  for (;;) {
    const at = slot * SLOT;
    if (table[at + ID] === 0) return addLexeme(text, a, b, k1, k2, at);
    if (table[at + K1] === k1 && table[at + K2] === k2 && table[at + LEN] === len) return at;
    slot = (slot + 1) & mask;
  }
}

function addLexeme(text: string, a: number, b: number, k1: number, k2: number, at: number): number {
  const id = lexCount++;
  table[at + K1] = k1;
  table[at + K2] = k2;
  table[at + LEN] = b - a;
  table[at + ID] = id + 1;
  describe(at, id, text.slice(a, b));
  if (2 * lexCount > mask + 1) {
    rehash();
    // the slot moved: find it again
    return lookup(text, a, b);
  }
  return at;
}

function rehash(): void {
  const old = table;
  table = new Int32Array(2 * old.length);
  mask = table.length / SLOT - 1;
  for (let o = 0; o < old.length; o += SLOT) {
    if (old[o + ID] === 0) continue;
    let slot = old[o + K1] & mask;
    while (table[slot * SLOT + ID] !== 0) slot = (slot + 1) & mask;
    table.set(old.subarray(o, o + SLOT), slot * SLOT);
  }
}

/** Fill in what the raw token stands for. */
function describe(at: number, id: number, raw0: string): void {
  let raw = raw0;
  let len = raw.length;
  if (len > 2 && raw.charCodeAt(len - 2) === 39 && (raw.charCodeAt(len - 1) | 32) === 115) {
    raw = raw.slice(0, -2); // possessive 's
    len -= 2;
  }
  // "U.S." and "US" are one word for matching; a contraction's tail is the word it stands for
  const lower = (raw.includes('.') ? raw.replace(/\./g, '') : raw).toLowerCase();
  const word = CONTRACTED.get(lower) ?? lower;
  const num = /^\p{N}/u.test(raw);
  // an all-capitals word ("US", "U.S.", "WHO") is a name even when its lower case is a stop word
  const acronym = raw.length >= 2 && /^[\p{Lu}.]+$/u.test(raw);
  const stop = !num && !acronym && res.stopWords.has(word);
  const st = stop ? '' : res.stem(word);
  table[at + WORD_LEN] = len;
  table[at + H] = hashString(word);
  table[at + SH] = st ? hashString(st, stemSeed) : 0;
  table[at + FLAGS] = (num ? 1 : 0) | (/^\p{Lu}/u.test(raw) ? 2 : 0);
  // flat strings: a slice of a long text would keep the whole text alive
  lexWord[id] = flat(word);
  lexStem[id] = flat(st);
}

function flat(s: string): string {
  return s.length > 12 ? (' ' + s).slice(1) : s;
}

/**
 * Character classes: 1 letter, 2 mark or number (continues a word), 3 letter, mark or digit of a
 * script written without spaces (segmented), 4 a surrogate (look at the code point), 0 other,
 * -1 not yet known; BMP, filled lazily.
 */
const CLASS = new Int8Array(65536).fill(-1);
const LETTER = /\p{L}/u;
const MARK_NUM = /[\p{M}\p{N}]/u;
const NO_SPACES = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}]/u;
const ASTRAL_WORD = /^[\p{L}\p{M}\p{N}]$/u;
for (let c = 0; c < 128; c++) CLASS[c] = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) ? 1 : c >= 48 && c <= 57 ? 2 : 0;
/** class of a character code (a table lookup; the slow path fills the table once per code) */
function charClass(c: number): number {
  const k = CLASS[c];
  return k >= 0 ? k : classify(c);
}
function classify(c: number): number {
  if (c >= 0xd800 && c <= 0xdfff) return (CLASS[c] = 4);
  const ch = String.fromCharCode(c);
  const k = LETTER.test(ch) ? 1 : MARK_NUM.test(ch) ? 2 : 0;
  return (CLASS[c] = k !== 0 && NO_SPACES.test(ch) ? 3 : k);
}

/** Is the character at i (a surrogate) the first half of a letter, mark or digit outside the BMP? */
function astralWord(text: string, i: number, end: number): boolean {
  const c = text.charCodeAt(i);
  if (c > 0xdbff || i + 1 >= end) return false;
  const d = text.charCodeAt(i + 1);
  return d >= 0xdc00 && d <= 0xdfff && ASTRAL_WORD.test(text.slice(i, i + 2));
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

/** Append the token at a (its lexicon slot `at`) to the columns at index n; returns n + 1. */
function put(out: TokenColumns, n: number, a: number, at: number, first: boolean): number {
  if (n === out.start.length) {
    out.count = n;
    grow(out);
  }
  const f = table[at + FLAGS];
  out.start[n] = a;
  out.end[n] = a + table[at + WORD_LEN];
  out.h[n] = table[at + H];
  out.sh[n] = table[at + SH];
  out.kind[n] = f & 1 ? KIND_NUM : !first && f & 2 ? KIND_NAME : KIND_WORD;
  out.lexeme[n] = table[at + ID] - 1;
  return n + 1;
}

/** ICU's word breaking (dictionaries for Han, Kana, Thai, Lao, Khmer, Myanmar; the same for every locale). */
const segmenter = new Intl.Segmenter('und', { granularity: 'word' });
const WORDISH = /[\p{L}\p{N}]/u;
/** A segment of Han and Kana only (the prolonged sound mark ー is of both scripts): made into bigrams. */
const HAN_KANA = /^[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\u30fc]+$/u;

/**
 * The tokens of the run of word characters that starts at a and holds a character of a script
 * written without spaces, appended to `out` (whose count is current): ICU's words, and bigrams of
 * each stretch of Han and Kana (across ICU's word boundaries, as Lucene's CJKBigramFilter joins
 * adjacent ideographs). Returns the run's end.
 */
function segmentRun(text: string, a: number, end: number, out: TokenColumns, first: boolean): number {
  let e = a;
  while (e < end) {
    const k = charClass(text.charCodeAt(e));
    if (k === 0) break;
    if (k === 4) {
      if (!astralWord(text, e, end)) break;
      e += 2;
    } else e++;
  }
  let n = out.count;
  // code-point starts of the pending stretch of Han and Kana
  const pend: number[] = [];
  let pendEnd = 0;
  const flush = () => {
    if (pend.length === 1) n = put(out, n, pend[0], lookup(text, pend[0], pendEnd), first);
    for (let q = 0; q + 1 < pend.length; q++) {
      const b = q + 2 < pend.length ? pend[q + 2] : pendEnd;
      n = put(out, n, pend[q], lookup(text, pend[q], b), first);
      first = false;
    }
    if (pend.length) first = false;
    pend.length = 0;
  };
  for (const s of segmenter.segment(text.slice(a, e))) {
    if (!s.isWordLike && !WORDISH.test(s.segment)) continue;
    const sa = a + s.index;
    const sb = sa + s.segment.length;
    if (HAN_KANA.test(s.segment)) {
      for (let p = sa; p < sb; p += text.charCodeAt(p) >= 0xd800 && text.charCodeAt(p) <= 0xdbff ? 2 : 1) pend.push(p);
      pendEnd = sb;
      continue;
    }
    flush();
    n = put(out, n, sa, lookup(text, sa, sb), first);
    first = false;
  }
  flush();
  out.count = n;
  return e;
}

/**
 * Append the tokens of folded[start, end) to `out`. `folded` must be normalizeForMatching(text)
 * so that offsets are offsets into the original text. A hand-written scanner equivalent to
 * /(?:\p{L}\.){2,}|[\p{L}\p{M}\p{N}]+(?:'\p{L}+)*\/u (an initialism with its periods, or a
 * word with inner apostrophes), except that a run holding a character of a script written without
 * spaces is cut into words by segmentRun. The first token of the span is taken to start a sentence
 * (a capital there does not make a name).
 */
export function scanTokens(folded: string, start: number, end: number, out: TokenColumns): void {
  let first = true;
  let i = start;
  let n = out.count;
  while (i < end) {
    const k = charClass(folded.charCodeAt(i));
    const a = i;
    let at: number;
    if ((k - 1) >>> 0 > 1) {
      // not a letter, mark or digit of a spaced script: white space and punctuation are skipped,
      // a run of a script written without spaces is segmented (rare: kept out of this function)
      if (k === 0 || (k === 4 && !astralWord(folded, i, end))) {
        i++;
        continue;
      }
      out.count = n;
      i = segmentRun(folded, a, end, out, first);
      n = out.count;
      first = false;
      continue;
    }
    // the word's keys are accumulated as it is scanned (as lookup computes them)
    let k1 = K1_INIT;
    let k2 = K2_INIT;
    for (; i < end; i++) {
      const d = folded.charCodeAt(i);
      // one comparison for the common case: classes 1 and 2 continue the word, 0, 3 and 4 end it
      if ((charClass(d) - 1) >>> 0 > 1) break;
      k1 = key1(k1, d);
      k2 = key2(k2, d);
    }
    // an initialism ("U.S."), an inner apostrophe ("don't") or a script without spaces right after
    // the word ("GDP增长"): the rare cases, read by wordTail
    const next = i < end ? folded.charCodeAt(i) : 0;
    if (next === 46 || next === 39 || (next >= 128 && charClass(next) >= 3)) {
      out.count = n;
      const r = wordTail(folded, a, i, end, out, first);
      if (r === TAIL_EMITTED) {
        i = tailEnd;
        n = out.count;
        first = false;
        continue;
      }
      if (r === TAIL_WORD) {
        i = tailEnd;
        at = tailAt;
      } else at = find(folded, a, i, k1, k2);
    } else at = find(folded, a, i, k1, k2);
    // what put() does, written out: this is the hot path of every English document
    if (n === out.start.length) {
      out.count = n;
      grow(out);
    }
    const f = table[at + FLAGS];
    out.start[n] = a;
    out.end[n] = a + table[at + WORD_LEN];
    out.h[n] = table[at + H];
    out.sh[n] = table[at + SH];
    out.kind[n] = f & 1 ? KIND_NUM : !first && f & 2 ? KIND_NAME : KIND_WORD;
    out.lexeme[n] = table[at + ID] - 1;
    n++;
    first = false;
  }
  out.count = n;
}

/** What wordTail did: nothing (the word stands as scanned), one token found (tailAt, tailEnd), or tokens appended up to tailEnd. */
const TAIL_NONE = 0;
const TAIL_WORD = 1;
const TAIL_EMITTED = 2;
let tailEnd = 0;
let tailAt = 0;

/**
 * The rare endings of a word folded[a, wordEnd) that the scanner hands over (out.count is current):
 * an initialism with its periods, inner apostrophes followed by letters (English contractions
 * become two words), and a run of a script written without spaces that the word runs into.
 */
function wordTail(folded: string, a: number, wordEnd: number, end: number, out: TokenColumns, first: boolean): number {
  const next = folded.charCodeAt(wordEnd);
  if (next === 46) {
    // initialism: letter '.' letter '.' ... (at least two pairs)
    let j = a;
    let pairs = 0;
    while (j + 1 < end && folded.charCodeAt(j + 1) === 46 && charClass(folded.charCodeAt(j)) === 1) {
      j += 2;
      pairs++;
    }
    if (pairs < 2) return TAIL_NONE;
    tailEnd = j;
    tailAt = lookup(folded, a, j);
    return TAIL_WORD;
  }
  if (next !== 39) {
    const kd = charClass(next);
    if (kd === 3 || (kd === 4 && astralWord(folded, wordEnd, end))) {
      // a Latin name or a number written against Chinese ("GDP增长"): the whole run is segmented
      tailEnd = segmentRun(folded, a, end, out, first);
      return TAIL_EMITTED;
    }
    return TAIL_NONE;
  }
  // inner apostrophes followed by letters ("don't", "Iran's"): keyed again, whole
  let i = wordEnd;
  let groups = 0;
  while (i + 1 < end && folded.charCodeAt(i) === 39 && charClass(folded.charCodeAt(i + 1)) === 1) {
    i += 2;
    groups++;
    while (i < end && charClass(folded.charCodeAt(i)) === 1) i++;
  }
  if (groups === 0) return TAIL_NONE;
  if (groups === 1 && lexLang === 'en') {
    const cut = contraction(folded, a, wordEnd, i);
    if (cut >= 0) {
      // two words, as the same quote written out has them: "they're" is "they" + "are"
      let n = putSpan(out, out.count, a, cut, CONTRACTED_HEAD.get(folded.slice(a, cut).toLowerCase()) ?? null, folded, first);
      n = putSpan(out, n, cut, i, null, folded, false);
      out.count = n;
      tailEnd = i;
      return TAIL_EMITTED;
    }
  }
  tailEnd = i;
  tailAt = lookup(folded, a, i);
  return TAIL_WORD;
}

/**
 * English contractions that are two words written as one: "they're" and "they are", "don't" and
 * "do not" are the same words in two transcripts of one quote (seeds 000 and 004 quote Pompeo's
 * "They are / They're partners in terrorism, partners in hate"). The tail ("'re", "n't") is a
 * token of its own, read as the word it stands for; "'s" is not split (a possessive or "is").
 */
// Maps, not object literals: a word such as "constructor" or "toString" would find
// Object.prototype's members in an object (`CONTRACTED[word]` was a function, and the run an
// internal error on any text holding the word)
const CONTRACTED: ReadonlyMap<string, string> = new Map([["'re", 'are'], ["'ve", 'have'], ["'ll", 'will'], ["'m", 'am'], ["'d", 'would'], ["n't", 'not']]);
/** heads of "n't" that are not the word written ("won't" is "will not") */
const CONTRACTED_HEAD: ReadonlyMap<string, string> = new Map([['wo', 'will'], ['ca', 'can'], ['sha', 'shall']]);

/**
 * Where a word with one inner apostrophe (folded[a, b), apostrophe at p) splits into a head and a
 * contracted tail, or -1: "they're" at the apostrophe, "don't" before the n; "ain't" and a head of
 * one letter ("n't" alone, "o'd") are not split.
 */
function contraction(folded: string, a: number, p: number, b: number): number {
  const tail = b - p;
  if (tail === 2 || tail === 3) {
    const s = folded.slice(p, b).toLowerCase();
    if (s === "'t") {
      if (p - a >= 3 && (folded.charCodeAt(p - 1) | 32) === 110 && folded.slice(a, p - 1).toLowerCase() !== 'ai') return p - 1;
      return -1;
    }
    if (p - a >= 1 && CONTRACTED.has(s)) return p;
  }
  return -1;
}

/**
 * Append the token folded[a, b) (read as `as` when given: a synthetic word such as "will" for
 * "wo" of "won't") with its offsets as given; returns n + 1.
 */
function putSpan(out: TokenColumns, n: number, a: number, b: number, as: string | null, folded: string, first: boolean): number {
  const at = as === null ? lookup(folded, a, b) : lookup(as, 0, as.length);
  const next = put(out, n, a, at, first);
  out.end[n] = b;
  return next;
}

/** The columns a document is scanned into, shared by every scan (one document at a time). */
let scratch = tokenColumns(1 << 14);
/** Columns grown beyond this capacity by a very long document are not kept for the next. */
const KEEP_COLUMNS = 1 << 20;

/**
 * Start scanning a document: the lexicon may be cleared (it is bounded, and cleared only between
 * documents, so that lexeme ids stay valid for the document's columns), and the shared columns
 * are emptied (and shrunk back after a very long document).
 */
export function beginDocument(lang = 'en'): TokenColumns {
  useLanguage(lang);
  if (lexCount >= LEXICON_LIMIT) clearLexicon();
  if (scratch.start.length > KEEP_COLUMNS) scratch = tokenColumns(1 << 14);
  scratch.count = 0;
  return scratch;
}

/** Token objects of the columns [from, to) (for the alignment, which works on a few documents). */
export function tokensOf(cols: TokenColumns, from: number, to: number): Token[] {
  const out: Token[] = new Array(to - from);
  for (let t = from; t < to; t++) {
    const id = cols.lexeme[t];
    out[t - from] = { word: lexWord[id], start: cols.start[t], end: cols.end[t], stem: lexStem[id], kind: KINDS[cols.kind[t]], h: cols.h[t], sh: cols.sh[t] };
  }
  return out;
}

/** Tokens of folded[start, end) as objects (see scanTokens), with the stop words and stems of `lang`. */
export function tokenize(folded: string, start = 0, end = folded.length, lang = 'en'): Token[] {
  const cols = beginDocument(lang);
  scanTokens(folded, start, end, cols);
  return tokensOf(cols, 0, cols.count);
}
