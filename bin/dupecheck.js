#!/usr/bin/env node
import { main } from '../dist/cli/main.js';

// a closed pipe (`dupecheck ... | head`) ends the run quietly, as for any Unix filter
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
main(process.argv).then((code) => {
  process.exitCode = code;
});
