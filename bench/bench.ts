/**
 * `npm run bench`: speed, memory and recall of the built CLI on seeded corpora made from real text
 * (bench/corpus.ts), side by side in one run with (1) the npm `minhash` package doing the same job
 * on the small corpus and (2) `cat files | wc -w` over the large one, the read-and-scan floor.
 * Ratios, not absolute times: machines are noisy.
 *
 * Two corpora (bench/corpus.ts), side by side: `unique`, whose sentences never recur, and `news`,
 * in which sentences and passages recur across documents as in news (wire copy, quotes, site
 * furniture, short pages, outlets as folders), with the same kind of planted near-copies. On the
 * news corpus the same run also times datasketch's MinHashLSH (bench/datasketch_peer.py) when
 * Debian's python3-numpy and python3-scipy are installed.
 *
 *   npm run bench                          2,000 and 50,000 documents, both corpora
 *   npm run bench -- --docs 200000         other sizes (comma-separated)
 *   npm run bench -- --corpus news         one corpus
 *   npm run bench -- --datasketch 2000     sizes at which datasketch runs (default 2000,50000)
 *   npm run bench -- --json                machine-readable result on stdout
 *
 * Writes bench-out/bench.json and bench-out/bench.md; corpora are cached in bench-out/corpus-N and
 * bench-out/news-N.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, BIN, run, runEnv, table, fmt, benchCommand, intList, nameList } from './lib.js';
import { generateCorpus, generateNewsCorpus, EDIT_RATES, type Corpus, type Planted } from './corpus.js';
import type { Report } from '../src/report/model.js';
import { analyzeText } from '../src/text/document.js';
import { sentenceVectors } from '../src/align/similarity.js';
import { align } from '../src/align/align.js';

const args = benchCommand('bench', 'Speed, memory and recall of the built CLI on seeded corpora, side by side with its peers (writes bench-out/bench.md and bench.json).')
  .option('--docs <sizes>', 'corpus sizes, comma-separated', intList, [2000, 50000])
  .option('--corpus <kinds>', 'unique, news, or both comma-separated', nameList(['unique', 'news'] as const), ['unique', 'news'] as Array<'unique' | 'news'>)
  .option('--datasketch <sizes>', "sizes at which datasketch's MinHashLSH runs too (news corpus; 0: none)", (v: string) => (v === '0' ? [] : intList(v)), [2000, 50000])
  .option('--json', 'the result as JSON on stdout')
  .parse()
  .opts<{ docs: number[]; corpus: Array<'unique' | 'news'>; datasketch: number[]; json?: boolean }>();
const sizes = args.docs;
const kinds = args.corpus;
const datasketchSizes = new Set(args.datasketch);
const PEERS = path.resolve(ROOT, '..', 'shared', 'peers', 'datasketch');
const PYTHON = '/usr/bin/python3';
const asJson = !!args.json;
const OUT = path.join(ROOT, 'bench-out');
const log = (s: string) => (asJson ? process.stderr : process.stdout).write(s + '\n');

function corpus(kind: 'unique' | 'news', n: number): Corpus {
  const dir = path.join(OUT, `${kind === 'unique' ? 'corpus' : 'news'}-${n}`);
  const meta = path.join(dir, 'truth.json');
  if (fs.existsSync(meta)) return JSON.parse(fs.readFileSync(meta, 'utf8')) as Corpus;
  fs.rmSync(dir, { recursive: true, force: true });
  const t0 = performance.now();
  const c = (kind === 'unique' ? generateCorpus : generateNewsCorpus)(dir, n);
  fs.writeFileSync(meta, JSON.stringify(c));
  log(`${kind} corpus of ${n} documents: ${(c.bytes / 1e6).toFixed(1)} MB, ${c.planted.length} planted copies (${Math.round((performance.now() - t0) / 1000)} s)`);
  return c;
}

/** Families of planted copies (a copy of a copy is a duplicate of the original too). */
function families(planted: Planted[]): Map<string, string> {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    while (parent.has(x) && parent.get(x) !== x) x = parent.get(x)!;
    return x;
  };
  for (const p of planted) parent.set(find(p.copy), find(p.original));
  const out = new Map<string, string>();
  for (const p of planted) {
    out.set(p.copy, find(p.copy));
    out.set(p.original, find(p.original));
  }
  return out;
}

