import { beforeAll, describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import Ajv2020 from 'ajv/dist/2020.js';
import { spawnSync } from 'node:child_process';
import { BIN, cli, ROOT, seed, seedPath, tmpDir } from './helpers.js';
import { cliAsync, indexStats, sleep, writeDocs } from './indexHelpers.js';
import { size } from '../src/cli/indexCommands.js';

const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'src/report/report.schema.json'), 'utf8'));
const ajv = new Ajv2020.default({ allErrors: true, strict: false });
const validate = ajv.compile(schema);

interface ReportDoc {
  id: string;
  path: string;
  archived?: boolean;
}
interface Report {
  documents: ReportDoc[];
  pairs: Array<{ a: string; b: string; relation: string; duplicate: boolean }>;
}
const docOf = (r: Report, id: string) => r.documents.find((d) => d.id === id)!;
const seedNo = (d: ReportDoc) => path.basename(d.path).slice(0, 3);
const oneLine = (stderr: string) => {
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
};

describe('a batch against the archive (the seeds)', () => {
  const dir = tmpDir('dupecheck-index-');
  const db = path.join(dir, 'ci', 'index.db'); // the folder does not exist yet
  beforeAll(() => {
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
    const db = path.join(tmpDir('dupecheck-index-'), 'index.db');
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
    const db = path.join(dir, 'index.db');
    writeDocs(path.join(dir, 'a'), 20, 0);
    writeDocs(path.join(dir, 'b'), 20, 20);
    const env = { DUPECHECK_TEST_ADD_CHUNK: '1' }; // one transaction per document: they interleave
    const runs = [cliAsync(['index', 'add', path.join(dir, 'a'), '--index', db], env), cliAsync(['index', 'add', path.join(dir, 'b'), '--index', db], env)];
    const results = await Promise.all(runs.map((r) => r.done));
    for (const r of results) expect([r.code, r.stderr]).toEqual([0, '']);
    expect(indexStats(db).documents).toBe(40);
  });

  test('an add killed with SIGKILL leaves an index that answers; adding again completes it without doubles', async () => {
    const dir = tmpDir('dupecheck-index-');
    const db = path.join(dir, 'index.db');
    const docs = writeDocs(path.join(dir, 'in'), 22);
    fs.copyFileSync(docs[0], path.join(dir, 'in', 'same-as-doc0.txt'));
    fs.copyFileSync(docs[1], path.join(dir, 'in', 'same-as-doc1.txt'));
    const run = cliAsync(['index', 'add', path.join(dir, 'in'), '--index', db], { DUPECHECK_TEST_ADD_CHUNK: '2', DUPECHECK_TEST_SLOW_ADD: '250' });
    let stored = 0;
    for (let t = 0; t < 100 && stored < 4; t++) {
      await sleep(100);
      if (fs.existsSync(db)) stored = indexStats(db).documents;
    }
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
    const db = path.join(tmpDir('dupecheck-index-'), 'index.db');
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
    expect(indexStats(db).documents).toBe(3);
    expect(cli(['index', 'remove', id004, seedPath('003'), '--index', db]).code).toBe(0);
    expect(indexStats(db).documents).toBe(1);
    expect(cli(['check', seedPath('004'), '--index', db]).code).toBe(0);
  });
  test('regression: remove takes a path as check compares it (./articles/a.txt for articles/a.txt)', () => {
    const db = path.join(tmpDir('dupecheck-index-'), 'index.db');
    const stored = path.relative(ROOT, seedPath('000')); // cli runs in ROOT
    expect(cli(['index', 'add', stored, '--index', db]).code).toBe(0);
    const r = cli(['index', 'remove', `./${stored}`, '--index', db]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(indexStats(db).documents).toBe(0);
  });
});

describe('refused index files: exit 2, one line', () => {
  const dir = tmpDir('dupecheck-index-');
  test('regression: an empty DUPECHECK_INDEX is the default index, not a file named ""', () => {
    const r = cli(['index', 'stats'], { cwd: dir, env: { DUPECHECK_INDEX: '' } });
    expect([r.code, r.stderr]).toEqual([2, 'dupecheck: no such index: .dupecheck/index.db (dupecheck index add creates it)\n']);
  });
  test('regression: a file shorter than an SQLite header (SQLite took it for an empty database and made it an index)', () => {
    for (const bytes of ['x', 'SQLite']) {
      const db = path.join(dir, `short-${bytes.length}.db`);
      fs.writeFileSync(db, bytes);
      for (const args of [['index', 'add', seedPath('004')], ['check', seedPath('004')]]) {
        const r = cli([...args, '--index', db]);
        expect([r.code, r.stderr]).toEqual([2, `dupecheck: not a dupecheck index: ${db} (not an SQLite file; left untouched)\n`]);
        expect(fs.readFileSync(db, 'utf8')).toBe(bytes);
      }
    }
  });
  test('random bytes', () => {
    const db = path.join(dir, 'random.db');
    fs.writeFileSync(db, Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919 + 13) % 251)));
    for (const args of [['check', seedPath('004')], ['index', 'stats'], ['index', 'add', seedPath('004')]]) {
      const r = cli([...args, '--index', db]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`dupecheck: not a dupecheck index: ${db} (not an SQLite file; left untouched)\n`);
    }
  });
  test('a SQLite database that is not an index is refused, and left as it was', () => {
    const db = path.join(dir, 'other.db');
    const other = new Database(db);
    other.exec("CREATE TABLE t (x); INSERT INTO t VALUES ('mine')");
    other.close();
    const before = fs.readFileSync(db);
    for (const args of [['check', seedPath('004')], ['index', 'add', seedPath('004')], ['index', 'list']]) {
      const r = cli([...args, '--index', db]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`dupecheck: not a dupecheck index: ${db}\n`);
    }
    expect(fs.readFileSync(db).equals(before)).toBe(true);
  });
  test('an index written by a newer dupecheck (a later schema version)', () => {
    const db = path.join(dir, 'newer.db');
    expect(cli(['index', 'add', seedPath('004'), '--index', db]).code).toBe(0);
    const raw = new Database(db);
    raw.prepare("UPDATE meta SET value = '99' WHERE key = 'schema_version'").run();
    raw.close();
    const r = cli(['index', 'stats', '--index', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/has schema version 99; this dupecheck reads up to 1 \(upgrade dupecheck\)/);
    oneLine(r.stderr);
  });
  test('a missing index for check and stats (only index add creates one)', () => {
    const db = path.join(dir, 'missing', 'index.db');
    for (const args of [['check', seedPath('004')], ['index', 'stats']]) {
      const r = cli([...args, '--index', db]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^dupecheck: no such index: .*index add creates it/);
      oneLine(r.stderr);
    }
    expect(fs.existsSync(path.dirname(db))).toBe(false);
  });
});

