// The JS shapes of compound component values, as jco's glue builds and accepts them (jco 1.35,
// read and run under node; js-component-bindgen's function_bindgen.rs):
//
// - record → plain object, fields in order under lowerCamelCase keys (names.ts). Lowering reads
//   those keys from any non-nullish value (null/undefined is a TypeError).
// - tuple → array. Lowering takes an array (or any iterable, as jco destructures).
// - variant → { tag: '<kebab label>', val } for a case with a payload, { tag } without one.
//   Lowering switches on `.tag` (an unknown tag is a TypeError) and reads `.val`.
// - enum → the kebab-case label string; lowering accepts exactly those strings.
// - option<T> → T | undefined (null or undefined lower as none), except when T itself is an
//   option that is represented that way: then option<T> is { tag: 'none' } | { tag: 'some', val }.
//   jco's rule (`maybe_null`): an option is "nullable" iff its payload is not nullable, so
//   option<option<u32>> is tagged outside and nullable inside, option<option<option<u32>>>
//   nullable, tagged, nullable.
// - result<T, E> → { tag: 'ok', val } | { tag: 'err', val } (val undefined without a payload,
//   but present). As the result of an exported function it is unwrapped instead: the ok value is
//   returned and an error thrown as ComponentError(val) (lift.ts); a host import returns the ok
//   value or throws (lower.ts).
// - flags → object with a boolean under the lowerCamelCase key of every label. Lowering: an
//   object (truthiness of each key), or null/undefined (all false); anything else is a TypeError.
// - list<u8|s8|u16|s16|u32|s32|u64|s64|f32|f64> → Uint8Array, Int8Array, …, BigInt64Array,
//   Float32Array, Float64Array (copies); other lists → arrays. Lowering a numeric list accepts an
//   Array (elements checked strictly) or a typed array of the same element size (copied bitwise,
//   as jco copies the buffer), and for list<u8> any ArrayBuffer or ArrayBufferView.
// - map<K, V> → Map (jco's MapLift/MapLower); lowering requires a Map. A Map keeps one entry per
//   key; between components the lifted entries (duplicates included) are passed on unchanged.
// - fixed-length list<T, N> → array of N elements.

import type { Case, Field, ValType } from '../types.js';
import { describeValue, type NumericKind } from './coerce.js';
import { toLowerCamelCase } from './names.js';

export function fieldKeys<R>(fields: readonly Field<R>[]): string[] {
  return fields.map((f) => toLowerCamelCase(f.label));
}

/** jco's `maybe_null`: whether values of `t` can be null/undefined (a nullable option). */
export function isNullable<R>(t: ValType<R>): boolean {
  return t.kind === 'option' && !isNullable(t.type);
}

/** Whether option<payload> uses the { tag } form (its payload is itself nullable). */
export function optionIsTagged<R>(payload: ValType<R>): boolean {
  return isNullable(payload);
}

export type TypedArrayCtor =
  | Uint8ArrayConstructor | Int8ArrayConstructor | Uint16ArrayConstructor | Int16ArrayConstructor
  | Uint32ArrayConstructor | Int32ArrayConstructor | BigUint64ArrayConstructor | BigInt64ArrayConstructor
  | Float32ArrayConstructor | Float64ArrayConstructor;

const TYPED: Record<NumericKind, TypedArrayCtor> = {
  u8: Uint8Array, s8: Int8Array, u16: Uint16Array, s16: Int16Array, u32: Uint32Array, s32: Int32Array,
  u64: BigUint64Array, s64: BigInt64Array, f32: Float32Array, f64: Float64Array,
};

/** The typed array of a numeric element kind (undefined for other kinds). */
export function typedArrayFor(kind: string): TypedArrayCtor | undefined {
  return (TYPED as Record<string, TypedArrayCtor>)[kind];
}

/** Case label → index. */
export function caseIndex<R>(cases: readonly Case<R>[]): Map<string, number> {
  return new Map(cases.map((c, i) => [c.label, i]));
}

