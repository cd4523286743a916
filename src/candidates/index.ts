/**
 * The candidates stage: which pairs are worth verifying, without comparing all pairs.
 *  - LSH over the word-shingle MinHash (verbatim near-duplicates);
 *  - LSH over the content-pair MinHash (reworded copies);
 *  - the passage index: documents sharing a winnowed fingerprint (a shared passage of at least
 *    shingleSize + winnowWindow - 1 words: quotes, excerpts).
 */
import { collectBands } from './lsh.js';
import { KeyCollector, PairSet } from './keyedPairs.js';
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
  /** buckets too large to expand (boilerplate), by source */
  oversizedBuckets: number;
  oversizedMembers: number;
}

export function findCandidates(
  docs: readonly CandidateInput[],
  bands: { shingles: BandParams; content: BandParams },
  maxBucket: number,
): { pairs: Array<[number, number]>; stats: CandidateStats } {
  const set = new PairSet();
  const stats: CandidateStats = { shingleLsh: 0, contentLsh: 0, passageIndex: 0, oversizedBuckets: 0, oversizedMembers: 0 };
  const run = (col: KeyCollector, field: 'shingleLsh' | 'contentLsh' | 'passageIndex') => {
    const local = new PairSet();
    const o = col.pairs(maxBucket, (i, j) => {
      local.add(i, j);
      set.add(i, j);
    });
    stats[field] = local.size;
    stats.oversizedBuckets += o.oversized;
    stats.oversizedMembers += o.oversizedItems;
  };
  run(collectBands(docs.map((d) => d.minShingles), bands.shingles), 'shingleLsh');
  run(collectBands(docs.map((d) => d.minContent), bands.content), 'contentLsh');
  const fp = new KeyCollector(docs.reduce((s, d) => s + d.fingerprints.length, 0));
  docs.forEach((d, i) => {
    for (const h of d.fingerprints) fp.add(h, i);
  });
  run(fp, 'passageIndex');
  return { pairs: set.sorted(), stats };
}
