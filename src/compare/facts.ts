/**
 * Facts: the names and numbers of a text (term keys of kind name or number, text/document.ts).
 * A rewording or a translation keeps them: on every pair `npm run eval` reads as one article
 * (22,674 aligned copies), a text with 3 facts or more shares at least a fifth of them with the
 * other. Stories written from one template do not: 1,000 match reports of one pattern ("<team>
 * beat <team> 2-1 on <day> at <ground>. <player> opened the scoring in the 43rd minute ...")
 * align sentence by sentence on the template's words and were 191,427 `reworded` pairs in one
 * cluster, while each names its own teams, players and minutes.
 *
 * The template's own facts ("United", "City", "Stadium", the small numbers every score has) are
 * in most of its stories: as boilerplate passages are, facts found in more documents of the batch
 * than a limit (templateLimit) are the batch's template (templateFacts) and are not a text's own.
 * Many copies of one story are not mistaken for a template: their facts are shared by all of them,
 * so they become template facts too, and what is left of each copy is fewer than MIN_FACTS names.
 *
 * Names alone fall short where a template's names come from small pools (towns, common first
 * names): two earnings stories share a town or a "Michael" by chance. Their figures they do not
 * share (net income, cents a share, revenue): texts that keep under a third of each other's own
 * numbers, and under half of each other's own names, are not one article either. The rule judges
 * aligned copies only: verbatim near-duplicates by shingles include updates of one story whose
 * figures all changed (a casualty count, in Chinese, where there are no names). Where it falls
 * short is measured in docs/how-it-works.md, "Stories of one template".
 */
import { TERM_NAME, TERM_NUMBER } from '../text/document.js';
import { lowerBound, sortedUnique } from '../signatures/hash.js';
import { intersectionSize } from './sets.js';

/** A text needs this many names of its own (not the batch's template) before disagreeing names say anything. */
export const MIN_FACTS = 3;
/** Two texts of one article share at least this share of the own names of the one with fewer. */
export const MIN_SHARED_FACTS = 0.2;
/**
 * Two reports of one event share most of their facts, template facts included (the event's names,
 * places and dates, which the batch's coverage of it makes template facts), and differ only in
 * the few of their own (a byline, a headline); stories of one template share its few facts alone.
 */
export const ALL_SHARED = 0.5;
/**
 * Two texts of one article share at least this share of the own numbers of the one with fewer
 * (figures, sizes, prices outside the template): on `npm run eval`, half of the aligned copies
 * with 3 own numbers or more share all of them and 99% at least a quarter; one translation of
 * three figures keeps one (WMT22 en-zh doc 69), which a third, strictly, keeps a copy.
 */
export const MIN_SHARED_NUMBERS = 1 / 3;
/** Unless they keep at least this share of each other's own names: one story, its figures updated. */
export const NAMES_KEPT = 0.5;

/**
 * In a small batch a template's facts are in fewer documents than the boilerplate limit (50): a
 * fact found in more than a tenth of the batch (and more than 3 documents) is a template fact
 * there. 30 earnings stories of one template: 419 `reworded` pairs in one cluster of 30 under the
 * boilerplate limit alone, 27 with it; `npm run eval` unchanged.
 */
export const SMALL_BATCH_SHARE = 0.1;
export const MIN_TEMPLATE_DOCS = 3;

/** More documents than this make a fact a template fact: the boilerplate limit, or less in a small batch. */
export function templateLimit(boilerplateLimit: number, documents: number): number {
  return Math.min(boilerplateLimit, Math.max(MIN_TEMPLATE_DOCS, Math.ceil(SMALL_BATCH_SHARE * documents)));
}

const isFact = (key: number) => {
  const kind = key & 3;
  return kind === TERM_NAME || kind === TERM_NUMBER;
};

/** The distinct facts of a word stream's term keys, ascending. */
export function factsOf(terms: Uint32Array): Uint32Array {
  let n = 0;
  for (let t = 0; t < terms.length; t++) if (isFact(terms[t])) n++;
  const out = new Uint32Array(n);
  n = 0;
  for (let t = 0; t < terms.length; t++) if (isFact(terms[t])) out[n++] = terms[t];
  return sortedUnique(out);
}

/** Is `key` in the ascending array? */
const has = (sorted: Uint32Array, key: number) => sorted[lowerBound(sorted, key)] === key;

