// Conversions between JS values and wasm values in machine slots. Spec: WebAssembly JS API
// §"ToJSValue" and §"ToWebAssemblyValue": i64 ↔ BigInt, f32 rounding, funcref only from
// exported wasm functions, externref any JS value (null = ref.null), v128 not convertible.

import { F32, F64, I32, I64, V128, HT_EXTERN, HT_FUNC, heapOf, isRef, type ValType } from '../core/types.js';
import type { Machine } from '../core/exec/machine.js';
import type { FuncInstance } from '../core/exec/runtime/func.js';
import { exportedFunction, funcInstanceOf } from './functions.js';

const TWO32 = 2n ** 32n;

export function bigintToHalves(v: bigint, out: Int32Array, o: number): void {
  const u = BigInt.asUintN(64, v);
  out[o] = Number(u % TWO32) | 0;
  out[o + 1] = Number(u / TWO32) | 0;
}

export function halvesToBigint(lo: number, hi: number): bigint {
  return (BigInt(hi) << 32n) | BigInt(lo >>> 0);
}

/** ToWebAssemblyValue for a reference type: null/a reference, or TypeError. */
export function toRef(t: ValType, v: unknown): unknown {
  const h = heapOf(t);
  if (h === HT_EXTERN) return v === null ? null : v;
  if (h === HT_FUNC || h >= 0x80) {
    if (v === null) {
      if ((t & 1) === 0) throw new TypeError('a non-nullable reference cannot be null');
      return null;
    }
    const f = funcInstanceOf(v);
    if (!f) throw new TypeError('value is not an exported WebAssembly function');
    return f;
  }
  throw new TypeError(`values of type ${t} cannot be passed from JavaScript yet`);
}

/** Writes v (converted to type t) into slot `slot`. */
export function writeValue(m: Machine, slot: number, t: ValType, v: unknown): void {
  switch (t) {
    case I32: m.i32[slot * 2] = toInt32(v); return;
    case I64: bigintToHalves(toBigInt64(v), m.i32, slot * 2); return;
    case F32: m.f32[slot * 2] = Number(v); return;
    case F64: m.f64[slot] = Number(v); return;
    case V128: throw new TypeError('v128 values cannot cross the JavaScript boundary');
  }
  if (isRef(t)) {
    m.refs[slot] = toRef(t, v);
    return;
  }
  throw new TypeError(`unsupported value type ${t}`);
}

/** Reads slot `slot` as a JS value of type t. */
export function readValue(m: Machine, slot: number, t: ValType): unknown {
  switch (t) {
    case I32: return m.i32[slot * 2];
    case I64: return halvesToBigint(m.i32[slot * 2]!, m.i32[slot * 2 + 1]!);
    case F32: return m.f32[slot * 2];
    case F64: return m.f64[slot];
    case V128: throw new TypeError('v128 values cannot cross the JavaScript boundary');
  }
  if (isRef(t)) return refToJS(m.refs[slot]);
  throw new TypeError(`unsupported value type ${t}`);
}

export function refToJS(r: unknown): unknown {
  if (r !== null && typeof r === 'object' && (r as { kind?: unknown }).kind !== undefined && isFuncInstance(r)) {
    return exportedFunction(r as FuncInstance);
  }
  return r;
}

function isFuncInstance(r: object): boolean {
  const k = (r as { kind?: unknown; typeId?: unknown }).kind;
  return (k === 0 || k === 1) && typeof (r as { typeId?: unknown }).typeId === 'number' && 'type' in r;
}

export function toInt32(v: unknown): number {
  if (typeof v === 'bigint') throw new TypeError('cannot convert a BigInt to an i32');
  return Number(v) | 0;
}

export function toBigInt64(v: unknown): bigint {
  if (typeof v === 'bigint') return BigInt.asIntN(64, v);
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'string') return BigInt.asIntN(64, BigInt(v));
  throw new TypeError(`cannot convert ${typeof v} to a BigInt`);
}

/** The default value of a type as a JS value (for Global/Table constructors without a value). */
export function defaultValue(t: ValType): unknown {
  switch (t) {
    case I32: case F32: case F64: return 0;
    case I64: return 0n;
  }
  return isRef(t) && heapOf(t) === HT_EXTERN ? undefined : null;
}
