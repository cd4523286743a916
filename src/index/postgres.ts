/**
 * The archive index in PostgreSQL (`--index postgresql://user@host:5432/db`): one schema (default
 * `dupecheck`, or `?schema=name` in the URL, or $DUPECHECK_INDEX_SCHEMA) shared by every process
 * and machine that names it. The driver is `pg`, pooled; PGHOST, PGUSER, PGPASSWORD, PGSSLMODE…
 * are honoured, and TLS is used when the URL (sslmode=…) or PGSSLMODE asks for it, with libpq's
 * meaning of the modes.
 *
 * Guarantees:
 *  - the schema is versioned (its schema_version table) and migrated on open under an advisory
 *    lock, so that two processes creating one index at once create it once; a schema that holds
 *    other tables, or a newer version, is refused before anything is written;
 *  - every write is one transaction: documents by a multi-row INSERT … ON CONFLICT (hash) DO
 *    NOTHING (the same content is stored once, whoever adds it), their band keys likewise; a
 *    process killed mid-write leaves nothing of its open transaction;
 *  - serialisation failures, deadlocks and lost connections are retried with backoff, MAX_ATTEMPTS
 *    times in all; then the error is one line (a password never in it) and exit 2;
 *  - SQL is parameterised throughout; the schema name, the one identifier spliced in, is validated.
 */
