// Component type definitions. Spec: component-model design/mvp/Binary.md §"Type Definitions"
// (`deftype`, `defvaltype`, `valtype`, `resourcetype`, `functype`, `componenttype`,
// `instancetype`, `componentdecl`, `instancedecl`, `importdecl`, `exportdecl`, `externtype`,
// `typebound`) and §"Import and Export Definitions" (`import`, `export`).
//
// Only what wasmparser's reader rejects is rejected here (unknown opcodes, non-zero case
// immediates, size limits); emptiness of records/variants/..., the 32-flag limit, index bounds and
// feature gates are validation. A 🪙 value externtype is `0x02 valtype`, the encoding of
// wasm-tools (and so of every binary jco produces).

import type { Reader } from '../../core/binary/reader.js';
import type {
  CaseAst, ComponentDecl, DefTypeAst, DefValTypeAst, ExportDef, ExternTypeAst, FieldAst, FuncTypeAst,
  ImportDef, InstanceDecl, ParamAst, ResourceTypeAst, TypeBound, ValTypeAst,
} from './ast.js';
import { readAlias } from './alias.js';
import { readCoreDefType, readCoreValType } from './core-types.js';
import { readExternName } from './extern-name.js';
import {
  invalidLeadingByte, primValType, readComponentExternalKind, readOptValType, readString,
  readValType, readVec,
} from './reader.js';

// wasmparser's limits.
const MAX_FUNCTION_PARAMS = 1000;
const MAX_COMPONENT_TYPE_DECLS = 1_000_000;
const MAX_INSTANCE_TYPE_DECLS = 1_000_000;
const MAX_RECORD_FIELDS = 10_000;
const MAX_VARIANT_CASES = 10_000;
const MAX_TUPLE_TYPES = 10_000;
const MAX_FLAG_NAMES = 1000;
const MAX_ENUM_CASES = 10_000;

/** Deepest nesting of component/instance types (and of nested components) the decoder follows. */
export const MAX_NESTING = 500;

/** `type` (one entry of a type section or a `type` declarator). `depth` counts enclosing scopes. */
export function readDefType(r: Reader, depth: number): DefTypeAst {
  const at = r.pos;
  const b = r.u8();
  switch (b) {
    case 0x3f: return readResourceType(r);
    case 0x40: case 0x43: return readFuncType(r, b === 0x43);
    case 0x41:
      checkDepth(r, depth, at);
      return { kind: 'component', decls: readVec(r, MAX_COMPONENT_TYPE_DECLS, 'component type declaration', (rr) => readComponentDecl(rr, depth + 1)) };
    case 0x42:
      checkDepth(r, depth, at);
      return { kind: 'instance', decls: readVec(r, MAX_INSTANCE_TYPE_DECLS, 'instance type declaration', (rr) => readInstanceDecl(rr, depth + 1)) };
  }
  return readDefValType(r, b);
}

function checkDepth(r: Reader, depth: number, at: number): void {
  if (depth >= MAX_NESTING) r.fail('type nesting is too deep', at);
}

function readResourceType(r: Reader): ResourceTypeAst {
  const rep = readCoreValType(r);
  const b = r.u8();
  if (b === 0) return { kind: 'resource', rep };
  if (b === 1) return { kind: 'resource', rep, dtor: r.u32() };
  return invalidLeadingByte(r, b, 'resource destructor');
}

function readFuncType(r: Reader, isAsync: boolean): FuncTypeAst {
  const params = readVec(r, MAX_FUNCTION_PARAMS, 'component function parameters', readParam);
  return { kind: 'func', async: isAsync, params, result: readResultList(r) };
}

function readParam(r: Reader): ParamAst {
  const name = readString(r);
  return { name, type: readValType(r) };
}

/** `resultlist`: `0x00 valtype` or `0x01 0x00` (no result). */
export function readResultList(r: Reader): ValTypeAst | undefined {
  const b = r.u8();
  if (b === 0x00) return readValType(r);
  if (b === 0x01) {
    const z = r.u8();
    if (z !== 0x00) invalidLeadingByte(r, z, 'number of results');
    return undefined;
  }
  return invalidLeadingByte(r, b, 'component function results');
}

