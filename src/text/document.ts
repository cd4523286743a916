/**
 * The text stage for one document: folded text, sentences with offsets, and tokens. Two forms:
 * a word stream (typed arrays: hashes, offsets, sentence ends), which is all the signatures stage
 * needs and costs no object per word, and the full model with token objects grouped by sentence,
 * which the alignment needs for the few documents that are in a reported pair. Pure; the
 * original text is kept for display.
 */
import { foldForMatching, canonicalFromFolded, type Folded } from './normalize.js';
import { sentences as segment, type Sentence } from './segment.js';
import { beginDocument, scanTokens, tokensOf, type Token, type TokenColumns } from './tokenize.js';
import { detectLanguage, mostlyLatin } from './lang.js';

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
  /** each word as a term of the sentence similarity (see termKey) */
  terms: Uint32Array;
  /** each sentence's length in characters (the alignment's length prior) */
  sentenceChars: Uint32Array;
}

/** Kinds of term in the low two bits of a term key. */
export const TERM_WORD = 0;
export const TERM_NUMBER = 1;
export const TERM_STOP = 2;
/**
 * A name (a capitalised word not at the start of its sentence): the same term as the word for
 * the alignment (termVectors folds it onto TERM_WORD), told apart only where the decision looks at
 * a pair's content beyond its names and numbers (plainVectors).
 */
export const TERM_NAME = 3;
const STOP_SALT = 0x5bd1e995;

/**
 * A word as a term of the sentence similarity, in 32 bits: its stem's hash (its word's, salted,
 * for a stop word) with the kind of term in the low two bits. The alignment's vectors key terms
 * the same way (sentenceVectors, which confirms each on its string); a pair's alignment
 * (similarity.ts, termVectors) uses the keys alone, where two terms of a pair collide with a
 * probability of about 3e-4.
 */
/**
 * Is the term key (termKey) a plain word's: neither a stop word, nor a number, nor a name? A run
 * of words two texts share is a passage worth reporting only with a few of them
 * (Options.minPassagePlainWords): "his meeting with Russian President Vladimir Putin in" holds one,
 * and two reports of one summit share such phrases by the dozen.
 */
export function isPlainTerm(key: number): boolean {
  return (key & 3) === TERM_WORD;
}

/** Prefix counts of a word stream's plain words: out[i] is how many of terms[0, i) are plain. */
export function plainPrefix(terms: Uint32Array): Uint32Array {
  const out = new Uint32Array(terms.length + 1);
  for (let i = 0; i < terms.length; i++) out[i + 1] = out[i] + (isPlainTerm(terms[i]) ? 1 : 0);
  return out;
}

/**
 * Languages whose words are character bigrams (Han and Kana: text/tokenize.ts). Their passages need
 * WIDE_PASSAGE_FACTOR times as many tokens: eight bigrams are nine characters, a dateline
 * (中新网2月11日电据), a title (中共中央政治局常委) or an attribution (据路透社今天报道称) that any two
 * reports share, which made 11 of 12 related pairs of 38 Chinese WMT23 articles (their English
 * translations had 1, the true one). An English word is about 1.5 Chinese characters.
 */
const WIDE_LANGS = new Set(['zh', 'ja']);
export const WIDE_PASSAGE_FACTOR = 1.5;

/** The shortest passage, in tokens, in a document of language `lang` (see WIDE_LANGS). */
export function passageWordsIn(lang: string | undefined, minPassageWords: number): number {
  return lang !== undefined && WIDE_LANGS.has(lang) ? Math.ceil(minPassageWords * WIDE_PASSAGE_FACTOR) : minPassageWords;
}

export function termKey(h: number, sh: number, kind: number): number {
  return sh !== 0 ? ((sh & ~3) | (kind === 2 ? TERM_NUMBER : kind === 1 ? TERM_NAME : TERM_WORD)) >>> 0 : (((h ^ STOP_SALT) & ~3) | TERM_STOP) >>> 0;
}

export interface TextModel {
  text: string;
  /** the document's language (ISO 639-1, 'und' when undetermined): its stop words and stems */
  lang: string;
  sentences: Sentence[];
  /** tokens of every sentence, in order */
  tokens: Token[][];
  /** number of word tokens */
  words: number;
}

/** What the profile of a document needs: the word stream, counts and the canonical form. */
export interface TextDigest {
  lang: string;
  stream: WordStream;
  sentences: number;
  canonical: string;
}

