/**
 * The read stage: turn the command-line paths into documents.
 *  - a directory is walked recursively for the chosen extensions, honouring .gitignore and
 *    .dupecheckignore files (at any depth) and --ignore globs; hidden files and folders are skipped;
 *  - a file named explicitly is read whatever its extension;
 *  - "-" reads a list of paths from standard input, one per line or NUL-separated (pathList);
 *  - symbolic links are followed; each real file is read once, under the path that reaches it
 *    without a link (else the first in the order listed), and the other paths to it are skipped
 *    as "same file as";
 *  - a path that does not exist is a usage error; a file that cannot be used (empty, binary,
 *    not UTF-8, unreadable, a broken or looping symbolic link) or a folder that cannot be listed
 *    is skipped with its reason, never silently.
 */
import fs from 'node:fs';
import path from 'node:path';
import { glob, type FileSystemAdapter } from 'tinyglobby';
import ignore, { type Ignore } from 'ignore';
import { decode, type Encoding } from './decode.js';
import { InputError, UsageError } from './errors.js';

export interface ReadOptions {
  /** extensions, without dots, lower case */
  extensions: string[];
  /** extra ignore globs (gitignore syntax) */
  ignore: string[];
  /** read paths from this text when "-" is given */
  /** standard input, as text or as bytes (decoded as UTF-8 for a list of paths) */
  stdin?: () => Promise<string | Uint8Array>;
  /** how to decode files (default utf-8) */
  encoding?: Encoding;
  /** files larger than this many bytes are skipped with their reason (0 or absent: no limit) */
  maxBytes?: number;
  /**
   * told of what listing leaves out, with the reason: each folder inside a walked directory that
   * could not be listed, and each further path to a file already listed (through a symbolic link)
   */
  onSkip?: (s: Skipped) => void;
}

export interface InputDoc {
  path: string;
  raw: Buffer;
  text: string;
  /** set when the file was not UTF-8 and was decoded otherwise */
  encoding?: string;
  /** the outlet it comes from (JSONL `series` or `source`): reuse within one series is not reuse */
  series?: string;
  /** publication date as given (JSONL `date`) */
  date?: string;
  /** the document's language when the input says it (JSONL `lang`); detected otherwise */
  lang?: string;
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

/** A listed file: its path as it will be shown, and the real path that identifies the file. */
export interface Listed {
  path: string;
  real: string;
}

/**
 * The paths of a list read from standard input ("-"). A list that contains a NUL character is
 * NUL-separated (`git diff -z`, `find -print0`, `xargs -0`: no path can contain NUL), and each
 * path is taken as it is: non-ASCII, quotes, spaces at either end, newlines (an entry of white
 * space only is ignored). Otherwise it is one
 * path per line, trimmed (a Windows line end or a BOM is not part of a name). Empty entries are
 * ignored either way.
 */
export function pathList(text: string): string[] {
  // an entry of white space only (the line end after the last NUL of `printf '...\0\n'`) names nothing
  if (text.includes('\0')) return text.replace(/^\uFEFF/, '').split('\0').filter((e) => e.trim() !== '');
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

/** Why a file whose name is not UTF-8 is not read (it is named with \xNN for the bytes that are not). */
const NOT_UTF8_NAME = 'file name is not valid UTF-8: rename it (dupecheck names files in UTF-8, and cannot read this one by its name)';

/** Why a folder whose name is not UTF-8 is not read. */
const NOT_UTF8_FOLDER = 'folder name is not valid UTF-8: none of its files was read (rename it)';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** A name's bytes as text, or null when they are not valid UTF-8. */
function utf8Name(b: Uint8Array): string | null {
  try {
    return strictUtf8.decode(b);
  } catch {
    return null;
  }
}

/** A name that is not valid UTF-8, for a message: its valid characters, and \xNN for each other byte. */
function escapedName(b: Uint8Array): string {
  let out = '';
  for (let i = 0; i < b.length; ) {
    const lead = b[i];
    const len = lead < 0x80 ? 1 : lead >> 5 === 6 ? 2 : lead >> 4 === 14 ? 3 : lead >> 3 === 30 ? 4 : 0;
    const ch = len && i + len <= b.length ? utf8Name(b.subarray(i, i + len)) : null;
    if (ch !== null) {
      out += ch;
      i += len;
    } else out += `\\x${b[i++].toString(16).padStart(2, '0')}`;
  }
  return out;
}

/**
 * The entries of a list of paths read as bytes from standard input (see pathList): those that
 * are not valid UTF-8 are told to `onSkip` with their reason (they were turned into names with
 * U+FFFD, which name no file: "no such file", exit 2), the others returned.
 */
function pathListOf(input: string | Uint8Array, onSkip?: (s: Skipped) => void): string[] {
  if (typeof input === 'string') return pathList(input);
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const text = bytes.toString('utf8');
  if (!text.includes('\uFFFD')) return pathList(text);
  // entries one by one, as bytes: only those that are not UTF-8 are left out
  const sep = bytes.includes(0) ? 0 : 0x0a;
  const out: string[] = [];
  let from = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== sep) continue;
    const entry = bytes.subarray(from, i);
    from = i + 1;
    const name = utf8Name(entry);
    if (name === null) onSkip?.({ path: escapedName(entry).trim(), reason: NOT_UTF8_NAME });
    else out.push(...pathList(sep === 0 ? `${name}\0` : name));
  }
  return out;
}

