// The waitable-set, waitable and subtask built-ins as core functions. Spec: component-model
// design/mvp/CanonicalABI.md §"canon waitable-set.new", §"canon waitable-set.wait", §"canon
// waitable-set.poll", §"canon waitable-set.drop", §"canon waitable.join", §"canon
// subtask.cancel", §"canon subtask.drop" (definitions.py `canon_waitable_set_new`,
// `canon_waitable_set_wait`, `unpack_event`, `canon_waitable_set_poll`, `canon_waitable_set_drop`,
// `canon_waitable_join`, `canon_subtask_cancel`, `canon_subtask_drop`).
//
// Waiting blocks the current thread (thread.ts): it returns once an event is pending, after
// letting the instance's other ready threads run, or traps when nothing could ever deliver one.

import type { ComponentInstance } from './instance.js';
import type { CanonMemory, CoreCallable, CoreValue } from './options.js';
import { currentThreadIn, Subtask } from './task.js';
import { trap, TRAP } from './trap.js';
import { getPendingEvent, hasPendingEvent, isWaitable, joinWaitableSet, WaitableSet, type EventTuple } from './waitable.js';

function u32(v: CoreValue | undefined): number {
  return typeof v === 'bigint' ? Number(BigInt.asUintN(32, v)) : (v ?? 0) >>> 0;
}

function address(v: CoreValue | undefined): number {
  return typeof v === 'bigint' ? Number(BigInt.asUintN(64, v)) : (v ?? 0) >>> 0;
}

function waitableSet(inst: ComponentInstance, si: number): WaitableSet {
  const wset = inst.handles.get(si);
  if (!(wset instanceof WaitableSet)) trap(TRAP.notA(si, 'a waitable set'));
  return wset;
}

/** definitions.py `unpack_event`: the payloads go to `ptr` as two u32s, the code is returned. */
function unpackEvent(mem: CanonMemory, ptr: number, e: EventTuple): CoreValue[] {
  const view = mem.view();
  if (ptr + 8 > view.byteLength) trap(TRAP.outParamOutOfBounds('event', ptr, 8, view.byteLength));
  view.setUint32(ptr, e[1] >>> 0, true);
  view.setUint32(ptr + 4, e[2] >>> 0, true);
  return [e[0]];
}

/** `(canon waitable-set.new)`: `(func (result i32))`. */
export function canonWaitableSetNew(inst: ComponentInstance): CoreCallable {
  return () => {
    inst.checkMayLeave();
    return [inst.handles.add(new WaitableSet())];
  };
}

/** `(canon waitable-set.wait cancellable? (memory $m))`: `(func (param $si i32) (param $ptr addr) (result i32))`. */
export function canonWaitableSetWait(cancellable: boolean, mem: CanonMemory, inst: ComponentInstance): CoreCallable {
  return (args) => {
    const thread = currentThreadIn(inst);
    inst.checkMayLeave();
    const wset = waitableSet(inst, u32(args[0]));
    return unpackEvent(mem, address(args[1]), wset.waitForEvent(thread, cancellable));
  };
}

/** `(canon waitable-set.poll cancellable? (memory $m))`: as waitable-set.wait, never blocking. */
export function canonWaitableSetPoll(cancellable: boolean, mem: CanonMemory, inst: ComponentInstance): CoreCallable {
  return (args) => {
    const thread = currentThreadIn(inst);
    inst.checkMayLeave();
    const wset = waitableSet(inst, u32(args[0]));
    return unpackEvent(mem, address(args[1]), wset.poll(thread, cancellable));
  };
}

/** `(canon waitable-set.drop)`: `(func (param i32))`. */
export function canonWaitableSetDrop(inst: ComponentInstance): CoreCallable {
  return (args) => {
    inst.checkMayLeave();
    const i = u32(args[0]);
    const wset = waitableSet(inst, i);
    wset.drop();
    inst.handles.remove(i);
    return [];
  };
}

/** `(canon waitable.join)`: `(func (param $wi i32) (param $si i32))`; `si` 0 leaves the set. */
export function canonWaitableJoin(inst: ComponentInstance): CoreCallable {
  return (args) => {
    inst.checkMayLeave();
    const wi = u32(args[0]);
    const si = u32(args[1]);
    const w = inst.handles.get(wi);
    if (!isWaitable(w)) trap(TRAP.notA(wi, 'a waitable (a subtask or a stream or future end)'));
    if (w.hasSyncWaiter) trap(`waitable ${wi} cannot join a waitable set while a synchronous call waits on it`);
    joinWaitableSet(w, si === 0 ? undefined : waitableSet(inst, si));
    return [];
  };
}

function subtaskAt(inst: ComponentInstance, i: number): Subtask {
  const s = inst.handles.get(i);
  if (!(s instanceof Subtask)) trap(TRAP.notA(i, 'a subtask'));
  return s;
}

/** `(canon subtask.cancel async?)`: `(func (param i32) (result i32))`. */
export function canonSubtaskCancel(async: boolean, inst: ComponentInstance): CoreCallable {
  return (args) => {
    currentThreadIn(inst);
    inst.checkMayLeave();
    const i = u32(args[0]);
    const subtask = subtaskAt(inst, i);
    if (subtask.resolveDelivered()) trap(`subtask ${i} has already resolved and reported it`);
    if (subtask.cancellationRequested) trap(`subtask ${i} has already been cancelled`);
    if (subtask.wset !== undefined && !async) trap(`a synchronous subtask.cancel cannot wait for subtask ${i}: it is in a waitable set`);
    // Calls that do not resolve before returning trap (lower-async.ts): none is pending here.
    if (!subtask.resolved()) trap(`cannot cancel subtask ${i}: pending subtasks are not supported yet`);
    if (hasPendingEvent(subtask)) getPendingEvent(subtask);
    if (!subtask.resolveDelivered()) subtask.deliverResolve();
    return [subtask.state];
  };
}

/** `(canon subtask.drop)`: `(func (param i32))`. */
export function canonSubtaskDrop(inst: ComponentInstance): CoreCallable {
  return (args) => {
    inst.checkMayLeave();
    const i = u32(args[0]);
    const s = subtaskAt(inst, i);
    s.drop();
    inst.handles.remove(i);
    return [];
  };
}
