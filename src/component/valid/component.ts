// Validation of a component's definitions, in order, each against the index spaces built so far.
// Spec: component-model design/mvp/Explainer.md §"Component Definitions" (nested components see
// the enclosing scopes through outer aliases), §"Instance Definitions", §"Alias Definitions",
// §"Type Definitions", §"Start Definitions" 🪙, §"Import and Export Definitions", §"Value
// Definitions" 🪙; Binary.md's validation notes for each; CanonicalABI.md §"Canonical Definitions"
// (canon.ts). The type of a finished component (its imports, exports and the resources it imports
// and defines) follows wasm-tools' formalisation: defined resources must not leak into imports
// and must be exported wherever an export uses them.

import type {
  AliasDef, ComponentAst, ComponentDecl, Definition, ExportDef, InstanceDef, StartDef, TypeDef, ValueDef,
} from '../binary/ast.js';
import { decodeValue } from '../binary/value.js';
import type { DecodedValue } from '../binary/ast.js';
import type { Module } from '../../core/module.js';
import { I32, I64 } from '../../core/types.js';
import type { ResourceId } from '../types.js';
import { canonDef, type CanonResult } from './canon.js';
import { addRecGroup, aliasCoreExport, coreInstance, coreModule, moduleType } from './core-defs.js';
import { defValType, funcType, valType } from './deftypes.js';
import { addEntity, addExport, addImport, checkExternName, externType } from './externs.js';
import {
  combine, entityInfo, NEW_INFO, newResourceId, newResT, withUnique,
  type AnyT, type CompT, type Entity, type InstT, type Item,
} from './itypes.js';
import { freeAny, freeEntity, remapEntity } from './remap.js';
import { fail, Scope, type Env, type ScopeKind, type Space } from './scope.js';
import { withContext } from './subtype.js';

/** What one definition produced (besides the index-space entries it added). */
export interface DefResult {
  added: { space: Space; index: number }[];
  module?: Module;
  component?: ComponentResult;
  type?: AnyT;
  canon?: CanonResult;
  instance?: InstT;
  entity?: Entity;
  name?: string;
  resourceMap?: Map<ResourceId, ResourceId>;
  value?: DecodedValue;
}

export interface ComponentResult {
  readonly ast: ComponentAst;
  readonly scope: Scope;
  readonly type: CompT;
  readonly defs: readonly DefResult[];
}

export class Validator {
  private readonly scopes: Scope[] = [];
  constructor(readonly env: Env) {}

  component(ast: ComponentAst): ComponentResult {
    const scope = new Scope('component', this.env);
    this.scopes.push(scope);
    try {
      const defs: DefResult[] = [];
      for (const def of ast.definitions) {
        scope.log = [];
        const r = this.definition(scope, def);
        r.added = scope.log;
        defs.push(r);
      }
      const unused = scope.values.findIndex((v) => !v.used);
      if (unused >= 0) fail(`value index ${unused} was not used as part of an instantiation, start function, or export`, ast.end);
      const type = finish(scope, ast.end);
      return { ast, scope, type, defs };
    } finally {
      this.scopes.pop();
    }
  }

  private definition(scope: Scope, def: Definition): DefResult {
    const offset = def.offset;
    switch (def.kind) {
      case 'core-module': {
        const { module, type } = coreModule(scope, def);
        scope.add('core module', scope.coreModules, type);
        return { added: [], module };
      }
      case 'core-instance':
        scope.add('core instance', scope.coreInstances, coreInstance(scope, def));
        return { added: [] };
      case 'core-type':
        this.coreType(scope, def.type, offset);
        return { added: [] };
      case 'component': {
        const nested = this.component(def.component);
        scope.add('component', scope.components, nested.type);
        return { added: [], component: nested };
      }
      case 'instance':
        return this.instance(scope, def);
      case 'alias':
        return this.alias(scope, def);
      case 'type':
        return { added: [], type: this.typeDef(scope, def, offset) };
      case 'canon':
        return { added: [], canon: canonDef(scope, def.canon, offset) };
      case 'start':
        this.start(scope, def);
        return { added: [] };
      case 'import': {
        const entity = addImport(scope, def.name, def.type, offset);
        return { added: [], entity, name: def.name.name };
      }
      case 'export':
        return this.export(scope, def);
      case 'value':
        return this.value(scope, def);
    }
  }

