/**
 * Reuse clusters and related pairs (issue 11), on batches built from the seeds' paragraphs (real
 * news text): a quote carried by many articles, a footer carried by most, furniture inside one
 * outlet, dates, the per-document cap of related pairs, and the determinism of the new JSON.
 */
import { describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { cli, fixture, ROOT, seed, tmpDir } from './helpers.js';
import { runPipeline } from '../src/pipeline/run.js';
import { buildReport, type Report } from '../src/report/model.js';
import { boilerplateLimit } from '../src/candidates/index.js';
import { DEFAULT_OPTIONS } from '../src/pipeline/options.js';

const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'src/report/report.schema.json'), 'utf8'));
const validate = new Ajv2020.default({ allErrors: true, strict: false }).compile(schema);

/** Paragraphs of at least 20 words from three outlets' stories of one speech (seeds 000, 002, 003). */
const POOL = ['000', '002', '003'].flatMap((n) =>
  seed(n)
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.split(/\s+/).length >= 20),
);
/** A quote from another article (the harbour ferry story), 17 words. */
const QUOTE = '"A boat at 5:40 in the morning is not a luxury for a nurse or a baker," the transport chair said.';
const QUOTE_WORDS = 'A boat at 5:40 in the morning is not a luxury for a nurse or a baker';

/** Article i: two paragraphs of the pool (cycling), with `extra` lines inserted between them. */
const article = (i: number, extra: string[] = []) => [POOL[(2 * i) % POOL.length], ...extra, POOL[(2 * i + 1) % POOL.length]].join('\n\n') + '\n';

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
}

function report(args: string[]): Report {
  const r = cli([...args, '--json', '--no-stats', '--fail-on', 'none']);
  expect([r.code, r.stderr]).toEqual([0, '']);
  const j = JSON.parse(r.stdout) as Report;
  if (!validate(j)) throw new Error(JSON.stringify(validate.errors));
  return j;
}

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();
const clusterWith = (r: Report, words: string) => r.reuse.filter((x) => x.text.includes(words));

describe('a quote carried by many articles', () => {
  const dir = tmpDir();
  const N = 14;
  write(dir, Object.fromEntries(Array.from({ length: N }, (_, i) => [`a${String(i).padStart(2, '0')}.txt`, article(i, [QUOTE])])));
  const r = report([dir]);
  const pathOf = new Map(r.documents.map((d) => [d.id, d.path]));

  test('is one reused passage, with every article and where in it', () => {
    expect(POOL.length).toBeGreaterThanOrEqual(2 * N);
    const [q] = clusterWith(r, QUOTE_WORDS);
    expect(clusterWith(r, QUOTE_WORDS)).toHaveLength(1);
    expect(q.documents).toBe(N);
    expect(q.occurrences).toHaveLength(N);
    for (const o of q.occurrences) {
      const text = fs.readFileSync(pathOf.get(o.document)!, 'utf8');
      // offsets point at the quote itself in each file (UTF-16 indices into the text as read)
      expect(collapse(text.slice(o.start, o.end))).toContain(QUOTE_WORDS);
      expect(o.words).toBeGreaterThanOrEqual(16);
    }
    expect(q.source).toBeNull(); // files carry no dates
    expect(r.summary.reuse.clusters).toBe(r.reuse.length);
    expect(r.summary.reuse.occurrences).toBe(r.reuse.reduce((s, x) => s + x.occurrences.length, 0));
  });

  test('all related pairs are counted; each article lists its strongest 5 partners', () => {
    const related = r.pairs.filter((p) => p.relation === 'related');
    // every pair of the fourteen shares the quote: related, or a copy (two articles may share their paragraphs)
    expect(r.summary.pairs.related + r.summary.duplicatePairs).toBeGreaterThanOrEqual((N * (N - 1)) / 2);
    expect(related.length).toBe(r.summary.relatedReported);
    expect(related.length).toBeLessThan(r.summary.pairs.related);
    // every article is in at least one listed pair, and none is listed with more partners than
    // 5 of its own plus those that chose it
    const partners = new Map<string, number>();
    for (const p of related) for (const id of [p.a, p.b]) partners.set(id, (partners.get(id) ?? 0) + 1);
    expect(partners.size).toBe(N);
    // a related pair's passages name their cluster, quoted once in `reuse`
    const ids = new Set(r.reuse.map((x) => x.id));
    for (const p of related) for (const x of p.passages) expect(ids.has(x.reuse!)).toBe(true);
  });

  test('--related all lists every pair, --related none lists none, --related 2 at most 2 of each', () => {
    const all = report([dir, '--related', 'all']);
    expect(all.summary.relatedReported).toBe(all.summary.pairs.related);
    expect(all.pairs.filter((p) => p.relation === 'related')).toHaveLength(all.summary.pairs.related);
    const none = report([dir, '--related', 'none']);
    expect(none.pairs.filter((p) => p.relation === 'related')).toHaveLength(0);
    expect(none.summary.pairs.related).toBe(all.summary.pairs.related);
    const two = report([dir, '--related', '2']);
    expect(two.summary.relatedReported).toBeLessThan(r.summary.relatedReported);
    expect(two.options.related).toBe(2);
  });

  test('--related takes n, all or none: anything else is one line, exit 2', () => {
    for (const bad of ['0', 'some', '1.5', '-1']) {
      const x = cli([dir, '--related', bad]);
      expect(x.code).toBe(2);
      expect(x.stderr.trim().split('\n')).toHaveLength(1);
      expect(x.stderr).toMatch(/--related/);
    }
  });

  test('the JSON is byte-identical whatever the order the files are given in', () => {
    const files = fs.readdirSync(dir).map((f) => path.join(dir, f));
    const a = cli(['-', '--json', '--no-stats', '--fail-on', 'none'], { input: files.join('\n') });
    const b = cli(['-', '--json', '--no-stats', '--fail-on', 'none'], { input: [...files].reverse().join('\n') });
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
  });

  test('the terminal report shows the most widely reused passage and the articles that carry it', () => {
    const t = cli([dir, '--fail-on', 'none']).stdout;
    expect(t).toMatch(/Reused passages: \d+ passages? found in \d+ places/);
    expect(t).toContain(`in ${N} documents`);
    expect(t).toContain('A boat at 5:40 in the morning');
    expect(t).toMatch(/and \d+ more/);
    expect(t).toMatch(/listed: the strongest 5 of each document; --related all for every pair/);
  });
});

