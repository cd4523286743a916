/**
 * The report as data: what `--json` prints (schema in report.schema.json, documented in the
 * docs/json.md) and what the terminal view renders. Everything but `stats` is a pure function of the
 * input documents' contents and the options.
 */
import type { Doc, RunResult, ReuseResult } from '../model.js';
import { RELATIONS, TOP_DIVERGENCES, type ArchivedFlag, type Lazy, type Offsets, type Options, type Relation, type ReportDerived, type ReportOut, type ReportPair, type ReportPassage, type ReportReuse } from '../types.js';
import { bandsFor } from '../candidates/lshParams.js';
import { boilerplateLimit } from '../candidates/index.js';
import type { PairResult } from '../compare/index.js';
import type { DerivedVerdict, Evidence } from '../align/index.js';
import { fitLength } from './width.js';
import { spanOf } from '../text/spans.js';

/**
 * 2: related pairs are no longer all listed (the strongest of each document by default, all
 * counted in summary.pairs.related), their passages name a reuse cluster instead of quoting a
 * text, and the reused passages are a list of their own (`reuse`).
 */
export const SCHEMA_VERSION = 2;
/** reuse clusters the terminal lists (the most widely reused) */
export const TOP_REUSE = 10;
export { TOP_DIVERGENCES };
/** shared passages listed per related pair (the longest), and the longest text quoted for each */
export const TOP_PASSAGES = 20;
export const PASSAGE_TEXT_MAX = 300;

export type { Offsets, ReportPassage, ReportReuse, Lazy, ReportPair, ReportDivergence, ReportDerived, ArchivedFlag, Report, ReportOut } from '../types.js';

export function lazy<T>(length: number, at: (i: number) => T): Lazy<T> {
  return {
    length,
    at: (i) => (i >= 0 && i < length ? at(i) : undefined),
    toJSON: () => Array.from({ length }, (_, i) => at(i)),
    *[Symbol.iterator]() {
      for (let i = 0; i < length; i++) yield at(i);
    },
  };
}

/** Scores as reported: 4 decimals. */
export const r4 = (x: number) => Math.round(x * 10000) / 10000;

/** Collapse white space for display. */
export function excerpt(text: string, start: number, end: number): string {
  return text.slice(start, end).replace(/\s+/g, ' ').trim();
}

/** The characters of `words` words of d from its word `firstWord`. */
export function passageOffsets(d: Pick<Doc, 'wordSpans' | 'words'>, firstWord: number, words: number): Offsets {
  return spanOf(d.wordSpans, d.words, firstWord, firstWord + words - 1);
}

/** Report ids of the run's reuse clusters (1-based, in report order), by cluster number. */
export type ReuseIds = ArrayLike<number>;

export function reportPair(p: PairResult, docs: Doc[], reuseIds?: ReuseIds): ReportPair {
  const A = docs[p.a];
  const B = docs[p.b];
  const s = p.scores;
  return {
    a: A.id,
    b: B.id,
    relation: p.relation,
    duplicate: p.duplicate,
    scores: {
      jaccard: r4(s.jaccard),
      containment: { a: r4(s.containment.a), b: r4(s.containment.b) },
      content: r4(s.content),
      aligned: s.aligned ? { a: r4(s.aligned.a), b: r4(s.aligned.b) } : null,
      matched: s.matched ? { a: r4(s.matched.a), b: r4(s.matched.b) } : null,
    },
    alignment: p.alignment
      ? {
          coverage: { a: r4(p.alignment.summary.coverage.a), b: r4(p.alignment.summary.coverage.b) },
          units: { ...p.alignment.summary.units },
          meanScore: r4(p.alignment.summary.meanScore),
        }
      : null,
    divergences: (p.details?.divergences ?? []).slice(0, TOP_DIVERGENCES).map((d) => ({ ...d, locations: d.locations.map((l) => ({ a: { ...l.a }, b: { ...l.b } })) })),
    derived: p.details?.derived ? reportDerived(p.details.derived, A.id, B.id) : null,
    passages: [...p.passages]
      .sort((x, y) => y.words - x.words || x.a - y.a)
      .slice(0, TOP_PASSAGES)
      .sort((x, y) => x.a - y.a)
      .map((x): ReportPassage => {
        const a = passageOffsets(A, x.a, x.words);
        const b = passageOffsets(B, x.b, x.words);
        // a passage of a reuse cluster is quoted there, once for every document that has it
        if (x.reuse !== undefined && reuseIds) return { a, b, words: x.words, reuse: reuseIds[x.reuse] };
        return { a, b, words: x.words, text: clip(excerpt(A.text(), a.start, a.end)) };
      }),
  };
}

/** A passage's text cut at a whole letter cluster (a Devanagari vowel sign stays with its letter). */
const clip = (text: string) => (text.length > PASSAGE_TEXT_MAX ? fitLength(text, PASSAGE_TEXT_MAX - 1) + '…' : text);

/** An ISO-like date as a number to compare, or NaN. */
const when = (date: string | undefined) => (date ? Date.parse(date) : NaN);

/**
 * The reuse clusters as reported: the most widely reused first (documents, then words, then where
 * they first occur), each with the text of its longest occurrence and, where documents carry dates,
 * the earliest as its likely source. Texts are read once per document, for all its clusters.
 */
