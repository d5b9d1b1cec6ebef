// fast-check arbitraries for the differential test: WIT value types nested up to MAX_DEPTH, echo
// function signatures, and JS values of a type in jco's conventions (`jco transpile`):
//   bool → boolean; s8…u32, f32, f64 → number; s64/u64 → bigint; char, string → string;
//   list<number type> → the matching typed array, other lists → Array; record → object keyed by
//   camelCased label; tuple → Array; variant → { tag: label, val } (no `val` key for a case
//   without payload); enum → label; option<T> → undefined | T, except when T itself is
//   null-representable (an option whose payload is not), then { tag: 'none' } |
//   { tag: 'some', val }; result → { tag: 'ok' | 'err', val } (val undefined without payload);
//   flags → object of booleans keyed by camelCased label.
// Spec: component-model design/mvp/Explainer.md §"Type Definitions" (value types, label grammar)
// and §"JS API" (coercions); CanonicalABI.md §"Alignment" (flags ≤ 32 labels, discriminant sizes).

import fc from 'fast-check';
import type { VT } from './abi.js';
import { type EchoFunc, type EchoKind, type StringEncoding } from './build.js';

export const MAX_DEPTH = 4;

const INT_KINDS = ['s8', 'u8', 's16', 'u16', 's32', 'u32', 's64', 'u64'] as const;
const PRIM_KINDS = ['bool', ...INT_KINDS, 'f32', 'f64', 'char', 'string'] as const;

/**
 * Labels that are awkward as JS property names or collide with jco's own keys. (Not `to-string`
 * or `value-of`: a record with such a field as a top-level `result` error payload makes jco's
 * ComponentError constructor throw a TypeError while converting the payload to a message.)
 */
const SPECIAL_LABELS = [
  'a', 'b', 'tag', 'val', 'ok', 'err', 'error', 'none', 'some', 'constructor', 'has-own-property',
  'is-prototype-of', 'prototype', 'length', 'then', 'name', 'x-y-z', 'foo-bar', 'a1-b2', 'class', 'new',
];

const wordArb = fc.tuple(
  fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'),
  fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'), maxLength: 5 }),
).map(([h, t]) => h + t);

const labelArb: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...SPECIAL_LABELS), weight: 1 },
  { arbitrary: fc.array(wordArb, { minLength: 1, maxLength: 3 }).map((ws) => ws.join('-')), weight: 3 },
);

/** jco's name for a label in JS objects (heck's lowerCamelCase of a kebab-case label). */
export function camel(label: string): string {
  return label
    .split('-')
    .map((w, i) => (i === 0 ? w.toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()))
    .join('');
}

/**
 * Labels distinct as the spec requires (strongly-unique, Explainer §"Name Uniqueness") and also
 * after removing dashes: wasm-tools (jco 1.35) rejects e.g. `p-n` next to `pn`.
 */
function labelsArb(min: number, max: number): fc.Arbitrary<string[]> {
  return fc.uniqueArray(labelArb, { minLength: min, maxLength: max, selector: (l) => l.replace(/-/g, '') });
}

/** Many labels: c0 … c(n-1), for discriminants wider than one byte. */
function manyLabels(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `c${i}`);
}

const primArb: fc.Arbitrary<VT> = fc.constantFrom(...PRIM_KINDS, 'string', 'string').map((kind) => ({ kind }) as VT);

const flagsCountArb = fc.oneof(
  fc.integer({ min: 1, max: 32 }),
  fc.constantFrom(1, 8, 9, 16, 17, 31, 32),
);

const flagsArb: fc.Arbitrary<VT> = flagsCountArb.chain((n) =>
  fc.oneof(labelsArb(n, n).filter((ls) => ls.length === n), fc.constant(manyLabels(n))),
).map((labels) => ({ kind: 'flags', labels }));

const enumArb: fc.Arbitrary<VT> = fc.oneof(
  { arbitrary: labelsArb(1, 6), weight: 10 },
  { arbitrary: fc.integer({ min: 250, max: 300 }).map(manyLabels), weight: 1 },
).map((labels) => ({ kind: 'enum', labels }));

