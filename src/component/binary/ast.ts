// The decoded (unvalidated) form of a component binary. Spec: component-model
// design/mvp/Binary.md — §"Component Definitions", §"Instance Definitions", §"Alias Definitions",
// §"Type Definitions", §"Canonical Definitions", §"Start Definitions", §"Import and Export
// Definitions", §"Value Definitions", §"Name Section" — and Explainer.md for the meaning of each
// form. The shapes follow the spec's grammar; names are the spec's names.
//
// Conventions:
// - Every node carries `offset`: the absolute byte offset (in the outermost binary) where it starts,
//   so that validation errors can say "at offset 0x..".
// - Types here are *unresolved*: a `ValTypeAst` is a primitive kind or a type index into the
//   enclosing scope's type index space; the validator resolves them into component/types.ts's
//   ValType. Defined value types use the kind strings of component/types.ts.
// - Core modules are byte ranges of the binary, checked well formed by the core decoder (the core
//   engine validates and compiles them later); core value types and composite types reuse
//   src/core/types.ts (concrete heap types there index the enclosing core type space).
// - Feature-gated forms (🪙 values/start, 🔀 async, 📝 error-context, 🔧 fixed-length lists,
//   🗺️ map, 🧵 threads, 🏷️/🔗 name attributes) are decoded unconditionally; gating is the validator's.
//
// This file is shared vocabulary for component/valid and component/runtime: changes are additive.

import type { CompositeType, GlobalType, MemoryType, TableType, TagType, ValType as CoreValType } from '../../core/types.js';
import type { Module } from '../../core/module.js';
import type { FeatureSet } from '../../core/features.js';
import type { PrimKind } from '../types.js';

// ---- sorts ----

/** `core:sort` (Binary.md §"Instance Definitions"); 'type', 'module', 'instance' only via aliases. */
export type CoreSort = 'func' | 'table' | 'memory' | 'global' | 'tag' | 'type' | 'module' | 'instance';
/** Non-core `sort`s. */
export type ComponentSort = 'func' | 'value' | 'type' | 'component' | 'instance';
/** `sort`, flattened: core sorts are written as in the text format, e.g. 'core func', 'core module'. */
export type Sort = `core ${CoreSort}` | ComponentSort;

// ---- names ----

/**
 * `nameattributes` (Binary.md §"Import and Export Definitions"): an extern name with optional
 * attributes. `form` is the leading byte (0x00/0x01 plain, 0x02 with an attribute vector 🏷️/🔗),
 * recorded so that the validator can gate the attribute form.
 */
export interface ExternName {
  readonly offset: number;
  readonly form: 0 | 1 | 2;
  readonly name: string;
  /** Absolute offset of the name string (its length prefix). */
  readonly nameOffset: number;
  /** `(implements "in")` 🏷️ */
  readonly implements?: string | undefined;
  /** `(versionsuffix "vs")` 🔗 */
  readonly versionSuffix?: string | undefined;
  /** `(external-id n)` 🏷️ */
  readonly externalId?: string | undefined;
}

// ---- value types ----

/** `valtype`: a primitive value type, or a type index (a number) into the type index space. */
export type ValTypeAst = PrimKind | number;

export interface FieldAst { readonly label: string; readonly type: ValTypeAst }
export interface CaseAst { readonly label: string; readonly type?: ValTypeAst | undefined }

