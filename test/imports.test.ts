/**
 * The module graph of src/: the public types (types.ts) import nothing; the stages take their
 * types from types.ts and model.ts, never from the pipeline, the archive index, the library API or
 * the command line; the command line is built on the library API alone; and no two modules
 * import each other (a cycle of value imports), directly or through others.
 */
import { describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './helpers.js';

const SRC = path.join(ROOT, 'src');
const STAGES = ['read', 'text', 'signatures', 'candidates', 'compare', 'cluster', 'align', 'report'];

interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
}

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Every relative import and re-export of every module, as paths relative to src/ ('cli/main.ts'). */
function edges(): Edge[] {
  const out: Edge[] = [];
  for (const file of sources(SRC)) {
    const text = fs.readFileSync(file, 'utf8');
    const from = path.relative(SRC, file).split(path.sep).join('/');
    for (const m of text.matchAll(/^(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?'(\.{1,2}\/[^']+)'/gm)) {
      const target = path.relative(SRC, path.resolve(path.dirname(file), m[2].replace(/\.js$/, '.ts'))).split(path.sep).join('/');
      out.push({ from, to: target, typeOnly: !!m[1] });
    }
    for (const m of text.matchAll(/import\(\s*'(\.{1,2}\/[^']+)'\s*\)/g)) {
      out.push({ from, to: path.relative(SRC, path.resolve(path.dirname(file), m[1].replace(/\.js$/, '.ts'))).split(path.sep).join('/'), typeOnly: false });
    }
  }
  return out;
}

const area = (module: string) => (module.includes('/') ? module.slice(0, module.indexOf('/')) : module);

/** The cycles of value imports (type-only imports are erased at build time). */
function cycles(es: readonly Edge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of es) if (!e.typeOnly) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const state = new Map<string, 'open' | 'done'>();
  const found: string[][] = [];
  const visit = (n: string, stack: string[]) => {
    state.set(n, 'open');
    stack.push(n);
    for (const m of next.get(n) ?? []) {
      if (state.get(m) === 'open') found.push([...stack.slice(stack.indexOf(m)), m]);
      else if (!state.has(m)) visit(m, stack);
    }
    stack.pop();
    state.set(n, 'done');
  };
  for (const n of [...next.keys()].sort()) if (!state.has(n)) visit(n, []);
  return found;
}

describe('the module graph of src/', () => {
  const es = edges();

  test('is read: the parser finds the imports it must see', () => {
    // a parser that found nothing would pass every rule below
    expect(es.some((e) => e.from === 'compare/index.ts' && e.to === 'types.ts')).toBe(true);
    expect(es.some((e) => e.from === 'cli/main.ts' && e.to === 'api.ts')).toBe(true);
    expect(cycles([{ from: 'a.ts', to: 'b.ts', typeOnly: false }, { from: 'b.ts', to: 'a.ts', typeOnly: false }])).toEqual([['a.ts', 'b.ts', 'a.ts']]);
  });

  test('the public types import nothing', () => {
    expect(es.filter((e) => e.from === 'types.ts')).toEqual([]);
  });

  test('no stage imports from the pipeline, the archive index, the API or the command line', () => {
    const bad = es.filter((e) => STAGES.includes(area(e.from)) && ['pipeline', 'index', 'cli', 'api.ts', 'config.ts'].includes(area(e.to)));
    expect(bad).toEqual([]);
  });

  test('only the command line imports the command line, and it imports only the API and the public types', () => {
    expect(es.filter((e) => area(e.to) === 'cli' && area(e.from) !== 'cli')).toEqual([]);
    expect(es.filter((e) => area(e.from) === 'cli' && !['cli', 'api.ts', 'types.ts'].includes(area(e.to)))).toEqual([]);
  });

  test('no cycle of imports', () => {
    expect(cycles(es)).toEqual([]);
  });
});