/** Types of composite nesting ≤ depth (0 = primitives only). */
function typeArbOf(depth: number, memo: Map<number, fc.Arbitrary<VT>>): fc.Arbitrary<VT> {
  const known = memo.get(depth);
  if (known) return known;
  let arb: fc.Arbitrary<VT>;
  if (depth === 0) {
    arb = fc.oneof({ arbitrary: primArb, weight: 6 }, { arbitrary: enumArb, weight: 1 }, { arbitrary: flagsArb, weight: 1 });
  } else {
    const inner = typeArbOf(depth - 1, memo);
    const maybe = fc.option(inner, { nil: undefined, freq: 3 });
    const variantArb: fc.Arbitrary<VT> = fc.oneof(
      { arbitrary: labelsArb(1, 5).chain((labels) => fc.tuple(...labels.map((l) => maybe.map((type) => ({ label: l, type }))))), weight: 12 },
      {
        arbitrary: fc.tuple(fc.integer({ min: 257, max: 270 }), inner).map(([n, t]) =>
          manyLabels(n).map((label, i) => ({ label, type: i % 5 === 0 ? t : undefined }))),
        weight: 1,
      },
    ).map((cases) => ({ kind: 'variant', cases }));
    arb = fc.oneof(
      { arbitrary: typeArbOf(0, memo), weight: 4 },
      { arbitrary: inner.map((elem): VT => ({ kind: 'list', elem })), weight: 3 },
      {
        arbitrary: labelsArb(1, 5).chain((labels) => fc.tuple(...labels.map((l) => inner.map((type) => ({ label: l, type })))))
          .map((fields): VT => ({ kind: 'record', fields })),
        weight: 3,
      },
      { arbitrary: fc.array(inner, { minLength: 1, maxLength: 4 }).map((types): VT => ({ kind: 'tuple', types })), weight: 2 },
      { arbitrary: variantArb, weight: 3 },
      { arbitrary: inner.map((type): VT => ({ kind: 'option', type })), weight: 3 },
      { arbitrary: fc.tuple(maybe, maybe).map(([ok, err]): VT => ({ kind: 'result', ok, err })), weight: 3 },
    );
  }
  memo.set(depth, arb);
  return arb;
}

const typeMemo = new Map<number, fc.Arbitrary<VT>>();
/** Any generated value type, nesting ≤ MAX_DEPTH. */
export const typeArb: fc.Arbitrary<VT> = fc.integer({ min: 0, max: MAX_DEPTH }).chain((d) => typeArbOf(d, typeMemo));
/** Small types for the extra params. */
const extraTypeArb: fc.Arbitrary<VT> = fc.integer({ min: 0, max: 2 }).chain((d) => typeArbOf(d, typeMemo));

function containsString(t: VT): boolean {
  return JSON.stringify(t).includes('"kind":"string"');
}

/**
 * One echo function: p0 of any type plus 0..20 smaller params (so some signatures pass their
 * params through memory), returning p0, all params or nothing. Functions that carry strings use
 * utf8 or utf16 (jco's bindgen cannot lift/lower latin1+utf16 at the host boundary) unless
 * `latin1Strings`, which gives them all latin1+utf16; the others get any encoding (it is then
 * irrelevant but still validated).
 */
export const echoFuncArb = (name: string, latin1Strings = false): fc.Arbitrary<EchoFunc> =>
  fc.tuple(
    typeArb,
    fc.oneof(
      { arbitrary: fc.array(extraTypeArb, { maxLength: 3 }), weight: 5 },
      { arbitrary: fc.array(extraTypeArb, { minLength: 8, maxLength: 20 }), weight: 2 },
    ),
    fc.constantFrom<EchoKind>('first', 'first', 'first', 'all', 'all', 'sink'),
    fc.constantFrom<StringEncoding>('utf8', 'utf16', 'latin1+utf16'),
  ).map(([p0, extra, kind, enc]) => {
    const params = [p0, ...extra];
    const strings = params.some(containsString);
    const encoding: StringEncoding = strings && latin1Strings ? 'latin1+utf16' : enc === 'latin1+utf16' && strings ? 'utf16' : enc;
    return { name, params, kind, encoding };
  });

// ---------------------------------------------------------------------------------------------
// Values

