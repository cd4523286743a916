/**
 * Divergent phrasings inside aligned units: a word-level diff (fast-myers-diff, Myers' O(ND)
 * algorithm, over folded, lower-cased word tokens, so punctuation, quote style, spacing and case never count)
 * reduced to minimal replaced spans with their counterpart, e.g. "sea change" / "radical change"
 * gives { a: "radical", b: "sea" }. Then aggregated per document pair: the same substitution
 * found several times (operatives -> agents) is counted once with all its locations.
 */
import { diff as myersDiff } from 'fast-myers-diff';
import type { Token } from '../text/tokenize.js';
import type { AlignUnit } from './align.js';

export interface Span {
  start: number;
  end: number;
}

/** One divergence in one unit; an empty side (start = end) is a pure insertion or deletion. */
export interface Divergence {
  a: string;
  b: string;
  spanA: Span;
  spanB: Span;
  /** does either side change a content word (not only stop words)? */
  content: boolean;
}

export interface AggregatedDivergence {
  a: string;
  b: string;
  count: number;
  locations: Array<{ a: Span; b: Span }>;
}

/**
 * Where tokens[i..j) of a text are, without the characters their neighbours also cover: Han and
 * Kana are overlapping bigrams (tokenize.ts), so "的月 月光" changed between "好的" and "。" is the
 * span "月光"; tokens that do not overlap (words) keep their own span. An empty run, or one whose
 * characters all belong to its neighbours (a character inserted), is an empty span.
 */
export function runSpan(toks: readonly Token[], i: number, j: number): Span {
  if (i >= j) {
    const at = i < toks.length ? toks[i].start : toks.length ? toks[toks.length - 1].end : 0;
    return { start: at, end: at };
  }
  let start = toks[i].start;
  let end = toks[j - 1].end;
  if (i > 0 && toks[i - 1].end > start) start = toks[i - 1].end;
  if (j < toks.length && toks[j].start < end) end = toks[j].start;
  return end > start ? { start, end } : { start, end: start };
}

/** The display text of tokens[i..j) of a text: the original characters from the first to the last. */
function spanText(text: string, toks: Token[], i: number, j: number): { text: string; span: Span } {
  const span = runSpan(toks, i, j);
  return { text: text.slice(span.start, span.end).replace(/\s+/g, ' '), span };
}

/**
 * The replaced spans [sa, ea) of a and [sb, eb) of b of a minimal word diff, in order, each a
 * maximal run of removals and insertions between two equal runs.
 */
export function replacements(a: readonly string[], b: readonly string[]): Array<[number, number, number, number]> {
  const out: Array<[number, number, number, number]> = [];
  for (const [sa, ea, sb, eb] of myersDiff(a, b)) {
    const last = out[out.length - 1];
    if (last && last[1] === sa && last[3] === sb) {
      last[1] = ea;
      last[3] = eb;
    } else out.push([sa, ea, sb, eb]);
  }
  return out;
}

/** The same diff as runs: equal, removed from a, added from b (a removal before its insertion). */
export function diffRuns(a: readonly string[], b: readonly string[]): Array<{ op: 'equal' | 'removed' | 'added'; n: number }> {
  const out: Array<{ op: 'equal' | 'removed' | 'added'; n: number }> = [];
  let ia = 0;
  for (const [sa, ea, sb, eb] of replacements(a, b)) {
    if (sa > ia) out.push({ op: 'equal', n: sa - ia });
    if (ea > sa) out.push({ op: 'removed', n: ea - sa });
    if (eb > sb) out.push({ op: 'added', n: eb - sb });
    ia = ea;
  }
  if (a.length > ia) out.push({ op: 'equal', n: a.length - ia });
  return out;
}

