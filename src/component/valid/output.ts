// Conversion of validation-time types into the shared vocabulary the runtime consumes
// (component/types.ts ValType/FuncType with abstract ResourceIds; component/api.ts ExternDesc).
// Spec: component-model design/mvp/Explainer.md §"Type Definitions" (the structure is unchanged:
// only resource type entries collapse to their ResourceId).

import type { ExternDesc } from '../api.js';
import type { FuncType, ResourceId, ValType } from '../types.js';
import type { AnyT, CompT, DefT, Entity, FuncT, InstT, Item } from './itypes.js';

/** The resolved type at a type index. */
export type ResolvedType =
  | { readonly kind: 'value'; readonly type: ValType }
  | { readonly kind: 'func'; readonly type: FuncType }
  | { readonly kind: 'resource'; readonly resource: ResourceId }
  | { readonly kind: 'instance'; readonly exports: ReadonlyMap<string, ExternDesc> }
  | { readonly kind: 'component'; readonly imports: ReadonlyMap<string, ExternDesc>; readonly exports: ReadonlyMap<string, ExternDesc> };

/** ExternDesc of a `type` import/export, with the type it names (value types also in `type`). */
export type TypeExternDesc = Extract<ExternDesc, { kind: 'type' }> & { readonly resolved: ResolvedType };

const valMemo = new WeakMap<object, ValType>();
const funcMemo = new WeakMap<object, FuncType>();
const anyMemo = new WeakMap<object, ResolvedType>();

export function toValType(t: DefT): ValType {
  const m = valMemo.get(t);
  if (m !== undefined) return m;
  let out: ValType;
  switch (t.kind) {
    case 'record': out = { kind: 'record', fields: t.fields.map((f) => ({ label: f.label, type: toValType(f.type) })) }; break;
    case 'variant': out = { kind: 'variant', cases: t.cases.map((c) => ({ label: c.label, type: c.type && toValType(c.type) })) }; break;
    case 'tuple': out = { kind: 'tuple', types: t.types.map(toValType) }; break;
    case 'list': out = t.length === undefined ? { kind: 'list', elem: toValType(t.elem) } : { kind: 'list', elem: toValType(t.elem), length: t.length }; break;
    case 'option': out = { kind: 'option', type: toValType(t.type) }; break;
    case 'result': out = { kind: 'result', ok: t.ok && toValType(t.ok), err: t.err && toValType(t.err) }; break;
    case 'own': case 'borrow': out = { kind: t.kind, resource: t.resource.rid }; break;
    case 'stream': case 'future': out = { kind: t.kind, elem: t.elem && toValType(t.elem) }; break;
    case 'map': out = { kind: 'map', key: toValType(t.key), value: toValType(t.value) }; break;
    case 'flags': case 'enum': out = { kind: t.kind, labels: t.labels }; break;
    default: out = { kind: t.kind };
  }
  valMemo.set(t, out);
  return out;
}

export function toFuncType(f: FuncT): FuncType {
  const m = funcMemo.get(f);
  if (m !== undefined) return m;
  const out: FuncType = {
    params: f.params.map((p) => ({ name: p.name, type: toValType(p.type) })),
    result: f.result && toValType(f.result),
    async: f.async,
  };
  funcMemo.set(f, out);
  return out;
}

export function toResolved(t: AnyT): ResolvedType {
  const m = anyMemo.get(t);
  if (m !== undefined) return m;
  let out: ResolvedType;
  if (!('t' in t)) out = { kind: 'value', type: toValType(t) };
  else {
    switch (t.t) {
      case 'resource': out = { kind: 'resource', resource: t.rid }; break;
      case 'func': out = { kind: 'func', type: toFuncType(t) }; break;
      case 'instance': out = { kind: 'instance', exports: toDescs(t.exports) }; break;
      case 'component': out = { kind: 'component', imports: toDescs(t.imports), exports: toDescs(t.exports) }; break;
    }
  }
  anyMemo.set(t, out);
  return out;
}

export function toDescs(items: ReadonlyMap<string, Item>): ReadonlyMap<string, ExternDesc> {
  const out = new Map<string, ExternDesc>();
  for (const [name, item] of items) out.set(name, toExternDesc(item.ty));
  return out;
}

export function toExternDesc(e: Entity): ExternDesc {
  switch (e.k) {
    case 'module': return { kind: 'module' };
    case 'func': return { kind: 'func', type: toFuncType(e.type) };
    case 'value': return { kind: 'value', type: toValType(e.type) };
    case 'instance': return instanceDesc(e.type);
    case 'component': return componentDesc(e.type);
    case 'type': {
      const resolved = toResolved(e.created);
      const d: TypeExternDesc = resolved.kind === 'value' ? { kind: 'type', type: resolved.type, resolved }
        : resolved.kind === 'resource' ? { kind: 'type', resource: true, resolved } : { kind: 'type', resolved };
      return d;
    }
  }
}

function instanceDesc(t: InstT): ExternDesc {
  return { kind: 'instance', exports: toDescs(t.exports) };
}

function componentDesc(t: CompT): ExternDesc {
  return { kind: 'component', imports: toDescs(t.imports), exports: toDescs(t.exports) };
}
