// Component values <-> JS values in jco's conventions (`jco transpile`), driven by the value type.
// purewasm's component API (src/component/api.ts) uses the same conventions, so the runner can
// call an export with JS arguments and read its JS result back as a component value.
//
// Spec: component-model design/mvp/Explainer.md §"Value types" for the value sets; the JS shapes
// follow jco's js-component-bindgen (function_bindgen.rs, lift/lower instructions):
//   bool → boolean; u8..s32, f32, f64 → number; u64/s64 → bigint; char, string → string;
//   list<number type> → the matching typed array (Uint8Array, …, BigInt64Array, Float64Array),
//   other lists and tuples → arrays; record → object keyed by lowerCamelCase field names;
//   variant → { tag: 'case-label', val } (no `val` for a case without payload);
//   enum → the label string; flags → object of booleans keyed by lowerCamelCase label;
//   option<T> → undefined | T, except when T is itself "nullable" (an option whose payload is
//   not nullable): then { tag: 'none' } | { tag: 'some', val };
//   result<T, E> → { tag: 'ok' | 'err', val }, except a function's own result: the `ok` payload
//   is returned and the `err` payload thrown as a ComponentError whose `payload` holds it.
// This module is pure: no engine, no I/O.

import type { FuncType, ValType } from '../../src/component/types.js';
import { type CValue, formatCValue } from './values.js';

/** A wast value that does not fit the type it is passed as (a test-data or runner problem). */
export class ValueTypeMismatch extends Error {
  override readonly name = 'ValueTypeMismatch';
}

/** A JS value from the engine that is not in jco's shape for its type (an engine bug). */
export class JsShapeError extends Error {
  override readonly name = 'JsShapeError';
}

/** kebab-case → lowerCamelCase as jco names record fields, flags and functions ("run-d800" → "runD800"). */
export function lowerCamelCase(name: string): string {
  return name
    .split('-')
    .map((w, i) => (i === 0 ? w.toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()))
    .join('');
}

type TypedArrayCtor =
  | Uint8ArrayConstructor | Int8ArrayConstructor | Uint16ArrayConstructor | Int16ArrayConstructor
  | Uint32ArrayConstructor | Int32ArrayConstructor | BigUint64ArrayConstructor | BigInt64ArrayConstructor
  | Float32ArrayConstructor | Float64ArrayConstructor;

/** The typed array class jco uses for a list of this element type, if any. */
export function typedArrayFor(elem: ValType): TypedArrayCtor | undefined {
  switch (elem.kind) {
    case 'u8': return Uint8Array;
    case 's8': return Int8Array;
    case 'u16': return Uint16Array;
    case 's16': return Int16Array;
    case 'u32': return Uint32Array;
    case 's32': return Int32Array;
    case 'u64': return BigUint64Array;
    case 's64': return BigInt64Array;
    case 'f32': return Float32Array;
    case 'f64': return Float64Array;
    default: return undefined;
  }
}

/** Whether jco can represent this type's values with `undefined` (so an enclosing option must be tagged). */
export function isNullable(t: ValType): boolean {
  return t.kind === 'option' && !isNullable(t.type);
}

/** A short rendering of a type for messages. */
export function formatType(t: ValType | undefined): string {
  if (t === undefined) return '_';
  switch (t.kind) {
    case 'list': return `list<${formatType(t.elem)}${t.length === undefined ? '' : `, ${t.length}`}>`;
    case 'record': return `record{${t.fields.map((f) => `${f.label}: ${formatType(f.type)}`).join(', ')}}`;
    case 'tuple': return `tuple<${t.types.map(formatType).join(', ')}>`;
    case 'variant': return `variant{${t.cases.map((c) => (c.type ? `${c.label}(${formatType(c.type)})` : c.label)).join(', ')}}`;
    case 'enum': return `enum{${t.labels.join(', ')}}`;
    case 'flags': return `flags{${t.labels.join(', ')}}`;
    case 'option': return `option<${formatType(t.type)}>`;
    case 'result': return `result<${formatType(t.ok)}, ${formatType(t.err)}>`;
    case 'own': case 'borrow': return `${t.kind}<resource>`;
    case 'stream': case 'future': return `${t.kind}<${formatType(t.elem)}>`;
    case 'map': return `map<${formatType(t.key)}, ${formatType(t.value)}>`;
    default: return t.kind;
  }
}

