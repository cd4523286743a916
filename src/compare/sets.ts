/** Exact set measures on sorted unique Uint32Arrays (linear merges, no Sets of strings). */

export function intersectionSize(a: Uint32Array, b: Uint32Array): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i];
    const y = b[j];
    if (x === y) {
      n++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
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
