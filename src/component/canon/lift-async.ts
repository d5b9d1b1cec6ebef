// `canon lift` of `async`-typed functions. Spec: component-model design/mvp/CanonicalABI.md
// §"canon lift" (definitions.py `canon_lift`'s `thread_func` for `ft.async_`, `CallbackCode`,
// `unpack_callback_result`) with `Task.enter_implicit_thread` (backpressure, `exclusive_thread`).
//
// Three forms, chosen by the options:
// - no `async` option: the core function returns its results (and post-return runs), as for a
//   non-`async` function, but the call obeys backpressure and holds the instance exclusively;
// - `async` without `callback` ("stackful"): the core function returns nothing and delivers its
//   result by calling `task.return`; once it returns, the task must have resolved unless other
//   threads of the task remain;
// - `async` with `callback` ("stackless"): the core function and then the callback return a
//   packed code: EXIT ends the task, YIELD lets others run and calls the callback with NONE,
//   WAIT waits for an event of a waitable set and calls the callback with it; other codes trap.
//   A task that has already returned its value is parked instead of waiting (thread.ts).
// Waiting is done by the task's implicit thread (thread.ts): anything that needs an event loop
// (an event that no code running on this stack can produce) traps.

import { liftReturned } from './lift-return.js';
import type { FuncType } from '../types.js';
import { LinkError } from '../../core/errors.js';
import { LiftLowerContext } from './context.js';
import { MAX_FLAT_PARAMS, MAX_FLAT_RESULTS } from './flatten.js';
import { ComponentInstance } from './instance.js';
import { liftedFunction, type FuncInst, type LiftedFunction } from './lift.js';
import type { CanonOptions, CoreCallable, CoreValue } from './options.js';
import { ptrTypeOf } from './options.js';
import type { RValType } from './plan.js';
import type { ResourceType } from './resource.js';
import { Task, TaskState } from './task.js';
import { setCurrentThread, Thread } from './thread.js';
import { isTrap, trap, TRAP } from './trap.js';
import { makeLiftFlatValues, makeLowerFlatValues } from './values.js';
import { EventCode, WaitableSet, type EventTuple } from './waitable.js';

/** definitions.py `CallbackCode`. */
export const CallbackCode = { EXIT: 0, YIELD: 1, WAIT: 2, MAX: 2 } as const;

/** definitions.py `unpack_callback_result`: [code, waitable set index]. */
export function unpackCallbackResult(packed: CoreValue | undefined): [number, number] {
  const p = typeof packed === 'bigint' ? Number(BigInt.asUintN(32, packed)) : (packed ?? 0) >>> 0;
  const code = p & 0xf;
  if (code > CallbackCode.MAX) trap(`unsupported callback code: ${code} (the callback returned 0x${p.toString(16)})`);
  return [code, p >>> 4];
}

/** definitions.py `canon_lift(callee, ft, opts, inst, …)` for `async`-typed functions. */
export function canonLiftAsync(ft: FuncType<ResourceType>, opts: CanonOptions, callee: CoreCallable, inst: ComponentInstance): LiftedFunction {
  const ptrType = ptrTypeOf(opts);
  const paramTypes: RValType[] = ft.params.map((p) => p.type);
  const resultTypes: RValType[] = ft.result !== undefined ? [ft.result] : [];
  const lowerParams = makeLowerFlatValues(paramTypes, ptrType, MAX_FLAT_PARAMS, 'parameters');
  const isAsync = opts.async === true;
  const callback = opts.callback;
  if (!isAsync && callback !== undefined) throw new LinkError('canon lift: `callback` requires the `async` option');
  const liftResults = isAsync ? undefined : makeLiftFlatValues(resultTypes, ptrType, MAX_FLAT_RESULTS, 'return value');
  const postReturn = opts.postReturn;

  /** The callee's work once it has started (definitions.py `thread_func` after `enter_implicit_thread`). */
  function run(task: Task, thread: Thread, cx: LiftLowerContext, flatArgs: CoreValue[], onResolve: (r: unknown[]) => void): void {
    if (liftResults !== undefined) {
      liftReturned(cx, task, callee(flatArgs), liftResults, postReturn, inst, onResolve);
      task.exitImplicitThread();
      return;
    }
    if (callback === undefined) {
      callee(flatArgs);
      task.exitImplicitThread();
      return;
    }
    let [code, si] = unpackCallbackResult(callee(flatArgs)[0]);
    while (code !== CallbackCode.EXIT) {
      inst.exclusiveThread = undefined;
      let event: EventTuple;
      const notExclusive = (): boolean => inst.exclusiveThread === undefined;
      if (code === CallbackCode.YIELD) {
        if (task.state === TaskState.RESOLVED) {
          thread.park(notExclusive);
          return;
        }
        const cancelled = thread.waitUntil(notExclusive, true, true);
        event = cancelled ? [EventCode.TASK_CANCELLED, 0, 0] : [EventCode.NONE, 0, 0];
      } else {
        const wset = inst.handles.get(si);
        if (!(wset instanceof WaitableSet)) trap(TRAP.notA(si, 'a waitable set (callback code WAIT)'));
        if (task.state === TaskState.RESOLVED && !wset.hasPendingEvent()) {
          wset.numWaiting++; // for good: the set cannot be dropped while the task waits on it
          thread.park(() => notExclusive() && wset.hasPendingEvent());
          return;
        }
        event = wset.waitForEventAnd(thread, notExclusive, true);
      }
      inst.exclusiveThread = thread;
      [code, si] = unpackCallbackResult(callback([event[0], event[1], event[2]])[0]);
    }
    task.exitImplicitThread();
  }

  const funcInst: FuncInst = {
    ft,
    inst,
    call(caller, onStart, onResolve, log) {
      const entered = inst.enterFrom(caller);
      const task = Task.async(inst, ft, opts, onResolve as (r: unknown[] | undefined) => void, log);
      const thread = new Thread(task);
      const prev = setCurrentThread(thread);
      try {
        if (task.enterImplicitThread(thread)) {
          const cx = new LiftLowerContext(opts, inst, task);
          cx.srcLog = log;
          const flatArgs = lowerParams(cx, task.start(onStart), undefined);
          if (log !== null) {
            // the parameters' strings are consumed; the results' strings start afresh
            log.items.length = 0;
            log.pos = 0;
          }
          run(task, thread, cx, flatArgs, onResolve);
        }
      } catch (e) {
        setCurrentThread(prev);
        task.abandonImplicitThread();
        task.exit();
        if (!isTrap(e)) {
          inst.mayLeave = true;
          if (inst.exclusiveThread === thread) inst.exclusiveThread = undefined;
          ComponentInstance.leave(entered);
        }
        throw e;
      }
      setCurrentThread(prev);
      task.exit();
      ComponentInstance.leave(entered);
    },
  };
  return liftedFunction(funcInst);
}
