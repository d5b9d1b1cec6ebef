// Core types as seen from a component: one arena of core defined types for the whole validation
// (so that function types from different modules, module types and component-level core type
// definitions compare by canonical id), core extern types and their matching. Spec: WebAssembly
// Core 3.0 §3.1.4 (iso-recursive type equivalence over rec groups) and §3.3 "Matching" (extern
// types: function subtyping, table/memory limits, global mutability); component-model Binary.md
// §"Type Definitions" (`core:moduletype`) and Explainer.md §"Instance Definitions" (core
// instantiation matches each import against the export of the named argument instance).

import { CompileError } from '../../core/errors.js';
import {
  concreteHeap, heapOf, isConcrete, isNullable, isRef, refType, typeIndexOf, valTypeName,
  type CompositeType, type FieldType, type FuncType, type GlobalType, type MemoryType, type SubType, type TableType,
  type ValType as CoreValType,
} from '../../core/types.js';
import type { Info } from './itypes.js';

/** The type of a core item, with concrete type references as arena indices. */
export type CoreEntity =
  | { readonly k: 'func'; readonly type: number }
  | { readonly k: 'table'; readonly type: TableType }
  | { readonly k: 'memory'; readonly type: MemoryType }
  | { readonly k: 'global'; readonly type: GlobalType }
  | { readonly k: 'tag'; readonly type: number };

export interface CoreImport { readonly module: string; readonly name: string; readonly type: CoreEntity }

/** `core:moduletype`: imports keyed by `module\0name`, exports by name, in declaration order. */
export interface ModuleT {
  readonly t: 'module';
  readonly info: Info;
  readonly imports: ReadonlyMap<string, CoreImport>;
  readonly exports: ReadonlyMap<string, CoreEntity>;
}

/** A core instance: its exports. */
export interface CoreInstT { readonly exports: ReadonlyMap<string, CoreEntity> }

export const importKey = (module: string, name: string): string => `${module}\0${name}`;

/**
 * All core defined types met during one validation. Types are added a rec group at a time with
 * their references already expressed as arena indices; `canon[i]` is equal for equivalent types.
 */
export class CoreArena {
  readonly types: SubType[] = [];
  readonly canon: number[] = [];
  private readonly ids = new Map<string, number>();
  private readonly plainFuncs = new Map<string, number>();

  /** Adds a rec group (references inside it point at `this.types.length + k`); returns its first index. */
  addGroup(group: readonly Omit<SubType, 'recStart' | 'recSize'>[]): number {
    const start = this.types.length;
    const size = group.length;
    if (size === 1 && isPlainFunc(group[0]!)) {
      // The common case (every type of a module without GC types): the key the general path
      // below makes for it, without its closures.
      const t = group[0]!;
      const c = t.composite as FuncType;
      this.types.push({ final: true, supers: t.supers, composite: c, recStart: start, recSize: 1 });
      const full = `F[]f(${c.params.join(',')})(${c.results.join(',')})#0`;
      let id = this.ids.get(full);
      if (id === undefined) this.ids.set(full, (id = this.ids.size));
      this.canon.push(id);
      return start;
    }
    for (const t of group) this.types.push({ ...t, recStart: start, recSize: size });
    const ref = (i: number): string => (i >= start && i < start + size ? `r${i - start}` : `c${this.canon[i] ?? `?${i}`}`);
    const vt = (t: CoreValType): string => {
      if (!isRef(t)) return String(t);
      const h = heapOf(t);
      return `${isNullable(t) ? 'n' : 'r'}${isConcrete(h) ? ref(typeIndexOf(h)) : h}`;
    };
    const ft = (f: FieldType): string => `${f.mutable ? 'm' : 'c'}${vt(f.type)}`;
    const key = group.map((t) => {
      const c = t.composite;
      const body = c.kind === 'func' ? `f(${c.params.map(vt)})(${c.results.map(vt)})`
        : c.kind === 'struct' ? `s(${c.fields.map(ft)})` : `a(${ft(c.field)})`;
      return `${t.final ? 'F' : 'O'}[${t.supers.map(ref)}]${body}`;
    }).join(';');
    for (let k = 0; k < size; k++) {
      const full = `${key}#${k}`;
      let id = this.ids.get(full);
      if (id === undefined) this.ids.set(full, (id = this.ids.size));
      this.canon.push(id);
    }
    return start;
  }

