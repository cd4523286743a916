/**
 * The command line. Exit codes: 0 ran and found nothing that --fail-on counts; 1 found it;
 * 2 usage or input error (one line on stderr, no stack trace); 3 internal error (a bug).
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import {
  DEFAULT_OPTIONS,
  DEFAULT_SCAN_OPTIONS,
  ENCODINGS,
  FORMATS,
  RELATIONS,
  UsageError,
  diff,
  diffHtml,
  diffToJson,
  formatDiff,
  scan,
  type Encoding,
  type Options,
  type ScanOptions,
  sizeProblem,
} from '../api.js';
import { makeChalk } from './color.js';
import { makeProgress } from './progress.js';
import { registerIndexCommands } from './indexCommands.js';
import { checkHtmlTarget, emitReport, writeHtml, type OutputSettings } from './output.js';
import { jsonlOption, scanOptionsOf, settingsOf } from './settings.js';
import { defaultIo, EXIT, oneLine, version, warner, type Io } from './io.js';

export { EXIT, oneLine, version, type Io };

/** Decimal digits only: Number() would also take '', '1e2' and '0x5'. */
const int = (name: string, min: number, max: number) => (v: string) => {
  const n = /^\s*[0-9]+\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}`);
  return n;
};
/** Bounds of --width, also applied to the terminal's own width. */
const MIN_WIDTH = 40;
const MAX_WIDTH = 1000;
const fraction = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || n >= 1) throw new InvalidArgumentError(`${name} must be a number between 0 and 1`);
  return n;
};

/** --max-size: a size as the config file takes it (checked here, so that the error names the flag). */
const maxSize = (v: string) => {
  const problem = sizeProblem(v);
  if (problem) throw new InvalidArgumentError(`--max-size ${problem}`);
  return v;
};

/** --related: all, none, or how many partners of each document to report. */
const relatedMode = (v: string): Options['related'] => {
  if (v === 'all' || v === 'none') return v;
  const n = /^\s*[0-9]+\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > 1000) throw new InvalidArgumentError('--related takes all, none, or a whole number of partners per document from 1 to 1000');
  return n;
};

export function buildProgram(io: Io, setCode: (c: number) => void): Command {
  const program = new Command('dupecheck');
  // options after a subcommand belong to it (diff has its own --json, --color)
  program.enablePositionalOptions();
  // set before the subcommands are added: they inherit these settings
  program.exitOverride();
  program.configureOutput({
    writeOut: (s) => io.stdout.write(s),
    writeErr: (s) => io.stderr.write(s),
    // one line: commander's "(Did you mean --json?)" joins the error it follows
    outputError: (s, write) => write(`${s.startsWith('error:') ? `dupecheck: ${s}` : s}`.replace(/\n(?=\(Did you mean)/, ' ')),
  });
  program
    .description(
      'Find near-duplicate news articles: verbatim copies, reworded or machine-translated copies, and ' +
        'related articles that share passages (quotes). Reads .txt and .md files from the given files ' +
        'and folders (recursively), articles from JSONL files (--jsonl), or a list of paths on standard input with "-". ' +
        'Options can also be kept in a config file (dupecheck.config.json; see --config). ' +
        'Subcommands: diff (two texts side by side), index and check (an archive for CI).',
    )
    .version(version(), '-V, --version')
    .argument('[paths...]', 'files, folders, or - to read a list of paths from standard input')
    .addOption(new Option('--format <name>', 'text (the terminal report), json, jsonl (a line per pair), github (workflow commands) or sarif (code scanning)').choices([...FORMATS]).default('text'))
    .option('--json', 'print one JSON object (schema: src/report/report.schema.json) instead of the terminal report: --format json')
    .addOption(jsonlOption())
    .option('--html <file>', 'also write the report as one self-contained HTML page (clusters, reused passages, side-by-side alignments; opens offline)')
    .option('--config <file>', 'read options from this JSON file (default: dupecheck.config.json, .dupecheckrc(.json) or package.json "dupecheck", from here upward)')
    .option('--no-config', 'read no config file')
    .option('--stats', 'keep timings and counters in the JSON (the default; undoes "stats": false of a config file)')
    .option('--no-stats', 'leave timings and counters out of the JSON, so that two runs can be diffed')
    .option('--ext <list>', 'file extensions to read in folders, comma-separated', DEFAULT_SCAN_OPTIONS.ext.join(','))
    .addOption(
      new Option('--encoding <name>', 'how files are decoded: utf-8 (others are skipped), windows-1252, or auto (utf-8, else the legacy encoding detected: windows-1252, windows-1251, gb18030, shift_jis, ..., with a note)')
        .choices([...ENCODINGS])
        .default('utf-8'),
    )
    .option('--max-size <size>', 'skip files larger than this, with a note (an article is a few KB; a 50 MB file takes gigabytes): 10MB (or 10M), 500KB, 1.5GB, or none', maxSize, DEFAULT_SCAN_OPTIONS.maxSize as string)
    .option('--ignore <glob>', 'skip paths in folders matching this gitignore-style glob, relative to each folder given (repeatable)', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .addOption(
      new Option('--fail-on <relation>', 'exit 1 when a pair at least this close is found')
        .choices([...RELATIONS, 'none'])
        .default(DEFAULT_SCAN_OPTIONS.failOn),
    )
    .option('--color', 'force colour')
    .option('--no-color', 'no colour (also: NO_COLOR=1)')
    .option('--progress', 'a progress bar on stderr on a terminal (the default; undoes "progress": false of a config file)')
    .option('--no-progress', 'no progress bar on stderr')
    .option('-v, --verbose', 'more detail on errors and in the report')
    .option('--no-verbose', 'no more detail (undoes "verbose": true of a config file)')
    .option('--shingle-size <k>', 'words per shingle', int('--shingle-size', 1, 20), DEFAULT_OPTIONS.shingleSize)
    .option('--num-perm <n>', 'MinHash permutations', int('--num-perm', 16, 1024), DEFAULT_OPTIONS.numPerm)
    .option('--seed <n>', 'MinHash seed', int('--seed', 0, 2 ** 31 - 1), DEFAULT_OPTIONS.seed)
    .option('--threshold <t>', 'LSH threshold on word-shingle Jaccard', fraction('--threshold'), DEFAULT_OPTIONS.threshold)
    .option('--content-threshold <t>', 'LSH threshold on content-pair Jaccard', fraction('--content-threshold'), DEFAULT_OPTIONS.contentThreshold)
    .option('--min-passage <words>', 'shortest shared passage that makes two articles related', int('--min-passage', 6, 1000), DEFAULT_OPTIONS.minPassageWords)
    .option(
      '--related <n|all|none>',
      `related pairs to list: the strongest n of each document (default ${DEFAULT_OPTIONS.related}), all, or none; all are counted in the summary`,
      relatedMode,
      DEFAULT_OPTIONS.related,
    )
    .addOption(
      new Option('--series <rule>', 'what makes documents one outlet, whose shared furniture is not reuse: none, or folder (the first folder under each folder given)')
        .choices(['none', 'folder'])
        .default(DEFAULT_OPTIONS.series),
    )
    .addHelpText(
      'after',
      `
