// Core types. Spec: WebAssembly Core 3.0 §2.3 "Types" (number, vector, reference, value, result,
// composite, recursive/sub types, limits, memory/table/global/tag types) and §5.3 (their binary
// encoding).
//
// A value type is one small integer, so type stacks are plain number arrays:
//   numeric/vector types and packed storage types are their binary codes (i32 = 0x7f ... i16 = 0x77);
//   a reference type is REF_BASE + (heap << 1) + (nullable ? 1 : 0), where `heap` is an abstract
//   heap type's binary code (0x69..0x74) or CONCRETE_BASE + a type index.
// This keeps `(ref null $t)`, `(ref $t)` and abstract heap types apart, ready for the GC type
// system (subtyping over rec groups) without a change of representation.

export type ValType = number;
export type HeapType = number;

export const I32 = 0x7f;
export const I64 = 0x7e;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;
export const I8 = 0x78; // packed, storage only
export const I16 = 0x77; // packed, storage only
/** The unknown type of values on an unreachable (polymorphic) operand stack. */
export const BOT = 0;

// Abstract heap types (binary codes).
export const HT_EXN = 0x69;
export const HT_ARRAY = 0x6a;
export const HT_STRUCT = 0x6b;
export const HT_I31 = 0x6c;
export const HT_EQ = 0x6d;
export const HT_ANY = 0x6e;
export const HT_EXTERN = 0x6f;
export const HT_FUNC = 0x70;
export const HT_NONE = 0x71;
export const HT_NOEXTERN = 0x72;
export const HT_NOFUNC = 0x73;
export const HT_NOEXN = 0x74;
/** Heap type values from CONCRETE_BASE on are type indices (heap - CONCRETE_BASE). */
export const CONCRETE_BASE = 0x80;
/** Value types from REF_BASE on are reference types. */
export const REF_BASE = 0x200;

export const refType = (heap: HeapType, nullable: boolean): ValType => REF_BASE + heap * 2 + (nullable ? 1 : 0);
export const isRef = (t: ValType): boolean => t >= REF_BASE;
export const isNum = (t: ValType): boolean => t === I32 || t === I64 || t === F32 || t === F64;
export const heapOf = (t: ValType): HeapType => (t - REF_BASE) >> 1;
export const isNullable = (t: ValType): boolean => (t & 1) === 1;
export const isConcrete = (h: HeapType): boolean => h >= CONCRETE_BASE;
export const concreteHeap = (typeIndex: number): HeapType => CONCRETE_BASE + typeIndex;
export const typeIndexOf = (h: HeapType): number => h - CONCRETE_BASE;
/** Is the default value defined for this type (numbers, vectors, nullable refs)? */
export const isDefaultable = (t: ValType): boolean => !isRef(t) || isNullable(t);

export const FUNCREF = refType(HT_FUNC, true);
export const EXTERNREF = refType(HT_EXTERN, true);
export const EXNREF = refType(HT_EXN, true);

const HEAP_NAMES: Record<number, string> = {
  [HT_EXN]: 'exn', [HT_ARRAY]: 'array', [HT_STRUCT]: 'struct', [HT_I31]: 'i31', [HT_EQ]: 'eq',
  [HT_ANY]: 'any', [HT_EXTERN]: 'extern', [HT_FUNC]: 'func', [HT_NONE]: 'none',
  [HT_NOEXTERN]: 'noextern', [HT_NOFUNC]: 'nofunc', [HT_NOEXN]: 'noexn',
};

export function heapTypeName(h: HeapType): string {
  return isConcrete(h) ? String(typeIndexOf(h)) : HEAP_NAMES[h] ?? `heap(${h})`;
}

export function valTypeName(t: ValType): string {
  switch (t) {
    case I32: return 'i32';
    case I64: return 'i64';
    case F32: return 'f32';
    case F64: return 'f64';
    case V128: return 'v128';
    case I8: return 'i8';
    case I16: return 'i16';
    case BOT: return 'bot';
  }
  const h = heapOf(t);
  if (isNullable(t) && !isConcrete(h)) return `${HEAP_NAMES[h]}ref`;
  return `(ref ${isNullable(t) ? 'null ' : ''}${heapTypeName(h)})`;
}

/** Abstract top heap type of the hierarchy a heap type belongs to (func, extern, any, exn). */
export function topOfAbstract(h: HeapType): HeapType {
  switch (h) {
    case HT_FUNC: case HT_NOFUNC: return HT_FUNC;
    case HT_EXTERN: case HT_NOEXTERN: return HT_EXTERN;
    case HT_EXN: case HT_NOEXN: return HT_EXN;
    default: return HT_ANY;
  }
}

/** Bottom heap type of the hierarchy whose top is `top`. */
export function bottomOf(top: HeapType): HeapType {
  switch (top) {
    case HT_FUNC: return HT_NOFUNC;
    case HT_EXTERN: return HT_NOEXTERN;
    case HT_EXN: return HT_NOEXN;
    default: return HT_NONE;
  }
}

// ---- composite, sub and recursive types ----

export interface FuncType { readonly kind: 'func'; readonly params: readonly ValType[]; readonly results: readonly ValType[] }
export interface FieldType { readonly type: ValType; readonly mutable: boolean }
export interface StructType { readonly kind: 'struct'; readonly fields: readonly FieldType[] }
export interface ArrayType { readonly kind: 'array'; readonly field: FieldType }
export type CompositeType = FuncType | StructType | ArrayType;

/** A defined type: one entry of the type index space (rec groups are flattened into it). */
export interface SubType {
  readonly final: boolean;
  /** Declared supertype indices (at most one in Wasm 3.0). */
  readonly supers: readonly number[];
  readonly composite: CompositeType;
  /** Index of the first type of its rec group, and the group's size. */
  readonly recStart: number;
  readonly recSize: number;
}

export interface Limits {
  readonly min: number;
  readonly max: number | undefined;
  /** 64-bit address type (memory64 / table64). */
  readonly is64: boolean;
  readonly shared: boolean;
}
export interface MemoryType { readonly limits: Limits; /** log2 of the page size (16 = 64 KiB). */ readonly pageSizeLog2: number }
export interface TableType { readonly elem: ValType; readonly limits: Limits }
export interface GlobalType { readonly type: ValType; readonly mutable: boolean }
export interface TagType { readonly typeIndex: number }

export function funcTypeToString(f: FuncType): string {
  return `[${f.params.map(valTypeName).join(' ')}] -> [${f.results.map(valTypeName).join(' ')}]`;
}
