/**
 * `npm run bench:index`: the archive index at scale, on SQLite and on PostgreSQL (`--backend
 * sqlite|postgresql|both`, default both). For each backend it builds a synthetic archive of N
 * documents (default 100,000; `--docs N`) through the index module's API, once with one writer
 * process and once with two (`--writers 1,2`; each writer adds its share, as concurrent `index add`
 * runs do), then times the built CLI's `dupecheck check` on a batch of 1,000 new documents of
 * which 50 are near-copies of archived ones, and prints the build throughput, the index size, the
 * check time, the peak RSS and the recall of the planted copies. PostgreSQL is a throwaway cluster
 * (test/pgCluster.ts) unless `--pg postgresql://…` names a server. Seeded: the same arguments
 * build the same archive.
 *
 * Documents are random sentences of real words (/usr/share/dict/words, or the words of
 * /usr/share/common-licenses/* when there is no dictionary), 10-30 sentences of 8-25 words, with
 * function words at their usual rate. A near-copy substitutes 8% of an archived document's words,
 * drops one sentence and adds one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BIN, runEnv, tmpDir, benchCommand, intList, positiveInt } from './lib.js';
import { Option } from 'commander';
import { openArchive } from '../src/index/open.js';
import { startCluster, type PgCluster } from '../test/pgCluster.js';
import { addBatch } from '../src/index/add.js';
import type { BatchItem } from '../src/index/batch.js';
import { DEFAULT_OPTIONS } from '../src/pipeline/options.js';
import type { Report } from '../src/report/model.js';

const args = benchCommand('bench:index', 'The archive index at scale on SQLite and PostgreSQL: build throughput with 1 and 2 writers, size, and the time, memory and recall of one check.')
  .option('--docs <n>', 'documents in the archive', positiveInt, 100_000)
  .option('--batch <n>', 'documents in the batch checked', positiveInt, 1000)
  .option('--copies <n>', 'near-copies of archived documents planted in the batch', positiveInt, 50)
  .option('--seed <n>', 'seed of the synthetic documents', positiveInt, 1)
  .option('--writers <counts>', 'writer processes of each build, comma-separated', intList, [1, 2])
  .addOption(new Option('--backend <which>', 'which backends').choices(['sqlite', 'postgresql', 'both']).default('both'))
  .option('--pg <url>', 'a PostgreSQL server to use instead of a throwaway cluster')
  .option('--keep', 'keep the folder of the archives')
  .addOption(new Option('--worker <range>', 'a writer process (internal): documents from,to').hideHelp())
  .parse()
  .opts<{ docs: number; batch: number; copies: number; seed: number; writers: number[]; backend: 'sqlite' | 'postgresql' | 'both'; pg?: string; keep?: boolean; worker?: string }>();
const N = args.docs;
const BATCH = args.batch;
const COPIES = args.copies;
const SEED = args.seed;
const EDIT_RATE = 0.08;
const FUNCTION_WORDS = 'the of and to a in that is for on with as was by at it from he said his her they have has not be are this but an were which would who their had been will'.split(' ');

function vocabulary(): { words: string[]; source: string } {
  const dict = '/usr/share/dict/words';
  const lower = (s: string) => s.toLowerCase().match(/[a-z]{3,}/g) ?? [];
  if (fs.existsSync(dict)) return { words: [...new Set(lower(fs.readFileSync(dict, 'utf8')))], source: dict };
  const dir = '/usr/share/common-licenses';
  const text = fs
    .readdirSync(dir)
    .map((f) => path.join(dir, f))
    .filter((f) => fs.statSync(f).isFile())
    .map((f) => fs.readFileSync(f, 'utf8'))
    .join(' ');
  return { words: [...new Set(lower(text))].sort(), source: `${dir}/*` };
}

const { words: VOCAB, source } = vocabulary();

/**
 * A generator per document stream (sfc32, 128-bit state): unlike mulberry32, whose seeds are all
 * points of one 2^32 cycle, two streams never overlap, so no two documents share text by chance.
 */
function stream(id: number): () => number {
  let a = SEED >>> 0;
  let b = id >>> 0;
  let c = 0x9e3779b9;
  let d = (id ^ 0x5bd1e995) >>> 0;
  const next = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  return next;
}

function sentence(rand: () => number): string[] {
  const n = 8 + Math.floor(rand() * 18);
  return Array.from({ length: n }, () => (rand() < 0.4 ? FUNCTION_WORDS[Math.floor(rand() * FUNCTION_WORDS.length)] : VOCAB[Math.floor(rand() * VOCAB.length)]));
}
const render = (sentences: string[][]) => sentences.map((s) => s.join(' ').replace(/^./, (c) => c.toUpperCase()) + '.').join(' ') + '\n';

/** Archived document k (its own generator, so that a copy can regenerate it). */
function archived(k: number): string[][] {
  const rand = stream(k);
  return Array.from({ length: 10 + Math.floor(rand() * 21) }, () => sentence(rand));
}

