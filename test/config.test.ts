/**
 * Options kept in a config file: found from the current folder upward, named with --config,
 * ignored with --no-config; flags win over the file; a key that is not an option or a value an
 * option does not take is one line naming the file and the key, exit 2.
 */
import { describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { cli, ROOT, seedPath, tmpDir } from './helpers.js';
import { checkOptions, findConfig, OPTIONS_SCHEMA } from '../src/config.js';
import { scan, UsageError } from '../src/api.js';

/** A repository with the seeds 003 and 001 (a reworded pair) in articles/, and files at its root. */
function repo(files: Record<string, string>): string {
  const dir = tmpDir('dupecheck-config-');
  fs.mkdirSync(path.join(dir, 'articles', 'deep'), { recursive: true });
  fs.copyFileSync(seedPath('003'), path.join(dir, 'articles', '003.txt'));
  fs.copyFileSync(seedPath('001'), path.join(dir, 'articles', 'deep', '001.md'));
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

const json = (r: { stdout: string }) => JSON.parse(r.stdout) as { options: Record<string, unknown>; summary: { documents: number } };

describe('a config file', () => {
  test.each(['dupecheck.config.json', '.dupecheckrc', '.dupecheckrc.json'])('%s at the root of the repository applies in a folder below it', (name) => {
    const dir = repo({ [name]: JSON.stringify({ shingleSize: 4, failOn: 'none', ext: 'txt' }) });
    const r = cli(['.', '--json', '--no-stats'], { cwd: path.join(dir, 'articles') });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0); // failOn none
    expect(json(r).options.shingleSize).toBe(4);
    expect(json(r).summary.documents).toBe(1); // ext txt: the .md copy is not read
  });

  test('regression: every setting a config file can hold can be undone by a flag (--stats, --progress, --no-verbose did not exist)', () => {
    const dir = repo({ 'dupecheck.config.json': JSON.stringify({ stats: false, verbose: true, progress: false }) });
    const stats = (args: string[]) => (JSON.parse(cli(args, { cwd: dir }).stdout) as { stats?: unknown }).stats;
    expect(stats(['articles', '--json'])).toBeUndefined();
    expect(stats(['articles', '--json', '--stats'])).toBeDefined();
    for (const args of [['articles', '--progress', '--no-verbose'], ['check', 'articles', '--stats', '--no-verbose', '--progress', '--index', 'none.db']]) {
      const r = cli(args, { cwd: dir });
      expect(r.stderr).not.toMatch(/unknown option/);
    }
  });

  test('regression: an empty config file is an error, as one of bad JSON is (it was read as no options)', () => {
    const dir = repo({ 'dupecheck.config.json': '' });
    expect(cli(['articles'], { cwd: dir })).toMatchObject({ code: 2, stdout: '', stderr: 'dupecheck: dupecheck.config.json: the config file is empty (write {} for no options, or remove it)\n' });
  });

  test('the "dupecheck" key of package.json; a package.json without it is passed over', () => {
    const dir = repo({ 'package.json': JSON.stringify({ name: 'newsroom', dupecheck: { numPerm: 64, related: 'none' } }) });
    const r = cli(['articles', '--json', '--no-stats'], { cwd: dir });
    expect(json(r).options).toMatchObject({ numPerm: 64, related: 'none' });
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.writeFileSync(path.join(dir, 'sub', 'package.json'), JSON.stringify({ name: 'sub' }));
    expect(json(cli(['../articles', '--json', '--no-stats'], { cwd: path.join(dir, 'sub') })).options.numPerm).toBe(64);
  });

  test('flags win over the file; --no-config reads none; --config names one', () => {
    const dir = repo({ 'dupecheck.config.json': JSON.stringify({ shingleSize: 4, format: 'json', stats: false }), 'other.json': JSON.stringify({ shingleSize: 7 }) });
    expect(json(cli(['articles'], { cwd: dir })).options.shingleSize).toBe(4); // format json from the file
    expect(json(cli(['articles', '--shingle-size', '6'], { cwd: dir })).options.shingleSize).toBe(6);
    const none = cli(['articles', '--no-config'], { cwd: dir });
    expect(none.stdout).toContain('Duplicates: 1 cluster'); // the terminal report: the file's format is not read
    expect(json(cli(['articles', '--config', 'other.json', '--json'], { cwd: dir })).options.shingleSize).toBe(7);
    expect(json(cli(['articles', '--config', 'other.json', '--json', '--shingle-size', '3'], { cwd: dir })).options.shingleSize).toBe(3);
  });

  test.each([
    [{ thresold: 0.4 }, /^dupecheck: dupecheck\.config\.json: unknown key "thresold" \(the keys are the long options in camelCase: ext, ignore, /],
    [{ threshold: 2 }, /^dupecheck: dupecheck\.config\.json: threshold: must be a number between 0 and 1\n$/],
    [{ failOn: 'copies' }, /^dupecheck: dupecheck\.config\.json: failOn: must be one of identical, near-duplicate, reworded, related, none\n$/],
    [{ related: 0 }, /^dupecheck: dupecheck\.config\.json: related: must be all or none, or a whole number from 1 to 1000\n$/],
    [{ ext: [] }, /^dupecheck: dupecheck\.config\.json: ext: must be a non-empty string, or a list of strings\n$/],
    [[1, 2], /^dupecheck: dupecheck\.config\.json: must be a JSON object of options\n$/],
  ])('a bad file is one line naming the file and the key, exit 2: %j', (content, message) => {
    const dir = repo({ 'dupecheck.config.json': JSON.stringify(content) });
    const r = cli(['articles'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });

  test('a file that is not JSON, and a --config that does not exist, are one line and exit 2', () => {
    const dir = repo({ '.dupecheckrc': 'failOn: none\n' });
    const r = cli(['articles'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^dupecheck: \S*\.dupecheckrc: not valid JSON \(.*\)\n$/);
    const missing = cli(['articles', '--config', 'nope.json'], { cwd: dir });
    expect(missing.stderr).toBe('dupecheck: --config nope.json: no such file\n');
    expect(missing.code).toBe(2);
  });

  test("check: the archive's parameters win over a file that disagrees, with an error naming the file", () => {
    const dir = repo({});
    expect(cli(['index', 'add', 'articles/003.txt', '--no-progress'], { cwd: dir }).code).toBe(0);
    // a file that sets the index's own value, or a parameter that is not stored, is fine
    fs.writeFileSync(path.join(dir, 'dupecheck.config.json'), JSON.stringify({ shingleSize: 5, failOn: 'none', format: 'json' }));
    const same = cli(['check', 'articles/deep', '--no-stats'], { cwd: dir });
    expect(same.stderr).toBe('');
    expect(same.code).toBe(0);
    expect(json(same).summary.documents).toBe(2);
    fs.writeFileSync(path.join(dir, 'dupecheck.config.json'), JSON.stringify({ shingleSize: 4 }));
    const r = cli(['check', 'articles/deep'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'dupecheck: index .dupecheck/index.db was built with shingleSize 5, not 4 as dupecheck.config.json sets it (remove shingleSize there, or build a new index)\n',
    );
    // the flag wins over the file, and then must match the index itself
    expect(cli(['check', 'articles/deep', '--shingle-size', '5'], { cwd: dir }).code).toBe(1);
    expect(cli(['check', 'articles/deep', '--shingle-size', '6'], { cwd: dir }).stderr).toMatch(/built with --shingle-size 5, not 6/);
  });
  test('"index" names the archive for index add, check, stats, list and remove; --index wins', () => {
    const dir = repo({ 'dupecheck.config.json': JSON.stringify({ index: 'archive/news.db' }) });
    expect(cli(['index', 'add', 'articles/003.txt', '--no-progress'], { cwd: dir }).stdout).toMatch(/^added 1 document to archive\/news\.db /);
    expect(fs.existsSync(path.join(dir, '.dupecheck'))).toBe(false);
    expect(JSON.parse(cli(['index', 'stats', '--json'], { cwd: dir }).stdout).documents).toBe(1);
    expect(cli(['index', 'list'], { cwd: dir }).stdout).toContain('articles/003.txt');
    expect(cli(['check', 'articles/deep', '--no-progress'], { cwd: dir }).code).toBe(1);
    expect(cli(['index', 'stats', '--index', 'other.db'], { cwd: dir }).code).toBe(2); // no such index
    expect(cli(['index', 'remove', 'articles/003.txt'], { cwd: dir }).stdout).toBe('removed 1 document from archive/news.db; it holds 0 documents\n');
  });
});

describe('the options check, as the library API applies it', () => {
  test('lists may be one string; the result keeps only the keys given', () => {
    expect(checkOptions({ ext: 'txt, .MD', ignore: 'drafts/**' }, 'x')).toEqual({ ext: ['txt', 'md'], ignore: ['drafts/**'] });
  });
  test('scan refuses an unknown option or a command-line-only one with a UsageError', async () => {
    await expect(scan(['seeds'], { bogus: 1 } as never)).rejects.toThrow(new UsageError('options: unknown key "bogus" (the keys are the long options in camelCase: ext, ignore, encoding, maxSize, failOn, stats, shingleSize, numPerm, seed, threshold, contentThreshold, minPassage, related, series, format, color, progress, verbose, index)'));
    await expect(scan(['seeds'], { format: 'json' } as never)).rejects.toThrow('options: format is an option of the command line, not of a library call');
  });
  test('findConfig from a folder with none above it finds nothing', async () => {
    expect(await findConfig(tmpDir())).toBeNull();
  });
});

describe('the options validator', () => {
  /** Ajv's standalone code for OPTIONS_SCHEMA, as src/optionsValidator.ts holds it. */
  async function generated(): Promise<string> {
    const { Ajv } = await import('ajv');
    const standalone = (await import('ajv/dist/standalone/index.js')).default as unknown as { default: (ajv: unknown, v: unknown) => string };
    // unicode: false: minLength counts UTF-16 units (the schema asks only for 1), and the code needs no Ajv runtime module
    const ajv = new Ajv({ allErrors: false, strict: true, unicode: false, logger: false, code: { source: true, esm: true, lines: true } });
    const source = standalone.default(ajv, ajv.compile(OPTIONS_SCHEMA));
    return `// @ts-nocheck\n/* Generated: Ajv's standalone code for OPTIONS_SCHEMA (src/config.ts). Do not edit: DUPECHECK_WRITE_VALIDATOR=1 npm test -- test/config.test.ts writes it again. */\n${source}\n`;
  }
  test('is the schema compiled by Ajv, imports nothing, and is written again on request', async () => {
    const file = path.join(ROOT, 'src', 'optionsValidator.ts');
    const want = await generated();
    if (process.env.DUPECHECK_WRITE_VALIDATOR === '1') fs.writeFileSync(file, want);
    expect(fs.readFileSync(file, 'utf8')).toBe(want);
    expect(want).not.toMatch(/\brequire\(|^import /m);
  });
});
