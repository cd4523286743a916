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
import { hasUtf8Bom, textOf, textReason, type Encoding } from '../read/decode.js';
import { InputError } from '../read/errors.js';
import { noteArticleFile, type InputDoc, type Skipped } from '../read/index.js';
import type { DocMeta } from './store.js';
import { languageCode } from '../text/lang.js';

export interface Article extends InputDoc {
  meta: DocMeta;
}

const lenient = new TextDecoder('utf-8');

/**
 * A JSONL file's lines as text, each read as a text file is (read/decode.ts): a line's own UTF-8
 * byte order mark (files joined with `cat` each bring theirs) is dropped and makes it UTF-8
 * whatever --encoding says; a line that is valid UTF-8 is read as such (with --encoding
 * windows-1252 only a line that is not plain ASCII is read as Windows-1252, and noted); a line
 * that is not UTF-8 is decoded in its legacy encoding with --encoding auto, as Windows-1252 with
 * --encoding windows-1252, or else read leniently, only to name the article it holds, which is
 * then skipped ("not valid UTF-8"): never silently turned into U+FFFD.
 */
function jsonlLines(content: string | Uint8Array, encoding: Encoding): Array<{ text: string; invalid: boolean; legacy?: string }> {
  if (typeof content === 'string') return content.split('\n').map((text) => ({ text, invalid: false }));
  const out: Array<{ text: string; invalid: boolean; legacy?: string }> = [];
  // a BOM at the start says the whole file is UTF-8, one at a line's start that line (a file joined)
  const declared = hasUtf8Bom(content);
  for (let from = 0; from <= content.length; ) {
    let to = content.indexOf(0x0a, from);
    if (to < 0) to = content.length;
    const line = content.subarray(from, to);
    const t = textOf(line, encoding, declared);
    if (!t) out.push({ text: lenient.decode(line), invalid: true });
    else out.push({ text: t.text, invalid: false, ...(t.noted ? { legacy: t.used } : {}) });
    from = to + 1;
  }
  return out;
}

export function parseJsonl(content: string | Uint8Array, file: string, encoding: Encoding = 'utf-8'): Array<Article | Skipped> {
  noteArticleFile(file);
  const out: Array<Article | Skipped> = [];
  const firstLine = new Map<string, number>();
  jsonlLines(content, encoding).forEach(({ text: bomLine, invalid, legacy }, i) => {
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
    if (invalid) {
      out.push({ path: docPath, reason: `line ${n} is not valid UTF-8 (--encoding auto detects its legacy encoding)` });
      return;
    }
    // an article's text, not a file: its reasons are said of a text
    const why = textReason(o.text);
    if (why) {
      out.push({ path: docPath, reason: why });
      return;
    }
    const raw = Buffer.from(o.text, 'utf8');
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
    out.push({ path: docPath, raw, text: o.text.replace(/^\uFEFF/, ''), meta, ...(legacy ? { encoding: legacy } : {}), ...(lang ? { lang } : {}), ...(series !== undefined ? { series: String(series) } : {}), ...(meta.date ? { date: meta.date } : {}) });
  });
  return out;
}
