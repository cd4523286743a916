/**
 * The documents' hash sets live in shared memory from the start: a worker that profiles a batch
 * of files copies the batch's sets into one SharedArrayBuffer and sends back views of it. Posting
 * a view of shared memory shares it instead of copying it, so the main thread holds the sets
 * once, and the verification tasks hand the same views back to the workers without a copy.
 */
import type { CompactProfile } from './profile.js';

export const SHARED_FIELDS = ['seq', 'shingles', 'content', 'minShingles', 'minContent', 'wordSpans', 'terms', 'sentenceEnds', 'sentenceChars'] as const;
export type SharedField = (typeof SHARED_FIELDS)[number];

/** Move the sets of a batch of profiles into one SharedArrayBuffer (in place: the arrays become views). */
export function packShared(profiles: Array<Pick<CompactProfile, SharedField>>): void {
  let total = 0;
  for (const p of profiles) for (const f of SHARED_FIELDS) total += p[f].length;
  const memory = new Uint32Array(new SharedArrayBuffer(Math.max(4, 4 * total)));
  let at = 0;
  for (const p of profiles) {
    for (const f of SHARED_FIELDS) {
      const n = p[f].length;
      memory.set(p[f], at);
      p[f] = memory.subarray(at, at + n);
      at += n;
    }
  }
}

/**
 * What the verification workers need of every document of a run, in shared memory: where each
 * document's sets are (which buffer, offset and length per field), its word count, path and
 * canonical hash. Posted with every task at the cost of a few buffer references (posting the
 * documents themselves, views and strings, cost the main thread 10 ms per task at 50,000).
 */
export interface RunTable {
  memories: SharedArrayBuffer[];
  /** per document and field: memory index, offset (in values) and length */
  where: Uint32Array;
  words: Int32Array;
  /** UTF-8 paths back to back, and where each ends */
  paths: Uint8Array;
  pathEnds: Uint32Array;
  /** sha256 of each canonical text, 32 bytes each */
  canonical: Uint8Array;
  /** sha256 of each file's bytes as first read, 32 bytes each (a re-read must match it) */
  content: Uint8Array;
}

const shared = <T extends Uint8Array | Uint32Array | Int32Array>(T: new (b: SharedArrayBuffer) => T, bytes: number): T => new T(new SharedArrayBuffer(Math.max(8, bytes)));

export function runTable(docs: Array<Pick<CompactProfile, SharedField | 'path' | 'canonicalHash' | 'contentHash' | 'words'>>): RunTable {
  const F = SHARED_FIELDS.length;
  const memIndex = new Map<ArrayBufferLike, number>();
  const memories: SharedArrayBuffer[] = [];
  const where = shared(Uint32Array, 4 * 3 * F * docs.length);
  const words = shared(Int32Array, 4 * docs.length);
  const pathBytes = docs.map((d) => Buffer.from(d.path, 'utf8'));
  const paths = shared(Uint8Array, pathBytes.reduce((s, b) => s + b.length, 0));
  const pathEnds = shared(Uint32Array, 4 * docs.length);
  const canonical = shared(Uint8Array, 32 * docs.length);
  const content = shared(Uint8Array, 32 * docs.length);
  let at = 0;
  docs.forEach((d, i) => {
    for (let f = 0; f < F; f++) {
      const a = d[SHARED_FIELDS[f]];
      if (!(a.buffer instanceof SharedArrayBuffer)) throw new Error('runTable: sets must be in shared memory (packShared)');
      let m = memIndex.get(a.buffer);
      if (m === undefined) {
        memIndex.set(a.buffer, (m = memories.length));
        memories.push(a.buffer);
      }
      where[3 * (F * i + f)] = m;
      where[3 * (F * i + f) + 1] = a.byteOffset / 4;
      where[3 * (F * i + f) + 2] = a.length;
    }
    words[i] = d.words;
    paths.set(pathBytes[i], at);
    at += pathBytes[i].length;
    pathEnds[i] = at;
    canonical.set(Buffer.from(d.canonicalHash, 'hex'), 32 * i);
    content.set(Buffer.from(d.contentHash, 'hex'), 32 * i);
  });
  return { memories, where, words, paths, pathEnds, canonical, content };
}

/** Document i of a run table: its sets as views of the shared memory, path, hash, words. */
export function tableDoc(t: RunTable, i: number): Pick<CompactProfile, SharedField | 'path' | 'canonicalHash' | 'contentHash' | 'words'> {
  const F = SHARED_FIELDS.length;
  const doc = {
    path: Buffer.from(t.paths.buffer, i === 0 ? 0 : t.pathEnds[i - 1], t.pathEnds[i] - (i === 0 ? 0 : t.pathEnds[i - 1])).toString('utf8'),
    canonicalHash: Buffer.from(t.canonical.buffer, 32 * i, 32).toString('hex'),
    contentHash: Buffer.from(t.content.buffer, 32 * i, 32).toString('hex'),
    words: t.words[i],
  } as Pick<CompactProfile, SharedField | 'path' | 'canonicalHash' | 'contentHash' | 'words'>;
  for (let f = 0; f < F; f++) {
    const w = 3 * (F * i + f);
    doc[SHARED_FIELDS[f]] = new Uint32Array(t.memories[t.where[w]], 4 * t.where[w + 1], t.where[w + 2]);
  }
  return doc;
}