import pg from 'pg';
import { UsageError } from '../read/errors.js';
import type { Options } from '../pipeline/options.js';
import { paramsOf, type IndexParams } from './params.js';
import {
  docRow,
  FORMAT,
  keyOrder,
  maskUrlText,
  INDEX_SCHEMA_VERSION,
  listedDocs,
  sigOf,
  sleep,
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

export const DEFAULT_SCHEMA = 'dupecheck';
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const MAX_ATTEMPTS = 5;
const POOL_SIZE = 8;
/** Band keys below which a check's lookup is one query (above, up to POOL_SIZE queries at once). */
const KEYS_A_QUERY = 5_000;

/** Bounds of up to POOL_SIZE equal ranges of n items, each of at least `least` (one range below). */
function ranges(n: number, least: number): number[] {
  const parts = Math.max(1, Math.min(POOL_SIZE, Math.floor(n / least)));
  return Array.from({ length: parts + 1 }, (_, p) => Math.round((p * n) / parts));
}

/** Migrations, in order; `S` is the schema, quoted. Each runs in the transaction that records its version. */
const MIGRATIONS: ReadonlyArray<{ version: number; sql: (S: string) => string }> = [
  {
    version: 1,
    sql: (S) => `
      CREATE TABLE ${S}.meta (key text PRIMARY KEY, value text NOT NULL);
      CREATE TABLE ${S}.documents (
        doc bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        hash text NOT NULL UNIQUE,   -- sha256 of the bytes, hex: the same content is stored once
        id text NOT NULL,            -- report id: the first 12 hex digits of hash
        canonical text NOT NULL,     -- sha256 of the canonical text: identical lookups
        path text NOT NULL,          -- as given when added (<file>#<id> for a JSONL article)
        bytes bigint NOT NULL,
        words integer NOT NULL,
        encoding text, title text, url text, date text,
        added text NOT NULL,         -- ISO 8601
        min_shingles bytea NOT NULL, -- MinHash signatures, uint32 little-endian
        min_content bytea NOT NULL,
        text bytea NOT NULL          -- gzip of the UTF-8 text as decoded
      );
      ALTER TABLE ${S}.documents ALTER COLUMN text SET STORAGE EXTERNAL; -- gzip already: no second compression
      CREATE INDEX documents_canonical ON ${S}.documents (canonical);
      CREATE INDEX documents_id ON ${S}.documents (id);
      CREATE INDEX documents_path ON ${S}.documents (path);
      -- kind 0: word-shingle LSH, 1: content-pair LSH; key: the 32-bit band key as a signed int
      CREATE TABLE ${S}.bands (kind smallint NOT NULL, key integer NOT NULL, doc bigint NOT NULL, PRIMARY KEY (kind, key, doc));
    `,
  },
];
if (MIGRATIONS[MIGRATIONS.length - 1].version !== INDEX_SCHEMA_VERSION) throw new Error('PostgreSQL migrations do not reach INDEX_SCHEMA_VERSION');

interface Target {
  connectionString: string;
  schema: string;
  /** the URL with its password masked */
  display: string;
  secrets: string[];
}

/** The connection string without dupecheck's own `schema` parameter, the schema, and what to mask. */
export function parseTarget(location: string, env: NodeJS.ProcessEnv = process.env): Target {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    throw new UsageError(`not a valid PostgreSQL connection string: ${maskUrlText(location)}`);
  }
  const secrets = [url.password, url.searchParams.get('password') ?? '', env.PGPASSWORD ?? ''].filter((s) => s !== '');
  const schema = url.searchParams.get('schema') ?? (env.DUPECHECK_INDEX_SCHEMA || DEFAULT_SCHEMA);
  url.searchParams.delete('schema');
  // TLS as libpq's users expect it: sslmode=require encrypts without verifying the certificate
  // (unless sslrootcert is given), verify-ca and verify-full verify it; PGSSLMODE and
  // PGSSLROOTCERT apply when the URL does not say (pg alone takes require for verify-full)
  const mode = url.searchParams.get('sslmode') ?? env.PGSSLMODE;
  // libpq's modes, as libpq refuses others (pg took "bogus" for "the server does not support SSL")
  if (mode && !SSL_MODES.includes(mode)) {
    throw new UsageError(`invalid sslmode ${JSON.stringify(mode)}${url.searchParams.has('sslmode') ? '' : ' (from PGSSLMODE)'}: one of ${SSL_MODES.join(', ')}`);
  }
  if (mode && !url.searchParams.has('sslmode')) url.searchParams.set('sslmode', mode);
  if (mode && env.PGSSLROOTCERT && !url.searchParams.has('sslrootcert')) url.searchParams.set('sslrootcert', env.PGSSLROOTCERT);
  if (mode && mode !== 'no-verify' && !url.searchParams.has('uselibpqcompat')) url.searchParams.set('uselibpqcompat', 'true');
  const shown = new URL(location);
  if (shown.password) shown.password = '***';
  if (shown.searchParams.has('password')) shown.searchParams.set('password', '***');
  const display = mask(decodeURIComponent(shown.toString()), secrets);
  if (!SCHEMA_NAME.test(schema)) {
    throw new UsageError(`invalid schema name ${JSON.stringify(mask(schema, secrets))} for ${display}: lower-case letters, digits and _, starting with a letter or _, at most 63 characters`);
  }
  return { connectionString: url.toString(), schema, display, secrets };
}

/** libpq's sslmode values (and node-postgres's no-verify). */
const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify'];

/** Text with every secret (as written, and URL-encoded) replaced by ***. */
function mask(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) for (const form of new Set([s, encodeURIComponent(s)])) out = out.split(form).join('***');
  return out;
}
/** A connection string we could not parse: whatever sits between "user:" and "@" is masked. */

const errCode = (e: unknown): string => String((e as { code?: unknown })?.code ?? '');
const CONNECTION_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);
const isConnectionError = (e: unknown) => CONNECTION_CODES.has(errCode(e)) || /Connection terminated|connection timeout|Client has encountered a connection error/i.test((e as Error)?.message ?? '');
/** Errors worth another attempt: serialisation failure, deadlock, a connection lost or refused. */
const isTransient = (e: unknown) => ['40001', '40P01'].includes(errCode(e)) || isConnectionError(e);

export class PostgresArchive implements Archive {
  readonly location: string;
  private readonly S: string;
  private constructor(
    private readonly target: Target,
    private readonly pool: pg.Pool,
    readonly params: IndexParams,
  ) {
    this.location = target.display;
    this.S = `"${target.schema}"`;
  }