/** `defvaltype` after its opcode byte `b`. */
function readDefValType(r: Reader, b: number): DefValTypeAst {
  const prim = primValType(b);
  if (prim !== undefined) return { kind: prim };
  switch (b) {
    case 0x72: return { kind: 'record', fields: readVec(r, MAX_RECORD_FIELDS, 'record field', readField) };
    case 0x71: return { kind: 'variant', cases: readVec(r, MAX_VARIANT_CASES, 'variant cases', readCase) };
    case 0x70: return { kind: 'list', elem: readValType(r) };
    case 0x63: {
      const key = readValType(r);
      return { kind: 'map', key, value: readValType(r) };
    }
    case 0x6f: return { kind: 'tuple', types: readVec(r, MAX_TUPLE_TYPES, 'tuple types', readValType) };
    case 0x6e: return { kind: 'flags', labels: readVec(r, MAX_FLAG_NAMES, 'flag names', readString) };
    case 0x6d: return { kind: 'enum', labels: readVec(r, MAX_ENUM_CASES, 'enum cases', readString) };
    case 0x6b: return { kind: 'option', type: readValType(r) };
    case 0x6a: {
      const ok = readOptValType(r);
      return { kind: 'result', ok, err: readOptValType(r) };
    }
    case 0x69: return { kind: 'own', type: r.u32() };
    case 0x68: return { kind: 'borrow', type: r.u32() };
    case 0x67: {
      const elem = readValType(r);
      return { kind: 'list', elem, length: r.u32() };
    }
    case 0x66: return { kind: 'stream', elem: readOptValType(r) };
    case 0x65: return { kind: 'future', elem: readOptValType(r) };
  }
  return invalidLeadingByte(r, b, 'component defined type');
}

function readField(r: Reader): FieldAst {
  const label = readString(r);
  return { label, type: readValType(r) };
}

function readCase(r: Reader): CaseAst {
  const label = readString(r);
  const type = readOptValType(r);
  const z = r.u8();
  if (z !== 0) invalidLeadingByte(r, z, 'zero byte required');
  return { label, type };
}

/** `componentdecl`: 0x03 importdecl, or an instancedecl. */
function readComponentDecl(r: Reader, depth: number): ComponentDecl {
  if (r.peekU8() === 0x03) {
    const offset = r.pos;
    r.pos++;
    const name = readExternName(r);
    return { kind: 'import', offset, name, type: readExternType(r) };
  }
  return readInstanceDecl(r, depth);
}

/** `instancedecl`. */
function readInstanceDecl(r: Reader, depth: number): InstanceDecl {
  const offset = r.pos;
  const b = r.u8();
  switch (b) {
    case 0x00: return { kind: 'core-type', offset, type: readCoreDefType(r) };
    case 0x01: return { kind: 'type', offset, type: readDefType(r, depth) };
    case 0x02: return { ...readAlias(r), offset };
    case 0x04: {
      const name = readExternName(r);
      return { kind: 'export', offset, name, type: readExternType(r) };
    }
  }
  return invalidLeadingByte(r, b, 'component or instance type declaration');
}

/** `externtype`. */
export function readExternType(r: Reader): ExternTypeAst {
  const offset = r.pos;
  const sort = readComponentExternalKind(r);
  switch (sort) {
    case 'core module': return { offset, kind: 'module', type: r.u32() };
    case 'func': return { offset, kind: 'func', type: r.u32() };
    case 'value': return { offset, kind: 'value', bound: { kind: 'type', type: readValType(r) } };
    case 'type': return { offset, kind: 'type', bound: readTypeBound(r) };
    case 'component': return { offset, kind: 'component', type: r.u32() };
    default: return { offset, kind: 'instance', type: r.u32() };
  }
}

function readTypeBound(r: Reader): TypeBound {
  const b = r.u8();
  if (b === 0x00) return { kind: 'eq', type: r.u32() };
  if (b === 0x01) return { kind: 'sub-resource' };
  return invalidLeadingByte(r, b, 'type bound');
}

/** `import`. */
export function readImport(r: Reader): ImportDef {
  const offset = r.pos;
  const name = readExternName(r);
  return { kind: 'import', offset, name, type: readExternType(r) };
}

/** `export`: name, sortidx and an optional ascribed externtype. */
export function readExport(r: Reader): ExportDef {
  const offset = r.pos;
  const name = readExternName(r);
  const sort = readComponentExternalKind(r);
  const index = r.u32();
  const b = r.u8();
  if (b === 0x00) return { kind: 'export', offset, name, sort, index };
  if (b === 0x01) return { kind: 'export', offset, name, sort, index, type: readExternType(r) };
  return invalidLeadingByte(r, b, 'optional component export type');
}
