// Differential tests of src/core/exec/numeric/float.ts and f32.ts against the host's WebAssembly
// (V8): min, max, ceil, floor, trunc, nearest, sqrt at both widths and the f32 arithmetic, on
// fast-check inputs (random bit patterns, ordinary ranges, halfway points) and all pairs of edge
// values. NaN results compare with isNaN (the payload is not observable); everything else
// compares bit-exactly (Object.is tells -0 from +0).

import { parse } from '@bytecodealliance/jco';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { HostWasm } from './support/host-wasm.js';
import * as CV from '../src/core/exec/numeric/convert.js';
import * as F32 from '../src/core/exec/numeric/f32.js';
import * as FL from '../src/core/exec/numeric/float.js';

const RUNS = 2000;


const UNARY = ['ceil', 'floor', 'trunc', 'nearest', 'sqrt'] as const;
const BINARY = ['min', 'max', 'add', 'sub', 'mul', 'div'] as const;

type Fn = (...args: number[]) => number;
let oracle: Record<string, Fn>;

beforeAll(async () => {
  const f: string[] = [];
  for (const t of ['f32', 'f64']) {
    for (const op of UNARY) f.push(`(func (export "${t}.${op}") (param ${t}) (result ${t}) local.get 0 ${t}.${op})`);
    for (const op of BINARY) f.push(`(func (export "${t}.${op}") (param ${t} ${t}) (result ${t}) local.get 0 local.get 1 ${t}.${op})`);
  }
  const { instance } = await HostWasm.instantiate(await parse(`(module ${f.join('\n')})`));
  oracle = instance.exports as unknown as Record<string, Fn>;
});

const IMPL: Record<string, Fn> = {
  'f32.ceil': FL.ceil, 'f32.floor': FL.floor, 'f32.trunc': FL.trunc, 'f32.nearest': FL.nearest, 'f32.sqrt': F32.sqrt,
  'f32.min': FL.min, 'f32.max': FL.max, 'f32.add': F32.add, 'f32.sub': F32.sub, 'f32.mul': F32.mul, 'f32.div': F32.div,
  'f64.ceil': FL.ceil, 'f64.floor': FL.floor, 'f64.trunc': FL.trunc, 'f64.nearest': FL.nearest, 'f64.sqrt': FL.sqrt,
  'f64.min': FL.min, 'f64.max': FL.max,
  'f64.add': (a, b) => a + b, 'f64.sub': (a, b) => a - b, 'f64.mul': (a, b) => a * b, 'f64.div': (a, b) => a / b,
};

function check(name: string, ...args: number[]): void {
  const got = IMPL[name]!(...args);
  const want = oracle[name]!(...args);
  if (Number.isNaN(want) ? Number.isNaN(got) : Object.is(got, want)) {
    if (name.startsWith('f32') && !Number.isNaN(got) && Math.fround(got) !== got) expect.fail(`${name}(${args}) = ${got} is not an f32`);
    return;
  }
  expect(got, `${name}(${args.map((a) => (Object.is(a, -0) ? '-0' : String(a))).join(', ')})`).toBe(want);
}

// ---------------------------------------------------------------------------------------------
// Inputs

const f64View = new Float64Array(1);
const u64View = new BigUint64Array(f64View.buffer);
const f32View = new Float32Array(1);
const u32View = new Uint32Array(f32View.buffer);

function f64FromBits(b: bigint): number {
  u64View[0] = b;
  return f64View[0]!;
}
function f64Bits(x: number): string {
  f64View[0] = x;
  return '0x' + u64View[0]!.toString(16);
}
function f32FromBits(b: number): number {
  u32View[0] = b >>> 0;
  return f32View[0]!;
}
/** The neighbouring doubles (toward ±inf) of a finite nonzero x. */
function f64Neighbours(x: number): number[] {
  f64View[0] = x;
  const b = u64View[0]!;
  return [f64FromBits(b + 1n), f64FromBits(b - 1n)];
}
function f32Neighbours(x: number): number[] {
  f32View[0] = x;
  const b = u32View[0]!;
  return [f32FromBits(b + 1), f32FromBits(b - 1)];
}

