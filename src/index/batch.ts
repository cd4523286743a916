/**
 * A batch of incoming documents: files and folders (read as the main command reads them) and
 * JSONL articles. Files are listed first and read on demand, so that `index add` on a large
 * folder never holds it all in memory; JSONL files are parsed (and validated) up front.
 */
import fs from 'node:fs';
import { isSkipped, listInputs, readOne, UsageError, type InputDoc, type ReadOptions, type Skipped } from '../read/index.js';
import { parseJsonl } from './jsonl.js';
import { noteRead } from '../report/terminal.js';
import type { DocMeta } from './store.js';

export interface BatchDoc extends InputDoc {
  meta?: DocMeta;
}

export interface BatchItem {
  path: string;
  read(): BatchDoc | Skipped;
}

export interface BatchSources {
  paths: string[];
  jsonl: string[];
}

export interface Batch {
  items: BatchItem[];
  /**
   * The batch is empty because its lists are: every source is a list (`-`, a JSONL file) and
   * none names anything. A pipeline that has nothing to pass on (`git diff ... | dupecheck
   * check -`) is not a user error; a folder or file named on the command line that gives no
   * document is (a wrong path or --ext), and so is a list whose entries cannot be read.
   */
  emptyLists: boolean;
}

export async function listBatch(src: BatchSources, o: ReadOptions & { stdin: () => Promise<string | Uint8Array> }): Promise<Batch> {
  if (src.paths.length === 0 && src.jsonl.length === 0) throw new UsageError('nothing to read: give paths, or --jsonl FILE');
  if (src.paths.includes('-') && src.jsonl.includes('-')) throw new UsageError('standard input can be read once: "-" as a list of paths and --jsonl - cannot go together');
  const listing = src.paths.length ? await listInputs(src.paths, o) : { files: [], unlisted: [], named: 0 };
  let named = listing.named;
  // a folder that cannot be listed is an item that reads as skipped, with its reason
  const items: BatchItem[] = [
    ...listing.unlisted.map((s) => ({ path: s.path, read: () => s })),
    ...listing.files.map((f) => ({ path: f, read: () => readOne(f, o.encoding) })),
  ];
  for (const file of [...new Set(src.jsonl)]) {
    if (file === '') throw new UsageError('--jsonl was given an empty path (an unset variable in a script?)');
    let content: string | Uint8Array;
    if (file === '-') content = await o.stdin();
    else {
      try {
        content = fs.readFileSync(file);
      } catch (e) {
        const why = (e as NodeJS.ErrnoException).code === 'EISDIR' ? 'it is a folder' : 'no such file, or not readable';
        throw new UsageError(`cannot read --jsonl ${file}: ${why}`);
      }
    }
    for (const a of parseJsonl(content, file === '-' ? 'stdin' : file, o.encoding ?? 'utf-8')) {
      named++;
      items.push({ path: a.path, read: () => a });
    }
  }
  return { items, emptyLists: named === 0 };
}

/**
 * Whether any item of the batch can be read (reading up to the first that can). When none can,
 * each one's reason is told to `warn`, as a full read would have.
 */
export function anyReadable(items: readonly BatchItem[], warn: (msg: string) => void): boolean {
  const skipped: Skipped[] = [];
  for (const it of items) {
    const d = it.read();
    if (!isSkipped(d)) return true;
    skipped.push(d);
  }
  for (const s of skipped) noteRead(s, warn);
  return false;
}

/** Read every item; warnings (skipped files, non-UTF-8 notes) go to `warn`. */
export function readBatch(items: readonly BatchItem[], warn: (msg: string) => void): { docs: BatchDoc[]; skipped: Skipped[] } {
  const docs: BatchDoc[] = [];
  const skipped: Skipped[] = [];
  for (const it of items) {
    const d = it.read();
    if (isSkipped(d)) skipped.push(d);
    else docs.push(d);
    noteRead(d, warn);
  }
  return { docs, skipped };
}

export { noteRead };
