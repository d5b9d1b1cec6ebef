// `canon lower` with the `async` option. Spec: component-model design/mvp/CanonicalABI.md
// §"canon lower" (definitions.py `canon_lower`, `opts.async_` case) and §"Subtask State".
//
// The core function takes the parameters flat (at most MAX_FLAT_ASYNC_PARAMS, else a pointer to
// them), then, when the function has a result, a pointer where the result is stored, and returns
// the subtask's packed state. A call that resolves before the callee returns control (every
// synchronous callee, and async callees that call task.return without having to wait) returns
// RETURNED with the result already stored. A call that would stay pending needs a subtask handle
// and an event loop to report its progress; that is not supported yet and traps.

import type { FuncType } from '../types.js';
import { LiftLowerContext } from './context.js';
import { MAX_FLAT_ASYNC_PARAMS } from './flatten.js';
import type { ComponentInstance } from './instance.js';
import { funcInstOf } from './lift.js';
import { isThenable } from '../../util/thenable.js';
import { hostResultCall, type HostFunction } from './lower.js';
import type { CanonOptions, CoreCallable, CoreValue } from './options.js';
import { ptrTypeOf } from './options.js';
import type { RValType } from './plan.js';
import type { ResourceType } from './resource.js';
import type { StringSourceLog } from './string.js';
import { Subtask, SubtaskState } from './task.js';
import { trap } from './trap.js';
import { makeLiftFlatValues, makeLowerFlatValues } from './values.js';

const PENDING = 'the async call did not complete before returning: subtasks that stay pending (and the event loop that reports their progress) are not supported yet';

/** definitions.py `canon_lower(callee, ft, opts, flat_args)` with `opts.async_`. */
export function canonLowerAsync(ft: FuncType<ResourceType>, opts: CanonOptions, callee: HostFunction, inst: ComponentInstance): CoreCallable {
  const ptrType = ptrTypeOf(opts);
  const paramTypes: RValType[] = ft.params.map((p) => p.type);
  const resultTypes: RValType[] = ft.result !== undefined ? [ft.result] : [];
  const liftParams = makeLiftFlatValues(paramTypes, ptrType, MAX_FLAT_ASYNC_PARAMS, 'parameters');
  // max_flat_results = 0: a result always goes to the out-pointer that follows the parameters
  const lowerResults = makeLowerFlatValues(resultTypes, ptrType, 0, 'result');
  const hasResult = ft.result !== undefined;

  /** The `on_resolve` of definitions.py for a call that returned `results`. */
  function resolve(subtask: Subtask, cx: LiftLowerContext, results: readonly unknown[]): void {
    cx.refresh();
    const flatResults = lowerResults(cx, results, hasResult ? cx.nextPtr() : undefined);
    subtask.resolve(SubtaskState.RETURNED, flatResults);
  }

  /** The end of definitions.py `canon_lower`'s async case for a subtask that resolved. */
  function returned(subtask: Subtask): CoreValue[] {
    if (!subtask.resolved()) trap(PENDING);
    subtask.deliverResolve();
    return [SubtaskState.RETURNED];
  }

  const target = funcInstOf(callee);
  if (target !== undefined) {
    return (flatArgs) => {
      inst.checkMayLeave();
      const subtask = Subtask.async();
      const cx = new LiftLowerContext(opts, inst, subtask);
      const log: StringSourceLog = { items: [], pos: 0 };
      cx.srcLog = log;
      cx.flat = flatArgs;
      cx.fi = 0;
      try {
        target.call(inst, () => {
          subtask.state = SubtaskState.STARTED;
          return liftParams(cx);
        }, (results) => resolve(subtask, cx, results), log);
      } catch (e) {
        subtask.deliverResolve();
        throw e;
      }
      return returned(subtask);
    };
  }

  const call = ft.result?.kind === 'result' ? hostResultCall(callee) : callee;
  return (flatArgs) => {
    inst.checkMayLeave();
    const subtask = Subtask.async();
    const cx = new LiftLowerContext(opts, inst, subtask);
    cx.flat = flatArgs;
    cx.fi = 0;
    subtask.state = SubtaskState.STARTED;
    try {
      const ret = call(...liftParams(cx));
      if (isThenable(ret)) trap(`${PENDING} (the host function returned a promise)`);
      resolve(subtask, cx, hasResult ? [ret] : []);
    } catch (e) {
      subtask.deliverResolve();
      throw e;
    }
    return returned(subtask);
  };
}
