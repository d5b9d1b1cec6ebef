// The index spaces of one validation scope: a component, a component type or an instance type.
// Spec: component-model design/mvp/Explainer.md §"Index Spaces" (core: func, table, memory,
// global, tag, type, module, instance; component: func, value, type, component, instance — built
// incrementally, each definition appending to one of them) and Binary.md §"Type Definitions"
// (component and instance types start with empty index spaces).
//
// Accessors raise wasm-tools' "unknown X i: X index out of bounds" / "type index i is not a Y"
// errors; every append goes through `add` so that the definition being validated can record what
// it added where (the runtime's map of index spaces).

import { CompileError } from '../../core/errors.js';
import type { GlobalType, MemoryType, TableType, ValType as CoreValType } from '../../core/types.js';
import type { ResourceId } from '../types.js';
import type { CoreArena, CoreEntity, CoreInstT, ModuleT } from './core-types.js';
import type { ResolvedFeatures } from './features.js';
import { NEW_INFO, type AnyT, type CompT, type DefT, type FuncT, type Info, type InstT, type Item, type ResT } from './itypes.js';
import type { Subtyper } from './subtype.js';

export type ScopeKind = 'component' | 'component-type' | 'instance-type';

export type Space =
  | 'core func' | 'core table' | 'core memory' | 'core global' | 'core tag' | 'core type' | 'core module' | 'core instance'
  | 'func' | 'value' | 'type' | 'component' | 'instance';

/** A core type index space entry: a defined type (arena index) or a module type. */
export type CoreTypeEntry = { readonly k: 'sub'; readonly index: number } | { readonly k: 'module'; readonly type: ModuleT };

/** Resource names known in one scope, for `[method]r.m` style names (wasm-tools' ComponentNameContext). */
export class NameContext {
  private readonly byResource = new Map<unknown, string>();
  private readonly names = new Set<string>();
  register(name: string, key: unknown): void {
    if (!this.byResource.has(key)) this.byResource.set(key, name);
    this.names.add(name);
  }
  nameOf(key: unknown): string | undefined {
    return this.byResource.get(key);
  }
  hasName(name: string): boolean {
    return this.names.has(name);
  }
}

/** Shared by all scopes of one validation. */
export interface Env {
  readonly features: ResolvedFeatures;
  readonly arena: CoreArena;
  readonly sub: Subtyper;
  /** Errors found in core function bodies, reported once everything else validated. */
  readonly deferred: CompileError[];
}

export class Scope {
  readonly coreTypes: CoreTypeEntry[] = [];
  readonly coreFuncs: number[] = [];
  readonly coreTables: TableType[] = [];
  readonly coreMemories: MemoryType[] = [];
  readonly coreGlobals: GlobalType[] = [];
  readonly coreTags: number[] = [];
  readonly coreModules: ModuleT[] = [];
  readonly coreInstances: CoreInstT[] = [];
  readonly types: AnyT[] = [];
  readonly funcs: FuncT[] = [];
  readonly values: { type: DefT; used: boolean }[] = [];
  readonly instances: InstT[] = [];
  readonly components: CompT[] = [];

  readonly imports = new Map<string, Item>();
  readonly importNames = new Map<string, string>();
  readonly exports = new Map<string, Item>();
  readonly exportNames = new Map<string, string>();
  info: Info = NEW_INFO;
  hasStart = false;

  readonly importedResources = new Map<ResourceId, number[]>();
  /** Defined resources with their representation when known (defined in this very component). */
  readonly definedResources = new Map<ResourceId, CoreValType | undefined>();
  readonly explicitResources = new Map<ResourceId, number[]>();
  readonly exportedTypes = new Set<unknown>();
  readonly importedTypes = new Set<unknown>();
  readonly exportedResourceNames = new NameContext();
  readonly importedResourceNames = new NameContext();
  contextType: CoreValType | undefined;

  /** What the current definition added, as (space, index) pairs. */
  log: { space: Space; index: number }[] = [];

  constructor(readonly kind: ScopeKind, readonly env: Env) {}

