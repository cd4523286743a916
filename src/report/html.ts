/**
 * The HTML report (`--html FILE`): one self-contained page, CSS and script inline, no request of
 * any kind (a Content-Security-Policy forbids them, and allows only this page's own style and
 * script by their hashes). The data is embedded once, as JSON in <script type="application/json">
 * with every `<` written \u003c, so that no article text can close the element or open a tag; the
 * script (htmlClient.ts) builds the page from it with text nodes. Pure: data in, text out, in
 * pieces (a large report is larger than one string should be).
 */
import { createHash } from 'node:crypto';
import type { Lazy, ReportOut, ReportPair, ReportReuse } from './model.js';
import type { Relation } from '../types.js';
import type { HtmlExtra } from './htmlData.js';
import { jsonChunks } from './jsonStream.js';
import { client } from './htmlClient.js';

const CSS = `
:root { color-scheme: light dark; --fg: #1b1b1b; --bg: #fff; --dim: #5c5c5c; --line: #d0d0d0; --panel: #f5f5f5;
  --a: #0a5a96; --a-bg: #d3e7f7; --b: #a84300; --b-bg: #fde0c8; --focus: #7a3ea3; --flash: #fff3a8; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e8e8e8; --bg: #161616; --dim: #a8a8a8; --line: #3c3c3c; --panel: #222;
    --a: #7cc0f5; --a-bg: #113a5c; --b: #f5a66a; --b-bg: #5a2c08; --focus: #c9a2ea; --flash: #4d4310; }
}
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
h1 { font-size: 1.35rem; margin: 0 0 .25rem; } h2 { font-size: 1.15rem; margin: 1rem 0 .5rem; } h3 { font-size: 1rem; margin: .9rem 0 .4rem; }
header.top { padding: .75rem 1rem; border-bottom: 1px solid var(--line); background: var(--panel); }
.summary { margin: .2rem 0 .5rem; }
.controls input { font: inherit; padding: .25rem .4rem; width: min(28rem, 60vw); border: 1px solid var(--dim); border-radius: 3px; background: var(--bg); color: var(--fg); }
.keys { margin: .4rem 0 0; color: var(--dim); font-size: .85rem; }
.scope { font-size: .8rem; } p.common { margin: .1rem 0 .3rem; font-size: .85rem; }
details.legend { margin: 0 0 .4rem; font-size: .85rem; } details.legend summary { cursor: pointer; color: var(--dim); }
kbd { border: 1px solid var(--dim); border-radius: 3px; padding: 0 .3rem; font-size: .8rem; }
/* the list and the open pair scroll apart, so that the list stays in view while a pair is read */
#app { display: flex; flex-direction: column; height: 100vh; }
header.top { flex: none; }
.layout { flex: 1; min-height: 0; display: grid; grid-template-columns: minmax(22rem, 2fr) 5fr; }
/* with no pair open the list takes the room */
#app:not(.pair-open) .layout { grid-template-columns: 5fr minmax(14rem, 2fr); }
#lists { padding: 0 1rem 2rem; border-right: 1px solid var(--line); min-width: 0; overflow: auto; }
#pair { padding: 0 1rem 2rem; min-width: 0; overflow: auto; outline: none; }
@media (max-width: 900px) { #app { display: block; height: auto; } .layout { display: block; } #lists { border-right: 0; } #lists, #pair { overflow: visible; } }
.dim, .placeholder { color: var(--dim); }
.path { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85rem; overflow-wrap: anywhere; }
ol.clusters, ol.reuse { padding-left: 1.4rem; }
ul.pairs { list-style: none; padding: 0; margin: .3rem 0 .8rem; }
ul.pairs li { margin: .2rem 0; }
ul.carriers { margin: .2rem 0 .8rem; padding-left: 1.2rem; }
button { font: inherit; color: inherit; cursor: pointer; }
button.open { background: none; border: 1px solid var(--line); border-radius: 3px; padding: .1rem .35rem; text-align: left;
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .8rem; overflow-wrap: anywhere; }
button.open:hover { border-color: var(--dim); }
button.open[aria-current] { border: 2px solid var(--focus); background: var(--panel); }
button.more, button.unfold, button.close, button.jump { border: 1px solid var(--dim); border-radius: 3px; background: var(--panel); padding: .1rem .5rem; }
button.jump { padding: 0 .4rem; margin: 0 .15rem .15rem 0; font-size: .8rem; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 1px; }
.badge { display: inline-block; border: 1px solid currentColor; border-radius: 3px; padding: 0 .3rem; font-size: .75rem; font-weight: 600; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .25rem .4rem; border-bottom: 1px solid var(--line); }
td.num { text-align: right; white-space: nowrap; }
table.docs td, table.docs th, table.related th { font-size: .85rem; }
/* the figures take the width of their heads, the pair the rest (its names wrap anywhere) */
table.related th:not(:first-child) { white-space: nowrap; width: 1%; } table.related button.open { width: 100%; }
details.evidence summary { cursor: pointer; color: var(--dim); }
blockquote { margin: .3rem 0; padding: .2rem .6rem; border-left: 3px solid var(--dim); }
.paths { position: sticky; top: 0; z-index: 2; background: var(--bg); border-bottom: 2px solid var(--line); padding: .4rem 0; }
.paths h2 { margin: .2rem 0; }
.paths p { margin: .1rem 0; }
/* a long name takes two lines at most (the whole name in its title) */
.paths p { display: flex; gap: .35rem; align-items: baseline; }
.paths .path { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; overflow: hidden; min-width: 0; }
.paths .close { position: absolute; right: 0; top: .5rem; }
.side-a b, strong.side-a { color: var(--a); } .side-b b, strong.side-b { color: var(--b); }
dl.scores { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: .5rem 0; }
dl.scores dt { color: var(--dim); } dl.scores dd { margin: 0; }
mark.a { background: var(--a-bg); color: inherit; border-bottom: 2px solid var(--a); }
mark.b { background: var(--b-bg); color: inherit; border-bottom: 2px dashed var(--b); }
table.align { table-layout: fixed; }
table.align th.unit { width: 4.2rem; color: var(--dim); font-weight: normal; font-size: .8rem; }
table.align thead th { position: sticky; top: calc(var(--paths-h, 7.5rem) - 1px); background: var(--bg); z-index: 1; font-size: .85rem; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
table.align thead th.side-a { color: var(--a); } table.align thead th.side-b { color: var(--b); }
.unit-kind { display: block; font-size: .75rem; }
tr.unaligned td:not(.none) { border-left: 4px double var(--dim); }
tr.unaligned td.none { background: repeating-linear-gradient(135deg, transparent 0 6px, var(--panel) 6px 12px); }
tr.fold td { text-align: center; background: var(--panel); }
tr.flash { background: var(--flash); }
@media print {
  header.top .controls, header.top .keys, button.more, button.close, button.unfold, button.jump { display: none; }
  #app { display: block; height: auto; } .layout { display: block; } #lists { border: 0; } #lists, #pair { overflow: visible; }
  .paths, table.align thead th { position: static; }
  /* a pair open: the pair alone is printed, not the lists before it */
  #app.pair-open header.top, #app.pair-open #lists { display: none; }
  .paths .path { display: block; -webkit-line-clamp: none; }
  button.open { border: 0; padding: 0; }
  body { font-size: 11pt; } tr { break-inside: avoid; }
}
`;

