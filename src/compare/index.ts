/**
 * The compare stage: verify one candidate pair exactly and name its relation.
 *
 *   identical       same canonical text (case, typography, spacing folded)
 *   near-duplicate  a verbatim copy with edits: word-shingle Jaccard >= nearDuplicateJaccard, or
 *                   one text (nearly) contained verbatim in the other, or an aligned copy (below)
 *                   of which at least half of one side survives verbatim
 *   reworded        the same article in other words (paraphrase, machine translation): a
 *                   monotonic sentence alignment matches >= rewordedCoverage of both sides'
 *                   content, each aligned sentence counted at its similarity
 *   related         a different article sharing at least one verbatim passage of
 *                   >= minPassageWords words (quotes, wire paragraphs) that is not boilerplate
 *                   (found in more than boilerplateDocs documents of the batch) and holds
 *                   minPassagePlainWords plain words (not only names and stop words)
 *   (unrelated)     anything else; not reported
 *
 * Two texts whose facts differ (facts.ts: other names, other figures, as two stories of one
 * template have) are not copies by their alignment. Verbatim near-duplicates by shingles are not
 * judged so: a review found updates of one story (new casualty figures, in Chinese or with its
 * names in most of the batch) that the figures alone would have split.
 */
import { DUPLICATE_RELATIONS, type Options, type Relation } from '../types.js';
import type { DocProfile } from '../model.js';
import { setScores } from './sets.js';
import { pairPassages, type Passage } from './passages.js';
import { factsDisagree } from './facts.js';
import { contentVectors, pairTerms, plainVectors } from '../align/similarity.js';
import { alignmentEvidence, type AlignmentEvidence } from '../align/evidence.js';
import type { KeptDetails, PairDetails } from '../align/index.js';
import { align, quickCoverage, summarize, type AlignUnit, type AlignmentSummary, type PackedUnits } from '../align/align.js';

export interface PairScores {
  /** word-shingle Jaccard */
  jaccard: number;
  /** share of a's shingles found in b, and of b's in a */
  containment: { a: number; b: number };
  /** Jaccard of the content-word pairs (paraphrase-tolerant) */
  content: number;
  /** share of each side's content inside aligned sentences (when aligned) */
  aligned: { a: number; b: number } | null;
  /** the same, weighted by each unit's similarity */
  matched: { a: number; b: number } | null;
}

/** A pair's sentence alignment, with its summary and evidence. */
export interface Alignment {
  summary: AlignmentSummary;
  units: AlignUnit[];
  evidence: AlignmentEvidence;
}

export interface PairResult {
  a: number;
  b: number;
  relation: Relation;
  duplicate: boolean;
  scores: PairScores;
  passages: Passage[];
  /** the sentence alignment (not computed for identical texts, which align trivially) */
  alignment: (Omit<Alignment, 'units'> & { units: AlignUnit[] | PackedUnits }) | null;
  /**
   * divergences and the derived-copy verdict, for duplicate pairs (filled by the pipeline, which
   * keeps the TOP_DIVERGENCES first and not each unit's)
   */
  details?: PairDetails | KeptDetails;
}

/** What comparing a pair needs of each document: its hash sets and (for alignments) its model. */
export type Comparable = Pick<DocProfile, 'shingles' | 'content' | 'seq' | 'canonicalHash' | 'words' | 'model' | 'terms' | 'sentenceEnds' | 'sentenceChars'> & Partial<Pick<DocProfile, 'lang'>>;

export function alignDocs(x: Comparable, y: Comparable, screen = 0): Alignment | null {
  // from the word streams' term keys: aligning builds no text model
  const terms = pairTerms([x, y]);
  const [A, B] = terms.vectors;
  if (screen > 0) {
    const q = quickCoverage(A, B);
    if (Math.min(q.a, q.b) < screen) return null;
  }
  const units = align(A, B);
  const [P, Q] = plainVectors([x, y], terms);
  const [C, D] = contentVectors(terms);
  return { summary: summarize(units, A, B), units, evidence: alignmentEvidence(units, P, Q, C, D) };
}

/**
 * A reworded copy needs half of both sides aligned, which two texts of very different lengths
 * cannot reach; below this word-count ratio the (costly) alignment is not tried.
 */
