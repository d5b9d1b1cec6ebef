// The spec's reference definitions (definitions.py, run by python3 through spec_oracle.py) as an
// oracle for layout, store, lower, load and lift. Available only where python3 (≥ 3.10) and
// definitions.py are: /tmp/definitions.py, or the component-model mirror's copy.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toLowerCamelCase } from '../../src/component/canon/names.js';
import { optionIsTagged } from '../../src/component/canon/js-values.js';
import type { T } from './arbitrary.js';

const here = dirname(fileURLToPath(import.meta.url));
const MIRROR = '/work/.mirror/WebAssembly+component-model/repo';

function findDefinitions(): string | undefined {
  if (process.env['CANON_DEFINITIONS_PY'] && existsSync(process.env['CANON_DEFINITIONS_PY'])) return process.env['CANON_DEFINITIONS_PY'];
  if (existsSync('/tmp/definitions.py')) return '/tmp/definitions.py';
  try {
    const text = execFileSync('git', ['-C', MIRROR, 'show', 'HEAD:design/mvp/canonical-abi/definitions.py'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const file = join(mkdtempSync(join(tmpdir(), 'canon-defs-')), 'definitions.py');
    writeFileSync(file, text);
    return file;
  } catch {
    return undefined;
  }
}

function pythonOk(): boolean {
  try {
    const v = execFileSync('python3', ['-c', 'import sys; print(sys.version_info >= (3, 10))']).toString().trim();
    return v === 'True';
  } catch {
    return false;
  }
}

export const definitionsPy: string | undefined = pythonOk() ? findDefinitions() : undefined;

export function runOracle<R>(requests: readonly unknown[]): R[] {
  const out = execFileSync('python3', [join(here, 'spec_oracle.py'), definitionsPy!], {
    input: JSON.stringify(requests, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
    maxBuffer: 1 << 30,
  });
  return JSON.parse(out.toString()) as R[];
}

const f64 = new Float64Array(1);
const u8 = new Uint8Array(f64.buffer);

export function floatHex(x: number): string {
  f64[0] = x;
  return Buffer.from(u8).toString('hex');
}

/** A JS value of `t` (jco shape) in the oracle's JSON form. */
export function toPy(t: T, v: unknown): unknown {
  switch (t.kind) {
    case 'bool': return v;
    case 'f32': case 'f64': return { $f: floatHex(v as number) };
    case 'char': return { $c: (v as string).codePointAt(0) };
    case 'string': return { $s: v };
    case 's8': case 'u8': case 's16': case 'u16': case 's32': case 'u32': case 's64': case 'u64':
      return { $i: String(v) };
    case 'list': return Array.from(v as ArrayLike<unknown>, (x) => toPy(t.elem, x));
    case 'record': return { $r: Object.fromEntries(t.fields.map((f) => [f.label, toPy(f.type, (v as Record<string, unknown>)[toLowerCamelCase(f.label)])])) };
    case 'tuple': return { $r: Object.fromEntries(t.types.map((u, i) => [String(i), toPy(u, (v as unknown[])[i])])) };
    case 'variant': {
      const { tag, val } = v as { tag: string; val?: unknown };
      const c = t.cases.find((c) => c.label === tag)!;
      return { $v: [tag, c.type === undefined ? null : toPy(c.type, val)] };
    }
    case 'enum': return { $v: [v, null] };
    case 'option': {
      if (optionIsTagged(t.type)) {
        const { tag, val } = v as { tag: string; val?: unknown };
        return tag === 'none' ? { $v: ['none', null] } : { $v: ['some', toPy(t.type, val)] };
      }
      return v === undefined || v === null ? { $v: ['none', null] } : { $v: ['some', toPy(t.type, v)] };
    }
    case 'result': {
      const { tag, val } = v as { tag: string; val?: unknown };
      const u = tag === 'ok' ? t.ok : t.err;
      return { $v: [tag === 'ok' ? 'ok' : 'error', u === undefined ? null : toPy(u, val)] };
    }
    case 'flags': return { $r: Object.fromEntries(t.labels.map((l) => [l, Boolean((v as Record<string, unknown>)[toLowerCamelCase(l)])])) };
    default: throw new Error(`toPy: ${t.kind}`);
  }
}