describe('boilerplate: a line carried by most articles', () => {
  test('a line in more than boilerplateDocs documents is in no reused passage and makes no one related', () => {
    const dir = tmpDir();
    const n = DEFAULT_OPTIONS.boilerplateDocs + 10;
    write(dir, Object.fromEntries(Array.from({ length: n }, (_, i) => [`b${String(i).padStart(3, '0')}.txt`, article(i) + '\n' + QUOTE + '\n'])));
    const r = report([dir, '--related', 'all']);
    expect(r.summary.reuse.boilerplateDocs).toBe(DEFAULT_OPTIONS.boilerplateDocs);
    expect(clusterWith(r, QUOTE_WORDS)).toHaveLength(0);
    const quoted = new Set(r.reuse.filter((x) => x.text.includes('A boat')).map((x) => x.id));
    for (const p of r.pairs) for (const x of p.passages) expect(quoted.has(x.reuse!)).toBe(false);
    // the same line in a few of them is reuse
    const few = tmpDir();
    write(few, Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`b${i}.txt`, article(i) + '\n' + QUOTE + '\n'])));
    expect(clusterWith(report([few]), QUOTE_WORDS)[0].documents).toBe(6);
  });

  test('the limit grows with the batch: the larger of boilerplateDocs and boilerplateShare of the documents', () => {
    expect(boilerplateLimit(DEFAULT_OPTIONS, 612)).toBe(50);
    expect(boilerplateLimit(DEFAULT_OPTIONS, 10_000)).toBe(100);
    expect(boilerplateLimit(DEFAULT_OPTIONS, 50_000)).toBe(500);
    expect(boilerplateLimit({ boilerplateDocs: 50, boilerplateShare: 0.01 }, 5_001)).toBe(51);
  });
});

