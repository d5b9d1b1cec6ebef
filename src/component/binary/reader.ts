// Reading primitives of the component binary format. Spec: component-model design/mvp/Binary.md
// (`vec`, `name`, `<T>?`, `sort`, `core:sort`, `valtype`), built on core/binary/reader.ts (LEB128,
// names, absolute offsets). Error wording and size limits follow wasm-tools' wasmparser reader,
// whose messages the component test suites expect ("unexpected end-of-file", "invalid leading byte
// (0x7) for canonical function", "... size is out of bounds").

import { Reader } from '../../core/binary/reader.js';
import type { PrimKind } from '../types.js';
import type { ComponentSort, CoreSort, Sort, ValTypeAst } from './ast.js';

export const EOF = 'unexpected end-of-file';

/** Longest string accepted in names (wasmparser's MAX_WASM_STRING_SIZE). */
const MAX_STRING_SIZE = 100_000;

/** A reader over [pos, end) of `bytes` with the component format's end-of-input message. */
export function componentReader(bytes: Uint8Array, pos: number, end: number): Reader {
  const r = new Reader(bytes, pos, end);
  r.eofMessage = EOF;
  return r;
}

export function invalidLeadingByte(r: Reader, byte: number, desc: string, at: number = r.pos - 1): never {
  return r.fail(`invalid leading byte (0x${byte.toString(16)}) for ${desc}`, at);
}

/** A vector length: at most `limit` ("<desc> size is out of bounds") and no longer than the input. */
export function readSize(r: Reader, limit: number, desc: string): number {
  const at = r.pos;
  const n = r.u32();
  if (n > limit) r.fail(`${desc} size is out of bounds`, at);
  return n;
}

/** A vector count whose elements each take at least one byte: reject early what cannot fit. */
export function readCount(r: Reader, limit: number, desc: string): number {
  const n = readSize(r, limit, desc);
  if (n > r.end - r.pos) r.fail(EOF, r.end);
  return n;
}

export function readVec<T>(r: Reader, limit: number, desc: string, each: (r: Reader) => T): T[] {
  const n = readCount(r, limit, desc);
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(each(r));
  return out;
}

/** `name`: a UTF-8 string of at most 100,000 bytes. */
export function readString(r: Reader): string {
  const at = r.pos;
  const n = r.u32();
  if (n > MAX_STRING_SIZE) r.fail('string size out of bounds', at);
  r.pos = at;
  return r.name();
}

/** A string without the size limit (the component name in the name section). */
export function readUnlimitedString(r: Reader): string {
  return r.name();
}

/** A boolean immediate (`async?`, `cancel?`): 0x00 or 0x01. */
export function readBool(r: Reader): boolean {
  const b = r.u8();
  if (b > 1) r.fail('invalid boolean value', r.pos - 1);
  return b === 1;
}

const CORE_EXTERNAL_KINDS: readonly CoreSort[] = ['func', 'table', 'memory', 'global', 'tag'];

/** A core external kind (func, table, memory, global, tag): core inline exports and core export aliases. */
export function coreExternalKind(r: Reader, byte: number, at: number): CoreSort {
  const k = CORE_EXTERNAL_KINDS[byte];
  if (k === undefined) invalidLeadingByte(r, byte, 'external kind', at);
  return k;
}

const COMPONENT_SORTS: Record<number, ComponentSort> = { 1: 'func', 2: 'value', 3: 'type', 4: 'component', 5: 'instance' };

/**
 * The `sort` of a component external (import/export kinds, instantiate args, inline exports,
 * export aliases): `byte2` follows a 0x00 and must be 0x11 (core module).
 */
export function componentExternalKind(r: Reader, byte1: number, byte2: number | undefined, at: number): Sort {
  if (byte1 === 0) {
    if (byte2 !== 0x11) invalidLeadingByte(r, byte2!, 'component external kind', at + 1);
    return 'core module';
  }
  const s = COMPONENT_SORTS[byte1];
  if (s === undefined) invalidLeadingByte(r, byte1, 'component external kind', at);
  return s;
}

export function readComponentExternalKind(r: Reader): Sort {
  const at = r.pos;
  const b1 = r.u8();
  const b2 = b1 === 0 ? r.u8() : undefined;
  return componentExternalKind(r, b1, b2, at);
}

const PRIMS: Record<number, PrimKind> = {
  0x7f: 'bool', 0x7e: 's8', 0x7d: 'u8', 0x7c: 's16', 0x7b: 'u16', 0x7a: 's32', 0x79: 'u32',
  0x78: 's64', 0x77: 'u64', 0x76: 'f32', 0x75: 'f64', 0x74: 'char', 0x73: 'string', 0x64: 'error-context',
};

export function primValType(byte: number): PrimKind | undefined {
  return PRIMS[byte];
}

/**
 * `valtype`: a primitive type byte, or a type index as a (nonnegative) s33. As in wasmparser, a
 * negative s33 that is not a primitive is kept as its u32 truncation, an index the validator rejects.
 */
export function readValType(r: Reader): ValTypeAst {
  const p = PRIMS[r.peekU8()];
  if (p !== undefined) {
    r.pos++;
    return p;
  }
  const v = r.s33();
  return v >= 0 ? v : v + 2 ** 32; // an s33 is >= -2^32
}

/** `<valtype>?` */
export function readOptValType(r: Reader): ValTypeAst | undefined {
  const b = r.u8();
  if (b === 0) return undefined;
  if (b === 1) return readValType(r);
  return invalidLeadingByte(r, b, 'optional component value type');
}
