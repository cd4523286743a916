/**
 * Bytes to text. UTF-8 by default (BOM stripped); binary input (NUL bytes) is always refused.
 * With encoding 'auto', text that is not valid UTF-8 is decoded as Windows-1252 (the usual
 * encoding of such files: "It\x92s" for "It’s") and the caller is told, so it can warn.
 */
export type Encoding = 'utf-8' | 'windows-1252' | 'auto';
export const ENCODINGS: readonly Encoding[] = ['utf-8', 'windows-1252', 'auto'];

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const cp1252 = new TextDecoder('windows-1252');

export type Decoded = { ok: true; text: string; encoding: 'utf-8' | 'windows-1252' } | { ok: false; reason: string };

export function decode(buf: Uint8Array, encoding: Encoding = 'utf-8'): Decoded {
  if (buf.length === 0) return { ok: false, reason: 'empty file' };
  const probe = buf.subarray(0, 8192);
  if (probe.includes(0)) return { ok: false, reason: 'binary file (contains NUL bytes)' };
  let text: string;
  let used: 'utf-8' | 'windows-1252' = 'utf-8';
  // plain ASCII reads the same in every encoding offered: no note for it
  let ascii = true;
  for (let i = 0; i < buf.length && ascii; i++) if (buf[i] >= 0x80) ascii = false;
  if (encoding === 'windows-1252' && !ascii) {
    text = cp1252.decode(buf);
    used = 'windows-1252';
  } else {
    try {
      text = utf8.decode(buf);
    } catch {
      if (encoding !== 'auto') return { ok: false, reason: 'not valid UTF-8 (--encoding auto reads it as Windows-1252)' };
      text = cp1252.decode(buf);
      used = 'windows-1252';
    }
  }
  if (text.trim() === '') return { ok: false, reason: 'no text (only white space)' };
  return { ok: true, text, encoding: used };
}