function nearCopy(original: string[][], rand: () => number): string {
  const s = original.map((x) => x.map((w) => (rand() < EDIT_RATE ? VOCAB[Math.floor(rand() * VOCAB.length)] : w)));
  s.splice(Math.floor(rand() * s.length), 1);
  s.splice(Math.floor(rand() * s.length), 0, sentence(rand));
  return render(s);
}

const mb = (n: number) => `${(n / 1e6).toFixed(0)} MB`;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Archived documents from..to-1, as `index add` reads them. */
const itemsOf = (from: number, to: number): BatchItem[] =>
  Array.from({ length: to - from }, (_, j) => {
    const k = from + j;
    const p = `synthetic#${k}`;
    const read = () => {
      const text = render(archived(k));
      return { path: p, raw: Buffer.from(text), text, meta: { title: `synthetic article ${k}` } };
    };
    return { path: p, read };
  });

/** A writer process: adds documents from..to-1 to the index, prints how many it stored. */
async function writer(location: string, from: number, to: number) {
  const index = await openArchive(location, DEFAULT_OPTIONS);
  let shown = 0;
  const t0 = performance.now();
  const r = await addBatch(index, itemsOf(from, to), DEFAULT_OPTIONS, {
    progress: (_s, done, total) => {
      if (done - shown >= 20_000 || done === total) {
        shown = done;
        process.stderr.write(`  [${from}..${to}) ${done.toLocaleString('en')} / ${total.toLocaleString('en')} (${secs(performance.now() - t0)})\n`);
      }
    },
  });
  await index.close();
  process.stdout.write(`${r.added}\n`);
}

/** Build the archive with `writers` processes at once; returns the wall time and the documents stored. */
async function build(location: string, writers: number): Promise<{ ms: number; added: number }> {
  const self = fileURLToPath(import.meta.url);
  const t0 = performance.now();
  const runs = Array.from({ length: writers }, (_, w) => {
    const [from, to] = [Math.floor((N * w) / writers), Math.floor((N * (w + 1)) / writers)];
    return new Promise<number>((resolve, reject) => {
      // the index in the environment, not the arguments: a password stays out of `ps`
      const child = spawn(process.execPath, [self, '--worker', `${from},${to}`, '--seed', String(SEED)], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, DUPECHECK_INDEX: location } });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.on('close', (code) => (code === 0 ? resolve(Number(out.trim())) : reject(new Error(`writer ${w} exited ${code}`))));
    });
  });
  const added = (await Promise.all(runs)).reduce((a, b) => a + b, 0);
  return { ms: performance.now() - t0, added };
}

/** The batch: new documents, and near-copies of archived ones at known places. */
function writeBatch(dir: string): Map<string, number> {
  fs.mkdirSync(dir);
  const rand = stream(0x80000000); // the batch: a stream no archived document uses
  const planted = new Map<string, number>(); // copy file -> archived document
  while (planted.size < Math.min(COPIES, N)) {
    const k = Math.floor(rand() * N);
    if ([...planted.values()].includes(k)) continue;
    const f = path.join(dir, `copy-of-${k}.txt`);
    fs.writeFileSync(f, nearCopy(archived(k), rand));
    planted.set(f, k);
  }
  for (let i = 0; i < BATCH - planted.size; i++) fs.writeFileSync(path.join(dir, `new-${i}.txt`), render(Array.from({ length: 10 + Math.floor(rand() * 21) }, () => sentence(rand))));
  return planted;
}

