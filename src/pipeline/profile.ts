/**
 * One document through the text and signatures stages. A profile holds what the candidate and
 * verification stages need (hashes, signatures, counts); the text model (sentences, tokens) is
 * built on demand and cached, so that large runs keep hashes, not texts, and re-read only the
 * documents of the pairs that need an alignment or their shared passages.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { analyzeText, type TextModel } from '../text/document.js';
import { sign, type Signatures } from '../signatures/index.js';
import type { Permutations } from '../signatures/minhash.js';
import type { Token } from '../text/tokenize.js';
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
  /** the text model (built on first use) */
  readonly model: TextModel;
  /** tokens of the whole text, in order (built on first use) */
  readonly flat: Token[];
}

function compactFrom(path: string, raw: Buffer, model: TextModel, o: Options, perms: Permutations): CompactProfile {
  return {
    path,
    bytes: raw.length,
    contentHash: createHash('sha256').update(raw).digest('hex'),
    canonicalHash: createHash('sha256').update(model.canonical).digest('hex'),
    words: model.words,
    sentences: model.sentences.length,
    ...sign(model, o, perms),
  };
}

/** Attach a lazily built, cached text model to a compact profile (in place). */
export function withModel(c: CompactProfile, load: () => string, model?: TextModel): DocProfile {
  let m = model;
  let flat: Token[] | undefined;
  Object.defineProperties(c, {
    model: { get: () => (m ??= analyzeText(load())), enumerable: false, configurable: true },
    flat: { get: () => (flat ??= (m ??= analyzeText(load())).tokens.flat()), enumerable: false, configurable: true },
  });
  return c as DocProfile;
}

/** Profile a text in memory (the model is kept). */
export function profile(path: string, raw: Buffer, text: string, o: Options, perms: Permutations): DocProfile {
  const model = analyzeText(text);
  return withModel(compactFrom(path, raw, model, o, perms), () => text, model);
}

/** Profile a text without keeping its model (what workers do). */
export function compactProfile(path: string, raw: Buffer, text: string, o: Options, perms: Permutations): CompactProfile {
  return compactFrom(path, raw, analyzeText(text), o, perms);
}

/** Re-read a document's text from its file (for a profile whose model was not kept). */
export function reader(path: string, encoding: Encoding = 'auto'): () => string {
  return () => {
    const d = decode(readFileSync(path), encoding);
    if (!d.ok) throw new Error(`${path} changed while it was being compared (${d.reason})`);
    return d.text;
  };
}
