// Imports, exports and extern types. Spec: component-model design/mvp/Binary.md §"Import and
// Export Definitions" (strongly-unique names; `[constructor]`/`[method]`/`[static]` names only on
// functions whose types match a preceding resource import/export of the same scope; 🏷️
// `implements` only on plain-named instances; 🔗 `versionsuffix` only on instances; every resource
// used in an export's type must be imported or exported before it) and §"Type Definitions"
// (`externtype` checks; `(eq i)` makes a new index for the same type, `(sub resource)` a fresh
// abstract resource); Explainer.md §"Type Checking" (importing/exporting an instance type makes
// its resources fresh).

import type { ExternName, ExternTypeAst } from '../binary/ast.js';
import type { ResourceId } from '../types.js';
import { valType } from './deftypes.js';
import {
  combine, entityInfo, isInlinePrim, newResourceId, newResT, typeKey, withUnique,
  type AnyT, type DefT, type Entity, type FuncT, type InstT, type Item,
} from './itypes.js';
import { interfaceVersionError, NameError, parseComponentName, uniquenessKey, type ComponentName } from './names.js';
import { remapEntity, Remapping } from './remap.js';
import { fail, type NameContext, type Scope } from './scope.js';
import { withContext, type ExternKind } from './subtype.js';

/** Resolves an `externtype` in `scope` (wasm-tools' `check_type_ref`). */
export function externType(scope: Scope, et: ExternTypeAst, offset: number, name = ''): Entity {
  switch (et.kind) {
    case 'module': {
      const e = scope.coreTypeAt(et.type, offset);
      if (e.k !== 'module') fail(`core type index ${et.type} is not a module type`, offset);
      return { k: 'module', type: e.type };
    }
    case 'func': {
      const t = scope.typeAt(et.type, offset);
      if ('t' in t && t.t === 'func') return { k: 'func', type: t };
      return fail(`type index ${et.type} is not a function type`, offset);
    }
    case 'value': {
      scope.requireValues(offset);
      if (et.bound.kind === 'eq') {
        const v = scope.values[et.bound.value];
        if (v === undefined) fail(`unknown value ${et.bound.value}: value index out of bounds`, offset);
        return { k: 'value', type: v.type };
      }
      return { k: 'value', type: valType(scope, et.bound.type, offset) };
    }
    case 'type': {
      if (et.bound.kind === 'eq') {
        const referenced = scope.typeAt(et.bound.type, offset);
        return { k: 'type', referenced, created: withUnique(referenced) };
      }
      const r = newResT(newResourceId(name));
      return { k: 'type', referenced: r, created: r };
    }
    case 'instance': {
      const t = scope.typeAt(et.type, offset);
      if ('t' in t && t.t === 'instance') return { k: 'instance', type: t };
      return fail(`type index ${et.type} is not an instance type`, offset);
    }
    case 'component': {
      const t = scope.typeAt(et.type, offset);
      if ('t' in t && t.t === 'component') return { k: 'component', type: t };
      return fail(`type index ${et.type} is not a component type`, offset);
    }
  }
}

/** An `import` (of a component or a component type). */
export function addImport(scope: Scope, name: ExternName, et: ExternTypeAst, offset: number): Entity {
  let e = externType(scope, et, offset, name.name);
  e = addEntity(scope, e, name.name, 'import', offset);
  validateExtern(scope, name, 'import', e, offset);
  return e;
}

/** An export of a component, component type or instance type. */
export function addExport(scope: Scope, name: ExternName, e: Entity, offset: number): Entity {
  e = addEntity(scope, e, name.name, 'export', offset);
  validateExtern(scope, name, 'export', e, offset);
  return e;
}

/**
 * Adds the item an import/export/alias introduces to its index space (wasm-tools' `add_entity`),
 * making the resources of imported/exported instance types fresh, and checks the named-types rule.
 */
export function addEntity(scope: Scope, e: Entity, name: string | undefined, kind: ExternKind | undefined, offset: number): Entity {
  switch (e.k) {
    case 'module': scope.add('core module', scope.coreModules, e.type); break;
    case 'component': scope.add('component', scope.components, e.type); break;
    case 'instance': {
      let t = e.type;
      if (kind === 'import') t = prepareInstanceImport(scope, t);
      else if (kind === 'export') t = prepareInstanceExport(scope, t);
      if (t !== e.type) e = { k: 'instance', type: t };
      scope.add('instance', scope.instances, t);
      break;
    }
    case 'func': scope.add('func', scope.funcs, e.type); break;
    case 'value':
      scope.requireValues(offset);
      scope.add('value', scope.values, { type: e.type, used: kind === 'export' });
      break;
    case 'type': {
      scope.add('type', scope.types, e.created);
      const c = e.created;
      if ('t' in c && c.t === 'resource') {
        if (kind === 'import') {
          if (c === e.referenced) scope.importedResources.set(c.rid, [scope.imports.size]);
        } else if (kind === 'export') {
          if (c === e.referenced) scope.definedResources.set(c.rid, undefined);
          scope.explicitResources.set(c.rid, [scope.exports.size]);
        }
      }
      break;
    }
  }
  if (name !== undefined && kind !== undefined && !registerNamedTypes(scope, name, kind, e)) {
    fail(`${e.k} not valid to be used as ${kind}`, offset);
  }
  return e;
}

