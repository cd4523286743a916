/** Bytes to text: UTF-8 only, BOM stripped; binary and undecodable input is refused with a reason. */
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export type Decoded = { ok: true; text: string } | { ok: false; reason: string };

export function decode(buf: Uint8Array): Decoded {
  if (buf.length === 0) return { ok: false, reason: 'empty file' };
  const probe = buf.subarray(0, 8192);
  if (probe.includes(0)) return { ok: false, reason: 'binary file (contains NUL bytes)' };
  let text: string;
  try {
    text = decoder.decode(buf);
  } catch {
    return { ok: false, reason: 'not valid UTF-8' };
  }
  if (text.trim() === '') return { ok: false, reason: 'no text (only white space)' };
  return { ok: true, text };
}
