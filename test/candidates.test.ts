import { describe, expect, test } from '@jest/globals';
import { candidateProbability, optimalParams } from '../src/candidates/lshParams.js';
import { bandKeys } from '../src/candidates/lsh.js';
import fc from 'fast-check';
import { KeyCollector, PairCollector, intersect, minus, union, unpack } from '../src/candidates/keyedPairs.js';
import { findCandidates } from '../src/candidates/index.js';
import { mulberry32 } from '../src/signatures/hash.js';
import { bandsFor, DEFAULT_OPTIONS } from '../src/pipeline/options.js';
import { runPipeline } from '../src/pipeline/run.js';
import { readInputs } from '../src/read/index.js';
import { SEEDS } from './helpers.js';

describe('LSH parameters (datasketch _optimal_param)', () => {
  test('matches datasketch: MinHashLSH(threshold=0.8, num_perm=128) has 9 bands of 13 rows', () => {
    // ekzhu/datasketch issue #209 prints lsh.hashranges for exactly this index: 9 ranges of 13
    expect(optimalParams(0.8, 128)).toEqual({ bands: 9, rows: 13 });
  });
  test('threshold 0.5, 128 permutations: b * r <= 128 and the S-curve crosses 1/2 near the threshold', () => {
    const p = optimalParams(0.5, 128);
    expect(p.bands * p.rows).toBeLessThanOrEqual(128);
    // the S-curve crosses one half near the threshold
    expect(candidateProbability(0.5, p)).toBeGreaterThan(0.3);
    expect(candidateProbability(0.5, p)).toBeLessThan(0.8);
  });
  test('a lower threshold gives fewer rows per band', () => {
    expect(optimalParams(0.2, 128).rows).toBeLessThan(optimalParams(0.8, 128).rows);
  });
  test('the defaults catch content-pair Jaccard 0.2 (same-article translations) with >= 0.9 probability', () => {
    const b = bandsFor(DEFAULT_OPTIONS);
    expect(candidateProbability(0.2, b.content)).toBeGreaterThan(0.9);
    expect(candidateProbability(0.02, b.content)).toBeLessThan(0.03);
  });
});

describe('banding', () => {
  test('empirical candidate rate on synthetic signatures matches 1-(1-s^r)^b', () => {
    const p = { bands: 16, rows: 4 };
    const rand = mulberry32(11);
    for (const s of [0.3, 0.5, 0.7]) {
      let hits = 0;
      const trials = 3000;
      for (let t = 0; t < trials; t++) {
        // two signatures agreeing in each slot with probability s (independent slots)
        const a = new Uint32Array(64);
        const b = new Uint32Array(64);
        for (let i = 0; i < 64; i++) {
          a[i] = (rand() * 2 ** 32) >>> 0;
          b[i] = rand() < s ? a[i] : (rand() * 2 ** 32) >>> 0;
        }
        const ka = bandKeys(a, p);
        const kb = bandKeys(b, p);
        if (ka.some((k, i) => k === kb[i])) hits++;
      }
      const expected = candidateProbability(s, p);
      const se = Math.sqrt((expected * (1 - expected)) / trials);
      expect(Math.abs(hits / trials - expected)).toBeLessThan(4 * se + 0.01);
    }
  });
  test('keys of different bands never stand for each other', () => {
    const sig = new Uint32Array(8).fill(5);
    const k = bandKeys(sig, { bands: 4, rows: 2 });
    expect(new Set(k).size).toBe(4);
  });
});

