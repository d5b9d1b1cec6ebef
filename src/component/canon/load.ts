// Loading values from linear memory into JS values. Spec: component-model
// design/mvp/CanonicalABI.md §"Loading" (definitions.py `load`, `load_int`,
// `convert_int_to_bool`, `decode_i32_as_float`, `convert_i32_to_char`, `load_string`,
// `load_list`, `load_list_from_range`, `load_list_from_valid_range`, `load_record`,
// `load_variant`, `load_flags`, `unpack_flags_from_int`, `lift_own`, `lift_borrow`).
// The JS shapes are jco's (js-values.ts). Guest-side checks are the spec's traps where jco
// differs: a bool byte other than 0/1 is true (jco throws), undefined flag bits are ignored (jco
// throws), an invalid discriminant or char traps (jco throws a TypeError).

import type { Case, Field } from '../types.js';
import type { LiftLowerContext } from './context.js';
import { liftBorrow, liftOwn } from './handles.js';
import { alignTo, alignment, discriminantSize, elemSize, elemSizeFlags, fieldOffsets, payloadOffset } from './layout.js';
import { ptrSize, type PtrType } from './options.js';
import type { ResourceType } from './resource.js';
import { PlanCache, unsupportedKind, type Load, type RValType } from './plan.js';
import { loadStringFromRange, splitTagged } from './string.js';
import { trap, TRAP } from './trap.js';
import { fieldKeys, flagsObject, optionIsTagged, toMap, typedArrayFor } from './js-values.js';

export const MAX_LIST_BYTE_LENGTH = 2 ** 28 - 1;

const cache = new PlanCache<Load>(build);

/** The load closure of `t` for memories of `ptrType`. */
export function makeLoad(t: RValType, ptrType: PtrType): Load {
  return cache.get(t, ptrType);
}

/** definitions.py `convert_i32_to_char`. */
export function convertI32ToChar(i: number): string {
  if (i >= 0x110000 || (i >= 0xd800 && i <= 0xdfff)) trap(TRAP.invalidChar(i));
  return String.fromCodePoint(i);
}

/** Reads a pointer-sized unsigned value. */
export function loadPtr(cx: LiftLowerContext, ptr: number): number {
  return cx.ptrType === 'i32' ? cx.view.getUint32(ptr, true) : Number(cx.view.getBigUint64(ptr, true));
}

/** definitions.py `load_string`. */
export function loadString(cx: LiftLowerContext, ptr: number): string {
  const begin = loadPtr(cx, ptr);
  const ps = ptrSize(cx.ptrType);
  const raw = cx.ptrType === 'i32' ? cx.view.getUint32(ptr + ps, true) : cx.view.getBigUint64(ptr + ps, true);
  const [units, tagged] = splitTagged(raw);
  return loadStringFromRange(cx, begin, units, tagged);
}

function build(t: RValType, ptrType: PtrType): Load {
  switch (t.kind) {
    case 'bool': return (cx, p) => cx.view.getUint8(p) !== 0;
    case 'u8': return (cx, p) => cx.view.getUint8(p);
    case 's8': return (cx, p) => cx.view.getInt8(p);
    case 'u16': return (cx, p) => cx.view.getUint16(p, true);
    case 's16': return (cx, p) => cx.view.getInt16(p, true);
    case 'u32': return (cx, p) => cx.view.getUint32(p, true);
    case 's32': return (cx, p) => cx.view.getInt32(p, true);
    case 'u64': return (cx, p) => cx.view.getBigUint64(p, true);
    case 's64': return (cx, p) => cx.view.getBigInt64(p, true);
    case 'f32': return (cx, p) => cx.view.getFloat32(p, true);
    case 'f64': return (cx, p) => cx.view.getFloat64(p, true);
    case 'char': return (cx, p) => convertI32ToChar(cx.view.getUint32(p, true));
    case 'string': return loadString;
    case 'list': {
      if (t.length !== undefined) return loadFixedList(t.elem, t.length, ptrType);
      const fromRange = makeLoadListFromRange(t.elem, ptrType);
      const ps = ptrSize(ptrType);
      return (cx, p) => fromRange(cx, loadPtr(cx, p), loadPtr(cx, p + ps));
    }
    case 'record': return loadRecord(t.fields, ptrType);
    case 'tuple': {
      const loads = t.types.map((u) => makeLoad(u, ptrType));
      const offs = fieldOffsets(t.types, ptrType);
      return (cx, p) => loads.map((l, i) => l(cx, p + offs[i]!));
    }
    case 'variant': return loadVariant(t.cases, ptrType, (c, v) => (c.type !== undefined ? { tag: c.label, val: v } : { tag: c.label }));
    case 'enum': {
      const labels = t.labels;
      const read = discReader(labels.length);
      return (cx, p) => {
        const d = read(cx, p);
        if (d >= labels.length) trap(TRAP.discriminant(d, labels.length));
        return labels[d];
      };
    }
    case 'option': {
      const cases: Case<ResourceType>[] = [{ label: 'none' }, { label: 'some', type: t.type }];
      if (optionIsTagged(t.type)) return loadVariant(cases, ptrType, (c, v) => (c.type !== undefined ? { tag: 'some', val: v } : { tag: 'none' }));
      return loadVariant(cases, ptrType, (c, v) => (c.type !== undefined ? v : undefined));
    }
    case 'result': {
      const cases: Case<ResourceType>[] = [{ label: 'ok', type: t.ok }, { label: 'err', type: t.err }];
      return loadVariant(cases, ptrType, (c, v) => ({ tag: c.label, val: v }));
    }
    case 'flags': {
      const keys = fieldKeys(t.labels.map((label) => ({ label, type: { kind: 'bool' } })));
      const n = t.labels.length;
      if (n <= 8) return (cx, p) => flagsObject([cx.view.getUint8(p)], keys);
      if (n <= 16) return (cx, p) => flagsObject([cx.view.getUint16(p, true)], keys);
      const words = elemSizeFlags(n) / 4;
      return (cx, p) => {
        const ws: number[] = [];
        for (let w = 0; w < words; w++) ws.push(cx.view.getUint32(p + 4 * w, true));
        return flagsObject(ws, keys);
      };
    }
    case 'own': {
      const rt = t.resource;
      return (cx, p) => liftOwn(cx, cx.view.getUint32(p, true), rt);
    }
    case 'borrow': {
      const rt = t.resource;
      return (cx, p) => liftBorrow(cx, cx.view.getUint32(p, true), rt);
    }
    case 'map': {
      const entry: RValType = { kind: 'tuple', types: [t.key, t.value] };
      const fromRange = makeLoadListFromRange(entry, ptrType);
      const ps = ptrSize(ptrType);
      return (cx, p) => toMap(fromRange(cx, loadPtr(cx, p), loadPtr(cx, p + ps)) as [unknown, unknown][]);
    }
    default:
      return unsupportedKind(t.kind);
  }
}