  private coreType(scope: Scope, t: TypeDef['type'] | import('../binary/ast.js').CoreDefTypeAst, offset: number): void {
    const ct = t as import('../binary/ast.js').CoreDefTypeAst;
    if (ct.kind === 'rec') {
      const idx = addRecGroup(scope, ct, scope.coreTypes.length, (i) => scope.coreSubAt(i, offset), offset);
      for (const index of idx) scope.add('core type', scope.coreTypes, { k: 'sub', index });
    } else {
      scope.add('core type', scope.coreTypes, { k: 'module', type: moduleType(scope, this.scopes, ct, offset) });
    }
  }

  private typeDef(scope: Scope, def: TypeDef, offset: number): AnyT {
    const ast = def.type;
    let t: AnyT;
    switch (ast.kind) {
      case 'func': t = funcType(scope, ast, offset); break;
      case 'component': t = this.componentType(ast.decls, offset); break;
      case 'instance': t = this.instanceType(ast.decls, offset); break;
      case 'resource': {
        if (scope.kind !== 'component') fail('resources can only be defined within a concrete component', offset);
        if (ast.rep === I64 && !scope.features.cm64) fail('resources with `i64` require the `cm64` feature to be enabled', offset);
        if (ast.rep !== I32 && ast.rep !== I64) fail('resources can only be represented by `i32` or `i64`', offset);
        if (ast.dtor !== undefined) {
          const ft = scope.env.arena.funcOf(scope.coreFuncAt(ast.dtor, offset))!;
          if (ft.params.length !== 1 || ft.params[0] !== ast.rep || ft.results.length !== 0) {
            fail(`core function ${ast.dtor} has wrong signature for a destructor`, offset);
          }
        }
        const rid = newResourceId('', { rep: ast.rep === I64 ? 'i64' : 'i32', dtor: ast.dtor });
        scope.definedResources.set(rid, ast.rep);
        t = newResT(rid);
        break;
      }
      default:
        t = defValType(scope, ast, offset);
    }
    scope.add('type', scope.types, t);
    return t;
  }

  private decls(scope: Scope, decls: readonly ComponentDecl[], offset: number): void {
    for (const d of decls) {
      switch (d.kind) {
        case 'core-type': this.coreType(scope, d.type, offset); break;
        case 'type': this.typeDef(scope, d, offset); break;
        case 'alias': this.alias(scope, d, offset); break;
        case 'export': addExport(scope, d.name, externType(scope, d.type, offset, d.name.name), offset); break;
        case 'import': addImport(scope, d.name, d.type, offset); break;
      }
    }
  }

  private withScope<T>(kind: ScopeKind, f: (s: Scope) => T): T {
    const s = new Scope(kind, this.env);
    this.scopes.push(s);
    try {
      return f(s);
    } finally {
      this.scopes.pop();
    }
  }

  private componentType(decls: readonly ComponentDecl[], offset: number): CompT {
    return this.withScope('component-type', (s) => {
      this.decls(s, decls, offset);
      return finish(s, offset);
    });
  }

  private instanceType(decls: readonly ComponentDecl[], offset: number): InstT {
    return this.withScope('instance-type', (s) => {
      this.decls(s, decls, offset);
      return { t: 'instance', info: s.info, exports: s.exports, defined: [...s.definedResources.keys()], explicit: s.explicitResources };
    });
  }

  // ---- aliases ----

