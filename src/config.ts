/**
 * Options from a config file, and the check of any options object (a config file's, the library
 * API's). A config file is JSON: dupecheck.config.json, .dupecheckrc or .dupecheckrc.json, or the
 * "dupecheck" key of package.json, found from a folder upward (lilconfig); its keys are the long
 * options in camelCase. A key that is not an option, or a value an option does not take, is a
 * UsageError of one line that names the file and the key.
 */
import fs from 'node:fs';
import path from 'node:path';
import { lilconfig, type LoaderSync } from 'lilconfig';
import { validate as compiledValidator } from './optionsValidator.js';
import { ENCODINGS, FORMATS, RELATIONS, type ConfigOptions, type ScanOptions } from './types.js';
import { UsageError } from './read/errors.js';

/** Where a config file is looked for in each folder, in this order (the first found wins). */
export const CONFIG_FILES = ['package.json', 'dupecheck.config.json', '.dupecheckrc', '.dupecheckrc.json'];

const whole = (minimum: number, maximum: number) => ({ type: 'integer', minimum, maximum });
const fraction = { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 };
const strings = { type: 'array', items: { type: 'string', minLength: 1 } };
/** A size as --max-size takes it: 10MB or 10M, 500KB or 500K, 1.5GB, 2000 (bytes), or none. */
const SIZE_PATTERN = '^(none|[0-9]+(\\.[0-9]+)? *([kKmMgG]?[bB]?))$';
const SIZE_UNITS: Record<string, number> = { '': 1, k: 1e3, m: 1e6, g: 1e9 };

/**
 * What is wrong with a --max-size value, or null. A size of 0 bytes (or one that rounds to it)
 * would skip every file: it is refused, not taken as no limit (none is that).
 */
export function sizeProblem(v: number | string): string | null {
  if (typeof v === 'string' && !new RegExp(SIZE_PATTERN).test(v)) return `takes ${SIZE_WORDS}`;
  if (v === 'none') return null;
  if (sizeOf(v) < 1) return `${v} would skip every file (none reads files of any size)`;
  return null;
}

function sizeOf(v: number | string): number {
  if (typeof v === 'number') return v;
  const m = /^([0-9.]+) *([a-z]*)$/i.exec(v)!;
  return Math.round(Number(m[1]) * SIZE_UNITS[m[2].toLowerCase().replace(/b$/, '')]);
}

/** A --max-size value in bytes; 0 for none. */
export function sizeInBytes(v: number | string): number {
  const problem = sizeProblem(v);
  if (problem) throw new UsageError(`--max-size ${problem}`);
  return v === 'none' ? 0 : sizeOf(v);
}
const SIZE_WORDS = 'a size such as 10MB, 500KB or 1.5GB (or 10M, 500K, 1.5G; units of 1,000 bytes), a number of bytes, or none';

/** The options a config file (or the API) can set, with the values each takes: as the flags check them. */
export const OPTIONS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ext: { anyOf: [{ type: 'string', minLength: 1 }, { ...strings, minItems: 1 }] },
    ignore: { anyOf: [{ type: 'string', minLength: 1 }, strings] },
    encoding: { enum: [...ENCODINGS] },
    maxSize: { anyOf: [{ type: 'string', pattern: SIZE_PATTERN }, { type: 'integer', minimum: 1 }] },
    failOn: { enum: [...RELATIONS, 'none'] },
    stats: { type: 'boolean' },
    shingleSize: whole(1, 20),
    numPerm: whole(16, 1024),
    seed: whole(0, 2 ** 31 - 1),
    threshold: fraction,
    contentThreshold: fraction,
    minPassage: whole(6, 1000),
    related: { anyOf: [{ enum: ['all', 'none'] }, whole(1, 1000)] },
    series: { enum: ['none', 'folder'] },
    format: { enum: [...FORMATS] },
    color: { type: 'boolean' },
    progress: { type: 'boolean' },
    verbose: { type: 'boolean' },
    index: { type: 'string', minLength: 1 },
  },
} as const;

/** The options that only the command line reads (an API call has no output format or progress bar). */
const OUTPUT_KEYS = new Set(['format', 'color', 'progress', 'verbose', 'index']);

/** An error of the validator, as Ajv reports it. */
interface ValidationError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
}

/**
 * The schema compiled by Ajv ahead of time (its standalone code, in optionsValidator.ts, which a
 * test regenerates and compares): compiling it on each run took 130-180 ms of start-up.
 */
const validate = compiledValidator as unknown as ((value: unknown) => boolean) & { errors?: ValidationError[] | null };

/** One error of the validator, as "key: what it takes". */
function describe(e: ValidationError): string {
  if (e.keyword === 'additionalProperties') {
    const key = String((e.params as { additionalProperty: string }).additionalProperty);
    return `unknown key ${JSON.stringify(key)} (the keys are the long options in camelCase: ${Object.keys(OPTIONS_SCHEMA.properties).join(', ')})`;
  }
  if (e.keyword === 'type' && e.instancePath === '') return 'must be a JSON object of options';
  const key = e.instancePath.slice(1).split('/')[0];
  const schema = (OPTIONS_SCHEMA.properties as Record<string, unknown>)[key];
  return `${key}: ${takes(schema)}`;
}

