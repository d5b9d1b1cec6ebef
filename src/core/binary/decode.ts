// Module decoder: bytes → Module. Spec: WebAssembly Core 3.0 §5.5 "Modules" (preamble, section
// order, every section) and §5.3 for the types in them. Custom sections never make a module
// malformed; the "name" section (Appendix "Name Section") is decoded when it is well formed, on
// first use of the Module's `names`.
// Function bodies and constant expressions are delimited here and read by the validator.

import { CompileError } from '../errors.js';
import { DEFAULT_FEATURES, type FeatureSet } from '../features.js';
import {
  ExternKind, type CustomSection, type DataSegment, type ElemSegment, type Export, type Expr,
  type FuncBody, type Import, type Module, type NameSection,
} from '../module.js';
import {
  FUNCREF, refType, HT_FUNC, type ArrayType, type CompositeType, type FieldType, type FuncType,
  type GlobalType, type Limits, type MemoryType, type StructType, type SubType, type TableType,
  type TagType, type ValType,
} from '../types.js';
import { readRefType, readStorageType, readValType } from './operands.js';
import { Reader } from './reader.js';
import { skipExpr } from './skip.js';

const SECTION_ORDER: Record<number, number> = {
  1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 13: 6, 6: 7, 7: 8, 8: 9, 9: 10, 12: 11, 10: 12, 11: 13,
};
const IN_SECTION = 'unexpected end of section or function';

export function decodeModule(bytes: Uint8Array, features: FeatureSet = DEFAULT_FEATURES): Module {
  return new ModuleDecoder(bytes, features).decode();
}

/** Checks the 8-byte preamble; returns the version field's value. */
export function readPreamble(r: Reader): number {
  const b = r.bytes;
  if (b.length < 4) {
    if (b.length === 0 || [0x00, 0x61, 0x73, 0x6d].slice(0, b.length).every((x, i) => b[i] === x)) r.fail('unexpected end', b.length);
    r.fail('magic header not detected', 0);
  }
  if (b[0] !== 0x00 || b[1] !== 0x61 || b[2] !== 0x73 || b[3] !== 0x6d) r.fail('magic header not detected', 0);
  if (b.length < 8) r.fail('unexpected end', b.length);
  r.pos = 8;
  return b[4]! | (b[5]! << 8) | (b[6]! << 16) | (b[7]! << 24);
}

class ModuleDecoder {
  private readonly r: Reader;
  private readonly f: FeatureSet;
  private readonly types: SubType[] = [];
  private readonly imports: Import[] = [];
  private readonly funcs: number[] = [];
  private numImportedFuncs = 0;
  private readonly tables: TableType[] = [];
  private numImportedTables = 0;
  private readonly tableInits: (Expr | undefined)[] = [];
  private readonly memories: MemoryType[] = [];
  private numImportedMemories = 0;
  private readonly globals: GlobalType[] = [];
  private numImportedGlobals = 0;
  private readonly globalInits: Expr[] = [];
  private readonly tags: TagType[] = [];
  private numImportedTags = 0;
  private readonly exports: Export[] = [];
  private start: number | undefined;
  private readonly elems: ElemSegment[] = [];
  private readonly datas: DataSegment[] = [];
  private dataCount: number | undefined;
  private readonly codes: FuncBody[] = [];
  private readonly customs: CustomSection[] = [];
  /** Where the first "name" section's contents are: decoded when `names` is first read. */
  private namesStart = -1;
  private namesEnd = -1;
  private readonly offsets = { types: [] as number[], funcs: [] as number[], tables: [] as number[], memories: [] as number[], globals: [] as number[], tags: [] as number[], start: -1 };
  private sawFunctionSection = false;
  private sawCodeSection = false;
  private definedFuncCount = 0;

  constructor(bytes: Uint8Array, features: FeatureSet) {
    this.r = new Reader(bytes);
    this.f = features;
  }

