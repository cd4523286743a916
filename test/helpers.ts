import { afterAll } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SEEDS = path.join(ROOT, 'seeds');
export const FIXTURES = path.join(ROOT, 'fixtures');
export const BIN = path.join(ROOT, 'bin', 'dupecheck.js');

export const SEED_FILES = fs.readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort();
/** seed text by its number, e.g. seed('003') */
export function seed(n: string): string {
  const f = SEED_FILES.find((x) => x.startsWith(`${n}_`));
  if (!f) throw new Error(`no seed ${n}`);
  return fs.readFileSync(path.join(SEEDS, f), 'utf8');
}
export function seedPath(n: string): string {
  const f = SEED_FILES.find((x) => x.startsWith(`${n}_`));
  if (!f) throw new Error(`no seed ${n}`);
  return path.join(SEEDS, f);
}
export function fixture(rel: string): string {
  return fs.readFileSync(path.join(FIXTURES, rel), 'utf8');
}

const made: string[] = [];
/** A fresh temporary folder, removed when the test file is done. */
export function tmpDir(prefix = 'dupecheck-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the built CLI (npm test builds dist/ first). */
export function cli(args: string[], opts: { cwd?: string; env?: Record<string, string | undefined>; input?: string } = {}): CliResult {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...opts.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: env as NodeJS.ProcessEnv,
    input: opts.input ?? '',
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The README, or a page of docs/ ('docs/usage.md'), as the repository has it. */
export const docText = (file = 'README.md') => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** The text of the first fenced block (opened by `fence`) after `after` in the README, or in a page of docs/. */
export function readmeBlock(after: string, fence: string, file = 'README.md'): string {
  const readme = docText(file);
  if (!readme.includes(after)) throw new Error(`${file} has no ${JSON.stringify(after)}`);
  const start = readme.indexOf(fence, readme.indexOf(after)) + fence.length;
  return readme.slice(start, readme.indexOf('```', start));
}

/**
 * A match report written from one pattern, every name and number drawn at random: stories of one
 * template, which align sentence by sentence and are not copies (docs/how-it-works.md).
 */
export function templatedReport(rand: () => number): string {
  const r = (k: number) => Math.floor(rand() * k);
  const syl = 'ka ro mi te su lo na vi pe da gu ze fo ri ba mo ne shi tra ul'.split(' ');
  const name = () => {
    const w = syl[r(20)] + syl[r(20)] + syl[r(20)];
    return w[0].toUpperCase() + w.slice(1);
  };
  const day = 'Monday Tuesday Wednesday Thursday Friday Saturday Sunday'.split(' ')[r(7)];
  const [a, b] = [`${name()} United`, `${name()} City`];
  return (
    `${a} beat ${b} ${1 + r(4)}-${r(3)} on ${day} at ${name()} Stadium. ${name()} ${name()} opened the scoring in the ${1 + r(90)}th minute ` +
    `and ${name()} ${name()} added a second goal after ${1 + r(90)} minutes. The win moved ${a} up to ${1 + r(20)}th place in the league table ` +
    `with ${r(60)} points, while ${b} stay ${1 + r(20)}th. The two sides meet again next season.\n`
  );
}
