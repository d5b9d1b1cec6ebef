// WebAssembly.Tag and WebAssembly.Exception. Spec: WebAssembly JS API §"Tags" and
// §"Exceptions" (constructing an exception from a tag and payload, getArg, is), and how
// exceptions cross the boundary: a wasm exception reaching JS becomes an Exception object (the
// same object when it was one to begin with); any other JS value thrown into wasm is caught only
// by catch_all and comes out as itself.

import { WasmException } from '../core/exec/runtime/exception.js';
import { TagInstance } from '../core/exec/runtime/instance.js';
import { funcTypeId } from '../core/exec/runtime/type-ids.js';
import type { Machine } from '../core/exec/machine.js';
import { valTypeFromString } from './global.js';
import { readValue, writeValue } from './values.js';

const tagInternals = new WeakMap<object, TagInstance>();
const tagWrappers = new WeakMap<TagInstance, Tag>();
const exnInternals = new WeakMap<object, WasmException>();
const exnWrappers = new WeakMap<WasmException, Exception>();

export class Tag {
  constructor(type: { parameters: Iterable<string> }) {
    if (!new.target) throw new TypeError('calling a builtin Tag constructor without new is forbidden');
    if (type === null || typeof type !== 'object') throw new TypeError('Tag: descriptor must be an object');
    const params = [...type.parameters].map(valTypeFromString);
    const ft = { kind: 'func', params, results: [] } as const;
    const t = new TagInstance(ft, funcTypeId(ft));
    tagInternals.set(this, t);
    tagWrappers.set(t, this);
  }
}
Object.defineProperty(Tag.prototype, Symbol.toStringTag, { value: 'WebAssembly.Tag', configurable: true });

export function tagInstanceOf(v: unknown): TagInstance | undefined {
  return typeof v === 'object' && v !== null ? tagInternals.get(v) : undefined;
}

export function tagObject(t: TagInstance): Tag {
  let w = tagWrappers.get(t);
  if (!w) {
    w = Object.create(Tag.prototype) as Tag;
    tagInternals.set(w, t);
    tagWrappers.set(t, w);
  }
  return w;
}

/** A scratch machine view for converting payload values (one value per slot). */
function payloadFrame(bits: Int32Array, refs: unknown[]): Machine {
  return { i32: bits, f32: new Float32Array(bits.buffer), f64: new Float64Array(bits.buffer), refs } as unknown as Machine;
}

export class Exception {
  constructor(tag: Tag, payload: Iterable<unknown>, _options?: { traceStack?: boolean }) {
    if (!new.target) throw new TypeError('calling a builtin Exception constructor without new is forbidden');
    const t = tagInstanceOf(tag);
    if (!t) throw new TypeError('Exception: first argument must be a WebAssembly.Tag');
    const values = [...payload];
    const ps = t.type.params;
    if (values.length !== ps.length) throw new TypeError(`Exception: expected ${ps.length} payload values`);
    const bits = new Int32Array(ps.length * 2);
    const refs: unknown[] = new Array(ps.length).fill(null);
    const frame = payloadFrame(bits, refs);
    ps.forEach((p, i) => writeValue(frame, i, p, values[i]));
    const ex = new WasmException(t, bits, refs);
    exnInternals.set(this, ex);
    exnWrappers.set(ex, this);
  }

  getArg(tag: Tag, index: number): unknown {
    const ex = exnInternals.get(this);
    const t = tagInstanceOf(tag);
    if (!ex || !t) throw new TypeError('Exception.getArg: bad receiver or tag');
    if (ex.tag !== t) throw new TypeError('Exception.getArg: tag does not match');
    const i = Number(index);
    if (!Number.isInteger(i) || i < 0 || i >= t.type.params.length) throw new RangeError('Exception.getArg: index out of range');
    return readValue(payloadFrame(ex.bits, ex.refs), i, t.type.params[i]!);
  }

  is(tag: Tag): boolean {
    const ex = exnInternals.get(this);
    const t = tagInstanceOf(tag);
    if (!ex || !t) throw new TypeError('Exception.is: bad receiver or tag');
    return ex.tag === t;
  }
}
Object.defineProperty(Exception.prototype, Symbol.toStringTag, { value: 'WebAssembly.Exception', configurable: true });

/** A JS value thrown by a host function, as a wasm exception. */
export function toWasmException(e: unknown): WasmException {
  if (e instanceof WasmException) return e;
  const inner = typeof e === 'object' && e !== null ? exnInternals.get(e) : undefined;
  return inner ?? new WasmException(null, new Int32Array(0), [], e);
}

/** A wasm exception reaching JS: the foreign value, or an Exception object. */
export function fromWasmException(ex: WasmException): unknown {
  if (ex.tag === null) return ex.foreign;
  let w = exnWrappers.get(ex);
  if (!w) {
    w = Object.create(Exception.prototype) as Exception;
    exnInternals.set(w, ex);
    exnWrappers.set(ex, w);
  }
  return w;
}
