/**
 * A command's effective options: a flag given on the command line (or its environment variable)
 * wins, then the config file (--config FILE, else dupecheck.config.json, .dupecheckrc(.json) or
 * package.json's "dupecheck" key from the current folder upward; --no-config reads none), then
 * the default. A config file's key that the command has no option for is not its business
 * (check's index, for the main command): it is ignored there.
 */
import path from 'node:path';
import { Option, type Command } from 'commander';
import { DEFAULT_SCAN_OPTIONS, extensionList, findConfig, readConfig, UsageError, type ConfigOptions, type Format, type LoadedConfig, type ScanOptions } from '../api.js';

const KEYS = [
  'ext',
  'ignore',
  'encoding',
  'maxSize',
  'failOn',
  'stats',
  'shingleSize',
  'numPerm',
  'seed',
  'threshold',
  'contentThreshold',
  'minPassage',
  'related',
  'series',
  'format',
  'color',
  'progress',
  'verbose',
  'index',
] as const satisfies ReadonlyArray<keyof ConfigOptions>;

export interface Settings {
  /** every option of the command, from wherever it came */
  values: Partial<ConfigOptions>;
  /** the options given, on the command line or in the config file (the others are defaults) */
  given: Partial<ConfigOptions>;
  /** for each option the config file set, the file (as shown in errors) */
  sources: Partial<Record<keyof ConfigOptions, string>>;
  config: LoadedConfig | null;
}

/** The config file of a command: the one named, none (--no-config), or the one found. */
async function configOf(cmd: Command): Promise<LoadedConfig | null> {
  const flag = cmd.getOptionValue('config') as string | false | undefined;
  if (flag === false) return null;
  if (typeof flag === 'string') return readConfig(flag);
  return findConfig(process.cwd());
}

export async function settingsOf(cmd: Command): Promise<Settings> {
  const config = await configOf(cmd);
  const shown = config ? path.relative(process.cwd(), config.file) || config.file : '';
  const s: Settings = { values: {}, given: {}, sources: {}, config };
  const has = new Set(cmd.options.map((o) => o.attributeName()));
  const set = (k: keyof ConfigOptions, v: unknown, given: boolean) => {
    (s.values as Record<string, unknown>)[k] = v;
    if (given) (s.given as Record<string, unknown>)[k] = v;
  };
  for (const key of KEYS) {
    if (!has.has(key)) continue;
    const source = cmd.getOptionValueSource(key);
    // an empty environment variable (DUPECHECK_INDEX=) is no value: the config file's, else the default
    const value = cmd.getOptionValue(key);
    // --index '' is an unset variable in a script: a mistake, not the default index
    if (source === 'cli' && key === 'index' && value === '') throw new UsageError('--index was given an empty path (an unset variable in a script?)');
    if ((source === 'cli' && value !== undefined) || (source === 'env' && value !== undefined && value !== '')) set(key, value, true);
    else if (config?.options[key] !== undefined) {
      set(key, config.options[key], true);
      s.sources[key] = shown;
    } else set(key, cmd.getOptionValue(key), false);
  }
  // --ext as written on the command line ('txt,md'); a config file's is a list already
  if (typeof s.values.ext === 'string') {
    const list = extensionList(s.values.ext);
    if (!list.length) throw new UsageError('--ext needs at least one extension');
    set('ext', list, 'ext' in s.given);
  }
  // --json is --format json
  if (has.has('json') && cmd.getOptionValueSource('json') === 'cli') {
    if (cmd.getOptionValueSource('format') === 'cli' && s.values.format !== 'json') throw new UsageError(`--json and --format ${s.values.format} ask for two formats: give one`);
    set('format', 'json' satisfies Format, true);
  }
  return s;
}

/** --jsonl FILE (repeatable; - for standard input): the main command's and check's, as index add's. */
export function jsonlOption(): Option {
  return new Option('--jsonl <file>', 'read articles from a JSONL file (- for standard input); repeatable')
    .argParser((v: string, prev: string[]) => [...prev, v])
    .default([]);
}

/** The run's options from the settings (flags, config file, defaults). */
export function scanOptionsOf(values: Partial<ScanOptions>): Partial<ScanOptions> {
  const keys = Object.keys(DEFAULT_SCAN_OPTIONS) as Array<keyof ScanOptions>;
  return Object.fromEntries(keys.filter((k) => values[k] !== undefined).map((k) => [k, values[k]]));
}
