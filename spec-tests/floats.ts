// Exact text -> IEEE-754 bit pattern conversion (round to nearest, ties to even),
// for decimal and hexadecimal float literals, inf, nan and nan:0x payloads.

export interface FloatFormat {
  readonly mantBits: number;
  readonly expBits: number;
}

export const F32: FloatFormat = { mantBits: 23, expBits: 8 };
export const F64: FloatFormat = { mantBits: 52, expBits: 11 };

function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

/** Rounds the exact positive rational num/den to the format; returns unsigned bits. */
function roundRational(num: bigint, den: bigint, f: FloatFormat): bigint {
  const { mantBits, expBits } = f;
  if (num === 0n) return 0n;
  const p = mantBits + 1;
  const bias = (1 << (expBits - 1)) - 1;
  const emin = 1 - bias;
  const infBits = BigInt((1 << expBits) - 1) << BigInt(mantBits);
  // e = floor(log2(num/den))
  let e = bitLength(num) - bitLength(den);
  const ge = (k: number): boolean => (k >= 0 ? num >= den << BigInt(k) : num << BigInt(-k) >= den);
  if (!ge(e)) e--;
  if (e > bias) return infBits;
  if (e < emin - p - 1) return 0n; // far below the smallest subnormal: rounds to zero
  let E = Math.max(e, emin);
  const shift = p - 1 - E;
  let n = num;
  let d = den;
  if (shift >= 0) n <<= BigInt(shift);
  else d <<= BigInt(-shift);
  let q = n / d;
  const r2 = (n % d) * 2n;
  if (r2 > d || (r2 === d && (q & 1n) === 1n)) q++;
  if (q === 1n << BigInt(p)) {
    q >>= 1n;
    E++;
  }
  if (E > bias) return infBits;
  if (q < 1n << BigInt(p - 1)) return q; // subnormal (or zero), biased exponent 0
  return (BigInt(E + bias) << BigInt(mantBits)) | (q - (1n << BigInt(p - 1)));
}

const DEC_RE = /^([0-9](?:_?[0-9])*)?(?:\.([0-9](?:_?[0-9])*)?)?(?:[eE]([+-]?[0-9](?:_?[0-9])*))?$/;
const HEX_RE = /^0x([0-9a-fA-F](?:_?[0-9a-fA-F])*)?(?:\.([0-9a-fA-F](?:_?[0-9a-fA-F])*)?)?(?:[pP]([+-]?[0-9](?:_?[0-9])*))?$/;

/**
 * Parses a float literal (as in `f32.const X`) to its bit pattern.
 * Returns undefined if the text is not a float literal.
 */
export function parseFloatBits(text: string, f: FloatFormat): bigint | undefined {
  let s = text;
  let neg = false;
  if (s.startsWith('+') || s.startsWith('-')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  const signBit = neg ? 1n << BigInt(f.mantBits + f.expBits) : 0n;
  const expAll = BigInt((1 << f.expBits) - 1) << BigInt(f.mantBits);
  if (s === 'inf') return signBit | expAll;
  if (s === 'nan') return signBit | expAll | (1n << BigInt(f.mantBits - 1));
  if (s.startsWith('nan:0x')) {
    const h = s.slice(6);
    if (!/^[0-9a-fA-F](?:_?[0-9a-fA-F])*$/.test(h)) return undefined;
    const payload = BigInt('0x' + h.replace(/_/g, ''));
    if (payload === 0n || payload >= 1n << BigInt(f.mantBits)) return undefined;
    return signBit | expAll | payload;
  }
  let num: bigint;
  let den = 1n;
  let m: RegExpExecArray | null;
  if ((m = HEX_RE.exec(s))) {
    const int = (m[1] ?? '').replace(/_/g, '');
    const frac = (m[2] ?? '').replace(/_/g, '');
    if (!int && !frac) return undefined;
    if (!int) return undefined; // the text format requires at least one integer digit
    const exp = m[3] ? parseInt(m[3].replace(/_/g, ''), 10) : 0;
    num = BigInt('0x' + (int + frac || '0'));
    const e2 = exp - 4 * frac.length;
    if (num !== 0n && bitLength(num) + e2 > 2000) return signBit | expAll;
    if (num === 0n || bitLength(num) + e2 < -2000) return signBit;
    if (e2 >= 0) num <<= BigInt(e2);
    else den = 1n << BigInt(-e2);
  } else if ((m = DEC_RE.exec(s))) {
    const int = (m[1] ?? '').replace(/_/g, '');
    const frac = (m[2] ?? '').replace(/_/g, '');
    if (!int) return undefined;
    const exp = m[3] ? parseInt(m[3].replace(/_/g, ''), 10) : 0;
    num = BigInt(int + frac);
    const e10 = exp - frac.length;
    if (num !== 0n && num.toString().length + e10 > 400) return signBit | expAll;
    if (num === 0n || num.toString().length + e10 < -400) return signBit;
    if (e10 >= 0) num *= 10n ** BigInt(e10);
    else den = 10n ** BigInt(-e10);
  } else {
    return undefined;
  }
  return signBit | roundRational(num, den, f);
}

export function f32BitsToNumber(bits: number): number {
  const b = new DataView(new ArrayBuffer(4));
  b.setUint32(0, bits >>> 0, true);
  return b.getFloat32(0, true);
}

export function f64BitsToNumber(bits: bigint): number {
  const b = new DataView(new ArrayBuffer(8));
  b.setBigUint64(0, BigInt.asUintN(64, bits), true);
  return b.getFloat64(0, true);
}

export function numberToF32Bits(x: number): number {
  const b = new DataView(new ArrayBuffer(4));
  b.setFloat32(0, x, true);
  return b.getUint32(0, true);
}

export function numberToF64Bits(x: number): bigint {
  const b = new DataView(new ArrayBuffer(8));
  b.setFloat64(0, x, true);
  return b.getBigUint64(0, true);
}
