// Component instantiation: run a validated component's definitions in order, filling its index
// spaces with runtime values. Spec: component-model design/mvp/Explainer.md §"Instance
// Definitions" (core instantiate / inline exports, component instantiate with `with` args),
// §"Alias Definitions" (export, core export, outer), §"Type Definitions" (each resource
// definition is a fresh type per instance), §"Canonical Definitions" (lift, lower, resource.new/
// drop/rep), §"Start Definitions", §"Import and Export Definitions"; CanonicalABI.md for canon.

import { LinkError } from '../../core/errors.js';
import { I64 } from '../../core/types.js';
import { canonLift, canonLower, canonResourceDrop, canonResourceNew, canonResourceRep } from '../canon/index.js';
import { ComponentInstance as CanonInstance } from '../canon/instance.js';
import type { CanonMemory, CanonOptions } from '../canon/options.js';
import { ResourceType } from '../canon/resource.js';
import type { ExternDesc } from '../api.js';
import type { AliasDef, CoreInstanceDef, Definition, InstanceDef, Sort } from '../binary/ast.js';
import type { DefInfo, ResolvedCanonOptions } from '../valid/index.js';
import { compileCore, coreCallable, hostCoreFunc, instantiateCore, type CoreFuncType, type CoreInstance, type ExternVal, type MemoryInstance } from './core.js';
import { NO_SETUP, resolvedOf, resourceOf, Scope, type InstanceSetup, type RComponent, type RFunc, type RInstance, type RItem, type RType } from './scope.js';
import { canonBuiltin } from './builtins.js';

/** Supplies the value of each import of a component, given its name and type. */
export type ImportResolver = (name: string, desc: ExternDesc, scope: Scope) => RItem;

/** Instantiates `c`; `resolve` supplies imports. Returns the filled scope (its `exports`). */
export function instantiateComponent(c: RComponent, resolve: ImportResolver, parent: CanonInstance | undefined, setup: InstanceSetup = NO_SETUP): Scope {
  const vc = c.vc;
  const scope = new Scope(vc, c.outer, new CanonInstance(parent, 'component'), setup);
  const defs = vc.ast.definitions;
  for (let i = 0; i < defs.length; i++) runDefinition(scope, defs[i]!, vc.defs[i]!, resolve);
  return scope;
}

function runDefinition(s: Scope, d: Definition, info: DefInfo, resolve: ImportResolver): void {
  switch (d.kind) {
    case 'core-module':
      s.coreModules.push(info.module ?? compileCore(d.bytes, d.offset));
      return;
    case 'core-instance':
      s.coreInstances.push(coreInstance(s, d));
      return;
    case 'core-type':
      for (const a of info.added) if (a.space === 'core type') s.coreTypes.push(null);
      return;
    case 'component':
      s.components.push({ vc: info.component!, outer: s });
      return;
    case 'instance':
      addInstance(s, instance(s, d, info), info.instance);
      return;
    case 'alias':
      alias(s, d, info);
      return;
    case 'type':
      addType(s, typeFromDef(s, info));
      return;
    case 'canon':
      canon(s, d.canon, info);
      return;
    case 'start':
      start(s, d.func, d.args, d.results);
      return;
    case 'import': {
      const item = resolve(d.name.name, info.desc!, s);
      addItem(s, item, info.desc!);
      return;
    }
    case 'export': {
      const item = itemAt(s, d.sort, d.index);
      s.exports.set(d.name.name, item);
      addItem(s, item, info.desc!);
      return;
    }
    case 'value':
      throw new LinkError('component value definitions (🪙) cannot be instantiated yet');
  }
}

// ---- core ----

function coreInstance(s: Scope, d: CoreInstanceDef): CoreInstance {
  const e = d.expr;
  if (e.kind === 'instantiate') {
    const args = new Map<string, CoreInstance>();
    for (const a of e.args) args.set(a.name, s.coreInstances[a.instance]!);
    return { exports: instantiateCore(s.coreModules[e.module]!, args, s.setup.limits).exports };
  }
  const exports = new Map<string, ExternVal>();
  for (const x of e.exports) exports.set(x.name, coreExtern(s, x.sort, x.index));
  return { exports };
}

function coreExtern(s: Scope, sort: string, index: number): ExternVal {
  switch (sort) {
    case 'func': return { kind: 'func', value: s.coreFuncs[index]! };
    case 'table': return s.coreTables[index]!;
    case 'memory': return s.coreMemories[index]!;
    case 'global': return s.coreGlobals[index]!;
    case 'tag': return s.coreTags[index]!;
  }
  throw new LinkError(`internal: core sort ${sort} cannot be exported from a core instance`);
}

