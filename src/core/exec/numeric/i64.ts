// i64 operators on two int32 halves. Spec: WebAssembly Core 3.0 §4.3.2 "Integer Operations"
// (iadd, isub, imul, idiv_u/s, irem_u/s, iand, ior, ixor, ishl, ishr_u/s, irotl, irotr, iclz,
// ictz, ipopcnt, ieqz, ieq, ine, ilt/igt/ile/ige_u/s, iextendM_s), §4.3.4 "Conversions"
// (extend_u/s for i64.extend_i32_u/s), and the wide-arithmetic proposal's 128-bit operators.
//
// Representation: an i64 is (lo, hi), two int32 halves; its unsigned value is
// (hi >>> 0) * 2^32 + (lo >>> 0). Operands come first; an operator with an i64 result takes
// (out, o) last and writes out[o] = lo, out[o + 1] = hi; one with an i32 result (counts, tests,
// comparisons) returns it. No BigInt and no allocation: all arithmetic is int32 or exact double
// arithmetic on integers below 2^53. Operands are in parameters before anything is written, so
// out/o may be an operand's own stack slot.

import { trapDivideByZero, trapIntegerOverflow } from './trap.js';

const TWO32 = 4294967296;

/**
 * High 32 bits (as int32) of the unsigned 64-bit product of two u32 given as int32.
 * The double product P' differs from the exact product P by at most 2^11, and P' - lo by at
 * most 2^12 more; dividing by 2^32 leaves the exact high word off by less than 2^-19, which
 * Math.round removes.
 */
export function mulHiU32(a: number, b: number): number {
  return Math.round(((a >>> 0) * (b >>> 0) - (Math.imul(a, b) >>> 0)) / TWO32) | 0;
}

// ---------------------------------------------------------------------------------------------
// Arithmetic

/** i64.add. */
export function add(alo: number, ahi: number, blo: number, bhi: number, out: Int32Array, o: number): void {
  const lo = (alo + blo) | 0;
  out[o] = lo;
  out[o + 1] = (ahi + bhi + ((lo >>> 0) < (alo >>> 0) ? 1 : 0)) | 0;
}

/** i64.sub. */
export function sub(alo: number, ahi: number, blo: number, bhi: number, out: Int32Array, o: number): void {
  out[o] = (alo - blo) | 0;
  out[o + 1] = (ahi - bhi - ((alo >>> 0) < (blo >>> 0) ? 1 : 0)) | 0;
}

/** i64.mul: the low 64 bits of the product (the same for signed and unsigned). */
export function mul(alo: number, ahi: number, blo: number, bhi: number, out: Int32Array, o: number): void {
  out[o] = Math.imul(alo, blo);
  out[o + 1] = (mulHiU32(alo, blo) + Math.imul(alo, bhi) + Math.imul(ahi, blo)) | 0;
}

// ---------------------------------------------------------------------------------------------
// Division. udivmod leaves quotient and remainder of two unsigned 64-bit values in these
// module-level slots (no allocation per call).

let q0 = 0;
let q1 = 0;
let r0 = 0;
let r1 = 0;

