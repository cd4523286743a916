/**
 * The archive on PostgreSQL, against a real server (a throwaway cluster, see pgCluster.ts): the
 * shared suite (indexSuite.ts, as on SQLite), then what only a server has: a server stopped
 * mid-add, schemas that are not ours, TLS, the password in no message.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { cli, seedPath, tmpDir } from './helpers.js';
import { indexStats, oneLine, slowAddUnderway, writeDocs } from './indexHelpers.js';
import { indexSuite } from './indexSuite.js';
import { PG_PASSWORD, startCluster, TLS_USER, type PgCluster } from './pgCluster.js';

let cluster: PgCluster;
let schemas = 0;
/** a new schema's connection string */
const fresh = () => cluster.url(`t${++schemas}`);

beforeAll(async () => {
  cluster = await startCluster();
}, 120_000);
afterAll(() => cluster?.destroy());

indexSuite({ name: 'PostgreSQL', fresh });

const SECRETS = [PG_PASSWORD, encodeURIComponent(PG_PASSWORD)];
const noSecret = (...texts: string[]) => {
  for (const t of texts) for (const s of SECRETS) expect(t).not.toContain(s);
};

describe('PostgreSQL: what only a server has', () => {
  test('the connection string from DUPECHECK_INDEX; stats names the schema and masks the password', () => {
    const db = fresh();
    const add = cli(['index', 'add', seedPath('003')], { env: { DUPECHECK_INDEX: db } });
    expect([add.code, add.stderr]).toEqual([0, '']);
    expect(add.stdout).toMatch(/^added 1 document to postgresql:\/\/dupe:\*\*\*@127\.0\.0\.1:\d+\/postgres\?schema=t\d+ /);
    const stats = cli(['index', 'stats'], { env: { DUPECHECK_INDEX: db } });
    expect(stats.code).toBe(0);
    expect(stats.stdout).toMatch(/^index +postgresql:\/\/dupe:\*\*\*@/m);
    expect(stats.stdout).toMatch(/^size +\d+(\.\d)? (KB|MB) in PostgreSQL/m);
    const json = JSON.parse(cli(['index', 'stats', '--json', '--index', db]).stdout);
    expect(json).toMatchObject({ backend: 'postgresql', documents: 1, schemaVersion: 1 });
    noSecret(add.stdout, stats.stdout, JSON.stringify(json));
  });

  test('PGPASSWORD is honoured for a URL without a password, and never printed', () => {
    const db = cluster.url(`t${++schemas}`, { password: false });
    const env = { PGPASSWORD: PG_PASSWORD };
    const add = cli(['index', 'add', seedPath('003'), '--index', db], { env });
    expect([add.code, add.stderr]).toEqual([0, '']);
    const check = cli(['check', seedPath('001'), '--index', db], { env });
    expect(check.code).toBe(1);
    noSecret(add.stdout, check.stdout, check.stderr);
  });

  test('the password is in no message: errors of every kind are one line, exit 2, masked', () => {
    const db = fresh();
    expect(cli(['index', 'add', seedPath('003'), '--index', db]).code).toBe(0);
    const wrongPassword = db.replace(encodeURIComponent(PG_PASSWORD), encodeURIComponent(PG_PASSWORD + 'x'));
    const cases: Array<[string[], RegExp]> = [
      [['index', 'stats', '--index', wrongPassword], /refused the login at postgresql:\/\/dupe:\*\*\*@/],
      // regression (re-review): no password at all was exit 3, "SASL: ... client password must be a string"
      [['index', 'stats', '--index', db.replace(`:${encodeURIComponent(PG_PASSWORD)}@`, '@')], /^dupecheck: PostgreSQL at postgresql:\/\/dupe@.* asks for a password, and none was given \(in the URL, PGPASSWORD or ~\/\.pgpass\)\n$/],
      [['index', 'stats', '--index', db.replace('/postgres?', '/nodb?')], /no such database at postgresql:\/\/dupe:\*\*\*@/],
      [['index', 'stats', '--index', db.replace(`:${cluster.port}/`, ':1/')], /cannot connect to PostgreSQL at postgresql:\/\/dupe:\*\*\*@127\.0\.0\.1:1\//],
      [['check', seedPath('001'), '--index', db, '--shingle-size', '4'], /was built with --shingle-size 5, not 4/],
      [['index', 'remove', 'nothing-like-this', '--index', db], /not in postgresql:\/\/dupe:\*\*\*@.* \(nothing removed; paths are matched as stored, .*: dupecheck index list shows both\)/],
      [['index', 'stats', '--index', db.replace(/schema=t\d+/, 'schema=Robert;drop')], /invalid schema name "Robert;drop"/],
      [['index', 'stats', '--index', `postgresql://dupe:${encodeURIComponent(PG_PASSWORD)}@[bad`], /not a valid PostgreSQL connection string: postgresql:\/\/dupe:\*\*\*@/],
    ];
    for (const [args, message] of cases) {
      const r = cli(args);
      expect([r.code, r.stdout]).toEqual([2, '']);
      expect(r.stderr).toMatch(message);
      oneLine(r.stderr);
      noSecret(r.stderr);
    }
  });

  test('a database without the schema: check and stats refuse (exit 2, one line) and create nothing', () => {
    const db = cluster.url('never_made');
    for (const args of [['check', seedPath('004')], ['index', 'stats'], ['index', 'list']]) {
      const r = cli([...args, '--index', db]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^dupecheck: no dupecheck index in postgresql:\/\/dupe:\*\*\*@.* \(schema never_made; dupecheck index add creates it\)$/m);
      oneLine(r.stderr);
    }
    expect(cluster.sql("SELECT count(*) FROM pg_namespace WHERE nspname = 'never_made'")).toBe('0');
  });

  test("a schema that holds another application's tables is refused, and left as it was", () => {
    cluster.sql("CREATE SCHEMA other_app; CREATE TABLE other_app.meta (key text, value text); INSERT INTO other_app.meta VALUES ('mine', 'yes')");
    const db = cluster.url('other_app');
    for (const args of [['index', 'add', seedPath('004')], ['check', seedPath('004')], ['index', 'stats']]) {
      const r = cli([...args, '--index', db]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^dupecheck: not a dupecheck index: postgresql:\/\/.* \(schema other_app holds other tables; name another with \?schema=\)$/m);
      oneLine(r.stderr);
    }
    expect(cluster.sql("SELECT string_agg(table_name, ',') FROM information_schema.tables WHERE table_schema = 'other_app'")).toBe('meta');
    expect(cluster.sql('SELECT key || value FROM other_app.meta')).toBe('mineyes');
  });

  test("a role that may not create schemas uses the schema made for it (docs/archive.md's setup for a team)", () => {
    cluster.sql(`CREATE ROLE newsroom LOGIN PASSWORD '${PG_PASSWORD}'; CREATE SCHEMA team AUTHORIZATION newsroom`);
    const db = cluster.url('team', { user: 'newsroom' });
    const add = cli(['index', 'add', seedPath('003'), '--index', db]);
    expect([add.code, add.stderr]).toEqual([0, '']);
    expect(cli(['check', seedPath('001'), '--index', db]).code).toBe(1);
    // and one that may not create it at all is told so, in one line
    const other = cli(['index', 'add', seedPath('003'), '--index', cluster.url('not_made', { user: 'newsroom' })]);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/^dupecheck: not allowed at postgresql:\/\/newsroom:\*\*\*@.*the user needs to create, read and write the schema not_made$/m);
    oneLine(other.stderr);
  });

  test('an index of a later schema version is refused', () => {
    const db = fresh();
    expect(cli(['index', 'add', seedPath('004'), '--index', db]).code).toBe(0);
    cluster.sql(`INSERT INTO t${schemas}.schema_version (version) VALUES (99)`);
    const r = cli(['index', 'stats', '--index', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/has schema version 99; this dupecheck reads up to 1 \(upgrade dupecheck\)/);
    oneLine(r.stderr);
  });

  test('TLS when the URL or PGSSLMODE asks for it (a role that may log in over TLS only)', () => {
    const schema = `t${++schemas}`;
    const plain = cluster.url(schema, { user: TLS_USER });
    const refused = cli(['index', 'add', seedPath('003'), '--index', plain], { env: { PGSSLMODE: 'disable' } });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/refused the login .*no encryption/);
    oneLine(refused.stderr);
    // encrypted, the server's certificate verified against its CA (itself), for the name localhost
    const verified = `${cluster.url(schema, { user: TLS_USER, host: 'localhost' })}&sslmode=verify-full&sslrootcert=${encodeURIComponent(cluster.cert)}`;
    const add = cli(['index', 'add', seedPath('003'), '--index', verified]);
    expect([add.code, add.stderr]).toEqual([0, '']);
    // PGSSLMODE for a URL that does not say; require (libpq's meaning) encrypts without verifying
    const env = cli(['check', seedPath('001'), '--index', plain], { env: { PGSSLMODE: 'require' } });
    expect([env.code, env.stderr]).toEqual([1, '']);
    const required = cli(['index', 'stats', '--index', `${plain}&sslmode=require`]);
    expect([required.code, required.stderr]).toEqual([0, '']); // and no warning from the driver
    const rootcert = cli(['index', 'stats', '--index', plain.replace('127.0.0.1', 'localhost')], { env: { PGSSLMODE: 'verify-full', PGSSLROOTCERT: cluster.cert } });
    expect([rootcert.code, rootcert.stderr]).toEqual([0, '']);
    noSecret(refused.stderr, add.stdout, env.stdout, env.stderr);
    // a certificate that does not verify is one line too
    const untrusted = `${cluster.url(schema, { user: TLS_USER, host: 'localhost' })}&sslmode=verify-full`;
    const bad = cli(['index', 'stats', '--index', untrusted]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/TLS with PostgreSQL at .* failed \(.*(self-signed|certificate)/);
    oneLine(bad.stderr);
    // regression (review): a mode libpq does not know was "the server does not support SSL connections"
    const bogus = cli(['index', 'stats', '--index', `${plain}&sslmode=bogus`]);
    expect([bogus.code, bogus.stderr]).toEqual([2, 'dupecheck: invalid sslmode "bogus": one of disable, allow, prefer, require, verify-ca, verify-full, no-verify\n']);
    expect(cli(['index', 'stats', '--index', plain], { env: { PGSSLMODE: 'on' } }).stderr).toContain('invalid sslmode "on" (from PGSSLMODE)');
  });

  // last: it stops the server (and starts it again)
  test('the server stopped mid-add: one line, exit 2, nothing half-written; adding again completes the index', async () => {
    const dir = tmpDir('dupecheck-index-');
    const db = fresh();
    const schema = `t${schemas}`;
    writeDocs(path.join(dir, 'in'), 30);
    const run = await slowAddUnderway(path.join(dir, 'in'), db, 300);
    cluster.stop('fast');
    let lost;
    try {
      lost = await run.done;
    } finally {
      cluster.start();
    }
    expect(lost.code).toBe(2);
    expect(lost.stderr).toMatch(/^dupecheck: lost the connection to PostgreSQL at postgresql:\/\/dupe:\*\*\*@.* after 5 attempts \(.*\); nothing of the unfinished transaction was committed\n$/);
    oneLine(lost.stderr);
    noSecret(lost.stderr);
    const partial = indexStats(db).documents;
    expect(partial).toBeGreaterThanOrEqual(4);
    expect(partial).toBeLessThan(30);
    expect(partial % 2).toBe(0); // whole chunks of 2, each one transaction
    // every stored document has its band keys: nothing half-written
    expect(cluster.sql(`SELECT count(*) FROM ${schema}.documents d WHERE NOT EXISTS (SELECT 1 FROM ${schema}.bands b WHERE b.doc = d.doc)`)).toBe('0');
    const again = cli(['index', 'add', path.join(dir, 'in'), '--index', db]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`added ${30 - partial} documents`);
    expect(indexStats(db).documents).toBe(30);
    expect(fs.existsSync(dir)).toBe(true);
  }, 60_000);
});
