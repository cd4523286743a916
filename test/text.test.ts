import { describe, expect, test } from '@jest/globals';
import { canonicalText, foldTypography, normalizeForMatching } from '../src/text/normalize.js';
import { paragraphs, sentences } from '../src/text/segment.js';
import { tokenize } from '../src/text/tokenize.js';
import { analyzeText, digestText } from '../src/text/document.js';
import { seed } from './helpers.js';
import { encodeSpans, spanOf } from '../src/text/spans.js';
import fc from 'fast-check';

const sentTexts = (text: string) => {
  const folded = normalizeForMatching(text);
  return sentences(folded).map((s) => text.slice(s.start, s.end));
};

describe('normalisation', () => {
  test('folds curly quotes, dashes and odd spaces one unit for one unit', () => {
    const s = '“Sea change” — it’s\u00a0here';
    const f = foldTypography(s);
    expect(f).toBe('"Sea change" - it\'s here');
    expect(f.length).toBe(s.length);
  });
  test('canonical text ignores case, typography and spacing but not words', () => {
    expect(canonicalText('He said:  “Hello”\n\nWorld')).toBe(canonicalText('he said: "hello" world'));
    expect(canonicalText('sea change')).not.toBe(canonicalText('radical change'));
  });
  test('NFKC is applied without moving offsets (full-width letters)', () => {
    const s = 'ＡＢＣ news';
    expect(normalizeForMatching(s)).toBe('ABC news');
  });
  test('regression: an expanding and a merging character do not shift offsets between them', () => {
    // "ﬁ" would grow to "fi" (left as written) and "e" + U+0301 merges into "é" (one unit shorter):
    // the tokens' offsets are the original's
    const s = 'ﬁrst cafe\u0301 said';
    const m = analyzeText(s);
    expect(m.tokens.flat().map((t) => s.slice(t.start, t.end))).toEqual(['ﬁrst', 'cafe\u0301', 'said']);
    expect(m.tokens.flat().map((t) => t.word)).toEqual(['ﬁrst', 'café', 'said']);
  });
  // reported by the multilingual review: NFD copies were reworded (French), or not found at all
  // (Vietnamese detected as Yoruba, Korean as undetermined); a soft hyphen or a zero-width space
  // inside words made a copy that looks identical "reworded"
  const NFC_TEXTS: Array<[string, string]> = [
    ['fr', "La première étape de la réforme sera votée à l'Assemblée nationale mercredi, a annoncé le gouvernement après une nuit de négociations."],
    ['vi', 'Thủ tướng Chính phủ đã yêu cầu các bộ ngành khẩn trương hoàn thiện dự thảo luật đất đai sửa đổi trong tháng này.'],
    ['ko', '정부는 오늘 내년도 예산안을 국회에 제출했으며 복지 예산이 크게 늘었다고 밝혔다.'],
    ['el', 'Η κυβέρνηση ανακοίνωσε σήμερα ότι η μεταρρύθμιση θα ψηφιστεί στη Βουλή την επόμενη εβδομάδα.'],
  ];
  test.each(NFC_TEXTS)('%s: the NFC and NFD forms of a text are the same text, in the same language, with offsets into each', (lang, nfc) => {
    const nfd = nfc.normalize('NFD');
    expect(nfd).not.toBe(nfc);
    const a = digestText(nfc);
    const b = digestText(nfd);
    expect(b.canonical).toBe(a.canonical);
    expect(b.lang).toBe(lang);
    expect(a.lang).toBe(lang);
    expect(Array.from(b.stream.h)).toEqual(Array.from(a.stream.h));
    // each word's offsets slice the NFD original at its whole clusters
    const words = (text: string) => {
      const m = analyzeText(text);
      return m.tokens.flat().map((t) => text.slice(t.start, t.end).normalize('NFC'));
    };
    expect(words(nfd)).toEqual(words(nfc));
  });
  test('ready-made nukta letters (U+095B) and half-width kana with a voicing mark fold to their canonical forms', () => {
    expect(canonicalText('\u095Bमीन')).toBe(canonicalText('\u091C\u093Cमीन'));
    expect(canonicalText('ｿﾌﾄﾊﾞﾝｸ')).toBe(canonicalText('ソフトバンク'));
    expect(canonicalText('ｿﾌﾄﾊﾝｸ')).not.toBe(canonicalText('ソフトバンク'));
  });
  test.each([
    ['soft hyphen', '\u00AD'],
    ['zero-width space', '\u200B'],
    ['zero-width joiner', '\u200D'],
    ['zero-width non-joiner', '\u200C'],
    ['word joiner', '\u2060'],
    ['byte-order mark', '\uFEFF'],
  ])('a %s inside words neither splits them nor moves their offsets', (_, mark) => {
    const clean = 'The council increases spending on harbour ferries.';
    const marked = clean.replace('increases', `in${mark}creases`).replace('harbour', `har${mark}bour`);
    expect(canonicalText(marked)).toBe(canonicalText(clean));
    const m = analyzeText(marked);
    const toks = m.tokens.flat();
    expect(toks.map((t) => t.word)).toEqual(['the', 'council', 'increases', 'spending', 'on', 'harbour', 'ferries']);
    expect(marked.slice(toks[2].start, toks[2].end)).toBe(`in${mark}creases`);
    expect(marked.slice(toks[6].start, toks[6].end)).toBe('ferries');
  });
  test('Arabic tatweel is dropped; a non-joiner after an Arabic-script letter stays a word break (Persian compounds written with a space)', () => {
    expect(canonicalText('قـــال الرئيس')).toBe(canonicalText('قال الرئيس'));
    expect(canonicalText('می\u200Cخواهم')).toBe(canonicalText('می خواهم'));
  });
  test('regression: eight math-bold letters (each a unit shorter under NFKC) and four ellipses (left as written) do not move the offsets after them', () => {
    const text = '𝐀𝐁𝐂𝐃𝐄𝐅𝐆𝐇 … … … … The vote on Wednesday was close.';
    const words = analyzeText(text).tokens.flat();
    const wed = words.find((t) => t.word === 'wednesday')!;
    expect(text.slice(wed.start, wed.end)).toBe('Wednesday');
    expect(text.slice(words[0].start, words[0].end)).toBe('𝐀𝐁𝐂𝐃𝐄𝐅𝐆𝐇');
  });
  test('property: every token of a folded text slices the original at whole clusters, whatever marks and invisible characters it holds', () => {
    // 𝐖 (math bold, two units) folds to W (one): with an ellipsis (kept, where NFKC would make it three) the run's length balanced out (review)
    const piece = fc.constantFrom('a', 'e', 'ö', 'e\u0301', 'o\u0308\u0323', '\u00AD', '\u200B', '\uFEFF', ' ', '. ', 'ﬁ', '…', 'Ａ', '한', '\u1112\u1161', 'ｶﾞ', 'ज़', '\u095B', 'x', '\n\n', '😀', '𠮷', '𝐖', '𝐨', '\u00A0');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        const m = analyzeText(text);
        let last = 0;
        for (const t of m.tokens.flat()) {
          expect(t.start).toBeGreaterThanOrEqual(last);
          expect(t.end).toBeGreaterThan(t.start);
          expect(t.end).toBeLessThanOrEqual(text.length);
          // never inside a surrogate pair, never before a combining mark
          expect(/^[\p{M}\uDC00-\uDFFF]/u.test(text.slice(t.start))).toBe(false);
          expect(/^[\p{M}]/u.test(text.slice(t.end)) && t.end < text.length).toBe(false);
          last = t.start;
        }
        for (const s of m.sentences) expect(s.end).toBeLessThanOrEqual(text.length);
        // and each token's text folds to its word (no shifted offsets)
        for (const t of m.tokens.flat()) expect(normalizeForMatching(text.slice(t.start, t.end)).toLowerCase().replace(/[\u00AD\u200B\uFEFF]/g, '')).toContain(t.word.replace(/'.*$/, '').slice(0, 1));
        // the folded text of the NFD form is that of the NFC form
        expect(canonicalText(text.normalize('NFD'))).toBe(canonicalText(text.normalize('NFC')));
      }),
      { numRuns: 300 },
    );
  });
});

