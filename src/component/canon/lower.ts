// `canon lower`: a component function made into a core function. Spec: component-model
// design/mvp/CanonicalABI.md §"canon lower" (definitions.py `canon_lower`, synchronous case; the
// `async` option is in lower-async.ts)
// and §"Lifting and Lowering Values".
//
// The callee is either a function made by canonLift (called component-to-component through its
// FuncInst, with this instance as the caller) or a host JS function, called with the lifted
// arguments in jco's conventions. For a host function whose result type is `result<T, E>`, jco's
// rules apply: a returned `{ tag: 'ok' | 'err', val }` is taken as is, any other returned value v
// as ok(v); a thrown value with an own `payload` property (a ComponentError) becomes err(payload),
// any other thrown Error propagates, and a thrown non-Error value v becomes err(v). A host
// function returning a promise suspends the guest until it settles where the call was started
// asynchronously (liftedFunctionAsync, core/exec/suspend.ts) — the same rules then apply to the
// settled promise — and is an error elsewhere.

import type { FuncType } from '../types.js';
import { isThenable } from '../../util/thenable.js';
import { LiftLowerContext } from './context.js';
import { MAX_FLAT_PARAMS, MAX_FLAT_RESULTS } from './flatten.js';
import type { ComponentInstance } from './instance.js';
import { funcInstOf } from './lift.js';
import type { CanonOptions, CoreCallable, CoreValue } from './options.js';
import { ptrTypeOf } from './options.js';
import type { RValType } from './plan.js';
import type { ResourceType } from './resource.js';
import type { StringSourceLog } from './string.js';
import { canonLowerAsync } from './lower-async.js';
import { currentThreadIn, Subtask } from './task.js';
import { makeLiftFlatValues, makeLowerFlatValues, spills } from './values.js';
import { canSuspend, SuspendSignal, type Outcome } from '../../core/exec/suspend.js';

/** A host function as canonLower calls it. */
export type HostFunction = (...args: unknown[]) => unknown;

/** definitions.py `canon_lower(callee, ft, opts, flat_args)`. */
export function canonLower(ft: FuncType<ResourceType>, opts: CanonOptions, callee: HostFunction, inst: ComponentInstance): CoreCallable {
  if (opts.async === true) return canonLowerAsync(ft, opts, callee, inst);
  const ptrType = ptrTypeOf(opts);
  const paramTypes: RValType[] = ft.params.map((p) => p.type);
  const resultTypes: RValType[] = ft.result !== undefined ? [ft.result] : [];
  const liftParams = makeLiftFlatValues(paramTypes, ptrType, MAX_FLAT_PARAMS, 'parameters');
  const lowerResults = makeLowerFlatValues(resultTypes, ptrType, MAX_FLAT_RESULTS, 'return value');
  const outParam = spills(resultTypes, ptrType, MAX_FLAT_RESULTS);
  const hasResult = ft.result !== undefined;

  const target = funcInstOf(callee);
  if (target !== undefined) {
    return (flatArgs) => {
      inst.checkMayLeave();
      const subtask = new Subtask();
      const cx = new LiftLowerContext(opts, inst, subtask);
      const log: StringSourceLog = { items: [], pos: 0 };
      cx.srcLog = log;
      cx.flat = flatArgs;
      cx.fi = 0;
      let flatResults: CoreValue[] | undefined;
      try {
        target.call(inst, () => liftParams(cx), (results) => {
          cx.refresh();
          flatResults = lowerResults(cx, results, outParam ? cx.nextPtr() : undefined);
        }, log);
        // an `async` callee that has not resolved: the caller's thread waits (definitions.py `wait_until`)
        if (flatResults === undefined) currentThreadIn(inst).waitUntil(() => flatResults !== undefined);
      } finally {
        subtask.deliverResolve();
      }
      return flatResults!;
    };
  }

  const returnsResult = ft.result?.kind === 'result';
  const call = returnsResult ? hostResultCall(callee) : callee;
  return (flatArgs) => {
    inst.checkMayLeave();
    const subtask = new Subtask();
    const cx = new LiftLowerContext(opts, inst, subtask);
    cx.flat = flatArgs;
    cx.fi = 0;
    let suspended = false;
    try {
      const args = liftParams(cx);
      const ret = call(...args);
      cx.refresh(); // the host may have called into the guest, growing the memory
      if (isThenable(ret)) {
        if (!canSuspend()) {
          throw new TypeError('cannot block a synchronous task before returning: the host function returned a promise (instantiate with { async: true } and call the export asynchronously to let it suspend)');
        }
        // Suspend the guest until the promise settles (core/exec/suspend.ts); then lower its value.
        suspended = true;
        throw new SuspendSignal(ret as PromiseLike<unknown>, (o) => {
          try {
            const value = returnsResult ? resultOfOutcome(o) : o.ok ? o.value : rethrow(o.value);
            cx.refresh();
            return lowerResults(cx, hasResult ? [value] : [], outParam ? cx.nextPtr() : undefined);
          } finally {
            subtask.deliverResolve();
          }
        });
      }
      return lowerResults(cx, hasResult ? [ret] : [], outParam ? cx.nextPtr() : undefined);
    } finally {
      if (!suspended) subtask.deliverResolve();
    }
  };
}

const rethrow = (e: unknown): never => {
  throw e;
};

/** jco's `result<T, E>` convention (hostResultCall) applied to a settled promise. */
function resultOfOutcome(o: Outcome): unknown {
  if (!o.ok) {
    const e = o.value;
    if ((typeof e === 'object' || typeof e === 'function') && e !== null && Object.hasOwn(e, 'payload')) {
      return { tag: 'err', val: (e as { payload: unknown }).payload };
    }
    if (e instanceof Error) throw e;
    return { tag: 'err', val: e };
  }
  const r = o.value;
  if (typeof r === 'object' && r !== null) {
    const tag = (r as { tag?: unknown }).tag;
    if (tag === 'ok' || tag === 'err') return r;
  }
  return { tag: 'ok', val: r };
}


/** jco's convention for host functions returning `result<T, E>` (see the opening comment). */
export function hostResultCall(callee: HostFunction): HostFunction {
  return (...args) => {
    let r: unknown;
    try {
      r = callee(...args);
    } catch (e) {
      if ((typeof e === 'object' || typeof e === 'function') && e !== null && Object.hasOwn(e, 'payload')) {
        return { tag: 'err', val: (e as { payload: unknown }).payload };
      }
      if (e instanceof Error) throw e;
      return { tag: 'err', val: e };
    }
    if (typeof r === 'object' && r !== null) {
      const tag = (r as { tag?: unknown }).tag;
      if (tag === 'ok' || tag === 'err') return r;
    }
    if (isThenable(r)) return r;
    return { tag: 'ok', val: r };
  };
}