/** The case index of a JS variant value `{ tag, val }`. */
export function variantTag(v: unknown, index: Map<string, number>, what: string): number {
  const tag = typeof v === 'object' && v !== null ? (v as { tag?: unknown }).tag : undefined;
  const i = typeof tag === 'string' ? index.get(tag) : undefined;
  if (i === undefined) {
    const tags = [...index.keys()].map((k) => `'${k}'`).join(', ');
    throw new TypeError(`expected ${what} ({ tag: ${tags}, val }), got ${describeTagged(v)}`);
  }
  return i;
}

function describeTagged(v: unknown): string {
  const tag = typeof v === 'object' && v !== null ? (v as { tag?: unknown }).tag : undefined;
  return tag !== undefined ? `tag ${describeValue(tag)}` : describeValue(v);
}

/** The payload of a JS variant value. */
export function variantVal(v: unknown): unknown {
  return (v as { val?: unknown }).val;
}

export function enumIndex(v: unknown, index: Map<string, number>): number {
  const i = typeof v === 'string' ? index.get(v) : undefined;
  if (i === undefined) {
    throw new TypeError(`expected one of the enum cases ${[...index.keys()].map((k) => `"${k}"`).join(', ')}, got ${describeValue(v)}`);
  }
  return i;
}

/** A record given by the host must be an object (jco destructures it). */
export function checkRecord(v: unknown, keys: readonly string[]): void {
  if (v === null || v === undefined) throw new TypeError(`expected a record { ${keys.join(', ')} }, got ${describeValue(v)}`);
}

/** A tuple given by the host: an array, or any iterable (jco destructures it). */
export function tupleItems(v: unknown, n: number): readonly unknown[] {
  if (Array.isArray(v)) return v;
  if (v !== null && v !== undefined && typeof (v as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function') {
    return Array.from(v as Iterable<unknown>);
  }
  throw new TypeError(`expected a tuple (an array of ${n} elements), got ${describeValue(v)}`);
}

/** A list given by the host (other than a numeric list): an array or a typed array. */
export function listItems(v: unknown, what: string): ArrayLike<unknown> {
  if (Array.isArray(v)) return v;
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return v as unknown as ArrayLike<unknown>;
  throw new TypeError(`expected ${what} (an array), got ${describeValue(v)}`);
}

/** The flags bits of a JS flags value: word `w` of the packed bit vector. */
export function flagsWord(v: unknown, keys: readonly string[], w: number): number {
  if (v === null || v === undefined) return 0;
  if (typeof v !== 'object') {
    throw new TypeError(`expected flags (an object of booleans, undefined or null), got ${describeValue(v)}`);
  }
  const o = v as Record<string, unknown>;
  let bits = 0;
  const end = Math.min(keys.length, 32 * w + 32);
  for (let i = 32 * w; i < end; i++) if (o[keys[i]!]) bits |= 1 << (i - 32 * w);
  return bits;
}

/** The JS flags value of packed words. */
export function flagsObject(words: readonly number[], keys: readonly string[]): Record<string, boolean> {
  const o: Record<string, boolean> = {};
  for (let i = 0; i < keys.length; i++) o[keys[i]!] = ((words[i >>> 5]! >>> (i & 31)) & 1) === 1;
  return o;
}

/**
 * The entries of maps lifted with duplicate keys (a `map` is a list of pairs in the spec; a JS Map
 * keeps one entry per key). A component-to-component call lowers the lifted entries themselves,
 * so nothing is lost between components; the host sees jco's Map.
 */
const liftedEntries = new WeakMap<Map<unknown, unknown>, readonly [unknown, unknown][]>();

/** The JS Map of lifted map entries. */
export function toMap(entries: [unknown, unknown][]): Map<unknown, unknown> {
  const m = new Map(entries);
  if (m.size !== entries.length) liftedEntries.set(m, entries);
  return m;
}

/** The entries to lower for a JS value given for a map; `direct`: a component-to-component call. */
export function mapEntries(v: unknown, direct: boolean): readonly [unknown, unknown][] {
  if (!(v instanceof Map)) throw new TypeError(`expected a Map, got ${describeValue(v)}`);
  return (direct ? liftedEntries.get(v) : undefined) ?? [...v];
}