export const MIN_REWORDED_LENGTH_RATIO = 0.4;
/**
 * The quick screen (the share of content whose sentences have a counterpart anywhere, found via
 * rare terms) must reach this before a pair is aligned; on WMT23 same-article pairs it is >= 0.51.
 */
export const SCREEN = 0.3;
/**
 * Pairs sharing at least this share of content-word pairs are aligned without the screen: the
 * screen matches single sentences, and a copy whose sentence breaks moved (merged paragraphs,
 * dropped full stops) can fail it while its alignment, which merges sentences, matches. Such pairs
 * are few (different articles on one subject share at most 0.18 in the news bench corpus, and
 * 0.11 on WMT23), so aligning them all costs little.
 */
export const SCREEN_BELOW_CONTENT = 0.2;

/**
 * An aligned copy keeps the article's sentences, not only its names: at least this many aligned
 * units must carry content and agree on it beyond their names (align/evidence.ts). Two caption
 * pages that share a portal line, a date line and one sentence about the same interview align at
 * 0.75-1.0 of their content with 0 or 1 such unit; WMT23 translation pairs (articles of 160 words
 * and more) have 3 or more, 99% of them 5 or more.
 */
export const MIN_SUBSTANTIVE_UNITS = 3;
/**
 * Substantive agreement is also counted in sentences (a unit merging two sentences counts both):
 * three on each side, or two when the shorter text has at most SHORT_TEXT_SENTENCES sentences
 * that carry content (it cannot show three). Short pages edited at 10-15% (the news bench
 * corpus's 5-sentence pages with one or two sentences dropped, whose edits make the alignment
 * merge sentences) were related, not copies, under the rule of three units alone: recall at 15%
 * fell to 0.87 at 50,000 documents. Caption pages stay apart: they agree on 0 or 1 sentence.
 */
export const SHORT_TEXT_SENTENCES = 3;
export const MIN_SUBSTANTIVE_SENTENCES_SHORT = 2;

/** Whether an alignment agrees on enough of its content: three units, or three sentences a side (two in a short text). */
export function substantiveEnough(e: Pick<AlignmentEvidence, 'substantive' | 'contentSentences' | 'substantiveSentences'>): boolean {
  if (e.substantive >= MIN_SUBSTANTIVE_UNITS) return true;
  const short = Math.min(e.contentSentences.a, e.contentSentences.b) <= SHORT_TEXT_SENTENCES;
  return Math.min(e.substantiveSentences.a, e.substantiveSentences.b) >= (short ? MIN_SUBSTANTIVE_SENTENCES_SHORT : MIN_SUBSTANTIVE_UNITS);
}
/**
 * Each side's plain content (words other than names, numbers and stop words) matched inside the
 * aligned units must reach this share: two texts that align on shared names, places and numbers
 * but say different things stay apart. WMT23 same-article pairs: >= 0.34; the Helsinki day's
 * write-throughs of one wire story: >= 0.31; GPL-1 against LGPL-2.1 (shared structure and
 * boilerplate clauses): 0.28.
 */
export const MIN_PLAIN_MATCHED = 0.3;
/**
 * An alignment whose matched plain content is at least this share verbatim (units of similarity
 * >= 0.9) shows reused blocks, not a rewording: the pair is an edited copy when the blocks hold at
 * least half of one side's plain content (a truncated wire story), else two articles sharing
 * sections (an outlet's story and its own explainer, a brief and the live blog it was cut from).
 */
export const VERBATIM_ALIGNMENT = 0.85;

/**
 * The relation of a pair whose alignment matches >= rewordedCoverage of both sides, given the
 * alignment's evidence and the larger shingle containment: null when it is not one article.
 */
export function alignedCopy(e: AlignmentEvidence, containment: number): 'near-duplicate' | 'reworded' | null {
  if (!substantiveEnough(e)) return null;
  if (Math.min(e.plainMatched.a, e.plainMatched.b) < MIN_PLAIN_MATCHED) return null;
  // if half of either side survives verbatim it is an edited copy, not a rewording
  if (containment >= 0.5) return 'near-duplicate';
  if (e.verbatim >= VERBATIM_ALIGNMENT) return Math.max(e.plainMatched.a, e.plainMatched.b) >= 0.5 ? 'near-duplicate' : null;
  return 'reworded';
}

