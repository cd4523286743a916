/**
 * The peer: the same job done with the npm `minhash` package (0.0.9), as a user of that package
 * would write it: word 5-shingles, 128 permutations, banding over its `hashvalues` (its own
 * LshIndex.query throws a TypeError for a document with no bucket), candidates verified with its
 * estimated Jaccard. Prints { ms, pairs } as JSON. Usage: node peer.js <dir> [threshold]
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { optimalParams } from '../src/candidates/lshParams.js';

const require = createRequire(import.meta.url);
const { Minhash } = require('minhash') as {
  Minhash: new (o?: { numPerm?: number }) => { update(s: string): void; jaccard(o: unknown): number; hashvalues: number[] };
};

const dir = process.argv[2];
const threshold = Number(process.argv[3] ?? 0.5);
const t0 = performance.now();
const files: string[] = [];
(function walk(d: string) {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.txt')) files.push(p);
  }
})(dir);
files.sort();
const sigs = files.map((f) => {
  const words = fs.readFileSync(f, 'utf8').toLowerCase().split(/\W+/).filter(Boolean);
  const m = new Minhash({ numPerm: 128 });
  const seen = new Set<string>();
  for (let i = 0; i + 5 <= words.length; i++) {
    const s = words.slice(i, i + 5).join(' ');
    if (!seen.has(s)) {
      seen.add(s);
      m.update(s);
    }
  }
  return m;
});
const { bands, rows } = optimalParams(threshold, 128);
const cand = new Set<string>();
for (let b = 0; b < bands; b++) {
  const buckets = new Map<string, number[]>();
  sigs.forEach((m, i) => {
    const key = m.hashvalues.slice(b * rows, (b + 1) * rows).join(',');
    const g = buckets.get(key);
    if (g) g.push(i);
    else buckets.set(key, [i]);
  });
  for (const g of buckets.values()) for (let x = 0; x < g.length; x++) for (let y = x + 1; y < g.length; y++) cand.add(`${g[x]},${g[y]}`);
}
const pairs: Array<[string, string]> = [];
for (const c of cand) {
  const [x, y] = c.split(',').map(Number);
  if (sigs[x].jaccard(sigs[y]) >= threshold) pairs.push([files[x], files[y]]);
}
process.stdout.write(JSON.stringify({ ms: performance.now() - t0, files: files.length, bands, rows, candidates: cand.size, pairs }) + '\n');