function prepareInstanceImport(scope: Scope, t: InstT): InstT {
  if (t.defined.length === 0) return t;
  const map = new Remapping();
  for (const old of t.defined) {
    const fresh = newResourceId(old.name);
    map.resources.set(old, fresh);
    scope.importedResources.set(fresh, [scope.imports.size, ...(t.explicit.get(old) ?? [])]);
  }
  return freshened(t, map);
}

function prepareInstanceExport(scope: Scope, t: InstT): InstT {
  if (t.defined.length > 0) {
    const map = new Remapping();
    for (const old of t.defined) {
      const fresh = newResourceId(old.name);
      map.resources.set(old, fresh);
      scope.definedResources.set(fresh, undefined);
    }
    t = freshened(t, map);
  }
  for (const [id, path] of t.explicit) scope.explicitResources.set(id, [scope.exports.size, ...path]);
  return t;
}

function freshened(t: InstT, map: Remapping): InstT {
  const exports = new Map<string, Item>();
  for (const [n, item] of t.exports) exports.set(n, { ...item, ty: remapEntity(item.ty, map) });
  const explicit = new Map<ResourceId, readonly number[]>();
  for (const [id, path] of t.explicit) explicit.set(map.resources.get(id) ?? id, path);
  return { t: 'instance', info: t.info, exports, defined: [], explicit };
}

// ---- named types ----

function registerNamedTypes(scope: Scope, name: string | undefined, kind: ExternKind, e: Entity): boolean {
  if (e.k === 'type' && name !== undefined) {
    const c = e.created;
    if ('t' in c && c.t === 'resource') (kind === 'import' ? scope.importedResourceNames : scope.exportedResourceNames).register(name, typeKey(c));
  }
  if (scope.kind === 'instance-type') return true;
  const set = kind === 'import' ? scope.importedTypes : scope.exportedTypes;
  switch (e.k) {
    case 'type':
      if (!allNamed(e.referenced, set)) return false;
      if (kind === 'import') scope.importedTypes.add(typeKey(e.created));
      scope.exportedTypes.add(typeKey(e.created));
      return true;
    case 'instance':
      return [...e.type.exports.values()].every((item) => registerNamedTypes(scope, undefined, kind, item.ty));
    case 'func':
      return funcNamed(e.type, set);
    case 'value':
      return valNamed(e.type, set);
    default:
      return true;
  }
}

function allNamed(t: AnyT, set: ReadonlySet<unknown>): boolean {
  if (!('t' in t)) return definedNamed(t, set);
  switch (t.t) {
    case 'resource': return true;
    case 'component': return true;
    case 'func': return funcNamed(t, set);
    case 'instance': return instanceNamed(t, set);
  }
}

function instanceNamed(t: InstT, set: ReadonlySet<unknown>): boolean {
  for (const item of t.exports.values()) {
    const e = item.ty;
    const ok = e.k === 'func' ? funcNamed(e.type, set)
      : e.k === 'type' ? allNamed(e.created, set)
        : e.k === 'value' ? isInlinePrim(e.type) || definedNamed(e.type, set)
          : e.k === 'instance' ? instanceNamed(e.type, set) : true;
    if (!ok) return false;
  }
  return true;
}

function funcNamed(f: FuncT, set: ReadonlySet<unknown>): boolean {
  return f.params.every((p) => valNamed(p.type, set)) && (f.result === undefined || valNamed(f.result, set));
}

/** The first layer of a defined type: its components must be named. */
function definedNamed(t: DefT, set: ReadonlySet<unknown>): boolean {
  switch (t.kind) {
    case 'record': return t.fields.every((f) => valNamed(f.type, set));
    case 'tuple': return t.types.every((x) => valNamed(x, set));
    case 'variant': return t.cases.every((c) => c.type === undefined || valNamed(c.type, set));
    case 'result': return (t.ok === undefined || valNamed(t.ok, set)) && (t.err === undefined || valNamed(t.err, set));
    case 'list': return valNamed(t.elem, set);
    case 'option': return valNamed(t.type, set);
    case 'map': return valNamed(t.key, set) && valNamed(t.value, set);
    case 'own': case 'borrow': return set.has(typeKey(t.resource));
    case 'stream': case 'future': return t.elem === undefined || valNamed(t.elem, set);
    default: return true;
  }
}

/** A value type position: records, variants, flags and enums must be named themselves. */
function valNamed(t: DefT, set: ReadonlySet<unknown>): boolean {
  switch (t.kind) {
    case 'record': case 'variant': case 'flags': case 'enum': return set.has(t);
    case 'tuple': case 'result': case 'list': case 'option': case 'map': case 'own': case 'borrow': case 'stream': case 'future':
      return definedNamed(t, set);
    default: return true;
  }
}

