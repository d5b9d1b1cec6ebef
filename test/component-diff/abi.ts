// The parts of the Canonical ABI the echo-component builder needs: alignment, element size,
// discriminant size and flattening, for 32-bit memories.
// Spec: component-model design/mvp/CanonicalABI.md §"Despecialization", §"Alignment",
// §"Element Size", §"Flattening" (flatten_type, flatten_variant, join, MAX_FLAT_PARAMS/RESULTS).
// Test tooling only: an independent reading of the spec, not shared with src/.

import type { ValType } from '../../src/component/types.js';

/** The value types the differential test generates (no resources, streams, futures, maps). */
export type VT = ValType<never>;
export type CoreType = 'i32' | 'i64' | 'f32' | 'f64';

export const MAX_FLAT_PARAMS = 16;
export const MAX_FLAT_RESULTS = 1;

/** A variant's cases after despecialization (tuple/enum/option/result are rewritten). */
export interface DCase { readonly label: string; readonly type?: VT | undefined }

/** despecialize for the variant-like kinds; undefined for everything else. */
export function variantCases(t: VT): readonly DCase[] | undefined {
  switch (t.kind) {
    case 'variant': return t.cases;
    case 'enum': return t.labels.map((label) => ({ label }));
    case 'option': return [{ label: 'none' }, { label: 'some', type: t.type }];
    case 'result': return [{ label: 'ok', type: t.ok }, { label: 'error', type: t.err }];
    default: return undefined;
  }
}

/** despecialize for the record-like kinds. */
export function recordFields(t: VT): readonly VT[] | undefined {
  switch (t.kind) {
    case 'record': return t.fields.map((f) => f.type);
    case 'tuple': return t.types;
    default: return undefined;
  }
}

/** Byte size of the discriminant of a variant with n cases (discriminant_type). */
export function discriminantSize(n: number): 1 | 2 | 4 {
  if (n <= 0) throw new Error('variant without cases');
  if (n <= 0x100) return 1;
  if (n <= 0x10000) return 2;
  return 4;
}

/** Byte size of the bit vector of flags with n labels (elem_size_flags). */
export function flagsSize(n: number): 1 | 2 | 4 {
  if (n <= 0 || n > 32) throw new Error(`flags with ${n} labels`);
  if (n <= 8) return 1;
  if (n <= 16) return 2;
  return 4;
}

export function alignTo(ptr: number, alignment: number): number {
  return Math.ceil(ptr / alignment) * alignment;
}

export function alignment(t: VT): number {
  switch (t.kind) {
    case 'bool': case 's8': case 'u8': return 1;
    case 's16': case 'u16': return 2;
    case 's32': case 'u32': case 'f32': case 'char': return 4;
    case 's64': case 'u64': case 'f64': return 8;
    case 'string': return 4;
    case 'list': return t.length === undefined ? 4 : alignment(t.elem);
    case 'flags': return flagsSize(t.labels.length);
    default: break;
  }
  const fields = recordFields(t);
  if (fields) return fields.reduce((a, f) => Math.max(a, alignment(f)), 1);
  const cases = variantCases(t);
  if (cases) return Math.max(discriminantSize(cases.length), maxCaseAlignment(cases));
  throw new Error(`alignment: unsupported type ${t.kind}`);
}

export function maxCaseAlignment(cases: readonly DCase[]): number {
  return cases.reduce((a, c) => (c.type ? Math.max(a, alignment(c.type)) : a), 1);
}

export function elemSize(t: VT): number {
  switch (t.kind) {
    case 'bool': case 's8': case 'u8': return 1;
    case 's16': case 'u16': return 2;
    case 's32': case 'u32': case 'f32': case 'char': return 4;
    case 's64': case 'u64': case 'f64': return 8;
    case 'string': return 8;
    case 'list': return t.length === undefined ? 8 : t.length * elemSize(t.elem);
    case 'flags': return flagsSize(t.labels.length);
    default: break;
  }
  const fields = recordFields(t);
  if (fields) {
    let s = 0;
    for (const f of fields) s = alignTo(s, alignment(f)) + elemSize(f);
    return alignTo(s, alignment(t));
  }
  const cases = variantCases(t);
  if (cases) return alignTo(payloadOffset(cases) + maxCaseSize(cases), alignment(t));
  throw new Error(`elemSize: unsupported type ${t.kind}`);
}

/** Offsets of a record's fields (store_record / load_record). */
export function fieldOffsets(fields: readonly VT[]): number[] {
  let s = 0;
  return fields.map((f) => {
    s = alignTo(s, alignment(f));
    const at = s;
    s += elemSize(f);
    return at;
  });
}

/** Offset of a variant's payload after its discriminant (store_variant). */
export function payloadOffset(cases: readonly DCase[]): number {
  return alignTo(discriminantSize(cases.length), maxCaseAlignment(cases));
}

function maxCaseSize(cases: readonly DCase[]): number {
  return cases.reduce((a, c) => (c.type ? Math.max(a, elemSize(c.type)) : a), 0);
}

export function flatten(t: VT): CoreType[] {
  switch (t.kind) {
    case 'bool': case 's8': case 'u8': case 's16': case 'u16': case 's32': case 'u32': case 'char':
      return ['i32'];
    case 's64': case 'u64': return ['i64'];
    case 'f32': return ['f32'];
    case 'f64': return ['f64'];
    case 'string': return ['i32', 'i32'];
    case 'list':
      if (t.length === undefined) return ['i32', 'i32'];
      return Array.from({ length: t.length }, () => flatten(t.elem)).flat();
    case 'flags': return ['i32'];
    default: break;
  }
  const fields = recordFields(t);
  if (fields) return fields.flatMap(flatten);
  const cases = variantCases(t);
  if (cases) return ['i32', ...flattenPayloads(cases)];
  throw new Error(`flatten: unsupported type ${t.kind}`);
}

/** The joined flat payload of a variant (flatten_variant without the discriminant). */
export function flattenPayloads(cases: readonly DCase[]): CoreType[] {
  const flat: CoreType[] = [];
  for (const c of cases) {
    if (!c.type) continue;
    flatten(c.type).forEach((ft, i) => {
      flat[i] = i < flat.length ? join(flat[i]!, ft) : ft;
    });
  }
  return flat;
}

export function join(a: CoreType, b: CoreType): CoreType {
  if (a === b) return a;
  if ((a === 'i32' && b === 'f32') || (a === 'f32' && b === 'i32')) return 'i32';
  return 'i64';
}

export function flattenAll(ts: readonly VT[]): CoreType[] {
  return ts.flatMap(flatten);
}
