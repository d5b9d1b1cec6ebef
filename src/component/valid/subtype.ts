// Subtyping of component types. Spec: component-model design/mvp/Explainer.md §"Type Checking"
// and Binary.md §"Instance Definitions" (instantiation checks each import against the `with`
// argument of the same name, substituting supplied type imports into later imports and into the
// exports). Like wasm-tools (the reference validator whose messages the test suites quote), value
// and function types match only when structurally equal; instance types may have more exports;
// component types may import less and export more. Resources match by identity, after
// substituting the resources a component imports/defines by those supplied/expected.

import { CompileError } from '../../core/errors.js';
import type { ResourceId } from '../types.js';
import { coreEntityMatches, type CoreArena, type ModuleT } from './core-types.js';
import {
  anyDesc, anyKind, isInlinePrim, typeKey, type AnyT, type CompT, type DefT, type Entity, type FuncT, type InstT, type Item,
} from './itypes.js';
import { remapEntity, Remapping } from './remap.js';

export function fail(msg: string, offset: number): never {
  throw new CompileError(msg, offset);
}

/** Runs `f`; a CompileError it throws gets `context` prepended (wasm-tools' `with_context`). */
export function withContext<T>(context: () => string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof CompileError) throw new CompileError(`${context()}\n${e.reason}`, e.offset);
    throw e;
  }
}

/** What is being matched: imports (instantiation arguments) or exports. */
export type ExternKind = 'import' | 'export';

export class Subtyper {
  constructor(readonly arena: CoreArena) {}

  entity(a: Entity, b: Entity, offset: number): void {
    if (a.k !== b.k) fail(`expected ${b.k}, found ${a.k}`, offset);
    switch (a.k) {
      case 'module': return this.module(a.type, (b as { type: ModuleT }).type, offset);
      case 'func': return this.func(a.type, (b as { type: FuncT }).type, offset);
      case 'value': return this.val(a.type, (b as { type: DefT }).type, offset);
      case 'type': return this.any(a.referenced, (b as { referenced: AnyT }).referenced, offset);
      case 'instance': return this.instance(a.type, (b as { type: InstT }).type, offset);
      case 'component': return this.component(a.type, (b as { type: CompT }).type, offset);
    }
  }

  any(a: AnyT, b: AnyT, offset: number): void {
    const ka = anyKind(a);
    const kb = anyKind(b);
    if (ka !== kb) {
      const found = ka === 'defined' ? 'defined type' : ka === 'func' ? 'func type' : ka === 'instance' ? 'instance type'
        : ka === 'component' ? 'component type' : 'resource';
      fail(`expected ${anyDesc(b)}, found ${found}`, offset);
    }
    if ('t' in a) {
      switch (a.t) {
        case 'resource':
          if (a.rid !== (b as { rid: ResourceId }).rid) fail('resource types are not the same', offset);
          return;
        case 'func': return this.func(a, b as FuncT, offset);
        case 'instance': return this.instance(a, b as InstT, offset);
        case 'component': return this.component(a, b as CompT, offset);
      }
    }
    return this.defined(a, b as DefT, offset);
  }

  func(a: FuncT, b: FuncT, offset: number): void {
    if (a.async !== b.async) {
      fail(`expected ${a.async ? 'async' : 'sync'} function, found ${b.async ? 'async' : 'sync'} function`, offset);
    }
    if (a.params.length !== b.params.length) fail(`expected ${b.params.length} parameters, found ${a.params.length}`, offset);
    for (let i = 0; i < a.params.length; i++) {
      const pa = a.params[i]!;
      const pb = b.params[i]!;
      if (pa.name.toLowerCase() !== pb.name.toLowerCase()) fail(`expected parameter named \`${pb.name}\`, found \`${pa.name}\``, offset);
      withContext(() => `type mismatch in function parameter \`${pa.name}\``, () => this.val(pa.type, pb.type, offset));
    }
    if (a.result && b.result) {
      const ar = a.result;
      const br = b.result;
      withContext(() => 'type mismatch with result type', () => this.val(ar, br, offset));
    } else if (a.result) fail('expected a result, found none', offset);
    else if (b.result) fail('expected no result, found one', offset);
  }

  /** `component_val_type`: a value type position (inline primitive or defined type). */
  val(a: DefT, b: DefT, offset: number): void {
    const pa = isInlinePrim(a);
    const pb = isInlinePrim(b);
    if (pa && pb) return primitive(a.kind, b.kind, offset);
    if (pa) {
      if (isPrim(b)) return primitive(a.kind, b.kind, offset);
      fail(`expected ${desc(b)}, found ${a.kind}`, offset);
    }
    if (pb) {
      if (isPrim(a)) return primitive(a.kind, b.kind, offset);
      fail(`expected ${b.kind}, found ${desc(a)}`, offset);
    }
    this.defined(a, b, offset);
  }