/** Scan a whole text into the shared columns (valid until the next scan): its token ends per sentence. */
function scanAs(folded: string, sents: Sentence[], lang: string): { cols: TokenColumns; ends: Uint32Array } {
  const cols = beginDocument(lang);
  const ends = new Uint32Array(sents.length);
  for (let i = 0; i < sents.length; i++) {
    scanTokens(folded, sents[i].start, sents[i].end, cols);
    ends[i] = cols.count;
  }
  return { cols, ends };
}

/** Words looked at, and the share of them that must be English stop words, to keep a text as English unasked. */
const ENGLISH_PROBE_WORDS = 200;
export const ENGLISH_STOP_SHARE = 0.2;

/** Share of English stop words among the first words scanned (numbers not counted). */
export function stopShare(cols: TokenColumns): { words: number; share: number } {
  let words = 0;
  let stops = 0;
  for (let t = 0; t < cols.count && words < ENGLISH_PROBE_WORDS; t++) {
    if (cols.kind[t] === 2) continue;
    words++;
    if (cols.sh[t] === 0) stops++;
  }
  return { words, share: words ? stops / words : 0 };
}

/**
 * Scan a text in its language: `lang` when given, else detected. A text in Latin letters is
 * scanned as English first and kept so when English stop words make up its first words as they
 * do in English (lang.ts); anything else is detected (and scanned again if it is not English).
 */
function scan(f: Folded, lang?: string): { cols: TokenColumns; sents: Sentence[]; ends: Uint32Array; lang: string } {
  const folded = f.text;
  const sents = segment(folded);
  const done = (r: ReturnType<typeof scanAs>, code: string) => {
    if (f.from && f.to) toOriginal(r.cols, sents, f.from, f.to);
    return { ...r, sents, lang: code };
  };
  if (lang) return done(scanAs(folded, sents, lang), lang);
  let first: ReturnType<typeof scanAs> | null = null;
  if (mostlyLatin(folded)) {
    first = scanAs(folded, sents, 'en');
    if (stopShare(first.cols).share >= ENGLISH_STOP_SHARE) return done(first, 'en');
  }
  const detected = detectLanguage(folded);
  // English after all (a page of names and headlines): the English scan stands
  if (first && detected === 'en') return done(first, 'en');
  return done(scanAs(folded, sents, detected), detected);
}

/**
 * Offsets in the folded text to offsets in the original (see Folded), in place: a token or
 * sentence [a, e) of the folded text is [from[a], to[e - 1]) of the original, so that it takes in
 * the accents and invisible characters of its first and last clusters.
 */
function toOriginal(cols: TokenColumns, sents: Sentence[], from: Uint32Array, to: Uint32Array): void {
  const at = (a: number, e: number): [number, number] => (e > a ? [from[a], to[e - 1]] : a < from.length ? [from[a], from[a]] : [to[from.length - 1] ?? 0, to[from.length - 1] ?? 0]);
  for (let t = 0; t < cols.count; t++) [cols.start[t], cols.end[t]] = at(cols.start[t], cols.end[t]);
  for (const s of sents) [s.start, s.end] = at(s.start, s.end);
}

function streamOf(cols: TokenColumns, ends: Uint32Array, sents: Sentence[]): WordStream {
  const n = cols.count;
  const offsets = new Uint32Array(2 * n);
  const terms = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    offsets[2 * i] = cols.start[i];
    offsets[2 * i + 1] = cols.end[i];
    terms[i] = termKey(cols.h[i], cols.sh[i], cols.kind[i]);
  }
  const sentenceChars = Uint32Array.from(sents, (x) => x.end - x.start);
  return { words: n, h: cols.h.slice(0, n), sh: cols.sh.slice(0, n), offsets, sentenceEnds: ends, terms, sentenceChars };
}

/**
 * The language, word stream, sentence count and canonical form of a text (no token objects).
 * `lang`: the document's language when known (JSONL `lang`), else it is detected.
 */
export function digestText(text: string, lang?: string): TextDigest {
  const folded = foldForMatching(text);
  const s = scan(folded, lang);
  return { lang: s.lang, stream: streamOf(s.cols, s.ends, s.sents), sentences: s.sents.length, canonical: canonicalFromFolded(folded.text) };
}

/** The full text model; `lang` as for digestText (pass the digest's, so both agree). */
export function analyzeText(text: string, lang?: string): TextModel {
  const { cols, sents, ends, lang: code } = scan(foldForMatching(text), lang);
  const tokens = sents.map((_, i) => tokensOf(cols, i === 0 ? 0 : ends[i - 1], ends[i]));
  return { text, lang: code, sentences: sents, tokens, words: cols.count };
}

export type { Sentence, Token };
