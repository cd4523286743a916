/**
 * Bytes to text. UTF-8 by default (BOM stripped); binary input (NUL bytes) is always refused.
 * With encoding 'auto', text that is not valid UTF-8 is decoded in the legacy encoding that
 * chardet finds most likely (Windows-1252 for Western text, "It\x92s" for "It’s"; Windows-1251 or
 * KOI8-R for Russian, GB18030 or Big5 for Chinese, Shift_JIS or EUC-JP for Japanese, EUC-KR, the
 * other Windows and ISO-8859 code pages), Windows-1252 when it finds none of these, and the
 * caller is told which, so it can warn.
 * UTF-16 and UTF-32 text is refused too, with a reason that says what it is and how to convert it.
 */
import { createRequire } from 'node:module';
import type { Encoding } from '../types.js';

export { ENCODINGS, type Encoding } from '../types.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
/**
 * Windows-1252's 0x80-0x9F (WHATWG's index): Node 20's TextDecoder('windows-1252') decodes as
 * Latin-1 there, so that "It\x92s" became "It\u0092s" (an invisible control) instead of "It’s".
 */
const CP1252_HIGH = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
const latin1 = new TextDecoder('latin1');

/** Bytes in a legacy encoding (a WHATWG name), Windows-1252 read by its own table; 'utf-8' replaces invalid bytes. */
export function decodeAs(encoding: string, bytes: Uint8Array): string {
  if (encoding !== 'windows-1252') return new TextDecoder(encoding).decode(bytes);
  return latin1.decode(bytes).replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]);
}

/** `encoding` is 'utf-8' for UTF-8 read as it is; anything else (a legacy encoding, or UTF-8 with its bad bytes replaced: `noted`) is said to the user. */
export type Decoded = { ok: true; text: string; encoding: string; noted: boolean } | { ok: false; reason: string };

/**
 * chardet's names of the legacy encodings read with --encoding auto, as WHATWG (TextDecoder)
 * names them; ISO-8859-1 is read as its superset Windows-1252, as browsers do.
 */
const LEGACY: Record<string, string> = {
  'ISO-8859-1': 'windows-1252',
  'windows-1252': 'windows-1252',
  'windows-1250': 'windows-1250',
  'windows-1251': 'windows-1251',
  'windows-1253': 'windows-1253',
  'windows-1254': 'windows-1254',
  'windows-1255': 'windows-1255',
  'windows-1256': 'windows-1256',
  'ISO-8859-2': 'iso-8859-2',
  'ISO-8859-5': 'iso-8859-5',
  'ISO-8859-6': 'iso-8859-6',
  'ISO-8859-7': 'iso-8859-7',
  'ISO-8859-8': 'iso-8859-8',
  'ISO-8859-9': 'windows-1254',
  'KOI8-R': 'koi8-r',
  GB18030: 'gb18030',
  Big5: 'big5',
  Shift_JIS: 'shift_jis',
  'EUC-JP': 'euc-jp',
  'EUC-KR': 'euc-kr',
};

/** chardet, loaded the first time a file is not UTF-8 (a plain run never loads it). */
let chardet: { analyse(b: Uint8Array): Array<{ name: string; confidence: number }> } | undefined;

const lenientUtf8 = new TextDecoder('utf-8');

/**
 * UTF-8 with a few bad bytes: valid UTF-8 but for a character cut at its end, or its valid
 * characters above ASCII outnumber the bad bytes four to one.
 */
function mostlyUtf8(buf: Uint8Array): boolean {
  // a file cut inside its last character: up to three bytes of a sequence it did not finish
  let end = buf.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const b = buf[end - back];
    if (b >= 0xc0) {
      // and UTF-8 before it: characters above ASCII that decode ("caf\xe9" is Latin-1, not a cut)
      try {
        const before = utf8.decode(buf.subarray(0, end - back));
        return /[^\x00-\x7f]/.test(before);
      } catch {
        break;
      }
    }
    if (b < 0x80) break;
  }
  let good = 0;
  let bad = 0;
  for (const ch of lenientUtf8.decode(buf)) {
    const c = ch.codePointAt(0)!;
    if (c === 0xfffd) bad++;
    else if (c >= 0x80) good++;
  }
  return good > 0 && good >= 4 * bad;
}

