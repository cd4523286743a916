/**
 * The machine formats of a batch report besides JSON:
 *  - jsonl: one line per pair (duplicates, then the related pairs listed), then one per reuse
 *    cluster, then a summary line (everything else of the JSON report): for streaming into tools
 *    that read a line at a time;
 *  - github: one GitHub Actions workflow command per duplicate pair (and per related pair listed
 *    when --fail-on related), on the file and line where the copied text starts (an error at or
 *    above --fail-on, a warning below it);
 *  - sarif: SARIF 2.1.0 for code scanning, one result per such pair with both places.
 * The copy annotated is the document from the batch when the other is archived (check), else the
 * one found derived (the machine translation), else the pair's second document.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { DUPLICATE_RELATIONS, RELATIONS, type ReportOut, type ReportPair, type Relation } from '../types.js';
import type { PairLocation, TextRegion } from './locations.js';
import { articleFile, displayPath } from '../read/index.js';

type Level = 'error' | 'warning';

/** The report as JSON Lines (see the module's comment); each pair line also names both paths. */
export function* jsonlChunks(r: ReportOut): Generator<string> {
  const pathOf = new Map(r.documents.map((d) => [d.id, d.path]));
  for (const p of r.pairs) yield JSON.stringify({ type: 'pair', ...p, paths: { a: pathOf.get(p.a), b: pathOf.get(p.b) } }) + '\n';
  for (const c of r.reuse) yield JSON.stringify({ type: 'reuse', ...c }) + '\n';
  const rest: Record<string, unknown> = { ...r };
  delete rest.pairs;
  delete rest.reuse;
  yield JSON.stringify({ type: 'summary', ...rest }) + '\n';
}

const DESCRIPTION: Record<Relation, string> = {
  identical: 'identical text (after normalising case, quotes, dashes and spacing)',
  'near-duplicate': 'near-duplicate: a verbatim copy with edits, or one text contained in the other',
  reworded: 'reworded copy: the same article in other words (paraphrase or machine translation)',
  related: 'related: a different article that shares passages',
};

/** One annotated pair: the copy (where the annotation goes) and the other document. */
interface Annotated {
  pair: ReportPair;
  level: Level;
  copy: PairLocation['a'];
  other: PairLocation['a'];
}

function annotated(r: ReportOut, locations: readonly PairLocation[], failing: ReadonlySet<Relation>): Annotated[] {
  const archived = new Set(r.documents.filter((d) => d.archived).map((d) => d.id));
  return locations.map((loc, i) => {
    const pair = r.pairs.at(i)!;
    const copyIsA = archived.has(pair.b) ? true : archived.has(pair.a) ? false : pair.derived?.id === pair.a;
    return { pair, level: failing.has(pair.relation) ? 'error' : 'warning', copy: copyIsA ? loc.a : loc.b, other: copyIsA ? loc.b : loc.a };
  });
}

const lines = (g: TextRegion) => (g.endLine > g.startLine ? `lines ${g.startLine}-${g.endLine}` : `line ${g.startLine}`);
const pct = (x: number) => `${Math.round(x * 100)}%`;

function message(a: Annotated): string {
  // a path with control characters (an escape in a file name) quoted, as on the terminal
  const other = displayPath(a.other.path);
  if (a.pair.relation === 'related') {
    const words = Math.max(0, ...a.pair.passages.map((x) => x.words));
    return `related: shares a ${words}-word passage with ${other}${a.other.inFile ? ` (${lines(a.other.region)} there)` : ''}`;
  }
  const s = a.pair.scores;
  const how = s.aligned ? `aligned ${pct(Math.min(s.aligned.a, s.aligned.b))} of content` : `shingle Jaccard ${s.jaccard.toFixed(2)}`;
  // a JSONL article's lines are its text's, not its file's: not given
  return `${a.pair.relation} copy of ${other} (${a.other.inFile ? `${lines(a.other.region)} there; ` : ''}${how})`;
}

/** GitHub's escaping of a workflow command's message, and of its properties. */
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
// control characters (an escape in a file name) percent-encoded too: a CI log is a terminal
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C').replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

/**
 * With --fail-on related, related pairs that fail the run but are not listed (--related N or none)
 * cannot be annotated: said once, so that a failed job never says nothing.
 */
