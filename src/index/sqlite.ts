/**
 * The archive index in one SQLite file (better-sqlite3): the embedded default (see store.ts).
 *
 * Guarantees:
 *  - WAL mode while open, rollback-journal mode at rest (so that a user who cannot write the
 *    folder can read it, opened read-only); every write is one transaction (BEGIN IMMEDIATE), retried on SQLITE_BUSY after the
 *    busy timeout, so concurrent writers wait for each other and lose nothing;
 *  - the WAL file is bounded: a writer that finds it past WAL_LIMIT truncates it after its commit
 *    (with two writers that keep it busy, it was never reset and grew to 76 GB);
 *  - a process killed in the middle of a write leaves the last committed state (SQLite rolls the
 *    open transaction back on the next open);
 *  - a file that is not a dupecheck index is refused before anything is written to it;
 *  - the schema is versioned (meta.schema_version) and migrated on open, in order.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type Database from 'better-sqlite3';
import { createRequire } from 'node:module';
import { UsageError } from '../read/errors.js';
import type { Options } from '../pipeline/options.js';
import { paramsOf, type IndexParams } from './params.js';
import {
  docRow,
  listedDocs,
  FORMAT,
  INDEX_SCHEMA_VERSION,
  keyOrder,
  sigBytes,
  sigOf,
  sleepSync,
  storedKeys,
  type Archive,
  type ArchivedRow,
  type CandidateAnswer,
  type CandidateQuery,
  type IndexStats,
  type ListedDoc,
  type ListedRow,
  type Signatures,
  type StoredDoc,
} from './store.js';

/** better-sqlite3 is loaded when an index is opened: plain scans do not pay for a native module. */
let sqlite: typeof Database | null = null;
const require = createRequire(import.meta.url);
function driver(): typeof Database {
  return (sqlite ??= require('better-sqlite3') as typeof Database);
}

/** Schema migrations, applied in order on open; the last one's version is the current schema. */
const MIGRATIONS: ReadonlyArray<{ version: number; sql: string }> = [
  {
    version: 1,
    sql: `
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      INSERT INTO meta (key, value) VALUES ('format', '${FORMAT}');
      CREATE TABLE documents (
        doc INTEGER PRIMARY KEY,
        hash TEXT NOT NULL UNIQUE,      -- sha256 of the bytes, hex: the same content is stored once
        id TEXT NOT NULL,               -- report id: the first 12 hex digits of hash
        canonical TEXT NOT NULL,        -- sha256 of the canonical text: identical lookups
        path TEXT NOT NULL,             -- as given when added (<file>#<id> for a JSONL article)
        bytes INTEGER NOT NULL,
        words INTEGER NOT NULL,
        encoding TEXT,                  -- set when the file was not UTF-8
        title TEXT, url TEXT, date TEXT,
        added TEXT NOT NULL,            -- ISO 8601
        min_shingles BLOB NOT NULL,     -- MinHash signatures, uint32 little-endian
        min_content BLOB NOT NULL,
        text BLOB NOT NULL              -- gzip of the UTF-8 text as decoded
      );
      CREATE INDEX documents_canonical ON documents (canonical);
      CREATE INDEX documents_id ON documents (id);
      CREATE INDEX documents_path ON documents (path);
      -- kind 0: word-shingle LSH, 1: content-pair LSH; key: the 32-bit band key as a signed int
      CREATE TABLE bands (kind INTEGER NOT NULL, key INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (kind, key, doc)) WITHOUT ROWID;
    `,
  },
];
if (MIGRATIONS[MIGRATIONS.length - 1].version !== INDEX_SCHEMA_VERSION) throw new Error('SQLite migrations do not reach INDEX_SCHEMA_VERSION');

const PAGE_SIZE = 16_384;
const BUSY_TIMEOUT_MS = 5_000;
const BUSY_GIVE_UP_MS = 300_000;
/** A WAL file past this is truncated after a commit. */
const WAL_LIMIT = 256 * 1024 * 1024;

const sqliteCode = (e: unknown): string => (sqlite !== null && e instanceof sqlite.SqliteError ? e.code : '');

