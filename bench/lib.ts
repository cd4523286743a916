/** Shared by `npm run eval` and `npm run bench`: run the built CLI, time it, print tables. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import type { Report } from '../src/report/model.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.join(ROOT, 'bin', 'dupecheck.js');

export interface CliRun {
  code: number;
  ms: number;
  /** peak resident set size of the child, in MB (from /usr/bin/time when available) */
  rssMb: number | null;
  stdout: string;
  stderr: string;
}

/** `run` with variables added to the environment. */
export function runEnv(cmd: string, args: string[], env: Record<string, string>): Promise<CliRun> {
  return run(cmd, args, { env });
}

/** Run a command, capturing output; peak RSS through GNU time when it is installed. */
export function run(cmd: string, args: string[], opts: { input?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  const haveTime = fs.existsSync('/usr/bin/time');
  const argv = haveTime ? ['-f', '__RSS_KB=%M', cmd, ...args] : args;
  const exe = haveTime ? '/usr/bin/time' : cmd;
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(exe, argv, { stdio: ['pipe', 'pipe', 'pipe'], env: opts.env ? { ...process.env, ...opts.env } : process.env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      let stderr = Buffer.concat(err).toString('utf8');
      let rssMb: number | null = null;
      const m = /__RSS_KB=(\d+)\s*$/.exec(stderr);
      if (m) {
        rssMb = Number(m[1]) / 1024;
        stderr = stderr.slice(0, m.index);
      }
      resolve({ code: code ?? -1, ms, rssMb, stdout: Buffer.concat(out).toString('utf8'), stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** The built CLI with --json, as users run it. */
export async function dupecheck(args: string[], input?: string): Promise<CliRun & { report: Report }> {
  const r = await run(process.execPath, [BIN, ...args, '--json', '--fail-on', 'none', '--no-progress'], { input });
  if (r.code !== 0) throw new Error(`dupecheck ${args.join(' ')} exited ${r.code}: ${r.stderr.slice(0, 500)}`);
  return { ...r, report: JSON.parse(r.stdout) as Report };
}

export function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher-Yates with a seeded generator. */
export function shuffled<T>(xs: readonly T[], rand: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** A Markdown table. */
export function table(head: string[], rows: Array<Array<string | number>>): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const w = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(w[i])).join(' | ')} |`;
  return [line(head), `| ${w.map((n) => '-'.repeat(n)).join(' | ')} |`, ...cells.slice(1).map(line)].join('\n');
}

export const fmt = (x: number, d = 3) => x.toFixed(d);

/** A benchmark's command line (commander: --help, and an unknown option is an error, not a full run). */
export function benchCommand(script: string, description: string): Command {
  return new Command(`npm run ${script} --`).description(description).allowExcessArguments(false).showHelpAfterError();
}

/** A positive whole number option. */
export function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('a positive whole number');
  return n;
}

/** A comma-separated list of positive whole numbers. */
export const intList = (v: string): number[] => v.split(',').map(positiveInt);

/** A comma-separated list of names, each one of `allowed`. */
export const nameList =
  <T extends string>(allowed: readonly T[]) =>
  (v: string): T[] => {
    const xs = v.split(',');
    for (const x of xs) if (!(allowed as readonly string[]).includes(x)) throw new InvalidArgumentError(`one or more of ${allowed.join(', ')}, comma-separated`);
    return xs as T[];
  };