// ---------------------------------------------------------------------------
// wast value → JS argument

function mismatch(v: CValue, t: ValType, why = ''): never {
  throw new ValueTypeMismatch(`${formatCValue(v)} is not a value of type ${formatType(t)}${why ? `: ${why}` : ''}`);
}

/** Converts a wast value to the JS value jco's conventions use for type `t`. */
export function toJs(v: CValue, t: ValType): unknown {
  switch (t.kind) {
    case 'bool': case 'u8': case 's8': case 'u16': case 's16': case 'u32': case 's32':
    case 'u64': case 's64': case 'f32': case 'f64': case 'char': case 'string':
      if (v.kind !== (t.kind === 'string' ? 'string' : t.kind)) mismatch(v, t);
      return (v as { value: unknown }).value;
    case 'list': {
      if (v.kind !== 'list') mismatch(v, t);
      if (t.length !== undefined && v.items.length !== t.length) mismatch(v, t, `expected ${t.length} elements`);
      const items = v.items.map((x) => toJs(x, t.elem));
      const TA = typedArrayFor(t.elem);
      return TA ? (TA.from as (xs: unknown[]) => unknown)(items) : items;
    }
    case 'tuple': {
      if (v.kind !== 'tuple' || v.items.length !== t.types.length) mismatch(v, t);
      return v.items.map((x, i) => toJs(x, t.types[i]!));
    }
    case 'record': {
      if (v.kind !== 'record') mismatch(v, t);
      const given = new Map(v.fields);
      if (given.size !== v.fields.length) mismatch(v, t, 'duplicate field');
      for (const k of given.keys()) if (!t.fields.some((f) => f.label === k)) mismatch(v, t, `no field "${k}"`);
      const out: Record<string, unknown> = {};
      for (const f of t.fields) {
        const x = given.get(f.label);
        if (x === undefined) mismatch(v, t, `missing field "${f.label}"`);
        out[lowerCamelCase(f.label)] = toJs(x, f.type);
      }
      return out;
    }
    case 'variant': {
      if (v.kind !== 'variant') mismatch(v, t);
      const c = t.cases.find((k) => k.label === v.label);
      if (!c) mismatch(v, t, `no case "${v.label}"`);
      if ((c.type === undefined) !== (v.payload === undefined)) mismatch(v, t, `payload of case "${v.label}"`);
      return c.type === undefined ? { tag: c.label } : { tag: c.label, val: toJs(v.payload!, c.type) };
    }
    case 'enum':
      if (v.kind !== 'enum' || !t.labels.includes(v.label)) mismatch(v, t);
      return v.label;
    case 'flags': {
      if (v.kind !== 'flags') mismatch(v, t);
      for (const l of v.labels) if (!t.labels.includes(l)) mismatch(v, t, `no flag "${l}"`);
      const out: Record<string, boolean> = {};
      for (const l of t.labels) out[lowerCamelCase(l)] = v.labels.includes(l);
      return out;
    }
    case 'option': {
      if (v.kind !== 'option') mismatch(v, t);
      const some = v.some === undefined ? undefined : toJs(v.some, t.type);
      if (isNullable(t.type)) return v.some === undefined ? { tag: 'none' } : { tag: 'some', val: some };
      return some;
    }
    case 'result': {
      if (v.kind !== 'result') mismatch(v, t);
      const pt = v.ok ? t.ok : t.err;
      if ((pt === undefined) !== (v.payload === undefined)) mismatch(v, t, `payload of ${v.ok ? 'ok' : 'err'}`);
      return { tag: v.ok ? 'ok' : 'err', val: pt === undefined ? undefined : toJs(v.payload!, pt) };
    }
    default:
      return mismatch(v, t, 'the script syntax has no values of this type');
  }
}

/** Converts invoke arguments for a function type. */
export function argsToJs(args: readonly CValue[], ft: FuncType): unknown[] {
  if (args.length !== ft.params.length) {
    throw new ValueTypeMismatch(`${args.length} argument(s) given, the function takes ${ft.params.length}`);
  }
  return args.map((a, i) => toJs(a, ft.params[i]!.type));
}

// ---------------------------------------------------------------------------
// JS result → component value