  private alias(scope: Scope, def: AliasDef, offset = def.offset): DefResult {
    const { sort, target } = def;
    if (scope.kind !== 'component') {
      const ok = (target.kind === 'export' && (sort === 'type' || sort === 'instance'))
        || (target.kind === 'outer' && (sort === 'type' || sort === 'core type'));
      if (!ok) fail('aliases in a component or instance type may only refer to types or instances', offset);
    }
    switch (target.kind) {
      case 'export': {
        if (sort === 'value') scope.requireValues(offset);
        const inst = scope.instanceAt(target.instance, offset);
        const item = inst.exports.get(target.name);
        if (item === undefined) fail(`instance ${target.instance} has no export named \`${target.name}\``, offset);
        const want = sort === 'core module' ? 'module' : sort;
        if (item.ty.k !== want) fail(`export \`${target.name}\` for instance ${target.instance} is not a ${want}`, offset);
        addEntity(scope, item.ty, undefined, undefined, offset);
        return { added: [], entity: item.ty, type: item.ty.k === 'type' ? item.ty.created : undefined };
      }
      case 'core-export': {
        if (!sort.startsWith('core ')) fail(`core export alias of non-core sort \`${sort}\``, offset);
        aliasCoreExport(scope, sort.slice(5) as import('../binary/ast.js').CoreSort, target.instance, target.name, offset);
        return { added: [] };
      }
      case 'outer': {
        const { count, index } = target;
        if (count >= this.scopes.length) fail(`invalid outer alias count of ${count}`, offset);
        const from = this.scopes[this.scopes.length - 1 - count]!;
        switch (sort) {
          case 'core module': scope.add('core module', scope.coreModules, from.moduleAt(index, offset)); return { added: [] };
          case 'component': scope.add('component', scope.components, from.componentAt(index, offset)); return { added: [] };
          case 'core type': scope.add('core type', scope.coreTypes, from.coreTypeAt(index, offset)); return { added: [] };
          case 'type': {
            const t = from.typeAt(index, offset);
            const after = this.scopes[this.scopes.length - count];
            if (count > 0 && after?.kind === 'component') {
              const free = new Set<ResourceId>();
              freeAny(t, free);
              if (free.size > 0) fail('cannot alias outer type which transitively refers to resources not defined in the current component', offset);
            }
            scope.add('type', scope.types, t);
            return { added: [], type: t };
          }
          default:
            return fail(`outer aliases of sort \`${sort}\` are not allowed`, offset);
        }
      }
    }
  }

  // ---- instances ----

  private instance(scope: Scope, def: InstanceDef): DefResult {
    const offset = def.offset;
    const expr = def.expr;
    if (expr.kind === 'instantiate') {
      const ct = scope.componentAt(expr.component, offset);
      const args = new Map<string, Entity>();
      for (const a of expr.args) {
        const e = this.sortEntity(scope, a.sort, a.index, offset, false);
        if (args.has(a.name)) fail(`instantiation argument \`${a.name}\` conflicts with previous argument \`${a.name}\``, offset);
        args.set(a.name, e);
      }
      let info = NEW_INFO;
      for (const item of ct.exports.values()) info = combine(info, entityInfo(item.ty), offset);
      const mapping = this.env.sub.openInstanceType(args, ct, 'import', offset);
      const resourceMap = new Map<ResourceId, ResourceId>(mapping.resources);
      for (const old of ct.definedRes.keys()) {
        const fresh = newResourceId(old.name);
        mapping.resources.set(old, fresh);
        resourceMap.set(old, fresh);
      }
      const exports = new Map<string, Item>();
      for (const [n, item] of ct.exports) exports.set(n, { ...item, ty: remapEntity(item.ty, mapping) });
      const explicit = new Map<ResourceId, readonly number[]>();
      for (const [id, path] of ct.explicit) explicit.set(mapping.resources.get(id) ?? id, path);
      for (const old of ct.definedRes.keys()) scope.definedResources.set(mapping.resources.get(old)!, undefined);
      const inst: InstT = { t: 'instance', info, exports, defined: [], explicit };
      scope.add('instance', scope.instances, inst);
      return { added: [], instance: inst, resourceMap };
    }
    let info = NEW_INFO;
    const exports = new Map<string, Item>();
    const names = new Map<string, string>();
    const explicit = new Map<ResourceId, readonly number[]>();
    for (const ex of expr.exports) {
      const e = this.sortEntity(scope, ex.sort, ex.index, offset, true);
      if (e.k === 'instance') for (const [id, path] of e.type.explicit) explicit.set(id, [exports.size, ...path]);
      if (e.k === 'type' && 't' in e.created && e.created.t === 'resource') explicit.set(e.created.rid, [exports.size]);
      const before = exports.size;
      checkExternName(scope, ex.name, 'export', e, undefined, names, exports, offset);
      if (exports.size > before) info = combine(info, entityInfo(e), offset);
    }
    const inst: InstT = { t: 'instance', info, exports, defined: [], explicit };
    scope.add('instance', scope.instances, inst);
    return { added: [], instance: inst };
  }

