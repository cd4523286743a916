/**
 * Writing a batch report, for the main command and for check: JSON or the terminal view, written
 * in pieces as they are produced (a report of tens of thousands of documents, with --related all,
 * is larger than any one string), and the exit code that --fail-on asks for.
 */
import type { ChalkInstance } from 'chalk';
import { RELATIONS, type FailOn, type Relation } from '../types.js';
import type { ReportOut } from '../report/model.js';
import { writeJson } from '../report/jsonStream.js';
import { terminalChunks } from '../report/terminal.js';
import { makeChalk } from './color.js';
import type { Io } from './io.js';

export type { FailOn };

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
}

/** Write the report; returns the exit code: 1 when a pair at or above --fail-on was found (counted, listed or not). */
export function emitReport(report: ReportOut, f: OutputFlags, io: Io, heading?: (c: ChalkInstance) => string): number {
  const write = (s: string) => io.stdout.write(s);
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
