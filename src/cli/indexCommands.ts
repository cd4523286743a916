/**
 * The archive index on the command line:
 *   dupecheck index add <paths...> [--jsonl FILE] [--index FILE]
 *   dupecheck index stats|list [--json] [--index FILE]
 *   dupecheck index remove <ids or paths...> [--index FILE]
 *   dupecheck check <paths...> [--jsonl FILE] [--index FILE] [--add]
 * `check` prints the main command's report (terminal or --json) and exits as it does (0, 1, 2).
 * Reading and tuning options are the main command's own Option objects, so they behave and read
 * the same everywhere.
 */
import fs from 'node:fs';
import { Command, Option } from 'commander';
import { AddFailedError, addToIndex, byteSize, check, UsageError, DEFAULT_INDEX_FILE, describeParams, displayPath, openIndex, type DupecheckIndex } from '../api.js';
import { EXIT, oneLine, warner, type Io } from './io.js';
import { checkHtmlTarget, emitReport, type OutputSettings } from './output.js';
import { makeProgress } from './progress.js';
import { jsonlOption, scanOptionsOf, settingsOf } from './settings.js';

interface IndexFlags {
  index: string;
}
/** index add and check: the batch's JSONL files (the other options are read by settingsOf) */
interface BatchFlags {
  jsonl: string[];
  add?: boolean;
}
interface ListFlags extends IndexFlags {
  json?: boolean;
}

const INDEX_HELP = `
The index (default ${DEFAULT_INDEX_FILE}, or $DUPECHECK_INDEX) is one SQLite file, or a
schema in PostgreSQL: --index postgresql://user@host:5432/db (?schema=name, default dupecheck;
PGPASSWORD, PGSSLMODE and the other PG variables are honoured). Parameters
(--shingle-size, --num-perm, --seed, --threshold, --content-threshold) are fixed when it is
created; left out, they are read from the index; given, they must match it.
A JSONL file has one article per line: {"id": "...", "text": "...", "title", "url", "date"};
its report path is <file>#<id>.
"-" reads a list of paths from standard input, one per line or NUL-separated (git diff -z,
find -print0). An empty list (or JSONL without articles) checks or adds nothing: a note, exit 0.`;