/** The encodings of two bytes or more a character: chardet names one for a few accented Western words. */
const MULTIBYTE = new Set(['gb18030', 'big5', 'shift_jis', 'euc-jp', 'euc-kr']);
/** chardet's confidence a multibyte guess needs (a two-character headline gets little). */
const MULTIBYTE_MIN_CONFIDENCE = 10;
/** Characters above ASCII from which a multibyte reading is taken whatever they stand next to. */
const MULTIBYTE_MIN_CHARS = 6;
const CJK = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}\u3000-\u303f\uff00-\uffef]/u;
const CJK_IN_WORD = /[A-Za-z][\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}\uFFFD\u30fb]|[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}\uFFFD\u30fb][a-z]/u;

/**
 * Does a multibyte reading look like text? A few accented Western letters read as Shift_JIS or Big5
 * give CJK characters inside Latin words ("H駘lo", "Stra絽") or replacement characters; a short
 * Japanese or Chinese headline gives CJK characters only (東京, ニュース速報).
 */
function plausibleMultibyte(text: string): boolean {
  // a real multibyte text decodes without a bad sequence
  if (text.includes('\uFFFD')) return false;
  let high = 0;
  let cjk = 0;
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) continue;
    high++;
    if (CJK.test(ch)) cjk++;
  }
  if (high === 0 || cjk < high / 2) return false;
  return high >= MULTIBYTE_MIN_CHARS || !CJK_IN_WORD.test(text);
}

/**
 * The legacy encoding of bytes that are not UTF-8 (see the module's comment): 'utf-8' when they are
 * mostly UTF-8 (a UTF-8 file with a stray byte or cut inside a character: read as UTF-8, the bad
 * bytes replaced, not as a legacy encoding of the whole); a multibyte encoding only
 * with enough bytes and confidence ("Zoë’s résumé" was read as Shift_JIS, "Straße" as Big5).
 */
export function guessEncoding(buf: Uint8Array): string {
  chardet ??= createRequire(import.meta.url)('chardet') as NonNullable<typeof chardet>;
  if (mostlyUtf8(buf)) return 'utf-8';
  const found = chardet.analyse(buf);
  for (const m of found) {
    const name = LEGACY[m.name];
    if (!name || m.confidence < 10) continue;
    if (MULTIBYTE.has(name) && (m.confidence < MULTIBYTE_MIN_CONFIDENCE || !plausibleMultibyte(decodeAs(name, buf)))) continue;
    return name;
  }
  return 'windows-1252';
}

/**
 * White space, the characters normalisation drops (format characters, the Arabic tatweel), and
 * others that show nothing on their own (combining marks and variation selectors without a letter,
 * the Hangul fillers, the blank Braille pattern) only: a text of them has no words.
 */
const INVISIBLE_ONLY = /^[\s\p{Cf}\p{M}\u0640\u115f\u1160\u3164\uffa0\u2800]*$/u;

/** Does the text start with UTF-8's byte order mark (EF BB BF)? */
export const hasUtf8Bom = (buf: Uint8Array) => buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;

export const BINARY_REASON = 'binary file (contains NUL bytes)';

/**
 * Why a text given as text (a JSONL article, a text handed to the library) is not read, or null: the
 * reasons of decode for a file, said of a text (no guess at UTF-16 for a NUL inside one).
 */
export function textReason(text: string): string | null {
  if (text === '') return 'empty text';
  if (text.includes('\u0000')) return 'binary text (contains NUL characters)';
  if (text.trim() === '') return 'no text (only white space)';
  if (INVISIBLE_ONLY.test(text)) return 'no text (only white space and invisible characters)';
  return null;
}

/**
 * Bytes to text by --encoding's rule (one rule for files and for the lines of a JSONL file): plain
 * ASCII as it is; a UTF-8 byte order mark (at its start, or `declared` for the lines after a file's
 * own) means UTF-8 whatever the rule, the mark dropped; 'windows-1252' reads everything else as
 * Windows-1252; otherwise UTF-8, and bytes that are not UTF-8 are read in their legacy encoding
 * with 'auto', or are null (with 'utf-8', and with a BOM before bytes that are not UTF-8 under
 * 'windows-1252', read as Windows-1252 after it).
 */