const TYPED_ARRAYS = {
  s8: Int8Array, u8: Uint8Array, s16: Int16Array, u16: Uint16Array, s32: Int32Array, u32: Uint32Array,
  s64: BigInt64Array, u64: BigUint64Array, f32: Float32Array, f64: Float64Array,
} as const;
export type NumericKind = keyof typeof TYPED_ARRAYS;

export function typedArrayOf(kind: string): (typeof TYPED_ARRAYS)[NumericKind] | undefined {
  return (TYPED_ARRAYS as Record<string, (typeof TYPED_ARRAYS)[NumericKind]>)[kind];
}

/** Whether jco represents `none` of option<payload> as { tag: 'none' } (payload null-representable). */
export function isNullable(t: VT): boolean {
  return t.kind === 'option' && !isNullable(t.type);
}

const INT_RANGES: Record<string, [number, number]> = {
  s8: [-128, 127], u8: [0, 255], s16: [-32768, 32767], u16: [0, 65535],
  s32: [-(2 ** 31), 2 ** 31 - 1], u32: [0, 2 ** 32 - 1],
};

/**
 * One piece of a string: ASCII, Latin-1, other BMP, astral (a surrogate pair), a lone surrogate,
 * or U+FEFF (which a decoder must not take for a byte order mark).
 */
export const stringPieceArb: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)), weight: 24 },
  { arbitrary: fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c)), weight: 9 },
  { arbitrary: fc.integer({ min: 0x100, max: 0xd7ff }).map((c) => String.fromCharCode(c)), weight: 6 },
  { arbitrary: fc.integer({ min: 0xe000, max: 0xffff }).map((c) => String.fromCharCode(c)), weight: 3 },
  { arbitrary: fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c)), weight: 6 },
  { arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)), weight: 3 },
  { arbitrary: fc.constant('\ufeff'), weight: 1 },
);

export const stringArb = (maxLength: number): fc.Arbitrary<string> =>
  fc.array(stringPieceArb, { maxLength }).map((ps) => ps.join(''));

const charArb = fc.oneof(
  fc.integer({ min: 0, max: 0xff }),
  fc.integer({ min: 0, max: 0xd7ff }),
  fc.integer({ min: 0xe000, max: 0x10ffff }),
  fc.constantFrom(0, 0xd7ff, 0xe000, 0xffff, 0x10000, 0x10ffff),
).map((c) => String.fromCodePoint(c));

/** f32 values as JS numbers, including ±0, ±Infinity, NaN, subnormals and extremes. */
const f32Arb = fc.float();
/** Typed array contents from raw bits: NaNs with payloads survive only if copied bit-exactly. */
function rawTypedArb(kind: 'f32' | 'f64', maxLength: number): fc.Arbitrary<Float32Array | Float64Array> {
  if (kind === 'f32') {
    return fc.array(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { maxLength }).map((bits) => new Float32Array(new Uint32Array(bits).buffer));
  }
  return fc.array(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), { maxLength }).map((bits) => new Float64Array(new BigUint64Array(bits).buffer));
}

