// Differential tests of src/core/exec/numeric/i32.ts and i64.ts against the host's WebAssembly
// (V8) as the oracle: one module exporting every operator, called on fast-check inputs and on
// all pairs of edge values. i64 crosses the JS boundary as BigInt; halves are made only here.
// The wide-arithmetic operators (not in node 20's V8) are checked against BigInt arithmetic.
// V8's trap messages differ from the spec suite's; TRAP_MESSAGES maps them.

import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '@bytecodealliance/jco';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { HostWasm } from './support/host-wasm.js';
import { RuntimeError } from '../src/core/errors.js';
import * as I32 from '../src/core/exec/numeric/i32.js';
import * as I64 from '../src/core/exec/numeric/i64.js';

const RUNS = 2000;


// ---------------------------------------------------------------------------------------------
// Oracle

const I32_BINARY = ['div_s', 'div_u', 'rem_s', 'rem_u', 'rotl', 'rotr'] as const;
const I32_UNARY = ['clz', 'ctz', 'popcnt', 'extend8_s', 'extend16_s'] as const;
const I64_BINARY = [
  'add', 'sub', 'mul', 'div_s', 'div_u', 'rem_s', 'rem_u', 'and', 'or', 'xor', 'shl', 'shr_s', 'shr_u', 'rotl', 'rotr',
] as const;
const I64_UNARY = ['clz', 'ctz', 'popcnt', 'extend8_s', 'extend16_s', 'extend32_s'] as const;
const I64_COMPARE = ['eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u'] as const;

function oracleText(): string {
  const f: string[] = [];
  for (const op of I32_BINARY) f.push(`(func (export "i32.${op}") (param i32 i32) (result i32) local.get 0 local.get 1 i32.${op})`);
  for (const op of I32_UNARY) f.push(`(func (export "i32.${op}") (param i32) (result i32) local.get 0 i32.${op})`);
  for (const op of I64_BINARY) f.push(`(func (export "i64.${op}") (param i64 i64) (result i64) local.get 0 local.get 1 i64.${op})`);
  for (const op of I64_UNARY) f.push(`(func (export "i64.${op}") (param i64) (result i64) local.get 0 i64.${op})`);
  for (const op of I64_COMPARE) f.push(`(func (export "i64.${op}") (param i64 i64) (result i32) local.get 0 local.get 1 i64.${op})`);
  f.push('(func (export "i64.eqz") (param i64) (result i32) local.get 0 i64.eqz)');
  f.push('(func (export "i64.extend_i32_s") (param i32) (result i64) local.get 0 i64.extend_i32_s)');
  f.push('(func (export "i64.extend_i32_u") (param i32) (result i64) local.get 0 i64.extend_i32_u)');
  return `(module ${f.join('\n')})`;
}

type Fn = (...args: unknown[]) => unknown;
let oracle: Record<string, Fn>;

beforeAll(async () => {
  const bytes = await parse(oracleText());
  const { instance } = await HostWasm.instantiate(bytes);
  oracle = instance.exports as unknown as Record<string, Fn>;
});

const TRAP_MESSAGES: Record<string, string> = {
  'divide by zero': 'integer divide by zero',
  'remainder by zero': 'integer divide by zero',
  'divide result unrepresentable': 'integer overflow',
};

type Outcome<T> = { value: T } | { trap: string };

function expected<T>(name: string, ...args: unknown[]): Outcome<T> {
  try {
    return { value: oracle[name]!(...args) as T };
  } catch (e) {
    if (!(e instanceof HostWasm.RuntimeError)) throw e;
    const msg = TRAP_MESSAGES[e.message];
    if (msg === undefined) throw new Error(`unmapped V8 trap message ${e.message}`);
    return { trap: msg };
  }
}

/** expect(got).toEqual(want), without vitest's deep-equality cost on the (usual) passing path. */
function same<T>(got: Outcome<T>, want: Outcome<T>, what: string): void {
  if ('value' in got && 'value' in want ? Object.is(got.value, want.value) : 'trap' in got && 'trap' in want && got.trap === want.trap) return;
  expect(got, what).toEqual(want);
}

