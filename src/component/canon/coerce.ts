// Conversions of host (JS) values given for component-level types, following jco's glue
// (jco 1.35, `jco transpile --instantiation sync`, read and run under node):
//
// - bool: any value, by truthiness (`v ? 1 : 0`).
// - s8/u8/s16/u16/s32/u32: any value, converted like ECMAScript ToInt8/ToUint8/…/ToUint32
//   (ToNumber, then wrap modulo 2^N; NaN → 0). jco applies `>>> 0` etc. directly; a bigint or a
//   symbol makes that throw a TypeError, which we throw deliberately.
// - s64/u64: `BigInt(v)` wrapped to 64 bits: bigints, integral numbers, numeric strings,
//   booleans. Where `BigInt(v)` throws (1.5, "abc", undefined, null, a symbol) jco surfaces
//   RangeError/SyntaxError/TypeError; we throw TypeError for all of them.
// - f32/f64: ToNumber (`+v`); bigints and symbols are a TypeError. f32 is rounded to single.
// - char: jco requires a string and takes its first code point; we require exactly one Unicode
//   scalar value (a lone surrogate or an empty/longer string is a TypeError).
// - string: must be a string (jco: TypeError 'expected a string, received [<typeof>]'). jco
//   encodes lone surrogates as U+FFFD; strings are sequences of Unicode scalar values in the spec,
//   so we reject them with a TypeError instead.
// - lists of numbers in an Array are checked element by element (jco's strict
//   `_requireValidNumericPrimitive`: TypeError 'invalid u32 value [x]').
// Errors name the expected type and the offending value.

export function describeValue(v: unknown): string {
  switch (typeof v) {
    case 'string': {
      const s = v.length > 40 ? `${v.slice(0, 40)}…` : v;
      return JSON.stringify(s);
    }
    case 'bigint': return `${v}n`;
    case 'undefined': return 'undefined';
    case 'symbol': return v.toString();
    case 'function': return `function ${v.name || '(anonymous)'}`;
    case 'object': {
      if (v === null) return 'null';
      if (Array.isArray(v)) return `an array of length ${v.length}`;
      const name = (v as { constructor?: { name?: string } }).constructor?.name;
      return name !== undefined && name !== 'Object' ? `a ${name}` : 'an object';
    }
    default: return String(v);
  }
}

export function typeError(expected: string, v: unknown): TypeError {
  return new TypeError(`expected ${expected}, got ${describeValue(v)}`);
}

/** ECMAScript ToNumber, with bigints and symbols a deliberate TypeError. */
function toNumber(v: unknown, ty: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint' || typeof v === 'symbol') throw typeError(`a number for ${ty}`, v);
  try {
    return +(v as number);
  } catch {
    throw typeError(`a number for ${ty}`, v);
  }
}

export function toU8(v: unknown): number {
  return typeof v === 'number' ? v & 0xff : toNumber(v, 'u8') & 0xff;
}
export function toS8(v: unknown): number {
  return ((typeof v === 'number' ? v : toNumber(v, 's8')) << 24) >> 24;
}
export function toU16(v: unknown): number {
  return typeof v === 'number' ? v & 0xffff : toNumber(v, 'u16') & 0xffff;
}
export function toS16(v: unknown): number {
  return ((typeof v === 'number' ? v : toNumber(v, 's16')) << 16) >> 16;
}
export function toU32(v: unknown): number {
  return (typeof v === 'number' ? v : toNumber(v, 'u32')) >>> 0;
}
export function toS32(v: unknown): number {
  return (typeof v === 'number' ? v : toNumber(v, 's32')) | 0;
}

function toBigInt(v: unknown, ty: string): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'symbol' || v === undefined || v === null) throw typeError(`a bigint for ${ty}`, v);
  try {
    return BigInt(v as number);
  } catch {
    throw typeError(`a bigint (or an integral number) for ${ty}`, v);
  }
}

export function toU64(v: unknown): bigint {
  return BigInt.asUintN(64, typeof v === 'bigint' ? v : toBigInt(v, 'u64'));
}
export function toS64(v: unknown): bigint {
  return BigInt.asIntN(64, typeof v === 'bigint' ? v : toBigInt(v, 's64'));
}

export function toF32(v: unknown): number {
  return Math.fround(typeof v === 'number' ? v : toNumber(v, 'f32'));
}
export function toF64(v: unknown): number {
  return typeof v === 'number' ? v : toNumber(v, 'f64');
}

/** A char given by the host: a string of exactly one Unicode scalar value → its code point. */
export function toChar(v: unknown): number {
  if (typeof v !== 'string') throw typeError('a string of one character for char', v);
  const cp = v.codePointAt(0);
  if (cp === undefined || v.length !== (cp > 0xffff ? 2 : 1) || (cp >= 0xd800 && cp <= 0xdfff)) {
    throw typeError('a string of exactly one Unicode scalar value for char', v);
  }
  return cp;
}

const isWellFormed = (String.prototype as { isWellFormed?: (this: string) => boolean }).isWellFormed;
const SURROGATE = /[\ud800-\udfff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A string given by the host: must be a string of Unicode scalar values. */
export function checkString(v: unknown): string {
  if (typeof v !== 'string') throw typeError('a string for string', v);
  const ok = isWellFormed !== undefined ? isWellFormed.call(v) : !SURROGATE.test(v) || !LONE_SURROGATE.test(v);
  if (!ok) throw new TypeError(`expected a string of Unicode scalar values for string, got one with a lone surrogate: ${describeValue(v)}`);
  return v;
}

export type NumericKind = 'u8' | 's8' | 'u16' | 's16' | 'u32' | 's32' | 'u64' | 's64' | 'f32' | 'f64';

const RANGES: Record<'u8' | 's8' | 'u16' | 's16' | 'u32' | 's32', [number, number]> = {
  u8: [0, 255], s8: [-128, 127], u16: [0, 65535], s16: [-32768, 32767], u32: [0, 4294967295], s32: [-2147483648, 2147483647],
};

/** jco's `_requireValidNumericPrimitive` for the elements of a numeric list given as an Array. */
export function requireNumeric(ty: NumericKind, v: unknown): void {
  let ok: boolean;
  switch (ty) {
    case 'u64': ok = typeof v === 'bigint' && v >= 0n && v <= 0xffffffffffffffffn; break;
    case 's64': ok = typeof v === 'bigint' && v >= -0x8000000000000000n && v <= 0x7fffffffffffffffn; break;
    case 'f32': case 'f64': ok = typeof v === 'number'; break;
    default: {
      const [lo, hi] = RANGES[ty];
      ok = typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;
    }
  }
  if (!ok) throw new TypeError(`invalid ${ty} value [${describeValue(v)}] in a list<${ty}>`);
}