/** Run fn, retrying while another process holds the write lock (beyond the busy timeout). */
export function retryBusy<T>(fn: () => T): T {
  const deadline = Date.now() + BUSY_GIVE_UP_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      return fn();
    } catch (e) {
      if (!/^SQLITE_(BUSY|LOCKED)/.test(sqliteCode(e)) || Date.now() > deadline) throw e;
      sleepSync(Math.min(1000, 10 * 2 ** attempt) * (0.5 + Math.random()));
    }
  }
}

/** SQLite errors a user can cause or fix, as one-line usage errors; others pass through. */
export function explainSqliteError(e: unknown, file: string): unknown {
  const code = sqliteCode(e);
  const why = (e as Error).message;
  if (code === 'SQLITE_NOTADB') return new UsageError(`not a dupecheck index: ${file}`);
  if (code.startsWith('SQLITE_CORRUPT')) return new UsageError(`corrupt index: ${file} (${why})`);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return new UsageError(`index ${file} stayed locked by another process for ${BUSY_GIVE_UP_MS / 1000} s`);
  if (code.startsWith('SQLITE_CANTOPEN')) return new UsageError(`cannot open index ${file} (${why})`);
  if (code.startsWith('SQLITE_READONLY')) return new UsageError(`index ${file} is read-only (${why})`);
  if (code === 'SQLITE_FULL') return new UsageError(`disk full writing index ${file}`);
  return e;
}

const sizeOr0 = (file: string) => {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
};

