import { describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { readInputs, listFiles, UsageError } from '../src/read/index.js';
import { decode } from '../src/read/decode.js';
import { SEEDS, seed, tmpDir } from './helpers.js';

const opts = { extensions: ['txt', 'md'], ignore: [] as string[] };

function tree(files: Record<string, string | Buffer>): string {
  const dir = tmpDir();
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

describe('decode', () => {
  test('strips a UTF-8 BOM', () => {
    const d = decode(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Hello')]));
    expect(d).toEqual({ ok: true, text: 'Hello', encoding: 'utf-8' });
  });
  test('--encoding auto keeps UTF-8 as UTF-8 and never reads binary', () => {
    expect(decode(Buffer.from('It’s'), 'auto')).toEqual({ ok: true, text: 'It’s', encoding: 'utf-8' });
    expect(decode(Buffer.from([0x41, 0x00]), 'auto').ok).toBe(false);
    expect(decode(Buffer.from([0x49, 0x74, 0x92, 0x73])).ok).toBe(false);
  });
  test('refuses empty, binary and non-UTF-8 input with a reason', () => {
    expect(decode(Buffer.alloc(0))).toEqual({ ok: false, reason: 'empty file' });
    expect(decode(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))).toEqual({ ok: false, reason: 'binary file (contains NUL bytes)' });
    expect(decode(Buffer.from('caf\xe9 au lait', 'latin1'))).toEqual({ ok: false, reason: 'not valid UTF-8 (--encoding auto reads it as Windows-1252)' });
    expect(decode(Buffer.from('  \n\t\n'))).toEqual({ ok: false, reason: 'no text (only white space)' });
  });
});

describe('walking folders', () => {
  test('the seeds folder gives the five seeds in a stable order', async () => {
    const r = await readInputs([SEEDS], opts);
    expect(r.docs.map((d) => path.basename(d.path))).toEqual(fs.readdirSync(SEEDS).sort());
    expect(r.skipped).toEqual([]);
  });
  test('recursive, by extension, hidden files and ignore files honoured', async () => {
    const dir = tree({
      'a.txt': seed('000'),
      'sub/b.md': seed('002'),
      'sub/c.html': '<p>not read</p>',
      '.hidden/d.txt': seed('004'),
      'drafts/e.txt': seed('001'),
      'sub/deep/f.txt': seed('003'),
      'sub/deep/g.txt': 'ignored by the nested ignore file',
      '.gitignore': 'drafts/\n',
      'sub/deep/.dupecheckignore': 'g.txt\n',
    });
    const files = (await listFiles([dir], opts)).map((f) => path.relative(dir, f));
    expect(files).toEqual(['a.txt', path.join('sub', 'b.md'), path.join('sub', 'deep', 'f.txt')]);
    const withIgnore = (await listFiles([dir], { ...opts, ignore: ['sub/deep/'] })).map((f) => path.relative(dir, f));
    expect(withIgnore).toEqual(['a.txt', path.join('sub', 'b.md')]);
    const onlyMd = (await listFiles([dir], { ...opts, extensions: ['md'] })).map((f) => path.relative(dir, f));
    expect(onlyMd).toEqual([path.join('sub', 'b.md')]);
  });
  test('a file named explicitly is read whatever its extension, once', async () => {
    const dir = tree({ 'x.html': seed('000'), 'y.txt': seed('002') });
    const r = await readInputs([path.join(dir, 'x.html'), dir, path.join(dir, 'y.txt')], opts);
    expect(r.docs.map((d) => path.basename(d.path))).toEqual(['x.html', 'y.txt']);
  });
  test('empty, binary and undecodable files are skipped with their reasons, not dropped', async () => {
    const dir = tree({
      'ok.txt': seed('000'),
      'empty.txt': '',
      'binary.txt': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]),
      'latin1.txt': Buffer.from('caf\xe9', 'latin1'),
    });
    const r = await readInputs([dir], opts);
    expect(r.docs.map((d) => path.basename(d.path))).toEqual(['ok.txt']);
    expect(r.skipped.map((s) => [path.basename(s.path), s.reason])).toEqual([
      ['binary.txt', 'binary file (contains NUL bytes)'],
      ['empty.txt', 'empty file'],
      ['latin1.txt', 'not valid UTF-8 (--encoding auto reads it as Windows-1252)'],
    ]);
  });
  test('a path that does not exist is a usage error', async () => {
    await expect(readInputs(['/no/such/place'], opts)).rejects.toThrow(UsageError);
    await expect(readInputs(['/no/such/place'], opts)).rejects.toThrow('no such file or directory: /no/such/place');
  });
  test('"-" reads a list of paths from standard input', async () => {
    const dir = tree({ 'a.txt': seed('000'), 'b.txt': seed('002') });
    const list = `${path.join(dir, 'b.txt')}\n\n${path.join(dir, 'a.txt')}\n`;
    const r = await readInputs(['-'], { ...opts, stdin: async () => list });
    expect(r.docs.map((d) => path.basename(d.path))).toEqual(['b.txt', 'a.txt']);
  });
});
