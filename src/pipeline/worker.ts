/**
 * A worker thread of the profiling pool: reads, decodes, analyses and signs a batch of files and
 * sends back compact profiles (plain data and typed arrays, no text) and the files it skipped.
 */
import { readOne, isSkipped, type Skipped } from '../read/index.js';
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
  const profiles: CompactProfile[] = [];
  const skipped: Skipped[] = [];
  for (const f of task.files) {
    const r = readOne(f, task.encoding);
    if (isSkipped(r)) skipped.push(r);
    else {
      const p = compactProfile(r.path, r.raw, r.text, task.options, perms);
      profiles.push(r.encoding ? { ...p, encoding: r.encoding } : p);
    }
  }
  return { profiles, skipped };
}

export default function (task: Task): TaskResult {
  return profileFiles(task);
}
