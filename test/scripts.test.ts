/**
 * Every script family on real text: Chinese, Japanese, Korean, Thai, Russian, Arabic, Hebrew.
 * Texts are public domain or written for these tests, each with its source:
 *  - Chinese: Lu Xun, 狂人日记 (1918) and 孔乙己 (1919); the author died in 1936.
 *  - Japanese: Natsume Sōseki, 吾輩は猫である (1905; d. 1916); Akutagawa Ryūnosuke, 羅生門 (1915; d. 1927).
 *  - Korean: the Constitution of the Republic of Korea, articles 1-5 (laws are not protected, Korean
 *    Copyright Act art. 7); Hyeon Jin-geon, 운수 좋은 날 (1924; d. 1943).
 *  - Thai: the Constitution of the Kingdom of Thailand (2017), sections 1-4 (not protected, Thai
 *    Copyright Act s. 7); the unrelated text is written for this test.
 *  - Russian: Leo Tolstoy, Анна Каренина (1877); Nikolai Gogol, Мёртвые души (1842).
 *  - Hebrew: Genesis 1:1-5 and Psalm 23:1-3 (Masoretic text without vowel points).
 *  - Arabic: written for this test.
 * Words checked by hand are named in each test.
 */
import { describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { normalizeForMatching, graphemeBoundary } from '../src/text/normalize.js';
import { sentences } from '../src/text/segment.js';
import { tokenize } from '../src/text/tokenize.js';
import { analyzeText, digestText, passageWordsIn } from '../src/text/document.js';
import { languageCode } from '../src/text/lang.js';
import { languageResources } from '../src/text/nlp.js';
import { runPipeline } from '../src/pipeline/run.js';
import { DEFAULT_OPTIONS } from '../src/pipeline/options.js';
import { diffTokens } from '../src/align/divergences.js';
import { parseJsonl } from '../src/index/jsonl.js';
import { displayWidth, fitLength } from '../src/report/width.js';
import fc from 'fast-check';
import { cli, tmpDir } from './helpers.js';

const ZH = {
  text:
    '今天晚上，很好的月光。\n\n' +
    '我不见他，已是三十多年；今天见了，精神分外爽快。才知道以前的三十多年，全是发昏；然而须十分小心。不然，那赵家的狗，何以看我两眼呢？\n\n' +
    '我怕得有理。\n\n' +
    '今天全没月光，我知道不妙。早上小心出门，赵贵翁的眼色便怪：似乎怕我，似乎想害我。还有七八个人，交头接耳的议论我，又怕我看见。一路上的人，都是如此。其中最凶的一个人，张着嘴，对我笑了一笑；我便从头直冷到脚跟，晓得他们布置，都已妥当了。\n',
  unrelated:
    '鲁镇的酒店的格局，是和别处不同的：都是当街一个曲尺形的大柜台，柜里面预备着热水，可以随时温酒。做工的人，傍午傍晚散了工，每每花四文铜钱，买一碗酒，——这是二十多年前的事，现在每碗要涨到十文，——靠柜外站着，热热的喝了休息；倘肯多花一文，便可以买一碟盐煮笋，或者茴香豆，做下酒物了。\n',
};
const JA = {
  text:
    '吾輩は猫である。名前はまだ無い。\n\n' +
    'どこで生れたかとんと見当がつかぬ。何でも薄暗いじめじめした所でニャーニャー泣いていた事だけは記憶している。吾輩はここで始めて人間というものを見た。しかもあとで聞くとそれは書生という人間中で一番獰悪な種族であったそうだ。\n',
  unrelated:
    'ある日の暮方の事である。一人の下人が、羅生門の下で雨やみを待っていた。広い門の下には、この男のほかに誰もいない。ただ、所々丹塗の剥げた、大きな円柱に、蟋蟀が一匹とまっている。\n',
};
const KO = {
  text:
    '제1조 ① 대한민국은 민주공화국이다. ② 대한민국의 주권은 국민에게 있고, 모든 권력은 국민으로부터 나온다.\n' +
    '제2조 ① 대한민국의 국민이 되는 요건은 법률로 정한다. ② 국가는 법률이 정하는 바에 의하여 재외국민을 보호할 의무를 진다.\n' +
    '제3조 대한민국의 영토는 한반도와 그 부속도서로 한다.\n' +
    '제4조 대한민국은 통일을 지향하며, 자유민주적 기본질서에 입각한 평화적 통일 정책을 수립하고 이를 추진한다.\n' +
    '제5조 ① 대한민국은 국제평화의 유지에 노력하고 침략적 전쟁을 부인한다.\n',
  unrelated:
    '새침하게 흐린 품이 눈이 올 듯하더니 눈은 아니 오고 얼다가 만 비가 추적추적 내리는 날이었다. 이날이야말로 동소문 안에서 인력거꾼 노릇을 하는 김첨지에게는 오래간만에도 닥친 운수 좋은 날이었다. 문안에 들어간답시는 앞집 마나님을 전찻길까지 모셔다 드린 것을 비롯으로 행여나 손님이 있을까 하고 정류장에서 어정어정하며 내리는 사람 하나하나에게 거의 비는 듯한 눈결을 보내고 있었다.\n',
};
const TH = {
  text:
    'มาตรา ๑ ประเทศไทยเป็นราชอาณาจักรอันหนึ่งอันเดียว จะแบ่งแยกมิได้\n' +
    'มาตรา ๒ ประเทศไทยมีการปกครองระบอบประชาธิปไตยอันมีพระมหากษัตริย์ทรงเป็นประมุข\n' +
    'มาตรา ๓ อำนาจอธิปไตยเป็นของปวงชนชาวไทย พระมหากษัตริย์ผู้ทรงเป็นประมุขทรงใช้อำนาจนั้นทางรัฐสภา คณะรัฐมนตรี และศาล ตามบทบัญญัติแห่งรัฐธรรมนูญ\n' +
    'มาตรา ๔ ศักดิ์ศรีความเป็นมนุษย์ สิทธิ เสรีภาพ และความเสมอภาคของบุคคล ย่อมได้รับความคุ้มครอง\n',
  unrelated:
    'วันนี้อากาศดีมาก ฉันกับแม่ไปตลาดตอนเช้า เราซื้อผลไม้ ผักสด และปลาทู แม่บอกว่าตลาดนี้ขายของราคาถูกกว่าห้างสรรพสินค้า หลังจากนั้นเรากลับบ้านและทำอาหารกลางวันด้วยกัน\n',
};
const RU = {
  text:
    'Все счастливые семьи похожи друг на друга, каждая несчастливая семья несчастлива по-своему.\n\n' +
    'Все смешалось в доме Облонских. Жена узнала, что муж был в связи с бывшею в их доме француженкою-гувернанткой, и объявила мужу, что не может жить с ним в одном доме. Положение это продолжалось уже третий день и мучительно чувствовалось и самими супругами, и всеми членами семьи, и домочадцами.\n',
  unrelated:
    'В ворота гостиницы губернского города NN въехала довольно красивая рессорная небольшая бричка, в какой ездят холостяки: отставные подполковники, штабс-капитаны, помещики, имеющие около сотни душ крестьян, — словом, все те, которых называют господами средней руки.\n',
};
const HE = {
  text:
    'בראשית ברא אלהים את השמים ואת הארץ. והארץ היתה תהו ובהו וחשך על פני תהום ורוח אלהים מרחפת על פני המים. ' +
    'ויאמר אלהים יהי אור ויהי אור. וירא אלהים את האור כי טוב ויבדל אלהים בין האור ובין החשך. ' +
    'ויקרא אלהים לאור יום ולחשך קרא לילה ויהי ערב ויהי בקר יום אחד.\n',
  unrelated: 'יהוה רעי לא אחסר. בנאות דשא ירביצני על מי מנחות ינהלני. נפשי ישובב ינחני במעגלי צדק למען שמו.\n',
};
const AR = {
  text:
    'ذهب الولد إلى المدرسة في الصباح الباكر. كان الجو باردا والسماء ممطرة. في الفصل، شرح المعلم درسا جديدا عن تاريخ المدينة القديمة وأسواقها. ' +
    'بعد الظهر عاد الولد إلى البيت وساعد أمه في إعداد الطعام. هل أنهى واجباته؟ نعم، أنهاها قبل العشاء.\n',
  unrelated: 'افتتحت البلدية أمس حديقة عامة جديدة قرب النهر. تضم الحديقة ملعبا للأطفال ومسارا للدراجات وأشجارا كثيرة. وقال رئيس البلدية إن المشروع استغرق عامين وكلف مليون دينار.\n',
};

/** The text of each token, cut from the original with its offsets. */
const surfaces = (text: string, lang?: string) => analyzeText(text, lang).tokens.flat().map((t) => text.slice(t.start, t.end));
const sentTexts = (text: string) => sentences(normalizeForMatching(text)).map((s) => text.slice(s.start, s.end));

describe('words in every script', () => {
  test('Chinese: Han runs become overlapping bigrams (Lucene CJK style); a lone character stays a unigram', () => {
    // 今天晚上 "tonight": 今天 天晚 晚上; 很好的月光: 很好 好的 的月 月光
    expect(surfaces('今天晚上，很好的月光。')).toEqual(['今天', '天晚', '晚上', '很好', '好的', '的月', '月光']);
    expect(surfaces('我怕得有理。我，')).toEqual(['我怕', '怕得', '得有', '有理', '我']);
  });
  test('mixed text: Latin names and numbers inside Chinese are words of their own; full-width letters and digits fold (NFKC)', () => {
    const t = '特朗普在ＧＤＰ增长５.２％时说iPhone很好';
    const toks = analyzeText(t).tokens.flat();
    expect(toks.map((x) => x.word)).toEqual(['特朗', '朗普', '普在', 'gdp', '增长', '5', '2', '时说', 'iphone', '很好']);
    // offsets are UTF-16 indices into the original: the full-width letters themselves
    expect(toks.filter((x) => x.word === 'gdp').map((x) => t.slice(x.start, x.end))).toEqual(['ＧＤＰ']);
  });
  test('a character outside the BMP (CJK Extension B) is never split; an emoji is not a word', () => {
    const t = '他叫𠮷田。😀好';
    const toks = analyzeText(t).tokens.flat();
    expect(toks.map((x) => t.slice(x.start, x.end))).toEqual(['他叫', '叫𠮷', '𠮷田', '好']);
    for (const x of toks) {
      expect(graphemeBoundary(t, x.start)).toBe(x.start);
      expect(graphemeBoundary(t, x.end)).toBe(x.end);
    }
  });
  test('Japanese: kanji and kana bigrams; katakana with its prolonged sound mark', () => {
    expect(surfaces('吾輩は猫である。')).toEqual(['吾輩', '輩は', 'は猫', '猫で', 'であ', 'ある']);
    expect(surfaces('ニャーニャー')).toEqual(['ニャ', 'ャー', 'ーニ', 'ニャ', 'ャー']);
  });
  test('Korean: words are written with spaces (eojeol)', () => {
    expect(surfaces('대한민국은 민주공화국이다.')).toEqual(['대한민국은', '민주공화국이다']);
  });
  test('Thai: ICU dictionary words (ประเทศไทย "Thailand", เป็น "is", ราช อาณาจักร "kingdom")', () => {
    expect(surfaces('ประเทศไทยเป็นราชอาณาจักรอันหนึ่งอันเดียว', 'th')).toEqual(['ประเทศไทย', 'เป็น', 'ราช', 'อาณาจักร', 'อัน', 'หนึ่ง', 'อัน', 'เดียว']);
  });
  test('Russian: stop words and stems of Russian (семьи and семья share a stem; на, все are stop words)', () => {
    const toks = analyzeText(RU.text).tokens.flat();
    const byWord = new Map(toks.map((t) => [t.word, t]));
    expect(byWord.get('семьи')!.stem).toBe(byWord.get('семья')!.stem);
    expect(byWord.get('на')!.stem).toBe('');
    expect(byWord.get('все')!.stem).toBe('');
    expect(byWord.get('счастливые')!.stem).toBe('счастлив');
  });
  test('Hebrew and Arabic: words between spaces, offsets on the right letters', () => {
    expect(surfaces('בראשית ברא אלהים את השמים')).toEqual(['בראשית', 'ברא', 'אלהים', 'את', 'השמים']);
    expect(surfaces('ذهب الولد إلى المدرسة')).toEqual(['ذهب', 'الولد', 'إلى', 'المدرسة']);
  });
  test('a stop word list or a stemmer per language, and the neutral fallback where there is neither', () => {
    expect(languageResources('zh').stopWords.has('的')).toBe(true);
    expect(languageResources('ru').hasStemmer).toBe(true);
    expect(languageResources('ar').stopSource).toBe('stopwords-iso');
    const none = languageResources('und');
    expect(none.stopWords.size).toBe(0);
    expect(none.stem('words')).toBe('words');
  });
});

describe('sentences in every script', () => {
  test('Chinese: 。！？ end sentences without a space after them, closing quotes stay with their sentence', () => {
    expect(sentTexts('不然，那赵家的狗，何以看我两眼呢？我怕得有理。他说：“好！”然后走了。')).toEqual(['不然，那赵家的狗，何以看我两眼呢？', '我怕得有理。', '他说：“好！”', '然后走了。']);
  });
  test('Japanese: 」』 after 。 and the halfwidth ｡ (folded by NFKC)', () => {
    expect(sentTexts('「吾輩は猫である。」名前はまだ無い｡どこで生れたか？')).toEqual(['「吾輩は猫である。」', '名前はまだ無い｡', 'どこで生れたか？']);
  });
  test('Arabic question mark; Hebrew and Arabic sentences start with a letter that has no case', () => {
    expect(sentTexts('هل أنهى واجباته؟ نعم، أنهاها قبل العشاء. ثم نام.')).toEqual(['هل أنهى واجباته؟', 'نعم، أنهاها قبل العشاء.', 'ثم نام.']);
    expect(sentTexts(HE.unrelated.trim())).toHaveLength(3);
  });
  test('no false break inside Latin abbreviations, next to Chinese or not', () => {
    expect(sentTexts('他在U.S.政府工作。Sen. Paul spoke.')).toEqual(['他在U.S.政府工作。', 'Sen. Paul spoke.']);
  });
  test('Lu Xun: the paragraphs and sentences of the first two sections', () => {
    const s = sentTexts(ZH.text);
    expect(s).toHaveLength(10);
    expect(s[3]).toBe('不然，那赵家的狗，何以看我两眼呢？');
    expect(s[9]).toBe('其中最凶的一个人，张着嘴，对我笑了一笑；我便从头直冷到脚跟，晓得他们布置，都已妥当了。');
  });
});

describe('language per document', () => {
  test.each([
    ['zh', ZH.text],
    ['ja', JA.text],
    ['ko', KO.text],
    ['th', TH.text],
    ['ru', RU.text],
    ['he', HE.text],
    ['ar', AR.text],
  ])('%s detected', (lang, text) => {
    expect(digestText(text).lang).toBe(lang);
  });
  test('English is recognised without the detector (stop words), and French is not taken for English', () => {
    expect(digestText('The council said on Tuesday that the new bridge would open in the spring, after years of delays.').lang).toBe('en');
    expect(digestText('Le président de la République a déclaré mardi que le gouvernement allait présenter un projet de loi.').lang).toBe('fr');
  });
  test('two documents in different languages share no content word, only their verbatim words', () => {
    const t = 'Emmanuel Macron Angela Merkel Berlin Paris Brussels summit agreement budget 2021 euro zone reform';
    const en = digestText(t, 'en').stream;
    const fr = digestText(t, 'fr').stream;
    expect(Array.from(en.h)).toEqual(Array.from(fr.h));
    const shared = Array.from(en.sh).filter((h) => h !== 0 && Array.from(fr.sh).includes(h));
    expect(shared).toEqual([]);
  });
  test('JSONL lang: a language tag reduced to its language; anything else is refused on its line', () => {
    expect(languageCode('zh-Hans-CN')).toBe('zh');
    expect(languageCode('ENG')).toBe('en');
    const [a] = parseJsonl(JSON.stringify({ id: 1, text: ZH.text, lang: 'zh-Hant' }), 'in.jsonl');
    expect((a as { lang?: string }).lang).toBe('zh');
    expect(() => parseJsonl(JSON.stringify({ id: 1, text: 'x', lang: 'Chinese!' }), 'in.jsonl')).toThrow('in.jsonl line 1: "lang" must be a language tag');
  });
});

describe('passages in Chinese and Japanese (character bigrams)', () => {
  // two different reports that open with the same 9-character dateline, and a third that also
  // quotes one 24-character sentence of the first
  const dateline = '中新网2月11日电据';
  const quote = '市长表示这座大桥将彻底改变城市的交通状况居民们期待已久';
  const a = `${dateline}报道，市政府周二宣布新的港口大桥将于明年春天通车。${quote}。经过多年的延误，交通部为这个项目拨款七千五百万元。`;
  const b = `${dateline}报道，气象台发布暴雨预警，预计今晚到明天山区将有大到暴雨，请游客注意安全并远离河道。农业部门提醒农民抢收成熟的作物。`;
  const c = `北京晨报消息，多名市民对新桥的开通表示欢迎。${quote}。也有人担心施工期间的噪音问题，希望有关部门加强管理。`;
  const run = () => {
    const docs = [a, b, c].map((text, i) => ({ path: 'abc'[i], raw: Buffer.from(text), text }));
    const r = runPipeline(docs, [], { ...DEFAULT_OPTIONS, related: 'all' as const });
    return Array.from({ length: r.related.pairs.length / 2 }, (_, t) => r.related.at(t)).map((p) => [r.docs[p.a].path, r.docs[p.b].path].sort().join(''));
  };
  test('regression: a shared 9-character dateline (8 bigrams) does not make two reports related; a shared 24-character sentence does', () => {
    expect(run()).toEqual(['ac']);
  });
  test('the minimum is 1.5 times as many tokens as in a spaced language: 12 bigrams (13 characters) for --min-passage 8', () => {
    expect(passageWordsIn('zh', 8)).toBe(12);
    expect(passageWordsIn('ja', 8)).toBe(12);
    for (const lang of ['en', 'ko', 'th', 'ru', undefined]) expect(passageWordsIn(lang, 8)).toBe(8);
  });
});

/** Run the pipeline on an original, its near-copy and an unrelated text: the relation of each pair. */
function relations(original: string, copy: string, unrelated: string) {
  const docs = [original, copy, unrelated].map((text, i) => ({ path: ['original', 'copy', 'unrelated'][i], raw: Buffer.from(text), text }));
  const r = runPipeline(docs, [], DEFAULT_OPTIONS);
  const name = (i: number) => r.docs[i].path;
  const rel = new Map(r.pairs.map((p) => [[name(p.a), name(p.b)].sort().join('~'), p.relation]));
  return { copy: rel.get('copy~original'), unrelated: [rel.get('original~unrelated'), rel.get('copy~unrelated')], langs: r.docs.map((d) => d.lang) };
}

describe('a near-copy is found and an unrelated text is not, in every script', () => {
  test.each([
    ['Chinese', ZH, ['月光', '阳光'], ['赵贵翁', '赵老头']],
    ['Japanese', JA, ['猫', '犬'], ['書生', '学生']],
    ['Korean', KO, ['민주공화국이다', '공화국이다'], ['평화적', '점진적']],
    ['Thai', TH, ['แบ่งแยก', 'แยก'], ['รัฐสภา', 'สภา']],
    ['Russian', RU, ['третий', 'пятый'], ['мучительно', 'тяжело']],
    ['Hebrew', HE, ['טוב', 'יפה'], ['ערב', 'לילה']],
    ['Arabic', AR, ['باردا', 'حارا'], ['الطعام', 'العشاء']],
  ])('%s', (_, t, e1, e2) => {
    const copy = t.text.replace(e1[0], e1[1]).replace(e2[0], e2[1]);
    expect(copy).not.toBe(t.text);
    const r = relations(t.text, copy, t.unrelated);
    expect(r.copy).toBe('near-duplicate');
    expect(r.unrelated).toEqual([undefined, undefined]);
  });
});

describe('divergences and display of wide characters', () => {
  test('a word diff of Chinese shows the changed characters, not the sentence', () => {
    const a = '今天全没月光，我知道不妙。';
    const b = '今天全没阳光，我知道不妙。';
    const d = diffTokens(a, tokenize(normalizeForMatching(a), 0, a.length, 'zh'), b, tokenize(normalizeForMatching(b), 0, b.length, 'zh'));
    expect(d).toHaveLength(1);
    expect(d[0].a.length).toBeLessThanOrEqual(4);
    expect(a.slice(d[0].spanA.start, d[0].spanA.end)).toContain('月');
    expect(b.slice(d[0].spanB.start, d[0].spanB.end)).toContain('阳');
  });
  test('dupecheck diff --side-by-side: Chinese columns line up, every line within the width', () => {
    const dir = tmpDir();
    const a = path.join(dir, 'a.txt');
    const b = path.join(dir, 'b.txt');
    fs.writeFileSync(a, ZH.text);
    fs.writeFileSync(b, ZH.text.replace('月光', '阳光').replace('赵贵翁', '赵老头') + '\n英文 mixed 文本 with Latin words 也在这里。\n');
    const r = cli(['diff', a, b, '--side-by-side', '--width', '60', '--no-color', '--all']);
    expect(r.stderr).toBe('');
    const rows = r.stdout.split('\n').filter((l) => l.includes('│'));
    expect(rows.length).toBeGreaterThan(5);
    for (const l of rows) {
      expect(displayWidth(l)).toBeLessThanOrEqual(60);
      // the separator is at the same column on every row
      expect(displayWidth(l.slice(0, l.indexOf('│')))).toBe(Math.floor((60 - 3) / 2) + 1);
    }
    expect(r.stdout).toContain('[-月光');
  });
  test('the JSON report gives each document its language', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'zh.txt'), ZH.text);
    fs.writeFileSync(path.join(dir, 'ru.txt'), RU.text);
    fs.writeFileSync(path.join(dir, 'en.txt'), 'The council said on Tuesday that the new bridge would open in the spring, after years of delays.\n');
    const r = cli([dir, '--json', '--no-stats']);
    const report = JSON.parse(r.stdout) as { documents: Array<{ path: string; lang: string }> };
    expect(Object.fromEntries(report.documents.map((d) => [path.basename(d.path), d.lang]))).toEqual({ 'zh.txt': 'zh', 'ru.txt': 'ru', 'en.txt': 'en' });
  });
});

