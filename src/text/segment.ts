/**
 * Paragraphs, then sentences, with character offsets into the text as read.
 *
 * News text is full of periods that do not end sentences (U.S., Sen., Jan., $7.5, initials), so
 * the splitter looks at the word before each candidate boundary, on word boundaries and with
 * case, instead of a substring test (natural's SentenceTokenizer treats "Sen." in its list as a
 * match inside "chosen. Then"). Paragraphs are split first: a headline never merges into the
 * body, and a hard-wrapped block (plain-text files wrapped at ~72 columns) is kept as one.
 */

export interface Span {
  start: number;
  end: number;
}

export interface Sentence extends Span {
  /** index of the paragraph the sentence belongs to */
  paragraph: number;
}

/** Abbreviations that do not end a sentence even when followed by a capitalised word. */
const TITLES = new Set([
  'Mr', 'Mrs', 'Ms', 'Mx', 'Dr', 'Prof', 'Sen', 'Sens', 'Rep', 'Reps', 'Gov', 'Govs', 'Lt', 'Gen', 'Col',
  'Maj', 'Capt', 'Cmdr', 'Sgt', 'Cpl', 'Pvt', 'Adm', 'Rev', 'Fr', 'Hon', 'Pres', 'Supt', 'Det', 'Insp',
  'St', 'Mt', 'Ft', 'Jr', 'Sr', 'Messrs', 'Mme', 'Mlle', 'Atty', 'Gens', 'Amb', 'Sec', 'Dept',
  'Jan', 'Feb', 'Mar', 'Apr', 'Jun', 'Jul', 'Aug', 'Sep', 'Sept', 'Oct', 'Nov', 'Dec',
  'Ave', 'Blvd', 'Rd', 'Calif', 'Conn', 'Fla', 'Ill', 'Mass', 'Mich', 'Minn', 'Penn', 'Tenn', 'Wash', 'Ariz',
  'Colo', 'Ga', 'Ky', 'La', 'Md', 'Mo', 'Nev', 'Okla', 'Ore', 'Pa', 'Va', 'Vt', 'Wis', 'Wyo', 'Ala', 'Ark',
  'vs', 'etc', 'approx', 'e.g', 'i.e', 'cf', 'al', 'No', 'Nos', 'Vol', 'Fig', 'pp',
]);
/** Abbreviations that may end a sentence: split only if the next word starts a sentence. */
const MAYBE_END = new Set(['Inc', 'Ltd', 'Co', 'Corp', 'Bros', 'LLC', 'Jr', 'Sr', 'etc', 'a.m', 'p.m']);
/** Capitalised words that typically start a sentence after an initialism such as "U.S.". */
const STARTERS = new Set([
  'The', 'A', 'An', 'He', 'She', 'It', 'They', 'We', 'I', 'You', 'This', 'That', 'These', 'Those', 'There',
  'But', 'And', 'Or', 'So', 'Yet', 'In', 'On', 'At', 'As', 'If', 'When', 'While', 'After', 'Before', 'Since',
  'His', 'Her', 'Its', 'Their', 'Our', 'My', 'Your', 'Some', 'Many', 'Most', 'No', 'Not', 'Now', 'Then',
  'Still', 'However', 'Meanwhile', 'Officials', 'What', 'Why', 'How', 'Who', 'Where', 'For', 'With', 'By',
]);

/** Closing quotes and brackets that stay with the sentence they end (full-width forms are folded by NFKC). */
const CLOSERS = `"'”’»)]}」』》〉】〕〗〙〛›`;

/**
 * Sentence terminators beyond ASCII . ! ? (full-width ！？ and halfwidth ｡ fold to these by NFKC):
 * the ideographic full stop, the Arabic question mark and full stop, the Devanagari danda, the
 * Armenian, Ethiopic, Myanmar and Khmer full stops, and the double marks.
 */
