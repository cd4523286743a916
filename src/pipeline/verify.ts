/**
 * Verification of candidate pairs, one implementation for the main thread and for the worker
 * pool. A worker sees the documents' hash sets through shared memory (see shared.ts) and re-reads
 * a document's text only when a pair needs its alignment.
 */
import { comparePair, type Comparable, type PairResult } from '../compare/index.js';
import { describePair, keptDetails, packUnits } from '../align/index.js';
import { TOP_DIVERGENCES } from '../types.js';
import { estimateJaccard } from '../signatures/minhash.js';
import type { DocProfile } from './profile.js';
import type { Options } from './options.js';

export type Verifiable = Comparable & Pick<DocProfile, 'minContent' | 'minShingles'>;

/**
 * An LSH candidate is verified exactly unless its signatures say it cannot be a duplicate: both
 * estimated Jaccards below SCREEN_ESTIMATE. Most false LSH candidates stop here for the cost of two
 * 128-slot comparisons. (The passage index's candidates, one text largely inside the other, are
 * verified without this screen, those the LSH found too included: their Jaccard is small because
 * their sizes differ.)
 */
export const SCREEN_ESTIMATE = 0.04;
export function worthVerifying(x: Pick<DocProfile, 'minContent' | 'minShingles'>, y: Pick<DocProfile, 'minContent' | 'minShingles'>): boolean {
  return estimateJaccard(x.minContent, y.minContent) >= SCREEN_ESTIMATE || estimateJaccard(x.minShingles, y.minShingles) >= SCREEN_ESTIMATE;
}

/**
 * Verify the pair a < b: the exact comparison, and for a duplicate its divergences, computed while
 * both texts are at hand (their models may leave the cache later). Null when the pair is neither
 * duplicate nor identical: the batch's reuse clusters give the related pairs.
 */
export function verifyPair(a: number, b: number, x: Verifiable, y: Verifiable, o: Options, template?: Uint32Array, onFactsDiffer?: () => void): PairResult | null {
  const r = comparePair(a, b, x, y, o, { passages: false, template, onFactsDiffer });
  if (r?.duplicate) describeKept(r, x, y);
  return r;
}

/**
 * The details of a duplicate pair as a batch keeps them until its report is written: the report's
 * divergences and verdict, and the alignment's units packed (packUnits). 1,000 reposts of one
 * story (30,484 duplicate pairs of 58 sentences) held 21.5 KB a pair as unit objects with every
 * unit's divergences, 5.7 KB so.
 */
export function describeKept(r: PairResult, x: Pick<Verifiable, 'model'>, y: Pick<Verifiable, 'model'>): void {
  if (!r.alignment || !Array.isArray(r.alignment.units)) return;
  r.details = keptDetails(describePair(r.alignment.units, x.model, y.model, r.relation === 'reworded'), TOP_DIVERGENCES);
  r.alignment.units = packUnits(r.alignment.units);
}

/** What verifying lists of pairs gave. */
export interface Tally {
  /** the pairs compared and found duplicate */
  results: PairResult[];
  verified: number;
  /** the pairs whose facts (names) differ, as stories of one template's do: not copies (compare/facts.ts) */
  factsDiffer: number;
  /** the pairs the signature screen dismissed, flattened */
  dismissed: number[];
}

/**
 * Verify the pairs a < b (flattened), the signature screen first when `screen`, adding to `into`;
 * `template` is the batch's template facts (compare/facts.ts); `each` is told after every pair.
 */
export function verifyAll(pairs: Uint32Array, doc: (i: number) => Verifiable, o: Options, screen: boolean, template: Uint32Array, into: Tally, each?: (done: number) => void): Tally {
  for (let p = 0; p < pairs.length; p += 2) {
    const [a, b] = [pairs[p], pairs[p + 1]];
    const x = doc(a);
    const y = doc(b);
    if (screen && !worthVerifying(x, y)) into.dismissed.push(a, b);
    else {
      into.verified++;
      const r = verifyPair(a, b, x, y, o, template, () => into.factsDiffer++);
      if (r) into.results.push(r);
    }
    each?.(p / 2 + 1);
  }
  return into;
}