describe('parameters', () => {
  const db = path.join(tmpDir('dupecheck-index-'), 'index.db');
  beforeAll(() => {
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
    const db4 = path.join(tmpDir('dupecheck-index-'), 'index.db');
    expect(cli(['index', 'add', seedPath('003'), '--index', db4, '--shingle-size', '4']).code).toBe(0);
    const r = cli(['check', seedPath('001'), '--index', db4, '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).options.shingleSize).toBe(4);
  });
});

describe('--jsonl batches', () => {
  const dir = tmpDir('dupecheck-index-');
  const db = path.join(dir, 'index.db');
  const line = (o: object) => JSON.stringify(o);
  beforeAll(() => {
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
    const db2 = path.join(dir, 'bom.db');
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

describe('index stats', () => {
  test('sizes of a small archive are in KB, not "0.0 MB"', () => {
    const db = path.join(tmpDir('dupecheck-index-'), 'index.db');
    expect(cli(['index', 'add', seedPath('004'), '--index', db]).code).toBe(0);
    const bytes = fs.statSync(seedPath('004')).size; // about 8 KB
    const r = cli(['index', 'stats', '--index', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/\b0\.0 MB/);
    expect(r.stdout).toContain(`the documents were ${(bytes / 1000).toFixed(1)} KB as added`);
    expect(r.stdout).toMatch(/^size +\d+(\.\d)? KB on disk; .* their text takes \d+(\.\d)? KB \(gzip\)$/m);
  });
  test('the unit is the largest that keeps the figure at 1 or more', () => {
    expect([0, 999, 1000, 8281, 999_949, 999_960, 423_000_000, 2.5e9].map(size)).toEqual(['0 bytes', '999 bytes', '1.0 KB', '8.3 KB', '999.9 KB', '1.0 MB', '423.0 MB', '2.5 GB']);
  });
});

describe('dupecheck index without a subcommand', () => {
  test('is a usage error: exit 2, one line on stderr naming the subcommands', () => {
    const r = cli(['index']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    oneLine(r.stderr);
    expect(r.stderr).toMatch(/^dupecheck: .*add, stats, list or remove/);
  });
  test('an unknown subcommand too', () => {
    const r = cli(['index', 'lsit']);
    expect(r.code).toBe(2);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(/^dupecheck: unknown command 'index lsit'/);
  });
  test('regression: the subcommands do not take extra arguments (they inherited allowExcessArguments from index)', () => {
    for (const sub of ['stats', 'list']) {
      const r = cli(['index', sub, 'extra', '--index', path.join(tmpDir(), 'ix.db')]);
      expect(r.code).toBe(2);
      oneLine(r.stderr);
      expect(r.stderr).toMatch(new RegExp(`too many arguments for '${sub}'`));
    }
  });
  test('--help prints the help on stdout and exits 0', () => {
    for (const args of [['index', '--help'], ['index', 'add', '--help'], ['index', 'help', 'add'], ['check', '--help']]) {
      const r = cli(args);
      expect([r.code, r.stderr]).toEqual([0, '']);
      expect(r.stdout).toMatch(/^Usage: dupecheck (index|check)/);
    }
    expect(cli(['index', '--help']).stdout).toMatch(/Commands:\n\s+add /);
  });
});

describe('empty lists in a pipeline (git diff ... | dupecheck check -)', () => {
  const ONE_NOTE = (stderr: string, what: RegExp) => {
    oneLine(stderr);
    expect(stderr.trimEnd()).toMatch(what);
  };
  test('index add - with an empty list adds nothing, says so, exits 0, and leaves an empty index that check can use', () => {
    const dir = tmpDir('dupecheck-index-');
    const db = path.join(dir, 'ci', 'index.db');
    for (const input of ['', '\n', '\n  \n']) {
      const r = cli(['index', 'add', '-', '--index', db], { input });
      expect(r.code).toBe(0);
      ONE_NOTE(r.stderr, /^dupecheck: nothing to add: the list of paths on standard input is empty$/);
      expect(r.stdout).toBe(`added 0 documents to ${db} (0 already there); it holds 0 documents\n`);
    }
    expect(indexStats(db).documents).toBe(0);
    const c = cli(['check', seedPath('001'), seedPath('003'), '--index', db, '--json']);
    expect(c.code).toBe(1); // the batch against itself; the archive is empty
  });

  test('check - with an empty list checks nothing, says so, exits 0 (with --add too); the JSON report is valid and empty', () => {
    const db = path.join(tmpDir('dupecheck-index-'), 'index.db');
    expect(cli(['index', 'add', seedPath('003'), '--index', db]).code).toBe(0);
    const r = cli(['check', '-', '--index', db, '--json'], { input: '\n' });
    expect(r.code).toBe(0);
    ONE_NOTE(r.stderr, /^dupecheck: nothing to check: the list of paths on standard input is empty$/);
    const report = JSON.parse(r.stdout) as Report & { summary: { documents: number } };
    if (!validate(report)) throw new Error(ajv.errorsText(validate.errors));
    expect([report.summary.documents, report.documents, report.pairs]).toEqual([0, [], []]);
    const t = cli(['check', '-', '--index', db, '--add'], { input: '' });
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('Checked 0 new documents against 1 archived document');
    expect(t.stdout).toContain('No duplicates found.');
    expect(t.stderr).toMatch(/^dupecheck: nothing to check: /);
    expect(indexStats(db).documents).toBe(1);
  });

  test('an empty list still needs an index that exists and matches', () => {
    const dir = tmpDir('dupecheck-index-');
    const r = cli(['check', '-', '--index', path.join(dir, 'missing.db')], { input: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^dupecheck: no such index: /);
    const db = path.join(dir, 'index.db');
    expect(cli(['index', 'add', seedPath('003'), '--index', db]).code).toBe(0);
    for (const cmd of [['check'], ['index', 'add']]) {
      const m = cli([...cmd, '-', '--index', db, '--shingle-size', '4'], { input: '' });
      expect(m.code).toBe(2);
      expect(m.stderr).toMatch(/was built with --shingle-size 5, not 4/);
    }
  });

  test('JSONL with no articles (empty, or blank lines) is an empty list too', () => {
    const dir = tmpDir('dupecheck-index-');
    const db = path.join(dir, 'index.db');
    const empty = path.join(dir, 'empty.jsonl');
    fs.writeFileSync(empty, '\n\n');
    const a = cli(['index', 'add', '--jsonl', '-', '--index', db], { input: '' });
    expect(a.code).toBe(0);
    ONE_NOTE(a.stderr, /^dupecheck: nothing to add: the JSONL on standard input is empty$/);
    const b = cli(['index', 'add', '--jsonl', empty, '--index', db]);
    expect(b.code).toBe(0);
    ONE_NOTE(b.stderr, new RegExp(`^dupecheck: nothing to add: ${empty.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is empty$`));
    const c = cli(['check', '--jsonl', empty, '--index', db]);
    expect(c.code).toBe(0);
    expect(c.stderr).toMatch(/^dupecheck: nothing to check: /);
  });

  test('a list that names only files that cannot be read is still an error, and creates no index', () => {
    const dir = tmpDir('dupecheck-index-');
    const db = path.join(dir, 'ci', 'index.db');
    const emptyFile = path.join(dir, 'empty.txt');
    const binary = path.join(dir, 'scan.txt');
    fs.writeFileSync(emptyFile, '');
    fs.writeFileSync(binary, Buffer.from([0x50, 0x4b, 0, 0, 1, 2]));
    fs.mkdirSync(path.join(dir, 'nothing-here'));
    for (const [args, input] of [
      [['-'], `${emptyFile}\n${binary}\n`],
      [[emptyFile], ''],
      [[path.join(dir, 'nothing-here')], ''], // a folder is not a list: finding nothing in it is an error
      [['-'], `${path.join(dir, 'nothing-here')}\n`],
    ] as Array<[string[], string]>) {
      const r = cli(['index', 'add', ...args, '--index', db], { input });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/dupecheck: no readable documents in .*\n$/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(fs.existsSync(path.dirname(db))).toBe(false); // no index file, not even its folder
    }
    const r = cli(['index', 'add', '-', '--index', db], { input: `${emptyFile}\n${binary}\n` });
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([`dupecheck: skipped ${emptyFile}: empty file`, `dupecheck: skipped ${binary}: binary file (contains NUL bytes)`, 'dupecheck: no readable documents in -']);
    const existing = path.join(dir, 'index.db');
    expect(cli(['index', 'add', seedPath('003'), '--index', existing]).code).toBe(0);
    const c = cli(['check', '-', '--index', existing], { input: `${emptyFile}\n` });
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/dupecheck: no readable documents in -/);
  });
});

describe('lists of paths on standard input', () => {
  test('NUL-separated (git diff -z, find -print0): names with non-ASCII, quotes, edge spaces or newlines are read as they are', () => {
    const dir = tmpDir('dupecheck-index-');
    const db = path.join(dir, 'index.db');
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
    const db = path.join(tmpDir('dupecheck-index-'), 'index.db');
    const r = cli(['index', 'add', '-', '--index', db], { input: `\uFEFF${seedPath('003')}\r\n\r\n${seedPath('004')}\r\n` });
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toContain('added 2 documents');
  });
});

describe('a document checked that is already archived (same path, same content)', () => {
  type Doc = ReportDoc & { alreadyArchived?: boolean };
  const dir = tmpDir('dupecheck-index-');
  const db = path.join(dir, 'index.db');
  const rel = (p: string) => path.relative(ROOT, p); // cli runs in ROOT
  beforeAll(() => {
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

  test('is still compared with the other archived documents and with the batch', () => {
    const both = path.join(dir, 'both.db');
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
    const ci = path.join(tmpDir('dupecheck-index-'), 'index.db');
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
    const both = path.join(tmpDir('dupecheck-index-'), 'index.db');
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
    const ldb = path.join(base, 'index.db');
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
    const jdb = path.join(dir, 'jsonl.db');
    expect(cli(['index', 'add', '--jsonl', jsonl, '--index', jdb]).code).toBe(0);
    const r = cli(['check', '--jsonl', jsonl, '--index', jdb, '--json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Report & { documents: Doc[] }).documents).toEqual([expect.objectContaining({ path: `${jsonl}#x1`, alreadyArchived: true })]);
  });
});

/**
 * The workflow of the README's "In GitHub Actions", run as Actions would run it: its `run:` steps
 * in order, in bash with -e and pipefail (`shell: bash`), in a git repository; `npx dupecheck` is
 * the built CLI, the `uses:` steps are left out (the cache is the index file left in the checkout,
 * or none), and each ${{ }} expression is replaced by its value for the event.
 */
describe("the README's GitHub Actions workflow, in a git repository", () => {
  interface Step {
    name?: string;
    if?: string;
    uses?: string;
    run?: string;
  }
  const workflow = (): Step[] => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const yaml = /```yaml\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf('### In GitHub Actions')))![1].split('\n');
    const at = yaml.findIndex((l) => /^\s+steps:$/.test(l));
    const indent = /^(\s*)- /.exec(yaml[at + 1])![1].length; // of "- " in the step list
    const steps: Step[] = [];
    for (let i = at + 1; i < yaml.length; i++) {
      const l = yaml[i];
      if (l.trim() === '') continue;
      const lead = l.length - l.trimStart().length;
      if (lead < indent) break;
      const kv = /^(\s*)(?:- )?([\w-]+):\s?(.*)$/.exec(l);
      if (!kv) continue;
      const isItem = l.slice(indent).startsWith('- ');
      if (isItem) steps.push({});
      if (!isItem && lead !== indent + 2) continue; // nested (with:)
      const [key, value] = [kv[2], kv[3]];
      if (!['name', 'if', 'uses', 'run'].includes(key)) continue;
      let v = value;
      if (key === 'run' && value === '|') {
        const block: string[] = [];
        while (i + 1 < yaml.length && (yaml[i + 1].trim() === '' || yaml[i + 1].length - yaml[i + 1].trimStart().length > indent + 2)) block.push(yaml[++i]);
        const cut = Math.min(...block.filter((b) => b.trim()).map((b) => b.length - b.trimStart().length));
        v = block.map((b) => b.slice(cut)).join('\n');
      }
      (steps[steps.length - 1] as Record<string, string>)[key] = v;
    }
    return steps;
  };

  const git = (repo: string, ...args: string[]) => {
    const r = spawnSync('git', ['-c', 'user.name=ci', '-c', 'user.email=ci@example.org', '-c', 'init.defaultBranch=main', ...args], { cwd: repo, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
    return r.stdout.trim();
  };
  const write = (repo: string, files: Record<string, string>) => {
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(repo, rel)), { recursive: true });
      fs.writeFileSync(path.join(repo, rel), text);
    }
  };
  const commit = (repo: string, files: Record<string, string>, message: string) => {
    write(repo, files);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '--allow-empty', '-m', message);
    return git(repo, 'rev-parse', 'HEAD');
  };

  /** Run the workflow's steps on the checkout at `repo`; stops at the first step that fails. */
  const run = (repo: string, event: { base: string; main: boolean; cache: boolean }) => {
    if (!event.cache) fs.rmSync(path.join(repo, '.dupecheck'), { recursive: true, force: true });
    const temp = fs.mkdtempSync(path.join(tmpDir('dupecheck-runner-'), 'tmp-'));
    const values: Record<string, string> = {
      'github.event.pull_request.base.sha || github.event.before': event.base,
      "github.ref == 'refs/heads/main' && '--add' || ''": event.main ? '--add' : '',
    };
    const out = { code: 0, stdout: '', stderr: '', step: '' };
    for (const step of workflow()) {
      if (step.uses || !step.run) continue; // checkout, setup-node, cache: done by the test
      if (step.if) throw new Error(`step "${step.name}": the test does not evaluate if: ${step.if}`);
      const script = step.run
        .replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, e: string) => {
          if (!(e in values)) throw new Error(`step "${step.name}": unknown expression ${e}`);
          return values[e];
        })
        .replace(/\bnpx dupecheck\b/g, `node '${BIN}'`);
      if (/^npm (ci|install)/.test(script)) continue;
      const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
        cwd: repo,
        encoding: 'utf8',
        env: { ...process.env, RUNNER_TEMP: temp, GITHUB_OUTPUT: path.join(temp, 'output'), GITHUB_WORKSPACE: repo, NO_COLOR: '1' },
      });
      Object.assign(out, { code: r.status ?? -1, stdout: out.stdout + r.stdout, stderr: out.stderr + r.stderr, step: step.name ?? script });
      if (r.status !== 0) break;
    }
    return out;
  };

  const NO_COMMIT = '0000000000000000000000000000000000000000';
  let repo = '';
  const sha: Record<string, string> = {};
  beforeAll(() => {
    repo = path.join(tmpDir('dupecheck-repo-'), 'newsroom');
    fs.mkdirSync(repo);
    git(repo, 'init', '-q');
    write(repo, { '.gitignore': '.dupecheck/\n' });
    sha.empty = commit(repo, { 'README.md': 'articles\n' }, 'a repository without articles');
    sha.first = commit(repo, { 'articles/2020/old-1.txt': seed('000'), 'articles/2020/old-2.txt': seed('002') }, 'the first articles');
    sha.names = commit(repo, { 'articles/café report.txt': seed('004'), 'articles/he said "no".txt': seed('003') }, 'names git quotes');
    sha.none = commit(repo, { 'README.md': 'articles, and how\n' }, 'no new article');
    sha.copy = commit(repo, { 'articles/2021/copy.txt': seed('000') }, 'a copy of an archived article');
  });
  const checkout = (at: string) => git(repo, 'checkout', '-q', at);

  test('a pull request whose articles are all new, in a repository that had none: passes', () => {
    checkout(sha.first);
    const r = run(repo, { base: sha.empty, main: false, cache: false });
    expect([r.code, r.step]).toEqual([0, expect.stringMatching(/^Check/)]);
  });
  test('the first push to main (no "before" commit): passes and archives the articles', () => {
    checkout(sha.first);
    const r = run(repo, { base: NO_COMMIT, main: true, cache: false });
    expect([r.code, r.stderr]).toEqual([0, expect.stringContaining('added 2 documents')]);
    expect(indexStats(path.join(repo, '.dupecheck/index.db')).documents).toBe(2);
  });
  test('new articles with names git quotes (non-ASCII, a double quote): checked, and pass', () => {
    checkout(sha.names);
    for (const cache of [true, false]) {
      const r = run(repo, { base: sha.first, main: false, cache });
      expect([r.code, r.stderr]).toEqual([0, expect.not.stringContaining('no such file')]);
      expect(r.stdout).toContain('Checked 2 new documents against 2 archived documents');
    }
  });
  test('a change without new articles: passes', () => {
    checkout(sha.none);
    const r = run(repo, { base: sha.names, main: false, cache: true });
    expect(r.code).toBe(0);
  });
  test('a copy of an archived article fails the build, with or without a cache', () => {
    checkout(sha.copy);
    for (const cache of [true, false]) {
      const r = run(repo, { base: sha.none, main: false, cache });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/articles\/2021\/copy\.txt <-> articles\/2020\/old-1\.txt \[archived\]|articles\/2020\/old-1\.txt \[archived\] <-> articles\/2021\/copy\.txt/);
    }
  });
  test('a push to main archives its articles, and the job run again passes', () => {
    checkout(sha.first);
    expect(run(repo, { base: NO_COMMIT, main: true, cache: false }).code).toBe(0);
    checkout(sha.names);
    const first = run(repo, { base: sha.first, main: true, cache: true });
    expect([first.code, first.stderr]).toEqual([0, expect.stringContaining('added 2 documents')]);
    expect(indexStats(path.join(repo, '.dupecheck/index.db')).documents).toBe(4);
    const again = run(repo, { base: sha.first, main: true, cache: true });
    expect([again.code, again.stderr]).toEqual([0, expect.stringContaining('added 0 documents')]);
    expect(again.stdout).toContain('Checked 2 documents (all are already archived: not compared with themselves)');
  });
});
