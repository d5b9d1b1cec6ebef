// i32 operators that are more than one JS operator. Spec: WebAssembly Core 3.0 §4.3.2 "Integer
// Operations" (idiv_u/s, irem_u/s, iclz, ictz, ipopcnt, irotl, irotr, iextendM_s).
// Representation: an i32 is a JS number holding an int32; every result is an int32 (`| 0`).
// The trivial operators (add = `(a + b) | 0`, mul = Math.imul, and/or/xor, shl = `a << b`,
// shr_s = `a >> b`, shr_u = `(a >>> b) | 0`, comparisons) are left to the interpreter.

import { trapDivideByZero, trapIntegerOverflow } from './trap.js';

/** i32.div_s: traps on b = 0 ("integer divide by zero") and on -2^31 / -1 ("integer overflow"). */
export function divS(a: number, b: number): number {
  if (b === 0) trapDivideByZero();
  if (b === -1 && a === -2147483648) trapIntegerOverflow();
  // |a|, |b| < 2^31: the correctly rounded double quotient never crosses an integer, so
  // truncation (ToInt32) gives the exact truncated quotient.
  return (a / b) | 0;
}

/** i32.div_u: traps on b = 0. */
export function divU(a: number, b: number): number {
  if (b === 0) trapDivideByZero();
  return ((a >>> 0) / (b >>> 0)) | 0;
}

/** i32.rem_s: traps on b = 0; -2^31 rem -1 = 0 (JS gives -0, `| 0` makes it 0). */
export function remS(a: number, b: number): number {
  if (b === 0) trapDivideByZero();
  return (a % b) | 0;
}

/** i32.rem_u: traps on b = 0. */
export function remU(a: number, b: number): number {
  if (b === 0) trapDivideByZero();
  return ((a >>> 0) % (b >>> 0)) | 0;
}

/** i32.clz: 32 for 0. */
export function clz(a: number): number {
  return Math.clz32(a);
}

/** i32.ctz: 32 for 0. */
export function ctz(a: number): number {
  // a & -a isolates the lowest set bit; 31 - clz32 is its index. clz32(0) = 32 gives -1.
  return a === 0 ? 32 : 31 - Math.clz32(a & -a);
}

/** i32.popcnt. */
export function popcnt(a: number): number {
  a = a - ((a >>> 1) & 0x55555555);
  a = (a & 0x33333333) + ((a >>> 2) & 0x33333333);
  a = (a + (a >>> 4)) & 0x0f0f0f0f;
  return Math.imul(a, 0x01010101) >>> 24;
}

/** i32.rotl: the count is taken modulo 32 (JS shifts already mask to 5 bits). */
export function rotl(a: number, b: number): number {
  return (a << b) | (a >>> (32 - b));
}

/** i32.rotr: the count is taken modulo 32. */
export function rotr(a: number, b: number): number {
  return (a >>> b) | (a << (32 - b));
}

/** i32.extend8_s. */
export function extend8S(a: number): number {
  return (a << 24) >> 24;
}

/** i32.extend16_s. */
export function extend16S(a: number): number {
  return (a << 16) >> 16;
}