/** Divergences between two token lists (the two sides of one aligned unit). */
export function diffTokens(textA: string, ta: Token[], textB: string, tb: Token[]): Divergence[] {
  // most units of an edited copy are unchanged
  if (ta.length === tb.length) {
    let i = 0;
    while (i < ta.length && ta[i].word === tb[i].word) i++;
    if (i === ta.length) return [];
  }
  const reps = replacements(
    ta.map((t) => t.word),
    tb.map((t) => t.word),
  );
  const out: Divergence[] = [];
  for (let r = 0; r < reps.length; r++) {
    let [sa, ea, sb, eb] = reps[r];
    const eqBefore = sa - (r > 0 ? reps[r - 1][1] : 0);
    const eqAfter = (r + 1 < reps.length ? reps[r + 1][0] : ta.length) - ea;
    // a change inside a short quotation is reported as the whole quoted phrase on both sides:
    // "sea change" / "radical change", not "sea" / "radical"
    const q = quoteExtent(textB, tb, sb, eb) ?? quoteExtent(textA, ta, sa, ea);
    if (q && q.left <= eqBefore && q.right <= eqAfter) {
      sa -= q.left;
      sb -= q.left;
      ea += q.right;
      eb += q.right;
    } else if (ea - sa === 1 && eb - sb === 1 && eqAfter > 0 && tb[eb]?.stem) {
      // one word for one word before a shared content word is a modifier swap: keep its head
      // ("radical change" / "sea change", "September 11" / "9/11")
      ea++;
      eb++;
    }
    const A = spanText(textA, ta, sa, ea);
    const B = spanText(textB, tb, sb, eb);
    const content = ta.slice(sa, ea).some((t) => t.stem) || tb.slice(sb, eb).some((t) => t.stem);
    out.push({ a: A.text, b: B.text, spanA: A.span, spanB: B.span, content });
  }
  return out;
}

const OPEN = /["“‘«]/;
const CLOSE = /["”’»]/;
const MAX_QUOTE_WORDS = 5;

/**
 * If tokens [s, e) lie inside a quotation of at most MAX_QUOTE_WORDS words, how many tokens the
 * quotation adds on the left and on the right.
 */
function quoteExtent(text: string, toks: Token[], s: number, e: number): { left: number; right: number } | null {
  if (s >= e) return null;
  const gapBefore = (i: number) => text.slice(i > 0 ? toks[i - 1].end : 0, toks[i].start);
  const gapAfter = (i: number) => text.slice(toks[i].end, i + 1 < toks.length ? toks[i + 1].start : text.length);
  let l = s;
  while (l > 0 && s - l < MAX_QUOTE_WORDS && !OPEN.test(gapBefore(l)) && !CLOSE.test(gapBefore(l))) l--;
  if (!OPEN.test(gapBefore(l))) return null;
  let r = e - 1;
  while (r + 1 < toks.length && r - l < MAX_QUOTE_WORDS && !CLOSE.test(gapAfter(r)) && !OPEN.test(gapAfter(r))) r++;
  if (!CLOSE.test(gapAfter(r)) || r - l + 1 > MAX_QUOTE_WORDS) return null;
  return { left: s - l, right: r + 1 - e };
}

/** The tokens of a unit's sentences (one or two): the sentence's own array for one (flatMap is slow). */
function unitTokens(sents: readonly number[], tokens: Token[][]): Token[] {
  return sents.length === 1 ? tokens[sents[0]] : sents.length === 2 ? tokens[sents[0]].concat(tokens[sents[1]]) : sents.flatMap((i) => tokens[i]);
}

/** Divergences of every aligned unit (units with both sides), in order. */
export function unitDivergences(
  units: AlignUnit[],
  textA: string,
  sentTokensA: Token[][],
  textB: string,
  sentTokensB: Token[][],
): Divergence[][] {
  return units.map((u) => {
    if (!u.a.length || !u.b.length) return [];
    return diffTokens(textA, unitTokens(u.a, sentTokensA), textB, unitTokens(u.b, sentTokensB));
  });
}

const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/**
 * Aggregate per document pair: identical substitutions (compared without case and punctuation)
 * are counted together. Ranked: changes of content words before changes of stop words only
 * ("that" dropped), then by count, replacements before pure insertions or deletions, then by the
 * number of words changed, then by position.
 */
export function aggregateDivergences(all: Divergence[]): AggregatedDivergence[] {
  const by = new Map<string, AggregatedDivergence & { first: number; words: number; content: boolean }>();
  for (const d of all) {
    const na = norm(d.a);
    const nb = norm(d.b);
    const key = `${na}\u0000${nb}`;
    let g = by.get(key);
    if (!g) {
      const words = na.split(' ').filter(Boolean).length + nb.split(' ').filter(Boolean).length;
      g = { a: d.a, b: d.b, count: 0, locations: [], first: d.spanB.start, words, content: d.content };
      by.set(key, g);
    }
    g.count++;
    g.locations.push({ a: d.spanA, b: d.spanB });
  }
  return [...by.values()]
    .sort(
      (x, y) =>
        Number(y.content) - Number(x.content) ||
        y.count - x.count ||
        Number(isReplacement(y)) - Number(isReplacement(x)) ||
        y.words - x.words ||
        x.first - y.first,
    )
    .map(({ a, b, count, locations }) => ({ a, b, count, locations }));
}

function isReplacement(d: { a: string; b: string }): boolean {
  return d.a !== '' && d.b !== '';
}