export function registerIndexCommands(program: Command, io: Io, setCode: (c: number) => void): void {
  /** the main command's options, reused as they are */
  const shared = (...longs: string[]) =>
    longs.map((l) => {
      const o = program.options.find((x) => x.long === l);
      if (!o) throw new Error(`the main command has no option ${l}`);
      return o;
    });
  const indexFile = new Option('--index <file>', 'the index: an SQLite file, or a postgresql:// connection string')
    .default(DEFAULT_INDEX_FILE)
    // --index '' is an error, DUPECHECK_INDEX= as if it were not set (settings.ts)
    .env('DUPECHECK_INDEX');
  const batch = [indexFile, jsonlOption(), ...shared('--ext', '--encoding', '--max-size', '--ignore', '--progress', '--no-progress', '--shingle-size', '--num-perm', '--seed', '--threshold', '--content-threshold', '--config', '--no-config')];
  const withOptions = (cmd: Command, options: Option[]) => {
    for (const o of options) cmd.addOption(o);
    return cmd;
  };

  withOptions(
    program
      .command('check')
      .description('check new documents against the archive index and against each other; exit 1 on duplicates')
      .argument('[paths...]', 'files, folders, or - to read a list of paths from standard input'),
    [...batch, ...shared('--min-passage', '--related', '--format', '--json', '--html', '--stats', '--no-stats', '--fail-on', '--color', '--no-color', '--verbose', '--no-verbose')],
  )
    .option('--add', 'add the batch to the index after the check (one transaction)')
    .addHelpText(
      'after',
      `${INDEX_HELP}
Archived documents in the report are marked "archived" (JSON) or [archived] (terminal); a
document checked that is archived itself (same path, same content) is marked "alreadyArchived"
or [already archived], and not compared with itself (the same content elsewhere is a copy).
Exit codes: as the main command: 0 nothing at or above --fail-on, 1 found, 2 usage or input
error (including a missing, foreign or mismatched index).

Examples:
  dupecheck check incoming/                       fail on copies of archived articles
  dupecheck check incoming/ --add --json > report.json
  dupecheck check --jsonl batch.jsonl --fail-on near-duplicate`,
    )
    .action(async (paths: string[], flags: BatchFlags, cmd: Command) => {
      setCode(await checkCommand(paths, flags, cmd, io));
    });

  const index = program
    .command('index')
    .description('manage the archive index used by dupecheck check: add, stats, list, remove')
    // without a subcommand (or with an unknown one) this action runs: a usage error in one line,
    // where commander would print the whole help on stderr and exit 0
    .helpCommand(true) // kept (commander drops it from a command with an action): dupecheck index help add
    .allowExcessArguments()
    .action((_flags: object, cmd: Command) => {
      const subcommands = 'add, stats, list or remove';
      if (cmd.args.length) throw new UsageError(`unknown command 'index ${cmd.args[0]}': dupecheck index takes ${subcommands} (dupecheck index --help)`);
      throw new UsageError(`index needs a command: ${subcommands} (dupecheck index --help)`);
    });
  withOptions(
    index
      .command('add')
      .description('add documents to the index (created, with its folder, if missing); content already there is skipped')
      .argument('[paths...]', 'files, folders, or - to read a list of paths from standard input'),
    batch,
  )
    .addHelpText(
      'after',
      `${INDEX_HELP}

Examples:
  dupecheck index add archive/                    every .txt and .md below archive/
  git ls-files -z '*.txt' | dupecheck index add -  the repository's articles
  dupecheck index add --jsonl wire.jsonl --index postgresql://ci@db/news`,
    )
    .action(async (paths: string[], flags: BatchFlags, cmd: Command) => {
      setCode(await addCommand(paths, flags, cmd, io));
    });
  // the index file as the batch commands find it: --index, $DUPECHECK_INDEX, the config file's "index", the default
  const fileOf = async (cmd: Command) => (await settingsOf(cmd)).values.index || DEFAULT_INDEX_FILE;
  const config = shared('--config', '--no-config');
  withOptions(index.command('stats').description('documents, size, parameters and schema version of the index'), [indexFile, ...config])
    .option('--json', 'print them as JSON')
    .addHelpText('after', '\nExamples:\n  dupecheck index stats\n  dupecheck index stats --index postgresql://ci@db/news --json')
    .action(async (flags: ListFlags, cmd: Command) => setCode(await withIndex(await fileOf(cmd), (ix) => printStats(ix, !!flags.json, io))));
  withOptions(index.command('list').description('the documents in the index: id, bytes, path, title'), [indexFile, ...config])
    .option('--json', 'print a JSON array')
    .addHelpText('after', "\nExamples:\n  dupecheck index list | grep 2021/\n  dupecheck index list --json | jq -r '.[].path'")
    .action(async (flags: ListFlags, cmd: Command) => setCode(await withIndex(await fileOf(cmd), (ix) => printList(ix, !!flags.json, io))));
  withOptions(index.command('remove').description('remove documents from the index').argument('<ids...>', 'document ids (as in reports) or paths as stored'), [indexFile, ...config])
    .addHelpText('after', '\nAll or nothing: an id or path not in the index removes nothing (exit 2).\n\nExamples:\n  dupecheck index remove 0c5e8056acb1\n  dupecheck index remove archive/old.txt archive/older.txt')
    .action(
    async (ids: string[], _flags: IndexFlags, cmd: Command) => setCode(await withIndex(await fileOf(cmd), (ix) => removeCommand(ix, ids, io))),
  );
  // the subcommands inherit allowExcessArguments from `index` (which needs it to name an unknown
  // subcommand): `index stats extra` must stay an error
  for (const sub of index.commands) sub.allowExcessArguments(false);
}

