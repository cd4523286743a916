/**
 * A throwaway PostgreSQL cluster for the tests: initdb and pg_ctl (Debian's postgresql package,
 * /usr/lib/postgresql/<version>/bin) in a temporary folder, on a free local port, with a password
 * login over TCP. PostgreSQL refuses to run as root: when the tests run as root (as CI does), the
 * server runs as the `postgres` user (or `nobody`) through runuser.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

/** A password with characters a URL must encode: it must appear in no message, encoded or not. */
export const PG_PASSWORD = 'Pw:s3cr/t@x';
export const PG_USER = 'dupe';
/** a role that may log in over TLS only */
export const TLS_USER = 'tls_only';

export interface PgCluster {
  port: number;
  dir: string;
  /** a connection string for a schema of its own (a fresh, empty index) */
  url(schema: string, opts?: { password?: boolean; user?: string; host?: string }): string;
  /** the server's self-signed certificate (CN localhost) */
  cert: string;
  /** psql -c as the superuser; returns stdout */
  sql(query: string): string;
  stop(mode?: 'fast' | 'immediate'): void;
  start(): void;
  destroy(): void;
}

export function postgresBin(): string | null {
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) return null;
  const versions = fs
    .readdirSync(base)
    .filter((v) => fs.existsSync(path.join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(base, versions[0], 'bin') : null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** The unprivileged user the server runs as when we are root, or null to run it as ourselves. */
function serverUser(): string | null {
  if (process.getuid?.() !== 0) return null;
  for (const u of ['postgres', 'nobody']) if (spawnSync('id', ['-u', u]).status === 0) return u;
  throw new Error('running as root, and neither a postgres nor a nobody user to run PostgreSQL as');
}

export async function startCluster(): Promise<PgCluster> {
  const bin = postgresBin();
  if (!bin) throw new Error("PostgreSQL's server is not installed (apt-get install -y postgresql; .ci/run does it)");
  const user = serverUser();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dupecheck-pg-'));
  const data = path.join(dir, 'data');
  const pwfile = path.join(dir, 'pw');
  fs.writeFileSync(pwfile, PG_PASSWORD + '\n');
  if (user) spawnSync('chown', ['-R', user, dir]);
  const run = (cmd: string, args: string[]) => {
    const [exe, argv] = user ? ['runuser', ['-u', user, '--', path.join(bin, cmd), ...args]] : [path.join(bin, cmd), args];
    const r = spawnSync(exe, argv, { encoding: 'utf8', cwd: dir });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}${r.stdout}`);
    return r.stdout;
  };
  run('initdb', ['-D', data, '-U', PG_USER, `--pwfile=${pwfile}`, '--auth-host=scram-sha-256', '--auth-local=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  // TLS: a self-signed certificate for localhost; the role TLS_USER may log in over TLS only
  const cert = path.join(dir, 'server.crt');
  const key = path.join(dir, 'server.key');
  const ssl = spawnSync('openssl', ['req', '-new', '-x509', '-days', '2', '-nodes', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost', '-keyout', key, '-out', cert], { encoding: 'utf8' });
  if (ssl.status !== 0) throw new Error(`openssl: ${ssl.stderr}`);
  fs.chmodSync(key, 0o600);
  if (user) spawnSync('chown', [user, key, cert]);
  const hba = path.join(data, 'pg_hba.conf');
  fs.writeFileSync(hba, `hostnossl all ${TLS_USER} 127.0.0.1/32 reject\nhostssl all ${TLS_USER} 127.0.0.1/32 scram-sha-256\n` + fs.readFileSync(hba, 'utf8'));
  const port = await freePort();
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50 -c ssl=on -c ssl_cert_file=${cert} -c ssl_key_file=${key}`;
  const start = () => void run('pg_ctl', ['-D', data, '-o', opts, '-l', path.join(dir, 'log'), '-w', '-t', '60', 'start']);
  start();
  const psql = (query: string) => run('psql', ['-h', dir, '-p', String(port), '-U', PG_USER, '-d', 'postgres', '-X', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', query]).trim();
  psql(`CREATE ROLE ${TLS_USER} LOGIN SUPERUSER PASSWORD '${PG_PASSWORD}'`);
  return {
    port,
    dir,
    cert,
    url: (schema, o = {}) => `postgresql://${o.user ?? PG_USER}${o.password === false ? '' : ':' + encodeURIComponent(PG_PASSWORD)}@${o.host ?? '127.0.0.1'}:${port}/postgres?schema=${schema}`,
    sql: psql,
    stop: (mode = 'fast') => void run('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']),
    start,
    destroy: () => {
      spawnSync(user ? 'runuser' : path.join(bin, 'pg_ctl'), user ? ['-u', user, '--', path.join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', 'stop'] : ['-D', data, '-m', 'immediate', 'stop']);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
