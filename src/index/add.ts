/**
 * Adding documents to the index. Content already stored is recognised by its hash before any
 * work is done on it, so adding the same content twice is a no-op, and re-running an add that was
 * interrupted skips what it had committed. A batch is stored in one transaction, or in chunks of
 * `chunk` documents when it is larger (each chunk durable once committed).
 */
import { createHash } from 'node:crypto';
import { isSkipped, type Skipped } from '../read/index.js';
import { profile, type DocProfile } from '../pipeline/profile.js';
import { permutations } from '../signatures/minhash.js';
import type { Options } from '../pipeline/options.js';
import type { Progress } from '../pipeline/run.js';
import type { ArchiveIndex, DocMeta, StoredDoc } from './store.js';
import { noteRead, type BatchItem } from './batch.js';

/** Documents per transaction when a batch is larger than this. */
export const ADD_CHUNK = 2000;

export interface AddOptions {
  chunk?: number;
  progress?: Progress;
  warn?: (msg: string) => void;
  /** called after each committed chunk (tests use it to slow an add down) */
  afterChunk?: () => void;
}

export interface AddResult {
  /** readable documents in the batch */
  read: number;
  /** of which newly stored */
  added: number;
  skipped: Skipped[];
}

export function storedDoc(p: DocProfile, text: string, meta: DocMeta = {}): StoredDoc {
  return {
    ...meta,
    hash: p.contentHash,
    canonical: p.canonicalHash,
    path: p.path,
    bytes: p.bytes,
    words: p.words,
    encoding: p.encoding,
    minShingles: p.minShingles,
    minContent: p.minContent,
    text,
  };
}

/** Read, profile and store a batch, chunk by chunk. */
export function addBatch(index: ArchiveIndex, items: readonly BatchItem[], o: Options, opt: AddOptions = {}): AddResult {
  const chunk = opt.chunk ?? ADD_CHUNK;
  const perms = permutations(o.numPerm, o.seed);
  const res: AddResult = { read: 0, added: 0, skipped: [] };
  const seen = new Set<string>();
  let pending: StoredDoc[] = [];
  const flush = () => {
    if (!pending.length) return;
    res.added += index.insert(pending);
    pending = [];
    opt.afterChunk?.();
  };
  items.forEach((item, k) => {
    const d = item.read();
    if (opt.warn) noteRead(d, opt.warn);
    if (isSkipped(d)) res.skipped.push(d);
    else {
      res.read++;
      const hash = createHash('sha256').update(d.raw).digest('hex');
      if (!seen.has(hash) && !index.has(hash)) {
        seen.add(hash);
        const p = profile(d.path, d.raw, d.text, o, perms, d.lang);
        if (d.encoding) p.encoding = d.encoding;
        pending.push(storedDoc(p, d.text, d.meta));
        if (pending.length >= chunk) flush();
      }
    }
    opt.progress?.('indexing', k + 1, items.length);
  });
  flush();
  return res;
}