/** The files a list of paths stands for, in a stable order, without reading them. */
export async function listFiles(paths: string[], o: ReadOptions): Promise<string[]> {
  return listExpanded(await expandLists(paths, o.stdin, o.onSkip), o);
}

/** The paths given, with "-" replaced by the paths of the list on standard input. */
async function expandLists(paths: readonly string[], stdin: ReadOptions['stdin'], onSkip?: (s: Skipped) => void): Promise<string[]> {
  const expanded: string[] = [];
  for (const p of paths) {
    if (p === '') throw new InputError('an empty path was given (an unset variable in a script?)');
    if (p === '-') {
      if (!stdin) throw new UsageError('"-" needs a list of paths on standard input');
      // a loop, not push(...): a list of 200,000 paths would overflow the call stack as arguments
      const input = await stdin();
      for (const line of pathListOf(input, onSkip)) expanded.push(line);
    } else expanded.push(p);
  }
  return expanded;
}

/** The files of paths given one by one (no "-"): see listFiles. */
async function listExpanded(expanded: readonly string[], o: ReadOptions): Promise<string[]> {
  const listed: Listed[] = [];
  const realDirs = new Map<string, string>();
  for (const p of expanded) {
    const st = lstatOf(p);
    const link = st.isSymbolicLink();
    // a loop, not push(...): a folder of 200,000 files would overflow the call stack as arguments
    if (link ? linksToFolder(p) : st.isDirectory()) {
      // a folder named that gives no document is an error even beside others that give some
      // (a wrong path or --ext would otherwise go unnoticed)
      const found = await walk(p, o);
      if (found.length === 0) throw noReadableDocuments([p], o.extensions);
      for (const f of found) listed.push(f);
    }
    else listed.push({ path: p, real: link ? realPath(p) : inFolderRealPath(p, realDirs) });
  }
  const { files, aliases } = oncePerFile(listed);
  for (const a of aliases) o.onSkip?.(a);
  return o.maxBytes ? files.filter((f) => !tooLarge(f, o.maxBytes!, o.onSkip)) : files;
}

/**
 * One path per real file: the one that reaches it without a symbolic link when there is one (the
 * file itself, not a link to it), else the first in the order given; it keeps the place of the
 * first path to the file. Each other path to the file is an alias, named with the path kept; the
 * same path given twice (after path.resolve) is dropped without a word, as it always was.
 */
