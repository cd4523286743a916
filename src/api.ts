/**
 * dupecheck as a library (`import { scan } from 'dupecheck'`): the command line is a shell over
 * these functions. Options are the command line's long options in camelCase, each with its
 * default (DEFAULT_SCAN_OPTIONS); results are the JSON report's types (types.ts). A user's mistake
 * (a bad option, a path that does not exist, no readable document) throws a UsageError or an
 * InputError, whose message is one line; anything else is a bug, thrown as an InternalError.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import {
  DEFAULT_OPTIONS as DEFAULT_PIPELINE,
  DEFAULT_SCAN_OPTIONS,
  FORMATS,
  RELATIONS,
  type ConfigOptions,
  type FailOn,
  type Format,
  type Options,
  type Relation,
  type ReportDerived,
  type ReportOut,
  type ReportPair,
  type ScanOptions,
} from './types.js';
import type { Doc, Progress, RunResult } from './model.js';
import { InputError, UsageError } from './read/errors.js';
import { articleFile, byPath, byteSize, displayPath, escapeControls, fromBytes, isLink, isSkipped, listInputs, noReadableDocuments, readOne, type InputDoc, type Skipped } from './read/index.js';
import { checkOptions, sizeInBytes, withDefaults } from './config.js';
/** A --max-size value (10MB or 10M, 500KB, none, or bytes) in bytes, 0 for none; and what is wrong with one (0 bytes is refused). */
export { sizeInBytes, sizeProblem } from './config.js';
import { textReason } from './read/decode.js';
import { languageCode } from './text/lang.js';
import { runFiles, runPipeline, type DocMetaOf } from './pipeline/run.js';
import { profile } from './pipeline/profile.js';
import { permutations } from './signatures/minhash.js';
import { alignDocs, comparePair } from './compare/index.js';
import { describePair, unitsOf } from './align/index.js';
import { buildReport, reportDerived, reportPair, SCHEMA_VERSION } from './report/model.js';
import { noteRead, terminalChunks } from './report/terminal.js';
import { jsonChunks } from './report/jsonStream.js';
import { htmlChunks } from './report/html.js';
import { alignedPairs, diffPage, docEntry, htmlExtra, unrelatedPair } from './report/htmlData.js';
import { githubChunks, jsonlChunks, sarifLog } from './report/formats.js';
import { pairLocations, type PairLocation } from './report/locations.js';
import { diffJson, renderDiff, type DiffJson, type DiffSide } from './report/diffView.js';
import { diffHeader, type DiffView } from './report/diffHeader.js';
import { archiveOptions, DEFAULT_INDEX_FILE, type Archive, type IndexStats, type ListedDoc } from './index/store.js';
import { openArchive } from './index/open.js';
import { STORED_OPTIONS, describeParams, type IndexParams } from './index/params.js';
import { anyReadable, listBatch, readBatch, type BatchDoc, type BatchItem } from './index/batch.js';
import { addBatch, storedDoc } from './index/add.js';
import { checkBatch } from './index/check.js';
import { Chalk as ChalkClass, type ChalkInstance } from 'chalk';

export * from './types.js';
export { UsageError, InputError };
export { CONFIG_FILES, OPTIONS_SCHEMA, extensionList, findConfig, readConfig, type LoadedConfig } from './config.js';
export { DEFAULT_INDEX_FILE, STORED_OPTIONS, byteSize, describeParams, displayPath, escapeControls, type IndexParams, type IndexStats, type ListedDoc, type Skipped };
// the types of what the API returns, importable by name (a DiffResult's sides and view, diffToJson's result, a progress hook)
export type { DiffJson, DiffSide, DiffView, Progress };
export type { Sentence } from './text/segment.js';
export type { Token } from './text/tokenize.js';

/** A failure that is not the user's: a bug. `cause` is the error thrown inside. */
export class InternalError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InternalError';
  }
}

/** dupecheck's version (package.json). */
export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** What a run reads: paths (files, folders, "-" for a list on standard input), and JSONL files of articles. */
export type Inputs = readonly string[] | { paths?: readonly string[]; jsonl?: readonly string[] };

/** How a run talks back: standard input for "-" and "--jsonl -", notes on what was skipped, progress. */
export interface Hooks {
  /** the text of standard input, for "-" (a list of paths) or a JSONL file "-" */
  stdin?: () => Promise<string | Uint8Array>;
  /** a note: a file skipped with its reason, one decoded in a legacy encoding, an empty list */
  warn?: (message: string) => void;
  progress?: Progress;
}

/** A user's error passes through; any other becomes an InternalError. */
async function guarded<T>(f: () => Promise<T> | T): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof UsageError || e instanceof InternalError) throw e;
    throw new InternalError((e as Error)?.message ?? String(e), { cause: e });
  }
}

/** Options checked (as a config file's are) and completed with the defaults. */
export function resolveOptions(given: Partial<ScanOptions> = {}): ScanOptions {
  return withDefaults(checkOptions(given, 'options', false), DEFAULT_SCAN_OPTIONS);
}