// ---- names ----

/** Checks an import/export name against its item and records it (wasm-tools' `validate_extern`). */
export function validateExtern(scope: Scope, en: ExternName, kind: ExternKind, e: Entity, offset: number): void {
  const names = kind === 'import' ? scope.importNames : scope.exportNames;
  const items = kind === 'import' ? scope.imports : scope.exports;
  const ctx = kind === 'import' ? scope.importedResourceNames : scope.exportedResourceNames;
  checkExternName(scope, en, kind, e, ctx, names, items, offset);
  scope.info = combine(scope.info, entityInfo(e), offset);
}

export function checkExternName(
  scope: Scope, en: ExternName, kind: ExternKind, e: Entity, ctx: NameContext | undefined,
  names: Map<string, string>, items: Map<string, Item>, offset: number,
): void {
  const f = scope.features;
  const name = en.name;
  const parsed = withContext(() => `${kind} name \`${name}\` is not a valid extern name`, () => {
    try {
      return parseComponentName(name, f.nestedNames);
    } catch (err) {
      if (err instanceof NameError) fail(err.message, offset);
      throw err;
    }
  });
  if (kind === 'export' && (parsed.kind === 'hash' || parsed.kind === 'url' || parsed.kind === 'dependency')) {
    fail(`name \`${name}\` is not a valid export name`, offset);
  }
  if (en.implements !== undefined) {
    if (!f.implements) fail('the `cm-implements` feature is not active', offset);
    if (parsed.kind !== 'label') fail(`name \`${name}\` is not valid with \`implements\``, offset);
    if (e.k !== 'instance') fail('only instances can have an `implements`', offset);
    const impl = en.implements;
    const ip = withContext(() => `\`${impl}\` is not a valid name`, () => {
      try {
        return parseComponentName(impl, f.nestedNames);
      } catch (err) {
        if (err instanceof NameError) fail(err.message, offset);
        throw err;
      }
    });
    if (ip.kind !== 'interface') fail(`name \`${impl}\` must be an interface`, offset);
  }
  if (en.versionSuffix !== undefined) {
    if (!f.canonNames) fail('the `cm-canon-names` feature is not active', offset);
    if (e.k !== 'instance') fail('only instances can have an `versionsuffix`', offset);
  }
  if (en.externalId !== undefined && !f.implements) fail('the `cm-implements` feature is not active', offset);
  withContext(() => `${kind} name \`${name}\` is not valid`, () => validateNameForType(parsed, en.versionSuffix, e, ctx, offset));
  const key = uniquenessKey(parsed);
  const prev = names.get(key);
  if (prev !== undefined) fail(`${kind} name \`${name}\` conflicts with previous name \`${prev}\``, offset);
  names.set(key, name);
  if (items.has(name)) fail(`${kind} name \`${name}\` conflicts with previous name \`${name}\``, offset);
  items.set(name, { ty: e, implements: en.implements, versionSuffix: en.versionSuffix, externalId: en.externalId });
}

function validateNameForType(n: ComponentName, suffix: string | undefined, e: Entity, ctx: NameContext | undefined, offset: number): void {
  const func = (): FuncT => (e.k === 'func' ? e.type : fail('item is not a func', offset));
  switch (n.kind) {
    case 'interface': {
      const err = interfaceVersionError(n.raw, suffix);
      if (err !== undefined) fail(`invalid interface version: ${err}`, offset);
      return;
    }
    case 'constructor': {
      const ty = func();
      if (ty.async) fail('constructor function cannot be async', offset);
      if (ty.result === undefined) fail('function should return one value', offset);
      let r: DefT | undefined = ty.result;
      if (isInlinePrim(r)) r = undefined;
      else if (r.kind === 'result') r = r.ok !== undefined && !isInlinePrim(r.ok) ? r.ok : undefined;
      if (r?.kind !== 'own') fail('function should return `(own $T)` or `(result (own $T))`', offset);
      return resourceName(ctx, typeKey(r.resource), n.resource!, offset);
    }
    case 'method': {
      const ty = func();
      if (ty.params.length === 0) fail('function should have at least one argument', offset);
      const p = ty.params[0]!;
      if (p.name !== 'self') fail('function should have a first argument called `self`', offset);
      if (isInlinePrim(p.type) || p.type.kind !== 'borrow') fail('function should take a first argument of `(borrow $T)`', offset);
      return resourceName(ctx, typeKey(p.type.resource), n.resource!, offset);
    }
    case 'static':
      func();
      if (!ctx?.hasName(n.resource!)) fail('static resource name is not known in this context', offset);
      return;
    default:
      return;
  }
}

function resourceName(ctx: NameContext | undefined, key: unknown, name: string, offset: number): void {
  const expected = ctx?.nameOf(key);
  if (expected === undefined) fail('resource used in function does not have a name in this context', offset);
  if (expected !== name) fail(`function does not match expected resource name \`${expected}\``, offset);
}
