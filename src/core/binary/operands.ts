// Readers for instruction operands that are more than one integer: block types, value/heap
// types, memargs, catch clauses. Spec: WebAssembly Core 3.0 §5.3 "Types" (valtype, reftype,
// heaptype, storagetype) and §5.4.1/§5.4.7 (blocktype, memarg, catch).

import { CompileError } from '../errors.js';
import type { Reader } from './reader.js';
import type { FeatureSet } from '../features.js';
import {
  I32, I64, F32, F64, V128, I8, I16, HT_EXN, HT_NOEXN, HT_FUNC, HT_EXTERN, HT_NOFUNC, HT_NOEXTERN,
  CONCRETE_BASE, refType, type ValType, type HeapType,
} from '../types.js';

/** Block type "empty" ([] -> []). Other block types: a value type (> 0), or ~typeidx (< 0). */
export const BLOCK_EMPTY = 0x40;

/** Scratch result of readMemarg (no allocation per instruction). */
export const memarg = { align: 0, mem: 0, offset: 0 };

/** Memory operand: align flags (bit 6 = a memory index follows), [memidx], offset (u64). */
export function readMemarg(r: Reader): void {
  const at = r.pos;
  const flags = r.u32();
  if (flags < 0x40) {
    memarg.align = flags;
    memarg.mem = 0;
  } else if (flags < 0x80) {
    memarg.align = flags - 0x40;
    memarg.mem = r.u32();
  } else {
    r.fail('malformed memop flags', at);
  }
  memarg.offset = r.u64();
}

function isAbstractHeapCode(b: number): boolean {
  return b >= 0x69 && b <= 0x74;
}

/** heaptype: an abstract heap type (one byte) or a type index (s33 >= 0). */
export function readHeapType(r: Reader, features: FeatureSet): HeapType {
  const at = r.pos;
  const b = r.peekU8();
  if (isAbstractHeapCode(b)) {
    r.pos++;
    checkHeapFeature(r, b, features, at);
    return b;
  }
  const v = r.s33();
  if (v < 0) r.fail('malformed heap type', at);
  if (!features['function-references']) r.fail('malformed heap type', at);
  return CONCRETE_BASE + v;
}

function checkHeapFeature(r: Reader, h: number, features: FeatureSet, at: number): void {
  if (h === HT_FUNC || h === HT_EXTERN) return;
  if (h === HT_EXN || h === HT_NOEXN) {
    if (!features.exceptions) r.fail('malformed reference type', at);
    return;
  }
  if (h === HT_NOFUNC || h === HT_NOEXTERN) {
    if (!features['function-references'] && !features.gc) r.fail('malformed reference type', at);
    return;
  }
  if (!features.gc) r.fail('malformed reference type', at);
}

/** reftype: a shorthand (funcref ...) or 0x64/0x63 followed by a heap type. */
export function readRefTypeAfter(r: Reader, b: number, features: FeatureSet, at: number): ValType {
  if (isAbstractHeapCode(b)) {
    checkHeapFeature(r, b, features, at);
    return refType(b, true);
  }
  if (b === 0x64 || b === 0x63) {
    if (!features['function-references']) r.fail('malformed reference type', at);
    return refType(readHeapType(r, features), b === 0x63);
  }
  return r.fail('malformed reference type', at);
}

export function readRefType(r: Reader, features: FeatureSet): ValType {
  const at = r.pos;
  return readRefTypeAfter(r, r.u8(), features, at);
}

/** valtype: number, vector or reference type. */
export function readValType(r: Reader, features: FeatureSet): ValType {
  const at = r.pos;
  const b = r.u8();
  switch (b) {
    case I32: case I64: case F32: case F64: return b;
    case V128:
      if (!features.simd) r.fail('malformed value type', at);
      return b;
  }
  if (isAbstractHeapCode(b) || b === 0x64 || b === 0x63) {
    if (!features['reference-types']) r.fail('malformed value type', at);
    return readRefTypeAfter(r, b, features, at);
  }
  return r.fail('malformed value type', at);
}

/** storagetype: a value type or a packed type (i8, i16). */
export function readStorageType(r: Reader, features: FeatureSet): ValType {
  const b = r.peekU8();
  if (b === I8 || b === I16) {
    r.pos++;
    return b;
  }
  // A malformed value type here is reported as a malformed storage type (as the reference
  // interpreter does); running out of bytes stays what it is.
  const at = r.pos;
  try {
    return readValType(r, features);
  } catch (e) {
    if (e instanceof CompileError && e.reason.startsWith('malformed')) r.fail('malformed storage type', at);
    throw e;
  }
}

/** blocktype: 0x40, a value type, or a type index as s33. */
export function readBlockType(r: Reader, features: FeatureSet): number {
  const at = r.pos;
  const b = r.peekU8();
  if (b === BLOCK_EMPTY) {
    r.pos++;
    return BLOCK_EMPTY;
  }
  if (b >= 0x40 && b < 0x80) return readValType(r, features);
  const v = r.s33();
  if (v < 0) r.fail('malformed block type', at);
  if (!features['multi-value']) r.fail('malformed block type', at);
  return ~v;
}

export interface Catch {
  /** 0 catch, 1 catch_ref, 2 catch_all, 3 catch_all_ref */
  readonly kind: number;
  readonly tag: number;
  readonly label: number;
}

export function readCatches(r: Reader): Catch[] {
  const n = r.vecLen(2);
  const out: Catch[] = [];
  for (let i = 0; i < n; i++) {
    const at = r.pos;
    const kind = r.u8();
    if (kind > 3) r.fail('malformed catch clause', at);
    const tag = kind < 2 ? r.u32() : -1;
    out.push({ kind, tag, label: r.u32() });
  }
  return out;
}