function discReader(numCases: number): (cx: LiftLowerContext, p: number) => number {
  switch (discriminantSize(numCases)) {
    case 1: return (cx, p) => cx.view.getUint8(p);
    case 2: return (cx, p) => cx.view.getUint16(p, true);
    default: return (cx, p) => cx.view.getUint32(p, true);
  }
}

/** definitions.py `load_variant`, building the JS value with `make`. */
function loadVariant(cs: readonly Case<ResourceType>[], ptrType: PtrType, make: (c: Case<ResourceType>, v: unknown) => unknown): Load {
  const read = discReader(cs.length);
  const off = payloadOffset(cs, ptrType);
  const loads = cs.map((c) => (c.type !== undefined ? makeLoad(c.type, ptrType) : undefined));
  return (cx, p) => {
    const d = read(cx, p);
    if (d >= cs.length) trap(TRAP.discriminant(d, cs.length));
    const l = loads[d];
    return make(cs[d]!, l !== undefined ? l(cx, p + off) : undefined);
  };
}

/** definitions.py `load_record`: a plain object with lowerCamelCase keys. */
function loadRecord(fields: readonly Field<ResourceType>[], ptrType: PtrType): Load {
  const keys = fieldKeys(fields);
  const loads = fields.map((f) => makeLoad(f.type, ptrType));
  const offs = fieldOffsets(fields.map((f) => f.type), ptrType);
  const n = fields.length;
  return (cx, p) => {
    const o: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) o[keys[i]!] = loads[i]!(cx, p + offs[i]!);
    return o;
  };
}

function loadFixedList(elem: RValType, length: number, ptrType: PtrType): Load {
  const l = makeLoad(elem, ptrType);
  const size = elemSize(elem, ptrType);
  return (cx, p) => {
    const a: unknown[] = new Array(length);
    for (let i = 0; i < length; i++) a[i] = l(cx, p + i * size);
    return a;
  };
}

export type LoadListFromRange = (cx: LiftLowerContext, ptr: number, length: number) => unknown;

const rangeCache = new PlanCache<LoadListFromRange>(buildListFromRange);

/** definitions.py `load_list_from_range` for lists of `elem`. */
export function makeLoadListFromRange(elem: RValType, ptrType: PtrType): LoadListFromRange {
  return rangeCache.get(elem, ptrType);
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function buildListFromRange(elem: RValType, ptrType: PtrType): LoadListFromRange {
  const size = elemSize(elem, ptrType);
  const align = alignment(elem, ptrType);
  const check = (cx: LiftLowerContext, ptr: number, length: number): void => {
    const byteLength = length * size;
    if (byteLength > MAX_LIST_BYTE_LENGTH) trap(TRAP.listTooLong(byteLength));
    if (alignTo(ptr, align) !== ptr) trap(TRAP.unaligned('list pointer', ptr, align));
    if (ptr + byteLength > cx.bytes.length) trap(TRAP.listOutOfBounds(ptr, byteLength, cx.bytes.length));
  };
  const Typed = typedArrayFor(elem.kind);
  if (Typed !== undefined) {
    const l = makeLoad(elem, ptrType);
    return (cx, ptr, length) => {
      check(cx, ptr, length);
      const bytes = cx.bytes;
      if (Typed === Uint8Array) return bytes.slice(ptr, ptr + length);
      if (LITTLE_ENDIAN) {
        const at = bytes.byteOffset + ptr;
        return new Typed(bytes.buffer.slice(at, at + length * size) as ArrayBuffer);
      }
      const out = new Typed(length);
      for (let i = 0; i < length; i++) (out as unknown as unknown[])[i] = l(cx, ptr + i * size);
      return out;
    };
  }
  const l = makeLoad(elem, ptrType);
  return (cx, ptr, length) => {
    check(cx, ptr, length);
    const a: unknown[] = new Array(length);
    for (let i = 0; i < length; i++) a[i] = l(cx, ptr + i * size);
    return a;
  };
}
