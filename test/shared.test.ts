import { describe, expect, test } from '@jest/globals';
import { compactProfile, withModel } from '../src/pipeline/profile.js';
import { packShared, runTable, tableDoc, SHARED_FIELDS } from '../src/pipeline/shared.js';
import { verifyPairs } from '../src/pipeline/worker.js';
import { verifyPair } from '../src/pipeline/verify.js';
import { permutations } from '../src/signatures/minhash.js';
import { DEFAULT_OPTIONS } from '../src/pipeline/options.js';
import { seed, seedPath } from './helpers.js';

const perms = permutations(DEFAULT_OPTIONS.numPerm, DEFAULT_OPTIONS.seed);
const NAMES = ['000', '001', '002', '003', '004'];
const compact = () =>
  NAMES.map((n) => {
    const text = seed(n);
    return compactProfile(seedPath(n), Buffer.from(text), text, DEFAULT_OPTIONS, perms);
  });

describe('hash sets in shared memory', () => {
  test('packing a batch keeps every array equal and moves it into one SharedArrayBuffer', () => {
    const plain = compact();
    const packed = compact();
    packShared(packed);
    const buffers = new Set(packed.flatMap((p) => SHARED_FIELDS.map((f) => p[f].buffer)));
    expect(buffers.size).toBe(1);
    expect([...buffers][0]).toBeInstanceOf(SharedArrayBuffer);
    packed.forEach((p, i) => {
      for (const f of SHARED_FIELDS) expect(Array.from(p[f])).toEqual(Array.from(plain[i][f]));
    });
  });

  test('a run table gives back each document: sets, path, canonical hash, words', () => {
    const a = compact().slice(0, 2);
    const b = compact().slice(2);
    packShared(a);
    packShared(b); // two batches: two memories
    const docs = [...a, ...b];
    const table = runTable(docs);
    expect(table.memories).toHaveLength(2);
    docs.forEach((d, i) => {
      const t = tableDoc(table, i);
      expect(t.path).toBe(d.path);
      expect(t.canonicalHash).toBe(d.canonicalHash);
      expect(t.words).toBe(d.words);
      for (const f of SHARED_FIELDS) expect(Array.from(t[f])).toEqual(Array.from(d[f]));
    });
    expect(() => runTable(compact())).toThrow(/shared memory/);
  });

  test('a verification task from the table finds what the main thread finds', () => {
    const docs = compact();
    packShared(docs);
    const table = runTable(docs);
    const pairs: number[] = [];
    for (let x = 0; x < docs.length; x++) for (let y = x + 1; y < docs.length; y++) pairs.push(x, y);
    const got = verifyPairs({ kind: 'verify', table, pairs: Uint32Array.from(pairs), encoding: 'utf-8', options: DEFAULT_OPTIONS, screen: false, template: new Uint32Array(0) });
    const here = docs.map((d, i) => withModel(d, () => seed(NAMES[i])));
    const expected = [];
    for (let p = 0; p < pairs.length; p += 2) {
      const r = verifyPair(pairs[p], pairs[p + 1], here[pairs[p]], here[pairs[p + 1]], DEFAULT_OPTIONS);
      if (r) expected.push(r);
    }
    expect(got.verified).toBe(10);
    expect(got.results).toEqual(expected);
    // 001/003 (indices 1 and 3) is the reworded copy, with its divergences computed in the task
    const dup = got.results.find((r) => r.duplicate)!;
    expect([dup.a, dup.b, dup.relation]).toEqual([1, 3, 'reworded']);
    expect(dup.details?.divergences.length).toBeGreaterThan(3);
  });
});
