// Core definitions inside a component: core modules (validated by the core engine to learn their
// import and export types), core instances (instantiation arguments matched against the module's
// imports; bags of core exports), core type definitions (rec groups and module types) and core
// export aliases. Spec: component-model design/mvp/Explainer.md §"Instance Definitions", §"Alias
// Definitions", §"Type Definitions" (core:moduletype, validated with an initially empty type index
// space; outer aliases of core types) and Binary.md §"Type Definitions" notes; WebAssembly Core
// 3.0 §3.4 (module validation) for the modules themselves.

import type {
  CoreExternTypeAst, CoreInstanceDef, CoreModuleDef, CoreModuleTypeAst, CoreRecGroupAst, CoreSort,
} from '../binary/ast.js';
import { decodeModule } from '../../core/binary/decode.js';
import type { FeatureSet } from '../../core/features.js';
import { CompileError } from '../../core/errors.js';
import { ExternKind, type Module } from '../../core/module.js';
import { TypeContext } from '../../core/valid/match.js';
import { validateModule } from '../../core/valid/module.js';
import {
  HT_ANY, HT_ARRAY, HT_EQ, HT_EXN, HT_EXTERN, HT_FUNC, HT_I31, HT_NOEXN, HT_NOEXTERN, HT_NOFUNC, HT_NONE, HT_STRUCT,
  heapOf, isConcrete, isRef, typeIndexOf, V128, type CompositeType, type GlobalType, type MemoryType, type TableType,
  type ValType as CoreValType,
} from '../../core/types.js';
import {
  coreEntityMatches, importKey, rewriteComposite, rewriteVal, type CoreEntity, type CoreImport, type CoreInstT, type ModuleT,
} from './core-types.js';
import { combine, NEW_INFO, type Info } from './itypes.js';
import { fail, type Scope } from './scope.js';
import { withContext } from './subtype.js';

function sameFeatures(a: FeatureSet, b: FeatureSet): boolean {
  if (a === b) return true;
  const keys = Object.keys(b) as (keyof FeatureSet)[];
  return keys.length === Object.keys(a).length && keys.every((k) => a[k] === b[k]);
}

/** Compiles a nested core module; returns the module and its type. */
export function coreModule(scope: Scope, def: CoreModuleDef): { module: Module; type: ModuleT } {
  const rebase = (e: CompileError): CompileError => new CompileError(e.reason, e.offset >= 0 ? def.offset + e.offset : def.offset);
  let m: Module;
  try {
    // The component decoder already decoded the module; reuse it when validation runs with the
    // features it was decoded with.
    m = sameFeatures(scope.features.core, def.moduleFeatures) ? def.module : decodeModule(def.bytes, scope.features.core);
  } catch (e) {
    throw e instanceof CompileError ? rebase(e) : e;
  }
  try {
    validateModule(m, scope.features.core);
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    // Function bodies are validated after everything else (like wasm-tools, which checks them
    // once the whole component is validated): an error inside one is reported at the end.
    if (!m.codes.some((c) => e.offset >= c.start && e.offset < c.end)) throw rebase(e);
    scope.env.deferred.push(rebase(e));
  }
  const arena = scope.env.arena;
  const map = arena.addModuleTypes(m.types);
  const remap = (i: number): number => map[i] ?? i;
  const imports = new Map<string, CoreImport>();
  const counts = new Map<string, number>();
  for (const imp of m.imports) {
    const key = importKey(imp.module, imp.name);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    const d = imp.desc;
    const type: CoreEntity = d.kind === ExternKind.Func ? { k: 'func', type: remap(d.typeIndex) }
      : d.kind === ExternKind.Table ? { k: 'table', type: table(d.type, remap) }
        : d.kind === ExternKind.Memory ? { k: 'memory', type: d.type }
          : d.kind === ExternKind.Global ? { k: 'global', type: global(d.type, remap) }
            : { k: 'tag', type: remap(d.type.typeIndex) };
    if (!imports.has(key)) imports.set(key, { module: imp.module, name: imp.name, type });
  }
  for (const [key, n] of counts) {
    if (n > 1) {
      const imp = imports.get(key)!;
      fail(`module has a duplicate import name \`${imp.module}:${imp.name}\` that is not allowed in components`, def.offset);
    }
  }
  const exports = new Map<string, CoreEntity>();
  for (const ex of m.exports) {
    const i = ex.index;
    exports.set(ex.name, ex.kind === ExternKind.Func ? { k: 'func', type: remap(m.funcs[i]!) }
      : ex.kind === ExternKind.Table ? { k: 'table', type: table(m.tables[i]!, remap) }
        : ex.kind === ExternKind.Memory ? { k: 'memory', type: m.memories[i]! }
          : ex.kind === ExternKind.Global ? { k: 'global', type: global(m.globals[i]!, remap) }
            : { k: 'tag', type: remap(m.tags[i]!.typeIndex) });
  }
  const info: Info = { size: 1 + imports.size + exports.size, depth: 1, borrow: false };
  return { module: m, type: { t: 'module', info, imports, exports } };
}

