// WebAssembly.Global. Spec: WebAssembly JS API §"Globals": the descriptor ({ mutable, value },
// read in that order), the initial value (DefaultValue when missing), the `value` accessor
// (setting an immutable global is a TypeError before the value is converted) and valueOf();
// v128 and exnref globals cannot be created, read or written from JS.

import { GlobalInstance } from '../core/exec/runtime/global.js';
import { EXTERNREF, F32, F64, FUNCREF, I32, I64, V128, type ValType } from '../core/types.js';
import { defaultRef, isOpaqueType, readValue, scratchSlots, toWasm, writeRaw, type Slots } from './values.js';
import { brand, defineInterface, dictionary, isObject, toStringIDL } from './webidl.js';

const objects = new WeakMap<GlobalInstance, Global>();
const slots = new WeakMap<object, GlobalInstance>();

export interface GlobalDescriptor { value: string; mutable?: boolean }

/**
 * ToValueType of the ValueType enumeration ("i32", "i64", "f32", "f64", "v128", "externref",
 * "anyfunc"; "funcref" is accepted too, as the type reflection proposal spells it).
 */
export function valueTypeFromString(v: unknown, what: string): ValType {
  const s = toStringIDL(v);
  switch (s) {
    case 'i32': return I32;
    case 'i64': return I64;
    case 'f32': return F32;
    case 'f64': return F64;
    case 'v128': return V128;
    case 'anyfunc': case 'funcref': return FUNCREF;
    case 'externref': return EXTERNREF;
  }
  throw new TypeError(`${what}: "${s}" is not a value type`);
}

/** Slots over a global's storage (slot 0). */
function globalSlots(g: GlobalInstance): Slots {
  return { i32: g.bits, f32: g.f32, f64: g.f64, refs: [g.ref] };
}

/** ToWebAssemblyValue(v) stored into g (no type or mutability check). */
export function setGlobalValue(g: GlobalInstance, v: unknown): void {
  const t = g.type.type;
  const raw = toWasm(t, v, g.typeCtx);
  storeRaw(g, raw);
}

function storeRaw(g: GlobalInstance, raw: unknown): void {
  const t = g.type.type;
  const s = scratchSlots(1);
  writeRaw(s, 0, t, raw);
  g.bits[0] = s.i32[0]!;
  g.bits[1] = s.i32[1]!;
  g.ref = s.refs[0];
}

/** GetGlobalValue. */
export function getGlobalValue(g: GlobalInstance): unknown {
  const t = g.type.type;
  if (isOpaqueType(t)) throw new TypeError('WebAssembly.Global: v128 and exnref values cannot be read from JavaScript');
  return readValue(globalSlots(g), 0, t);
}

export class Global {
  constructor(descriptor: GlobalDescriptor, v?: unknown) {
    const d = dictionary(descriptor, 'WebAssembly.Global: the descriptor');
    const mutable = Boolean(d.mutable);
    const value = d.value;
    if (value === undefined) throw new TypeError('WebAssembly.Global: the descriptor needs "value"');
    const type = valueTypeFromString(value, 'WebAssembly.Global');
    if (isOpaqueType(type)) throw new TypeError('WebAssembly.Global: v128 globals cannot be created from JavaScript');
    const g = new GlobalInstance({ type, mutable });
    if (v === undefined) {
      const dv = defaultRef(type);
      storeRaw(g, type === I64 ? 0n : type === I32 || type === F32 || type === F64 ? 0 : dv.ok ? dv.ref : null);
    } else {
      setGlobalValue(g, v);
    }
    bind(this, g);
  }

  get value(): unknown {
    return getGlobalValue(brand(slots, this, 'WebAssembly.Global.prototype.value: not a WebAssembly.Global'));
  }

  set value(v: unknown) {
    const g = brand(slots, this, 'WebAssembly.Global.prototype.value: not a WebAssembly.Global');
    if (isOpaqueType(g.type.type)) throw new TypeError('WebAssembly.Global: v128 and exnref values cannot be written from JavaScript');
    if (!g.type.mutable) throw new TypeError('WebAssembly.Global: cannot set the value of an immutable global');
    setGlobalValue(g, v);
  }

  valueOf(): unknown {
    return getGlobalValue(brand(slots, this, 'WebAssembly.Global.prototype.valueOf: not a WebAssembly.Global'));
  }
}
defineInterface(Global, { name: 'Global', length: 1, operations: [['valueOf', 0]], attributes: ['value'] });

function bind(w: Global, g: GlobalInstance): void {
  slots.set(w, g);
  objects.set(g, w);
}

export function globalInstanceOf(v: unknown): GlobalInstance | undefined {
  return isObject(v) ? slots.get(v) : undefined;
}

/** The Global object of a global instance (the same object every time). */
export function globalObject(g: GlobalInstance): Global {
  let w = objects.get(g);
  if (!w) {
    w = Object.create(Global.prototype) as Global;
    bind(w, g);
  }
  return w;
}
