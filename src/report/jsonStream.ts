/** A top-level list: an array, or a lazy one (an iterable with a length) whose items are built as written. */
type List = Iterable<unknown> & { length: number };
const isList = (v: unknown): v is List => Array.isArray(v) || (typeof v === 'object' && v !== null && Symbol.iterator in v && typeof (v as List).length === 'number');

/**
 * JSON.stringify(value, null, 2), written in pieces: a report on thousands of documents can exceed
 * the longest string V8 allows (~512 MB), so the top-level lists are serialised item by item, and a
 * lazy list's items are built only as they are written. The bytes are exactly those of
 * JSON.stringify(value, null, 2) with the lists as arrays.
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
        yield `\n    ${indent(JSON.stringify(item, null, 2) ?? 'null', '    ')}${++i < v.length ? ',' : ''}`;
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
