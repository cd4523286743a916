/**
 * JSON.stringify(value, null, 2), written in pieces: a report on thousands of documents can exceed
 * the longest string V8 allows (~512 MB), so the top-level arrays are serialised element by
 * element. The bytes are exactly those of JSON.stringify(value, null, 2).
 */
export function* jsonChunks(value: Record<string, unknown>): Generator<string> {
  const keys = Object.keys(value).filter((k) => value[k] !== undefined);
  yield '{';
  for (let k = 0; k < keys.length; k++) {
    const v = value[keys[k]];
    const sep = k < keys.length - 1 ? ',' : '';
    const head = `\n  ${JSON.stringify(keys[k])}: `;
    if (Array.isArray(v) && v.length > 0) {
      yield `${head}[`;
      for (let i = 0; i < v.length; i++) {
        yield `\n    ${indent(JSON.stringify(v[i], null, 2) ?? 'null', '    ')}${i < v.length - 1 ? ',' : ''}`;
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
