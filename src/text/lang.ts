/**
 * The language of a document: given (JSONL `lang`), or detected with eld (Nito-ELD, an n-gram
 * detector of 60 languages; its smallest database). Measured on the evaluation sets
 * (docs/how-it-works.md): eld got every document of WMT23 (English and Chinese), WMT22 en-zh (both sides) and
 * WMT22 ru-en (both sides) and of Clough & Stevenson right, and 3,449 of 3,450 single MRPC
 * sentences, at about 0.07 ms a document; franc-min called 7 of the 156 Russian sources Bulgarian
 * or Serbian and 57 MRPC sentences another language, at 0.24-0.5 ms; tinyld missed 4 of the 380
 * WMT23 English translations.
 *
 * eld's database takes about 0.2 s to load, so it is loaded only when a document needs it: a text
 * written in Latin letters is first scanned as English, and kept as English when at least 20% of
 * its first 200 words are English stop words. Measured (docs/how-it-works.md): English news
 * runs at a median of 39-47% (WMT23, WMT22 ru-en, Helsinki, Clough), 8 of 2,928 documents below
 * 20% (they go to eld, which says English, and keep their scan); French, German, Spanish, Italian,
 * Dutch, Portuguese and Norwegian text at most 16%. Only the others go to eld.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { UNDETERMINED } from './nlp.js';

interface Eld {
  detect(text: string): { language: string };
}
let eld: Eld | null = null;

/** eld, loaded on first use (an ES module loaded synchronously: require of ESM, Node >= 20.19). */
function detector(): Eld {
  if (!eld) {
    const require = createRequire(import.meta.url);
    eld = (require(fileURLToPath(import.meta.resolve('eld/extrasmall'))) as { eld: Eld }).eld;
  }
  return eld;
}

/**
 * Load eld ahead of use, by import(): for hosts whose require() cannot load an ES module (jest's
 * module registry on Node 20); the CLI needs no such call.
 */
export async function loadDetector(): Promise<void> {
  eld ??= ((await import('eld/extrasmall')) as { eld: Eld }).eld;
}

/** Characters of the text that detection looks at (eld itself reads no more than 1,000). */
const SAMPLE = 1000;

/** The detected language of a (folded) text: an ISO 639-1 code, or 'und'. */
export function detectLanguage(text: string): string {
  const sample = text.length > SAMPLE ? text.slice(0, SAMPLE) : text;
  if (!/[\p{L}]/u.test(sample)) return UNDETERMINED;
  const code = detector().detect(sample).language;
  return code ? code : UNDETERMINED;
}

/** Letters of the Latin script below U+0250 (ASCII, Latin-1, Latin Extended-A and -B): 1. */
const LATIN = new Uint8Array(0x250);
for (let c = 0; c < 0x250; c++) LATIN[c] = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7) ? 1 : 0;
/** Characters of the start that the script test looks at. */
const SCRIPT_SAMPLE = 200;

/**
 * Is the start of the text written in Latin letters? Then it is scanned as English first. Counts
 * letters of the first 200 characters: at most one in ten may be of another script (a name, a
 * quote). A table lookup per character below U+0250, so that English text pays next to nothing.
 */
export function mostlyLatin(text: string): boolean {
  const n = Math.min(text.length, SCRIPT_SAMPLE);
  let latin = 0;
  let other = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x250) latin += LATIN[c];
    else if (c >= 0x1e00 && c < 0x1f00) latin++;
    else if ((c < 0x2000 || c >= 0x2070) && /\p{L}/u.test(text[i])) other++;
  }
  return latin > 0 && other * 10 <= latin + other;
}

/**
 * A language code as given by a user (JSONL `lang`): a BCP 47 tag reduced to its language, in the
 * two-letter form where there is one ('zh-Hans-CN' and 'ZH' are 'zh', 'eng' is 'en'); null when it
 * is not a language tag.
 */
export function languageCode(tag: string): string | null {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag.trim());
    const code = new Intl.Locale(canonical).language;
    return /^[a-z]{2,3}$/.test(code) ? code : null;
  } catch {
    return null;
  }
}