describe('large texts', () => {
  test('regression: folding an 11-million-character text with a no-break space does not overflow the stack (review: --max-size none on an 11 MB file was exit 3)', () => {
    const text = (seed('000') + '\n').repeat(Math.ceil(11e6 / (seed('000').length + 1)));
    expect(text.includes('\u00a0')).toBe(true);
    const folded = normalizeForMatching(text);
    expect(folded.length).toBe(text.length);
    expect(folded.includes('\u00a0')).toBe(false);
  });
});

describe('paragraphs', () => {
  test('headline lines of seed 003 are their own paragraphs, not merged into the body', () => {
    const t = seed('003');
    const ps = paragraphs(t).map((p) => t.slice(p.start, p.end));
    expect(ps[0]).toBe('IE 11 is not supported. For an optimal experience visit our site on another browser.');
    expect(ps[1]).toBe("Pompeo claims Iran is 'home base' for Al Qaeda");
    expect(ps).toContain('Image: Secretary of State Mike Pompeo at the National Press Club in Washington');
  });
  test('a hard-wrapped block (plain text at 72 columns) stays one paragraph', () => {
    const t =
      'The council approved the new timetable for the harbour ferry on\n' +
      'Wednesday, adding early crossings on weekdays and a late service on\n' +
      'Fridays and Saturdays, after a year of complaints from commuters.\n\nNext paragraph.';
    const ps = paragraphs(t);
    expect(ps).toHaveLength(2);
  });
});

