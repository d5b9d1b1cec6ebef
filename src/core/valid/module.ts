// Module validation. Spec: WebAssembly Core 3.0 §3.1 "Types" (validity of defined types and
// subtyping declarations, limits, memory/table/global/tag types) and §3.5 "Modules" (functions,
// tables, memories, globals, tags, element and data segments, start function, imports, exports,
// the context C with C.refs), applied in the spec's order: types first, then everything that
// refers to them, constant expressions before function bodies (they declare C.refs).

import { CompileError } from '../errors.js';
import { DEFAULT_FEATURES, type FeatureSet } from '../features.js';
import { ExternKind, type Module } from '../module.js';
import {
  CONCRETE_BASE, I32, I64, heapOf, isConcrete, isRef, type CompositeType, type Limits, type MemoryType, type ValType,
} from '../types.js';
import { ValidationContext } from './context.js';
import { FuncValidator } from './func.js';

export function validateModule(m: Module, features: FeatureSet = DEFAULT_FEATURES): void {
  new ModuleValidator(m, features).validate();
}

class ModuleValidator {
  private readonly m: Module;
  private readonly c: ValidationContext;
  private readonly fv: FuncValidator;

  constructor(m: Module, features: FeatureSet) {
    this.m = m;
    this.c = new ValidationContext(m, features);
    this.fv = new FuncValidator(this.c);
  }

  private fail(msg: string, at: number): never {
    throw new CompileError(msg, at);
  }

  validate(): void {
    const m = this.m;
    const c = this.c;
    this.types();
    for (let i = 0; i < m.funcs.length; i++) {
      const ti = m.funcs[i]!;
      if (ti >= m.types.length) this.fail(`unknown type ${ti}`, m.offsets.funcs[i]!);
      if (!c.isFunc(ti)) this.fail(`type mismatch: type ${ti} is not a function type`, m.offsets.funcs[i]!);
    }
    m.tables.forEach((t, i) => {
      const at = m.offsets.tables[i]!;
      this.valType(t.elem, at);
      this.limits(t.limits, t.limits.is64 ? 2 ** 64 - 1 : 0xffffffff, 'table size', at);
    });
    if (m.memories.length > 1 && !c.features['multi-memory']) this.fail('multiple memories', m.offsets.memories[1]!);
    if (m.tables.length > 1 && !c.features['reference-types']) this.fail('multiple tables', m.offsets.tables[1]!);
    m.memories.forEach((mem, i) => this.memoryType(mem, m.offsets.memories[i]!));
    m.globals.forEach((g, i) => this.valType(g.type, m.offsets.globals[i]!));
    m.tags.forEach((tag, i) => {
      const at = m.offsets.tags[i]!;
      const ft = c.funcType(tag.typeIndex);
      if (!ft) this.fail(`unknown type ${tag.typeIndex}`, at);
      if (ft.results.length !== 0) this.fail('non-empty tag result type', at);
    });
    for (const imp of m.imports) {
      if (imp.desc.kind === ExternKind.Func && !c.isFunc(imp.desc.typeIndex)) this.fail(`unknown type ${imp.desc.typeIndex}`, imp.offset);
    }

    // Constant expressions: globals see the imported and earlier globals.
    for (let i = 0; i < m.globalInits.length; i++) {
      const gi = m.numImportedGlobals + i;
      c.visibleGlobals = gi;
      this.fv.validateConstExpr(m.globalInits[i]!, m.globals[gi]!.type);
    }
    // Tables come before globals in the module: their initialisers see imported globals only.
    c.visibleGlobals = m.numImportedGlobals;
    for (let i = 0; i < m.tableInits.length; i++) {
      const init = m.tableInits[i];
      const t = m.tables[m.numImportedTables + i]!;
      if (init) this.fv.validateConstExpr(init, t.elem);
      else if (!isRef(t.elem) || (t.elem & 1) === 0) this.fail('type mismatch: table without initializer needs a nullable element type', m.offsets.tables[m.numImportedTables + i]!);
    }
    c.visibleGlobals = -1;
    this.elems();
    this.datas();
    this.exports();
    if (m.start !== undefined) {
      const ft = c.funcTypeOf(m.start);
      if (!ft) this.fail(`unknown function ${m.start}`, m.offsets.start);
      if (ft.params.length || ft.results.length) this.fail('start function must have type [] -> []', m.offsets.start);
    }
    this.fv.validateFunctions(m.numImportedFuncs, m.codes);
  }

  private valType(t: ValType, at: number): void {
    if (isRef(t)) {
      const h = heapOf(t);
      if (isConcrete(h) && h - CONCRETE_BASE >= this.m.types.length) this.fail(`unknown type ${h - CONCRETE_BASE}`, at);
    }
  }

