/**
 * What the HTML report embeds beside the JSON report: the texts of the documents of duplicate
 * pairs (once each, however many pairs they are in) and, per pair, its alignment as offsets into
 * those texts, so that the page renders a pair's side-by-side view only when it is opened. And
 * the report of `dupecheck diff A B --html`: two documents and their one pair, related or not.
 */
import { unitsOf, type AlignUnit } from '../align/align.js';
import type { TextModel } from '../text/document.js';
import { unitRanges } from './diffView.js';
import type { RunResult } from '../model.js';
import type { AlignmentSummary } from '../align/align.js';
import { DEFAULT_OPTIONS, RELATIONS, type Relation } from '../types.js';
import { bandsFor } from '../candidates/lshParams.js';
import { r4, SCHEMA_VERSION } from './model.js';
import type { PagePair, PageReport } from './html.js';

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
    const units = p.alignment ? unitsOf(p.alignment) : [];
    if (!units.length) continue;
    const A = res.docs[p.a];
    const B = res.docs[p.b];
    yield { pair: i, a: { id: A.id, model: A.model }, b: { id: B.id, model: B.model }, units };
  }
}

/** Two texts that are not related, as a pair of the HTML page: their alignment and nothing shared. */
export function unrelatedPair(a: string, b: string, sum: AlignmentSummary): PagePair {
  return {
    a,
    b,
    relation: 'unrelated',
    duplicate: false,
    scores: { jaccard: 0, containment: { a: 0, b: 0 }, content: 0, aligned: { a: r4(sum.massCoverage.a), b: r4(sum.massCoverage.b) }, matched: { a: r4(sum.matched.a), b: r4(sum.matched.b) } },
    alignment: { coverage: { a: r4(sum.coverage.a), b: r4(sum.coverage.b) }, units: { ...sum.units }, meanScore: r4(sum.meanScore) },
    divergences: [],
    derived: null,
    passages: [],
  };
}

type DocEntry = PageReport['documents'][number];
export const docEntry = (d: Pick<DocEntry, 'path' | 'bytes' | 'words' | 'sentences' | 'lang'>, id: string, encoding?: string): DocEntry => ({
  id,
  path: d.path,
  bytes: d.bytes,
  words: d.words,
  sentences: d.sentences,
  lang: d.lang,
  ...(encoding ? { encoding } : {}),
});

/** `diff --html`: the page of a report of two documents and their one pair. */
export function diffPage(docs: DocEntry[], pair: PagePair, version: string): PageReport {
  const o = DEFAULT_OPTIONS;
  const pairs = Object.fromEntries(RELATIONS.map((r) => [r, 0])) as Record<Relation, number>;
  if (pair.relation !== 'unrelated') pairs[pair.relation] = 1;
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'dupecheck', version },
    options: { ...o, bands: bandsFor(o) },
    summary: { documents: 2, skipped: 0, pairs, duplicatePairs: pair.duplicate ? 1 : 0, clusters: pair.duplicate ? 1 : 0, relatedReported: pair.relation === 'related' ? 1 : 0, reuse: { clusters: 0, occurrences: 0, boilerplateDocs: 0 } },
    documents: docs,
    pairs: [pair],
    clusters: pair.duplicate ? [{ documents: [pair.a, pair.b] }] : [],
    reuse: [],
    skipped: [],
  };
}
