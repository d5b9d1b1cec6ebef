// Alignment and element size of value types. Spec: component-model design/mvp/CanonicalABI.md
// §"Alignment" and §"Element Size" (definitions.py `alignment`, `alignment_list`,
// `alignment_record`, `alignment_variant`, `discriminant_type`, `max_case_alignment`,
// `alignment_flags`, `elem_size*`, `align_to`).
//
// Both are computed once per (type object, pointer type) and cached. `flags` with more than 32
// labels (rejected by today's validation, accepted by the pre-2024 spec) keep that older layout:
// ceil(n/32) 32-bit words, alignment 4.

import type { Case, Field, ValType } from '../types.js';
import { despecialize } from './despecialize.js';
import { ptrSize, type PtrType } from './options.js';

type DiscKind = 'u8' | 'u16' | 'u32';

const alignCache: Record<PtrType, WeakMap<object, number>> = { i32: new WeakMap(), i64: new WeakMap() };
const sizeCache: Record<PtrType, WeakMap<object, number>> = { i32: new WeakMap(), i64: new WeakMap() };

/** definitions.py `align_to`. */
export function alignTo(ptr: number, alignment: number): number {
  return Math.ceil(ptr / alignment) * alignment;
}

/** definitions.py `alignment`. */
export function alignment<R>(t: ValType<R>, ptrType: PtrType): number {
  const cache = alignCache[ptrType];
  let a = cache.get(t);
  if (a !== undefined) return a;
  const d = despecialize(t);
  switch (d.kind) {
    case 'bool': case 's8': case 'u8': a = 1; break;
    case 's16': case 'u16': a = 2; break;
    case 's32': case 'u32': case 'f32': case 'char': a = 4; break;
    case 's64': case 'u64': case 'f64': a = 8; break;
    case 'string': a = ptrSize(ptrType); break;
    case 'error-context': case 'own': case 'borrow': case 'stream': case 'future': a = 4; break;
    case 'list': a = d.length !== undefined ? alignment(d.elem, ptrType) : ptrSize(ptrType); break;
    case 'record': a = alignmentRecord(d.fields, ptrType); break;
    case 'variant': a = alignmentVariant(d.cases, ptrType); break;
    case 'flags': a = alignmentFlags(d.labels.length); break;
  }
  cache.set(t, a);
  return a;
}

function alignmentRecord<R>(fields: readonly Field<R>[], ptrType: PtrType): number {
  let a = 1;
  for (const f of fields) a = Math.max(a, alignment(f.type, ptrType));
  return a;
}

function alignmentVariant<R>(cases: readonly Case<R>[], ptrType: PtrType): number {
  return Math.max(discriminantSize(cases.length), maxCaseAlignment(cases, ptrType));
}

/** definitions.py `discriminant_type`: the smallest unsigned integer holding the case index. */
export function discriminantType(numCases: number): DiscKind {
  if (numCases <= 0x100) return 'u8';
  if (numCases <= 0x10000) return 'u16';
  return 'u32';
}

/** The byte size (and alignment) of the discriminant of a variant with `numCases` cases. */
export function discriminantSize(numCases: number): number {
  const k = discriminantType(numCases);
  return k === 'u8' ? 1 : k === 'u16' ? 2 : 4;
}

/** definitions.py `max_case_alignment`. */
export function maxCaseAlignment<R>(cases: readonly Case<R>[], ptrType: PtrType): number {
  let a = 1;
  for (const c of cases) if (c.type !== undefined) a = Math.max(a, alignment(c.type, ptrType));
  return a;
}

function alignmentFlags(n: number): number {
  if (n <= 8) return 1;
  if (n <= 16) return 2;
  return 4;
}

/** definitions.py `elem_size`. */
export function elemSize<R>(t: ValType<R>, ptrType: PtrType): number {
  const cache = sizeCache[ptrType];
  let s = cache.get(t);
  if (s !== undefined) return s;
  const d = despecialize(t);
  switch (d.kind) {
    case 'bool': case 's8': case 'u8': s = 1; break;
    case 's16': case 'u16': s = 2; break;
    case 's32': case 'u32': case 'f32': case 'char': s = 4; break;
    case 's64': case 'u64': case 'f64': s = 8; break;
    case 'string': s = 2 * ptrSize(ptrType); break;
    case 'error-context': case 'own': case 'borrow': case 'stream': case 'future': s = 4; break;
    case 'list': s = d.length !== undefined ? d.length * elemSize(d.elem, ptrType) : 2 * ptrSize(ptrType); break;
    case 'record': s = elemSizeRecord(d.fields, ptrType); break;
    case 'variant': s = elemSizeVariant(d.cases, ptrType); break;
    case 'flags': s = elemSizeFlags(d.labels.length); break;
  }
  cache.set(t, s);
  return s;
}

function elemSizeRecord<R>(fields: readonly Field<R>[], ptrType: PtrType): number {
  let s = 0;
  for (const f of fields) {
    s = alignTo(s, alignment(f.type, ptrType));
    s += elemSize(f.type, ptrType);
  }
  return alignTo(s, alignmentRecord(fields, ptrType));
}

function elemSizeVariant<R>(cases: readonly Case<R>[], ptrType: PtrType): number {
  let s = discriminantSize(cases.length);
  s = alignTo(s, maxCaseAlignment(cases, ptrType));
  let cs = 0;
  for (const c of cases) if (c.type !== undefined) cs = Math.max(cs, elemSize(c.type, ptrType));
  s += cs;
  return alignTo(s, alignmentVariant(cases, ptrType));
}

/** definitions.py `elem_size_flags` (and the pre-2024 layout for more than 32 labels). */
export function elemSizeFlags(n: number): number {
  if (n <= 8) return 1;
  if (n <= 16) return 2;
  return 4 * Math.ceil(n / 32);
}

/** The byte offset of each field of a record (or element of a tuple) from the record's start. */
export function fieldOffsets<R>(types: readonly ValType<R>[], ptrType: PtrType): number[] {
  const out: number[] = [];
  let s = 0;
  for (const t of types) {
    s = alignTo(s, alignment(t, ptrType));
    out.push(s);
    s += elemSize(t, ptrType);
  }
  return out;
}

/** The byte offset of a variant's payload from the variant's start. */
export function payloadOffset<R>(cases: readonly Case<R>[], ptrType: PtrType): number {
  return alignTo(discriminantSize(cases.length), maxCaseAlignment(cases, ptrType));
}
