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
import { InputError } from '../read/errors.js';

export type { CompactProfile, DocProfile } from '../model.js';
import type { CompactProfile, DocProfile } from '../model.js';

/**
 * Text models rebuilt from files are kept in a bounded cache (least recently built out first):
 * a large run cannot hold every text's tokens, and a document is usually in few pairs.
 */
let modelCache = 4096;
/** Set how many rebuilt text models are kept (workers keep fewer: each has its own cache). */
export function setModelCache(n: number): void {
  modelCache = n;
}
const cached = new Set<{ drop(): void }>();
function remember(entry: { drop(): void }) {
  cached.add(entry);
  while (cached.size > modelCache) {
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
    lang: d.lang,
    ...sign(d.stream, o, perms),
  };
}

const MODEL = Symbol('model');
const LOAD = Symbol('load');

interface Lazy {
  [MODEL]: TextModel | undefined;
  [LOAD]: () => string;
}

/**
 * The prototype of profiles with a lazy model: a getter on a shared prototype keeps every profile
 * a fast-mode object (defining properties on each object turned them into slow dictionaries).
 */
const LAZY_MODEL = {
  get model(): TextModel {
    const self = this as unknown as Lazy;
    let m = self[MODEL];
    if (!m) {
      // in the profile's language, so that the model's stems are the signatures' stems
      m = self[MODEL] = analyzeText(self[LOAD](), (this as unknown as CompactProfile).lang);
      remember({ drop: () => (self[MODEL] = undefined) });
    }
    return m;
  },
  text(): string {
    const self = this as unknown as Lazy;
    return self[MODEL]?.text ?? self[LOAD]();
  },
};

/** Whether a profile of withModel holds its text model now (built and not yet dropped from the cache). */
export function hasModel(doc: object): boolean {
  return (doc as Partial<Lazy>)[MODEL] !== undefined;
}

/**
 * A profile with a lazily built text model: built from `load()` on first use, kept in the
 * bounded cache. Returns a new object with the fields of `c`.
 */
export function withModel<T extends object = CompactProfile>(c: T, load: () => string): T & Pick<DocProfile, 'model' | 'text'> {
  const doc = Object.create(LAZY_MODEL) as T & Lazy & Pick<DocProfile, 'model' | 'text'>;
  doc[MODEL] = undefined;
  doc[LOAD] = load;
  return Object.assign(doc, c);
}

/**
 * Profile a text in memory. The text is kept; its model (token objects, which only the alignment
 * needs) is built when a pair needs it.
 */
export function profile(path: string, raw: Buffer, text: string, o: Options, perms: Permutations, lang?: string): DocProfile {
  return withModel(compactFrom(path, raw, digestText(text, lang), o, perms), () => text);
}

/** Profile a text without keeping its model (what workers do); `lang` when known, else detected. */
export function compactProfile(path: string, raw: Buffer, text: string, o: Options, perms: Permutations, lang?: string): CompactProfile {
  return compactFrom(path, raw, digestText(text, lang), o, perms);
}

/**
 * Re-read a document's text from its file (for a profile whose model was not kept). The bytes
 * must be the ones profiled (`contentHash`): a file rewritten during the run would otherwise be
 * aligned and quoted with offsets and hashes of another text.
 */
export function reader(path: string, contentHash: string, encoding: Encoding = 'auto'): () => string {
  return () => {
    let raw: Buffer;
    try {
      raw = readFileSync(path);
    } catch (e) {
      throw new InputError(`${path} could not be read again while it was being compared (${(e as NodeJS.ErrnoException).code ?? 'error'}): was it moved or deleted during the run?`);
    }
    if (createHash('sha256').update(raw).digest('hex') !== contentHash) throw new InputError(`${path} changed while it was being compared (its bytes differ from those read first): run again once the files are stable`);
    // the same bytes decoded as before
    const d = decode(raw, encoding);
    if (!d.ok) throw new Error(`${path}: bytes that decoded when first read no longer decode (${d.reason})`);
    return d.text;
  };
}