/** `defvaltype` (Binary.md §"Type Definitions"), kinds as in component/types.ts. */
export type DefValTypeAst =
  | { readonly kind: PrimKind }
  | { readonly kind: 'record'; readonly fields: readonly FieldAst[] }
  | { readonly kind: 'variant'; readonly cases: readonly CaseAst[] }
  /** `length` present for a fixed-length list `(list t len)` 🔧 (opcode 0x67). */
  | { readonly kind: 'list'; readonly elem: ValTypeAst; readonly length?: number | undefined }
  | { readonly kind: 'tuple'; readonly types: readonly ValTypeAst[] }
  | { readonly kind: 'flags'; readonly labels: readonly string[] }
  | { readonly kind: 'enum'; readonly labels: readonly string[] }
  | { readonly kind: 'option'; readonly type: ValTypeAst }
  | { readonly kind: 'result'; readonly ok?: ValTypeAst | undefined; readonly err?: ValTypeAst | undefined }
  /** `(own i)` / `(borrow i)`: `type` indexes the type index space (validated to be a resource). */
  | { readonly kind: 'own'; readonly type: number }
  | { readonly kind: 'borrow'; readonly type: number }
  | { readonly kind: 'stream'; readonly elem?: ValTypeAst | undefined }
  | { readonly kind: 'future'; readonly elem?: ValTypeAst | undefined }
  | { readonly kind: 'map'; readonly key: ValTypeAst; readonly value: ValTypeAst };

export interface ParamAst { readonly name: string; readonly type: ValTypeAst }

/** `functype`: 0x40 (sync) or 0x43 (async 🔀). */
export interface FuncTypeAst {
  readonly kind: 'func';
  readonly async: boolean;
  readonly params: readonly ParamAst[];
  readonly result?: ValTypeAst | undefined;
}

/** `resourcetype`: `(resource (rep t) (dtor f)?)`; `rep` is a core value type (validated to be i32/i64). */
export interface ResourceTypeAst {
  readonly kind: 'resource';
  readonly rep: CoreValType;
  /** Core function index of the destructor. */
  readonly dtor?: number | undefined;
}

/** `componenttype`: `(component cd*)`. */
export interface ComponentTypeAst { readonly kind: 'component'; readonly decls: readonly ComponentDecl[] }
/** `instancetype`: `(instance id*)`. */
export interface InstanceTypeAst { readonly kind: 'instance'; readonly decls: readonly InstanceDecl[] }

/** `deftype`. */
export type DefTypeAst = DefValTypeAst | FuncTypeAst | ComponentTypeAst | InstanceTypeAst | ResourceTypeAst;

/** `typebound`. */
export type TypeBound = { readonly kind: 'eq'; readonly type: number } | { readonly kind: 'sub-resource' };
/**
 * `valuebound` 🪙: `(eq i)` a value index, or a value type. The decoder reads a value externtype as
 * `0x02 valtype` (wasm-tools' encoding, hence jco's), so it only produces the 'type' form.
 */
export type ValueBound = { readonly kind: 'eq'; readonly value: number } | { readonly kind: 'type'; readonly type: ValTypeAst };

/** `externtype`. Type indices are into the type index space (core type space for 'module'). */
export type ExternTypeAst = { readonly offset: number } & (
  | { readonly kind: 'module'; readonly type: number }
  | { readonly kind: 'func'; readonly type: number }
  | { readonly kind: 'value'; readonly bound: ValueBound }
  | { readonly kind: 'type'; readonly bound: TypeBound }
  | { readonly kind: 'component'; readonly type: number }
  | { readonly kind: 'instance'; readonly type: number }
);

// ---- core types ----

/** One `core:subtype` of a rec group (no index-space bookkeeping: the validator assigns indices). */
export interface CoreSubTypeAst {
  readonly offset: number;
  readonly final: boolean;
  readonly supers: readonly number[];
  readonly composite: CompositeType;
}

/** `core:rectype`: a `(rec ...)` group, or a single sub type (a group of one, `explicit` false). */
export interface CoreRecGroupAst {
  readonly kind: 'rec';
  readonly explicit: boolean;
  readonly types: readonly CoreSubTypeAst[];
}

/** `core:externtype` as it appears in a core import or a module type's export declaration. */
export type CoreExternTypeAst =
  | { readonly kind: 'func'; readonly type: number }
  | { readonly kind: 'table'; readonly type: TableType }
  | { readonly kind: 'memory'; readonly type: MemoryType }
  | { readonly kind: 'global'; readonly type: GlobalType }
  | { readonly kind: 'tag'; readonly type: TagType };