export function oncePerFile(listed: readonly Listed[]): { files: string[]; aliases: Skipped[] } {
  const groups = new Map<string, string[]>();
  for (const { path: p, real } of listed) {
    const g = groups.get(real);
    if (g) g.push(p);
    else groups.set(real, [p]);
  }
  const files: string[] = [];
  const aliases: Skipped[] = [];
  for (const [real, paths] of groups) {
    const kept = paths.find((p) => path.resolve(p) === real) ?? paths[0];
    files.push(kept);
    const named = new Set([path.resolve(kept)]);
    for (const p of paths) {
      const abs = path.resolve(p);
      if (named.has(abs)) continue;
      named.add(abs);
      aliases.push({ path: p, reason: `same file as ${displayPath(kept)} (through a symbolic link)` });
    }
  }
  return { files, aliases };
}

/**
 * Whether a symbolic link given by the user leads to a folder to walk. One that leads nowhere
 * (broken, a loop, not accessible) does not: it is read as a file, and reading it says why not.
 */
function linksToFolder(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

const ACCESS_ERRORS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'no such file or directory',
  ELOOP: 'symbolic link loop',
  EACCES: 'permission denied',
};

/** Whether the path itself is a symbolic link (false when it cannot be looked at). */
export function isLink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * The real path of a file. A link that leads nowhere has none: it is identified by its own name
 * in its folder's real path, so that one broken link reached by two paths is named once.
 */
export function realPath(p: string): string {
  try {
    return fs.realpathSync.native(p);
  } catch {
    try {
      return path.join(fs.realpathSync.native(path.dirname(p)), path.basename(p));
    } catch {
      return path.resolve(p);
    }
  }
}

/**
 * Characters a path or a one-line message must not carry raw: C0 and C1 controls (a newline, a
 * terminal's ESC or CSI), line and paragraph separators, and the bidirectional marks and overrides
 * that reorder what follows ("zz\u202egood.txt" displays as "zztxt.doog").
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');

/**
 * A path for a line of text (a reason, a terminal line): one with such characters (a newline in
 * a file name, a right-to-left override) is quoted and escaped, so that the line stays one line
 * and reads in its order.
 */
export function displayPath(p: string): string {
  return UNSAFE.test(p) ? `"${escapeControls(p.replace(/["\\]/g, '\\$&'))}"` : p;
}

/**
 * Those characters escaped as in JSON (\n, \u001b, \u202e; JSON.stringify leaves the C1 ones and
 * the rest as they are): a path or a message on one line that cannot drive a terminal.
 */