  private limits(l: Limits, bound: number, what: string, at: number): void {
    if (l.min > bound) this.fail(`${what} must be at most ${bound}`, at);
    if (l.max !== undefined) {
      if (l.max > bound) this.fail(`${what} must be at most ${bound}`, at);
      if (l.min > l.max) this.fail('size minimum must not be greater than maximum', at);
    }
  }

  private memoryType(mem: MemoryType, at: number): void {
    const l = mem.limits;
    if (mem.pageSizeLog2 !== 16 && mem.pageSizeLog2 !== 0) this.fail('invalid custom page size', at);
    const addrBits = l.is64 ? 64 : 32;
    const maxPages = mem.pageSizeLog2 === 16 ? (l.is64 ? 2 ** 48 : 65536) : 2 ** addrBits - 1;
    const msg = mem.pageSizeLog2 === 16 && !l.is64 ? 'memory size must be at most 65536 pages (4GiB)' : 'memory size must be at most';
    if (l.min > maxPages || (l.max !== undefined && l.max > maxPages)) this.fail(msg, at);
    if (l.max !== undefined && l.min > l.max) this.fail('size minimum must not be greater than maximum', at);
    if (l.shared && l.max === undefined) this.fail('shared memory must have maximum', at);
  }

  private types(): void {
    const m = this.m;
    const c = this.c;
    const n = m.types.length;
    for (let i = 0; i < n; i++) {
      const t = m.types[i]!;
      const at = m.offsets.types[i]!;
      const groupEnd = t.recStart + t.recSize;
      const check = (vt: ValType) => {
        if (!isRef(vt)) return;
        const h = heapOf(vt);
        if (isConcrete(h) && h - CONCRETE_BASE >= groupEnd) this.fail(`unknown type ${h - CONCRETE_BASE}`,at);
      };
      forEachValType(t.composite, check);
      if (t.supers.length > 1) this.fail('sub type: too many supertypes',at);
      for (const s of t.supers) {
        if (s >= i) this.fail(s >= n ? `unknown type ${s}` : `sub type ${i} does not match super type ${s}: forward reference`,at);
        const sup = m.types[s]!;
        if (sup.final) this.fail(`sub type ${i} does not match super type ${s}: super type is final`,at);
        if (!c.compositeMatches(t.composite, sup.composite)) this.fail(`sub type ${i} does not match super type ${s}`,at);
      }
    }
  }

  private elems(): void {
    const m = this.m;
    const c = this.c;
    for (const seg of m.elems) {
      this.valType(seg.type, seg.at);
      if (seg.funcIndices) {
        for (const f of seg.funcIndices) {
          if (f >= m.funcs.length) this.fail(`unknown function ${f}`, seg.at);
          c.refs.add(f);
        }
      }
      if (seg.exprs) for (const e of seg.exprs) this.fv.validateConstExpr(e, seg.type);
      if (seg.mode === 'active') {
        const table = m.tables[seg.table];
        if (!table) this.fail(`unknown table ${seg.table}`, seg.at);
        this.fv.validateConstExpr(seg.offset!, table.limits.is64 ? I64 : I32);
        if (!c.matches(seg.type, table.elem)) this.fail('type mismatch: element segment does not match table', seg.at);
      }
    }
  }

  private datas(): void {
    const m = this.m;
    for (const seg of m.datas) {
      if (seg.mode !== 'active') continue;
      const mem = m.memories[seg.memory];
      if (!mem) this.fail(`unknown memory ${seg.memory}`, seg.at);
      this.fv.validateConstExpr(seg.offset!, mem.limits.is64 ? I64 : I32);
    }
  }

  private exports(): void {
    const m = this.m;
    const names = new Set<string>();
    const counts = [m.funcs.length, m.tables.length, m.memories.length, m.globals.length, m.tags.length];
    const kinds = ['function', 'table', 'memory', 'global', 'tag'];
    for (const e of m.exports) {
      if (names.has(e.name)) this.fail('duplicate export name', e.offset);
      names.add(e.name);
      if (e.index >= counts[e.kind]!) this.fail(`unknown ${kinds[e.kind]} ${e.index}`, e.offset);
      if (e.kind === ExternKind.Func) this.c.refs.add(e.index);
    }
  }
}

function forEachValType(c: CompositeType, f: (t: ValType) => void): void {
  if (c.kind === 'func') {
    c.params.forEach(f);
    c.results.forEach(f);
  } else if (c.kind === 'struct') {
    for (const fl of c.fields) f(fl.type);
  } else f(c.field.type);
}

