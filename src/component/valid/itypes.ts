// Validation-time forms of component types. Spec: component-model design/mvp/Explainer.md
// §"Type Definitions" (defvaltype, functype, componenttype, instancetype, resourcetype), §"Type
// Checking" (resource types are abstract, generative: each definition and each `(sub resource)`
// import/export is a fresh type) and Binary.md §"Type Definitions" notes.
//
// Types are plain objects whose *identity* is the type's identity: a record defined once and used
// twice is one object. Exporting or importing a type with `(eq i)` makes a new identity for the
// same structure (`withUnique`), which is what the "named types" rule of exports/imports tracks.
// Value types are component/types.ts's ValType with `own`/`borrow` pointing at a ResT: a resource
// type *entry* (its abstract ResourceId plus an alias number distinguishing re-exports).

import { CompileError } from '../../core/errors.js';
import type { FuncType, PrimKind, ResourceId, ValType } from '../types.js';
import type { CoreEntity, ModuleT } from './core-types.js';

/** A resource type as it sits in a type index space. */
export interface ResT { readonly t: 'resource'; readonly rid: ResourceId; readonly alias: number }

/** A defined value type (ValType tree over ResT). */
export type DefT = ValType<ResT>;

/** Size/depth/borrow summary of a type (wasm-tools' TypeInfo; limits from its implementation). */
export interface Info { readonly size: number; readonly depth: number; readonly borrow: boolean }

export interface FuncT extends FuncType<ResT> {
  readonly t: 'func';
  readonly params: readonly { readonly name: string; readonly type: DefT }[];
  readonly result?: DefT | undefined;
  readonly async: boolean;
  readonly info: Info;
}

/** An import or export of a component or instance type (`ComponentItem`). */
export interface Item {
  readonly ty: Entity;
  readonly implements?: string | undefined;
  readonly versionSuffix?: string | undefined;
  readonly externalId?: string | undefined;
}

/** Paths (export/import positions, then nested instance export positions) of resources. */
export type ResourcePaths = ReadonlyMap<ResourceId, readonly number[]>;

export interface InstT {
  readonly t: 'instance';
  readonly info: Info;
  readonly exports: ReadonlyMap<string, Item>;
  /** Resources introduced by `(export "x" (type (sub resource)))` in an unattached instance type. */
  readonly defined: readonly ResourceId[];
  /** Resources exported somewhere in this instance, with their export paths. */
  readonly explicit: ResourcePaths;
}

export interface CompT {
  readonly t: 'component';
  readonly info: Info;
  readonly imports: ReadonlyMap<string, Item>;
  readonly exports: ReadonlyMap<string, Item>;
  /** Resources the component imports (type variables), with their import paths. */
  readonly importedRes: ResourcePaths;
  /** Resources the component defines and exports, with their export paths. */
  readonly definedRes: ResourcePaths;
  readonly explicit: ResourcePaths;
}

export type AnyT = ResT | DefT | FuncT | InstT | CompT;

/** The type of anything in a component index space (`ComponentEntityType`). */
export type Entity =
  | { readonly k: 'module'; readonly type: ModuleT }
  | { readonly k: 'func'; readonly type: FuncT }
  | { readonly k: 'value'; readonly type: DefT }
  | { readonly k: 'type'; readonly referenced: AnyT; readonly created: AnyT }
  | { readonly k: 'instance'; readonly type: InstT }
  | { readonly k: 'component'; readonly type: CompT };

export type { CoreEntity, ModuleT };

// ---- classification ----

export type AnyKind = 'resource' | 'defined' | 'func' | 'instance' | 'component';

export function anyKind(t: AnyT): AnyKind {
  return 't' in t ? t.t : 'defined';
}

/** wasm-tools' descriptions of type kinds in mismatch messages. */
export function anyDesc(t: AnyT): string {
  const k = anyKind(t);
  return k === 'defined' ? 'defined type' : k;
}