  static async open(location: string, create?: Options): Promise<PostgresArchive> {
    const target = parseTarget(location);
    const pool = new pg.Pool({ connectionString: target.connectionString, max: POOL_SIZE, connectionTimeoutMillis: 15_000, application_name: 'dupecheck' });
    // an idle client whose server went away: the next query meets the error and reports it
    pool.on('error', () => {});
    try {
      const params = await retry(() => openSchema(pool, target, create));
      return new PostgresArchive(target, pool, params);
    } catch (e) {
      await pool.end().catch(() => {});
      throw explainPgError(e, target);
    }
  }

  explain(e: unknown): unknown {
    return explainPgError(e, this.target, true);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async q<R extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<R[]> {
    return (await retry(() => this.pool.query<R>(sql, values))).rows;
  }

  private tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    return retry(() => transaction(this.pool, fn));
  }

  async count(): Promise<number> {
    const [r] = await this.q<{ n: string }>(`SELECT count(*) AS n FROM ${this.S}.documents`);
    return Number(r.n);
  }

  async known(hashes: readonly string[]): Promise<Set<string>> {
    if (!hashes.length) return new Set();
    const rows = await this.q<{ hash: string }>(`SELECT hash FROM ${this.S}.documents WHERE hash = ANY($1::text[])`, [hashes]);
    return new Set(rows.map((r) => r.hash));
  }

  async revision(): Promise<number> {
    const [r] = await this.q<{ value: string }>(`SELECT value FROM ${this.S}.meta WHERE key = 'revision'`);
    return Number(r?.value ?? 0);
  }

  async insert(docs: readonly StoredDoc[]): Promise<number> {
    return (await this.insertIf(docs, null))!;
  }

  /** Whether this process holds the exclusive lock (exclusively): its own writes take no shared one. */
  private exclusive = false;

  /** Every write takes the schema's advisory lock shared, so that exclusively keeps writers out. */
  private async sharedLock(c: pg.PoolClient): Promise<void> {
    if (!this.exclusive) await c.query('SELECT pg_advisory_xact_lock_shared(hashtext($1))', [`dupecheck:${this.target.schema}`]);
  }

