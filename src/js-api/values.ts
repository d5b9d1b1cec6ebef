// Conversions between JS values and wasm values in machine slots. Spec: WebAssembly JS API
// §"ToJSValue" and §"ToWebAssemblyValue": i32 by ToInt32, i64 ↔ BigInt (ToBigInt64), f32 by
// ToNumber then rounding to the nearest float32, f64 by ToNumber; a funcref only from an
// Exported Function whose type matches; an externref from any JS value (null = ref.null); v128
// values never cross (a TypeError).
//
// exnref: the JS API makes every exnref crossing a TypeError too. purewasm lets exnref values
// cross instead (null, or an Exception object: the same object both ways), because the core
// spec test runner (spec-tests/) drives purewasm through this API and the core tests pass exnref
// values to and from the host. EXNREF_CROSSES = false gives the spec's behaviour.

import {
  F32, F64, HT_ANY, HT_EXN, HT_EXTERN, HT_FUNC, HT_NOEXN, HT_NOEXTERN, HT_NOFUNC, HT_NONE, I32, I64, V128,
  concreteHeap, heapOf, isConcrete, isNullable, isRef, refType, type FuncType, type ValType,
} from '../core/types.js';
import { HostFunction, WasmFunction, type FuncInstance } from '../core/exec/runtime/func.js';
import { valTypeMatches, type TypeCtx } from '../core/exec/runtime/type-ids.js';
import { WasmException } from '../core/exec/runtime/exception.js';
import { exceptionObject, exceptionOf } from './exception.js';
import { exportedFunction, funcInstanceOf } from './functions.js';
import { toNumber } from './webidl.js';

/** Value slots as the machine lays them out: slot s is i32[2s] (and i32[2s+1]), f32[2s], f64[s], refs[s]. */
export interface Slots {
  readonly i32: Int32Array;
  readonly f32: Float32Array;
  readonly f64: Float64Array;
  readonly refs: unknown[];
}

const TWO32 = 2n ** 32n;

export function bigintToHalves(v: bigint, out: Int32Array, o: number): void {
  const u = BigInt.asUintN(64, v);
  out[o] = Number(u % TWO32) | 0;
  out[o + 1] = Number(u / TWO32) | 0;
}

export function halvesToBigint(lo: number, hi: number): bigint {
  return (BigInt(hi) << 32n) | BigInt(lo >>> 0);
}

/** ECMAScript ToInt32 (through ToNumber: a TypeError for BigInts and Symbols). */
export function toInt32(v: unknown): number {
  return toNumber(v) | 0;
}

/** ECMAScript ToBigInt64 (a TypeError for Numbers, undefined, null and Symbols). */
export function toBigInt64(v: unknown): bigint {
  return BigInt.asIntN(64, v as bigint);
}

/** Whether exnref values may cross the boundary (a purewasm extension, see above). */
export const EXNREF_CROSSES = true;

/** Whether values of type t cannot cross the boundary at all (v128; exnref unless EXNREF_CROSSES). */
export function isOpaqueType(t: ValType): boolean {
  if (t === V128) return true;
  if (EXNREF_CROSSES || !isRef(t)) return false;
  const h = heapOf(t);
  return h === HT_EXN || h === HT_NOEXN;
}

/** Whether some parameter or result of a function type is v128 or exnref. */
export function hasOpaqueType(ft: FuncType): boolean {
  return ft.params.some(isOpaqueType) || ft.results.some(isOpaqueType);
}

/** The type context of a function instance and its type as a reference type in it, if known. */
function funcRefType(f: FuncInstance): { t: ValType; ctx: TypeCtx } | undefined {
  if (!(f instanceof WasmFunction)) return undefined;
  const inst = f.instance;
  const ti = inst.module.funcs[f.index];
  if (ti === undefined) return undefined;
  return { t: refType(concreteHeap(ti), false), ctx: { types: inst.module.types, ids: inst.typeIds } };
}

/** Whether function f is a value of reference type t (of context ctx). */
function funcMatches(f: FuncInstance, t: ValType, ctx: TypeCtx | undefined): boolean {
  const h = heapOf(t);
  if (h === HT_FUNC) return true;
  if (!isConcrete(h)) return false;
  const own = funcRefType(f);
  if (own) return valTypeMatches(own.t, own.ctx, t, ctx);
  // A host function: its type is known by global id only.
  const want = ctx?.ids[h - 0x80];
  return want !== undefined && want === f.typeId && ctx?.types[h - 0x80]?.composite.kind === 'func';
}