function quality(c: Corpus, dupPairs: Array<[string, string]>) {
  const fam = families(c.planted);
  const key = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);
  const reported = new Set(dupPairs.map(([a, b]) => key(a, b)));
  const byRate: Record<string, { planted: number; found: number; recall: number }> = {};
  for (const r of EDIT_RATES) byRate[String(r)] = { planted: 0, found: 0, recall: 0 };
  for (const p of c.planted) {
    const row = byRate[String(p.rate)];
    row.planted++;
    if (reported.has(key(p.original, p.copy))) row.found++;
  }
  for (const row of Object.values(byRate)) row.recall = row.planted ? row.found / row.planted : 1;
  const correct = dupPairs.filter(([a, b]) => fam.get(a) !== undefined && fam.get(a) === fam.get(b)).length;
  return { byRate, reported: dupPairs.length, correct, precision: dupPairs.length ? correct / dupPairs.length : 1 };
}

async function ours(c: Corpus) {
  const r = await run(process.execPath, [BIN, c.dir, '--json', '--fail-on', 'none', '--no-progress']);
  if (r.code !== 0) throw new Error(`dupecheck failed (${r.code}): ${r.stderr.slice(0, 400)}`);
  const jsonBytes = Buffer.byteLength(r.stdout);
  // the report must parse in Node as it is (a consumer's JSON.parse)
  const report = JSON.parse(r.stdout) as Report;
  const pathOf = new Map(report.documents.map((d) => [d.id, d.path]));
  const dups = report.pairs.filter((p) => p.duplicate).map((p) => [pathOf.get(p.a)!, pathOf.get(p.b)!] as [string, string]);
  // identical groups report pairs against their first member only: expand them
  return { ms: r.ms, rssMb: r.rssMb, jsonBytes, stats: report.stats as Record<string, unknown>, summary: report.summary, quality: quality(c, dups) };
}

/** datasketch's MinHashLSH on the same files, or why it cannot run here. */
type PeerRun = { ms: number; rssMb: number | null; quality: ReturnType<typeof quality> } | { skipped: string };
async function datasketch(c: Corpus): Promise<PeerRun> {
  if (!fs.existsSync(PYTHON) || !fs.existsSync(PEERS)) return { skipped: `needs ${PYTHON} and ${PEERS}` };
  const probe = await run(PYTHON, ['-c', 'import numpy, scipy']);
  if (probe.code !== 0) return { skipped: 'needs Debian python3-numpy and python3-scipy (apt-get install -y python3-numpy python3-scipy)' };
  const r = await runEnv(PYTHON, [path.join(ROOT, 'bench', 'datasketch_peer.py'), c.dir], { PYTHONPATH: PEERS });
  if (r.code !== 0) throw new Error(`datasketch failed: ${r.stderr.slice(0, 400)}`);
  const out = JSON.parse(r.stdout) as { pairs: Array<[string, string]> };
  return { ms: r.ms, rssMb: r.rssMb, quality: quality(c, out.pairs) };
}

async function peer(c: Corpus) {
  const r = await run(process.execPath, [path.join(ROOT, 'build', 'bench', 'peer.js'), c.dir]);
  if (r.code !== 0) throw new Error(`peer failed: ${r.stderr.slice(0, 400)}`);
  const out = JSON.parse(r.stdout) as { pairs: Array<[string, string]>; candidates: number };
  return { ms: r.ms, rssMb: r.rssMb, candidates: out.candidates, quality: quality(c, out.pairs) };
}

async function floor(c: Corpus) {
  const list = path.join(OUT, `corpus-${c.files.length}.list`);
  fs.writeFileSync(list, c.files.join('\0'));
  const r = await run('/bin/sh', ['-c', `xargs -0 cat < '${list}' | wc -w`]);
  return { ms: r.ms, words: Number(r.stdout.trim()) };
}

