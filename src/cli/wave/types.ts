// Helpers over the component value types (the public API's ComponentValType) for WAVE: how jco
// represents each one in JS (component/canon/js-values.ts documents the conventions: numeric
// lists are typed arrays, an option is `undefined | T` unless its payload is itself such an
// option, then `{ tag: 'some', val } | { tag: 'none' }`), and a short WIT-like name for messages.
// Spec: component-model design/mvp/WIT.md §"Types".

import type { ComponentValType as ValType } from '../../index.js';

export type { ValType };

/** jco's `maybe_null`: values of `t` may be undefined (an option whose payload is not one). */
export function isNullable(t: ValType): boolean {
  return t.kind === 'option' && !isNullable(t.type);
}

export type TypedArray =
  | Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array
  | BigUint64Array | BigInt64Array | Float32Array | Float64Array;

type TypedArrayCtor = { new (values: ArrayLike<number> | ArrayLike<bigint>): TypedArray };

const TYPED: Record<string, unknown> = {
  u8: Uint8Array, s8: Int8Array, u16: Uint16Array, s16: Int16Array, u32: Uint32Array, s32: Int32Array,
  u64: BigUint64Array, s64: BigInt64Array, f32: Float32Array, f64: Float64Array,
};

/** The typed array jco uses for a `list<kind>` (undefined when it uses a plain array). */
export function typedArrayFor(kind: string): TypedArrayCtor | undefined {
  return TYPED[kind] as TypedArrayCtor | undefined;
}

/** A short WIT-like description of a type, for error messages. */
export function describeType(t: ValType, depth = 0): string {
  const inner = (x: ValType | undefined): string => (x === undefined ? '_' : describeType(x, depth + 1));
  const labels = (ls: readonly string[]): string => {
    const shown = ls.slice(0, 6).join(', ');
    return ls.length > 6 ? `${shown}, …` : shown;
  };
  if (depth > 3) return '…';
  switch (t.kind) {
    case 'list': return t.length === undefined ? `list<${inner(t.elem)}>` : `list<${inner(t.elem)}, ${t.length}>`;
    case 'option': return `option<${inner(t.type)}>`;
    case 'result': return t.ok === undefined && t.err === undefined ? 'result' : `result<${inner(t.ok)}, ${inner(t.err)}>`;
    case 'tuple': return `tuple<${t.types.map((x) => inner(x)).join(', ')}>`;
    case 'record': return `record { ${labels(t.fields.map((f) => f.label))} }`;
    case 'variant': return `variant { ${labels(t.cases.map((c) => c.label))} }`;
    case 'enum': return `enum { ${labels(t.labels)} }`;
    case 'flags': return `flags { ${labels(t.labels)} }`;
    case 'own': return 'own<resource>';
    case 'borrow': return 'borrow<resource>';
    case 'map': return `map<${inner(t.key)}, ${inner(t.value)}>`;
    case 'stream': case 'future': return t.elem === undefined ? t.kind : `${t.kind}<${inner(t.elem)}>`;
    default: return t.kind;
  }
}
