/**
 * `dupecheck diff A B`: the aligned pair, unit by unit. Side by side when the terminal is wide
 * enough, inline otherwise; changed words coloured like `git diff --word-diff` (a's words red,
 * b's green) or, without colour, marked [-a-] and {+b+}. Sentences without a counterpart are
 * marked "-" (only in a) or "+" (only in b).
 */
import type { ChalkInstance } from 'chalk';
import type { Token } from '../text/tokenize.js';
import type { Sentence } from '../text/segment.js';
import type { AlignUnit } from '../align/align.js';
import { diffRuns, replacements, runSpan, type AggregatedDivergence, type Divergence, type Span } from '../align/divergences.js';
import type { ReportDerived } from './model.js';
import { RELATION_LABEL } from './terminal.js';
import { displayPath } from '../read/index.js';
import type { Relation } from '../types.js';
import { displayWidth, fitWidth, visible } from './width.js';

export interface DiffSide {
  id: string;
  path: string;
  /** set when the file was decoded from something other than UTF-8 (--encoding auto) */
  encoding?: string;
  text: string;
  sentences: Sentence[];
  tokens: Token[][];
}

export interface DiffJson {
  schemaVersion: number;
  a: { id: string; path: string; encoding?: string };
  b: { id: string; path: string; encoding?: string };
  relation: Relation | 'unrelated';
  /** null for texts that are not related */
  scores: Record<string, unknown> | null;
  alignment: Array<{
    a: Array<{ text: string; start: number; end: number }>;
    b: Array<{ text: string; start: number; end: number }>;
    score: number;
    divergences: Array<{ a: string; b: string; spanA: { start: number; end: number }; spanB: { start: number; end: number } }>;
  }>;
  divergences: AggregatedDivergence[];
  derived: ReportDerived | null;
}

export function diffJson(
  a: DiffSide,
  b: DiffSide,
  relation: Relation | 'unrelated',
  scores: Record<string, unknown> | null,
  units: AlignUnit[],
  perUnit: Divergence[][],
  divergences: AggregatedDivergence[],
  derived: ReportDerived | null,
  schemaVersion: number,
): DiffJson {
  const sent = (side: DiffSide, i: number) => ({ text: side.text.slice(side.sentences[i].start, side.sentences[i].end), start: side.sentences[i].start, end: side.sentences[i].end });
  return {
    schemaVersion,
    a: { id: a.id, path: a.path, ...(a.encoding ? { encoding: a.encoding } : {}) },
    b: { id: b.id, path: b.path, ...(b.encoding ? { encoding: b.encoding } : {}) },
    relation,
    scores,
    alignment: units.map((u, k) => ({
      a: u.a.map((i) => sent(a, i)),
      b: u.b.map((j) => sent(b, j)),
      score: u.score,
      divergences: perUnit[k].map(({ a: da, b: db, spanA, spanB }) => ({ a: da, b: db, spanA, spanB })),
    })),
    divergences,
    derived,
  };
}

interface Seg {
  text: string;
  changed: boolean;
}

/**
 * Which characters of a unit's side are changed, as runs [from, to) of the text: a character is
 * changed when a changed token covers it and no unchanged one does (Han and Kana bigrams overlap:
 * one substituted character changes two bigrams, and only that character is marked).
 */
function markRuns(toks: Token[], start: number, end: number, changed: boolean[]): Array<{ from: number; to: number; changed: boolean }> {
  const mark = new Uint8Array(Math.max(0, end - start)); // 1 covered by a changed token, 2 by an unchanged one
  toks.forEach((t, i) => {
    for (let p = t.start; p < t.end; p++) mark[p - start] |= changed[i] ? 1 : 2;
  });
  const out: Array<{ from: number; to: number; changed: boolean }> = [];
  for (let p = 0, from = 0; p <= mark.length; p++) {
    if (p === mark.length || (mark[p] === 1) !== (mark[from] === 1)) {
      if (p > from) out.push({ from: start + from, to: start + p, changed: mark[from] === 1 });
      from = p;
    }
  }
  return out;
}

/** The text of a unit's side as segments, changed words marked, punctuation kept. */
function segments(text: string, toks: Token[], start: number, end: number, changed: boolean[]): Seg[] {
  const out: Seg[] = [];
  for (const r of markRuns(toks, start, end, changed)) push(out, { text: text.slice(r.from, r.to), changed: r.changed });
  return out.map((s) => ({ ...s, text: visible(s.text.replace(/\s+/g, ' ')) }));
}

/** An aligned unit as character ranges: each side's span (null when it has no sentence) and its changed runs, flattened [from, to, from, to, ...]. */
export interface UnitRanges {
  a: Span | null;
  b: Span | null;
  changedA: number[];
  changedB: number[];
}