/**
 * Whether an alignment could make the pair a copy at all: every unit holds at least one sentence
 * a side, so a text of one sentence gives one substantive unit and one substantive sentence at
 * most, short of substantiveEnough. (Templated one-sentence briefs, "Report number N says ...",
 * share enough content pairs to be candidates by the thousand; aligning each was 90% of a run.)
 * A pair whose relation is reported anyway (`passages`: diff, check) is still aligned, for its scores.
 */
export function couldAlign(x: Comparable, y: Comparable): boolean {
  return Math.min(x.sentenceEnds.length, y.sentenceEnds.length) >= Math.min(MIN_SUBSTANTIVE_UNITS, MIN_SUBSTANTIVE_SENTENCES_SHORT);
}

function lengthRatio(x: Comparable, y: Comparable): number {
  const a = x.words;
  const b = y.words;
  return Math.max(a, b) === 0 ? 1 : Math.min(a, b) / Math.max(a, b);
}

export interface CompareOptions {
  /**
   * Look for the verbatim passages of a pair that is not a copy (a related pair). Off in a batch
   * run, where the reuse clusters find them for all documents at once (see cluster/reuse.ts).
   */
  passages: boolean;
  /** the batch's template facts (facts.ts, templateFacts): not counted when facts are compared */
  template?: Uint32Array;
  /** told when the facts of the two texts rule the pair out as a copy (facts.ts) */
  onFactsDiffer?: () => void;
}

/** Verify the pair (i, j) of profiles; null when unrelated (or only related, without `passages`). */
export function comparePair(
  i: number,
  j: number,
  x: Comparable,
  y: Comparable,
  o: Options,
  what: CompareOptions = { passages: true },
): PairResult | null {
  const sh = setScores(x.shingles, y.shingles);
  const content = setScores(x.content, y.content).jaccard;
  const scores: PairScores = {
    jaccard: sh.jaccard,
    containment: { a: sh.containmentA, b: sh.containmentB },
    content,
    aligned: null,
    matched: null,
  };
  const base = { a: i, b: j, scores };
  let relation: Relation | null = null;
  let alignment: PairResult['alignment'] = null;
  /** whether the two texts state different facts (computed when an alignment could make them one article) */
  let vetoed: boolean | undefined;
  const smaller = x.shingles.length <= y.shingles.length ? sh.containmentA : sh.containmentB;
  if (x.canonicalHash === y.canonicalHash) relation = 'identical';
  else if (sh.jaccard >= o.nearDuplicateJaccard || smaller >= o.nearDuplicateContainment) relation = 'near-duplicate';
  if (relation === 'identical') scores.aligned = scores.matched = { a: 1, b: 1 };
  else if (relation || (content >= o.alignFloor && lengthRatio(x, y) >= MIN_REWORDED_LENGTH_RATIO && (what.passages || (couldAlign(x, y) && !(vetoed = factsDisagree(x, y, what.template)))))) {
    // a pair that is not yet a duplicate is aligned only if a quick screen says it might be one
    alignment = alignDocs(x, y, relation || content >= SCREEN_BELOW_CONTENT ? 0 : SCREEN);
    const cov = alignment?.summary.massCoverage;
    const matched = alignment?.summary.matched;
    if (cov && matched) {
      scores.aligned = { a: cov.a, b: cov.b };
      scores.matched = { a: matched.a, b: matched.b };
    }
    if (alignment && matched && !relation && Math.min(matched.a, matched.b) >= o.rewordedCoverage) {
      relation = alignedCopy(alignment.evidence, Math.max(sh.containmentA, sh.containmentB));
      // stories of one template align on its words; they name other people and numbers
      if (relation && (vetoed ??= factsDisagree(x, y, what.template))) relation = null;
    }
  }
  if (vetoed) what.onFactsDiffer?.();
  // what a related pair shares; a duplicate shares (nearly) everything, so it is not listed
  // a passage of minPassageWords words is minPassageWords - k + 1 shared shingles at least
  const canShare = what.passages && sh.intersection >= Math.max(1, o.minPassageWords - o.shingleSize + 1);
  const passages = relation || !canShare ? [] : pairPassages(x, y, o);
  if (!relation && passages.length > 0) relation = 'related';
  if (!relation) return null;
  const duplicate = DUPLICATE_RELATIONS.has(relation);
  // only duplicates keep their alignment units (for divergences); others keep the summary
  if (alignment && !duplicate) alignment = { ...alignment, units: [] };
  return { ...base, relation, duplicate, passages, alignment };
}