function describeJs(x: unknown): string {
  if (typeof x === 'bigint') return `${x}n`;
  if (typeof x === 'string') return JSON.stringify(x);
  if (x === undefined || x === null || typeof x !== 'object') return String(x);
  if (ArrayBuffer.isView(x)) return `${x.constructor.name}(${(x as unknown as ArrayLike<unknown>).length})`;
  try {
    const s = JSON.stringify(x, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
    return s.length > 120 ? `${s.slice(0, 120)}...` : s;
  } catch {
    return Object.prototype.toString.call(x);
  }
}

function shape(x: unknown, t: ValType, path: string, why = ''): never {
  throw new JsShapeError(`${path}: ${describeJs(x)} is not jco's representation of ${formatType(t)}${why ? ` (${why})` : ''}`);
}

const INT_RANGE: Readonly<Record<string, readonly [number, number]>> = {
  u8: [0, 0xff], s8: [-0x80, 0x7f], u16: [0, 0xffff], s16: [-0x8000, 0x7fff], u32: [0, 0xffffffff], s32: [-0x80000000, 0x7fffffff],
};

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x) || ArrayBuffer.isView(x)) return false;
  const proto = Object.getPrototypeOf(x) as unknown;
  return proto === Object.prototype || proto === null;
}

function checkKeys(x: Record<string, unknown>, allowed: readonly string[], t: ValType, path: string): void {
  for (const k of Object.keys(x)) if (!allowed.includes(k)) shape(x, t, path, `unexpected key "${k}"`);
}

/** Reads a JS value in jco's conventions for type `t` back as a component value (strict). */
export function fromJs(x: unknown, t: ValType, path = 'result'): CValue {
  switch (t.kind) {
    case 'bool':
      if (typeof x !== 'boolean') shape(x, t, path);
      return { kind: 'bool', value: x };
    case 'u8': case 's8': case 'u16': case 's16': case 'u32': case 's32': {
      const [lo, hi] = INT_RANGE[t.kind]!;
      if (typeof x !== 'number' || !Number.isInteger(x) || x < lo || x > hi || Object.is(x, -0)) shape(x, t, path);
      return { kind: t.kind, value: x };
    }
    case 'u64': case 's64': {
      if (typeof x !== 'bigint' || (t.kind === 'u64' ? BigInt.asUintN(64, x) : BigInt.asIntN(64, x)) !== x) shape(x, t, path);
      return { kind: t.kind, value: x };
    }
    case 'f32':
      if (typeof x !== 'number' || !(Number.isNaN(x) || Math.fround(x) === x)) shape(x, t, path, 'not an f32 value');
      return { kind: 'f32', value: x };
    case 'f64':
      if (typeof x !== 'number') shape(x, t, path);
      return { kind: 'f64', value: x };
    case 'char': {
      // One code point, and not a lone surrogate (a char is a Unicode scalar value).
      if (typeof x !== 'string' || [...x].length !== 1 || (x.length === 1 && /[\ud800-\udfff]/.test(x))) shape(x, t, path);
      return { kind: 'char', value: x };
    }
    case 'string':
      if (typeof x !== 'string' || !isWellFormed(x)) shape(x, t, path);
      return { kind: 'string', value: x };
    case 'list': {
      const TA = typedArrayFor(t.elem);
      let items: readonly unknown[];
      if (TA) {
        if (!(x instanceof TA)) shape(x, t, path, `expected a ${TA.name}`);
        items = Array.from(x as ArrayLike<unknown>);
      } else {
        if (!Array.isArray(x)) shape(x, t, path, 'expected an array');
        items = x;
      }
      if (t.length !== undefined && items.length !== t.length) shape(x, t, path, `expected ${t.length} elements`);
      return { kind: 'list', items: items.map((e, i) => fromJs(e, t.elem, `${path}[${i}]`)) };
    }
    case 'tuple':
      if (!Array.isArray(x) || x.length !== t.types.length) shape(x, t, path);
      return { kind: 'tuple', items: t.types.map((et, i) => fromJs(x[i], et, `${path}[${i}]`)) };
    case 'record': {
      if (!isPlainObject(x)) shape(x, t, path);
      const keys = t.fields.map((f) => lowerCamelCase(f.label));
      checkKeys(x, keys, t, path);
      return {
        kind: 'record',
        fields: t.fields.map((f, i) => {
          if (!(keys[i]! in x)) shape(x, t, path, `missing key "${keys[i]}"`);
          return [f.label, fromJs(x[keys[i]!], f.type, `${path}.${keys[i]}`)] as const;
        }),
      };
    }
    case 'variant': {
      if (!isPlainObject(x) || typeof x['tag'] !== 'string') shape(x, t, path);
      checkKeys(x, ['tag', 'val'], t, path);
      const c = t.cases.find((k) => k.label === x['tag']);
      if (!c) shape(x, t, path, `unknown tag "${String(x['tag'])}"`);
      if (c.type === undefined) {
        if (x['val'] !== undefined) shape(x, t, path, `case "${c.label}" has no payload`);
        return { kind: 'variant', label: c.label };
      }
      if (!('val' in x)) shape(x, t, path, 'missing key "val"');
      return { kind: 'variant', label: c.label, payload: fromJs(x['val'], c.type, `${path}.val`) };
    }
    case 'enum':
      if (typeof x !== 'string' || !t.labels.includes(x)) shape(x, t, path);
      return { kind: 'enum', label: x };
    case 'flags': {
      if (!isPlainObject(x)) shape(x, t, path);
      const keys = t.labels.map(lowerCamelCase);
      checkKeys(x, keys, t, path);
      const labels: string[] = [];
      t.labels.forEach((l, i) => {
        const b = x[keys[i]!];
        if (typeof b !== 'boolean') shape(x, t, path, `key "${keys[i]}" must be a boolean`);
        if (b) labels.push(l);
      });
      return { kind: 'flags', labels };
    }
    case 'option': {
      if (isNullable(t.type)) {
        if (!isPlainObject(x) || (x['tag'] !== 'none' && x['tag'] !== 'some')) shape(x, t, path, 'expected { tag: "none" | "some" }');
        checkKeys(x, ['tag', 'val'], t, path);
        if (x['tag'] === 'none') {
          if (x['val'] !== undefined) shape(x, t, path);
          return { kind: 'option' };
        }
        if (!('val' in x)) shape(x, t, path, 'missing key "val"');
        return { kind: 'option', some: fromJs(x['val'], t.type, `${path}.val`) };
      }
      return x === undefined ? { kind: 'option' } : { kind: 'option', some: fromJs(x, t.type, path) };
    }
    case 'result': {
      if (!isPlainObject(x) || (x['tag'] !== 'ok' && x['tag'] !== 'err')) shape(x, t, path, 'expected { tag: "ok" | "err", val }');
      checkKeys(x, ['tag', 'val'], t, path);
      const ok = x['tag'] === 'ok';
      return resultValue(ok, x['val'], ok ? t.ok : t.err, `${path}.val`);
    }
    default:
      return shape(x, t, path, 'the script syntax has no values of this type');
  }
}

