import { describe, expect, test } from '@jest/globals';
import { diffTokens, aggregateDivergences } from '../src/align/divergences.js';
import { textArtefacts, derivedVerdict } from '../src/align/derived.js';
import { describePair } from '../src/align/index.js';
import { tokenize } from '../src/text/tokenize.js';
import { normalizeForMatching } from '../src/text/normalize.js';
import { profile } from '../src/pipeline/profile.js';
import { DEFAULT_OPTIONS } from '../src/pipeline/options.js';
import { permutations } from '../src/signatures/minhash.js';
import { alignDocs } from '../src/compare/index.js';
import { fixture, seed } from './helpers.js';

const toks = (t: string) => tokenize(normalizeForMatching(t));
const diff = (a: string, b: string) => diffTokens(a, toks(a), b, toks(b)).map((d) => [d.a, d.b]);

describe('divergences within a unit', () => {
  test('punctuation, quote style, spacing and case are not divergences', () => {
    expect(diff('“Sea change,” he said —  twice.', '"sea change" He said - twice')).toEqual([]);
    expect(diff('The U.S. said so.', 'The US said so.')).toEqual([]);
  });
  test('minimal replaced spans with their counterpart', () => {
    expect(diff('a complicated and sometimes tense relationship', 'a complicated and at times strained relationship')).toEqual([['sometimes tense', 'at times strained']]);
    expect(diff('provides operatives with travel documents', 'provides agents with travel documents')).toEqual([['operatives', 'agents']]);
  });
  test('a change inside a short quotation is reported as the quoted phrase', () => {
    expect(diff('The secretary said it marked a "sea change" but did not explain', 'The secretary said it marked a “radical change” but did not explain')).toEqual([['sea change', 'radical change']]);
  });
  test('pure insertions and deletions have an empty side', () => {
    expect(diff('he said that Iran', 'he said Iran')).toEqual([['that', '']]);
  });
  test('aggregation counts repeated substitutions, content words first', () => {
    const d = (a: string, b: string, at: number) => ({ a, b, spanA: { start: at, end: at + 1 }, spanB: { start: at, end: at + 1 }, content: a !== 'that' });
    const agg = aggregateDivergences([d('that', '', 1), d('that', '', 2), d('that', '', 3), d('agents', 'operatives', 4), d('Agents', 'operatives', 9), d('sea', 'radical', 5)]);
    expect(agg.map((x) => [x.a, x.b, x.count])).toEqual([
      ['agents', 'operatives', 2],
      ['sea', 'radical', 1],
      ['that', '', 3],
    ]);
    expect(agg[0].locations).toHaveLength(2);
  });
});

const perms = permutations(DEFAULT_OPTIONS.numPerm, DEFAULT_OPTIONS.seed);
const prof = (name: string, text: string) => profile(name, Buffer.from(text), text, DEFAULT_OPTIONS, perms);