describe('sentences on news text', () => {
  test.each([
    ['U.S.', 'He met U.S. officials. Then he left.', ['He met U.S. officials.', 'Then he left.']],
    ['Sen.', 'Republican Sen. Rand Paul of Kentucky pressed him. He refused.', ['Republican Sen. Rand Paul of Kentucky pressed him.', 'He refused.']],
    ['Rep.', 'Democratic Rep. Elissa Slotkin of Michigan spoke. It was brief.', ['Democratic Rep. Elissa Slotkin of Michigan spoke.', 'It was brief.']],
    ['Gov.', 'Gov. Andrew Cuomo said no. Aides agreed.', ['Gov. Andrew Cuomo said no.', 'Aides agreed.']],
    ['Mr.', 'Mr. Smith arrived. Mrs. Smith did not.', ['Mr. Smith arrived.', 'Mrs. Smith did not.']],
    ['Dr.', 'Dr. Fauci spoke. He was clear.', ['Dr. Fauci spoke.', 'He was clear.']],
    ['Jan.', 'It happened on Jan. 12, 2021. Nobody saw it.', ['It happened on Jan. 12, 2021.', 'Nobody saw it.']],
    ['Aug.', 'He died on Aug. 7 of last year. That was new.', ['He died on Aug. 7 of last year.', 'That was new.']],
    ['Sept.', 'The Sept. 11 attacks changed it. Nothing was the same.', ['The Sept. 11 attacks changed it.', 'Nothing was the same.']],
    ['initials', 'The novel by J. K. Rowling sold well. Critics disagreed.', ['The novel by J. K. Rowling sold well.', 'Critics disagreed.']],
    ['decimals', 'Prices rose 3.5 percent. Wages did not.', ['Prices rose 3.5 percent.', 'Wages did not.']],
    ['money', 'A reward of $7 million was offered. Another of $ 7.5 million followed.', ['A reward of $7 million was offered.', 'Another of $ 7.5 million followed.']],
    ['quote after stop', '"We must defeat it." He left the stage.', ['"We must defeat it."', 'He left the stage.']],
    ['curly quote after stop', '“We must defeat it.” He left the stage.', ['“We must defeat it.”', 'He left the stage.']],
    ['substring of an abbreviation', 'The candidate was chosen. Then the vote began.', ['The candidate was chosen.', 'Then the vote began.']],
    ['No. 2', "The group's No. 2 was killed. Iran denied it.", ["The group's No. 2 was killed.", 'Iran denied it.']],
    ['question and exclamation', 'Why now? Nobody knows! It is late.', ['Why now?', 'Nobody knows!', 'It is late.']],
    ['U.S. at the end', 'The ships left the U.S. The crews stayed.', ['The ships left the U.S.', 'The crews stayed.']],
  ])('%s', (_name, text, expected) => {
    expect(sentTexts(text)).toEqual(expected);
  });

  test('seed 003: abbreviations do not split, paragraphs do', () => {
    const ss = sentTexts(seed('003'));
    expect(ss).toContain(
      'Republican Sen. Rand Paul of Kentucky pressed Pompeo in April 2019 on his intentions and Pompeo sidestepped the question, saying he preferred to "just leave that to the lawyers," but he remained firm.',
    );
    expect(ss).toContain(
      "On Tuesday, Pompeo also acknowledged the death of Al Qaeda's second highest leader, Abu Muhammed al-Masri, on the streets of Tehran on Aug. 7 of last year, the first such public acknowledgment by a U.S. official.",
    );
    expect(ss).toContain('IE 11 is not supported.');
    expect(ss.every((s) => !/^(Sen|Rep|Jan|Aug|Sept|Mr)\.$/.test(s))).toBe(true);
    // natural's SentenceTokenizer gives 84 with defaults; a careful reader counts 57-60
    expect(ss.length).toBeGreaterThanOrEqual(55);
    expect(ss.length).toBeLessThanOrEqual(62);
  });

  test('seed 001: the translation artefacts split where the translation put a period', () => {
    const ss = sentTexts(seed('001'));
    expect(ss).toContain('Action plan.');
    expect(ss).toContain('Capitol.');
  });

  test('offsets point into the original text', () => {
    const t = seed('001');
    const m = analyzeText(t);
    for (const s of m.sentences) {
      expect(t.slice(s.start, s.end).trim()).toBe(t.slice(s.start, s.end));
      expect(s.end).toBeGreaterThan(s.start);
    }
  });
});