export function reportReuse(reuse: ReuseResult, docs: Doc[]): { ids: Uint32Array; list: Lazy<ReportReuse> } {
  const r = reuse.clusters;
  const doc = (occ: number) => docs[reuse.docOf[r.occDoc[occ]]];
  // the longest occurrence of each cluster (the first of equals)
  const best = new Uint32Array(r.count);
  for (let c = 0; c < r.count; c++) {
    let b = r.occStart[c];
    for (let t = b + 1; t < r.occStart[c + 1]; t++) if (r.occTo[t] - r.occFrom[t] > r.occTo[b] - r.occFrom[b]) b = t;
    best[c] = b;
  }
  const words = (c: number) => r.occTo[best[c]] - r.occFrom[best[c]];
  const order = Array.from({ length: r.count }, (_, c) => c).sort(
    (x, y) => r.documents[y] - r.documents[x] || words(y) - words(x) || r.occDoc[r.occStart[x]] - r.occDoc[r.occStart[y]] || r.occFrom[r.occStart[x]] - r.occFrom[r.occStart[y]],
  );
  const ids = new Uint32Array(r.count);
  order.forEach((c, i) => (ids[c] = i + 1));
  // texts: each document read once for the clusters whose longest occurrence it has
  const texts = new Array<string>(r.count);
  const byDoc = new Map<number, number[]>();
  for (let c = 0; c < r.count; c++) {
    const d = r.occDoc[best[c]];
    const list = byDoc.get(d);
    if (list) list.push(c);
    else byDoc.set(d, [c]);
  }
  for (const [, cs] of byDoc) {
    const D = doc(best[cs[0]]);
    const text = D.text();
    for (const c of cs) {
      const o = passageOffsets(D, r.occFrom[best[c]], words(c));
      texts[c] = clip(excerpt(text, o.start, o.end));
    }
  }
  const list = lazy(r.count, (i): ReportReuse => {
    const c = order[i];
    const occurrences: ReportReuse['occurrences'] = [];
    let source: string | null = null;
    let earliest = Infinity;
    for (let t = r.occStart[c]; t < r.occStart[c + 1]; t++) {
      const D = doc(t);
      const n = r.occTo[t] - r.occFrom[t];
      const o = passageOffsets(D, r.occFrom[t], n);
      occurrences.push({ document: D.id, start: o.start, end: o.end, words: n });
      const at = when(D.date);
      if (at < earliest) {
        earliest = at;
        source = D.id;
      }
    }
    return { id: i + 1, documents: r.documents[c], words: words(c), text: texts[c], source, occurrences };
  });
  return { ids, list };
}

export function reportDerived(v: DerivedVerdict, idA: string, idB: string): ReportDerived {
  const ev = (id: string, list: Evidence[]) => list.map((e) => ({ id, kind: e.kind, text: e.text, start: e.start, end: e.end }));
  return {
    id: v.side === 'a' ? idA : v.side === 'b' ? idB : null,
    reason: v.reason,
    evidence: v.side === 'b' ? [...ev(idB, v.evidence.b), ...ev(idA, v.evidence.a)] : [...ev(idA, v.evidence.a), ...ev(idB, v.evidence.b)],
  };
}

export function buildReport(res: RunResult, o: Options, version: string, withStats = true): ReportOut {
  const reuse = reportReuse(res.reuse, res.docs);
  const duplicates = res.pairs.map((p) => reportPair(p, res.docs, reuse.ids));
  const counts = Object.fromEntries(RELATIONS.map((r) => [r, 0])) as Record<Relation, number>;
  for (const p of duplicates) counts[p.relation]++;
  counts.related = res.related.count;
  const reported = res.related.pairs.length / 2;
  const report: ReportOut = {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'dupecheck', version },
    options: { ...o, bands: bandsFor(o) },
    summary: {
      documents: res.docs.length,
      skipped: res.skipped.length,
      pairs: counts,
      duplicatePairs: duplicates.length,
      clusters: res.clusters.length,
      relatedReported: reported,
      reuse: { clusters: res.reuse.clusters.count, occurrences: res.reuse.clusters.occDoc.length, boilerplateDocs: boilerplateLimit(o, res.reuse.docOf.length) },
    },
    documents: res.docs.map((d: Doc & ArchivedFlag) => ({
      id: d.id,
      path: d.path,
      bytes: d.bytes,
      words: d.words,
      sentences: d.sentences,
      lang: d.lang,
      ...(d.encoding ? { encoding: d.encoding } : {}),
      ...(d.archived ? { archived: true } : {}),
      ...(d.alreadyArchived ? { alreadyArchived: true } : {}),
    })),
    // duplicates, then the related pairs, built as they are written
    pairs: lazy(duplicates.length + reported, (i) => (i < duplicates.length ? duplicates[i] : reportPair(res.related.at(i - duplicates.length), res.docs, reuse.ids))),
    clusters: res.clusters.map((g) => ({ documents: g.map((i) => res.docs[i].id) })),
    reuse: reuse.list,
    skipped: res.skipped, // sorted by the pipeline
  };
  if (withStats) report.stats = { ...res.stats };
  return report;
}
