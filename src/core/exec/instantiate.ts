// Module instantiation. Spec: WebAssembly Core 3.0 §4.5.4 "Instantiation": check the imports
// against the module's import types (§4.5.2 "Import Matching"; failures are link errors), allocate
// functions, tables, memories, globals and tags, evaluate initialisers, run the active element and
// data segments in order (a trap aborts instantiation, leaving earlier writes in place, which
// shared imports can observe), drop them, then run the start function. With limits (limits.ts)
// the instance's own memories and tables are capped; one whose minimum exceeds its cap fails here
// with a RuntimeError naming the limit, before any segment is written.

import { LinkError, RuntimeError } from '../errors.js';
import { ExternKind, funcTypeAt, type Module } from '../module.js';
import type { GlobalType, Limits, MemoryType, TableType } from '../types.js';
import { evalConst } from './const-eval.js';
import type { ExecLimits } from './limits.js';
import { WasmFunction, type FuncInstance } from './runtime/func.js';
import { globalTypeIds, valTypeEquals, valTypeMatches, type TypeCtx } from './runtime/type-ids.js';
import { GlobalInstance } from './runtime/global.js';
import { ModuleInstance, TagInstance, type ExternVal } from './runtime/instance.js';
import { MemoryInstance } from './runtime/memory.js';
import { TableInstance } from './runtime/table.js';

function limitsMatch(actual: Limits, declared: Limits): boolean {
  if (actual.min < declared.min) return false;
  if (declared.max !== undefined) {
    if (actual.max === undefined || actual.max > declared.max) return false;
  }
  return actual.is64 === declared.is64;
}

