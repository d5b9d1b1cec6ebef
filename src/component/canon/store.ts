// Storing JS values into linear memory. Spec: component-model design/mvp/CanonicalABI.md
// §"Storing" (definitions.py `store`, `store_int`, `encode_float_as_i32/i64`, `char_to_i32`,
// `store_string`, `store_list`, `store_list_into_range`, `store_list_into_valid_range`,
// `store_record`, `store_variant`, `match_case`, `store_flags`, `pack_flags_into_int`,
// `lower_own`, `lower_borrow`). Host values are converted and checked as jco does (coerce.ts,
// js-values.ts).

import type { Case, Field } from '../types.js';
import type { LiftLowerContext } from './context.js';
import {
  checkString, requireNumeric, toChar, toF32, toF64, toS16, toS32, toS64, toS8, toU16, toU32, toU64, toU8,
  typeError, type NumericKind,
} from './coerce.js';
import { lowerBorrow, lowerOwn } from './handles.js';
import {
  caseIndex, checkRecord, mapEntries, enumIndex, fieldKeys, flagsWord, listItems, optionIsTagged, tupleItems,
  typedArrayFor, variantTag, variantVal,
} from './js-values.js';
import { alignTo, alignment, discriminantSize, elemSize, elemSizeFlags, fieldOffsets, payloadOffset } from './layout.js';
import { ptrSize, type PtrType } from './options.js';
import { PlanCache, unsupportedKind, type RValType, type Store } from './plan.js';
import type { ResourceType } from './resource.js';
import { storeStringIntoRange } from './string.js';
import { trap, TRAP } from './trap.js';

const cache = new PlanCache<Store>(build);

/** The store closure of `t` for memories of `ptrType`. */
export function makeStore(t: RValType, ptrType: PtrType): Store {
  return cache.get(t, ptrType);
}

/** Writes a pointer-sized unsigned value. */
export function storePtr(cx: LiftLowerContext, v: number, ptr: number): void {
  if (cx.ptrType === 'i32') cx.view.setUint32(ptr, v, true);
  else cx.view.setBigUint64(ptr, BigInt(v), true);
}

/** definitions.py `store_string`. */
function storeString(cx: LiftLowerContext, v: unknown, ptr: number): void {
  const [begin, units, tagged] = storeStringIntoRange(cx, checkString(v));
  storePtr(cx, begin, ptr);
  const ps = ptrSize(cx.ptrType);
  if (cx.ptrType === 'i32') cx.view.setUint32(ptr + ps, tagged ? (units | 0x80000000) >>> 0 : units, true);
  else cx.view.setBigUint64(ptr + ps, tagged ? BigInt(units) | (1n << 63n) : BigInt(units), true);
}

