/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The script of the HTML report, run in the browser. `client` is embedded as its source text
 * (Function.prototype.toString), so it uses nothing from its module: only the DOM and the data in
 * <script type="application/json" id="dupecheck-data">. Every text from the data is put in the
 * page as a text node (textContent), never parsed as HTML. Lists are rendered a page at a time
 * and a pair's alignment only when it is opened, so that 10,000 documents stay usable.
 */
import type { Report, ReportPair, ReportReuse } from './model.js';
import type { HtmlExtra, HtmlUnit } from './htmlData.js';

export function client(): void {
  type Data = { report: Report; title: string } & HtmlExtra;
  type Child = Node | string | null | undefined | false;
  const PAGE = 100;
  /** divergences a pair lists at most (report/model.ts TOP_DIVERGENCES) */
  const TOP = 10;
  /** documents named at first for a reused passage */
  const CARRIERS = 12;

  const data = JSON.parse(document.getElementById('dupecheck-data')!.textContent!) as Data;
  const R = data.report;
  const docs = new Map(R.documents.map((d) => [d.id, d]));
  const views = new Map(data.views.map((v) => [v.pair, v.units]));
  /**
   * A path as shown: controls, bidirectional overrides and line separators as ⟨U+202E⟩ (a name
   * with U+202E showed "zz\u202egood.txt" as "zztxt.doog"), and without the folder that all the
   * report's documents share (said once in the header).
   */
  const shown = (p: string) => p.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `⟨U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`);
  const common = (() => {
    // a JSONL article (file#id) is named in full: a "/" in its id is not a folder
    if (R.documents.some((d) => d.path.includes('#'))) return '';
    const all = R.documents.map((d) => d.path);
    if (all.length < 2) return '';
    let prefix = all[0].slice(0, all[0].lastIndexOf('/') + 1);
    for (const p of all) while (prefix && !p.startsWith(prefix)) prefix = prefix.slice(0, prefix.lastIndexOf('/', prefix.length - 2) + 1);
    // a root alone ("/") would turn absolute paths into relative-looking ones
    return prefix === '/' ? '' : prefix;
  })();
  const pathOf = (id: string) => shown((docs.get(id)?.path ?? id).slice(common.length));
  const nameOf = (id: string) => {
    const d = docs.get(id);
    return pathOf(id) + (d?.archived ? ' [archived]' : d?.alreadyArchived ? ' [already archived]' : '');
  };
  /** The file name alone, for column heads (the full path is in the pair's heading). */
  const baseOf = (id: string) => {
    const p = pathOf(id);
    return p.slice(p.lastIndexOf('/') + 1);
  };
  /** A document's language for the lang attribute (screen readers' voice, CJK glyphs), when known. */
  const langOf = (id: string): Record<string, string> => {
    const l = docs.get(id)?.lang;
    return l && /^[a-z]{2,3}$/.test(l) && l !== 'und' ? { lang: l } : {};
  };
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
  const EXPLAIN: Record<string, string> = {
    identical: 'the same text after normalising case, quotes, dashes and spacing',
    'near-duplicate': 'a verbatim copy with edits (or one text contained in the other)',
    reworded: 'the same article in other words: paraphrase or machine translation',
    related: 'a different article that shares passages (quotes, wire paragraphs)',
    unrelated: 'the two texts share no passage and do not align',
  };
  const SCORE_HELP: Record<string, string> = {
    'shingle Jaccard': 'shared runs of 5 words, over all runs of the two texts (1 for a verbatim copy)',
    containment: "the share of each text's 5-word runs found in the other",
    'content overlap': 'shared pairs of content words (paraphrase-tolerant), over all of them',
    aligned: "the share of each text's content in sentences aligned with the other",
    matched: 'the same, each aligned sentence counted at its similarity',
    units: 'aligned units: sentences of a matched to sentences of b (one-to-one, two-to-one, ...), or found only on one side',
  };
  const NUMBER = ['no', 'one', 'two', 'three', 'four', 'five'];
  /** An alignment's unit counts in words: "46 one-to-one, 5 two-to-one, 6 only in b". */
  const unitWords = (units: Record<string, number>) =>
    Object.entries(units)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => {
        const [x, y] = k.split('-').map(Number);
        const kind = x === 0 ? 'only in b' : y === 0 ? 'only in a' : `${NUMBER[x] ?? x}-to-${NUMBER[y] ?? y}`;
        return `${n} ${kind}`;
      })
      .join(', ');

  /** An element; strings become text nodes (never HTML). */
  function h(tag: string, attrs: Record<string, string | number | boolean | ((e: Event) => void)> | null = null, ...children: Child[]): HTMLElement {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs ?? {})) {
      if (typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (v === true) el.setAttribute(k, '');
      else if (v !== false) el.setAttribute(k, String(v));
    }
    for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
    return el;
  }
  const flat = (s: string) => s.replace(/\s+/g, ' ');

  // ---- filter -----------------------------------------------------------------------------
  /**
   * Text folded for the filter as dupecheck folds it for matching: case, compatibility forms,
   * curly quotes, dashes and runs of spaces (a phrase pasted as “sea change”, or wrapped across a
   * line, is found).
   */
  const fold = (t: string) =>
    t
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[\u2018\u2019\u201a\u201b\u2032\u0060\u00b4]/g, "'")
      .replace(/[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/g, '"')
      .replace(/[\u2010-\u2015\u2212]/g, '-')
      .replace(/\s+/g, ' ');
  let query = '';
  const docMatches = new Map<string, boolean>();
  const lowered = new Map<string, string>();
  const lower = (id: string) => {
    let t = lowered.get(id);
    if (t === undefined) lowered.set(id, (t = fold(`${docs.get(id)?.path ?? id}\n${data.texts[id] ?? ''}`)));
    return t;
  };
  const matchDoc = (id: string) => {
    if (!query) return true;
    let m = docMatches.get(id);
    if (m === undefined) docMatches.set(id, (m = lower(id).includes(query)));
    return m;
  };
  const reuseById = new Map(R.reuse.map((r) => [r.id, r]));
  const matchPair = (p: ReportPair) =>
    !query ||
    matchDoc(p.a) ||
    matchDoc(p.b) ||
    p.divergences.some((d) => fold(d.a).includes(query) || fold(d.b).includes(query)) ||
    p.passages.some((x) => fold(x.text ?? reuseById.get(x.reuse!)?.text ?? '').includes(query));
  const matchReuse = (r: ReportReuse) => !query || fold(r.text).includes(query) || r.occurrences.some((o) => matchDoc(o.document));

  /** What the relations and the scores mean, folded under the summary. */
  function legend() {
    const item = (term: string, what: string) => [h('dt', null, term), h('dd', null, what)];
    return h(
      'details',
      { class: 'legend' },
      h('summary', null, 'What the relations and scores mean'),
      h(
        'dl',
        { class: 'scores' },
        ...(['identical', 'near-duplicate', 'reworded', 'related'] as const).flatMap((r) => item(r, EXPLAIN[r])),
        ...Object.entries(SCORE_HELP).flatMap(([k, v]) => item(k, v)),
      ),
    );
  }

  // ---- layout ------------------------------------------------------------------------------
  const app = document.getElementById('app')!;
  const s = R.summary;
  const filter = h('input', {
    type: 'search',
    id: 'filter',
    placeholder: 'a path, a passage, a word of a duplicate',
    title: 'Searched: every path, the reused and shared passages, the divergences, and the full text of the documents in duplicate pairs (the page holds only their texts)',
    'aria-describedby': 'filter-count filter-scope',
    autocomplete: 'off',
  }) as HTMLInputElement;
  const filterCount = h('span', { id: 'filter-count', role: 'status' });
  const lists = h('div', { id: 'lists' });
  const panel = h('section', { id: 'pair', 'aria-label': 'Pair', tabindex: -1 }, h('p', { class: 'placeholder' }, 'Open a pair to see its two texts side by side.'));
  app.append(
    h(
      'header',
      { class: 'top' },
      h('h1', null, data.title),
      h(
        'p',
        { class: 'summary' },
        `${plural(s.documents, 'document')}${s.skipped ? ` (${s.skipped} skipped)` : ''} · ${plural(s.duplicatePairs, 'duplicate pair')} in ${plural(s.clusters, 'cluster')} (` +
          (['identical', 'near-duplicate', 'reworded'] as const).map((r) => `${s.pairs[r]} ${r}`).join(', ') +
          `) · ${plural(s.pairs.related, 'related pair')}${s.relatedReported < s.pairs.related ? ` (${s.relatedReported} listed)` : ''} · ${plural(s.reuse.clusters, 'reused passage')} in ${plural(s.reuse.occurrences, 'place')}`,
      ),
      common ? h('p', { class: 'dim common' }, 'Paths are shown from ', h('span', { class: 'path' }, shown(common)), ', the folder all the documents are in.') : null,
      legend(),
      h('div', { class: 'controls', role: 'search' }, h('label', { for: 'filter' }, 'Filter '), filter, ' ', filterCount, h('span', { id: 'filter-scope', class: 'dim scope' }, ' (paths, passages, divergences, and the text of duplicates)')),
      h('p', { class: 'keys' }, 'Keys: ', h('kbd', null, 'j'), ' / ', h('kbd', null, 'k'), ' next / previous pair, ', h('kbd', null, '/'), ' filter, ', h('kbd', null, 'Esc'), ' back to the list.'),
    ),
    h('div', { class: 'layout' }, lists, panel),
  );

  /** A list rendered a page at a time, with a button for the next page. */
  function paged<T>(items: T[], render: (x: T, i: number) => HTMLElement, container: HTMLElement, more: HTMLElement) {
    let count = 0;
    const next = (e?: Event) => {
      const end = Math.min(items.length, count + PAGE);
      const first = count;
      for (; count < end; count++) container.append(render(items[count], count));
      more.replaceChildren();
      if (count < items.length) more.append(h('button', { type: 'button', class: 'more', onclick: next }, `Show ${Math.min(PAGE, items.length - count)} more of ${items.length - count}`));
      // the button is gone: the keyboard goes on from the first item shown, not from the top of the page
      if (e) focusIn(container.children[first] as HTMLElement | undefined);
    };
    next();
  }

  /** Focus an element just shown: its first button, else the element itself. */
  function focusIn(el: HTMLElement | undefined) {
    if (!el) return;
    const target = el.querySelector<HTMLElement>('button') ?? el;
    if (target === el && !el.hasAttribute('tabindex')) el.tabIndex = -1;
    target.focus();
  }

  const pairButton = (i: number, ...label: Child[]) =>
    h('button', { type: 'button', class: `open rel-${R.pairs[i].relation}`, 'data-pair': i, 'aria-controls': 'pair', onclick: () => openPair(i, true) }, ...label);

  const clusterOf = new Map<string, number>();
  R.clusters.forEach((c, i) => c.documents.forEach((id) => clusterOf.set(id, i)));
  const clusterPairs = R.clusters.map((c, i) => ({ c, i, pairs: [] as Array<{ p: ReportPair; i: number }> }));
  R.pairs.slice(0, s.duplicatePairs).forEach((p, i) => clusterPairs[clusterOf.get(p.a)!]?.pairs.push({ p, i }));

  /** The documents that carry a passage: the first few, and a button for the rest (a quote can be in thousands). */
  function carrierList(ids: string[]) {
    const ul = h('ul', { class: 'carriers' });
    const item = (id: string) => h('li', { class: 'path' }, nameOf(id));
    ul.append(...ids.slice(0, CARRIERS).map(item));
    if (ids.length > CARRIERS) {
      const rest = h(
        'li',
        null,
        h(
          'button',
          {
            type: 'button',
            class: 'more',
            onclick: () => {
              const items = ids.slice(CARRIERS).map(item);
              rest.replaceWith(...items);
              focusIn(items[0]);
            },
          },
          `Show the other ${ids.length - CARRIERS}`,
        ),
      );
      ul.append(rest);
    }
    return ul;
  }

  function renderLists() {
    docMatches.clear();
    lists.replaceChildren();
    // clusters, each with its duplicate pairs
    const clusters = clusterPairs.filter(({ c, pairs }) => !query || c.documents.some(matchDoc) || pairs.some(({ p }) => matchPair(p)));
    const cl = h('ol', { class: 'clusters' });
    const clMore = h('div');
    lists.append(h('section', { id: 'clusters', 'aria-labelledby': 'h-clusters' }, h('h2', { id: 'h-clusters' }, `Duplicate clusters (${clusters.length}${query ? ` of ${R.clusters.length}` : ''})`), clusters.length ? cl : h('p', null, query ? 'No cluster matches the filter.' : 'No duplicates found.'), clMore));
    paged(
      clusters,
      ({ c, i, pairs }) =>
        h(
          'li',
          { class: 'cluster' },
          h('h3', null, `Cluster ${i + 1} `, h('span', { class: 'dim' }, `(${plural(c.documents.length, 'document')})`)),
          h(
            'table',
            { class: 'docs' },
            h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Document'), h('th', { scope: 'col' }, 'Words'), h('th', { scope: 'col' }, 'Language'))),
            h('tbody', null, ...c.documents.map((id) => h('tr', null, h('td', { class: 'path' }, nameOf(id)), h('td', { class: 'num' }, String(docs.get(id)?.words ?? '')), h('td', null, docs.get(id)?.lang ?? '')))),
          ),
          h(
            'ul',
            { class: 'pairs' },
            ...pairs.map(({ p, i: k }) =>
              h('li', null, pairButton(k, pathOf(p.a), h('br'), `↔ ${pathOf(p.b)}`), ' ', h('span', { class: `badge rel-${p.relation}` }, p.relation), p.derived?.id ? h('span', { class: 'dim' }, ` derived: ${pathOf(p.derived.id)}`) : null),
            ),
          ),
        ),
      cl,
      clMore,
    );
    // related pairs
    const related = R.pairs.map((p, i) => ({ p, i })).slice(s.duplicatePairs).filter(({ p }) => matchPair(p));
    if (R.pairs.length > s.duplicatePairs) {
      const body = h('tbody');
      const more = h('div');
      lists.append(
        h(
          'section',
          { id: 'related', 'aria-labelledby': 'h-related' },
          h('h2', { id: 'h-related' }, `Related pairs (${related.length}${query ? ` of ${R.pairs.length - s.duplicatePairs}` : ''}${s.relatedReported < s.pairs.related ? `; ${s.pairs.related} in all` : ''})`),
          h('p', { class: 'dim' }, 'Different articles that share passages (quotes, wire paragraphs).'),
          h('table', { class: 'related' }, h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Pair'), h('th', { scope: 'col', title: 'shared passages' }, 'Passages'), h('th', { scope: 'col', title: 'words in shared passages' }, 'Words'), h('th', { scope: 'col', title: 'content overlap' }, 'Content'))), body),
          more,
        ),
      );
      paged(
        related,
        ({ p, i }) =>
          h(
            'tr',
            null,
            h('td', null, pairButton(i, pathOf(p.a), h('br'), `~ ${pathOf(p.b)}`)),
            h('td', { class: 'num' }, String(p.passages.length)),
            h('td', { class: 'num' }, String(p.passages.reduce((n, x) => n + x.words, 0))),
            h('td', { class: 'num' }, pct(p.scores.content)),
          ),
        body,
        more,
      );
    }
    // reuse
    const reuse = R.reuse.filter(matchReuse);
    if (R.reuse.length) {
      const ol = h('ol', { class: 'reuse' });
      const more = h('div');
      lists.append(
        h(
          'section',
          { id: 'reuse', 'aria-labelledby': 'h-reuse' },
          h('h2', { id: 'h-reuse' }, `Reused passages (${reuse.length}${query ? ` of ${R.reuse.length}` : ''})`),
          h('p', { class: 'dim' }, `Quotes and wire paragraphs, the most widely reused first; passages in more than ${s.reuse.boilerplateDocs} documents are boilerplate.`),
          ol,
          more,
        ),
      );
      paged(
        reuse,
        (r) => {
          const carriers = [...new Set(r.occurrences.map((o) => o.document))];
          return h(
            'li',
            { id: `reuse-${r.id}`, class: 'passage', value: r.id },
            h('blockquote', { dir: 'auto', ...langOf(r.occurrences[0]?.document ?? '') }, r.text),
            h('p', { class: 'dim' }, `${r.words} words, in ${plural(r.documents, 'document')}${r.source ? `; earliest: ${pathOf(r.source)}` : ''}`),
            carrierList(carriers),
          );
        },
        ol,
        more,
      );
    }
    if (R.skipped.length) {
      lists.append(h('section', { id: 'skipped', 'aria-labelledby': 'h-skipped' }, h('h2', { id: 'h-skipped' }, `Skipped (${R.skipped.length})`), h('ul', null, ...R.skipped.map((x) => h('li', null, h('span', { class: 'path' }, shown(x.path)), `: ${x.reason}`)))));
    }
    lists.dataset.query = filter.value.trim().toLowerCase();
    filterCount.textContent = query ? `${clusters.length} clusters, ${related.length} related pairs, ${reuse.length} reused passages match` : '';
  }

  /** Whether the page is one column (a narrow screen, print): the list and the pair do not scroll apart. */
  const oneColumn = () => getComputedStyle(panel).overflowY === 'visible';

  // ---- one pair ----------------------------------------------------------------------------
  let current = -1;
  /** The open pair in the address, to link or reload; not a new history entry for each pair. */
  const setHash = (hash: string) => {
    try {
      history.replaceState(null, '', hash || location.pathname + location.search);
    } catch {
      // a browser that refuses it for a file:// page: the page works without it
    }
  };
  /** Open pair i; `focus` moves the keyboard to it; on a narrow screen (one column) the page scrolls to its heading when focused or `reveal`. */
  function openPair(i: number, focus: boolean, reveal = focus) {
    const p = R.pairs[i];
    if (!p) return;
    current = i;
    app.classList.add('pair-open');
    for (const b of document.querySelectorAll('button.open[aria-current]')) b.removeAttribute('aria-current');
    for (const b of document.querySelectorAll(`button.open[data-pair="${i}"]`)) b.setAttribute('aria-current', 'true');
    if (location.hash !== `#pair=${i}`) setHash(`#pair=${i}`);
    const sc = p.scores;
    const score = (name: string, v: string) => [h('dt', { title: SCORE_HELP[name.replace(/ a \/ b$/, '')] ?? '' }, name), h('dd', null, v)];
    const units = views.get(i);
    const parts: Child[] = [
      h(
        'div',
        { class: 'paths', 'aria-label': 'The two documents' },
        h('h2', null, h('span', { class: `badge rel-${p.relation}` }, p.relation), ' ', `pair ${i + 1} of ${R.pairs.length}`),
        h('p', { class: 'side-a' }, h('b', null, 'a '), h('span', { class: 'path', title: nameOf(p.a) }, nameOf(p.a))),
        h('p', { class: 'side-b' }, h('b', null, 'b '), h('span', { class: 'path', title: nameOf(p.b) }, nameOf(p.b))),
        h('button', { type: 'button', class: 'close', onclick: closePair }, 'Back to the list'),
      ),
      h('p', null, EXPLAIN[p.relation] ?? ''),
      h(
        'dl',
        { class: 'scores' },
        ...score('shingle Jaccard', sc.jaccard.toFixed(2)),
        ...score('containment a / b', `${pct(sc.containment.a)} / ${pct(sc.containment.b)}`),
        ...score('content overlap', sc.content.toFixed(2)),
        ...(sc.aligned ? score('aligned a / b', `${pct(sc.aligned.a)} / ${pct(sc.aligned.b)}`) : []),
        ...(sc.matched ? score('matched a / b', `${pct(sc.matched.a)} / ${pct(sc.matched.b)}`) : []),
        ...(p.alignment ? score('units', unitWords(p.alignment.units)) : []),
      ),
      divergenceSection(p, i),
      derivedSection(p, i),
      passageSection(p),
      units ? alignmentSection(p, units) : p.relation === 'identical' ? h('p', { class: 'dim' }, 'The texts are identical after normalisation: nothing to align.') : null,
    ];
    panel.replaceChildren(...parts.filter((x): x is Node => !!x));
    panel.scrollTop = 0;
    // the alignment's column heads stick below the pair's heading, whatever its height
    const head = panel.querySelector<HTMLElement>('.paths');
    if (head) panel.style.setProperty('--paths-h', `${head.offsetHeight}px`);
    // focused without the browser's scroll: on a narrow screen (one column) that scrolled to the
    // middle of the side by side; the pair's heading comes into view instead
    if (focus) panel.focus({ preventScroll: true });
    if (reveal && oneColumn()) panel.scrollIntoView({ block: 'start' });
  }

  function closePair() {
    const back = document.querySelector<HTMLElement>(`button.open[data-pair="${current}"]`);
    current = -1;
    app.classList.remove('pair-open');
    setHash('');
    panel.replaceChildren(h('p', { class: 'placeholder' }, 'Open a pair to see its two texts side by side.'));
    back?.focus();
  }

  function derivedSection(p: ReportPair, i: number) {
    const d = p.derived;
    if (!d) return null;
    const has = views.has(i);
    const side = d.id === p.a ? 'a' : d.id === p.b ? 'b' : null;
    const ev = d.evidence.filter((e) => !d.id || e.id === d.id);
    return h(
      'section',
      { class: 'derived', 'aria-labelledby': 'h-derived' },
      h('h3', { id: 'h-derived' }, 'Derived copy'),
      d.id ? h('p', { class: 'verdict' }, h('strong', { class: `side-${side}` }, `${side}: ${nameOf(d.id)}`), ' is likely the derived copy (the machine translation).') : h('p', { class: 'verdict' }, 'Which copy is derived: undetermined.'),
      h('p', { class: 'dim' }, d.reason),
      ev.length
        ? h(
            'details',
            { class: 'evidence' },
            h('summary', null, `The ${plural(ev.length, 'artefact')} found${d.id ? ` in ${side}` : ''}`),
            h(
              'table',
              null,
              h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Artefact'), h('th', { scope: 'col' }, 'Text'), has ? h('th', { scope: 'col' }, 'Where') : null)),
              h(
                'tbody',
                null,
                ...ev.map((e, k) => {
                  const at = e.id === p.a ? 'a' : 'b';
                  return h(
                    'tr',
                    null,
                    h('td', null, e.kind),
                    h('td', { class: `side-${at}` }, flat(e.text)),
                    has ? h('td', null, h('button', { type: 'button', class: 'jump', 'aria-label': `go to artefact ${k + 1} (${e.kind}) in ${at}`, onclick: () => jumpTo(at === 'a' ? e.start : -1, at === 'b' ? e.start : -1) }, at)) : null,
                  );
                }),
              ),
            ),
          )
        : null,
    );
  }

  function divergenceSection(p: ReportPair, i: number) {
    if (!p.divergences.length) return null;
    const has = views.has(i);
    return h(
      'section',
      { class: 'divergences', 'aria-labelledby': 'h-div' },
      h('h3', { id: 'h-div' }, p.derived?.id === p.a ? 'Divergences (a, the derived copy → b, the original)' : p.derived?.id === p.b ? 'Divergences (a, the original → b, the derived copy)' : 'Divergences (a → b)'),
      p.divergences.length >= TOP ? h('p', { class: 'dim' }, `The ${TOP} most frequent; every changed word is marked in the side by side below.`) : null,
      h(
        'table',
        null,
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'a'), h('th', { scope: 'col' }, 'b'), h('th', { scope: 'col' }, 'Times'), h('th', { scope: 'col' }, 'Where'))),
        h(
          'tbody',
          null,
          ...p.divergences.map((d) =>
            h(
              'tr',
              null,
              h('td', { class: 'side-a', dir: 'auto', ...langOf(p.a) }, d.a ? h('mark', { class: 'a' }, d.a) : h('span', { class: 'dim' }, '(nothing)')),
              h('td', { class: 'side-b', dir: 'auto', ...langOf(p.b) }, d.b ? h('mark', { class: 'b' }, d.b) : h('span', { class: 'dim' }, '(nothing)')),
              h('td', { class: 'num' }, String(d.count)),
              h('td', null, ...(has ? d.locations.map((l, k) => h('button', { type: 'button', class: 'jump', 'aria-label': `go to place ${k + 1} of “${d.a}” → “${d.b}”`, onclick: () => jumpTo(l.a.start, l.b.start) }, String(k + 1))) : [])),
            ),
          ),
        ),
      ),
    );
  }

  function passageSection(p: ReportPair) {
    if (!p.passages.length || p.duplicate) return null;
    return h(
      'section',
      { class: 'shared', 'aria-labelledby': 'h-shared' },
      h('h3', { id: 'h-shared' }, `Shared passages (${p.passages.length})`),
      h(
        'ol',
        null,
        ...p.passages.map((x) => {
          const r = x.reuse !== undefined ? reuseById.get(x.reuse) : undefined;
          return h(
            'li',
            null,
            h('blockquote', { dir: 'auto' }, r ? r.text : (x.text ?? '')),
            h('p', { class: 'dim' }, `${x.words} words${r ? ` · reused passage ${r.id}, in ${plural(r.documents, 'document')}${x.words < r.words ? ` (${x.words} of its ${r.words} words)` : ''}` : ''}`),
          );
        }),
      ),
    );
  }

  let rowsOf: Array<HTMLTableRowElement | null> = [];
  let foldOf: number[] = [];
  let unitsShown: HtmlUnit[] = [];
  let expand: Array<() => void> = [];

  function sideCell(text: string | undefined, from: number, to: number, changed: number[], side: 'a' | 'b', lang: Record<string, string>) {
    // dir=auto: an Arabic or Hebrew sentence is laid out right to left, its full stop on its left
    const td = h('td', { class: `side-${side}`, dir: 'auto', ...lang });
    if (from < 0 || text === undefined) {
      td.classList.add('none');
      td.append(h('span', { class: 'dim' }, `(only in ${side === 'a' ? 'b' : 'a'})`));
      return td;
    }
    let at = from;
    for (let k = 0; k < changed.length; k += 2) {
      if (changed[k] > at) td.append(flat(text.slice(at, changed[k])));
      td.append(h('mark', { class: side }, flat(text.slice(changed[k], changed[k + 1]))));
      at = changed[k + 1];
    }
    if (to > at) td.append(flat(text.slice(at, to)));
    return td;
  }

  function alignmentSection(p: ReportPair, units: HtmlUnit[]) {
    const ta = data.texts[p.a];
    const tb = data.texts[p.b];
    const la = langOf(p.a);
    const lb = langOf(p.b);
    const body = h('tbody');
    unitsShown = units;
    rowsOf = new Array(units.length).fill(null);
    foldOf = new Array(units.length).fill(-1);
    expand = [];
    const row = (k: number) => {
      const [as, ae, bs, be, score, ca, cb] = units[k];
      const only = as < 0 ? 'b' : bs < 0 ? 'a' : null;
      const tr = h(
        'tr',
        { id: `unit-${k + 1}`, class: only ? `unaligned only-${only}` : ca.length || cb.length ? 'changed' : 'same', tabindex: -1 },
        h('th', { scope: 'row', class: 'unit' }, String(k + 1), h('span', { class: 'unit-kind' }, only ? (only === 'a' ? 'only a' : 'only b') : score.toFixed(2))),
        sideCell(ta, as, ae, ca, 'a', la),
        sideCell(tb, bs, be, cb, 'b', lb),
      ) as HTMLTableRowElement;
      if (only) tr.title = `unaligned: only in ${only} (a headline, a caption, boilerplate or a sentence dropped)`;
      rowsOf[k] = tr;
      return tr;
    };
    const same = (u: HtmlUnit) => u[0] >= 0 && u[2] >= 0 && !u[5].length && !u[6].length;
    for (let k = 0; k < units.length; ) {
      if (!same(units[k])) {
        body.append(row(k++));
        continue;
      }
      let end = k;
      while (end < units.length && same(units[end])) end++;
      // one identical unit alone is shown: a fold would take as much room
      if (end - k < 2) {
        body.append(row(k++));
        continue;
      }
      const from = k;
      const to = end;
      const g = expand.length;
      for (let t = from; t < to; t++) foldOf[t] = g;
      const fold = h('tr', { class: 'fold' });
      const open = (e?: Event) => {
        if (!fold.isConnected) return;
        const rows: HTMLElement[] = [];
        for (let t = from; t < to; t++) rows.push(row(t));
        fold.replaceWith(...rows);
        if (e) rows[0].focus();
      };
      expand.push(() => open());
      fold.append(
        h(
          'td',
          { colspan: 3 },
          h('span', { class: 'folded' }, `${plural(to - from, 'identical unit')} (${from + 1}–${to}) folded `),
          h('button', { type: 'button', class: 'unfold', onclick: open, 'aria-label': `Show the ${plural(to - from, 'identical unit')} ${from + 1}–${to}` }, 'Show'),
        ),
      );
      body.append(fold);
      k = end;
    }
    const counts = { only: 0, changed: 0, same: 0 };
    for (const u of units) counts[u[0] < 0 || u[2] < 0 ? 'only' : same(u) ? 'same' : 'changed']++;
    return h(
      'section',
      { class: 'alignment', 'aria-labelledby': 'h-align' },
      h('h3', { id: 'h-align' }, 'Side by side'),
      h(
        'p',
        { class: 'legend' },
        `${plural(units.length, 'unit')}: ${counts.changed} with changed words (`,
        h('mark', { class: 'a' }, 'a'),
        ' / ',
        h('mark', { class: 'b' }, 'b'),
        `), ${counts.only} unaligned (only on one side), ${counts.same} identical (folded).`,
      ),
      h(
        'table',
        { class: 'align' },
        h('thead', null, h('tr', null, h('th', { scope: 'col', class: 'unit' }, '#'), h('th', { scope: 'col', class: 'side-a', title: nameOf(p.a) }, `a: ${baseOf(p.a)}`), h('th', { scope: 'col', class: 'side-b', title: nameOf(p.b) }, `b: ${baseOf(p.b)}`))),
        body,
      ),
    );
  }

  /** Scroll to the unit holding a's offset (or b's), unfolding it, and mark it for a moment. */
  function jumpTo(a: number, b: number) {
    const k = unitsShown.findIndex((u) => (u[0] <= a && a < u[1]) || (u[2] <= b && b < u[3]));
    if (k < 0) return;
    if (!rowsOf[k] && foldOf[k] >= 0) expand[foldOf[k]]();
    const tr = rowsOf[k];
    if (!tr) return;
    for (const x of document.querySelectorAll('tr.flash')) x.classList.remove('flash');
    tr.classList.add('flash');
    tr.scrollIntoView({ block: 'center' });
    tr.focus({ preventScroll: true });
  }

  // ---- keyboard, filter, start ------------------------------------------------------------
  const visiblePairs = () => [...new Set([...document.querySelectorAll<HTMLElement>('#lists button.open')].map((b) => Number(b.dataset.pair)))];
  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement;
    if (e.key === 'Escape') {
      if (typing) (e.target as HTMLElement).blur();
      else if (current >= 0) closePair();
      return;
    }
    if (typing) return;
    if (e.key === '/') {
      e.preventDefault();
      filter.focus();
    } else if (e.key === 'j' || e.key === 'k') {
      const order = visiblePairs();
      if (!order.length) return;
      const at = order.indexOf(current);
      const next = at < 0 ? (e.key === 'j' ? 0 : order.length - 1) : Math.min(order.length - 1, Math.max(0, at + (e.key === 'j' ? 1 : -1)));
      // the list's button into view in the list's own pane; on one column that would scroll the page away from the pair
      if (!oneColumn()) document.querySelector(`#lists button.open[data-pair="${order[next]}"]`)?.scrollIntoView({ block: 'nearest' });
      openPair(order[next], true);
    }
  });
  let timer = 0;
  filter.addEventListener('input', () => {
    clearTimeout(timer);
    timer = window.setTimeout(() => {
      // quotes around a pasted phrase are not part of it
      query = fold(filter.value).trim().replace(/^["']+|["']+$/g, '').trim();
      renderLists();
    }, 120);
  });
  renderLists();
  const fromHash = () => /^#pair=(\d+)$/.exec(location.hash);
  window.addEventListener('hashchange', () => {
    const m = fromHash();
    if (m && Number(m[1]) !== current) openPair(Number(m[1]), true);
  });
  const m = fromHash();
  // a link to a pair (#pair=5) shows it, on a narrow screen too
  if (m) openPair(Number(m[1]), false, true);
  else if (R.pairs.length === 1) openPair(0, false);
}
