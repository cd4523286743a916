/**
 * Opening the archive: the one module that knows both backends. The backends import the
 * interface and its helpers from store.ts; this module loads the one named, when it is named
 * (PostgreSQL's driver and better-sqlite3 are not loaded by a plain scan).
 */
import type { Options } from '../types.js';
import { maskUrlText, type Archive } from './store.js';
import { UsageError } from '../read/errors.js';

/**
 * Whether an index name was meant as a URL: a scheme and "://" (or a mistyped "postgres:/",
 * "postgresql:user", "postgres//"), not a file name (a Windows drive "C:" has one letter).
 */
const looksLikeUrl = (s: string) => /^[a-z][a-z0-9+.-]+:\/\//i.test(s) || /^postgres(ql)?(:|\/\/)/i.test(s);

/** Whether an index name is a PostgreSQL connection string. */
export const isPostgresUrl = (s: string) => /^postgres(ql)?:\/\//i.test(s);

/**
 * Open the index named `location`. With `create` (the options of the command that adds), a missing
 * index is created; without, it is a usage error.
 */
export async function openArchive(location: string, create?: Options): Promise<Archive> {
  // SQLite opens a temporary database for an empty name: an add would report success and keep nothing
  if (typeof location !== 'string' || location.trim() === '') throw new UsageError('the index was given an empty path (an unset variable in a script?)');
  // a mistyped scheme ("postgresq://") is not a file name: it would create folders named after the
  // URL, password included, and an empty SQLite archive in them
  if (location.trim() !== location && looksLikeUrl(location.trim())) {
    throw new UsageError(`index '${maskUrlText(location.trim())}' has spaces around it: give the connection string alone`);
  }
  if (looksLikeUrl(location) && !isPostgresUrl(location)) {
    throw new UsageError(`index ${maskUrlText(location)}: not a PostgreSQL connection string (postgresql://...) nor a file path`);
  }
  if (isPostgresUrl(location)) {
    const { PostgresArchive } = await import('./postgres.js');
    return PostgresArchive.open(location, create);
  }
  const { SqliteArchive } = await import('./sqlite.js');
  return SqliteArchive.open(location, create);
}
