/**
 * What the HTML report embeds for a duplicate pair (htmlData.ts): the texts once, and each unit
 * as offsets with its changed words, on the seeds; checked against the texts themselves and
 * against the divergences that the page's jump buttons point at.
 */
import { describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import { runPipeline } from '../src/pipeline/run.js';
import { readInputs } from '../src/read/index.js';
import { DEFAULT_OPTIONS } from '../src/pipeline/options.js';
import { alignedPairs, htmlExtra } from '../src/report/htmlData.js';
import { describePair, unitsOf } from '../src/align/index.js';
import { alignDocs } from '../src/compare/index.js';
import { TOP_DIVERGENCES } from '../src/types.js';
import { renderHtml } from '../src/report/html.js';
import { buildReport } from '../src/report/model.js';
import { SEEDS, seedPath } from './helpers.js';

const read = await readInputs([SEEDS], { extensions: ['txt'], ignore: [] });
const res = runPipeline(read.docs, [], DEFAULT_OPTIONS);
const extra = htmlExtra(alignedPairs(res));
const pair = res.pairs[0];
const A = res.docs[pair.a];
const B = res.docs[pair.b];

describe('the 001/003 pair as the page embeds it', () => {
  test('the texts of the two documents of the duplicate pair, once each, as read', () => {
    expect(Object.keys(extra.texts).sort()).toEqual([A.id, B.id].sort());
    expect(new Set([A.path, B.path])).toEqual(new Set([seedPath('001'), seedPath('003')]));
    expect(extra.texts[A.id]).toBe(fs.readFileSync(A.path, 'utf8'));
    expect(extra.views.map((v) => v.pair)).toEqual([0]);
  });

  test('the batch keeps the pair compactly: its units packed, the report\'s divergences only, both as computed afresh', () => {
    const fresh = alignDocs(A, B)!;
    expect(pair.alignment!.units).toBeInstanceOf(Uint32Array);
    expect(unitsOf(pair.alignment!)).toEqual(fresh.units);
    const all = describePair(fresh.units, A.model, B.model, true);
    expect(all.divergences.length).toBeGreaterThan(TOP_DIVERGENCES);
    expect(pair.details).toEqual({ divergences: all.divergences.slice(0, TOP_DIVERGENCES), derived: all.derived });
  });

  test("each unit: its sentences' span, changed runs inside it, in order, starting and ending on a character that is not a space", () => {
    const units = unitsOf(pair.alignment!);
    const view = extra.views[0].units;
    expect(view).toHaveLength(units.length);
    const sa = A.model.sentences;
    const sb = B.model.sentences;
    view.forEach(([as, ae, bs, be, score, ca, cb], k) => {
      const u = units[k];
      expect([as, ae]).toEqual(u.a.length ? [sa[u.a[0]].start, sa[u.a[u.a.length - 1]].end] : [-1, -1]);
      expect([bs, be]).toEqual(u.b.length ? [sb[u.b[0]].start, sb[u.b[u.b.length - 1]].end] : [-1, -1]);
      expect(score).toBe(Math.round(u.score * 1000) / 1000);
      for (const [runs, from, to, text] of [[ca, as, ae, extra.texts[A.id]], [cb, bs, be, extra.texts[B.id]]] as const) {
        if (from < 0) expect(runs).toEqual([]);
        let at = from;
        for (let i = 0; i < runs.length; i += 2) {
          expect(runs[i]).toBeGreaterThanOrEqual(at);
          expect(runs[i + 1]).toBeGreaterThan(runs[i]);
          expect(runs[i + 1]).toBeLessThanOrEqual(to);
          expect(text.slice(runs[i], runs[i + 1])).toBe(text.slice(runs[i], runs[i + 1]).trim());
          at = runs[i + 1];
        }
      }
    });
  });

  test('the changed runs are the divergences of the unit: each divergence has a marked word, each marked word is in a divergence', () => {
    // the batch keeps the report's divergences only: each unit's, as the page marks them
    const perUnit = describePair(unitsOf(pair.alignment!), A.model, B.model, false).perUnit;
    type S = { start: number; end: number };
    const hits = (runs: number[], s: S) => {
      for (let i = 0; i < runs.length; i += 2) if (runs[i] < s.end && s.start < runs[i + 1]) return true;
      return false;
    };
    let marks = 0;
    extra.views[0].units.forEach(([, , , , , ca, cb], k) => {
      const divs = perUnit[k];
      // a pure insertion is listed with a word of context ("base" -> "home base"): marked on one side
      for (const d of divs) expect([k, d.a, d.b, hits(ca, d.spanA) || hits(cb, d.spanB)]).toEqual([k, d.a, d.b, true]);
      for (let i = 0; i < ca.length; i += 2) expect([k, ca[i], divs.some((d) => hits([ca[i], ca[i + 1]], d.spanA))]).toEqual([k, ca[i], true]);
      for (let i = 0; i < cb.length; i += 2) expect([k, cb[i], divs.some((d) => hits([cb[i], cb[i + 1]], d.spanB))]).toEqual([k, cb[i], true]);
      marks += ca.length / 2 + cb.length / 2;
    });
    expect(marks).toBeGreaterThan(100);
  });

  test('"radical change" in one, "sea change" in the other: "radical" and "sea" are the marked words', () => {
    const [ta, tb] = [extra.texts[A.id], extra.texts[B.id]];
    const is001 = A.path === seedPath('001');
    const [t001, t003] = is001 ? [ta, tb] : [tb, ta];
    const rows = extra.views[0].units.filter(([as, ae, bs, be]) => (is001 ? ta.slice(as, ae) : tb.slice(bs, be)).includes('radical change') && (is001 ? tb.slice(bs, be) : ta.slice(as, ae)).includes('sea change'));
    expect(rows).toHaveLength(2);
    for (const [, , , , , ca, cb] of rows) {
      const [c001, c003] = is001 ? [ca, cb] : [cb, ca];
      const words = (t: string, runs: number[]) => runs.filter((_, i) => i % 2 === 0).map((s, i) => t.slice(s, runs[2 * i + 1]));
      expect(words(t001, c001)).toContain('radical');
      expect(words(t003, c003)).toContain('sea');
      expect(words(t003, c003)).not.toContain('sea change');
    }
  });
});

describe('the page', () => {
  test('the data is embedded once, and every "<" of it escaped', () => {
    const html = renderHtml(buildReport(res, DEFAULT_OPTIONS, '0.0.0', false), extra, 'seeds');
    const data = /<script type="application\/json" id="dupecheck-data">([^<]*)<\/script>/.exec(html);
    expect(data).not.toBeNull();
    const parsed = JSON.parse(data![1]) as { texts: Record<string, string>; report: { documents: unknown[] } };
    expect(parsed.texts[A.id]).toBe(A.model.text);
    expect(parsed.report.documents).toHaveLength(5);
    // the seeds' texts, once each: 003's headline is in the file once
    const headline = A.model.text.slice(0, 40);
    expect(html.split(JSON.stringify(headline).slice(1, -1)).length - 1).toBe(1);
  });
});
