/**
 * A worker thread of the profiling pool: reads, decodes, analyses and signs a batch of files and
 * sends back compact profiles (plain data and typed arrays, no text) and the files it skipped.
 */
import { readAll, type Skipped } from '../read/index.js';
import type { Encoding } from '../read/decode.js';
import { permutations, type Permutations } from '../signatures/minhash.js';
import { compactProfile, type CompactProfile } from './profile.js';
import type { Options } from './options.js';

export interface Task {
  files: string[];
  options: Options;
  encoding: Encoding;
}

export interface TaskResult {
  profiles: CompactProfile[];
  skipped: Skipped[];
}

let perms: Permutations | null = null;
let permsKey = '';

export function profileFiles(task: Task): TaskResult {
  const key = `${task.options.numPerm}/${task.options.seed}`;
  if (!perms || permsKey !== key) {
    perms = permutations(task.options.numPerm, task.options.seed);
    permsKey = key;
  }
  const { docs, skipped } = readAll(task.files, task.encoding);
  const profiles = docs.map((r) => {
    const p = compactProfile(r.path, r.raw, r.text, task.options, perms!);
    return r.encoding ? { ...p, encoding: r.encoding } : p;
  });
  return { profiles, skipped };
}

export default function (task: Task): TaskResult {
  return profileFiles(task);
}
