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
import path from 'node:path';
import { Command, Option } from 'commander';
import { noReadableDocuments, UsageError, type Skipped } from '../read/index.js';
import { DEFAULT_OPTIONS, type Options } from '../pipeline/options.js';
import { buildReport, type ArchivedFlag } from '../report/model.js';
import { ArchiveIndex, DEFAULT_INDEX_FILE, explainSqliteError, sleepSync } from '../index/store.js';
import { STORED_OPTIONS, describeParams } from '../index/params.js';
import { anyReadable, listBatch, readBatch, type BatchDoc } from '../index/batch.js';
import { addBatch, storedDoc } from '../index/add.js';
import { checkBatch } from '../index/check.js';
import type { Doc } from '../pipeline/run.js';
import { EXIT, version, type Io, type ScanFlags } from './io.js';
import { emitReport } from './output.js';
import { makeChalk } from './color.js';
import { makeProgress } from './progress.js';

interface IndexFlags {
  index: string;
}
/** index add: the main command's reading and tuning flags, and the batch's JSONL files */
type BatchFlags = IndexFlags &
  Pick<ScanFlags, 'ext' | 'ignore' | 'encoding' | 'progress' | 'shingleSize' | 'numPerm' | 'seed' | 'threshold' | 'contentThreshold'> &
  Partial<Pick<ScanFlags, 'minPassage' | 'related'>> & { jsonl: string[] };
/** check: all of the main command's flags, and --add */
type CheckFlags = ScanFlags & BatchFlags & { add?: boolean };
interface ListFlags extends IndexFlags {
  json?: boolean;
}