/** What a property's schema takes, in words. */
function takes(s: unknown): string {
  return `must be ${what(s)}`;
}

function what(s: unknown): string {
  const o = s as { enum?: unknown[]; type?: string; minimum?: number; maximum?: number; anyOf?: unknown[]; pattern?: string };
  if (o.pattern === SIZE_PATTERN) return SIZE_WORDS;
  if (o.enum) return o.enum.length === 2 ? `${o.enum[0]} or ${o.enum[1]}` : `one of ${o.enum.join(', ')}`;
  if (o.anyOf) return o.anyOf.some((x) => (x as { pattern?: string }).pattern === SIZE_PATTERN) ? SIZE_WORDS : o.anyOf.map(what).join(', or ');
  if (o.type === 'integer') return `a whole number from ${o.minimum} to ${o.maximum}`;
  if (o.type === 'number') return 'a number between 0 and 1';
  if (o.type === 'array') return 'a list of strings';
  if (o.type === 'string') return 'a non-empty string';
  return `a ${o.type}`;
}

/**
 * Check an options object; `where` names it in the error (a config file's path, "options").
 * Lists may be given as one string (ext: "txt,md", ignore: "drafts/**"); they come back as lists.
 */
export function checkOptions(value: unknown, where: string, allowOutput = true): Partial<ConfigOptions> {
  if (!validate(value)) throw new UsageError(`${where}: ${describe(validate.errors![0])}`);
  const o = { ...(value as Record<string, unknown>) };
  if (!allowOutput) {
    const out = Object.keys(o).find((k) => OUTPUT_KEYS.has(k));
    if (out) throw new UsageError(`${where}: ${out} is an option of the command line, not of a library call`);
  }
  if (typeof o.ext === 'string') o.ext = extensionList(o.ext);
  else if (Array.isArray(o.ext)) o.ext = (o.ext as string[]).flatMap(extensionList);
  if (Array.isArray(o.ext) && o.ext.length === 0) throw new UsageError(`${where}: ext needs at least one extension`);
  if (typeof o.ignore === 'string') o.ignore = [o.ignore];
  // the schema has checked its shape, but lets "0KB" through: it would skip every file
  const size = o.maxSize === undefined ? null : sizeProblem(o.maxSize as string | number);
  if (size) throw new UsageError(`${where}: maxSize: ${size}`);
  return o as Partial<ConfigOptions>;
}

/** "txt, .MD" as [txt, md]: the extensions of --ext, without dots, in lower case. */
export function extensionList(list: string): string[] {
  return list
    .split(',')
    .map((e) => e.trim().replace(/^\./, '').toLowerCase())
    .filter(Boolean);
}

export interface LoadedConfig {
  /** the file the options come from */
  file: string;
  options: Partial<ConfigOptions>;
}

const json: LoaderSync = (file, content) => {
  // an empty package.json holds no "dupecheck" key (an empty config file of ours is refused in findConfig)
  if (path.basename(file) === 'package.json' && content.trim() === '') return {};
  try {
    return JSON.parse(content.replace(/^\uFEFF/, '')) as unknown;
  } catch (e) {
    throw new UsageError(`${file}: not valid JSON (${(e as Error).message})`);
  }
};

const explorer = () => lilconfig('dupecheck', { searchPlaces: CONFIG_FILES, loaders: { '.json': json, noExt: json }, stopDir: path.parse(process.cwd()).root, ignoreEmptySearchPlaces: false });

/** The config file found from `dir` upward (null when there is none), checked. */
export async function findConfig(dir: string): Promise<LoadedConfig | null> {
  const found = await explorer().search(dir);
  if (!found) return null;
  // an empty file is no more a config than "{bad json": said, not read as no options
  if (found.isEmpty) throw new UsageError(`${path.relative(process.cwd(), found.filepath) || found.filepath}: the config file is empty (write {} for no options, or remove it)`);
  return { file: found.filepath, options: checkOptions(found.config, path.relative(process.cwd(), found.filepath) || found.filepath) };
}

/** The config file named by --config (JSON whatever its name), checked. */
export function readConfig(file: string): LoadedConfig {
  let content: string;
  try {
    if (fs.statSync(file).isDirectory()) throw new UsageError(`--config ${file} is a folder; name a file`);
    content = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`--config ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`}`);
  }
  const value = json(file, content);
  // a package.json named is read for its "dupecheck" key, as when it is found
  const config = path.basename(file) === 'package.json' ? ((value as Record<string, unknown> | null)?.dupecheck ?? {}) : value;
  return { file, options: checkOptions(config, file) };
}

/** Complete options with the defaults: the same object whatever gave them (flags, a file, a call). */
export function withDefaults(given: Partial<ScanOptions>, defaults: ScanOptions): ScanOptions {
  const o = { ...defaults };
  for (const [k, v] of Object.entries(given)) if (v !== undefined && k in defaults) (o as Record<string, unknown>)[k] = v;
  return o;
}
