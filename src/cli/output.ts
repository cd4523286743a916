/**
 * Writing a batch report, for the main command and for check: in the format asked for, in pieces
 * as they are produced (a report of tens of thousands of documents, with --related all, is larger
 * than any one string), the HTML page when --html names a file, and the exit code that --fail-on
 * asks for.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ChalkInstance } from 'chalk';
import { failed, formatReport, htmlReport, UsageError, type ConfigOptions, type ReportOut } from '../api.js';
import { makeChalk } from './color.js';
import type { Io } from './io.js';

export type OutputSettings = Partial<ConfigOptions> & Pick<ConfigOptions, 'failOn'> & {
  /** --html FILE: the page is written there too */
  html?: string;
};

/** --html FILE: fail before the run, not after it, when the file cannot be written (no such folder, a folder). */
export function checkHtmlTarget(file: string | undefined): void {
  if (file === undefined) return;
  if (file === '' || file === '-') throw new UsageError('--html takes the path of the file to write (standard output carries the terminal report or --json)');
  const target = htmlTarget(file);
  const dir = path.dirname(target);
  // the folder named: as given, or through a link the target's (relative to here when below it)
  let linked = false;
  try {
    linked = fs.lstatSync(file).isSymbolicLink();
  } catch {
    // not there yet
  }
  const shown = (d: string) => {
    if (!linked) return path.dirname(file);
    const rel = path.relative(process.cwd(), d);
    return rel === '' ? '.' : rel.startsWith('..') ? d : rel;
  };
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`cannot write ${file}: no such folder ${shown(dir)}`);
  if (fs.existsSync(target)) {
    const st = fs.statSync(target);
    if (st.isDirectory()) throw new UsageError(`cannot write ${file}: it is a folder`);
    // the page replaces a file: a device (/dev/null, /dev/full) or a FIFO would be replaced by one
    if (!st.isFile()) throw new UsageError(`cannot write ${file}: not a regular file (${st.isCharacterDevice() ? 'a device' : st.isFIFO() ? 'a FIFO' : st.isSocket() ? 'a socket' : 'not a file'}); give the path of a file`);
  }
  // the page is written to a file beside it and renamed: the folder must take a new file
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw new UsageError(`cannot write ${file}: permission denied (the folder ${shown(dir)} is not writable)`);
  }
}

/**
 * Where --html FILE is written: through symbolic links (a chain, links to folders too), the last
 * target (the links stay links); a link's text is read from the real folder it is in.
 */
function htmlTarget(file: string): string {
  let at = path.resolve(file);
  for (let hops = 0; hops < 40; hops++) {
    let dir = path.dirname(at);
    try {
      dir = fs.realpathSync(dir);
    } catch {
      // a folder that does not exist: said by the caller
    }
    at = path.join(dir, path.basename(at));
    try {
      if (!fs.lstatSync(at).isSymbolicLink()) return at;
      at = path.resolve(dir, fs.readlinkSync(at));
    } catch {
      // no such file yet (a dangling link's target): it is created
      return at;
    }
  }
  throw new UsageError(`cannot write ${file}: too many symbolic links (a loop)`);
}

/** Why a file could not be written, in words (the code in brackets for the less common ones). */
const WRITE_ERRORS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  ENOENT: 'no file can be created there',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a folder',
  ENAMETOOLONG: 'the name is too long',
};

/**
 * Remove the temporary pages of earlier runs in a folder whose process is gone: a run stopped by
 * Ctrl-C while it wrote its page (a synchronous write that a signal ends at once) left its
 * `.dupecheck-PID.html.tmp` behind.
 */
function removeStaleTemporaries(dir: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(/^\.dupecheck-(\d+)\.html\.tmp$/.exec(name)?.[1]);
    if (!pid || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
      continue; // that run is still going
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ESRCH') continue; // someone else's process
    }
    try {
      fs.rmSync(path.join(dir, name), { force: true });
    } catch {
      // not ours to remove
    }
  }
}

/**
 * Write the HTML report to a file, in pieces of about 1 MB, through a temporary file renamed at
 * the end (a failed run leaves no half page); a failure to write is one line (exit 2).
 */