describe('cutting text for display', () => {
  test('regression: a passage quoted in the JSON is cut between letter clusters (a Devanagari vowel sign was cut off its letter, leaving another word)', () => {
    // 'परिवार': प र ि व ा र; a cut after 2 units would drop the vowel sign ि from र
    expect(fitLength('परिवार', 2)).toBe('प');
    expect(fitLength('परिवार', 3)).toBe('परि');
  });
  test('property: graphemeBoundary (derived-copy evidence excerpts) never cuts inside a grapheme, and moves at most one grapheme', () => {
    const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });
    const piece = fc.constantFrom('a', 'परि', 'वा', 'र', 'e\u0301', '😀', '👍🏽', '👨‍👩‍👧‍👦', '𠮷', '한', ' ', 'ก่', 'ज़');
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 30 }), fc.nat(), fc.boolean(), (parts, at, forward) => {
        const s = parts.join('');
        const i = at % (s.length + 1);
        const b = graphemeBoundary(s, i, forward);
        const bounds = new Set([...graphemes.segment(s)].map((g) => g.index).concat([s.length]));
        expect(bounds.has(b)).toBe(true);
        expect(forward ? b >= i : b <= i).toBe(true);
        if (bounds.has(i)) expect(b).toBe(i);
      }),
      { numRuns: 300 },
    );
    // the review's case: a Hindi word's vowel sign was cut off the excerpt's first letter
    expect(graphemeBoundary('किताबें', 1)).toBe(0);
  });
  test('property: fitLength is the longest prefix that ends between two graphemes within max units (the first grapheme if longer)', () => {
    const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });
    const piece = fc.constantFrom('a', 'परि', 'वा', 'र', 'e\u0301', '😀', '👍🏽', '👨‍👩‍👧', '𠮷', '한', ' ', 'ก่', 'ज़');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), fc.integer({ min: 1, max: 40 }), (parts, max) => {
        const s = parts.join('');
        const cut = fitLength(s, max);
        expect(s.startsWith(cut)).toBe(true);
        const bounds = new Set([...graphemes.segment(s)].map((g) => g.index).concat([s.length]));
        expect(bounds.has(cut.length)).toBe(true);
        const first = [...graphemes.segment(s)][0]?.segment.length ?? 0;
        expect(cut.length).toBeLessThanOrEqual(Math.max(max, first));
        // the longest such prefix: the next boundary after the cut is past max
        const next = [...bounds].filter((b) => b > cut.length).sort((x, y) => x - y)[0];
        if (next !== undefined && cut.length >= first) expect(next).toBeGreaterThan(max);
      }),
      { numRuns: 300 },
    );
  });
});