const IDEOGRAPHIC_STOP = 0x3002;
/** 1 for a sentence terminator, by character code (one array load per character: the splitter's hot loop) */
const TERMINATOR = new Uint8Array(65536);
for (const c of [46, 33, 63, 0x3002, 0x061f, 0x06d4, 0x0964, 0x0965, 0x0589, 0x1362, 0x104b, 0x17d4, 0x203c, 0x2047, 0x2048, 0x2049]) TERMINATOR[c] = 1;

/** Is the code a sentence terminator? */
function isTerminator(code: number): boolean {
  return TERMINATOR[code] === 1;
}

/**
 * Characters of the scripts written without spaces between words and sentences (Han, Kana, the
 * CJK punctuation and full-width forms, Thai): after a terminator, one of these starts a sentence
 * with no space between ("你好！我是", "です。次に").
 */
const NO_SPACE_SCRIPT = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\u3000-\u303f\uff00-\uffef「『（“]/u;

/** White space as \s matches it, by character code (a regex per character is slow). */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 160 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Split a text into paragraphs: blank lines always; single line breaks unless the block is hard-wrapped. */
export function paragraphs(text: string): Span[] {
  const out: Span[] = [];
  const blockRe = /\n[ \t\r\f\v\u00A0]*\n/g;
  let pos = 0;
  const blocks: Span[] = [];
  for (let m = blockRe.exec(text); m; m = blockRe.exec(text)) {
    blocks.push({ start: pos, end: m.index });
    pos = m.index + m[0].length;
  }
  blocks.push({ start: pos, end: text.length });
  for (const b of blocks) {
    const lines = linesOf(text, b);
    if (lines.length === 0) continue;
    if (isHardWrapped(text, lines)) {
      out.push({ start: lines[0].start, end: lines[lines.length - 1].end });
    } else {
      for (const l of lines) out.push(l);
    }
  }
  return out;
}

function linesOf(text: string, block: Span): Span[] {
  const lines: Span[] = [];
  let s = block.start;
  while (s <= block.end) {
    let i = text.indexOf('\n', s);
    if (i < 0 || i > block.end) i = block.end;
    const t = trim(text, s, i);
    if (t.end > t.start) lines.push(t);
    s = i + 1;
  }
  return lines;
}

function trim(text: string, start: number, end: number): Span {
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return { start, end };
}

