// WAVE floats. Spec: wasm-tools crates/wasm-wave/README.md §"Floats" (JSON numbers or the
// keywords `nan`, `inf`, `-inf`). Parsing rounds the decimal once, straight to the target format
// (IEEE 754 roundTiesToEven), as Rust's `f32::from_str` does: going through a double first could
// round twice, so a double that lands exactly between two f32 values is settled against the exact
// decimal. Writing gives the shortest digits that read back to the same value, written out in
// full without an exponent, as Rust's `Display` for floats (what wasmtime prints) does:
// 1e21 → `1000000000000000000000`, 1e-7 → `0.0000001`, -0 → `-0`.

/** The value of a number token as a float of `bits` bits (the token syntax is already checked). */
export function parseFloatToken(text: string, bits: 32 | 64): number {
  if (text === 'nan') return NaN;
  if (text === 'inf') return Infinity;
  if (text === '-inf') return -Infinity;
  const d = Number(text); // the decimal rounded once, to the nearest double
  if (bits === 64) return d;
  const f = Math.fround(d);
  if (f === d || !Number.isFinite(d)) return f;
  // Rounding d again can only go wrong when d sits exactly halfway between two f32 values (no
  // f32 midpoint can lie strictly between the decimal and its nearest double): settle it exactly.
  if (!Number.isFinite(f)) {
    if (Math.abs(d) !== F32_OVERFLOW_HALFWAY) return f;
    return compareDecimal(text, d) * Math.sign(d) < 0 ? Math.sign(d) * F32_MAX : f;
  }
  const other = neighbour(f, d > f ? 1 : -1);
  if (!Number.isFinite(other) || (f + other) / 2 !== d) return f;
  const cmp = compareDecimal(text, d);
  if (cmp === 0) return f; // a true tie: fround chose the even one
  return (cmp > 0) === (other > f) ? other : f;
}

const F32_MAX = 3.4028234663852886e38;
/** Halfway between the largest f32 and 2^128: from here on a decimal rounds to infinity. */
const F32_OVERFLOW_HALFWAY = 3.4028235677973366e38;

/** The next f32 after `f` in direction `dir` (±1). */
function neighbour(f: number, dir: 1 | -1): number {
  const buf = new DataView(new ArrayBuffer(4));
  buf.setFloat32(0, f);
  let bits = buf.getUint32(0);
  if (f === 0) bits = dir > 0 ? 1 : 0x80000001;
  else if ((f > 0) === (dir > 0)) bits += 1;
  else bits -= 1;
  buf.setUint32(0, bits >>> 0);
  return buf.getFloat32(0);
}

/** Sign of (exact decimal `text`) − (double `d`), both finite. */
function compareDecimal(text: string, d: number): number {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([-+]?\d+))?$/.exec(text)!;
  const neg = m[1] === '-';
  const digits = BigInt(m[2]! + (m[3] ?? ''));
  const exp10 = Number(m[4] ?? '0') - (m[3]?.length ?? 0);
  // d = mant × 2^exp2 exactly
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(d));
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const e = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  const exp2 = e === 0 ? -1074 : e - 1075;
  if (e !== 0) mant |= 1n << 52n;
  // compare digits × 10^exp10 with mant × 2^exp2, scaled to integers
  let left = digits;
  let right = mant;
  if (exp10 >= 0) left *= 10n ** BigInt(exp10); else right *= 10n ** BigInt(-exp10);
  if (exp2 >= 0) right *= 2n ** BigInt(exp2); else left *= 2n ** BigInt(-exp2);
  const sign = left === right ? 0 : left > right ? 1 : -1;
  return neg ? -sign : sign;
}

/** Shortest decimal digits and exponent of a finite non-zero value: value = 0.d1d2… × 10^point. */
function shortest(x: number, bits: 32 | 64): { digits: string; point: number } {
  let s: string;
  if (bits === 64) s = Math.abs(x).toExponential();
  else {
    const a = Math.abs(x);
    s = a.toExponential(8);
    for (let p = 0; p <= 8; p++) {
      const t = a.toExponential(p);
      if (Math.fround(Number(t)) === a) { s = t; break; }
    }
  }
  const [mant, exp] = s.split('e') as [string, string];
  const digits = mant.replace('.', '').replace(/0+$/, '') || '0';
  return { digits, point: Number(exp) + 1 };
}

/** A float written as wasm-wave (through Rust's Display) writes it. */
export function formatFloat(x: number, bits: 32 | 64): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const { digits, point } = shortest(x, bits);
  let body: string;
  if (point <= 0) body = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) body = digits + '0'.repeat(point - digits.length);
  else body = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return x < 0 ? `-${body}` : body;
}
