/**
 * What an alignment says beyond its coverage: whether the aligned sentences agree in what they say
 * (their plain content: words that are not names, numbers or stop words), how many aligned units
 * carry such content, and how much of the matched content is verbatim. Two reports of one event
 * align on their names, their dates and a shared quote; a rewording of one article aligns sentence
 * after sentence on its verbs and claims too.
 */
import { DEFAULT_ALIGN, type AlignUnit } from './align.js';
import { mergeVec, similarity, type SentVec } from './similarity.js';

export interface AlignmentEvidence {
  /** share of each side's plain content inside aligned units, each unit counted at its plain similarity */
  plainMatched: { a: number; b: number };
  /**
   * aligned units that carry content (>= MIN_UNIT_TERMS content words a side) and agree on their
   * plain content (plain similarity >= SUBSTANTIVE_SIM)
   */
  substantive: number;
  /** share of the matched plain content (both sides) in units of similarity >= VERBATIM */
  verbatim: number;
  /** sentences of each side that carry content (>= MIN_UNIT_TERMS content words) */
  contentSentences: { a: number; b: number };
  /** sentences of each side inside substantive units (a unit merging two sentences counts both) */
  substantiveSentences: { a: number; b: number };
}

/** A unit carries content with at least this many content words (names included, numbers not) a side: not "Close", "NBC News", a date line. */
export const MIN_UNIT_TERMS = 3;
/** The plain similarity of a unit whose sentences say the same thing beyond their names. */
export const SUBSTANTIVE_SIM = 0.4;
/** A unit this similar is (nearly) the same words. */
export const VERBATIM = 0.9;

/** The vector of a unit's 1 or 2 sentences. */
function unitVec(V: SentVec[], ix: number[]): SentVec {
  return ix.length === 1 ? V[ix[0]] : mergeVec(V[ix[0]], V[ix[1]]);
}

/**
 * The evidence of `units` (an alignment of two documents on their full vectors), with P and Q the
 * plain vectors of the same sentences (plainVectors) and C and D their content vectors
 * (contentVectors).
 */
export function alignmentEvidence(units: AlignUnit[], P: SentVec[], Q: SentVec[], C: SentVec[], D: SentVec[], minSim = DEFAULT_ALIGN.minSim): AlignmentEvidence {
  let pa = 0;
  let pb = 0;
  let substantive = 0;
  let matched = 0;
  let verbatim = 0;
  let sa = 0;
  let sb = 0;
  for (const u of units) {
    if (!u.a.length || !u.b.length || u.score < minSim) continue;
    const p = unitVec(P, u.a);
    const q = unitVec(Q, u.b);
    const s = similarity(p, q);
    pa += s * p.mass;
    pb += s * q.mass;
    matched += s * (p.mass + q.mass);
    if (u.score >= VERBATIM) verbatim += s * (p.mass + q.mass);
    if (s >= SUBSTANTIVE_SIM && unitVec(C, u.a).ids.length >= MIN_UNIT_TERMS && unitVec(D, u.b).ids.length >= MIN_UNIT_TERMS) {
      substantive++;
      sa += u.a.length;
      sb += u.b.length;
    }
  }
  const total = (V: SentVec[]) => V.reduce((t, v) => t + v.mass, 0);
  const ta = total(P);
  const tb = total(Q);
  const carrying = (V: SentVec[]) => V.reduce((n, v) => n + (v.ids.length >= MIN_UNIT_TERMS ? 1 : 0), 0);
  return {
    plainMatched: { a: ta ? pa / ta : 0, b: tb ? pb / tb : 0 },
    substantive,
    verbatim: matched ? verbatim / matched : 0,
    contentSentences: { a: carrying(C), b: carrying(D) },
    substantiveSentences: { a: sa, b: sb },
  };
}
