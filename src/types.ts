/**
 * The public types of dupecheck: the options of a run, the relations between two documents, and
 * the JSON report (schema: report/report.schema.json). The stages, the pipeline, the library API
 * (api.ts) and the command line all take them from here; this module imports nothing.
 */

export const RELATIONS = ['identical', 'near-duplicate', 'reworded', 'related'] as const;
export type Relation = (typeof RELATIONS)[number];
/** Relations that make two documents duplicates. */
export const DUPLICATE_RELATIONS: ReadonlySet<Relation> = new Set(['identical', 'near-duplicate', 'reworded']);

export interface Options {
  /** words per shingle */
  shingleSize: number;
  /** MinHash permutations per signature */
  numPerm: number;
  /** seed of the MinHash permutations */
  seed: number;
  /** LSH threshold on word-shingle Jaccard (near-duplicate candidates) */
  threshold: number;
  /** LSH threshold on content-pair Jaccard (reworded candidates) */
  contentThreshold: number;
  /** shortest shared passage reported, in words */
  minPassageWords: number;
  /**
   * plain words (neither stop words, numbers nor names: text/document.ts) a shared passage needs:
   * "the meeting of Russian President Vladimir Putin and U.S. President Donald Trump" has one, and
   * any two reports of the summit share it
   */
  minPassagePlainWords: number;
  /** shingle Jaccard at or above which a pair is a near-duplicate */
  nearDuplicateJaccard: number;
  /** containment (of the smaller in the larger) at or above which a pair is a near-duplicate */
  nearDuplicateContainment: number;
  /** content-pair Jaccard below which no alignment is tried */
  alignFloor: number;
  /** share of both sides' content matched by the alignment (similarity-weighted) for a reworded copy */
  rewordedCoverage: number;
  /** LSH buckets shared by more documents are not expanded (counted in stats) */
  maxBucket: number;
  /**
   * a passage found in more documents than this, or than boilerplateShare of the batch, is
   * boilerplate: it is in no reuse cluster and makes no one related
   */
  boilerplateDocs: number;
  boilerplateShare: number;
  /** a passage found in more documents than this is a reuse cluster but makes no pair related (passim's maxDF) */
  pairMaxDocs: number;
  /** related pairs reported: the strongest n partners of each document, all, or none (all are counted) */
  related: number | 'all' | 'none';
  /** how documents read from files get a series (an outlet): none, or the first folder under the folder given */
  series: 'none' | 'folder';
}

export const DEFAULT_OPTIONS: Options = {
  shingleSize: 5,
  numPerm: 128,
  seed: 1,
  threshold: 0.5,
  contentThreshold: 0.15,
  minPassageWords: 8,
  minPassagePlainWords: 2,
  nearDuplicateJaccard: 0.35,
  nearDuplicateContainment: 0.8,
  alignFloor: 0.08,
  rewordedCoverage: 0.35,
  maxBucket: 200,
  boilerplateDocs: 50,
  boilerplateShare: 0.01,
  pairMaxDocs: 100,
  related: 5,
  series: 'none',
};

export const DEFAULT_SCAN_OPTIONS: ScanOptions = {
  ext: ['txt', 'md'],
  ignore: [],
  encoding: 'utf-8',
  maxSize: '10MB',
  failOn: 'reworded',
  stats: true,
  shingleSize: DEFAULT_OPTIONS.shingleSize,
  numPerm: DEFAULT_OPTIONS.numPerm,
  seed: DEFAULT_OPTIONS.seed,
  threshold: DEFAULT_OPTIONS.threshold,
  contentThreshold: DEFAULT_OPTIONS.contentThreshold,
  minPassage: DEFAULT_OPTIONS.minPassageWords,
  related: DEFAULT_OPTIONS.related,
  series: DEFAULT_OPTIONS.series,
};

/** The --fail-on threshold: the weakest relation that makes the exit code 1, or none. */
export type FailOn = Relation | 'none';

/** How files are decoded: UTF-8 (others are skipped), Windows-1252, or auto (UTF-8, else the legacy encoding detected, with a note). */
export const ENCODINGS = ['utf-8', 'windows-1252', 'auto'] as const;
export type Encoding = (typeof ENCODINGS)[number];

