#!/usr/bin/env node
import { main } from '../dist/cli/main.js';

// a closed pipe (`dupecheck ... | head`) ends the output quietly, as for any Unix filter, with the
// verdict as its exit code (set before the report is written: cli/io.ts, verdict); any other
// failure to write the output (a full disk, a closed terminal) is one line on stderr and exit 2,
// never a stack trace or exit 1, which would read as "duplicates found"
process.stdout.on('error', (e) => {
  // the run goes on without its standard output (writes to the closed pipe are dropped), so that
  // an --html page is still written; the exit code is the verdict
  if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') return;
  process.stderr.write(`dupecheck: cannot write the output (${e.code ?? e.message})\n`);
  process.exit(2);
});
// stderr carries notes and errors: a closed pipe loses them and the run goes on (its exit code
// stands); a stderr that cannot be written otherwise (a full disk) is exit 2, with nowhere to say why
process.stderr.on('error', (e) => {
  if (e.code !== 'EPIPE') process.exit(2);
});
main(process.argv).then((code) => {
  process.exitCode = code;
});
