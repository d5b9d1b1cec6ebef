// Differential tests of src/core/exec/numeric/convert.ts against the host's WebAssembly (V8):
// trapping and saturating truncations from f32/f64 at and around every range boundary, integer
// to float conversions (with the i64 -> f32 double-rounding traps), demote and promote.
// V8 traps every failed truncation with "float unrepresentable in integer range"; the spec
// suite's message is "invalid conversion to integer" for NaN and "integer overflow" otherwise.

import { parse } from '@bytecodealliance/jco';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { HostWasm } from './support/host-wasm.js';
import { RuntimeError } from '../src/core/errors.js';
import * as CV from '../src/core/exec/numeric/convert.js';

const RUNS = 2000;


type Fn = (...args: unknown[]) => unknown;
let oracle: Record<string, Fn>;

const TRUNC = ['i32.trunc', 'i64.trunc', 'i32.trunc_sat', 'i64.trunc_sat'];

beforeAll(async () => {
  const f: string[] = [];
  for (const op of TRUNC) {
    for (const src of ['f32', 'f64']) {
      for (const sx of ['s', 'u']) {
        const name = `${op}_${src}_${sx}`;
        f.push(`(func (export "${name}") (param ${src}) (result ${op.slice(0, 3)}) local.get 0 ${name})`);
      }
    }
  }
  for (const dst of ['f32', 'f64']) {
    for (const src of ['i32', 'i64']) {
      for (const sx of ['s', 'u']) {
        const name = `${dst}.convert_${src}_${sx}`;
        f.push(`(func (export "${name}") (param ${src}) (result ${dst}) local.get 0 ${name})`);
      }
    }
  }
  f.push('(func (export "f32.demote_f64") (param f64) (result f32) local.get 0 f32.demote_f64)');
  f.push('(func (export "f64.promote_f32") (param f32) (result f64) local.get 0 f64.promote_f32)');
  const { instance } = await HostWasm.instantiate(await parse(`(module ${f.join('\n')})`));
  oracle = instance.exports as unknown as Record<string, Fn>;
});

// ---------------------------------------------------------------------------------------------

type Outcome = { value: unknown } | { trap: string };

function expected(name: string, x: number): Outcome {
  try {
    return { value: oracle[name]!(x) };
  } catch (e) {
    if (!(e instanceof HostWasm.RuntimeError) || e.message !== 'float unrepresentable in integer range') throw e;
    return { trap: Number.isNaN(x) ? 'invalid conversion to integer' : 'integer overflow' };
  }
}

const join64 = (lo: number, hi: number): bigint => BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo >>> 0));
const lo32 = (v: bigint): number => Number(BigInt.asIntN(32, v));
const hi32 = (v: bigint): number => Number(BigInt.asIntN(32, v >> 32n));
const out = new Int32Array(4);

const I32_TRUNC: Record<string, (x: number) => number> = {
  'i32.trunc_s': CV.i32TruncS, 'i32.trunc_u': CV.i32TruncU, 'i32.trunc_sat_s': CV.i32TruncSatS, 'i32.trunc_sat_u': CV.i32TruncSatU,
};
const I64_TRUNC: Record<string, (x: number, out: Int32Array, o: number) => void> = {
  'i64.trunc_s': CV.i64TruncS, 'i64.trunc_u': CV.i64TruncU, 'i64.trunc_sat_s': CV.i64TruncSatS, 'i64.trunc_sat_u': CV.i64TruncSatU,
};

function actual(op: string, x: number): Outcome {
  try {
    const f32 = I32_TRUNC[op];
    if (f32) {
      const v = f32(x);
      if (!Object.is(v, v | 0)) expect.fail(`${op}(${x}) = ${v} is not an int32`);
      return { value: v };
    }
    out.fill(0x5a5a5a5a);
    I64_TRUNC[op]!(x, out, 1);
    if (out[0] !== 0x5a5a5a5a || out[3] !== 0x5a5a5a5a) expect.fail('wrote outside its slot');
    return { value: join64(out[1]!, out[2]!) };
  } catch (e) {
    if (!(e instanceof RuntimeError)) throw e;
    return { trap: e.message };
  }
}