describe('LSH recall with real signatures at the default parameters', () => {
  test('candidate rate of one-permutation MinHash pairs matches 1-(1-J^r)^b', async () => {
    const { permutations, signature } = await import('../src/signatures/minhash.js');
    const { fmix32 } = await import('../src/signatures/hash.js');
    const perms = permutations(DEFAULT_OPTIONS.numPerm, DEFAULT_OPTIONS.seed);
    const bands = bandsFor(DEFAULT_OPTIONS);
    for (const [p, js] of [
      [bands.content, [0.1, 0.2, 0.35]],
      [bands.shingles, [0.3, 0.5, 0.7]],
    ] as const) {
      for (const j of js) {
        // sets of 400 elements with Jaccard j: shared s, |A| = |B| = 400, j = s / (800 - s)
        const shared = Math.round((800 * j) / (1 + j));
        let hits = 0;
        const trials = 400;
        for (let t = 0; t < trials; t++) {
          const v = (i: number) => fmix32(t * 1_000_003 + i);
          const A = Uint32Array.from({ length: 400 }, (_, i) => v(i));
          const B = Uint32Array.from({ length: 400 }, (_, i) => (i < shared ? v(i) : v(10_000 + i)));
          const ka = bandKeys(signature(A, perms), p);
          const kb = bandKeys(signature(B, perms), p);
          if (ka.some((k, i) => k === kb[i])) hits++;
        }
        const expected = candidateProbability(shared / (800 - shared), p);
        const se = Math.sqrt((expected * (1 - expected)) / trials);
        expect(Math.abs(hits / trials - expected)).toBeLessThan(4 * se + 0.02);
      }
    }
  });
});

describe('keyed pairs', () => {
  test('emits each pair under a shared key; oversized buckets are counted, not expanded', () => {
    const c = new KeyCollector();
    c.add(1, 0);
    c.add(1, 2);
    c.add(1, 1);
    c.add(2, 3);
    for (let i = 10; i < 20; i++) c.add(9, i);
    const got = new PairCollector();
    const r = c.pairs(5, (i, j) => got.add(j, i));
    expect(Array.from(unpack(got.sortedUnique()))).toEqual([0, 1, 0, 2, 1, 2]);
    expect(r).toEqual({ oversized: 1, oversizedItems: 10, oversizedKeys: [9] });
  });
});

describe('pair lists', () => {
  test('collected pairs are distinct, ordered, and survive indices up to 2^21 - 1', () => {
    const c = new PairCollector();
    const big = 2 ** 21 - 1;
    for (const [i, j] of [[5, 3], [3, 5], [big, 0], [1, big], [2, 4], [4, 2], [0, big]]) c.add(i, j);
    expect(Array.from(unpack(c.sortedUnique()))).toEqual([0, big, 1, big, 2, 4, 3, 5]);
  });
  test('union and difference of sorted packed lists', () => {
    const pack = (xs: number[]) => Float64Array.from(xs);
    expect(Array.from(union(pack([1, 3, 5]), pack([2, 3, 6]), pack([])))).toEqual([1, 2, 3, 5, 6]);
    expect(Array.from(minus(pack([1, 3, 5, 7]), pack([0, 3, 4, 7, 9])))).toEqual([1, 5]);
  });
  test('intersection and difference of pair lists agree with plain array filters', () => {
    const pairList = fc.uniqueArray(fc.tuple(fc.nat(40), fc.nat(40)).filter(([i, j]) => i < j), { selector: ([i, j]) => `${i},${j}` }).map((ps) => {
      const c = new PairCollector();
      for (const [i, j] of ps) c.add(i, j);
      return c.sortedUnique();
    });
    fc.assert(
      fc.property(pairList, pairList, (a, b) => {
        const inB = new Set(b);
        expect(Array.from(intersect(a, b))).toEqual(Array.from(a).filter((x) => inB.has(x)));
        expect(Array.from(union(minus(a, b), intersect(a, b)))).toEqual(Array.from(a));
      }),
    );
  });
});

describe('candidates on the seeds', () => {
  test('001/003 is a candidate; nothing is compared all-pairs', async () => {
    const read = await readInputs([SEEDS], { extensions: ['txt'], ignore: [] });
    const res = runPipeline(read.docs, [], DEFAULT_OPTIONS);
    const idx = (n: string) => res.docs.findIndex((d) => d.path.includes(`/${n}_`));
    const { lsh: pairs, stats } = findCandidates(res.docs, bandsFor(DEFAULT_OPTIONS), DEFAULT_OPTIONS);
    const key = (a: number, b: number) => (a < b ? `${a},${b}` : `${b},${a}`);
    const set = new Set<string>();
    for (let p = 0; p < pairs.length; p += 2) set.add(key(pairs[p], pairs[p + 1]));
    expect(set.has(key(idx('001'), idx('003')))).toBe(true);
    expect(stats.contentLsh).toBeGreaterThanOrEqual(1);
  });
});
