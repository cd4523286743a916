/**
 * Writing a batch report, for the main command and for check: in the format asked for, in pieces
 * as they are produced (a report of tens of thousands of documents, with --related all, is larger
 * than any one string), and the exit code that --fail-on asks for.
 */
import type { ChalkInstance } from 'chalk';
import { failed, formatReport, type ConfigOptions, type ReportOut } from '../api.js';
import { makeChalk } from './color.js';
import type { Io } from './io.js';

export type OutputSettings = Partial<ConfigOptions> & Pick<ConfigOptions, 'failOn'>;

/** Write the report; returns the exit code: 1 when a pair at or above --fail-on was found (counted, listed or not). */
export function emitReport(report: ReportOut, s: OutputSettings, io: Io, heading?: (c: ChalkInstance) => string): number {
  const chalk = makeChalk(s.color, io.stdout, io.env);
  const format = s.format ?? 'text';
  let buf = '';
  for (const chunk of formatReport(report, format, { chalk, verbose: !!s.verbose, heading: heading && format === 'text' ? heading(chalk) : undefined, failOn: s.failOn })) {
    buf += chunk;
    if (buf.length > 1 << 16) {
      io.stdout.write(buf);
      buf = '';
    }
  }
  io.stdout.write(buf);
  return failed(report, s.failOn) ? 1 : 0;
}