function actual<T>(run: () => T): Outcome<T> {
  try {
    return { value: run() };
  } catch (e) {
    if (!(e instanceof RuntimeError)) throw e;
    return { trap: e.message };
  }
}

// ---------------------------------------------------------------------------------------------
// i64 <-> halves (tests only)

const lo32 = (v: bigint): number => Number(BigInt.asIntN(32, v));
const hi32 = (v: bigint): number => Number(BigInt.asIntN(32, v >> 32n));
const join64 = (lo: number, hi: number): bigint => BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo >>> 0));

const out = new Int32Array(8);

/** Runs an i64-result operator, returning its result as a signed BigInt. */
function run64(f: (out: Int32Array, o: number) => void): bigint {
  out.fill(0x5a5a5a5a);
  f(out, 2);
  // nothing written outside out[o], out[o + 1]
  if (out[0] !== 0x5a5a5a5a || out[1] !== 0x5a5a5a5a || out[4] !== 0x5a5a5a5a) expect.fail('wrote outside its slot');
  return join64(out[2]!, out[3]!);
}

// ---------------------------------------------------------------------------------------------
// Inputs

const I32_EDGES = [
  0, 1, -1, 2, -2, 3, 7, 8, 15, 16, 31, 32, 33, 63, 64, 65, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x10000,
  0x7fffffff, -0x80000000, -0x7fffffff, 0x40000000, -0x40000000, 0x55555555, -0x55555556, 0x12345678, -0x12345678,
];

const pow2 = (k: number): bigint => 1n << BigInt(k);
const I64_EDGE_BASE = [
  0n, 1n, 2n, 3n, 10n, 32n, 63n, 64n, 0xffffn, pow2(31) - 1n, pow2(31), pow2(32) - 1n, pow2(32), pow2(32) + 1n,
  pow2(52) - 1n, pow2(52), pow2(53) - 1n, pow2(53) + 1n, pow2(62) - 1n, pow2(62), pow2(63) - 1n, pow2(63),
  0x123456789abcdef0n, 0x5555555555555555n, 0xffffffff00000000n, 0x7fffffff80000000n,
];
const I64_EDGES = [...new Set(I64_EDGE_BASE.flatMap((v) => [BigInt.asIntN(64, v), BigInt.asIntN(64, -v)]))];

const i32Arb = fc.oneof(
  fc.integer({ min: -0x80000000, max: 0x7fffffff }),
  fc.integer({ min: 0, max: 31 }).chain((k) => fc.integer({ min: -(2 ** k), max: 2 ** k - 1 })),
  fc.constantFrom(...I32_EDGES),
);

/** i64 values of every magnitude (the division algorithm switches on it), both signs, and edges. */
const i64Arb: fc.Arbitrary<bigint> = fc.oneof(
  fc.bigInt({ min: -pow2(63), max: pow2(63) - 1n }),
  fc.tuple(fc.integer({ min: 0, max: 64 }), fc.boolean()).chain(([k, neg]) =>
    fc.bigInt({ min: 0n, max: pow2(k) - 1n }).map((v) => BigInt.asIntN(64, neg ? -v : v))),
  fc.tuple(fc.integer({ min: 0, max: 63 }), fc.integer({ min: -3, max: 3 })).map(([k, d]) => BigInt.asIntN(64, pow2(k) + BigInt(d))),
  fc.constantFrom(...I64_EDGES),
);

/** Shift counts: small, around 32/64 multiples, and arbitrary. */
const countArb: fc.Arbitrary<bigint> = fc.oneof(
  fc.integer({ min: 0, max: 200 }).map(BigInt),
  fc.integer({ min: -200, max: 0 }).map(BigInt),
  i64Arb,
);

function pairs<T>(xs: readonly T[]): [T, T][] {
  return xs.flatMap((a) => xs.map((b): [T, T] => [a, b]));
}

// ---------------------------------------------------------------------------------------------
// i32

