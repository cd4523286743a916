/**
 * Writing a batch report, for the main command and for check: JSON or the terminal view, written
 * in pieces as they are produced (a report of tens of thousands of documents, with --related all,
 * is larger than any one string), and the exit code that --fail-on asks for.
 */
import type { ChalkInstance } from 'chalk';
import { RELATIONS, type Relation } from '../pipeline/options.js';
import type { ReportOut } from '../report/model.js';
import { writeJson } from '../report/jsonStream.js';
import { terminalChunks } from '../report/terminal.js';
import { makeChalk } from './color.js';
import type { Io } from './main.js';
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../read/index.js';
import { htmlChunks } from '../report/html.js';
import type { HtmlExtra } from '../report/htmlData.js';

export type FailOn = Relation | 'none';

/** Which relations make the exit code 1 for a given --fail-on. */
export function failingRelations(failOn: FailOn): Set<Relation> {
  if (failOn === 'none') return new Set();
  return new Set(RELATIONS.slice(0, RELATIONS.indexOf(failOn) + 1));
}

export interface OutputFlags {
  json?: boolean;
  color?: boolean;
  verbose?: boolean;
  failOn: FailOn;
  /** --html FILE: the page is written there too */
  html?: string;
}

/** --html FILE: fail before the run, not after it, when the file cannot be written (no such folder, a folder). */
export function checkHtmlTarget(file: string | undefined): void {
  if (file === undefined) return;
  if (file === '' || file === '-') throw new UsageError('--html takes the path of the file to write (standard output carries the terminal report or --json)');
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`cannot write ${file}: no such folder ${path.dirname(file)}`);
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw new UsageError(`cannot write ${file}: it is a folder`);
}

/**
 * Write the HTML report to a file, in pieces of about 1 MB, through a temporary file renamed at
 * the end (a failed run leaves no half page); a failure to write is one line (exit 2).
 */
export function writeHtml(file: string, chunks: Iterable<string>): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, 'w');
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
    fs.renameSync(tmp, file);
  } catch (e) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    const err = e as NodeJS.ErrnoException;
    if (!err.code) throw e;
    throw new UsageError(`cannot write ${file}: ${err.code === 'EACCES' ? 'permission denied' : err.code === 'ENOSPC' ? 'no space left on the device' : err.code}`);
  }
}

/** The page's title: what was compared. */
export const htmlTitle = (report: ReportOut) => `dupecheck report: ${report.summary.documents.toLocaleString('en')} ${report.summary.documents === 1 ? 'document' : 'documents'}`;

/** Write the report; returns the exit code: 1 when a pair at or above --fail-on was found (counted, listed or not). */
export function emitReport(report: ReportOut, f: OutputFlags, io: Io, heading?: (c: ChalkInstance) => string, html?: () => HtmlExtra): number {
  const write = (s: string) => io.stdout.write(s);
  if (f.html) writeHtml(f.html, htmlChunks(report, html ? html() : { texts: {}, views: [] }, htmlTitle(report)));
  if (f.json) writeJson(report as unknown as Record<string, unknown>, write);
  else {
    const c = makeChalk(f.color, io.stdout, io.env);
    let buf = heading ? heading(c) : '';
    for (const chunk of terminalChunks(report, c, { maxRelated: f.verbose ? Infinity : 20, verbose: !!f.verbose })) {
      buf += chunk;
      if (buf.length > 1 << 16) {
        write(buf);
        buf = '';
      }
    }
    write(buf);
  }
  const failing = failingRelations(f.failOn);
  return [...failing].some((r) => report.summary.pairs[r] > 0) ? 1 : 0;
}