/**
 * A unit's sides and changed words as offsets into the two texts (what the HTML report embeds),
 * marked as `renderDiff` marks them; changed runs separated only by white space are one.
 */
export function unitRanges(a: Pick<DiffSide, 'text' | 'sentences' | 'tokens'>, b: Pick<DiffSide, 'text' | 'sentences' | 'tokens'>, u: AlignUnit): UnitRanges {
  const span = (side: Pick<DiffSide, 'sentences'>, idx: number[]): Span | null => (idx.length ? { start: side.sentences[idx[0]].start, end: side.sentences[idx[idx.length - 1]].end } : null);
  const out: UnitRanges = { a: span(a, u.a), b: span(b, u.b), changedA: [], changedB: [] };
  if (!u.a.length || !u.b.length) return out;
  const A = unitText(a, u.a);
  const B = unitText(b, u.b);
  const [fa, fb] = changedFlags(A.toks, B.toks);
  const flat = (text: string, runs: ReturnType<typeof markRuns>, into: number[]) => {
    for (const r of runs) {
      if (!r.changed) continue;
      const n = into.length;
      if (n && !/\S/.test(text.slice(into[n - 1], r.from))) into[n - 1] = r.to;
      else into.push(r.from, r.to);
    }
  };
  flat(a.text, markRuns(A.toks, A.start, A.end, fa), out.changedA);
  flat(b.text, markRuns(B.toks, B.start, B.end, fb), out.changedB);
  return out;
}

function push(out: Seg[], s: Seg) {
  const last = out[out.length - 1];
  if (last && last.changed === s.changed) last.text += s.text;
  else out.push({ ...s });
}

function changedFlags(ta: Token[], tb: Token[]): [boolean[], boolean[]] {
  const fa: boolean[] = new Array(ta.length).fill(false);
  const fb: boolean[] = new Array(tb.length).fill(false);
  for (const [sa, ea, sb, eb] of replacements(ta.map((t) => t.word), tb.map((t) => t.word))) {
    fa.fill(true, sa, ea);
    fb.fill(true, sb, eb);
  }
  return [fa, fb];
}

function unitText(side: Pick<DiffSide, 'sentences' | 'tokens'>, idx: number[]): { toks: Token[]; start: number; end: number } {
  return {
    toks: idx.flatMap((i) => side.tokens[i]),
    start: side.sentences[idx[0]].start,
    end: side.sentences[idx[idx.length - 1]].end,
  };
}

/**
 * Where a line may break: after a space, and before and after each character of a script written
 * without spaces (Han, Kana, CJK punctuation and full-width forms), which has no spaces to break at.
 */
const BREAKS = /(?<= )|(?=[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\u3000-\u303f\uff00-\uffef])|(?<=[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\u3000-\u303f\uff00-\uffef])/u;

/** Wrap segments to a width in terminal columns (a wide character takes two), keeping the changed flags. */
function wrap(segs: Seg[], width: number): Seg[][] {
  const lines: Seg[][] = [[]];
  let len = 0;
  for (const s of segs) {
    for (const word of s.text.split(BREAKS)) {
      if (len + displayWidth(word.trimEnd()) > width && len > 0) {
        lines.push([]);
        len = 0;
      }
      let w = word;
      while (displayWidth(w) > width) {
        const head = fitWidth(w, width);
        lines[lines.length - 1].push({ text: head, changed: s.changed });
        lines.push([]);
        w = w.slice(head.length);
      }
      const line = lines[lines.length - 1];
      const last = line[line.length - 1];
      if (last && last.changed === s.changed) last.text += w;
      else line.push({ text: w, changed: s.changed });
      len += displayWidth(w);
    }
  }
  return lines;
}

export interface DiffViewOptions {
  width: number;
  sideBySide: boolean;
  /** colour available? without it, changes are marked [-...-] and {+...+} */
  colour: boolean;
  /** print unchanged 1-1 units too (default: only units with changes and unaligned sentences) */
  all: boolean;
}

