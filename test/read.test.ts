import { describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { readInputs, listFiles, UsageError } from '../src/read/index.js';
import { decode } from '../src/read/decode.js';
import { spawnSync } from 'node:child_process';
import { cli, SEEDS, seed, tmpDir } from './helpers.js';

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
  test('regression: a file of invisible characters only (zero-width spaces, soft hyphens) has no text (it became a document, identical to any other such file)', () => {
    expect(decode(Buffer.from('\u200B\u200B\n'))).toEqual({ ok: false, reason: 'no text (only white space and invisible characters)' });
    expect(decode(Buffer.from('\u00AD \u200D\uFEFF\u0640'))).toEqual({ ok: false, reason: 'no text (only white space and invisible characters)' });
    expect(decode(Buffer.from('a\u200B')).ok).toBe(true);
    // nor one of a variation selector, a Hangul filler, a blank Braille pattern or a lone accent (second re-review)
    for (const t of ['\uFE0F\uFE0F', '\u3164 \u3164', '\u2800\u2800', '\u0301']) expect(decode(Buffer.from(t))).toEqual({ ok: false, reason: 'no text (only white space and invisible characters)' });
  });
  test('--encoding auto reads Chinese in GBK and Russian in Windows-1251 as such (review: they were read as Windows-1252 mojibake), Western text as Windows-1252', () => {
    const zh = '市政府周二宣布，新的港口大桥将于明年春天通车。经过多年的延误，交通部为这个项目拨款七千五百万元。市长表示，这座桥将彻底改变城市的交通状况，居民们对此期待已久。';
    const ru = 'Власти города объявили во вторник, что новый мост через гавань откроется следующей весной. После многих лет задержек министерство транспорта выделило на проект семь миллионов долларов.';
    const gbk = Buffer.from('cad0d5feb8aed6dcb6fed0fbb2bca3acd0c2b5c4b8dbbfdab4f3c7c5bdabd3dac3f7c4eab4bacceccda8b3b5a1a3beadb9fdb6e0c4eab5c4d1d3cef3a3acbdbbcda8b2bfceaad5e2b8f6cfeec4bfb2a6bfeec6dfc7a7cee5b0d9cdf2d4aaa1a3cad0b3a4b1edcabea3acd5e2d7f9c7c5bdabb3b9b5d7b8c4b1e4b3c7cad0b5c4bdbbcda8d7b4bff6a3acbed3c3f1c3c7b6d4b4cbc6dab4fdd2d1bec3a1a3', 'hex');
    const cp1251 = Buffer.from('c2ebe0f1f2e820e3eef0eee4e020eee1faffe2e8ebe820e2ee20e2f2eef0ede8ea2c20f7f2ee20edeee2fbe920eceef1f220f7e5f0e5e720e3e0e2e0edfc20eef2eaf0eee5f2f1ff20f1ebe5e4f3fef9e5e920e2e5f1edeee92e20cfeef1ebe520ecedeee3e8f520ebe5f220e7e0e4e5f0e6e5ea20ece8ede8f1f2e5f0f1f2e2ee20f2f0e0edf1efeef0f2e020e2fbe4e5ebe8ebee20ede020eff0eee5eaf220f1e5ecfc20ece8ebebe8eeedeee220e4eeebebe0f0eee22e', 'hex');
    expect(decode(gbk, 'auto')).toEqual({ ok: true, text: zh, encoding: 'gb18030', noted: true });
    expect(decode(cp1251, 'auto')).toEqual({ ok: true, text: ru, encoding: 'windows-1251', noted: true });
    const western = Buffer.from('It\x92s a caf\xe9 in the old town, the mayor said on Tuesday, a na\xefve r\xe9sum\xe9.', 'latin1');
    expect(decode(western, 'auto')).toEqual({ ok: true, text: 'It’s a café in the old town, the mayor said on Tuesday, a naïve résumé.', encoding: 'windows-1252', noted: true });
    // regression: Node 20's TextDecoder reads windows-1252 as Latin-1, so 0x80-0x9F became C1 controls
    expect(decode(Buffer.from([0x93, 0x48, 0x69, 0x94, 0x20, 0x80, 0x35, 0x20, 0x96, 0x20, 0x85]), 'windows-1252')).toEqual({ ok: true, text: '“Hi” €5 – …', encoding: 'windows-1252', noted: true });
    // a few accented Western words are Windows-1252, not Shift_JIS or Big5 (review)
    for (const w of ['Zoë’s résumé', 'Straße', '«Oui»', 'Curaçao', 'fiancée', 'Noël', 'Björn']) {
      const bytes = Buffer.from(Array.from(w, (c) => (c === '’' ? 0x92 : c.charCodeAt(0))));
      expect([w, decode(bytes, 'auto')]).toEqual([w, { ok: true, text: w, encoding: 'windows-1252', noted: true }]);
    }
    // UTF-8 with one stray byte is UTF-8 with that byte replaced, not a legacy encoding of the whole (review: Big5)
    const stray = Buffer.concat([Buffer.from(ru.slice(0, 60)), Buffer.from([0x92]), Buffer.from(ru.slice(60))]);
    expect(decode(stray, 'auto')).toEqual({ ok: true, text: `${ru.slice(0, 60)}\uFFFD${ru.slice(60)}`, encoding: 'utf-8', noted: true });
    // a short Japanese headline in Shift_JIS stays Shift_JIS (second re-review: the six-character rule read it as Windows-1252)
    expect(decode(Buffer.from('938c8b9e', 'hex'), 'auto')).toEqual({ ok: true, text: '東京', encoding: 'shift_jis', noted: true });
    expect(decode(Buffer.from('836a8385815b835891ac95f1', 'hex'), 'auto')).toEqual({ ok: true, text: 'ニュース速報', encoding: 'shift_jis', noted: true });
    // a UTF-8 file cut inside its last character is UTF-8; a Latin-1 é at the end is not a cut
    const cut = Buffer.concat([Buffer.from('556e652070687261736520656e206672616ec3a761697320636f7570c3a9653a20c3a9', 'hex'), Buffer.from([0xc3])]);
    expect(decode(cut, 'auto')).toEqual({ ok: true, text: 'Une phrase en français coupée: é\uFFFD', encoding: 'utf-8', noted: true });
    expect(decode(Buffer.from([0x63, 0x61, 0x66, 0xe9]), 'auto')).toEqual({ ok: true, text: 'café', encoding: 'windows-1252', noted: true });
    // without auto, still refused
    expect(decode(gbk)).toEqual({ ok: false, reason: 'not valid UTF-8 (--encoding auto detects its legacy encoding)' });
  });
  test('regression: a UTF-8 byte order mark wins over --encoding windows-1252 (the BOM was read as text, "ï»¿")', () => {
    const d = decode(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Café au lait.')]), 'windows-1252');
    expect(d).toEqual({ ok: true, text: 'Café au lait.', encoding: 'utf-8', noted: false });
    // without the BOM, the same bytes are read as asked
    expect(decode(Buffer.from('Caf\u00e9', 'latin1'), 'windows-1252')).toEqual({ ok: true, text: 'Café', encoding: 'windows-1252', noted: true });
  });
  test('strips a UTF-8 BOM', () => {
    const d = decode(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Hello')]));
    expect(d).toEqual({ ok: true, text: 'Hello', encoding: 'utf-8', noted: false });
  });
  test('--encoding auto keeps UTF-8 as UTF-8 and never reads binary', () => {
    expect(decode(Buffer.from('It’s'), 'auto')).toEqual({ ok: true, text: 'It’s', encoding: 'utf-8', noted: false });
    expect(decode(Buffer.from([0x41, 0x00]), 'auto').ok).toBe(false);
    expect(decode(Buffer.from([0x49, 0x74, 0x92, 0x73])).ok).toBe(false);
  });
  test('refuses empty, binary and non-UTF-8 input with a reason', () => {
    expect(decode(Buffer.alloc(0))).toEqual({ ok: false, reason: 'empty file' });
    expect(decode(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))).toEqual({ ok: false, reason: 'binary file (contains NUL bytes)' });
    expect(decode(Buffer.from('caf\xe9 au lait', 'latin1'))).toEqual({ ok: false, reason: 'not valid UTF-8 (--encoding auto detects its legacy encoding)' });
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
      ['latin1.txt', 'not valid UTF-8 (--encoding auto detects its legacy encoding)'],
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
  // regression: the list was spread into push(...), which overflows the call stack at 200,000 paths
  test('"-" takes a list of 200,000 paths', async () => {
    const dir = tree({ 'a.txt': seed('000') });
    const list = `${path.join(dir, 'a.txt')}\n`.repeat(200_000);
    const r = await readInputs(['-'], { ...opts, stdin: async () => list });
    expect(r.docs.map((d) => path.basename(d.path))).toEqual(['a.txt']);
    expect(r.skipped).toEqual([]);
  });
});

/** a tree of files (as tree() makes) plus symbolic links: { 'link path': 'target as stored' } */
function treeWithLinks(files: Record<string, string | Buffer>, links: Record<string, string>): string {
  const dir = tree(files);
  for (const [rel, target] of Object.entries(links)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.symlinkSync(target, path.join(dir, rel));
  }
  return dir;
}
const rel = (dir: string) => (s: { path: string; reason?: string }) => (s.reason === undefined ? path.relative(dir, s.path) : [path.relative(dir, s.path), s.reason]);

describe('a folder named that gives no document (user review)', () => {
  test('regression: beside others that give some, it is an error, not passed over (a wrong path or --ext went unnoticed)', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'a.csv'), 'id,text\n1,hello\n');
    for (const args of [[SEEDS, dir], [dir, SEEDS]]) {
      const r = cli([...args, '--json']);
      expect([r.code, r.stdout, r.stderr]).toEqual([2, '', `dupecheck: no readable documents in ${dir} (extensions: txt, md)\n`]);
    }
    // an empty folder too
    const empty = tmpDir();
    expect(cli([SEEDS, empty]).stderr).toBe(`dupecheck: no readable documents in ${empty} (extensions: txt, md)\n`);
  });
  test('regression: a folder whose every file is ignored says so, rather than blame the extensions', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'a.txt'), seed('000'));
    fs.writeFileSync(path.join(dir, '.gitignore'), '*.txt\n');
    expect(cli([dir])).toMatchObject({ code: 2, stderr: `dupecheck: no documents to read in ${dir}: its one .txt/.md file is ignored (by .gitignore or .dupecheckignore)\n` });
    expect(cli([SEEDS, '--ignore', '*.txt'])).toMatchObject({ code: 2, stderr: `dupecheck: no documents to read in ${SEEDS}: all 5 of its .txt/.md files are ignored (by --ignore)\n` });
  });
});

