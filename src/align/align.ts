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
import { mergeVec, similarity, type SentVec } from './similarity.js';

export interface AlignUnit {
  /** sentence indices of document a (0, 1 or 2, consecutive) */
  a: number[];
  b: number[];
  /** similarity of the unit (0 for unaligned sentences) */
  score: number;
}

export interface AlignOptions {
  /** similarity below which a unit is not worth aligning */
  minSim: number;
  /** weight of the length prior (per unit of |ln(chars a / chars b)|) */
  lengthPenalty: number;
  /** extra cost of a merge unit (1-2, 2-1, 2-2), as a share of its mass */
  mergePenalty: number;
  fullLimit: number;
  bandWidth: number;
}

export const DEFAULT_ALIGN: AlignOptions = {
  minSim: 0.3,
  lengthPenalty: 0.08,
  mergePenalty: 0.05,
  fullLimit: 250_000,
  bandWidth: 24,
};

type Move = 0 | 1 | 2 | 3 | 4 | 5 | 6; // none, 1-1, 1-2, 2-1, 2-2, 1-0, 0-1
const DA = [0, 1, 1, 2, 2, 1, 0];
const DB = [0, 1, 2, 1, 2, 0, 1];

function unitSim(a: SentVec, b: SentVec, lengthPenalty: number): number {
  const s = similarity(a, b);
  if (s === 0) return 0;
  const ca = Math.max(a.chars, 1);
  const cb = Math.max(b.chars, 1);
  return s - lengthPenalty * Math.abs(Math.log(ca / cb));
}

export function align(A: SentVec[], B: SentVec[], opts: AlignOptions = DEFAULT_ALIGN): AlignUnit[] {
  const n = A.length;
  const m = B.length;
  const A2 = pairsMerged(A);
  const B2 = pairsMerged(B);
  const [lo, hi] = band(A, B, opts);
  const W = m + 1;
  const score = new Float64Array((n + 1) * W).fill(-Infinity);
  const back = new Uint8Array((n + 1) * W);
  const sims = new Float64Array((n + 1) * W);
  score[0] = 0;
  const inBand = (i: number, j: number) => i >= 0 && j >= 0 && j >= lo[i] && j <= hi[i];
  for (let i = 0; i <= n; i++) {
    for (let j = lo[i]; j <= hi[i]; j++) {
      if (i === 0 && j === 0) continue;
      let best = -Infinity;
      let bestMove: Move = 0;
      let bestSim = 0;
      const consider = (mv: Move, value: number, sim: number) => {
        if (value > best) {
          best = value;
          bestMove = mv;
          bestSim = sim;
        }
      };
      // skips
      if (i > 0 && inBand(i - 1, j)) consider(5, score[(i - 1) * W + j], 0);
      if (j > 0 && inBand(i, j - 1)) consider(6, score[i * W + j - 1], 0);
      // matches
      for (let mv = 1 as Move; mv <= 4; mv++) {
        const pi = i - DA[mv];
        const pj = j - DB[mv];
        if (pi < 0 || pj < 0 || !inBand(pi, pj)) continue;
        const prev = score[pi * W + pj];
        if (prev === -Infinity) continue;
        const va = DA[mv] === 1 ? A[i - 1] : A2[i - 2];
        const vb = DB[mv] === 1 ? B[j - 1] : B2[j - 2];
        const mass = va.mass + vb.mass;
        if (mass === 0) continue;
        const s = unitSim(va, vb, opts.lengthPenalty);
        if (s < opts.minSim) continue;
        const merge = mv === 1 ? 0 : opts.mergePenalty;
        consider(mv, prev + (s - opts.minSim - merge) * mass, s);
      }
      score[i * W + j] = best;
      back[i * W + j] = bestMove;
      sims[i * W + j] = bestSim;
    }
  }
  // trace back
  const units: AlignUnit[] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const mv = back[i * W + j] as Move;
    if (mv === 0) break; // unreachable cell (cannot happen: skips always connect)
    const da = DA[mv];
    const db = DB[mv];
    const a = da === 0 ? [] : da === 1 ? [i - 1] : [i - 2, i - 1];
    const b = db === 0 ? [] : db === 1 ? [j - 1] : [j - 2, j - 1];
    if (mv >= 5) {
      units.push({ a, b, score: 0 });
    } else {
      units.push({ a, b, score: Math.max(0, Math.min(1, sims[i * W + j])) });
    }
    i -= da;
    j -= db;
  }
  units.reverse();
  return units;
}