export function renderDiff(
  a: DiffSide,
  b: DiffSide,
  relation: Relation | 'unrelated',
  header: string[],
  units: AlignUnit[],
  c: ChalkInstance,
  o: DiffViewOptions,
): string {
  const out: string[] = [];
  out.push(c.bold(`--- a: ${displayPath(a.path)}`));
  out.push(c.bold(`+++ b: ${displayPath(b.path)}`));
  out.push(relation === 'unrelated' ? c.dim('unrelated: the two texts share no passage and do not align') : c.magenta(RELATION_LABEL[relation]));
  out.push(...header);
  const del = (s: string) => (o.colour ? c.red(s) : `[-${s}-]`);
  const ins = (s: string) => (o.colour ? c.green(s) : `{+${s}+}`);
  let skipped = 0;
  const flushSkipped = () => {
    if (skipped) out.push(c.dim(`  … ${skipped} identical ${skipped === 1 ? 'unit' : 'units'}`));
    skipped = 0;
  };
  units.forEach((u, k) => {
    const label = `@@ ${k + 1} ${u.a.length}-${u.b.length}${u.a.length && u.b.length ? ` ${u.score.toFixed(2)}` : ''} @@`;
    if (!u.a.length || !u.b.length) {
      flushSkipped();
      out.push(c.cyan(label));
      const side = u.a.length ? a : b;
      const idx = u.a.length ? u.a : u.b;
      const t = unitText(side, idx);
      const mark = u.a.length ? '-' : '+';
      const colourFn = u.a.length ? c.red : c.green;
      for (const line of wrap([{ text: visible(side.text.slice(t.start, t.end).replace(/\s+/g, ' ')), changed: false }], o.width - 2)) {
        out.push(colourFn(`${mark} ${line.map((s) => s.text).join('')}`));
      }
      return;
    }
    const A = unitText(a, u.a);
    const B = unitText(b, u.b);
    const [fa, fb] = changedFlags(A.toks, B.toks);
    if (!o.all && !fa.some(Boolean) && !fb.some(Boolean)) {
      skipped++;
      return;
    }
    flushSkipped();
    out.push(c.cyan(label));
    const sa = segments(a.text, A.toks, A.start, A.end, fa);
    const sb = segments(b.text, B.toks, B.start, B.end, fb);
    if (o.sideBySide) {
      const col = Math.floor((o.width - 3) / 2);
      // without colour the markers go into the text before wrapping, so widths stay right
      const marked = (segs: Seg[], fn: (s: string) => string) => (o.colour ? segs : segs.map((x) => ({ text: x.changed ? fn(x.text) : x.text, changed: false })));
      const la = wrap(marked(sa, del), col);
      const lb = wrap(marked(sb, ins), col);
      for (let i = 0; i < Math.max(la.length, lb.length); i++) {
        const render = (line: Seg[] | undefined, fn: (s: string) => string) => {
          const l = line ?? [];
          const used = l.reduce((n, s) => n + displayWidth(s.text), 0);
          return l.map((s) => (s.changed ? fn(s.text) : s.text)).join('') + ' '.repeat(Math.max(0, col - used));
        };
        const left = render(la[i], del);
        const right = render(lb[i], ins);
        out.push(`${left} ${c.dim('│')} ${right}`.trimEnd());
      }
    } else {
      // inline, like git --word-diff: b's text with a's replaced words before b's
      out.push(`  ${inline(a.text, A.toks, b.text, B.toks, B, del, ins)}`);
    }
  });
  flushSkipped();
  return out.join('\n') + '\n';
}

/** Text of a script written without spaces at the end or start: no space is put next to a marked change there. */
const WIDE_END = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\u3000-\u303f\uff00-\uffef]$/u;
const WIDE_START = /^[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\u3000-\u303f\uff00-\uffef]/u;

function inline(
  textA: string,
  ta: Token[],
  textB: string,
  tb: Token[],
  B: { start: number; end: number },
  del: (s: string) => string,
  ins: (s: string) => string,
): string {
  let ia = 0;
  let ib = 0;
  let posB = B.start;
  let s = '';
  let afterDel = false;
  const flat = (x: string) => visible(x.replace(/\s+/g, ' '));
  for (const { op, n } of diffRuns(ta.map((t) => t.word), tb.map((t) => t.word))) {
    if (op === 'removed') {
      // b's separator first, so that "Shiite-ruled" / "Shiite-led" reads "Shiite-[-ruled-]{+led+}"
      const next = ib < tb.length ? tb[ib].start : B.end;
      s += flat(textB.slice(posB, next));
      posB = Math.max(posB, next);
      if (s && !s.endsWith(' ') && !/[-–—/(“"‘']$/.test(s) && !WIDE_END.test(s)) s += ' ';
      const gone = runSpan(ta, ia, ia + n);
      s += del(flat(textA.slice(gone.start, gone.end)));
      ia += n;
      afterDel = true;
    } else if (op === 'added') {
      const added = runSpan(tb, ib, ib + n);
      s += flat(textB.slice(posB, added.start));
      s += ins(flat(textB.slice(Math.max(posB, added.start), added.end)));
      posB = Math.max(posB, added.end);
      ib += n;
      afterDel = false;
    } else {
      const to = tb[ib + n - 1].end;
      const piece = flat(textB.slice(posB, to));
      s += (afterDel && !/^[\s,.;:!?)”"’']/.test(piece) && !WIDE_START.test(piece) ? ' ' : '') + piece;
      posB = to;
      ia += n;
      ib += n;
      afterDel = false;
    }
  }
  s += flat(textB.slice(posB, B.end));
  return s.replace(/ {2,}/g, ' ');
}
