/**
 * What an alignment says beyond its coverage: whether the aligned sentences agree in what they say
 * (their plain content: words that are not names, numbers or stop words), how many aligned units
 * carry such content, and how much of the aligned content is verbatim. Two reports of one event
 * align on their names, their dates and a shared quote; a rewording of one article aligns sentence
 * after sentence on its verbs and claims too.
 */
import { DEFAULT_ALIGN, type AlignUnit } from './align.js';
import { mergeVec, similarity, type SentVec } from './similarity.js';

export interface AlignmentEvidence {
  /** share of each side's plain content inside aligned units, each unit counted at its plain similarity */
  plainMatched: { a: number; b: number };
  /** aligned units that carry content (>= MIN_UNIT_TERMS content words a side) whose plain content matches (plain similarity >= SUBSTANTIVE_SIM) */
  substantive: number;
  /** sentences of each side with at least MIN_PLAIN_TERMS plain terms */
  plainSentences: { a: number; b: number };
  /** share of the aligned content (mass) in units of similarity >= VERBATIM */
  verbatim: number;
  /** share of the plain matched content in units of similarity >= VERBATIM */
  verbatimPlain: number;
}

/** A sentence carries plain content with at least this many plain terms ("Close", "NBC News", a date line do not). */
export const MIN_PLAIN_TERMS = 3;
/** A unit carries content with at least this many content words (names included, numbers not) a side. */
export const MIN_UNIT_TERMS = 3;
/** The plain similarity of a unit that says the same thing, beyond its names. */
export const SUBSTANTIVE_SIM = 0.4;
/** A unit this similar is (nearly) the same words. */
export const VERBATIM = 0.9;

function terms(V: SentVec[], ix: number[]): number {
  return unitVec(V, ix)!.ids.length;
}

function unitVec(V: SentVec[], ix: number[]): SentVec | null {
  if (ix.length === 0) return null;
  return ix.length === 1 ? V[ix[0]] : mergeVec(V[ix[0]], V[ix[1]]);
}

/**
 * The evidence of `units` (an alignment of A and B), with P and Q the plain vectors of the same
 * sentences (plainVectors).
 */
export function alignmentEvidence(
  units: AlignUnit[],
  A: SentVec[],
  B: SentVec[],
  P: SentVec[],
  Q: SentVec[],
  C: SentVec[],
  D: SentVec[],
  minSim = DEFAULT_ALIGN.minSim,
): AlignmentEvidence {
  let pa = 0;
  let pb = 0;
  let substantive = 0;
  let massAll = 0;
  let massVerbatim = 0;
  let plainAll = 0;
  let plainVerbatim = 0;
  for (const u of units) {
    if (!u.a.length || !u.b.length || u.score < minSim) continue;
    let mass = 0;
    for (const i of u.a) mass += A[i].mass;
    for (const j of u.b) mass += B[j].mass;
    massAll += mass;
    if (u.score >= VERBATIM) massVerbatim += mass;
    const p = unitVec(P, u.a)!;
    const q = unitVec(Q, u.b)!;
    const s = similarity(p, q);
    pa += s * p.mass;
    pb += s * q.mass;
    plainAll += s * (p.mass + q.mass);
    if (u.score >= VERBATIM) plainVerbatim += s * (p.mass + q.mass);
    if (s >= SUBSTANTIVE_SIM && terms(C, u.a) >= MIN_UNIT_TERMS && terms(D, u.b) >= MIN_UNIT_TERMS) substantive++;
  }
  const total = (V: SentVec[]) => V.reduce((s, v) => s + v.mass, 0);
  const ta = total(P);
  const tb = total(Q);
  const count = (V: SentVec[]) => V.filter((v) => v.ids.length >= MIN_PLAIN_TERMS).length;
  return {
    plainMatched: { a: ta ? pa / ta : 0, b: tb ? pb / tb : 0 },
    substantive,
    plainSentences: { a: count(P), b: count(Q) },
    verbatim: massAll ? massVerbatim / massAll : 0,
    verbatimPlain: plainAll ? plainVerbatim / plainAll : 0,
  };
}
