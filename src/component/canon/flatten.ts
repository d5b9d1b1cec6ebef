// Flattening of value and function types into core value types. Spec: component-model
// design/mvp/CanonicalABI.md §"Flattening" (definitions.py `MAX_FLAT_PARAMS`,
// `MAX_FLAT_RESULTS`, `flatten_functype`, `flatten_types`, `flatten_type`, `flatten_list`,
// `flatten_record`, `flatten_variant`, `join`). Computed once per (type object, pointer type).

import type { FuncType, ValType } from '../types.js';
import { despecialize } from './despecialize.js';
import type { CoreValType, PtrType } from './options.js';

export const MAX_FLAT_PARAMS = 16;
export const MAX_FLAT_ASYNC_PARAMS = 4;
export const MAX_FLAT_RESULTS = 1;

const flatCache: Record<PtrType, WeakMap<object, readonly CoreValType[]>> = { i32: new WeakMap(), i64: new WeakMap() };

/** definitions.py `flatten_type`. */
export function flattenType<R>(t: ValType<R>, ptrType: PtrType): readonly CoreValType[] {
  const cache = flatCache[ptrType];
  let flat = cache.get(t);
  if (flat !== undefined) return flat;
  const d = despecialize(t);
  switch (d.kind) {
    case 'bool': case 's8': case 'u8': case 's16': case 'u16': case 's32': case 'u32': case 'char':
    case 'error-context': case 'own': case 'borrow': case 'stream': case 'future':
      flat = ['i32'];
      break;
    case 's64': case 'u64': flat = ['i64']; break;
    case 'f32': flat = ['f32']; break;
    case 'f64': flat = ['f64']; break;
    case 'string': flat = [ptrType, ptrType]; break;
    case 'list':
      if (d.length !== undefined) {
        const e = flattenType(d.elem, ptrType);
        const out: CoreValType[] = [];
        for (let i = 0; i < d.length; i++) out.push(...e);
        flat = out;
      } else {
        flat = [ptrType, ptrType];
      }
      break;
    case 'record':
      flat = d.fields.flatMap((f) => flattenType(f.type, ptrType));
      break;
    case 'variant': {
      const payload: CoreValType[] = [];
      for (const c of d.cases) {
        if (c.type === undefined) continue;
        flattenType(c.type, ptrType).forEach((ft, i) => {
          payload[i] = i < payload.length ? join(payload[i]!, ft) : ft;
        });
      }
      // The discriminant (u8, u16 or u32) flattens to one i32.
      flat = ['i32', ...payload];
      break;
    }
    case 'flags':
      flat = d.labels.length <= 32 ? ['i32'] : new Array<CoreValType>(Math.ceil(d.labels.length / 32)).fill('i32');
      break;
  }
  cache.set(t, flat);
  return flat;
}

/** definitions.py `flatten_types`. */
export function flattenTypes<R>(ts: readonly ValType<R>[], ptrType: PtrType): CoreValType[] {
  const out: CoreValType[] = [];
  for (const t of ts) out.push(...flattenType(t, ptrType));
  return out;
}

/** definitions.py `join`: the core type that can carry both `a` and `b`. */
export function join(a: CoreValType, b: CoreValType): CoreValType {
  if (a === b) return a;
  if ((a === 'i32' && b === 'f32') || (a === 'f32' && b === 'i32')) return 'i32';
  return 'i64';
}

export interface CoreFuncType {
  readonly params: readonly CoreValType[];
  readonly results: readonly CoreValType[];
}

/** The options `flatten_functype` reads. */
export interface FlattenOptions {
  readonly ptrType: PtrType;
  readonly async?: boolean | undefined;
  readonly callback?: boolean | undefined;
}

/** definitions.py `flatten_functype(opts, ft, context)`. */
export function flattenFunctype<R>(opts: FlattenOptions, ft: FuncType<R>, context: 'lift' | 'lower'): CoreFuncType {
  const ptr = opts.ptrType;
  let params = flattenTypes(ft.params.map((p) => p.type), ptr);
  let results = ft.result !== undefined ? [...flattenType(ft.result, ptr)] : [];
  if (opts.async !== true) {
    if (params.length > MAX_FLAT_PARAMS) params = [ptr];
    if (results.length > MAX_FLAT_RESULTS) {
      if (context === 'lift') {
        results = [ptr];
      } else {
        params = [...params, ptr];
        results = [];
      }
    }
    return { params, results };
  }
  if (context === 'lift') {
    if (params.length > MAX_FLAT_PARAMS) params = [ptr];
    results = opts.callback === true ? ['i32'] : [];
  } else {
    if (params.length > MAX_FLAT_ASYNC_PARAMS) params = [ptr];
    if (results.length > 0) params = [...params, ptr];
    results = ['i32'];
  }
  return { params, results };
}