  async exclusively<T>(f: () => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query('SELECT pg_advisory_lock(hashtext($1))', [`dupecheck:${this.target.schema}`]);
      this.exclusive = true;
      try {
        return await f();
      } finally {
        this.exclusive = false;
        await c.query('SELECT pg_advisory_unlock(hashtext($1))', [`dupecheck:${this.target.schema}`]);
      }
    } finally {
      c.release();
    }
  }

  async insertIf(docs: readonly StoredDoc[], revision: number | null): Promise<number | null> {
    if (docs.length === 0) return 0;
    // in hash order: two writers that add the same documents lock them in the same order
    const rows = docs.map((d) => ({ row: docRow(d), keys: storedKeys(this.params, d) })).sort((a, b) => (a.row.hash < b.row.hash ? -1 : a.row.hash > b.row.hash ? 1 : 0));
    const keysOf = new Map<string, Array<[number, number]>>();
    for (const r of rows) if (!keysOf.has(r.row.hash)) keysOf.set(r.row.hash, r.keys);
    const col = <K extends keyof ReturnType<typeof docRow>>(k: K) => rows.map((r) => r.row[k]);
    const added = new Date().toISOString();
    return this.tx(async (c) => {
      await this.sharedLock(c);
      if (revision !== null) {
        // the revision row locked first: writers that commit meanwhile wait, and one that
        // committed since the check is seen (a locking read sees the latest committed row)
        await c.query(`INSERT INTO ${this.S}.meta (key, value) VALUES ('revision', '0') ON CONFLICT (key) DO NOTHING`);
        const [r] = (await c.query<{ value: string }>(`SELECT value FROM ${this.S}.meta WHERE key = 'revision' FOR UPDATE`)).rows;
        if (Number(r.value) !== revision) return null;
      }
      const fresh = await c.query<{ doc: string; hash: string }>(
        `INSERT INTO ${this.S}.documents (hash, id, canonical, path, bytes, words, encoding, title, url, date, added, min_shingles, min_content, text)
         SELECT h, i, c, p, b, w, e, t, u, d, $11, ms, mc, x
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::integer[], $7::text[], $8::text[], $9::text[], $10::text[], $12::bytea[], $13::bytea[], $14::bytea[])
           AS v(h, i, c, p, b, w, e, t, u, d, ms, mc, x)
         ON CONFLICT (hash) DO NOTHING
         RETURNING doc, hash`,
        [col('hash'), col('id'), col('canonical'), col('path'), col('bytes'), col('words'), col('encoding'), col('title'), col('url'), col('date'), added, col('minShingles'), col('minContent'), col('text')],
      );
      const bands: Array<[number, number, number]> = [];
      for (const r of fresh.rows) for (const [kind, key] of keysOf.get(r.hash)!) bands.push([kind, key, Number(r.doc)]);
      // in key order: neighbouring inserts land on the same index pages
      bands.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2]);
      if (bands.length) {
        await c.query(`INSERT INTO ${this.S}.bands (kind, key, doc) SELECT * FROM unnest($1::smallint[], $2::integer[], $3::bigint[]) ON CONFLICT DO NOTHING`, [
          bands.map((b) => b[0]),
          bands.map((b) => b[1]),
          bands.map((b) => b[2]),
        ]);
      }
      // last, so that concurrent writers wait for these rows' locks only while they commit
      await setMeta(c, this.S, 'updated', added);
      if (fresh.rowCount) await bump(c, this.S);
      return fresh.rowCount ?? 0;
    });
  }

  async candidates(queries: readonly CandidateQuery[], limit: number): Promise<CandidateAnswer[]> {
    // each distinct key and canonical hash asked once, the keys in the index's order, in up to
    // POOL_SIZE ranges looked up at once: on a cold cache each key is a random read of the index,
    // and the server reads several at a time
    const { kinds, keys, where } = keyOrder(queries);
    const canonicals = [...new Set(queries.map((q) => q.canonical))];
    const bounds = ranges(keys.length, KEYS_A_QUERY);
    const [identicalRows, ...bucketRows] = await Promise.all([
      this.q<{ i: string; doc: string }>(
        `SELECT c.i, d.doc FROM unnest($1::text[]) WITH ORDINALITY AS c(canonical, i)
           CROSS JOIN LATERAL (SELECT doc FROM ${this.S}.documents WHERE canonical = c.canonical ORDER BY doc LIMIT $2) d`,
        [canonicals, limit],
      ),
      ...bounds.slice(0, -1).map((from, p) =>
        this.q<{ i: string; doc: string }>(
          `SELECT $4::integer + k.i AS i, b.doc FROM unnest($1::smallint[], $2::integer[]) WITH ORDINALITY AS k(kind, key, i)
             CROSS JOIN LATERAL (SELECT doc FROM ${this.S}.bands WHERE kind = k.kind AND key = k.key ORDER BY doc LIMIT $3) b`,
          [kinds.slice(from, bounds[p + 1]), keys.slice(from, bounds[p + 1]), limit, from],
        ),
      ),
    ]);
    const buckets: number[][] = kinds.map(() => []);
    const identical: number[][] = canonicals.map(() => []);
    for (const rows of bucketRows) for (const r of rows) buckets[Number(r.i) - 1].push(Number(r.doc));
    for (const r of identicalRows) identical[Number(r.i) - 1].push(Number(r.doc));
    for (const list of [...buckets, ...identical]) list.sort((a, b) => a - b);
    const canonicalAt = new Map(canonicals.map((c, i) => [c, i]));
    return queries.map((q, n) => ({ identical: identical[canonicalAt.get(q.canonical)!], buckets: where[n].map((i) => buckets[i]) }));
  }

  async byHashes(hashes: readonly string[]): Promise<Map<string, { doc: number; path: string }>> {
    if (!hashes.length) return new Map();
    const rows = await this.q<{ hash: string; doc: string; path: string }>(`SELECT hash, doc, path FROM ${this.S}.documents WHERE hash = ANY($1::text[])`, [hashes]);
    return new Map(rows.map((r) => [r.hash, { doc: Number(r.doc), path: r.path }]));
  }

  async signatures(docs: readonly number[]): Promise<Map<number, Signatures>> {
    if (!docs.length) return new Map();
    // in ranges of documents read at once, as the band keys are (candidates)
    const sorted = [...docs].sort((a, b) => a - b);
    const bounds = ranges(sorted.length, KEYS_A_QUERY / 4);
    const parts = await Promise.all(
      bounds.slice(0, -1).map((from, p) =>
        this.q<{ doc: string; min_shingles: Buffer; min_content: Buffer }>(`SELECT doc, min_shingles, min_content FROM ${this.S}.documents WHERE doc = ANY($1::bigint[])`, [sorted.slice(from, bounds[p + 1])]),
      ),
    );
    return new Map(parts.flat().map((r) => [Number(r.doc), { minShingles: sigOf(r.min_shingles), minContent: sigOf(r.min_content) }]));
  }

  async load(docs: readonly number[]): Promise<ArchivedRow[]> {
    if (!docs.length) return [];
    const rows = await this.q<{ doc: string; hash: string; path: string; bytes: string; encoding: string | null; text: Buffer }>(
      `SELECT doc, hash, path, bytes, encoding, text FROM ${this.S}.documents WHERE doc = ANY($1::bigint[])`,
      [docs],
    );
    const byDoc = new Map(rows.map((r) => [Number(r.doc), r]));
    const { gunzipSync } = await import('node:zlib');
    return docs.flatMap((doc) => {
      const r = byDoc.get(doc);
      return r ? [{ doc, hash: r.hash, path: r.path, bytes: Number(r.bytes), encoding: r.encoding, text: gunzipSync(r.text).toString('utf8') }] : [];
    });
  }

  async find(idOrPath: string): Promise<number[]> {
    const rows = await this.q<{ doc: string }>(`SELECT doc FROM ${this.S}.documents WHERE id = $1 OR path = $2 ORDER BY doc`, [idOrPath.replace(/^([0-9a-f]{12})-\d+$/, '$1'), idOrPath]);
    return rows.map((r) => Number(r.doc));
  }

  async remove(docs: readonly number[]): Promise<void> {
    await this.tx(async (c) => {
      await this.sharedLock(c);
      const sigs = await c.query<{ doc: string; min_shingles: Buffer; min_content: Buffer }>(`SELECT doc, min_shingles, min_content FROM ${this.S}.documents WHERE doc = ANY($1::bigint[]) FOR UPDATE`, [docs]);
      const bands: Array<[number, number, number]> = [];
      for (const r of sigs.rows) for (const [kind, key] of storedKeys(this.params, { minShingles: sigOf(r.min_shingles), minContent: sigOf(r.min_content) })) bands.push([kind, key, Number(r.doc)]);
      await c.query(`DELETE FROM ${this.S}.bands b USING unnest($1::smallint[], $2::integer[], $3::bigint[]) AS v(kind, key, doc) WHERE b.kind = v.kind AND b.key = v.key AND b.doc = v.doc`, [
        bands.map((b) => b[0]),
        bands.map((b) => b[1]),
        bands.map((b) => b[2]),
      ]);
      await c.query(`DELETE FROM ${this.S}.documents WHERE doc = ANY($1::bigint[])`, [docs]);
      await setMeta(c, this.S, 'updated', new Date().toISOString());
      await bump(c, this.S);
    });
  }

  async list(): Promise<ListedDoc[]> {
    // byte order, as SQLite sorts: the database's collation would sort paths otherwise
    return listedDocs(await this.q<ListedRow>(`SELECT id, path, bytes, words, added, title, url, date FROM ${this.S}.documents ORDER BY id COLLATE "C", path COLLATE "C"`));
  }

  async stats(): Promise<IndexStats> {
    const [s] = await this.q<{ documents: string; bytes: string; text_bytes: string }>(
      `SELECT count(*) AS documents, coalesce(sum(bytes), 0) AS bytes, coalesce(sum(octet_length(text)), 0) AS text_bytes FROM ${this.S}.documents`,
    );
    const [size] = await this.q<{ bytes: string }>(
      `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'`,
      [this.target.schema],
    );
    const meta = new Map((await this.q<{ key: string; value: string }>(`SELECT key, value FROM ${this.S}.meta`)).map((r) => [r.key, r.value]));
    const [v] = await this.q<{ version: number }>(`SELECT max(version) AS version FROM ${this.S}.schema_version`);
    return {
      file: this.location,
      backend: 'postgresql',
      schemaVersion: v.version,
      documents: Number(s.documents),
      documentBytes: Number(s.bytes),
      textBytesCompressed: Number(s.text_bytes),
      fileBytes: Number(size.bytes),
      params: this.params,
      created: meta.get('created') ?? null,
      updated: meta.get('updated') ?? null,
    };
  }
}