export function escapeControls(s: string): string {
  return s.replace(UNSAFE_ALL, (c) => (c < '\u007f' ? JSON.stringify(c).slice(1, -1) : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** The JSONL files (and "stdin") whose articles this process has read: see articleFile. */
const articleFiles = new Set<string>();

/** Note a file read as JSONL, whose articles are named `<file>#<id>`. */
export function noteArticleFile(file: string): void {
  articleFiles.add(file);
}

/**
 * The JSONL file of an article's path (`<file>#<id>`, `stdin#<id>`), or null for a file's path:
 * a file read as JSONL, whatever its name and whatever its ids hold (`batch.ndjson#a`,
 * `u.jsonl#2024/05/a`, which a pattern on ".jsonl#" without "/" had taken for files of their own).
 */
export function articleFile(p: string): string | null {
  for (let i = p.indexOf('#'); i >= 0; i = p.indexOf('#', i + 1)) if (articleFiles.has(p.slice(0, i))) return p.slice(0, i);
  // a path from a report read back (another process): by its name
  return /^(.*?\.(?:jsonl|ndjson)|stdin)#/i.exec(p)?.[1] ?? null;
}

/**
 * The real path of a file named on the command line or in a list that is not itself a link: its
 * folder's real path (looked up once per folder, in `realDirs`) and its name. With lstatOf, one
 * lstat per path instead of a stat and a realpath (a list of 20,000 paths: 224-270 -> 131-191 ms).
 */
function inFolderRealPath(p: string, realDirs: Map<string, string>): string {
  const dir = path.dirname(p);
  let real = realDirs.get(dir);
  if (real === undefined) realDirs.set(dir, (real = realPath(dir)));
  return path.join(real, path.basename(p));
}

/** The lstat of a path given by the user; a path that cannot be looked at is a usage error that says why. */
function lstatOf(p: string): fs.Stats {
  try {
    return fs.lstatSync(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // Node gives arguments that are not UTF-8 with U+FFFD for their bytes: such a name opens nothing
    const hint = code === 'ENOENT' && p.includes('\uFFFD') ? ' (a name that is not valid UTF-8 cannot be given: rename the file, or name its folder)' : '';
    throw new InputError(`${ACCESS_ERRORS[code ?? ''] ?? `cannot open (${code ?? 'error'})`}: ${p}${hint}`);
  }
}

async function walk(dir: string, o: ReadOptions): Promise<Listed[]> {
  const exts = o.extensions.map((e) => e.replace(/^\./, '').toLowerCase());
  const pattern = exts.length === 1 ? `**/*.${exts[0]}` : `**/*.{${exts.join(',')}}`;
  const seen: WalkNotes = { unlisted: new Map(), linked: new Set(), targets: new Map(), dangling: new Set(), special: new Map(), notUtf8: new Set(), notUtf8Folders: new Set() };
  const files = await glob(pattern, {
    cwd: dir,
    dot: false,
    onlyFiles: true,
    followSymbolicLinks: true,
    caseSensitiveMatch: false,
    expandDirectories: false,
    fs: noticing(seen),
  });
  const ignores = await loadIgnores(dir);
  // the walker skips a folder it cannot list without a word: say which, and why
  for (const [folder, code] of [...seen.unlisted].sort()) {
    const rel = path.relative(path.resolve(dir), folder);
    o.onSkip?.({ path: path.join(dir, rel), reason: `folder not readable (${code === 'EACCES' ? 'permission denied' : code})` });
  }
  const extra = o.ignore.length ? ignore().add(o.ignore) : null;
  const kept = files.filter((rel) => !(extra && extra.ignores(rel)) && !isIgnored(rel, ignores)).sort();
  // a folder whose every file is ignored: say so, rather than blame the extensions
  if (kept.length === 0 && files.length > 0) {
    const by = [...(ignores.length ? [IGNORE_FILES.join(' or ')] : []), ...(extra ? ['--ignore'] : [])];
    const kinds = exts.map((e) => `.${e}`).join('/');
    throw new InputError(`no documents to read in ${displayPath(dir)}: ${files.length === 1 ? `its one ${kinds} file is` : `all ${files.length} of its ${kinds} files are`} ignored (by ${by.join(' and ')})`);
  }
  // the walker lists regular files only: a FIFO, socket or device that it would have listed by
  // its name (extension, not hidden, not ignored) is named, never opened
  const base0 = path.resolve(dir);
  // and so is a file whose name is not UTF-8 (it cannot be opened by a name in UTF-8)
  const named = [...[...seen.special].map(([entry, kind]) => [entry, `not a regular file: ${kind}`]), ...[...seen.notUtf8].map((entry) => [entry, NOT_UTF8_NAME])];
  for (const [entry, reason] of named.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))) {
    const rel = path.relative(base0, entry).split(path.sep).join('/');
    const ext = path.posix.extname(rel).slice(1).toLowerCase();
    if (!exts.includes(ext) || rel.split('/').some((part) => part.startsWith('.'))) continue;
    if ((extra && extra.ignores(rel)) || isIgnored(rel, ignores)) continue;
    o.onSkip?.({ path: path.join(dir, rel), reason });
  }
  // a folder whose name is not UTF-8 holds files that were not read, whatever they are called
  for (const entry of [...seen.notUtf8Folders].sort()) {
    const rel = path.relative(base0, entry).split(path.sep).join('/');
    if (rel.split('/').some((part) => part.startsWith('.')) || (extra && extra.ignores(rel + '/')) || isIgnored(rel + '/', ignores)) continue;
    o.onSkip?.({ path: path.join(dir, rel), reason: NOT_UTF8_FOLDER });
  }
  // a file's real path follows from the folder's unless the file or one of its folders below
  // `dir` is a symbolic link (one realpath call for the folder, and one per such file)
  const real = realPath(dir);
  const root = real.endsWith(path.sep) ? real : real + path.sep;
  const base = path.resolve(dir);
  const links = new Set([...seen.linked].map((l) => path.relative(base, l).split(path.sep).join('/')));
  const throughLink = (rel: string) => {
    for (let i = rel.indexOf('/'); i >= 0; i = rel.indexOf('/', i + 1)) if (links.has(rel.slice(0, i))) return true;
    return links.has(rel);
  };
  // a link to a folder that contains the link (a loop up the tree) is followed by the walker at
  // most once; when it leads above the folder walked and nothing was listed through it, what is
  // there was not read: say so, rather than leave it out without a word (a loop inside the folder
  // walked loses nothing: its files are listed from the folder itself)
  const within = (p: string, folder: string) => p === folder || p.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep);
  for (const [link, target] of [...seen.targets].sort()) {
    const rel = path.relative(base, link).split(path.sep).join('/');
    if (within(target, real) || !within(realPath(path.dirname(link)), target)) continue;
    if (kept.some((f) => f.startsWith(rel + '/'))) continue;
    o.onSkip?.({ path: path.join(dir, rel), reason: 'symbolic link to a folder that contains it (a loop): not followed' });
  }
  return kept.map((rel) => {
    const p = path.join(dir, rel);
    // rel is normalised by the walker (no '.' or '..'), with '/' between names
    return { path: p, real: links.size && throughLink(rel) ? realPath(p) : root + (path.sep === '/' ? rel : path.normalize(rel)) };
  });
}

/** What the walker met that it does not report: folders it could not list, symbolic links. */
interface WalkNotes {
  /** folders whose listing failed, with the error code */
  unlisted: Map<string, string>;
  /** the symbolic links the walker resolved (resolved paths of the links themselves) */
  linked: Set<string>;
  /** of those that lead to a folder or file, where they lead (real paths) */
  targets: Map<string, string>;
  /** links that did not resolve (broken, looping, not accessible) */
  dangling: Set<string>;
  /** entries that are neither files, folders nor links (FIFOs, sockets, devices), with what they are */
  special: Map<string, string>;
  /** entries whose names are not valid UTF-8 (their paths with \xNN for those bytes), left out of the listing */
  notUtf8: Set<string>;
  /** the same for folders: none of their files was read */
  notUtf8Folders: Set<string>;
}

/**
 * node:fs for the walker, noting what it would otherwise pass over in silence. It suppresses a
 * folder it cannot list, and a symbolic link it cannot resolve (broken, looping): such a link is
 * answered with itself (realpath gives the link, stat its lstat), so the walker lists it like a
 * file, filtered by extension, hidden names and ignore rules like any other, and reading it tells
 * why it cannot be used. The walker calls realpath only on symbolic links, which are noted.
 */
function noticing(notes: WalkNotes): FileSystemAdapter {
  const noteSpecial = (dir: fs.PathLike, entries: unknown[]) => {
    for (const d of entries) {
      if (!(d instanceof fs.Dirent) || d.isFile() || d.isDirectory() || d.isSymbolicLink()) continue;
      notes.special.set(path.resolve(String(dir), d.name), notRegular(d) ?? 'not a regular file');
    }
  };
  const note = (p: fs.PathLike, e: unknown) => notes.unlisted.set(path.resolve(String(p)), (e as NodeJS.ErrnoException).code ?? 'error');
  /**
   * A folder's entries without those whose names are not UTF-8 (noted): node:fs turns their bytes
   * into U+FFFD, so that such a file was listed under a name that opens nothing ("cannot read
   * (ENOENT)"), or two of them, or one and a file truly named with U+FFFD, became one path.
   */
  const utf8Only = (dir: fs.PathLike, entries: unknown[], opts: unknown): unknown[] => {
    const name = (d: unknown) => (d instanceof fs.Dirent ? d.name : String(d));
    if (!entries.some((d) => name(d).includes('\uFFFD'))) return entries;
    const withTypes = typeof opts === 'object' && opts !== null && (opts as { withFileTypes?: boolean }).withFileTypes;
    const raw = fs.readdirSync(dir, { withFileTypes: true, encoding: 'buffer' }) as unknown as Array<fs.Dirent & { name: string | Buffer }>;
    const kept: unknown[] = [];
    for (const d of raw) {
      const bytes = d.name as Buffer;
      const text = utf8Name(bytes);
      if (text === null) {
        (d.isDirectory() ? notes.notUtf8Folders : notes.notUtf8).add(path.join(path.resolve(String(dir)), escapedName(bytes)));
        continue;
      }
      d.name = text;
      kept.push(withTypes ? d : text);
    }
    return kept;
  };
  const readdir = ((p: fs.PathLike, opts: unknown, cb: (e: NodeJS.ErrnoException | null, entries: unknown) => void) =>
    (fs.readdir as (p: fs.PathLike, o: unknown, c: typeof cb) => void)(p, opts, (e, entries) => {
      if (e) note(p, e);
      else if (Array.isArray(entries)) {
        noteSpecial(p, entries);
        try {
          entries = utf8Only(p, entries, opts);
        } catch (err) {
          return cb(err as NodeJS.ErrnoException, null);
        }
      }
      cb(e, entries);
    })) as unknown as typeof fs.readdir;
  const readdirSync = ((p: fs.PathLike, opts: unknown) => {
    try {
      let entries = (fs.readdirSync as (p: fs.PathLike, o: unknown) => unknown)(p, opts);
      if (Array.isArray(entries)) {
        noteSpecial(p, entries);
        entries = utf8Only(p, entries, opts);
      }
      return entries;
    } catch (e) {
      note(p, e);
      throw e;
    }
  }) as unknown as typeof fs.readdirSync;
  const realpath = ((p: fs.PathLike, cb: (e: NodeJS.ErrnoException | null, resolved: string) => void) => {
    notes.linked.add(path.resolve(String(p)));
    fs.realpath(p, (e, resolved) => {
      if (!e) {
        notes.targets.set(path.resolve(String(p)), resolved);
        // a link to a folder that contains it (../.., a loop up the tree) is not followed: the
        // walker went round it once, reading everything above the folder given as if it were in
        // it (a link to / read the whole disk); answered with itself, it is listed as nothing
        if (containsLink(resolved, String(p))) {
          notes.dangling.add(String(p));
          return cb(null, String(p));
        }
        return cb(null, resolved);
      }
      notes.dangling.add(String(p));
      cb(null, String(p));
    });
  }) as unknown as typeof fs.realpath;
  const stat = ((p: fs.PathLike, cb: (e: NodeJS.ErrnoException | null, st: fs.Stats) => void) =>
    notes.dangling.has(String(p)) ? fs.lstat(p, cb) : fs.stat(p, cb)) as unknown as typeof fs.stat;
  return { readdir, readdirSync, realpath, stat };
}

/** Whether `folder` (a real path) holds the link `link` (its folder's real path is in it). */
function containsLink(folder: string, link: string): boolean {
  let parent: string;
  try {
    parent = fs.realpathSync(path.dirname(path.resolve(link)));
  } catch {
    return false;
  }
  return parent === folder || parent.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep);
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
    // a device, FIFO or socket is never opened: /dev/zero never ends, and opening a FIFO waits
    // for a writer that may never come
    const special = notRegular(fs.statSync(p));
    if (special) return { path: p, reason: `not a regular file: ${special}` };
    raw = fs.readFileSync(p);
  } catch (e) {
    return { path: p, reason: readError(p, (e as NodeJS.ErrnoException).code) };
  }
  return fromBytes(p, raw, encoding);
}

