/**
 * Normalisation for matching (never for display): NFKC, invisible format characters dropped, then
 * typographic variants folded to one form so that a curly-quoted copy and a straight-quoted copy
 * hash the same. The folded text can be shorter or longer than the original (a base letter and its
 * combining accent become one character; a ready-made nukta letter becomes two), so foldForMatching
 * also returns, when anything moved, where each of its units came from: offsets found in the folded
 * text are mapped back to the original's (document.ts) before anything keeps them.
 */
const FOLD: Record<string, string> = {
  '\u2018': "'", '\u2019': "'", '\u201A': "'", '\u201B': "'", '\u2032': "'", '\u00B4': "'", '`': "'",
  '\u201C': '"', '\u201D': '"', '\u201E': '"', '\u201F': '"', '\u2033': '"', '\u00AB': '"', '\u00BB': '"',
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2015': '-', '\u2212': '-',
  '\u00A0': ' ', '\u2007': ' ', '\u202F': ' ', '\u2009': ' ', '\u200A': ' ', '\u2002': ' ', '\u2003': ' ',
  '\u3000': ' ', '\t': ' ',
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

/** A text folded for matching, and where its units came from when offsets moved. */
export interface Folded {
  text: string;
  /**
   * For each unit of `text`, the original's range [from[k], to[k]) it came from (a whole cluster:
   * a letter with its accents, a character with the invisible marks after it); null when every
   * unit is where it was (the usual case).
   */
  from: Uint32Array | null;
  to: Uint32Array | null;
}

/**
 * Characters that change nothing a reader sees and are dropped: format characters (soft hyphen,
 * zero-width space, joiners, word joiner, byte-order mark, bidirectional marks) and the Arabic
 * tatweel that stretches a word. A zero-width space inside a word, or a soft hyphen from a
 * hyphenating CMS, made two words of one ("in\u00ADcreases"), so that a copy that looks identical
 * was reworded. The zero-width non-joiner of Persian, Arabic-script and Indic writing is dropped
 * too except after an Arabic-script letter, where it stands between the parts of a compound that
 * other copies write with a space ("می‌خواهم", "می خواهم"): there it becomes a space.
 */
const INVISIBLE = /[\p{Cf}\u0640]/u;
const ARABIC_LETTER = /\p{sc=Arabic}/u;
const ZWNJ = 0x200c;

/**
 * Normalise a text for matching: NFKC where it does not lengthen a character (a compatibility
 * expansion such as "ﬁ" -> "fi" or "…" -> "..." is left as written, rare in news), canonical
 * composition and decomposition (NFC) always, invisible characters dropped (see INVISIBLE), then
 * typography folded. Most texts come back with the same offsets (from/to null); see Folded.
 */
export function foldForMatching(text: string): Folded {
  const nfkc = text.normalize('NFKC');
  if (nfkc === text && !INVISIBLE.test(text)) return { text: foldTypography(text), from: null, to: null };
  return slowFold(text);
}

/** The folded text alone (tests, and callers that keep no offsets). */
export function normalizeForMatching(text: string): string {
  return foldForMatching(text).text;
}

/** Code points of a string (its units less the second halves of surrogate pairs). */
function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) n--;
  }
  return n;
}

/** Length in UTF-16 units of the code point at i. */
function cpLen(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
}

/** A character that belongs to the cluster of the letter before it: a combining mark, or an invisible one. */
const CLUSTER_TAIL = /[\p{M}\p{Cf}\u0640]/uy;
/**
 * Characters that are not marks yet compose with the character before them under NFKC: Hangul
 * vowel and final jamo (and their compatibility and half-width forms), the half-width kana voicing
 * marks, and the second parts of two-part vowels of Indic and Myanmar scripts. Before one of these,
 * two clusters are normalised together.
 */
const COMPOSERS = '\\u1160-\\u11ff\\ud7b0-\\ud7ff\\u3131-\\u318e\\uffa0-\\uffdc\\uff9e\\uff9f\\u0b3e\\u0b56\\u0b57\\u0bbe\\u0bd7\\u0cc2\\u0cd5\\u0cd6\\u0d3e\\u0d57\\u0dcf\\u0ddf\\u102e\\u1b35\\u{110ba}\\u{1133e}\\u{11357}\\u{114b0}\\u{114ba}\\u{114bd}\\u{115af}';
const COMPOSES_BACK = new RegExp(`[${COMPOSERS}]`, 'uy');
/**
 * A run of characters that neither belong to the cluster before them nor compose with it, of at
 * most 65,536: V8 keeps a backtracking entry per character matched, and a run of millions (an
 * 11 MB file with one no-break space) overflowed the stack ("Maximum call stack size exceeded").
 */
