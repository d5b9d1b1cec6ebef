// WebAssembly.Global. Spec: WebAssembly JS API §"Globals": value type, mutability, `value`
// accessor (setting an immutable global throws), valueOf.

import { GlobalInstance } from '../core/exec/runtime/global.js';
import { F32, F64, I32, I64, V128, EXTERNREF, FUNCREF, isRef, type ValType } from '../core/types.js';
import { bigintToHalves, defaultValue, halvesToBigint, refToJS, toBigInt64, toInt32, toRef } from './values.js';

const wrappers = new WeakMap<GlobalInstance, Global>();
const internals = new WeakMap<object, GlobalInstance>();

export interface GlobalDescriptor { value: string; mutable?: boolean }

export function valTypeFromString(s: unknown): ValType {
  switch (String(s)) {
    case 'i32': return I32;
    case 'i64': return I64;
    case 'f32': return F32;
    case 'f64': return F64;
    case 'v128': return V128;
    case 'anyfunc': case 'funcref': return FUNCREF;
    case 'externref': return EXTERNREF;
  }
  throw new TypeError(`unknown value type ${String(s)}`);
}

export function setGlobalValue(g: GlobalInstance, v: unknown): void {
  const t = g.type.type;
  switch (t) {
    case I32: g.bits[0] = toInt32(v); return;
    case I64: bigintToHalves(toBigInt64(v), g.bits, 0); return;
    case F32: g.f32[0] = Number(v); return;
    case F64: g.f64[0] = Number(v); return;
    case V128: throw new TypeError('v128 globals cannot be set from JavaScript');
  }
  g.ref = toRef(t, v);
}

export function getGlobalValue(g: GlobalInstance): unknown {
  const t = g.type.type;
  switch (t) {
    case I32: return g.bits[0];
    case I64: return halvesToBigint(g.bits[0]!, g.bits[1]!);
    case F32: return g.f32[0];
    case F64: return g.f64[0];
    case V128: throw new TypeError('v128 globals cannot be read from JavaScript');
  }
  return isRef(t) ? refToJS(g.ref) : undefined;
}

export class Global {
  constructor(descriptor: GlobalDescriptor, value?: unknown) {
    if (!new.target) throw new TypeError('calling a builtin Global constructor without new is forbidden');
    if (descriptor === null || typeof descriptor !== 'object') throw new TypeError('descriptor must be an object');
    const type = valTypeFromString(descriptor.value);
    if (type === V128) throw new TypeError('v128 globals cannot be created from JavaScript');
    const g = new GlobalInstance({ type, mutable: Boolean(descriptor.mutable) });
    setGlobalValue(g, value === undefined ? defaultValue(type) : value);
    bind(this, g);
  }

  get value(): unknown {
    return getGlobalValue(globalInstanceOf(this));
  }

  set value(v: unknown) {
    const g = globalInstanceOf(this);
    if (!g.type.mutable) throw new TypeError('cannot set the value of an immutable global');
    setGlobalValue(g, v);
  }

  valueOf(): unknown {
    return getGlobalValue(globalInstanceOf(this));
  }
}
Object.defineProperty(Global.prototype, Symbol.toStringTag, { value: 'WebAssembly.Global', configurable: true });

function bind(w: Global, g: GlobalInstance): void {
  internals.set(w, g);
  wrappers.set(g, w);
}

export function globalInstanceOf(v: unknown): GlobalInstance {
  const g = typeof v === 'object' && v !== null ? internals.get(v) : undefined;
  if (!g) throw new TypeError('not a WebAssembly.Global');
  return g;
}

export function isGlobal(v: unknown): boolean {
  return typeof v === 'object' && v !== null && internals.has(v);
}

export function globalObject(g: GlobalInstance): Global {
  let w = wrappers.get(g);
  if (!w) {
    w = Object.create(Global.prototype) as Global;
    bind(w, g);
  }
  return w;
}
