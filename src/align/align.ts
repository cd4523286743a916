/**
 * Monotonic sentence alignment (in the spirit of Gale-Church and bleualign): dynamic programming
 * over units 1-1, 1-2, 2-1, 2-2, 1-0 and 0-1. A matched unit scores (sim - minSim) times the
 * content mass it covers, so that a unit is worth matching only when its similarity clears
 * `minSim`, larger well-matched units beat fragments, and an unmatched sentence (a headline, a
 * caption, boilerplate) costs nothing instead of being forced onto a neighbour. A length prior
 * lowers the similarity of units whose character lengths differ a lot.
 *
 * Cost: documents up to `fullLimit` cells are aligned exactly; larger ones within a band around
 * an anchor path (sentences that match a rare term and each other well), so two 1,000-sentence
 * documents align in tens of milliseconds.
 */
import { mergeVec, overlapMatrix, similarity, termPostings, type SentVec } from './similarity.js';

export interface AlignUnit {
  /** sentence indices of document a (0, 1 or 2, consecutive) */
  a: number[];
  b: number[];
  /** similarity of the unit (0 for unaligned sentences) */
  score: number;
}

/**
 * An alignment's units packed for keeping (a batch keeps every duplicate pair's alignment until
 * its report is written: a pair of two 58-sentence texts held 21.5 KB with its units as objects
 * and every unit's divergences, 5.7 KB packed with the report's divergences): per unit, its score
 * in ten-thousandths (scores are rounded to them) shifted left by 4, the sentences it takes of a
 * in the low two bits and of b in the next two. The units cover both texts' sentences in order,
 * so counts give the indices back.
 */
export type PackedUnits = Uint32Array;

export function packUnits(units: readonly AlignUnit[]): PackedUnits {
  const out = new Uint32Array(units.length);
  for (let k = 0; k < units.length; k++) {
    const u = units[k];
    out[k] = (Math.round(u.score * 1e4) << 4) | (u.b.length << 2) | u.a.length;
  }
  return out;
}

export function unpackUnits(p: PackedUnits): AlignUnit[] {
  const out: AlignUnit[] = new Array(p.length);
  let i = 0;
  let j = 0;
  for (let k = 0; k < p.length; k++) {
    const da = p[k] & 3;
    const db = (p[k] >> 2) & 3;
    out[k] = { a: da === 0 ? [] : da === 1 ? [i] : [i, i + 1], b: db === 0 ? [] : db === 1 ? [j] : [j, j + 1], score: (p[k] >>> 4) / 1e4 };
    i += da;
    j += db;
  }
  return out;
}

/** The units of an alignment, packed or not. */
export function unitsOf(alignment: { units: AlignUnit[] | PackedUnits }): AlignUnit[] {
  return Array.isArray(alignment.units) ? alignment.units : unpackUnits(alignment.units);
}

export interface AlignOptions {
  /** similarity below which a unit is not worth aligning */
  minSim: number;
  /** weight of the length prior (per unit of |ln(chars a / chars b)|) */
  lengthPenalty: number;
  /** extra cost of a merge unit (1-2, 2-1, 2-2), as a share of its mass */
  mergePenalty: number;
  /** documents of up to this many DP cells (sentences a x sentences b) are aligned exactly */
  fullLimit: number;
  /** half-width of the band around the anchor path */
  bandWidth: number;
  /** how far the band widens where the anchor path is skewed (an insertion on one side) */
  maxSkew: number;
  /**
   * Whole-matrix alignments take their 1-1 overlaps from one pass over an inverted index and skip
   * merged units whose similarity bound is below minSim or that a path of 1-1 units dominates, and
   * merged units are compared without building their vectors (false: every unit compared
   * pairwise, merged vectors built, the reference the tests check this against; the alignments are
   * the same).
   */
  overlapMatrix: boolean;
}

export const DEFAULT_ALIGN: AlignOptions = {
  minSim: 0.3,
  lengthPenalty: 0.08,
  mergePenalty: 0.02,
  fullLimit: 40_000,
  bandWidth: 24,
  maxSkew: 120,
  overlapMatrix: true,
};

