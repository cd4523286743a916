/**
 * Shared passages: maximal runs of consecutive word shingles that two texts have in common,
 * found exactly from their shingle sequences (not from samples), longest first, non-overlapping.
 */
const EMPTY: ReadonlySet<number> = new Set();

/** A run containing a boilerplate fingerprint (a passage common to many documents) does not count. */
function isBoilerplate(seq: Uint32Array, start: number, len: number, boilerplate: ReadonlySet<number>): boolean {
  if (boilerplate.size === 0) return false;
  for (let t = start; t < start + len; t++) if (boilerplate.has(seq[t])) return true;
  return false;
}

/** Values present in both sequences. */
function sharedValues(a: Uint32Array, b: Uint32Array): Set<number> {
  const small = a.length <= b.length ? a : b;
  const large = small === a ? b : a;
  const inSmall = new Set<number>();
  for (let i = 0; i < small.length; i++) inSmall.add(small[i]);
  const out = new Set<number>();
  for (let i = 0; i < large.length; i++) if (inSmall.has(large[i])) out.add(large[i]);
  return out;
}

export interface Passage {
  /** first word index in a, in b, and the length in words */
  a: number;
  b: number;
  words: number;
}

export function sharedPassages(
  sa: Uint32Array,
  sb: Uint32Array,
  k: number,
  minWords: number,
  boilerplate: ReadonlySet<number> = EMPTY,
): Passage[] {
  const minRun = Math.max(1, minWords - k + 1);
  // index only the hashes the two texts share (usually a handful): cheaper than all of b
  const shared = sharedValues(sa, sb);
  if (shared.size === 0) return [];
  const where = new Map<number, number[]>();
  for (let j = 0; j < sb.length; j++) {
    if (!shared.has(sb[j])) continue;
    const p = where.get(sb[j]);
    if (p) p.push(j);
    else where.set(sb[j], [j]);
  }
  const runs: Array<{ i: number; j: number; len: number }> = [];
  for (let i = 0; i < sa.length; i++) {
    const js = where.get(sa[i]);
    if (!js) continue;
    for (const j of js) {
      if (i > 0 && j > 0 && sa[i - 1] === sb[j - 1]) continue; // not the start of a run
      let len = 1;
      while (i + len < sa.length && j + len < sb.length && sa[i + len] === sb[j + len]) len++;
      if (len >= minRun) runs.push({ i, j, len });
    }
  }
  runs.sort((x, y) => y.len - x.len || x.i - y.i || x.j - y.j);
  const usedA = new Uint8Array(sa.length + k);
  const usedB = new Uint8Array(sb.length + k);
  const out: Passage[] = [];
  for (const r of runs) {
    let free = true;
    for (let t = r.i; t < r.i + r.len && free; t++) if (usedA[t]) free = false;
    for (let t = r.j; t < r.j + r.len && free; t++) if (usedB[t]) free = false;
    if (!free || isBoilerplate(sa, r.i, r.len, boilerplate)) continue;
    for (let t = r.i; t < r.i + r.len; t++) usedA[t] = 1;
    for (let t = r.j; t < r.j + r.len; t++) usedB[t] = 1;
    out.push({ a: r.i, b: r.j, words: r.len + k - 1 });
  }
  return out.sort((x, y) => x.a - y.a || x.b - y.b);
}
