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
/**
 * An earnings story of one template (after AP's automated ones), whose names come from small pools
 * (a dozen towns, common first and last names) so that two stories share a name or two by chance,
 * while their figures are their own.
 */
export function templatedEarnings(rand: () => number): string {
  const r = (k: number) => Math.floor(rand() * k);
  const pick = (xs: string) => xs.split(' ')[r(xs.split(' ').length)];
  const town = pick('Burlington Dayton Tulsa Boise Omaha Fresno Akron Mobile Spokane Tacoma Reno Albany');
  const company = `${pick('Keystone Summit Harbor Pioneer Atlas Beacon Cedar Granite Liberty Meridian')} ${pick('Labs Systems Foods Energy Brands Holdings')}`;
  const person = () => `${pick('Deborah Michael Nicole James Karen Robert Linda David')} ${pick('Gonzales Grant Miller Chen Patel Brooks Reed Walsh')}`;
  const money = () => `${1 + r(300)}.${r(10)}`;
  return (
    `${town.toUpperCase()} (AP) — ${company} on ${pick('Monday Tuesday Wednesday Thursday')} reported quarterly net income of $${money()} million.\n\n` +
    `On a per-share basis, the ${town}-based company said it had profit of ${10 + r(200)} cents. Earnings, adjusted for one-time gains and costs, were ${10 + r(200)} cents per share.\n\n` +
    `The results exceeded Wall Street expectations. The average estimate of ${2 + r(9)} analysts surveyed by Zacks Investment Research was for earnings of ${10 + r(200)} cents per share.\n\n` +
    `The company posted revenue of $${money()} million in the period, also beating Street forecasts. ${2 + r(9)} analysts surveyed by Zacks expected $${money()} million.\n\n` +
    `Chief Executive ${person()} said in a statement that demand had remained strong. Chief Financial Officer ${person()} told analysts that margins would improve.\n\n` +
    `${company.split(' ')[0]} shares have declined ${1 + r(30)}% since the beginning of the year, while the S&P's 500 index has increased ${1 + r(9)}%. The stock has climbed ${1 + r(60)}% in the last ${2 + r(20)} months.\n`
  );
}

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
