/**
 * Related pairs: two documents that share a reused passage (a reuse cluster) and are neither copies
 * of each other (one unit) nor of one series. All of them are counted; by default each document
 * reports only its strongest partners (the most words shared in reused passages), because in news
 * the coverage of one story shares quotes pairwise: 40 articles quoting one tweet are 780 pairs
 * that say less than the one reuse cluster. A passage found in more than `pairMaxDocs` documents
 * (passim's maxDF) is reported as a reuse cluster but makes no pair related on its own.
 */
import type { PassageIndex } from '../candidates/passageIndex.js';
import { PartnerScan } from '../candidates/passageIndex.js';
import { PairCollector, unpack } from '../candidates/keyedPairs.js';
import type { ReuseClusters } from '../cluster/reuse.js';
import { setScores } from './sets.js';
import type { Passage } from './passages.js';
import type { PairResult } from './index.js';

/** How many related pairs to report: the strongest n of each document, all, or none. */
export type RelatedMode = number | 'all' | 'none';

export interface RelatedSelection {
  /** related pairs in the batch */
  count: number;
  /** the pairs to report, a < b, flattened, ascending */
  pairs: Uint32Array;
}

/**
 * The related pairs of a batch: `unit[d]` numbers copies alike (duplicate clusters), `series[d]`
 * the outlet (-1: none).
 */
export function relatedPairs(
  ix: PassageIndex,
  unit: ArrayLike<number>,
  series: ArrayLike<number>,
  mode: RelatedMode,
  pairMaxDocs: number,
  minRun: number,
): RelatedSelection {
  const docs = ix.docSeg.length - 1;
  const scan = new PartnerScan(ix, docs, pairMaxDocs, minRun);
  const chosen = new PairCollector();
  const partner = new Uint32Array(docs);
  const weight = new Float64Array(docs);
  let count = 0;
  for (let d = 0; d < docs; d++) {
    let n = 0;
    scan.scan(d, (e, w) => {
      if (unit[e] === unit[d] || (series[d] >= 0 && series[d] === series[e])) return;
      if (e > d) count++;
      partner[n] = e;
      weight[n++] = w;
    });
    if (mode === 'none') continue;
    if (mode === 'all') {
      for (let t = 0; t < n; t++) if (partner[t] > d) chosen.add(d, partner[t]);
      continue;
    }
    if (n > mode) {
      // the strongest first; ties to the lower document number
      const order = Array.from({ length: n }, (_, t) => t).sort((x, y) => weight[y] - weight[x] || partner[x] - partner[y]);
      for (let t = 0; t < mode; t++) chosen.add(d, partner[order[t]]);
    } else for (let t = 0; t < n; t++) chosen.add(d, partner[t]);
  }
  return { count, pairs: unpack(chosen.sortedUnique()) };
}

/** First segment of document e among the segments of key q (ascending by document), or -1. */
function segmentOf(ix: PassageIndex, q: number, e: number): number {
  let lo = ix.keyStart[q];
  let hi = ix.keyStart[q + 1];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ix.segDoc[ix.keySeg[mid]] < e) lo = mid + 1;
    else hi = mid;
  }
  return lo < ix.keyStart[q + 1] && ix.segDoc[ix.keySeg[lo]] === e ? ix.keySeg[lo] : -1;
}

/**
 * The reused passages two documents share: the segments of a whose passage b has too, overlapping
 * ones (a quote and its first words) and touching ones at the same place in b merged, each with the
 * cluster of its longest part.
 */
export function sharedReuse(ix: PassageIndex, reuse: ReuseClusters, a: number, b: number): Passage[] {
  const out: Array<Passage & { reuse: number; endA: number; longest: number }> = [];
  for (let s = ix.docSeg[a]; s < ix.docSeg[a + 1]; s++) {
    const q = ix.segKey[s];
    const c = reuse.ofKey[q];
    if (c < 0) continue;
    const t = segmentOf(ix, q, b);
    if (t < 0) continue;
    const [sa, sb, len] = [ix.segStart[s], ix.segStart[t], ix.segLen[s]];
    const last = out[out.length - 1];
    if (last && sa <= last.endA && (sa - last.a === sb - last.b || sa + len <= last.endA)) {
      // the same passage of a at the same place of b, grown; or a part of one already listed
      if (sa + len > last.endA) {
        last.words += sa + len - last.endA;
        last.endA = sa + len;
      }
      if (len > last.longest) {
        last.longest = len;
        last.reuse = c;
      }
      continue;
    }
    out.push({ a: sa, b: sb, words: len + ix.k - 1, reuse: c, endA: sa + len, longest: len });
  }
  return out.map(({ a: pa, b: pb, words, reuse: r }) => ({ a: pa, b: pb, words, reuse: r }));
}

/** A related pair: its scores, and the passages it shares. */
export function relatedPair(a: number, b: number, x: { shingles: Uint32Array; content: Uint32Array }, y: { shingles: Uint32Array; content: Uint32Array }, passages: Passage[]): PairResult {
  const sh = setScores(x.shingles, y.shingles);
  return {
    a,
    b,
    relation: 'related',
    duplicate: false,
    scores: { jaccard: sh.jaccard, containment: { a: sh.containmentA, b: sh.containmentB }, content: setScores(x.content, y.content).jaccard, aligned: null, matched: null },
    passages,
    alignment: null,
  };
}