/** The pipeline's parameters for a run's options. */
export function pipelineOptions(s: ScanOptions, base: Options = DEFAULT_PIPELINE): Options {
  return {
    ...base,
    shingleSize: s.shingleSize,
    numPerm: s.numPerm,
    seed: s.seed,
    threshold: s.threshold,
    contentThreshold: s.contentThreshold,
    minPassageWords: s.minPassage,
    related: s.related,
    series: s.series,
  };
}

/** The paths and JSONL files of the inputs, checked: a string alone ("seeds/") is a list of one path, as a user meant it. */
function inputsOf(inputs: Inputs | string): { paths: string[]; jsonl: string[] } {
  if (typeof inputs === 'string') return { paths: [inputs], jsonl: [] };
  const strings = (x: unknown, what: string): string[] => {
    if (x === undefined) return [];
    if (!Array.isArray(x) || x.some((p) => typeof p !== 'string')) throw new UsageError(`${what} must be a list of strings`);
    return [...x];
  };
  if (Array.isArray(inputs)) return { paths: strings(inputs, 'the paths'), jsonl: [] };
  if (!inputs || typeof inputs !== 'object') throw new UsageError('inputs: a list of paths, or { paths, jsonl }');
  const o = inputs as { paths?: unknown; jsonl?: unknown };
  return { paths: strings(o.paths, 'paths'), jsonl: strings(o.jsonl, 'jsonl') };
}

/**
 * What a report was made from, for the formats that point into the texts (github, sarif): kept
 * beside the report, not in it, so that the report stays the JSON report.
 */
const runs = new WeakMap<object, { run: RunResult; failOn: FailOn }>();

/**
 * Find the duplicates and related articles among files, folders and JSONL articles. Resolves to
 * the report (`--json`'s object; its `pairs` and `reuse` are lists built as they are read).
 */
export function scan(inputs: Inputs | string, options: Partial<ScanOptions> = {}, hooks: Hooks = {}): Promise<ReportOut> {
  return guarded(async () => {
    const s = resolveOptions(options);
    const o = pipelineOptions(s);
    const { paths, jsonl } = inputsOf(inputs);
    const warn = hooks.warn ?? (() => {});
    if (paths.length === 0 && jsonl.length === 0) throw new UsageError('nothing to read: give paths, or JSONL files');
    const series = o.series === 'folder' ? seriesByFolder(paths) : undefined;
    let res: RunResult;
    if (jsonl.length) {
      // articles are read into memory (as check reads them); files with them
      const { items, emptyLists } = await listBatch({ paths, jsonl }, { extensions: s.ext, ignore: s.ignore, encoding: s.encoding, maxBytes: sizeInBytes(s.maxSize), stdin: stdinOf(hooks) });
      const read = readBatch(items, warn);
      if (read.docs.length === 0) {
        if (!emptyLists) throw noReadableDocuments([...paths, ...jsonl], s.ext);
        warn(`nothing to compare: ${emptyListNames(paths, jsonl)}`);
      }
      res = runPipeline(read.docs, [...read.skipped].sort(byPath), o, hooks.progress, undefined, series);
    } else {
      const { files, unlisted, named } = await listInputs(paths, { extensions: s.ext, ignore: s.ignore, maxBytes: sizeInBytes(s.maxSize), stdin: hooks.stdin });
      res = await runFiles(files, o, s.encoding, hooks.progress, series);
      if (unlisted.length) res.skipped = [...unlisted, ...res.skipped].sort(byPath);
      for (const d of [...res.skipped, ...res.docs]) noteRead(d, warn);
      if (res.docs.length === 0) {
        // an empty list in a pipeline (`find ... | dupecheck -` finding nothing) compares nothing and
        // finds nothing, as `xargs -r` runs nothing; a path or a list that yields nothing readable is an error
        if (named > 0) throw noReadableDocuments(paths, s.ext);
        warn('nothing to compare: the list on standard input is empty');
      }
    }
    const report = buildReport(res, o, VERSION, s.stats);
    runs.set(report, { run: res, failOn: s.failOn });
    return report;
  });
}

const stdinOf = (hooks: Hooks) => hooks.stdin ?? (async () => {
  throw new UsageError('"-" needs standard input (hooks.stdin)');
});

/** The empty lists of a batch that compares nothing, for the note. */
function emptyListNames(paths: readonly string[], jsonl: readonly string[]): string {
  const lists = [...(paths.includes('-') ? ['the list of paths on standard input'] : []), ...[...new Set(jsonl)].map((j) => (j === '-' ? 'the JSONL on standard input' : j))];
  return `${lists.join(' and ')} ${lists.length > 1 ? 'are' : 'is'} empty`;
}

/** A text given in memory: its path in the report (a name), and what a JSONL article may carry. */
export interface TextInput {
  path: string;
  text: string;
  series?: string;
  date?: string;
  lang?: string;
}

