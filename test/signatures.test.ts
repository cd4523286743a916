import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { createRequire } from 'node:module';
import { fmix32, hashString, radixSort, sortedUnique } from '../src/signatures/hash.js';
import { shingleSequence } from '../src/signatures/shingles.js';
import { estimateJaccard, permutations, signature, EMPTY_SLOT } from '../src/signatures/minhash.js';
import { contentPairs } from '../src/signatures/content.js';
import { setScores } from '../src/compare/sets.js';
import { analyzeText, digestText } from '../src/text/document.js';
import { sign } from '../src/signatures/index.js';
import { seed } from './helpers.js';

const require = createRequire(import.meta.url);

/** Exact Jaccard of two sets of 32-bit values. */
const exact = (a: Uint32Array, b: Uint32Array) => setScores(sortedUnique(a), sortedUnique(b)).jaccard;

/** Two sets with a chosen overlap, from a seed. */
const overlappingSets = fc
  .record({ shared: fc.integer({ min: 0, max: 400 }), onlyA: fc.integer({ min: 0, max: 400 }), onlyB: fc.integer({ min: 0, max: 400 }), salt: fc.integer() })
  .filter((r) => r.shared + r.onlyA > 0 && r.shared + r.onlyB > 0)
  .map(({ shared, onlyA, onlyB, salt }) => {
    const v = (i: number) => fmix32(i * 2654435761 + salt);
    const s = Array.from({ length: shared }, (_, i) => v(i));
    const a = Uint32Array.from([...s, ...Array.from({ length: onlyA }, (_, i) => v(1e6 + i))]);
    const b = Uint32Array.from([...s, ...Array.from({ length: onlyB }, (_, i) => v(2e6 + i))]);
    return { a, b };
  });

describe('hashing', () => {
  test('stable values (changing them invalidates stored indexes)', () => {
    expect(hashString('sea change')).toBe(hashString('sea change'));
    expect(hashString('Aa')).not.toBe(hashString('BB')); // Java's String.hashCode collides here
    expect(fmix32(0)).toBe(0);
    expect(fmix32(1)).toBe(0x514e28b7);
  });
  test('sortedUnique sorts and de-duplicates', () => {
    expect([...sortedUnique(Uint32Array.of(5, 1, 5, 3, 1))]).toEqual([1, 3, 5]);
  });
});

describe('shingles', () => {
  test('k consecutive words per shingle, order-sensitive', () => {
    const h = Uint32Array.of(1, 2, 3, 4);
    const s = shingleSequence(h, 2);
    expect(s).toHaveLength(3);
    expect(shingleSequence(Uint32Array.of(2, 1, 3, 4), 2)[2]).toBe(s[2]);
    expect(shingleSequence(Uint32Array.of(2, 1, 3, 4), 2)[0]).not.toBe(s[0]);
  });
  test('a text shorter than k still has one shingle', () => {
    expect(shingleSequence(Uint32Array.of(7, 8), 5)).toHaveLength(1);
    expect(shingleSequence(new Uint32Array(0), 5)).toHaveLength(0);
  });
});