  decode(): Module {
    const r = this.r;
    const version = readPreamble(r);
    if (version !== 1) r.fail('unknown binary version', 4);
    let lastOrder = 0;
    while (!r.eof()) {
      r.eofMessage = 'unexpected end';
      const idAt = r.pos;
      const id = r.u8();
      if (id > 13) r.fail('malformed section id', idAt);
      const size = r.u32();
      const start = r.pos;
      if (size > r.bytes.length - start) r.fail('length out of bounds', start);
      const end = start + size;
      if (id !== 0) {
        const order = SECTION_ORDER[id]!;
        if (order <= lastOrder) r.fail('unexpected content after last section', idAt);
        lastOrder = order;
      }
      r.end = end;
      r.eofMessage = IN_SECTION;
      this.section(id, start, end);
      if (r.pos !== end) r.fail('section size mismatch', r.pos);
      r.end = r.bytes.length;
    }
    if (this.sawFunctionSection && this.definedFuncCount > 0 && !this.sawCodeSection) {
      r.fail('function and code section have inconsistent lengths', r.pos);
    }
    if (this.dataCount !== undefined && this.datas.length !== this.dataCount && this.datas.length === 0 && this.dataCount > 0) {
      r.fail('data count and data section have inconsistent lengths', r.pos);
    }
    const bytes = r.bytes;
    const namesStart = this.namesStart;
    const namesEnd = this.namesEnd;
    // null: not decoded yet. Nothing at compile time needs the names, and decoding them (UTF-8
    // checks of every function name) is a good part of a cold decode.
    let names: NameSection | undefined | null = namesStart < 0 ? undefined : null;
    return {
      bytes, types: this.types, imports: this.imports, funcs: this.funcs, numImportedFuncs: this.numImportedFuncs,
      tables: this.tables, numImportedTables: this.numImportedTables, tableInits: this.tableInits,
      memories: this.memories, numImportedMemories: this.numImportedMemories, globals: this.globals,
      numImportedGlobals: this.numImportedGlobals, globalInits: this.globalInits, tags: this.tags,
      numImportedTags: this.numImportedTags, exports: this.exports, start: this.start, elems: this.elems,
      datas: this.datas, dataCount: this.dataCount, codes: this.codes, customs: this.customs,
      get names(): NameSection | undefined {
        if (names === null) names = decodeNameSection(bytes, namesStart, namesEnd);
        return names;
      },
      offsets: this.offsets,
    };
  }

  private section(id: number, start: number, end: number): void {
    const r = this.r;
    switch (id) {
      case 0: return this.customSection(start, end);
      case 1: this.vec(() => this.recType()); return;
      case 2: this.vec(() => this.importEntry()); return;
      case 3:
        this.sawFunctionSection = true;
        this.definedFuncCount = this.vec(() => {
          this.offsets.funcs.push(r.pos);
          this.funcs.push(r.u32());
        });
        return;
      case 4: this.vec(() => this.tableEntry()); return;
      case 5: this.vec(() => {
        this.offsets.memories.push(r.pos);
        this.memories.push(this.memoryType());
      }); return;
      case 6: this.vec(() => this.globalEntry()); return;
      case 7: this.vec(() => this.exportEntry()); return;
      case 8: this.offsets.start = r.pos; this.start = r.u32(); return;
      case 9: this.vec(() => this.elemSegment()); return;
      case 10: return this.codeSection();
      case 11: return this.dataSection();
      case 12: this.dataCount = r.u32(); return;
      case 13:
        if (!this.f.exceptions) r.fail('malformed section id', start - 1);
        this.vec(() => {
          this.offsets.tags.push(r.pos);
          this.tags.push(this.tagType());
        }); return;
    }
  }

  private vec(each: () => unknown): number {
    const n = this.r.vecLen();
    for (let i = 0; i < n; i++) each();
    return n;
  }

  // ---- types ----

  private recType(): void {
    const r = this.r;
    const b = r.peekU8();
    if (b === 0x4e) {
      if (!this.f.gc) r.fail('malformed definition type');
      r.pos++;
      const n = r.vecLen();
      const recStart = this.types.length;
      for (let i = 0; i < n; i++) this.types.push(this.subType(recStart, n));
    } else {
      this.types.push(this.subType(this.types.length, 1));
    }
  }

  private subType(recStart: number, recSize: number): SubType {
    const r = this.r;
    this.offsets.types.push(r.pos);
    const b = r.peekU8();
    if (b === 0x50 || b === 0x4f) {
      if (!this.f.gc) r.fail('malformed definition type');
      r.pos++;
      const n = r.vecLen();
      const supers: number[] = [];
      for (let i = 0; i < n; i++) supers.push(r.u32());
      return { final: b === 0x4f, supers, composite: this.compositeType(), recStart, recSize };
    }
    return { final: true, supers: [], composite: this.compositeType(), recStart, recSize };
  }

  private compositeType(): CompositeType {
    const r = this.r;
    const at = r.pos;
    const b = r.u8();
    switch (b) {
      case 0x60: {
        const params = this.valTypes();
        const results = this.valTypes();
        return { kind: 'func', params, results } satisfies FuncType;
      }
      case 0x5f: {
        if (!this.f.gc) break;
        const n = r.vecLen(2);
        const fields: FieldType[] = [];
        for (let i = 0; i < n; i++) fields.push(this.fieldType());
        return { kind: 'struct', fields } satisfies StructType;
      }
      case 0x5e:
        if (!this.f.gc) break;
        return { kind: 'array', field: this.fieldType() } satisfies ArrayType;
    }
    return r.fail(this.f.gc ? 'malformed definition type' : 'integer representation too long', at);
  }

  private fieldType(): FieldType {
    const type = readStorageType(this.r, this.f);
    return { type, mutable: this.mutability() };
  }

