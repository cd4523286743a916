/**
 * Which copy of a reworded pair is the derived one (the machine translation)? We look for the
 * artefacts machine translation leaves and editors do not, in each text, and name the side with
 * clearly more of them, with the evidence. Too little evidence gives "undetermined" (null).
 *
 * Artefacts:
 *  - split: a sentence broken in two inside a name or title ("the Joint Comprehensive. Action
 *    plan."), seen where the alignment joins two sentences of one side against one of the other
 *    and one of the two is a fragment (a few words, or starting in lower case);
 *  - doubled: a word repeated around "or"/"and" or twice in a row ("overestimate or overestimate");
 *  - first-person: "told me" / "told us" outside quotation marks, in a text that reports;
 *  - spacing: a space before punctuation or a closing quote, inside money ("$ 7 million"), or a
 *    closing quote glued to the next word ("”said");
 *  - quotes: a paragraph whose quotation marks do not balance;
 *  - calque: a noun before the name it belongs to, in the source language's order
 *    ("the administration Trump").
 */
import { graphemeBoundary } from '../text/normalize.js';
import type { Sentence } from '../text/segment.js';
import type { AlignUnit } from './align.js';

import type { ArtefactKind } from '../types.js';

export type { ArtefactKind };

export interface Evidence {
  kind: ArtefactKind;
  /** an excerpt of the text around the artefact */
  text: string;
  start: number;
  end: number;
}

export interface DerivedVerdict {
  /** 'a' or 'b': the side likely derived; null when undetermined */
  side: 'a' | 'b' | null;
  evidence: { a: Evidence[]; b: Evidence[] };
  reason: string;
}

const excerpt = (text: string, start: number, end: number, pad = 30) => {
  // cut between graphemes: a Devanagari vowel sign or an emoji sequence stays whole
  const s = graphemeBoundary(text, Math.max(0, start - pad));
  const e = graphemeBoundary(text, Math.min(text.length, end + pad), true);
  return (s > 0 ? '…' : '') + text.slice(s, e).replace(/\s+/g, ' ').trim() + (e < text.length ? '…' : '');
};

interface Pattern {
  kind: ArtefactKind;
  re: RegExp;
}

const PATTERNS: Pattern[] = [
  { kind: 'doubled', re: /\b(\p{L}{4,})\s+(?:or|and)\s+\1\b/giu },
  { kind: 'doubled', re: /\b(\p{L}{3,})\s+\1\b/giu },
  { kind: 'spacing', re: /\$\s+\d/g },
  { kind: 'spacing', re: /\p{L}\s+[,.;:!?](?=\s|$)/gmu },
  { kind: 'spacing', re: /[“"]\s+[.,;:]/g },
  { kind: 'spacing', re: /\s“[.,;:]/g },
  { kind: 'spacing', re: /[.,]\s+\.(?=\s|$)/gm },
  // a closing quote run into the next word: an artefact in English, the norm in Chinese and
  // Japanese (“功能失调”和“混乱”的), where no space follows a quote
  { kind: 'spacing', re: /\s[”](?=[\s.,;:]|$)|[,.]\s+”(?=[^\P{L}\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}])|”(?=[^\P{L}\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}])/gu },
  { kind: 'calque', re: /\bthe (?:administration|government|regime|team|campaign|family) (?:Trump|Biden|Obama|Bush|Clinton|Putin|Johnson|Macron)\b/g },
];

const FIRST_PERSON = /\b(?:told|asked|showed|gave) (?:me|us)\b/g;

/** Artefacts found in one text on its own. */
export function textArtefacts(text: string): Evidence[] {
  const out: Evidence[] = [];
  const seen = new Set<number>();
  const add = (kind: ArtefactKind, start: number, end: number) => {
    if (seen.has(start)) return;
    seen.add(start);
    out.push({ kind, text: excerpt(text, start, end), start, end });
  };
  for (const p of PATTERNS) {
    p.re.lastIndex = 0;
    for (let m = p.re.exec(text); m; m = p.re.exec(text)) add(p.kind, m.index, m.index + m[0].length);
  }
  // "told me" outside quotation marks
  FIRST_PERSON.lastIndex = 0;
  for (let m = FIRST_PERSON.exec(text); m; m = FIRST_PERSON.exec(text)) {
    if (!insideQuote(text, m.index)) add('first-person', m.index, m.index + m[0].length);
  }
  // paragraphs with unbalanced curly quotes
  let pos = 0;
  for (const para of text.split(/\n/)) {
    const open = (para.match(/“/g) ?? []).length;
    const close = (para.match(/”/g) ?? []).length;
    if (open + close > 0 && open !== close) {
      // point at the last quotation mark of the paragraph, where the imbalance shows
      const at = pos + Math.max(para.lastIndexOf('“'), para.lastIndexOf('”'));
      add('quotes', at, at + 1);
    }
    pos += para.length + 1;
  }
  return out.sort((x, y) => x.start - y.start);
}

function insideQuote(text: string, at: number): boolean {
  const lineStart = text.lastIndexOf('\n', at) + 1;
  const before = text.slice(lineStart, at);
  const straight = (before.match(/"/g) ?? []).length;
  const open = (before.match(/“/g) ?? []).length;
  const close = (before.match(/”/g) ?? []).length;
  return straight % 2 === 1 || open > close;
}

/** Sentences one side broke in two where the other has one, the second part being a fragment. */
export function splitArtefacts(
  units: AlignUnit[],
  textA: string,
  sentsA: Sentence[],
  textB: string,
  sentsB: Sentence[],
): { a: Evidence[]; b: Evidence[] } {
  const res = { a: [] as Evidence[], b: [] as Evidence[] };
  const check = (text: string, sents: Sentence[], pair: number[], into: Evidence[]) => {
    const [x, y] = pair.map((i) => sents[i]);
    const second = text.slice(y.start, y.end);
    const words = second.split(/\s+/).filter(Boolean).length;
    const sameParagraph = x.paragraph === y.paragraph;
    if (sameParagraph && (words <= 3 || /^[\p{Ll}]/u.test(second))) {
      into.push({ kind: 'split', text: excerpt(text, x.end - 25, y.end, 10), start: x.start, end: y.end });
    }
  };
  for (const u of units) {
    if (u.a.length === 2 && u.b.length === 1) check(textA, sentsA, u.a, res.a);
    if (u.b.length === 2 && u.a.length === 1) check(textB, sentsB, u.b, res.b);
  }
  return res;
}

/** Weigh the evidence on both sides. */
export function derivedVerdict(a: Evidence[], b: Evidence[], words: { a: number; b: number }): DerivedVerdict {
  const rate = (e: Evidence[], w: number) => (e.length * 1000) / Math.max(w, 1);
  const ra = rate(a, words.a);
  const rb = rate(b, words.b);
  const kinds = (e: Evidence[]) => new Set(e.map((x) => x.kind)).size;
  const evidence = { a, b };
  // at least three artefacts of at least two kinds, and twice the other side's rate
  const decide = (x: Evidence[], rx: number, ry: number) => x.length >= 3 && kinds(x) >= 2 && rx >= 2 * ry;
  const why = (x: Evidence[], y: Evidence[]) => `${x.length} translation artefacts against ${y.length}: ${[...new Set(x.map((e) => e.kind))].join(', ')}`;
  if (decide(a, ra, rb)) return { side: 'a', evidence, reason: why(a, b) };
  if (decide(b, rb, ra)) return { side: 'b', evidence, reason: why(b, a) };
  return { side: null, evidence, reason: `undetermined: ${a.length} artefacts against ${b.length}` };
}
