/** Exact set measures on sorted unique Uint32Arrays (linear merges, no Sets of strings). */

/**
 * |A ∩ B| by a merge without branches on the values (hash sets interleave at random, so a
 * branching merge mispredicts about every other step: 7.4 against 4.7 us for two 900-element sets).
 */
export function intersectionSize(a: Uint32Array, b: Uint32Array): number {
  let i = 0;
  let j = 0;
  let n = 0;
  const na = a.length;
  const nb = b.length;
  while (i < na && j < nb) {
    const x = a[i];
    const y = b[j];
    n += +(x === y);
    i += +(x <= y);
    j += +(y <= x);
  }
  return n;
}

export interface SetScores {
  /** |A ∩ B| */
  intersection: number;
  jaccard: number;
  /** |A ∩ B| / |A|: how much of a is found in b */
  containmentA: number;
  /** |A ∩ B| / |B| */
  containmentB: number;
}

export function setScores(a: Uint32Array, b: Uint32Array): SetScores {
  const inter = intersectionSize(a, b);
  const union = a.length + b.length - inter;
  return {
    intersection: inter,
    jaccard: union === 0 ? 0 : inter / union,
    containmentA: a.length === 0 ? 0 : inter / a.length,
    containmentB: b.length === 0 ? 0 : inter / b.length,
  };
}
