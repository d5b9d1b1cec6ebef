// The 🛸 GC variant of the Canonical ABI (`gc` canonopt with a declared `core-type`): instead of
// flattening into linear-memory scalars, each component value type maps onto a core GC type, and
// validation checks the declared core function type shape by shape. Spec: component-model
// design/mvp/Explainer.md §"Canonical ABI" gated 🛸 features; the exact correspondence (scalars to
// i32/i64/f32/f64 or packed i8/i16 fields, strings to byte or i16 arrays, lists to arrays,
// records/tuples to structs of the same arity, variants/options/results to empty structs, handles
// and error-contexts to externref) is wasm-tools' implementation, whose messages the tests quote.

import {
  HT_EXTERN, heapOf, I32, I64, F32, F64, isConcrete, isRef, typeIndexOf, valTypeName, type ValType as CoreValType,
} from '../../core/types.js';
import type { CoreArena } from './core-types.js';
import type { DefT, FuncT } from './itypes.js';
import { fail } from './scope.js';

const I8 = 0x78;
const I16 = 0x77;

/** A core parameter/result (`arg`) or a struct/array field storage type (`field`). */
interface Core { readonly t: CoreValType; readonly field: boolean }

function show(c: Core): string {
  return c.t === I8 ? 'i8' : c.t === I16 ? 'i16' : valTypeName(c.t);
}

/** Checks `ft` against the declared core function type (arena index) under the GC ABI. */
export function lowerGc(arena: CoreArena, ft: FuncT, coreType: number, stringEncoding: string, offset: number): void {
  const core = arena.funcOf(coreType)!;
  if (core.params.length !== ft.params.length) {
    fail(`declared \`core-type\` has ${core.params.length} parameters, but component function has ${ft.params.length} parameters`, offset);
  }
  ft.params.forEach((p, i) => lowerVal(arena, p.type, { t: core.params[i]!, field: false }, stringEncoding, offset));
  const n = ft.result === undefined ? 0 : 1;
  if (core.results.length !== n) {
    fail(`declared \`core-type\` has ${core.results.length} results, but component function has ${n} results`, offset);
  }
  if (ft.result !== undefined) lowerVal(arena, ft.result, { t: core.results[0]!, field: false }, stringEncoding, offset);
}

function concrete(arena: CoreArena, c: Core) {
  if (!isRef(c.t)) return undefined;
  const h = heapOf(c.t);
  return isConcrete(h) ? arena.types[typeIndexOf(h)]?.composite : undefined;
}

function lowerVal(arena: CoreArena, t: DefT, c: Core, enc: string, offset: number): void {
  const prim = (want: CoreValType, packed?: number): void => {
    const name = t.kind;
    if (packed !== undefined) {
      if (c.field ? c.t === packed : c.t === want) return;
      fail(`expected to lower component \`${name}\` type to core \`${c.field ? (packed === I8 ? 'i8' : 'i16') : valTypeName(want)}\` type, found \`${show(c)}\``, offset);
    }
    if (c.t === want) return;
    fail(`expected to lower component \`${name}\` type to core \`${valTypeName(want)}\` type, found \`${show(c)}\``, offset);
  };
  const externref = (what: string): void => {
    if (isRef(c.t) && heapOf(c.t) === HT_EXTERN) return;
    fail(`expected to lower component \`${what}\` type into core \`(ref null? extern)\` type, but found \`${show(c)}\``, offset);
  };
  const sum = (what: string): void => {
    const comp = concrete(arena, c);
    if (comp?.kind === 'struct' && comp.fields.length === 0) return;
    fail(`expected to lower component \`${what}\` type to core \`(ref null? (struct))\`, but found \`${show(c)}\``, offset);
  };
  const product = (what: string, fields: readonly DefT[]): void => {
    const comp = concrete(arena, c);
    if (comp?.kind !== 'struct') {
      fail(`expected to lower component \`${what}\` type to core \`(ref null? (struct ...))\`, but found \`${show(c)}\``, offset);
    }
    if (comp.fields.length !== fields.length) {
      fail(`core \`struct\` has ${comp.fields.length} fields, but component \`${what}\` has ${fields.length} fields`, offset);
    }
    fields.forEach((f, i) => lowerVal(arena, f, { t: comp.fields[i]!.type, field: true }, enc, offset));
  };
  switch (t.kind) {
    case 'bool': case 's8': case 'u8': return prim(I32, I8);
    case 's16': case 'u16': return prim(I32, I16);
    case 's32': case 'u32': case 'char': return prim(I32);
    case 's64': case 'u64': return prim(I64);
    case 'f32': return prim(F32);
    case 'f64': return prim(F64);
    case 'string': {
      const comp = concrete(arena, c);
      const want = enc === 'utf16' ? I16 : I8;
      if (comp?.kind === 'array' && comp.field.type === want) return;
      fail(`expected to lower component \`string\` type to core \`(ref null? (array (mut? ${want === I16 ? 'i16' : 'i8'})))\` type, found \`${show(c)}\``, offset);
      return;
    }
    case 'error-context': return externref('error-context');
    case 'list': {
      const comp = concrete(arena, c);
      if (comp?.kind !== 'array') fail(`expected to lower component \`list\` type into \`(ref null? (array ...))\`, but found \`${show(c)}\``, offset);
      return lowerVal(arena, t.elem, { t: comp.field.type, field: true }, enc, offset);
    }
    case 'map': return fail('GC lowering for component `map` type is not yet implemented', offset);
    case 'record': return product('record', t.fields.map((f) => f.type));
    case 'tuple': return product('tuple', t.types);
    case 'variant': case 'option': case 'result': return sum(t.kind);
    case 'flags': case 'enum':
      if (c.t === I32) return;
      return fail(`expected to lower component \`${t.kind}\` type into core \`i32\` type, but found \`${show(c)}\``, offset);
    case 'own': case 'borrow': case 'future': case 'stream': return externref(t.kind);
  }
}
