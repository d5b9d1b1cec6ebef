// f32 arithmetic with single rounding. Spec: WebAssembly Core 3.0 §4.3.3 "Floating-Point
// Operations" (fadd, fsub, fmul, fdiv, fsqrt at N = 32) with §4.3.3 "Rounding" (to nearest,
// ties to even).
// Representation: an f32 is a JS number exactly representable as float32. The double result of
// + - * / or sqrt on two f32 operands, rounded once more by Math.fround, equals the correctly
// rounded f32 result (53 >= 2 * 24 + 2, so the double rounding is innocuous). Storing a double
// into a Float32Array rounds the same way as Math.fround, so an interpreter that keeps f32
// values in a Float32Array view may use the plain JS operators instead.
// min, max, ceil, floor, trunc, nearest: float.ts (no rounding needed at either width).

/** f32.add. */
export function add(a: number, b: number): number {
  return Math.fround(a + b);
}

/** f32.sub. */
export function sub(a: number, b: number): number {
  return Math.fround(a - b);
}

/** f32.mul. */
export function mul(a: number, b: number): number {
  return Math.fround(a * b);
}

/** f32.div. */
export function div(a: number, b: number): number {
  return Math.fround(a / b);
}

/** f32.sqrt. */
export function sqrt(x: number): number {
  return Math.fround(Math.sqrt(x));
}