/** scan on texts in memory (no files): the same report. */
export function scanTexts(texts: readonly TextInput[], options: Partial<ScanOptions> = {}): Promise<ReportOut> {
  return guarded(() => {
    const s = resolveOptions(options);
    const o = pipelineOptions(s);
    if (!Array.isArray(texts)) throw new UsageError('scanTexts takes a list of texts: [{ path, text }, ...]');
    const docs: InputDoc[] = [];
    const skipped: Skipped[] = [];
    const names = new Set<string>();
    texts.forEach((t: Partial<TextInput> | null, i) => {
      if (!t || typeof t.path !== 'string' || t.path === '') throw new UsageError(`texts[${i}] needs a path: a string that names it in the report`);
      if (typeof t.text !== 'string') throw new UsageError(`texts[${i}] (${displayPath(t.path)}): its text must be a string`);
      if (names.has(t.path)) throw new UsageError(`two texts are named ${displayPath(t.path)}: each needs a path of its own`);
      names.add(t.path);
      // a language tag as JSONL's "lang" takes it ("en-US", "EN" and "en" are one language)
      let lang: string | undefined;
      if (t.lang !== undefined && t.lang !== null) {
        const code = typeof t.lang === 'string' ? languageCode(t.lang) : null;
        if (!code) throw new UsageError(`texts[${i}] (${displayPath(t.path)}): lang must be a language tag such as "zh" or "pt-BR" (got ${JSON.stringify(t.lang)})`);
        lang = code;
      }
      // as files are read: an empty or blank text, or one with NUL characters, is skipped with its reason
      const why = textReason(t.text);
      if (why) skipped.push({ path: t.path, reason: why });
      else docs.push({ ...(t as TextInput), raw: Buffer.from(t.text, 'utf8'), text: t.text.replace(/^\uFEFF/, ''), ...(lang ? { lang } : {}) });
    });
    const res = runPipeline(docs, skipped.sort(byPath), o);
    const report = buildReport(res, o, VERSION, s.stats);
    runs.set(report, { run: res, failOn: s.failOn });
    return report;
  });
}

/** Two texts compared: their relation (or unrelated) and the pair as the report gives it. */
export async function compare(a: string, b: string, options: Partial<ScanOptions> = {}): Promise<{ relation: Relation | 'unrelated'; pair: ReportPair | null }> {
  const r = await scanTexts(
    [
      { path: 'a', text: a },
      { path: 'b', text: b },
    ],
    { ...options, related: 'all', stats: false },
  );
  const pair = r.pairs.at(0) ?? null;
  if (!pair) return { relation: 'unrelated', pair: null };
  // the report orders documents by content: name them a and b as given
  const ids = new Map(r.documents.map((d) => [d.id, d.path]));
  const swap = ids.get(pair.a) === 'b';
  return { relation: pair.relation, pair: swap ? swapPair(pair) : pair };
}

/** A unit of i sentences of a and j of b is a unit of j of a and i of b once a and b are swapped. */
function swapUnits(u: NonNullable<ReportPair['alignment']>['units']): NonNullable<ReportPair['alignment']>['units'] {
  return { '1-1': u['1-1'], '1-2': u['2-1'], '2-1': u['1-2'], '2-2': u['2-2'], '1-0': u['0-1'], '0-1': u['1-0'] };
}

function swapPair(p: ReportPair): ReportPair {
  const ab = <T>(x: { a: T; b: T } | null) => (x ? { a: x.b, b: x.a } : null);
  return {
    ...p,
    a: p.b,
    b: p.a,
    scores: { ...p.scores, containment: ab(p.scores.containment)!, aligned: ab(p.scores.aligned), matched: ab(p.scores.matched) },
    alignment: p.alignment ? { ...p.alignment, coverage: ab(p.alignment.coverage)!, units: swapUnits(p.alignment.units) } : null,
    divergences: p.divergences.map((d) => ({ ...d, a: d.b, b: d.a, locations: d.locations.map((l) => ({ a: l.b, b: l.a })) })),
    passages: p.passages.map((x) => ({ ...x, a: x.b, b: x.a })),
  };
}

/** Whether a report holds a pair at or above failOn (the command line's exit code 1). */
export function failed(report: Pick<ReportOut, 'summary'>, failOn: FailOn): boolean {
  return [...failingRelations(failOn)].some((r) => report.summary.pairs[r] > 0);
}

/** Which relations make a run fail for a given failOn. */
export function failingRelations(failOn: FailOn): Set<Relation> {
  if (failOn === 'none') return new Set();
  return new Set(RELATIONS.slice(0, RELATIONS.indexOf(failOn) + 1));
}

export interface WriteOptions {
  /** the terminal view's colours (text only; none when left out) */
  chalk?: ChalkInstance;
  /** text: every related pair, and more detail */
  verbose?: boolean;
  /** text: written before the report */
  heading?: string;
  /** github and sarif: which pairs are errors (the others are warnings); the run's own failOn when left out */
  failOn?: FailOn;
  /**
   * github and sarif: the repository's root folder, from which GitHub resolves the files it
   * annotates (the CLI gives $GITHUB_WORKSPACE, else the nearest folder with .git): files inside
   * it are named from it, whatever folder the run was started in. Left out, files are named as given.
   */
  root?: string;
}