/** Open the index, run f, close it. */
async function withIndex<T>(location: string, f: (ix: DupecheckIndex) => Promise<T>): Promise<T> {
  const ix = await openIndex(location);
  try {
    return await f(ix);
  } finally {
    await ix.close();
  }
}

/** The hooks of a batch command: standard input, notes, progress, and the config file's options named. */
function hooksOf(io: Io, sources: Awaited<ReturnType<typeof settingsOf>>['sources'], progress: { update(s: string, d: number, t: number): void }) {
  return { stdin: io.stdin, warn: warner(io), progress: (s: string, d: number, t: number) => progress.update(s, d, t), sources };
}

/**
 * index add. An add that exits 0 leaves an index (created empty when an empty list had nothing
 * to add: the check that follows in a pipeline needs one); an add that fails creates nothing,
 * neither the file nor its folder.
 */
async function addCommand(paths: string[], f: BatchFlags, cmd: Command, io: Io): Promise<number> {
  const s = await settingsOf(cmd);
  const slow = Number(io.env.DUPECHECK_TEST_SLOW_ADD ?? 0); // tests only: ms to sleep after each chunk
  const chunk = Number(io.env.DUPECHECK_TEST_ADD_CHUNK ?? 0) || undefined; // tests only
  const progress = makeProgress(s.values.progress !== false, process.stderr);
  // Ctrl-C or a CI job's SIGTERM: the add stops after the chunk it is in (each one transaction),
  // closes the index (back in rollback-journal mode, readable by all) and says what it kept (it
  // was exit 130 or 143 without a word); a second one stops at once
  let signal: NodeJS.Signals | null = null;
  const interrupted = (sig: NodeJS.Signals) => {
    signal = sig;
    progress.stop();
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  let r;
  try {
    r = await addToIndex({ paths, jsonl: f.jsonl }, { ...scanOptionsOf(s.given), index: s.values.index || DEFAULT_INDEX_FILE }, {
      ...hooksOf(io, s.sources, progress),
      chunk,
      afterChunk: slow > 0 ? () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, slow) : undefined,
      stopped: () => signal !== null,
    });
  } finally {
    process.removeListener('SIGINT', interrupted);
    process.removeListener('SIGTERM', interrupted);
    progress.stop();
  }
  if (signal !== null) {
    io.stderr.write(`dupecheck: interrupted (${signal}): ${plural(r.added, 'document')} of this add ${r.added === 1 ? 'was' : 'were'} committed and ${r.added === 1 ? 'is' : 'are'} kept; run the same add again to store the rest\n`);
    const code = signal === 'SIGINT' ? 130 : 143;
    io.verdict?.(code);
    return code;
  }
  io.stdout.write(`added ${plural(r.added, 'document')} to ${r.index} (${r.read - r.added} already there${r.skipped.length ? `, ${r.skipped.length} skipped` : ''}); it holds ${plural(r.total, 'document')}\n`);
  return EXIT.OK;
}

/**
 * Tests only (DUPECHECK_TEST_BEFORE_ADD=FILE): between its check and its add, a check --add makes
 * FILE.ready and waits (up to a minute) for FILE, so that a test can have another runner write then.
 */