/** Unsigned 64-bit division with remainder; the divisor must be nonzero. */
function udivmod(alo: number, ahi: number, blo: number, bhi: number): void {
  const ah = ahi >>> 0;
  const al = alo >>> 0;
  const bh = bhi >>> 0;
  const bl = blo >>> 0;
  if ((ahi | bhi) === 0) {
    // Both below 2^32.
    q0 = (al / bl) | 0;
    q1 = 0;
    r0 = (al % bl) | 0;
    r1 = 0;
    return;
  }
  if (ah < 0x100000) {
    // A < 2^52.
    if (bh < 0x100000) {
      // Both below 2^52: exact double arithmetic. floor(fl(a / b)) is the true quotient n: if a / b
      // is not an integer it is at least 1/b below n + 1, more than half an ulp of n + 1 since
      // (n + 1) * b <= a + b < 2^53; so rounding cannot reach n + 1. q * b <= a is exact.
      const a = ah * TWO32 + al;
      const b = bh * TWO32 + bl;
      const q = Math.floor(a / b);
      const r = a - q * b;
      q0 = q | 0;
      q1 = (q / TWO32) | 0;
      r0 = r | 0;
      r1 = (r / TWO32) | 0;
      return;
    }
    // B >= 2^52 > A.
    q0 = 0;
    q1 = 0;
    r0 = alo;
    r1 = ahi;
    return;
  }
  if (bh === 0) {
    // B < 2^32: long division in base 2^32 for the high word, then two base-2^16 digits, so
    // every dividend stays below 2^48 and floor(x / b) is exact (x + b < 2^53).
    const qh = Math.floor(ah / bl);
    let r = ah - qh * bl;
    let x = r * 65536 + (al >>> 16);
    const d1 = Math.floor(x / bl);
    r = x - d1 * bl;
    x = r * 65536 + (al & 0xffff);
    const d0 = Math.floor(x / bl);
    q0 = (d1 * 65536 + d0) | 0;
    q1 = qh | 0;
    r0 = (x - d0 * bl) | 0;
    r1 = 0;
    return;
  }
  if (bh >= 0x40000000) {
    // B >= 2^62: the quotient is at most 3; subtract.
    let q = 0;
    let rl = alo;
    let rh = ahi;
    while ((rh >>> 0) > bh || (rh === bhi && (rl >>> 0) >= bl)) {
      const nl = (rl - blo) | 0;
      rh = (rh - bhi - ((rl >>> 0) < bl ? 1 : 0)) | 0;
      rl = nl;
      q++;
    }
    q0 = q;
    q1 = 0;
    r0 = rl;
    r1 = rh;
    return;
  }
  // 2^32 <= B < 2^62: the quotient is below 2^32. Its double estimate has a relative error
  // below 2^-50, so it is off by at most one; R = A - q*B is then in [-B, 2B), which the
  // wrapped 64-bit difference represents exactly when read as signed (|R| < 2^63).
  let q = Math.floor((ah * TWO32 + al) / (bh * TWO32 + bl));
  if (q > 0xffffffff) q = 0xffffffff;
  const qi = q | 0;
  const pl = Math.imul(qi, blo);
  const ph = (mulHiU32(qi, blo) + Math.imul(qi, bhi)) | 0;
  let rl = (alo - pl) | 0;
  let rh = (ahi - ph - (al < (pl >>> 0) ? 1 : 0)) | 0;
  if (rh < 0) {
    q -= 1;
    const nl = (rl + blo) | 0;
    rh = (rh + bhi + ((nl >>> 0) < (rl >>> 0) ? 1 : 0)) | 0;
    rl = nl;
  } else if ((rh >>> 0) > bh || (rh === bhi && (rl >>> 0) >= bl)) {
    q += 1;
    const nl = (rl - blo) | 0;
    rh = (rh - bhi - ((rl >>> 0) < bl ? 1 : 0)) | 0;
    rl = nl;
  }
  q0 = q | 0;
  q1 = 0;
  r0 = rl;
  r1 = rh;
}

/** i64.div_u: traps on a zero divisor. */
export function divU(alo: number, ahi: number, blo: number, bhi: number, out: Int32Array, o: number): void {
  if ((blo | bhi) === 0) trapDivideByZero();
  udivmod(alo, ahi, blo, bhi);
  out[o] = q0;
  out[o + 1] = q1;
}

/** i64.rem_u: traps on a zero divisor. */
export function remU(alo: number, ahi: number, blo: number, bhi: number, out: Int32Array, o: number): void {
  if ((blo | bhi) === 0) trapDivideByZero();
  udivmod(alo, ahi, blo, bhi);
  out[o] = r0;
  out[o + 1] = r1;
}

/** i64.div_s: traps on a zero divisor and on -2^63 / -1 ("integer overflow"). */
export function divS(alo: number, ahi: number, blo: number, bhi: number, out: Int32Array, o: number): void {
  if ((blo | bhi) === 0) trapDivideByZero();
  if ((blo & bhi) === -1 && ahi === -2147483648 && alo === 0) trapIntegerOverflow();
  const neg = (ahi ^ bhi) < 0;
  if (ahi < 0) {
    alo = -alo | 0;
    ahi = alo === 0 ? -ahi | 0 : ~ahi;
  }
  if (bhi < 0) {
    blo = -blo | 0;
    bhi = blo === 0 ? -bhi | 0 : ~bhi;
  }
  udivmod(alo, ahi, blo, bhi);
  if (neg) {
    const lo = -q0 | 0;
    out[o] = lo;
    out[o + 1] = lo === 0 ? -q1 | 0 : ~q1;
  } else {
    out[o] = q0;
    out[o + 1] = q1;
  }
}