  defined(a: DefT, b: DefT, offset: number): void {
    if (a === b) return;
    if (isPrim(a)) {
      if (isPrim(b)) return primitive(a.kind, b.kind, offset);
      fail(`expected ${desc(b)}, found ${a.kind}`, offset);
    }
    if (a.kind !== b.kind) fail(`expected ${desc(b)}, found ${a.kind}`, offset);
    switch (a.kind) {
      case 'record': {
        const bf = (b as typeof a).fields;
        if (a.fields.length !== bf.length) fail(`expected ${bf.length} fields, found ${a.fields.length}`, offset);
        a.fields.forEach((fa, i) => {
          const fb = bf[i]!;
          if (fa.label.toLowerCase() !== fb.label.toLowerCase()) fail(`expected field name \`${fb.label}\`, found \`${fa.label}\``, offset);
          withContext(() => `type mismatch in record field \`${fa.label}\``, () => this.val(fa.type, fb.type, offset));
        });
        return;
      }
      case 'variant': {
        const bc = (b as typeof a).cases;
        if (a.cases.length !== bc.length) fail(`expected ${bc.length} cases, found ${a.cases.length}`, offset);
        a.cases.forEach((ca, i) => {
          const cb = bc[i]!;
          if (ca.label.toLowerCase() !== cb.label.toLowerCase()) fail(`expected case named \`${cb.label}\`, found \`${ca.label}\``, offset);
          if (ca.type && cb.type) {
            const ta = ca.type;
            const tb = cb.type;
            withContext(() => `type mismatch in variant case \`${ca.label}\``, () => this.val(ta, tb, offset));
          } else if (!ca.type && cb.type) fail(`expected case \`${ca.label}\` to have a type, found none`, offset);
          else if (ca.type && !cb.type) fail(`expected case \`${ca.label}\` to have no type`, offset);
        });
        return;
      }
      case 'list': {
        const bl = b as typeof a;
        if ((a.length === undefined) !== (bl.length === undefined)) fail(`expected ${desc(b)}, found list`, offset);
        if (a.length !== bl.length) fail(`expected fixed-length ${bl.length}, found size ${a.length}`, offset);
        return this.val(a.elem, bl.elem, offset);
      }
      case 'option': return this.val(a.type, (b as typeof a).type, offset);
      case 'map': {
        const bm = b as typeof a;
        withContext(() => 'type mismatch in map key', () => this.val(a.key, bm.key, offset));
        withContext(() => 'type mismatch in map value', () => this.val(a.value, bm.value, offset));
        return;
      }
      case 'tuple': {
        const bt = (b as typeof a).types;
        if (a.types.length !== bt.length) fail(`expected ${bt.length} types, found ${a.types.length}`, offset);
        a.types.forEach((ta, i) => withContext(() => `type mismatch in tuple field ${i}`, () => this.val(ta, bt[i]!, offset)));
        return;
      }
      case 'flags':
      case 'enum': {
        const bl = (b as typeof a).labels;
        if (a.labels.length !== bl.length || a.labels.some((l, i) => l.toLowerCase() !== bl[i]!.toLowerCase())) fail(`mismatch in ${a.kind} elements`, offset);
        return;
      }
      case 'result': {
        const br = b as typeof a;
        if (a.ok && br.ok) {
          const x = a.ok;
          const y = br.ok;
          withContext(() => 'type mismatch in ok variant', () => this.val(x, y, offset));
        } else if (!a.ok && br.ok) fail('expected ok type, but found none', offset);
        else if (a.ok && !br.ok) fail('expected ok type to not be present', offset);
        if (a.err && br.err) {
          const x = a.err;
          const y = br.err;
          withContext(() => 'type mismatch in err variant', () => this.val(x, y, offset));
        } else if (!a.err && br.err) fail('expected err type, but found none', offset);
        else if (a.err && !br.err) fail('expected err type to not be present', offset);
        return;
      }
      case 'own':
      case 'borrow':
        if (a.resource.rid !== (b as typeof a).resource.rid) fail('resource types are not the same', offset);
        return;
      case 'future':
      case 'stream': {
        const be = (b as typeof a).elem;
        if (a.elem && be) {
          const x = a.elem;
          withContext(() => `type mismatch in ${a.kind}`, () => this.val(x, be, offset));
        } else if (!a.elem && be) fail(`expected ${a.kind} type, but found none`, offset);
        else if (a.elem && !be) fail(`expected ${a.kind} type to not be present`, offset);
        return;
      }
      default:
        return;
    }
  }

