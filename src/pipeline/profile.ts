/** One document through the text and signatures stages. */
import { createHash } from 'node:crypto';
import { analyzeText, type TextModel } from '../text/document.js';
import { sign, type Signatures } from '../signatures/index.js';
import type { Permutations } from '../signatures/minhash.js';
import type { Token } from '../text/tokenize.js';
import type { Options } from './options.js';

export interface DocProfile extends Signatures {
  path: string;
  bytes: number;
  /** sha256 of the bytes as read, hex */
  contentHash: string;
  /** sha256 of the canonical text (case, typography and spacing folded) */
  canonicalHash: string;
  model: TextModel;
  /** tokens of the whole text, in order */
  flat: Token[];
  /** set when the file was decoded from something other than UTF-8 */
  encoding?: string;
}

export function profile(path: string, raw: Buffer, text: string, o: Options, perms: Permutations): DocProfile {
  const model = analyzeText(text);
  return {
    path,
    bytes: raw.length,
    contentHash: createHash('sha256').update(raw).digest('hex'),
    canonicalHash: createHash('sha256').update(model.canonical).digest('hex'),
    model,
    flat: model.tokens.flat(),
    ...sign(model, o, perms),
  };
}
