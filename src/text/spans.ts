/**
 * Where each word of a document is (UTF-16 offsets into the original text), in 4 bytes a word
 * instead of 8: a run holds these for every document until its report is written (where a passage
 * of words becomes a span of characters), and at 200,000 news documents the 8-byte start/end
 * pairs were 530 MB of it.
 *
 * Compact form, for n >= 2 words whose gaps (from the end of the word before) and lengths are all
 * below 2^16: n values gap * 2^16 + length, then the start of every 64th word (ceil(n / 64)
 * values), so that a word is found in at most 64 steps. Otherwise (a word or a gap of 65,536
 * characters or more, or fewer than 2 words) the plain form: start and end of each word, 2n
 * values. The two lengths differ for every n >= 2, so the length tells the form.
 */

const STEP = 64;
const LIMIT = 0x10000;

/** The spans of words given as interleaved start and end offsets (start0, end0, start1, end1, ...). */
export function encodeSpans(offsets: Uint32Array): Uint32Array {
  const n = offsets.length / 2;
  if (n < 2) return offsets.slice();
  const out = new Uint32Array(n + Math.ceil(n / STEP));
  let end = 0;
  for (let i = 0; i < n; i++) {
    const start = offsets[2 * i];
    const gap = start - end;
    const len = offsets[2 * i + 1] - start;
    if (gap < 0 || gap >= LIMIT || len >= LIMIT) return offsets.slice();
    out[i] = gap * LIMIT + len;
    if (i % STEP === 0) out[n + i / STEP] = start;
    end = start + len;
  }
  return out;
}

/**
 * The characters of words first..last (inclusive) of a document of `words` words: the start of
 * the first and the end of the last (clipped to the last word).
 */
export function spanOf(spans: Uint32Array, words: number, first: number, last: number): { start: number; end: number } {
  const l = Math.min(last, words - 1);
  if (spans.length === 2 * words) return { start: spans[2 * first], end: spans[2 * l + 1] };
  return { start: wordAt(spans, words, first), end: wordAt(spans, words, l) + (spans[l] % LIMIT) };
}

/** The start of word i in the compact form: from the checkpoint of its block of 64, word by word. */
function wordAt(spans: Uint32Array, words: number, i: number): number {
  let k = i - (i % STEP);
  let start = spans[words + k / STEP];
  while (k < i) {
    // the end of word k, then the gap before word k + 1
    start += (spans[k] % LIMIT) + Math.floor(spans[k + 1] / LIMIT);
    k++;
  }
  return start;
}
