/**
 * The internal data model shared by the stages: a document's profile (text and signatures), and
 * what a run produces before it is a report. Types only; the public ones are in types.ts.
 */
import type { Signatures } from './signatures/index.js';
import type { TextModel } from './text/document.js';
import type { Skipped } from './read/index.js';
import type { CandidateStats } from './candidates/index.js';
import type { PairResult } from './compare/index.js';
import type { RelatedMode } from './compare/related.js';
import type { ReuseClusters } from './cluster/reuse.js';

/** What a worker sends back: plain data and typed arrays only. */
export interface CompactProfile extends Signatures {
  path: string;
  bytes: number;
  /** sha256 of the bytes as read, hex */
  contentHash: string;
  /** sha256 of the canonical text (case, typography and spacing folded) */
  canonicalHash: string;
  words: number;
  sentences: number;
  /** the document's language (ISO 639-1, 'und' when undetermined), given or detected */
  lang: string;
  /** set when the file was decoded from something other than UTF-8 */
  encoding?: string;
}

export interface DocProfile extends CompactProfile {
  /** the text model (built on first use; a bounded number are kept) */
  readonly model: TextModel;
  /** the text as read */
  text(): string;
}

export interface Doc extends DocProfile {
  /** stable id: the first 12 hex digits of the sha256 of the bytes (suffixed for byte-identical files) */
  id: string;
  /** the outlet: reuse within one series does not make two documents related */
  series?: string;
  /** publication date as given (JSONL `date`): the earliest occurrence of a reused passage is its likely source */
  date?: string;
}

/** What documents carry besides their text, by path (series, date). */
export type DocMetaOf = (path: string) => { series?: string; date?: string } | undefined;

/** The reuse clusters of a run, over the passage index's documents (one per identical group). */
export interface ReuseResult {
  clusters: ReuseClusters;
  /** the document (index into docs) of each of the passage index's documents */
  docOf: Uint32Array;
}

/** The related pairs of a run: all counted, the reported ones built when asked for. */
export interface RelatedResult {
  count: number;
  mode: RelatedMode;
  /** the reported pairs a < b (document indices), flattened, ascending */
  pairs: Uint32Array;
  /** the result of reported pair t (a run may report millions: they are built as they are written) */
  at(t: number): PairResult;
}

export interface RunResult {
  docs: Doc[];
  /** the duplicate pairs */
  pairs: PairResult[];
  related: RelatedResult;
  reuse: ReuseResult;
  /** groups of document indices (into docs) */
  clusters: number[][];
  skipped: Skipped[];
  stats: RunStats;
}

export interface RunStats {
  timings: Record<string, number>;
  /** resident memory at the end of each stage, MB */
  memoryMb?: Record<string, number>;
  candidates: CandidateStats & {
    total: number;
    verified: number;
    dismissed: number;
    /** pairs not copies because their names differ, as stories of one template's do (compare/facts.ts) */
    factsDiffer: number;
    identicalGroups: number;
    reuseClusters: number;
    reuseOccurrences: number;
  };
}

export type Progress = (stage: string, done: number, total: number) => void;