function table(t: TableType, remap: (i: number) => number): TableType {
  return { elem: rewriteVal(t.elem, remap), limits: t.limits };
}

function global(t: GlobalType, remap: (i: number) => number): GlobalType {
  return { type: rewriteVal(t.type, remap), mutable: t.mutable };
}

/** A `core:instance` definition; returns the instance's exports. */
export function coreInstance(scope: Scope, def: CoreInstanceDef): CoreInstT {
  const offset = def.offset;
  const expr = def.expr;
  if (expr.kind === 'instantiate') {
    const mt = scope.moduleAt(expr.module, offset);
    const args = new Map<string, CoreInstT>();
    for (const a of expr.args) {
      const inst = scope.coreInstanceAt(a.instance, offset);
      if (args.has(a.name)) fail(`duplicate module instantiation argument named \`${a.name}\``, offset);
      args.set(a.name, inst);
    }
    for (const imp of mt.imports.values()) {
      const inst = args.get(imp.module);
      if (inst === undefined) fail(`missing module instantiation argument named \`${imp.module}\``, offset);
      const arg = inst.exports.get(imp.name);
      if (arg === undefined) fail(`module instantiation argument \`${imp.module}\` does not export an item named \`${imp.name}\``, offset);
      withContext(() => `type mismatch for export \`${imp.name}\` of module instantiation argument \`${imp.module}\``,
        () => coreEntityMatches(scope.env.arena, arg, imp.type, offset));
    }
    return { exports: mt.exports };
  }
  const exports = new Map<string, CoreEntity>();
  for (const e of expr.exports) {
    const ty = coreSortEntity(scope, e.sort, e.index, offset);
    if (exports.has(e.name)) fail(`duplicate instantiation export name \`${e.name}\` already defined`, offset);
    exports.set(e.name, ty);
  }
  return { exports };
}

function coreSortEntity(scope: Scope, sort: CoreSort, index: number, offset: number): CoreEntity {
  switch (sort) {
    case 'func': return { k: 'func', type: scope.coreFuncAt(index, offset) };
    case 'table': return { k: 'table', type: scope.tableAt(index, offset) };
    case 'memory': return { k: 'memory', type: scope.memoryAt(index, offset) };
    case 'global': return { k: 'global', type: scope.globalAt(index, offset) };
    case 'tag':
      if (!scope.features.core.exceptions) fail('exceptions proposal not enabled', offset);
      return { k: 'tag', type: scope.tagAt(index, offset) };
    default: return fail(`core instance export of sort \`${sort}\` is not supported`, offset);
  }
}

/** `(alias core export i "n" (core sort))`. */
export function aliasCoreExport(scope: Scope, sort: CoreSort, instance: number, name: string, offset: number): void {
  const e = scope.coreInstanceExport(instance, name, offset);
  const not = (what: string): never => fail(`export \`${name}\` for core instance ${instance} is not a ${what}`, offset);
  switch (sort) {
    case 'func': if (e.k !== 'func') not('function'); scope.add('core func', scope.coreFuncs, e.type as number); return;
    case 'table': if (e.k !== 'table') not('table'); scope.add('core table', scope.coreTables, e.type as TableType); return;
    case 'memory': if (e.k !== 'memory') not('memory'); scope.add('core memory', scope.coreMemories, e.type as MemoryType); return;
    case 'global': if (e.k !== 'global') not('global'); scope.add('core global', scope.coreGlobals, e.type as GlobalType); return;
    case 'tag':
      if (!scope.features.core.exceptions) fail('exceptions proposal not enabled', offset);
      if (e.k !== 'tag') not('tag');
      scope.add('core tag', scope.coreTags, e.type as number);
      return;
    default: fail(`core export aliases of sort \`${sort}\` are not supported`, offset);
  }
}