describe('symbolic links', () => {
  // regression: paths were de-duplicated with path.resolve, so a file reached through a linked
  // folder, a link to it or a link back up the tree was read again and reported identical to itself
  test('one document per real file, the first path in sorted order; the other paths are named', async () => {
    const dir = treeWithLinks(
      { '2024/11/a.txt': seed('000'), 'sub/b.txt': seed('002') },
      { latest: '2024/11', '2024/11/link.txt': 'a.txt', 'sub/loop': '..' },
    );
    const r = await readInputs([dir], opts);
    expect(r.docs.map(rel(dir))).toEqual([path.join('2024', '11', 'a.txt'), path.join('sub', 'b.txt')]);
    const a = `same file as ${path.join(dir, '2024', '11', 'a.txt')} (through a symbolic link)`;
    const b = `same file as ${path.join(dir, 'sub', 'b.txt')} (through a symbolic link)`;
    const aliases = new Map(r.skipped.map((s) => [path.relative(dir, s.path), s.reason]));
    expect(Object.fromEntries(aliases)).toMatchObject({
      [path.join('2024', '11', 'link.txt')]: a,
      [path.join('latest', 'a.txt')]: a,
      [path.join('latest', 'link.txt')]: a,
    });
    // sub/loop leads to a folder that contains it: not followed (nothing is lost: its files are listed from there)
    expect([...aliases.keys()].some((p) => p.startsWith(path.join('sub', 'loop')))).toBe(false);
    expect(aliases.size).toBe(r.skipped.length);
    for (const [p, reason] of aliases) expect([p, reason]).toEqual([p, path.basename(p) === 'b.txt' ? b : a]);
  });
  test('across the paths given: a linked folder and the file it leads to; the file itself is kept, whatever the order; the same path twice stays silent', async () => {
    // the real file wins over a link to it (the first path given had won, so the file itself was
    // the one reported as reached "through a symbolic link", and an archive kept the link's path)
    const dir = fs.realpathSync(treeWithLinks({ '2024/11/a.txt': seed('000') }, { latest: '2024/11' }));
    for (const given of [
      [path.join(dir, 'latest'), path.join(dir, '2024/11/a.txt'), path.join(dir, 'latest', 'a.txt')],
      [path.join(dir, '2024/11/a.txt'), path.join(dir, 'latest')],
    ]) {
      const skipped: Array<{ path: string; reason: string }> = [];
      const files = await listFiles(given, { ...opts, onSkip: (s) => skipped.push(s) });
      expect(files.map((f) => path.relative(dir, f))).toEqual([path.join('2024', '11', 'a.txt')]);
      expect(skipped.map(rel(dir))).toEqual([[path.join('latest', 'a.txt'), `same file as ${path.join(dir, '2024', '11', 'a.txt')} (through a symbolic link)`]]);
    }
  });
  // regression: a loop up the tree reached through another linked folder left what is above the
  // folder walked out without a word
  test('a link to a folder above the one walked, through another link: named as a loop not followed', async () => {
    const dir = treeWithLinks({ 'extra.txt': seed('000'), 'root/r.txt': seed('002'), 'target/t.txt': seed('004') }, { 'root/ln': '../target', 'target/up': '..' });
    const r = await readInputs([path.join(dir, 'root')], opts);
    expect(r.docs.map(rel(dir))).toEqual([path.join('root', 'ln', 't.txt'), path.join('root', 'r.txt')]);
    expect(r.skipped.map(rel(dir))).toEqual([[path.join('root', 'ln', 'up'), 'symbolic link to a folder that contains it (a loop): not followed']]);
    // a loop inside the folder walked loses nothing: not followed, and nothing to say
    const inside = treeWithLinks({ 'r.txt': seed('002') }, { 'sub/back': '..' });
    const q = await readInputs([inside], opts);
    expect(q.docs.map(rel(inside))).toEqual(['r.txt']);
    expect(q.skipped).toEqual([]);
  });
  test('regression: a link up to an ancestor of the folder given is not followed, and said (review: the 50 files beside the folder were read as its own; a link to / would read the disk)', async () => {
    const dir = treeWithLinks({ 'w/a/x.txt': seed('000'), ...Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`other/f${i}.txt`, seed('002')])) }, { 'w/a/up': '../..' });
    const r = await readInputs([path.join(dir, 'w')], opts);
    expect(r.docs.map(rel(dir))).toEqual([path.join('w', 'a', 'x.txt')]);
    expect(r.skipped.map(rel(dir))).toEqual([[path.join('w', 'a', 'up'), 'symbolic link to a folder that contains it (a loop): not followed']]);
  });
  // regression: the walker dropped links it could not resolve without a word
  test('broken and looping links in a walked folder are skipped with their reasons', async () => {
    const dir = treeWithLinks(
      { 'ok.txt': seed('000'), '.gitignore': 'ignored.txt\n' },
      { 'broken.txt': 'missing.txt', 'x.txt': 'y.txt', 'y.txt': 'x.txt', '.hidden.txt': 'missing.txt', 'other.pdf': 'missing.pdf', 'ignored.txt': 'missing.txt', 'gone-folder': 'nowhere' },
    );
    const r = await readInputs([dir], opts);
    expect(r.docs.map(rel(dir))).toEqual(['ok.txt']);
    expect(r.skipped.map(rel(dir))).toEqual([
      ['broken.txt', 'broken symbolic link'],
      ['x.txt', 'symbolic link loop'],
      ['y.txt', 'symbolic link loop'],
    ]);
  });
  test('a broken or looping link named explicitly is skipped with its reason; a path through a loop is a usage error that says so', async () => {
    const dir = treeWithLinks({ 'ok.txt': seed('000') }, { 'broken.txt': 'missing.txt', 'x.txt': 'y.txt', 'y.txt': 'x.txt', loop: 'loop' });
    const r = await readInputs([path.join(dir, 'x.txt'), path.join(dir, 'broken.txt'), path.join(dir, 'ok.txt')], opts);
    expect(r.docs.map(rel(dir))).toEqual(['ok.txt']);
    expect(r.skipped.map(rel(dir))).toEqual([
      ['broken.txt', 'broken symbolic link'],
      ['x.txt', 'symbolic link loop'],
    ]);
    const through = path.join(dir, 'loop', 'a.txt');
    await expect(readInputs([through], opts)).rejects.toThrow(new UsageError(`symbolic link loop: ${through}`));
    await expect(readInputs([path.join(dir, 'nope.txt')], opts)).rejects.toThrow(`no such file or directory: ${path.join(dir, 'nope.txt')}`);
  });
});

