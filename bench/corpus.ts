/**
 * A deterministic benchmark corpus from real English text available offline (/usr/share/doc):
 * documents of 20-35 sentences, each sentence a real one with 60% of its words of three
 * or more characters (names, e-mail addresses and numbers too) replaced by words drawn from the same text (so that sentences, reused from a pool
 * of about 244,000 sentences and changelog lines, do not repeat across documents), and
 * about 10% of documents with a planted near-copy at a known edit rate (words substituted,
 * inserted or deleted, and one or two sentences dropped). Returns the ground truth.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { mulberry32 } from './lib.js';

export const EDIT_RATES = [0.02, 0.05, 0.1, 0.15] as const;

/** English function words (natural's list): the news corpus keeps them as text keeps them. */
const FUNCTION_WORDS: ReadonlySet<string> = new Set(
  (createRequire(import.meta.url)('natural/lib/natural/util/stopwords.js') as { words: string[] }).words,
);

export interface Planted {
  original: string;
  copy: string;
  rate: number;
}

export interface Corpus {
  dir: string;
  files: string[];
  bytes: number;
  planted: Planted[];
}

let pool: { sentences: string[]; words: string[] } | null = null;

/** Unique prose-like sentences (6-40 words) and the word stream of /usr/share/doc. */
export function sentencePool(root = '/usr/share/doc'): { sentences: string[]; words: string[] } {
  if (pool) return pool;
  const files: string[] = [];
  (function walk(d: string) {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) files.push(p);
    }
  })(root);
  const seen = new Set<string>();
  const words: string[] = [];
  for (const f of files.sort()) {
    let buf: Buffer;
    try {
      buf = fs.readFileSync(f);
      if (f.endsWith('.gz')) buf = zlib.gunzipSync(buf);
    } catch {
      continue;
    }
    if (buf.includes(0)) continue;
    // sentences, and lines (changelog entries, list items) as sentences of their own
    for (const line of buf.toString('utf8').split(/\n\s*\n|\n(?=\s*[-*+\d])/)) {
      const text = line.replace(/^[\s*+-]+/, '').replace(/\s+/g, ' ').trim();
      for (const s of text.split(/(?<=[.!?])\s+(?=[A-Z])/)) {
        const n = s.split(' ').length;
        if (n < 6 || n > 40 || (s.match(/[a-z]/g) ?? []).length < s.length * 0.6 || seen.has(s)) continue;
        // prose only: no URLs, e-mail addresses, markup or code (one "word" there is many tokens)
        if (/[<>/=@{}\\_|#]|https?:|www\./.test(s)) continue;
        seen.add(s);
        for (const w of s.split(' ')) if (/^[a-z]{4,}$/.test(w)) words.push(w);
      }
    }
  }
  if (seen.size < 1000) throw new Error(`too little text under ${root} (${seen.size} sentences)`);
  pool = { sentences: [...seen], words };
  return pool;
}

export function generateCorpus(dir: string, n: number, seed = 42): Corpus {
  const { sentences, words } = sentencePool();
  const rand = mulberry32(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const sentence = () =>
    pick(sentences)
      .split(' ')
      .map((w) => {
        if (w.length < 3 || rand() >= 0.6) return w;
        const r = pick(words);
        return /^[A-Z]/.test(w) ? r[0].toUpperCase() + r.slice(1) : r;
      })
      .join(' ');
  const edit = editor(rand, words);
  fs.mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  const planted: Planted[] = [];
  const docs: string[][] = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    let sents: string[];
    const plant = i > 10 && rand() < 0.1;
    let rate = 0;
    let original = -1;
    if (plant) {
      original = Math.floor(rand() * i);
      rate = EDIT_RATES[planted.length % EDIT_RATES.length];
      sents = edit(docs[original], rate);
    } else {
      const k = 20 + Math.floor(rand() * 16);
      sents = Array.from({ length: k }, sentence);
    }
    docs.push(sents);
    const sub = path.join(dir, String(Math.floor(i / 1000)).padStart(3, '0'));
    if (i % 1000 === 0) fs.mkdirSync(sub, { recursive: true });
    const file = path.join(sub, `${String(i).padStart(6, '0')}.txt`);
    const text = toText(sents);
    fs.writeFileSync(file, text);
    bytes += Buffer.byteLength(text);
    files.push(file);
    if (plant) planted.push({ original: files[original], copy: file, rate });
  }
  // planted pairs whose original is itself a copy stay separate pairs; duplicates of duplicates are fine
  return { dir, files, bytes, planted };
}

/**
 * The news-like corpus: what real batches have and the unique corpus above cannot (issue 11).
 *  - outlets: 25 folders (the series, `--series folder`), each 1-10% of the documents, each with
 *    one or two lines of site furniture (a real sentence of 6-12 words, verbatim) at the end of 80%
 *    of its pages;
 *  - wire copy: each article carries one block of 2-5 consecutive sentences from a wire pool sized
 *    so that a wire sentence is in about 4 documents on average, with a skewed popularity (some
 *    blocks are in tens of documents);
 *  - quotes: 10 sentences, each in 50-500 documents (at most a quarter of the batch);
 *  - short pages: 15% of the articles have 5-9 sentences of their own, the others 18-32;
 *  - own sentences are real ones with 60% of their longer words swapped (function words kept), so
 *    that they recur only where the model says;
 *  - 10% planted near-copies, as in the unique corpus (edits of the body, republished by another
 *    outlet with that outlet's furniture).
 * Wire blocks stay below a quarter of an article and furniture is short, so that two articles are
 * never textual copies by accident: the planted copies are the only duplicates.
 */
export function generateNewsCorpus(dir: string, n: number, seed = 7): Corpus {
  const { sentences, words } = sentencePool();
  const rand = mulberry32(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  // function words stay, as in any English text (the unique corpus swaps them too, so that its
  // texts are not plainly English and each goes through language detection)
  const mutate = (s: string, r: () => number) =>
    s
      .split(' ')
      .map((w) => {
        if (w.length < 3 || FUNCTION_WORDS.has(w.toLowerCase()) || r() >= 0.6) return w;
        const x = words[Math.floor(r() * words.length)];
        return /^[A-Z]/.test(w) ? x[0].toUpperCase() + x.slice(1) : x;
      })
      .join(' ');
  // sentence i of a pool, mutated by a generator of its own: the same i is the same text
  const pooled = (kind: number, i: number) => {
    const r = mulberry32((seed * 7919 + kind * 104729 + i * 31) >>> 0);
    return mutate(sentences[Math.floor(r() * sentences.length)], r);
  };
  const OUTLETS = 25;
  const shares = Array.from({ length: OUTLETS }, () => 1 + 9 * rand());
  const total = shares.reduce((s, x) => s + x, 0);
  const cumulative: number[] = [];
  shares.reduce((s, x, i) => (cumulative[i] = s + x / total), 0);
  const outletOf = () => {
    const u = rand();
    const i = cumulative.findIndex((c) => u < c);
    return i < 0 ? OUTLETS - 1 : i;
  };
  // furniture is short, as a site's "Sign up for our newsletter" is: a line of 6-12 words
  const lines = sentences.filter((s) => s.split(' ').length <= 12);
  const furniture = Array.from({ length: OUTLETS }, () => Array.from({ length: 1 + Math.floor(rand() * 2) }, () => pick(lines)));
  const quotes = Array.from({ length: 10 }, () => pick(sentences.filter((s) => s.split(' ').length >= 12)));
  const quoteDocs = quotes.map((_, j) => Math.min(Math.floor(n / 4), Math.round(50 * 10 ** (j / 9))));
  // each article takes 2-5 wire sentences (3.5 on average): a pool of n * 3.5 / 4 sentences
  const wireSize = Math.max(20, Math.round((n * 3.5) / 4));
  // popularity: start of the block drawn as pool * u^2 (the first blocks are much more popular)
  const wireBlock = () => {
    const len = 2 + Math.floor(rand() * 4);
    const start = Math.floor(wireSize * rand() ** 2);
    return Array.from({ length: len }, (_, t) => pooled(1, (start + t) % wireSize));
  };
  const body = () => {
    const short = rand() < 0.15;
    const k = short ? 5 + Math.floor(rand() * 5) : 18 + Math.floor(rand() * 15);
    const own = Array.from({ length: k }, () => mutate(pick(sentences), rand));
    if (!short) own.splice(1 + Math.floor(rand() * (own.length - 1)), 0, ...wireBlock());
    return own;
  };
  // which documents carry which quote: chosen up front so that each quote is in exactly its count
  const quoteAt = new Map<number, number[]>();
  quotes.forEach((_, j) => {
    for (const i of shuffledIndices(n, rand).slice(0, quoteDocs[j])) quoteAt.set(i, [...(quoteAt.get(i) ?? []), j]);
  });
  const edit = editor(rand, words);
  fs.mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  const planted: Planted[] = [];
  const bodies: string[][] = [];
  const counts = new Array<number>(OUTLETS).fill(0);
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const outlet = outletOf();
    const plant = i > 10 && rand() < 0.1;
    let rate = 0;
    let original = -1;
    let sents: string[];
    if (plant) {
      original = Math.floor(rand() * i);
      rate = EDIT_RATES[planted.length % EDIT_RATES.length];
      sents = edit(bodies[original], rate);
    } else {
      sents = body();
      for (const j of quoteAt.get(i) ?? []) sents.splice(Math.floor(rand() * (sents.length + 1)), 0, quotes[j]);
    }
    bodies.push(sents);
    const page = rand() < 0.8 ? [...sents, ...furniture[outlet]] : sents;
    const sub = path.join(dir, `outlet-${String(outlet).padStart(2, '0')}`);
    if (counts[outlet]++ === 0) fs.mkdirSync(sub, { recursive: true });
    const file = path.join(sub, `${String(i).padStart(6, '0')}.txt`);
    const text = toText(page);
    fs.writeFileSync(file, text);
    bytes += Buffer.byteLength(text);
    files.push(file);
    if (plant) planted.push({ original: files[original], copy: file, rate });
  }
  return { dir, files, bytes, planted };
}

/** Paragraphs of four sentences. */
function toText(sents: string[]): string {
  const paras: string[] = [];
  for (let i = 0; i < sents.length; i += 4) paras.push(sents.slice(i, i + 4).join(' '));
  return paras.join('\n\n') + '\n';
}

/** Planted edits: one or two sentences dropped, then words substituted, inserted or deleted at `rate`. */
function editor(rand: () => number, words: readonly string[]): (sents: string[], rate: number) => string[] {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  return (sents, rate) => {
    const kept = [...sents];
    const drop = 1 + Math.floor(rand() * 2);
    for (let d = 0; d < drop && kept.length > 5; d++) kept.splice(Math.floor(rand() * kept.length), 1);
    return kept.map((s) => {
      const out: string[] = [];
      for (const w of s.split(' ')) {
        if (rand() >= rate) {
          out.push(w);
          continue;
        }
        const op = rand();
        if (op < 1 / 3) out.push(pick(words));
        else if (op < 2 / 3) out.push(w, pick(words));
        // else: deleted
      }
      return out.join(' ');
    });
  }
}

function shuffledIndices(n: number, rand: () => number): number[] {
  const a = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}
