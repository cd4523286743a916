/** Score an alignment against the hand-made gold file in fixtures/gold (sentences as exact substrings). */
import fs from 'node:fs';
import path from 'node:path';
import type { Sentence } from '../src/text/segment.js';
import type { AlignUnit } from '../src/align/align.js';
import { FIXTURES, ROOT } from './helpers.js';

export interface Gold {
  a: string;
  b: string;
  units: Array<{ a: string[]; b: string[] }>;
}

export function loadGold(name = '001-003.alignment.json'): Gold & { textA: string; textB: string } {
  const g = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'gold', name), 'utf8')) as Gold;
  return { ...g, textA: fs.readFileSync(path.join(ROOT, g.a), 'utf8'), textB: fs.readFileSync(path.join(ROOT, g.b), 'utf8') };
}

/** Our sentence indices overlapping each gold string (found in order, so repeated strings resolve). */
function locate(text: string, strings: string[][], sents: Sentence[]): number[][][] {
  let pos = 0;
  return strings.map((unit) =>
    unit.map((s) => {
      const at = text.indexOf(s, pos);
      if (at < 0) throw new Error(`gold string not found in order: ${s.slice(0, 60)}`);
      pos = at + s.length;
      // an overlap of a quote mark or two is a segmentation nuance, not a sentence
      return sents.flatMap((x, i) => (Math.min(x.end, at + s.length) - Math.max(x.start, at) > 2 ? [i] : []));
    }),
  );
}

export interface GoldScore {
  /** gold sentences of side b checked */
  total: number;
  correct: number;
  misses: Array<{ b: string; expected: number[]; got: number[] }>;
}

/**
 * For every gold sentence of side b: is the set of side-a sentences our alignment puts with it
 * (empty when unaligned) the set the gold file gives?
 */
export function scoreAgainstGold(gold: Gold & { textA: string; textB: string }, sentsA: Sentence[], sentsB: Sentence[], units: AlignUnit[]): GoldScore {
  const locA = locate(gold.textA, gold.units.map((u) => u.a), sentsA);
  const locB = locate(gold.textB, gold.units.map((u) => u.b), sentsB);
  const partner = new Map<number, number[]>();
  for (const u of units) for (const j of u.b) partner.set(j, u.a.length ? u.a : []);
  const res: GoldScore = { total: 0, correct: 0, misses: [] };
  gold.units.forEach((u, k) => {
    const expected = [...new Set(locA[k].flat())].sort((x, y) => x - y);
    locB[k].forEach((ours, m) => {
      res.total++;
      const got = [...new Set(ours.flatMap((j) => partner.get(j) ?? []))].sort((x, y) => x - y);
      if (got.join() === expected.join()) res.correct++;
      else res.misses.push({ b: u.b[m].slice(0, 70), expected, got });
    });
  });
  return res;
}
