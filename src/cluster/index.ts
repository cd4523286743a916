/** The cluster stage: connected components of the duplicate pairs. */
import { UnionFind } from './unionFind.js';

export function clusterPairs(n: number, pairs: ReadonlyArray<readonly [number, number]>): number[][] {
  const uf = new UnionFind(n);
  for (const [a, b] of pairs) uf.union(a, b);
  return uf.groups();
}

export { UnionFind };
