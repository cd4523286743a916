/**
 * The report is written at the pace of its reader: a slow reader (a pipe into a busy process)
 * must not make the whole report pile up in the writer's memory. Regression: at 200,000
 * documents the peak was 3,761 MB written to a file and 4,889 MB piped to a reader that collected
 * the output, because every piece was written without waiting for the stream to drain.
 */
import { describe, expect, test } from '@jest/globals';
import { Writable } from 'node:stream';
import { compare, diffHtml, formatReport, htmlReport, scan, scanTexts, UsageError, type DiffResult, type ReportOut } from '../src/api.js';
import { emitReport } from '../src/cli/output.js';
import { seed } from './helpers.js';

describe('emitReport', () => {
  test('waits for a slow reader: never more than about one piece buffered, and the report arrives whole', async () => {
    // 5 lines of seed 003, each in 40 short pages that differ in their page number alone: every pair
    // of a group is a near-duplicate with its divergences, 5 x 780 pairs, a report of megabytes
    // (pages that differ in three figures or more are stories of one template: compare/facts.ts)
    const quotes = seed('003').split('\n').filter((l) => l.split(' ').length > 30).slice(0, 5);
    expect(quotes).toHaveLength(5);
    const texts = Array.from({ length: 200 }, (_, i) => ({ path: `page-${String(i).padStart(3, '0')}.txt`, text: `Page ${i} of the local desk reports on item ${(i % 5) * 7919} at length. ${quotes[i % 5]} The council met on day ${i} to discuss budget line ${(i % 5) * 31} and road ${i % 5}.` }));
    const report = await scanTexts(texts, { related: 'all', stats: false, failOn: 'none' });
    let buffered = 0;
    let maxBuffered = 0;
    const chunks: Buffer[] = [];
    const out = new Writable({
      highWaterMark: 16 * 1024,
      write(chunk: Buffer, _enc, done) {
        chunks.push(chunk);
        setTimeout(done, 1); // a slow reader
      },
    });
    const write = out.write.bind(out);
    out.write = ((s: string) => {
      const ok = write(s);
      buffered = out.writableLength;
      maxBuffered = Math.max(maxBuffered, buffered);
      return ok;
    }) as typeof out.write;
    const io = { stdout: out, stderr: { write: () => true }, env: {}, stdin: async () => '' };
    const code = await emitReport(report, { format: 'json', failOn: 'none' }, io);
    await new Promise<void>((r) => out.end(r));
    const text = Buffer.concat(chunks).toString('utf8');
    expect(code).toBe(0);
    expect(text.length).toBeGreaterThan(1_000_000);
    expect(JSON.parse(text).summary.duplicatePairs).toBe((5 * (40 * 39)) / 2);
    // one piece (about 64 KB of characters) waits at most; without the wait the whole report did
    expect(maxBuffered).toBeLessThan(300 * 1024);
  }, 60_000);
});

