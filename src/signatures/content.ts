/**
 * The paraphrase-tolerant feature set: unordered pairs of stemmed content words that stand
 * within `window` content words of each other in one sentence (a sentence with a single content
 * word contributes that word). Pairs survive reordering inside a sentence, function-word changes
 * and most of what machine translation does, yet two unrelated texts rarely share them: on WMT23
 * (380 translations of 38 articles) same-article pairs have a median Jaccard of 0.38 on these
 * pairs while the closest different-article pair has 0.11; plain content-word sets overlap up to
 * 0.24 between different articles (README, "How it works").
 */
import type { TextModel } from '../text/document.js';
import { combine, fmix32, sortedUnique } from './hash.js';

export function contentPairs(model: TextModel, window = 3): Uint32Array {
  const out: number[] = [];
  const st: number[] = [];
  for (const sent of model.tokens) {
    st.length = 0;
    for (const t of sent) if (t.stem) st.push(t.sh);
    if (st.length === 1) out.push(st[0]);
    for (let i = 0; i < st.length; i++) {
      for (let j = i + 1; j <= i + window && j < st.length; j++) {
        const a = st[i] < st[j] ? st[i] : st[j];
        const b = st[i] < st[j] ? st[j] : st[i];
        out.push(fmix32(combine(combine(0x1b873593, a), b)));
      }
    }
  }
  return sortedUnique(Uint32Array.from(out));
}
