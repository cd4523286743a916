/**
 * The parameters an index is built with. Band keys depend on them (and on the text and signature
 * code), so an index answers only a command that uses the same ones: a mismatch is a usage error,
 * never a silent wrong answer. Parameters not given on the command line are taken from the index.
 */
import { createHash } from 'node:crypto';
import { bandsFor, type Bands, type Options } from '../pipeline/options.js';
import { profile } from '../pipeline/profile.js';
import { permutations } from '../signatures/minhash.js';
import { bandKeys } from '../candidates/lsh.js';
import { UsageError } from '../read/errors.js';

/**
 * Bump when text normalisation, tokenisation, shingling, hashing, MinHash or band keys change in
 * a way that changes stored signatures: older indexes are then refused (build them again). The
 * probe below catches such a change even when nobody bumps this.
 */
export const SIGNATURE_VERSION = 3;
// 3: NFC/NFD forms folded to one, invisible format characters dropped (text/normalize.ts)

/** The options that decide what is stored, with their command-line flags. */
export const STORED_OPTIONS = [
  ['shingleSize', '--shingle-size'],
  ['numPerm', '--num-perm'],
  ['seed', '--seed'],
  ['threshold', '--threshold'],
  ['contentThreshold', '--content-threshold'],
] as const;
export type StoredOption = (typeof STORED_OPTIONS)[number][0];

export interface IndexParams extends Pick<Options, StoredOption> {
  signatureVersion: number;
  bands: Bands;
  /** a digest of the signatures and band keys of a fixed text: changes when the code does */
  probe: string;
}

const PROBE_TEXT =
  'Officials said on Tuesday that the new harbour bridge would open next spring, after “years” of delays. ' +
  'The U.S. Department of Transportation paid $7.5 million; Sen. Jane Doe called it a sea change for the city.';

export interface DocKeys {
  shingles: Uint32Array;
  content: Uint32Array;
}

/** The LSH band keys of a document's two MinHash signatures (stored, and looked up by check). */
export function docBandKeys(minShingles: Uint32Array, minContent: Uint32Array, bands: Bands): DocKeys {
  return { shingles: bandKeys(minShingles, bands.shingles), content: bandKeys(minContent, bands.content) };
}

export function paramsOf(o: Options): IndexParams {
  const bands = bandsFor(o);
  const p = profile('probe', Buffer.from(PROBE_TEXT), PROBE_TEXT, o, permutations(o.numPerm, o.seed));
  const keys = docBandKeys(p.minShingles, p.minContent, bands);
  const h = createHash('sha256').update(p.canonicalHash);
  for (const a of [p.shingles, p.content, p.minShingles, p.minContent, keys.shingles, keys.content]) h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return {
    signatureVersion: SIGNATURE_VERSION,
    shingleSize: o.shingleSize,
    numPerm: o.numPerm,
    seed: o.seed,
    threshold: o.threshold,
    contentThreshold: o.contentThreshold,
    bands,
    probe: h.digest('hex').slice(0, 16),
  };
}

const bandText = (b: Bands) => `${b.shingles.bands}x${b.shingles.rows} and ${b.content.bands}x${b.content.rows}`;

/**
 * The options a command runs with against an index built with `stored`: options given explicitly
 * must agree with the index; the others are taken from it. Throws a one-line UsageError otherwise.
 */
export function effectiveOptions(file: string, stored: IndexParams, o: Options, explicit: ReadonlySet<string>): Options {
  const eff: Options = { ...o };
  for (const [key, flag] of STORED_OPTIONS) {
    if (explicit.has(key) && o[key] !== stored[key]) {
      throw new UsageError(`index ${file} was built with ${flag} ${stored[key]}, not ${o[key]} (leave ${flag} out to use the index's value, or build a new index)`);
    }
    eff[key] = stored[key];
  }
  const now = paramsOf(eff);
  if (stored.signatureVersion !== SIGNATURE_VERSION) {
    throw new UsageError(`index ${file} was built by a dupecheck with other text or signature code (signature version ${stored.signatureVersion}, this one ${SIGNATURE_VERSION}); build it again`);
  }
  if (now.probe !== stored.probe) {
    // same version, other signatures of the same probe text: code changed without a new version
    throw new UsageError(`index ${file} was built by a dupecheck that computes other signatures (the same signature version ${SIGNATURE_VERSION}, its probe text digested as ${stored.probe}, by this one as ${now.probe}); build it again`);
  }
  if (bandText(now.bands) !== bandText(stored.bands)) {
    throw new UsageError(`index ${file} uses LSH bands ${bandText(stored.bands)}, this dupecheck computes ${bandText(now.bands)} for the same thresholds; build it again`);
  }
  return eff;
}

export function describeParams(p: IndexParams): string {
  return (
    `shingle size ${p.shingleSize}, ${p.numPerm} permutations, seed ${p.seed}, ` +
    `threshold ${p.threshold} (${p.bands.shingles.bands}x${p.bands.shingles.rows} bands), ` +
    `content threshold ${p.contentThreshold} (${p.bands.content.bands}x${p.bands.content.rows} bands), signature version ${p.signatureVersion}`
  );
}