type Move = 0 | 1 | 2 | 3 | 4 | 5 | 6; // none, 1-1, 1-2, 2-1, 2-2, 1-0, 0-1
const DA = [0, 1, 1, 2, 2, 1, 0];
const DB = [0, 1, 2, 1, 2, 0, 1];

/** The similarity s of a unit lowered by the length prior (0 stays 0). */
function lengthAdjusted(s: number, a: SentVec, b: SentVec, lengthPenalty: number): number {
  if (s === 0) return 0;
  const ca = Math.max(a.chars, 1);
  const cb = Math.max(b.chars, 1);
  return s - lengthPenalty * Math.abs(Math.log(ca / cb));
}

/** Dice cannot exceed 2 min(ma, mb) / (ma + mb): pairs too unequal to reach minSim score 0. */
function tooUnequal(a: SentVec, b: SentVec, minSim: number): boolean {
  return 2 * Math.min(a.mass, b.mass) < minSim * (a.mass + b.mass);
}

function unitSim(a: SentVec, b: SentVec, lengthPenalty: number, minSim: number): number {
  if (tooUnequal(a, b, minSim)) return 0;
  return lengthAdjusted(similarity(a, b), a, b, lengthPenalty);
}

/**
 * unitSim of a unit of one or two sentences a side (x1 null for one sentence: the unit is x2),
 * given each side's mass, without building the merged vectors: the same floating-point value as
 * unitSim(mergeVec(a1, a2), mergeVec(b1, b2)), whose overlap sums the same minima of the same
 * maxima in the same ascending term order. (Building them was a third of aligning two long
 * near-identical texts, in allocation and garbage collection.)
 */
function mergedUnitSim(a1: SentVec | null, a2: SentVec, massA: number, b1: SentVec | null, b2: SentVec, massB: number, lengthPenalty: number, minSim: number): number {
  if (2 * Math.min(massA, massB) < minSim * (massA + massB)) return 0;
  const mask = (a2.mask | (a1 === null ? 0 : a1.mask)) & (b2.mask | (b1 === null ? 0 : b1.mask));
  if (mask === 0) return 0;
  const s = (2 * unionOverlap(a1, a2, b1, b2)) / (massA + massB);
  if (s === 0) return 0;
  const ca = a1 === null ? Math.max(a2.chars, 1) : a1.chars + a2.chars + 1;
  const cb = b1 === null ? Math.max(b2.chars, 1) : b1.chars + b2.chars + 1;
  return s - lengthPenalty * Math.abs(Math.log(ca / cb));
}

/** The mass of mergeVec(x, y) (max weight on shared terms), summed in the same term order. */
function unionMass(x: SentVec, y: SentVec): number {
  const xi = x.ids;
  const yi = y.ids;
  const xw = x.weights;
  const yw = y.weights;
  let i = 0;
  let j = 0;
  let s = 0;
  while (i < xi.length || j < yi.length) {
    if (j >= yi.length || (i < xi.length && xi[i] < yi[j])) s += xw[i++];
    else if (i >= xi.length || yi[j] < xi[i]) s += yw[j++];
    else s += Math.max(xw[i++], yw[j++]);
  }
  return s;
}

const NO_TERM = 0x7fffffff;
const EMPTY_IDS = new Int32Array(0);

/**
 * The overlap of (a1 ∪ a2) and (b1 ∪ b2) (a1, b1 possibly null): the sum, in ascending term
 * order, of min(max weight on a's side, max weight on b's side) over the terms both sides have.
 */