function checkTrunc(x: number, src: 'f32' | 'f64'): void {
  for (const op of TRUNC) {
    for (const sx of ['s', 'u']) {
      const name = `${op}_${src}_${sx}`;
      const got = actual(`${op}_${sx}`, x);
      const want = expected(name, x);
      if ('value' in got && 'value' in want ? got.value === want.value : 'trap' in got && 'trap' in want && got.trap === want.trap) continue;
      expect(got, `${name}(${Object.is(x, -0) ? '-0' : x})`).toEqual(want);
    }
  }
}

function sameFloat(got: number, want: number, what: string): void {
  if (Number.isNaN(want) ? Number.isNaN(got) : Object.is(got, want)) return;
  expect(got, what).toBe(want);
}

// ---------------------------------------------------------------------------------------------
// Inputs

const f64View = new Float64Array(1);
const u64View = new BigUint64Array(f64View.buffer);
const f32View = new Float32Array(1);
const u32View = new Uint32Array(f32View.buffer);
const f64FromBits = (b: bigint): number => ((u64View[0] = b), f64View[0]!);
const f32FromBits = (b: number): number => ((u32View[0] = b >>> 0), f32View[0]!);
const f64Bits = (x: number): bigint => ((f64View[0] = x), u64View[0]!);
const f32Bits = (x: number): number => ((f32View[0] = x), u32View[0]!);

/** x and its neighbours, a few steps each way, in the given format. */
function around(x: number, src: 'f32' | 'f64', steps = 3): number[] {
  const r: number[] = [];
  if (src === 'f64') {
    const b = f64Bits(x);
    for (let k = -steps; k <= steps; k++) r.push(f64FromBits(BigInt.asUintN(64, b + BigInt(k))));
  } else {
    const b = f32Bits(x);
    for (let k = -steps; k <= steps; k++) r.push(f32FromBits(b + k));
  }
  return r.filter((y) => !Number.isNaN(y));
}

const BOUNDARIES = [
  0.5, 1, 1.5, 2 ** 31 - 1, 2 ** 31, 2 ** 31 + 1, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, 2 ** 52, 2 ** 53, 2 ** 63, 2 ** 64,
  2147483520, 4294967040, 9223371487098961920, 18446742974197923840, 1e30, Number.MAX_VALUE, Number.MIN_VALUE,
];

function edges(src: 'f32' | 'f64'): number[] {
  const round = src === 'f32' ? Math.fround : (x: number): number => x;
  const xs = [0, -0, Infinity, -Infinity, NaN, 0.5, -0.5, -0.9999999, 0.9999999, -1.5];
  for (const b of BOUNDARIES) {
    const v = round(b);
    if (v === 0) continue;
    xs.push(...around(v, src), ...around(-v, src));
    xs.push(round(v - 0.5), round(v + 0.5), round(-v - 0.5), round(-v + 0.5), round(-v - 1), round(-v - 2));
  }
  return [...new Set(xs)];
}

const f64Arb = fc.oneof(
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(f64FromBits),
  fc.double({ min: -(2 ** 65), max: 2 ** 65 }),
  fc.double({ min: -(2 ** 33), max: 2 ** 33 }),
  fc.integer({ min: 0, max: 66 }).chain((k) => fc.double({ min: -(2 ** k), max: 2 ** k })),
);
const f32Arb = fc.oneof(
  fc.integer({ min: 0, max: 2 ** 32 - 1 }).map(f32FromBits),
  fc.float({ min: -(2 ** 65), max: 2 ** 65 }),
  fc.integer({ min: 0, max: 66 }).chain((k) => fc.float({ min: Math.fround(-(2 ** k)), max: Math.fround(2 ** k) })),
);

