// `canon lift`: a core function made into a component function, callable from JS.
// Spec: component-model design/mvp/CanonicalABI.md §"canon lift" (definitions.py `canon_lift`,
// non-`async`-typed functions; `async`-typed ones are in lift-async.ts) with `Store.lift`'s reentrance guard (§"Embedding": `may_enter_from`,
// `enter_from`, `leave_to`) and §"Lifting and Lowering Values".
//
// canonLift returns a JS function in jco's conventions: it takes the parameters as JS values,
// returns the result's JS value (undefined when there is none) and, when the result type is a
// `result<T, E>`, returns the ok value or throws ComponentError(error value). The function also
// carries its FuncInst (under FUNC_INST) so that canonLower can call it component-to-component:
// then the caller's instance takes part in the reentrance check, results are lowered into the
// caller before the callee's post-return runs, and strings keep their source encoding.
// Everything that depends on the type and options is computed here, once. The call runs in a new
// implicit thread (thread.ts), the current thread of the built-ins the callee calls.

import type { FuncType } from '../types.js';
import { ComponentError } from '../errors.js';
import { LinkError } from '../../core/errors.js';
import { LiftLowerContext } from './context.js';
import { MAX_FLAT_PARAMS, MAX_FLAT_RESULTS } from './flatten.js';
import { ComponentInstance } from './instance.js';
import type { CanonOptions, CoreCallable, CoreValue } from './options.js';
import { ptrTypeOf } from './options.js';
import type { RValType } from './plan.js';
import type { ResourceType } from './resource.js';
import type { StringSourceLog } from './string.js';
import { canonLiftAsync } from './lift-async.js';
import { liftReturned } from './lift-return.js';
import { Task } from './task.js';
import { setCurrentThread } from './thread.js';
import { isTrap, trap, TRAP } from './trap.js';
import { makeLiftFlatValues, makeLowerFlatValues } from './values.js';

/** The FuncInst of a lifted function (definitions.py `FuncInst`; calls resolve before returning). */
export interface FuncInst {
  readonly ft: FuncType<ResourceType>;
  readonly inst: ComponentInstance;
  /**
   * Calls the function from `caller` (undefined: the host). `onStart` supplies the arguments as
   * JS values; `onResolve` receives the results (0 or 1 JS values) before post-return runs (for
   * `async` functions: when the callee calls task.return; a call that did not resolve before
   * returning left the caller waiting, which traps in this implementation). `log`
   * carries string source encodings between the two sides of a component-to-component call.
   */
  call(caller: ComponentInstance | undefined, onStart: () => readonly unknown[],
    onResolve: (results: unknown[]) => void, log: StringSourceLog | null): void;
  /**
   * The call from the host, made so that the host functions it reaches may answer with promises
   * (the computation suspends until they settle, core/exec/suspend.ts); resolves once the call
   * has returned, `onResolve` having received the results. Absent where the callee cannot be
   * called that way.
   */
  callAsync?(args: readonly unknown[], onResolve: (results: unknown[]) => void): Promise<void>;
}

/** The property of a lifted JS function holding its FuncInst. */
export const FUNC_INST: unique symbol = Symbol('purewasm.canon.FuncInst');

export type LiftedFunction = ((...args: unknown[]) => unknown) & { readonly [FUNC_INST]: FuncInst };

/** The FuncInst of `f` if it was made by canonLift. */
export function funcInstOf(f: unknown): FuncInst | undefined {
  return typeof f === 'function' ? (f as Partial<LiftedFunction>)[FUNC_INST] : undefined;
}