function unionOverlap(a1: SentVec | null, a2: SentVec, b1: SentVec | null, b2: SentVec): number {
  const p1 = a1 === null ? EMPTY_IDS : a1.ids;
  const w1 = a1 === null ? a2.weights : a1.weights;
  const p2 = a2.ids;
  const w2 = a2.weights;
  const q1 = b1 === null ? EMPTY_IDS : b1.ids;
  const v1 = b1 === null ? b2.weights : b1.weights;
  const q2 = b2.ids;
  const v2 = b2.weights;
  let i1 = 0;
  let i2 = 0;
  let j1 = 0;
  let j2 = 0;
  let s = 0;
  for (;;) {
    const x1 = i1 < p1.length ? p1[i1] : NO_TERM;
    const x2 = i2 < p2.length ? p2[i2] : NO_TERM;
    const y1 = j1 < q1.length ? q1[j1] : NO_TERM;
    const y2 = j2 < q2.length ? q2[j2] : NO_TERM;
    const x = x1 < x2 ? x1 : x2;
    const y = y1 < y2 ? y1 : y2;
    if (x === NO_TERM || y === NO_TERM) return s;
    if (x === y) {
      const wa = x1 === x2 ? Math.max(w1[i1++], w2[i2++]) : x1 === x ? w1[i1++] : w2[i2++];
      const wb = y1 === y2 ? Math.max(v1[j1++], v2[j2++]) : y1 === y ? v1[j1++] : v2[j2++];
      s += Math.min(wa, wb);
    } else if (x < y) {
      if (x1 === x) i1++;
      if (x2 === x) i2++;
    } else {
      if (y1 === y) j1++;
      if (y2 === y) j2++;
    }
  }
}

/** Relative slack on the overlap bound of merged units, far above floating-point rounding. */
const BOUND_SLACK = 1 + 1e-9;

/**
 * An upper bound of the similarity of the merged unit (da x db sentences ending at A[i - 1] and
 * B[j - 1]) from the 1-1 overlaps O (row-major, m columns): the summed overlaps over the larger
 * sentence masses, since a merged unit's mass is at least the larger of its two sentences' (shared
 * terms count once). It bounds unitSim too, which subtracts a length penalty >= 0.
 */
function mergedBound(O: Float64Array, m: number, A: SentVec[], B: SentVec[], i: number, j: number, da: number, db: number): number {
  let ov = O[(i - 1) * m + j - 1];
  if (db === 2) ov += O[(i - 1) * m + j - 2];
  if (da === 2) ov += O[(i - 2) * m + j - 1] + (db === 2 ? O[(i - 2) * m + j - 2] : 0);
  const lowA = da === 1 ? A[i - 1].mass : Math.max(A[i - 2].mass, A[i - 1].mass);
  const lowB = db === 1 ? B[j - 1].mass : Math.max(B[j - 2].mass, B[j - 1].mass);
  return lowA + lowB === 0 ? 0 : (2 * ov * BOUND_SLACK) / (lowA + lowB);
}

/**
 * The DP of align over a band (or a whole matrix without the fast path of fillWhole, and the
 * reference of the tests): every unit compared as it is, merged neighbours built once each (in a
 * band, where no bound screens the merges, a merged vector serves every cell of its row or column).
 */
function fillBand(A: SentVec[], B: SentVec[], O: Float64Array | null, lo: Int32Array, hi: Int32Array, rowStart: Float64Array, score: Float64Array, back: Uint8Array, sims: Float32Array, opts: AlignOptions): void {
  const n = A.length;
  const m = B.length;
  // merged neighbours (for 1-2, 2-1, 2-2 units), built when first needed
  const A2: Array<SentVec | undefined> = new Array(Math.max(0, n - 1));
  const B2: Array<SentVec | undefined> = new Array(Math.max(0, m - 1));
  for (let i = 0; i <= n; i++) {
    for (let j = lo[i]; j <= hi[i]; j++) {
      if (i === 0 && j === 0) continue;
      let best = -Infinity;
      let bestMove: Move = 0;
      let bestSim = 0;
      // skips
      if (i > 0 && j >= lo[i - 1] && j <= hi[i - 1]) {
        const c = rowStart[i - 1] + j - lo[i - 1];
        if (score[c] > best) (best = score[c]), (bestMove = 5), (bestSim = 0);
      }
      if (j > lo[i]) {
        const c = rowStart[i] + j - 1 - lo[i];
        if (score[c] > best) (best = score[c]), (bestMove = 6), (bestSim = 0);
      }
      // matches
      for (let mv = 1 as Move; mv <= 4; mv++) {
        const da = DA[mv];
        const db = DB[mv];
        const pi = i - da;
        const pj = j - db;
        if (pi < 0 || pj < lo[pi] || pj > hi[pi]) continue;
        const prev = score[rowStart[pi] + pj - lo[pi]];
        if (prev === -Infinity) continue;
        let sim = -1;
        let mass = 0;
        if (O && mv === 1) {
          // the exact 1-1 similarity: what unitSim computes, from the precomputed overlap
          const va = A[i - 1];
          const vb = B[j - 1];
          mass = va.mass + vb.mass;
          if (mass > 0) sim = tooUnequal(va, vb, opts.minSim) ? 0 : lengthAdjusted((2 * O[(i - 1) * m + j - 1]) / mass, va, vb, opts.lengthPenalty);
        } else if (!O || mergedBound(O, m, A, B, i, j, da, db) >= opts.minSim) {
          const va = da === 1 ? A[i - 1] : (A2[i - 2] ??= mergeVec(A[i - 2], A[i - 1]));
          const vb = db === 1 ? B[j - 1] : (B2[j - 2] ??= mergeVec(B[j - 2], B[j - 1]));
          mass = va.mass + vb.mass;
          if (mass > 0) sim = unitSim(va, vb, opts.lengthPenalty, opts.minSim);
        }
        if (mass === 0 || sim < opts.minSim) continue;
        const merge = mv === 1 ? 0 : opts.mergePenalty;
        const value = prev + (sim - opts.minSim - merge) * mass;
        if (value > best) (best = value), (bestMove = mv), (bestSim = sim);
      }
      const c = rowStart[i] + j - lo[i];
      score[c] = best;
      back[c] = bestMove;
      sims[c] = bestSim;
    }
  }
}

