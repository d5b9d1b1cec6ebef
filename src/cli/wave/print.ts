// A JS value (jco's conventions for its type, as a component export returns it) written as WAVE.
// Spec: wasm-tools crates/wasm-wave/README.md; the layout follows wasm-wave's writer
// (src/writer.rs), which wasmtime uses to print results: `, ` between items, `{a: 1, b: 2}`
// records without their none-valued option fields (`{:}` when nothing is left), explicit
// `some(…)` and `ok(…)`, `%` before case names that are keywords, flags in type order.

import { WaveError } from './errors.js';
import { formatFloat } from './float.js';
import { lowerCamel } from './names.js';
import { isKeyword } from './parse.js';
import { escapeChar, writeString } from './strings.js';
import { describeType, isNullable, type ValType } from './types.js';

export interface PrintOptions {
  /** Text for a resource handle (WAVE has no syntax for them); without it they are an error. */
  readonly handle?: ((value: unknown, type: ValType) => string) | undefined;
}

function bad(v: unknown, t: ValType): WaveError {
  let shown: string;
  try {
    shown = typeof v === 'bigint' ? `${v}n` : typeof v === 'string' ? JSON.stringify(v) : String(v);
  } catch {
    shown = typeof v;
  }
  return new WaveError(`cannot write ${shown.length > 40 ? `${shown.slice(0, 37)}...` : shown} as ${describeType(t)}`);
}

function caseName(label: string): string {
  return isKeyword(label) ? `%${label}` : label;
}

function tagged(v: unknown, t: ValType): { tag: unknown; val: unknown } {
  if (typeof v !== 'object' || v === null || !('tag' in v)) throw bad(v, t);
  return v as { tag: unknown; val: unknown };
}

function items(v: unknown, t: ValType): ArrayLike<unknown> {
  if (Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView))) return v as ArrayLike<unknown>;
  throw bad(v, t);
}

/** `v` of type `t` as WAVE text. */
export function printValue(v: unknown, t: ValType, opts: PrintOptions = {}): string {
  const w = (x: unknown, xt: ValType): string => printValue(x, xt, opts);
  switch (t.kind) {
    case 'bool':
      if (typeof v !== 'boolean') throw bad(v, t);
      return v ? 'true' : 'false';
    case 's8': case 'u8': case 's16': case 'u16': case 's32': case 'u32':
      if (typeof v !== 'number' || !Number.isInteger(v)) throw bad(v, t);
      return Object.is(v, -0) ? '0' : String(v);
    case 's64': case 'u64':
      if (typeof v !== 'bigint') throw bad(v, t);
      return String(v);
    case 'f32': case 'f64':
      if (typeof v !== 'number') throw bad(v, t);
      return formatFloat(v, t.kind === 'f32' ? 32 : 64);
    case 'char': {
      if (typeof v !== 'string' || [...v].length !== 1) throw bad(v, t);
      return `'${escapeChar(v)}'`;
    }
    case 'string':
      if (typeof v !== 'string') throw bad(v, t);
      return writeString(v);
    case 'list': {
      const xs = items(v, t);
      const out: string[] = [];
      for (let i = 0; i < xs.length; i++) out.push(w(xs[i], t.elem));
      return `[${out.join(', ')}]`;
    }
    case 'tuple': {
      const xs = items(v, t);
      if (xs.length !== t.types.length) throw bad(v, t);
      return `(${t.types.map((x, i) => w(xs[i], x)).join(', ')})`;
    }
    case 'record': {
      if (typeof v !== 'object' || v === null) throw bad(v, t);
      const o = v as Record<string, unknown>;
      const out: string[] = [];
      for (const f of t.fields) {
        const x = Object.prototype.hasOwnProperty.call(o, lowerCamel(f.label)) ? o[lowerCamel(f.label)] : undefined;
        if (f.type.kind === 'option' && isNone(x, f.type)) continue;
        out.push(`${f.label}: ${w(x, f.type)}`);
      }
      return out.length === 0 ? '{:}' : `{${out.join(', ')}}`;
    }
    case 'variant': {
      const { tag, val } = tagged(v, t);
      const c = t.cases.find((x) => x.label === tag);
      if (c === undefined) throw bad(v, t);
      return c.type === undefined ? caseName(c.label) : `${caseName(c.label)}(${w(val, c.type)})`;
    }
    case 'enum':
      if (typeof v !== 'string' || !t.labels.includes(v)) throw bad(v, t);
      return caseName(v);
    case 'option':
      if (isNone(v, t)) return 'none';
      return `some(${w(isNullable(t.type) ? tagged(v, t).val : v, t.type)})`;
    case 'result': {
      const { tag, val } = tagged(v, t);
      if (tag !== 'ok' && tag !== 'err') throw bad(v, t);
      const pt = tag === 'ok' ? t.ok : t.err;
      return pt === undefined ? tag : `${tag}(${w(val, pt)})`;
    }
    case 'flags': {
      if (v !== undefined && v !== null && typeof v !== 'object') throw bad(v, t);
      const o = (v ?? {}) as Record<string, unknown>;
      return `{${t.labels.filter((l) => o[lowerCamel(l)] === true).join(', ')}}`;
    }
    case 'own': case 'borrow':
      if (opts.handle !== undefined) return opts.handle(v, t);
      throw new WaveError(`WAVE cannot express values of type ${describeType(t)}`);
    default:
      throw new WaveError(`WAVE cannot express values of type ${describeType(t)}`);
  }
}

/** Is `v` the none value of option type `t`? */
function isNone(v: unknown, t: ValType & { kind: 'option' }): boolean {
  if (isNullable(t.type)) return tagged(v, t).tag === 'none';
  return v === undefined || v === null;
}