/** A file as GitHub names it: from the repository's root when it is inside it, else as given. */
function fromRoot(root: string | undefined, p: string): string {
  if (!root) return p;
  const rel = path.relative(root, path.resolve(p));
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

/**
 * A report in one of the formats, in pieces as they are produced (a report of tens of thousands
 * of documents is larger than any one string). github and sarif point into the texts: they take
 * a report made by scan, scanTexts or check.
 */
export function formatReport(report: ReportOut, format: Format, options: WriteOptions | null = {}): Generator<string> {
  // checked now, not when the first piece is asked for (a generator runs nothing until then)
  if (!isReport(report)) throw new UsageError('formatReport takes a report made by scan, scanTexts or check');
  // null options, or a null failOn, are left out (as lang: null is)
  const w: WriteOptions = { ...(options ?? {}) };
  if (w.failOn === null) delete w.failOn;
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format ${JSON.stringify(format)}: one of ${FORMATS.join(', ')}`);
  if ((format === 'github' || format === 'sarif') && !runs.has(report)) throw new UsageError(`the ${format} format needs a report made by scan, scanTexts or check`);
  if (w.failOn !== undefined && !(FAIL_ON as readonly string[]).includes(w.failOn)) throw new UsageError(`failOn must be one of ${FAIL_ON.join(', ')} (got ${JSON.stringify(w.failOn)})`);
  return formatChunks(report, format, w);
}

const FAIL_ON = [...RELATIONS, 'none'] as const;

function* formatChunks(report: ReportOut, format: Format, w: WriteOptions): Generator<string> {
  if (format === 'json') {
    yield* jsonChunks(report as unknown as Record<string, unknown>);
    yield '\n';
  } else if (format === 'jsonl') yield* jsonlChunks(report);
  else if (format === 'text') {
    if (w.heading) yield w.heading;
    yield* terminalChunks(report, w.chalk ?? plainChalk(), { maxRelated: w.verbose ? Infinity : 20, verbose: !!w.verbose });
  } else {
    const made = runs.get(report)!;
    const failing = failingRelations(w.failOn ?? made.failOn);
    // related pairs are annotated only when they fail the run (--fail-on related): else they are
    // coverage, not copies, and a batch may list hundreds of thousands of them
    const file = (p: string) => fromRoot(w.root, p);
    const locations = locate(made.run, failing.has('related'), file);
    if (format === 'github') yield* githubChunks(report, locations, failing, file);
    else yield JSON.stringify(sarifLog(report, locations, failing, file), null, 2) + '\n';
  }
}

/** The HTML page's title: what was compared. */
export const htmlTitle = (report: Pick<ReportOut, 'summary'>) => `dupecheck report: ${report.summary.documents.toLocaleString('en')} ${report.summary.documents === 1 ? 'document' : 'documents'}`;

/**
 * The report as one self-contained HTML page (clusters, reused passages, the duplicate pairs side
 * by side; it opens offline), in pieces. The side-by-side views need the texts: a report made by
 * scan, scanTexts or check has them; any other gets a page without them.
 */
export function htmlReport(report: ReportOut, title?: string): Generator<string> {
  if (!isReport(report)) throw new UsageError('htmlReport takes a report made by scan, scanTexts or check');
  if (title !== undefined && title !== null && typeof title !== 'string') throw new UsageError('htmlReport: the title must be a string');
  return htmlPage(report, title ?? htmlTitle(report));
}

/** Enough of a report's shape to write it (a report made here, or its JSON read back). */
function isReport(r: unknown): r is ReportOut {
  const x = r as Partial<ReportOut> | null;
  return !!x && typeof x === 'object' && Array.isArray(x.documents) && !!x.summary && typeof x.summary.documents === 'number' && x.pairs !== undefined && x.reuse !== undefined && Array.isArray(x.skipped);
}

function* htmlPage(report: ReportOut, title: string): Generator<string> {
  const made = runs.get(report);
  yield* htmlChunks(report, made ? htmlExtra(alignedPairs(made.run)) : { texts: {}, views: [] }, title);
}

let plain: ChalkInstance | undefined;
function plainChalk(): ChalkInstance {
  // the default instance with colour off: chalk is loaded once, as the terminal view needs it
  return (plain ??= new ChalkClass({ level: 0 }));
}

/**
 * The pairs' places in their files, in the report's order (the duplicates, then with `related` the
 * related pairs listed): a JSONL article (`<file>#<id>`) is placed in its file.
 */
function locate(run: RunResult, related: boolean, file: (p: string) => string): PairLocation[] {
  const pairs = related ? [...run.pairs, ...Array.from({ length: run.related.pairs.length / 2 }, (_, t) => run.related.at(t))] : run.pairs;
  return pairLocations(pairs, run.docs, (p) => {
    if (isRegularFile(p)) return { file: file(p), inFile: true };
    return { file: file(articleFile(p) ?? p), inFile: false };
  });
}

function isRegularFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * --series folder: a document found by walking a folder given belongs to the series of the first
 * folder under it (news/ap/2024/x.txt walked from news/ is of series "ap"); a file directly in
 * the folder given, or named on its own, is of no series.
 */
export function seriesByFolder(paths: readonly string[]): DocMetaOf {
  const roots = paths
    .filter((p) => p !== '-' && fs.existsSync(p) && fs.statSync(p).isDirectory())
    .map((p) => path.resolve(p))
    .sort((x, y) => y.length - x.length);
  return (file) => {
    const abs = path.resolve(file);
    const root = roots.find((r) => abs.startsWith(r + path.sep));
    if (!root) return undefined;
    const parts = path.relative(root, abs).split(path.sep);
    return parts.length > 1 ? { series: parts[0] } : undefined;
  };
}

// ---------------------------------------------------------------------------------------------
// diff: two texts side by side

/** Two files aligned sentence by sentence (dupecheck diff). */
export interface DiffResult {
  a: DiffSide;
  b: DiffSide;
  relation: Relation | 'unrelated';
  scores: ReportPair['scores'] | null;
  derived: ReportDerived;
  /** what the views need: the alignment and its details */
  readonly view: DiffView;
}

/**
 * Align two files; a file that cannot be read is a UsageError that says why. One of the two may be
 * "-" (standard input: hooks.stdin) or a named pipe (`<(curl ...)`): named explicitly, such a
 * stream is read to its end, as a folder walk never does.
 */
export function diff(pathA: string, pathB: string, options: Pick<Partial<ScanOptions>, 'encoding'> = {}, hooks: Pick<Hooks, 'warn' | 'stdin'> = {}): Promise<DiffResult> {
  return guarded(async () => {
    const encoding = resolveOptions(options).encoding;
    if (pathA === '-' && pathB === '-') throw new UsageError('standard input can be read once: give "-" for one of the two texts');
    const stdin = pathA === '-' || pathB === '-' ? await stdinOf(hooks)() : null;
    const read = (p: string) => {
      if (p === '') throw new InputError('an empty path was given (an unset variable in a script?)');
      const piped = p === '-' ? Buffer.from(stdin as Uint8Array | string) : fs.existsSync(p) && fs.statSync(p).isFIFO() ? fs.readFileSync(p) : null;
      if (piped) {
        const r = fromBytes(p === '-' ? 'stdin' : p, piped, encoding);
        if (isSkipped(r)) throw new InputError(`cannot compare ${r.path}: ${r.reason}`);
        return r;
      }
      // a symbolic link that leads nowhere exists: reading it says why it cannot be compared
      if (!fs.existsSync(p) && !isLink(p)) throw new InputError(`no such file or directory: ${p}`);
      if (fs.existsSync(p) && fs.statSync(p).isDirectory()) throw new UsageError(`${p} is a folder; diff compares two files`);
      const r = readOne(p, encoding);
      if (isSkipped(r)) throw new InputError(`cannot compare ${p}: ${r.reason}`);
      return r;
    };
    const ra = read(pathA);
    const rb = read(pathB);
    // as the main command: a file decoded as other than UTF-8 (--encoding auto) is noted
    for (const r of [ra, rb]) noteRead(r, (msg) => hooks.warn?.(msg));
    const o = DEFAULT_PIPELINE;
    const perms = permutations(o.numPerm, o.seed);
    const x = profile(ra.path, ra.raw, ra.text, o, perms);
    const y = profile(rb.path, rb.raw, rb.text, o, perms);
    const idA = x.contentHash.slice(0, 12);
    const idB = y.contentHash.slice(0, 12) + (x.contentHash === y.contentHash ? '-2' : '');
    const verdict = comparePair(0, 1, x, y, o);
    // the verification's alignment when it made one (duplicates); otherwise align for the view
    const aligned = verdict?.alignment?.units.length ? { ...verdict.alignment, units: unitsOf(verdict.alignment) } : alignDocs(x, y);
    if (!aligned) throw new Error('alignment was not computed');
    const details = describePair(aligned.units, x.model, y.model, true);
    const relation = verdict?.relation ?? 'unrelated';
    // a related pair was not aligned by the verification: its aligned and matched shares are those
    // of the alignment shown
    const shown = verdict && !verdict.scores.aligned ? { ...verdict, scores: { ...verdict.scores, aligned: aligned.summary.massCoverage, matched: aligned.summary.matched } } : verdict;
    const pair = shown ? reportPair({ ...shown, alignment: aligned, details }, [Object.assign(x, { id: idA }), Object.assign(y, { id: idB }) as Doc]) : null;
    const scores = pair?.scores ?? null;
    const derived = reportDerived(details.derived!, idA, idB);
    const side = (d: typeof x, id: string, encoding?: string): DiffSide => ({ id, path: d.path, ...(encoding ? { encoding } : {}), text: d.model.text, sentences: d.model.sentences, tokens: d.model.tokens });
    const a = side(x, idA, ra.encoding);
    const b = side(y, idB, rb.encoding);
    const result: DiffResult = { a, b, relation, scores, derived, view: { a, b, relation, scores, derived, aligned, details } };
    diffPages.set(result, () =>
      htmlChunks(
        diffPage([docEntry(x, idA, ra.encoding), docEntry(y, idB, rb.encoding)], pair ?? { ...unrelatedPair(idA, idB, aligned.summary), derived }, VERSION),
        htmlExtra([{ pair: 0, a: { id: idA, model: x.model }, b: { id: idB, model: y.model }, units: aligned.units }]),
        `dupecheck diff: ${displayPath(x.path)} and ${displayPath(y.path)}`,
      ),
    );
    return result;
  });
}

/** What diffHtml renders, kept beside each DiffResult (the profiles are not part of it). */
const diffPages = new WeakMap<DiffResult, () => Generator<string>>();

/** The two texts of a diff side by side as one self-contained HTML page, in pieces. */
export function diffHtml(d: DiffResult): Generator<string> {
  // checked when called, not when the first piece is asked for
  const page = d && typeof d === 'object' ? diffPages.get(d) : undefined;
  if (!page) throw new UsageError('diffHtml needs a result made by diff');
  return page();
}

/**
 * `dupecheck diff --json`: { a, b, relation, scores, alignment, divergences, derived }; `derived`
 * is null for texts that are not copies (identical, related, unrelated), as in the report.
 */
export function diffToJson(d: DiffResult): DiffJson {
  const v = d.view;
  const copies = d.relation === 'near-duplicate' || d.relation === 'reworded';
  return diffJson(d.a, d.b, d.relation, d.scores, v.aligned.units, v.details.perUnit, v.details.divergences, copies ? d.derived : null, SCHEMA_VERSION);
}

export interface DiffFormat {
  chalk?: ChalkInstance;
  /** output width in columns */
  width: number;
  sideBySide: boolean;
  /** show unchanged aligned sentences too */
  all?: boolean;
}

/** The terminal view of a diff: a header (shares, the derived copy, top divergences), then the sentences. */
export function formatDiff(d: DiffResult, f: DiffFormat): string {
  const c = f.chalk ?? plainChalk();
  const header = diffHeader(d.view, c);
  return renderDiff(d.a, d.b, d.relation, header, d.view.aligned.units, c, { width: f.width, sideBySide: f.sideBySide, colour: c.level > 0, all: !!f.all });
}

// ---------------------------------------------------------------------------------------------
// the archive index

/** Options of a run against the index: the run's, and the index file. */
export interface IndexRunOptions extends Partial<ScanOptions> {
  /** the index: an SQLite file (default .dupecheck/index.db), or a postgresql:// connection string */
  index?: string;
}

/** Hooks of an index run; `sources` names where options came from (a config file), for errors. */
export interface IndexHooks extends Hooks {
  /** for each option set by a config file, the file: a mismatch with the index names it */
  sources?: Partial<Record<keyof ConfigOptions, string>>;
  /** index add: documents per transaction, and a call after each (tests slow an add down with it) */
  chunk?: number;
  afterChunk?: (added: number) => void;
  /** index add: asked after each committed chunk; true stops the add there (the CLI's Ctrl-C) */
  stopped?: () => boolean;
  /** check --add: a call between the check and its add (tests let another runner write then) */
  beforeAdd?: () => Promise<void>;
}

/** Open the index, run f, close it; database errors a user can act on become one-line usage errors. */
async function withIndex<T>(location: string, create: Options | undefined, f: (ix: Archive) => Promise<T>, afterWork?: (result: T, closing: UsageError) => UsageError): Promise<T> {
  const ix = await openArchive(location, create);
  let result: T;
  try {
    result = await f(ix);
  } catch (e) {
    await ix.close().catch(() => {}); // the first error is the one to tell
    throw ix.explain(e);
  }
  try {
    await ix.close();
  } catch (e) {
    // closing failed after the work was done (a full disk folding the journal back): `afterWork`
    // keeps the result with the error (a check's report, printed before it; it had been lost)
    const why = ix.explain(e);
    throw why instanceof UsageError && afterWork ? afterWork(result, why) : why;
  }
  return result;
}

/**
 * The options to run with against an index: the stored ones win, and one given that disagrees is
 * a UsageError (naming the config file that set it, when a config file did).
 */
function indexOptions(ix: Archive, o: Options, given: Partial<ScanOptions>, sources: IndexHooks['sources'] = {}): Options {
  const explicit = new Set<string>(STORED_OPTIONS.map(([k]) => k).filter((k) => given[k] !== undefined));
  for (const [key] of STORED_OPTIONS) {
    const from = sources[key];
    if (from && explicit.has(key) && o[key] !== ix.params[key]) {
      throw new UsageError(`index ${ix.location} was built with ${key} ${ix.params[key]}, not ${o[key]} as ${from} sets it (remove ${key} there, or build a new index)`);
    }
  }
  return archiveOptions(ix, o, explicit);
}

async function batchOf(inputs: Inputs, s: ScanOptions, hooks: Hooks) {
  const { paths, jsonl } = inputsOf(inputs);
  const { items, emptyLists } = await listBatch({ paths, jsonl }, { extensions: s.ext, ignore: s.ignore, encoding: s.encoding, maxBytes: sizeInBytes(s.maxSize), stdin: stdinOf(hooks) });
  return { items, emptyLists, none: () => noReadableDocuments([...paths, ...jsonl], s.ext), empty: () => emptyListNames(paths, jsonl) };
}

export interface CheckResult {
  report: ReportOut;
  /** the index file */
  index: string;
  /** documents of the batch checked */
  checked: number;
  /** documents in the index before the check */
  archived: number;
  /** with `add`: documents added after the check, and of the batch's new ones how many were there already */
  added?: { added: number; fresh: number; skipped: number };
}

/**
 * check with `add` whose check ran but whose add failed (a full disk, no right to write, an index
 * that kept changing: nothing was added), or whose index could not be closed cleanly after the add
 * (a full disk folding the journal back: the message says what was kept); the check's result is
 * kept, to report it all the same.
 */
export class AddFailedError extends UsageError {
  constructor(
    message: string,
    readonly result: CheckResult,
  ) {
    super(message);
    this.name = 'AddFailedError';
  }
}

/**
 * A check --add runs again when another runner wrote to the index during it (it would not have
 * seen that runner's documents), at most this many times in all; the last time with writers kept
 * out (Archive.exclusively).
 */
const CHECK_ADD_ATTEMPTS = 5;

/**
 * Check a batch against the archive index and against itself (dupecheck check); with `add`, add
 * the batch to the index afterwards, in one transaction, provided no other runner wrote to the
 * index during the check: if one did, the check runs again (its documents could be copies of the
 * batch's), up to CHECK_ADD_ATTEMPTS times, the last with writers kept out. An add that fails
 * throws AddFailedError, which carries the check's result.
 */
export function check(inputs: Inputs, options: IndexRunOptions & { add?: boolean } = {}, hooks: IndexHooks = {}): Promise<CheckResult> {
  return guarded(async () => {
    const { index: file = DEFAULT_INDEX_FILE, add, ...given } = options;
    const s = resolveOptions(given);
    const warn = hooks.warn ?? (() => {});
    const batch = await batchOf(inputs, s, hooks);
    return withIndex(file, undefined, async (ix) => {
      const o = indexOptions(ix, pipelineOptions(s), given, hooks.sources);
      // an empty list checks nothing and finds nothing, against an index that must still exist
      // and match; a list whose entries cannot be read is an input error
      if (batch.emptyLists) warn(`nothing to check: ${batch.empty()}`);
      const read = readBatch(batch.items, warn);
      if (read.docs.length === 0 && !batch.emptyLists) throw batch.none();
      const attempt = async (n: number): Promise<CheckResult | null> => {
        // read first: a write after it, seen at the add, means the check may have missed documents
        const revision = add ? await ix.revision() : 0;
        const out = await checkOnce(ix, read, o, s, hooks, warn, n === 1);
        if (!add) return out;
        await hooks.beforeAdd?.();
        let added: CheckResult['added'] | null;
        try {
          added = await addChecked(ix, runs.get(out.report)!.run.docs, read.docs, read.skipped, revision);
        } catch (e) {
          const why = ix.explain(e);
          if (!(why instanceof UsageError)) throw why;
          throw new AddFailedError(`the check ran, but nothing was added to ${ix.location}: ${why.message}`, out);
        }
        return added ? { ...out, added } : null;
      };
      for (let n = 1; n < CHECK_ADD_ATTEMPTS; n++) {
        const done = await attempt(n);
        if (done) return done;
        const next = n + 1 === CHECK_ADD_ATTEMPTS ? `${n + 1} of ${CHECK_ADD_ATTEMPTS}, with the index locked for writers` : `${n + 1} of at most ${CHECK_ADD_ATTEMPTS}`;
        warn(`another runner wrote to ${ix.location} during the check, which may have missed its documents: checking again (${next})`);
      }
      // the last one keeps writers out while it checks and adds: it cannot be overtaken again
      const last = await ix.exclusively(() => attempt(CHECK_ADD_ATTEMPTS));
      if (!last) throw new InternalError('the index changed while it was locked');
      return last;
    }, (result, closing) => new AddFailedError(closing.message, result));
  });
}

/** One check of a read batch against the open index (see check). */
async function checkOnce(ix: Archive, read: ReturnType<typeof readBatch>, o: Options, s: ScanOptions, hooks: IndexHooks, warn: (m: string) => void, first: boolean): Promise<CheckResult> {
  const res = await checkBatch(ix, read.docs, read.skipped, o, hooks.progress);
  const moved = res.storedElsewhere.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
  if (moved.length && first)
    warn(
      `${moved.length === 1 ? '1 checked document has' : `${moved.length} checked documents have`} the content of an archived document stored under a path that names no file from this folder (${moved[0].path} is archived as ${moved[0].stored}): ` +
        'index add keeps paths as given, so run check from the folder it was run in; until then they are reported as copies of the archived ones',
    );
  // the archive's size as the check counted it, while looking it up (the JSON's stats say the same)
  const archived = res.archived;
  const report = buildReport(res, o, VERSION, s.stats);
  runs.set(report, { run: res, failOn: s.failOn });
  return { report, index: ix.location, checked: read.docs.length, archived };
}

/**
 * check --add: the batch's profiles, already computed, stored in one transaction, if the index is
 * still at `revision` (null, with nothing stored, when another runner wrote meanwhile).
 */
async function addChecked(ix: Archive, docs: Doc[], inputs: BatchDoc[], skipped: Skipped[], revision: number): Promise<CheckResult['added'] | null> {
  const byPathMap = new Map(inputs.map((d) => [d.path, d]));
  const fresh = docs.filter((d: Doc & { archived?: boolean }) => !d.archived);
  // a batch document archived already (same path, same content) is not written again: with nothing
  // to write, a user who may only read the index passes (re-review: "is read-only", exit 2)
  const toStore = fresh.filter((d: Doc & { alreadyArchived?: boolean }) => !d.alreadyArchived);
  const added = await ix.insertIf(
    toStore.map((d) => {
      const input = byPathMap.get(d.path)!;
      return storedDoc(d, input.text, input.meta);
    }),
    revision,
  );
  return added === null ? null : { added, fresh: fresh.length, skipped: skipped.length };
}

export interface AddResult {
  index: string;
  /** readable documents in the batch */
  read: number;
  /** of which newly stored */
  added: number;
  skipped: Skipped[];
  /** documents in the index afterwards */
  total: number;
  /** stopped (hooks.stopped) after `added` documents, before the whole batch was read */
  interrupted?: boolean;
}

/**
 * Add a batch to the index (created, with its folder, when missing). An add that fails creates
 * nothing; an empty list creates an empty index (the check that follows in a pipeline needs one).
 */
export function addToIndex(inputs: Inputs, options: IndexRunOptions = {}, hooks: IndexHooks = {}): Promise<AddResult> {
  return guarded(async () => {
    const { index: file = DEFAULT_INDEX_FILE, ...given } = options;
    const s = resolveOptions(given);
    const warn = hooks.warn ?? (() => {});
    const batch = await batchOf(inputs, s, hooks);
    if (batch.emptyLists) warn(`nothing to add: ${batch.empty()}`);
    else if (!anyReadable(batch.items, warn)) throw batch.none();
    const o0 = pipelineOptions(s);
    return withIndex(file, o0, async (ix) => {
      const o = indexOptions(ix, o0, given, hooks.sources);
      const r = await addBatch(ix, batch.items as BatchItem[], o, { chunk: hooks.chunk, warn, progress: hooks.progress, afterChunk: hooks.afterChunk, stopped: hooks.stopped });
      if (r.read === 0 && !batch.emptyLists && !r.interrupted) throw batch.none(); // read before, but since rewritten or removed
      return { index: ix.location, read: r.read, added: r.added, skipped: r.skipped, total: await ix.count(), ...(r.interrupted ? { interrupted: true } : {}) };
    });
  });
}

/** An archive index opened to look at or prune: stats, list, remove. */
export interface DupecheckIndex {
  /** the index as named (a PostgreSQL password masked) */
  readonly file: string;
  stats(): Promise<IndexStats>;
  list(): Promise<ListedDoc[]>;
  count(): Promise<number>;
  /** remove documents by id (as in reports) or path (as stored, or as written from here); all or nothing */
  remove(idsOrPaths: readonly string[]): Promise<number>;
  close(): Promise<void>;
}

/**
 * Open an existing index: an SQLite file, or a postgresql:// connection string (a missing,
 * foreign or corrupt index is a UsageError).
 */
export async function openIndex(location: string = DEFAULT_INDEX_FILE): Promise<DupecheckIndex> {
  const ix = await guarded(() => openArchive(location, undefined));
  const guard = async <T>(f: () => Promise<T>): Promise<T> => {
    try {
      return await f();
    } catch (e) {
      const why = ix.explain(e);
      if (why instanceof UsageError) throw why;
      throw new InternalError((why as Error)?.message ?? String(why), { cause: why });
    }
  };
  return {
    file: ix.location,
    stats: () => guard(() => ix.stats()),
    list: () => guard(() => ix.list()),
    count: () => guard(() => ix.count()),
    remove: (ids) =>
      guard(async () => {
        const docs = new Set<number>();
        const missing: string[] = [];
        for (const id of ids) {
          // a path as written or as stored (`./articles/a.txt` for `articles/a.txt`, as check compares them)
          let found = await ix.find(id);
          if (!found.length && !/^[0-9a-f]{12}(-\d+)?$/.test(id)) found = await ix.find(path.relative(process.cwd(), path.resolve(id)));
          if (!found.length) missing.push(id);
          for (const d of found) docs.add(d);
        }
        // all or nothing: a typo removes nothing
        if (missing.length) {
          throw new UsageError(`not in ${ix.location}: ${missing.map(displayPath).join(', ')} (nothing removed; paths are matched as stored, from the folder index add ran in, and ids in full: dupecheck index list shows both)`);
        }
        await ix.remove([...docs]);
        return docs.size;
      }),
    close: () => ix.close(),
  };
}