/** A block is hard-wrapped when its lines fill a fixed column and run on into lower case. */
function isHardWrapped(text: string, lines: Span[]): boolean {
  if (lines.length < 2) return false;
  const lens = lines.map((l) => l.end - l.start);
  const max = Math.max(...lens);
  if (max > 100) return false;
  let runOn = 0;
  for (let i = 0; i + 1 < lines.length; i++) {
    const len = lens[i];
    const last = text[lines[i].end - 1];
    const next = text[lines[i + 1].start];
    const filled = len >= 0.6 * max;
    if (filled && (!/[.!?:"”。！？」』]/.test(last) || /[a-z(,]/.test(next))) runOn++;
  }
  return runOn >= Math.ceil((lines.length - 1) / 2);
}

/** Sentences of the whole text, paragraph by paragraph. */
export function sentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  const paras = paragraphs(text);
  for (let i = 0; i < paras.length; i++) {
    for (const s of splitSentences(text, paras[i].start, paras[i].end)) out.push({ start: s.start, end: s.end, paragraph: i });
  }
  return out;
}

/** Sentence spans within [start, end) of text. */
export function splitSentences(text: string, start: number, end: number): Span[] {
  const spans: Span[] = [];
  let s = start;
  for (let i = start; i < end; i++) {
    if (TERMINATOR[text.charCodeAt(i)] !== 1) continue;
    // extend over repeated terminators and closing quotes/brackets
    let j = i + 1;
    while (j < end && isTerminator(text.charCodeAt(j))) j++;
    while (j < end && CLOSERS.includes(text[j])) j++;
    if (j >= end) break;
    if (!isSpace(text.charCodeAt(j))) {
      // no white space after it: a boundary only in a script written without spaces ("。次に",
      // "好！我"); otherwise "2021.Andrew", "$7.5" and "U.S." inside tokens stay
      if (closesWithoutSpace(text, s, i, j)) {
        const t = trim(text, s, j);
        if (t.end > t.start) spans.push(t);
        s = j;
      }
      i = j - 1;
      continue;
    }
    let k = j;
    while (k < end && isSpace(text.charCodeAt(k))) k++;
    if (k >= end) break;
    if (isBoundary(text, s, i, j, k, end)) {
      const t = trim(text, s, j);
      if (t.end > t.start) spans.push(t);
      s = k;
    }
    i = k - 1;
  }
  const t = trim(text, s, end);
  if (t.end > t.start) spans.push(t);
  return spans;
}

/**
 * Does the terminator at i (its run ending at j, the next character at j, not a space) end a
 * sentence? The ideographic full stop always does; ! ? and a period do when CJK or Thai text
 * follows and, for a period, precedes it (so "U.S.中国" is not cut).
 */
function closesWithoutSpace(text: string, s: number, i: number, j: number): boolean {
  if (text.charCodeAt(i) === IDEOGRAPHIC_STOP) return true;
  // below Thai (U+0E00) nothing is of those scripts: "7.5", "U.S." cost no regular expression
  if (text.charCodeAt(j) < 0x0e00 || !NO_SPACE_SCRIPT.test(text[j])) return false;
  if (text[i] !== '.') return true;
  return i > s && NO_SPACE_SCRIPT.test(text[i - 1]);
}

/**
 * Is the terminator at i (run ending at j, next text at k) a sentence boundary?
 * s is the start of the current sentence.
 */
function isBoundary(text: string, s: number, i: number, j: number, k: number, end: number): boolean {
  const next = text[k];
  const nextWord = wordAt(text, k, end);
  // next text must look like a sentence start: capital, digit, an opening quote/bracket, or a
  // letter of a script without case (Arabic, Hebrew, Han, Thai, ...)
  const startsSentence = /[\p{Lu}\p{Lo}\p{N}"'“‘(\[«¿¡「『]/u.test(next);
  if (!startsSentence) return false;
  if (text[i] !== '.') return true; // ! and ? and the other scripts' terminators
  if (j - i > 1 && text[i + 1] === '.' && text[i + 2] === '.') return /\p{Lu}/u.test(next) && STARTERS.has(nextWord); // ellipsis
  // a closing quote after the period ends the sentence (`said." We must`)
  const quoted = j > i + 1 && CLOSERS.includes(text[i + 1]);
  const word = wordBefore(text, s, i);
  if (word === '') return true;
  if (quoted) return true;
  if (/^\d+$/.test(word)) return true; // "in 2015. The"
  // initials and initialisms: "J.", "U.S.", "D.C." -- split only before a typical sentence starter
  if (/^(?:\p{L}\.)*\p{L}$/u.test(word) && /\p{Lu}/u.test(word[0])) return STARTERS.has(nextWord);
  if (TITLES.has(word)) return MAYBE_END.has(word) && STARTERS.has(nextWord);
  if (MAYBE_END.has(word)) return STARTERS.has(nextWord);
  return true;
}

/** The word (letters, digits, inner periods) that ends at position i (exclusive). */
function wordBefore(text: string, s: number, i: number): string {
  let a = i;
  while (a > s && /[\p{L}\p{N}.]/u.test(text[a - 1])) a--;
  return text.slice(a, i).replace(/^\.+/, '');
}

function wordAt(text: string, k: number, end: number): string {
  let a = k;
  while (a < end && /["'“‘(\[«]/.test(text[a])) a++;
  let b = a;
  while (b < end && /[\p{L}]/u.test(text[b])) b++;
  return text.slice(a, b);
}
