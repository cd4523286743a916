/**
 * The archive's behaviour, one suite for both backends: index.test.ts runs it on SQLite files,
 * index.pg.test.ts on schemas of a throwaway PostgreSQL cluster. `fresh()` names a new index that
 * does not exist yet.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { cli, ROOT, seed, seedPath, tmpDir } from './helpers.js';
import { ajv, cliAsync, docOf, indexStats, oneLine, seedNo, sleep, slowAddUnderway, tryStats, validate, writeDocs, type Report, type ReportDoc } from './indexHelpers.js';

export interface SuiteBackend {
  name: string;
  fresh(): string;
}

export function indexSuite({ name, fresh }: SuiteBackend): void {
  describe(`the archive on ${name}`, () => {
    describe('a batch against the archive (the seeds)', () => {
      const dir = tmpDir('dupecheck-index-');
      let db = '';
      beforeAll(() => {
        db = fresh();
        const r = cli(['index', 'add', seedPath('000'), seedPath('002'), seedPath('003'), '--index', db]);
        expect(r.code).toBe(0);
        expect(r.stdout).toContain('added 3 documents');
      });

      test('001 is caught as a reworded copy of the archived 003: exit 1, JSON valid, 003 marked archived', () => {
        const r = cli(['check', seedPath('001'), seedPath('004'), '--index', db, '--json']);
        expect(r.code).toBe(1);
        expect(r.stderr).toBe('');
        const report = JSON.parse(r.stdout) as Report;
        if (!validate(report)) throw new Error(ajv.errorsText(validate.errors));
        const dups = report.pairs.filter((p) => p.duplicate);
        expect(dups).toHaveLength(1);
        expect(dups[0].relation).toBe('reworded');
        const [a, b] = [docOf(report, dups[0].a), docOf(report, dups[0].b)];
        expect([seedNo(a), seedNo(b)].sort()).toEqual(['001', '003']);
        for (const d of report.documents) expect(!!d.archived).toBe(['000', '002', '003'].includes(seedNo(d)));
        expect(report.documents.filter((d) => !d.archived).map(seedNo).sort()).toEqual(['001', '004']);
      });

      test('004 alone: nothing found, exit 0; --fail-on related makes its shared quotes count', () => {
        const r = cli(['check', seedPath('004'), '--index', db]);
        expect(r.code).toBe(0);
        expect(r.stdout).toContain('No duplicates found.');
        expect(cli(['check', seedPath('004'), '--index', db, '--fail-on', 'related']).code).toBe(1);
      });

      test('the terminal report marks archived documents; --fail-on near-duplicate lets a reworded copy pass', () => {
        const r = cli(['check', seedPath('001'), '--index', db]);
        expect(r.code).toBe(1);
        expect(r.stdout).toMatch(/003_7e85eb1b6bb64eea\.txt \[archived\]/);
        expect(r.stdout).toMatch(/reworded copy/);
        expect(cli(['check', seedPath('001'), '--index', db, '--fail-on', 'near-duplicate']).code).toBe(0);
      });
    });

    describe('adding', () => {
      test('the same content twice is a no-op, and stats says so', () => {
        const db = fresh();
        expect(cli(['index', 'add', 'seeds/', '--index', db]).stdout).toMatch(/^added 5 documents .*\(0 already there\); it holds 5 documents/);
        const copy = path.join(tmpDir('dupecheck-index-'), 'copy-of-003.txt');
        fs.copyFileSync(seedPath('003'), copy);
        const again = cli(['index', 'add', 'seeds/', copy, '--index', db]);
        expect(again.code).toBe(0);
        expect(again.stdout).toMatch(/^added 0 documents .*\(6 already there\); it holds 5 documents/);
        const s = indexStats(db);
        expect(s.documents).toBe(5);
        expect(s.schemaVersion).toBe(1);
        expect(s.params).toMatchObject({ shingleSize: 5, numPerm: 128, seed: 1, bands: { shingles: { bands: expect.any(Number) } } });
      });

      test('two writers at once on one new index lose nothing', async () => {
        const dir = tmpDir('dupecheck-index-');
        const db = fresh();
        writeDocs(path.join(dir, 'a'), 20, 0);
        writeDocs(path.join(dir, 'b'), 20, 20);
        const env = { DUPECHECK_TEST_ADD_CHUNK: '1' }; // one transaction per document: they interleave
        const runs = [cliAsync(['index', 'add', path.join(dir, 'a'), '--index', db], env), cliAsync(['index', 'add', path.join(dir, 'b'), '--index', db], env)];
        const results = await Promise.all(runs.map((r) => r.done));
        for (const r of results) expect([r.code, r.stderr]).toEqual([0, '']);
        expect(indexStats(db).documents).toBe(40);
      });

      test('a batch of 123 documents (11,000 band keys, looked up in ranges) finds its 3 near-copies of archived documents, and only them', () => {
        const dir = tmpDir('dupecheck-index-');
        const db = fresh();
        const archived = writeDocs(path.join(dir, 'archive'), 150, 0);
        expect(cli(['index', 'add', path.join(dir, 'archive'), '--index', db]).code).toBe(0);
        const batch = path.join(dir, 'batch');
        writeDocs(batch, 120, 150);
        // three archived documents with a few words changed, under other names
        const copied = [7, 77, 140];
        for (const k of copied) {
          const words = fs.readFileSync(archived[k], 'utf8').split(' ');
          for (const w of [10, 40, 70]) words[w] = 'changed';
          fs.writeFileSync(path.join(batch, `copy-of-${k}.txt`), words.join(' '));
        }
        type Checked = Report & { stats: { candidates: { archive: { lookups: number; candidatePairs: number } } } };
        const check = (paths: string[]) => JSON.parse(cli(['check', ...paths, '--index', db, '--json']).stdout) as Checked;
        const report = check([batch]);
        expect(report.stats.candidates.archive.lookups).toBeGreaterThan(10_000);
        // the copies' band keys lead to their originals and no other key leads anywhere
        expect(report.stats.candidates.archive.candidatePairs).toBe(copied.length);
        // each half (under 6,000 keys) is looked up in one range: the candidates a document gets do
        // not depend on the rest of its batch, so the halves' add up to the whole's
        const files = fs.readdirSync(batch).sort().map((f) => path.join(batch, f));
        const halves = [files.slice(0, 61), files.slice(61)].map((h) => check(h).stats.candidates.archive);
        expect(halves[0].lookups + halves[1].lookups).toBe(report.stats.candidates.archive.lookups);
        expect(halves[0].candidatePairs + halves[1].candidatePairs).toBe(report.stats.candidates.archive.candidatePairs);
        const found = report.pairs
          .filter((p) => p.duplicate)
          .map((p) => [docOf(report, p.a), docOf(report, p.b)].map((d) => path.basename(d.path)).sort().join(' ~ '))
          .sort();
        expect(found).toEqual(copied.map((k) => `copy-of-${k}.txt ~ doc${k}.txt`).sort());
      });

      test('four writers at once, their batches overlapping, store each document once: exact counts', async () => {
        const dir = tmpDir('dupecheck-index-');
        const db = fresh();
        writeDocs(path.join(dir, 'shared'), 10, 100);
        const runs = [0, 1, 2, 3].map((w) => {
          writeDocs(path.join(dir, `w${w}`), 15, w * 15);
          return cliAsync(['index', 'add', path.join(dir, `w${w}`), path.join(dir, 'shared'), '--index', db], { DUPECHECK_TEST_ADD_CHUNK: '2' });
        });
        const results = await Promise.all(runs.map((r) => r.done));
        for (const r of results) expect([r.code, r.stderr]).toEqual([0, '']);
        // every writer read its 25 documents; between them they added the 70 distinct ones, once
        const added = results.map((r) => Number(/^added (\d+) documents? .*\((\d+) already there\)/.exec(r.stdout)![1]));
        expect(added.reduce((a, b) => a + b, 0)).toBe(70);
        expect(indexStats(db).documents).toBe(70);
        const listed = JSON.parse(cli(['index', 'list', '--index', db, '--json']).stdout) as Array<{ id: string }>;
        expect(new Set(listed.map((d) => d.id)).size).toBe(70);
      });

      test('a hostile path and JSONL id (quotes, semicolons, SQL) are stored verbatim, as text', () => {
        const dir = tmpDir('dupecheck-index-');
        const db = fresh();
        const hostile = path.join(dir, `it's"; DROP TABLE documents; --.txt`);
        fs.writeFileSync(hostile, seed('003'));
        const jsonl = path.join(dir, 'feed.jsonl');
        const id = `x'); DELETE FROM bands; --`;
        fs.writeFileSync(jsonl, JSON.stringify({ id, text: seed('000'), title: `Robert'); DROP TABLE meta;--` }) + '\n');
        expect(cli(['index', 'add', hostile, '--jsonl', jsonl, '--index', db]).code).toBe(0);
        const listed = JSON.parse(cli(['index', 'list', '--index', db, '--json']).stdout) as Array<{ path: string; title?: string }>;
        expect(listed.map((d) => d.path).sort()).toEqual([`${jsonl}#${id}`, hostile].sort());
        expect(listed.find((d) => d.path.endsWith(id))!.title).toBe(`Robert'); DROP TABLE meta;--`);
        // the tables are all there: 001 is still caught against the archived 003, by its band keys
        const r = cli(['check', seedPath('001'), '--index', db, '--json']);
        expect(r.code).toBe(1);
        expect((JSON.parse(r.stdout) as Report).documents.map((d) => d.path)).toContain(hostile);
        expect(cli(['index', 'remove', hostile, '--index', db]).code).toBe(0);
        expect(indexStats(db).documents).toBe(1);
      });

      test('regression: an add stopped by SIGTERM (a cancelled CI job) says how many documents it committed (review: exit 143 without a word)', async () => {
        const dir = tmpDir('dupecheck-index-');
        const db = fresh();
        writeDocs(path.join(dir, 'in'), 20);
        const run = await slowAddUnderway(path.join(dir, 'in'), db, 250);
        run.child.kill('SIGTERM');
        const r = await run.done;
        expect(r.code).toBe(143);
        const m = /^dupecheck: interrupted \(SIGTERM\): (\d+) documents of this add were committed and are kept; run the same add again to store the rest$/m.exec(r.stderr);
        expect(m).not.toBeNull();
        expect(Number(m![1])).toBe(indexStats(db).documents);
        expect(Number(m![1])).toBeGreaterThanOrEqual(4);
      });

      test('an add killed with SIGKILL leaves an index that answers; adding again completes it without doubles', async () => {
        const dir = tmpDir('dupecheck-index-');
        const db = fresh();
        const docs = writeDocs(path.join(dir, 'in'), 22);
        fs.copyFileSync(docs[0], path.join(dir, 'in', 'same-as-doc0.txt'));
        fs.copyFileSync(docs[1], path.join(dir, 'in', 'same-as-doc1.txt'));
        const run = await slowAddUnderway(path.join(dir, 'in'), db, 250);
        run.child.kill('SIGKILL');
        const killed = await run.done;
        expect(killed.signal).toBe('SIGKILL');
        const partial = indexStats(db).documents; // opens and answers
        expect(partial).toBeGreaterThanOrEqual(4);
        expect(partial).toBeLessThan(22);
        // a copy of the archived doc0 under another name: identical to it
        const copy = JSON.parse(cli(['check', path.join(dir, 'in', 'same-as-doc0.txt'), '--index', db, '--json']).stdout) as Report;
        expect(copy.pairs.filter((p) => p.relation === 'identical').map((p) => [docOf(copy, p.a), docOf(copy, p.b)].map((d) => path.basename(d.path)).sort())).toEqual([['doc0.txt', 'same-as-doc0.txt']]);
        const again = cli(['index', 'add', path.join(dir, 'in'), '--index', db]);
        expect(again.code).toBe(0);
        expect(again.stdout).toContain(`added ${22 - partial} documents`);
        expect(indexStats(db).documents).toBe(22);
        const listed = JSON.parse(cli(['index', 'list', '--index', db, '--json']).stdout) as Array<{ id: string }>;
        expect(new Set(listed.map((d) => d.id)).size).toBe(22);
      });

      test('check --add stores the batch after the check; remove takes ids or paths, all or nothing', () => {
        const db = fresh();
        cli(['index', 'add', seedPath('003'), '--index', db]);
        const r = cli(['check', seedPath('001'), seedPath('004'), '--index', db, '--add']);
        expect(r.code).toBe(1);
        expect(r.stderr).toContain('added 2 documents');
        expect(indexStats(db).documents).toBe(3);
        // checked again, 004 is archived itself: not compared with itself
        const again = JSON.parse(cli(['check', seedPath('004'), '--index', db, '--json']).stdout) as Report;
        expect(again.pairs.map((p) => p.relation)).not.toContain('identical');
        expect(again.documents.find((d) => !d.archived)).toMatchObject({ path: seedPath('004'), alreadyArchived: true });
        const id004 = again.documents.find((d) => !d.archived)!.id;
        const bad = cli(['index', 'remove', id004, 'no-such-doc', '--index', db]);
        expect(bad.code).toBe(2);
        oneLine(bad.stderr);
        // where to look (review: a path as written from another folder was just "not in")
        expect(bad.stderr).toMatch(/: no-such-doc \(nothing removed; paths are matched as stored, from the folder index add ran in, and ids in full: dupecheck index list shows both\)\n$/);
        expect(indexStats(db).documents).toBe(3);
        expect(cli(['index', 'remove', id004, seedPath('003'), '--index', db]).code).toBe(0);
        expect(indexStats(db).documents).toBe(1);
        expect(cli(['check', seedPath('004'), '--index', db]).code).toBe(0);
      });
      test('regression: a check --add checks again when another runner added during its check, and then finds that runner\'s copy (review: two at once never saw each other)', async () => {
        const dir = tmpDir('dupecheck-index-');
        const db = fresh();
        cli(['index', 'add', seedPath('004'), '--index', db]);
        // this runner checks 001 and waits before its add; meanwhile another adds 003, of which 001 is a reworded copy
        const gate = path.join(dir, 'go');
        const run = cliAsync(['check', seedPath('001'), '--add', '--index', db, '--json'], { DUPECHECK_TEST_BEFORE_ADD: gate });
        for (let t = 0; !fs.existsSync(`${gate}.ready`) && t < 600; t++) await sleep(50);
        expect(fs.existsSync(`${gate}.ready`)).toBe(true);
        expect(cli(['index', 'add', seedPath('003'), '--index', db]).code).toBe(0);
        fs.writeFileSync(gate, '');
        const r = await run.done;
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(/^dupecheck: another runner wrote to .* during the check, which may have missed its documents: checking again \(2 of at most 5\)$/m);
        expect(r.stderr).toMatch(/added 1 document /);
        const report = JSON.parse(r.stdout) as Report;
        expect(report.pairs.filter((p) => p.duplicate).map((p) => [p.relation, seedNo(docOf(report, p.a)), seedNo(docOf(report, p.b))].join(' '))).toEqual(['reworded 001 003']);
        expect(indexStats(db).documents).toBe(3);
      });

      test('regression: a check --add succeeds while another runner keeps writing (a bulk load): its last attempt locks writers out (re-review: "other runners wrote to it during each of 5 checks", exit 2)', async () => {
        const dir = tmpDir('dupecheck-index-');
        const db = fresh();
        writeDocs(path.join(dir, 'load'), 150, 0);
        writeDocs(path.join(dir, 'batch'), 100, 1000);
        expect(cli(['index', 'add', seedPath('004'), '--index', db]).code).toBe(0);
        // a transaction per document, one every ~50 ms: every check of the batch is overtaken
        const loader = cliAsync(['index', 'add', path.join(dir, 'load'), '--index', db], { DUPECHECK_TEST_ADD_CHUNK: '1', DUPECHECK_TEST_SLOW_ADD: '50' });
        for (let t = 0; t < 100 && tryStats(db) < 5; t++) await sleep(100);
        const r = cli(['check', path.join(dir, 'batch'), '--add', '--index', db, '--no-progress']);
        expect(r.code).toBe(0);
        // each line a re-check or the add (on this machine: 2, 3, 4 of at most 5, then 5 of 5 with writers locked out)
        for (const line of r.stderr.trimEnd().split('\n')) expect(line).toMatch(/^dupecheck: (another runner wrote to .* checking again \(\d of (at most 5|5, with the index locked for writers)\)|added 100 documents to .* \(0 already there\))$/);
        const l = await loader.done;
        expect([l.code, l.stderr]).toEqual([0, '']);
        expect(indexStats(db).documents).toBe(251);
      });

      test('regression: remove takes a path as check compares it (./articles/a.txt for articles/a.txt)', () => {
        const db = fresh();
        const stored = path.relative(ROOT, seedPath('000')); // cli runs in ROOT
        expect(cli(['index', 'add', stored, '--index', db]).code).toBe(0);
        const r = cli(['index', 'remove', `./${stored}`, '--index', db]);
        expect([r.code, r.stderr]).toEqual([0, '']);
        expect(indexStats(db).documents).toBe(0);
      });
    });

    describe('parameters', () => {
      let db = '';
      beforeAll(() => {
        db = fresh();
        expect(cli(['index', 'add', seedPath('003'), '--index', db, '--shingle-size', '5', '--num-perm', '128']).code).toBe(0);
      });
      test.each([
        [['--shingle-size', '4'], /^dupecheck: index .* was built with --shingle-size 5, not 4 /],
        [['--num-perm', '64'], /^dupecheck: index .* was built with --num-perm 128, not 64 /],
        [['--threshold', '0.7'], /was built with --threshold 0\.5, not 0\.7/],
      ])('a mismatch is exit 2 with a clear message: %j', (args, message) => {
        for (const cmd of [['check', seedPath('001')], ['index', 'add', seedPath('001')]]) {
          const r = cli([...cmd, '--index', db, ...args]);
          expect(r.code).toBe(2);
          expect(r.stderr).toMatch(message);
          oneLine(r.stderr);
        }
        expect(indexStats(db).documents).toBe(1);
      });
      test("options left out are the index's", () => {
        const db4 = fresh();
        expect(cli(['index', 'add', seedPath('003'), '--index', db4, '--shingle-size', '4']).code).toBe(0);
        const r = cli(['check', seedPath('001'), '--index', db4, '--json']);
        expect(r.code).toBe(1);
        expect(JSON.parse(r.stdout).options.shingleSize).toBe(4);
      });
    });

    describe('--jsonl batches', () => {
      const dir = tmpDir('dupecheck-index-');
      let db = '';
      const line = (o: object) => JSON.stringify(o);
      beforeAll(() => {
        db = fresh();
        const archive = path.join(dir, 'archive.jsonl');
        fs.writeFileSync(archive, [line({ id: 'nbc-1', text: seed('003'), title: 'NBC', url: 'https://example.org/3', date: '2021-01-12' }), line({ id: 2, text: seed('000') })].join('\n') + '\n');
        expect(cli(['index', 'add', '--jsonl', archive, '--index', db]).code).toBe(0);
      });
      test('articles are checked as <file>#<id>; title, url and date are kept in the index', () => {
        const batch = path.join(dir, 'batch.jsonl');
        fs.writeFileSync(batch, [line({ id: 'a1', text: seed('001'), title: 'Pompeo, translated' }), '', line({ id: 'a2', text: seed('004'), title: 'DW' })].join('\n'));
        const r = cli(['check', '--jsonl', batch, '--index', db, '--json']);
        expect(r.code).toBe(1);
        const report = JSON.parse(r.stdout) as Report;
        expect(validate(report)).toBe(true);
        const dup = report.pairs.find((p) => p.duplicate)!;
        expect([docOf(report, dup.a).path, docOf(report, dup.b).path].sort()).toEqual([`${path.join(dir, 'archive.jsonl')}#nbc-1`, `${batch}#a1`]);
        expect(report.documents.find((d) => d.path.endsWith('#nbc-1'))!.archived).toBe(true);
        const listed = JSON.parse(cli(['index', 'list', '--index', db, '--json']).stdout);
        expect(listed).toContainEqual(expect.objectContaining({ path: `${path.join(dir, 'archive.jsonl')}#nbc-1`, title: 'NBC', url: 'https://example.org/3', date: '2021-01-12' }));
      });
      test('standard input, as stdin#<id>', () => {
        const r = cli(['check', '--jsonl', '-', '--index', db, '--json'], { input: line({ id: 'x', text: seed('001') }) + '\n' });
        expect(r.code).toBe(1);
        expect((JSON.parse(r.stdout) as Report).documents.map((d) => d.path)).toContain('stdin#x');
      });
      test('a file (or standard input) that starts with a UTF-8 BOM is read, as a text file is', () => {
        const bom = path.join(dir, 'batch-bom.jsonl');
        const content = '\uFEFF' + [line({ id: 'b1', text: seed('001') }), line({ id: 'b2', text: seed('004') })].join('\r\n') + '\r\n';
        fs.writeFileSync(bom, content);
        const r = cli(['check', '--jsonl', bom, '--index', db, '--json']);
        expect([r.code, r.stderr]).toEqual([1, '']);
        expect((JSON.parse(r.stdout) as Report).documents.map((d) => d.path)).toEqual(expect.arrayContaining([`${bom}#b1`, `${bom}#b2`]));
        const fromStdin = cli(['check', '--jsonl', '-', '--index', db, '--json'], { input: content });
        expect([fromStdin.code, fromStdin.stderr]).toEqual([1, '']);
        expect((JSON.parse(fromStdin.stdout) as Report).documents.map((d) => d.path)).toContain('stdin#b1');
        const db2 = fresh();
        const add = cli(['index', 'add', '--jsonl', bom, '--index', db2]);
        expect([add.code, add.stderr]).toEqual([0, '']);
        expect(JSON.parse(cli(['index', 'list', '--index', db2, '--json']).stdout).map((d: { path: string }) => d.path).sort()).toEqual([`${bom}#b1`, `${bom}#b2`]);
      });
      test('so is the BOM of a second file joined to the first (cat a.jsonl b.jsonl)', () => {
        const joined = path.join(dir, 'batch-joined.jsonl');
        fs.writeFileSync(joined, '\uFEFF' + line({ id: 'c1', text: seed('004') }) + '\n\uFEFF' + line({ id: 'c2', text: seed('002') }) + '\n');
        const r = cli(['check', '--jsonl', joined, '--index', db, '--json']);
        expect([r.code, r.stderr]).toEqual([0, '']);
        expect((JSON.parse(r.stdout) as Report).documents.filter((d) => !d.archived).map((d) => d.path).sort()).toEqual([`${joined}#c1`, `${joined}#c2`]);
      });
      test.each([
        ['{"id": "a", "text": "fine text here"}\n\n{"id": "b", text: "x"}\n', /batch-bad\.jsonl line 3: not valid JSON/],
        ['{"id": "a", "text": "fine text here"}\n["not", "an", "object"]\n', /line 2: expected an object/],
        ['{"id": "a"}\n', /line 1: "text" must be a string/],
        ['{"id": "a", "text": "one"}\n{"id": "a", "text": "two"}\n', /line 2: duplicate id "a" \(first on line 1\)/],
      ])('a bad line is exit 2 naming it: %j', (content, message) => {
        const bad = path.join(dir, 'batch-bad.jsonl');
        fs.writeFileSync(bad, content);
        for (const cmd of [['check'], ['index', 'add']]) {
          const r = cli([...cmd, '--jsonl', bad, '--index', db]);
          expect(r.code).toBe(2);
          expect(r.stderr).toMatch(message);
          oneLine(r.stderr);
        }
        expect(indexStats(db).documents).toBe(2);
      });
    });

    describe('lists of paths on standard input', () => {
      test('NUL-separated (git diff -z, find -print0): names with non-ASCII, quotes, edge spaces or newlines are read as they are', () => {
        const dir = tmpDir('dupecheck-index-');
        const db = fresh();
        const names = ['café report.txt', 'he said "no".txt', ' leading and trailing space .txt', 'two\nlines.txt'];
        const files = names.map((n, k) => {
          const p = path.join(dir, 'articles', n);
          fs.mkdirSync(path.dirname(p), { recursive: true });
          fs.writeFileSync(p, seed(['000', '002', '003', '004'][k]));
          return p;
        });
        const add = cli(['index', 'add', '-', '--index', db], { input: files.slice(0, 2).join('\0') + '\0' });
        expect([add.code, add.stderr]).toEqual([0, '']);
        expect(add.stdout).toContain('added 2 documents');
        const copy = path.join(dir, 'articles', 'copie de café report.txt');
        fs.copyFileSync(files[0], copy);
        const r = cli(['check', '-', '--index', db, '--json'], { input: [...files.slice(2), copy].join('\0') }); // no final NUL
        expect(r.stderr).toBe('');
        expect(r.code).toBe(1); // the copy
        const report = JSON.parse(r.stdout) as Report;
        expect(report.documents.filter((d) => !d.archived).map((d) => d.path).sort()).toEqual([...files.slice(2), copy].sort());
        expect(report.documents.filter((d) => d.archived).map((d) => d.path)).toContain(files[0]);
      });
      test('newline-separated with a BOM (PowerShell), CRLF and blank lines', () => {
        const db = fresh();
        const r = cli(['index', 'add', '-', '--index', db], { input: `\uFEFF${seedPath('003')}\r\n\r\n${seedPath('004')}\r\n` });
        expect([r.code, r.stderr]).toEqual([0, '']);
        expect(r.stdout).toContain('added 2 documents');
      });
    });

    describe('a document checked that is already archived (same path, same content)', () => {
      type Doc = ReportDoc & { alreadyArchived?: boolean };
      const dir = tmpDir('dupecheck-index-');
      let db = '';
      const rel = (p: string) => path.relative(ROOT, p); // cli runs in ROOT
      beforeAll(() => {
        db = fresh();
        // 001 is a reworded copy of 003; 004 only shares quotes with them
        expect(cli(['index', 'add', rel(seedPath('003')), rel(seedPath('004')), '--index', db]).code).toBe(0);
      });

      test('is not reported as a duplicate of itself: exit 0, marked already archived', () => {
        for (const given of [rel(seedPath('004')), `./${rel(seedPath('004'))}`, seedPath('004')]) {
          const r = cli(['check', given, '--index', db, '--json']);
          expect([r.code, r.stderr]).toEqual([0, '']);
          const report = JSON.parse(r.stdout) as Report & { documents: Doc[] };
          if (!validate(report)) throw new Error(ajv.errorsText(validate.errors));
          expect(report.pairs.filter((p) => p.duplicate)).toEqual([]);
          expect(report.documents.filter((d) => !d.archived)).toEqual([expect.objectContaining({ path: given, alreadyArchived: true })]);
        }
        const t = cli(['check', rel(seedPath('004')), '--index', db]);
        expect(t.code).toBe(0);
        expect(t.stdout).toContain('Checked 1 document (it is already archived: not compared with itself) against 2 archived documents');
        expect(t.stdout).toContain('No duplicates found.');
        expect(t.stdout).not.toMatch(/<->/);
      });

      test('checked from another folder than index add ran in: reported as copies, with a note that says why (user review)', () => {
        // added from the top as seeds/003..., checked from inside seeds/ as 003...: the paths name
        // no common file from here, so the documents are copies of the archived ones, not themselves
        const r = cli(['check', '.', '--index', db, '--json', '--no-progress'], { cwd: path.dirname(seedPath('003')) });
        expect(r.code).toBe(1);
        oneLine(r.stderr);
        expect(r.stderr).toBe(
          `dupecheck: 2 checked documents have the content of an archived document stored under a path that names no file from this folder (${path.basename(seedPath('003'))} is archived as ${rel(seedPath('003'))}): index add keeps paths as given, so run check from the folder it was run in; until then they are reported as copies of the archived ones\n`,
        );
        // from the top, the same files are themselves: no note
        const top = cli(['check', path.dirname(rel(seedPath('003'))), '--index', db, '--json']);
        expect(top.stderr).toBe('');
      });

      test('regression: no such note for another file of the same name (2025/story.txt archived and removed, 2026/story.txt the same text; re-review)', () => {
        const work = tmpDir('dupecheck-index-');
        const db2 = fresh();
        fs.mkdirSync(path.join(work, '2025'));
        fs.mkdirSync(path.join(work, '2026'));
        fs.writeFileSync(path.join(work, '2025', 'story.txt'), seed('000'));
        expect(cli(['index', 'add', '2025', '--index', db2], { cwd: work }).code).toBe(0);
        fs.rmSync(path.join(work, '2025', 'story.txt'));
        fs.writeFileSync(path.join(work, '2026', 'story.txt'), seed('000'));
        const r = cli(['check', '2026', '--index', db2, '--no-progress'], { cwd: work });
        expect([r.code, r.stderr]).toEqual([1, '']);
      });

      test('is still compared with the other archived documents and with the batch', () => {
        const both = fresh();
        expect(cli(['index', 'add', seedPath('003'), seedPath('001'), '--index', both]).code).toBe(0);
        const r = cli(['check', seedPath('001'), seedPath('000'), '--index', both, '--json']);
        expect(r.code).toBe(1);
        const report = JSON.parse(r.stdout) as Report & { documents: Doc[] };
        const dups = report.pairs.filter((p) => p.duplicate).map((p) => [docOf(report, p.a), docOf(report, p.b)].map((d: Doc) => `${seedNo(d)}${d.archived ? ' archived' : ''}${d.alreadyArchived ? ' already' : ''}`).sort());
        expect(dups).toEqual([['001 already', '003 archived']]);
      });

      test('the same content under another path is a duplicate, reported against the archived one', () => {
        const copy = path.join(dir, 'copy-of-004.txt');
        fs.copyFileSync(seedPath('004'), copy);
        for (const batch of [[copy], [copy, rel(seedPath('004'))], [rel(seedPath('004')), copy]]) {
          const r = cli(['check', ...batch, '--index', db, '--json']);
          expect(r.code).toBe(1);
          const report = JSON.parse(r.stdout) as Report & { documents: Doc[] };
          const pairs = report.pairs.map((p) => [docOf(report, p.a), docOf(report, p.b)].map((d: Doc) => `${d.path}${d.archived ? ' [archived]' : ''}`).sort().join(' <-> ') + ` ${p.relation}`);
          // with 004 in the batch too, its batch document (marked already archived) stands for its
          // archived self: the pair is reported once
          expect(pairs).toEqual([batch.length === 1 ? `${copy} <-> ${rel(seedPath('004'))} [archived] identical` : `${copy} <-> ${rel(seedPath('004'))} identical`]);
          expect(pairs.filter((p) => p.startsWith(`${rel(seedPath('004'))} <-> ${rel(seedPath('004'))}`))).toEqual([]);
        }
      });

      test('a CI job re-run after check --add passes (the batch is now archived)', () => {
        const ci = fresh();
        expect(cli(['index', 'add', seedPath('003'), '--index', ci]).code).toBe(0);
        const first = cli(['check', seedPath('000'), seedPath('002'), '--index', ci, '--add']);
        expect(first.code).toBe(0);
        const again = cli(['check', seedPath('000'), seedPath('002'), '--index', ci, '--add']);
        expect(again.code).toBe(0);
        expect(again.stderr).toContain('added 0 documents');
        expect(again.stdout).toContain('(all are already archived: not compared with themselves)');
      });

      test('regression: two archived near-copies checked again give their pair once, not three times', () => {
        // 001 and 003 are one article; both archived, then checked again (a CI re-run): the pair was
        // reported between the two batch documents, and again against each one's archived self
        const both = fresh();
        expect(cli(['index', 'add', seedPath('003'), seedPath('001'), '--index', both]).code).toBe(0);
        const r = cli(['check', seedPath('003'), seedPath('001'), '--index', both, '--json']);
        expect(r.code).toBe(1);
        const report = JSON.parse(r.stdout) as Report & { documents: Doc[]; summary: { duplicatePairs: number } };
        expect(report.summary.duplicatePairs).toBe(1);
        expect(report.documents.map((d: Doc) => `${seedNo(d)}${d.archived ? ' archived' : ''}${d.alreadyArchived ? ' already' : ''}`).sort()).toEqual(['001 already', '003 already']);
      });

      test('regression: the same file checked through a symbolic link to its folder is already archived', () => {
        // the read stage reads a file once whatever the path; the archive compared paths, not files
        const base = tmpDir('dupecheck-index-');
        fs.mkdirSync(path.join(base, 'art'));
        fs.copyFileSync(seedPath('004'), path.join(base, 'art', 'a.txt'));
        fs.symlinkSync('art', path.join(base, 'cur'));
        const ldb = fresh();
        expect(cli(['index', 'add', path.join(base, 'art'), '--index', ldb]).code).toBe(0);
        const r = cli(['check', path.join(base, 'cur'), '--index', ldb, '--json']);
        expect([r.code, r.stderr]).toEqual([0, '']);
        const report = JSON.parse(r.stdout) as Report & { documents: Doc[] };
        expect(report.pairs).toEqual([]);
        expect(report.documents).toEqual([expect.objectContaining({ path: path.join(base, 'cur', 'a.txt'), alreadyArchived: true })]);
      });

      test('a JSONL article checked again from the same file is already archived', () => {
        const jsonl = path.join(dir, 'feed.jsonl');
        fs.writeFileSync(jsonl, JSON.stringify({ id: 'x1', text: seed('002') }) + '\n');
        const jdb = fresh();
        expect(cli(['index', 'add', '--jsonl', jsonl, '--index', jdb]).code).toBe(0);
        const r = cli(['check', '--jsonl', jsonl, '--index', jdb, '--json']);
        expect(r.code).toBe(0);
        expect((JSON.parse(r.stdout) as Report & { documents: Doc[] }).documents).toEqual([expect.objectContaining({ path: `${jsonl}#x1`, alreadyArchived: true })]);
      });
    });
  });
}
