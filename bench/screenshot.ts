/**
 * `npm run screenshot`: the picture of the HTML report in docs/usage.md (docs/html-report.png), taken in
 * Debian's chromium (DUPECHECK_CHROMIUM to use another) from the seeds report: the 001/003 pair
 * open at its first "radical change" / "sea change", the lists beside it. Run it again after a
 * change to the page.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { BIN, ROOT, run, tmpDir, benchCommand } from './lib.js';

benchCommand('screenshot', 'Take the picture of the HTML report in docs/usage.md (docs/html-report.png) in Chromium, from the seeds report.').parse();
const out = path.join(ROOT, 'docs', 'html-report.png');
const page = path.join(tmpDir('dupecheck-shot-'), 'seeds.html');
// from the repository, so that the paths read seeds/...
process.chdir(ROOT);
const r = await run(process.execPath, [BIN, 'seeds/', '--html', page, '--no-color', '--fail-on', 'none']);
if (r.code !== 0) throw new Error(`dupecheck exited ${r.code}: ${r.stderr}`);
const browser = await chromium.launch({ executablePath: process.env.DUPECHECK_CHROMIUM ?? '/usr/bin/chromium', args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
try {
  const tab = await browser.newPage({ viewport: { width: 1100, height: 640 }, colorScheme: 'light' });
  await tab.goto(`${pathToFileURL(page).href}#pair=0`);
  await tab.locator('.divergences tr', { hasText: 'radical' }).locator('button.jump').first().click();
  // the row in view, without the focus ring of the jump
  await tab.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await tab.screenshot({ path: out });
  console.log(`${path.relative(ROOT, out)}: ${fs.statSync(out).size} bytes`);
} finally {
  await browser.close();
  fs.rmSync(path.dirname(page), { recursive: true, force: true });
}
