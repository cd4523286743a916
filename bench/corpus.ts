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
import { mulberry32 } from './lib.js';

export const EDIT_RATES = [0.02, 0.05, 0.1, 0.15] as const;

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
  const toText = (sents: string[]) => {
    const paras: string[] = [];
    for (let i = 0; i < sents.length; i += 4) paras.push(sents.slice(i, i + 4).join(' '));
    return paras.join('\n\n') + '\n';
  };
  const edit = (sents: string[], rate: number) => {
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
  };
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
