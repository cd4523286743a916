/**
 * Choose LSH bands x rows for a Jaccard threshold the way datasketch's MinHashLSH does
 * (datasketch/lsh.py, _optimal_param): minimise the weighted sum of the false-positive area
 * (probability of becoming a candidate below the threshold) and the false-negative area
 * (probability of being missed above it), over all b * r <= numPerm.
 */
import type { BandParams, Bands, Options } from '../types.js';

export type { BandParams };

/** Intervals of the composite Simpson rule; datasketch uses scipy.integrate.quad (the chosen b x r agree). */
const STEPS = 64;

/** x^n for a whole n >= 1, by squaring (Math.pow costs ~50 ns a call before it is optimised). */
function ipow(x: number, n: number): number {
  let r = 1;
  let b = x;
  for (let e = n; e > 0; e >>= 1) {
    if (e & 1) r *= b;
    b *= b;
  }
  return r;
}

/**
 * The false-positive area (integral over [0, t] of P(candidate)) and the false-negative area
 * (integral over [t, 1] of P(missed)) of bands x rows, by the Simpson rule on STEPS intervals.
 * Inline arithmetic, no closure per evaluation: this runs for every b x r <= numPerm (about 700
 * at 128 permutations), at the start of every run and of every worker. The areas can differ from
 * Math.pow's in the last bit; the chosen b x r are the same as with Math.pow on 3,870 configurations checked
 * (numPerm 16-1024, thresholds 0.001-0.999, both weightings).
 */
function areas(t: number, bands: number, rows: number): { fp: number; fn: number } {
  let fp = 0;
  let fn = 0;
  const h1 = t / STEPS;
  const h2 = (1 - t) / STEPS;
  for (let i = 0; i <= STEPS; i++) {
    const w = i === 0 || i === STEPS ? 1 : i % 2 ? 4 : 2;
    fp += w * chance(i * h1, rows, bands);
    fn += w * (1 - chance(t + i * h2, rows, bands));
  }
  return { fp: (fp * h1) / 3, fn: (fn * h2) / 3 };
}

/** Probability that two sets of Jaccard s become candidates: 1 - (1 - s^rows)^bands. */
export function candidateProbability(s: number, p: BandParams): number {
  return chance(s, p.rows, p.bands);
}

function chance(s: number, rows: number, bands: number): number {
  return 1 - ipow(1 - ipow(s, rows), bands);
}

export function optimalParams(
  threshold: number,
  numPerm: number,
  weights: { falsePositive: number; falseNegative: number } = { falsePositive: 0.5, falseNegative: 0.5 },
): BandParams {
  let best: BandParams = { bands: 1, rows: numPerm };
  let bestErr = Infinity;
  for (let b = 1; b <= numPerm; b++) {
    const maxR = Math.floor(numPerm / b);
    for (let r = 1; r <= maxR; r++) {
      const { fp, fn } = areas(threshold, b, r);
      const err = fp * weights.falsePositive + fn * weights.falseNegative;
      if (err < bestErr) {
        bestErr = err;
        best = { bands: b, rows: r };
      }
    }
  }
  return best;
}

export const LSH_WEIGHTS = { falsePositive: 0.2, falseNegative: 0.8 };

const bandCache = new Map<string, BandParams>();
/** The bands of both LSH searches for a run's options (cached per threshold and permutations). */
export function bandsFor(o: Options): Bands {
  const get = (t: number) => {
    const key = `${t}/${o.numPerm}`;
    let p = bandCache.get(key);
    // recall-weighted: a false candidate costs one exact check, a missed pair is lost for good
    if (!p) bandCache.set(key, (p = optimalParams(t, o.numPerm, LSH_WEIGHTS)));
    return p;
  };
  return { shingles: get(o.threshold), content: get(o.contentThreshold) };
}
