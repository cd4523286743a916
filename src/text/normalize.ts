/**
 * Normalisation for matching (never for display): NFKC, then typographic variants folded to
 * one form so that a curly-quoted copy and a straight-quoted copy hash the same.
 * Every replacement is one UTF-16 unit for one unit, so offsets into the folded string are
 * offsets into the original text.
 */
const FOLD: Record<string, string> = {
  '\u2018': "'", '\u2019': "'", '\u201A': "'", '\u201B': "'", '\u2032': "'", '\u00B4': "'", '`': "'",
  '\u201C': '"', '\u201D': '"', '\u201E': '"', '\u201F': '"', '\u2033': '"', '\u00AB': '"', '\u00BB': '"',
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2015': '-', '\u2212': '-',
  '\u00A0': ' ', '\u2007': ' ', '\u202F': ' ', '\u2009': ' ', '\u200A': ' ', '\u2002': ' ', '\u2003': ' ',
  '\u3000': ' ', '\u200B': ' ', '\uFEFF': ' ', '\t': ' ',
};
const FOLD_RE = new RegExp(`[${Object.keys(FOLD).join('')}]`, 'g');

/** Fold typographic variants one unit for one unit (offsets preserved). */
export function foldTypography(text: string): string {
  return text.replace(FOLD_RE, (c) => FOLD[c] ?? c);
}

/**
 * The canonical form of a whole text used for the `identical` relation: NFKC, typography
 * folded, case folded, all runs of white space collapsed. Offsets are not preserved.
 */
export function canonicalText(text: string): string {
  return canonicalFromFolded(normalizeForMatching(text));
}

/** canonicalText of a text already passed through normalizeForMatching. */
export function canonicalFromFolded(folded: string): string {
  // runs of white space to one space (a lone ' ' is left alone: replacing it costs 3x)
  return folded.toLowerCase().replace(/\s\s+|[^\S ]/g, ' ').trim();
}

/**
 * NFKC can change the length of a string (ligatures, full-width forms, combining marks). We apply
 * it character by character, only where it keeps that character's length, so that offsets stay
 * valid; the characters it would expand (e.g. "ﬁ" -> "fi") are rare in news text.
 */
export function normalizeForMatching(text: string): string {
  const nfkc = text.normalize('NFKC');
  // equal lengths do not mean equal offsets ("ﬁ" grows while "e" + U+0301 shrinks): whenever NFKC
  // changes anything, normalise character by character
  const base = nfkc === text ? text : perCharNfkc(text);
  return foldTypography(base);
}

function perCharNfkc(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const code = c.charCodeAt(0);
    if (code < 0x80) { out += c; continue; }
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const pair = c + text[i + 1];
      const n = pair.normalize('NFKC');
      out += n.length === 2 ? n : pair;
      i++;
      continue;
    }
    const n = c.normalize('NFKC');
    out += n.length === 1 ? n : c;
  }
  return out;
}

/**
 * i moved off the middle of a surrogate pair (a character outside the Basic Multilingual Plane:
 * CJK Extension B, emoji): to the pair's start, or past its end with `forward`. Cutting a text at
 * the result never splits a character.
 */
export function codePointBoundary(text: string, i: number, forward = false): number {
  if (i <= 0 || i >= text.length) return i;
  const c = text.charCodeAt(i);
  const p = text.charCodeAt(i - 1);
  return c >= 0xdc00 && c <= 0xdfff && p >= 0xd800 && p <= 0xdbff ? (forward ? i + 1 : i - 1) : i;
}
