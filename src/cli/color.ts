/** Colour only where it helps: --color / --no-color win, then NO_COLOR, then "is it a terminal". */
import { Chalk, type ChalkInstance } from 'chalk';
import chalk from 'chalk';

export function makeChalk(flag: boolean | undefined, stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): ChalkInstance {
  let level: 0 | 1 | 2 | 3;
  if (flag === false) level = 0;
  else if (flag === true) level = chalk.level || 1;
  else if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') level = 0;
  else if (!stream.isTTY) level = 0;
  else level = chalk.level;
  return new Chalk({ level });
}