const pow2 = (k: number): bigint => 1n << BigInt(k);
/** i64 values of every magnitude, and values at, just off, and exactly halfway between f32/f64 values. */
const i64Arb: fc.Arbitrary<bigint> = fc.oneof(
  fc.bigInt({ min: -pow2(63), max: pow2(63) - 1n }),
  fc.tuple(fc.integer({ min: 0, max: 64 }), fc.boolean()).chain(([k, neg]) =>
    fc.bigInt({ min: 0n, max: pow2(k) - 1n }).map((v) => BigInt.asIntN(64, neg ? -v : v))),
  fc.tuple(
    fc.integer({ min: 24, max: 53 }), // significand width to round to
    fc.integer({ min: 1, max: 40 }), // shift
    fc.bigInt({ min: 0n, max: pow2(53) - 1n }),
    fc.integer({ min: -2, max: 2 }),
    fc.boolean(),
  ).map(([w, s, m, d, neg]) => {
    const sig = (m & (pow2(w) - 1n)) | pow2(w - 1);
    const v = (sig << BigInt(s)) + (pow2(s - 1) + BigInt(d)); // halfway, or just off it
    return BigInt.asIntN(64, neg ? -v : v);
  }),
);

const I64_EDGES = [
  0n, 1n, -1n, pow2(24) + 1n, pow2(53) + 1n, pow2(53) - 1n, pow2(54) + 1n, pow2(62) + 1n, pow2(63) - 1n, -pow2(63), -pow2(63) + 1n,
  pow2(63) - pow2(39), pow2(63) - pow2(39) - 1n, pow2(63) - pow2(39) + 1n, pow2(63) - pow2(10), pow2(63) - pow2(10) - 1n,
  -(pow2(63) - pow2(39)), -(pow2(63) - pow2(39)) - 1n, -(pow2(53) + 1n), -pow2(53) - 2n, -pow2(53), -pow2(53) + 1n,
  -(pow2(53) + pow2(29) + 1n), pow2(53) + pow2(29), pow2(53) + pow2(29) + 1n, pow2(53) + 3n * pow2(29),
  0x7fffffbfffffffffn, 0x7fffff8000000000n, 0x7fffff8000000001n, 0x7fffffc000000000n, 0x0020000020000000n, 0x0020000020000001n,
  0x001fffffe0000000n, 0x001fffffefffffffn, 0x001ffffff0000000n, 0x001ffffff0000001n, -0x001ffffff0000001n, -0x0020000020000001n,
];
const U64_EDGES = [0n, 1n, pow2(63), pow2(63) + 1n, pow2(64) - 1n, pow2(64) - pow2(39), pow2(64) - pow2(39) - 1n, pow2(64) - pow2(40) + pow2(39) + 1n,
  0xffffff7fffffffffn, 0xffffff8000000000n, 0xffffff8000000001n, 0x8000008000000000n, 0x8000008000000001n, 0x8000018000000000n];
const I32_EDGES = [0, 1, -1, 0x7fffffff, -0x80000000, 0x1000001, -0x1000001, 0x7fffffc0, 0x7fffffbf, 0x7fffff80, -0x7fffffc1, 0x1000003, 0x4000001];

function checkConvert64(v: bigint): void {
  const lo = lo32(v);
  const hi = hi32(v);
  sameFloat(CV.f32ConvertI64S(lo, hi), oracle['f32.convert_i64_s']!(BigInt.asIntN(64, v)) as number, `f32.convert_i64_s(${v})`);
  sameFloat(CV.f32ConvertI64U(lo, hi), oracle['f32.convert_i64_u']!(BigInt.asIntN(64, v)) as number, `f32.convert_i64_u(${v})`);
  sameFloat(CV.f64ConvertI64S(lo, hi), oracle['f64.convert_i64_s']!(BigInt.asIntN(64, v)) as number, `f64.convert_i64_s(${v})`);
  sameFloat(CV.f64ConvertI64U(lo, hi), oracle['f64.convert_i64_u']!(BigInt.asIntN(64, v)) as number, `f64.convert_i64_u(${v})`);
}