/** A document from its bytes, as a file's are read (decoded, or skipped with the reason). */
export function fromBytes(p: string, raw: Buffer, encoding: Encoding = 'utf-8'): InputDoc | Skipped {
  const d = decode(raw, encoding);
  if (!d.ok) return { path: p, reason: d.reason };
  return d.noted ? { path: p, raw, text: d.text, encoding: d.encoding } : { path: p, raw, text: d.text };
}

/** Whether a file is larger than `max` bytes (said to onSkip, with its size); a file that cannot be looked at is left to the reader. */
function tooLarge(file: string, max: number, onSkip?: (s: Skipped) => void): boolean {
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(file);
  } catch {
    return false; // a broken or looping link, gone: the reader says which
  }
  if (!st.isFile() || st.size <= max) return false;
  onSkip?.({ path: file, reason: `larger than --max-size: ${byteSize(st.size)} > ${byteSize(max)} (--max-size none reads it, at about 60 times its size in memory)` });
  return true;
}

/** A number of bytes for people: in the largest unit (of 1,000) that keeps the figure at 1 or more. */
export function byteSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let u = 0;
  // the unit is chosen on the rounded figure: 999,960 bytes is 1.0 MB, not 1000.0 KB
  while (u < units.length - 1 && Number((bytes / 1000 ** (u + 1)).toFixed(1)) >= 1000) u++;
  return `${(bytes / 1000 ** (u + 1)).toFixed(1)} ${units[u]}`;
}

