/**
 * The report formats: --format text|json|jsonl|github|sarif (--json is --format json), on the
 * main command and on check; and the main command's --jsonl input.
 */
import { describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { BIN, cli, docText, readmeBlock, ROOT, seed, seedPath, tmpDir } from './helpers.js';
import { lineColumn, regionOf } from '../src/report/locations.js';

/** a.txt: NBC's article (seed 003); b.txt: the same under a five-line editor's note (a near-duplicate, copied from line 6). */
function copied(): string {
  const dir = tmpDir('dupecheck-formats-');
  fs.writeFileSync(path.join(dir, 'a.txt'), seed('003'));
  fs.writeFileSync(path.join(dir, 'b.txt'), "EDITOR'S NOTE\n\nThis article was first published elsewhere.\nIt is reproduced with permission.\n\n" + seed('003'));
  return dir;
}

/** The SARIF 2.1.0 schema (draft-04) as @microsoft/jest-sarif ships it, with the validator it uses. */
function sarifValidator(): (log: unknown) => string[] {
  const require = createRequire(import.meta.url);
  const base = path.dirname(require.resolve('@microsoft/jest-sarif/package.json'));
  const schema = JSON.parse(fs.readFileSync(path.join(base, 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json'), 'utf8')) as { id: string };
  // the Ajv 6 of jest-sarif: Ajv 8 has no draft-04
  const Ajv6 = require(require.resolve('ajv', { paths: [base] })) as new (o: object) => { addMetaSchema(s: object): void; compile(s: object): ((x: unknown) => boolean) & { errors?: Array<{ dataPath: string; message: string }> } };
  const ajv = new Ajv6({ schemaId: 'auto', allErrors: true, validateSchema: false });
  ajv.addMetaSchema(require(require.resolve('ajv/lib/refs/json-schema-draft-04.json', { paths: [base] })) as object);
  const validate = ajv.compile(schema);
  return (log) => (validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.dataPath} ${e.message}`));
}

describe('lines and columns from offsets', () => {
  test('1-based, columns in UTF-16 code units from the line start', () => {
    const text = 'ab\ncd\n\nef';
    expect(lineColumn(text, 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn(text, 2)).toEqual({ line: 1, column: 3 }); // the newline itself ends line 1
    expect(lineColumn(text, 3)).toEqual({ line: 2, column: 1 });
    expect(lineColumn(text, 7)).toEqual({ line: 4, column: 1 });
    expect(regionOf(text, 4, 9)).toEqual({ start: 4, end: 9, startLine: 2, startColumn: 2, endLine: 4, endColumn: 3 });
  });
});

describe('--format', () => {
  test('json is --json, byte for byte; --json with another --format is a usage error', () => {
    const a = cli(['seeds/', '--json', '--no-stats']);
    const b = cli(['seeds/', '--format', 'json', '--no-stats']);
    expect(b.stdout).toBe(a.stdout);
    expect(b.code).toBe(1);
    const both = cli(['seeds/', '--json', '--format', 'sarif']);
    expect(both.code).toBe(2);
    expect(both.stderr).toBe('dupecheck: --json and --format sarif ask for two formats: give one\n');
  });

  test('jsonl: a line per pair (with both paths), then per reuse cluster, then the summary: the JSON report in lines', () => {
    const report = JSON.parse(cli(['seeds/', '--json', '--no-stats']).stdout);
    const r = cli(['seeds/', '--format', 'jsonl', '--no-stats']);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(report.pairs.length + report.reuse.length + 1);
    const pathOf = new Map<string, string>(report.documents.map((d: { id: string; path: string }) => [d.id, d.path]));
    expect(lines.slice(0, report.pairs.length)).toEqual(report.pairs.map((p: { a: string; b: string }) => ({ type: 'pair', ...p, paths: { a: pathOf.get(p.a), b: pathOf.get(p.b) } })));
    expect(lines.slice(report.pairs.length, -1)).toEqual(report.reuse.map((c: object) => ({ type: 'reuse', ...c })));
    const { pairs, reuse, ...rest } = report;
    expect(lines.at(-1)).toEqual({ type: 'summary', ...rest });
    // 1 duplicate and 8 related pairs (001/002 share only the wire's opening words since issue 13)
    expect([pairs.length, reuse.length]).toEqual([9, 8]);
  });

  test('github: one command per duplicate pair, where the copied text starts, with the other file in the message', () => {
    const dir = copied();
    const r = cli(['a.txt', 'b.txt', '--format', 'github'], { cwd: dir });
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    // neither is archived nor derived: the pair's second document (by content) is annotated
    expect(lines[0]).toMatch(/^::error file=a\.txt,line=1,endLine=73,title=dupecheck near-duplicate::near-duplicate copy of b\.txt \(lines 6-78 there; aligned 99%25 of content\)$/);
    // below --fail-on, a warning
    expect(cli(['a.txt', 'b.txt', '--format', 'github', '--fail-on', 'identical'], { cwd: dir }).stdout).toMatch(/^::warning file=a\.txt,/);
  });

  test('github on check: the new document is annotated, at the line where the copy starts', () => {
    const dir = copied();
    expect(cli(['index', 'add', 'a.txt', '--no-progress'], { cwd: dir }).code).toBe(0);
    const r = cli(['check', 'b.txt', '--format', 'github'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('::error file=b.txt,line=6,endLine=78,title=dupecheck near-duplicate::near-duplicate copy of a.txt (lines 1-73 there; aligned 99%25 of content)\n');
  });

  test('regression: run from a folder inside the repository, github and sarif name files from its root, where GitHub resolves them (review: file=new/b.txt named no file)', () => {
    const repo = tmpDir('dupecheck-formats-repo-');
    fs.mkdirSync(path.join(repo, '.git'));
    const articles = path.join(repo, 'articles');
    fs.mkdirSync(path.join(articles, 'new'), { recursive: true });
    for (const f of ['a.txt', 'b.txt']) fs.copyFileSync(path.join(copied(), f), path.join(articles, 'new', f));
    const gh = cli(['new', '--format', 'github', '--no-progress'], { cwd: articles });
    expect(gh.stdout).toMatch(/^::error file=articles\/new\/a\.txt,line=1,/);
    const sarif = JSON.parse(cli(['new', '--format', 'sarif'], { cwd: articles }).stdout);
    expect(sarif.runs[0].results[0].locations.map((l: { physicalLocation: { artifactLocation: { uri: string } } }) => l.physicalLocation.artifactLocation.uri)).toEqual(['articles/new/a.txt', 'articles/new/b.txt']);
    // in Actions, from $GITHUB_WORKSPACE (an absolute path given is named from it too)
    const ws = cli([path.join(articles, 'new'), '--format', 'github'], { cwd: os.tmpdir(), env: { GITHUB_WORKSPACE: repo } });
    expect(ws.stdout).toMatch(/^::error file=articles\/new\/a\.txt,/);
    // the text report keeps the paths as given
    expect(cli(['new', '--no-color'], { cwd: articles }).stdout).toMatch(/^    new\/b\.txt <-> new\/a\.txt$/m);
  });

  test('github: the reworded seeds point at the machine translation, and the relation is said', () => {
    const r = cli(['seeds/', '--format', 'github']);
    expect(r.stdout).toMatch(/^::error file=seeds\/001_e80b7f1f2ee6145e\.txt,line=1,endLine=\d+,title=dupecheck reworded::reworded copy of seeds\/003_7e85eb1b6bb64eea\.txt \(lines \d+-\d+ there; aligned \d+%25 of content\)\n$/);
  });

  test('sarif: valid SARIF 2.1.0; one result per duplicate pair with both places; a rule per relation; fingerprints that survive a re-run and an edit', () => {
    const valid = sarifValidator();
    const dir = copied();
    // with the machine translation of a.txt's article: reworded copies of both
    fs.copyFileSync(seedPath('001'), path.join(dir, 'translated.txt'));
    const run = () => cli(['a.txt', 'b.txt', 'translated.txt', '--format', 'sarif'], { cwd: dir });
    const first = run();
    expect(first.code).toBe(1);
    const log = JSON.parse(first.stdout);
    expect(valid(log)).toEqual([]);
    expect(log.version).toBe('2.1.0');
    const rules = log.runs[0].tool.driver.rules.map((r: { id: string }) => r.id);
    expect(rules).toEqual(['identical', 'near-duplicate', 'reworded']);
    const results = log.runs[0].results;
    expect(results.map((r: { ruleId: string }) => r.ruleId).sort()).toEqual(['near-duplicate', 'reworded', 'reworded']);
    for (const r of results) expect(rules[r.ruleIndex]).toBe(r.ruleId);
    const near = results.find((r: { ruleId: string }) => r.ruleId === 'near-duplicate');
    expect(near.locations.map((l: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; endLine: number } } }) => [l.physicalLocation.artifactLocation.uri, l.physicalLocation.region.startLine, l.physicalLocation.region.endLine])).toEqual([
      ['a.txt', 1, 73],
      ['b.txt', 6, 78],
    ]);
    // a re-run gives the same log; an edit to the copy keeps its fingerprint
    expect(run().stdout).toBe(first.stdout);
    fs.appendFileSync(path.join(dir, 'b.txt'), '\nThe story was updated on Wednesday.\n');
    const edited = JSON.parse(run().stdout).runs[0].results;
    expect(edited.map((r: { partialFingerprints: object }) => r.partialFingerprints).sort()).toEqual(results.map((r: { partialFingerprints: object }) => r.partialFingerprints).sort());
    // the validator does refuse a broken log
    expect(valid({ ...log, version: '2.0' }).length).toBeGreaterThan(0);
  });

  test('regression: --fail-on related annotates the related pairs that fail the run, at their longest shared passage (it failed the job and said nothing)', () => {
    const args = [seedPath('000'), seedPath('002')];
    const gh = cli([...args, '--format', 'github', '--fail-on', 'related']);
    expect(gh.code).toBe(1);
    const lines = gh.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^::error file=.*002_018f6ad998b1343c\.txt,line=(\d+),endLine=\1,title=dupecheck related::related: shares a \d+-word passage with .*000_6e98d49643be7c86\.txt \(line \d+ there\)$/);
    const sarif = cli([...args, '--format', 'sarif', '--fail-on', 'related']);
    expect(sarif.code).toBe(1);
    const log = JSON.parse(sarif.stdout);
    expect(sarifValidator()(log)).toEqual([]);
    const rules = log.runs[0].tool.driver.rules.map((r: { id: string }) => r.id);
    expect(rules).toEqual(['identical', 'near-duplicate', 'reworded', 'related']);
    expect(log.runs[0].results.map((r: { ruleId: string; ruleIndex: number; level: string }) => [r.ruleId, rules[r.ruleIndex], r.level])).toEqual([['related', 'related', 'error']]);
    // related pairs that fail the run but are not listed (--related none) are said once (re-review: nothing was said)
    const none = cli([...args, '--format', 'github', '--fail-on', 'related', '--related', 'none']);
    expect([none.code, none.stdout]).toEqual([1, '::error title=dupecheck related::1 related pair fails the run (--fail-on related); 0 are listed and annotated: --related all lists every one\n']);
    const noneLog = JSON.parse(cli([...args, '--format', 'sarif', '--fail-on', 'related', '--related', 'none']).stdout);
    expect(sarifValidator()(noneLog)).toEqual([]);
    expect(noneLog.runs[0].invocations[0].toolExecutionNotifications[0]).toMatchObject({ level: 'error', message: { text: expect.stringMatching(/^1 related pair fails the run/) } });
    // without --fail-on related, related coverage is not annotated: exit 0, nothing said
    expect(cli([...args, '--format', 'github'])).toMatchObject({ code: 0, stdout: '' });
  });

  test('regression: what was not read is said in github and sarif output too, not only on stderr (user review)', () => {
    const dir = copied();
    fs.writeFileSync(path.join(dir, 'empty.txt'), '');
    const gh = cli(['.', '--format', 'github'], { cwd: dir });
    expect(gh.stdout.trim().split('\n').at(-1)).toBe('::warning file=empty.txt,title=dupecheck skipped::not compared: empty.txt: empty file');
    const log = JSON.parse(cli(['.', '--format', 'sarif'], { cwd: dir }).stdout);
    expect(sarifValidator()(log)).toEqual([]);
    expect(log.runs[0].invocations[0].toolExecutionNotifications).toEqual([
      { level: 'warning', message: { text: 'not compared: empty.txt: empty file' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'empty.txt' } } }] },
    ]);
  });

  test('sarif with nothing found: a valid log without results, exit 0', () => {
    const r = cli([seedPath('000'), seedPath('002'), '--format', 'sarif']);
    expect(r.code).toBe(0);
    const log = JSON.parse(r.stdout);
    expect(sarifValidator()(log)).toEqual([]);
    expect(log.runs[0].results).toEqual([]);
  });
});

describe('the main command reads JSONL', () => {
  const jsonl = () => {
    const dir = tmpDir('dupecheck-jsonl-');
    const lines = ['003', '001', '000'].map((n) => JSON.stringify({ id: `seed-${n}`, text: seed(n), title: `seed ${n}` }));
    fs.writeFileSync(path.join(dir, 'batch.jsonl'), lines.join('\n') + '\n');
    return dir;
  };

  test('--jsonl FILE: articles named <file>#<id>, as check names them', () => {
    const dir = jsonl();
    const r = cli(['--jsonl', 'batch.jsonl', '--json', '--no-stats'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.documents.map((d: { path: string }) => d.path).sort()).toEqual(['batch.jsonl#seed-000', 'batch.jsonl#seed-001', 'batch.jsonl#seed-003']);
    const pathOf = new Map(report.documents.map((d: { id: string; path: string }) => [d.id, d.path]));
    const dup = report.pairs.filter((p: { duplicate: boolean }) => p.duplicate);
    expect(dup.map((p: { a: string; b: string; relation: string }) => [p.relation, pathOf.get(p.a), pathOf.get(p.b)])).toEqual([['reworded', 'batch.jsonl#seed-001', 'batch.jsonl#seed-003']]);
    // the same as check on an empty archive
    expect(cli(['index', 'add', '--jsonl', 'empty.jsonl'], { cwd: dir, input: '' }).code).toBe(2); // no such file
    fs.writeFileSync(path.join(dir, 'empty.jsonl'), '');
    expect(cli(['index', 'add', '--jsonl', 'empty.jsonl'], { cwd: dir }).code).toBe(0);
    const checked = JSON.parse(cli(['check', '--jsonl', 'batch.jsonl', '--json', '--no-stats'], { cwd: dir }).stdout);
    expect(checked.documents.map((d: { path: string }) => d.path)).toEqual(report.documents.map((d: { path: string }) => d.path));
    expect(checked.pairs).toEqual(report.pairs);
  });

  test('--jsonl - reads standard input (stdin#<id>), with files beside it; github annotates the JSONL file', () => {
    const dir = jsonl();
    const input = fs.readFileSync(path.join(dir, 'batch.jsonl'), 'utf8');
    const r = cli(['--jsonl', '-', seedPath('004'), '--json', '--no-stats'], { cwd: dir, input });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).documents.map((d: { path: string }) => d.path).sort()).toEqual([seedPath('004'), 'stdin#seed-000', 'stdin#seed-001', 'stdin#seed-003'].sort());
    const g = cli(['--jsonl', 'batch.jsonl', '--format', 'github'], { cwd: dir });
    // no "lines 9-73 there": those would be lines of the article's text, not of the JSONL file
    expect(g.stdout).toMatch(/^::error file=batch\.jsonl,title=dupecheck reworded::reworded copy of batch\.jsonl#seed-003 \(aligned \d+%25 of content\)$/m);
  });

  test('regression: an id with "/" and a JSONL file named otherwise (.ndjson, .data) annotate that file (review: file=u.jsonl#2024/05/a, uri batch.ndjson%23a)', () => {
    const dir = tmpDir();
    const lines = (ids: string[]) => [seed('001'), seed('003')].map((text, k) => JSON.stringify({ id: ids[k], text })).join('\n') + '\n';
    fs.writeFileSync(path.join(dir, 'u.jsonl'), lines(['2024/05/a', 'b']));
    fs.writeFileSync(path.join(dir, 'b.ndjson'), lines(['a', 'b']));
    fs.writeFileSync(path.join(dir, 'b.data'), lines(['a', 'b']));
    expect(cli(['--jsonl', 'u.jsonl', '--format', 'github'], { cwd: dir }).stdout).toMatch(/^::error file=u\.jsonl,title=dupecheck reworded::/);
    expect(cli(['--jsonl', 'b.data', '--format', 'github'], { cwd: dir }).stdout).toMatch(/^::error file=b\.data,title=dupecheck reworded::/);
    const sarif = JSON.parse(cli(['--jsonl', 'b.ndjson', '--format', 'sarif'], { cwd: dir }).stdout);
    expect(sarif.runs[0].results[0].locations.map((l: { physicalLocation: { artifactLocation: { uri: string } } }) => l.physicalLocation.artifactLocation.uri)).toEqual(['b.ndjson', 'b.ndjson']);
  });

  test('regression: an article whose line is not valid UTF-8 is skipped with its reason, or read as Windows-1252 with --encoding auto, never turned into U+FFFD; an empty or NUL text is said as such (user review)', () => {
    const dir = tmpDir();
    const good = JSON.stringify({ id: 'b', text: seed('000') });
    fs.writeFileSync(
      path.join(dir, 'in.jsonl'),
      Buffer.concat([Buffer.from('{"id":"a","text":"caf'), Buffer.from([0xe9]), Buffer.from(' is warm"}\n'), Buffer.from(`${good}\n{"id":"c","text":""}\n{"id":"d","text":"x\\u0000y"}\n`)]),
    );
    const r = cli(['--jsonl', 'in.jsonl', '--json', '--no-stats'], { cwd: dir });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.documents.map((d: { path: string }) => d.path)).toEqual(['in.jsonl#b']);
    expect(report.skipped).toEqual([
      { path: 'in.jsonl#a', reason: 'line 1 is not valid UTF-8 (--encoding auto detects its legacy encoding)' },
      { path: 'in.jsonl#c', reason: 'empty text' },
      { path: 'in.jsonl#d', reason: 'binary text (contains NUL characters)' },
    ]);
    const auto = JSON.parse(cli(['--jsonl', 'in.jsonl', '--json', '--no-stats', '--encoding', 'auto'], { cwd: dir }).stdout);
    expect(auto.documents.map((d: { path: string; encoding?: string }) => [d.path, d.encoding])).toEqual(
      expect.arrayContaining([
        ['in.jsonl#a', 'windows-1252'],
        ['in.jsonl#b', undefined],
      ]),
    );
    // the same bytes on standard input (--jsonl -): the same reasons
    const piped = spawnSync(process.execPath, [BIN, '--jsonl', '-', '--json', '--no-stats'], { cwd: dir, input: fs.readFileSync(path.join(dir, 'in.jsonl')), encoding: 'utf8' });
    expect(JSON.parse(piped.stdout).skipped.map((x: { path: string; reason: string }) => `${x.path}: ${x.reason}`)).toEqual([
      'stdin#a: line 1 is not valid UTF-8 (--encoding auto detects its legacy encoding)',
      'stdin#c: empty text',
      'stdin#d: binary text (contains NUL characters)',
    ]);
    // the terminal says articles, not files
    expect(cli(['--jsonl', 'in.jsonl'], { cwd: dir }).stdout).toContain('Skipped: 3 articles');
    // a folder given as --jsonl says so
    expect(cli(['--jsonl', '.'], { cwd: dir })).toMatchObject({ code: 2, stderr: 'dupecheck: cannot read --jsonl .: it is a folder\n' });
  });

  test('regression: JSONL as a text file is read: a UTF-8 BOM wins over --encoding windows-1252, only lines above ASCII are noted, a NUL inside a text is a binary text (re-review)', () => {
    const dir = tmpDir();
    const line = (id: string, text: string) => JSON.stringify({ id, text }) + '\n';
    fs.writeFileSync(path.join(dir, 'bom.jsonl'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(line('a', seed('000')) + line('b', 'Caf\u00e9 au lait and more words.'))]));
    const bom = cli(['--jsonl', 'bom.jsonl', '--encoding', 'windows-1252', '--json', '--no-stats'], { cwd: dir });
    expect([bom.code, bom.stderr]).toEqual([0, '']);
    expect(JSON.parse(bom.stdout).documents.map((d: { encoding?: string }) => d.encoding)).toEqual([undefined, undefined]);
    fs.writeFileSync(path.join(dir, 'w.jsonl'), Buffer.concat([Buffer.from(line('ascii', 'The council met on Tuesday and approved the new budget for the harbour ferry.')), Buffer.from('{"id":"latin","text":"Caf'), Buffer.from([0xe9]), Buffer.from(' au lait and more words."}\n'), Buffer.from(line('nul', 'abc\u0000def ghi'))]));
    // files joined with cat, each with its BOM, one of them Windows-1252 (second re-review: 'ï»¿{' on line 2, exit 2)
    const bomBytes = Buffer.from([0xef, 0xbb, 0xbf]);
    fs.writeFileSync(path.join(dir, 'cat.jsonl'), Buffer.concat([bomBytes, Buffer.from(line('u', seed('000'))), bomBytes, Buffer.from('{"id":"w","text":"Caf'), Buffer.from([0xe9]), Buffer.from(' au lait and more words."}\n')]));
    for (const encoding of ['windows-1252', 'auto']) {
      const joined = cli(['--jsonl', 'cat.jsonl', '--encoding', encoding, '--json', '--no-stats'], { cwd: dir });
      expect([encoding, joined.code]).toEqual([encoding, 0]);
      expect(JSON.parse(joined.stdout).documents.map((d: { path: string; encoding?: string }) => [d.path, d.encoding])).toEqual(
        expect.arrayContaining([
          ['cat.jsonl#u', undefined],
          ['cat.jsonl#w', 'windows-1252'],
        ]),
      );
    }
    const w = cli(['--jsonl', 'w.jsonl', '--encoding', 'windows-1252', '--json', '--no-stats'], { cwd: dir });
    expect(w.stderr).toBe('dupecheck: note: w.jsonl#latin decoded as windows-1252\ndupecheck: skipped w.jsonl#nul: binary text (contains NUL characters)\n');
  });

  test('an empty JSONL compares nothing (a note, exit 0); a bad line is one line, exit 2', () => {
    const dir = jsonl();
    fs.writeFileSync(path.join(dir, 'empty.jsonl'), '');
    const r = cli(['--jsonl', 'empty.jsonl'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('dupecheck: nothing to compare: empty.jsonl is empty\n');
    fs.writeFileSync(path.join(dir, 'bad.jsonl'), '{"id": 1}\n');
    const bad = cli(['--jsonl', 'bad.jsonl'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('dupecheck: bad.jsonl line 1: "text" must be a string\n');
  });
});

describe("the README's section on CI, and docs/usage.md's on formats and the config file", () => {
  const usage = docText('docs/usage.md');
  const block = readmeBlock;

  test('the github example is what the tool prints on the seeds', () => {
    const line = /`(::error file=seeds[^`]*)`/.exec(usage.slice(usage.indexOf('## Formats')))![1];
    expect(cli(['seeds/', '--format', 'github']).stdout).toBe(`${line}\n`);
  });

  test('the config file example is accepted and applies', () => {
    const dir = tmpDir('dupecheck-readme-config-');
    fs.writeFileSync(path.join(dir, 'dupecheck.config.json'), block('## A config file', '```json\n', 'docs/usage.md'));
    fs.cpSync(path.join(ROOT, 'seeds'), path.join(dir, 'seeds'), { recursive: true });
    const r = cli(['seeds/', '--json', '--no-stats'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0); // failOn near-duplicate: the reworded copy passes
    expect(JSON.parse(r.stdout).options).toMatchObject({ minPassageWords: 10, related: 'none' });
  });

  test('the workflow: its run steps give valid SARIF (exit 0), then annotations that fail the job', () => {
    const yaml = block('### In GitHub Actions: annotations and SARIF', '```yaml\n');
    const runs = [...yaml.matchAll(/^\s+(?:- )?run: (.*)$/gm)].map((m) => m[1]);
    expect(runs).toHaveLength(3);
    expect(runs[0]).toBe('npm ci');
    const dir = copied(); // a.txt and b.txt: a near-duplicate
    fs.mkdirSync(path.join(dir, 'articles'));
    for (const f of ['a.txt', 'b.txt']) fs.renameSync(path.join(dir, f), path.join(dir, 'articles', f));
    const sh = (cmd: string) => spawnSync('bash', ['-eo', 'pipefail', '-c', cmd.replace(/^npx dupecheck /, `"${process.execPath}" "${BIN}" `)], { cwd: dir, encoding: 'utf8' });
    const sarif = sh(runs[1]);
    expect([sarif.status, sarif.stderr]).toEqual([0, '']);
    const log = JSON.parse(fs.readFileSync(path.join(dir, 'dupecheck.sarif'), 'utf8'));
    expect(sarifValidator()(log)).toEqual([]);
    expect(log.runs[0].results).toHaveLength(1);
    const annotate = sh(runs[2]);
    expect(annotate.status).toBe(1);
    expect(annotate.stdout).toMatch(/^::error file=articles\/a\.txt,line=1,endLine=73,title=dupecheck near-duplicate::near-duplicate copy of articles\/b\.txt \(lines 6-78 there/);
  });
});
