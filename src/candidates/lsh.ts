/**
 * LSH banding: each signature is cut into `bands` bands of `rows` values; two documents whose
 * band values agree in any band become a candidate pair.
 */
import { combine, fmix32 } from '../signatures/hash.js';
import type { BandParams } from './lshParams.js';
import { KeyCollector } from './keyedPairs.js';

/** The key of band `band` of a signature (mixes in the band number, so bands never collide). */
export function bandKey(sig: Uint32Array, band: number, rows: number): number {
  let h = fmix32(band + 0x3c6ef372);
  const start = band * rows;
  for (let r = 0; r < rows; r++) h = combine(h, sig[start + r]);
  return fmix32(h);
}

export function bandKeys(sig: Uint32Array, p: BandParams): Uint32Array {
  const keys = new Uint32Array(p.bands);
  for (let b = 0; b < p.bands; b++) keys[b] = bandKey(sig, b, p.rows);
  return keys;
}

export function collectBands(sigs: readonly Uint32Array[], p: BandParams): KeyCollector {
  const col = new KeyCollector(sigs.length * p.bands);
  sigs.forEach((sig, item) => {
    const keys = bandKeys(sig, p);
    for (let b = 0; b < keys.length; b++) col.add(keys[b], item);
  });
  return col;
}