/** ToWebAssemblyValue for a reference type: null, a function instance or a host value; TypeError otherwise. */
export function toRef(t: ValType, v: unknown, ctx?: TypeCtx): unknown {
  const h = heapOf(t);
  if (v === null) {
    if (!isNullable(t)) throw new TypeError('a non-nullable reference cannot be null');
    return null;
  }
  if (h === HT_EXTERN) return v;
  if (h === HT_NOEXTERN || h === HT_NOFUNC || h === HT_NONE) throw new TypeError('only null is a value of a bottom reference type');
  if (h === HT_EXN && EXNREF_CROSSES) {
    const ex = exceptionOf(v);
    if (ex) return ex;
    throw new TypeError('an exnref value must be a WebAssembly.Exception or null');
  }
  if (h === HT_EXN || h === HT_NOEXN) throw new TypeError('exnref values cannot cross the JavaScript boundary');
  // anyref: any JS value as a host value, functions included (they are not in any's hierarchy).
  // (i31 and the other GC heap types are not executed yet.)
  if (h === HT_ANY) return v;
  const f = funcInstanceOf(v);
  if (f) {
    if (h === HT_FUNC || funcMatches(f, t, ctx)) return f;
    throw new TypeError('the function does not match the expected reference type');
  }
  if (h === HT_FUNC || (isConcrete(h) && ctx?.types[h - 0x80]?.composite.kind === 'func')) {
    throw new TypeError('value is not an exported WebAssembly function');
  }
  throw new TypeError(`JavaScript values of type ${typeof v} cannot be converted to this reference type yet`);
}

/**
 * ToWebAssemblyValue(v, t): v converted for type t (of type context ctx), as a raw value for
 * writeRaw: an i32 as a Number, an i64 as a BigInt, floats as Numbers, a reference as itself.
 * All user code (valueOf, toString, @@toPrimitive) runs here, before anything is written.
 */
export function toWasm(t: ValType, v: unknown, ctx?: TypeCtx): unknown {
  switch (t) {
    case I32: return toInt32(v);
    case I64: return toBigInt64(v);
    case F32: case F64: return toNumber(v);
    case V128: throw new TypeError('v128 values cannot cross the JavaScript boundary');
  }
  if (isRef(t)) return toRef(t, v, ctx);
  throw new TypeError(`unsupported value type ${t}`);
}

/** Writes a raw value from toWasm into slot `slot`. */
export function writeRaw(m: Slots, slot: number, t: ValType, raw: unknown): void {
  switch (t) {
    case I32: m.i32[slot * 2] = raw as number; return;
    case I64: bigintToHalves(raw as bigint, m.i32, slot * 2); return;
    case F32: m.f32[slot * 2] = raw as number; return;
    case F64: m.f64[slot] = raw as number; return;
  }
  m.refs[slot] = raw;
}

/** Converts v for type t and writes it into slot `slot`. */
export function writeValue(m: Slots, slot: number, t: ValType, v: unknown, ctx?: TypeCtx): void {
  writeRaw(m, slot, t, toWasm(t, v, ctx));
}

/** Reads slot `slot` as a JS value of type t (ToJSValue). */
export function readValue(m: Slots, slot: number, t: ValType): unknown {
  switch (t) {
    case I32: return m.i32[slot * 2];
    case I64: return halvesToBigint(m.i32[slot * 2]!, m.i32[slot * 2 + 1]!);
    case F32: return m.f32[slot * 2];
    case F64: return m.f64[slot];
    case V128: throw new TypeError('v128 values cannot cross the JavaScript boundary');
  }
  if (isRef(t)) {
    if (isOpaqueType(t)) throw new TypeError('exnref values cannot cross the JavaScript boundary');
    return refToJS(m.refs[slot]);
  }
  throw new TypeError(`unsupported value type ${t}`);
}

export function refToJS(r: unknown): unknown {
  if (r instanceof WasmFunction || r instanceof HostFunction) return exportedFunction(r);
  if (r instanceof WasmException) return exceptionObject(r);
  return r;
}

/** Scratch slots for converting single values (globals, exception payloads). */
export function scratchSlots(n: number): Slots {
  const bits = new Int32Array(Math.max(1, n) * 2);
  return { i32: bits, f32: new Float32Array(bits.buffer), f64: new Float64Array(bits.buffer), refs: new Array<unknown>(Math.max(1, n)).fill(null) };
}

/**
 * DefaultValue(t) as the JS API defines it, as a wasm value: undefined for externref (the
 * conversion of `undefined`), null for other nullable references, zero for numbers; `error`
 * (a TypeError thrown by the caller) for non-nullable references.
 */
export function defaultRef(t: ValType): { ok: true; ref: unknown } | { ok: false } {
  if (!isNullable(t)) return { ok: false };
  return { ok: true, ref: heapOf(t) === HT_EXTERN ? undefined : null };
}
