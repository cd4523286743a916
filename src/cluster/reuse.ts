/**
 * Reuse clusters: the passages a batch reuses, each reported once with every place it is found,
 * as passim reports text reuse (one record per reused passage, grouped into clusters), not as the
 * list of every pair of the 40 articles that quote one tweet.
 *
 * A cluster is a group of passage keys (passageIndex.ts). A passage found inside another in some
 * document joins it when it adds no more documents than the larger one has, or the larger adds
 * less than a passage to it: a quote (in three articles) and its first words (also in a fourth,
 * which changed the rest) are one cluster, and so are a quote in fourteen articles and the quote
 * with the two words that follow it in three; a common phrase found inside a quote and in fifty
 * other articles is not pulled into it. A passage
 * is reuse only when two of its documents are of different series and are not copies of each
 * other (different units: the duplicate clusters); reuse within one outlet, or between an article
 * and its own reposts, is not, and joins no cluster.
 *
 * Occurrences are word ranges [start, end) of a document; overlapping or touching segments of one
 * document in one cluster are one occurrence. Pure: typed arrays in, typed arrays out.
 */
import { UnionFind } from './unionFind.js';
import type { PassageIndex } from '../candidates/passageIndex.js';

export interface ReuseClusters {
  /** clusters, numbered 0 .. count - 1 */
  count: number;
  /** cluster of each key, or -1 when its passage is not reuse */
  ofKey: Int32Array;
  /** occurrences of cluster c: occStart[c] .. occStart[c + 1] - 1, ordered by document then position */
  occStart: Uint32Array;
  occDoc: Uint32Array;
  occFrom: Uint32Array;
  occTo: Uint32Array;
  /** number of distinct documents of each cluster */
  documents: Uint32Array;
}

/**
 * `unit[d]`: documents with one unit are copies of each other (a duplicate cluster); `series[d]`:
 * documents of one series (an outlet) share furniture, not reuse; -1 for a document of no series.
 */
export function reuseClusters(ix: PassageIndex, unit: ArrayLike<number>, series: ArrayLike<number>, minRun: number): ReuseClusters {
  const { classes } = ix;
  const docs = ix.docSeg.length - 1;
  const end = (s: number) => ix.segStart[s] + ix.segLen[s];
  // a passage is reuse when two of the documents where it was found differ in series and in unit:
  // it is not if all are of one series, or all of one unit (one pair differing in both exists
  // otherwise); passages that are not reuse join no cluster. (A key's documents are those with one
  // of its segments: a document that holds the passage's shingles in another arrangement, a
  // doubled sentence, finds another chain, and is not counted here.)
  const reused = new Uint8Array(ix.keys);
  for (let q = 0; q < ix.keys; q++) {
    let s0 = 0;
    let u0 = -1;
    let mixedSeries = false;
    let mixedUnit = false;
    for (let t = ix.keyStart[q]; t < ix.keyStart[q + 1]; t++) {
      const d = ix.segDoc[ix.keySeg[t]];
      // a document of no series is a series of its own
      const sr = series[d] < 0 ? -2 - d : series[d];
      if (t === ix.keyStart[q]) {
        s0 = sr;
        u0 = unit[d];
      } else {
        mixedSeries ||= sr !== s0;
        mixedUnit ||= unit[d] !== u0;
      }
    }
    reused[q] = mixedSeries && mixedUnit ? 1 : 0;
  }
  const uf = new UnionFind(ix.keys);
  for (let d = 0; d < docs; d++) {
    // segments come by position, the longest first: those inside segment s follow it
    for (let s = ix.docSeg[d]; s < ix.docSeg[d + 1]; s++) {
      if (!reused[ix.segKey[s]]) continue;
      const big = ix.keyClass[ix.segKey[s]];
      for (let t = s + 1; t < ix.docSeg[d + 1] && ix.segStart[t] < end(s); t++) {
        if (end(t) > end(s) || !reused[ix.segKey[t]]) continue;
        // the part adds at most as many documents as the whole has, or the whole adds less than a
        // passage to the part (a quote, and the quote with the next two words of three articles)
        if (classes.size(ix.keyClass[ix.segKey[t]]) <= 2 * classes.size(big) || ix.segLen[s] - ix.segLen[t] < minRun) uf.union(ix.segKey[s], ix.segKey[t]);
      }
    }
  }
  // clusters numbered in order of their first segment (document order): deterministic
  const clusterOfRoot = new Int32Array(ix.keys).fill(-1);
  let count = 0;
  for (let s = 0; s < ix.segKey.length; s++) {
    const q = ix.segKey[s];
    const r = uf.find(q);
    if (reused[q] && clusterOfRoot[r] < 0) clusterOfRoot[r] = count++;
  }
  const ofKey = new Int32Array(ix.keys);
  for (let q = 0; q < ix.keys; q++) ofKey[q] = reused[q] ? clusterOfRoot[uf.find(q)] : -1;

  // occurrences: overlapping or touching segments of one document in one cluster merged
  const each = (emit: (c: number, d: number, from: number, to: number) => void) => {
    const open = new Map<number, { from: number; to: number }>();
    for (let d = 0; d < docs; d++) {
      for (let s = ix.docSeg[d]; s < ix.docSeg[d + 1]; s++) {
        const c = ofKey[ix.segKey[s]];
        if (c < 0) continue;
        const o = open.get(c);
        if (o && ix.segStart[s] <= o.to) o.to = Math.max(o.to, end(s));
        else {
          if (o) emit(c, d, o.from, o.to + ix.k - 1);
          open.set(c, { from: ix.segStart[s], to: end(s) });
        }
      }
      // (each cluster's occurrences still come in order of position)
      for (const [c, o] of open) emit(c, d, o.from, o.to + ix.k - 1);
      open.clear();
    }
  };
  const occStart = new Uint32Array(count + 1);
  each((c) => occStart[c + 1]++);
  for (let c = 0; c < count; c++) occStart[c + 1] += occStart[c];
  const total = occStart[count];
  const occDoc = new Uint32Array(total);
  const occFrom = new Uint32Array(total);
  const occTo = new Uint32Array(total);
  const fill = occStart.slice(0, count);
  const documents = new Uint32Array(count);
  const lastDoc = new Int32Array(count).fill(-1);
  each((c, d, from, to) => {
    const at = fill[c]++;
    occDoc[at] = d;
    occFrom[at] = from;
    occTo[at] = to;
    if (lastDoc[c] !== d) {
      lastDoc[c] = d;
      documents[c]++;
    }
  });
  return { count, ofKey, occStart, occDoc, occFrom, occTo, documents };
}