describe('tokens', () => {
  test('lower case, possessive dropped, hyphens split, stop words unstemmed', () => {
    const toks = tokenize(normalizeForMatching("Al-Qaeda's leaders said the U.S. agents were operating"));
    expect(toks.map((t) => t.word)).toEqual(['al', 'qaeda', 'leaders', 'said', 'the', 'us', 'agents', 'were', 'operating']);
    const byWord = Object.fromEntries(toks.map((t) => [t.word, t]));
    expect(byWord.the.stem).toBe('');
    expect(byWord.said.stem).toBe('');
    expect(byWord.leaders.stem).toBe('leader');
    expect(byWord.operating.stem).toBe('oper');
    expect(byWord.qaeda.kind).toBe('name');
  });
  test("an English contraction is the two words it stands for, each with its own characters (\"They're\" is \"They are\")", () => {
    // regression: seeds 000 and 004 quote Pompeo as "They are" and "They’re partners in terrorism,
    // partners in hate": 6 words in common, too few for a passage, though the quote is one text
    const t = "They’re partners. We don't know, they won't say, I'm sure we'll see; Iran's O'Neill can't.";
    const folded = normalizeForMatching(t);
    const toks = tokenize(folded);
    expect(toks.map((x) => x.word)).toEqual(['they', 'are', 'partners', 'we', 'do', 'not', 'know', 'they', 'will', 'not', 'say', 'i', 'am', 'sure', 'we', 'will', 'see', 'iran', 'o\'neill', 'can', 'not']);
    expect(toks.slice(0, 2).map((x) => t.slice(x.start, x.end))).toEqual(['They', '’re']);
    expect(toks.slice(4, 6).map((x) => t.slice(x.start, x.end))).toEqual(['do', "n't"]);
    expect(toks.slice(8, 10).map((x) => t.slice(x.start, x.end))).toEqual(['wo', "n't"]);
    const plain = tokenize(normalizeForMatching('They are partners'));
    expect(toks.slice(0, 3).map((x) => [x.h, x.sh])).toEqual(plain.map((x) => [x.h, x.sh]));
    // only English reads them so: another language keeps its apostrophes' words whole
    expect(tokenize(normalizeForMatching("l'homme qu'il m'a dit"), 0, undefined, 'fr').map((x) => x.word)).toEqual(["l'homme", "qu'il", "m'a", 'dit']);
  });
  test('the ends of a word that the scanner hands to its slow path: an initialism, a contraction, Chinese right after a word', () => {
    // the scanner's hot loop reads plain words only and hands what follows a word's letters ('.',
    // an apostrophe, a script without spaces) to wordTail: every such ending, side by side
    const t = 'They’re in the U.S.A. now; GDP增长 and U.S.政府, don\'t stop: A.B. Smith, A. Jones, end.';
    const toks = tokenize(normalizeForMatching(t));
    expect(toks.map((x) => [t.slice(x.start, x.end), x.word])).toEqual([
      ['They', 'they'], ['’re', 'are'], ['in', 'in'], ['the', 'the'], ['U.S.A.', 'usa'], ['now', 'now'],
      ['GDP', 'gdp'], ['增长', '增长'], ['and', 'and'], ['U.S.', 'us'], ['政府', '政府'], ['do', 'do'], ["n't", 'not'],
      ['stop', 'stop'], ['A.B.', 'ab'], ['Smith', 'smith'], ['A', 'a'], ['Jones', 'jones'], ['end', 'end'],
    ]);
  });
  test("regression: words that name Object.prototype's members are words (\"constructor\" was an internal error)", () => {
    // the contractions table was an object literal: CONTRACTED['constructor'] is a function, and
    // a news corpus holding "constructor" ended in "internal error: s.charCodeAt is not a function"
    const t = 'The constructor said toString and valueOf are hasOwnProperty words, not __proto__ isPrototypeOf.';
    const toks = tokenize(normalizeForMatching(t));
    expect(toks.map((x) => x.word)).toEqual(['the', 'constructor', 'said', 'tostring', 'and', 'valueof', 'are', 'hasownproperty', 'words', 'not', 'proto', 'isprototypeof']);
    for (const x of toks) expect(typeof x.h).toBe('number');
    expect(toks[1].stem).toBe('constructor');
  });
  test('an initialism is one token, with its periods, equal to the undotted form', () => {
    const t = 'U.S. officials and US agents';
    const toks = tokenize(t);
    expect(toks[0]).toMatchObject({ word: 'us', start: 0, end: 4 });
    expect(toks[3].word).toBe('us');
  });
  test('numbers are kept and marked', () => {
    const toks = tokenize('A reward of $7 million in 2015');
    expect(toks.filter((t) => t.kind === 'num').map((t) => t.word)).toEqual(['7', '2015']);
  });
  test('the lexicon keeps tens of thousands of distinct tokens apart (hash table growth and probing)', () => {
    // 60,000 distinct made-up words, twice: the second pass hits the table, and every token
    // must come back as itself
    const words = Array.from({ length: 60000 }, (_, i) => 'w' + i.toString(36) + 'x'.repeat(i % 7));
    const text = words.join(' ') + '. ' + words.join(' ') + '.';
    const toks = tokenize(text);
    expect(toks).toHaveLength(120000);
    for (let i = 0; i < toks.length; i += 997) expect(toks[i].word).toBe(words[i % 60000]);
    expect(toks.slice(60000).map((t) => t.word)).toEqual(words);
  });
  test('after a document with more distinct tokens than the lexicon keeps, the next documents still tokenize right', () => {
    // 520,000 distinct tokens fill the lexicon past its limit; it is cleared (and shrunk) before
    // the next document
    const view = () => analyzeText(seed('003')).tokens.flat().map((t) => [t.word, t.stem, t.kind, t.h, t.sh, t.start, t.end]);
    const before = view();
    const stream = digestText(seed('003')).stream;
    const huge = Array.from({ length: 520000 }, (_, i) => 'q' + i.toString(36)).join(' ');
    expect(tokenize(huge)).toHaveLength(520000);
    for (let round = 0; round < 2; round++) {
      expect(view()).toEqual(before);
      expect(digestText(seed('003')).stream).toEqual(stream);
    }
    const toks = tokenize(normalizeForMatching("Al-Qaeda's leaders said the U.S. agents were operating"));
    expect(toks.map((t) => t.word)).toEqual(['al', 'qaeda', 'leaders', 'said', 'the', 'us', 'agents', 'were', 'operating']);
    expect(toks.find((t) => t.word === 'operating')?.stem).toBe('oper');
  });
  test('the word stream of a text is its tokens as typed arrays', () => {
    for (const n of ['000', '001', '003']) {
      const m = analyzeText(seed(n));
      const d = digestText(seed(n));
      const flat = m.tokens.flat();
      expect(d.stream.words).toBe(flat.length);
      expect(Array.from(d.stream.h)).toEqual(flat.map((t) => t.h));
      expect(Array.from(d.stream.sh)).toEqual(flat.map((t) => t.sh));
      expect(Array.from(d.stream.offsets)).toEqual(flat.flatMap((t) => [t.start, t.end]));
      let end = 0;
      expect(Array.from(d.stream.sentenceEnds)).toEqual(m.tokens.map((t) => (end += t.length)));
      expect(d.sentences).toBe(m.sentences.length);
      expect(d.canonical).toBe(canonicalText(seed(n)));
    }
  });
  test('token offsets address the original text', () => {
    const t = '“Sea change,” he said — twice.';
    const toks = tokenize(normalizeForMatching(t));
    expect(toks.map((x) => t.slice(x.start, x.end))).toEqual(['Sea', 'change', 'he', 'said', 'twice']);
  });
});