/** `core:moduledecl`. */
export type ModuleDecl = { readonly offset: number } & (
  | { readonly kind: 'import'; readonly module: string; readonly name: string; readonly type: CoreExternTypeAst }
  /** A core type definition; only rec groups are well formed here (a 0x50 is a non-final sub type). */
  | { readonly kind: 'type'; readonly type: CoreRecGroupAst }
  /** `(alias outer ct idx (type))`. */
  | { readonly kind: 'alias'; readonly count: number; readonly index: number }
  | { readonly kind: 'export'; readonly name: string; readonly type: CoreExternTypeAst }
);

/** `core:moduletype`. */
export interface CoreModuleTypeAst { readonly kind: 'module'; readonly decls: readonly ModuleDecl[] }

/** `core:deftype`. */
export type CoreDefTypeAst = CoreRecGroupAst | CoreModuleTypeAst;

// ---- definitions shared by components and component/instance types ----

export interface CoreTypeDef { readonly kind: 'core-type'; readonly offset: number; readonly type: CoreDefTypeAst }
export interface TypeDef { readonly kind: 'type'; readonly offset: number; readonly type: DefTypeAst }

/** `alias` (Binary.md §"Alias Definitions"). For 'core-export', `sort` is a core sort. */
export interface AliasDef {
  readonly kind: 'alias';
  readonly offset: number;
  readonly sort: Sort;
  readonly target:
    | { readonly kind: 'export'; readonly instance: number; readonly name: string }
    | { readonly kind: 'core-export'; readonly instance: number; readonly name: string }
    | { readonly kind: 'outer'; readonly count: number; readonly index: number };
}

/** `importdecl` / `import`. */
export interface ImportDef { readonly kind: 'import'; readonly offset: number; readonly name: ExternName; readonly type: ExternTypeAst }
/** `exportdecl` (in component and instance types). */
export interface ExportDecl { readonly kind: 'export'; readonly offset: number; readonly name: ExternName; readonly type: ExternTypeAst }

/** `instancedecl`. */
export type InstanceDecl = CoreTypeDef | TypeDef | AliasDef | ExportDecl;
/** `componentdecl`. */
export type ComponentDecl = InstanceDecl | ImportDef;

// ---- component definitions ----

/** A `core:module` section: the module's bytes (a view) and where they start. */
export interface CoreModuleDef {
  readonly kind: 'core-module';
  /** Absolute offset of the module's first byte (its magic number). */
  readonly offset: number;
  readonly bytes: Uint8Array;
  /**
   * The module as decoded by core/binary/decode.ts to check that it is well formed. Its offsets
   * are relative to `bytes`: add `offset` for absolute ones.
   */
  readonly module: Module;
  /**
   * The core features `module` was decoded with: COMPONENT_CORE_FEATURES (the validator's
   * default core features) when the module is well formed under them, else all core features
   * on. The validator reuses `module` when it validates with equal features.
   */
  readonly moduleFeatures: FeatureSet;
}

export interface CoreInstantiateArg { readonly offset: number; readonly name: string; /** core instance index */ readonly instance: number }
export interface CoreInlineExport { readonly offset: number; readonly name: string; readonly sort: CoreSort; readonly index: number }

/** `core:instance`. */
export interface CoreInstanceDef {
  readonly kind: 'core-instance';
  readonly offset: number;
  readonly expr:
    | { readonly kind: 'instantiate'; readonly module: number; readonly args: readonly CoreInstantiateArg[] }
    | { readonly kind: 'exports'; readonly exports: readonly CoreInlineExport[] };
}

export interface InstantiateArg { readonly offset: number; readonly name: string; readonly sort: Sort; readonly index: number }
export interface InlineExport { readonly offset: number; readonly name: ExternName; readonly sort: Sort; readonly index: number }