describe('MinHash', () => {
  const perms = permutations(128, 1);

  test('property: estimated Jaccard is within 4 standard errors of exact (128 permutations)', () => {
    fc.assert(
      fc.property(overlappingSets, ({ a, b }) => {
        const j = exact(a, b);
        const est = estimateJaccard(signature(a, perms), signature(b, perms));
        const se = Math.sqrt((j * (1 - j)) / 128);
        expect(Math.abs(est - j)).toBeLessThanOrEqual(4 * se + 1 / 128);
      }),
      { numRuns: 200, seed: 42 },
    );
  });

  test('property: the estimator is unbiased over many pairs (mean error < 0.01)', () => {
    let err = 0;
    let n = 0;
    fc.assert(
      fc.property(overlappingSets, ({ a, b }) => {
        err += estimateJaccard(signature(a, perms), signature(b, perms)) - exact(a, b);
        n++;
      }),
      { numRuns: 300, seed: 7 },
    );
    expect(Math.abs(err / n)).toBeLessThan(0.01);
  });

  test('identical sets agree in every slot; an empty set is all empty slots', () => {
    const a = Uint32Array.of(1, 2, 3);
    expect(estimateJaccard(signature(a, perms), signature(Uint32Array.of(3, 2, 1, 1), perms))).toBe(1);
    expect(signature(new Uint32Array(0), perms).every((x) => x === EMPTY_SLOT)).toBe(true);
    expect(estimateJaccard(signature(new Uint32Array(0), perms), signature(new Uint32Array(0), perms))).toBe(0);
  });

  test('property: the signature is that of the plain definition (bin from the high bits, minimum as an unsigned number), whatever k', () => {
    // stored archives hold signatures: the integer fast path must give the values of the definition
    const reference = (set: Uint32Array, p: ReturnType<typeof permutations>) => {
      const sig = new Uint32Array(p.k).fill(EMPTY_SLOT);
      for (const x of set) {
        const h = fmix32((x ^ p.seed) >>> 0);
        const bin = Math.floor((h / 4294967296) * p.k);
        if (h < sig[bin]) sig[bin] = h;
      }
      return sig;
    };
    fc.assert(
      fc.property(fc.constantFrom(1, 2, 3, 100, 128, 256), fc.nat({ max: 0xffffffff }), fc.array(fc.nat({ max: 0xffffffff }), { maxLength: 600 }), (k, s, xs) => {
        const p = permutations(k, s);
        const set = Uint32Array.from(xs);
        const got = signature(set, p);
        const want = reference(set, p);
        // densified bins aside (filled from the others), every bin is the definition's
        for (let i = 0; i < k; i++) if (want[i] !== EMPTY_SLOT || xs.length === 0) expect(got[i]).toBe(want[i]);
      }),
    );
  });

  test('fixed seed: the same text gives the same signature; another seed does not', () => {
    const m = digestText(seed('003'));
    const p = { shingleSize: 5 };
    expect(sign(m.stream, p, permutations(128, 1)).minShingles).toEqual(sign(m.stream, p, permutations(128, 1)).minShingles);
    expect(sign(m.stream, p, permutations(128, 2)).minShingles).not.toEqual(sign(m.stream, p, permutations(128, 1)).minShingles);
  });

  test('agrees with the npm minhash package (the reference) on the seeds, within sampling error', () => {
    const { Minhash } = require('minhash') as { Minhash: new (o?: { numPerm?: number }) => { update(s: string): void; jaccard(o: unknown): number } };
    const words = (t: string) => analyzeText(t).tokens.flat().map((x) => x.word);
    const shingleStrings = (t: string) => {
      const w = words(t);
      return [...new Set(w.slice(0, w.length - 2).map((_, i) => w.slice(i, i + 3).join(' ')))];
    };
    for (const [x, y] of [['001', '003'], ['000', '003'], ['002', '004']]) {
      const sx = shingleStrings(seed(x));
      const sy = shingleStrings(seed(y));
      const ref1 = new Minhash({ numPerm: 128 });
      const ref2 = new Minhash({ numPerm: 128 });
      sx.forEach((s) => ref1.update(s));
      sy.forEach((s) => ref2.update(s));
      const hx = Uint32Array.from(sx.map((s) => hashString(s)));
      const hy = Uint32Array.from(sy.map((s) => hashString(s)));
      const ours = estimateJaccard(signature(hx, perms), signature(hy, perms));
      const truth = exact(hx, hy);
      expect(Math.abs(ours - truth)).toBeLessThan(0.08);
      expect(Math.abs(ref1.jaccard(ref2) - truth)).toBeLessThan(0.1);
    }
  });
});

describe('sorting hash sets', () => {
  test('property: radix sort equals the typed-array sort (skipped passes, duplicates, extremes)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 3 }).map((x) => x << 16), fc.constantFrom(0, 0xffffffff)), { maxLength: 3000 }),
        (xs) => {
          const a = Uint32Array.from(xs);
          expect(Array.from(radixSort(a))).toEqual(Array.from(a.slice().sort()));
          expect(Array.from(sortedUnique(a))).toEqual([...new Set(xs)].sort((x, y) => x - y));
        },
      ),
    );
  });
});

describe('content pairs (the paraphrase-tolerant signature)', () => {
  const cp = (n: string) => contentPairs(digestText(seed(n)).stream);
  test('the translated copy 001/003 shares far more content pairs than related coverage', () => {
    const same = setScores(cp('001'), cp('003')).jaccard;
    const related = ['000', '002', '004'].map((x) => setScores(cp(x), cp('003')).jaccard);
    expect(same).toBeGreaterThan(0.45);
    for (const r of related) expect(r).toBeLessThan(0.15);
  });
  test('survives word order inside a sentence, not across sentences', () => {
    const a = contentPairs(digestText('Iran supports Al Qaeda leaders.').stream);
    const b = contentPairs(digestText('Al Qaeda leaders, Iran supports.').stream);
    expect(setScores(a, b).jaccard).toBeGreaterThan(0.5);
  });
});