/**
 * The facts found in more than `limit` of the documents (each given by its term keys), ascending:
 * the batch's template. Empty when no document set is large enough to have one.
 */
export function templateFacts(docs: readonly { terms: Uint32Array }[], limit: number): Uint32Array {
  if (docs.length <= limit) return new Uint32Array(0);
  // counts in an open-addressing table (a slot is empty while its count is 0), each with the last
  // document that counted it (+ 1), so that a fact is counted once a document: a Map of counts over
  // sets took 230-330 ms at 50,000 documents, this about 60 ms
  let keys = new Uint32Array(1 << 16);
  let counts = new Int32Array(keys.length);
  let last = new Int32Array(keys.length);
  let used = 0;
  const slotOf = (k: number, table: Uint32Array, filled: Int32Array) => {
    const mask = table.length - 1;
    let slot = Math.imul(k, 0x9e3779b1) >>> Math.clz32(mask);
    while (filled[slot] !== 0 && table[slot] !== k) slot = (slot + 1) & mask;
    return slot;
  };
  const grow = () => {
    const [k0, c0, l0] = [keys, counts, last];
    keys = new Uint32Array(2 * k0.length);
    counts = new Int32Array(keys.length);
    last = new Int32Array(keys.length);
    for (let i = 0; i < k0.length; i++) {
      if (c0[i] === 0) continue;
      const slot = slotOf(k0[i], keys, counts);
      keys[slot] = k0[i];
      counts[slot] = c0[i];
      last[slot] = l0[i];
    }
  };
  for (let d = 0; d < docs.length; d++) {
    const terms = docs[d].terms;
    for (let t = 0; t < terms.length; t++) {
      const k = terms[t];
      if (!isFact(k)) continue;
      let slot = slotOf(k, keys, counts);
      if (counts[slot] === 0) {
        if (2 * (used + 1) > keys.length) {
          grow();
          slot = slotOf(k, keys, counts);
        }
        keys[slot] = k;
        used++;
      }
      if (last[slot] !== d + 1) {
        last[slot] = d + 1;
        counts[slot]++;
      }
    }
  }
  const out: number[] = [];
  for (let i = 0; i < keys.length; i++) if (counts[i] > limit) out.push(keys[i]);
  return Uint32Array.from(out).sort();
}

/**
 * Do the two texts state different facts? Either each has MIN_FACTS numbers or more outside the
 * template, they share fewer than MIN_SHARED_NUMBERS of the smaller number of those and fewer
 * than NAMES_KEPT of their own names (if each has MIN_FACTS); or each has MIN_FACTS names or more
 * outside the template, they share fewer than MIN_SHARED_FACTS of the smaller number of those, and
 * fewer than ALL_SHARED of all their facts (names and numbers, template facts included). Then no
 * likeness of their wording makes them one article (docs/how-it-works.md, "Stories of one template").
 */
export function factsDisagree(x: { terms: Uint32Array }, y: { terms: Uint32Array }, template: Uint32Array = new Uint32Array(0)): boolean {
  const fx = factsOf(x.terms);
  const fy = factsOf(y.terms);
  // its own facts: names and numbers outside the template
  const names = ownShare(fx, fy, TERM_NAME, template);
  const numbers = ownShare(fx, fy, TERM_NUMBER, template);
  if (numbers.fewer >= MIN_FACTS && numbers.shared < MIN_SHARED_NUMBERS * numbers.fewer && (names.fewer < MIN_FACTS || names.shared < NAMES_KEPT * names.fewer)) return true;
  if (names.fewer < MIN_FACTS || names.shared >= MIN_SHARED_FACTS * names.fewer) return false;
  return intersectionSize(fx, fy) < ALL_SHARED * Math.min(fx.length, fy.length);
}

/** Of the facts of one kind outside the template: how many the text with fewer has, and how many the two share. */
function ownShare(fx: Uint32Array, fy: Uint32Array, kind: number, template: Uint32Array): { fewer: number; shared: number } {
  const own = (k: number) => (k & 3) === kind && !has(template, k);
  const a = fx.filter(own);
  const b = fy.filter(own);
  return { fewer: Math.min(a.length, b.length), shared: intersectionSize(a, b) };
}
