// Numeric conversions. Spec: WebAssembly Core 3.0 §4.3.4 "Conversions" (trunc_u/s, trunc_sat_u/s,
// convert_u/s, demote, promote), with the rounding of §4.3.3 "Rounding" (to nearest, ties to
// even). i64.extend_i32_s/u and i32.wrap_i64 (= the low half) live with the integer operators.
//
// Representation: i32 = int32 number; i64 = (lo, hi) int32 halves, written to out[o], out[o + 1];
// f32 = number exactly representable as float32; f64 = number.
// trunc_s/u trap on NaN ("invalid conversion to integer") and when the truncated value is out of
// range, infinities included ("integer overflow"). Range tests are on the untruncated value: no
// float lies strictly between -2^31 - 1 and -2^31 in f32, nor between -2^63 - 1 and -2^63 in
// either format, so `x > -2^31 - 1` / `x >= -2^63` are exactly "trunc(x) >= minimum".

import { trapIntegerOverflow, trapInvalidConversion } from './trap.js';

const TWO32 = 4294967296;
const TWO63 = 9223372036854775808;
const TWO64 = 18446744073709551616;

/** Writes trunc(x) as i64 halves; x is finite with -2^63 <= trunc(x) < 2^64. */
function writeTruncated(x: number, out: Int32Array, o: number): void {
  if (x > -2147483649 && x < 2147483648) {
    const v = x | 0;
    out[o] = v;
    out[o + 1] = v >> 31;
    return;
  }
  const t = Math.trunc(x);
  // t / 2^32 and hi * 2^32 are exact; t - hi * 2^32 is a multiple of ulp(t) below 2^32, exact.
  const hi = Math.floor(t / TWO32);
  out[o] = (t - hi * TWO32) | 0;
  out[o + 1] = hi | 0;
}

// ---------------------------------------------------------------------------------------------
// Trapping truncation

/** i32.trunc_f32_s and i32.trunc_f64_s. */
export function i32TruncS(x: number): number {
  if (x > -2147483649 && x < 2147483648) return x | 0;
  if (x !== x) trapInvalidConversion();
  return trapIntegerOverflow();
}


/** i32.trunc_f32_u and i32.trunc_f64_u; the u32 result as int32. */
export function i32TruncU(x: number): number {
  if (x > -1 && x < 4294967296) return x | 0;
  if (x !== x) trapInvalidConversion();
  return trapIntegerOverflow();
}


/** i64.trunc_f32_s and i64.trunc_f64_s. */
export function i64TruncS(x: number, out: Int32Array, o: number): void {
  if (x >= -TWO63 && x < TWO63) {
    writeTruncated(x, out, o);
    return;
  }
  if (x !== x) trapInvalidConversion();
  trapIntegerOverflow();
}


/** i64.trunc_f32_u and i64.trunc_f64_u. */
export function i64TruncU(x: number, out: Int32Array, o: number): void {
  if (x > -1 && x < TWO64) {
    writeTruncated(x, out, o);
    return;
  }
  if (x !== x) trapInvalidConversion();
  trapIntegerOverflow();
}


// ---------------------------------------------------------------------------------------------
// Saturating truncation: NaN -> 0, out of range -> the nearest bound.

/** i32.trunc_sat_f32_s and i32.trunc_sat_f64_s. */
export function i32TruncSatS(x: number): number {
  if (x > -2147483649 && x < 2147483648) return x | 0;
  if (x !== x) return 0;
  return x < 0 ? -2147483648 : 2147483647;
}


/** i32.trunc_sat_f32_u and i32.trunc_sat_f64_u; the u32 result as int32. */
export function i32TruncSatU(x: number): number {
  if (x > -1 && x < 4294967296) return x | 0;
  return x >= 4294967296 ? -1 : 0;
}


/** i64.trunc_sat_f32_s and i64.trunc_sat_f64_s. */
export function i64TruncSatS(x: number, out: Int32Array, o: number): void {
  if (x >= -TWO63 && x < TWO63) {
    writeTruncated(x, out, o);
  } else if (x !== x) {
    out[o] = 0;
    out[o + 1] = 0;
  } else if (x < 0) {
    out[o] = 0;
    out[o + 1] = -2147483648;
  } else {
    out[o] = -1;
    out[o + 1] = 2147483647;
  }
}


/** i64.trunc_sat_f32_u and i64.trunc_sat_f64_u. */
export function i64TruncSatU(x: number, out: Int32Array, o: number): void {
  if (x > -1 && x < TWO64) {
    writeTruncated(x, out, o);
  } else if (x >= TWO64) {
    out[o] = -1;
    out[o + 1] = -1;
  } else {
    out[o] = 0;
    out[o + 1] = 0;
  }
}


// ---------------------------------------------------------------------------------------------
// Integer to float, rounded once to nearest-even.

/** f64.convert_i32_s: exact. */
export function f64ConvertI32S(x: number): number {
  return x;
}

/** f64.convert_i32_u: exact. */
export function f64ConvertI32U(x: number): number {
  return x >>> 0;
}

/** f32.convert_i32_s: the exact value rounded once by Math.fround. */
export function f32ConvertI32S(x: number): number {
  return Math.fround(x);
}

/** f32.convert_i32_u. */
export function f32ConvertI32U(x: number): number {
  return Math.fround(x >>> 0);
}

/** f64.convert_i64_s: hi * 2^32 is exact, so the one addition is the one rounding. */
export function f64ConvertI64S(lo: number, hi: number): number {
  return hi * TWO32 + (lo >>> 0);
}

/** f64.convert_i64_u. */
export function f64ConvertI64U(lo: number, hi: number): number {
  return (hi >>> 0) * TWO32 + (lo >>> 0);
}

// i64 -> f32 must not round through f64 (double rounding). Below 2^53 in magnitude the value is
// an exact double and Math.fround rounds it once. Above, an f32's rounding position is at bit 29
// or higher, so bits 0..11 matter only as a sticky bit: replacing them by 0x800 when any is set
// keeps the value inside the same open 2^12-wide cell (or exactly on its edge when none is set),
// which holds no f32 and no halfway point, and leaves a multiple of 2^11 below 2^64 in
// magnitude: an exact double. Math.fround then rounds the true value's way.

/** f32.convert_i64_s. */
export function f32ConvertI64S(lo: number, hi: number): number {
  if (hi >= -0x200000 && hi < 0x200000) return Math.fround(hi * TWO32 + (lo >>> 0));
  return Math.fround(hi * TWO32 + (((lo & -4096) | ((lo & 4095) === 0 ? 0 : 2048)) >>> 0));
}

/** f32.convert_i64_u. */
export function f32ConvertI64U(lo: number, hi: number): number {
  const h = hi >>> 0;
  if (h < 0x200000) return Math.fround(h * TWO32 + (lo >>> 0));
  return Math.fround(h * TWO32 + (((lo & -4096) | ((lo & 4095) === 0 ? 0 : 2048)) >>> 0));
}

// ---------------------------------------------------------------------------------------------
// Between float formats

/**
 * f32.demote_f64: one rounding to nearest-even (overflow to ±inf, underflow to ±0/subnormal).
 * Math.fround returns the canonical NaN for any NaN.
 */
export function f32DemoteF64(x: number): number {
  return Math.fround(x);
}

/** f64.promote_f32: exact; a NaN comes out as the canonical NaN (never a signalling one). */
export function f64PromoteF32(x: number): number {
  return x !== x ? NaN : x;
}