async function bench(backend: 'sqlite' | 'postgresql', dir: string, batchDir: string, planted: Map<string, number>, pg: () => Promise<string>): Promise<Array<[string, string]>> {
  const writerCounts = args.writers;
  const rows: Array<[string, string]> = [];
  let location = '';
  for (const w of writerCounts) {
    if (backend === 'sqlite') location = path.join(dir, `index-${w}w.db`);
    else {
      const u = new URL(await pg());
      u.searchParams.set('schema', `bench_${w}w`); // a schema per build
      location = u.toString();
      const there = await runEnv(process.execPath, [BIN, 'index', 'stats', '--json'], { DUPECHECK_INDEX: location });
      if (there.code === 0 && JSON.parse(there.stdout).documents > 0) throw new Error(`schema bench_${w}w is not empty: drop it first (DROP SCHEMA bench_${w}w CASCADE)`);
    }
    if (backend === 'sqlite') {
      const before = fs.readdirSync(dir).filter((f) => f.startsWith('index-')).map((f) => path.join(dir, f));
      for (const f of before) fs.rmSync(f, { force: true }); // one archive on disk at a time
    }
    process.stderr.write(`${backend}: building with ${w} writer${w > 1 ? 's' : ''} at ${location.replace(/:[^:@/]*@/, ':***@')}\n`);
    const b = await build(location, w);
    rows.push([`build, ${w} writer process${w > 1 ? 'es' : ''}`, `${secs(b.ms)}, ${Math.round(N / (b.ms / 1000)).toLocaleString('en')} documents/s (${b.added.toLocaleString('en')} stored)`]);
  }
  const stats = JSON.parse((await runEnv(process.execPath, [BIN, 'index', 'stats', '--json'], { DUPECHECK_INDEX: location })).stdout) as { fileBytes: number; documents: number };
  const wal = backend === 'sqlite' && fs.existsSync(`${location}-wal`) ? fs.statSync(`${location}-wal`).size : 0;
  rows.push(['index size', `${mb(stats.fileBytes)}${wal ? ` (+ ${mb(wal)} WAL)` : ''} for ${stats.documents.toLocaleString('en')} documents`]);

  // dupecheck check, the built CLI
  const r = await runEnv(process.execPath, [BIN, 'check', batchDir, '--json', '--fail-on', 'none', '--no-progress'], { DUPECHECK_INDEX: location });
  if (r.code !== 0) throw new Error(`dupecheck check exited ${r.code}: ${r.stderr.slice(0, 500)}`);
  const report = JSON.parse(r.stdout) as Report;
  const pathOf = new Map(report.documents.map((d) => [d.id, d.path]));
  const found = new Set(report.pairs.filter((p) => p.duplicate).map((p) => [pathOf.get(p.a), pathOf.get(p.b)].sort().join('|')));
  const caught = [...planted].filter(([f, k]) => found.has([f, `synthetic#${k}`].sort().join('|'))).length;
  const falseDup = report.pairs.filter((p) => p.duplicate).length - caught;
  const reportStats = report.stats as { candidates?: { archive?: Record<string, number> }; timings?: Record<string, number> } | undefined;
  const archiveStats = reportStats?.candidates?.archive;
  const t = reportStats?.timings ?? {};
  rows.push(
    [`dupecheck check, ${BATCH.toLocaleString('en')} documents`, `${secs(r.ms)} (the batch against itself ${secs(t.batch ?? 0)}, archive lookup ${secs(t.archiveLookup ?? 0)}, verification ${secs(t.archiveCompare ?? 0)})`],
    ['peak RSS of the check', r.rssMb === null ? 'n/a (no /usr/bin/time)' : `${r.rssMb.toFixed(0)} MB`],
    [`recall of the ${planted.size} near-copies`, `${caught}/${planted.size}`],
    ['other duplicate pairs reported', String(falseDup)],
    ['archive candidate pairs', archiveStats ? `${archiveStats.candidatePairs} (${archiveStats.dismissed} ruled out by their signatures; ${archiveStats.loaded} documents read back)` : 'n/a'],
  );
  return rows;
}

async function main() {
  if (args.worker) {
    const [from, to] = args.worker.split(',').map(Number);
    return writer(process.env.DUPECHECK_INDEX!, from, to);
  }
  const which = args.backend;
  const backends = (which === 'both' ? ['sqlite', 'postgresql'] : [which]) as Array<'sqlite' | 'postgresql'>;
  const dir = tmpDir('dupecheck-index-bench-');
  process.stdout.write(`archive: ${N.toLocaleString('en')} synthetic documents (words from ${source}, ${VOCAB.length} distinct), in ${dir}\n`);
  // check the disk first (a bench that fills it stops everyone's work): both builds of each
  // backend are kept until its check, at up to ~15 KB a document (PostgreSQL) and a 256 MB WAL
  const free = Number(/(\d+)\s+\d+%/.exec(execFileSync('df', ['-k', '--output=avail,pcent', dir], { encoding: 'utf8' }).split('\n')[1] ?? '')?.[1] ?? 0) * 1024;
  const need = N * 15_000 * 2 + 256e6;
  if (free && free < need) throw new Error(`${(free / 1e9).toFixed(0)} GB free in ${dir}, about ${(need / 1e9).toFixed(0)} GB needed for ${N} documents`);
  const batchDir = path.join(dir, 'batch');
  const planted = writeBatch(batchDir);
  let cluster: PgCluster | null = null;
  const pg = async () => {
    if (args.pg) return args.pg;
    cluster ??= await startCluster();
    return cluster.url('bench');
  };
  try {
    for (const backend of backends) {
      const rows = await bench(backend, dir, batchDir, planted, pg);
      process.stdout.write(`\n${backend === 'sqlite' ? 'SQLite' : 'PostgreSQL'}\n` + rows.map(([k, v]) => `  ${k.padEnd(38)} ${v}`).join('\n') + '\n');
    }
  } finally {
    (cluster as PgCluster | null)?.destroy();
    if (!args.keep) fs.rmSync(dir, { recursive: true, force: true });
    else process.stdout.write(`kept ${dir}\n`);
  }
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