const I32_IMPL: Record<string, (a: number, b: number) => number> = {
  div_s: I32.divS, div_u: I32.divU, rem_s: I32.remS, rem_u: I32.remU, rotl: I32.rotl, rotr: I32.rotr,
};
const I32_UNARY_IMPL: Record<string, (a: number) => number> = {
  clz: I32.clz, ctz: I32.ctz, popcnt: I32.popcnt, extend8_s: I32.extend8S, extend16_s: I32.extend16S,
};

function checkI32Binary(op: string, a: number, b: number): void {
  const got = actual(() => I32_IMPL[op]!(a, b));
  if ('value' in got) expect(Object.is(got.value, got.value | 0), `${op} returns an int32`).toBe(true);
  same(got, expected<number>(`i32.${op}`, a, b), `i32.${op}(${a}, ${b})`);
}

describe('i32 operators', () => {
  for (const op of I32_BINARY) {
    it(`i32.${op}`, () => {
      for (const [a, b] of pairs(I32_EDGES)) checkI32Binary(op, a, b);
      fc.assert(fc.property(i32Arb, i32Arb, (a, b) => checkI32Binary(op, a, b)), { numRuns: RUNS });
    });
  }
  for (const op of I32_UNARY) {
    it(`i32.${op}`, () => {
      const check = (a: number): void => {
        expect(I32_UNARY_IMPL[op]!(a), `i32.${op}(${a})`).toBe(oracle[`i32.${op}`]!(a));
      };
      I32_EDGES.forEach(check);
      fc.assert(fc.property(i32Arb, check), { numRuns: RUNS });
    });
  }
});

// ---------------------------------------------------------------------------------------------
// i64

type Bin64 = (alo: number, ahi: number, blo: number, bhi: number, out: Int32Array, o: number) => void;
type Shift64 = (alo: number, ahi: number, n: number, out: Int32Array, o: number) => void;

const I64_IMPL: Record<string, Bin64> = {
  add: I64.add, sub: I64.sub, mul: I64.mul, div_s: I64.divS, div_u: I64.divU, rem_s: I64.remS, rem_u: I64.remU,
  and: I64.and, or: I64.or, xor: I64.xor,
};
const I64_SHIFT_IMPL: Record<string, Shift64> = {
  shl: I64.shl, shr_s: I64.shrS, shr_u: I64.shrU, rotl: I64.rotl, rotr: I64.rotr,
};
const I64_COMPARE_IMPL: Record<string, (alo: number, ahi: number, blo: number, bhi: number) => number> = {
  eq: I64.eq, ne: I64.ne, lt_s: I64.ltS, lt_u: I64.ltU, gt_s: I64.gtS, gt_u: I64.gtU,
  le_s: I64.leS, le_u: I64.leU, ge_s: I64.geS, ge_u: I64.geU,
};

function checkI64Binary(op: string, a: bigint, b: bigint): void {
  const shift = I64_SHIFT_IMPL[op];
  const got = shift
    ? actual(() => run64((o, i) => shift(lo32(a), hi32(a), lo32(b), o, i)))
    : actual(() => run64((o, i) => I64_IMPL[op]!(lo32(a), hi32(a), lo32(b), hi32(b), o, i)));
  same(got, expected<bigint>(`i64.${op}`, a, b), `i64.${op}(${a}, ${b})`);
}

