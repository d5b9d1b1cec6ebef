// Core types as they appear inside a component. Spec: component-model design/mvp/Binary.md
// §"Type Definitions" (`core:type`, `core:deftype`, `core:moduletype`, `core:moduledecl`,
// `core:alias`, `core:exportdecl`) reusing WebAssembly Core 3.0 §5.3 "Types" (`rectype`,
// `subtype`, `comptype`, `externtype`, limits) and §5.5.5 (`import`).
//
// Core value types are read with core/binary/operands.ts (all core features on). The 0x50 wart:
// at the top of a component core type, 0x50 is a module type and a non-final sub type is written
// 0x00 0x50; inside a module type's `type` declarator only rec groups are well formed (as in
// wasmparser, whose messages are used here).

import { readRefType, readStorageType, readValType as coreValType } from '../../core/binary/operands.js';
import type { Reader } from '../../core/binary/reader.js';
import { DEFAULT_FEATURES } from '../../core/features.js';
import type {
  CompositeType, FieldType, GlobalType, Limits, MemoryType, TableType, TagType, ValType,
} from '../../core/types.js';
import type { CoreDefTypeAst, CoreExternTypeAst, CoreRecGroupAst, CoreSubTypeAst, ModuleDecl } from './ast.js';
import { invalidLeadingByte, readString, readVec } from './reader.js';

const F = DEFAULT_FEATURES;

// wasmparser's limits for core types.
const MAX_TYPES = 1_000_000;
const MAX_SUPERTYPES = 1;
const MAX_FUNCTION_PARAMS = 1000;
const MAX_FUNCTION_RETURNS = 1000;
const MAX_STRUCT_FIELDS = 10_000;
const MAX_MODULE_TYPE_DECLS = 100_000;

/** A core `valtype` (all core features on; the validator checks what a position allows). */
export function readCoreValType(r: Reader): ValType {
  return coreValType(r, F);
}

/** `core:type` in a component's core type section or a component/instance type's core type declarator. */
export function readCoreDefType(r: Reader): CoreDefTypeAst {
  const b = r.peekU8();
  if (b === 0x00) {
    r.pos++;
    const x = r.peekU8();
    if (x !== 0x50) invalidLeadingByte(r, x, 'non-final sub type', r.pos);
    return readRecGroup(r);
  }
  if (b === 0x50) {
    r.pos++;
    return { kind: 'module', decls: readVec(r, MAX_MODULE_TYPE_DECLS, 'module type declaration', readModuleDecl) };
  }
  return readRecGroup(r);
}

/** `rectype`: `0x4e vec(subtype)` or a single `subtype`. */
export function readRecGroup(r: Reader): CoreRecGroupAst {
  if (r.peekU8() === 0x4e) {
    r.pos++;
    return { kind: 'rec', explicit: true, types: readVec(r, MAX_TYPES, 'rec group types', readSubType) };
  }
  return { kind: 'rec', explicit: false, types: [readSubType(r)] };
}

function readSubType(r: Reader): CoreSubTypeAst {
  const offset = r.pos;
  const b = r.u8();
  if (b === 0x50 || b === 0x4f) {
    const supers = readVec(r, MAX_SUPERTYPES, 'supertype idxs', (rr) => rr.u32());
    return { offset, final: b === 0x4f, supers, composite: readCompositeType(r, r.u8()) };
  }
  return { offset, final: true, supers: [], composite: readCompositeType(r, b) };
}

function readCompositeType(r: Reader, opcode: number): CompositeType {
  switch (opcode) {
    case 0x60: {
      const params = readVec(r, MAX_FUNCTION_PARAMS, 'function params', readCoreValType);
      const results = readVec(r, MAX_FUNCTION_RETURNS, 'function returns', readCoreValType);
      return { kind: 'func', params, results };
    }
    case 0x5e:
      return { kind: 'array', field: readFieldType(r) };
    case 0x5f:
      return { kind: 'struct', fields: readVec(r, MAX_STRUCT_FIELDS, 'struct fields', readFieldType) };
  }
  return invalidLeadingByte(r, opcode, 'type');
}

function readFieldType(r: Reader): FieldType {
  const type = readStorageType(r, F);
  return { type, mutable: readMutability(r) };
}

function readMutability(r: Reader): boolean {
  const m = r.u8();
  if (m > 1) r.fail('invalid mutability', r.pos - 1);
  return m === 1;
}

/** `core:moduledecl`. */
function readModuleDecl(r: Reader): ModuleDecl {
  const offset = r.pos;
  const b = r.u8();
  switch (b) {
    case 0x00: {
      const module = readString(r);
      const name = readString(r);
      return { kind: 'import', offset, module, name, type: readCoreExternType(r) };
    }
    case 0x01:
      return { kind: 'type', offset, type: readRecGroup(r) };
    case 0x02: {
      const k = r.u8();
      if (k !== 0x10) invalidLeadingByte(r, k, 'outer alias kind');
      const t = r.u8();
      if (t !== 0x01) invalidLeadingByte(r, t, 'outer alias target');
      const count = r.u32();
      return { kind: 'alias', offset, count, index: r.u32() };
    }
    case 0x03: {
      const name = readString(r);
      return { kind: 'export', offset, name, type: readCoreExternType(r) };
    }
  }
  return invalidLeadingByte(r, b, 'type definition');
}

/** `core:externtype` (import descriptions and module type exports). */
export function readCoreExternType(r: Reader): CoreExternTypeAst {
  const b = r.u8();
  switch (b) {
    case 0x00: return { kind: 'func', type: r.u32() };
    case 0x01: return { kind: 'table', type: readTableType(r) };
    case 0x02: return { kind: 'memory', type: readMemoryType(r) };
    case 0x03: return { kind: 'global', type: readGlobalType(r) };
    case 0x04: return { kind: 'tag', type: readTagType(r) };
  }
  return invalidLeadingByte(r, b, 'external kind');
}

function readLimits(r: Reader, memory: boolean): Limits & { pageSizeLog2: number } {
  const at = r.pos;
  const flags = r.u8();
  const allowed = memory ? 0x0f : 0x05;
  if (flags & ~allowed) r.fail(memory ? 'invalid memory limits flags' : 'invalid table resizable limits flags', at);
  const is64 = (flags & 0x04) !== 0;
  const min = is64 ? r.u64() : r.u32();
  const max = flags & 0x01 ? (is64 ? r.u64() : r.u32()) : undefined;
  let pageSizeLog2 = 16;
  if (flags & 0x08) {
    const pAt = r.pos;
    pageSizeLog2 = r.u32();
    if (pageSizeLog2 > 64) r.fail('invalid custom page size', pAt);
  }
  return { min, max, is64, shared: (flags & 0x02) !== 0, pageSizeLog2 };
}

function readTableType(r: Reader): TableType {
  const elem = readRefType(r, F);
  const { pageSizeLog2: _p, ...limits } = readLimits(r, false);
  return { elem, limits };
}

function readMemoryType(r: Reader): MemoryType {
  const { pageSizeLog2, ...limits } = readLimits(r, true);
  return { limits, pageSizeLog2 };
}

function readGlobalType(r: Reader): GlobalType {
  const type = readCoreValType(r);
  return { type, mutable: readMutability(r) };
}

function readTagType(r: Reader): TagType {
  const a = r.u8();
  if (a !== 0) invalidLeadingByte(r, a, 'tag attribute');
  return { typeIndex: r.u32() };
}