const SIMPLE_RUN = new RegExp(`[^\\p{M}\\p{Cf}\\u0640${COMPOSERS}]{1,65536}`, 'uy');

function tailAt(text: string, j: number): boolean {
  CLUSTER_TAIL.lastIndex = j;
  return CLUSTER_TAIL.test(text);
}

/**
 * Runs of simple characters (no marks, no invisible characters, nothing that composes backwards)
 * at once: NFKC of such a run maps each character alone, and when it keeps the run's code points
 * and units it kept every character's (no character of the Basic Multilingual Plane becomes one
 * outside it). The rest cluster by cluster (a character with the marks and invisible
 * characters after it), each normalised alone, except where a cluster composes with the one before
 * it (COMPOSES_BACK): those are normalised together.
 */
function slowFold(text: string): Folded {
  const n = text.length;
  let out = '';
  const from: number[] = [];
  const to: number[] = [];
  let moved = false;
  const clusterEnd = (at: number): number => {
    let j = at + cpLen(text, at);
    while (j < n && text.charCodeAt(j) >= 0x80 && tailAt(text, j)) j += cpLen(text, j);
    return j;
  };
  const emit = (piece: string, i: number, j: number) => {
    out += piece;
    for (let u = 0; u < piece.length; u++) {
      from.push(i);
      to.push(j);
    }
  };
  let i = 0;
  while (i < n) {
    SIMPLE_RUN.lastIndex = i;
    const m = SIMPLE_RUN.exec(text);
    let r = m ? i + m[0].length : i;
    // the run's last character is the base of the cluster that follows it
    if (r < n && r > i) r -= r - 2 >= i && text.charCodeAt(r - 1) >= 0xdc00 && text.charCodeAt(r - 1) <= 0xdfff ? 2 : 1;
    if (r > i) {
      const run = text.slice(i, r);
      const k = run.normalize('NFKC');
      // every character of such a run maps to one code point or more: the same number of code
      // points and units means each kept its own (equal lengths alone do not: a math-bold letter
      // shrinks by a unit where an ellipsis grows by two)
      if (k.length === run.length && codePoints(k) === codePoints(run)) {
        out += k;
        for (let u = i; u < r; u++) {
          from.push(u);
          to.push(u + 1);
        }
      } else {
        for (let u = i; u < r; ) {
          const w = cpLen(text, u);
          const piece = norm(text.slice(u, u + w));
          if (piece.length !== w) moved = true;
          emit(piece, u, u + w);
          u += w;
        }
      }
      i = r;
      continue;
    }
    let j = clusterEnd(i);
    for (;;) {
      COMPOSES_BACK.lastIndex = j;
      if (j >= n || !COMPOSES_BACK.test(text)) break;
      j = clusterEnd(j);
    }
    const piece = norm(text.slice(i, j));
    if (piece.length !== j - i) moved = true;
    emit(piece, i, j);
    i = j;
  }
  const folded = foldTypography(out);
  if (!moved) return { text: folded, from: null, to: null };
  return { text: folded, from: Uint32Array.from(from), to: Uint32Array.from(to) };
}

/**
 * One cluster normalised: invisible characters dropped (a non-joiner in a cluster of an
 * Arabic-script letter becomes a space), then NFKC unless it lengthens the cluster, else NFC.
 */
function norm(cluster: string): string {
  let s = cluster;
  if (INVISIBLE.test(s)) {
    let kept = '';
    const arabic = ARABIC_LETTER.test(String.fromCodePoint(s.codePointAt(0)!));
    for (const ch of s) {
      if (ch.charCodeAt(0) === ZWNJ) {
        if (arabic) kept += ' ';
      } else if (!INVISIBLE.test(ch)) kept += ch;
    }
    s = kept;
  }
  const k = s.normalize('NFKC');
  return k.length <= s.length ? k : s.normalize('NFC');
}

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/**
 * i moved off the middle of a grapheme (a letter with its vowel signs or accents, an emoji
 * sequence): to its start, or past its end with `forward`. Cutting a text at the result never
 * splits what a reader sees as one character.
 */
export function graphemeBoundary(text: string, i: number, forward = false): number {
  if (i <= 0 || i >= text.length) return i;
  const from = Math.max(0, i - 64);
  const g = graphemes.segment(text.slice(from, Math.min(text.length, i + 64))).containing(i - from);
  if (!g || g.index + from === i) return i;
  return forward ? from + g.index + g.segment.length : from + g.index;
}