/** definitions.py `canon_lift(callee, ft, opts, inst, …)` for synchronous functions. */
export function canonLift(ft: FuncType<ResourceType>, opts: CanonOptions, callee: CoreCallable, inst: ComponentInstance): LiftedFunction {
  if (ft.async === true) return canonLiftAsync(ft, opts, callee, inst);
  if (opts.async === true) throw new LinkError('canon lift: the `async` option requires an `async` function type');
  const ptrType = ptrTypeOf(opts);
  const paramTypes: RValType[] = ft.params.map((p) => p.type);
  const resultTypes: RValType[] = ft.result !== undefined ? [ft.result] : [];
  const lowerParams = makeLowerFlatValues(paramTypes, ptrType, MAX_FLAT_PARAMS, 'parameters');
  const liftResults = makeLiftFlatValues(resultTypes, ptrType, MAX_FLAT_RESULTS, 'return value');
  const postReturn = opts.postReturn;

  /** The callee returned `flatResults`: lift them, resolve, post-return (definitions.py canon_lift). */
  const returned = (cx: LiftLowerContext, task: Task, flatResults: CoreValue[], onResolve: (results: unknown[]) => void): void => {
    liftReturned(cx, task, flatResults, liftResults, postReturn, inst, onResolve);
    if (task.implicitThread !== undefined) task.exitImplicitThread();
  };
  /** The call failed with `e`: a trap leaves the instances entered, so they cannot be entered again. */
  const failed = (task: Task, entered: ComponentInstance[], e: unknown): void => {
    task.abandonImplicitThread();
    task.exit();
    if (!isTrap(e)) {
      inst.mayLeave = true;
      ComponentInstance.leave(entered);
    }
  };

  const funcInst: FuncInst = {
    ft,
    inst,
    call(caller, onStart, onResolve, log) {
      const entered = inst.enterFrom(caller);
      const task = new Task(inst);
      // the implicit thread is created if a built-in needs it (see currentThreadIn)
      const prev = setCurrentThread(task);
      try {
        const cx = new LiftLowerContext(opts, inst, task);
        cx.srcLog = log;
        const flatArgs = lowerParams(cx, onStart(), undefined);
        if (log !== null) {
          // the parameters' strings are consumed; the results' strings start afresh
          log.items.length = 0;
          log.pos = 0;
        }
        returned(cx, task, callee(flatArgs), onResolve);
      } catch (e) {
        setCurrentThread(prev);
        failed(task, entered, e);
        throw e;
      }
      setCurrentThread(prev);
      task.exit();
      ComponentInstance.leave(entered);
    },
  };
  const calleeAsync = callee.async;
  if (calleeAsync !== undefined) {
    // As `call` from the host, with the core call made suspendable. While the computation is
    // suspended the instance stays entered: a call into it meanwhile traps (cannot enter). The
    // task is the current thread only while the computation runs (hooks).
    funcInst.callAsync = async (args, onResolve) => {
      const entered = inst.enterFrom(undefined);
      const task = new Task(inst);
      let outer = setCurrentThread(task);
      const hooks = {
        enter(): void { outer = setCurrentThread(task); },
        leave(): void { setCurrentThread(outer); },
      };
      try {
        const cx = new LiftLowerContext(opts, inst, task);
        const flatArgs = lowerParams(cx, args, undefined);
        setCurrentThread(outer);
        const flatResults = await calleeAsync(flatArgs, hooks);
        outer = setCurrentThread(task);
        returned(cx, task, flatResults, onResolve);
      } catch (e) {
        setCurrentThread(outer);
        failed(task, entered, e);
        throw e;
      }
      setCurrentThread(outer);
      task.exit();
      ComponentInstance.leave(entered);
    };
  }
  return liftedFunction(funcInst);
}

/**
 * What a call from the host returns in jco's conventions, given the results `onResolve` received:
 * the value (undefined without a result); a `result` returns its ok value or throws
 * ComponentError(err value).
 */
function hostReturnValue(ft: FuncType<ResourceType>): (results: unknown[] | undefined) => unknown {
  const returnsResult = ft.result?.kind === 'result';
  const hasResult = ft.result !== undefined;
  return (results) => {
    if (results === undefined) trap(TRAP.unresolvedCall);
    if (!hasResult) return undefined;
    const r = results![0];
    if (returnsResult) {
      const { tag, val } = r as { tag: 'ok' | 'err'; val: unknown };
      if (tag === 'err') throw new ComponentError(val);
      return val;
    }
    return r;
  };
}

/** The JS function (jco's conventions, see the opening comment) calling `funcInst` from the host. */
export function liftedFunction(funcInst: FuncInst): LiftedFunction {
  const returnValue = hostReturnValue(funcInst.ft);
  const fn = function (...args: unknown[]): unknown {
    let results: unknown[] | undefined;
    funcInst.call(undefined, () => args, (r) => { results = r; }, null);
    return returnValue(results);
  };
  Object.defineProperty(fn, FUNC_INST, { value: funcInst });
  return fn as LiftedFunction;
}

/**
 * The asynchronous form of `liftedFunction`: returns a promise of what it would return (a
 * `result` error rejects with ComponentError). Host functions the call reaches may return
 * promises. A function whose FuncInst has no `callAsync` runs synchronously inside the promise.
 */
export function liftedFunctionAsync(funcInst: FuncInst): (...args: unknown[]) => Promise<unknown> {
  const callAsync = funcInst.callAsync;
  if (callAsync === undefined) {
    const sync = liftedFunction(funcInst);
    return async (...args) => sync(...args);
  }
  const returnValue = hostReturnValue(funcInst.ft);
  return async (...args) => {
    let results: unknown[] | undefined;
    await callAsync(args, (r) => { results = r; });
    return returnValue(results);
  };
}
