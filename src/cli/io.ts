/** What every command shares: its exit codes, the version, and where it reads and writes. */
import { VERSION, escapeControls } from '../api.js';

export const EXIT = { OK: 0, FOUND: 1, USAGE: 2, INTERNAL: 3 } as const;

export function version(): string {
  return VERSION;
}

export interface Io {
  stdout: NodeJS.WriteStream | { write(s: string): boolean; isTTY?: boolean };
  stderr: NodeJS.WriteStream | { write(s: string): boolean; isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** standard input's bytes (a JSONL on "-" is decoded as a JSONL file is; a list of paths as UTF-8) */
  stdin: () => Promise<string | Uint8Array>;
  /**
   * Told the run's exit code before the report is written: a reader that closes the pipe early
   * (`dupecheck ... | head`) ends the process while it writes, and the exit code must already be
   * the verdict (1 for duplicates found), not 0.
   */
  verdict?: (code: number) => void;
}

export const defaultIo = (): Io => ({
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  verdict: (code) => {
    process.exitCode = code;
  },
  stdin: async () => {
    // `dupecheck -` typed at a terminal waits for the list: say so, as sort(1) does not
    if (process.stdin.isTTY) process.stderr.write('dupecheck: reading a list of paths from standard input (one per line; end with Ctrl-D)\n');
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  },
});

/** An error message on one line: control characters (a newline in a path) escaped as in JSON. */
export function oneLine(message: string): string {
  return escapeControls(message);
}


/** A note on stderr. */
export const warner = (io: Io) => (msg: string) => io.stderr.write(`dupecheck: ${msg}\n`);
