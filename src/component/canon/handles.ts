// Lifting and lowering of handles (own and borrow) between a component's handle table and JS
// values. Spec: component-model design/mvp/CanonicalABI.md §"Loading" (`lift_own`,
// `lift_borrow`) and §"Storing" (`lower_own`, `lower_borrow`); the JS objects follow jco (see
// resource.ts).

import type { LiftLowerContext } from './context.js';
import type { CoreValue } from './options.js';
import { ResourceHandle, symbolDispose, type ResourceType } from './resource.js';
import { Subtask, Task } from './task.js';
import { trap, TRAP } from './trap.js';
import { describeValue } from './coerce.js';

/** What a JS wrapper of a guest-defined resource refers to. */
interface ResourceRef {
  readonly rt: ResourceType;
  readonly rep: CoreValue;
  readonly own: boolean;
  live: boolean;
}

const refs = new WeakMap<object, ResourceRef>();

interface Held {
  readonly rt: ResourceType;
  readonly rep: CoreValue;
}

const finalizer: FinalizationRegistry<Held> | undefined =
  typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry<Held>((held) => {
      // A destructor run by the garbage collector has nobody to report a failure to.
      try {
        held.rt.destroy(held.rep, undefined);
      } catch {
        // ignored
      }
    })
    : undefined;

function noop(): void {}

function disposeOwned(this: object): void {
  const ref = refs.get(this);
  if (ref === undefined || !ref.live) return;
  ref.live = false;
  finalizer?.unregister(this);
  Object.defineProperty(this, symbolDispose, { value: noop, writable: true, configurable: true });
  ref.rt.destroy(ref.rep, undefined);
}

/** A JS object standing for the guest-defined resource `rep` (owned by JS, or borrowed for a call). */
export function wrapResource(rt: ResourceType, rep: CoreValue, own: boolean): object {
  const obj = Object.create(rt.wrapperPrototype()) as object;
  refs.set(obj, { rt, rep, own, live: true });
  if (own) {
    Object.defineProperty(obj, symbolDispose, { value: disposeOwned, writable: true, configurable: true });
    finalizer?.register(obj, { rt, rep }, obj);
  }
  return obj;
}

function releaseBorrowWrapper(obj: object): void {
  const ref = refs.get(obj);
  if (ref !== undefined) ref.live = false;
}

/** The rep behind a live JS wrapper of `rt` (undefined if `v` is none). */
export function wrappedRep(rt: ResourceType, v: unknown): CoreValue | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const ref = refs.get(v);
  return ref !== undefined && ref.live && ref.rt === rt ? ref.rep : undefined;
}

function notValid(rt: ResourceType, v: unknown): never {
  throw new TypeError(`Resource error: Not a valid "${rt.className}" resource (got ${describeValue(v)}).`);
}

function checkHandle(cx: LiftLowerContext, i: number, rt: ResourceType): ResourceHandle {
  const h = cx.inst.handles.get(i);
  if (!(h instanceof ResourceHandle)) trap(TRAP.notAResource(i));
  if (h.rt !== rt) trap(TRAP.wrongResourceType(i, rt.describe(), describeOther(h.rt, rt)));
  return h;
}

function describeOther(found: ResourceType, expected: ResourceType): string {
  const d = found.describe();
  return found.impl !== undefined && expected.impl !== undefined ? `a different ${d}` : d;
}

/** definitions.py `lift_own` → the JS value. */
export function liftOwn(cx: LiftLowerContext, i: number, rt: ResourceType): unknown {
  const h = checkHandle(cx, i, rt);
  if (h.numLends !== 0) trap(TRAP.lentOut(i));
  if (!h.own) trap(TRAP.notOwned(i));
  cx.inst.handles.remove(i);
  return ownToJs(rt, h.rep);
}

/** The JS value of the owned resource `rep`. */
export function ownToJs(rt: ResourceType, rep: CoreValue): unknown {
  if (rt.impl === undefined) {
    const obj = rt.takeHostObject(Number(rep));
    if (obj === undefined) trap(`unknown rep ${rep} of ${rt.describe()}`);
    return obj;
  }
  return wrapResource(rt, rep, true);
}

/** definitions.py `lift_borrow` → the JS value (valid until the call resolves). */
export function liftBorrow(cx: LiftLowerContext, i: number, rt: ResourceType): unknown {
  const h = checkHandle(cx, i, rt);
  const scope = cx.borrowScope;
  if (scope instanceof Subtask) scope.addLender(h);
  if (rt.impl === undefined) {
    const obj = rt.hostObject(Number(h.rep));
    if (obj === undefined) trap(`unknown rep ${h.rep} of ${rt.describe()}`);
    return obj;
  }
  const obj = wrapResource(rt, h.rep, false);
  if (scope instanceof Subtask) scope.addWrapper(obj, releaseBorrowWrapper);
  return obj;
}

/** The rep of a JS value given for `own<rt>`; consumes a wrapper (JS no longer owns it). */
function ownFromJs(v: unknown, rt: ResourceType): CoreValue {
  if (rt.impl === undefined) {
    if (typeof v !== 'object' && typeof v !== 'function') notValid(rt, v);
    if (v === null || (rt.jsClass !== undefined && !(v instanceof rt.jsClass))) notValid(rt, v);
    return rt.registerHostObject(v);
  }
  const ref = typeof v === 'object' && v !== null ? refs.get(v) : undefined;
  if (ref === undefined || !ref.live || ref.rt !== rt || !ref.own) notValid(rt, v);
  ref.live = false;
  finalizer?.unregister(v as object);
  Object.defineProperty(v, symbolDispose, { value: noop, writable: true, configurable: true });
  return ref.rep;
}

/** definitions.py `lower_own` of a JS value: a new owning handle in the instance's table. */
export function lowerOwn(cx: LiftLowerContext, v: unknown, rt: ResourceType): number {
  const rep = ownFromJs(v, rt);
  return cx.inst.handles.add(new ResourceHandle(rt, rep, true));
}

/** definitions.py `lower_borrow` of a JS value. */
export function lowerBorrow(cx: LiftLowerContext, v: unknown, rt: ResourceType): CoreValue {
  let rep: CoreValue;
  const scope = cx.borrowScope;
  if (rt.impl === undefined) {
    if ((typeof v !== 'object' && typeof v !== 'function') || v === null) notValid(rt, v);
    if (rt.jsClass !== undefined && !(v instanceof rt.jsClass)) notValid(rt, v);
    rep = rt.registerHostObject(v);
    if (scope instanceof Task) (scope.tempHostReps ??= []).push([rt, rep]);
  } else {
    const ref = typeof v === 'object' && v !== null ? refs.get(v) : undefined;
    if (ref === undefined || !ref.live || ref.rt !== rt) notValid(rt, v);
    rep = ref.rep;
  }
  if (cx.inst === rt.impl) return typeof rep === 'bigint' ? Number(rep) : rep;
  const task = scope instanceof Task ? scope : undefined;
  if (task !== undefined) task.numBorrows++;
  return cx.inst.handles.add(new ResourceHandle(rt, rep, false, task));
}
