/**
 * The report is written at the pace of its reader: a slow reader (a pipe into a busy process)
 * must not make the whole report pile up in the writer's memory. Regression: at 200,000
 * documents the peak was 3,761 MB written to a file and 4,889 MB piped to a reader that collected
 * the output, because every piece was written without waiting for the stream to drain.
 */
import { describe, expect, test } from '@jest/globals';
import { Writable } from 'node:stream';
import { scanTexts } from '../src/api.js';
import { emitReport } from '../src/cli/output.js';
import { seed } from './helpers.js';

describe('emitReport', () => {
  test('waits for a slow reader: never more than about one piece buffered, and the report arrives whole', async () => {
    // 5 lines of seed 003, each in 40 short pages of one template (numbers aside): every pair of a
    // group is a near-duplicate with its divergences, 5 x 780 pairs, a report of megabytes
    const quotes = seed('003').split('\n').filter((l) => l.split(' ').length > 30).slice(0, 5);
    expect(quotes).toHaveLength(5);
    const texts = Array.from({ length: 200 }, (_, i) => ({ path: `page-${String(i).padStart(3, '0')}.txt`, text: `Page ${i} of the local desk reports on item ${i * 7919} at length. ${quotes[i % 5]} The council met on day ${i} to discuss budget line ${i * 31} and road ${i % 17}.` }));
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
