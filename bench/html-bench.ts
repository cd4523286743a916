/**
 * `npm run bench:html`: the HTML report of a large batch. Makes the news corpus (bench/corpus.ts,
 * default 10,000 documents; `--docs N`), runs the built CLI on it with and without --html (side by
 * side, one after the other), and opens the page in Debian's chromium (DUPECHECK_CHROMIUM for
 * another): the page's size and what makes it up, the time until the lists are shown (median of
 * three loads), to open the first duplicate pair, and to filter the lists.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { generateNewsCorpus } from './corpus.js';
import { BIN, fmt, run, table, tmpDir, benchCommand, positiveInt } from './lib.js';

const N = benchCommand('bench:html', 'The HTML report of a news corpus in Chromium: page size, load, filter and pair times.')
  .option('--docs <n>', 'documents in the corpus', positiveInt, 10_000)
  .parse()
  .opts<{ docs: number }>().docs;
const dir = tmpDir('dupecheck-html-bench-');
try {
  const corpus = generateNewsCorpus(path.join(dir, 'news'), N);
  const page = path.join(dir, 'report.html');
  const args = [BIN, path.join(dir, 'news'), '--series', 'folder', '--no-progress', '--fail-on', 'none', '--no-color'];
  const plain = await run(process.execPath, args);
  const withHtml = await run(process.execPath, [...args, '--html', page]);
  if (plain.code !== 0 || withHtml.code !== 0) throw new Error(`dupecheck failed: ${withHtml.stderr.slice(0, 500)}`);
  const html = fs.readFileSync(page, 'utf8');
  const json = /<script type="application\/json" id="dupecheck-data">([\s\S]*?)<\/script>/.exec(html)![1];
  const data = JSON.parse(json) as { report: { pairs: unknown[]; reuse: unknown[]; summary: { duplicatePairs: number } }; texts: Record<string, string>; views: unknown[] };
  const mb = (s: string | number) => fmt((typeof s === 'number' ? s : Buffer.byteLength(s)) / 1e6, 1);
  console.log(`${N} documents (${mb(corpus.bytes)} MB of text): ${data.report.summary.duplicatePairs} duplicate pairs, ${data.report.pairs.length - data.report.summary.duplicatePairs} related pairs listed, ${data.report.reuse.length} reused passages`);
  console.log(
    table(
      ['page', 'MB'],
      [
        ['the whole file', mb(html.length && Buffer.byteLength(html))],
        ['  the report (JSON, without stats)', mb(JSON.stringify(data.report))],
        [`  texts of ${Object.keys(data.texts).length} documents in duplicate pairs`, mb(JSON.stringify(data.texts))],
        [`  alignments of ${data.views.length} pairs`, mb(JSON.stringify(data.views))],
      ],
    ),
  );
  console.log(table(['run', 's', 'peak RSS MB'], [['dupecheck (terminal report)', fmt(plain.ms / 1000, 1), plain.rssMb?.toFixed(0) ?? '?'], ['  the same with --html', fmt(withHtml.ms / 1000, 1), withHtml.rssMb?.toFixed(0) ?? '?']]));
  const browser = await chromium.launch({ executablePath: process.env.DUPECHECK_CHROMIUM ?? '/usr/bin/chromium', args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
  try {
    const loads: number[] = [];
    let openMs = 0;
    let filterMs = 0;
    let heapMb = 0;
    for (let k = 0; k < 3; k++) {
      const tab = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const errors: string[] = [];
      tab.on('pageerror', (e) => errors.push(e.message));
      const t0 = performance.now();
      await tab.goto(pathToFileURL(page).href);
      await tab.waitForSelector('#clusters li.cluster');
      loads.push(performance.now() - t0);
      if (k === 0) {
        const t1 = performance.now();
        await tab.locator('#clusters button.open').first().click();
        await tab.waitForSelector('table.align');
        openMs = performance.now() - t1;
        const t2 = performance.now();
        await tab.fill('#filter', 'news/');
        await tab.waitForFunction(() => document.getElementById('lists')!.dataset.query === 'news/');
        filterMs = performance.now() - t2; // includes the filter's 120 ms pause for typing
        heapMb = (await tab.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0)) / 1e6;
      }
      if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
      await tab.close();
    }
    loads.sort((a, b) => a - b);
    console.log(
      table(
        ['in chromium', 'ms'],
        [
          ['open the file until the lists are shown (median of 3)', loads[1].toFixed(0)],
          ['open the first duplicate pair (side by side)', openMs.toFixed(0)],
          ['filter by path, all lists (with the 120 ms typing pause)', filterMs.toFixed(0)],
          ['JS heap after that, MB', heapMb.toFixed(0)],
        ],
      ),
    );
  } finally {
    await browser.close();
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
