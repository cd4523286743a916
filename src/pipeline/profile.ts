/**
 * One document through the text and signatures stages. A profile holds what the candidate and
 * verification stages need (hashes, signatures, counts); the text model (sentences, tokens) is
 * built on demand and cached, so that large runs keep hashes, not texts, and re-read only the
 * documents of the pairs that need an alignment or their shared passages.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { analyzeText, digestText, type TextDigest, type TextModel } from '../text/document.js';
import { sign, type Signatures } from '../signatures/index.js';
import type { Permutations } from '../signatures/minhash.js';
import { decode, type Encoding } from '../read/decode.js';
import type { Options } from './options.js';

/** What a worker sends back: plain data and typed arrays only. */
export interface CompactProfile extends Signatures {
  path: string;
  bytes: number;
  /** sha256 of the bytes as read, hex */
  contentHash: string;
  /** sha256 of the canonical text (case, typography and spacing folded) */
  canonicalHash: string;
  words: number;
  sentences: number;
  /** set when the file was decoded from something other than UTF-8 */
  encoding?: string;
}

export interface DocProfile extends CompactProfile {
  /** the text model (built on first use; a bounded number are kept) */
  readonly model: TextModel;
  /** the text as read */
  text(): string;
}

/**
 * Text models rebuilt from files are kept in a bounded cache (least recently built out first):
 * a large run cannot hold every text's tokens, and a document is usually in few pairs.
 */
const MODEL_CACHE = 4096;
const cached = new Set<{ drop(): void }>();
function remember(entry: { drop(): void }) {
  cached.add(entry);
  if (cached.size > MODEL_CACHE) {
    const oldest = cached.values().next().value as { drop(): void };
    cached.delete(oldest);
    oldest.drop();
  }
}

function compactFrom(path: string, raw: Buffer, d: TextDigest, o: Options, perms: Permutations): CompactProfile {
  return {
    path,
    bytes: raw.length,
    contentHash: createHash('sha256').update(raw).digest('hex'),
    canonicalHash: createHash('sha256').update(d.canonical).digest('hex'),
    words: d.stream.words,
    sentences: d.sentences,
    ...sign(d.stream, o, perms),
  };
}

/**
 * Attach a lazily built text model to a compact profile (in place): built from `load()` on first
 * use, kept in the bounded cache.
 */
export function withModel<T extends object = CompactProfile>(c: T, load: () => string): T & Pick<DocProfile, 'model' | 'text'> {
  let m: TextModel | undefined;
  const entry = {
    drop() {
      m = undefined;
    },
  };
  const get = (): TextModel => {
    if (!m) {
      m = analyzeText(load());
      remember(entry);
    }
    return m;
  };
  Object.defineProperties(c, {
    model: { get, enumerable: false, configurable: true },
    text: { value: () => m?.text ?? load(), enumerable: false, configurable: true },
  });
  return c as T & Pick<DocProfile, 'model' | 'text'>;
}

/**
 * Profile a text in memory. The text is kept; its model (token objects, which only the alignment
 * needs) is built when a pair needs it.
 */
export function profile(path: string, raw: Buffer, text: string, o: Options, perms: Permutations): DocProfile {
  return withModel(compactFrom(path, raw, digestText(text), o, perms), () => text);
}

/** Profile a text without keeping its model (what workers do). */
export function compactProfile(path: string, raw: Buffer, text: string, o: Options, perms: Permutations): CompactProfile {
  return compactFrom(path, raw, digestText(text), o, perms);
}

/** Re-read a document's text from its file (for a profile whose model was not kept). */
export function reader(path: string, encoding: Encoding = 'auto'): () => string {
  return () => {
    const d = decode(readFileSync(path), encoding);
    if (!d.ok) throw new Error(`${path} changed while it was being compared (${d.reason})`);
    return d.text;
  };
}
