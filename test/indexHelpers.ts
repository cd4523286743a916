/** Helpers for test/index.test.ts: child processes that run at the same time, small documents. */
import fs from 'node:fs';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { expect } from '@jest/globals';
import Ajv2020 from 'ajv/dist/2020.js';
import { mulberry32 } from '../src/signatures/hash.js';
import { BIN, ROOT, cli } from './helpers.js';

export interface Running {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** Start the built CLI without waiting for it. */
export function cliAsync(args: string[], env: Record<string, string> = {}): Running {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Awaited<Running['done']>>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

// 8,000 made-up words (three syllables each): two documents share few words, so the archive's band
// keys tell documents apart as they do in real text (with 20 words, every document was every other's candidate)
const SYLLABLES = 'ba ko ri mu te sa lo ne vi du pa ge ho fi ja lu zo we ki ra'.split(' ');
const WORDS = SYLLABLES.flatMap((a) => SYLLABLES.flatMap((b) => SYLLABLES.map((c) => a + b + c)));

/** n small distinct articles (seeded) written to dir as doc<k>.txt; returns their paths. */
export function writeDocs(dir: string, n: number, from = 0): string[] {
  fs.mkdirSync(dir, { recursive: true });
  // (an LCG in floating point, s * 1103515245 past 2^53, repeated itself every 81 documents)
  const rand = mulberry32(7 + from);
  const out: string[] = [];
  for (let k = from; k < from + n; k++) {
    const words = Array.from({ length: 80 }, (_, i) => WORDS[Math.floor(rand() * WORDS.length)] + (i % 12 === 11 ? '.' : ''));
    const p = path.join(dir, `doc${k}.txt`);
    fs.writeFileSync(p, `Article ${k}. ${words.join(' ')}\n`);
    out.push(p);
  }
  return out;
}

/** `dupecheck index stats --json` on an index file. */
export function indexStats(db: string): { documents: number; schemaVersion: number; params: Record<string, unknown> } {
  const r = cli(['index', 'stats', '--index', db, '--json']);
  if (r.code !== 0) throw new Error(`stats exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'src/report/report.schema.json'), 'utf8'));
export const ajv = new Ajv2020.default({ allErrors: true, strict: false });
export const validate = ajv.compile(schema);

export interface ReportDoc {
  id: string;
  path: string;
  archived?: boolean;
}
export interface Report {
  documents: ReportDoc[];
  pairs: Array<{ a: string; b: string; relation: string; duplicate: boolean }>;
}
export const docOf = (r: Report, id: string) => r.documents.find((d) => d.id === id)!;
export const seedNo = (d: ReportDoc) => path.basename(d.path).slice(0, 3);
export const oneLine = (stderr: string) => {
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
};



/** Documents in an index, or 0 when it cannot be opened (not created yet). */
export function tryStats(db: string): number {
  const r = cli(['index', 'stats', '--index', db, '--json']);
  return r.code === 0 ? (JSON.parse(r.stdout) as { documents: number }).documents : 0;
}

/**
 * `index add` of a folder, slowed down (a transaction per 2 documents, `slowMs` after each), once
 * it has committed at least 4 documents: for tests that stop it mid-add.
 */
export async function slowAddUnderway(folder: string, db: string, slowMs: number): Promise<Running> {
  const run = cliAsync(['index', 'add', folder, '--index', db], { DUPECHECK_TEST_ADD_CHUNK: '2', DUPECHECK_TEST_SLOW_ADD: String(slowMs) });
  for (let t = 0; t < 100 && tryStats(db) < 4; t++) await sleep(100);
  return run;
}
