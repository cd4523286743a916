/**
 * The report as data: what `--json` prints (schema in report.schema.json, documented in the
 * README) and what the terminal view renders. Everything but `stats` is a pure function of the
 * input documents' contents and the options.
 */
import type { RunResult } from '../pipeline/run.js';
import type { Options, Relation } from '../pipeline/options.js';
import { bandsFor, RELATIONS } from '../pipeline/options.js';
import type { PairResult } from '../compare/index.js';
import type { Doc } from '../pipeline/run.js';
import type { DerivedVerdict, Evidence } from '../align/index.js';
import { codePointBoundary } from '../text/normalize.js';

export const SCHEMA_VERSION = 1;
/** divergences listed per pair in the main report (`dupecheck diff` lists all) */
export const TOP_DIVERGENCES = 10;
/** shared passages listed per related pair (the longest), and the longest text quoted for each */
export const TOP_PASSAGES = 20;
export const PASSAGE_TEXT_MAX = 300;

export interface Offsets {
  start: number;
  end: number;
}

export interface ReportPassage {
  a: Offsets;
  b: Offsets;
  words: number;
  text: string;
}

export interface ReportPair {
  a: string;
  b: string;
  relation: Relation;
  duplicate: boolean;
  scores: {
    jaccard: number;
    containment: { a: number; b: number };
    content: number;
    aligned: { a: number; b: number } | null;
    matched: { a: number; b: number } | null;
  };
  alignment: {
    coverage: { a: number; b: number };
    units: Record<string, number>;
    meanScore: number;
  } | null;
  divergences: ReportDivergence[];
  derived: ReportDerived | null;
  passages: ReportPassage[];
}

export interface ReportDivergence {
  /** the phrasing in a, and its counterpart in b ('' for a pure insertion or deletion) */
  a: string;
  b: string;
  count: number;
  locations: Array<{ a: Offsets; b: Offsets }>;
}

export interface ReportDerived {
  /** id of the document likely derived (the machine translation), or null when undetermined */
  id: string | null;
  reason: string;
  evidence: Array<{ id: string; kind: string; text: string; start: number; end: number }>;
}

/**
 * `dupecheck check`: `archived` on a document that comes from the archive index, not from the
 * batch; `alreadyArchived` on a document of the batch that is itself in the archive (same path,
 * same content), and so was not compared with its archived self.
 */
export interface ArchivedFlag {
  archived?: boolean;
  alreadyArchived?: boolean;
}

export interface Report {
  schemaVersion: number;
  tool: { name: string; version: string };
  options: Options & { bands: ReturnType<typeof bandsFor> };
  summary: {
    documents: number;
    skipped: number;
    pairs: Record<Relation, number>;
    duplicatePairs: number;
    clusters: number;
  };
  documents: Array<{ id: string; path: string; bytes: number; words: number; sentences: number; lang: string; encoding?: string; archived?: boolean; alreadyArchived?: boolean }>;
  pairs: ReportPair[];
  clusters: Array<{ documents: string[] }>;
  skipped: Array<{ path: string; reason: string }>;
  stats?: Record<string, unknown>;
}

const r4 = (x: number) => Math.round(x * 10000) / 10000;

/** Collapse white space for display. */
export function excerpt(text: string, start: number, end: number): string {
  return text.slice(start, end).replace(/\s+/g, ' ').trim();
}

function passageOffsets(d: Doc, firstWord: number, words: number): Offsets {
  const n = d.wordOffsets.length / 2;
  const last = Math.min(n - 1, firstWord + words - 1);
  return { start: d.wordOffsets[2 * firstWord], end: d.wordOffsets[2 * last + 1] };
}

export function reportPair(p: PairResult, docs: Doc[]): ReportPair {
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
      .map((x) => {
        const a = passageOffsets(A, x.a, x.words);
        const b = passageOffsets(B, x.b, x.words);
        const text = excerpt(A.text(), a.start, a.end);
        return { a, b, words: x.words, text: text.length > PASSAGE_TEXT_MAX ? text.slice(0, codePointBoundary(text, PASSAGE_TEXT_MAX - 1)) + '…' : text };
      }),
  };
}

export function reportDerived(v: DerivedVerdict, idA: string, idB: string): ReportDerived {
  const ev = (id: string, list: Evidence[]) => list.map((e) => ({ id, kind: e.kind, text: e.text, start: e.start, end: e.end }));
  return {
    id: v.side === 'a' ? idA : v.side === 'b' ? idB : null,
    reason: v.reason,
    evidence: v.side === 'b' ? [...ev(idB, v.evidence.b), ...ev(idA, v.evidence.a)] : [...ev(idA, v.evidence.a), ...ev(idB, v.evidence.b)],
  };
}

export function buildReport(res: RunResult, o: Options, version: string, withStats = true): Report {
  const pairs = res.pairs.map((p) => reportPair(p, res.docs));
  const counts = Object.fromEntries(RELATIONS.map((r) => [r, 0])) as Record<Relation, number>;
  for (const p of pairs) counts[p.relation]++;
  const report: Report = {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'dupecheck', version },
    options: { ...o, bands: bandsFor(o) },
    summary: {
      documents: res.docs.length,
      skipped: res.skipped.length,
      pairs: counts,
      duplicatePairs: pairs.filter((p) => p.duplicate).length,
      clusters: res.clusters.length,
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
    pairs,
    clusters: res.clusters.map((g) => ({ documents: g.map((i) => res.docs[i].id) })),
    skipped: res.skipped, // sorted by the pipeline
  };
  if (withStats) report.stats = { ...res.stats };
  return report;
}
