/**
 * The candidates stage: which pairs are worth verifying, without comparing all pairs.
 *  - LSH over the word-shingle MinHash (verbatim near-duplicates);
 *  - LSH over the content-pair MinHash (reworded copies);
 *  - the passage index: documents sharing a winnowed fingerprint (a shared passage of at least
 *    shingleSize + winnowWindow - 1 words: quotes, excerpts). A fingerprint found in more than
 *    `boilerplateDocs` documents is boilerplate (a licence notice, a site footer): it makes no
 *    candidates, and its hashes are returned so that compare can discount such passages.
 */
import { collectBands } from './lsh.js';
import { KeyCollector, PairSet, MAX_ITEMS } from './keyedPairs.js';
import { UsageError } from '../read/errors.js';
import type { BandParams } from './lshParams.js';

export interface CandidateInput {
  minShingles: Uint32Array;
  minContent: Uint32Array;
  fingerprints: Uint32Array;
}

export interface CandidateStats {
  shingleLsh: number;
  contentLsh: number;
  passageIndex: number;
  /** LSH buckets too large to expand */
  oversizedBuckets: number;
  oversizedMembers: number;
  /** fingerprints found in more than boilerplateDocs documents */
  boilerplateFingerprints: number;
}

export function findCandidates(
  docs: readonly CandidateInput[],
  bands: { shingles: BandParams; content: BandParams },
  maxBucket: number,
  boilerplateDocs: number,
): { pairs: Array<[number, number]>; stats: CandidateStats; boilerplate: Set<number> } {
  if (docs.length >= MAX_ITEMS) throw new UsageError(`too many documents in one run (${docs.length}; at most ${MAX_ITEMS - 1}): split the batch or use dupecheck index`);
  const set = new PairSet();
  const stats: CandidateStats = { shingleLsh: 0, contentLsh: 0, passageIndex: 0, oversizedBuckets: 0, oversizedMembers: 0, boilerplateFingerprints: 0 };
  const run = (col: KeyCollector, field: 'shingleLsh' | 'contentLsh' | 'passageIndex', limit: number) => {
    const before = set.size;
    const o = col.pairs(limit, (i, j) => set.add(i, j));
    stats[field] = set.size - before;
    return o;
  };
  for (const [sigs, field, p] of [
    [docs.map((d) => d.minShingles), 'shingleLsh', bands.shingles],
    [docs.map((d) => d.minContent), 'contentLsh', bands.content],
  ] as const) {
    const o = run(collectBands(sigs, p), field, maxBucket);
    stats.oversizedBuckets += o.oversized;
    stats.oversizedMembers += o.oversizedItems;
  }
  const fp = new KeyCollector(docs.reduce((s, d) => s + d.fingerprints.length, 0));
  docs.forEach((d, i) => {
    for (const h of d.fingerprints) fp.add(h, i);
  });
  const o = run(fp, 'passageIndex', boilerplateDocs);
  stats.boilerplateFingerprints = o.oversized;
  return { pairs: set.sorted(), stats, boilerplate: new Set(o.oversizedKeys) };
}
