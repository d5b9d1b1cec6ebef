// The closures canon builds per value type, and their caches. Each is built once per (type
// object, pointer type) — the memory, realloc and string encoding come from the context at run
// time — so instantiation pays for building them and calls only run them.

import { LinkError } from '../../core/errors.js';
import type { ValType } from '../types.js';
import type { LiftLowerContext } from './context.js';
import type { CoreValue, PtrType } from './options.js';
import type { ResourceType } from './resource.js';

/** Component value types at run time: resources are ResourceType objects. */
export type RValType = ValType<ResourceType>;

/** definitions.py `load(cx, ptr, t)` → the JS value. `ptr` is aligned and in bounds. */
export type Load = (cx: LiftLowerContext, ptr: number) => unknown;
/** definitions.py `store(cx, v, t, ptr)` of a JS value. `ptr` is aligned and in bounds. */
export type Store = (cx: LiftLowerContext, v: unknown, ptr: number) => void;
/** definitions.py `lift_flat(cx, vi, t)`: reads `cx.flat` from `cx.fi`. */
export type LiftFlat = (cx: LiftLowerContext) => unknown;
/** definitions.py `lower_flat(cx, v, t)`: appends the core values to `out`. */
export type LowerFlat = (cx: LiftLowerContext, v: unknown, out: CoreValue[]) => void;

export class PlanCache<F> {
  private readonly maps: Record<PtrType, WeakMap<object, F>> = { i32: new WeakMap(), i64: new WeakMap() };
  constructor(private readonly make: (t: RValType, ptrType: PtrType) => F) {}

  get(t: RValType, ptrType: PtrType): F {
    const m = this.maps[ptrType];
    let f = m.get(t);
    if (f === undefined) {
      f = this.make(t, ptrType);
      m.set(t, f);
    }
    return f;
  }
}

/** Kinds canon cannot lift or lower yet (🔀 async values, 📝 error contexts): a LinkError at instantiation. */
export function unsupportedKind(kind: string): never {
  throw new LinkError(`canon: lifting and lowering values of type ${kind} is not supported yet`);
}