function pairsMerged(V: SentVec[]): SentVec[] {
  const out: SentVec[] = [];
  for (let i = 0; i + 1 < V.length; i++) out.push(mergeVec(V[i], V[i + 1]));
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
    const w = opts.bandWidth + Math.abs(j1 - j0 - (i1 - i0));
    lo[i] = Math.max(0, Math.floor(c - w));
    hi[i] = Math.min(m, Math.ceil(c + w));
  }
  // keep the band connected and monotone
  for (let i = 1; i <= n; i++) {
    if (lo[i] < lo[i - 1]) lo[i] = lo[i - 1];
    if (lo[i] > hi[i - 1] + 2) lo[i] = hi[i - 1];
  }
  for (let i = n - 1; i >= 0; i--) if (hi[i] > hi[i + 1]) hi[i] = hi[i + 1];
  lo[0] = 0;
  hi[n] = m;
  for (let i = 0; i <= n; i++) if (lo[i] > hi[i]) lo[i] = hi[i];
  return [lo, hi];
}

/** Confident 1-1 matches, reduced to their longest increasing chain. */
function anchorPath(A: SentVec[], B: SentVec[]): Array<[number, number]> {
  const postings = new Map<number, number[]>();
  B.forEach((v, j) => {
    for (const id of v.ids) {
      let p = postings.get(id);
      if (!p) postings.set(id, (p = []));
      p.push(j);
    }
  });
  const cand: Array<[number, number]> = [];
  A.forEach((v, i) => {
    // the three rarest terms of the sentence in B
    const terms = [...v.ids]
      .map((id) => ({ id, n: postings.get(id)?.length ?? 0 }))
      .filter((t) => t.n > 0 && t.n <= 8)
      .sort((x, y) => x.n - y.n || x.id - y.id)
      .slice(0, 3);
    let best = -1;
    let bestSim = 0.5;
    const seen = new Set<number>();
    for (const t of terms) {
      for (const j of postings.get(t.id) ?? []) {
        if (seen.has(j)) continue;
        seen.add(j);
        const s = similarity(v, B[j]);
        if (s > bestSim) {
          bestSim = s;
          best = j;
        }
      }
    }
    if (best >= 0) cand.push([i + 1, best + 1]);
  });
  return longestIncreasing(cand);
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
  /** share of each side's content mass inside an aligned unit */
  massCoverage: { a: number; b: number };
  units: { '1-1': number; '1-2': number; '2-1': number; '2-2': number; '1-0': number; '0-1': number };
  /** mean similarity of aligned units, weighted by mass */
  meanScore: number;
}

export function summarize(units: AlignUnit[], A: SentVec[], B: SentVec[]): AlignmentSummary {
  const counts = { '1-1': 0, '1-2': 0, '2-1': 0, '2-2': 0, '1-0': 0, '0-1': 0 };
  let alA = 0;
  let alB = 0;
  let mA = 0;
  let mB = 0;
  let wsum = 0;
  let w = 0;
  for (const u of units) {
    const key = `${u.a.length}-${u.b.length}` as keyof typeof counts;
    counts[key]++;
    if (u.a.length && u.b.length) {
      alA += u.a.length;
      alB += u.b.length;
      let mass = 0;
      for (const i of u.a) (mA += A[i].mass), (mass += A[i].mass);
      for (const j of u.b) (mB += B[j].mass), (mass += B[j].mass);
      wsum += u.score * mass;
      w += mass;
    }
  }
  const totA = A.reduce((s, v) => s + v.mass, 0);
  const totB = B.reduce((s, v) => s + v.mass, 0);
  return {
    coverage: { a: A.length ? alA / A.length : 0, b: B.length ? alB / B.length : 0 },
    massCoverage: { a: totA ? mA / totA : 0, b: totB ? mB / totB : 0 },
    units: counts,
    meanScore: w ? wsum / w : 0,
  };
}