/** The report formats of the main command and of check. */
export const FORMATS = ['text', 'json', 'jsonl', 'github', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

/**
 * The options of a run as the command line, a config file and the library API take them: the
 * long options in camelCase (--fail-on is failOn). Every key has a default (DEFAULT_SCAN_OPTIONS).
 */
export interface ScanOptions {
  /** file extensions read in folders (without dots) */
  ext: string[];
  /** gitignore-style globs skipped in folders, relative to each folder given */
  ignore: string[];
  encoding: Encoding;
  /**
   * files larger than this are skipped with their reason, not read (a 52 MB file took 3.2 GB; an
   * article is a few KB): bytes, or a size such as 10MB, 500KB, 1.5GB (units of 1,000), or none
   */
  maxSize: number | string;
  /** the weakest relation that makes a run fail (exit code 1), or none */
  failOn: FailOn;
  /** timings and counters in the report (`stats`); false makes two runs' JSON comparable */
  stats: boolean;
  shingleSize: number;
  numPerm: number;
  seed: number;
  threshold: number;
  contentThreshold: number;
  /** shortest shared passage, in words, that makes two articles related */
  minPassage: number;
  related: Options['related'];
  series: Options['series'];
}

/** What a config file can set besides the options of a run: the output, and the archive index. */
export interface ConfigOptions extends ScanOptions {
  format: Format;
  color: boolean;
  progress: boolean;
  verbose: boolean;
  /** the archive index file of check and index */
  index: string;
}

/** LSH bands x rows chosen for a threshold. */
export interface BandParams {
  bands: number;
  rows: number;
}

export interface Bands {
  shingles: BandParams;
  content: BandParams;
}

export interface Offsets {
  start: number;
  end: number;
}

export interface ReportPassage {
  a: Offsets;
  b: Offsets;
  words: number;
  /** the reuse cluster of the passage (its `id` in `reuse`), in a batch's report */
  reuse?: number;
  /** the passage as a reads, where it has no reuse cluster (dupecheck check against archived documents, diff) */
  text?: string;
}

/** A passage reused across the batch, once, with every place it is found. */
export interface ReportReuse {
  id: number;
  /** distinct documents that carry it */
  documents: number;
  /** length in words of its longest occurrence, whose text is `text` */
  words: number;
  text: string;
  /** the document with the earliest date among those that carry it (JSONL date), when there are dates */
  source: string | null;
  occurrences: Array<{ document: string; start: number; end: number; words: number }>;
}

/** A list as it is written out: an array, or one whose items are built one at a time. */
export interface Lazy<T> extends Iterable<T> {
  readonly length: number;
  at(i: number): T | undefined;
  /** the items as an array (JSON.stringify of a report lists them) */
  toJSON(): T[];
}

export interface ReportPair {
  a: string;
  b: string;
  relation: Relation;
  duplicate: boolean;
  scores: {
    jaccard: number;
    containment: { a: number; b: number };
    content: number;
    aligned: { a: number; b: number } | null;
    matched: { a: number; b: number } | null;
  };
  alignment: {
    coverage: { a: number; b: number };
    units: Record<string, number>;
    meanScore: number;
  } | null;
  divergences: ReportDivergence[];
  derived: ReportDerived | null;
  passages: ReportPassage[];
}

/** Divergences the main report lists per pair, at most, the most frequent first (`dupecheck diff` lists all). */
export const TOP_DIVERGENCES = 10;

export interface ReportDivergence {
  /** the phrasing in a, and its counterpart in b ('' for a pure insertion or deletion) */
  a: string;
  b: string;
  count: number;
  locations: Array<{ a: Offsets; b: Offsets }>;
}

export interface ReportDerived {
  /** id of the document likely derived (the machine translation), or null when undetermined */
  id: string | null;
  reason: string;
  evidence: Array<{ id: string; kind: ArtefactKind; text: string; start: number; end: number }>;
}

/** The kinds of machine-translation artefact the derived-copy verdict counts (align/derived.ts). */
export type ArtefactKind = 'split' | 'doubled' | 'first-person' | 'spacing' | 'quotes' | 'calque';

/**
 * `dupecheck check`: `archived` on a document that comes from the archive index, not from the
 * batch; `alreadyArchived` on a document of the batch that is itself in the archive (same path,
 * same content), and so was not compared with its archived self.
 */
export interface ArchivedFlag {
  archived?: boolean;
  alreadyArchived?: boolean;
}

/** A document of a report. */
export interface ReportDocument {
  id: string;
  path: string;
  bytes: number;
  words: number;
  sentences: number;
  lang: string;
  encoding?: string;
  archived?: boolean;
  alreadyArchived?: boolean;
}

export interface Report {
  schemaVersion: number;
  tool: { name: string; version: string };
  options: Options & { bands: Bands };
  summary: {
    documents: number;
    skipped: number;
    /** pairs of each relation; related ones are all counted, reported or not */
    pairs: Record<Relation, number>;
    duplicatePairs: number;
    clusters: number;
    /** related pairs listed in `pairs` (see options.related) */
    relatedReported: number;
    /** reuse clusters and their occurrences; passages in more than boilerplateDocs documents are boilerplate */
    reuse: { clusters: number; occurrences: number; boilerplateDocs: number };
  };
  documents: ReportDocument[];
  pairs: ReportPair[];
  clusters: Array<{ documents: string[] }>;
  reuse: ReportReuse[];
  skipped: Array<{ path: string; reason: string }>;
  stats?: Record<string, unknown>;
}

/** The report as it is written: its long lists built one item at a time. */
export type ReportOut = Omit<Report, 'pairs' | 'reuse'> & { pairs: Lazy<ReportPair>; reuse: Lazy<ReportReuse> };