/** i64.rem_s: traps on a zero divisor; the result has the dividend's sign; -2^63 rem -1 = 0. */
export function remS(alo: number, ahi: number, blo: number, bhi: number, out: Int32Array, o: number): void {
  if ((blo | bhi) === 0) trapDivideByZero();
  const neg = ahi < 0;
  if (neg) {
    alo = -alo | 0;
    ahi = alo === 0 ? -ahi | 0 : ~ahi;
  }
  if (bhi < 0) {
    blo = -blo | 0;
    bhi = blo === 0 ? -bhi | 0 : ~bhi;
  }
  udivmod(alo, ahi, blo, bhi);
  if (neg) {
    const lo = -r0 | 0;
    out[o] = lo;
    out[o + 1] = lo === 0 ? -r1 | 0 : ~r1;
  } else {
    out[o] = r0;
    out[o + 1] = r1;
  }
}

// ---------------------------------------------------------------------------------------------
// Bitwise

/** i64.and. */
export function and(alo: number, ahi: number, blo: number, bhi: number, out: Int32Array, o: number): void {
  out[o] = alo & blo;
  out[o + 1] = ahi & bhi;
}

/** i64.or. */
export function or(alo: number, ahi: number, blo: number, bhi: number, out: Int32Array, o: number): void {
  out[o] = alo | blo;
  out[o + 1] = ahi | bhi;
}

/** i64.xor. */
export function xor(alo: number, ahi: number, blo: number, bhi: number, out: Int32Array, o: number): void {
  out[o] = alo ^ blo;
  out[o + 1] = ahi ^ bhi;
}

// Shifts and rotations take the count's low half only: the count is modulo 64.

/** i64.shl; `n` is the low half of the count. */
export function shl(alo: number, ahi: number, n: number, out: Int32Array, o: number): void {
  n &= 63;
  if (n === 0) {
    out[o] = alo;
    out[o + 1] = ahi;
  } else if (n < 32) {
    out[o] = alo << n;
    out[o + 1] = (ahi << n) | (alo >>> (32 - n));
  } else {
    out[o] = 0;
    out[o + 1] = alo << n; // JS masks the count: alo << (n - 32)
  }
}

/** i64.shr_u; `n` is the low half of the count. */
export function shrU(alo: number, ahi: number, n: number, out: Int32Array, o: number): void {
  n &= 63;
  if (n === 0) {
    out[o] = alo;
    out[o + 1] = ahi;
  } else if (n < 32) {
    out[o] = (alo >>> n) | (ahi << (32 - n));
    out[o + 1] = ahi >>> n;
  } else {
    out[o] = ahi >>> n; // ahi >>> (n - 32)
    out[o + 1] = 0;
  }
}

/** i64.shr_s; `n` is the low half of the count. */
export function shrS(alo: number, ahi: number, n: number, out: Int32Array, o: number): void {
  n &= 63;
  if (n === 0) {
    out[o] = alo;
    out[o + 1] = ahi;
  } else if (n < 32) {
    out[o] = (alo >>> n) | (ahi << (32 - n));
    out[o + 1] = ahi >> n;
  } else {
    out[o] = ahi >> n; // ahi >> (n - 32)
    out[o + 1] = ahi >> 31;
  }
}

/** i64.rotl; `n` is the low half of the count. */
export function rotl(alo: number, ahi: number, n: number, out: Int32Array, o: number): void {
  if (n & 32) {
    const t = alo;
    alo = ahi;
    ahi = t;
  }
  n &= 31;
  if (n === 0) {
    out[o] = alo;
    out[o + 1] = ahi;
  } else {
    out[o] = (alo << n) | (ahi >>> (32 - n));
    out[o + 1] = (ahi << n) | (alo >>> (32 - n));
  }
}

/** i64.rotr; `n` is the low half of the count. */
export function rotr(alo: number, ahi: number, n: number, out: Int32Array, o: number): void {
  if (n & 32) {
    const t = alo;
    alo = ahi;
    ahi = t;
  }
  n &= 31;
  if (n === 0) {
    out[o] = alo;
    out[o + 1] = ahi;
  } else {
    out[o] = (alo >>> n) | (ahi << (32 - n));
    out[o + 1] = (ahi >>> n) | (alo << (32 - n));
  }
}

// Counts return a number (the result's low half; its high half is 0).

