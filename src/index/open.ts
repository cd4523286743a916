/**
 * Opening the archive: the one module that knows both backends. The backends import the
 * interface and its helpers from store.ts; this module loads the one named, when it is named
 * (PostgreSQL's driver and better-sqlite3 are not loaded by a plain scan).
 */
import type { Options } from '../types.js';
import type { Archive } from './store.js';

/** Whether an index name is a PostgreSQL connection string. */
export const isPostgresUrl = (s: string) => /^postgres(ql)?:\/\//i.test(s);

/**
 * Open the index named `location`. With `create` (the options of the command that adds), a missing
 * index is created; without, it is a usage error.
 */
export async function openArchive(location: string, create?: Options): Promise<Archive> {
  if (isPostgresUrl(location)) {
    const { PostgresArchive } = await import('./postgres.js');
    return PostgresArchive.open(location, create);
  }
  const { SqliteArchive } = await import('./sqlite.js');
  return SqliteArchive.open(location, create);
}
