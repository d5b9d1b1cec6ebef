// What a top-level definition of a component refers to, and which definition introduced each
// index. Spec: component-model design/mvp/Binary.md — index spaces are built incrementally by
// each definition (§"Instance Definitions" notes; every `import`, `alias`, `type`, `instance`
// and `export` appends to the index space of its sort, §"Import and Export Definitions" notes),
// and type definitions refer to earlier types by index, or from inside a component/instance type
// to an enclosing scope through `alias outer` (§"Alias Definitions").
//
// Composition copies a component's imports together with the definitions their types need
// (types, and aliases of the types that imported instances export): this module finds them.

import { LinkError } from '../../core/errors.js';
import type { ComponentDecl, DefTypeAst, Definition, ExternTypeAst, InstanceDecl, ValTypeAst } from '../binary/ast.js';
import type { Space, ValidatedComponent } from '../valid/index.js';

export interface IndexRef {
  readonly space: Space;
  readonly index: number;
}

export const refKey = (space: Space, index: number): string => `${space}:${index}`;

/** (space, index) → the index of the top-level definition that introduced it. */
export function definers(vc: ValidatedComponent): Map<string, number> {
  const out = new Map<string, number>();
  vc.defs.forEach((d, i) => {
    for (const a of d.added) out.set(refKey(a.space, a.index), i);
  });
  return out;
}

/** The top-level indices a copyable definition (type, import, alias) refers to. */
export function references(def: Definition, what: () => string): IndexRef[] {
  const out: IndexRef[] = [];
  switch (def.kind) {
    case 'type':
      defTypeRefs(def.type, 0, out);
      return out;
    case 'import':
      externTypeRefs(def.type, 0, out);
      return out;
    case 'alias':
      if (def.target.kind === 'export') return [{ space: 'instance', index: def.target.instance }];
      break;
    default:
      break;
  }
  throw new LinkError(`compose: ${what()} depends on ${describe(def)}, which cannot be copied into the composed component`);
}

function describe(def: Definition): string {
  switch (def.kind) {
    case 'alias':
      return def.target.kind === 'core-export' ? `an alias of core instance ${def.target.instance}'s export "${def.target.name}"` : 'an outer alias';
    case 'core-module': return 'a core module';
    case 'core-instance': return 'a core instance';
    case 'core-type': return 'a core type definition';
    case 'component': return 'a nested component';
    case 'instance': return 'an instance the component creates';
    case 'canon': return 'a canonical definition';
    case 'export': return 'an export';
    case 'start': return 'a start function';
    case 'value': return 'a value definition';
    default: return `a ${def.kind} definition`;
  }
}

function valTypeRef(t: ValTypeAst | undefined, depth: number, out: IndexRef[]): void {
  if (typeof t === 'number' && depth === 0) out.push({ space: 'type', index: t });
}

function defTypeRefs(t: DefTypeAst, depth: number, out: IndexRef[]): void {
  switch (t.kind) {
    case 'record': for (const f of t.fields) valTypeRef(f.type, depth, out); return;
    case 'variant': for (const c of t.cases) valTypeRef(c.type, depth, out); return;
    case 'list': valTypeRef(t.elem, depth, out); return;
    case 'tuple': for (const e of t.types) valTypeRef(e, depth, out); return;
    case 'option': valTypeRef(t.type, depth, out); return;
    case 'result': valTypeRef(t.ok, depth, out); valTypeRef(t.err, depth, out); return;
    case 'own': case 'borrow': valTypeRef(t.type, depth, out); return;
    case 'stream': case 'future': valTypeRef(t.elem, depth, out); return;
    case 'map': valTypeRef(t.key, depth, out); valTypeRef(t.value, depth, out); return;
    case 'func': for (const p of t.params) valTypeRef(p.type, depth, out); valTypeRef(t.result, depth, out); return;
    case 'component': for (const d of t.decls) declRefs(d, depth + 1, out); return;
    case 'instance': for (const d of t.decls) declRefs(d, depth + 1, out); return;
    default: return; // primitives, flags, enum, resource (refused when copied)
  }
}

function declRefs(d: ComponentDecl | InstanceDecl, depth: number, out: IndexRef[]): void {
  switch (d.kind) {
    case 'type': defTypeRefs(d.type, depth, out); return;
    case 'import': case 'export': externTypeRefs(d.type, depth, out); return;
    case 'alias':
      if (d.target.kind === 'outer' && d.target.count === depth) out.push({ space: d.sort as Space, index: d.target.index });
      return;
    case 'core-type': return;
  }
}

function externTypeRefs(t: ExternTypeAst, depth: number, out: IndexRef[]): void {
  if (depth !== 0) return; // indices inside a type refer to its own scope
  switch (t.kind) {
    case 'module': out.push({ space: 'core type', index: t.type }); return;
    case 'func': case 'component': case 'instance': out.push({ space: 'type', index: t.type }); return;
    case 'type': if (t.bound.kind === 'eq') out.push({ space: 'type', index: t.bound.type }); return;
    case 'value': if (t.bound.kind === 'type') valTypeRef(t.bound.type, depth, out); return;
  }
}