/** Arbitrary JS values of type t in jco's conventions; `depth` shrinks list lengths when nested. */
export function valueArb(t: VT, depth = 0): fc.Arbitrary<unknown> {
  const listMax = depth === 0 ? 6 : depth === 1 ? 4 : 2;
  switch (t.kind) {
    case 'bool': return fc.boolean();
    case 's8': case 'u8': case 's16': case 'u16': case 's32': case 'u32': {
      const [min, max] = INT_RANGES[t.kind]!;
      return fc.oneof(fc.integer({ min, max }), fc.constantFrom(min, max, 0));
    }
    case 's64': return fc.oneof(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.constantFrom(-(2n ** 63n), 2n ** 63n - 1n, 0n));
    case 'u64': return fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.constantFrom(0n, 2n ** 64n - 1n));
    case 'f32': return f32Arb;
    case 'f64': return fc.double();
    case 'char': return charArb;
    case 'string': return stringArb(depth === 0 ? 24 : 8);
    case 'list': {
      const ta = typedArrayOf(t.elem.kind);
      if (ta) {
        const max = depth === 0 ? 40 : 8;
        const fromValues = fc.array(valueArb(t.elem, depth + 1), { maxLength: max })
          .map((vs) => (ta as unknown as { from(v: unknown[]): ArrayBufferView }).from(vs));
        const arrays = t.elem.kind === 'f32' || t.elem.kind === 'f64' ? fc.oneof(fromValues, rawTypedArb(t.elem.kind, max)) : fromValues;
        // Sometimes a view into the middle of a larger buffer (byteOffset ≠ 0, bytes around it).
        return fc.tuple(arrays, fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 2 })).map(([a, before, after]) => {
          if (before === 0) return a;
          const n = (a as unknown as { length: number }).length;
          const C = ta as unknown as new (b: ArrayBufferLike, offset: number, length: number) => ArrayBufferView & { set(x: ArrayBufferView): void };
          const size = (ta as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
          const buf = new ArrayBuffer((before + n + after) * size);
          new Uint8Array(buf).fill(0xa5);
          const view = new C(buf, before * size, n);
          view.set(a);
          return view;
        });
      }
      return fc.array(valueArb(t.elem, depth + 1), { maxLength: listMax });
    }
    case 'record':
      return fc.tuple(...t.fields.map((f) => valueArb(f.type, depth + 1)))
        .map((vs) => Object.fromEntries(t.fields.map((f, i) => [camel(f.label), vs[i]])));
    case 'tuple': return fc.tuple(...t.types.map((u) => valueArb(u, depth + 1)));
    case 'variant':
      return fc.integer({ min: 0, max: t.cases.length - 1 }).chain((i) => {
        const c = t.cases[i]!;
        return c.type ? valueArb(c.type, depth + 1).map((val) => ({ tag: c.label, val })) : fc.constant({ tag: c.label });
      });
    case 'enum': return fc.constantFrom(...t.labels);
    case 'option': {
      const some = valueArb(t.type, depth + 1);
      if (isNullable(t.type)) return fc.oneof(fc.constant({ tag: 'none' }), some.map((val) => ({ tag: 'some', val })));
      return fc.oneof({ arbitrary: fc.constant(undefined), weight: 1 }, { arbitrary: some, weight: 2 });
    }
    case 'result': {
      const side = (tag: string, u: VT | undefined): fc.Arbitrary<unknown> =>
        u ? valueArb(u, depth + 1).map((val) => ({ tag, val })) : fc.constant({ tag, val: undefined });
      return fc.oneof(side('ok', t.ok), side('err', t.err));
    }
    case 'flags':
      return fc.array(fc.boolean(), { minLength: t.labels.length, maxLength: t.labels.length })
        .map((bs) => Object.fromEntries(t.labels.map((l, i) => [camel(l), bs[i]])));
    default:
      throw new Error(`valueArb: unsupported type ${t.kind}`);
  }
}

/**
 * Argument lists for a function: `calls` independent draws. One call in ten keeps the lone
 * surrogates its strings were generated with; the others have them replaced by U+FFFD, so that
 * a runtime that rejects ill-formed host strings still has most cases left to compare.
 */
export function argsArb(f: EchoFunc, calls: number): fc.Arbitrary<unknown[][]> {
  const call = fc.tuple(fc.tuple(...f.params.map((p) => valueArb(p))), fc.integer({ min: 0, max: 9 }))
    .map(([args, k]) => (k === 0 ? args : args.map(wellFormedDeep)));
  return fc.array(call, { minLength: calls, maxLength: calls });
}

/** String.prototype.toWellFormed: each lone surrogate becomes U+FFFD. */
export function wellFormed(s: string): string {
  return s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** v with wellFormed applied to every string inside it. */
export function wellFormedDeep(v: unknown): unknown {
  if (typeof v === 'string') return wellFormed(v);
  if (typeof v !== 'object' || v === null || ArrayBuffer.isView(v)) return v;
  if (Array.isArray(v)) return v.map(wellFormedDeep);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, wellFormedDeep(x)]));
}

/** Whether some string inside v has a lone surrogate. */
export function hasLoneSurrogate(v: unknown): boolean {
  if (typeof v === 'string') return wellFormed(v) !== v;
  if (typeof v !== 'object' || v === null || ArrayBuffer.isView(v)) return false;
  return (Array.isArray(v) ? v : Object.values(v)).some(hasLoneSurrogate);
}