describe('the seeds: 001 (a) against 003 (b)', () => {
  const x = prof('001', seed('001'));
  const y = prof('003', seed('003'));
  const al = alignDocs(x, y)!;
  const det = describePair(al.units, x.model, y.model, true);
  const find = (a: string, b: string) => det.divergences.find((d) => d.a.toLowerCase() === a && d.b.toLowerCase() === b);

  test('"sea change" -> "radical change" with both spans short, at the right places', () => {
    const d = find('radical change', 'sea change');
    expect(d).toBeDefined();
    expect(d!.count).toBe(2);
    for (const loc of d!.locations) {
      expect(x.model.text.slice(loc.a.start, loc.a.end)).toBe('radical change');
      expect(y.model.text.slice(loc.b.start, loc.b.end)).toBe('sea change');
    }
  });
  test('other phrasings the translation changed are found', () => {
    expect(find('at times strained', 'sometimes tense')).toBeDefined();
    expect(find('agents', 'operatives')!.count).toBeGreaterThanOrEqual(2);
    // "shot dead by Israeli agents" / "gunned down by Israeli operatives": two minimal spans
    expect(find('shot dead', 'gunned down')).toBeDefined();
  });
  test('the top ten are content changes, not dropped articles', () => {
    for (const d of det.divergences.slice(0, 10)) expect(d.a && d.b).toBeTruthy();
  });
  test('001 is named the derived copy, with its evidence', () => {
    expect(det.derived!.side).toBe('a');
    const kinds = new Set(det.derived!.evidence.a.map((e) => e.kind));
    for (const k of ['split', 'doubled', 'spacing', 'calque', 'quotes'] as const) expect(kinds).toContain(k);
    expect(det.derived!.evidence.b).toHaveLength(0);
    expect(det.derived!.evidence.a.some((e) => e.text.includes('Joint Comprehensive. Action plan.'))).toBe(true);
  });
  test('the verdict is only computed when asked (the pipeline asks for reworded pairs only)', () => {
    expect(describePair(al.units, x.model, y.model, false).derived).toBeNull();
  });
  test('thin evidence is undetermined: the NBC original against its edited copy', () => {
    const e = prof('edited', fixture('edited/003-edited.txt'));
    const d = describePair(alignDocs(y, e)!.units, y.model, e.model, true);
    expect(d.derived!.side).toBeNull();
    expect(d.derived!.reason).toMatch(/^undetermined/);
  });
});

describe('translation artefacts, one kind at a time', () => {
  const kinds = (t: string) => textArtefacts(t).map((e) => e.kind);
  test.each([
    ['doubled', 'whether this is overestimate or overestimate intelligence'],
    ['doubled', 'the the meeting'],
    ['spacing', 'a reward of $ 7 million'],
    ['spacing', 'inside the country “. Since then'],
    ['spacing', 'what they think, ”said Rasmussen'],
    ['spacing', 'by a US official. .'],
    ['calque', 'closer ties to the administration Trump, such as'],
    ['first-person', 'Iran has given support, Pompeo told me on Tuesday.'],
    ['quotes', '“Mr. Smith pathetically ends his career,” Zarif tweeted. “No one is fooled.'],
  ])('%s: %s', (kind, text) => {
    expect(kinds(text)).toContain(kind);
  });
  test('regression: a closing quote followed by a Chinese, Japanese or Korean character is the norm there, not an artefact (review: human references were charged)', () => {
    expect(textArtefacts('他称这是“功能失调”和“混乱”的局面，并呼吁与“未来经济体”合作。')).toEqual([]);
    expect(textArtefacts('彼は「未来」と“新しい経済”を語った。')).toEqual([]);
    // in Latin text it still is one
    expect(kinds('what they think, ”said Rasmussen')).toContain('spacing');
    expect(kinds('the “sea change”was clear')).toContain('spacing');
  });
  test('clean news prose has none', () => {
    expect(textArtefacts(seed('003'))).toEqual([]);
    const t = '"We must defeat it," Pompeo said. He told me nothing new, she said.';
    expect(textArtefacts(t)).toEqual([{ kind: 'first-person', text: expect.any(String), start: t.indexOf('told me'), end: t.indexOf('told me') + 7 }]);
    // inside a quotation, "told me" is the speaker's, not a slip
    expect(textArtefacts('"He told me nothing," she said.')).toEqual([]);
  });
  test('a verdict needs three artefacts of two kinds and twice the other side', () => {
    const e = (kind: 'doubled' | 'spacing') => ({ kind, text: '', start: 0, end: 0 });
    expect(derivedVerdict([e('doubled'), e('spacing'), e('spacing')], [], { a: 1000, b: 1000 }).side).toBe('a');
    expect(derivedVerdict([e('spacing'), e('spacing'), e('spacing')], [], { a: 1000, b: 1000 }).side).toBeNull();
    expect(derivedVerdict([e('doubled'), e('spacing')], [], { a: 1000, b: 1000 }).side).toBeNull();
    expect(derivedVerdict([e('doubled'), e('spacing'), e('spacing')], [e('doubled'), e('spacing')], { a: 1000, b: 1000 }).side).toBeNull();
  });
});