// ---- core types ----

/** Checks a core value type against the enabled core features and the types defined so far (`limit`). */
function checkCoreValType(scope: Scope, t: CoreValType, limit: number, offset: number): void {
  const f = scope.features.core;
  if (t === V128 && !f.simd) fail('SIMD support is not enabled', offset);
  if (!isRef(t)) return;
  const h = heapOf(t);
  if (isConcrete(h)) {
    const i = typeIndexOf(h);
    if (i >= limit) fail(`unknown type ${i}: type index out of bounds`, offset);
  }
  if (!f['reference-types']) fail('reference types support is not enabled', offset);
  if (isConcrete(h) && !f['function-references']) fail('function references required for index reference types', offset);
  const gcHeaps = [HT_ANY, HT_EQ, HT_I31, HT_STRUCT, HT_ARRAY, HT_NONE, HT_NOEXTERN, HT_NOFUNC];
  if (gcHeaps.includes(h) && !f.gc) fail('heap types not supported without the gc feature', offset);
  if ((h === HT_EXN || h === HT_NOEXN) && !f.exceptions) fail('exception refs not supported without the exception handling feature', offset);
  void HT_FUNC; void HT_EXTERN;
}

function checkComposite(scope: Scope, c: CompositeType, limit: number, offset: number): void {
  const vals = c.kind === 'func' ? [...c.params, ...c.results] : c.kind === 'struct' ? c.fields.map((x) => x.type) : [c.field.type];
  if (c.kind !== 'func' && !scope.features.core.gc) fail('gc proposal must be enabled to use struct/array types', offset);
  for (const t of vals) if (t !== 0x78 && t !== 0x77) checkCoreValType(scope, t, limit, offset);
}

/**
 * Adds a rec group whose references are indices of `space` (a core type index space that holds
 * `spaceLen` entries, resolved by `resolve`); returns the arena indices of its types.
 */
export function addRecGroup(
  scope: Scope, g: CoreRecGroupAst, spaceLen: number, resolve: (i: number) => number, offset: number,
): number[] {
  const size = g.types.length;
  const base = scope.env.arena.types.length;
  const gcOn = scope.features.core.gc;
  const limit = gcOn ? spaceLen + size : spaceLen;
  for (const t of g.types) {
    checkComposite(scope, t.composite, limit, offset);
    for (const s of t.supers) if (s >= spaceLen + size) fail(`unknown type ${s}: type index out of bounds`, offset);
  }
  const remap = (i: number): number => (i >= spaceLen ? base + (i - spaceLen) : resolve(i));
  const group = g.types.map((t) => ({ final: t.final, supers: t.supers.map(remap), composite: rewriteComposite(t.composite, remap) }));
  const arena = scope.env.arena;
  arena.addGroup(group);
  group.forEach((t, k) => {
    for (const s of t.supers) {
      if (s >= base + k) fail(`unknown type ${g.types[k]!.supers[0]}: type index out of bounds`, offset);
      const sup = arena.types[s]!;
      if (sup.final) fail('sub type cannot have a final super type', offset);
      if (!new TypeContext(arena.types).compositeMatches(t.composite, sup.composite)) fail('sub type must match super type', offset);
    }
  });
  return group.map((_, k) => base + k);
}