function build(t: RValType, ptrType: PtrType): Store {
  switch (t.kind) {
    case 'bool': return (cx, v, p) => cx.view.setUint8(p, v ? 1 : 0);
    case 'u8': return (cx, v, p) => cx.view.setUint8(p, toU8(v));
    case 's8': return (cx, v, p) => cx.view.setInt8(p, toS8(v));
    case 'u16': return (cx, v, p) => cx.view.setUint16(p, toU16(v), true);
    case 's16': return (cx, v, p) => cx.view.setInt16(p, toS16(v), true);
    case 'u32': return (cx, v, p) => cx.view.setUint32(p, toU32(v), true);
    case 's32': return (cx, v, p) => cx.view.setInt32(p, toS32(v), true);
    case 'u64': return (cx, v, p) => cx.view.setBigUint64(p, toU64(v), true);
    case 's64': return (cx, v, p) => cx.view.setBigInt64(p, toS64(v), true);
    case 'f32': return (cx, v, p) => cx.view.setFloat32(p, toF32(v), true);
    case 'f64': return (cx, v, p) => cx.view.setFloat64(p, toF64(v), true);
    case 'char': return (cx, v, p) => cx.view.setUint32(p, toChar(v), true);
    case 'string': return storeString;
    case 'list': {
      if (t.length !== undefined) return storeFixedList(t.elem, t.length, ptrType);
      const intoRange = makeStoreListIntoRange(t.elem, ptrType);
      const ps = ptrSize(ptrType);
      return (cx, v, p) => {
        const [begin, length] = intoRange(cx, v);
        storePtr(cx, begin, p);
        storePtr(cx, length, p + ps);
      };
    }
    case 'record': return storeRecord(t.fields, ptrType);
    case 'tuple': {
      const stores = t.types.map((u) => makeStore(u, ptrType));
      const offs = fieldOffsets(t.types, ptrType);
      const n = t.types.length;
      return (cx, v, p) => {
        const items = tupleItems(v, n);
        for (let i = 0; i < n; i++) stores[i]!(cx, items[i], p + offs[i]!);
      };
    }
    case 'variant': {
      const index = caseIndex(t.cases);
      return storeVariant(t.cases, ptrType, (v) => {
        const i = variantTag(v, index, 'a variant');
        return [i, variantVal(v)];
      });
    }
    case 'enum': {
      const index = new Map(t.labels.map((l, i) => [l, i]));
      const write = discWriter(t.labels.length);
      return (cx, v, p) => write(cx, p, enumIndex(v, index));
    }
    case 'option': {
      const cases: Case<ResourceType>[] = [{ label: 'none' }, { label: 'some', type: t.type }];
      if (optionIsTagged(t.type)) {
        const index = new Map([['none', 0], ['some', 1]]);
        return storeVariant(cases, ptrType, (v) => {
          const i = variantTag(v, index, 'an option');
          return [i, i === 1 ? variantVal(v) : undefined];
        });
      }
      return storeVariant(cases, ptrType, (v) => (v === undefined || v === null ? [0, undefined] : [1, v]));
    }
    case 'result': {
      const cases: Case<ResourceType>[] = [{ label: 'ok', type: t.ok }, { label: 'err', type: t.err }];
      const index = new Map([['ok', 0], ['err', 1]]);
      return storeVariant(cases, ptrType, (v) => [variantTag(v, index, 'a result'), variantVal(v)]);
    }
    case 'flags': {
      const keys = fieldKeys(t.labels.map((label) => ({ label, type: { kind: 'bool' } })));
      const n = t.labels.length;
      if (n <= 8) return (cx, v, p) => cx.view.setUint8(p, flagsWord(v, keys, 0));
      if (n <= 16) return (cx, v, p) => cx.view.setUint16(p, flagsWord(v, keys, 0), true);
      const words = elemSizeFlags(n) / 4;
      return (cx, v, p) => {
        for (let w = 0; w < words; w++) cx.view.setUint32(p + 4 * w, flagsWord(v, keys, w) >>> 0, true);
      };
    }
    case 'own': {
      const rt = t.resource;
      return (cx, v, p) => cx.view.setUint32(p, lowerOwn(cx, v, rt), true);
    }
    case 'borrow': {
      const rt = t.resource;
      return (cx, v, p) => cx.view.setUint32(p, Number(lowerBorrow(cx, v, rt)) >>> 0, true);
    }
    case 'map': {
      const entry: RValType = { kind: 'tuple', types: [t.key, t.value] };
      const intoRange = makeStoreListIntoRange(entry, ptrType);
      const ps = ptrSize(ptrType);
      return (cx, v, p) => {
        const [begin, length] = intoRange(cx, mapEntries(v, cx.srcLog !== null));
        storePtr(cx, begin, p);
        storePtr(cx, length, p + ps);
      };
    }
    default:
      return unsupportedKind(t.kind);
  }
}

function discWriter(numCases: number): (cx: LiftLowerContext, p: number, d: number) => void {
  switch (discriminantSize(numCases)) {
    case 1: return (cx, p, d) => cx.view.setUint8(p, d);
    case 2: return (cx, p, d) => cx.view.setUint16(p, d, true);
    default: return (cx, p, d) => cx.view.setUint32(p, d, true);
  }
}

/** definitions.py `store_variant`; `match` is `match_case` on the JS value. */
function storeVariant(cases: readonly Case<ResourceType>[], ptrType: PtrType, match: (v: unknown) => [number, unknown]): Store {
  const write = discWriter(cases.length);
  const off = payloadOffset(cases, ptrType);
  const stores = cases.map((c) => (c.type !== undefined ? makeStore(c.type, ptrType) : undefined));
  return (cx, v, p) => {
    const [i, payload] = match(v);
    write(cx, p, i);
    const s = stores[i];
    if (s !== undefined) s(cx, payload, p + off);
  };
}