function checkConvert32(x: number): void {
  sameFloat(CV.f32ConvertI32S(x), oracle['f32.convert_i32_s']!(x) as number, `f32.convert_i32_s(${x})`);
  sameFloat(CV.f32ConvertI32U(x), oracle['f32.convert_i32_u']!(x) as number, `f32.convert_i32_u(${x})`);
  sameFloat(CV.f64ConvertI32S(x), oracle['f64.convert_i32_s']!(x) as number, `f64.convert_i32_s(${x})`);
  sameFloat(CV.f64ConvertI32U(x), oracle['f64.convert_i32_u']!(x) as number, `f64.convert_i32_u(${x})`);
}

// ---------------------------------------------------------------------------------------------

describe('truncation (trapping and saturating)', () => {
  it('from f64', () => {
    for (const x of edges('f64')) checkTrunc(x, 'f64');
    fc.assert(fc.property(f64Arb, (x) => checkTrunc(x, 'f64')), { numRuns: RUNS });
  });

  it('from f32', () => {
    for (const x of edges('f32')) checkTrunc(x, 'f32');
    fc.assert(fc.property(f32Arb, (x) => checkTrunc(x, 'f32')), { numRuns: RUNS });
  });

  it('trap messages', () => {
    expect(() => CV.i32TruncS(NaN)).toThrow(new RuntimeError('invalid conversion to integer'));
    expect(() => CV.i64TruncU(-NaN, out, 0)).toThrow(new RuntimeError('invalid conversion to integer'));
    expect(() => CV.i32TruncU(-1)).toThrow(new RuntimeError('integer overflow'));
    expect(() => CV.i32TruncS(2147483648)).toThrow(new RuntimeError('integer overflow'));
    expect(() => CV.i64TruncS(-Infinity, out, 0)).toThrow(new RuntimeError('integer overflow'));
    expect(CV.i32TruncS(-2147483648.9)).toBe(-2147483648);
    expect(CV.i32TruncU(-0.9)).toBe(0);
  });
});

describe('integer to float', () => {
  it('from i64 (single rounding to f32, no double rounding through f64)', () => {
    for (const v of [...I64_EDGES, ...U64_EDGES]) for (const w of [v, -v, v + 1n, v - 1n]) checkConvert64(BigInt.asIntN(64, w));
    for (let k = 0; k < 64; k++) for (let d = -2n; d <= 2n; d++) checkConvert64(BigInt.asIntN(64, pow2(k) + d)), checkConvert64(BigInt.asIntN(64, -pow2(k) + d));
    fc.assert(fc.property(i64Arb, checkConvert64), { numRuns: 4 * RUNS });
  });

  it('from i32', () => {
    for (const x of I32_EDGES) checkConvert32(x), checkConvert32(-x | 0), checkConvert32((x + 1) | 0), checkConvert32((x - 1) | 0);
    fc.assert(fc.property(fc.integer({ min: -0x80000000, max: 0x7fffffff }), checkConvert32), { numRuns: RUNS });
  });
});

describe('demote and promote', () => {
  it('f32.demote_f64 and f64.promote_f32', () => {
    const check = (x: number): void => {
      sameFloat(CV.f32DemoteF64(x), oracle['f32.demote_f64']!(x) as number, `f32.demote_f64(${x})`);
      const y = Math.fround(x);
      sameFloat(CV.f64PromoteF32(y), oracle['f64.promote_f32']!(y) as number, `f64.promote_f32(${y})`);
    };
    const boundaries = [3.4028234663852886e38, 3.4028235677973366e38, 2 ** -149, 2 ** -150, 2 ** -126, 1 + 2 ** -24, 1 + 2 ** -23 + 2 ** -24];
    for (const b of boundaries) for (const x of around(b, 'f64')) check(x), check(-x);
    for (const x of edges('f64')) check(x);
    fc.assert(fc.property(f64Arb, check), { numRuns: RUNS });
  });
});