/** One more write to the documents (see Archive.revision). */
const bump = (c: pg.PoolClient, S: string) =>
  c.query(`INSERT INTO ${S}.meta (key, value) VALUES ('revision', '1') ON CONFLICT (key) DO UPDATE SET value = (${S}.meta.value::bigint + 1)::text`);

const setMeta = (c: pg.PoolClient, S: string, key: string, value: string) =>
  c.query(`INSERT INTO ${S}.meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [key, value]);

/** fn in one transaction on one pooled connection; a connection that failed is not given back to the pool. */
async function transaction<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  let broken: Error | undefined;
  try {
    await c.query('BEGIN');
    const r = await fn(c);
    await c.query('COMMIT');
    return r;
  } catch (e) {
    if (isConnectionError(e)) broken = e as Error;
    else await c.query('ROLLBACK').catch((x: Error) => (broken = x));
    throw e;
  } finally {
    c.release(broken);
  }
}

/** fn, again after a transient error (with exponential backoff and jitter), MAX_ATTEMPTS times in all. */
async function retry<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!isTransient(e) || attempt >= MAX_ATTEMPTS) throw e;
      await sleep(Math.min(2000, 100 * 2 ** attempt) * (0.5 + Math.random()));
    }
  }
}

/** Check the schema (create or migrate it when adding); returns the index's parameters. */
async function openSchema(pool: pg.Pool, t: Target, create?: Options): Promise<IndexParams> {
  const S = `"${t.schema}"`;
  const version = await schemaVersion(pool, t);
  if (version !== null && version > INDEX_SCHEMA_VERSION) {
    throw new UsageError(`index ${t.display} (schema ${t.schema}) has schema version ${version}; this dupecheck reads up to ${INDEX_SCHEMA_VERSION} (upgrade dupecheck)`);
  }
  if (version === null && !create) throw new UsageError(`no dupecheck index in ${t.display} (schema ${t.schema}; dupecheck index add creates it)`);
  if (version === null || version < INDEX_SCHEMA_VERSION) {
    await transaction(pool, async (c) => {
      // one creator at a time; the others find the schema made
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`dupecheck:${t.schema}`]);
      const now = await schemaVersion(c, t);
      if (now === null) {
        // a schema made for dupecheck beforehand (CREATE SCHEMA … AUTHORIZATION) is used as it is:
        // its owner may not be allowed CREATE SCHEMA, even IF NOT EXISTS
        const made = await c.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [t.schema]);
        if (made.rowCount === 0) await c.query(`CREATE SCHEMA ${S}`);
        await c.query(`CREATE TABLE ${S}.schema_version (version integer PRIMARY KEY, applied timestamptz NOT NULL DEFAULT now())`);
      }
      for (const m of MIGRATIONS) {
        if (now !== null && m.version <= now) continue;
        await c.query(m.sql(S));
        await c.query(`INSERT INTO ${S}.schema_version (version) VALUES ($1)`, [m.version]);
      }
      if (now === null) {
        await setMeta(c, S, 'format', FORMAT);
        await setMeta(c, S, 'params', JSON.stringify(paramsOf(create!)));
        await setMeta(c, S, 'created', new Date().toISOString());
      }
    });
  }
  const rows = await pool.query<{ value: string }>(`SELECT value FROM ${S}.meta WHERE key = 'params'`);
  const params = JSON.parse(rows.rows[0]?.value ?? 'null') as IndexParams | null;
  if (!params?.bands) throw new UsageError(`not a dupecheck index: ${t.display} (schema ${t.schema} has no parameters)`);
  return params;
}

/** The schema's version: null when the schema is missing or empty; throws if it holds anything else. */
async function schemaVersion(db: pg.Pool | pg.PoolClient, t: Target): Promise<number | null> {
  const tables = (await db.query<{ relname: string }>(`SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f')`, [t.schema])).rows.map(
    (r) => r.relname,
  );
  if (tables.length === 0) return null;
  const notOurs = new UsageError(`not a dupecheck index: ${t.display} (schema ${t.schema} holds other tables; name another with ?schema=)`);
  if (!tables.includes('schema_version') || !tables.includes('meta')) throw notOurs;
  const S = `"${t.schema}"`;
  const format = (await db.query<{ value: string }>(`SELECT value FROM ${S}.meta WHERE key = 'format'`)).rows[0]?.value;
  const version = (await db.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${S}.schema_version`)).rows[0]?.v;
  if (format !== FORMAT || version === null || version === undefined) throw notOurs;
  return version;
}

/**
 * PostgreSQL and connection errors as one-line usage errors naming the index (password masked);
 * others pass through, masked too. `inUse`: the index was open (a connection lost is then "lost").
 */
function explainPgError(e: unknown, t: Target, inUse = false): unknown {
  const m = (s: string) => mask(s, t.secrets);
  if (e instanceof UsageError) return new UsageError(m(e.message));
  const code = errCode(e);
  const why = m((e as Error)?.message ?? String(e)) || code;
  const at = t.display;
  // the server gone while in use (a refused reconnection included): what was being written was not committed
  if (inUse && isConnectionError(e)) return new UsageError(`lost the connection to PostgreSQL at ${at} after ${MAX_ATTEMPTS} attempts (${why}); nothing of the unfinished transaction was committed`);
  if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code)) return new UsageError(`cannot connect to PostgreSQL at ${at} (${why})`);
  if (code === '28P01' || code === '28000') return new UsageError(`PostgreSQL refused the login at ${at} (${why})`);
  // node-postgres's own words when the server asks for a password that was not given
  if (/client password must be a string/.test(why)) return new UsageError(`PostgreSQL at ${at} asks for a password, and none was given (in the URL, PGPASSWORD or ~/.pgpass)`);
  if (code === '3D000') return new UsageError(`no such database at ${at} (${why})`);
  if (code === '42501') return new UsageError(`not allowed at ${at} (${why}): the user needs to create, read and write the schema ${t.schema}`);
  if (code === '53100') return new UsageError(`PostgreSQL at ${at} is out of disk space (${why})`);
  if (code === '40001' || code === '40P01') return new UsageError(`gave up at ${at} after ${MAX_ATTEMPTS} attempts (${why}); nothing of the last transaction was committed`);
  if (isConnectionError(e)) return new UsageError(`lost the connection to PostgreSQL at ${at} after ${MAX_ATTEMPTS} attempts (${why}); nothing of the unfinished transaction was committed`);
  if (code === 'ENOENT' || code === 'EACCES') return new UsageError(`cannot read a file the connection to ${at} names (${why})`);
  if (/SSL|TLS|certificate/i.test(why)) return new UsageError(`TLS with PostgreSQL at ${at} failed (${why})`);
  if (e instanceof Error) {
    const masked = new Error(why);
    masked.stack = m(e.stack ?? '');
    return masked;
  }
  return e;
}