/** definitions.py `store_record` from an object with lowerCamelCase keys. */
function storeRecord(fields: readonly Field<ResourceType>[], ptrType: PtrType): Store {
  const keys = fieldKeys(fields);
  const stores = fields.map((f) => makeStore(f.type, ptrType));
  const offs = fieldOffsets(fields.map((f) => f.type), ptrType);
  const n = fields.length;
  return (cx, v, p) => {
    checkRecord(v, keys);
    const o = v as Record<string, unknown>;
    for (let i = 0; i < n; i++) stores[i]!(cx, o[keys[i]!], p + offs[i]!);
  };
}

function storeFixedList(elem: RValType, length: number, ptrType: PtrType): Store {
  const s = makeStore(elem, ptrType);
  const size = elemSize(elem, ptrType);
  return (cx, v, p) => {
    const items = fixedItems(v, length);
    for (let i = 0; i < length; i++) s(cx, items[i], p + i * size);
  };
}

/** The elements of a host value given for a fixed-length list of `length` elements. */
export function fixedItems(v: unknown, length: number): ArrayLike<unknown> {
  const items = ArrayBuffer.isView(v) && !(v instanceof DataView) ? (v as unknown as ArrayLike<unknown>) : tupleItems(v, length);
  if (items.length !== length) throw typeError(`a list of exactly ${length} elements`, v);
  return items;
}

/** definitions.py `store_list_into_range`: returns [ptr, length]. */
export type StoreListIntoRange = (cx: LiftLowerContext, v: unknown) => [number, number];

const rangeCache = new PlanCache<StoreListIntoRange>(buildListIntoRange);

export function makeStoreListIntoRange(elem: RValType, ptrType: PtrType): StoreListIntoRange {
  return rangeCache.get(elem, ptrType);
}

const REALLOC_I32_MAX = 2 ** 32 - 1;

function allocateList(cx: LiftLowerContext, length: number, size: number, align: number): number {
  const byteLength = length * size;
  if (cx.ptrType === 'i32' && byteLength > REALLOC_I32_MAX) trap(TRAP.hostTooLong('list', byteLength));
  const ptr = cx.allocate(align, byteLength);
  if (alignTo(ptr, align) !== ptr) trap(TRAP.reallocUnaligned(ptr, align));
  if (ptr + byteLength > cx.bytes.length) trap(TRAP.reallocOutOfBounds('list', ptr, byteLength, cx.bytes.length));
  return ptr;
}

function buildListIntoRange(elem: RValType, ptrType: PtrType): StoreListIntoRange {
  const size = elemSize(elem, ptrType);
  const align = alignment(elem, ptrType);
  const s = makeStore(elem, ptrType);
  const Typed = typedArrayFor(elem.kind);
  if (Typed !== undefined) {
    const kind = elem.kind as NumericKind;
    return (cx, v) => {
      if (Array.isArray(v)) {
        for (const e of v) requireNumeric(kind, e);
        const ptr = allocateList(cx, v.length, size, align);
        for (let i = 0; i < v.length; i++) s(cx, v[i], ptr + i * size);
        return [ptr, v.length];
      }
      const src = numericListBytes(v, kind, size);
      const length = src.byteLength / size;
      const ptr = allocateList(cx, length, size, align);
      cx.bytes.set(src, ptr);
      return [ptr, length];
    };
  }
  return (cx, v) => {
    const items = listItems(v, `a list<${elem.kind}>`);
    const n = items.length;
    const ptr = allocateList(cx, n, size, align);
    for (let i = 0; i < n; i++) s(cx, items[i], ptr + i * size);
    return [ptr, n];
  };
}

/** The bytes of a typed array (or, for list<u8>, any buffer or view) given for a numeric list. */
function numericListBytes(v: unknown, kind: NumericKind, size: number): Uint8Array {
  if (ArrayBuffer.isView(v)) {
    const perElement = (v as unknown as { BYTES_PER_ELEMENT?: number }).BYTES_PER_ELEMENT;
    if (size === 1 || perElement === size) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  } else if (size === 1 && (v instanceof ArrayBuffer || isSharedArrayBuffer(v))) {
    return new Uint8Array(v as ArrayBuffer);
  }
  throw typeError(`a list<${kind}> (an array or a ${size}-byte typed array)`, v);
}

function isSharedArrayBuffer(v: unknown): boolean {
  return typeof SharedArrayBuffer === 'function' && v instanceof SharedArrayBuffer;
}
