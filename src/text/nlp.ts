/**
 * Stop words and stemmers, per language. English: natural's stop words plus reporting verbs, and
 * wooorm's `stemmer` (Porter): natural's PorterStemmer gives the same stems (all but 3 of the
 * 23,223 distinct words of the 2,000-document bench corpus, degenerate ones such as "ies") at a
 * seventh of the speed (84 ms against 11 ms warm, 122 against 17 cold), and stemming each new word
 * is most of what profiling costs on a cold start. Stems are cached: news vocabulary is Zipfian, so
 * after the first few thousand words nearly every lookup is a hit.
 *
 * Other languages: natural's stop words (zh, ja, ru, fr, es, it, nl, pt, sv, no, pl, fa, id, uk)
 * and its Snowball-derived stemmers (de, es, fa, fr, id, it, nl, no, pt, ru, sv, uk); where natural
 * has no stop words, the stopwords-iso list of the language (de, ar, he, ko, th, tr, hi, ...).
 * Everything is loaded by sub-path on first use: importing 'natural' itself loads database
 * drivers and reads ./.env into process.env (see README, "Packages"). A language with neither
 * list nor stemmer gets the neutral treatment: every word is a content word and its own stem.
 */
import { createRequire } from 'node:module';
import { stemmer } from 'stemmer';

const require = createRequire(import.meta.url);
const natStop = require('natural/lib/natural/util/stopwords.js') as { words: string[] };

/**
 * natural's English stop words plus the reporting verbs and function words that every news story
 * has and that say nothing about which story it is.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  ...natStop.words,
  'said', 'says', 'say', 'told', 'also', 'would', 'could', 'should', 'will', 'may', 'might', 'must', 'one',
  'us', 'mr', 'mrs', 'ms', 'than', 'then', 'them', 'they', 'their', 'there', 'these', 'those', 'which',
  'who', 'whom', 'whose', 'what', 'when', 'where', 'while', 'why', 'how', 'its', 'it', 'he', 'she', 'his',
  'her', 'him', 'we', 'our', 'you', 'your', 'i', 'me', 'my', 'has', 'had', 'have', 'was', 'were', 'is',
  'are', 'been', 'be', 'do', 'does', 'did', 'not', 'no', 'nor', 'so', 'such', 'very', 'just', 'over',
  'into', 'onto', 'upon', 'per', 'via', 's', 't', 'don', 'didn', 'doesn', 'isn', 'wasn', 'won', 'can',
]);

const stemCache = new Map<string, string>();
const STEM_CACHE_LIMIT = 500_000;

/** Porter stem of a lower-case English word, cached. */
export function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = /^\d/.test(word) ? word : stemmer(word);
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
    stemCache.set(word, s);
  }
  return s;
}

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

/** What the text stage needs of a language. */
export interface LanguageResources {
  /** ISO 639-1 code ('und' when undetermined) */
  code: string;
  stopWords: ReadonlySet<string>;
  /** stem of a lower-case word (the word itself where the language has no stemmer) */
  stem: (word: string) => string;
  /** where the stop words and the stemmer come from, for the README and tests */
  stopSource: 'natural' | 'stopwords-iso' | 'none';
  hasStemmer: boolean;
}

export const UNDETERMINED = 'und';

const NATURAL_STOP = new Set(['zh', 'ja', 'ru', 'fr', 'es', 'it', 'nl', 'pt', 'sv', 'no', 'pl', 'fa', 'id', 'uk']);
const NATURAL_STEM = new Set(['de', 'es', 'fa', 'fr', 'it', 'nl', 'no', 'pt', 'ru', 'sv', 'uk']);

let iso: Record<string, string[]> | null = null;
const resources = new Map<string, LanguageResources>();

const english: LanguageResources = { code: 'en', stopWords: STOP_WORDS, stem, stopSource: 'natural', hasStemmer: true };
resources.set('en', english);

const identity = (w: string) => w;

/** The stop words and stemmer of a language (loaded once, on first use). */
export function languageResources(code: string): LanguageResources {
  let r = resources.get(code);
  if (r) return r;
  let stopWords: ReadonlySet<string> = new Set();
  let stopSource: LanguageResources['stopSource'] = 'none';
  if (NATURAL_STOP.has(code)) {
    stopWords = new Set((require(`natural/lib/natural/util/stopwords_${code}.js`) as { words: string[] }).words);
    stopSource = 'natural';
  } else if (/^[a-z]{2}$/.test(code)) {
    iso ??= require('stopwords-iso') as Record<string, string[]>;
    const list = Object.prototype.hasOwnProperty.call(iso, code) ? iso[code] : undefined;
    if (list) {
      stopWords = new Set(list.map((w) => w.toLowerCase()));
      stopSource = 'stopwords-iso';
    }
  }
  let stemFn = identity;
  if (NATURAL_STEM.has(code) || code === 'id') {
    const path = code === 'id' ? 'natural/lib/natural/stemmers/indonesian/stemmer_id.js' : `natural/lib/natural/stemmers/porter_stemmer_${code}.js`;
    const s = require(path) as { stem(w: string): string };
    stemFn = (w) => (/^\p{N}/u.test(w) ? w : s.stem(w) || w);
  }
  r = { code, stopWords, stem: stemFn, stopSource, hasStemmer: stemFn !== identity };
  resources.set(code, r);
  return r;
}