/**
 * The DP of align over a whole matrix with its 1-1 overlaps O (cell (i, j) at i (m + 1) + j), for
 * minSim > 0: fillBand's moves, values and order of comparison, without its band arithmetic, the
 * 1-1 unit's length prior computed only when its similarity before the prior reaches minSim (the
 * prior only lowers it), and merged units skipped when mergedBound or mergeDominated rules them
 * out. Fills score, back and sims.
 */
function fillWhole(A: SentVec[], B: SentVec[], O: Float64Array, score: Float64Array, back: Uint8Array, sims: Float32Array, opts: AlignOptions): void {
  const n = A.length;
  const m = B.length;
  // the value of every 1-1 unit ((sim - minSim) x mass; -Infinity below minSim), row-major like
  // O: what the paths of skips and 1-1 units under a merged unit are worth (mergeDominated)
  const V = new Float64Array(n * m);
  // merged neighbours' masses, computed when first needed (the merged vectors themselves are not
  // built: after the bounds, few merges are compared, and mergedUnitSim walks their sentences)
  const A2 = new Float64Array(Math.max(0, n - 1)).fill(-1);
  const B2 = new Float64Array(Math.max(0, m - 1)).fill(-1);
  const w = m + 1;
  const minSim = opts.minSim;
  const mergePenalty = opts.mergePenalty;
  // the sentences' masses, and the larger of each two neighbours' (mergedBound's lower bounds of a
  // merged unit's mass), in typed arrays: the bounds of three merges a cell read them from objects
  const massA = masses(A);
  const massB = masses(B);
  const lowA2 = neighbourMax(massA);
  const lowB2 = neighbourMax(massB);
  for (let i = 0; i <= n; i++) {
    const va = i > 0 ? A[i - 1] : null;
    for (let j = 0; j <= m; j++) {
      if (i === 0 && j === 0) continue;
      const c = i * w + j;
      let best = -Infinity;
      let bestMove: Move = 0;
      let bestSim = 0;
      // skips
      if (i > 0 && score[c - w] > best) (best = score[c - w]), (bestMove = 5);
      if (j > 0 && score[c - 1] > best) (best = score[c - 1]), (bestMove = 6);
      if (va !== null && j > 0) {
        // 1-1
        const vb = B[j - 1];
        const o = (i - 1) * m + j - 1;
        const o11 = O[o];
        const mass = massA[i - 1] + massB[j - 1];
        V[o] = -Infinity;
        if (mass > 0 && o11 > 0 && (2 * o11) / mass >= minSim && !tooUnequal(va, vb, minSim)) {
          const sim = lengthAdjusted((2 * o11) / mass, va, vb, opts.lengthPenalty);
          if (sim >= minSim) {
            const v = (sim - minSim) * mass;
            V[o] = v;
            const value = score[c - w - 1] + v;
            if (value > best) (best = value), (bestMove = 1), (bestSim = sim);
          }
        }
        // merges: 1-2, 2-1, 2-2, each first against mergedBound's bound (the same sums)
        for (let mv = 2 as Move; mv <= 4; mv++) {
          const da = DA[mv];
          const db = DB[mv];
          if (i < da || j < db) continue;
          let ov = o11;
          if (db === 2) ov += O[o - 1];
          if (da === 2) ov += O[o - m] + (db === 2 ? O[o - m - 1] : 0);
          const low = (da === 1 ? massA[i - 1] : lowA2[i - 2]) + (db === 1 ? massB[j - 1] : lowB2[j - 2]);
          if (low === 0 || (2 * ov * BOUND_SLACK) / low < minSim) continue;
          const a1 = da === 1 ? null : A[i - 2];
          const b1 = db === 1 ? null : B[j - 2];
          const mA = a1 === null ? massA[i - 1] : A2[i - 2] >= 0 ? A2[i - 2] : (A2[i - 2] = unionMass(a1, va));
          const mB = b1 === null ? massB[j - 1] : B2[j - 2] >= 0 ? B2[j - 2] : (B2[j - 2] = unionMass(b1, vb));
          const mass2 = mA + mB;
          if (mass2 === 0 || mergeDominated(O, V, m, i, j, da, db, mA, mB, opts)) continue;
          const sim = mergedUnitSim(a1, va, mA, b1, vb, mB, opts.lengthPenalty, minSim);
          if (sim < minSim) continue;
          const value = score[c - da * w - db] + (sim - minSim - mergePenalty) * mass2;
          if (value > best) (best = value), (bestMove = mv), (bestSim = sim);
        }
      }
      score[c] = best;
      back[c] = bestMove;
      sims[c] = bestSim;
    }
  }
}

