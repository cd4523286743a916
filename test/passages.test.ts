/**
 * The passage index against brute force (property tests): posting classes, passages and partners
 * on random documents built from a small stock of phrases, so that phrases recur across documents
 * in every combination.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { postingClasses, NOT_SHARED, BOILERPLATE } from '../src/candidates/postings.js';
import { passageIndex, PartnerScan } from '../src/candidates/passageIndex.js';
import { reuseClusters } from '../src/cluster/reuse.js';
import { plainPassages, sharedPassages } from '../src/compare/passages.js';

/**
 * A document: phrases (runs of distinct shingle hashes) in some order, some followed by a shingle
 * only this document has, some directly by the next phrase (so that passages span phrases and
 * their documents nest or cross).
 */
const docs = fc
  .array(fc.array(fc.tuple(fc.integer({ min: 0, max: 7 }), fc.boolean()), { minLength: 1, maxLength: 6 }), { minLength: 2, maxLength: 9 })
  .map((picks) =>
    picks.map((phrases, d) => {
      const seq: number[] = [];
      phrases.forEach(([p, apart], k) => {
        for (let t = 0; t < 6; t++) seq.push(1000 + p * 10 + t);
        if (apart) seq.push(100_000 + d * 100 + k);
      });
      return { seq: Uint32Array.from(seq) };
    }),
  );

const members = (docsOf: ReadonlyArray<{ seq: Uint32Array }>, h: number) => docsOf.flatMap((d, i) => (d.seq.includes(h) ? [i] : []));

describe('posting classes', () => {
  test('property: each position holds the class of exactly the documents that have its shingle', () => {
    fc.assert(
      fc.property(docs, fc.integer({ min: 2, max: 6 }), (ds, maxDocs) => {
        const pc = postingClasses(
          ds.map((d) => d.seq),
          maxDocs,
        );
        ds.forEach((d, i) => {
          d.seq.forEach((h, p) => {
            const c = pc.classAt[pc.docStart[i] + p];
            const m = members(ds, h);
            if (m.length === 1) expect(c).toBe(NOT_SHARED);
            else if (m.length > maxDocs) expect(c).toBe(BOILERPLATE);
            else expect(Array.from(pc.table.docs.subarray(pc.table.start[c], pc.table.start[c + 1]))).toEqual(m);
          });
        });
      }),
      { numRuns: 150 },
    );
  });
});