const BASE = [
  0, 1, 0.5, 1.5, 2.5, 3.5, 0.25, 0.75, 0.49999999999999994, 1e-300, 123.456, 2 ** 22, 2 ** 22 + 0.5, 2 ** 23, 2 ** 23 + 1,
  2 ** 24, 2 ** 31, 2 ** 32, 2 ** 51 + 0.5, 2 ** 52 - 0.5, 2 ** 52, 2 ** 52 + 1, 2 ** 53, 2 ** 63, 2 ** 64, 1e300,
  Number.MIN_VALUE, 2 ** -1022, 2 ** -1023, Number.MAX_VALUE, 2 ** -149, 2 ** -126, 2 ** -127, 3.4028234663852886e38,
  Infinity, NaN,
];
const F64_EDGES = [...new Set(BASE.flatMap((x) => [x, -x, ...(x !== 0 && Number.isFinite(x) ? f64Neighbours(x).flatMap((y) => [y, -y]) : [])]))];
const F32_EDGES = [...new Set(BASE.map(Math.fround).flatMap((x) => [x, -x, ...(x !== 0 && Number.isFinite(x) ? f32Neighbours(x).flatMap((y) => [y, -y]) : [])]))];

const f64Arb = fc.oneof(
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(f64FromBits),
  fc.double(),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  fc.integer({ min: -(2 ** 30), max: 2 ** 30 }).map((k) => k + 0.5),
  fc.tuple(fc.integer({ min: -(2 ** 21), max: 2 ** 21 }), fc.integer({ min: 0, max: 2 ** 30 })).map(([h, l]) => h * 2 ** 31 + l + 0.5),
  fc.constantFrom(...F64_EDGES),
);
const f32Arb = fc.oneof(
  fc.integer({ min: 0, max: 2 ** 32 - 1 }).map(f32FromBits),
  fc.float(),
  fc.float({ min: -1e6, max: 1e6, noNaN: true }),
  fc.integer({ min: -(2 ** 22), max: 2 ** 22 }).map((k) => k + 0.5),
  fc.constantFrom(...F32_EDGES),
);
/** Pairs with close exponents (where + and - round in interesting ways), and arbitrary pairs. */
function pairArb(arb: fc.Arbitrary<number>, round: (x: number) => number): fc.Arbitrary<[number, number]> {
  return fc.oneof(
    fc.tuple(arb, arb),
    fc.tuple(arb, fc.double({ min: 0.5, max: 2, noNaN: true }), fc.boolean()).map(([a, f, neg]): [number, number] => [a, round(a * f * (neg ? -1 : 1))]),
  );
}

function pairs<T>(xs: readonly T[]): [T, T][] {
  return xs.flatMap((a) => xs.map((b): [T, T] => [a, b]));
}

// ---------------------------------------------------------------------------------------------

describe('f64 operators', () => {
  it.each(UNARY)('f64.%s', (op) => {
    for (const x of F64_EDGES) check(`f64.${op}`, x);
    fc.assert(fc.property(f64Arb, (x) => check(`f64.${op}`, x)), { numRuns: RUNS });
  });
  it.each(['min', 'max'])('f64.%s', (op) => {
    for (const [a, b] of pairs(F64_EDGES)) check(`f64.${op}`, a, b);
    fc.assert(fc.property(pairArb(f64Arb, (x) => x), ([a, b]) => check(`f64.${op}`, a, b)), { numRuns: RUNS });
  });
});

describe('f32 operators', () => {
  it.each(UNARY)('f32.%s', (op) => {
    for (const x of F32_EDGES) check(`f32.${op}`, x);
    fc.assert(fc.property(f32Arb, (x) => check(`f32.${op}`, x)), { numRuns: RUNS });
  });
  it.each(BINARY)('f32.%s', (op) => {
    for (const [a, b] of pairs(F32_EDGES)) check(`f32.${op}`, a, b);
    fc.assert(fc.property(pairArb(f32Arb, Math.fround), ([a, b]) => check(`f32.${op}`, a, b)), { numRuns: RUNS });
  });
});

describe('nearest', () => {
  it('rounds ties to even and keeps the sign of zero', () => {
    const cases: [number, number][] = [
      [0.5, 0], [-0.5, -0], [1.5, 2], [-1.5, -2], [2.5, 2], [-2.5, -2], [0.49999999999999994, 0], [-0.2, -0],
      [-0, -0], [0, 0], [4503599627370495.5, 4503599627370496], [-4503599627370495.5, -4503599627370496],
      [4503599627370497, 4503599627370497], [Infinity, Infinity], [-Infinity, -Infinity], [8388609.5, 8388610],
    ];
    for (const [x, want] of cases) expect(Object.is(FL.nearest(x), want), `nearest(${x})`).toBe(true);
    expect(FL.nearest(NaN)).toBeNaN();
  });
});