describe('binary and UTF-16 files', () => {
  const text = 'A ferry timetable for the harbour, revised for the winter season. ';
  // regression: only the first 8 KB were looked at for NUL bytes
  test('a NUL byte anywhere makes a file binary, not only in its first 8 KB', () => {
    const buf = Buffer.from(text.repeat(200));
    buf[9000] = 0;
    const reason = (d: ReturnType<typeof decode>) => (d.ok ? `read as ${d.encoding} text` : d.reason);
    expect(reason(decode(buf))).toBe('binary file (contains NUL bytes)');
    expect(reason(decode(buf, 'auto'))).toBe('binary file (contains NUL bytes)');
    expect(reason(decode(buf, 'windows-1252'))).toBe('binary file (contains NUL bytes)');
  });
  // regression: UTF-16 text was called binary, with no hint of what to do
  test('UTF-16 text is skipped with a reason that says so and how to convert it', () => {
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le).swap16();
    const bomLE = Buffer.concat([Buffer.from([0xff, 0xfe]), le]);
    const bomBE = Buffer.concat([Buffer.from([0xfe, 0xff]), be]);
    const withBom = 'UTF-16 text (it starts with a byte order mark); convert it to UTF-8, e.g. iconv -f UTF-16 -t UTF-8';
    for (const enc of ['utf-8', 'windows-1252', 'auto'] as const) {
      expect(decode(bomLE, enc)).toEqual({ ok: false, reason: withBom });
      expect(decode(bomBE, enc)).toEqual({ ok: false, reason: withBom });
      expect(decode(le, enc)).toEqual({ ok: false, reason: 'looks like UTF-16LE text (every other byte is NUL); convert it to UTF-8, e.g. iconv -f UTF-16LE -t UTF-8' });
      expect(decode(be, enc)).toEqual({ ok: false, reason: 'looks like UTF-16BE text (every other byte is NUL); convert it to UTF-8, e.g. iconv -f UTF-16BE -t UTF-8' });
    }
    // a script other than Latin: NUL high bytes only on spaces and punctuation
    expect(decode(Buffer.from('Паром отправляется в 7:15, а не в 7:45. Расписание изменено на зиму.', 'utf16le'))).toMatchObject({ reason: expect.stringMatching(/^looks like UTF-16LE text/) });
    // a UTF-32 BOM starts like a UTF-16 one: not taken for UTF-16
    const utf32 = Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), ...[...'Ferry'].map((ch) => Buffer.from([ch.charCodeAt(0), 0, 0, 0]))]);
    expect(decode(utf32)).toEqual({ ok: false, reason: 'UTF-32 text (it starts with a byte order mark); convert it to UTF-8, e.g. iconv -f UTF-32 -t UTF-8' });
  });
  test('binary data is still called binary, not UTF-16', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x01, 0x00]);
    expect(decode(png)).toEqual({ ok: false, reason: 'binary file (contains NUL bytes)' });
    expect(decode(Buffer.from([0x41, 0x00]))).toEqual({ ok: false, reason: 'binary file (contains NUL bytes)' });
    // 16-bit little-endian numbers have a NUL every other byte too, but control bytes beside them
    expect(decode(Buffer.from(new Uint16Array([3, 1, 4, 1, 5, 9, 2, 6, 5, 3]).buffer))).toEqual({ ok: false, reason: 'binary file (contains NUL bytes)' });
  });
});

