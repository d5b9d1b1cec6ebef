// Spec-level numeric operators (WebAssembly Core 3.0 §4.3 "Numerics") for the interpreter's
// dispatch loop, plus the wide-arithmetic proposal's 128-bit operators, one namespace per file.
// Conventions: i32 = int32 number; i64 = (lo, hi) int32 halves, operands first, an i64 result
// written to (out, o) given last: out[o] = lo, out[o + 1] = hi; f32 = float32-exact number;
// f64 = number. Traps throw RuntimeError with the spec test suite's messages.

export * as i32 from './i32.js';
export * as i64 from './i64.js';
export * as float from './float.js';
export * as f32 from './f32.js';
export * as convert from './convert.js';
export { trapDivideByZero, trapIntegerOverflow, trapInvalidConversion } from './trap.js';