function masses(X: SentVec[]): Float64Array {
  const out = new Float64Array(X.length);
  for (let i = 0; i < X.length; i++) out[i] = X[i].mass;
  return out;
}

/** out[i] = max(x[i], x[i + 1]). */
function neighbourMax(x: Float64Array): Float64Array {
  const out = new Float64Array(Math.max(0, x.length - 1));
  for (let i = 0; i < out.length; i++) out[i] = Math.max(x[i], x[i + 1]);
  return out;
}

/** Margin of mergeDominated, per unit of mass: far above the rounding of the DP's sums. */
const DOMINANCE_SLACK = 1e-9;

/**
 * Whether the merged unit (da x db sentences ending at A[i - 1] and B[j - 1], da + db > 2) cannot
 * win its cell: an upper bound of its value, from the 1-1 overlaps O and the exact merged masses, is
 * below what a path of skips and 1-1 units between the same two cells is worth (V: 1-1 values,
 * -Infinity where a unit is below minSim). Every such path ends in a skip or a 1-1 unit, which the
 * cell weighs before its merges, so the cell's best is already at least that much and the merged
 * unit, which must beat it strictly, cannot change the alignment. In two near-identical texts
 * almost every merge along the diagonal is dominated by the identical sentences it would merge.
 */
function mergeDominated(O: Float64Array, V: Float64Array, m: number, i: number, j: number, da: number, db: number, massA: number, massB: number, opts: AlignOptions): boolean {
  const r1 = (i - 1) * m;
  const r2 = (i - 2) * m;
  let ov = O[r1 + j - 1];
  if (db === 2) ov += O[r1 + j - 2];
  if (da === 2) ov += O[r2 + j - 1] + (db === 2 ? O[r2 + j - 2] : 0);
  const mass = massA + massB;
  // the overlap of a merged unit is at most the summed 1-1 overlaps and at most either side's mass
  const top = 2 * Math.min(ov * BOUND_SLACK, massA, massB) - (opts.minSim + opts.mergePenalty) * mass;
  // the paths of skips (worth 0) and 1-1 units from the unit's first cell to its last
  let alt = Math.max(0, V[r1 + j - 1]);
  if (db === 2) alt = Math.max(alt, V[r1 + j - 2]);
  if (da === 2) alt = Math.max(alt, V[r2 + j - 1]);
  if (da === 2 && db === 2) alt = Math.max(alt, V[r2 + j - 2], V[r2 + j - 2] + V[r1 + j - 1]);
  return top + DOMINANCE_SLACK * mass < alt;
}

