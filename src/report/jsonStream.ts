/** A top-level list: an array, or a lazy one (an iterable with a length) whose items are built as written. */
type List = Iterable<unknown> & { length: number };
const isList = (v: unknown): v is List => Array.isArray(v) || (typeof v === 'object' && v !== null && Symbol.iterator in v && typeof (v as List).length === 'number');

/**
 * A JSON object written in pieces: a report on tens of thousands of documents can exceed the
 * longest string V8 allows (~512 MB), so the top-level lists are serialised item by item, and a
 * lazy list's items are built only as they are written. The object is indented as
 * JSON.stringify(value, null, 2) indents it, except that each item of a top-level list is one
 * line (a related pair pretty-printed is 60 lines and 560 bytes, on one line 350: a report of
 * 50,000 documents is 40% smaller, and a list can be read a line per item with grep or head).
 */
export function* jsonChunks(value: Record<string, unknown>): Generator<string> {
  const keys = Object.keys(value).filter((k) => value[k] !== undefined);
  yield '{';
  for (let k = 0; k < keys.length; k++) {
    const v = value[keys[k]];
    const sep = k < keys.length - 1 ? ',' : '';
    const head = `\n  ${JSON.stringify(keys[k])}: `;
    if (isList(v)) {
      if (v.length === 0) {
        yield `${head}[]${sep}`;
        continue;
      }
      yield `${head}[`;
      let i = 0;
      for (const item of v) {
        yield `\n    ${JSON.stringify(item) ?? 'null'}${++i < v.length ? ',' : ''}`;
      }
      yield `\n  ]${sep}`;
    } else {
      yield `${head}${indent(JSON.stringify(v, null, 2), '  ')}${sep}`;
    }
  }
  yield keys.length ? '\n}' : '}';
}

function indent(s: string, pad: string): string {
  return s.replace(/\n/g, `\n${pad}`);
}

/** Write a JSON document (plus a newline) in pieces of about 1 MB. */
export function writeJson(value: Record<string, unknown>, write: (s: string) => void): void {
  let buf = '';
  for (const c of jsonChunks(value)) {
    buf += c;
    if (buf.length > 1 << 20) {
      write(buf);
      buf = '';
    }
  }
  write(buf + '\n');
}
