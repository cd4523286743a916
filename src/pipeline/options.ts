/** The effective parameters of a run: one configuration serves every input (no per-dataset switches). */
import { optimalParams, type BandParams } from '../candidates/lshParams.js';

export const RELATIONS = ['identical', 'near-duplicate', 'reworded', 'related'] as const;
export type Relation = (typeof RELATIONS)[number];
/** Relations that make two documents duplicates. */
export const DUPLICATE_RELATIONS: ReadonlySet<Relation> = new Set(['identical', 'near-duplicate', 'reworded']);

export interface Options {
  /** words per shingle */
  shingleSize: number;
  /** MinHash permutations per signature */
  numPerm: number;
  /** seed of the MinHash permutations */
  seed: number;
  /** LSH threshold on word-shingle Jaccard (near-duplicate candidates) */
  threshold: number;
  /** LSH threshold on content-pair Jaccard (reworded candidates) */
  contentThreshold: number;
  /** shortest shared passage reported, in words */
  minPassageWords: number;
  /**
   * plain words (neither stop words, numbers nor names: text/document.ts) a shared passage needs:
   * "the meeting of Russian President Vladimir Putin and U.S. President Donald Trump" has one, and
   * any two reports of the summit share it
   */
  minPassagePlainWords: number;
  /** shingle Jaccard at or above which a pair is a near-duplicate */
  nearDuplicateJaccard: number;
  /** containment (of the smaller in the larger) at or above which a pair is a near-duplicate */
  nearDuplicateContainment: number;
  /** content-pair Jaccard below which no alignment is tried */
  alignFloor: number;
  /** share of both sides' content matched by the alignment (similarity-weighted) for a reworded copy */
  rewordedCoverage: number;
  /** LSH buckets shared by more documents are not expanded (counted in stats) */
  maxBucket: number;
  /**
   * a passage found in more documents than this, or than boilerplateShare of the batch, is
   * boilerplate: it is in no reuse cluster and makes no one related
   */
  boilerplateDocs: number;
  boilerplateShare: number;
  /** a passage found in more documents than this is a reuse cluster but makes no pair related (passim's maxDF) */
  pairMaxDocs: number;
  /** related pairs reported: the strongest n partners of each document, all, or none (all are counted) */
  related: number | 'all' | 'none';
  /** how documents read from files get a series (an outlet): none, or the first folder under the folder given */
  series: 'none' | 'folder';
}

export const DEFAULT_OPTIONS: Options = {
  shingleSize: 5,
  numPerm: 128,
  seed: 1,
  threshold: 0.5,
  contentThreshold: 0.15,
  minPassageWords: 8,
  minPassagePlainWords: 2,
  nearDuplicateJaccard: 0.35,
  nearDuplicateContainment: 0.8,
  alignFloor: 0.08,
  rewordedCoverage: 0.35,
  maxBucket: 200,
  boilerplateDocs: 50,
  boilerplateShare: 0.01,
  pairMaxDocs: 100,
  related: 5,
  series: 'none',
};

export interface Bands {
  shingles: BandParams;
  content: BandParams;
}

export const LSH_WEIGHTS = { falsePositive: 0.2, falseNegative: 0.8 };

const bandCache = new Map<string, BandParams>();
export function bandsFor(o: Options): Bands {
  const get = (t: number) => {
    const key = `${t}/${o.numPerm}`;
    let p = bandCache.get(key);
    // recall-weighted: a false candidate costs one exact check, a missed pair is lost for good
    if (!p) bandCache.set(key, (p = optimalParams(t, o.numPerm, LSH_WEIGHTS)));
    return p;
  };
  return { shingles: get(o.threshold), content: get(o.contentThreshold) };
}
