/**
 * The header of `dupecheck diff`'s terminal view: the shares aligned, which copy is likely derived
 * (with its artefacts), and the most frequent divergent phrasings.
 */
import type { ChalkInstance } from 'chalk';
import type { AlignUnit, AlignmentSummary } from '../align/align.js';
import type { PairDetails } from '../align/index.js';
import { displayPath } from '../read/index.js';
import { truncateWidth, visible } from './width.js';
import { DIVERGENCE_COLUMNS } from './terminal.js';
import type { Relation, ReportDerived, ReportPair } from '../types.js';
import type { DiffSide } from './diffView.js';

/** What the diff views are made from. */
export interface DiffView {
  a: DiffSide;
  b: DiffSide;
  relation: Relation | 'unrelated';
  scores: ReportPair['scores'] | null;
  derived: ReportDerived;
  aligned: { summary: AlignmentSummary; units: AlignUnit[] };
  details: PairDetails;
}

export function diffHeader(v: DiffView, c: ChalkInstance): string[] {
  const sum = v.aligned.summary;
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const header: string[] = [
    c.dim(
      `aligned ${pct(sum.massCoverage.a)} / ${pct(sum.massCoverage.b)} of content · units ${Object.entries(sum.units)
        .filter(([, n]) => n > 0)
        .map(([k, n]) => `${n}×${k}`)
        .join(' ')}` + (v.scores ? ` · shingle Jaccard ${v.scores.jaccard.toFixed(2)} · content ${v.scores.content.toFixed(2)}` : ''),
    ),
  ];
  const d = v.derived;
  // which of two copies is the translation means something for copies only
  if (v.relation === 'identical' || v.relation === 'related' || v.relation === 'unrelated') return [...header, ...topDivergences(v, c), ''];
  const who = d.id ? `${d.id === v.a.id ? 'a' : 'b'} (${displayPath(d.id === v.a.id ? v.a.path : v.b.path)}) is likely the machine translation` : 'undetermined';
  header.push(`derived: ${c.bold(who)} ${c.dim(`(${d.reason.replace(/^undetermined: /, '')})`)}`);
  for (const e of d.evidence.filter((e) => !d.id || e.id === d.id).slice(0, 8)) header.push(c.dim(`  ${e.kind.padEnd(12)} ${visible(e.text)}`));
  header.push(...topDivergences(v, c));
  header.push('');
  return header;
}

function topDivergences(v: DiffView, c: ChalkInstance): string[] {
  const top = v.details.divergences.filter((x) => x.a && x.b).slice(0, 10);
  if (!top.length) return [];
  // each side cut as the report cuts it: one line per divergence, even a page-long one
  const side = (t: string) => truncateWidth(visible(t), DIVERGENCE_COLUMNS);
  return ['top divergences (a → b):', ...top.map((x) => `  ${String(x.count).padStart(2)}×  ${c.red(side(x.a))}  →  ${c.green(side(x.b))}`)];
}
