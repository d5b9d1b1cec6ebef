// Static Canonical ABI facts used by validation. Spec: component-model design/mvp/CanonicalABI.md
// §"Despecialization", §"Alignment", §"Element Size" (every defvaltype must have
// `elem_size(t, 'i64') < 2^28`), §"Flattening" (`flatten_type`, `join`, MAX_FLAT_PARAMS = 16,
// MAX_FLAT_ASYNC_PARAMS = 4, MAX_FLAT_RESULTS = 1) and §"canonopt Validation" (a type "contains a
// pointer" — needs memory/realloc — when it transitively holds a string or a variable-length list).

import { F32, F64, I32, I64, type ValType as CoreValType } from '../../core/types.js';
import type { DefT } from './itypes.js';

export const MAX_FLAT_PARAMS = 16;
export const MAX_FLAT_ASYNC_PARAMS = 4;
export const MAX_FLAT_RESULTS = 1;
export const MAX_ELEM_SIZE = 2 ** 28;

/** Cases of a variant-like type (despecialized): payload types, undefined for none. */
function cases(t: DefT): readonly (DefT | undefined)[] | undefined {
  switch (t.kind) {
    case 'variant': return t.cases.map((c) => c.type);
    case 'enum': return t.labels.map(() => undefined);
    case 'option': return [undefined, t.type];
    case 'result': return [t.ok, t.err];
    default: return undefined;
  }
}

/** Fields of a record-like type (despecialized). */
function fields(t: DefT): readonly DefT[] | undefined {
  switch (t.kind) {
    case 'record': return t.fields.map((f) => f.type);
    case 'tuple': return t.types;
    default: return undefined;
  }
}

export function containsPtr(t: DefT): boolean {
  switch (t.kind) {
    case 'string': return true;
    case 'list': return t.length === undefined || containsPtr(t.elem);
    case 'map': return true;
    default: {
      const fs = fields(t) ?? cases(t);
      return fs !== undefined && fs.some((f) => f !== undefined && containsPtr(f));
    }
  }
}

/** A flattened core signature under construction, limited to `max` values. */
export class Flat {
  readonly types: CoreValType[] = [];
  constructor(public max: number) {}
  push(t: CoreValType): boolean {
    if (this.types.length >= this.max) return false;
    this.types.push(t);
    return true;
  }
}

/** `flatten_type` into `out`; false when `out.max` is exceeded. */
export function pushFlat(t: DefT, ptr: CoreValType, out: Flat): boolean {
  switch (t.kind) {
    case 'bool': case 's8': case 'u8': case 's16': case 'u16': case 's32': case 'u32': case 'char':
    case 'error-context': case 'enum': case 'own': case 'borrow': case 'stream': case 'future':
      return out.push(I32);
    case 's64': case 'u64': return out.push(I64);
    case 'f32': return out.push(F32);
    case 'f64': return out.push(F64);
    case 'string': case 'map': return out.push(ptr) && out.push(ptr);
    case 'flags': {
      for (let i = 0; i < Math.ceil(t.labels.length / 32); i++) if (!out.push(I32)) return false;
      return true;
    }
    case 'list': {
      if (t.length === undefined) return out.push(ptr) && out.push(ptr);
      for (let i = 0; i < t.length; i++) if (!pushFlat(t.elem, ptr, out)) return false;
      return true;
    }
    case 'record': case 'tuple':
      return fields(t)!.every((f) => pushFlat(f, ptr, out));
    case 'variant': case 'option': case 'result': {
      if (!out.push(I32)) return false;
      const start = out.types.length;
      for (const c of cases(t)!) {
        if (c === undefined) continue;
        const tmp = new Flat(out.max);
        if (!pushFlat(c, ptr, tmp)) return false;
        for (let i = 0; i < tmp.types.length; i++) {
          const at = start + i;
          if (at < out.types.length) out.types[at] = join(out.types[at]!, tmp.types[i]!);
          else if (!out.push(tmp.types[i]!)) return false;
        }
      }
      return true;
    }
  }
}

function join(a: CoreValType, b: CoreValType): CoreValType {
  if (a === b) return a;
  if ((a === I32 && b === F32) || (a === F32 && b === I32)) return I32;
  return I64;
}

// ---- sizes (with 64-bit pointers, as validation requires) ----

const sizeMemo = new WeakMap<object, number>();
const alignMemo = new WeakMap<object, number>();

function discriminantSize(n: number): number {
  return n <= 256 ? 1 : n <= 65536 ? 2 : 4;
}

function flagsSize(n: number): number {
  return n <= 8 ? 1 : n <= 16 ? 2 : 4 * Math.ceil(n / 32);
}

function alignTo(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}

export function alignment(t: DefT): number {
  const m = alignMemo.get(t);
  if (m !== undefined) return m;
  let a: number;
  switch (t.kind) {
    case 'bool': case 's8': case 'u8': a = 1; break;
    case 's16': case 'u16': a = 2; break;
    case 's64': case 'u64': case 'f64': a = 8; break;
    case 'string': case 'map': a = 8; break;
    case 'list': a = t.length === undefined ? 8 : alignment(t.elem); break;
    case 'flags': a = Math.min(flagsSize(t.labels.length), 4); break;
    case 'record': case 'tuple': a = Math.max(1, ...fields(t)!.map(alignment)); break;
    case 'variant': case 'enum': case 'option': case 'result': {
      const cs = cases(t)!;
      a = Math.max(discriminantSize(cs.length), ...cs.map((c) => (c === undefined ? 1 : alignment(c))));
      break;
    }
    default: a = 4;
  }
  alignMemo.set(t, a);
  return a;
}

export function elemSize(t: DefT): number {
  const m = sizeMemo.get(t);
  if (m !== undefined) return m;
  let s: number;
  switch (t.kind) {
    case 'bool': case 's8': case 'u8': s = 1; break;
    case 's16': case 'u16': s = 2; break;
    case 's64': case 'u64': case 'f64': s = 8; break;
    case 'string': case 'map': s = 16; break;
    case 'list': s = t.length === undefined ? 16 : t.length * elemSize(t.elem); break;
    case 'flags': s = flagsSize(t.labels.length); break;
    case 'record': case 'tuple': {
      s = 0;
      for (const f of fields(t)!) s = alignTo(s, alignment(f)) + elemSize(f);
      s = alignTo(s, alignment(t));
      break;
    }
    case 'variant': case 'enum': case 'option': case 'result': {
      const cs = cases(t)!;
      const maxCaseAlign = Math.max(1, ...cs.map((c) => (c === undefined ? 1 : alignment(c))));
      s = alignTo(discriminantSize(cs.length), maxCaseAlign);
      s += Math.max(0, ...cs.map((c) => (c === undefined ? 0 : elemSize(c))));
      s = alignTo(s, alignment(t));
      break;
    }
    default: s = 4;
  }
  sizeMemo.set(t, s);
  return s;
}
