/**
 * Articles as JSON Lines: one object per line, `{ "id": ..., "text": ..., "title"?, "url"?, "date"?,
 * "lang"?, "series"? or "source"? }` (other fields are ignored). `lang` is a language tag ("zh",
 * "zh-Hans", "ru"); without it the language is detected. An article's path is `<file>#<id>`
 * (`stdin#<id>` for standard input).
 * A line that is not such an object is a usage error naming the line; an article whose text is
 * empty or binary is skipped with its reason, as a file would be. A UTF-8 byte order mark is
 * stripped, as from a text file: at the start of the file, and at the start of any line (the
 * file's own, when files were joined with `cat`).
 */
import { decode } from '../read/decode.js';
import { InputError } from '../read/errors.js';
import type { InputDoc, Skipped } from '../read/index.js';
import type { DocMeta } from './store.js';
import { languageCode } from '../text/lang.js';

export interface Article extends InputDoc {
  meta: DocMeta;
}

export function parseJsonl(content: string, file: string): Array<Article | Skipped> {
  const out: Array<Article | Skipped> = [];
  const firstLine = new Map<string, number>();
  content.split('\n').forEach((bomLine, i) => {
    const n = i + 1;
    const line = bomLine.charCodeAt(0) === 0xfeff ? bomLine.slice(1) : bomLine;
    if (line.trim() === '') return;
    const bad = (why: string) => new InputError(`${file} line ${n}: ${why}`);
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      throw bad(`not valid JSON (${(e as Error).message})`);
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad('expected an object { "id", "text", ... }');
    const o = v as Record<string, unknown>;
    if ((typeof o.id !== 'string' && typeof o.id !== 'number') || String(o.id) === '') throw bad('"id" must be a non-empty string or a number');
    if (typeof o.text !== 'string') throw bad('"text" must be a string');
    const id = String(o.id);
    const seen = firstLine.get(id);
    if (seen !== undefined) throw bad(`duplicate id ${JSON.stringify(id)} (first on line ${seen})`);
    firstLine.set(id, n);
    const docPath = `${file}#${id}`;
    const raw = Buffer.from(o.text, 'utf8');
    const d = decode(raw, 'utf-8');
    if (!d.ok) {
      out.push({ path: docPath, reason: d.reason });
      return;
    }
    let lang: string | undefined;
    if (o.lang !== undefined && o.lang !== null) {
      const code = typeof o.lang === 'string' ? languageCode(o.lang) : null;
      if (!code) throw bad(`"lang" must be a language tag such as "zh" or "pt-BR" (got ${JSON.stringify(o.lang)})`);
      lang = code;
    }
    const meta: DocMeta = {};
    for (const k of ['title', 'url', 'date'] as const) {
      const x = o[k];
      if (typeof x === 'string' || typeof x === 'number') meta[k] = String(x);
    }
    // the outlet: `series` (passim's name), else `source`
    const series = [o.series, o.source].find((x) => (typeof x === 'string' && x !== '') || typeof x === 'number');
    out.push({ path: docPath, raw, text: d.text, meta, ...(lang ? { lang } : {}), ...(series !== undefined ? { series: String(series) } : {}), ...(meta.date ? { date: meta.date } : {}) });
  });
  return out;
}