/** What a path that is not a regular file (nor a folder) is, or null for a regular file. */
export function notRegular(st: fs.Stats | fs.Dirent): string | null {
  if (st.isFile() || st.isDirectory()) return null;
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

/** Why a file could not be read, from the error code. */
function readError(p: string, code: string | undefined): string {
  if (code === 'EACCES') return 'permission denied';
  if (code === 'ELOOP') return 'symbolic link loop';
  if (code === 'ENOENT' && isLink(p)) return 'broken symbolic link';
  return `cannot read (${code ?? 'error'})`;
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

/**
 * The error for inputs that gave no readable document. The extensions are named only when a
 * folder was walked (they decide what is read there; a file named or listed is read whatever its
 * extension).
 */
export function noReadableDocuments(inputs: readonly string[], extensions: readonly string[]): InputError {
  const walked = inputs.some((p) => {
    try {
      return p !== '-' && fs.statSync(p).isDirectory();
    } catch {
      return false;
    }
  });
  return new InputError(`no readable documents in ${inputs.join(' ')}${walked ? ` (extensions: ${extensions.join(', ')})` : ''}`);
}

/** Order of skipped entries (and anything with a path) in reports: by path, as strings. */
export const byPath = (x: { path: string }, y: { path: string }): number => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0);

/** What a list of paths stands for, before reading. */
export interface Listing {
  files: string[];
  /** what listing left out, with the reason (folders that cannot be listed, further paths to a file) */
  unlisted: Skipped[];
  /**
   * how many paths were named, on the command line and in a list on standard input: 0 when the
   * only inputs are empty lists (a pipeline with nothing to pass on, not a user error)
   */
  named: number;
}

/** List the files of the paths given (see listFiles), with what was left out and how many paths were named. */
export async function listInputs(paths: string[], o: ReadOptions): Promise<Listing> {
  const unlisted: Skipped[] = [];
  const onSkip = (s: Skipped) => {
    unlisted.push(s);
    o.onSkip?.(s);
  };
  const expanded = await expandLists(paths, o.stdin, onSkip);
  const files = await listExpanded(expanded, { ...o, onSkip });
  // a list of names none of which is UTF-8 named paths all the same (not an empty pipeline)
  return { files, unlisted, named: expanded.length + unlisted.filter((x) => x.reason === NOT_UTF8_NAME).length };
}

/** List and read; what listing leaves out (see onSkip) is among the skipped, which are sorted by path. */
export async function readInputs(paths: string[], o: ReadOptions): Promise<ReadResult> {
  const { files, unlisted } = await listInputs(paths, o);
  const read = readAll(files, o.encoding);
  return { docs: read.docs, skipped: [...unlisted, ...read.skipped].sort(byPath) };
}

export { InputError, UsageError };