const INDEX_HELP = `
The index (default ${DEFAULT_INDEX_FILE}, or $DUPECHECK_INDEX) is one SQLite file. Parameters
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
  // an empty value (DUPECHECK_INDEX= in a CI file) is the default, not a file named ''
  const indexFile = new Option('--index <file>', 'the index file')
    .default(DEFAULT_INDEX_FILE)
    .env('DUPECHECK_INDEX')
    .argParser((v: string) => v || DEFAULT_INDEX_FILE);
  const jsonl = new Option('--jsonl <file>', 'read articles from a JSONL file (- for standard input); repeatable').argParser((v: string, prev: string[]) => [...prev, v]).default([]);
  const batch = [indexFile, jsonl, ...shared('--ext', '--encoding', '--ignore', '--no-progress', '--shingle-size', '--num-perm', '--seed', '--threshold', '--content-threshold')];
  const withOptions = (cmd: Command, options: Option[]) => {
    for (const o of options) cmd.addOption(o);
    return cmd;
  };

  withOptions(
    program
      .command('check')
      .description('check new documents against the archive index and against each other; exit 1 on duplicates')
      .argument('[paths...]', 'files, folders, or - to read a list of paths from standard input'),
    [...batch, ...shared('--min-passage', '--related', '--json', '--no-stats', '--fail-on', '--color', '--no-color', '--verbose')],
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
    .action(async (paths: string[], flags: CheckFlags, cmd: Command) => {
      setCode(await checkCommand(paths, flags, explicitOptions(cmd), io));
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
    .addHelpText('after', INDEX_HELP)
    .action(async (paths: string[], flags: BatchFlags, cmd: Command) => {
      setCode(await addCommand(paths, flags, explicitOptions(cmd), io));
    });
  withOptions(index.command('stats').description('documents, size, parameters and schema version of the index'), [indexFile])
    .option('--json', 'print them as JSON')
    .action((flags: ListFlags) => setCode(withIndex(flags.index, undefined, (ix) => printStats(ix, !!flags.json, io))));
  withOptions(index.command('list').description('the documents in the index: id, bytes, path, title'), [indexFile])
    .option('--json', 'print a JSON array')
    .action((flags: ListFlags) => setCode(withIndex(flags.index, undefined, (ix) => printList(ix, !!flags.json, io))));
  withOptions(index.command('remove').description('remove documents from the index').argument('<ids...>', 'document ids (as in reports) or paths as stored'), [indexFile]).action(
    (ids: string[], flags: IndexFlags) => setCode(withIndex(flags.index, undefined, (ix) => removeCommand(ix, ids, io))),
  );
  // the subcommands inherit allowExcessArguments from `index` (which needs it to name an unknown
  // subcommand): `index stats extra` must stay an error
  for (const sub of index.commands) sub.allowExcessArguments(false);
}

/** Which stored options were given on the command line (the others come from the index). */
function explicitOptions(cmd: Command): Set<string> {
  return new Set(STORED_OPTIONS.map(([k]) => k).filter((k) => ['cli', 'env'].includes(cmd.getOptionValueSource(k) ?? '')));
}

function optionsOf(f: BatchFlags): Options {
  return {
    ...DEFAULT_OPTIONS,
    ...Object.fromEntries(STORED_OPTIONS.map(([k]) => [k, f[k]])),
    ...(f.minPassage !== undefined ? { minPassageWords: f.minPassage } : {}),
    ...(f.related !== undefined ? { related: f.related } : {}),
  };
}

/** Open the index, run f, close it; SQLite errors a user can act on become one-line usage errors. */
function withIndex<T>(file: string, create: Options | undefined, f: (ix: ArchiveIndex) => T): T {
  const ix = ArchiveIndex.open(file, create);
  try {
    return f(ix);
  } catch (e) {
    throw explainSqliteError(e, file);
  } finally {
    ix.close();
  }
}

const warner = (io: Io) => (msg: string) => io.stderr.write(`dupecheck: ${msg}\n`);

async function batchOf(paths: string[], f: BatchFlags, io: Io) {
  const extensions = f.ext.split(',').map((e) => e.trim().replace(/^\./, '').toLowerCase()).filter(Boolean);
  if (!extensions.length) throw new UsageError('--ext needs at least one extension');
  const { items, emptyLists } = await listBatch({ paths, jsonl: f.jsonl }, { extensions, ignore: f.ignore, encoding: f.encoding, stdin: io.stdin });
  const none = () => noReadableDocuments([...paths, ...f.jsonl], extensions);
  // the note for an empty batch: which lists were empty
  const lists = [...(paths.includes('-') ? ['the list of paths on standard input'] : []), ...[...new Set(f.jsonl)].map((j) => (j === '-' ? 'the JSONL on standard input' : j))];
  const empty = (nothingTo: string) => io.stderr.write(`dupecheck: nothing to ${nothingTo}: ${lists.join(' and ')} ${lists.length > 1 ? 'are' : 'is'} empty\n`);
  return { items, none, emptyLists, empty };
}

/**
 * index add. An add that exits 0 leaves an index (created empty when an empty list had nothing
 * to add: the check that follows in a pipeline needs one); an add that fails creates nothing,
 * neither the file nor its folder.
 */
async function addCommand(paths: string[], f: BatchFlags, explicit: Set<string>, io: Io): Promise<number> {
  const { items, none, emptyLists, empty } = await batchOf(paths, f, io);
  if (emptyLists) empty('add');
  else if (!anyReadable(items, warner(io))) throw none();
  const o0 = optionsOf(f);
  return withIndex(f.index, o0, (ix) => {
    const o = ix.options(o0, explicit);
    const progress = makeProgress(f.progress, process.stderr);
    const slow = Number(io.env.DUPECHECK_TEST_SLOW_ADD ?? 0); // tests only: ms to sleep after each chunk
    const chunk = Number(io.env.DUPECHECK_TEST_ADD_CHUNK ?? 0) || undefined; // tests only
    let r;
    try {
      r = addBatch(ix, items, o, {
        chunk,
        warn: warner(io),
        progress: (s, d, t) => progress.update(s, d, t),
        afterChunk: slow > 0 ? () => sleepSync(slow) : undefined,
      });
    } finally {
      progress.stop();
    }
    if (r.read === 0 && !emptyLists) throw none(); // read before, but since rewritten or removed
    io.stdout.write(
      `added ${plural(r.added, 'document')} to ${f.index} (${r.read - r.added} already there${r.skipped.length ? `, ${r.skipped.length} skipped` : ''}); it holds ${plural(ix.count(), 'document')}\n`,
    );
    return EXIT.OK;
  });
}

async function checkCommand(paths: string[], f: CheckFlags, explicit: Set<string>, io: Io): Promise<number> {
  const { items, none, emptyLists, empty } = await batchOf(paths, f, io);
  return withIndex(f.index, undefined, (ix) => {
    const o = ix.options(optionsOf(f), explicit);
    // an empty list checks nothing and finds nothing (exit 0), against an index that must still
    // exist and match; a list whose entries cannot be read is an input error
    if (emptyLists) empty('check');
    const read = readBatch(items, warner(io));
    if (read.docs.length === 0 && !emptyLists) throw none();
    const progress = makeProgress(f.progress, process.stderr);
    let res;
    try {
      res = checkBatch(ix, read.docs, read.skipped, o, (s, d, t) => progress.update(s, d, t));
    } finally {
      progress.stop();
    }
    const report = buildReport(res, o, version(), f.stats);
    const code = emitReport(report, f, io, (c) => {
      const archivedShown = report.documents.filter((d) => d.archived).length;
      const already = report.documents.filter((d) => d.alreadyArchived).length;
      const alreadyNote = already ? ` (${already === read.docs.length ? (already === 1 ? 'it is' : 'all are') : `${already} ${already === 1 ? 'is' : 'are'}`} already archived: not compared with ${already === 1 ? 'itself' : 'themselves'})` : '';
      return c.dim(`Checked ${plural(read.docs.length, already ? 'document' : 'new document')}${alreadyNote} against ${plural(ix.count(), 'archived document')} in ${f.index}${archivedShown ? ` (${archivedShown} in the report, marked [archived])` : ''}.\n\n`);
    });
    if (f.add) addChecked(ix, res.docs, read.docs, read.skipped, io);
    return code;
  });
}

/** check --add: the batch's profiles, already computed, stored in one transaction. */
function addChecked(ix: ArchiveIndex, docs: Doc[], inputs: BatchDoc[], skipped: Skipped[], io: Io): void {
  const byPath = new Map(inputs.map((d) => [d.path, d]));
  const fresh = docs.filter((d: Doc & ArchivedFlag) => !d.archived);
  const added = ix.insert(
    fresh.map((d) => {
      const input = byPath.get(d.path)!;
      return storedDoc(d, input.text, input.meta);
    }),
  );
  io.stderr.write(`dupecheck: added ${plural(added, 'document')} to ${ix.file} (${fresh.length - added} already there${skipped.length ? `, ${skipped.length} skipped` : ''})\n`);
}

function printStats(ix: ArchiveIndex, json: boolean, io: Io): number {
  const s = ix.stats();
  if (json) io.stdout.write(JSON.stringify(s, null, 2) + '\n');
  else {
    const rows: Array<[string, string]> = [
      ['index', s.file],
      ['documents', String(s.documents)],
      ['size', `${size(s.fileBytes)} on disk; the documents were ${size(s.documentBytes)} as added, their text takes ${size(s.textBytesCompressed)} (gzip)`],
      ['schema', `version ${s.schemaVersion}`],
      ['parameters', describeParams(s.params)],
      ['created', s.created ?? '-'],
      ['updated', s.updated ?? '-'],
    ];
    io.stdout.write(rows.map(([k, v]) => `${k.padEnd(11)} ${v}`).join('\n') + '\n');
  }
  return EXIT.OK;
}

function printList(ix: ArchiveIndex, json: boolean, io: Io): number {
  const docs = ix.list();
  if (json) io.stdout.write(JSON.stringify(docs, null, 2) + '\n');
  else for (const d of docs) io.stdout.write(`${d.id}  ${String(d.bytes).padStart(8)}  ${d.path}${d.title ? `  ${d.title}` : ''}\n`);
  return EXIT.OK;
}

function removeCommand(ix: ArchiveIndex, ids: string[], io: Io): number {
  const docs = new Set<number>();
  const missing: string[] = [];
  for (const id of ids) {
    // a path as written or as stored (`./articles/a.txt` for `articles/a.txt`, as check compares them)
    let found = ix.find(id);
    if (!found.length && !/^[0-9a-f]{12}(-\d+)?$/.test(id)) found = ix.find(path.relative(process.cwd(), path.resolve(id)));
    if (!found.length) missing.push(id);
    for (const d of found) docs.add(d);
  }
  // all or nothing: a typo removes nothing
  if (missing.length) throw new UsageError(`not in ${ix.file}: ${missing.join(', ')} (nothing removed)`);
  ix.remove([...docs]);
  io.stdout.write(`removed ${plural(docs.size, 'document')} from ${ix.file}; it holds ${plural(ix.count(), 'document')}\n`);
  return EXIT.OK;
}

/** A size in decimal units, the largest that keeps the number at 1 or more: 512 bytes, 8.3 KB, 423.0 MB. */
export function size(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let u = 0;
  // the unit is chosen on the rounded figure: 999,960 bytes is 1.0 MB, not 1000.0 KB
  while (u < units.length - 1 && Number((bytes / 1000 ** (u + 1)).toFixed(1)) >= 1000) u++;
  return `${(bytes / 1000 ** (u + 1)).toFixed(1)} ${units[u]}`;
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
