/**
 * A progress bar on stderr for long runs: only on a terminal, only once a run has taken more than
 * a second (short runs stay clean), never on a pipe or in CI logs.
 */
import type cliProgressTypes from 'cli-progress';
import { createRequire } from 'node:module';

// loaded when a bar is first drawn: most runs (pipes, short runs) never draw one
const require = createRequire(import.meta.url);

export interface ProgressReporter {
  update(stage: string, done: number, total: number): void;
  stop(): void;
}

export function makeProgress(enabled: boolean, stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  if (!enabled || !stream.isTTY) return { update() {}, stop() {} };
  const started = Date.now();
  let bar: cliProgressTypes.SingleBar | null = null;
  let current = '';
  return {
    update(stage, done, total) {
      if (!bar && Date.now() - started < 1000) return;
      // the terminal's settings are left alone (the cursor shown, line wrap on; the bar cut to the width): a Ctrl-C, which ends
      // the run at once, left a shell without its cursor and with line wrap off
      if (!bar || stage !== current) {
        bar?.stop();
        current = stage;
        const cliProgress = require('cli-progress') as typeof cliProgressTypes;
        bar = new cliProgress.SingleBar(
          { stream, format: `${stage.padEnd(10)} [{bar}] {percentage}% | {value}/{total} | eta {eta_formatted}`, clearOnComplete: true, hideCursor: false, linewrap: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, done);
      }
      // a stage's total can grow as it runs (candidates are verified while more are found)
      if (total !== bar.getTotal()) bar.setTotal(total);
      bar.update(done);
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}
