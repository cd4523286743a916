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
import { MAX_ITEMS, PairCollector, intersect, minus, union, unpack } from './keyedPairs.js';
import { postingClasses } from './postings.js';
import { passageIndex, PartnerScan, type PassageIndex } from './passageIndex.js';
import { UsageError } from '../read/errors.js';
import { passageWordsIn } from '../text/document.js';
import type { BandParams } from './lshParams.js';

export interface CandidateInput {
  minShingles: Uint32Array;
  minContent: Uint32Array;
  seq: Uint32Array;
  shingles: Uint32Array;
  /** the word stream's term keys (text/document.ts): which words are plain, for passages */
  terms: Uint32Array;
  /** the document's language: Chinese and Japanese passages are longer in tokens (passageWordsIn) */
  lang?: string;
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

export interface LshCandidates {
  /** pairs i < j, flattened, ascending: verified after a signature screen */
  lsh: Uint32Array;
  /** the same, packed (see keyedPairs.ts) */
  packed: Float64Array;
  stats: Pick<CandidateStats, 'shingleLsh' | 'contentLsh' | 'oversizedBuckets' | 'oversizedMembers'> & { ms: number };
}

export interface PassageCandidates {
  /** the passage index's pairs the LSH did not find (packed, ascending), verified without the screen */
  contained: Float64Array;
  /**
   * the passage index's pairs the LSH found too (packed, ascending): the signature screen must not
   * dismiss them (an excerpt of a long article shares little of it, so both its estimated Jaccards
   * can be below the screen's)
   */
  containedLsh: Float64Array;
  index: PassageIndex;
  stats: Omit<CandidateStats, 'shingleLsh' | 'contentLsh' | 'oversizedBuckets' | 'oversizedMembers' | 'ms'> & { ms: { postings: number; passages: number; contained: number } };
}

export type Candidates = Pick<LshCandidates, 'lsh'> & Pick<PassageCandidates, 'index'> & { contained: Uint32Array; stats: CandidateStats };

function checkSize(n: number): void {
  if (n >= MAX_ITEMS) throw new UsageError(`too many documents in one run (${n}; at most ${MAX_ITEMS - 1}): split the batch or use dupecheck index`);
}

/** The LSH's candidates: pairs sharing a band of either MinHash signature. */
export function lshCandidates(docs: readonly Pick<CandidateInput, 'minShingles' | 'minContent'>[], bands: { shingles: BandParams; content: BandParams }, o: { maxBucket: number }): LshCandidates {
  checkSize(docs.length);
  const t0 = performance.now();
  let oversizedBuckets = 0;
  let oversizedMembers = 0;
  const lsh = ([sigs, p]: readonly [Uint32Array[], BandParams]) => {
    const pc = new PairCollector();
    const r = collectBands(sigs, p).pairs(o.maxBucket, (i, j) => pc.add(i, j));
    oversizedBuckets += r.oversized;
    oversizedMembers += r.oversizedItems;
    return pc.sortedUnique();
  };
  const shingle = lsh([docs.map((d) => d.minShingles), bands.shingles]);
  const content = lsh([docs.map((d) => d.minContent), bands.content]);
  const packed = union(shingle, content);
  return {
    lsh: unpack(packed),
    packed,
    stats: { shingleLsh: shingle.length, contentLsh: packed.length - shingle.length, oversizedBuckets, oversizedMembers, ms: Math.round(performance.now() - t0) },
  };
}

/**
 * The passage index, and its candidates that the LSH (`lsh`, packed pairs) did not find: pairs
 * whose shared passages hold CONTAINED_SHARE of the smaller document's shingles.
 */
export function passageCandidates(
  docs: readonly Pick<CandidateInput, 'seq' | 'shingles' | 'lang'>[],
  o: { boilerplateDocs: number; boilerplateShare: number; shingleSize: number; minPassageWords: number; minPassagePlainWords: number; pairMaxDocs: number },
  lsh: Float64Array,
): PassageCandidates {
  checkSize(docs.length);
  const t1 = performance.now();
  const classes = postingClasses(
    docs.map((d) => d.seq),
    boilerplateLimit(o, docs.length),
  );
  const t2 = performance.now();
  const minRun = o.minPassageWords - o.shingleSize + 1;
  const wideRun = passageWordsIn('zh', o.minPassageWords) - o.shingleSize + 1;
  const index = passageIndex(docs, classes, o.shingleSize, minRun, o.minPassagePlainWords, wideRun);
  const t3 = performance.now();
  const scan = new PartnerScan(index, docs.length, o.pairMaxDocs, minRun);
  const contained = new PairCollector();
  for (let d = 0; d < docs.length; d++) {
    const size = docs[d].shingles.length;
    scan.scan(d, (e, shared) => {
      if (e > d && shared >= CONTAINED_SHARE * Math.min(size, docs[e].shingles.length)) contained.add(d, e);
    });
  }
  const all = contained.sortedUnique();
  const extra = minus(all, lsh);
  const ms = (a: number, b: number) => Math.round(b - a);
  return {
    contained: extra,
    containedLsh: intersect(all, lsh),
    index,
    stats: {
      passageIndex: extra.length,
      sharedShingles: classes.sharedShingles,
      boilerplateShingles: classes.boilerplateShingles,
      passageSegments: index.segKey.length,
      passages: index.keys,
      ms: { postings: ms(t1, t2), passages: ms(t2, t3), contained: ms(t3, performance.now()) },
    },
  };
}

/** Both kinds of candidates (the pipeline runs the two apart, to verify the first while it finds the second). */
export function findCandidates(docs: readonly CandidateInput[], bands: { shingles: BandParams; content: BandParams }, o: Parameters<typeof lshCandidates>[2] & Parameters<typeof passageCandidates>[1]): Candidates {
  const a = lshCandidates(docs, bands, o);
  const b = passageCandidates(docs, o, a.packed);
  return { lsh: a.lsh, contained: unpack(b.contained), index: b.index, stats: combineStats(a.stats, b.stats) };
}

export function combineStats(a: LshCandidates['stats'], b: PassageCandidates['stats']): CandidateStats {
  return { ...a, ...b, ms: { lsh: a.ms, ...b.ms } };
}