  /** A final function type in a group of its own (what canonical built-ins produce). */
  funcType(params: readonly CoreValType[], results: readonly CoreValType[]): number {
    const key = `${params.join(',')}|${results.join(',')}`;
    let i = this.plainFuncs.get(key);
    if (i === undefined) {
      i = this.addGroup([{ final: true, supers: [], composite: { kind: 'func', params: [...params], results: [...results] } }]);
      this.plainFuncs.set(key, i);
    }
    return i;
  }

  /** Adds a module's (or a module type's) types; returns module index → arena index. */
  addModuleTypes(types: readonly SubType[]): number[] {
    const map: number[] = [];
    let i = 0;
    while (i < types.length) {
      const { recStart, recSize } = types[i]!;
      const base = this.types.length;
      for (let k = 0; k < recSize; k++) map[recStart + k] = base + k;
      const first = types[recStart]!;
      if (recSize === 1 && isPlainFunc(first)) this.addGroup([first]); // nothing to remap
      else {
        const remap = (x: number): number => map[x] ?? x;
        this.addGroup(types.slice(recStart, recStart + recSize).map((t) => rewriteSub(t, remap)));
      }
      i = recStart + recSize;
    }
    return map;
  }

  isFunc(i: number): boolean {
    return this.types[i]?.composite.kind === 'func';
  }

  funcOf(i: number): { params: readonly CoreValType[]; results: readonly CoreValType[] } | undefined {
    const c = this.types[i]?.composite;
    return c?.kind === 'func' ? c : undefined;
  }

  /** Is arena type `a` equal to, or a declared (transitive) subtype of, arena type `b`? */
  isSubtype(a: number, b: number): boolean {
    const cb = this.canon[b];
    for (let cur: number | undefined = a, guard = 0; cur !== undefined && guard < 100; guard++) {
      if (this.canon[cur] === cb) return true;
      cur = this.types[cur]?.supers[0];
    }
    return false;
  }

  /** Value type equality up to type equivalence. */
  valEq(a: CoreValType, b: CoreValType): boolean {
    if (a === b) return true;
    if (!isRef(a) || !isRef(b) || isNullable(a) !== isNullable(b)) return false;
    const ha = heapOf(a);
    const hb = heapOf(b);
    return isConcrete(ha) && isConcrete(hb) && this.canon[typeIndexOf(ha)] === this.canon[typeIndexOf(hb)];
  }

  display(i: number): string {
    const t = this.types[i];
    if (t === undefined) return `type ${i}`;
    const c = displayComposite(t.composite);
    if (t.final && t.supers.length === 0) return c;
    return `(sub ${t.final ? 'final ' : ''}${t.supers.map((s) => `${s} `).join('')}${c})`;
  }
}

/** A final function type with no supertypes and no reference to another type. */
function isPlainFunc(t: Omit<SubType, 'recStart' | 'recSize'>): boolean {
  const c = t.composite;
  if (!t.final || t.supers.length > 0 || c.kind !== 'func') return false;
  for (const v of c.params) if (isRef(v)) return false;
  for (const v of c.results) if (isRef(v)) return false;
  return true;
}

export function rewriteVal(t: CoreValType, remap: (i: number) => number): CoreValType {
  if (!isRef(t)) return t;
  const h = heapOf(t);
  return isConcrete(h) ? refType(concreteHeap(remap(typeIndexOf(h))), isNullable(t)) : t;
}