function addCoreExtern(s: Scope, v: ExternVal): void {
  switch (v.kind) {
    case 'func': s.coreFuncs.push(v.value); return;
    case 'table': s.coreTables.push(v); return;
    case 'memory': s.coreMemories.push(v); return;
    case 'global': s.coreGlobals.push(v); return;
    case 'tag': s.coreTags.push(v); return;
  }
}

// ---- component instances ----

function instance(s: Scope, d: InstanceDef, _info: DefInfo): RInstance {
  const e = d.expr;
  if (e.kind === 'exports') {
    const m = new Map<string, RItem>();
    for (const x of e.exports) m.set(x.name.name, itemAt(s, x.sort, x.index));
    return m;
  }
  const args = new Map<string, RItem>();
  for (const a of e.args) args.set(a.name, itemAt(s, a.sort, a.index));
  const child = instantiateComponent(s.components[e.component]!, (name) => {
    const item = args.get(name);
    if (item === undefined) throw new LinkError(`missing instantiation argument "${name}"`);
    return item;
  }, s.state, s.setup);
  return child.exports;
}

function addInstance(s: Scope, inst: RInstance, desc: ReadonlyMap<string, ExternDesc> | undefined): void {
  s.instances.push(inst);
  if (desc !== undefined) bindInstance(s, inst, desc);
}

/** Binds the abstract resources named by an instance type to the instance's runtime types. */
function bindInstance(s: Scope, inst: RInstance, exports: ReadonlyMap<string, ExternDesc>): void {
  for (const [name, d] of exports) {
    const item = inst.get(name);
    if (item === undefined) continue;
    bindItem(s, item, d);
  }
}

function bindItem(s: Scope, item: RItem, d: ExternDesc): void {
  if (d.kind === 'type' && item.sort === 'type') {
    const rid = resourceOf(d);
    if (rid !== undefined && item.value.rt !== undefined && !s.resources.has(rid)) s.resources.set(rid, item.value.rt);
  } else if (d.kind === 'instance' && item.sort === 'instance') {
    bindInstance(s, item.value, d.exports);
  }
}

// ---- aliases ----

function alias(s: Scope, d: AliasDef, info: DefInfo): void {
  const t = d.target;
  if (t.kind === 'core-export') {
    const v = s.coreInstances[t.instance]!.exports.get(t.name);
    if (v === undefined) throw new LinkError(`core instance has no export "${t.name}"`);
    addCoreExtern(s, v);
    return;
  }
  if (t.kind === 'export') {
    const item = s.instances[t.instance]!.get(t.name);
    if (item === undefined) throw new LinkError(`instance has no export "${t.name}"`);
    addAliased(s, item, info);
    return;
  }
  // outer
  let target: Scope = s;
  for (let n = 0; n < t.count; n++) target = target.outer!;
  switch (d.sort) {
    case 'type': addType(s, { ...target.types[t.index]!, resolved: info.type ?? target.types[t.index]!.resolved }); return;
    case 'component': s.components.push(target.components[t.index]!); return;
    case 'core module': s.coreModules.push(target.coreModules[t.index]!); return;
    case 'core type': s.coreTypes.push(null); return;
  }
  throw new LinkError(`internal: outer alias of sort ${d.sort}`);
}

function addAliased(s: Scope, item: RItem, info: DefInfo): void {
  switch (item.sort) {
    case 'func': s.funcs.push(item.value); return;
    case 'instance': addInstance(s, item.value, info.instance ?? instanceDescOf(info)); return;
    case 'type': addType(s, { resolved: info.type ?? item.value.resolved, rt: item.value.rt }); return;
    case 'component': s.components.push(item.value); return;
    case 'core module': s.coreModules.push(item.value); return;
    case 'value': s.values.push(item.value); return;
  }
}

function instanceDescOf(info: DefInfo): ReadonlyMap<string, ExternDesc> | undefined {
  const d = info.desc;
  return d?.kind === 'instance' ? d.exports : undefined;
}

// ---- types ----

function typeFromDef(s: Scope, info: DefInfo): RType {
  const resolved = info.type!;
  if (resolved.kind === 'resource') {
    const rid = resolved.resource;
    const def = rid.defined;
    if (def !== undefined && !s.resources.has(rid)) {
      const dtor = def.dtor === undefined ? undefined : coreCallable(s.coreFuncs[def.dtor]!);
      const rt = new ResourceType(rid.name, s.state, dtor, def.rep);
      return { resolved, rt };
    }
    return { resolved, rt: s.resources.get(rid) };
  }
  return { resolved };
}