/** `instance`. */
export interface InstanceDef {
  readonly kind: 'instance';
  readonly offset: number;
  readonly expr:
    | { readonly kind: 'instantiate'; readonly component: number; readonly args: readonly InstantiateArg[] }
    | { readonly kind: 'exports'; readonly exports: readonly InlineExport[] };
}

/** A nested `component` section. */
export interface ComponentDef { readonly kind: 'component'; readonly offset: number; readonly component: ComponentAst }

/** `canonopt`. */
export type CanonOpt = { readonly offset: number } & (
  | { readonly kind: 'string-encoding'; readonly encoding: 'utf8' | 'utf16' | 'latin1+utf16' }
  | { readonly kind: 'memory'; readonly index: number }
  | { readonly kind: 'realloc'; readonly index: number }
  | { readonly kind: 'post-return'; readonly index: number }
  | { readonly kind: 'async' }
  | { readonly kind: 'callback'; readonly index: number }
  /** wasm-tools extension (0x08): the core function type to lower to (GC ABI). */
  | { readonly kind: 'core-type'; readonly index: number }
  /** wasm-tools extension (0x09): use the GC canonical ABI. */
  | { readonly kind: 'gc' }
);

/** Canonical definitions (Binary.md §"Canonical Definitions"); `kind` is the spec's builtin name. */
export type Canon =
  /** `(canon lift f opts type)`: `coreFunc` a core function index, `type` a type index. */
  | { readonly kind: 'lift'; readonly coreFunc: number; readonly opts: readonly CanonOpt[]; readonly type: number }
  /** `(canon lower f opts)`: `func` a component function index. */
  | { readonly kind: 'lower'; readonly func: number; readonly opts: readonly CanonOpt[] }
  | { readonly kind: 'resource.new' | 'resource.drop' | 'resource.rep'; readonly type: number }
  | { readonly kind: 'backpressure.inc' | 'backpressure.dec' | 'task.cancel' | 'subtask.drop' | 'error-context.drop'
      | 'waitable-set.new' | 'waitable-set.drop' | 'waitable.join' | 'thread.index' | 'thread.resume-later' }
  | { readonly kind: 'task.return'; readonly result?: ValTypeAst | undefined; readonly opts: readonly CanonOpt[] }
  /** `t` a core value type (validated to be i32, or i64 with 64-bit components), `index` the slot. */
  | { readonly kind: 'context.get' | 'context.set'; readonly type: CoreValType; readonly index: number }
  | { readonly kind: 'subtask.cancel'; readonly async: boolean }
  | { readonly kind: 'stream.new' | 'stream.drop-readable' | 'stream.drop-writable'
      | 'future.new' | 'future.drop-readable' | 'future.drop-writable'; readonly type: number }
  | { readonly kind: 'stream.read' | 'stream.write' | 'future.read' | 'future.write'; readonly type: number; readonly opts: readonly CanonOpt[] }
  | { readonly kind: 'stream.cancel-read' | 'stream.cancel-write' | 'future.cancel-read' | 'future.cancel-write'; readonly type: number; readonly async: boolean }
  | { readonly kind: 'error-context.new' | 'error-context.debug-message'; readonly opts: readonly CanonOpt[] }
  | { readonly kind: 'waitable-set.wait' | 'waitable-set.poll'; readonly cancellable: boolean; readonly memory: number }
  /** `ft` a core type index, `table` a core table index. */
  | { readonly kind: 'thread.new-indirect'; readonly funcType: number; readonly table: number }
  | { readonly kind: 'thread.suspend' | 'thread.yield' | 'thread.suspend-then-resume' | 'thread.yield-then-resume'
      | 'thread.suspend-then-promote' | 'thread.yield-then-promote'; readonly cancellable: boolean }
  /** 🧵② `shared` is undefined when the binary has no `sh?` immediate (wasm-tools' encoding). */
  | { readonly kind: 'thread.spawn-ref'; readonly shared?: boolean | undefined; readonly funcType: number }
  | { readonly kind: 'thread.spawn-indirect'; readonly shared?: boolean | undefined; readonly funcType: number; readonly table: number }
  | { readonly kind: 'thread.available-parallelism'; readonly shared?: boolean | undefined };