/** A `core:moduletype`, validated with its own (initially empty) core type index space. */
export function moduleType(scope: Scope, outer: readonly Scope[], ast: CoreModuleTypeAst, offset: number): ModuleT {
  const arena = scope.env.arena;
  const types: number[] = [];
  const imports = new Map<string, CoreImport>();
  const counts = new Map<string, number>();
  const exports = new Map<string, CoreEntity>();
  let info: Info = NEW_INFO;
  const resolve = (i: number): number => {
    const t = types[i];
    return t ?? fail(`unknown type ${i}: type index out of bounds`, offset);
  };
  const funcType = (i: number): number => {
    const t = resolve(i);
    if (!arena.isFunc(t)) fail(`type index ${i} is not a function type`, offset);
    return t;
  };
  const externType = (et: CoreExternTypeAst): CoreEntity => {
    switch (et.kind) {
      case 'func': return { k: 'func', type: funcType(et.type) };
      case 'tag': {
        if (!scope.features.core.exceptions) fail('exceptions proposal not enabled', offset);
        const t = funcType(et.type.typeIndex);
        if (arena.funcOf(t)!.results.length > 0) fail('invalid exception type: non-empty tag result type', offset);
        return { k: 'tag', type: t };
      }
      case 'table': {
        const l = et.type.limits;
        if (l.max !== undefined && l.min > l.max) fail('size minimum must not be greater than maximum', offset);
        checkCoreValType(scope, et.type.elem, types.length, offset);
        const maxEntries = et.type.limits.is64 ? 2 ** 64 - 1 : 2 ** 32 - 1;
        if (l.min > maxEntries || (l.max !== undefined && l.max > maxEntries)) {
          fail(`table size must be at most 0x${maxEntries.toString(16)} entries`, offset);
        }
        return { k: 'table', type: table(et.type, resolve) };
      }
      case 'memory': {
        const l = et.type.limits;
        if (l.max !== undefined && l.min > l.max) fail('size minimum must not be greater than maximum', offset);
        const log2 = et.type.pageSizeLog2;
        if (log2 !== 16 && !scope.features.core['custom-page-sizes']) {
          fail('the custom page sizes proposal must be enabled to customize a memory\'s page size', offset);
        }
        if (log2 !== 0 && log2 !== 16) fail('invalid custom page size', offset);
        const maxPages = l.is64 ? 2 ** (64 - log2) : Math.min(2 ** (32 - log2), 2 ** 32 - 1);
        if (l.min > maxPages || (l.max !== undefined && l.max > maxPages)) {
          fail(`memory size must be at most 0x${maxPages.toString(16)} ${2 ** log2}-byte pages`, offset);
        }
        if (l.shared && l.max === undefined) fail('shared memory must have maximum size', offset);
        return { k: 'memory', type: et.type };
      }
      case 'global':
        checkCoreValType(scope, et.type.type, types.length, offset);
        return { k: 'global', type: global(et.type, resolve) };
    }
  };
  for (const d of ast.decls) {
    switch (d.kind) {
      case 'type':
        types.push(...addRecGroup(scope, d.type, types.length, resolve, offset));
        break;
      case 'alias': {
        if (d.count === 0) {
          types.push(resolve(d.index));
          break;
        }
        const target = outer[outer.length - d.count];
        if (target === undefined) fail(`invalid outer alias count of ${d.count - 1}`, offset);
        const e = target.coreTypeAt(d.index, offset);
        if (e.k === 'module') fail('not implemented: aliasing core module types into a core module\'s types index space', offset);
        types.push(e.index);
        break;
      }
      case 'import': {
        const key = importKey(d.module, d.name);
        counts.set(key, (counts.get(key) ?? 0) + 1);
        const type = externType(d.type);
        if (!imports.has(key)) imports.set(key, { module: d.module, name: d.name, type });
        info = combine(info, NEW_INFO, offset);
        break;
      }
      case 'export': {
        const type = externType(d.type);
        if (exports.has(d.name)) fail(`duplicate export name \`${d.name}\` already defined`, offset);
        exports.set(d.name, type);
        info = combine(info, NEW_INFO, offset);
        break;
      }
    }
  }
  for (const [key, n] of counts) {
    if (n > 1) {
      const imp = imports.get(key)!;
      fail(`module has a duplicate import name \`${imp.module}:${imp.name}\` that is not allowed in components`, offset);
    }
  }
  return { t: 'module', info, imports, exports };
}