function rewriteField(f: FieldType, remap: (i: number) => number): FieldType {
  return { type: rewriteVal(f.type, remap), mutable: f.mutable };
}

export function rewriteComposite(c: CompositeType, remap: (i: number) => number): CompositeType {
  switch (c.kind) {
    case 'func': return { kind: 'func', params: c.params.map((t) => rewriteVal(t, remap)), results: c.results.map((t) => rewriteVal(t, remap)) };
    case 'struct': return { kind: 'struct', fields: c.fields.map((f) => rewriteField(f, remap)) };
    case 'array': return { kind: 'array', field: rewriteField(c.field, remap) };
  }
}

function rewriteSub(t: SubType, remap: (i: number) => number): Omit<SubType, 'recStart' | 'recSize'> {
  return { final: t.final, supers: t.supers.map(remap), composite: rewriteComposite(t.composite, remap) };
}

function displayComposite(c: CompositeType): string {
  const field = (f: FieldType) => (f.mutable ? `(mut ${valTypeName(f.type)})` : valTypeName(f.type));
  switch (c.kind) {
    case 'func': {
      let s = '(func';
      if (c.params.length > 0) s += ` (param ${c.params.map(valTypeName).join(' ')})`;
      if (c.results.length > 0) s += ` (result ${c.results.map(valTypeName).join(' ')})`;
      return `${s})`;
    }
    case 'struct': return `(struct${c.fields.map((f) => ` (field ${field(f)})`).join('')})`;
    case 'array': return `(array ${field(c.field)})`;
  }
}

export function coreEntityDesc(e: CoreEntity): string {
  return e.k;
}

/** Core extern type matching: `a` (what is supplied) matches `b` (what is expected). */
export function coreEntityMatches(arena: CoreArena, a: CoreEntity, b: CoreEntity, offset: number): void {
  const fail = (msg: string): never => {
    throw new CompileError(msg, offset);
  };
  if (a.k !== b.k) fail(`expected ${b.k}, found ${a.k}`);
  switch (a.k) {
    case 'func':
    case 'tag': {
      const bt = (b as { type: number }).type;
      if (!arena.isSubtype(a.type, bt)) fail(`expected: ${arena.display(bt)}\nfound:    ${arena.display(a.type)}`);
      return;
    }
    case 'table': {
      const at = a.type;
      const bt = (b as { type: TableType }).type;
      if (!arena.valEq(at.elem, bt.elem)) fail(`expected table element type ${valTypeName(bt.elem)}, found ${valTypeName(at.elem)}`);
      if (at.limits.shared !== bt.limits.shared) fail('mismatch in the shared flag for tables');
      if (!limitsMatch(at.limits, bt.limits)) fail('mismatch in table limits');
      return;
    }
    case 'memory': {
      const am = a.type;
      const bm = (b as { type: MemoryType }).type;
      if (am.limits.shared !== bm.limits.shared) fail('mismatch in the shared flag for memories');
      if (am.limits.is64 !== bm.limits.is64) fail('mismatch in index type used for memories');
      if (am.pageSizeLog2 !== bm.pageSizeLog2) fail('mismatch in page size for memories');
      if (!limitsMatch(am.limits, bm.limits)) fail('mismatch in memory limits');
      return;
    }
    case 'global': {
      const ag = a.type;
      const bg = (b as { type: GlobalType }).type;
      if (ag.mutable !== bg.mutable) fail('global types differ in mutability');
      if (!arena.valEq(ag.type, bg.type)) fail(`expected global type ${valTypeName(bg.type)}, found ${valTypeName(ag.type)}`);
      return;
    }
  }
}

export function limitsMatch(a: { min: number; max: number | undefined }, b: { min: number; max: number | undefined }): boolean {
  if (a.min < b.min) return false;
  if (b.max === undefined) return true;
  return a.max !== undefined && a.max <= b.max;
}