export type CanonKind = Canon['kind'];

export interface CanonDef { readonly kind: 'canon'; readonly offset: number; readonly canon: Canon }

/** 🪙 `start`: `(start f (value arg)* (result (value))^r)`. */
export interface StartDef {
  readonly kind: 'start';
  readonly offset: number;
  readonly func: number;
  readonly args: readonly number[];
  readonly results: number;
}

/** `export`: `(export na si et?)`. */
export interface ExportDef {
  readonly kind: 'export';
  readonly offset: number;
  readonly name: ExternName;
  readonly sort: Sort;
  readonly index: number;
  readonly type?: ExternTypeAst | undefined;
}

/**
 * 🪙 `value`: `(value t v)`. The value's bytes are kept raw (their meaning depends on the resolved
 * type); decode them with value.ts's decodeValue once `type` is resolved.
 */
export interface ValueDef {
  readonly kind: 'value';
  readonly offset: number;
  readonly type: ValTypeAst;
  /** The `val(t)` bytes (a view) and their absolute offset. */
  readonly bytes: Uint8Array;
  readonly bytesOffset: number;
}

/** Everything a component's sections define, in binary order (custom sections excluded). */
export type Definition =
  | CoreModuleDef | CoreInstanceDef | CoreTypeDef | ComponentDef | InstanceDef | AliasDef | TypeDef
  | CanonDef | StartDef | ImportDef | ExportDef | ValueDef;

export type DefinitionKind = Definition['kind'];

// ---- custom sections and names ----

export interface CustomSectionAst {
  readonly name: string;
  /** Offset of the section id byte. */
  readonly offset: number;
  /** Absolute range of the payload after the name. */
  readonly start: number;
  readonly end: number;
  readonly bytes: Uint8Array;
}

/** The `component-name` custom section (Binary.md §"Name Section"), decoded when well formed. */
export interface ComponentNames {
  readonly component?: string | undefined;
  /** Per sort, index → name. */
  readonly sorts: ReadonlyMap<Sort, ReadonlyMap<number, string>>;
}

// ---- the component ----

export interface ComponentAst {
  /** Absolute offset of the component's preamble. */
  readonly offset: number;
  /** Absolute end (exclusive). */
  readonly end: number;
  /** The preamble's version field (0x0d for the current pre-standard encoding). */
  readonly version: number;
  readonly definitions: readonly Definition[];
  readonly customs: readonly CustomSectionAst[];
  readonly names?: ComponentNames | undefined;
  /** Nesting depth: 0 for the outermost component. */
  readonly depth: number;
}

// ---- decoded 🪙 values (value.ts) ----

/**
 * A decoded `val(t)`: bool → boolean; s8..u32, f32, f64 → number (NaN canonical); s64/u64 → bigint;
 * char/string → string; enum → label; flags → labels set; and structured forms tagged by kind.
 */
export type DecodedValue =
  | boolean | number | bigint | string
  | { readonly kind: 'record'; readonly fields: readonly { readonly label: string; readonly value: DecodedValue }[] }
  | { readonly kind: 'tuple'; readonly values: readonly DecodedValue[] }
  | { readonly kind: 'list'; readonly values: readonly DecodedValue[] }
  | { readonly kind: 'variant'; readonly label: string; readonly value?: DecodedValue | undefined }
  | { readonly kind: 'enum'; readonly label: string }
  | { readonly kind: 'flags'; readonly labels: readonly string[] }
  | { readonly kind: 'option'; readonly value?: DecodedValue | undefined }
  | { readonly kind: 'result'; readonly ok: boolean; readonly value?: DecodedValue | undefined };