describe('NaN results', () => {
  // The interpreter stores results through Float32Array/Float64Array views, so NaN bits are
  // observable: a NaN result must be arithmetic (quiet bit set), and canonical when every NaN
  // operand is (spec §4.3.3 "NaN Propagation"; the sign is free).
  // Bit patterns, made into numbers only at the call: V8 canonicalises NaNs stored in arrays of
  // doubles, so an array of numbers would not keep the signalling ones.
  const CANON = [0x7ff8000000000000n, 0xfff8000000000000n];
  const OTHER = [0x7ff0000000000001n, 0xfff4000000000000n, 0x7ff8000000000123n, 0x7ff0000020000000n, 0x7fffffffffffffffn];
  const f64Quiet = (x: number): boolean => ((f64View[0] = x), (u64View[0]! & 0x0008000000000000n) !== 0n);
  const f64Canonical = (x: number): boolean => ((f64View[0] = x), (u64View[0]! & 0x7fffffffffffffffn) === 0x7ff8000000000000n);
  const f32Quiet = (x: number): boolean => ((f32View[0] = x), (u32View[0]! & 0x00400000) !== 0);
  const f32Canonical = (x: number): boolean => ((f32View[0] = x), (u32View[0]! & 0x7fffffff) === 0x7fc00000);

  const unary64: [string, (x: number) => number][] = [
    ['ceil', FL.ceil], ['floor', FL.floor], ['trunc', FL.trunc], ['nearest', FL.nearest], ['sqrt', FL.sqrt],
    ['f64.promote_f32', CV.f64PromoteF32],
  ];
  const unary32: [string, (x: number) => number][] = [['f32.sqrt', F32.sqrt], ['f32.demote_f64', CV.f32DemoteF64]];
  const binary64: [string, (a: number, b: number) => number][] = [['min', FL.min], ['max', FL.max]];
  const binary32: [string, (a: number, b: number) => number][] = [
    ['f32.add', F32.add], ['f32.sub', F32.sub], ['f32.mul', F32.mul], ['f32.div', F32.div], ['f32.min', FL.min], ['f32.max', FL.max],
  ];

  function checkAll(): void {
    for (const [inputs, canonical] of [[CANON, true], [OTHER, false]] as const) {
      for (const bits of inputs) {
        expect(Number.isNaN(f64FromBits(bits)) && f64Bits(f64FromBits(bits))).toBe(`0x${bits.toString(16)}`);
        for (const [name, f] of unary64) {
          const x = f64FromBits(bits);
          const r = f(x);
          expect(f64Quiet(r) && (!canonical || f64Canonical(r)), `${name}(0x${bits.toString(16)})`).toBe(true);
        }
        for (const [name, f] of unary32) {
          const x = f64FromBits(bits);
          const r = f(x);
          expect(f32Quiet(r) && (!canonical || f32Canonical(r)), `${name}(0x${bits.toString(16)})`).toBe(true);
        }
        for (const other of [1, -0, Infinity, NaN]) {
          for (const [name, f] of binary64) {
            const x = f64FromBits(bits);
            const y = other === other ? other : f64FromBits(bits);
            const r1 = f(x, y);
            const r2 = f(y, x);
            expect(f64Quiet(r1) && f64Quiet(r2) && (!canonical || (f64Canonical(r1) && f64Canonical(r2))), `${name}(${bits}, ${y})`).toBe(true);
          }
          for (const [name, f] of binary32) {
            const x = f64FromBits(bits);
            const y = other === other ? other : f64FromBits(bits);
            const r1 = f(x, y);
            const r2 = f(y, x);
            expect(f32Quiet(r1) && f32Quiet(r2) && (!canonical || (f32Canonical(r1) && f32Canonical(r2))), `${name}(${bits}, ${y})`).toBe(true);
          }
        }
      }
    }
    // NaN from non-NaN operands
    for (const r of [F32.sub(Infinity, Infinity), F32.mul(0, Infinity), F32.div(0, 0), F32.sqrt(-1)]) expect(f32Canonical(r)).toBe(true);
    expect(f64Canonical(FL.sqrt(-1))).toBe(true);
  }

  it('are quiet, and canonical for canonical operands (cold and warmed up)', () => {
    checkAll();
    for (let i = 0; i < 20000; i++) {
      FL.ceil(i + 0.5), FL.floor(i + 0.5), FL.trunc(i + 0.5), FL.nearest(i + 0.5), FL.min(i, 1), FL.max(i, 1), CV.f64PromoteF32(i);
    }
    checkAll();
  });
});