export function align(A: SentVec[], B: SentVec[], opts: AlignOptions = DEFAULT_ALIGN): AlignUnit[] {
  const n = A.length;
  const m = B.length;
  const [lo, hi] = band(A, B, opts);
  // a whole matrix: the 1-1 overlaps of all sentence pairs in one pass; they give the 1-1
  // similarities exactly and bound those of merged units (min(w, max(w1, w2)) <= min(w, w1) +
  // min(w, w2)), so that a merge whose bound is below minSim is never built or compared (the
  // bound holds for a length penalty >= 0: a negative one would raise unit scores)
  const O = opts.overlapMatrix && opts.lengthPenalty >= 0 && lo[n] === 0 && hi[0] === m ? overlapMatrix(A, B) : null;
  // banded storage: row i holds columns lo[i]..hi[i]
  const rowStart = new Float64Array(n + 2);
  for (let i = 0; i <= n; i++) rowStart[i + 1] = rowStart[i] + (hi[i] - lo[i] + 1);
  const cells = rowStart[n + 1];
  const score = new Float64Array(cells).fill(-Infinity);
  const back = new Uint8Array(cells);
  const sims = new Float32Array(cells);
  const at = (i: number, j: number) => (j >= lo[i] && j <= hi[i] ? rowStart[i] + j - lo[i] : -1);
  score[at(0, 0)] = 0;
  if (O && opts.minSim > 0) fillWhole(A, B, O, score, back, sims, opts);
  else fillBand(A, B, O, lo, hi, rowStart, score, back, sims, opts);
  // trace back
  const units: AlignUnit[] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const mv = back[at(i, j)] as Move;
    if (mv === 0) break; // unreachable cell (cannot happen: skips always connect)
    const da = DA[mv];
    const db = DB[mv];
    const a = da === 0 ? [] : da === 1 ? [i - 1] : [i - 2, i - 1];
    const b = db === 0 ? [] : db === 1 ? [j - 1] : [j - 2, j - 1];
    if (mv >= 5) {
      units.push({ a, b, score: 0 });
    } else {
      units.push({ a, b, score: Math.max(0, Math.min(1, Math.round(sims[at(i, j)] * 1e4) / 1e4)) });
    }
    i -= da;
    j -= db;
  }
  units.reverse();
  return fillGaps(units, A, B, opts);
}

/**
 * Gap filling (as in bleualign): between two aligned units, k unaligned sentences on each side
 * (1 <= k <= 3) of compatible lengths are aligned 1-1 in order. A translation that rewords a
 * short sentence completely ("Period." / "Full stop.", "We must confront it." / "We have to face
 * it.") shares no content word with it, but its position says it all. Gaps at the start or the
 * end (headlines, captions, boilerplate) and uneven gaps are left alone.
 */
function fillGaps(units: AlignUnit[], A: SentVec[], B: SentVec[], opts: AlignOptions): AlignUnit[] {
  const out: AlignUnit[] = [];
  let k = 0;
  while (k < units.length) {
    const u = units[k];
    if (u.a.length && u.b.length) {
      out.push(u);
      k++;
      continue;
    }
    // a run of unaligned units
    let e = k;
    const ga: number[] = [];
    const gb: number[] = [];
    while (e < units.length && !(units[e].a.length && units[e].b.length)) {
      ga.push(...units[e].a);
      gb.push(...units[e].b);
      e++;
    }
    const interior = out.length > 0 && e < units.length;
    const fits =
      interior &&
      ga.length === gb.length &&
      ga.length <= 3 &&
      ga.every((i, t) => {
        const r = Math.max(A[i].chars, 1) / Math.max(B[gb[t]].chars, 1);
        return r >= 0.5 && r <= 2;
      });
    if (fits) {
      ga.forEach((i, t) => out.push({ a: [i], b: [gb[t]], score: Math.max(0, Math.min(1, Math.round(unitSim(A[i], B[gb[t]], opts.lengthPenalty, 0) * 1e4) / 1e4)) }));
    } else {
      for (let t = k; t < e; t++) out.push(units[t]);
    }
    k = e;
  }
  return out;
}