const SCRIPT = `(${client.toString()})();`;

const hash = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** JSON that can sit inside a <script> element: `<` never appears (no `</script>`, no `<!--`). */
const scriptSafe = (json: string) => json.replace(/</g, '\\u003c');

/** A pair as the page shows it: `dupecheck diff --html` also shows two texts that are not related. */
export type PagePair = Omit<ReportPair, 'relation'> & { relation: Relation | 'unrelated' };
export type PageReport = Omit<ReportOut, 'pairs' | 'reuse'> & { pairs: Lazy<PagePair> | PagePair[]; reuse: Lazy<ReportReuse> | ReportReuse[] };

/** The page, in pieces; the report's stats (timings) are left out, so that the same input gives the same page. */
export function* htmlChunks(report: PageReport, extra: HtmlExtra, title: string): Generator<string> {
  const csp = `default-src 'none'; style-src ${hash(CSS)}; script-src ${hash(SCRIPT)}; img-src 'none'; connect-src 'none'; form-action 'none'; base-uri 'none'`;
  yield '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n';
  yield `<meta http-equiv="Content-Security-Policy" content="${csp}">\n`;
  yield '<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="referrer" content="no-referrer">\n';
  yield `<title>${escapeHtml(title)}</title>\n<style>${CSS}</style>\n</head>\n<body>\n`;
  yield '<noscript><p>This report is built by its script from the data embedded in the page: allow JavaScript for this file, or read the same data with dupecheck --json.</p></noscript>\n';
  yield '<main id="app"></main>\n<script type="application/json" id="dupecheck-data">{"title":';
  yield scriptSafe(JSON.stringify(title));
  yield ',"report":';
  const { stats: _stats, ...page } = report;
  for (const c of jsonChunks(page as unknown as Record<string, unknown>)) yield scriptSafe(c);
  yield ',\n"texts":{';
  let first = true;
  for (const [id, text] of Object.entries(extra.texts)) {
    yield `${first ? '' : ','}\n${scriptSafe(JSON.stringify(id))}:${scriptSafe(JSON.stringify(text))}`;
    first = false;
  }
  yield '},\n"views":[';
  for (let i = 0; i < extra.views.length; i++) yield `${i ? ',' : ''}\n${scriptSafe(JSON.stringify(extra.views[i]))}`;
  yield `]}</script>\n<script>${SCRIPT}</script>\n</body>\n</html>\n`;
}

/** The page as one string (tests, small reports). */
export function renderHtml(report: PageReport, extra: HtmlExtra, title: string): string {
  let s = '';
  for (const c of htmlChunks(report, extra, title)) s += c;
  return s;
}
