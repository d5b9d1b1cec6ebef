// The Component Model's semantic types, shared by component/binary (decoded forms refer to these
// kinds), component/valid (which resolves type indices into these structures), component/canon
// (which computes layouts and lift/lower closures from them) and component/runtime.
// Spec: component-model design/mvp/Explainer.md §"Type Definitions" and CanonicalABI.md
// §"Despecialization"; definitions.py's ValType classes (Bool, S8…, Record, Variant, …, Own, Borrow).
//
// A ValType is a resolved structural tree: no type indices remain. `own`/`borrow` point at a
// resource type identity `R`: during validation an abstract ResourceId (imported, exported or
// defined resources), at run time the runtime's ResourceType object for one instance.

export type PrimKind =
  | 'bool' | 's8' | 'u8' | 's16' | 'u16' | 's32' | 'u32' | 's64' | 'u64'
  | 'f32' | 'f64' | 'char' | 'string' | 'error-context';

export const PRIM_KINDS: readonly PrimKind[] = [
  'bool', 's8', 'u8', 's16', 'u16', 's32', 'u32', 's64', 'u64', 'f32', 'f64', 'char', 'string', 'error-context',
];

export interface Field<R = ResourceId> { readonly label: string; readonly type: ValType<R> }
export interface Case<R = ResourceId> { readonly label: string; readonly type?: ValType<R> | undefined }

export type ValType<R = ResourceId> =
  | { readonly kind: PrimKind }
  /** `length` present for a fixed-length list `(list t len)`. */
  | { readonly kind: 'list'; readonly elem: ValType<R>; readonly length?: number | undefined }
  | { readonly kind: 'record'; readonly fields: readonly Field<R>[] }
  | { readonly kind: 'tuple'; readonly types: readonly ValType<R>[] }
  | { readonly kind: 'variant'; readonly cases: readonly Case<R>[] }
  | { readonly kind: 'enum'; readonly labels: readonly string[] }
  | { readonly kind: 'option'; readonly type: ValType<R> }
  | { readonly kind: 'result'; readonly ok?: ValType<R> | undefined; readonly err?: ValType<R> | undefined }
  | { readonly kind: 'flags'; readonly labels: readonly string[] }
  | { readonly kind: 'own'; readonly resource: R }
  | { readonly kind: 'borrow'; readonly resource: R }
  | { readonly kind: 'stream'; readonly elem?: ValType<R> | undefined }
  | { readonly kind: 'future'; readonly elem?: ValType<R> | undefined }
  | { readonly kind: 'map'; readonly key: ValType<R>; readonly value: ValType<R> };

export type ValKind = ValType['kind'];

export interface Param<R = ResourceId> { readonly name: string; readonly type: ValType<R> }

/** `(func async? (param "a" t)* (result t)?)`. */
export interface FuncType<R = ResourceId> {
  readonly params: readonly Param<R>[];
  readonly result?: ValType<R> | undefined;
  readonly async?: boolean | undefined;
}

/**
 * The identity of a resource type during validation. Each `(resource ...)` definition, each
 * imported `(type (sub resource))` and each exported one is a fresh ResourceId; aliases and
 * `(eq i)` bounds share the object. `rep` and `dtor` are known only for defined resources.
 */
export interface ResourceId {
  readonly name: string; // a debugging label: the import/export name or "resource<N>"
  readonly defined?: { readonly rep: 'i32' | 'i64'; readonly dtor?: number | undefined } | undefined;
}