/** i64.clz: 0..64. */
export function clz(lo: number, hi: number): number {
  return hi === 0 ? 32 + Math.clz32(lo) : Math.clz32(hi);
}

/** i64.ctz: 0..64. */
export function ctz(lo: number, hi: number): number {
  if (lo !== 0) return 31 - Math.clz32(lo & -lo);
  return hi === 0 ? 64 : 63 - Math.clz32(hi & -hi);
}

function popcnt32(a: number): number {
  a = a - ((a >>> 1) & 0x55555555);
  a = (a & 0x33333333) + ((a >>> 2) & 0x33333333);
  a = (a + (a >>> 4)) & 0x0f0f0f0f;
  return Math.imul(a, 0x01010101) >>> 24;
}

/** i64.popcnt: 0..64. */
export function popcnt(lo: number, hi: number): number {
  return popcnt32(lo) + popcnt32(hi);
}

// ---------------------------------------------------------------------------------------------
// Tests and comparisons (i32 results 0/1)

/** i64.eqz. */
export function eqz(lo: number, hi: number): number {
  return (lo | hi) === 0 ? 1 : 0;
}

/** i64.eq. */
export function eq(alo: number, ahi: number, blo: number, bhi: number): number {
  return alo === blo && ahi === bhi ? 1 : 0;
}

/** i64.ne. */
export function ne(alo: number, ahi: number, blo: number, bhi: number): number {
  return alo !== blo || ahi !== bhi ? 1 : 0;
}

/** i64.lt_s. */
export function ltS(alo: number, ahi: number, blo: number, bhi: number): number {
  return ahi < bhi || (ahi === bhi && (alo >>> 0) < (blo >>> 0)) ? 1 : 0;
}

/** i64.lt_u. */
export function ltU(alo: number, ahi: number, blo: number, bhi: number): number {
  return (ahi >>> 0) < (bhi >>> 0) || (ahi === bhi && (alo >>> 0) < (blo >>> 0)) ? 1 : 0;
}

/** i64.gt_s. */
export function gtS(alo: number, ahi: number, blo: number, bhi: number): number {
  return ahi > bhi || (ahi === bhi && (alo >>> 0) > (blo >>> 0)) ? 1 : 0;
}

/** i64.gt_u. */
export function gtU(alo: number, ahi: number, blo: number, bhi: number): number {
  return (ahi >>> 0) > (bhi >>> 0) || (ahi === bhi && (alo >>> 0) > (blo >>> 0)) ? 1 : 0;
}

/** i64.le_s. */
export function leS(alo: number, ahi: number, blo: number, bhi: number): number {
  return ahi < bhi || (ahi === bhi && (alo >>> 0) <= (blo >>> 0)) ? 1 : 0;
}

/** i64.le_u. */
export function leU(alo: number, ahi: number, blo: number, bhi: number): number {
  return (ahi >>> 0) < (bhi >>> 0) || (ahi === bhi && (alo >>> 0) <= (blo >>> 0)) ? 1 : 0;
}

/** i64.ge_s. */
export function geS(alo: number, ahi: number, blo: number, bhi: number): number {
  return ahi > bhi || (ahi === bhi && (alo >>> 0) >= (blo >>> 0)) ? 1 : 0;
}

