/**
 * The terminal view of a report: duplicate clusters first (each pair with its relation and
 * scores), then related pairs and what they share, then one summary line. Colour comes from the
 * Chalk instance passed in (the CLI decides: TTY, NO_COLOR, --color / --no-color).
 */
import type { ChalkInstance } from 'chalk';
import type { Report, ReportPair } from './model.js';
import type { Relation } from '../pipeline/options.js';
import { displayPath } from '../read/index.js';
import { truncateWidth } from './width.js';

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
  else if (d.encoding) warn(`note: ${displayPath(d.path)} decoded as ${d.encoding}`);
}
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export interface TerminalOptions {
  /** how many related pairs to list before summarising the rest */
  maxRelated: number;
  verbose: boolean;
}

export function renderTerminal(r: Report, c: ChalkInstance, opt: TerminalOptions = { maxRelated: 20, verbose: false }): string {
  const out: string[] = [];
  // a document from the archive index (dupecheck check) is marked as such, and so is one of the batch already in it
  const mark = (d: Report['documents'][number]) => (d.archived ? ` ${c.dim('[archived]')}` : d.alreadyArchived ? ` ${c.dim('[already archived]')}` : '');
  const pathOf = new Map(r.documents.map((d) => [d.id, `${displayPath(d.path)}${mark(d)}`]));
  const name = (id: string) => pathOf.get(id) ?? id;
  const dupByCluster = r.clusters.map((cl) => {
    const members = new Set(cl.documents);
    return r.pairs.filter((p) => p.duplicate && members.has(p.a) && members.has(p.b));
  });

  if (r.clusters.length) {
    out.push(c.bold(`Duplicates: ${plural(r.clusters.length, 'cluster')}`));
    r.clusters.forEach((cl, i) => {
      out.push('');
      out.push(c.bold(`  cluster ${i + 1}`) + c.dim(` (${plural(cl.documents.length, 'document')})`));
      for (const id of cl.documents) out.push(`    ${c.cyan(name(id))}`);
      for (const p of dupByCluster[i]) out.push(...pairLines(p, name, c));
    });
  } else {
    out.push(c.green('No duplicates found.'));
  }

  const sharedWords = (p: ReportPair) => p.passages.reduce((s, x) => s + x.words, 0);
  // most shared first; ties in report order (which is deterministic)
  const related = r.pairs.filter((p) => p.relation === 'related').sort((x, y) => sharedWords(y) - sharedWords(x));
  if (related.length) {
    out.push('');
    out.push(c.bold(`Related: ${plural(related.length, 'pair')} ${related.length === 1 ? 'shares passages but is not a copy' : 'share passages but are not copies'}`));
    for (const p of related.slice(0, opt.maxRelated)) {
      const words = sharedWords(p);
      out.push(`  ${c.cyan(name(p.a))} ${c.dim('~')} ${c.cyan(name(p.b))}`);
      out.push(c.dim(`    ${plural(p.passages.length, 'shared passage')}, ${words} words; content overlap ${pct(p.scores.content)}`));
      const longest = [...p.passages].sort((x, y) => y.words - x.words)[0];
      if (longest) out.push(`    ${c.yellow(quote(longest.text, 110))}`);
    }
    if (related.length > opt.maxRelated) out.push(c.dim(`  ... and ${related.length - opt.maxRelated} more (use --json for all)`));
  }

  if (r.skipped.length) {
    out.push('');
    out.push(c.bold(`Skipped: ${plural(r.skipped.length, 'file')}`));
    for (const s of r.skipped) out.push(`  ${displayPath(s.path)}: ${c.dim(s.reason)}`);
  }

  out.push('');
  out.push(summaryLine(r, c));
  return out.join('\n') + '\n';
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
    const fmt = (d: (typeof shown)[number]) => `${c.red(`“${d.a}”`)} → ${c.green(`“${d.b}”`)}${d.count > 1 ? c.dim(` ×${d.count}`) : ''}`;
    lines.push(`      diverges: ${shown.map(fmt).join(', ')}`);
  }
  return lines;
}

/** A passage quoted in at most `max` terminal columns (a Chinese character takes two). */
function quote(text: string, max: number): string {
  return `“${truncateWidth(text, max)}”`;
}

export function summaryLine(r: Report, c: ChalkInstance): string {
  const s = r.summary;
  const bits = [
    plural(s.documents, 'document'),
    `${plural(s.duplicatePairs, 'duplicate pair')} in ${plural(s.clusters, 'cluster')}`,
    plural(s.pairs.related, 'related pair'),
  ];
  if (s.skipped) bits.push(c.yellow(`${s.skipped} skipped`));
  return c.bold('Summary: ') + bits.join(', ') + '.';
}
