// Type equivalence and subtyping. Spec: WebAssembly Core 3.0 §3.1 "Types" (validity of
// reference and defined types) and §3.3 "Matching" (subtyping of heap, reference, value, field,
// composite and defined types); §2.3.5 / §3.1.4 for iso-recursive type equivalence: two defined
// types are equal when their rec groups are structurally equal and they sit at the same place.

import {
  BOT, CONCRETE_BASE, HT_ANY, HT_ARRAY, HT_EQ, HT_EXN, HT_EXTERN, HT_FUNC, HT_I31, HT_NOEXN,
  HT_NOEXTERN, HT_NOFUNC, HT_NONE, HT_STRUCT, I8, I16, REF_BASE, heapOf, isConcrete, isNullable, isRef,
  type CompositeType, type FieldType, type HeapType, type SubType, type ValType,
} from '../types.js';

/**
 * The subtyping context of one module: its defined types with a canonical id per type index,
 * so that equivalent types compare equal in O(1).
 */
export class TypeContext {
  readonly types: readonly SubType[];
  /** Canonical id per type index: equal ids ⇔ equivalent defined types. */
  readonly canon: Int32Array;

  constructor(types: readonly SubType[]) {
    this.types = types;
    this.canon = canonicalize(types);
  }

  isFunc(typeIndex: number): boolean {
    return this.types[typeIndex]?.composite.kind === 'func';
  }

  /** Heap-type subtyping h1 <: h2. */
  heapMatches(h1: HeapType, h2: HeapType): boolean {
    if (h1 === h2) return true;
    if (isConcrete(h1)) {
      if (isConcrete(h2)) return this.definedMatches(h1 - CONCRETE_BASE, h2 - CONCRETE_BASE);
      const kind = this.types[h1 - CONCRETE_BASE]?.composite.kind;
      if (kind === 'func') return h2 === HT_FUNC;
      if (kind === 'struct') return h2 === HT_STRUCT || h2 === HT_EQ || h2 === HT_ANY;
      if (kind === 'array') return h2 === HT_ARRAY || h2 === HT_EQ || h2 === HT_ANY;
      return false;
    }
    if (isConcrete(h2)) {
      const kind = this.types[h2 - CONCRETE_BASE]?.composite.kind;
      if (h1 === HT_NOFUNC) return kind === 'func';
      if (h1 === HT_NONE) return kind === 'struct' || kind === 'array';
      return false;
    }
    switch (h1) {
      case HT_NONE: return h2 === HT_I31 || h2 === HT_STRUCT || h2 === HT_ARRAY || h2 === HT_EQ || h2 === HT_ANY;
      case HT_I31: case HT_STRUCT: case HT_ARRAY: return h2 === HT_EQ || h2 === HT_ANY;
      case HT_EQ: return h2 === HT_ANY;
      case HT_NOFUNC: return h2 === HT_FUNC;
      case HT_NOEXTERN: return h2 === HT_EXTERN;
      case HT_NOEXN: return h2 === HT_EXN;
      default: return false;
    }
  }

  /** Defined-type subtyping by index: equivalent, or a declared supertype chain reaches it. */
  definedMatches(a: number, b: number): boolean {
    const canon = this.canon;
    const cb = canon[b];
    let cur: number | undefined = a;
    for (let guard = 0; cur !== undefined && guard <= this.types.length; guard++) {
      if (canon[cur] === cb) return true;
      cur = this.types[cur]?.supers[0];
    }
    return false;
  }

  /** Value-type subtyping t1 <: t2; BOT (unknown) matches anything. */
  matches(t1: ValType, t2: ValType): boolean {
    if (t1 === t2 || t1 === BOT || t2 === BOT) return true;
    if (t1 < REF_BASE || t2 < REF_BASE) return false;
    if (isNullable(t1) && !isNullable(t2)) return false;
    return this.heapMatches(heapOf(t1), heapOf(t2));
  }

  /** Type equality up to equivalence of defined types. */
  equal(t1: ValType, t2: ValType): boolean {
    if (t1 === t2) return true;
    if (!isRef(t1) || !isRef(t2) || isNullable(t1) !== isNullable(t2)) return false;
    const h1 = heapOf(t1);
    const h2 = heapOf(t2);
    return isConcrete(h1) && isConcrete(h2) && this.canon[h1 - CONCRETE_BASE] === this.canon[h2 - CONCRETE_BASE];
  }