describe('series: furniture inside one outlet is not reuse', () => {
  const dir = tmpDir();
  // outlet a: three articles with the same closing line; outlet b: two without, then one with
  write(dir, {
    'a/1.txt': article(0, [QUOTE]),
    'a/2.txt': article(1, [QUOTE]),
    'a/3.txt': article(2, [QUOTE]),
    'b/1.txt': article(3),
    'b/2.txt': article(4),
  });

  test('without --series the line is reused by the three articles; with --series folder it is not', () => {
    expect(clusterWith(report([dir]), QUOTE_WORDS)[0].documents).toBe(3);
    const r = report([dir, '--series', 'folder', '--related', 'all']);
    expect(r.options.series).toBe('folder');
    expect(clusterWith(r, QUOTE_WORDS)).toHaveLength(0);
    const pathOf = new Map(r.documents.map((d) => [d.id, d.path]));
    const outlet = (id: string) => path.relative(dir, pathOf.get(id)!).split(path.sep)[0];
    // no pair inside one outlet is related
    for (const p of r.pairs.filter((x) => x.relation === 'related')) expect(outlet(p.a)).not.toBe(outlet(p.b));
  });

  test('the same line in another outlet is reuse, and relates only articles of different outlets', () => {
    const other = tmpDir();
    for (const f of ['a/1.txt', 'a/2.txt', 'a/3.txt', 'b/1.txt']) write(other, { [f]: fs.readFileSync(path.join(dir, f), 'utf8') });
    write(other, { 'b/2.txt': article(4, [QUOTE]) });
    const r = report([other, '--series', 'folder', '--related', 'all']);
    const [q] = clusterWith(r, QUOTE_WORDS);
    expect(q.documents).toBe(4);
    const pathOf = new Map(r.documents.map((d) => [d.id, d.path]));
    const outlet = (id: string) => path.relative(other, pathOf.get(id)!).split(path.sep)[0];
    const viaQuote = r.pairs.filter((p) => p.relation === 'related' && p.passages.some((x) => x.reuse === q.id));
    expect(viaQuote.map((p) => [outlet(p.a), outlet(p.b)].sort().join('-'))).toEqual(['a-b', 'a-b', 'a-b']);
  });

  test('JSONL articles carry their series (series, else source) and their date: the earliest is the likely source', () => {
    const docs = ['2024-03-02', '2024-03-01', '2024-03-05'].map((date, i) => {
      const text = article(i, [QUOTE]);
      return { path: `batch.jsonl#${i}`, raw: Buffer.from(text), text, date, series: `outlet${i}` };
    });
    const res = runPipeline(docs, [], DEFAULT_OPTIONS);
    const r = buildReport(res, DEFAULT_OPTIONS, '0', false);
    const q = [...r.reuse].find((x) => x.text.includes(QUOTE_WORDS))!;
    expect(q.documents).toBe(3);
    expect(r.documents.find((d) => d.id === q.source)!.path).toBe('batch.jsonl#1');
    // the same articles from one outlet reuse nothing
    const same = runPipeline(
      docs.map((d) => ({ ...d, series: 'one' })),
      [],
      DEFAULT_OPTIONS,
    );
    expect(same.reuse.clusters.count).toBe(0);
    expect(same.related.count).toBe(0);
  });
});

describe('the seeds', () => {
  const r = report(['seeds/']);
  const name = (id: string) => path.basename(r.documents.find((d) => d.id === id)!.path).slice(0, 3);

  test("Zarif's tweet and Pompeo's lines are reused passages, with the articles that carry them", () => {
    const tweet = clusterWith(r, 'No one is fooled. All 9/11 terrorists came from @SecPompeo');
    expect(tweet).toHaveLength(1);
    expect(tweet[0].occurrences.map((o) => name(o.document)).sort()).toEqual(['000', '001', '003', '004']);
    // 001, the translation, carries only the tweet's first words
    const in001 = tweet[0].occurrences.find((o) => name(o.document) === '001')!;
    expect(in001.words).toBe(8);
    // the wire's opening words, names and one verb, are what any two reports share: not reuse
    expect(clusterWith(r, 'Secretary of State Mike Pompeo on Tuesday accused Iran of')).toEqual([]);
    // 000 writes "They are partners in terrorism, partners in hate", 004 "They’re ...": one quote
    const partners = clusterWith(r, 'partners in terrorism, partners in hate');
    expect(partners).toHaveLength(1);
    expect(partners[0].occurrences.map((o) => name(o.document)).sort()).toEqual(['000', '004']);
  });

  test('what the copies 001 and 003 share is not reuse: they are one article', () => {
    const only = r.reuse.filter((x) => x.occurrences.every((o) => ['001', '003'].includes(name(o.document))));
    expect(only).toEqual([]);
  });

  test('regression: a passage whose first words a fifth article also has is found (it was split in two runs too short to count)', () => {
    // "Secretary of State Mike Pompeo on Tuesday" is in all five; "... accused Iran of" in four
    // (a phrase of names: found when passages need no plain words)
    const docs = ['000', '001', '002', '003', '004'].map((n) => ({ path: n, raw: Buffer.from(seed(n)), text: seed(n) }));
    const res = runPipeline(docs, [], { ...DEFAULT_OPTIONS, minPassagePlainWords: 0, related: 'all' });
    const related = Array.from({ length: res.related.pairs.length / 2 }, (_, t) => res.related.at(t));
    const p = related.find((x) => [res.docs[x.a].path, res.docs[x.b].path].sort().join() === '001,002');
    expect(p?.passages.map((x) => x.words)).toEqual([10]);
  });

  test('a phrase of names and stop words relates no one: 001 and 002 share only the wire opening "Secretary of State Mike Pompeo on Tuesday accused Iran of"', () => {
    const p = r.pairs.find((x) => [name(x.a), name(x.b)].sort().join() === '001,002');
    expect(p).toBeUndefined();
    // 002 and 003 still share the passages that say something
    const q = r.pairs.find((x) => [name(x.a), name(x.b)].sort().join() === '002,003')!;
    expect(q.relation).toBe('related');
    expect(q.passages.length).toBeGreaterThan(0);
  });

  test('an unrelated article shares nothing', () => {
    const dir = tmpDir();
    write(dir, { 'ferry.txt': fixture('unrelated/harbour-ferry.txt'), '003.txt': seed('003') });
    const x = report([dir]);
    expect(x.reuse).toEqual([]);
    expect(x.summary.pairs.related).toBe(0);
  });
});