describe('passages and partners', () => {
  const K = 5;
  const MIN_RUN = 4;
  test('property: a passage is found verbatim in every document of its key; partners share a run of MIN_RUN shingles', () => {
    fc.assert(
      fc.property(docs, (ds) => {
        const pc = postingClasses(
          ds.map((d) => d.seq),
          50,
        );
        const ix = passageIndex(ds, pc, K, MIN_RUN);
        for (let q = 0; q < ix.keys; q++) {
          const segs = Array.from(ix.keySeg.subarray(ix.keyStart[q], ix.keyStart[q + 1]));
          // a key's passage is as long in every document (but where one doubles it: the shortest)
          const len = Math.min(...segs.map((s) => ix.segLen[s]));
          expect(len).toBeGreaterThanOrEqual(MIN_RUN);
          const c = ix.keyClass[q];
          const set = Array.from(ix.classes.docs.subarray(ix.classes.start[c], ix.classes.start[c + 1]));
          const holders = segs.map((s) => ix.segDoc[s]);
          for (const s of segs) {
            const d = ix.segDoc[s];
            // the documents where the passage is found are in its set (the set may hold more:
            // one with the same shingles in another order finds another chain)
            expect(set).toContain(d);
            const run = ds[d].seq.subarray(ix.segStart[s], ix.segStart[s] + len);
            expect(run[0]).toBe(ds[holders[0]].seq[ix.segStart[segs[0]]]);
            // every document where it is found contains it, contiguously
            for (const e of holders) expect(sharedPassages(run, ds[e].seq, 1, len)).toHaveLength(1);
          }
        }
        // partners: exactly the pairs that share a run of MIN_RUN consecutive shingles (brute force)
        const scan = new PartnerScan(ix, ds.length, 50, MIN_RUN);
        for (let d = 0; d < ds.length; d++) {
          const found: number[] = [];
          scan.scan(d, (e) => found.push(e));
          const truth = ds.flatMap((x, e) => (e !== d && sharedPassages(ds[d].seq, x.seq, 1, MIN_RUN).length > 0 ? [e] : []));
          expect(found).toEqual(truth);
        }
      }),
      { numRuns: 150 },
    );
  });

  test('property: with a plain-word minimum, partners share a run of MIN_RUN shingles holding that many plain words, and so does every passage', () => {
    // each word's kind from the shingle that starts at it (two documents sharing a shingle share its first word)
    const kindOf = (h: number) => (Math.imul(h, 0x9e3779b1) >>> 29) & 3;
    const withTerms = (d: { seq: Uint32Array }) => {
      const terms = new Uint32Array(d.seq.length + K - 1);
      for (let i = 0; i < terms.length; i++) terms[i] = kindOf(i < d.seq.length ? d.seq[i] : d.seq[d.seq.length - 1] + i);
      return { seq: d.seq, terms };
    };
    fc.assert(
      fc.property(docs, fc.integer({ min: 1, max: 6 }), (raw, minPlain) => {
        fc.pre(raw.every((d) => new Set(d.seq).size === d.seq.length));
        const ds = raw.map(withTerms);
        const pc = postingClasses(
          ds.map((d) => d.seq),
          50,
        );
        const ix = passageIndex(ds, pc, K, MIN_RUN, minPlain);
        const plainOf = (d: number, from: number, to: number) => {
          let n = 0;
          for (let i = from; i < Math.min(to, ds[d].terms.length); i++) if ((ds[d].terms[i] & 3) === 0) n++;
          return n;
        };
        for (let s = 0; s < ix.segDoc.length; s++) expect(plainOf(ix.segDoc[s], ix.segStart[s], ix.segStart[s] + ix.segLen[s] + K - 1)).toBeGreaterThanOrEqual(minPlain);
        const scan = new PartnerScan(ix, ds.length, 50, MIN_RUN);
        for (let d = 0; d < ds.length; d++) {
          const found: number[] = [];
          scan.scan(d, (e) => found.push(e));
          // brute force: the stretches of d's positions whose shingle e has, one of whose words in
          // d hold minPlain plain words (no document repeats a phrase here: a doubled one would
          // be two occurrences)
          const stretches = (e: number) => {
            const has = new Set(ds[e].seq);
            const out: Array<[number, number]> = [];
            let from = -1;
            ds[d].seq.forEach((h, i) => {
              if (has.has(h) && from < 0) from = i;
              if (!has.has(h) && from >= 0) {
                out.push([from, i]);
                from = -1;
              }
            });
            if (from >= 0) out.push([from, ds[d].seq.length]);
            return out;
          };
          const truth = ds.flatMap((_, e) => (e !== d && stretches(e).some(([from, to]) => to - from >= MIN_RUN && plainOf(d, from, to + K - 1) >= minPlain) ? [e] : []));
          expect(found).toEqual(truth);
        }
      }),
      { numRuns: 150 },
    );
  });

  test('plainPassages keeps the passages with enough plain words on both sides', () => {
    const terms = (kinds: number[]) => Uint32Array.from(kinds);
    // words: plain, name, stop, plain, number, plain
    const a = terms([0, 3, 2, 0, 1, 0]);
    const b = terms([2, 2, 0, 3, 2, 0, 1, 0]);
    const ps = [{ a: 0, b: 2, words: 6 }];
    expect(plainPassages(ps, a, b, 3)).toEqual(ps);
    expect(plainPassages(ps, a, b, 4)).toEqual([]);
    expect(plainPassages(ps, a, terms([0, 0, 2, 3, 2, 2, 1, 0]), 3)).toEqual([]);
    expect(plainPassages(ps, a, b, 0)).toEqual(ps);
  });

  test('property: reuse clusters hold each reused passage once per place, never two units only', () => {
    fc.assert(
      fc.property(docs, fc.integer({ min: 1, max: 3 }), (ds, units) => {
        const pc = postingClasses(
          ds.map((d) => d.seq),
          50,
        );
        const ix = passageIndex(ds, pc, K, MIN_RUN);
        const unit = ds.map((_, i) => i % units);
        const series = ds.map(() => -1);
        const r = reuseClusters(ix, unit, series, MIN_RUN);
        for (let c = 0; c < r.count; c++) {
          const docsOf = new Set<number>();
          for (let t = r.occStart[c]; t < r.occStart[c + 1]; t++) {
            docsOf.add(r.occDoc[t]);
            expect(r.occTo[t] - r.occFrom[t]).toBeGreaterThanOrEqual(MIN_RUN + K - 1);
            // occurrences of one document do not overlap and come in order
            if (t > r.occStart[c] && r.occDoc[t - 1] === r.occDoc[t]) expect(r.occFrom[t]).toBeGreaterThan(r.occTo[t - 1] - K);
          }
          expect(r.documents[c]).toBe(docsOf.size);
          // reuse across two units at least
          expect(new Set([...docsOf].map((d) => unit[d])).size).toBeGreaterThan(1);
        }
        // a key found in documents of one unit only joins no cluster
        for (let q = 0; q < ix.keys; q++) {
          const us = new Set(Array.from(ix.keySeg.subarray(ix.keyStart[q], ix.keyStart[q + 1])).map((s) => unit[ix.segDoc[s]]));
          if (us.size === 1) expect(r.ofKey[q]).toBe(-1);
        }
      }),
      { numRuns: 150 },
    );
  });
});
