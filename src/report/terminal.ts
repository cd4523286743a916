/**
 * The terminal view of a report: duplicate clusters first (each pair with its relation and
 * scores), then related pairs and what they share, then one summary line. Colour comes from the
 * Chalk instance passed in (the CLI decides: TTY, NO_COLOR, --color / --no-color).
 */
import type { ChalkInstance } from 'chalk';
import { TOP_REUSE, type Report, type ReportOut, type ReportPair } from './model.js';
import type { Relation } from '../types.js';
import { articleFile, displayPath } from '../read/index.js';
import { truncateWidth, visible } from './width.js';

export const RELATION_LABEL: Record<Relation, string> = {
  identical: 'identical (same text after normalisation)',
  'near-duplicate': 'near-duplicate (verbatim copy with edits)',
  reworded: 'reworded copy (paraphrase or machine translation)',
  related: 'related (different article sharing passages)',
};

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** The stderr line for a file read: skipped with its reason, or decoded as something other than UTF-8. */
export function noteRead(d: { path: string; reason: string } | { path: string; encoding?: string }, warn: (msg: string) => void): void {
  if ('reason' in d) warn(`skipped ${displayPath(d.path)}: ${d.reason}`);
  else if (d.encoding) warn(`note: ${displayPath(d.path)} ${d.encoding === 'utf-8' ? 'is UTF-8 with invalid bytes: read as UTF-8, each replaced by U+FFFD' : `decoded as ${d.encoding}`}`);
}
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export interface TerminalOptions {
  /** how many related pairs to list (the strongest) before summarising the rest */
  maxRelated: number;
  verbose: boolean;
}

/** reuse clusters listed, and documents named for each */
const SHOWN_REUSE = TOP_REUSE;
const SHOWN_CARRIERS = 4;

/**
 * The terminal report, in pieces as it is produced: with `--related all` it lists every related
 * pair, which may be millions, so it is written as it goes rather than built as one string.
 */
export function* terminalChunks(r: ReportOut, c: ChalkInstance, opt: TerminalOptions = { maxRelated: 20, verbose: false }): Generator<string> {
  // a document from the archive index (dupecheck check) is marked as such, and so is one of the batch already in it
  const mark = (d: Report['documents'][number]) => (d.archived ? ` ${c.dim('[archived]')}` : d.alreadyArchived ? ` ${c.dim('[already archived]')}` : '');
  const pathOf = new Map(r.documents.map((d) => [d.id, `${displayPath(d.path)}${mark(d)}`]));
  const name = (id: string) => pathOf.get(id) ?? id;
  const dups = r.summary.duplicatePairs;
  const duplicates: ReportPair[] = [];
  for (let i = 0; i < dups; i++) duplicates.push(r.pairs.at(i)!);
  const out: string[] = [];
  if (r.clusters.length) {
    out.push(c.bold(`Duplicates: ${plural(r.clusters.length, 'cluster')}`));
    r.clusters.forEach((cl, i) => {
      const members = new Set(cl.documents);
      out.push('');
      out.push(c.bold(`  cluster ${i + 1}`) + c.dim(` (${plural(cl.documents.length, 'document')})`));
      for (const id of cl.documents) out.push(`    ${c.cyan(name(id))}`);
      for (const p of duplicates) if (members.has(p.a) && members.has(p.b)) out.push(...pairLines(p, name, c));
    });
  } else {
    out.push(c.green('No duplicates found.'));
  }
  // pairs ruled out by their facts are not in the report: said, so that a missing pair is explained
  const differ = (r.stats?.candidates as { factsDiffer?: number } | undefined)?.factsDiffer;
  if (differ) out.push(c.dim(`(${plural(differ, 'pair')} of texts alike in wording but naming other people, places or figures, as stories of one template do, ${differ === 1 ? 'is' : 'are'} not counted as copies)`));
  yield out.join('\n') + '\n';

  const sharedWords = (p: ReportPair) => p.passages.reduce((s, x) => s + x.words, 0);
  const reported = r.pairs.length - dups;
  const total = r.summary.pairs.related;
  if (total > 0) {
    const head = `Related: ${plural(total, 'pair')} ${total === 1 ? 'shares reused passages but is not a copy' : 'share reused passages but are not copies'}`;
    // every pair is listed as it comes when all were asked for (there may be millions); otherwise the strongest
    const listAll = r.options.related === 'all';
    yield `\n${c.bold(head)}${reported < total ? c.dim(` (${reported} listed: ${r.options.related === 'none' ? '--related none' : `the strongest ${r.options.related} of each document; --related all for every pair`})`) : ''}\n`;
    const lines = (p: ReportPair) => {
      const longest = [...p.passages].sort((x, y) => y.words - x.words)[0];
      // a passage of a reuse cluster is quoted as the cluster has it (its longest occurrence)
      const cluster = longest?.reuse !== undefined ? r.reuse.at(longest.reuse - 1) : undefined;
      const from = cluster ? c.dim(`reused passage ${cluster.id}${longest.words < cluster.words ? ` (${longest.words} of its ${cluster.words} words)` : ''}: `) : '';
      return (
        `  ${c.cyan(name(p.a))} ${c.dim('~')} ${c.cyan(name(p.b))}\n` +
        c.dim(`    ${plural(p.passages.length, 'shared passage')}, ${sharedWords(p)} words; content overlap ${pct(p.scores.content)}`) +
        '\n' +
        (longest ? `    ${from}${c.yellow(quote(cluster?.text ?? longest.text ?? '', 110))}\n` : '')
      );
    };
    if (listAll) {
      for (let i = dups; i < r.pairs.length; i++) yield lines(r.pairs.at(i)!);
    } else {
      // the most shared first; ties in report order (which is deterministic)
      const weight = new Float64Array(reported);
      for (let i = 0; i < reported; i++) weight[i] = sharedWords(r.pairs.at(dups + i)!);
      const order = Array.from({ length: reported }, (_, i) => i).sort((x, y) => weight[y] - weight[x] || x - y);
      for (const i of order.slice(0, opt.maxRelated)) yield lines(r.pairs.at(dups + i)!);
      if (reported > opt.maxRelated) yield c.dim(`  ... and ${reported - opt.maxRelated} more (use --json for all)`) + '\n';
    }
  }

  if (r.reuse.length) {
    const occurrences = r.summary.reuse.occurrences;
    yield `\n${c.bold(`Reused passages: ${plural(r.reuse.length, 'passage')} found in ${plural(occurrences, 'place')}`)}${c.dim(' (the most widely reused first)')}\n`;
    const shown = opt.verbose ? r.reuse.length : Math.min(SHOWN_REUSE, r.reuse.length);
    for (let i = 0; i < shown; i++) {
      const x = r.reuse.at(i)!;
      const docs = [...new Set(x.occurrences.map((o) => o.document))];
      const named = opt.verbose ? docs : docs.slice(0, SHOWN_CARRIERS);
      yield `  ${c.dim(`${x.id}.`)} ${c.yellow(quote(x.text, 110))}\n`;
      yield c.dim(`     ${x.words} words, in ${plural(x.documents, 'document')}${x.source ? `; earliest: ${name(x.source)}` : ''}`) + '\n';
      yield `     ${named.map((d) => c.cyan(name(d))).join(c.dim(', '))}${docs.length > named.length ? c.dim(` and ${docs.length - named.length} more`) : ''}\n`;
    }
    if (shown < r.reuse.length) yield c.dim(`  ... and ${r.reuse.length - shown} more (use --json for all, -v to list them)`) + '\n';
  }

  const tail: string[] = [];
  if (r.skipped.length) {
    tail.push('');
    // a JSONL article (<file>#<id>) is not a file
    const articles = r.skipped.filter((x) => articleFile(x.path) !== null).length;
    const noun = articles === r.skipped.length ? 'article' : articles === 0 ? 'file' : 'input';
    tail.push(c.bold(`Skipped: ${plural(r.skipped.length, noun)}`));
    for (const s of r.skipped) tail.push(`  ${displayPath(s.path)}: ${c.dim(s.reason)}`);
  }
  tail.push('');
  tail.push(summaryLine(r, c));
  yield tail.join('\n') + '\n';
}