const result: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? '', memGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
  sizes: {} as Record<string, unknown>,
};
const rows: Array<Array<string | number>> = [];
const recall = (q: ReturnType<typeof quality>) => EDIT_RATES.map((r) => fmt(q.byRate[String(r)].recall, 2)).join('/');
for (const n of sizes) {
  for (const kind of kinds) {
    const c = corpus(kind, n);
    const o = await ours(c);
    const entry: Record<string, unknown> = { corpus: kind, documents: n, mb: c.bytes / 1e6, ours: o };
    const q = o.quality;
    const side: string[] = [];
    if (n <= 5000) {
      const p = await peer(c);
      entry.peer = p;
      entry.peerRatio = p.ms / o.ms;
      side.push(`minhash ${fmt(p.ms / 1000, 1)} s: **${fmt(p.ms / o.ms, 1)}x** slower, recall ${recall(p.quality)}`);
    }
    if (kind === 'news' && datasketchSizes.has(n)) {
      const d = await datasketch(c);
      entry.datasketch = d;
      if ('ms' in d) {
        entry.datasketchRatio = d.ms / o.ms;
        side.push(`datasketch ${fmt(d.ms / 1000, 1)} s: **${fmt(d.ms / o.ms, 1)}x** slower, recall ${recall(d.quality)}, precision ${fmt(d.quality.precision, 3)}`);
      } else side.push(`datasketch skipped: ${d.skipped}`);
    }
    if (n >= 50000 || n === sizes[sizes.length - 1]) {
      const f = await floor(c);
      entry.floor = f;
      entry.floorRatio = o.ms / f.ms;
      side.push(`wc -w ${fmt(f.ms / 1000, 2)} s: ours **${fmt(o.ms / f.ms, 1)}x**`);
    }
    (result.sizes as Record<string, unknown>)[`${kind}-${n}`] = entry;
    rows.push([
      kind,
      n,
      fmt(c.bytes / 1e6, 0),
      fmt(o.ms / 1000, 2),
      o.rssMb ? Math.round(o.rssMb) : '-',
      String((o.stats as { candidates?: { total?: number } }).candidates?.total ?? '-'),
      o.summary.pairs.related,
      o.summary.reuse.clusters,
      Math.round(o.jsonBytes / n),
      ...EDIT_RATES.map((r) => fmt(q.byRate[String(r)].recall, 3)),
      fmt(q.precision, 3),
      side.join('; '),
    ]);
    log(`${kind} ${n} documents: ${fmt(o.ms / 1000, 2)} s, ${o.rssMb ? Math.round(o.rssMb) : '?'} MB, recall ${recall(q)}, precision ${fmt(q.precision, 3)}${side.length ? `; ${side.join('; ')}` : ''}`);
  }
}
// alignment speed: two 1,000-sentence documents (18 copies of seeds 001 and 003, a translation pair)
{
  const rep = (f: string) => Array(18).fill(fs.readFileSync(path.join(ROOT, 'seeds', f), 'utf8')).join('\n\n');
  const ma = analyzeText(rep('001_e80b7f1f2ee6145e.txt'));
  const mb = analyzeText(rep('003_7e85eb1b6bb64eea.txt'));
  const chars = (m: typeof ma) => m.sentences.map((x) => x.end - x.start);
  const times: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    const [A, B] = sentenceVectors([
      { tokens: ma.tokens, chars: chars(ma) },
      { tokens: mb.tokens, chars: chars(mb) },
    ]);
    align(A, B);
    times.push(performance.now() - t0);
  }
  const best = Math.min(...times);
  result.alignment = { sentences: [ma.sentences.length, mb.sentences.length], bestMs: best, runsMs: times };
  log(`alignment of ${ma.sentences.length} x ${mb.sentences.length} sentences: best of 5 ${best.toFixed(0)} ms`);
}
const md = [
  `Benchmark ${String(result.date).slice(0, 10)} on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? ''}), Node ${process.version}`,
  '',
  table(
    ['corpus', 'documents', 'MB', 'wall s', 'peak RSS MB', 'candidate pairs', 'related pairs', 'reuse clusters', 'JSON bytes/doc', ...EDIT_RATES.map((r) => `recall ${r * 100}%`), 'precision', 'side by side'],
    rows,
  ),
  '',
  `Alignment of two documents of ${(result.alignment as { sentences: number[] }).sentences.join(' x ')} sentences: ${(result.alignment as { bestMs: number }).bestMs.toFixed(0)} ms (best of 5).`,
  '',
].join('\n');
fs.mkdirSync(OUT, { recursive: true });
fs.writeFileSync(path.join(OUT, 'bench.json'), JSON.stringify(result, null, 2));
fs.writeFileSync(path.join(OUT, 'bench.md'), md);
if (asJson) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
else log('\n' + md);