/**
 * Per row i of A, the range [lo, hi] of B positions to fill. Whole matrix when small; otherwise
 * a band around a monotone path through anchors (best 1-1 matches found via rare terms).
 */
function band(A: SentVec[], B: SentVec[], opts: AlignOptions): [Int32Array, Int32Array] {
  const n = A.length;
  const m = B.length;
  const lo = new Int32Array(n + 1);
  const hi = new Int32Array(n + 1).fill(m);
  if ((n + 1) * (m + 1) <= opts.fullLimit) return [lo, hi];
  const anchors = anchorPath(A, B);
  // centre of the band for each i: interpolate j between anchors (including the corners)
  const pts: Array<[number, number]> = [[0, 0], ...anchors, [n, m]];
  let k = 0;
  for (let i = 0; i <= n; i++) {
    while (k + 1 < pts.length && pts[k + 1][0] < i) k++;
    const [i0, j0] = pts[k];
    const [i1, j1] = pts[Math.min(k + 1, pts.length - 1)];
    const c = i1 === i0 ? j0 : j0 + ((i - i0) * (j1 - j0)) / (i1 - i0);
    const w = opts.bandWidth + Math.min(opts.maxSkew, Math.abs(j1 - j0 - (i1 - i0)));
    lo[i] = Math.max(0, Math.floor(c - w));
    hi[i] = Math.min(m, Math.ceil(c + w));
  }
  // keep the band connected and monotone
  for (let i = 1; i <= n; i++) {
    if (lo[i] < lo[i - 1]) lo[i] = lo[i - 1];
    if (lo[i] > hi[i - 1]) lo[i] = hi[i - 1];
  }
  for (let i = n - 1; i >= 0; i--) if (hi[i] > hi[i + 1]) hi[i] = hi[i + 1];
  lo[0] = 0;
  hi[n] = m;
  for (let i = 0; i <= n; i++) if (lo[i] > hi[i]) lo[i] = hi[i];
  return [lo, hi];
}

/**
 * For each sentence of A, its most similar sentence of B among those sharing one of its three
 * rarest terms (order ignored): -1 where none reaches minSim. Linear in practice; the anchors of
 * the band and the quick screen both come from it.
 */
function bestMatches(A: SentVec[], B: SentVec[], minSim: number): Int32Array {
  const { terms, start, post } = termPostings(B);
  const best = new Int32Array(A.length).fill(-1);
  const seen = new Int32Array(B.length);
  // the three rarest terms of a sentence found in B in at most 8 sentences: (count, id) ascending
  const pickN = new Int32Array(3);
  const pickId = new Int32Array(3);
  for (let i = 0; i < A.length; i++) {
    const v = A[i];
    let picked = 0;
    for (let k = 0; k < v.ids.length; k++) {
      const id = v.ids[k];
      if (id >= terms) break;
      const n = start[id + 1] - start[id];
      if (n === 0 || n > 8) continue;
      // insert (n, id) into the sorted picks, keeping the smallest three
      let at = picked;
      while (at > 0 && (pickN[at - 1] > n || (pickN[at - 1] === n && pickId[at - 1] > id))) at--;
      if (at >= 3) continue;
      for (let q = Math.min(picked, 2); q > at; q--) {
        pickN[q] = pickN[q - 1];
        pickId[q] = pickId[q - 1];
      }
      pickN[at] = n;
      pickId[at] = id;
      if (picked < 3) picked++;
    }
    let bestSim = minSim;
    const stamp = i + 1;
    for (let p = 0; p < picked; p++) {
      const id = pickId[p];
      for (let e = start[id]; e < start[id + 1]; e++) {
        const j = post[e];
        if (seen[j] === stamp) continue;
        seen[j] = stamp;
        const sim = similarity(v, B[j]);
        if (sim >= bestSim) {
          bestSim = sim;
          best[i] = j;
        }
      }
    }
  }
  return best;
}

