/**
 * Adding documents to the index. Content already stored is recognised by its hash before any
 * work is done on it, so adding the same content twice is a no-op, and re-running an add that was
 * interrupted skips what it had committed. A batch is stored in chunks of `chunk` documents, one
 * transaction each (each chunk durable once committed).
 */
import { createHash } from 'node:crypto';
import { isSkipped, type Skipped } from '../read/index.js';
import { profile, type DocProfile } from '../pipeline/profile.js';
import { permutations } from '../signatures/minhash.js';
import type { Options } from '../pipeline/options.js';
import type { Progress } from '../pipeline/run.js';
import type { Archive, DocMeta, StoredDoc } from './store.js';
import { noteRead, type BatchDoc, type BatchItem } from './batch.js';

/** Documents per transaction when a batch is larger than this. */
export const ADD_CHUNK = 2000;

export interface AddOptions {
  chunk?: number;
  progress?: Progress;
  warn?: (msg: string) => void;
  /** called after each committed chunk with the documents added so far (tests use it to slow an add down) */
  afterChunk?: (added: number) => void;
  /** asked after each committed chunk: true stops the add there (a Ctrl-C), what was committed kept */
  stopped?: () => boolean;
}

export interface AddResult {
  /** readable documents in the batch */
  read: number;
  /** of which newly stored */
  added: number;
  skipped: Skipped[];
  /** stopped (AddOptions.stopped) before the whole batch was read */
  interrupted?: boolean;
}

/** One turn of the event loop through its poll phase (two setImmediate: a poll phase runs between them), where a signal is handled. */
const pollTurn = async () => {
  for (let k = 0; k < 2; k++) await new Promise((resolve) => setImmediate(resolve));
};

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

/**
 * Read, profile and store a batch, chunk by chunk: each chunk's content hashes are looked up in
 * one query, only the new documents are profiled, and they are stored in one transaction.
 */
export async function addBatch(index: Archive, items: readonly BatchItem[], o: Options, opt: AddOptions = {}): Promise<AddResult> {
  const chunk = opt.chunk ?? ADD_CHUNK;
  const perms = permutations(o.numPerm, o.seed);
  const res: AddResult = { read: 0, added: 0, skipped: [] };
  const seen = new Set<string>();
  for (let from = 0; from < items.length; from += chunk) {
    const read: Array<{ d: BatchDoc; hash: string }> = [];
    items.slice(from, from + chunk).forEach((item) => {
      const d = item.read();
      if (opt.warn) noteRead(d, opt.warn);
      if (isSkipped(d)) res.skipped.push(d);
      else {
        res.read++;
        read.push({ d, hash: createHash('sha256').update(d.raw).digest('hex') });
      }
    });
    const stored = await index.known(read.map((r) => r.hash));
    const pending: StoredDoc[] = [];
    for (const { d, hash } of read) {
      if (seen.has(hash) || stored.has(hash)) continue;
      seen.add(hash);
      const p = profile(d.path, d.raw, d.text, o, perms, d.lang);
      if (d.encoding) p.encoding = d.encoding;
      pending.push(storedDoc(p, d.text, d.meta));
    }
    if (pending.length) {
      res.added += await index.insert(pending);
      opt.afterChunk?.(res.added);
    }
    opt.progress?.('indexing', Math.min(from + chunk, items.length), items.length);
    // a Ctrl-C is handled here, between two commits (after the last one too)
    if (opt.stopped) {
      await pollTurn();
      if (opt.stopped()) {
        res.interrupted = true;
        break;
      }
    }
  }
  return res;
}