describe('i64 operators', () => {
  for (const op of I64_BINARY) {
    it(`i64.${op}`, () => {
      const shift = op in I64_SHIFT_IMPL;
      for (const [a, b] of pairs(I64_EDGES)) checkI64Binary(op, a, b);
      if (shift) for (const a of I64_EDGES) for (let n = -1n; n <= 129n; n += 1n) checkI64Binary(op, a, n);
      fc.assert(fc.property(i64Arb, shift ? countArb : i64Arb, (a, b) => checkI64Binary(op, a, b)), { numRuns: RUNS });
    });
  }

  it('division paths: every magnitude of dividend and divisor', () => {
    // All (bit length of |a|, bit length of |b|) combinations, a few values each.
    const rnd = fc.sample(fc.bigInt({ min: 0n, max: pow2(64) - 1n }), { numRuns: 4 * 65 * 65, seed: 42 });
    let i = 0;
    for (let ka = 0; ka <= 64; ka++) {
      for (let kb = 1; kb <= 64; kb++) {
        for (let r = 0; r < 4; r++) {
          const a = BigInt.asIntN(64, (rnd[i++ % rnd.length]! & (pow2(ka) - 1n)) | (ka > 0 ? pow2(ka - 1) : 0n));
          const b = BigInt.asIntN(64, (rnd[i++ % rnd.length]! & (pow2(kb) - 1n)) | pow2(kb - 1));
          for (const op of ['div_s', 'div_u', 'rem_s', 'rem_u']) checkI64Binary(op, a, b);
        }
      }
    }
  });

  it('division: quotients next to q * b (estimate off by one either way)', () => {
    fc.assert(
      fc.property(i64Arb, i64Arb, fc.integer({ min: -2, max: 2 }), (q, b, d) => {
        const a = BigInt.asIntN(64, q * b + BigInt(d));
        for (const op of ['div_s', 'div_u', 'rem_s', 'rem_u']) checkI64Binary(op, a, b);
      }),
      { numRuns: RUNS },
    );
  });

  for (const op of I64_UNARY) {
    it(`i64.${op}`, () => {
      const check = (a: bigint): void => {
        let got: bigint;
        if (op === 'clz') got = BigInt(I64.clz(lo32(a), hi32(a)));
        else if (op === 'ctz') got = BigInt(I64.ctz(lo32(a), hi32(a)));
        else if (op === 'popcnt') got = BigInt(I64.popcnt(lo32(a), hi32(a)));
        else {
          const f = op === 'extend8_s' ? I64.extend8S : op === 'extend16_s' ? I64.extend16S : I64.extend32S;
          got = run64((o, i) => f(lo32(a), o, i));
        }
        expect(got, `i64.${op}(${a})`).toBe(oracle[`i64.${op}`]!(a));
      };
      I64_EDGES.forEach(check);
      for (let k = 0; k < 64; k++) check(BigInt.asIntN(64, pow2(k))), check(BigInt.asIntN(64, pow2(k) - 1n));
      fc.assert(fc.property(i64Arb, check), { numRuns: RUNS });
    });
  }

  it('i64.eqz and comparisons', () => {
    const check = (a: bigint, b: bigint): void => {
      const al = lo32(a);
      const ah = hi32(a);
      const bl = lo32(b);
      const bh = hi32(b);
      for (const op of I64_COMPARE) {
        const got = I64_COMPARE_IMPL[op]!(al, ah, bl, bh);
        const want = oracle[`i64.${op}`]!(a, b);
        if (got !== want) expect(got, `i64.${op}(${a}, ${b})`).toBe(want);
      }
      if (I64.eqz(al, ah) !== oracle['i64.eqz']!(a)) expect(I64.eqz(al, ah), `i64.eqz(${a})`).toBe(oracle['i64.eqz']!(a));
    };
    for (const [a, b] of pairs(I64_EDGES)) check(a, b);
    // equal high halves exercise the unsigned low-half comparison
    fc.assert(fc.property(i64Arb, i64Arb, (a, b) => check(a, b)), { numRuns: RUNS });
    fc.assert(fc.property(i64Arb, fc.integer(), (a, lo) => check(a, join64(lo, hi32(a)))), { numRuns: RUNS });
  });

  it('i64.extend_i32_s / extend_i32_u', () => {
    const check = (x: number): void => {
      expect(run64((o, i) => I64.extendI32S(x, o, i))).toBe(oracle['i64.extend_i32_s']!(x));
      expect(run64((o, i) => I64.extendI32U(x, o, i))).toBe(oracle['i64.extend_i32_u']!(x));
    };
    I32_EDGES.forEach(check);
    fc.assert(fc.property(i32Arb, check), { numRuns: RUNS });
  });

  it('writes the result over its own operand slots', () => {
    const s = new Int32Array([lo32(-7n), hi32(-7n), lo32(2n), hi32(2n)]);
    I64.divS(s[0]!, s[1]!, s[2]!, s[3]!, s, 0);
    expect(join64(s[0]!, s[1]!)).toBe(-3n);
    const w = new Int32Array([-1, -1, -1, -1]);
    I64.mulWideS(w[0]!, w[1]!, w[2]!, w[3]!, w, 0); // (-1) * (-1)
    expect([...w]).toEqual([1, 0, 0, 0]);
  });
});

