// The runtime index spaces of one component instance. Spec: component-model
// design/mvp/Explainer.md §"Index Spaces" and §"Instance Definitions": a component instance
// is built by running its definitions in order, each appending to one index space; the
// validator (component/valid) has already resolved every type, so the runtime only holds values.

import type { ExecLimits } from '../../core/exec/limits.js';
import type { ResourceType } from '../canon/resource.js';
import type { ComponentInstance as CanonInstance } from '../canon/instance.js';
import type { FuncType, ResourceId, ValType } from '../types.js';
import type { ExternDesc } from '../api.js';
import type { ResolvedType, TypeExternDesc, ValidatedComponent } from '../valid/index.js';
import type { CoreInstance, ExternVal, FuncInstance, Module } from './core.js';

/** A component-level function: its type (resources bound) and its JS-convention callable. */
export interface RFunc {
  readonly type: FuncType<ResourceType>;
  readonly fn: (...args: unknown[]) => unknown;
}

/** A type in the type index space: resources carry their runtime identity. */
export interface RType {
  readonly resolved: ResolvedType;
  readonly rt?: ResourceType | undefined;
}

/** A component definition closed over the scope it was defined in (for outer aliases). */
export interface RComponent {
  readonly vc: ValidatedComponent;
  readonly outer: Scope | undefined;
}

/** A component instance's exports (or an inline/imported instance), by name. */
export type RInstance = ReadonlyMap<string, RItem>;

export type RItem =
  | { readonly sort: 'func'; readonly value: RFunc }
  | { readonly sort: 'instance'; readonly value: RInstance }
  | { readonly sort: 'type'; readonly value: RType }
  | { readonly sort: 'component'; readonly value: RComponent }
  | { readonly sort: 'core module'; readonly value: Module }
  | { readonly sort: 'value'; readonly value: unknown };

/** Embedder options of a component instantiation (component.ts). */
export interface InstanceSetup {
  /** Limits shared by every core instance in the component (core/exec/limits.ts). */
  readonly limits: ExecLimits | undefined;
}

export const NO_SETUP: InstanceSetup = { limits: undefined };

export class Scope {
  readonly coreFuncs: FuncInstance[] = [];
  readonly coreTables: ExternVal[] = [];
  readonly coreMemories: ExternVal[] = [];
  readonly coreGlobals: ExternVal[] = [];
  readonly coreTags: ExternVal[] = [];
  readonly coreTypes: null[] = [];
  readonly coreModules: Module[] = [];
  readonly coreInstances: CoreInstance[] = [];
  readonly funcs: RFunc[] = [];
  readonly values: unknown[] = [];
  readonly types: RType[] = [];
  readonly components: RComponent[] = [];
  readonly instances: RInstance[] = [];
  readonly exports = new Map<string, RItem>();
  /** This instance's binding of the validator's abstract resources to runtime resource types. */
  readonly resources = new Map<ResourceId, ResourceType>();
  private readonly substMemo = new WeakMap<object, unknown>();

  constructor(
    readonly vc: ValidatedComponent,
    readonly outer: Scope | undefined,
    /** The canonical ABI's per-instance state (flags, handle table). */
    readonly state: CanonInstance,
    /** What the embedder asked for at instantiation, shared by nested component instances. */
    readonly setup: InstanceSetup = NO_SETUP,
  ) {}

  /** The runtime resource type bound to `rid` (every use is preceded by its binding). */
  resource(rid: ResourceId): ResourceType {
    const rt = this.resources.get(rid);
    if (rt === undefined) throw new Error(`internal: resource ${rid.name} is not bound`);
    return rt;
  }

  /** A validated value type with this instance's resources substituted. */
  valType(t: ValType): ValType<ResourceType> {
    const memo = this.substMemo.get(t) as ValType<ResourceType> | undefined;
    if (memo !== undefined) return memo;
    let out: ValType<ResourceType>;
    switch (t.kind) {
      case 'list': out = t.length === undefined ? { kind: 'list', elem: this.valType(t.elem) } : { kind: 'list', elem: this.valType(t.elem), length: t.length }; break;
      case 'record': out = { kind: 'record', fields: t.fields.map((f) => ({ label: f.label, type: this.valType(f.type) })) }; break;
      case 'tuple': out = { kind: 'tuple', types: t.types.map((x) => this.valType(x)) }; break;
      case 'variant': out = { kind: 'variant', cases: t.cases.map((c) => ({ label: c.label, type: c.type && this.valType(c.type) })) }; break;
      case 'option': out = { kind: 'option', type: this.valType(t.type) }; break;
      case 'result': out = { kind: 'result', ok: t.ok && this.valType(t.ok), err: t.err && this.valType(t.err) }; break;
      case 'own': case 'borrow': out = { kind: t.kind, resource: this.resource(t.resource) }; break;
      case 'stream': case 'future': out = { kind: t.kind, elem: t.elem && this.valType(t.elem) }; break;
      case 'map': out = { kind: 'map', key: this.valType(t.key), value: this.valType(t.value) }; break;
      default: out = t as ValType<ResourceType>;
    }
    this.substMemo.set(t, out);
    return out;
  }

  funcType(f: FuncType): FuncType<ResourceType> {
    const memo = this.substMemo.get(f) as FuncType<ResourceType> | undefined;
    if (memo !== undefined) return memo;
    const out: FuncType<ResourceType> = {
      params: f.params.map((p) => ({ name: p.name, type: this.valType(p.type) })),
      result: f.result && this.valType(f.result),
      async: f.async,
    };
    this.substMemo.set(f, out);
    return out;
  }
}

/** The resolved type of a `type` import/export (the validator's TypeExternDesc), if `d` is one. */
export function resolvedOf(d: ExternDesc): ResolvedType | undefined {
  return d.kind === 'type' ? (d as TypeExternDesc).resolved : undefined;
}

/** The resource a `type` import/export names, if it names one. */
export function resourceOf(d: ExternDesc): ResourceId | undefined {
  const r = resolvedOf(d);
  return r?.kind === 'resource' ? r.resource : undefined;
}
