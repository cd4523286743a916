/**
 * dupecheck as a package: `npm pack`, the tarball installed in a project of its own, imported by
 * its name from a TypeScript file that tsc type-checks (strict, against the shipped declarations)
 * and that then runs on the seeds. The tarball's files are laid out as npm installs them
 * (node_modules/dupecheck); its dependencies are linked from this repository's node_modules, so
 * that the test needs no registry.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { ROOT, SEEDS, tmpDir } from './helpers.js';

const CONSUMER = `import { scan, scanTexts, compare, openIndex, formatReport, failed, UsageError, InputError, InternalError, DEFAULT_SCAN_OPTIONS, type ReportPair, type ScanOptions, type ReportDocument, type DiffSide, type DiffJson, type DiffView, type Progress, type Sentence, type Token, type ArtefactKind } from 'dupecheck';
import { createRequire } from 'node:module';

const options: Partial<ScanOptions> = { stats: false, failOn: 'near-duplicate' };
const report = await scan([process.argv[2]], options);
const duplicates: ReportPair[] = [...report.pairs].filter((p) => p.duplicate);
const pathOf = new Map(report.documents.map((d) => [d.id, d.path]));
const { relation } = await compare('The mayor opened the new harbour bridge on Tuesday after years of delays.', 'Something else entirely, about the weather in the hills and the price of bread.');
let missing = '';
try {
  await scan(['no/such/folder']);
} catch (e) {
  if (e instanceof InputError && e instanceof UsageError && !(e instanceof InternalError)) missing = e.message;
}
let badOption = '';
try {
  await scan([process.argv[2]], { threshold: 2 });
} catch (e) {
  if (e instanceof UsageError) badOption = e.message;
}
let noIndex = '';
try {
  await openIndex('no/such/index.db');
} catch (e) {
  if (e instanceof UsageError) noIndex = e.message;
}
const github = [...formatReport(report, 'github')].join('');
// the types of what the API returns, by name (review: DiffSide, DiffJson, ... could not be imported)
const firstDoc: ReportDocument = report.documents[0];
const kinds: ArtefactKind[] = duplicates.flatMap((p) => (p.derived?.evidence ?? []).map((e) => e.kind));
const progress: Progress = () => {};
type Named = [DiffSide, DiffJson, DiffView, Sentence, Token];
const named: Named | null = null;
// the JSON schema ships with the package, at an exported path
const schema = createRequire(import.meta.url)('dupecheck/report.schema.json') as { $id?: string; properties: Record<string, unknown> };
// texts in memory: an empty one is skipped with its reason, a language tag is read as JSONL's
const texts = await scanTexts([{ path: 'x', text: 'Some words here.', lang: 'en-US' }, { path: 'empty', text: '' }], { stats: false });
let badFormat = '';
try {
  // refused when called, before any piece is asked for
  formatReport(report, 'xml' as 'json');
} catch (e) {
  if (e instanceof UsageError) badFormat = e.message;
}
console.log(JSON.stringify({
  firstDoc: typeof firstDoc.path,
  kinds: kinds.length > 0,
  progress: typeof progress,
  named,
  schema: 'pairs' in schema.properties,
  texts: { langs: texts.documents.map((d) => d.lang), skipped: texts.skipped },
  badFormat,
  documents: report.summary.documents,
  duplicates: duplicates.map((p) => [p.relation, pathOf.get(p.a), pathOf.get(p.b)]),
  failed: failed(report, 'reworded'),
  json: JSON.parse(JSON.stringify(report)).pairs.length,
  relation,
  defaults: DEFAULT_SCAN_OPTIONS.ext,
  missing,
  badOption,
  noIndex,
  github,
}));
`;

// a mistake the declarations must catch: a relation that does not exist
const WRONG = `import { scan } from 'dupecheck';
await scan(['x'], { failOn: 'copied' });
`;

describe('the package, installed from its tarball', () => {
  let project = '';
  let tsc = '';
  let compiled: SpawnSyncReturns<string>;
  beforeAll(() => {
    const work = tmpDir('dupecheck-pack-');
    // npm test builds dist/ first; pack it as published (no scripts: the build is there)
    execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const tarball = fs.readdirSync(work).find((f) => f.endsWith('.tgz'))!;
    project = path.join(work, 'consumer');
    const installed = path.join(project, 'node_modules', 'dupecheck');
    fs.mkdirSync(installed, { recursive: true });
    execFileSync('tar', ['-xzf', path.join(work, tarball), '-C', installed, '--strip-components=1']);
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    for (const dep of [...Object.keys(pkg.dependencies), '@types/node']) {
      const at = path.join(project, 'node_modules', dep);
      fs.mkdirSync(path.dirname(at), { recursive: true });
      fs.symlinkSync(path.join(ROOT, 'node_modules', dep), at);
    }
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    fs.writeFileSync(
      path.join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: false, types: ['node'], outDir: 'out' }, include: ['consumer.ts', 'readme.ts'] }),
    );
    fs.writeFileSync(path.join(project, 'consumer.ts'), CONSUMER);
    // the README's example, as it is written there
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('## In other programs: the library');
    const at = readme.indexOf('```ts\n', readme.indexOf('## In other programs: the library')) + '```ts\n'.length;
    fs.writeFileSync(path.join(project, 'readme.ts'), readme.slice(at, readme.indexOf('```', at)));
    tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    // type-checked and compiled once: the other tests run what it emits
    compiled = spawnSync(process.execPath, [tsc, '-p', '.'], { cwd: project, encoding: 'utf8' });
  }, 120_000);

  test('ships the build and its declarations, not the sources or the tests', () => {
    const files = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)).map((f) => `${e.name}/${f}`) : [e.name]));
    const shipped = files(path.join(project, 'node_modules', 'dupecheck'));
    expect(shipped).toEqual(expect.arrayContaining(['package.json', 'dist/api.js', 'dist/api.d.ts', 'dist/types.d.ts', 'bin/dupecheck.js']));
    expect(shipped.filter((f) => f.startsWith('src/') && f.endsWith('.ts') || f.startsWith('test/'))).toEqual([]);
  });

  test('a TypeScript consumer type-checks against the declarations, and a wrong option does not', () => {
    expect(compiled.stdout + compiled.stderr).toBe('');
    expect(compiled.status).toBe(0);
    fs.writeFileSync(path.join(project, 'wrong.ts'), WRONG);
    const bad = spawnSync(process.execPath, [tsc, '--noEmit', '--strict', '--module', 'NodeNext', '--moduleResolution', 'NodeNext', '--target', 'ES2022', '--types', 'node', 'wrong.ts'], { cwd: project, encoding: 'utf8' });
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toMatch(/wrong\.ts\(2,\d+\): error TS2322: Type '"copied"' is not assignable/);
  });

  test("imported by its name, it finds the seeds' reworded copy; errors are typed", () => {
    const r = spawnSync(process.execPath, [path.join(project, 'out', 'consumer.js'), SEEDS], { cwd: project, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.documents).toBe(5);
    expect(out.duplicates).toEqual([['reworded', expect.stringMatching(/001_e80b7f1f2ee6145e\.txt$/), expect.stringMatching(/003_7e85eb1b6bb64eea\.txt$/)]]);
    expect(out.failed).toBe(true);
    expect(out.json).toBeGreaterThan(1); // the pairs' lazy list serialises as an array
    expect(out.relation).toBe('unrelated');
    expect(out.defaults).toEqual(['txt', 'md']);
    expect(out.missing).toBe('no such file or directory: no/such/folder');
    expect(out.badOption).toBe('options: threshold: must be a number between 0 and 1');
    expect(out.noIndex).toMatch(/no\/such\/index\.db/);
    expect(out.github).toMatch(/^::warning file=.*001_e80b7f1f2ee6145e\.txt,line=1,endLine=65,title=dupecheck reworded::reworded copy of /);
    expect(out).toMatchObject({ firstDoc: 'string', kinds: true, progress: 'function', named: null, schema: true });
    expect(out.texts).toEqual({ langs: ['en'], skipped: [{ path: 'empty', reason: 'empty text' }] });
    expect(out.badFormat).toBe('unknown format "xml": one of text, json, jsonl, github, sarif');
  });

  test("the README's example type-checks (above) and prints the seeds' copy", () => {
    const r = spawnSync(process.execPath, [path.join(project, 'out', 'readme.js')], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('reworded seeds/001_e80b7f1f2ee6145e.txt seeds/003_7e85eb1b6bb64eea.txt\nunrelated\n');
    expect(fs.readFileSync(path.join(project, 'readme.ts'), 'utf8').trim().split('\n').length).toBeLessThanOrEqual(13);
  });

  test('only the entry point is exported: a deep import is refused', () => {
    fs.writeFileSync(path.join(project, 'deep.mjs'), "import 'dupecheck/dist/read/index.js';\n");
    const r = spawnSync(process.execPath, ['deep.mjs'], { cwd: project, encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('ERR_PACKAGE_PATH_NOT_EXPORTED');
  });
});