/** Confident 1-1 matches, reduced to their longest increasing chain. */
function anchorPath(A: SentVec[], B: SentVec[]): Array<[number, number]> {
  const cand: Array<[number, number]> = [];
  bestMatches(A, B, 0.5).forEach((j, i) => {
    if (j >= 0) cand.push([i + 1, j + 1]);
  });
  return longestIncreasing(cand);
}

/**
 * A cheap upper estimate of how much of each side an alignment could cover: the content share of
 * sentences that have a counterpart of similarity >= minSim anywhere in the other text. A pair
 * whose estimate is far below the reworded threshold is not aligned at all.
 */
export function quickCoverage(A: SentVec[], B: SentVec[], minSim = DEFAULT_ALIGN.minSim): { a: number; b: number } {
  const share = (X: SentVec[], Y: SentVec[]) => {
    let total = 0;
    let hit = 0;
    bestMatches(X, Y, minSim).forEach((j, i) => {
      total += X[i].mass;
      if (j >= 0) hit += X[i].mass;
    });
    return total ? hit / total : 0;
  };
  return { a: share(A, B), b: share(B, A) };
}

function longestIncreasing(pts: Array<[number, number]>): Array<[number, number]> {
  // pts are in increasing i; find the longest chain with strictly increasing j
  const tails: number[] = [];
  const tailIdx: number[] = [];
  const prev = new Int32Array(pts.length).fill(-1);
  pts.forEach(([, j], idx) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tails[mid] < j) lo = mid + 1;
      else hi = mid;
    }
    tails[lo] = j;
    tailIdx[lo] = idx;
    prev[idx] = lo > 0 ? tailIdx[lo - 1] : -1;
  });
  const out: Array<[number, number]> = [];
  for (let k = tails.length ? tailIdx[tails.length - 1] : -1; k >= 0; k = prev[k]) out.push(pts[k]);
  return out.reverse();
}

/** Coverage summary of an alignment. */
export interface AlignmentSummary {
  /** share of each side's sentences inside an aligned unit */
  coverage: { a: number; b: number };
  /**
   * share of each side's content inside units of similarity >= minSim (units placed by gap
   * filling are shown, but do not count)
   */
  massCoverage: { a: number; b: number };
  /** the same, each unit's content counted at its similarity: how much of the content is matched */
  matched: { a: number; b: number };
  units: { '1-1': number; '1-2': number; '2-1': number; '2-2': number; '1-0': number; '0-1': number };
  /** mean similarity of aligned units, weighted by mass */
  meanScore: number;
}

export function summarize(units: AlignUnit[], A: SentVec[], B: SentVec[], minSim = DEFAULT_ALIGN.minSim): AlignmentSummary {
  const counts = { '1-1': 0, '1-2': 0, '2-1': 0, '2-2': 0, '1-0': 0, '0-1': 0 };
  let alA = 0;
  let alB = 0;
  let mA = 0;
  let mB = 0;
  let sA = 0;
  let sB = 0;
  let wsum = 0;
  let w = 0;
  for (const u of units) {
    const key = `${u.a.length}-${u.b.length}` as keyof typeof counts;
    counts[key]++;
    if (u.a.length && u.b.length) {
      alA += u.a.length;
      alB += u.b.length;
      if (u.score < minSim) continue;
      let mass = 0;
      for (const i of u.a) (mA += A[i].mass), (sA += u.score * A[i].mass), (mass += A[i].mass);
      for (const j of u.b) (mB += B[j].mass), (sB += u.score * B[j].mass), (mass += B[j].mass);
      wsum += u.score * mass;
      w += mass;
    }
  }
  const totA = A.reduce((s, v) => s + v.mass, 0);
  const totB = B.reduce((s, v) => s + v.mass, 0);
  return {
    coverage: { a: A.length ? alA / A.length : 0, b: B.length ? alB / B.length : 0 },
    massCoverage: { a: totA ? mA / totA : 0, b: totB ? mB / totB : 0 },
    matched: { a: totA ? sA / totA : 0, b: totB ? sB / totB : 0 },
    units: counts,
    meanScore: w ? wsum / w : 0,
  };
}