  instance(a: InstT, b: InstT, offset: number): void {
    const pairs: [string, Entity, Entity][] = [];
    for (const [name, bi] of b.exports) {
      const ai = a.exports.get(name);
      if (ai === undefined) fail(`missing expected export \`${name}\``, offset);
      pairs.push([name, ai.ty, bi.ty]);
    }
    for (const [name, x, y] of pairs) withContext(() => `type mismatch in instance export \`${name}\``, () => this.entity(x, y, offset));
  }

  module(a: ModuleT, b: ModuleT, offset: number): void {
    for (const [key, ai] of a.imports) {
      const bi = b.imports.get(key);
      if (bi === undefined) fail(`missing expected import \`${ai.module}::${ai.name}\``, offset);
      withContext(() => `type mismatch in import \`${ai.module}::${ai.name}\``, () => coreEntityMatches(this.arena, bi.type, ai.type, offset));
    }
    for (const [name, be] of b.exports) {
      const ae = a.exports.get(name);
      if (ae === undefined) fail(`missing expected export \`${name}\``, offset);
      withContext(() => `type mismatch in export \`${name}\``, () => coreEntityMatches(this.arena, ae, be, offset));
    }
  }

  /** `a` is a subtype of `b`: b's imports satisfy a's, and a's exports (so specialized) satisfy b's. */
  component(a: CompT, b: CompT, offset: number): void {
    const bImports = new Map<string, Entity>();
    for (const [name, item] of b.imports) bImports.set(name, item.ty);
    const importMap = this.openInstanceType(bImports, a, 'import', offset);
    const aExports = new Map<string, Entity>();
    for (const [name, item] of a.exports) aExports.set(name, remapEntity(item.ty, importMap));
    importMap.types = new Map();
    this.openInstanceType(aExports, b, 'export', offset);
  }

  /**
   * Checks that the items `args` satisfy the imports (or exports) of `b`, returning the mapping of
   * b's imported (or defined) resources to the supplied ones, and of b's type imports to the
   * supplied types (wasm-tools' `open_instance_type`).
   */
  openInstanceType(args: ReadonlyMap<string, Entity>, b: CompT, kind: ExternKind, offset: number): Remapping {
    const entities = kind === 'import' ? b.imports : b.exports;
    const resources = kind === 'import' ? b.importedRes : b.definedRes;
    const list = [...entities];
    const mapping = new Remapping();
    outer: for (const [resource, path] of resources) {
      let ty: Entity = list[path[0]!]![1].ty;
      let arg: Entity | undefined = args.get(list[path[0]!]![0]);
      for (const i of path.slice(1)) {
        if (ty.k !== 'instance') continue outer;
        const [name, next] = [...ty.type.exports][i]!;
        ty = next.ty;
        if (arg?.k !== 'instance') continue outer;
        arg = arg.type.exports.get(name)?.ty;
      }
      if (arg?.k === 'type' && 't' in arg.created && arg.created.t === 'resource') mapping.resources.set(resource, arg.created.rid);
    }
    const checks: [string, Entity, Entity][] = [];
    for (const [name, expected] of list) {
      const actual = args.get(name);
      if (actual === undefined) fail(`missing ${kind} named \`${name}\``, offset);
      checks.push([name, actual, expected.ty]);
    }
    const typeMap = new Map<unknown, AnyT>();
    for (const [name, actual, expected] of checks) {
      withContext(() => `type mismatch for ${kind} \`${name}\``, () => {
        const e = remapEntity(expected, mapping);
        mapping.types = new Map();
        this.entity(actual, e, offset);
      });
      registerRenamings(actual, expected, typeMap);
    }
    mapping.types = typeMap;
    return mapping;
  }
}

function registerRenamings(actual: Entity, expected: Entity, map: Map<unknown, AnyT>): void {
  if (expected.k === 'type' && actual.k === 'type') {
    map.set(typeKey(expected.created), actual.created);
  } else if (expected.k === 'instance' && actual.k === 'instance') {
    for (const [name, e] of expected.type.exports) {
      const a: Item | undefined = actual.type.exports.get(name);
      if (a !== undefined) registerRenamings(a.ty, e.ty, map);
    }
  }
}

function isPrim(t: DefT): boolean {
  switch (t.kind) {
    case 'bool': case 's8': case 'u8': case 's16': case 'u16': case 's32': case 'u32': case 's64': case 'u64':
    case 'f32': case 'f64': case 'char': case 'string': case 'error-context':
      return true;
    default:
      return false;
  }
}

/** wasm-tools' description of a defined type kind. */
export function desc(t: DefT): string {
  if (isPrim(t)) return 'primitive';
  if (t.kind === 'list' && t.length !== undefined) return 'fixed-length list';
  return t.kind;
}

function primitive(a: string, b: string, offset: number): void {
  if (a !== b) fail(`expected primitive \`${b}\` found primitive \`${a}\``, offset);
}
