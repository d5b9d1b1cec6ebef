// Substitution of resource types and free resource variables. Spec: component-model
// design/mvp/Explainer.md §"Type Checking" (resource types are abstract: instantiating a component
// substitutes the supplied types for its imported resources and fresh types for the resources it
// defines; importing or exporting an instance type whose exports introduce resources makes them
// fresh) and Binary.md §"Type Definitions" (type imports are substituted as soon as supplied).
//
// A Remapping maps resource identities (old ResourceId → new) and, for types already visited or
// renamed by instantiation, old type → new type; types that contain nothing remapped are kept.

import type { ResourceId } from '../types.js';
import {
  setDefinedInfo, typeKey, valInfo, type AnyT, type CompT, type DefT, type Entity, type FuncT, type InstT,
  type Item, type ResT, type ResourcePaths,
} from './itypes.js';

export class Remapping {
  readonly resources = new Map<ResourceId, ResourceId>();
  /** Keyed by typeKey(old). */
  types = new Map<unknown, AnyT>();
}

function remapPaths(paths: ResourcePaths, map: Remapping): { paths: ResourcePaths; changed: boolean } {
  let changed = false;
  const out = new Map<ResourceId, readonly number[]>();
  for (const [id, path] of paths) {
    const n = map.resources.get(id);
    if (n !== undefined) changed = true;
    out.set(n ?? id, path);
  }
  return { paths: out, changed };
}

function cached<T extends AnyT>(map: Remapping, old: T): T | undefined {
  return map.types.get(typeKey(old)) as T | undefined;
}

function record<T extends AnyT>(map: Remapping, old: T, neu: T): T {
  map.types.set(typeKey(old), neu);
  return neu;
}

export function remapRes(r: ResT, map: Remapping): ResT {
  const c = cached(map, r);
  if (c !== undefined) return c;
  const n = map.resources.get(r.rid);
  return n === undefined ? r : { t: 'resource', rid: n, alias: r.alias };
}

export function remapVal(t: DefT, map: Remapping): DefT {
  const c = cached(map, t);
  if (c !== undefined) return c;
  let out: DefT = t;
  switch (t.kind) {
    case 'record': {
      const fields = t.fields.map((f) => ({ label: f.label, type: remapVal(f.type, map) }));
      if (fields.some((f, i) => f.type !== t.fields[i]!.type)) out = { kind: 'record', fields };
      break;
    }
    case 'variant': {
      const cases = t.cases.map((c) => ({ label: c.label, type: c.type && remapVal(c.type, map) }));
      if (cases.some((c, i) => c.type !== t.cases[i]!.type)) out = { kind: 'variant', cases };
      break;
    }
    case 'tuple': {
      const types = t.types.map((x) => remapVal(x, map));
      if (types.some((x, i) => x !== t.types[i])) out = { kind: 'tuple', types };
      break;
    }
    case 'list': {
      const elem = remapVal(t.elem, map);
      if (elem !== t.elem) out = t.length === undefined ? { kind: 'list', elem } : { kind: 'list', elem, length: t.length };
      break;
    }
    case 'option': {
      const type = remapVal(t.type, map);
      if (type !== t.type) out = { kind: 'option', type };
      break;
    }
    case 'result': {
      const ok = t.ok && remapVal(t.ok, map);
      const err = t.err && remapVal(t.err, map);
      if (ok !== t.ok || err !== t.err) out = { kind: 'result', ok, err };
      break;
    }
    case 'own':
    case 'borrow': {
      const r = remapRes(t.resource, map);
      if (r !== t.resource) out = { kind: t.kind, resource: r };
      break;
    }
    case 'stream':
    case 'future': {
      const elem = t.elem && remapVal(t.elem, map);
      if (elem !== t.elem) out = { kind: t.kind, elem };
      break;
    }
    case 'map': {
      const key = remapVal(t.key, map);
      const value = remapVal(t.value, map);
      if (key !== t.key || value !== t.value) out = { kind: 'map', key, value };
      break;
    }
    default:
      break;
  }
  if (out !== t) setDefinedInfo(out, valInfo(t));
  if (!isLeaf(t)) record(map, t, out);
  return out;
}

function isLeaf(t: DefT): boolean {
  return !('fields' in t || 'cases' in t || 'types' in t || 'elem' in t || 'type' in t || 'ok' in t
    || 'err' in t || 'resource' in t || 'key' in t);
}

export function remapFunc(f: FuncT, map: Remapping): FuncT {
  const c = cached(map, f);
  if (c !== undefined) return c;
  const params = f.params.map((p) => ({ name: p.name, type: remapVal(p.type, map) }));
  const result = f.result && remapVal(f.result, map);
  const changed = result !== f.result || params.some((p, i) => p.type !== f.params[i]!.type);
  return record(map, f, changed ? { ...f, params, result } : f);
}

