/**
 * Where a pair's copied text is in each file, as lines and columns: what CI annotations (GitHub
 * workflow commands, SARIF regions) point at. The copied text of a duplicate pair runs from the
 * first to the last sentence the alignment pairs with a sentence of the other document (the whole
 * text for identical documents, which are not aligned); a related pair's is its longest shared
 * passage (annotated when --fail-on related makes such pairs fail the run).
 */
import type { Doc } from '../model.js';
import { passageOffsets } from './model.js';
import { unitsOf } from '../align/align.js';
import type { PairResult } from '../compare/index.js';
import type { Offsets, Relation } from '../types.js';

/** A region of a text: offsets (UTF-16 code units, as in the report) and 1-based lines and columns. */
export interface TextRegion extends Offsets {
  startLine: number;
  startColumn: number;
  endLine: number;
  /** the column just after the region's last character (SARIF's endColumn) */
  endColumn: number;
}

/** One document of a pair located: the file to annotate, and whether the region's lines are that file's. */
export interface DocLocation {
  id: string;
  path: string;
  /** the file: the path, or for a JSONL article (`<file>#<id>`) the JSONL file */
  file: string;
  /** false for a JSONL article: the region is in its text, not in the file's lines */
  inFile: boolean;
  region: TextRegion;
}

export interface PairLocation {
  relation: Relation;
  a: DocLocation;
  b: DocLocation;
}

/** The 1-based line and column of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

export function regionOf(text: string, start: number, end: number): TextRegion {
  const s = lineColumn(text, start);
  const e = lineColumn(text, end);
  return { start, end, startLine: s.line, startColumn: s.column, endLine: e.line, endColumn: e.column };
}

/** The offsets of the copied text in each document of a pair (see the module's comment). */
export function copiedSpans(p: PairResult, A: Doc, B: Doc): { a: Offsets; b: Offsets } {
  if (p.relation === 'related' && p.passages.length) {
    const x = p.passages.reduce((m, q) => (q.words > m.words || (q.words === m.words && q.a < m.a) ? q : m));
    return { a: passageOffsets(A, x.a, x.words), b: passageOffsets(B, x.b, x.words) };
  }
  const whole = (d: Doc) => ({ start: 0, end: d.model.text.length });
  const units = (p.alignment ? unitsOf(p.alignment) : []).filter((u) => u.a.length > 0 && u.b.length > 0 && u.score > 0);
  if (units.length === 0) return { a: whole(A), b: whole(B) };
  const span = (d: Doc, first: number, last: number) => ({ start: d.model.sentences[first].start, end: d.model.sentences[last].end });
  const lastUnit = units[units.length - 1];
  return {
    a: span(A, units[0].a[0], lastUnit.a[lastUnit.a.length - 1]),
    b: span(B, units[0].b[0], lastUnit.b[lastUnit.b.length - 1]),
  };
}

/**
 * Where each pair's copied text is, in the order given (the report's: duplicates, then related). `fileOf` tells
 * the file of a document's path, and whether the path is that file (not a JSONL article in it).
 */
export function pairLocations(pairs: readonly PairResult[], docs: readonly Doc[], fileOf: (p: string) => { file: string; inFile: boolean }): PairLocation[] {
  const at = (d: Doc, span: Offsets): DocLocation => ({ id: d.id, path: d.path, ...fileOf(d.path), region: regionOf(d.model.text, span.start, span.end) });
  return pairs.map((p) => {
    const s = copiedSpans(p, docs[p.a], docs[p.b]);
    return { relation: p.relation, a: at(docs[p.a], s.a), b: at(docs[p.b], s.b) };
  });
}