function resultValue(ok: boolean, val: unknown, pt: ValType | undefined, path: string): CValue {
  if (pt === undefined) {
    if (val !== undefined) throw new JsShapeError(`${path}: ${describeJs(val)} where no payload is expected`);
    return { kind: 'result', ok };
  }
  return { kind: 'result', ok, payload: fromJs(val, pt, path) };
}

function isWellFormed(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return false;
    }
  }
  return true;
}

/** What a call of an export did: returned a value or threw. */
export type CallOutcome = { readonly returned: unknown } | { readonly threw: unknown };

/**
 * A jco-style ComponentError with `payload`: purewasm's (src/component/errors.ts, `name` set) or
 * the class jco generates (only its constructor is named ComponentError).
 */
export function isComponentError(e: unknown): e is Error & { payload: unknown } {
  return e instanceof Error && (e.name === 'ComponentError' || e.constructor?.name === 'ComponentError') && 'payload' in e;
}

/**
 * The function's results as component values (0 or 1 of them), from what the call did.
 * Returns undefined when the call threw something that is not the function's `err` result
 * (the caller classifies that error).
 */
export function resultsFromJs(outcome: CallOutcome, ft: FuncType): CValue[] | undefined {
  const rt = ft.result;
  if ('threw' in outcome) {
    if (rt?.kind === 'result' && isComponentError(outcome.threw)) {
      return [resultValue(false, outcome.threw.payload, rt.err, 'thrown ComponentError.payload')];
    }
    return undefined;
  }
  const x = outcome.returned;
  if (rt === undefined) {
    if (x !== undefined) throw new JsShapeError(`result: ${describeJs(x)} from a function without a result`);
    return [];
  }
  if (rt.kind === 'result') return [resultValue(true, x, rt.ok, 'result')];
  return [fromJs(x, rt)];
}