describe('the library on texts in memory (multilingual and API review)', () => {
  test('regression: compare(b, a) is compare(a, b) with the sides swapped, the alignment units too', async () => {
    const ab = (await compare(seed('001'), seed('003'))).pair!;
    const ba = (await compare(seed('003'), seed('001'))).pair!;
    expect(ab.relation).toBe('reworded');
    const u = ab.alignment!.units;
    expect(u['1-2'] + u['1-0']).not.toBe(u['2-1'] + u['0-1']);
    expect(ba.alignment!.units).toEqual({ '1-1': u['1-1'], '1-2': u['2-1'], '2-1': u['1-2'], '2-2': u['2-2'], '1-0': u['0-1'], '0-1': u['1-0'] });
    expect(ba.scores.containment).toEqual({ a: ab.scores.containment.b, b: ab.scores.containment.a });
  });
  test('regression: a language tag is read as JSONL reads it ("en-US", "EN" and "en" are one language); a bad one is a usage error', async () => {
    for (const [x, y] of [['en-US', 'en'], ['EN', 'en']]) {
      const r = await scanTexts([{ path: '001', text: seed('001'), lang: x }, { path: '003', text: seed('003'), lang: y }], { stats: false });
      expect(r.documents.map((d) => d.lang)).toEqual(['en', 'en']);
      expect([...r.pairs].map((p) => p.relation)).toEqual(['reworded']);
    }
    await expect(scanTexts([{ path: 'a', text: 'Some text here.', lang: 'english language' }])).rejects.toThrow(new UsageError('texts[0] (a): lang must be a language tag such as "zh" or "pt-BR" (got "english language")'));
  });
  test('regression: empty and blank texts are skipped with a reason, as files are, not reported as identical', async () => {
    const r = await scanTexts([{ path: 'a', text: '' }, { path: 'b', text: '  \n ' }, { path: 'c', text: seed('000') }], { stats: false });
    expect(r.skipped).toEqual([
      { path: 'a', reason: 'empty text' },
      { path: 'b', reason: 'no text (only white space)' },
    ]);
    expect(r.documents.map((d) => d.path)).toEqual(['c']);
    expect([...r.pairs]).toEqual([]);
  });
  test('regression: input of the wrong type is a usage error that says what is expected, not an internal error', async () => {
    await expect(scanTexts([{ path: 'a', text: 42 as unknown as string }])).rejects.toThrow(new UsageError('texts[0] (a): its text must be a string'));
    await expect(scanTexts('x' as unknown as [])).rejects.toThrow(new UsageError('scanTexts takes a list of texts: [{ path, text }, ...]'));
    await expect(scan({ paths: 'seeds/' as unknown as string[] })).rejects.toThrow(new UsageError('paths must be a list of strings'));
    expect(() => formatReport(null as unknown as ReportOut, 'json')).toThrow(new UsageError('formatReport takes a report made by scan, scanTexts or check'));
    // refused when called, not at the first piece (second re-review)
    const made = await scanTexts([{ path: 'a', text: seed('000') }], { stats: false });
    const copy = JSON.parse(JSON.stringify(made)) as ReportOut;
    expect(() => formatReport(copy, 'github')).toThrow(new UsageError('the github format needs a report made by scan, scanTexts or check'));
    expect(() => formatReport(made, 'github', { failOn: 'bogus' as 'none' })).toThrow(new UsageError('failOn must be one of identical, near-duplicate, reworded, related, none (got "bogus")'));
    expect(() => htmlReport(undefined as unknown as ReportOut)).toThrow(new UsageError('htmlReport takes a report made by scan, scanTexts or check'));
    expect(() => diffHtml(undefined as unknown as DiffResult)).toThrow(new UsageError('diffHtml needs a result made by diff'));
    // null options and a null failOn are left out (third re-review: a TypeError, and "got null")
    expect([...formatReport(made, 'json', null)].join('')).toContain('"schemaVersion"');
    expect([...formatReport(made, 'github', { failOn: null as unknown as 'none' })].join('')).toBe('');
    for (const bad of [{ summary: {} }, { documents: [] }]) expect(() => formatReport(bad as unknown as ReportOut, 'text')).toThrow(new UsageError('formatReport takes a report made by scan, scanTexts or check'));
    expect(() => htmlReport(made, 5 as unknown as string)).toThrow(new UsageError('htmlReport: the title must be a string'));
    // lang: null is no language, as in JSONL
    expect((await scanTexts([{ path: 'a', text: seed('000'), lang: null as unknown as string }], { stats: false })).documents[0].lang).toBe('en');
    // a path alone is a list of one, as meant
    expect((await scan('seeds/', { stats: false })).summary.documents).toBe(5);
  });
});

describe('the progress bar', () => {
  test('regression: leaves the terminal as it was (review: a Ctrl-C mid-run left the shell with no cursor and line wrap off)', async () => {
    const { makeProgress } = await import('../src/cli/progress.js');
    let written = '';
    const tty = Object.assign(
      new Writable({
        write(chunk: Buffer, _enc, done) {
          written += chunk.toString();
          done();
        },
      }),
      { isTTY: true, columns: 100, rows: 30, cursorTo: () => true, clearLine: () => true, moveCursor: () => true },
    ) as unknown as NodeJS.WriteStream;
    const now = Date.now();
    const clock = jestSpyNow(now);
    try {
      const bar = makeProgress(true, tty);
      bar.update('comparing', 1, 10);
      clock.set(now + 1500); // shown once a run has taken more than a second
      try {
        bar.update('comparing', 5, 10);
        expect(written).toContain('comparing  [');
        expect(written).toContain('50% | 5/10');
        // neither hidden cursor (ESC[?25l) nor line wrap off (ESC[?7l), which a run killed by a signal never undoes
        expect(written).not.toMatch(/\u001b\[\?(25|7)l/);
      } finally {
        bar.stop();
      }
    } finally {
      clock.restore();
    }
  });
});

/** Date.now at a set time until restored. */
function jestSpyNow(t: number) {
  const real = Date.now;
  let at = t;
  Date.now = () => at;
  return { set: (x: number) => (at = x), restore: () => (Date.now = real) };
}
