/**
 * The archive index: one interface, two implementations. `--index FILE` is an SQLite file
 * (sqlite.ts, embedded, the default); `--index postgresql://…` (or postgres://) is a schema in a
 * PostgreSQL database (postgres.ts), shared by every process and machine that names it. Nothing
 * above this module knows which one it talks to.
 *
 * Per document the archive holds its content hash (the unique key: the same bytes are stored
 * once), id, path, size, metadata, MinHash signatures and a gzip copy of its text; and, in an
 * indexed table, its LSH band keys, so that a check looks candidates up without loading the
 * archive. Every write is one transaction; a mismatch of parameters, a foreign database or a newer
 * schema is a one-line usage error.
 */
import zlib from 'node:zlib';
import type { Options } from '../pipeline/options.js';
import { docBandKeys, effectiveOptions, type DocKeys, type IndexParams } from './params.js';

/** A URL's password, as written between "user:" and "@", replaced by ***. */
// (?!\/\/): "postgresql://x@host" has a user and no password; its "//x" is not one
export const maskUrlText = (s: string) => s.replace(/^([a-z][a-z0-9+.-]*:?\/{0,2}[^:/@]*:)(?!\/\/)[^@]*@/i, '$1***@');

export const DEFAULT_INDEX_FILE = '.dupecheck/index.db';
export const FORMAT = 'dupecheck-index';
/** The schema version both backends write (each has its own migrations up to it). */
export const INDEX_SCHEMA_VERSION = 1;
/** Band kinds as stored: 0 word-shingle LSH, 1 content-pair LSH. */
export const KIND = { shingles: 0, content: 1 } as const;

export interface DocMeta {
  title?: string;
  url?: string;
  date?: string;
}

/** What is stored for one document. */
export interface StoredDoc extends DocMeta {
  hash: string;
  canonical: string;
  path: string;
  bytes: number;
  words: number;
  encoding?: string;
  minShingles: Uint32Array;
  minContent: Uint32Array;
  text: string;
}

/** An archived document as read back for a check. */
export interface ArchivedRow {
  doc: number;
  hash: string;
  path: string;
  bytes: number;
  encoding: string | null;
  text: string;
}

export interface ListedDoc extends DocMeta {
  id: string;
  path: string;
  bytes: number;
  words: number;
  added: string;
}

export interface Signatures {
  minShingles: Uint32Array;
  minContent: Uint32Array;
}

/** What a check asks the archive for one document of its batch. */
export interface CandidateQuery {
  canonical: string;
  /** band keys as stored: [kind, signed 32-bit key] */
  keys: ReadonlyArray<readonly [number, number]>;
}

/**
 * The distinct band keys of a batch's queries in the index's order (kind, then signed key), and
 * where each query's keys are among them. Looked up in this order, an index's pages are read in
 * the order they are stored: on a cold cache, 1,000 documents' 94,000 keys read a 1,000,000-document
 * archive's band keys almost in sequence instead of one random page a key.
 */
export function keyOrder(queries: readonly CandidateQuery[]): { kinds: number[]; keys: number[]; where: number[][] } {
  const packed = (kind: number, key: number) => kind * 2 ** 32 + (key + 2 ** 31);
  const sorted = Float64Array.from(new Set(queries.flatMap((q) => q.keys.map(([kind, key]) => packed(kind, key))))).sort();
  const at = new Map<number, number>();
  sorted.forEach((p, i) => at.set(p, i));
  return {
    kinds: Array.from(sorted, (p) => Math.floor(p / 2 ** 32)),
    keys: Array.from(sorted, (p) => (p % 2 ** 32) - 2 ** 31),
    where: queries.map((q) => q.keys.map(([kind, key]) => at.get(packed(kind, key))!)),
  };
}

/** The answer for one query: archived documents with the same canonical text, and per key its bucket (at most `limit`). */
export interface CandidateAnswer {
  identical: number[];
  buckets: number[][];
}

export interface IndexStats {
  /** the index as named, with any password masked */
  file: string;
  backend: 'sqlite' | 'postgresql';
  schemaVersion: number;
  documents: number;
  documentBytes: number;
  textBytesCompressed: number;
  /** the file, or the schema's tables and indexes */
  fileBytes: number;
  params: IndexParams;
  created: string | null;
  updated: string | null;
}

