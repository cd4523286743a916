import { describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { BIN, cli, docText, readmeBlock, ROOT, seed, SEEDS, SEED_FILES, seedPath, templatedReport, tmpDir } from './helpers.js';
import { mulberry32 } from '../src/signatures/hash.js';

const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'src/report/report.schema.json'), 'utf8'));
const ajv = new Ajv2020.default({ allErrors: true, strict: false });
const validate = ajv.compile(schema);

const json = (args: string[]) => {
  const r = cli([...args, '--json']);
  return { ...r, report: JSON.parse(r.stdout) };
};
const nameOf = (report: { documents: Array<{ id: string; path: string }> }, id: string) =>
  path.basename(report.documents.find((d) => d.id === id)!.path);

describe('dupecheck seeds/ (the headline case)', () => {
  const { code, report, stderr } = json(['seeds/']);
  const parsed = report as { schemaVersion: number; documents: unknown[] };

  test('exit 1: duplicates found; nothing on stderr', () => {
    expect(code).toBe(1);
    expect(stderr).toBe('');
  });
  test('exactly one duplicate pair, 001/003, a reworded copy', () => {
    const dups = report.pairs.filter((p: { duplicate: boolean }) => p.duplicate);
    expect(dups).toHaveLength(1);
    const names = [nameOf(report, dups[0].a), nameOf(report, dups[0].b)].map((n) => n.slice(0, 3)).sort();
    expect(names).toEqual(['001', '003']);
    expect(dups[0].relation).toBe('reworded');
    expect(report.clusters).toHaveLength(1);
  });
  test('related pairs share quotes; 000, 002, 004 are never duplicates', () => {
    const related = report.pairs.filter((p: { relation: string }) => p.relation === 'related');
    expect(related.length).toBeGreaterThanOrEqual(1);
    expect(related.every((p: { passages: unknown[] }) => p.passages.length > 0)).toBe(true);
  });
  test('the report validates against the JSON Schema', () => {
    const ok = validate(report);
    if (!ok) throw new Error(ajv.errorsText(validate.errors));
    expect(parsed.schemaVersion).toBe(2);
    expect(parsed.documents).toHaveLength(5);
  });
  test('the terminal report names both files of the pair and says what they are', () => {
    const r = cli(['seeds/']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('seeds/001_e80b7f1f2ee6145e.txt');
    expect(r.stdout).toContain('seeds/003_7e85eb1b6bb64eea.txt');
    expect(r.stdout).toMatch(/reworded copy \(paraphrase or machine translation\)/);
    expect(r.stdout).toMatch(/Summary: 5 documents, 1 duplicate pair in 1 cluster/);
    expect(r.stdout).not.toMatch(/\x1b\[/); // not a TTY: no colour
  });
});

describe('exit codes', () => {
  test('0 for the three other articles alone', () => {
    const r = cli([seedPath('000'), seedPath('002'), seedPath('004')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No duplicates found.');
  });
  test('--fail-on near-duplicate: a reworded copy does not fail; related does', () => {
    expect(cli(['seeds/', '--fail-on', 'near-duplicate']).code).toBe(0);
    expect(cli(['seeds/', '--fail-on', 'related']).code).toBe(1);
    expect(cli(['seeds/', '--fail-on', 'none']).code).toBe(0);
    expect(cli(['seeds/', 'fixtures/edited', '--fail-on', 'near-duplicate']).code).toBe(1);
  });
  test.each([
    [['nope/'], /^dupecheck: no such file or directory: nope\/\n$/],
    [['seeds/', '--fail-on', 'bogus'], /^dupecheck: error: option '--fail-on <relation>' argument 'bogus' is invalid/],
    [['seeds/', '--threshold', '2'], /--threshold must be a number between 0 and 1/],
    [['seeds/', '--bogus'], /^dupecheck: error: unknown option '--bogus'/],
    // regression (user review): commander's suggestion was a second line
    [['seeds/', '--jsn'], /^dupecheck: error: unknown option '--jsn' \(Did you mean --json\?\)\n$/],
    [['diff', '--widht', '80', 'a', 'b'], /^dupecheck: error: unknown option '--widht' \(Did you mean --width\?\)\n$/],
    // regression (user review): both layouts asked for was silently inline
    [['diff', '--inline', '--side-by-side', 'seeds/000_6e98d49643be7c86.txt', 'seeds/001_e80b7f1f2ee6145e.txt'], /^dupecheck: error: option '--side-by-side' cannot be used with option '--inline'\n$/],
    // regression (user review): an unset variable in a script gave "no such file or directory: " and nothing after it
    [['seeds/', ''], /^dupecheck: an empty path was given \(an unset variable in a script\?\)\n$/],
    [['diff', '', 'seeds/000_6e98d49643be7c86.txt'], /^dupecheck: an empty path was given \(an unset variable in a script\?\)\n$/],
    [['--jsonl', ''], /^dupecheck: --jsonl was given an empty path \(an unset variable in a script\?\)\n$/],
    // regression: Number() took these as 100, 5 and 0
    [['seeds/', '--num-perm', '1e2'], /--num-perm must be a whole number from 16 to 1024/],
    [['seeds/', '--shingle-size', '0x5'], /--shingle-size must be a whole number/],
    [['seeds/', '--seed', ''], /--seed must be a whole number/],
    [[], /^dupecheck: nothing to read: give paths, or --jsonl FILE/],
  ])('2 for usage errors, one line, no stack trace: %j', (args, message) => {
    const r = cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
  test('regression: an option written before a subcommand is refused, not silently ignored', () => {
    // `dupecheck --json check x` used to print the terminal report, `--fail-on none` still exited 1
    for (const [args, sub, opts] of [
      [['--json', 'diff', 'seeds/003_7e85eb1b6bb64eea.txt', 'seeds/001_e80b7f1f2ee6145e.txt'], 'diff', '--json'],
      [['--fail-on', 'none', '--no-color', 'diff', 'seeds/003_7e85eb1b6bb64eea.txt', 'seeds/001_e80b7f1f2ee6145e.txt'], 'diff', '--fail-on, --no-color'],
      [['--json', 'index', 'list', '--index', 'nowhere.db'], 'index list', '--json'],
    ] as const) {
      const r = cli([...args]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`dupecheck: ${opts} before '${sub}' would be ignored: a subcommand takes its options after its name (dupecheck ${sub} [options] ...; see dupecheck ${sub} --help)\n`);
    }
    // after the subcommand they are its own
    expect(JSON.parse(cli(['diff', '--json', 'seeds/003_7e85eb1b6bb64eea.txt', 'seeds/001_e80b7f1f2ee6145e.txt']).stdout).a.path).toBe('seeds/003_7e85eb1b6bb64eea.txt');
  });
  (fs.existsSync('/dev/full') ? test : test.skip)('regression: output that cannot be written (a full disk) is one line and exit 2, not a stack trace and exit 1', () => {
    for (const args of [['seeds/', '--json'], ['seeds/']]) {
      const out = fs.openSync('/dev/full', 'w');
      const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', out, 'pipe'], encoding: 'utf8' });
      fs.closeSync(out);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe('dupecheck: cannot write the output (ENOSPC)\n');
    }
    // stderr too: a note that cannot be written made the run exit 1 ("found") through an uncaught error
    const dir = tmpDir();
    fs.copyFileSync(seedPath('000'), path.join(dir, 'a.txt'));
    fs.writeFileSync(path.join(dir, 'empty.txt'), '');
    const err = fs.openSync('/dev/full', 'w');
    const r = spawnSync(process.execPath, [BIN, dir, '--fail-on', 'none'], { cwd: ROOT, stdio: ['ignore', 'pipe', err], encoding: 'utf8' });
    fs.closeSync(err);
    expect(r.status).toBe(2);
  });
  test('regression: a reader that closes the pipe early (| head) leaves the verdict as the exit code, not 0', () => {
    // 300 copies of one article: a JSON report of about 125 KB, more than a pipe holds, so the writer
    // meets the closed pipe; it exited 0 ("no duplicates") before the verdict was set
    const dir = tmpDir();
    for (let i = 0; i < 300; i++) fs.copyFileSync(seedPath('000'), path.join(dir, `copy-${String(i).padStart(3, '0')}.txt`));
    for (const format of ['json', 'jsonl', 'text']) {
      const r = spawnSync('bash', ['-c', `"$0" "$1" "$2" --format ${format} | head -c 100 >/dev/null; echo "\${PIPESTATUS[0]}"`, process.execPath, BIN, dir], { cwd: ROOT, encoding: 'utf8' });
      expect(r.stdout.trim()).toBe('1');
      expect(r.stderr).toBe('');
    }
    // and an --html page asked for is still written (review: it was lost once the output closed)
    const page = path.join(dir, 'page.html');
    const h = spawnSync('bash', ['-c', `"$0" "$1" "$2" --json --html "$3" | head -c 100 >/dev/null; echo "\${PIPESTATUS[0]}"`, process.execPath, BIN, dir, page], { cwd: ROOT, encoding: 'utf8' });
    expect(h.stdout.trim()).toBe('1');
    expect(fs.readFileSync(page, 'utf8')).toMatch(/^<!doctype html>/i);
    // the same run read to the end: 1 too, and the report is larger than a pipe's buffer
    const whole = spawnSync(process.execPath, [BIN, dir, '--json'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
    expect(whole.status).toBe(1);
    expect(whole.stdout.length).toBeGreaterThan(1 << 16);
  });
  test('regression: control characters of an article never reach the terminal raw; a divergence is cut to one line (user review)', () => {
    // an escape sequence in an article (retitle the window, clear the screen) and a bell
    const dir = tmpDir();
    const original = seed('003');
    fs.writeFileSync(path.join(dir, 'a.txt'), original);
    fs.writeFileSync(path.join(dir, 'b.txt'), original.replace('sea change', '\u001b]0;PWNED\u0007\u001b[2J change'));
    const runs = [
      cli([dir, '--no-color']),
      cli(['diff', path.join(dir, 'a.txt'), path.join(dir, 'b.txt'), '--no-color']),
      cli(['diff', path.join(dir, 'a.txt'), path.join(dir, 'b.txt'), '--no-color', '--all', '--side-by-side']),
    ];
    expect(runs.map((r) => r.code)).toEqual([1, 0, 0]);
    for (const r of runs) {
      expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
      expect(r.stdout).toContain('PWNED\u2407\u241b[2J');
    }
    // a long divergence: each side quoted in at most 40 columns
    const long = Array.from({ length: 15 }, (_, i) => `longword${i}`).join(' ');
    fs.writeFileSync(path.join(dir, 'b.txt'), original.replace('sea change', `${long} change`));
    const r = cli([dir, '--no-color']);
    const line = r.stdout.split('\n').find((l) => l.includes('diverges:'))!;
    expect(line).toContain('longword0 longword1');
    expect(line).toContain('…');
    expect(line.length).toBeLessThan(140);
    // and so in diff's header (re-review: a 2,673-character line)
    const top = cli(['diff', path.join(dir, 'a.txt'), path.join(dir, 'b.txt'), '--no-color', '--inline']).stdout.split('\n');
    const row = top.slice(top.indexOf('top divergences (a → b):') + 1).find((l) => l.includes('longword0'))!;
    expect(row).toContain('…');
    expect(row.length).toBeLessThan(110);
  });
  (fs.existsSync('/proc/version') ? test : test.skip)('regression: an --html page that cannot be written is said in words, after the report, which is not lost (user review)', () => {
    const r = cli(['seeds/', '--html', '/proc/version', '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('dupecheck: cannot write /proc/version: no file can be created there (ENOENT)\n');
    expect(JSON.parse(r.stdout).summary.documents).toBe(5);
  });
  test('regression: diff of texts that are not copies (identical, related, unrelated) says nothing of which one is derived (user review)', () => {
    for (const [a, b] of [['000', '000'], ['000', '002'], ['000', '003']]) {
      const r = cli(['diff', seedPath(a), seedPath(b), '--no-color']);
      expect(r.code).toBe(0);
      expect(r.stdout).not.toMatch(/derived/);
    }
    // nor does diff --json (re-review: it carried "undetermined: 0 artefacts against 0")
    for (const [a, b] of [['000', '000'], ['000', '002'], ['000', '003']]) expect(JSON.parse(cli(['diff', seedPath(a), seedPath(b), '--json']).stdout).derived).toBeNull();
    expect(JSON.parse(cli(['diff', seedPath('003'), seedPath('001'), '--json']).stdout).derived.id).toBeTruthy();
    // a copy still gets its verdict
    expect(cli(['diff', seedPath('003'), seedPath('001'), '--no-color']).stdout).toMatch(/^derived: b \(.*001_e80b7f1f2ee6145e\.txt\) is likely the machine translation/m);
  });
  test('regression: every command and subcommand help ends with examples (the index subcommands had none; user review)', () => {
    for (const args of [[], ['diff'], ['check'], ['index', 'add'], ['index', 'stats'], ['index', 'list'], ['index', 'remove']]) {
      const r = cli([...args, '--help']);
      expect([args.join(' '), r.code]).toEqual([args.join(' '), 0]);
      expect(r.stdout).toMatch(/\nExamples:\n  dupecheck /);
    }
  });
  test('an empty list on "-" (a pipeline that found nothing) compares nothing: a note, exit 0; a list of nothing readable is still 2', () => {
    // as check - and index add - do; it was exit 2 "no readable documents in -"
    for (const input of ['', '\n\n', '\0']) {
      const r = cli(['-', '--json', '--fail-on', 'related'], { input });
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('dupecheck: nothing to compare: the list on standard input is empty\n');
      expect(validate(JSON.parse(r.stdout))).toBe(true);
      expect(JSON.parse(r.stdout).summary.documents).toBe(0);
    }
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'empty.txt'), '');
    const r = cli(['-'], { input: path.join(dir, 'empty.txt') + '\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no readable documents in -/);
  });
  test('regression: a NUL-separated list ending in a line end works, and a missing path with a newline is one line', () => {
    // `printf 'a\0b\0\n'` left "\n" as a last path (no such file, over two lines)
    const r = cli(['-', '--json'], { input: `${seedPath('000')}\0${seedPath('002')}\0\n` });
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(JSON.parse(r.stdout).summary.documents).toBe(2);
    const bad = cli(['-'], { input: `${seedPath('000')}\0no\nsuch.txt\0` });
    expect([bad.code, bad.stderr]).toEqual([2, 'dupecheck: no such file or directory: no\\nsuch.txt\n']);
  });
  test('2 when nothing readable is found', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'empty.txt'), '');
    const r = cli([dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('skipped');
    expect(r.stderr).toContain('empty file');
    // the extensions are named when a folder was walked, not for a file named (read whatever its extension)
    expect(r.stderr).toContain(`no readable documents in ${dir} (extensions: txt, md)`);
    expect(cli([path.join(dir, 'empty.txt')]).stderr).toMatch(/no readable documents in \S+empty\.txt\n$/);
  });
  test('"dupecheck help [command]" prints the help, as in git and npm (it was taken for a path: exit 2)', () => {
    const root = cli(['help']);
    expect(root.code).toBe(0);
    expect(root.stdout).toMatch(/^Usage: dupecheck \[options\] \[command\] \[paths\.\.\.\]/);
    for (const sub of ['diff', 'check', 'index', 'index add', 'index remove']) {
      // `help index add` showed the help of index, not of add
      for (const args of [['help', ...sub.split(' ')], [...sub.split(' ').slice(0, -1), 'help', ...sub.split(' ').slice(-1)]]) {
        const r = cli(args);
        expect([r.code, r.stderr]).toEqual([0, '']);
        expect(r.stdout).toMatch(new RegExp(`^Usage: dupecheck ${sub} `));
      }
    }
    // regression: `help TOPIC` with a topic that is no command printed the whole help on stderr
    // and exited 0, so `dupecheck help docs/` (a folder named help) passed without reading anything
    for (const [args, message] of [
      [['help', 'docs/'], "dupecheck: 'docs/' is not a command of dupecheck (diff, check, index); a folder named help is ./help\n"],
      [['index', 'help', 'foo'], "dupecheck: 'foo' is not a command of dupecheck index (add, stats, list, remove)\n"],
      [['help', 'index', 'foo'], "dupecheck: 'foo' is not a command of dupecheck index (add, stats, list, remove)\n"],
    ] as const) {
      const r = cli([...args]);
      expect([r.code, r.stderr, r.stdout]).toEqual([2, message, '']);
    }
    // a folder named help is still a folder when it looks like a path
    const dir = tmpDir();
    fs.mkdirSync(path.join(dir, 'help'));
    fs.copyFileSync(seedPath('000'), path.join(dir, 'help', 'a.txt'));
    expect(cli(['./help', '--json'], { cwd: dir }).code).toBe(0);
  });
  test('3 for a bug: one line, and with --verbose the stack of where it was thrown (regression: only the wrapper\'s)', () => {
    // a bug stood in for by a preload that breaks String.prototype.normalize, which every text
    // goes through; the API wraps it in an InternalError, whose own stack named only the wrapper
    const dir = tmpDir();
    const hook = path.join(dir, 'bug.mjs');
    fs.writeFileSync(hook, "String.prototype.normalize = function () { throw new TypeError('planted bug'); };\n");
    const run = (...extra: string[]) => spawnSync(process.execPath, ['--import', pathToFileURL(hook).href, BIN, 'seeds/', '--no-progress', ...extra], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
    const plain = run();
    expect([plain.status, plain.stdout, plain.stderr]).toEqual([3, '', 'dupecheck: internal error: planted bug (run with --verbose for details)\n']);
    const verbose = run('--verbose');
    expect(verbose.status).toBe(3);
    expect(verbose.stderr).toMatch(/^dupecheck: internal error: planted bug\nInternalError: planted bug\n/);
    expect(verbose.stderr).toMatch(/caused by: TypeError: planted bug\n\s+at String\.normalize .*bug\.mjs/);
  });
  test('--help teaches: relations, exit codes, examples; exit 0', () => {
    const r = cli(['--help']);
    expect(r.code).toBe(0);
    for (const s of ['Relations', 'reworded', 'Exit codes', 'Examples', '--fail-on', '--json', 'NO_COLOR']) expect(r.stdout).toContain(s);
  });
});

describe('skipped files', () => {
  test('a warning on stderr and an entry in the report', () => {
    const dir = tmpDir();
    fs.copyFileSync(seedPath('001'), path.join(dir, 'a.txt'));
    fs.copyFileSync(seedPath('003'), path.join(dir, 'b.txt'));
    fs.writeFileSync(path.join(dir, 'bin.txt'), Buffer.from([0, 1, 2, 3]));
    const r = cli([dir, '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`dupecheck: skipped ${path.join(dir, 'bin.txt')}: binary file (contains NUL bytes)\n`);
    const report = JSON.parse(r.stdout);
    expect(report.skipped).toEqual([{ path: path.join(dir, 'bin.txt'), reason: 'binary file (contains NUL bytes)' }]);
    expect(validate(report)).toBe(true);
  });
  // regression: the walker skipped unreadable folders without a word. Root reads anything, so as
  // root the CLI runs as nobody (65534), where nobody can read the checkout and the temp folder
  const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const canRun =
    spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(BIN)}); require('fs').readdirSync(${JSON.stringify(os.tmpdir())})`], asNobody).status === 0 &&
    spawnSync(process.execPath, [BIN, '--version'], asNobody).status === 0;
  (canRun ? test : test.skip)('a folder that cannot be listed is named, not silently left out', () => {
    const dir = tmpDir();
    fs.chmodSync(dir, 0o755);
    fs.copyFileSync(seedPath('001'), path.join(dir, 'a.txt'));
    fs.copyFileSync(seedPath('003'), path.join(dir, 'b.txt'));
    const locked = path.join(dir, 'locked');
    fs.mkdirSync(locked);
    fs.copyFileSync(seedPath('000'), path.join(locked, 'c.txt'));
    for (const f of ['a.txt', 'b.txt']) fs.chmodSync(path.join(dir, f), 0o644);
    fs.chmodSync(locked, 0);
    try {
      const r = spawnSync(process.execPath, [BIN, dir, '--json', '--no-stats'], { cwd: ROOT, encoding: 'utf8', ...asNobody });
      expect(r.stderr).toBe(`dupecheck: skipped ${locked}: folder not readable (permission denied)\n`);
      expect(r.status).toBe(1);
      const report = JSON.parse(r.stdout);
      expect(report.skipped).toEqual([{ path: locked, reason: 'folder not readable (permission denied)' }]);
      expect(report.summary.documents).toBe(2);
      expect(validate(report)).toBe(true);
    } finally {
      fs.chmodSync(locked, 0o755);
    }
  });
});

describe('symbolic links', () => {
  // regression: a folder linked inside the walked one made a file a duplicate of itself (exit 1)
  test('each real file is read once; another path to it is named on stderr and in skipped', () => {
    const dir = tmpDir();
    fs.mkdirSync(path.join(dir, 'news/2024/11'), { recursive: true });
    fs.copyFileSync(seedPath('000'), path.join(dir, 'news/2024/11/a.txt'));
    fs.symlinkSync('2024/11', path.join(dir, 'news/latest'));
    const r = cli(['news', '--json', '--no-stats'], { cwd: dir });
    expect(r.stderr).toBe('dupecheck: skipped news/latest/a.txt: same file as news/2024/11/a.txt (through a symbolic link)\n');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.documents.map((d: { path: string }) => d.path)).toEqual(['news/2024/11/a.txt']);
    expect(report.pairs).toEqual([]);
    expect(report.skipped).toEqual([{ path: 'news/latest/a.txt', reason: 'same file as news/2024/11/a.txt (through a symbolic link)' }]);
    expect(validate(report)).toBe(true);
  });
  // regression: broken and looping links were dropped without a word, and a looping link named
  // on the command line was called missing
  test('broken and looping links are skipped with their reasons', () => {
    const dir = tmpDir();
    fs.mkdirSync(path.join(dir, 'dir'));
    fs.copyFileSync(seedPath('000'), path.join(dir, 'dir/ok.txt'));
    fs.symlinkSync('missing.txt', path.join(dir, 'dir/broken.txt'));
    fs.symlinkSync('y.txt', path.join(dir, 'dir/x.txt'));
    fs.symlinkSync('x.txt', path.join(dir, 'dir/y.txt'));
    const r = cli(['dir', '--json', '--no-stats'], { cwd: dir });
    expect(r.stderr).toBe(
      ['dupecheck: skipped dir/broken.txt: broken symbolic link', 'dupecheck: skipped dir/x.txt: symbolic link loop', 'dupecheck: skipped dir/y.txt: symbolic link loop', ''].join('\n'),
    );
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.skipped).toEqual([
      { path: 'dir/broken.txt', reason: 'broken symbolic link' },
      { path: 'dir/x.txt', reason: 'symbolic link loop' },
      { path: 'dir/y.txt', reason: 'symbolic link loop' },
    ]);
    expect(report.summary).toMatchObject({ documents: 1, skipped: 3 });
    expect(validate(report)).toBe(true);
    const named = cli(['dir/x.txt'], { cwd: dir });
    expect(named.code).toBe(2);
    expect(named.stderr).toBe('dupecheck: skipped dir/x.txt: symbolic link loop\ndupecheck: no readable documents in dir/x.txt\n');
    const diff = cli(['diff', 'dir/ok.txt', 'dir/x.txt'], { cwd: dir });
    expect(diff.code).toBe(2);
    expect(diff.stderr).toBe('dupecheck: cannot compare dir/x.txt: symbolic link loop\n');
  });
});

describe('determinism', () => {
  const strip = (s: string) => {
    const r = JSON.parse(s);
    delete r.stats;
    return r;
  };
  test('byte-identical JSON across runs with --no-stats', () => {
    const a = cli(['seeds/', '--json', '--no-stats']);
    const b = cli(['seeds/', '--json', '--no-stats']);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).not.toContain('"stats"');
  });
  test('the worker pool and the in-process path give byte-identical reports', () => {
    const inProcess = cli(['seeds/', 'fixtures/', '--json', '--no-stats']);
    // verification tasks of 3 pairs: several tasks, documents shared between them
    const pooled = cli(['seeds/', 'fixtures/', '--json', '--no-stats'], { env: { DUPECHECK_WORKER_MIN: '1', DUPECHECK_VERIFY_BATCH: '3' } });
    expect(pooled.code).toBe(inProcess.code);
    expect(pooled.stdout).toBe(inProcess.stdout);
    expect(JSON.parse(pooled.stdout).documents.length).toBeGreaterThan(5);
  });
  test('the pool verifies the passage index candidates too, after the LSH candidates it verifies meanwhile', () => {
    // three paragraphs of 003 (126 words): its shingles are a small part of 003's, so neither LSH
    // finds the pair; the passage index does (the excerpt is contained), in a second round of
    // tasks handed out while the first round of the LSH's candidates may still be running
    const dir = tmpDir();
    for (const f of SEED_FILES) fs.copyFileSync(path.join(SEEDS, f), path.join(dir, f));
    const paragraphs = seed('003').split(/\n\s*\n/);
    fs.writeFileSync(path.join(dir, 'excerpt.txt'), paragraphs.slice(3, 6).join('\n\n') + '\n');
    const run = (env: Record<string, string>) => JSON.parse(cli([dir, '--json'], { env }).stdout);
    const inProcess = run({});
    const pooled = run({ DUPECHECK_WORKER_MIN: '1', DUPECHECK_VERIFY_BATCH: '2' });
    for (const r of [inProcess, pooled]) {
      expect(r.stats.candidates.passageIndex).toBe(1);
      const excerpt = r.documents.find((d: { path: string }) => d.path.endsWith('excerpt.txt')).id;
      const pair = r.pairs.find((p: { a: string; b: string }) => p.a === excerpt || p.b === excerpt);
      expect(pair.relation).toBe('near-duplicate');
    }
    delete inProcess.stats;
    delete pooled.stats;
    expect(pooled).toEqual(inProcess);
  });
  test('an excerpt of a long article that the LSH finds but the signature screen would dismiss is a near-duplicate (regression)', () => {
    // two paragraphs (96 words) of a 2,528-word article (seeds 000, 001 and 002 one after the
    // other): only the content LSH finds the pair, and both estimated Jaccards are below the
    // screen's 0.04 because the sizes differ; the passage index finds the excerpt contained. The
    // pair was dismissed (reported related) because the passage index left out the pairs the LSH
    // had found.
    const dir = tmpDir();
    const long = ['000', '001', '002'].map(seed).join('\n\n');
    fs.writeFileSync(path.join(dir, 'long.txt'), long);
    fs.writeFileSync(path.join(dir, 'excerpt.txt'), long.split(/\n\s*\n/).slice(61, 63).join('\n\n') + '\n');
    for (const env of [{}, { DUPECHECK_WORKER_MIN: '1' }]) {
      const r = JSON.parse(cli([dir, '--json'], { env }).stdout);
      expect(r.stats.candidates).toMatchObject({ contentLsh: 1, total: 1, verified: 1, dismissed: 0 });
      expect(r.pairs.map((p: { relation: string }) => p.relation)).toEqual(['near-duplicate']);
    }
  });
  test('tuning variables that are not positive integers fall back to their defaults', () => {
    const inProcess = cli(['seeds/', '--json', '--no-stats']);
    for (const bad of ['abc', '0', '-3']) {
      const r = cli(['seeds/', '--json', '--no-stats'], { env: { DUPECHECK_WORKER_MIN: '1', DUPECHECK_VERIFY_BATCH: bad } });
      expect(r.stdout).toBe(inProcess.stdout);
    }
  });
  /**
   * Run the CLI on the seeds with the worker pool, with fs.readFileSync patched (an --import hook)
   * so that the workers' re-read of a .txt file for an alignment (from pipeline/profile.js), not
   * the first read, returns `reread` (a JavaScript expression over the real bytes `data`).
   */
  const withReread = (reread: string, env: Record<string, string> = {}) => {
    const hook = path.join(tmpDir(), 'reread.mjs');
    fs.writeFileSync(
      hook,
      `import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
const read = fs.readFileSync;
fs.readFileSync = function (p, ...rest) {
  if (/profile\.js/.test(new Error().stack) && String(p).endsWith('.txt')) {
    const data = read.call(this, p, ...rest);
    return ${reread};
  }
  return read.call(this, p, ...rest);
};
syncBuiltinESMExports();
`,
    );
    return spawnSync(process.execPath, ['--import', pathToFileURL(hook).href, BIN, 'seeds/', '--json'], {
      cwd: ROOT,
      env: { ...process.env, DUPECHECK_WORKER_MIN: '1', ...env },
      encoding: 'utf8',
    });
  };
  test('a file that disappears before the workers re-read it: exit 2, one line, no crash', () => {
    // regression: a failed verification task destroyed the pool under the running ones, and
    // piscina's "Unexpected message from Worker" crashed the process with exit 1 ("found")
    const r = withReread(`(() => { const e = new Error('ENOENT: no such file or directory'); e.code = 'ENOENT'; throw e; })()`, { DUPECHECK_VERIFY_BATCH: '1' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/could not be read again while it was being compared \(ENOENT\)/);
    expect(r.stdout).toBe('');
  });
  test('a file rewritten before the workers re-read it: exit 2, one line, not a report of the new text', () => {
    // regression: the re-read bytes were not checked, so the alignment quoted text that was
    // never profiled (offsets cut mid-word, relations changed) and the run ended with exit 1
    const r = withReread(`Buffer.concat([Buffer.from('Updated: '), data])`);
    expect(r.stderr).toMatch(/changed while it was being compared \(its bytes differ from those read first\)/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
  });
  test('the same report whatever the file names and their order (paths aside)', () => {
    const dir = tmpDir();
    const names = ['zeta.txt', 'alpha.txt', 'mid.txt', 'b.txt', 'y.txt'];
    SEED_FILES.forEach((f, i) => fs.copyFileSync(path.join(SEEDS, f), path.join(dir, names[i])));
    const original = strip(cli(['seeds/', '--json']).stdout);
    const shuffled = strip(cli([...[3, 0, 4, 1, 2].map((i) => path.join(dir, names[i])), '--json']).stdout);
    const withoutPaths = (r: { documents: Array<{ path?: string }> }) => ({ ...r, documents: r.documents.map(({ path: _p, ...d }) => d) });
    expect(withoutPaths(shuffled)).toEqual(withoutPaths(original));
    expect(shuffled.documents.map((d: { path: string }) => path.basename(d.path))).toEqual(
      original.documents.map((d: { path: string }) => names[SEED_FILES.indexOf(path.basename(d.path))]),
    );
  });
});

describe('colour', () => {
  test('--color forces it, NO_COLOR and --no-color win over a forced terminal', () => {
    expect(cli(['seeds/', '--color']).stdout).toMatch(/\x1b\[/);
    expect(cli(['seeds/', '--color', '--no-color']).stdout).not.toMatch(/\x1b\[/);
    expect(cli(['seeds/'], { env: { NO_COLOR: '1' } }).stdout).not.toMatch(/\x1b\[/);
  });
});

describe('duplicate pairs carry divergences and the derived copy', () => {
  const { report } = json(['seeds/']);
  const r = report as {
    documents: Array<{ id: string; path: string }>;
    pairs: Array<{ duplicate: boolean; divergences: Array<{ a: string; b: string; count: number }>; derived: { id: string | null; evidence: Array<{ kind: string }> } | null; alignment: { coverage: { a: number; b: number } } }>;
  };
  const pair = r.pairs.find((p) => p.duplicate)!;
  test('top divergences include sea change / radical change', () => {
    const d = pair.divergences.find((x) => /sea change/i.test(x.a + '|' + x.b) && /radical change/i.test(x.a + '|' + x.b));
    expect(d).toBeDefined();
    expect(pair.divergences.length).toBeLessThanOrEqual(10);
  });
  test('001 is the derived copy, with evidence; related pairs carry no verdict', () => {
    expect(nameOf(r, pair.derived!.id!).slice(0, 3)).toBe('001');
    expect(pair.derived!.evidence.length).toBeGreaterThanOrEqual(3);
    expect(r.pairs.filter((p) => !p.duplicate).every((p) => p.derived === null)).toBe(true);
    expect(pair.alignment.coverage.a).toBeGreaterThan(0.8);
  });
  test('the terminal report says it briefly', () => {
    const t = cli(['seeds/']).stdout;
    expect(t).toMatch(/seeds\/001_e80b7f1f2ee6145e\.txt is likely the machine translation/);
    expect(t).toMatch(/diverges: .*“radical change” → “sea change”/);
  });
});

describe('the README and docs/ show what the tool prints', () => {
  // regression: the JSON example kept the seeds' counts of an older version (8 related pairs,
  // other word counts) while the tool printed others
  const block = readmeBlock;
  test('the terminal report of the seeds, line for line (elisions aside)', () => {
    const shown = block('`dupecheck seeds/` reports', '```\n').split('\n').filter((l) => l.trim() !== '...' && l !== '');
    const actual = cli(['seeds/']).stdout.split('\n');
    let at = 0;
    for (const line of shown) {
      const found = actual.indexOf(line, at);
      expect([line, found >= 0]).toEqual([line, true]);
      at = found + 1;
    }
  });
  test('the JSON example of the seeds: summary counts and the two copies\' documents', () => {
    const shown = block('## JSON output', '```jsonc\n', 'docs/json.md');
    const r = JSON.parse(cli(['seeds/', '--json']).stdout);
    const counts = Object.entries(r.summary.pairs as Record<string, number>).map(([k, v]) => `"${k}": ${v}`).join(', ');
    expect(shown).toContain(`"pairs": { ${counts} }`);
    for (const d of r.documents.filter((x: { path: string }) => /00[13]_/.test(x.path))) {
      expect(shown).toContain(`{ "id": "${d.id}", "path": "${d.path}", "bytes": ${d.bytes}, "words": ${d.words}, "sentences": ${d.sentences}, "lang": "${d.lang}" }`);
    }
  });
});

describe('the README and docs/', () => {
  const files = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
  /** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens */
  const slug = (h: string) => h.trim().toLowerCase().replace(/[^\p{L}\p{N}_\- ]/gu, '').replace(/ /g, '-');
  const anchors = (text: string) => new Set([...text.replace(/```[\s\S]*?```/g, '').matchAll(/^#+ (.*)$/gm)].map((m) => slug(m[1])));
  test("the README's first screen: what it does, the two commands, the seeds' output, the exit codes", () => {
    const first = docText().split('\n').slice(0, 60).join('\n');
    for (const s of ['npm ci && npx dupecheck seeds/', 'npm ci && npm test', 'Duplicates: 1 cluster', '## Exit codes', '| 0 |', '| 1 |', '| 2 |', '| 3 |']) expect([s, first.includes(s)]).toEqual([s, true]);
  });
  test('every link between them leads to a file and a heading that exist', () => {
    const bad: string[] = [];
    let seen = 0;
    for (const f of files) {
      for (const m of docText(f).matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(m[1])) continue;
        seen++;
        const [target, anchor] = m[1].split('#');
        const file = target ? path.join(path.dirname(f), target) : f;
        if (!fs.existsSync(path.join(ROOT, file))) bad.push(`${f}: ${m[1]} (no such file)`);
        else if (anchor && file.endsWith('.md') && !anchors(docText(file)).has(anchor)) bad.push(`${f}: ${m[1]} (no such heading)`);
      }
    }
    expect(seen).toBeGreaterThan(10);
    expect(bad).toEqual([]);
  });
});

describe('dupecheck diff A B', () => {
  const a = 'seeds/003_7e85eb1b6bb64eea.txt';
  const b = 'seeds/001_e80b7f1f2ee6145e.txt';
  test('regression: one text from standard input ("-") or a pipe (<(...)), named explicitly, is read to its end (review: "no such file or directory: -", "not a regular file: a FIFO")', () => {
    const r = cli(['diff', b, '-', '--json'], { input: seed('003') });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect([j.relation, j.b.path]).toEqual(['reworded', 'stdin']);
    const p = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" diff <(cat "${seedPath('003')}") "${seedPath('001')}" --json`], { encoding: 'utf8' });
    expect(p.status).toBe(0);
    expect(JSON.parse(p.stdout).relation).toBe('reworded');
    expect(cli(['diff', '-', '-'], { input: seed('003') })).toMatchObject({ code: 2, stderr: 'dupecheck: standard input can be read once: give "-" for one of the two texts\n' });
  });
  test("docs/usage.md's excerpt, said to be real output, is: each of its lines is a line of the output, in order (review: it had gone stale)", () => {
    const excerpt = readmeBlock('prints (excerpt, real output', '```\n', 'docs/usage.md').split('\n').filter((l) => l.trim() !== '' && l.trim() !== '...');
    const out = cli(['diff', a, b, '--inline', '--no-color']).stdout.split('\n');
    let at = 0;
    for (const line of excerpt) {
      // a line cut with ", ..." is a prefix of the real one
      const want = line.endsWith(', ...') ? line.slice(0, -3) : line;
      const found = out.findIndex((l, i) => i >= at && (line.endsWith(', ...') ? l.startsWith(want) : l === want));
      expect([line, found >= 0]).toEqual([line, true]);
      at = found + 1;
    }
    expect(excerpt.length).toBeGreaterThan(15);
  });
  test('--json: { a, b, alignment, divergences, derived } with sentences as { text, start, end }', () => {
    const r = cli(['diff', a, b, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(expect.arrayContaining(['a', 'b', 'alignment', 'divergences', 'derived']));
    expect(j.a.path).toBe(a);
    const text003 = fs.readFileSync(path.join(ROOT, a), 'utf8');
    for (const u of j.alignment) {
      for (const s of u.a) expect(text003.slice(s.start, s.end)).toBe(s.text);
      expect(u.a.length + u.b.length).toBeGreaterThan(0);
    }
    expect(j.alignment[0]).toMatchObject({ a: [{ text: 'IE 11 is not supported.' }], b: [], score: 0 });
    expect(j.derived.id).toBe(j.b.id);
    expect(j.divergences.some((d: { a: string; b: string }) => d.a === 'sea change' && d.b === 'radical change')).toBe(true);
  });
  test('inline view without colour marks changes like git --word-diff and unaligned sentences with -/+', () => {
    const r = cli(['diff', a, b, '--inline']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--- a: seeds/003_7e85eb1b6bb64eea.txt');
    expect(r.stdout).toContain('- IE 11 is not supported.');
    expect(r.stdout).toContain('[-sometimes tense-]{+at times strained+}');
    expect(r.stdout).toMatch(/derived: b \(seeds\/001_e80b7f1f2ee6145e\.txt\) is likely the machine translation/);
    expect(r.stdout).not.toMatch(/\x1b\[/);
  });
  test('side by side when asked (or on a wide terminal), within the width', () => {
    const r = cli(['diff', a, b, '--side-by-side', '--width', '140']);
    const body = r.stdout.split('\n').filter((l) => l.includes('│'));
    expect(body.length).toBeGreaterThan(50);
    for (const l of body) expect(l.length).toBeLessThanOrEqual(140);
  });
  test('regression: a terminal that reports 0 or 10 columns gets the default width, not an endless wrap', () => {
    // `script` and some CI consoles report 0 columns: the wrap loop never ended (heap out of memory)
    const dir = tmpDir();
    for (const cols of [0, 10]) {
      const hook = path.join(dir, `cols${cols}.mjs`);
      fs.writeFileSync(hook, `Object.defineProperty(process.stdout, 'isTTY', { value: true });\nObject.defineProperty(process.stdout, 'columns', { value: ${cols} });\n`);
      const r = spawnSync(process.execPath, ['--import', pathToFileURL(hook).href, BIN, 'diff', a, b, '--no-color'], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
      expect(r.error).toBeUndefined();
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/\[-sea-\]\{\+radical\+\} change/);
    }
  });
  test('--json of two unrelated texts: relation "unrelated", scores null (was an empty object)', () => {
    const dir = tmpDir();
    const u = path.join(dir, 'garden.txt');
    fs.writeFileSync(u, 'Tomatoes need sun and water. Prune the lower leaves in July.\n');
    const r = cli(['diff', a, u, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.relation).toBe('unrelated');
    expect(j.scores).toBeNull();
  });
  test('--encoding auto: a Windows-1252 file is noted on stderr and in the JSON, as in the main command', () => {
    const dir = tmpDir();
    const w = path.join(dir, 'w1252.txt');
    fs.writeFileSync(w, Buffer.from('Caf\xe9 society met on Tuesday. The minister called it a \x93sea change\x94 for the region.\n', 'latin1'));
    const u = path.join(dir, 'u8.txt');
    fs.writeFileSync(u, 'Café society met on Tuesday. The minister called it a radical change for the region.\n');
    const r = cli(['diff', w, u, '--encoding', 'auto', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`dupecheck: note: ${w} decoded as windows-1252\n`);
    const j = JSON.parse(r.stdout);
    expect([j.a.encoding, j.b.encoding]).toEqual(['windows-1252', undefined]);
  });
  test('a path with a newline is quoted in the header, as in the main report', () => {
    const odd = path.join(tmpDir(), 'a\nb.txt');
    fs.copyFileSync(path.join(ROOT, a), odd);
    const r = cli(['diff', odd, b, '--no-color']);
    expect(r.stdout.split('\n')[0]).toBe(`--- a: ${JSON.stringify(odd)}`);
    expect(r.stdout).toContain(`derived: b (${b}) is likely the machine translation`);
  });
  test('--json of a related pair: its aligned and matched shares are those of the alignment shown (they were null)', () => {
    const j = JSON.parse(cli(['diff', 'seeds/000_6e98d49643be7c86.txt', 'seeds/002_018f6ad998b1343c.txt', '--json']).stdout);
    expect(j.relation).toBe('related');
    expect(j.scores.aligned).toEqual({ a: expect.any(Number), b: expect.any(Number) });
    expect(j.scores.matched.a).toBeLessThanOrEqual(j.scores.aligned.a);
    expect(j.alignment.some((u: { a: unknown[]; b: unknown[] }) => u.a.length && u.b.length)).toBe(true);
  });
  test('regression: the diff of a related pair (shared passages) works', () => {
    const r = cli(['diff', 'seeds/000_6e98d49643be7c86.txt', a, '--inline']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('related (different article sharing passages)');
  });
  test('usage errors exit 2 with one line', () => {
    for (const args of [['diff', a], ['diff', a, 'nope.txt'], ['diff', a, 'seeds']]) {
      const r = cli(args);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('JSON written in pieces', () => {
  test('is the report, indented as JSON.stringify(report, null, 2) but for one line per item of a top-level list', async () => {
    const { jsonChunks } = await import('../src/report/jsonStream.js');
    const out = cli(['seeds/', '--json', '--no-stats']).stdout;
    const r = JSON.parse(out);
    expect(JSON.parse([...jsonChunks(r)].join(''))).toEqual(r);
    // a line per document, pair, cluster and reused passage
    const lines = out.split('\n');
    expect(lines.filter((l) => l.startsWith('    {"id":"') && l.includes('"path":"seeds/'))).toHaveLength(5);
    expect(lines.filter((l) => l.startsWith('    {"a":'))).toHaveLength(r.pairs.length);
    const odd = { a: [], b: [1, { c: [2, 3] }], d: null, e: 'x', f: { g: 1 } };
    expect([...jsonChunks(odd)].join('')).toBe('{\n  "a": [],\n  "b": [\n    1,\n    {"c":[2,3]}\n  ],\n  "d": null,\n  "e": "x",\n  "f": {\n    "g": 1\n  }\n}');
  });
});

describe('paths with control characters', () => {
  test('are quoted in terminal lines, so a file name cannot forge a report line', () => {
    const dir = tmpDir();
    fs.copyFileSync(seedPath('003'), path.join(dir, 'a.txt'));
    fs.copyFileSync(seedPath('003'), path.join(dir, 'new\nline.txt'));
    const r = cli([dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(JSON.stringify(path.join(dir, 'new\nline.txt')));
    expect(r.stdout.split('\n').some((l) => l.trim() === 'line.txt')).toBe(false);
  });
  test('regression: a C1 control (U+009B, a terminal CSI) or an escape in a file name never reaches the terminal, stderr or a CI log raw (re-review)', () => {
    const dir = tmpDir();
    fs.copyFileSync(seedPath('003'), path.join(dir, 'a.txt'));
    fs.copyFileSync(seedPath('003'), path.join(dir, 'x\u009b31m.txt'));
    fs.copyFileSync(seedPath('003'), path.join(dir, 'y\u001b[2J.txt'));
    fs.writeFileSync(path.join(dir, 'z\u009b0m.txt'), '');
    for (const args of [[dir, '--no-color'], [dir, '--format', 'github']]) {
      const r = cli(args);
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).not.toMatch(/[\u001b\u009b]/);
    }
    expect(cli([dir, '--no-color']).stdout).toContain('x\\u009b31m.txt');
    expect(cli([dir, '--format', 'github']).stdout).toMatch(/file=[^,]*y%1B\[2J\.txt/);
  });
  test('regression: files whose names are not UTF-8 are each skipped with that reason, in a folder or a list on standard input (review: two of three vanished without a word)', () => {
    const dir = tmpDir();
    const name = (bytes: number[]) => Buffer.concat([Buffer.from(dir + '/x'), Buffer.from(bytes), Buffer.from('.txt')]);
    fs.copyFileSync(seedPath('000'), name([0xef, 0xbf, 0xbd])); // a valid name with U+FFFD in it
    fs.copyFileSync(seedPath('003'), name([0xff]));
    fs.copyFileSync(seedPath('001'), name([0xfe]));
    fs.copyFileSync(seedPath('001'), name([0xff, 0x2e, 0x6a, 0x70, 0x67])); // x\xff.jpg.txt: still a .txt
    const expected = ['x\\xfe.txt', 'x\\xff.jpg.txt', 'x\\xff.txt'].map((n) => ({ path: path.join(dir, n), reason: 'file name is not valid UTF-8: rename it (dupecheck names files in UTF-8, and cannot read this one by its name)' }));
    const walked = cli([dir, '--json']);
    expect(walked.code).toBe(0);
    const report = JSON.parse(walked.stdout);
    expect(report.documents.map((d: { path: string }) => d.path)).toEqual([path.join(dir, 'x\uFFFD.txt')]);
    expect(report.skipped).toEqual(expected);
    expect(walked.stderr.split('\n').filter((l) => l.includes('not valid UTF-8'))).toHaveLength(3);
    // the same names as a NUL-separated list (find -print0): each skipped, not "no such file", exit 2
    const list = Buffer.concat([...[[0xff], [0xfe], [0xef, 0xbf, 0xbd]].map((b) => Buffer.concat([name(b), Buffer.from([0])]))]);
    const r = spawnSync(process.execPath, [BIN, '-', '--json'], { input: list, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).skipped.map((x: { path: string }) => x.path)).toEqual([path.join(dir, 'x\\xfe.txt'), path.join(dir, 'x\\xff.txt')]);
    // regression (re-review): a folder so named vanished with all its files
    const folder = Buffer.concat([Buffer.from(dir + '/r'), Buffer.from([0xe9]), Buffer.from('sum')]);
    fs.mkdirSync(folder);
    fs.copyFileSync(seedPath('002'), Buffer.concat([folder, Buffer.from('/a.txt')]));
    const again = JSON.parse(cli([dir, '--json']).stdout);
    expect(again.skipped).toContainEqual({ path: path.join(dir, 'r\\xe9sum'), reason: 'folder name is not valid UTF-8: none of its files was read (rename it)' });
  });
  test('regression: a right-to-left override or a line separator in a file name is shown escaped, in its order (review: "zz\\u202egood.txt" read as "zztxt.doog")', () => {
    const dir = tmpDir();
    fs.copyFileSync(seedPath('003'), path.join(dir, 'zz\u202egood.txt'));
    fs.copyFileSync(seedPath('003'), path.join(dir, 'line\u2028sep.txt'));
    const r = cli([dir, '--no-color']);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/[\u202e\u2028]/);
    expect(r.stdout).toContain('"' + path.join(dir, 'zz\\u202egood.txt') + '"');
    expect(r.stdout).toContain('line\\u2028sep.txt');
  });
});

describe('--max-size', () => {
  test('regression: a file larger than --max-size (10MB by default) is skipped with its size, not read (review: one 52 MB file took 3.2 GB, a V8 crash with less heap)', () => {
    const dir = tmpDir();
    fs.copyFileSync(seedPath('003'), path.join(dir, 'a.txt'));
    fs.copyFileSync(seedPath('001'), path.join(dir, 'b.txt'));
    // 11 MB of text: over the default
    fs.writeFileSync(path.join(dir, 'big.txt'), (seed('000') + '\n').repeat(Math.ceil(11e6 / seed('000').length)));
    const r = cli([dir, '--json', '--no-stats']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.documents.map((d: { path: string }) => path.basename(d.path))).toEqual(expect.arrayContaining(['a.txt', 'b.txt']));
    expect(report.documents).toHaveLength(2);
    expect(report.skipped).toEqual([{ path: path.join(dir, 'big.txt'), reason: expect.stringMatching(/^larger than --max-size: 11\.\d MB > 10\.0 MB \(--max-size none reads it/) }]);
    expect(r.stderr).toMatch(/skipped .*big\.txt: larger than --max-size/);
    // a smaller limit, and none
    expect(JSON.parse(cli([dir, '--json', '--max-size', '8.5KB']).stdout).skipped.map((x: { path: string }) => path.basename(x.path)).sort()).toEqual(['a.txt', 'big.txt']);
    expect(JSON.parse(cli([dir, '--json', '--max-size', 'none']).stdout).skipped).toEqual([]);
    // and for check and index add alike
    const db = path.join(dir, 'ix', 'index.db');
    expect(cli(['index', 'add', dir, '--index', db]).stdout).toMatch(/^added 2 documents .*1 skipped/);
    // a value that is not a size
    expect(cli([dir, '--max-size', '10 parsecs'])).toMatchObject({ code: 2, stderr: "dupecheck: error: option '--max-size <size>' argument '10 parsecs' is invalid. --max-size takes a size such as 10MB, 500KB or 1.5GB (or 10M, 500K, 1.5G; units of 1,000 bytes), a number of bytes, or none\n" });
    // and in a config file
    fs.writeFileSync(path.join(dir, 'dupecheck.config.json'), JSON.stringify({ maxSize: '8.5KB' }));
    expect(JSON.parse(cli(['.', '--json'], { cwd: dir }).stdout).skipped.map((x: { path: string }) => path.basename(x.path)).sort()).toEqual(['a.txt', 'big.txt']);
    fs.writeFileSync(path.join(dir, 'dupecheck.config.json'), JSON.stringify({ maxSize: 'lots' }));
    expect(cli(['.'], { cwd: dir }).stderr).toBe('dupecheck: dupecheck.config.json: maxSize: must be a size such as 10MB, 500KB or 1.5GB (or 10M, 500K, 1.5G; units of 1,000 bytes), a number of bytes, or none\n');
  });

  test('regression: 10M is 10MB as in du and ripgrep, and 0 is refused, not taken as no limit (review: --max-size 0 read files of any size)', () => {
    const dir = tmpDir();
    fs.copyFileSync(seedPath('003'), path.join(dir, 'a.txt'));
    fs.copyFileSync(seedPath('001'), path.join(dir, 'b.txt'));
    const skipped = (args: string[]) => JSON.parse(cli([dir, '--json', ...args]).stdout).skipped.map((x: { path: string }) => path.basename(x.path)).sort();
    // b.txt is 8.3 KB, a.txt 8.7 KB
    expect(skipped(['--max-size', '8.5K'])).toEqual(['a.txt']);
    expect(skipped(['--max-size', '8.5k'])).toEqual(['a.txt']);
    expect(skipped(['--max-size', '0.0085M'])).toEqual(['a.txt']);
    expect(skipped(['--max-size', '1G'])).toEqual([]);
    for (const zero of ['0', '0KB', '0.0001K']) {
      expect(cli([dir, '--max-size', zero])).toMatchObject({ code: 2, stderr: `dupecheck: error: option '--max-size <size>' argument '${zero}' is invalid. --max-size ${zero} would skip every file (none reads files of any size)\n` });
    }
    fs.writeFileSync(path.join(dir, 'dupecheck.config.json'), JSON.stringify({ maxSize: '0KB' }));
    expect(cli(['.'], { cwd: dir })).toMatchObject({ code: 2, stderr: 'dupecheck: dupecheck.config.json: maxSize: 0KB would skip every file (none reads files of any size)\n' });
    fs.writeFileSync(path.join(dir, 'dupecheck.config.json'), JSON.stringify({ maxSize: 0 }));
    expect(cli(['.'], { cwd: dir }).code).toBe(2);
  });
});

describe('stories of one template in the terminal report', () => {
  test('the pairs not counted as copies because they name other people are said, with their number as in stats', () => {
    const dir = tmpDir();
    const rand = mulberry32(31);
    for (let i = 0; i < 30; i++) fs.writeFileSync(path.join(dir, `m${i}.txt`), templatedReport(rand));
    const json = JSON.parse(cli([dir, '--json']).stdout);
    const n = json.stats.candidates.factsDiffer;
    expect(n).toBeGreaterThan(300);
    const text = cli([dir, '--no-color', '--related', 'none']).stdout;
    expect(text).toContain(`(${n} pairs of texts alike in wording but naming other people, places or figures, as stories of one template do, are not counted as copies)`);
    expect(cli([seedPath('001'), seedPath('003'), '--no-color']).stdout).not.toContain('stories of one template');
  });
});

describe('--encoding', () => {
  test('auto: a UTF-8 file with a stray byte is read as UTF-8, with a note and "encoding": "utf-8" (the note was missing: it read as plain UTF-8)', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'a.txt'), Buffer.concat([Buffer.from(seed('003')), Buffer.from([0x92])]));
    const r = cli([dir, '--encoding', 'auto', '--json', '--no-stats']);
    expect(r.stderr).toBe(`dupecheck: note: ${path.join(dir, 'a.txt')} is UTF-8 with invalid bytes: read as UTF-8, each replaced by U+FFFD\n`);
    expect(JSON.parse(r.stdout).documents[0].encoding).toBe('utf-8');
  });
  test('auto reads a Windows-1252 file (as in the Clough & Stevenson corpus) with a note; utf-8 skips it', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'cp1252.txt'), Buffer.concat([Buffer.from(seed003Ascii()), Buffer.from([0x20, 0x49, 0x74, 0x92, 0x73, 0x20, 0x93, 0x6f, 0x6b, 0x94])]));
    fs.copyFileSync(seedPath('003'), path.join(dir, 'utf8.txt'));
    const strict = cli([dir, '--json']);
    expect(strict.stderr).toContain('not valid UTF-8 (--encoding auto detects its legacy encoding)');
    expect(JSON.parse(strict.stdout).skipped).toHaveLength(1);
    const auto = cli([dir, '--json', '--encoding', 'auto']);
    expect(auto.stderr).toBe(`dupecheck: note: ${path.join(dir, 'cp1252.txt')} decoded as windows-1252\n`);
    // a plain ASCII file reads the same in every encoding: no note, even with --encoding windows-1252
    fs.writeFileSync(path.join(dir, 'ascii.txt'), 'Plain ASCII text about a harbour ferry timetable.\n');
    expect(cli([path.join(dir, 'ascii.txt'), '--encoding', 'windows-1252']).stderr).toBe('');
    const r = JSON.parse(auto.stdout);
    expect(r.skipped).toEqual([]);
    expect(r.documents.find((d: { path: string }) => d.path.endsWith('cp1252.txt')).encoding).toBe('windows-1252');
    expect(r.pairs[0].relation).toBe('near-duplicate');
    expect(validate(r)).toBe(true);
  });
});

function seed003Ascii(): string {
  return fs.readFileSync(seedPath('003'), 'utf8').replace(/[^\x00-\x7f]/g, '-');
}