export function textOf(buf: Uint8Array, encoding: Encoding, declared = false): { text: string; used: string; noted: boolean } | null {
  const bom = hasUtf8Bom(buf);
  const body = bom ? buf.subarray(3) : buf;
  let ascii = true;
  for (let i = 0; i < body.length && ascii; i++) if (body[i] >= 0x80) ascii = false;
  // plain ASCII reads the same in every encoding offered: no note for it
  if (ascii) return { text: latin1.decode(body), used: 'utf-8', noted: false };
  if (encoding === 'windows-1252' && !bom && !declared) return { text: decodeAs('windows-1252', body), used: 'windows-1252', noted: true };
  try {
    return { text: utf8.decode(body), used: 'utf-8', noted: false };
  } catch {
    if (encoding === 'utf-8') return null;
    const used = encoding === 'windows-1252' ? 'windows-1252' : guessEncoding(body);
    return { text: decodeAs(used, body), used, noted: true };
  }
}

export function decode(buf: Uint8Array, encoding: Encoding = 'utf-8'): Decoded {
  if (buf.length === 0) return { ok: false, reason: 'empty file' };
  // the whole file, not a prefix: a NUL at byte 9,000 is as binary as one at byte 10 (a native
  // scan: 0.1-0.3 ms for the 2,000 files, 4.6 MB, of the bench corpus)
  const nul = buf.indexOf(0) !== -1;
  // a UTF-16 BOM (FF FE, FE FF) or a NUL byte: wide text, or binary
  if (nul || buf[0] >= 0xfe) {
    const wide = wideTextReason(buf);
    if (wide) return { ok: false, reason: wide };
    if (nul) return { ok: false, reason: BINARY_REASON };
  }
  const t = textOf(buf, encoding);
  if (!t) return { ok: false, reason: 'not valid UTF-8 (--encoding auto detects its legacy encoding)' };
  const { text, used, noted } = t;
  if (text.trim() === '') return { ok: false, reason: 'no text (only white space)' };
  // invisible characters are dropped for matching (text/normalize.ts): a file of them has no text
  if (INVISIBLE_ONLY.test(text)) return { ok: false, reason: 'no text (only white space and invisible characters)' };
  return { ok: true, text, encoding: used, noted };
}

/**
 * Why the bytes are not read when they look like UTF-16 or UTF-32 text (a byte order mark, or
 * UTF-16 without one: NUL bytes at every other position); null otherwise. Such files are
 * refused rather than decoded: the BOM-less case is a guess, and a guess read as text would
 * turn a binary file into a document of nonsense.
 */
export function wideTextReason(buf: Uint8Array): string | null {
  const convert = (what: string, iconv: string) => `${what}; convert it to UTF-8, e.g. iconv -f ${iconv} -t UTF-8`;
  if (startsWith(buf, [0xff, 0xfe, 0, 0]) || startsWith(buf, [0, 0, 0xfe, 0xff])) return convert('UTF-32 text (it starts with a byte order mark)', 'UTF-32');
  if (buf.length % 2 === 0 && (startsWith(buf, [0xff, 0xfe]) || startsWith(buf, [0xfe, 0xff]))) return convert('UTF-16 text (it starts with a byte order mark)', 'UTF-16');
  const order = utf16Order(buf.subarray(0, 4096));
  return order ? convert(`looks like UTF-16${order} text (every other byte is NUL)`, `UTF-16${order}`) : null;
}

function startsWith(buf: Uint8Array, prefix: readonly number[]): boolean {
  return buf.length >= prefix.length && prefix.every((b, i) => buf[i] === b);
}

/**
 * 'LE' or 'BE' when a sample reads as UTF-16 text without a BOM: NUL high bytes on one side of
 * the byte pairs (at least one pair in eight: text in a Latin script), hardly any on the other,
 * and no control character other than white space among the pairs with a NUL high byte. Binary
 * data has NUL bytes on both sides or control bytes among them.
 */
export function utf16Order(sample: Uint8Array): 'LE' | 'BE' | null {
  if (sample.indexOf(0) === -1) return null;
  const pairs = sample.length >> 1;
  if (pairs < 4) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < 2 * pairs; i += 2) {
    if (sample[i] === 0) evenNul++;
    if (sample[i + 1] === 0) oddNul++;
  }
  const le = oddNul >= evenNul;
  const high = le ? oddNul : evenNul;
  const other = le ? evenNul : oddNul;
  if (high * 8 < pairs || other * 8 > high) return null;
  const [loAt, hiAt] = le ? [0, 1] : [1, 0];
  for (let i = 0; i < 2 * pairs; i += 2) {
    const lo = sample[i + loAt];
    if (sample[i + hiAt] === 0 && lo < 0x20 && (lo < 0x09 || lo > 0x0d)) return null;
  }
  return le ? 'LE' : 'BE';
}
