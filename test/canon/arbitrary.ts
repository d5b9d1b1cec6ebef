// fast-check generators of component value types (without resources) and of JS values of a type
// in jco's conventions, for round-trip, oracle and differential tests.

import fc from 'fast-check';
import type { ValType } from '../../src/component/types.js';
import { toLowerCamelCase } from '../../src/component/canon/names.js';
import { optionIsTagged } from '../../src/component/canon/js-values.js';

export type T = ValType<never>;

const LABELS = ['a', 'b-c', 'http-URL', 'x1', 'long-name-here', 'v2-z', 'AB', 'q', 'is-ok', 'x-y-z', 'n'];

function labels(min: number, max: number): fc.Arbitrary<string[]> {
  return fc.uniqueArray(fc.constantFrom(...LABELS), { minLength: min, maxLength: max });
}

const PRIMS = ['bool', 's8', 'u8', 's16', 'u16', 's32', 'u32', 's64', 'u64', 'f32', 'f64', 'char', 'string'] as const;

export interface TypeOptions {
  /** Allow flags with more than 32 labels (not valid components; canon keeps the old layout). */
  readonly bigFlags?: boolean;
  readonly fixedLists?: boolean;
  readonly maps?: boolean;
}

/** Random value types of bounded depth. */
export function arbType(opts: TypeOptions = {}, depth = 3): fc.Arbitrary<T> {
  const prim: fc.Arbitrary<T> = fc.constantFrom(...PRIMS).map((kind) => ({ kind }));
  if (depth <= 0) return prim;
  const sub = arbType(opts, depth - 1);
  const flagCount = opts.bigFlags === true ? fc.oneof(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 30, max: 70 })) : fc.integer({ min: 1, max: 32 });
  const options: fc.Arbitrary<T>[] = [
    prim,
    sub.map((elem): T => ({ kind: 'list', elem })),
    labels(1, 4).chain((ls) => fc.tuple(...ls.map(() => sub)).map((ts): T => ({ kind: 'record', fields: ls.map((label, i) => ({ label, type: ts[i]! })) }))),
    fc.array(sub, { minLength: 1, maxLength: 4 }).map((types): T => ({ kind: 'tuple', types })),
    labels(1, 4).chain((ls) => fc.tuple(...ls.map(() => fc.option(sub, { nil: undefined }))).map((ts): T => ({
      kind: 'variant', cases: ls.map((label, i) => (ts[i] === undefined ? { label } : { label, type: ts[i] })),
    }))),
    labels(1, 5).map((ls): T => ({ kind: 'enum', labels: ls })),
    sub.map((type): T => ({ kind: 'option', type })),
    fc.tuple(fc.option(sub, { nil: undefined }), fc.option(sub, { nil: undefined })).map(([ok, err]): T => ({ kind: 'result', ok, err })),
    flagCount.map((n): T => ({ kind: 'flags', labels: Array.from({ length: n }, (_, i) => `f${i}`) })),
  ];
  if (opts.fixedLists === true) options.push(fc.tuple(sub, fc.integer({ min: 1, max: 4 })).map(([elem, length]): T => ({ kind: 'list', elem, length })));
  if (opts.maps === true) options.push(fc.tuple(prim, sub).map(([key, value]): T => ({ kind: 'map', key, value })));
  return fc.oneof({ depthSize: 'small' }, ...options);
}

const codePoint = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 0xff }) },
  { weight: 2, arbitrary: fc.integer({ min: 0x100, max: 0xd7ff }) },
  { weight: 1, arbitrary: fc.integer({ min: 0xe000, max: 0xffff }) },
  { weight: 2, arbitrary: fc.integer({ min: 0x10000, max: 0x10ffff }) },
);

/** One Unicode scalar value as a string. */
export const arbChar: fc.Arbitrary<string> = codePoint.map((c) => String.fromCodePoint(c));

/** Strings of Unicode scalar values, mixing ASCII, Latin-1, BMP and astral characters. */
export function arbString(maxLength = 24): fc.Arbitrary<string> {
  return fc.array(arbChar, { maxLength }).map((cs) => cs.join(''));
}

