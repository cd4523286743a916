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
import { KeyCollector, MAX_ITEMS, PairCollector, minus, union, unpack } from './keyedPairs.js';
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
): { pairs: Uint32Array; stats: CandidateStats; boilerplate: Set<number> } {
  if (docs.length >= MAX_ITEMS) throw new UsageError(`too many documents in one run (${docs.length}; at most ${MAX_ITEMS - 1}): split the batch or use dupecheck index`);
  const stats: CandidateStats = { shingleLsh: 0, contentLsh: 0, passageIndex: 0, oversizedBuckets: 0, oversizedMembers: 0, boilerplateFingerprints: 0 };
  const collect = (col: KeyCollector, limit: number) => {
    const pc = new PairCollector();
    const o = col.pairs(limit, (i, j) => pc.add(i, j));
    return { pairs: pc.sortedUnique(), o };
  };
  const lsh = ([sigs, p]: readonly [Uint32Array[], BandParams]) => {
    const r = collect(collectBands(sigs, p), maxBucket);
    stats.oversizedBuckets += r.o.oversized;
    stats.oversizedMembers += r.o.oversizedItems;
    return r.pairs;
  };
  const shingle = lsh([docs.map((d) => d.minShingles), bands.shingles]);
  const content = lsh([docs.map((d) => d.minContent), bands.content]);
  const fp = new KeyCollector(docs.reduce((s, d) => s + d.fingerprints.length, 0));
  docs.forEach((d, i) => {
    for (const h of d.fingerprints) fp.add(h, i);
  });
  const passage = collect(fp, boilerplateDocs);
  stats.boilerplateFingerprints = passage.o.oversized;
  // each source is credited with the pairs the earlier ones did not find
  const lshPairs = union(shingle, content);
  stats.shingleLsh = shingle.length;
  stats.contentLsh = lshPairs.length - shingle.length;
  stats.passageIndex = minus(passage.pairs, lshPairs).length;
  return { pairs: unpack(union(lshPairs, passage.pairs)), stats, boilerplate: new Set(passage.o.oversizedKeys) };
}
