// Global identities of defined types, for checks that cross module boundaries (call_indirect's
// signature check, import matching of functions and tags). Spec: WebAssembly Core 3.0 §2.3.5
// "Recursive Types" and §3.1.4 (type equivalence is iso-recursive: rec groups that are
// structurally equal, with references inside the group taken relative to it, define the same
// types). Each rec group gets a key in which references outside the group are replaced by the
// global ids of the types they name, so equal keys mean equivalent groups in any module.

import {
  heapOf, isConcrete, isRef, typeIndexOf, type FieldType, type FuncType, type SubType, type ValType,
} from '../../types.js';

const ids = new Map<string, number>();

function intern(key: string): number {
  let id = ids.get(key);
  if (id === undefined) ids.set(key, (id = ids.size));
  return id;
}

function groupKey(types: readonly SubType[], start: number, size: number, global: readonly number[]): string {
  const ref = (idx: number): string => (idx >= start && idx < start + size ? `r${idx - start}` : `g${global[idx]}`);
  const vt = (t: ValType): string => {
    if (!isRef(t)) return String(t);
    const h = heapOf(t);
    return `${t & 1 ? 'n' : 'r'}${isConcrete(h) ? ref(typeIndexOf(h)) : h}`;
  };
  const ft = (f: FieldType) => `${f.mutable ? 'm' : 'c'}${vt(f.type)}`;
  const parts: string[] = [];
  for (let k = start; k < start + size; k++) {
    const t = types[k]!;
    const c = t.composite;
    const body = c.kind === 'func' ? `f(${c.params.map(vt)})(${c.results.map(vt)})`
      : c.kind === 'struct' ? `s(${c.fields.map(ft)})` : `a(${ft(c.field)})`;
    parts.push(`${t.final ? 'F' : 'O'}[${t.supers.map(ref)}]${body}`);
  }
  return parts.join(';');
}

/** Global ids of a module's types (index → id). */
export function globalTypeIds(types: readonly SubType[]): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < types.length) {
    const { recStart, recSize } = types[i]!;
    const key = groupKey(types, recStart, recSize, out);
    for (let k = 0; k < recSize; k++) out.push(intern(`${key}#${k}`));
    i = recStart + recSize;
  }
  return out;
}

/** Global id of a function type that names no other defined type (a host function's type). */
export function funcTypeId(type: FuncType): number {
  const single: SubType = { final: true, supers: [], composite: type, recStart: 0, recSize: 1 };
  return intern(`${groupKey([single], 0, 1, [])}#0`);
}

/** A module's defined types with their global ids. */
export interface TypeCtx {
  readonly types: readonly SubType[];
  readonly ids: readonly number[];
}


function heapMatches(h1: number, c1: TypeCtx | undefined, h2: number, c2: TypeCtx | undefined): boolean {
  const k1 = isConcrete(h1);
  const k2 = isConcrete(h2);
  if (k1 && k2) {
    const id2 = c2?.ids[typeIndexOf(h2)];
    // Equal, or a declared supertype (followed inside the actual type's module).
    for (let i: number | undefined = typeIndexOf(h1), guard = 0; i !== undefined && guard < 1000; guard++) {
      if (c1?.ids[i] === id2) return true;
      i = c1?.types[i]?.supers[0];
    }
    return false;
  }
  if (!k1 && !k2) {
    if (h1 === h2) return true;
    const bottoms: Record<number, number[]> = { 0x73: [0x70], 0x72: [0x6f], 0x74: [0x69], 0x71: [0x6e, 0x6d, 0x6c, 0x6b, 0x6a], 0x6c: [0x6d, 0x6e], 0x6b: [0x6d, 0x6e], 0x6a: [0x6d, 0x6e], 0x6d: [0x6e] };
    return (bottoms[h1] ?? []).includes(h2);
  }
  if (k1) {
    const kind = c1?.types[typeIndexOf(h1)]?.composite.kind;
    if (kind === 'func') return h2 === 0x70;
    return h2 === 0x6e || h2 === 0x6d || (kind === 'struct' ? h2 === 0x6b : h2 === 0x6a);
  }
  const kind2 = c2?.types[typeIndexOf(h2)]?.composite.kind;
  return (h1 === 0x73 && kind2 === 'func') || (h1 === 0x71 && kind2 !== 'func');
}

/** Value-type matching across modules: t1 (in c1) <: t2 (in c2). */
export function valTypeMatches(t1: ValType, c1: TypeCtx | undefined, t2: ValType, c2: TypeCtx | undefined): boolean {
  if (!isRef(t1) || !isRef(t2)) return t1 === t2;
  if ((t1 & 1) === 1 && (t2 & 1) === 0) return false;
  return heapMatches(heapOf(t1), c1, heapOf(t2), c2);
}

export function valTypeEquals(t1: ValType, c1: TypeCtx | undefined, t2: ValType, c2: TypeCtx | undefined): boolean {
  return valTypeMatches(t1, c1, t2, c2) && valTypeMatches(t2, c2, t1, c1);
}