const TYPED: Record<string, (xs: never[]) => unknown> = {
  u8: (xs) => Uint8Array.from(xs), s8: (xs) => Int8Array.from(xs), u16: (xs) => Uint16Array.from(xs),
  s16: (xs) => Int16Array.from(xs), u32: (xs) => Uint32Array.from(xs), s32: (xs) => Int32Array.from(xs),
  u64: (xs) => BigUint64Array.from(xs), s64: (xs) => BigInt64Array.from(xs), f32: (xs) => Float32Array.from(xs),
  f64: (xs) => Float64Array.from(xs),
};

/** Random JS values of `t` in jco's conventions (as canon lifts them). */
export function arbValue(t: T, maxList = 4): fc.Arbitrary<unknown> {
  switch (t.kind) {
    case 'bool': return fc.boolean();
    case 'u8': return fc.integer({ min: 0, max: 255 });
    case 's8': return fc.integer({ min: -128, max: 127 });
    case 'u16': return fc.integer({ min: 0, max: 65535 });
    case 's16': return fc.integer({ min: -32768, max: 32767 });
    case 'u32': return fc.integer({ min: 0, max: 4294967295 });
    case 's32': return fc.integer({ min: -2147483648, max: 2147483647 });
    case 'u64': return fc.bigInt(0n, 2n ** 64n - 1n);
    case 's64': return fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n);
    case 'f32': return fc.float();
    case 'f64': return fc.double();
    case 'char': return arbChar;
    case 'string': return arbString();
    case 'list': {
      if (t.length !== undefined) return fc.array(arbValue(t.elem, maxList), { minLength: t.length, maxLength: t.length });
      const items = fc.array(arbValue(t.elem, maxList), { maxLength: maxList });
      const typed = TYPED[t.elem.kind];
      return typed !== undefined ? items.map((xs) => typed(xs as never[])) : items;
    }
    case 'record': {
      const keys = t.fields.map((f) => toLowerCamelCase(f.label));
      return fc.tuple(...t.fields.map((f) => arbValue(f.type, maxList))).map((vs) => Object.fromEntries(keys.map((k, i) => [k, vs[i]])));
    }
    case 'tuple': return fc.tuple(...t.types.map((u) => arbValue(u, maxList)));
    case 'variant': return fc.oneof(...t.cases.map((c) => (c.type === undefined
      ? fc.constant({ tag: c.label })
      : arbValue(c.type, maxList).map((val) => ({ tag: c.label, val })))));
    case 'enum': return fc.constantFrom(...t.labels);
    case 'option': {
      const some = arbValue(t.type, maxList);
      if (optionIsTagged(t.type)) return fc.oneof(fc.constant({ tag: 'none' }), some.map((val) => ({ tag: 'some', val })));
      return fc.oneof(fc.constant(undefined), some);
    }
    case 'result': return fc.oneof(
      (t.ok !== undefined ? arbValue(t.ok, maxList) : fc.constant(undefined)).map((val) => ({ tag: 'ok', val })),
      (t.err !== undefined ? arbValue(t.err, maxList) : fc.constant(undefined)).map((val) => ({ tag: 'err', val })),
    );
    case 'flags': {
      const keys = t.labels.map((l) => toLowerCamelCase(l));
      return fc.array(fc.boolean(), { minLength: keys.length, maxLength: keys.length })
        .map((bs) => Object.fromEntries(keys.map((k, i) => [k, bs[i]!])));
    }
    case 'map': return fc.array(fc.tuple(arbValue(t.key, maxList), arbValue(t.value, maxList)), { maxLength: maxList })
      .map((es) => new Map(es));
    default: throw new Error(`arbValue: ${t.kind}`);
  }
}

/** A type with a value of it. */
export function arbTypedValue(opts: TypeOptions = {}, depth = 3): fc.Arbitrary<{ t: T; v: unknown }> {
  return arbType(opts, depth).chain((t) => arbValue(t).map((v) => ({ t, v })));
}