  get features(): ResolvedFeatures {
    return this.env.features;
  }

  add<T>(space: Space, list: T[], value: T): number {
    const index = list.length;
    list.push(value);
    this.log.push({ space, index });
    return index;
  }

  // ---- accessors (wasm-tools' wording) ----

  coreTypeAt(i: number, offset: number): CoreTypeEntry {
    return this.coreTypes[i] ?? fail(`unknown type ${i}: type index out of bounds`, offset);
  }

  /** A core function type (arena index) by core type index. */
  coreSubAt(i: number, offset: number): number {
    const e = this.coreTypeAt(i, offset);
    if (e.k === 'module') fail(`type index ${i} is a module type, not a sub type`, offset);
    return e.index;
  }

  typeAt(i: number, offset: number): AnyT {
    return this.types[i] ?? fail(`unknown type ${i}: type index out of bounds`, offset);
  }

  funcTypeAt(i: number, offset: number): FuncT {
    const t = this.typeAt(i, offset);
    if ('t' in t && t.t === 'func') return t;
    return fail(`type index ${i} is not a function type`, offset);
  }

  definedTypeAt(i: number, offset: number): DefT {
    const t = this.typeAt(i, offset);
    if (!('t' in t)) return t;
    return fail(`type index ${i} is not a defined type`, offset);
  }

  resourceAt(i: number, offset: number): ResT {
    const t = this.typeAt(i, offset);
    if ('t' in t && t.t === 'resource') return t;
    return fail(`type index ${i} is not a resource type`, offset);
  }

  funcAt(i: number, offset: number): FuncT {
    return this.funcs[i] ?? fail(`unknown function ${i}: function index out of bounds`, offset);
  }

  componentAt(i: number, offset: number): CompT {
    return this.components[i] ?? fail(`unknown component ${i}: component index out of bounds`, offset);
  }

  instanceAt(i: number, offset: number): InstT {
    return this.instances[i] ?? fail(`unknown instance ${i}: instance index out of bounds`, offset);
  }

  /** Uses a value (🪙 each value is consumed exactly once). */
  useValue(i: number, offset: number): DefT {
    const v = this.values[i];
    if (v === undefined) fail(`unknown value ${i}: value index out of bounds`, offset);
    if (v.used) fail(`value ${i} cannot be used more than once`, offset);
    v.used = true;
    return v.type;
  }

  coreFuncAt(i: number, offset: number): number {
    const t = this.coreFuncs[i];
    return t ?? fail(`unknown core function ${i}: function index out of bounds`, offset);
  }

  moduleAt(i: number, offset: number): ModuleT {
    return this.coreModules[i] ?? fail(`unknown module ${i}: module index out of bounds`, offset);
  }

  coreInstanceAt(i: number, offset: number): CoreInstT {
    return this.coreInstances[i] ?? fail(`unknown core instance ${i}: instance index out of bounds`, offset);
  }

  tableAt(i: number, offset: number): TableType {
    return this.coreTables[i] ?? fail(`unknown table ${i}: table index out of bounds`, offset);
  }

  memoryAt(i: number, offset: number): MemoryType {
    return this.coreMemories[i] ?? fail(`unknown memory ${i}: memory index out of bounds`, offset);
  }

  globalAt(i: number, offset: number): GlobalType {
    return this.coreGlobals[i] ?? fail(`unknown global ${i}: global index out of bounds`, offset);
  }

  tagAt(i: number, offset: number): number {
    const t = this.coreTags[i];
    return t ?? fail(`unknown tag ${i}: tag index out of bounds`, offset);
  }

  coreInstanceExport(i: number, name: string, offset: number): CoreEntity {
    const e = this.coreInstanceAt(i, offset).exports.get(name);
    return e ?? fail(`core instance ${i} has no export named \`${name}\``, offset);
  }

  requireValues(offset: number): void {
    if (!this.features.values) fail('support for component model `value`s is not enabled', offset);
  }
}

export function fail(msg: string, offset: number): never {
  throw new CompileError(msg, offset);
}
