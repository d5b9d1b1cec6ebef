// The Canonical ABI, organised like the spec's definitions.py.
// Spec: component-model design/mvp/CanonicalABI.md. This is the interface the runtime uses:
//
//   const inst = new ComponentInstance(parent?, label)      // one per component instance
//   const rt = new ResourceType(name, inst, dtor?, 'i32')    // per (resource definition, instance);
//                                                            // host resources: new ResourceType(name, undefined)
//   rt.jsClass = SomeClass                                   // exported resources: the class canon
//                                                            // instantiates for own/borrow values;
//                                                            // host resources: for instanceof checks
//   const f = canonLift(ft, opts, coreCallee, inst)          // JS function, jco conventions
//   const core = canonLower(ft, opts, f or hostFn, inst)     // CoreCallable for the core instance
//   canonResourceNew/Drop/Rep(rt, inst)                      // CoreCallables
//
// Core values are numbers (i32, f32, f64) and bigints (i64) (options.ts). Pass the function
// returned by canonLift itself to canonLower when a component's import is another component's
// export: canonLower recognises it and makes a component-to-component call (reentrance checks
// relative to the caller, results lowered before the callee's post-return, strings transcoded
// with the spec's exact realloc sequence). Traps are core RuntimeErrors; a trap leaves the
// instances it unwound through unenterable ("cannot enter component instance"). Wrong host values
// are TypeErrors naming the type and the value.
//
// Async (🔀) and threads (🧵): `async` lifts and lowers, the task, context, backpressure,
// waitable, subtask and thread built-ins follow definitions.py with every thread on the one JS
// stack (thread.ts): calls that resolve before returning work, as do threads that nest; whatever
// would need an event loop (a call left pending, waiting for an event nothing running can
// deliver) traps. Streams, futures and error contexts are not implemented (their `.new`
// built-ins throw a RuntimeError; values of those types are rejected when lifting/lowering is
// planned). The built-ins:
//
//   canonTaskReturn(resultType, opts, inst), canonTaskCancel(inst), canonContextGet/Set(t, i, inst),
//   canonBackpressureInc/Dec(inst), canonWaitableSetNew/Drop(inst), canonWaitableSetWait/Poll(
//   cancellable, memory, inst), canonWaitableJoin(inst), canonSubtaskCancel(async, inst),
//   canonSubtaskDrop(inst), canonThreadIndex(inst), canonThreadNewIndirect(startFunction, inst),
//   canonThreadResumeLater(inst), canonThreadSuspend/Yield(cancellable, inst),
//   canonThreadSwitch(kind, cancellable, inst), canonAsyncValueNew(kind, inst),
//   canonAsyncValueOp(what, argIndex, inst)

export type { CanonMemory, CanonOptions, CoreCallable, CoreValType, CoreValue, PtrType, StringEncoding } from './options.js';
export { liftOptionsEqual, ptrSize, ptrTypeOf } from './options.js';
export { ComponentInstance } from './instance.js';
export { Table, TABLE_MAX_LENGTH } from './table.js';
export { ResourceHandle, ResourceType, symbolDispose } from './resource.js';
export { wrapResource, wrappedRep } from './handles.js';
export { Task, Subtask, TaskState, SubtaskState, currentThreadIn } from './task.js';
export { Thread, Cancelled } from './thread.js';
export { WaitableSet, EventCode, isWaitable, type Waitable } from './waitable.js';
export { canonLiftAsync, CallbackCode } from './lift-async.js';
export { canonLowerAsync } from './lower-async.js';
export {
  canonTaskReturn, canonTaskCancel, canonContextGet, canonContextSet, canonBackpressureInc, canonBackpressureDec, valTypeEqual,
} from './task-builtins.js';
export {
  canonWaitableSetNew, canonWaitableSetWait, canonWaitableSetPoll, canonWaitableSetDrop, canonWaitableJoin,
  canonSubtaskCancel, canonSubtaskDrop,
} from './waitable-builtins.js';
export {
  canonThreadIndex, canonThreadNewIndirect, canonThreadResumeLater, canonThreadSuspend, canonThreadYield, canonThreadSwitch,
  type SwitchKind,
} from './thread-builtins.js';
export { canonAsyncValueNew, canonAsyncValueOp, type AsyncValueNew } from './async-value-builtins.js';
export { LiftLowerContext } from './context.js';
export { despecialize, containsBorrow, containsAsyncValue } from './despecialize.js';
export { alignment, elemSize, alignTo, discriminantType, fieldOffsets } from './layout.js';
export {
  flattenType, flattenTypes, flattenFunctype, join, MAX_FLAT_PARAMS, MAX_FLAT_RESULTS, MAX_FLAT_ASYNC_PARAMS,
  type CoreFuncType,
} from './flatten.js';
export { makeLoad, MAX_LIST_BYTE_LENGTH } from './load.js';
export { makeStore } from './store.js';
export { makeLiftFlat } from './lift-flat.js';
export { makeLowerFlat } from './lower-flat.js';
export { MAX_STRING_BYTE_LENGTH } from './string.js';
export { canonLift, funcInstOf, liftedFunction, FUNC_INST, type FuncInst, type LiftedFunction } from './lift.js';
export { canonLower, type HostFunction } from './lower.js';
export { canonResourceNew, canonResourceDrop, canonResourceRep } from './resource-builtins.js';
export { toLowerCamelCase, toUpperCamelCase } from './names.js';
export type { RValType } from './plan.js';
