/**
 * The candidates stage: which pairs are worth verifying, without comparing all pairs.
 *  - LSH over the word-shingle MinHash (verbatim near-duplicates);
 *  - LSH over the content-pair MinHash (reworded copies);
 *  - the passage index (passageIndex.ts): every shingle's posting class, and the passages that
 *    documents share. From it, the pairs in which the smaller text is largely found in the larger
 *    (an excerpt, a brief cut from a wire story), which MinHash, a whole-document estimate, misses
 *    when the sizes differ. The same index gives the reuse clusters and related pairs later, once
 *    the duplicates are known. A shingle found in more than `boilerplateDocs` documents is
 *    boilerplate (a licence notice, a site footer): it is in no passage.
 */
import { collectBands } from './lsh.js';
import { KeyCollector, MAX_ITEMS, PairCollector, minus, union, unpack } from './keyedPairs.js';
import { postingClasses } from './postings.js';
import { passageIndex, PartnerScan, type PassageIndex } from './passageIndex.js';
import { UsageError } from '../read/errors.js';
import type { BandParams } from './lshParams.js';

export interface CandidateInput {
  minShingles: Uint32Array;
  minContent: Uint32Array;
  seq: Uint32Array;
  shingles: Uint32Array;
  /** the word stream's term keys (text/document.ts): which words are plain, for passages */
  terms: Uint32Array;
}

export interface CandidateStats {
  shingleLsh: number;
  contentLsh: number;
  /** pairs from the passage index that the LSH did not find (one text largely inside the other) */
  passageIndex: number;
  /** LSH buckets too large to expand */
  oversizedBuckets: number;
  oversizedMembers: number;
  /** distinct shingles found in two documents or more, and of them in more than boilerplateDocs */
  sharedShingles: number;
  boilerplateShingles: number;
  /** runs of shared shingles (segments) and distinct passages (keys) in the passage index */
  passageSegments: number;
  passages: number;
  /** milliseconds per part: LSH, posting classes, passage index, containment scan */
  ms: { lsh: number; postings: number; passages: number; contained: number };
}

/**
 * A pair whose shared segments hold this share of the smaller document's shingles is verified:
 * a near-duplicate by containment needs 0.8 of them, and the segments leave out boilerplate and
 * runs shorter than a passage.
 */
export const CONTAINED_SHARE = 0.5;

/** Passages found in more documents than this are boilerplate: passim's maxDF, grown with the batch. */
export function boilerplateLimit(o: { boilerplateDocs: number; boilerplateShare: number }, documents: number): number {
  return Math.max(o.boilerplateDocs, Math.ceil(documents * o.boilerplateShare));
}

export interface Candidates {
  /** pairs i < j, flattened, ascending: the LSH's, verified after a signature screen */
  lsh: Uint32Array;
  /** the passage index's pairs the LSH did not find, verified without the screen */
  contained: Uint32Array;
  stats: CandidateStats;
  index: PassageIndex;
}

export function findCandidates(
  docs: readonly CandidateInput[],
  bands: { shingles: BandParams; content: BandParams },
  o: { maxBucket: number; boilerplateDocs: number; boilerplateShare: number; shingleSize: number; minPassageWords: number; minPassagePlainWords: number; pairMaxDocs: number },
): Candidates {
  if (docs.length >= MAX_ITEMS) throw new UsageError(`too many documents in one run (${docs.length}; at most ${MAX_ITEMS - 1}): split the batch or use dupecheck index`);
  const collect = (col: KeyCollector, limit: number) => {
    const pc = new PairCollector();
    const r = col.pairs(limit, (i, j) => pc.add(i, j));
    return { pairs: pc.sortedUnique(), r };
  };
  const t0 = performance.now();
  let oversizedBuckets = 0;
  let oversizedMembers = 0;
  const lsh = ([sigs, p]: readonly [Uint32Array[], BandParams]) => {
    const { pairs, r } = collect(collectBands(sigs, p), o.maxBucket);
    oversizedBuckets += r.oversized;
    oversizedMembers += r.oversizedItems;
    return pairs;
  };
  const shingle = lsh([docs.map((d) => d.minShingles), bands.shingles]);
  const content = lsh([docs.map((d) => d.minContent), bands.content]);
  const lshPairs = union(shingle, content);

  const t1 = performance.now();
  const classes = postingClasses(
    docs.map((d) => d.seq),
    boilerplateLimit(o, docs.length),
  );
  const t2 = performance.now();
  const index = passageIndex(docs, classes, o.shingleSize, o.minPassageWords - o.shingleSize + 1, o.minPassagePlainWords);
  const t3 = performance.now();
  const scan = new PartnerScan(index, docs.length, o.pairMaxDocs, o.minPassageWords - o.shingleSize + 1);
  const contained = new PairCollector();
  for (let d = 0; d < docs.length; d++) {
    const size = docs[d].shingles.length;
    scan.scan(d, (e, shared) => {
      if (e > d && shared >= CONTAINED_SHARE * Math.min(size, docs[e].shingles.length)) contained.add(d, e);
    });
  }
  const extra = minus(contained.sortedUnique(), lshPairs);
  const ms = (a: number, b: number) => Math.round(b - a);
  return {
    lsh: unpack(lshPairs),
    contained: unpack(extra),
    index,
    stats: {
      shingleLsh: shingle.length,
      contentLsh: lshPairs.length - shingle.length,
      passageIndex: extra.length,
      oversizedBuckets,
      oversizedMembers,
      sharedShingles: classes.sharedShingles,
      boilerplateShingles: classes.boilerplateShingles,
      passageSegments: index.segKey.length,
      passages: index.keys,
      ms: { lsh: ms(t0, t1), postings: ms(t1, t2), passages: ms(t2, t3), contained: ms(t3, performance.now()) },
    },
  };
}