Relations (strongest first):
  identical        same text after normalising case, quotes, dashes and spacing
  near-duplicate   a verbatim copy with edits (or one text contained in the other)
  reworded         the same article in other words: paraphrase or machine translation
  related          a different article that shares passages (quotes, wire paragraphs)
The first three are duplicates.

Exit codes:
  0  ran; nothing at or above --fail-on was found
  1  ran; found a pair at or above --fail-on (default: any duplicate)
  2  usage or input error (bad option, missing path, no readable documents,
     a file changed or removed during the run)
  3  internal error
  130, 143  stopped by Ctrl-C or SIGTERM (an --html page is whole or absent)

Examples:
  dupecheck seeds/                      terminal report on a folder
  dupecheck articles/ --json | jq '.pairs[] | select(.duplicate)'
  dupecheck articles/ --html report.html  the terminal report, and a page to open in a browser
  dupecheck batch/ --fail-on near-duplicate --no-color    CI: fail only on verbatim copies
  dupecheck news/ --series folder --related all --json   one folder per outlet; every related pair
  find . -name '*.txt' | dupecheck -                     paths from standard input
  dupecheck --jsonl batch.jsonl --format jsonl           articles from JSONL; a JSON line per pair
  dupecheck articles/ --format github                    GitHub Actions annotations on the copies
  dupecheck articles/ --format sarif > dupecheck.sarif   for GitHub code scanning`,
    )
    .action(async (paths: string[], flags: { jsonl: string[] }, cmd: Command) => {
      setCode(await scanCommand(paths, flags.jsonl, cmd, io));
    });
  program
    .command('diff')
    .description('align two texts sentence by sentence and show where they diverge')
    .argument('<a>', 'first file (or - for standard input, or a pipe such as <(curl -s URL))')
    .argument('<b>', 'second file (the same)')
    .option('--json', 'print { a, b, relation, scores, alignment, divergences, derived } as JSON (docs/json.md)')
    .option('--html <file>', 'also write the pair as one self-contained HTML page, side by side')
    .addOption(new Option('--side-by-side', 'two columns (default when the terminal is at least 120 columns wide)').conflicts('inline'))
    .option('--inline', 'one column, changes marked inline like git --word-diff')
    .option('--all', 'show unchanged aligned sentences too')
    .addOption(new Option('--encoding <name>', 'how the files are decoded (as for the main command)').choices([...ENCODINGS]).default('utf-8'))
    .option('--width <n>', `output width (default: the terminal width, at least ${MIN_WIDTH}, or 100 where it is unknown)`, int('--width', MIN_WIDTH, MAX_WIDTH))
    .option('--color', 'force colour')
    .option('--no-color', 'no colour (also: NO_COLOR=1)')
    .addHelpText(
      'after',
      `
