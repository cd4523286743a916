/**
 * Verification of candidate pairs, one implementation for the main thread and for the worker
 * pool. A worker sees the documents' hash sets through shared memory (see shared.ts) and re-reads
 * a document's text only when a pair needs its alignment.
 */
import { comparePair, type Comparable, type PairResult } from '../compare/index.js';
import { describePair } from '../align/index.js';
import { estimateJaccard } from '../signatures/minhash.js';
import type { DocProfile } from './profile.js';
import type { Options } from './options.js';

export type Verifiable = Comparable & Pick<DocProfile, 'minContent' | 'minShingles'>;

/**
 * An LSH candidate is verified exactly unless its signatures say it cannot be a duplicate: both
 * estimated Jaccards below SCREEN_ESTIMATE. Most false LSH candidates stop here for the cost of two
 * 128-slot comparisons. (The passage index's candidates, one text largely inside the other, are
 * verified without this screen: their Jaccard is small because their sizes differ.)
 */
export const SCREEN_ESTIMATE = 0.04;
export function worthVerifying(x: Pick<DocProfile, 'minContent' | 'minShingles'>, y: Pick<DocProfile, 'minContent' | 'minShingles'>): boolean {
  return estimateJaccard(x.minContent, y.minContent) >= SCREEN_ESTIMATE || estimateJaccard(x.minShingles, y.minShingles) >= SCREEN_ESTIMATE;
}

/** What verifying a pair gave: dismissed on its signatures, or compared (null when unrelated). */
export type Verdict = { dismissed: true } | { dismissed: false; result: PairResult | null };

/**
 * Verify the pair a < b: the signature screen (when `screen`), the exact comparison, and for a
 * duplicate its divergences, computed while both texts are at hand (their models may leave the
 * cache later). Only duplicates are found here: the batch's reuse clusters give the related pairs.
 */
export function verifyPair(a: number, b: number, x: Verifiable, y: Verifiable, o: Options, screen: boolean): Verdict {
  if (screen && !worthVerifying(x, y)) return { dismissed: true };
  const r = comparePair(a, b, x, y, o, { passages: false });
  if (r?.duplicate && r.alignment) r.details = describePair(r.alignment.units, x.model, y.model, r.relation === 'reworded');
  return { dismissed: false, result: r };
}

/** What verifying a list of pairs gave. */
export interface Tally {
  /** the pairs compared and found related or duplicate */
  results: PairResult[];
  verified: number;
  dismissed: number;
}

/** Verify the pairs a < b (flattened), adding to `into`; `each` is told after every pair. */
export function verifyAll(
  pairs: Uint32Array,
  doc: (i: number) => Verifiable,
  o: Options,
  screen: boolean,
  into: Tally,
  each?: (done: number) => void,
): Tally {
  for (let p = 0; p < pairs.length; p += 2) {
    const v = verifyPair(pairs[p], pairs[p + 1], doc(pairs[p]), doc(pairs[p + 1]), o, screen);
    if (v.dismissed) into.dismissed++;
    else {
      into.verified++;
      if (v.result) into.results.push(v.result);
    }
    each?.(p / 2 + 1);
  }
  return into;
}