/** i64.ge_u. */
export function geU(alo: number, ahi: number, blo: number, bhi: number): number {
  return (ahi >>> 0) > (bhi >>> 0) || (ahi === bhi && (alo >>> 0) >= (blo >>> 0)) ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Sign extension; only the low half of the operand matters.

/** i64.extend8_s; `lo` is the operand's low half. */
export function extend8S(lo: number, out: Int32Array, o: number): void {
  const v = (lo << 24) >> 24;
  out[o] = v;
  out[o + 1] = v >> 31;
}

/** i64.extend16_s; `lo` is the operand's low half. */
export function extend16S(lo: number, out: Int32Array, o: number): void {
  const v = (lo << 16) >> 16;
  out[o] = v;
  out[o + 1] = v >> 31;
}

/** i64.extend32_s (also i64.extend_i32_s); `lo` is the operand's low half (or the i32). */
export function extend32S(lo: number, out: Int32Array, o: number): void {
  out[o] = lo;
  out[o + 1] = lo >> 31;
}

/** i64.extend_i32_s. */
export const extendI32S = extend32S;

/** i64.extend_i32_u. */
export function extendI32U(x: number, out: Int32Array, o: number): void {
  out[o] = x;
  out[o + 1] = 0;
}

// ---------------------------------------------------------------------------------------------
// 128-bit operators of the wide-arithmetic proposal (WebAssembly/wide-arithmetic, Overview.md):
// i64.add128 / i64.sub128 : [i64 i64 i64 i64] -> [i64 i64] (each 128-bit operand and the result
// as a (low, high) pair of i64), i64.mul_wide_s / i64.mul_wide_u : [i64 i64] -> [i64 i64] (the
// full 128-bit product as (low, high)). A 128-bit value is four int32 limbs, least significant
// first; results go to out[o .. o + 3] = (low.lo, low.hi, high.lo, high.hi), which is the two
// i64 results in stack order.

/** i64.add128: (a0, a1) is the first operand's low i64, (a2, a3) its high i64; likewise b. */
export function add128(
  a0: number, a1: number, a2: number, a3: number,
  b0: number, b1: number, b2: number, b3: number,
  out: Int32Array, o: number,
): void {
  let t = (a0 >>> 0) + (b0 >>> 0);
  out[o] = t | 0;
  t = (a1 >>> 0) + (b1 >>> 0) + (t >= TWO32 ? 1 : 0);
  out[o + 1] = t | 0;
  t = (a2 >>> 0) + (b2 >>> 0) + (t >= TWO32 ? 1 : 0);
  out[o + 2] = t | 0;
  out[o + 3] = (a3 + b3 + (t >= TWO32 ? 1 : 0)) | 0;
}

/** i64.sub128: a - b, limbs as for add128. */
export function sub128(
  a0: number, a1: number, a2: number, a3: number,
  b0: number, b1: number, b2: number, b3: number,
  out: Int32Array, o: number,
): void {
  let t = (a0 >>> 0) - (b0 >>> 0);
  out[o] = t | 0;
  t = (a1 >>> 0) - (b1 >>> 0) - (t < 0 ? 1 : 0);
  out[o + 1] = t | 0;
  t = (a2 >>> 0) - (b2 >>> 0) - (t < 0 ? 1 : 0);
  out[o + 2] = t | 0;
  out[o + 3] = (a3 - b3 - (t < 0 ? 1 : 0)) | 0;
}

/** i64.mul_wide_u: the unsigned 128-bit product of (alo, ahi) and (blo, bhi). */
export function mulWideU(alo: number, ahi: number, blo: number, bhi: number, out: Int32Array, o: number): void {
  // Schoolbook on 32-bit limbs; column sums are below 2^34, exact in doubles.
  const h00 = mulHiU32(alo, blo);
  const l01 = Math.imul(alo, bhi);
  const h01 = mulHiU32(alo, bhi);
  const l10 = Math.imul(ahi, blo);
  const h10 = mulHiU32(ahi, blo);
  const l11 = Math.imul(ahi, bhi);
  const h11 = mulHiU32(ahi, bhi);
  out[o] = Math.imul(alo, blo);
  let t = (h00 >>> 0) + (l01 >>> 0) + (l10 >>> 0);
  out[o + 1] = t | 0;
  t = (h01 >>> 0) + (h10 >>> 0) + (l11 >>> 0) + Math.floor(t / TWO32);
  out[o + 2] = t | 0;
  out[o + 3] = (h11 + Math.floor(t / TWO32)) | 0;
}

/** i64.mul_wide_s: the signed 128-bit product of (alo, ahi) and (blo, bhi). */
export function mulWideS(alo: number, ahi: number, blo: number, bhi: number, out: Int32Array, o: number): void {
  mulWideU(alo, ahi, blo, bhi, out, o);
  // signed(a) * signed(b) = a*b - 2^64 * ((a < 0 ? b : 0) + (b < 0 ? a : 0))  (mod 2^128)
  let hl = out[o + 2]!;
  let hh = out[o + 3]!;
  if (ahi < 0) {
    const nl = (hl - blo) | 0;
    hh = (hh - bhi - ((hl >>> 0) < (blo >>> 0) ? 1 : 0)) | 0;
    hl = nl;
  }
  if (bhi < 0) {
    const nl = (hl - alo) | 0;
    hh = (hh - ahi - ((hl >>> 0) < (alo >>> 0) ? 1 : 0)) | 0;
    hl = nl;
  }
  out[o + 2] = hl;
  out[o + 3] = hh;
}