Reading the output:
  @@ 7 1-1 0.93 @@     unit 7 pairs one sentence of a with one of b, similarity 0.93
  @@ 9 2-1 0.88 @@     two sentences of a (a sentence the translation broke in two) against one of b
  - text / + text      a sentence only in a / only in b (headlines, captions, boilerplate)
  red / [-a-]          a's wording; green / {+b+}: b's counterpart
The header lists the most frequent divergent phrasings and which copy is likely derived
(machine-translated), with the artefacts found. Exit code: 0, or 2 on a usage error.

Examples:
  dupecheck diff seeds/003_7e85eb1b6bb64eea.txt seeds/001_e80b7f1f2ee6145e.txt
  dupecheck diff a.txt b.txt --inline --all        every sentence, changes marked inline
  dupecheck diff a.txt b.txt --json | jq '.divergences'
  dupecheck diff a.txt b.txt --html pair.html      the pair side by side in a browser`,
    )
    .action(async (a: string, b: string, flags: DiffFlags) => {
      setCode(await diffCommand(a, b, flags, io));
    });
  registerIndexCommands(program, io, setCode);
  // `help [command]` listed among the commands (commander drops it from a command with an
  // action); set after the subcommands so that they do not inherit it. main() reads `help ...`
  // itself (helpTopic), so that `help index add` and an unknown topic behave
  program.helpCommand(true);
  // with positional options, an option written before a subcommand is the main command's and the
  // subcommand never sees it (`dupecheck --json check x` printed text): say so instead
  program.hook('preAction', (_root, action) => {
    if (action === program) return;
    const given = (o: (typeof program.options)[number]) => {
      const key = o.attributeName();
      if (program.getOptionValueSource(key) !== 'cli') return false;
      // --color and --no-color share one value: name the one that was written
      const value = program.getOptionValue(key);
      return o.negate ? value === false : value !== false || !program.options.some((n) => n.negate && n.attributeName() === key);
    };
    const early = program.options.filter(given).map((o) => o.long ?? o.short ?? o.name());
    if (early.length === 0) return;
    let path = action.name();
    for (let c = action.parent; c && c !== program; c = c.parent) path = `${c.name()} ${path}`;
    throw new UsageError(`${early.join(', ')} before '${path}' would be ignored: a subcommand takes its options after its name (dupecheck ${path} [options] ...; see dupecheck ${path} --help)`);
  });
  return program;
}

interface DiffFlags {
  json?: boolean;
  html?: string;
  encoding: Encoding;
  sideBySide?: boolean;
  inline?: boolean;
  all?: boolean;
  width?: number;
  color?: boolean;
}

async function diffCommand(pa: string, pb: string, f: DiffFlags, io: Io): Promise<number> {
  checkHtmlTarget(f.html);
  const d = await diff(pa, pb, { encoding: f.encoding }, { warn: warner(io), stdin: io.stdin });
  if (f.html) writeHtml(f.html, diffHtml(d));
  if (f.json) {
    io.stdout.write(JSON.stringify(diffToJson(d), null, 2) + '\n');
    return EXIT.OK;
  }
  const chalk = makeChalk(f.color, io.stdout, io.env);
  // a terminal can report 0 columns (script, some CI consoles): unknown, the default; otherwise
  // the terminal's width within the bounds of --width
  const columns = (io.stdout as { columns?: number }).columns;
  const width = f.width ?? (columns ? Math.min(Math.max(columns, MIN_WIDTH), MAX_WIDTH) : 100);
  const sideBySide = f.inline ? false : f.sideBySide ? true : width >= 120;
  io.stdout.write(formatDiff(d, { chalk, width, sideBySide, all: !!f.all }));
  return EXIT.OK;
}

async function scanCommand(paths: string[], jsonl: string[], cmd: Command, io: Io): Promise<number> {
  if (paths.length === 0 && jsonl.length === 0) throw new UsageError('nothing to read: give paths, or --jsonl FILE (dupecheck --help)');
  const s = await settingsOf(cmd);
  const html = cmd.getOptionValue('html') as string | undefined;
  checkHtmlTarget(html);
  const progress = makeProgress(s.values.progress !== false, process.stderr);
  let report;
  try {
    report = await scan({ paths, jsonl }, scanOptionsOf(s.values), { stdin: io.stdin, warn: warner(io), progress: (st, d, t) => progress.update(st, d, t) });
  } finally {
    progress.stop();
  }
  return await emitReport(report, { ...(s.values as OutputSettings), html }, io);
}

/**
 * `help TOPIC...` (after the command words, if any), as git and npm read it: the help of the
 * command TOPIC... names (`dupecheck help index add` is `dupecheck index add --help`). Returns the
 * arguments to parse instead, or an error for a topic that is not a command: commander printed the
 * whole help on stderr and exited 0, also for `dupecheck help docs/` meant as a folder named help.
 */
export function helpTopic(program: Command, args: readonly string[]): { args: string[] } | { error: string } | null {
  const at = args.indexOf('help');
  if (at < 0) return null;
  // the command words before `help` (`index help add`), then the topic words after it
  let cmd = program;
  let name = 'dupecheck';
  const words = [...args.slice(0, at), ...args.slice(at + 1)];
  for (let i = 0; i < at; i++) {
    const sub = cmd.commands.find((c) => c.name() === args[i]);
    if (!sub) return null; // `help` is not in command position: a path or an option's value
    cmd = sub;
    name = `${name} ${sub.name()}`;
  }
  for (const topic of args.slice(at + 1)) {
    if (topic === 'help') continue; // `help help`: this help
    if (topic.startsWith('-')) return { error: `help takes command names, not options: ${topic}` };
    const sub = cmd.commands.find((c) => c.name() === topic || c.aliases().includes(topic));
    if (!sub) {
      const names = cmd.commands.map((c) => c.name()).filter((n) => n !== 'help');
      return { error: `'${topic}' is not a command of ${name} (${names.join(', ')})${cmd === program ? '; a folder named help is ./help' : ''}` };
    }
    cmd = sub;
    name = `${name} ${sub.name()}`;
  }
  return { args: [...words.filter((w) => w !== 'help'), '--help'] };
}

export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  let code: number = EXIT.OK;
  const program = buildProgram(io, (c) => (code = c));
  const verbose = argv.includes('-v') || argv.includes('--verbose');
  const help = helpTopic(program, argv.slice(2));
  if (help && 'error' in help) {
    io.stderr.write(`dupecheck: ${oneLine(help.error)}\n`);
    return EXIT.USAGE;
  }
  if (help) argv = [...argv.slice(0, 2), ...help.args];
  try {
    await program.parseAsync(argv);
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // help asked for is exit 0; help shown because something was missing (on stderr) is a usage error
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return e.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
      return EXIT.USAGE; // commander already printed one line
    }
    if (e instanceof UsageError) {
      io.stderr.write(`dupecheck: ${oneLine(e.message)}\n`);
      return EXIT.USAGE;
    }
    const err = e as Error;
    // the API wraps a bug in an InternalError: its cause holds the stack that says where
    const stacks = (x: unknown): string => (x instanceof Error ? `${x.stack}${x.cause ? `\ncaused by: ${stacks(x.cause)}` : ''}` : String(x));
    io.stderr.write(`dupecheck: internal error: ${oneLine(err.message)}${verbose ? `\n${stacks(err)}` : ' (run with --verbose for details)'}\n`);
    return EXIT.INTERNAL;
  }
}
