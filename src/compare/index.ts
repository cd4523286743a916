/**
 * The compare stage: verify one candidate pair exactly and name its relation.
 *
 *   identical       same canonical text (case, typography, spacing folded)
 *   near-duplicate  a verbatim copy with edits: word-shingle Jaccard >= nearDuplicateJaccard, or
 *                   one text (nearly) contained verbatim in the other
 *   reworded        the same article in other words (paraphrase, machine translation): a
 *                   monotonic sentence alignment covers >= rewordedCoverage of both sides'
 *                   content
 *   related         a different article sharing at least one verbatim passage of
 *                   >= minPassageWords words (quotes, wire paragraphs)
 *   (unrelated)     anything else; not reported
 */
import type { Options, Relation } from '../pipeline/options.js';
import { DUPLICATE_RELATIONS } from '../pipeline/options.js';
import type { DocProfile } from '../pipeline/profile.js';
import { setScores } from './sets.js';
import { sharedPassages, type Passage } from './passages.js';
import { sentenceVectors, type SentVec } from '../align/similarity.js';
import { align, summarize, type AlignUnit, type AlignmentSummary } from '../align/align.js';

export interface PairScores {
  /** word-shingle Jaccard */
  jaccard: number;
  /** share of a's shingles found in b, and of b's in a */
  containment: { a: number; b: number };
  /** Jaccard of the content-word pairs (paraphrase-tolerant) */
  content: number;
  /** share of each side's content inside aligned sentences (when aligned) */
  aligned: { a: number; b: number } | null;
}

export interface PairResult {
  a: number;
  b: number;
  relation: Relation;
  duplicate: boolean;
  scores: PairScores;
  passages: Passage[];
  alignment: { summary: AlignmentSummary; units: AlignUnit[]; vectors: [SentVec[], SentVec[]] } | null;
}

export function alignDocs(x: DocProfile, y: DocProfile): NonNullable<PairResult['alignment']> {
  const chars = (d: DocProfile) => d.model.sentences.map((s) => s.end - s.start);
  const [A, B] = sentenceVectors([
    { tokens: x.model.tokens, chars: chars(x) },
    { tokens: y.model.tokens, chars: chars(y) },
  ]);
  const units = align(A, B);
  return { summary: summarize(units, A, B), units, vectors: [A, B] };
}

/** Verify the pair (i, j) of profiles; null when unrelated. */
export function comparePair(i: number, j: number, x: DocProfile, y: DocProfile, o: Options): PairResult | null {
  const sh = setScores(x.shingles, y.shingles);
  const content = setScores(x.content, y.content).jaccard;
  const scores: PairScores = {
    jaccard: sh.jaccard,
    containment: { a: sh.containmentA, b: sh.containmentB },
    content,
    aligned: null,
  };
  const base = { a: i, b: j, scores };
  let relation: Relation | null = null;
  let alignment: PairResult['alignment'] = null;
  const smaller = x.shingles.length <= y.shingles.length ? sh.containmentA : sh.containmentB;
  if (x.canonicalHash === y.canonicalHash) relation = 'identical';
  else if (sh.jaccard >= o.nearDuplicateJaccard || smaller >= o.nearDuplicateContainment) relation = 'near-duplicate';
  if (relation || content >= o.alignFloor) {
    alignment = alignDocs(x, y);
    const cov = alignment.summary.massCoverage;
    scores.aligned = { a: cov.a, b: cov.b };
    if (!relation && Math.min(cov.a, cov.b) >= o.rewordedCoverage) relation = 'reworded';
  }
  // what a related pair shares; a duplicate shares (nearly) everything, so it is not listed
  const passages = relation ? [] : sharedPassages(x.seq, y.seq, o.shingleSize, o.minPassageWords);
  if (!relation && passages.length > 0) relation = 'related';
  if (!relation) return null;
  return { ...base, relation, duplicate: DUPLICATE_RELATIONS.has(relation), passages, alignment };
}
