/**
 * What the HTML report embeds beside the JSON report: the texts of the documents of duplicate
 * pairs (once each, however many pairs they are in) and, per pair, its alignment as offsets into
 * those texts, so that the page renders a pair's side-by-side view only when it is opened.
 */
import type { AlignUnit } from '../align/align.js';
import type { TextModel } from '../text/document.js';
import { unitRanges } from './diffView.js';
import type { RunResult } from '../pipeline/run.js';

/**
 * One unit of an alignment, compact (a 10,000-document batch has thousands of units):
 * [aStart, aEnd, bStart, bEnd, score, changedA, changedB]; a side without a sentence is -1, -1;
 * changed runs are flattened [from, to, ...] offsets into that side's text.
 */
export type HtmlUnit = [number, number, number, number, number, number[], number[]];

/** The alignment of one pair of the report (by its index in `pairs`), over the texts of its two documents. */
export interface HtmlView {
  pair: number;
  units: HtmlUnit[];
}

export interface HtmlExtra {
  /** the text of each document that has a view, by id */
  texts: Record<string, string>;
  views: HtmlView[];
}

/** A pair to show aligned: its index in the report's pairs, its two documents' ids and models, its units. */
export interface AlignedPair {
  pair: number;
  a: { id: string; model: TextModel };
  b: { id: string; model: TextModel };
  units: AlignUnit[];
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

/** The embedded texts and views of the pairs given (pure: a function of the models and units). */
export function htmlExtra(pairs: Iterable<AlignedPair>): HtmlExtra {
  const texts: Record<string, string> = {};
  const views: HtmlView[] = [];
  for (const p of pairs) {
    const A = p.a.model;
    const B = p.b.model;
    texts[p.a.id] ??= A.text;
    texts[p.b.id] ??= B.text;
    const units = p.units.map((u): HtmlUnit => {
      const r = unitRanges(A, B, u);
      return [r.a?.start ?? -1, r.a?.end ?? -1, r.b?.start ?? -1, r.b?.end ?? -1, r3(u.score), r.changedA, r.changedB];
    });
    views.push({ pair: p.pair, units });
  }
  return { texts, views };
}

/** The duplicate pairs of a run that have an alignment (identical texts have none), by their index in the report. */
export function* alignedPairs(res: Pick<RunResult, 'pairs' | 'docs'>): Generator<AlignedPair> {
  for (let i = 0; i < res.pairs.length; i++) {
    const p = res.pairs[i];
    if (!p.alignment?.units.length) continue;
    const A = res.docs[p.a];
    const B = res.docs[p.b];
    yield { pair: i, a: { id: A.id, model: A.model }, b: { id: B.id, model: B.model }, units: p.alignment.units };
  }
}