  /** The type of `(sort index)` used as an instantiation argument or inline export. */
  private sortEntity(scope: Scope, sort: string, index: number, offset: number, inline: boolean): Entity {
    switch (sort) {
      case 'core module': return { k: 'module', type: scope.moduleAt(index, offset) };
      case 'component': return { k: 'component', type: scope.componentAt(index, offset) };
      case 'instance': return { k: 'instance', type: scope.instanceAt(index, offset) };
      case 'func': return { k: 'func', type: scope.funcAt(index, offset) };
      case 'value':
        scope.requireValues(offset);
        return { k: 'value', type: scope.useValue(index, offset) };
      case 'type': {
        const t = scope.typeAt(index, offset);
        return { k: 'type', referenced: t, created: t };
      }
      default:
        return fail(`${inline ? 'exports' : 'instantiation arguments'} of sort \`${sort}\` are not valid`, offset);
    }
  }

  // ---- start, export, value ----

  private start(scope: Scope, def: StartDef): void {
    const offset = def.offset;
    if (!scope.features.values) fail('support for component model `value`s is not enabled', offset);
    if (scope.hasStart) fail('component cannot have more than one start function', offset);
    const ft = scope.funcAt(def.func, offset);
    if (ft.params.length !== def.args.length) {
      fail(`component start function requires ${ft.params.length} arguments but was given ${def.args.length}`, offset);
    }
    const results = ft.result === undefined ? 0 : 1;
    if (results !== def.results) {
      fail(`component start function has a result count of ${def.results} but the function type has a result count of ${results}`, offset);
    }
    ft.params.forEach((p, i) => {
      const v = scope.useValue(def.args[i]!, offset);
      withContext(() => `value type mismatch for component start function argument ${i}`, () => this.env.sub.val(v, p.type, offset));
    });
    if (ft.result !== undefined) scope.add('value', scope.values, { type: ft.result, used: false });
    scope.hasStart = true;
  }

  private export(scope: Scope, def: ExportDef): DefResult {
    const offset = def.offset;
    let actual: Entity;
    if (def.sort === 'type') {
      const referenced = scope.typeAt(def.index, offset);
      actual = { k: 'type', referenced, created: withUnique(referenced) };
    } else {
      actual = this.sortEntity(scope, def.sort, def.index, offset, true);
    }
    let e = actual;
    if (def.type !== undefined) {
      const ascribed = externType(scope, def.type, offset, def.name.name);
      withContext(() => 'ascribed type of export is not compatible with item\'s type', () => this.env.sub.entity(actual, ascribed, offset));
      e = ascribed;
    }
    e = addExport(scope, def.name, e, offset);
    return { added: [], entity: e, name: def.name.name, type: e.k === 'type' ? e.created : undefined };
  }

  private value(scope: Scope, def: ValueDef): DefResult {
    scope.requireValues(def.offset);
    const type = valType(scope, def.type, def.offset);
    const value = decodeValue(def, type);
    scope.add('value', scope.values, { type, used: false });
    return { added: [], type, value };
  }
}

/** The type of a finished component or component type (wasm-tools' `ComponentState::finish`). */
export function finish(scope: Scope, offset: number): CompT {
  const free = new Set<ResourceId>();
  for (const item of scope.imports.values()) freeEntity(item.ty, free);
  for (const id of scope.definedResources.keys()) if (free.has(id)) fail('local resource type found in imports', offset);
  free.clear();
  for (const item of scope.exports.values()) freeEntity(item.ty, free);
  const definedRes = new Map<ResourceId, readonly number[]>();
  for (const id of scope.definedResources.keys()) {
    if (!free.has(id)) continue;
    const path = scope.explicitResources.get(id);
    if (path === undefined) fail('local resource type found in export but not exported itself', offset);
    definedRes.set(id, path);
  }
  return {
    t: 'component', info: scope.info, imports: scope.imports, exports: scope.exports,
    importedRes: scope.importedResources, definedRes, explicit: scope.explicitResources,
  };
}
