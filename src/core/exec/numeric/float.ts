// Float operators whose result is the same function of the operand value at both widths.
// Spec: WebAssembly Core 3.0 §4.3.3 "Floating-Point Operations" (fmin, fmax, fceil, ffloor,
// ftrunc, fnearest, and fsqrt for f64).
// Representation: an f32 is a JS number exactly representable as float32, an f64 any number.
// An integral value next to an f32 is itself an f32, and min/max return one of their operands,
// so every function here maps f32 to f32 without rounding. f32 sqrt needs a rounding: f32.ts.
// NaN results: the interpreter stores results into Float32/Float64Array views, so NaN bits are
// observable. The spec (§4.3.3 "NaN Propagation") wants an arithmetic (quiet) NaN, canonical when
// every NaN operand is canonical; returning the constant NaN (canonical) satisfies both, whereas
// V8's Math.floor/ceil/trunc in its interpreter tier return a signalling NaN operand unchanged.

/** fmin: NaN if either operand is NaN; min(-0, +0) = -0. Math.min has exactly these rules. */
export function min(a: number, b: number): number {
  // A NaN operand may be signalling; the result must be a quiet (arithmetic) NaN.
  if (a !== a || b !== b) return NaN;
  return Math.min(a, b);
}

/** fmax: NaN if either operand is NaN; max(-0, +0) = +0. */
export function max(a: number, b: number): number {
  if (a !== a || b !== b) return NaN;
  return Math.max(a, b);
}

/** fceil: -0 for -1 < x < 0 (Math.ceil does the same). */
export function ceil(x: number): number {
  return x !== x ? NaN : Math.ceil(x); // quiet a signalling NaN
}

/** ffloor: floor(-0) = -0. */
export function floor(x: number): number {
  return x !== x ? NaN : Math.floor(x); // quiet a signalling NaN
}

/** ftrunc: -0 for -1 < x < 0. */
export function trunc(x: number): number {
  return x !== x ? NaN : Math.trunc(x); // quiet a signalling NaN
}

/** fnearest: the nearest integer, ties to even; -0.5 <= x < 0 gives -0, 0 < x <= 0.5 gives +0. */
export function nearest(x: number): number {
  // For 0 < y < 2^52, y + 2^52 lies in [2^52, 2^53) where the doubles are the integers, so the
  // addition itself rounds y to nearest, ties to even (2^52 is even); subtracting 2^52 is exact.
  // |x| >= 2^52 is already integral; infinities and zeros pass through.
  if (x > 0) return x < 4503599627370496 ? x + 4503599627370496 - 4503599627370496 : x;
  if (x < 0) return x > -4503599627370496 ? -(-x + 4503599627370496 - 4503599627370496) : x;
  return x !== x ? NaN : x; // zeros pass through; a signalling NaN must come out quiet
}

/** f64.sqrt: correctly rounded by the host; sqrt(-0) = -0, negative -> NaN. */
export function sqrt(x: number): number {
  return Math.sqrt(x);
}
