// Float handling of the Canonical ABI. Spec: component-model design/mvp/CanonicalABI.md
// §"Loading" (`canonicalize_nan32/64`, `decode_i32_as_float`, `decode_i64_as_float`) and
// §"Storing" (`maybe_scramble_nan32/64`, `encode_float_as_i32/i64`).
//
// JS numbers carry no NaN payload, so lifted NaNs are canonical by construction; lowering uses
// the deterministic profile (DETERMINISTIC_PROFILE = True): every NaN is stored with the
// canonical bit pattern (0x7fc00000 / 0x7ff8000000000000).

const buf = new ArrayBuffer(8);
const f32 = new Float32Array(buf);
const u32 = new Uint32Array(buf);
const f64 = new Float64Array(buf);
const u64 = new BigUint64Array(buf);

export const CANONICAL_FLOAT32_NAN = 0x7fc00000;
export const CANONICAL_FLOAT64_NAN = 0x7ff8000000000000n;

/** definitions.py `encode_float_as_i32` (deterministic): the bits of f as an unsigned number. */
export function encodeFloatAsI32(f: number): number {
  if (f !== f) return CANONICAL_FLOAT32_NAN;
  f32[0] = f;
  return u32[0]!;
}

/** definitions.py `decode_i32_as_float`. */
export function decodeI32AsFloat(i: number): number {
  u32[0] = i >>> 0;
  return f32[0]!;
}

/** definitions.py `encode_float_as_i64` (deterministic): the bits of f as an unsigned bigint. */
export function encodeFloatAsI64(f: number): bigint {
  if (f !== f) return CANONICAL_FLOAT64_NAN;
  f64[0] = f;
  return u64[0]!;
}

/** definitions.py `decode_i64_as_float`. */
export function decodeI64AsFloat(i: bigint): number {
  u64[0] = BigInt.asUintN(64, i);
  return f64[0]!;
}