export function writeHtml(file: string, chunks: Iterable<string>): void {
  const target = htmlTarget(file);
  // a short name of its own beside the target: the target's name plus a suffix can be too long
  const tmp = path.join(path.dirname(target), `.dupecheck-${process.pid}.html.tmp`);
  removeStaleTemporaries(path.dirname(target));
  let fd: number | undefined;
  try {
    // the page replaces a file with that file's permissions (a private report stays private)
    let old: fs.Stats | null = null;
    try {
      old = fs.statSync(target);
    } catch {
      // a new file: the umask's permissions
    }
    fd = fs.openSync(tmp, 'w', old ? old.mode & 0o777 : 0o666);
    if (old) {
      fs.fchmodSync(fd, old.mode & 0o777);
      // and its owner, where we may (root replacing another user's report)
      try {
        if (old.uid !== process.getuid?.() || old.gid !== process.getgid?.()) fs.fchownSync(fd, old.uid, old.gid);
      } catch {
        // not permitted: the file is ours
      }
    }
    let buf = '';
    for (const c of chunks) {
      buf += c;
      if (buf.length > 1 << 20) {
        fs.writeSync(fd, buf);
        buf = '';
      }
    }
    fs.writeSync(fd, buf);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, target);
  } catch (e) {
    if (fd !== undefined) fs.closeSync(fd);
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // nothing was created
    }
    const err = e as NodeJS.ErrnoException;
    if (!err.code) throw e;
    const words = WRITE_ERRORS[err.code];
    throw new UsageError(`cannot write ${file}: ${words ? `${words}${err.code === 'EACCES' || err.code === 'ENOSPC' ? '' : ` (${err.code})`}` : err.code}`);
  }
}

/**
 * Write a piece, and wait while the stream's buffer is full: a reader slower than the report (a
 * pipe into a busy process) must not make the whole report pile up in memory. Measured at 200,000
 * documents: 3,761 MB peak written to a file, 4,889 MB piped to a reader that collects it, before
 * the wait.
 */
async function put(out: Io['stdout'], s: string): Promise<void> {
  if (out.write(s)) return;
  const stream = out as Partial<NodeJS.WritableStream> & { writableNeedDrain?: boolean; destroyed?: boolean };
  if (typeof stream.once !== 'function' || stream.destroyed || stream.writableNeedDrain === false) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      stream.removeListener?.('drain', done);
      stream.removeListener?.('close', done);
      stream.removeListener?.('error', done);
      resolve();
    };
    stream.once!('drain', done);
    stream.once!('close', done);
    stream.once!('error', done);
  });
}

/**
 * The folder GitHub resolves annotated files from: $GITHUB_WORKSPACE in Actions, else the nearest
 * folder up from here that holds .git (a folder, or a file in a worktree), else none (names as given).
 * A job that runs dupecheck from a subfolder (articles/) had its files annotated as new/a.txt,
 * which names no file of the repository.
 */
function repositoryRoot(env: NodeJS.ProcessEnv): string | undefined {
  if (env.GITHUB_WORKSPACE) return path.resolve(env.GITHUB_WORKSPACE);
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** Write the report; resolves to the exit code: 1 when a pair at or above --fail-on was found (counted, listed or not). */
export async function emitReport(report: ReportOut, s: OutputSettings, io: Io, heading?: (c: ChalkInstance) => string): Promise<number> {
  const code = failed(report, s.failOn) ? 1 : 0;
  io.verdict?.(code);
  const chalk = makeChalk(s.color, io.stdout, io.env);
  const format = s.format ?? 'text';
  let buf = '';
  const root = format === 'github' || format === 'sarif' ? repositoryRoot(io.env) : undefined;
  for (const chunk of formatReport(report, format, { chalk, verbose: !!s.verbose, heading: heading && format === 'text' ? heading(chalk) : undefined, failOn: s.failOn, root })) {
    buf += chunk;
    if (buf.length > 1 << 16) {
      await put(io.stdout, buf);
      buf = '';
    }
  }
  await put(io.stdout, buf);
  // the page after the report: a page that cannot be written (exit 2) does not lose the report
  if (s.html) writeHtml(s.html, htmlReport(report));
  return code;
}