  fieldMatches(f1: FieldType, f2: FieldType): boolean {
    if (f1.mutable !== f2.mutable) return false;
    if (f1.type === I8 || f1.type === I16 || f2.type === I8 || f2.type === I16) return f1.type === f2.type;
    return f2.mutable ? this.equal(f1.type, f2.type) : this.matches(f1.type, f2.type);
  }

  /** Composite-type matching c1 <: c2 (used for declared supertypes). */
  compositeMatches(c1: CompositeType, c2: CompositeType): boolean {
    if (c1.kind === 'func' && c2.kind === 'func') {
      if (c1.params.length !== c2.params.length || c1.results.length !== c2.results.length) return false;
      for (let i = 0; i < c1.params.length; i++) if (!this.matches(c2.params[i]!, c1.params[i]!)) return false;
      for (let i = 0; i < c1.results.length; i++) if (!this.matches(c1.results[i]!, c2.results[i]!)) return false;
      return true;
    }
    if (c1.kind === 'struct' && c2.kind === 'struct') {
      if (c1.fields.length < c2.fields.length) return false;
      for (let i = 0; i < c2.fields.length; i++) if (!this.fieldMatches(c1.fields[i]!, c2.fields[i]!)) return false;
      return true;
    }
    if (c1.kind === 'array' && c2.kind === 'array') return this.fieldMatches(c1.field, c2.field);
    return false;
  }
}

/**
 * Canonical ids: a rec group's key is its structure with type indices inside the group written
 * relative to the group and those outside it as their canonical ids.
 */
/** The group key of a final function type with no supertypes and no reference types, else undefined. */
function plainFuncKey(t: SubType): string | undefined {
  const c = t.composite;
  if (!t.final || t.supers.length > 0 || c.kind !== 'func') return undefined;
  for (const v of c.params) if (isRef(v)) return undefined;
  for (const v of c.results) if (isRef(v)) return undefined;
  return `F[]f(${c.params.join(',')})(${c.results.join(',')})`;
}

function canonicalize(types: readonly SubType[]): Int32Array {
  const canon = new Int32Array(types.length).fill(-1);
  const groups = new Map<string, number>();
  let i = 0;
  while (i < types.length) {
    const start = types[i]!.recStart;
    const size = types[i]!.recSize;
    const plain = size === 1 && start === i ? plainFuncKey(types[i]!) : undefined;
    if (plain !== undefined) {
      // The common case (every type of a module without GC types): the key the general path
      // below makes for it, without its closures.
      let base = groups.get(plain);
      if (base === undefined) groups.set(plain, (base = start));
      canon[start] = base;
      i = start + 1;
      continue;
    }
    const ref = (idx: number): string => {
      if (idx >= start && idx < start + size) return `r${idx - start}`;
      const c = canon[idx];
      return c === undefined || c < 0 ? `?${idx}` : `c${c}`;
    };
    const vt = (t: ValType): string => {
      if (!isRef(t)) return String(t);
      const h = heapOf(t);
      return `${isNullable(t) ? 'n' : 'r'}${isConcrete(h) ? ref(h - CONCRETE_BASE) : h}`;
    };
    const ft = (f: FieldType) => `${f.mutable ? 'm' : 'c'}${vt(f.type)}`;
    const parts: string[] = [];
    for (let k = start; k < start + size && k < types.length; k++) {
      const t = types[k]!;
      const c = t.composite;
      const body = c.kind === 'func' ? `f(${c.params.map(vt)})(${c.results.map(vt)})`
        : c.kind === 'struct' ? `s(${c.fields.map(ft)})` : `a(${ft(c.field)})`;
      parts.push(`${t.final ? 'F' : 'O'}[${t.supers.map(ref)}]${body}`);
    }
    const key = parts.join(';');
    let base = groups.get(key);
    if (base === undefined) {
      base = start;
      groups.set(key, base);
    }
    for (let k = 0; k < size && start + k < types.length; k++) canon[start + k] = base + k;
    i = start + size;
  }
  return canon;
}