describe('paths that are not regular files', () => {
  // a device never ends (/dev/zero) and opening a FIFO waits for a writer: neither may be opened
  const fifo = (dir: string, name: string) => {
    const p = path.join(dir, name);
    const r = spawnSync('mkfifo', [p]);
    if (r.status !== 0) throw new Error(`mkfifo failed: ${r.stderr}`);
    return p;
  };
  test('/dev/zero and a FIFO named are skipped with their reason, never opened', async () => {
    const dir = tree({ 'a.txt': seed('003') });
    const pipe = fifo(dir, 'pipe.txt');
    const r = await readInputs(['/dev/zero', pipe, path.join(dir, 'a.txt')], opts);
    expect(r.docs.map((d) => path.basename(d.path))).toEqual(['a.txt']);
    expect(r.skipped).toEqual([
      { path: '/dev/zero', reason: 'not a regular file: a character device' },
      { path: pipe, reason: 'not a regular file: a FIFO (named pipe)' },
    ]);
  });
  test('a FIFO with a listed extension in a walked folder, and one in a list on standard input, are skipped', async () => {
    const dir = tree({ 'a.txt': seed('003') });
    const pipe = fifo(dir, 'incoming.txt');
    const walked = await readInputs([dir], opts);
    expect(walked.docs.map((d) => path.basename(d.path))).toEqual(['a.txt']);
    expect(walked.skipped).toEqual([{ path: pipe, reason: 'not a regular file: a FIFO (named pipe)' }]);
    const listed = await readInputs(['-'], { ...opts, stdin: async () => `${pipe}\n/dev/zero\n` });
    expect(listed.docs).toEqual([]);
    expect(listed.skipped.map((s) => s.reason)).toEqual(['not a regular file: a character device', 'not a regular file: a FIFO (named pipe)']);
  });
  test('on the command line: the run ends, names them, and compares the rest (a lone /dev/zero is no readable document, exit 2)', () => {
    const dir = tree({});
    const pipe = fifo(dir, 'pipe');
    const r = cli(['/dev/zero', pipe, SEEDS, '--no-progress', '--json', '--no-stats']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('dupecheck: skipped /dev/zero: not a regular file: a character device');
    expect(r.stderr).toContain(`dupecheck: skipped ${pipe}: not a regular file: a FIFO (named pipe)`);
    expect(JSON.parse(r.stdout).summary.documents).toBe(5);
    const alone = cli(['/dev/zero']);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('no readable documents in /dev/zero');
  });
});
