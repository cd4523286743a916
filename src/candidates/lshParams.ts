/**
 * Choose LSH bands x rows for a Jaccard threshold the way datasketch's MinHashLSH does
 * (datasketch/lsh.py, _optimal_param): minimise the weighted sum of the false-positive area
 * (probability of becoming a candidate below the threshold) and the false-negative area
 * (probability of being missed above it), over all b * r <= numPerm.
 */
export interface BandParams {
  bands: number;
  rows: number;
}

function integrate(f: (x: number) => number, a: number, b: number): number {
  // composite Simpson rule; datasketch uses scipy.integrate.quad (the chosen b x r agree)
  const n = 64;
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let i = 1; i < n; i++) s += f(a + i * h) * (i % 2 ? 4 : 2);
  return (s * h) / 3;
}

/** Probability that two sets of Jaccard s become candidates. */
export function candidateProbability(s: number, p: BandParams): number {
  return 1 - Math.pow(1 - Math.pow(s, p.rows), p.bands);
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
      const p = { bands: b, rows: r };
      const fp = integrate((s) => candidateProbability(s, p), 0, threshold);
      const fn = integrate((s) => 1 - candidateProbability(s, p), threshold, 1);
      const err = fp * weights.falsePositive + fn * weights.falseNegative;
      if (err < bestErr) {
        bestErr = err;
        best = p;
      }
    }
  }
  return best;
}
