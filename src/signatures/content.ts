/**
 * The paraphrase-tolerant feature set: unordered pairs of stemmed content words that stand
 * within `window` content words of each other in one sentence (a sentence with a single content
 * word contributes that word). Pairs survive reordering inside a sentence, function-word changes
 * and most of what machine translation does, yet two unrelated texts rarely share them: on WMT23
 * (380 translations of 38 articles) same-article pairs have a median Jaccard of 0.38 on these
 * pairs while the closest different-article pair has 0.11; plain content-word sets overlap up to
 * 0.24 between different articles (docs/how-it-works.md).
 */
import type { WordStream } from '../text/document.js';
import { combine, fmix32, sortedUnique } from './hash.js';

export function contentPairs(stream: WordStream, window = 3): Uint32Array {
  const { sh, sentenceEnds } = stream;
  let out = new Uint32Array(Math.max(16, stream.words * window));
  let n = 0;
  const st = new Uint32Array(Math.max(16, stream.words));
  let from = 0;
  for (let s = 0; s < sentenceEnds.length; s++) {
    const to = sentenceEnds[s];
    let m = 0;
    for (let t = from; t < to; t++) if (sh[t] !== 0) st[m++] = sh[t];
    from = to;
    if (n + m * window + 1 > out.length) {
      const bigger = new Uint32Array(2 * out.length + m * window + 1);
      bigger.set(out);
      out = bigger;
    }
    if (m === 1) out[n++] = st[0];
    for (let i = 0; i < m; i++) {
      for (let j = i + 1; j <= i + window && j < m; j++) {
        const a = st[i] < st[j] ? st[i] : st[j];
        const b = st[i] < st[j] ? st[j] : st[i];
        out[n++] = fmix32(combine(combine(0x1b873593, a), b));
      }
    }
  }
  return sortedUnique(out.subarray(0, n));
}
