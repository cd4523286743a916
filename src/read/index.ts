/**
 * The read stage: turn the command-line paths into documents.
 *  - a directory is walked recursively for the chosen extensions, honouring .gitignore and
 *    .dupecheckignore files (at any depth) and --ignore globs; hidden files and folders are skipped;
 *  - a file named explicitly is read whatever its extension;
 *  - "-" reads a list of paths from standard input, one per line or NUL-separated (pathList);
 *  - a path that does not exist is a usage error; a file that cannot be used (empty, binary,
 *    not UTF-8, unreadable) or a folder that cannot be listed is skipped with its reason, never
 *    silently.
 */
import fs from 'node:fs';
import path from 'node:path';
import { glob } from 'tinyglobby';
import ignore, { type Ignore } from 'ignore';
import { decode, type Encoding } from './decode.js';
import { UsageError } from './errors.js';

export interface ReadOptions {
  /** extensions, without dots, lower case */
  extensions: string[];
  /** extra ignore globs (gitignore syntax) */
  ignore: string[];
  /** read paths from this text when "-" is given */
  stdin?: () => Promise<string>;
  /** how to decode files (default utf-8) */
  encoding?: Encoding;
  /** told of each folder inside a walked directory that could not be listed */
  onSkip?: (s: Skipped) => void;
}

export interface InputDoc {
  path: string;
  raw: Buffer;
  text: string;
  /** set when the file was not UTF-8 and was decoded otherwise */
  encoding?: 'windows-1252';
}

export interface Skipped {
  path: string;
  reason: string;
}

export interface ReadResult {
  docs: InputDoc[];
  skipped: Skipped[];
}

export const IGNORE_FILES = ['.gitignore', '.dupecheckignore'];

/**
 * The paths of a list read from standard input ("-"). A list that contains a NUL character is
 * NUL-separated (`git diff -z`, `find -print0`, `xargs -0`: no path can contain NUL), and each
 * path is taken as it is: non-ASCII, quotes, spaces at either end, newlines. Otherwise it is one
 * path per line, trimmed (a Windows line end or a BOM is not part of a name). Empty entries are
 * ignored either way.
 */
export function pathList(text: string): string[] {
  if (text.includes('\0')) return text.replace(/^\uFEFF/, '').split('\0').filter(Boolean);
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

/** The files a list of paths stands for, in a stable order, without reading them. */
export async function listFiles(paths: string[], o: ReadOptions): Promise<string[]> {
  const out: string[] = [];
  const seen = new Set<string>();
  const push = (p: string) => {
    const key = path.resolve(p);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(p);
    }
  };
  const expanded: string[] = [];
  for (const p of paths) {
    if (p === '-') {
      if (!o.stdin) throw new UsageError('"-" needs a list of paths on standard input');
      expanded.push(...pathList(await o.stdin()));
    } else expanded.push(p);
  }
  for (const p of expanded) {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      throw new UsageError(`no such file or directory: ${p}`);
    }
    if (st.isDirectory()) for (const f of await walk(p, o)) push(f);
    else push(p);
  }
  return out;
}

async function walk(dir: string, o: ReadOptions): Promise<string[]> {
  const exts = o.extensions.map((e) => e.replace(/^\./, '').toLowerCase());
  const pattern = exts.length === 1 ? `**/*.${exts[0]}` : `**/*.{${exts.join(',')}}`;
  const unlisted = new Map<string, string>();
  const files = await glob(pattern, {
    cwd: dir,
    dot: false,
    onlyFiles: true,
    followSymbolicLinks: true,
    caseSensitiveMatch: false,
    expandDirectories: false,
    fs: noticingErrors(unlisted),
  });
  const ignores = await loadIgnores(dir);
  // the walker skips a folder it cannot list without a word: say which, and why
  for (const [folder, code] of [...unlisted].sort()) {
    const rel = path.relative(path.resolve(dir), folder);
    o.onSkip?.({ path: path.join(dir, rel), reason: `folder not readable (${code === 'EACCES' ? 'permission denied' : code})` });
  }
  const extra = o.ignore.length ? ignore().add(o.ignore) : null;
  return files
    .filter((rel) => !(extra && extra.ignores(rel)) && !isIgnored(rel, ignores))
    .sort()
    .map((rel) => path.join(dir, rel));
}

/**
 * node:fs for the walker, noting the folders whose listing failed (the walker itself suppresses
 * those errors and goes on).
 */
function noticingErrors(failed: Map<string, string>): { readdir: typeof fs.readdir; readdirSync: typeof fs.readdirSync } {
  const note = (p: fs.PathLike, e: unknown) => failed.set(path.resolve(String(p)), (e as NodeJS.ErrnoException).code ?? 'error');
  const readdir = ((p: fs.PathLike, opts: unknown, cb: (e: NodeJS.ErrnoException | null, entries: unknown) => void) =>
    (fs.readdir as (p: fs.PathLike, o: unknown, c: typeof cb) => void)(p, opts, (e, entries) => {
      if (e) note(p, e);
      cb(e, entries);
    })) as unknown as typeof fs.readdir;
  const readdirSync = ((p: fs.PathLike, opts: unknown) => {
    try {
      return (fs.readdirSync as (p: fs.PathLike, o: unknown) => unknown)(p, opts);
    } catch (e) {
      note(p, e);
      throw e;
    }
  }) as unknown as typeof fs.readdirSync;
  return { readdir, readdirSync };
}

async function loadIgnores(dir: string): Promise<Array<{ base: string; ig: Ignore }>> {
  const found = await glob(IGNORE_FILES.map((f) => `**/${f}`), { cwd: dir, dot: true, onlyFiles: true, expandDirectories: false });
  return found.sort().map((rel) => ({
    base: path.posix.dirname(rel) === '.' ? '' : path.posix.dirname(rel) + '/',
    ig: ignore().add(fs.readFileSync(path.join(dir, rel), 'utf8')),
  }));
}

function isIgnored(rel: string, ignores: Array<{ base: string; ig: Ignore }>): boolean {
  for (const { base, ig } of ignores) {
    if (base && !rel.startsWith(base)) continue;
    if (ig.ignores(rel.slice(base.length))) return true;
  }
  return false;
}

/** Read one file; a problem becomes a Skipped entry. */
export function readOne(p: string, encoding: Encoding = 'utf-8'): InputDoc | Skipped {
  let raw: Buffer;
  try {
    raw = fs.readFileSync(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { path: p, reason: code === 'EACCES' ? 'permission denied' : `cannot read (${code ?? 'error'})` };
  }
  const d = decode(raw, encoding);
  if (!d.ok) return { path: p, reason: d.reason };
  return d.encoding === 'utf-8' ? { path: p, raw, text: d.text } : { path: p, raw, text: d.text, encoding: d.encoding };
}

export function isSkipped(x: InputDoc | Skipped): x is Skipped {
  return 'reason' in x;
}

/** Read a list of files; the ones that cannot be used are returned as skipped, with reasons. */
export function readAll(files: string[], encoding: Encoding = 'utf-8'): ReadResult {
  const docs: InputDoc[] = [];
  const skipped: Skipped[] = [];
  for (const f of files) {
    const r = readOne(f, encoding);
    if (isSkipped(r)) skipped.push(r);
    else docs.push(r);
  }
  return { docs, skipped };
}

export async function readInputs(paths: string[], o: ReadOptions): Promise<ReadResult> {
  return readAll(await listFiles(paths, o), o.encoding);
}

export { UsageError };
