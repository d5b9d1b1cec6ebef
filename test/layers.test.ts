// Enforces the layering of src/: imports point down only (see README "Architecture").
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Layer of a file: the first listed prefix it lives under (more specific prefixes first). */
const LAYERS: [string, number][] = [
  ['util/', 0],
  ['core/binary/', 2],
  ['core/valid/', 3],
  ['core/exec/', 4],
  ['core/', 1], // core/types.ts, errors.ts, features.ts, opcodes*, module.ts (shared vocabulary)
  ['component/binary/', 5],
  ['component/valid/', 5],
  ['component/canon/', 6],
  ['component/runtime/', 7],
  ['component/compose/', 5.5], // composition reads components (binary, valid) and writes new ones
  ['component/', 4.5], // component/types.ts, errors.ts, api.ts (shared vocabulary)
  ['wasi/', 8],
  ['js-api/', 9],
  ['cli/', 11], // the command line uses the public API (index.ts) only
];
// Files directly in core/ that sit above binary and valid (they compose them).
const CORE_COMPOSERS = new Set(['core/compile.ts']);

function layerOf(rel: string): number {
  if (CORE_COMPOSERS.has(rel)) return 3.5;
  if (rel === 'index.ts') return 10;
  for (const [prefix, layer] of LAYERS) if (rel.startsWith(prefix)) return layer;
  return 12;
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)) out.push(m[1]!);
  for (const m of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) out.push(m[1]!);
  return out.filter((s) => s.startsWith('.'));
}

describe('layering', () => {
  const all = files(src).map((f) => relative(src, f).split('\\').join('/'));

  it('finds the source tree', () => {
    expect(all).toContain('core/binary/reader.ts');
    expect(all).toContain('core/valid/func.ts');
  });

  it('imports point down only', () => {
    const violations: string[] = [];
    for (const rel of all) {
      for (const spec of importsOf(join(src, rel))) {
        const target = relative(src, resolve(dirname(join(src, rel)), spec)).replace(/\.js$/, '.ts');
        if (layerOf(target) > layerOf(rel)) violations.push(`${rel} imports ${target}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('core/binary imports nothing from core/valid or core/exec; core/valid nothing from core/exec', () => {
    for (const rel of all) {
      const targets = importsOf(join(src, rel)).map((s) => relative(src, resolve(dirname(join(src, rel)), s)));
      if (rel.startsWith('core/binary/')) expect(targets.filter((t) => /^core\/(valid|exec)\//.test(t))).toEqual([]);
      if (rel.startsWith('core/valid/')) expect(targets.filter((t) => t.startsWith('core/exec/'))).toEqual([]);
    }
  });

  it('cli/ uses the public API only', () => {
    for (const rel of all.filter((r) => r.startsWith('cli/'))) {
      const targets = importsOf(join(src, rel)).map((s) => relative(src, resolve(dirname(join(src, rel)), s)).replace(/\.js$/, '.ts'));
      expect(targets.filter((t) => t !== 'index.ts' && !t.startsWith('cli/'))).toEqual([]);
    }
  });

  it('the runtime never uses the host WebAssembly, eval or new Function', () => {
    const bad: string[] = [];
    for (const rel of all) {
      const text = readFileSync(join(src, rel), 'utf8').replace(/\/\/.*$/gm, '');
      if (/\beval\s*\(|new\s+Function\s*\(|globalThis\.WebAssembly/.test(text)) bad.push(rel);
    }
    expect(bad).toEqual([]);
  });
});