/** The archive, whichever backend holds it. */
export interface Archive {
  /** the index as named, safe to print (a password is masked) */
  readonly location: string;
  readonly params: IndexParams;
  count(): Promise<number>;
  /**
   * How many writes have changed the stored documents (a counter in meta, 0 in an index that has
   * never had one): a check that adds reads it first, and adds only if no runner wrote meanwhile.
   */
  revision(): Promise<number>;
  /** which of these content hashes are stored */
  known(hashes: readonly string[]): Promise<Set<string>>;
  /** Store documents in one transaction; returns how many were new. */
  insert(docs: readonly StoredDoc[]): Promise<number>;
  /**
   * insert, but only while the index's revision is still `revision` (checked in the write
   * transaction, under its lock): null, with nothing written, when another runner has written since.
   */
  insertIf(docs: readonly StoredDoc[], revision: number): Promise<number | null>;
  /**
   * Run f with every other writer kept out (SQLite: one write transaction around it; PostgreSQL: an
   * advisory lock that every write takes shared): a check --add's last attempt, so that a runner
   * that keeps writing (a bulk load) cannot make it check again forever. Reads inside see the index
   * as it is; writers wait (as for any lock) until f is done.
   */
  exclusively<T>(f: () => Promise<T>): Promise<T>;
  /** Candidates for a whole batch, in one round trip; buckets hold at most `limit` documents. */
  candidates(queries: readonly CandidateQuery[], limit: number): Promise<CandidateAnswer[]>;
  /** The archived documents with these content hashes (at most one each), with their paths as added. */
  byHashes(hashes: readonly string[]): Promise<Map<string, { doc: number; path: string }>>;
  signatures(docs: readonly number[]): Promise<Map<number, Signatures>>;
  /** Archived documents read back, in the order asked; one removed since it was found is left out. */
  load(docs: readonly number[]): Promise<ArchivedRow[]>;
  /** Document numbers for an id (a report id; a -N suffix is ignored) or a path as stored. */
  find(idOrPath: string): Promise<number[]>;
  remove(docs: readonly number[]): Promise<void>;
  list(): Promise<ListedDoc[]>;
  stats(): Promise<IndexStats>;
  /** An error met while using the archive as the one-line usage error a user can act on (others pass through). */
  explain(e: unknown): unknown;
  close(): Promise<void>;
}

/** The options to run with against an archive: see effectiveOptions (explicit options must match it). */
export const archiveOptions = (a: Archive, o: Options, explicit: ReadonlySet<string>): Options => effectiveOptions(a.location, a.params, o, explicit);

/** Calls f(kind, key) for every band key of a document, keys as stored (signed 32-bit). */
export function forEachKey(keys: DocKeys, f: (kind: number, key: number) => void): void {
  for (const k of keys.shingles) f(KIND.shingles, k | 0);
  for (const k of keys.content) f(KIND.content, k | 0);
}

/** A document's band keys as stored, for an archive's parameters. */
export function storedKeys(params: IndexParams, s: Signatures): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  forEachKey(docBandKeys(s.minShingles, s.minContent, params.bands), (kind, key) => out.push([kind, key]));
  return out;
}

export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Signatures as stored: uint32 little-endian bytes. */
export const sigBytes = (a: Uint32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
export const sigOf = (b: Buffer) => new Uint32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));

/** A document's columns as both backends store them (the text gzipped); `added` is set by the insert. */
export function docRow(d: StoredDoc) {
  return {
    hash: d.hash,
    id: d.hash.slice(0, 12),
    canonical: d.canonical,
    path: d.path,
    bytes: d.bytes,
    words: d.words,
    encoding: d.encoding ?? null,
    title: d.title ?? null,
    url: d.url ?? null,
    date: d.date ?? null,
    minShingles: sigBytes(d.minShingles),
    minContent: sigBytes(d.minContent),
    text: zlib.gzipSync(d.text),
  };
}

export type ListedRow = ListedDoc & { title: string | null; url: string | null; date: string | null };

/** Listed rows without the metadata a document does not have. */
export function listedDocs(rows: readonly ListedRow[]): ListedDoc[] {
  return rows.map((r) => {
    const out: ListedDoc = { id: r.id, path: r.path, bytes: Number(r.bytes), words: Number(r.words), added: r.added };
    for (const k of ['title', 'url', 'date'] as const) if (r[k] !== null) out[k] = r[k];
    return out;
  });
}