describe('word spans (4 bytes a word)', () => {
  /** words' start and end offsets from gaps and lengths */
  const offsetsOf = (words: Array<[number, number]>) => {
    const out: number[] = [];
    let end = 0;
    for (const [gap, len] of words) {
      out.push(end + gap, end + gap + len);
      end += gap + len;
    }
    return Uint32Array.from(out);
  };
  const size = fc.oneof({ weight: 20, arbitrary: fc.integer({ min: 0, max: 20 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 200_000 }) });
  test('property: every run of words has the span of its plain offsets, in either form', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(size, size), { maxLength: 300 }), fc.nat(), fc.nat(), (words, x, y) => {
        const offsets = offsetsOf(words);
        const spans = encodeSpans(offsets);
        const n = words.length;
        if (n === 0) return;
        const first = x % n;
        const last = first + (y % (n + 5));
        const l = Math.min(last, n - 1);
        expect(spanOf(spans, n, first, last)).toEqual({ start: offsets[2 * first], end: offsets[2 * l + 1] });
      }),
    );
  });
  test('the compact form on a real article: half the plain size and the same spans', () => {
    const d = digestText(seed('003'));
    const spans = encodeSpans(d.stream.offsets);
    expect(spans.length).toBe(d.stream.words + Math.ceil(d.stream.words / 64));
    for (let i = 0; i < d.stream.words; i += 7) expect(spanOf(spans, d.stream.words, i, i + 12)).toEqual({ start: d.stream.offsets[2 * i], end: d.stream.offsets[2 * Math.min(i + 12, d.stream.words - 1) + 1] });
  });
});