  private valTypes(): ValType[] {
    const n = this.r.vecLen();
    const out: ValType[] = [];
    for (let i = 0; i < n; i++) out.push(readValType(this.r, this.f));
    return out;
  }

  private mutability(): boolean {
    const at = this.r.pos;
    const m = this.r.u8();
    if (m > 1) this.r.fail('malformed mutability', at);
    return m === 1;
  }

  private limits(isMemory: boolean): Limits & { pageSizeLog2: number } {
    const r = this.r;
    const at = r.pos;
    const flags = r.u8();
    const allowed = isMemory
      ? 0x01 | (this.f.threads ? 0x02 : 0) | (this.f.memory64 ? 0x04 : 0) | (this.f['custom-page-sizes'] ? 0x08 : 0)
      : 0x01 | (this.f.memory64 ? 0x04 : 0);
    if (flags & ~allowed) r.fail(isMemory ? 'malformed limits flags' : 'malformed limits flags', at);
    const is64 = (flags & 0x04) !== 0;
    // Wasm 3.0 reads both bounds as u64 whatever the address type; validation checks the range.
    const min = this.f.memory64 || is64 ? r.u64() : r.u32();
    const max = flags & 0x01 ? (this.f.memory64 || is64 ? r.u64() : r.u32()) : undefined;
    let pageSizeLog2 = 16;
    if (flags & 0x08) {
      const pAt = r.pos;
      pageSizeLog2 = r.u32();
      if (pageSizeLog2 > 64) r.fail('malformed custom page size', pAt);
    }
    return { min, max, is64, shared: (flags & 0x02) !== 0, pageSizeLog2 };
  }

  private memoryType(): MemoryType {
    const { pageSizeLog2, ...limits } = this.limits(true);
    return { limits, pageSizeLog2 };
  }

  private tableType(): TableType {
    const elem = readRefType(this.r, this.f);
    const { pageSizeLog2: _p, ...limits } = this.limits(false);
    return { elem, limits };
  }

  private globalType(): GlobalType {
    const type = readValType(this.r, this.f);
    return { type, mutable: this.mutability() };
  }

  private tagType(): TagType {
    const at = this.r.pos;
    if (this.r.u8() !== 0) this.r.fail('malformed tag attribute', at);
    return { typeIndex: this.r.u32() };
  }

  private expr(): Expr {
    const start = this.r.pos;
    skipExpr(this.r, this.f);
    return { start, end: this.r.pos };
  }

  // ---- sections ----

  private importEntry(): void {
    const r = this.r;
    const offset = r.pos;
    const module = r.name();
    const name = r.name();
    const kAt = r.pos;
    const kind = r.u8();
    switch (kind) {
      case ExternKind.Func:
        this.offsets.funcs.push(offset);
        this.imports.push({ module, name, offset, desc: { kind, typeIndex: r.u32() } });
        this.funcs.push((this.imports[this.imports.length - 1]!.desc as { typeIndex: number }).typeIndex);
        this.numImportedFuncs++;
        return;
      case ExternKind.Table: {
        const type = this.tableType();
        this.offsets.tables.push(offset);
        this.imports.push({ module, name, offset, desc: { kind, type } });
        this.tables.push(type);
        this.numImportedTables++;
        return;
      }
      case ExternKind.Memory: {
        const type = this.memoryType();
        this.offsets.memories.push(offset);
        this.imports.push({ module, name, offset, desc: { kind, type } });
        this.memories.push(type);
        this.numImportedMemories++;
        return;
      }
      case ExternKind.Global: {
        const type = this.globalType();
        this.offsets.globals.push(offset);
        this.imports.push({ module, name, offset, desc: { kind, type } });
        this.globals.push(type);
        this.numImportedGlobals++;
        return;
      }
      case ExternKind.Tag:
        if (!this.f.exceptions) break;
        {
          const type = this.tagType();
          this.offsets.tags.push(offset);
          this.imports.push({ module, name, offset, desc: { kind, type } });
          this.tags.push(type);
          this.numImportedTags++;
        }
        return;
    }
    r.fail('malformed import kind', kAt);
  }

  private tableEntry(): void {
    const r = this.r;
    this.offsets.tables.push(r.pos);
    if (r.peekU8() === 0x40) {
      const at = r.pos;
      r.pos++;
      if (r.u8() !== 0x00 || !this.f['function-references']) r.fail('malformed table', at);
      this.tables.push(this.tableType());
      this.tableInits.push(this.expr());
    } else {
      this.tables.push(this.tableType());
      this.tableInits.push(undefined);
    }
  }

  private globalEntry(): void {
    this.offsets.globals.push(this.r.pos);
    this.globals.push(this.globalType());
    this.globalInits.push(this.expr());
  }