// ---------------------------------------------------------------------------------------------
// Wide arithmetic (reference: BigInt)

const M128 = pow2(128) - 1n;
const u64 = (v: bigint): bigint => BigInt.asUintN(64, v);
const limbs = (v: bigint): number[] => [0, 1, 2, 3].map((k) => Number(BigInt.asIntN(32, v >> BigInt(32 * k))));

const w128 = new Int32Array(8);

/** Runs a 128-bit-result operator; returns the result as an unsigned BigInt. */
function run128(f: (out: Int32Array, o: number) => void): bigint {
  w128.fill(0x5a5a5a5a);
  f(w128, 2);
  if (w128[0] !== 0x5a5a5a5a || w128[1] !== 0x5a5a5a5a || w128[6] !== 0x5a5a5a5a || w128[7] !== 0x5a5a5a5a) expect.fail('wrote outside its slots');
  return [2, 3, 4, 5].reduceRight((acc, k) => (acc << 32n) | BigInt(w128[k]! >>> 0), 0n);
}

function same128(got: bigint, want: bigint, what: string): void {
  if (got !== want) expect(limbs(got), what).toEqual(limbs(want));
}

describe('wide arithmetic', () => {
  const check = (a: bigint, b: bigint, c: bigint, d: bigint): void => {
    const x = u64(a) | (u64(b) << 64n);
    const y = u64(c) | (u64(d) << 64n);
    const args = [lo32(a), hi32(a), lo32(b), hi32(b), lo32(c), hi32(c), lo32(d), hi32(d)] as const;
    same128(run128((o, i) => I64.add128(...args, o, i)), (x + y) & M128, `add128 ${x} ${y}`);
    same128(run128((o, i) => I64.sub128(...args, o, i)), (x - y) & M128, `sub128 ${x} ${y}`);
    same128(run128((o, i) => I64.mulWideU(lo32(a), hi32(a), lo32(c), hi32(c), o, i)), u64(a) * u64(c), `mul_wide_u ${a} ${c}`);
    same128(run128((o, i) => I64.mulWideS(lo32(a), hi32(a), lo32(c), hi32(c), o, i)), (BigInt.asIntN(64, a) * BigInt.asIntN(64, c)) & M128, `mul_wide_s ${a} ${c}`);
  };

  it('i64.add128, i64.sub128, i64.mul_wide_s, i64.mul_wide_u', () => {
    const edges = [0n, 1n, -1n, pow2(63), pow2(63) - 1n, pow2(32), pow2(32) - 1n, pow2(31), 0x123456789abcdef0n];
    for (const [a, b] of pairs(edges)) for (const [c, d] of pairs(edges)) check(a, b, c, d);
    fc.assert(fc.property(i64Arb, i64Arb, i64Arb, i64Arb, check), { numRuns: RUNS });
  });
});

// ---------------------------------------------------------------------------------------------

describe('numeric sources', () => {
  it('use no BigInt', () => {
    const dir = resolve(dirname(fileURLToPath(import.meta.url)), '../src/core/exec/numeric');
    for (const f of readdirSync(dir)) {
      const text = readFileSync(join(dir, f), 'utf8').replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
      expect(/\bBigInt\b|\bbigint\b|\b\d+n\b|BigInt64Array|BigUint64Array/.test(text), f).toBe(false);
    }
  });
});
