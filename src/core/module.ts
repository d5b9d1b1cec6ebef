// The decoded form of a core module. Spec: WebAssembly Core 3.0 §2.5 "Modules".
// Index spaces (functions, tables, memories, globals, tags) list imports first, as the spec does.
// Expressions and function bodies are kept as byte ranges of the module's bytes: they are read
// by the validator (and later the translator) straight from the bytes, without an AST.

import type { FuncType, GlobalType, MemoryType, SubType, TableType, TagType, ValType } from './types.js';

export enum ExternKind { Func = 0, Table = 1, Memory = 2, Global = 3, Tag = 4 }
export const EXTERN_KIND_NAMES = ['function', 'table', 'memory', 'global', 'tag'] as const;

/** A byte range [start, end) of the module holding an expression, `end` included as last byte. */
export interface Expr { readonly start: number; readonly end: number }

export type ImportDesc =
  | { readonly kind: ExternKind.Func; readonly typeIndex: number }
  | { readonly kind: ExternKind.Table; readonly type: TableType }
  | { readonly kind: ExternKind.Memory; readonly type: MemoryType }
  | { readonly kind: ExternKind.Global; readonly type: GlobalType }
  | { readonly kind: ExternKind.Tag; readonly type: TagType };

export interface Import { readonly module: string; readonly name: string; readonly desc: ImportDesc; readonly offset: number }
export interface Export { readonly name: string; readonly kind: ExternKind; readonly index: number; readonly offset: number }

export interface ElemSegment {
  readonly mode: 'active' | 'passive' | 'declarative';
  readonly table: number;
  readonly offset: Expr | undefined;
  readonly type: ValType;
  /** Items as function indices (flags 0..3) or as constant expressions (flags 4..7). */
  readonly funcIndices: readonly number[] | undefined;
  readonly exprs: readonly Expr[] | undefined;
  readonly at: number;
}

export interface DataSegment {
  readonly mode: 'active' | 'passive';
  readonly memory: number;
  readonly offset: Expr | undefined;
  readonly bytes: Uint8Array;
  readonly at: number;
}

export interface FuncBody {
  /** Offset of the locals declarations; the body ends at `end` (exclusive). */
  readonly start: number;
  readonly end: number;
}

export interface CustomSection { readonly name: string; readonly start: number; readonly end: number }

export interface NameSection {
  readonly module: string | undefined;
  readonly functions: ReadonlyMap<number, string>;
  readonly locals: ReadonlyMap<number, ReadonlyMap<number, string>>;
}

export interface Module {
  readonly bytes: Uint8Array;
  readonly types: readonly SubType[];
  readonly imports: readonly Import[];
  /** Type index of every function, imported first. */
  readonly funcs: readonly number[];
  readonly numImportedFuncs: number;
  readonly tables: readonly TableType[];
  readonly numImportedTables: number;
  /** Initialiser of each defined table (undefined: null of its element type). */
  readonly tableInits: readonly (Expr | undefined)[];
  readonly memories: readonly MemoryType[];
  readonly numImportedMemories: number;
  readonly globals: readonly GlobalType[];
  readonly numImportedGlobals: number;
  readonly globalInits: readonly Expr[];
  readonly tags: readonly TagType[];
  readonly numImportedTags: number;
  readonly exports: readonly Export[];
  readonly start: number | undefined;
  readonly elems: readonly ElemSegment[];
  readonly datas: readonly DataSegment[];
  readonly dataCount: number | undefined;
  readonly codes: readonly FuncBody[];
  readonly customs: readonly CustomSection[];
  readonly names: NameSection | undefined;
  /** Byte offset where each entry of each index space was declared (for error messages). */
  readonly offsets: EntryOffsets;
}

export interface EntryOffsets {
  readonly types: readonly number[];
  readonly funcs: readonly number[];
  readonly tables: readonly number[];
  readonly memories: readonly number[];
  readonly globals: readonly number[];
  readonly tags: readonly number[];
  readonly start: number;
}

/** The function type of a type index, or undefined if it is not a function type. */
export function funcTypeAt(m: Module, typeIndex: number): FuncType | undefined {
  const t = m.types[typeIndex];
  return t && t.composite.kind === 'func' ? t.composite : undefined;
}