function testPause(file: string | undefined): (() => Promise<void>) | undefined {
  if (!file) return undefined;
  return async () => {
    fs.writeFileSync(`${file}.ready`, '');
    for (let waited = 0; !fs.existsSync(file) && waited < 60_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
  };
}

async function checkCommand(paths: string[], f: BatchFlags & { html?: string }, cmd: Command, io: Io): Promise<number> {
  const s = await settingsOf(cmd);
  checkHtmlTarget(f.html);
  const progress = makeProgress(s.values.progress !== false, process.stderr);
  let r;
  let notAdded: AddFailedError | null = null;
  try {
    r = await check({ paths, jsonl: f.jsonl }, { ...scanOptionsOf(s.given), index: s.values.index || DEFAULT_INDEX_FILE, add: !!f.add }, { ...hooksOf(io, s.sources, progress), beforeAdd: testPause(io.env.DUPECHECK_TEST_BEFORE_ADD) });
  } catch (e) {
    // the check ran but its add failed: its report all the same, then why nothing was added (exit 2)
    if (!(e instanceof AddFailedError)) throw e;
    notAdded = e;
    r = e.result;
  } finally {
    progress.stop();
  }
  const { report, checked, archived, index } = r;
  const code = await emitReport(report, { ...(s.values as OutputSettings), html: f.html }, io, (c) => {
    const archivedShown = report.documents.filter((d) => d.archived).length;
    const already = report.documents.filter((d) => d.alreadyArchived).length;
    const alreadyNote = already ? ` (${already === checked ? (already === 1 ? 'it is' : 'all are') : `${already} ${already === 1 ? 'is' : 'are'}`} already archived: not compared with ${already === 1 ? 'itself' : 'themselves'})` : '';
    return c.dim(`Checked ${plural(checked, already ? 'document' : 'new document')}${alreadyNote} against ${plural(archived, 'archived document')} in ${index}${archivedShown ? ` (${archivedShown} in the report, marked [archived])` : ''}.\n\n`);
  });
  if (r.added) io.stderr.write(`dupecheck: added ${plural(r.added.added, 'document')} to ${index} (${r.added.fresh - r.added.added} already there${r.added.skipped ? `, ${r.added.skipped} skipped` : ''})\n`);
  if (notAdded) {
    io.stderr.write(`dupecheck: ${oneLine(notAdded.message)}\n`);
    io.verdict?.(EXIT.USAGE);
    return EXIT.USAGE;
  }
  return code;
}

async function printStats(ix: DupecheckIndex, json: boolean, io: Io): Promise<number> {
  const s = await ix.stats();
  if (json) io.stdout.write(JSON.stringify(s, null, 2) + '\n');
  else {
    const rows: Array<[string, string]> = [
      ['index', s.file],
      ['documents', String(s.documents)],
      ['size', `${size(s.fileBytes)} ${s.backend === 'sqlite' ? 'on disk' : 'in PostgreSQL (tables and indexes)'}; the documents were ${size(s.documentBytes)} as added, their text takes ${size(s.textBytesCompressed)} (gzip)`],
      ['schema', `version ${s.schemaVersion}`],
      ['parameters', describeParams(s.params)],
      ['created', s.created ?? '-'],
      ['updated', s.updated ?? '-'],
    ];
    io.stdout.write(rows.map(([k, v]) => `${k.padEnd(11)} ${v}`).join('\n') + '\n');
  }
  return EXIT.OK;
}

async function printList(ix: DupecheckIndex, json: boolean, io: Io): Promise<number> {
  const docs = await ix.list();
  if (json) io.stdout.write(JSON.stringify(docs, null, 2) + '\n');
  // a path or title with control characters quoted, as on every terminal line
  else for (const d of docs) io.stdout.write(`${d.id}  ${String(d.bytes).padStart(8)}  ${displayPath(d.path)}${d.title ? `  ${displayPath(d.title)}` : ''}\n`);
  return EXIT.OK;
}

async function removeCommand(ix: DupecheckIndex, ids: string[], io: Io): Promise<number> {
  const removed = await ix.remove(ids);
  io.stdout.write(`removed ${plural(removed, 'document')} from ${ix.file}; it holds ${plural(await ix.count(), 'document')}\n`);
  return EXIT.OK;
}

/** A size in decimal units, the largest that keeps the number at 1 or more: 512 bytes, 8.3 KB, 423.0 MB. */
export const size = byteSize;

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