function remapItems(items: ReadonlyMap<string, Item>, map: Remapping): { items: ReadonlyMap<string, Item>; changed: boolean } {
  let changed = false;
  const out = new Map<string, Item>();
  for (const [name, item] of items) {
    const ty = remapEntity(item.ty, map);
    if (ty !== item.ty) changed = true;
    out.set(name, ty === item.ty ? item : { ...item, ty });
  }
  return { items: changed ? out : items, changed };
}

export function remapInstance(t: InstT, map: Remapping): InstT {
  const c = cached(map, t);
  if (c !== undefined) return c;
  const ex = remapItems(t.exports, map);
  let changed = ex.changed;
  const defined = t.defined.map((id) => map.resources.get(id) ?? id);
  if (defined.some((id, i) => id !== t.defined[i])) changed = true;
  const explicit = remapPaths(t.explicit, map);
  changed ||= explicit.changed;
  return record(map, t, changed ? { t: 'instance', info: t.info, exports: ex.items, defined, explicit: explicit.paths } : t);
}

export function remapComponent(t: CompT, map: Remapping): CompT {
  const c = cached(map, t);
  if (c !== undefined) return c;
  const im = remapItems(t.imports, map);
  const ex = remapItems(t.exports, map);
  const ir = remapPaths(t.importedRes, map);
  const dr = remapPaths(t.definedRes, map);
  const er = remapPaths(t.explicit, map);
  const changed = im.changed || ex.changed || ir.changed || dr.changed || er.changed;
  return record(map, t, changed ? {
    t: 'component', info: t.info, imports: im.items, exports: ex.items, importedRes: ir.paths, definedRes: dr.paths, explicit: er.paths,
  } : t);
}

export function remapAny(t: AnyT, map: Remapping): AnyT {
  if (!('t' in t)) return remapVal(t, map);
  switch (t.t) {
    case 'resource': return remapRes(t, map);
    case 'func': return remapFunc(t, map);
    case 'instance': return remapInstance(t, map);
    case 'component': return remapComponent(t, map);
  }
}

export function remapEntity(e: Entity, map: Remapping): Entity {
  switch (e.k) {
    case 'module': return e;
    case 'func': {
      const type = remapFunc(e.type, map);
      return type === e.type ? e : { k: 'func', type };
    }
    case 'value': {
      const type = remapVal(e.type, map);
      return type === e.type ? e : { k: 'value', type };
    }
    case 'instance': {
      const type = remapInstance(e.type, map);
      return type === e.type ? e : { k: 'instance', type };
    }
    case 'component': {
      const type = remapComponent(e.type, map);
      return type === e.type ? e : { k: 'component', type };
    }
    case 'type': {
      const referenced = remapAny(e.referenced, map);
      const created = e.referenced === e.created ? referenced : remapAny(e.created, map);
      return referenced === e.referenced && created === e.created ? e : { k: 'type', referenced, created };
    }
  }
}

// ---- free variables ----

export function freeVal(t: DefT, set: Set<ResourceId>): void {
  switch (t.kind) {
    case 'record': for (const f of t.fields) freeVal(f.type, set); break;
    case 'variant': for (const c of t.cases) if (c.type) freeVal(c.type, set); break;
    case 'tuple': for (const x of t.types) freeVal(x, set); break;
    case 'list': freeVal(t.elem, set); break;
    case 'option': freeVal(t.type, set); break;
    case 'result': if (t.ok) freeVal(t.ok, set); if (t.err) freeVal(t.err, set); break;
    case 'own': case 'borrow': set.add(t.resource.rid); break;
    case 'stream': case 'future': if (t.elem) freeVal(t.elem, set); break;
    case 'map': freeVal(t.key, set); freeVal(t.value, set); break;
    default: break;
  }
}

export function freeAny(t: AnyT, set: Set<ResourceId>): void {
  if (!('t' in t)) return freeVal(t, set);
  switch (t.t) {
    case 'resource': set.add(t.rid); return;
    case 'func':
      for (const p of t.params) freeVal(p.type, set);
      if (t.result) freeVal(t.result, set);
      return;
    case 'instance': {
      const inner = new Set<ResourceId>();
      for (const item of t.exports.values()) freeEntity(item.ty, inner);
      for (const id of t.defined) inner.delete(id);
      for (const id of inner) set.add(id);
      return;
    }
    case 'component': {
      const inner = new Set<ResourceId>();
      for (const item of t.imports.values()) freeEntity(item.ty, inner);
      for (const item of t.exports.values()) freeEntity(item.ty, inner);
      for (const id of t.importedRes.keys()) inner.delete(id);
      for (const id of t.definedRes.keys()) inner.delete(id);
      for (const id of inner) set.add(id);
      return;
    }
  }
}

export function freeEntity(e: Entity, set: Set<ResourceId>): void {
  switch (e.k) {
    case 'module': return;
    case 'func': return freeAny(e.type, set);
    case 'value': return freeVal(e.type, set);
    case 'type': return freeAny(e.created, set);
    case 'instance': return freeAny(e.type, set);
    case 'component': return freeAny(e.type, set);
  }
}