  private exportEntry(): void {
    const r = this.r;
    const offset = r.pos;
    const name = r.name();
    const kAt = r.pos;
    const kind = r.u8();
    if (kind > 4 || (kind === ExternKind.Tag && !this.f.exceptions)) r.fail('malformed export kind', kAt);
    this.exports.push({ name, kind, index: r.u32(), offset });
  }

  private elemSegment(): void {
    const r = this.r;
    const at = r.pos;
    const flags = r.u32();
    if (flags > 7) r.fail('malformed elements segment kind', at);
    if (flags !== 0 && !this.f['bulk-memory'] && !this.f['reference-types']) r.fail('malformed elements segment kind', at);
    const passiveOrDecl = (flags & 1) !== 0;
    const explicitTable = (flags & 2) !== 0;
    const usesExprs = (flags & 4) !== 0;
    const mode = !passiveOrDecl ? 'active' : explicitTable ? 'declarative' : 'passive';
    const table = !passiveOrDecl && explicitTable ? r.u32() : 0;
    const offset = mode === 'active' ? this.expr() : undefined;
    let type: ValType = FUNCREF;
    if (passiveOrDecl || explicitTable) {
      if (usesExprs) type = readRefType(r, this.f);
      else {
        const kAt = r.pos;
        if (r.u8() !== 0x00) r.fail('malformed element kind', kAt);
        type = refType(HT_FUNC, false);
      }
    } else if (!usesExprs) {
      type = refType(HT_FUNC, false);
    }
    if (usesExprs) {
      const n = r.vecLen();
      const exprs: Expr[] = [];
      for (let i = 0; i < n; i++) exprs.push(this.expr());
      this.elems.push({ mode, table, offset, type, funcIndices: undefined, exprs, at });
    } else {
      const n = r.vecLen();
      const funcIndices: number[] = [];
      for (let i = 0; i < n; i++) funcIndices.push(r.u32());
      this.elems.push({ mode, table, offset, type, funcIndices, exprs: undefined, at });
    }
  }

  private codeSection(): void {
    const r = this.r;
    this.sawCodeSection = true;
    const at = r.pos;
    const n = r.vecLen();
    if (n !== this.definedFuncCount) r.fail('function and code section have inconsistent lengths', at);
    for (let i = 0; i < n; i++) {
      const size = r.u32();
      const start = r.pos;
      if (size > r.end - start) r.fail(IN_SECTION, start);
      this.codes.push({ start, end: start + size });
      r.pos = start + size;
    }
  }

  private dataSection(): void {
    const r = this.r;
    const at = r.pos;
    const n = r.vecLen();
    if (this.dataCount !== undefined && n !== this.dataCount) r.fail('data count and data section have inconsistent lengths', at);
    for (let i = 0; i < n; i++) {
      const segAt = r.pos;
      const flags = r.u32();
      if (flags > 2) r.fail('malformed data segment kind', segAt);
      const memory = flags === 2 ? r.u32() : 0;
      const offset = flags === 1 ? undefined : this.expr();
      const len = r.u32();
      const bytes = r.bytesView(len);
      this.datas.push({ mode: flags === 1 ? 'passive' : 'active', memory, offset, bytes, at: segAt });
    }
  }

  private customSection(start: number, end: number): void {
    const r = this.r;
    const name = r.name();
    this.customs.push({ name, start: r.pos, end });
    if (name === 'name' && this.namesStart < 0) {
      this.namesStart = r.pos;
      this.namesEnd = end;
    }
    r.pos = end;
  }
}

/** The "name" custom section (module, function and local names); undefined if malformed. */
export function decodeNameSection(bytes: Uint8Array, start: number, end: number): NameSection | undefined {
  try {
    const r = new Reader(bytes, start, end);
    let module: string | undefined;
    const functions = new Map<number, string>();
    const locals = new Map<number, Map<number, string>>();
    let lastId = -1;
    while (!r.eof()) {
      const id = r.u8();
      if (id <= lastId) return undefined;
      lastId = id;
      const size = r.u32();
      const subEnd = r.pos + size;
      if (subEnd > end) return undefined;
      const sub = new Reader(bytes, r.pos, subEnd);
      if (id === 0) module = sub.name();
      else if (id === 1) readNameMap(sub, functions);
      else if (id === 2) {
        const n = sub.u32();
        for (let i = 0; i < n; i++) {
          const f = sub.u32();
          const m = new Map<number, string>();
          readNameMap(sub, m);
          locals.set(f, m);
        }
      }
      r.pos = subEnd;
    }
    return { module, functions, locals };
  } catch (e) {
    if (e instanceof CompileError) return undefined;
    throw e;
  }
}

function readNameMap(r: Reader, into: Map<number, string>): void {
  const n = r.u32();
  for (let i = 0; i < n; i++) {
    const idx = r.u32();
    into.set(idx, r.name());
  }
}