function unlistedFailing(r: ReportOut, failing: ReadonlySet<Relation>): string | null {
  if (!failing.has('related')) return null;
  const all = r.summary.pairs.related;
  const listed = r.summary.relatedReported;
  if (all <= listed) return null;
  return `${all} related ${all === 1 ? 'pair fails' : 'pairs fail'} the run (--fail-on related); ${listed} ${listed === 1 ? 'is' : 'are'} listed and annotated: --related all lists every one`;
}

/** The file of a skipped input: a JSONL article's is its JSONL file. */
const skippedFile = (p: string) => articleFile(p) ?? p;

/** `file` names a file as the annotations do (from the repository's root; see WriteOptions.root). */
export function* githubChunks(r: ReportOut, locations: readonly PairLocation[], failing: ReadonlySet<Relation>, file: (p: string) => string = (p) => p): Generator<string> {
  for (const a of annotated(r, locations, failing)) {
    const g = a.copy.region;
    const where = a.copy.inFile ? `,line=${g.startLine},endLine=${g.endLine}` : '';
    yield `::${a.level} file=${escapeProperty(a.copy.file)}${where},title=${escapeProperty(`dupecheck ${a.pair.relation}`)}::${escapeData(message(a))}\n`;
  }
  const unlisted = unlistedFailing(r, failing);
  if (unlisted) yield `::error title=dupecheck related::${escapeData(unlisted)}\n`;
  // what was not read is said where CI shows it, not only on stderr
  for (const x of r.skipped) yield `::warning file=${escapeProperty(file(skippedFile(x.path)))},title=dupecheck skipped::${escapeData(`not compared: ${displayPath(x.path)}: ${x.reason}`)}\n`;
}

/** A path as a SARIF artifact URI: relative ones as URI references (forward slashes), absolute ones as file: URLs. */
function uriOf(p: string): string {
  if (path.isAbsolute(p)) return pathToFileURL(p).href;
  return p.split(path.sep).join('/').split('/').map(encodeURIComponent).join('/');
}

const physical = (loc: PairLocation['a']) => {
  const g = loc.region;
  return {
    artifactLocation: { uri: uriOf(loc.file) },
    ...(loc.inFile ? { region: { startLine: g.startLine, startColumn: g.startColumn, endLine: g.endLine, endColumn: g.endColumn } } : {}),
  };
};

/** The fingerprint of a pair: its two paths, so that a re-run (even after an edit) matches the alert already open. */
const fingerprint = (a: Annotated) => createHash('sha256').update(`${a.copy.path}\0${a.other.path}`).digest('hex');

export function sarifLog(r: ReportOut, locations: readonly PairLocation[], failing: ReadonlySet<Relation>, file: (p: string) => string = (p) => p): Log {
  const relations = RELATIONS.filter((x) => DUPLICATE_RELATIONS.has(x) || failing.has(x));
  const rules: ReportingDescriptor[] = relations.map((id) => ({
    id,
    name: id.replace(/-(.)/g, (_, c: string) => c.toUpperCase()).replace(/^./, (c) => c.toUpperCase()),
    shortDescription: { text: DESCRIPTION[id] },
    defaultConfiguration: { level: failing.has(id) ? 'error' : 'warning' },
  }));
  const results: Result[] = annotated(r, locations, failing).map((a) => ({
    ruleId: a.pair.relation,
    ruleIndex: relations.indexOf(a.pair.relation),
    level: a.level,
    message: { text: message(a) },
    locations: [{ physicalLocation: physical(a.copy) }, { physicalLocation: physical(a.other) }],
    relatedLocations: [{ id: 1, physicalLocation: physical(a.other), message: { text: `the other document of the pair (${a.other.id})` } }],
    partialFingerprints: { 'dupecheckPair/v1': fingerprint(a) },
    properties: { documents: [a.copy.id, a.other.id], scores: a.pair.scores },
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'dupecheck', version: r.tool.version, informationUri: 'https://www.npmjs.com/package/dupecheck', rules } },
        // what was not read: a notification each, so that code scanning shows what was not compared
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: [
              ...(unlistedFailing(r, failing) ? [{ level: 'error' as const, message: { text: unlistedFailing(r, failing)! } }] : []),
              ...r.skipped.map((x) => ({
              level: 'warning' as const,
              message: { text: `not compared: ${displayPath(x.path)}: ${x.reason}` },
              locations: [{ physicalLocation: { artifactLocation: { uri: uriOf(file(skippedFile(x.path))) } } }],
              })),
            ],
          },
        ],
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}