function addType(s: Scope, t: RType): void {
  s.types.push(t);
  if (t.resolved.kind === 'resource' && t.rt !== undefined && !s.resources.has(t.resolved.resource)) {
    s.resources.set(t.resolved.resource, t.rt);
  }
}

// ---- imports and exports as index-space entries ----

function addItem(s: Scope, item: RItem, desc: ExternDesc): void {
  switch (item.sort) {
    case 'func': s.funcs.push(item.value); return;
    case 'instance': addInstance(s, item.value, desc.kind === 'instance' ? desc.exports : undefined); return;
    case 'type': {
      const resolved = resolvedOf(desc) ?? item.value.resolved;
      addType(s, { resolved, rt: item.value.rt });
      return;
    }
    case 'component': s.components.push(item.value); return;
    case 'core module': s.coreModules.push(item.value); return;
    case 'value': s.values.push(item.value); return;
  }
}

export function itemAt(s: Scope, sort: Sort, index: number): RItem {
  switch (sort) {
    case 'func': return { sort: 'func', value: s.funcs[index]! };
    case 'instance': return { sort: 'instance', value: s.instances[index]! };
    case 'type': return { sort: 'type', value: s.types[index]! };
    case 'component': return { sort: 'component', value: s.components[index]! };
    case 'core module': return { sort: 'core module', value: s.coreModules[index]! };
    case 'value': return { sort: 'value', value: s.values[index] };
  }
  throw new LinkError(`internal: sort ${sort} is not a component-level item`);
}

// ---- canon ----

function memoryOf(s: Scope, index: number, addr: number): CanonMemory {
  const mem = s.coreMemories[index]!.value as MemoryInstance;
  return { bytes: () => mem.u8, view: () => mem.dv, addressType: addr === I64 ? 'i64' : 'i32', identity: mem };
}

export function options(s: Scope, o: ResolvedCanonOptions | undefined): CanonOptions {
  if (o === undefined) return { stringEncoding: 'utf8' };
  return {
    stringEncoding: o.stringEncoding,
    memory: o.memory === undefined ? undefined : memoryOf(s, o.memory.index, o.memory.addr),
    realloc: o.realloc === undefined ? undefined : coreCallable(s.coreFuncs[o.realloc]!),
    postReturn: o.postReturn === undefined ? undefined : coreCallable(s.coreFuncs[o.postReturn]!),
    async: o.async,
  };
}

function canon(s: Scope, c: import('../binary/ast.js').Canon, info: DefInfo): void {
  const ci = info.canon!;
  switch (c.kind) {
    case 'lift': {
      const type = s.funcType(ci.func!);
      const callee = coreCallable(s.coreFuncs[c.coreFunc]!);
      // 🔀 the `callback` option is a core function (not part of `options`: only lift has it)
      const cb = ci.options?.callback;
      const opts = cb === undefined ? options(s, ci.options) : { ...options(s, ci.options), callback: coreCallable(s.coreFuncs[cb]!) };
      const fn = canonLift(type, opts, callee, s.state);
      s.funcs.push({ type, fn });
      return;
    }
    case 'lower': {
      const f: RFunc = s.funcs[c.func]!;
      const callable = canonLower(f.type, options(s, ci.options), f.fn, s.state);
      s.coreFuncs.push(hostCoreFunc(coreSig(ci.core!), callable));
      return;
    }
    case 'resource.new': case 'resource.drop': case 'resource.rep': {
      const rt = s.resource(ci.resource!);
      const make = c.kind === 'resource.new' ? canonResourceNew : c.kind === 'resource.drop' ? canonResourceDrop : canonResourceRep;
      s.coreFuncs.push(hostCoreFunc(coreSig(ci.core!), make(rt, s.state)));
      return;
    }
    default:
      s.coreFuncs.push(hostCoreFunc(coreSig(ci.core!), canonBuiltin(s, c, ci, (o) => options(s, o))));
  }
}

function coreSig(sig: { params: readonly number[]; results: readonly number[] }): CoreFuncType {
  return { kind: 'func', params: [...sig.params], results: [...sig.results] };
}

// ---- start (🪙) ----

function start(s: Scope, func: number, args: readonly number[], results: number): void {
  const f = s.funcs[func]!;
  const r = f.fn(...args.map((a) => s.values[a]));
  if (results === 1) s.values.push(r);
}
