/**
 * Stop words from natural, loaded by sub-path: importing 'natural' itself loads database drivers
 * and reads ./.env into process.env (see README, "Packages"). The Porter stemmer is wooorm's
 * `stemmer`: natural's PorterStemmer gives the same stems (all but 3 of the 23,223 distinct words
 * of the 2,000-document bench corpus, degenerate ones such as "ies") at a seventh of the speed
 * (84 ms against 11 ms warm, 122 against 17 cold), and stemming each new word is most of what
 * profiling costs on a cold start. Stems are cached: news vocabulary is Zipfian, so after the
 * first few thousand words nearly every lookup is a hit.
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

/** Porter stem of a lower-case word, cached. */
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