/** Instantiates `m` with `imports` (one extern value per import, in order). */
export function instantiateModule(
  m: Module,
  imports: readonly ExternVal[],
  invokeStart: (inst: ModuleInstance, f: FuncInstance) => void,
  limits?: ExecLimits,
): ModuleInstance {
  if (imports.length !== m.imports.length) throw new LinkError(`expected ${m.imports.length} imports, got ${imports.length}`);
  const inst = new ModuleInstance(m);
  inst.limits = limits;
  const capPages = limits?.maxMemoryPages ?? Infinity;
  const capElements = limits?.maxTableElements ?? Infinity;
  inst.typeIds.push(...globalTypeIds(m.types));
  const ctx: TypeCtx = { types: m.types, ids: inst.typeIds };

  // Imports, checked against their declared types.
  m.imports.forEach((imp, i) => {
    const ext = imports[i]!;
    const where = `import "${imp.module}" "${imp.name}"`;
    const bad = (why: string): never => {
      throw new LinkError(`incompatible import type for ${where}: ${why}`);
    };
    switch (imp.desc.kind) {
      case ExternKind.Func: {
        if (ext.kind !== 'func') bad('expected a function');
        const f = (ext as { value: FuncInstance }).value;
        if (f.typeId !== inst.typeIds[imp.desc.typeIndex]) bad('function type mismatch');
        if (f.kind === 1 && f.index < 0) f.index = inst.funcs.length;
        inst.funcs.push(f);
        break;
      }
      case ExternKind.Table: {
        if (ext.kind !== 'table') bad('expected a table');
        const t = (ext as { value: TableInstance }).value;
        const declared: TableType = imp.desc.type;
        const actual: Limits = { ...t.type.limits, min: t.size };
        if (!valTypeEquals(t.type.elem, t.typeCtx, declared.elem, ctx) || !limitsMatch(actual, declared.limits)) bad('table type mismatch');
        inst.tables.push(t);
        break;
      }
      case ExternKind.Memory: {
        if (ext.kind !== 'memory') bad('expected a memory');
        const mem = (ext as { value: MemoryInstance }).value;
        const declared: MemoryType = imp.desc.type;
        const actual: Limits = { ...mem.type.limits, min: mem.pages };
        if (!limitsMatch(actual, declared.limits) || mem.type.limits.shared !== declared.limits.shared ||
            mem.type.pageSizeLog2 !== declared.pageSizeLog2) bad('memory type mismatch');
        inst.memories.push(mem);
        break;
      }
      case ExternKind.Global: {
        if (ext.kind !== 'global') bad('expected a global');
        const g = (ext as { value: GlobalInstance }).value;
        const declared: GlobalType = imp.desc.type;
        const typeOk = declared.mutable
          ? valTypeEquals(g.type.type, g.typeCtx, declared.type, ctx)
          : valTypeMatches(g.type.type, g.typeCtx, declared.type, ctx);
        if (g.type.mutable !== declared.mutable || !typeOk) bad('global type mismatch');
        inst.globals.push(g);
        break;
      }
      case ExternKind.Tag: {
        if (ext.kind !== 'tag') bad('expected a tag');
        const tag = (ext as { value: TagInstance }).value;
        if (tag.typeId !== inst.typeIds[imp.desc.type.typeIndex]) bad('tag type mismatch');
        inst.tags.push(tag);
        break;
      }
    }
  });

  // Functions defined here (their code is translated on first call).
  for (let i = m.numImportedFuncs; i < m.funcs.length; i++) {
    const ti = m.funcs[i]!;
    inst.funcs.push(new WasmFunction(funcTypeAt(m, ti)!, inst.typeIds[ti]!, inst, i));
  }
  // Tables, memories, tags.
  for (let i = m.numImportedTables; i < m.tables.length; i++) {
    const init = m.tableInits[i - m.numImportedTables];
    inst.tables.push(new TableInstance(m.tables[i]!, init ? evalConst(inst, init).ref : null, ctx, capElements, limits));
  }
  for (let i = m.numImportedMemories; i < m.memories.length; i++) inst.memories.push(new MemoryInstance(m.memories[i]!, capPages, limits));
  for (let i = m.numImportedTags; i < m.tags.length; i++) {
    const ti = m.tags[i]!.typeIndex;
    inst.tags.push(new TagInstance(funcTypeAt(m, ti)!, inst.typeIds[ti]!));
  }
  // Globals, each initialised with the globals before it.
  for (let i = m.numImportedGlobals; i < m.globals.length; i++) {
    const g = new GlobalInstance(m.globals[i]!, ctx);
    const v = evalConst(inst, m.globalInits[i - m.numImportedGlobals]!);
    g.bits[0] = v.bits[0]!;
    g.bits[1] = v.bits[1]!;
    g.ref = v.ref;
    inst.globals.push(g);
  }
  // Segments as runtime values.
  for (const seg of m.elems) {
    const items = seg.funcIndices
      ? seg.funcIndices.map((f) => inst.funcs[f]!)
      : seg.exprs!.map((e) => evalConst(inst, e).ref);
    inst.elems.push(items);
  }
  for (const seg of m.datas) inst.datas.push(seg.bytes);

  // Exports.
  for (const e of m.exports) {
    const kind = (['func', 'table', 'memory', 'global', 'tag'] as const)[e.kind];
    const value = kind === 'func' ? inst.funcs[e.index] : kind === 'table' ? inst.tables[e.index]
      : kind === 'memory' ? inst.memories[e.index] : kind === 'global' ? inst.globals[e.index] : inst.tags[e.index];
    inst.exports.set(e.name, { kind, value } as ExternVal);
  }

  // Active and declarative element segments, then active data segments.
  m.elems.forEach((seg, i) => {
    if (seg.mode === 'active') {
      const t = inst.tables[seg.table]!;
      const off = evalConst(inst, seg.offset!).bits;
      const d = t.type.limits.is64 ? (off[1]! >>> 0) * 2 ** 32 + (off[0]! >>> 0) : off[0]! >>> 0;
      const items = inst.elems[i]!;
      if (d + items.length > t.size) throw new RuntimeError('out of bounds table access');
      for (let k = 0; k < items.length; k++) t.elements[d + k] = items[k];
    }
    if (seg.mode !== 'passive') inst.elems[i] = null;
  });
  m.datas.forEach((seg, i) => {
    if (seg.mode !== 'active') return;
    const mem = inst.memories[seg.memory]!;
    const off = evalConst(inst, seg.offset!).bits;
    const d = mem.type.limits.is64 ? (off[1]! >>> 0) * 2 ** 32 + (off[0]! >>> 0) : off[0]! >>> 0;
    if (d + seg.bytes.length > mem.u8.length) throw new RuntimeError('out of bounds memory access');
    mem.u8.set(seg.bytes, d);
    inst.datas[i] = null;
  });

  if (m.start !== undefined) invokeStart(inst, inst.funcs[m.start]!);
  return inst;
}