export function renderTerminal(r: ReportOut, c: ChalkInstance, opt?: TerminalOptions): string {
  return [...terminalChunks(r, c, opt)].join('');
}

function pairLines(p: ReportPair, name: (id: string) => string, c: ChalkInstance): string[] {
  const colour = p.relation === 'reworded' ? c.magenta : c.red;
  const lines = [`    ${c.cyan(name(p.a))} ${c.dim('<->')} ${c.cyan(name(p.b))}`, `      ${colour(RELATION_LABEL[p.relation])}`];
  const s = p.scores;
  const parts = [`shingle Jaccard ${s.jaccard.toFixed(2)}`, `containment ${pct(s.containment.a)} / ${pct(s.containment.b)}`, `content ${s.content.toFixed(2)}`];
  if (s.aligned) parts.unshift(`aligned ${pct(s.aligned.a)} / ${pct(s.aligned.b)} of content`);
  lines.push(c.dim(`      ${parts.join(' · ')}`));
  if (p.derived) {
    const who = p.derived.id ? `${c.bold(name(p.derived.id))} is likely the machine translation` : 'which copy is derived: undetermined';
    lines.push(`      ${who} ${c.dim(`(${p.derived.reason.replace(/^undetermined: /, '')})`)}`);
  }
  const shown = p.divergences.filter((d) => d.a && d.b).slice(0, 3);
  if (shown.length) {
    // each side cut to DIVERGENCE_COLUMNS: one line per pair even when a divergence is a page long
    const fmt = (d: (typeof shown)[number]) => `${c.red(quote(d.a, DIVERGENCE_COLUMNS))} → ${c.green(quote(d.b, DIVERGENCE_COLUMNS))}${d.count > 1 ? c.dim(` ×${d.count}`) : ''}`;
    lines.push(`      diverges: ${shown.map(fmt).join(', ')}`);
  }
  return lines;
}

/** Columns of each side of a divergence on the terminal. */
export const DIVERGENCE_COLUMNS = 40;

/** A passage quoted in at most `max` terminal columns (a Chinese character takes two), control characters shown, not sent. */
function quote(text: string, max: number): string {
  return `“${truncateWidth(visible(text), max)}”`;
}

export function summaryLine(r: Pick<Report, 'summary'>, c: ChalkInstance): string {
  const s = r.summary;
  const bits = [
    plural(s.documents, 'document'),
    `${plural(s.duplicatePairs, 'duplicate pair')} in ${plural(s.clusters, 'cluster')}`,
    plural(s.pairs.related, 'related pair'),
    plural(s.reuse.clusters, 'reused passage'),
  ];
  if (s.skipped) bits.push(c.yellow(`${s.skipped} skipped`));
  return c.bold('Summary: ') + bits.join(', ') + '.';
}
