// Lifting and lowering lists of values (parameters and results). Spec: component-model
// design/mvp/CanonicalABI.md §"Lifting and Lowering Values" (definitions.py
// `lift_flat_values`, `lower_flat_values`): beyond `max_flat` flat values, the values travel as
// a tuple in linear memory behind one pointer, allocated with realloc or given as an out-param.

import type { LiftLowerContext } from './context.js';
import { flattenTypes } from './flatten.js';
import { alignTo, alignment, elemSize, fieldOffsets } from './layout.js';
import { makeLiftFlat } from './lift-flat.js';
import { makeLoad } from './load.js';
import { makeLowerFlat } from './lower-flat.js';
import type { CoreValue, PtrType } from './options.js';
import type { RValType } from './plan.js';
import { makeStore } from './store.js';
import { trap, TRAP } from './trap.js';

/** Lifts the values of `ts` from `cx.flat` (from `cx.fi`). */
export type LiftFlatValues = (cx: LiftLowerContext) => unknown[];
/** Lowers `vs`; `outParam` is the caller-supplied pointer when the values spill (canon lower results). */
export type LowerFlatValues = (cx: LiftLowerContext, vs: readonly unknown[], outParam: number | undefined) => CoreValue[];

/** Whether the values of `ts` spill into memory under `maxFlat`. */
export function spills(ts: readonly RValType[], ptrType: PtrType, maxFlat: number): boolean {
  return flattenTypes(ts, ptrType).length > maxFlat;
}

function checkTuple(cx: LiftLowerContext, ptr: number, align: number, size: number, what: string): void {
  if (alignTo(ptr, align) !== ptr) trap(TRAP.unaligned(what, ptr, align));
  if (ptr + size > cx.bytes.length) trap(TRAP.outParamOutOfBounds(what, ptr, size, cx.bytes.length));
}

/** definitions.py `lift_flat_values(cx, max_flat, vi, ts)`. */
export function makeLiftFlatValues(ts: readonly RValType[], ptrType: PtrType, maxFlat: number, what: string): LiftFlatValues {
  if (spills(ts, ptrType, maxFlat)) {
    const tuple: RValType = { kind: 'tuple', types: ts };
    const align = alignment(tuple, ptrType);
    const size = elemSize(tuple, ptrType);
    const offs = fieldOffsets(ts, ptrType);
    const loads = ts.map((t) => makeLoad(t, ptrType));
    return (cx) => {
      const ptr = cx.nextPtr();
      checkTuple(cx, ptr, align, size, what);
      return loads.map((l, i) => l(cx, ptr + offs[i]!));
    };
  }
  const lifts = ts.map((t) => makeLiftFlat(t, ptrType));
  if (lifts.length === 1) {
    const l = lifts[0]!;
    return (cx) => [l(cx)];
  }
  return (cx) => lifts.map((l) => l(cx));
}

/** definitions.py `lower_flat_values(cx, max_flat, vs, ts, out_param)`. */
export function makeLowerFlatValues(ts: readonly RValType[], ptrType: PtrType, maxFlat: number, what: string): LowerFlatValues {
  if (spills(ts, ptrType, maxFlat)) {
    const tuple: RValType = { kind: 'tuple', types: ts };
    const align = alignment(tuple, ptrType);
    const size = elemSize(tuple, ptrType);
    const offs = fieldOffsets(ts, ptrType);
    const stores = ts.map((t) => makeStore(t, ptrType));
    return (cx, vs, outParam) => {
      let ptr: number;
      let flat: CoreValue[];
      if (outParam === undefined) {
        ptr = cx.allocate(align, size);
        if (alignTo(ptr, align) !== ptr) trap(TRAP.reallocUnaligned(ptr, align));
        if (ptr + size > cx.bytes.length) trap(TRAP.reallocOutOfBounds(what, ptr, size, cx.bytes.length));
        flat = [cx.ptrType === 'i32' ? ptr | 0 : BigInt(ptr)];
      } else {
        ptr = outParam;
        checkTuple(cx, ptr, align, size, what);
        flat = [];
      }
      for (let i = 0; i < stores.length; i++) stores[i]!(cx, vs[i], ptr + offs[i]!);
      return flat;
    };
  }
  const lowers = ts.map((t) => makeLowerFlat(t, ptrType));
  return (cx, vs) => {
    const out: CoreValue[] = [];
    for (let i = 0; i < lowers.length; i++) lowers[i]!(cx, vs[i], out);
    return out;
  };
}