export function entityDesc(e: Entity): string {
  return e.k;
}

// ---- primitives ----

const PRIMS = new Set<string>([
  'bool', 's8', 'u8', 's16', 'u16', 's32', 'u32', 's64', 'u64', 'f32', 'f64', 'char', 'string', 'error-context',
]);

export function isPrimKind(k: string): k is PrimKind {
  return PRIMS.has(k);
}

/** Shared nodes for primitive value types written inline (`valtype ::= pvt`). */
const INLINE = new Map<string, DefT>();
export function inlinePrim(k: PrimKind): DefT {
  let t = INLINE.get(k);
  if (t === undefined) INLINE.set(k, (t = Object.freeze({ kind: k })));
  return t;
}

/** Is this node a primitive written inline rather than a defined type (`(type u32)`)? */
export function isInlinePrim(t: DefT): boolean {
  return INLINE.get(t.kind) === t;
}

// ---- identity ----

let nextAlias = 1;
const resourceUids = new WeakMap<ResourceId, number>();
let nextResource = 1;

export function newResourceId(name: string, defined?: ResourceId['defined']): ResourceId {
  const n = nextResource++;
  const id: ResourceId = defined ? { name: name || `resource${n}`, defined } : { name: name || `resource${n}` };
  resourceUids.set(id, n);
  return id;
}

export function resourceUid(id: ResourceId): number {
  let n = resourceUids.get(id);
  if (n === undefined) resourceUids.set(id, (n = nextResource++));
  return n;
}

export function newResT(rid: ResourceId): ResT {
  return { t: 'resource', rid, alias: nextAlias++ };
}

/** A key under which a type is tracked in "named" sets and type maps: resources by (id, alias). */
export function typeKey(t: AnyT): unknown {
  return 't' in t && t.t === 'resource' ? `r${resourceUid(t.rid)}:${t.alias}` : t;
}

/** A new identity for the same type (wasm-tools' `with_unique`). */
export function withUnique<T extends AnyT>(t: T): T {
  if ('t' in t && t.t === 'resource') return newResT(t.rid) as T;
  const copy = { ...t };
  const info = infoOfDefined.get(t as object);
  if (info !== undefined) infoOfDefined.set(copy, info);
  return copy;
}

// ---- type info ----

export const MAX_TYPE_SIZE = 1_000_000;
export const MAX_TYPE_DEPTH = 100;
export const NEW_INFO: Info = Object.freeze({ size: 1, depth: 1, borrow: false });
export const BORROW_INFO: Info = Object.freeze({ size: 1, depth: 1, borrow: true });

/** `self.combine(other)`: an aggregate containing `other`. */
export function combine(self: Info, other: Info, offset: number): Info {
  const size = self.size + other.size;
  if (size >= MAX_TYPE_SIZE) throw new CompileError(`effective type size exceeds the limit of ${MAX_TYPE_SIZE}`, offset);
  return { size, depth: Math.max(self.depth, other.depth + 1), borrow: self.borrow || other.borrow };
}

const infoOfDefined = new WeakMap<object, Info>();

export function setDefinedInfo(t: DefT, info: Info): void {
  infoOfDefined.set(t, info);
}

/** Info of a value type: inline primitives are fresh leaves; defined types carry their own. */
export function valInfo(t: DefT): Info {
  return infoOfDefined.get(t) ?? (t.kind === 'borrow' ? BORROW_INFO : NEW_INFO);
}

export function anyInfo(t: AnyT): Info {
  if (!('t' in t)) return valInfo(t);
  if (t.t === 'resource') return NEW_INFO;
  return t.info;
}

export function entityInfo(e: Entity): Info {
  switch (e.k) {
    case 'module': return e.type.info;
    case 'func': return e.type.info;
    case 'value': return valInfo(e.type);
    case 'type': return anyInfo(e.referenced);
    case 'instance': return e.type.info;
    case 'component': return e.type.info;
  }
}

export type { CoreEntity as CoreEntityType };
