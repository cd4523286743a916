/**
 * The align stage's product for one duplicate pair: its divergent phrasings (aggregated) and, for
 * a reworded pair, which side is likely derived. Used by the main report and `dupecheck diff`.
 */
import type { TextModel } from '../text/document.js';
import type { AlignUnit } from './align.js';
import { aggregateDivergences, unitDivergences, type AggregatedDivergence, type Divergence } from './divergences.js';
import { derivedVerdict, splitArtefacts, textArtefacts, type DerivedVerdict, type Evidence } from './derived.js';

export interface PairDetails {
  /** per unit, its divergences (empty for unaligned units) */
  perUnit: Divergence[][];
  divergences: AggregatedDivergence[];
  /** which copy is derived; computed only when asked (reworded pairs, dupecheck diff) */
  derived: DerivedVerdict | null;
}

/** A document in several pairs is scanned for artefacts once. */
const artefactCache = new WeakMap<TextModel, Evidence[]>();
function artefactsOf(m: TextModel): Evidence[] {
  let e = artefactCache.get(m);
  if (!e) artefactCache.set(m, (e = textArtefacts(m.text)));
  return e;
}

/** What a batch keeps of a duplicate pair's details: its first divergences (the report's) and the verdict. */
export type KeptDetails = Omit<PairDetails, 'perUnit'>;

/** The details a batch keeps: each unit's divergences dropped, the aggregated ones cut to the first `top`. */
export function keptDetails(d: PairDetails, top: number): KeptDetails {
  return { divergences: d.divergences.slice(0, top), derived: d.derived };
}

export function describePair(units: AlignUnit[], a: TextModel, b: TextModel, withDerived: boolean): PairDetails {
  const perUnit = unitDivergences(units, a.text, a.tokens, b.text, b.tokens);
  return { perUnit, divergences: aggregateDivergences(perUnit.flat()), derived: withDerived ? derivedOf(units, a, b) : null };
}

function derivedOf(units: AlignUnit[], a: TextModel, b: TextModel): DerivedVerdict {
  const split = splitArtefacts(units, a.text, a.sentences, b.text, b.sentences);
  const ea = [...artefactsOf(a), ...split.a].sort((x, y) => x.start - y.start);
  const eb = [...artefactsOf(b), ...split.b].sort((x, y) => x.start - y.start);
  return derivedVerdict(ea, eb, { a: a.words, b: b.words });
}

export { align, packUnits, summarize, unitsOf, unpackUnits, type AlignUnit, type AlignmentSummary, type PackedUnits } from './align.js';
export type { AggregatedDivergence, Divergence } from './divergences.js';
export type { DerivedVerdict, Evidence } from './derived.js';