/** Whether the user can write the file and its folder (where SQLite keeps its journal files). */
function writable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.W_OK);
    fs.accessSync(path.dirname(path.resolve(file)), fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Whether a file is empty or starts with SQLite's header ("SQLite format 3" and a NUL). */
function startsAsSqlite(file: string): boolean {
  const head = Buffer.alloc(16);
  const fd = fs.openSync(file, 'r');
  try {
    const n = fs.readSync(fd, head, 0, 16, 0);
    return n === 0 || (n === 16 && head.toString('latin1') === 'SQLite format 3\0');
  } finally {
    fs.closeSync(fd);
  }
}

export class SqliteArchive implements Archive {
  private readonly stmt;
  private readonly insertTx;
  private readonly removeTx;
  readonly params: IndexParams;

  private constructor(
    readonly location: string,
    private readonly db: Database.Database,
    private readonly readOnly = false,
  ) {
    const q = (sql: string) => db.prepare(sql);
    this.stmt = {
      has: q('SELECT 1 FROM documents WHERE hash = ?').pluck(),
      count: q('SELECT count(*) FROM documents').pluck(),
      insertDoc: q(
        `INSERT OR IGNORE INTO documents (hash, id, canonical, path, bytes, words, encoding, title, url, date, added, min_shingles, min_content, text)
         VALUES (@hash, @id, @canonical, @path, @bytes, @words, @encoding, @title, @url, @date, @added, @minShingles, @minContent, @text)`,
      ),
      insertBand: q('INSERT OR IGNORE INTO bands (kind, key, doc) VALUES (?, ?, ?)'),
      deleteBand: q('DELETE FROM bands WHERE kind = ? AND key = ? AND doc = ?'),
      deleteDoc: q('DELETE FROM documents WHERE doc = ?'),
      bucket: q('SELECT doc FROM bands WHERE kind = ? AND key = ? LIMIT ?').pluck(),
      byCanonical: q('SELECT doc FROM documents WHERE canonical = ? LIMIT ?').pluck(),
      byHash: q('SELECT doc, path FROM documents WHERE hash = ?'),
      load: q('SELECT doc, hash, path, bytes, encoding, text FROM documents WHERE doc = ?'),
      signatures: q('SELECT min_shingles, min_content FROM documents WHERE doc = ?'),
      find: q('SELECT doc FROM documents WHERE id = ? OR path = ?').pluck(),
      list: q('SELECT id, path, bytes, words, added, title, url, date FROM documents ORDER BY id, path'),
      sizes: q('SELECT count(*) AS documents, coalesce(sum(bytes), 0) AS bytes, coalesce(sum(length(text)), 0) AS textBytes FROM documents'),
      meta: q('SELECT value FROM meta WHERE key = ?').pluck(),
      setMeta: q('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)'),
      bump: q("INSERT INTO meta (key, value) VALUES ('revision', '1') ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)"),
    };
    this.params = JSON.parse(this.meta('params') ?? 'null') as IndexParams;
    if (!this.params?.bands) throw new UsageError(`not a dupecheck index: ${location} (no parameters)`);
    this.insertTx = db.transaction((rows: ReadonlyArray<{ doc: Record<string, unknown>; keys: Array<[number, number]> }>, added: string, ifRevision: number | null): number | null => {
      // under the write lock (BEGIN IMMEDIATE): no other writer commits between this read and the commit
      if (ifRevision !== null && this.revisionNow() !== ifRevision) return null;
      const bands: number[][] = [];
      let fresh = 0;
      for (const r of rows) {
        const res = this.stmt.insertDoc.run({ ...r.doc, added });
        if (res.changes === 0) continue; // stored already (by an earlier or a concurrent add)
        fresh++;
        const doc = Number(res.lastInsertRowid);
        for (const [kind, key] of r.keys) bands.push([kind, key, doc]);
      }
      // in key order: neighbouring inserts land on the same b-tree pages
      bands.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2]);
      for (const [kind, key, doc] of bands) this.stmt.insertBand.run(kind, key, doc);
      this.stmt.setMeta.run('updated', added);
      if (fresh > 0) this.stmt.bump.run();
      return fresh;
    });
    this.removeTx = db.transaction((docs: readonly number[]) => {
      for (const doc of docs) {
        const s = this.signature(doc);
        // removed by another runner since it was found: nothing left to remove
        if (!s) continue;
        for (const [kind, key] of storedKeys(this.params, s)) this.stmt.deleteBand.run(kind, key, doc);
        this.stmt.deleteDoc.run(doc);
      }
      this.stmt.setMeta.run('updated', new Date().toISOString());
      this.stmt.bump.run();
    });
  }

  /**
   * Open an index file. With `create` (the options of the command that adds), a missing file is
   * created (and its folder); without, a missing file is a usage error.
   */
  static open(file: string, create?: Options): SqliteArchive {
    const exists = fs.existsSync(file);
    if (!exists && !create) throw new UsageError(`no such index: ${file} (dupecheck index add creates it)`);
    if (exists && fs.statSync(file).isDirectory()) throw new UsageError(`${file} is a folder, not an index file`);
    // SQLite takes a file shorter than its 100-byte header for an empty database, and would make
    // a 1-byte file (say) an index: a file that is not empty must start with SQLite's header
    if (exists && !startsAsSqlite(file)) throw new UsageError(`not a dupecheck index: ${file} (not an SQLite file; left untouched)`);
    if (!exists) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    // an index that only answers (check, stats, list) in a file or folder the user cannot write is
    // opened read-only: it is at rest in rollback-journal mode (see close), which needs no -shm file
    const readOnly = exists && !create && !writable(file);
    let db: Database.Database | null = null;
    try {
      db = new (driver())(file, { fileMustExist: !create, readonly: readOnly });
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      const d = db;
      const version = retryBusy(() => schemaVersion(d, file));
      if (version !== null && version > INDEX_SCHEMA_VERSION) {
        throw new UsageError(`index ${file} has schema version ${version}; this dupecheck reads up to ${INDEX_SCHEMA_VERSION} (upgrade dupecheck)`);
      }
      if (version === null && !create) throw new UsageError(`not a dupecheck index: ${file} (an empty database)`);
      if (readOnly) {
        if (version !== null && version < INDEX_SCHEMA_VERSION) {
          throw new UsageError(`index ${file} has schema version ${version} and is read-only here: it is upgraded to ${INDEX_SCHEMA_VERSION} when opened once by a user who can write it`);
        }
        d.pragma('cache_size = -65536');
        return new SqliteArchive(file, d, true);
      }
      // a new file: pages that hold several documents (text and signatures are ~2 KB each)
      if (version === null) d.pragma(`page_size = ${PAGE_SIZE}`);
      if (version === null || version < INDEX_SCHEMA_VERSION) retryBusy(() => d.transaction(() => migrate(d, file, create)).immediate());
      // only now, once the file is known to be ours, may its journal mode change
      retryBusy(() => d.pragma('journal_mode = WAL'));
      d.pragma('synchronous = NORMAL');
      d.pragma('cache_size = -65536');
      return new SqliteArchive(file, d);
    } catch (e) {
      db?.close();
      if (readOnly && /^SQLITE_(READONLY|CANTOPEN)/.test(sqliteCode(e))) {
        // a WAL-mode file needs its -shm file, which this user cannot create
        throw new UsageError(`index ${file} is read-only here and in WAL mode (a writer has it open, or one was stopped mid-run): it can be read once a user who can write it has opened it (dupecheck index stats)`);
      }
      throw explainSqliteError(e, file);
    }
  }

  async close(): Promise<void> {
    // Left in rollback-journal mode when no other process has it open (the switch needs the only
    // connection and folds the WAL into the file): a WAL-mode file can only be read by a user who
    // can create its -shm file beside it, so a read-only copy or folder could not be read. With
    // another connection open the switch fails at once (no busy wait) and the file stays in WAL mode.
    let full = false;
    if (!this.readOnly) {
      try {
        this.db.pragma('busy_timeout = 0');
        this.db.pragma('journal_mode = DELETE');
      } catch (e) {
        // another process has it open (SQLITE_BUSY): it stays in WAL mode; but a full disk is said
        full = sqliteCode(e) === 'SQLITE_FULL';
      }
    }
    this.db.close();
    if (full) {
      // what was committed is in the -wal file: index.db alone (the file a CI cache keeps) is not the archive
      throw new UsageError(
        `disk full writing index ${this.location}: what was added is kept, but only in ${path.basename(this.location)}-wal beside it (SQLite could not fold it back into the file); keep the two together and open the index again once there is room`,
      );
    }
  }

  explain(e: unknown): unknown {
    return explainSqliteError(e, this.location);
  }

  private meta(key: string): string | undefined {
    return this.stmt.meta.get(key) as string | undefined;
  }

  async known(hashes: readonly string[]): Promise<Set<string>> {
    return new Set(hashes.filter((h) => this.stmt.has.get(h) !== undefined));
  }

  async count(): Promise<number> {
    return this.stmt.count.get() as number;
  }

  private revisionNow(): number {
    return Number(this.meta('revision') ?? 0);
  }

  async revision(): Promise<number> {
    return retryBusy(() => this.revisionNow());
  }

  async insert(docs: readonly StoredDoc[]): Promise<number> {
    return (await this.insertIf(docs, null))!;
  }

  async exclusively<T>(f: () => Promise<T>): Promise<T> {
    retryBusy(() => this.db.exec('BEGIN IMMEDIATE'));
    try {
      const r = await f(); // a write inside is a savepoint of this transaction
      this.db.exec('COMMIT');
      return r;
    } catch (e) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw e;
    }
  }

  async insertIf(docs: readonly StoredDoc[], revision: number | null): Promise<number | null> {
    if (docs.length === 0) return 0;
    // everything that takes time is done before the write lock is taken
    const rows = docs.map((d) => ({ doc: docRow(d), keys: storedKeys(this.params, d) }));
    const fresh = retryBusy(() => this.insertTx.immediate(rows, new Date().toISOString(), revision));
    // (inside exclusively the transaction is still open: the WAL is bounded by the next write)
    if (!this.db.inTransaction) this.boundWal();
    return fresh;
  }

  /** Truncate the WAL once it is past WAL_LIMIT (it is only reset when no reader holds it). */
  private boundWal(): void {
    let walBytes = 0;
    try {
      walBytes = fs.statSync(`${this.location}-wal`).size;
    } catch {
      return;
    }
    if (walBytes > WAL_LIMIT) retryBusy(() => this.db.pragma('wal_checkpoint(TRUNCATE)'));
  }

  async candidates(queries: readonly CandidateQuery[], limit: number): Promise<CandidateAnswer[]> {
    const order = keyOrder(queries);
    const buckets = order.kinds.map((kind, i) => this.stmt.bucket.all(kind, order.keys[i], limit) as number[]);
    return queries.map((q, n) => ({
      identical: this.stmt.byCanonical.all(q.canonical, limit) as number[],
      buckets: order.where[n].map((i) => buckets[i]),
    }));
  }

  async byHashes(hashes: readonly string[]): Promise<Map<string, { doc: number; path: string }>> {
    const out = new Map<string, { doc: number; path: string }>();
    for (const h of hashes) {
      const r = this.stmt.byHash.get(h) as { doc: number; path: string } | undefined;
      if (r) out.set(h, r);
    }
    return out;
  }

  /** A document's signatures; undefined when it is not (or no longer) there. */
  private signature(doc: number): Signatures | undefined {
    const s = this.stmt.signatures.get(doc) as { min_shingles: Buffer; min_content: Buffer } | undefined;
    return s && { minShingles: sigOf(s.min_shingles), minContent: sigOf(s.min_content) };
  }

  async signatures(docs: readonly number[]): Promise<Map<number, Signatures>> {
    // in the table's order (see keyOrder); one removed since it was found is left out
    const out = new Map<number, Signatures>();
    for (const d of [...docs].sort((a, b) => a - b)) {
      const s = this.signature(d);
      if (s) out.set(d, s);
    }
    return out;
  }

  async load(docs: readonly number[]): Promise<ArchivedRow[]> {
    const rows: ArchivedRow[] = [];
    for (const doc of docs) {
      const r = this.stmt.load.get(doc) as (Omit<ArchivedRow, 'text'> & { text: Buffer }) | undefined;
      if (r) rows.push({ ...r, text: zlib.gunzipSync(r.text).toString('utf8') });
    }
    return rows;
  }

  async find(idOrPath: string): Promise<number[]> {
    return this.stmt.find.all(idOrPath.replace(/^([0-9a-f]{12})-\d+$/, '$1'), idOrPath) as number[];
  }

  async remove(docs: readonly number[]): Promise<void> {
    retryBusy(() => this.removeTx.immediate(docs));
  }

  async list(): Promise<ListedDoc[]> {
    return listedDocs(this.stmt.list.all() as ListedRow[]);
  }

  async stats(): Promise<IndexStats> {
    const s = this.stmt.sizes.get() as { documents: number; bytes: number; textBytes: number };
    return {
      file: this.location,
      backend: 'sqlite',
      schemaVersion: Number(this.meta('schema_version')),
      documents: s.documents,
      documentBytes: s.bytes,
      textBytesCompressed: s.textBytes,
      // with the WAL (committed documents not yet folded into the file, after a crash)
      fileBytes: fs.statSync(this.location).size + sizeOr0(`${this.location}-wal`),
      params: this.params,
      created: this.meta('created') ?? null,
      updated: this.meta('updated') ?? null,
    };
  }
}

/** The schema version of an open database: null when it has no tables yet; throws if not ours. */
function schemaVersion(db: Database.Database, file: string): number | null {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
  if (tables.length === 0) return null;
  const notOurs = new UsageError(`not a dupecheck index: ${file}`);
  if (!tables.includes('meta')) throw notOurs;
  const get = (k: string) => db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(k) as string | undefined;
  const version = Number(get('schema_version'));
  if (get('format') !== FORMAT || !Number.isInteger(version)) throw notOurs;
  return version;
}

/** Inside a write transaction: create or upgrade the schema (another process may have done it). */
function migrate(db: Database.Database, file: string, create?: Options): void {
  const from = schemaVersion(db, file);
  if (from === null && !create) throw new UsageError(`not a dupecheck index: ${file} (an empty database)`);
  for (const m of MIGRATIONS) if (from === null || m.version > from) db.exec(m.sql);
  const set = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
  set.run('schema_version', String(INDEX_SCHEMA_VERSION));
  if (from === null && create) {
    set.run('params', JSON.stringify(paramsOf(create)));
    set.run('created', new Date().toISOString());
  }
}
