// The thread built-ins as core functions. Spec: component-model design/mvp/CanonicalABI.md
// §"canon thread.index", §"canon thread.new-indirect", §"canon thread.resume-later", §"canon
// thread.suspend", §"canon thread.yield", §"canon thread.suspend-then-resume", §"canon
// thread.yield-then-resume", §"canon thread.suspend-then-promote", §"canon
// thread.yield-then-promote" (definitions.py `canon_thread_*`). Scheduling: thread.ts.

import type { ComponentInstance } from './instance.js';
import type { CoreCallable, CoreValue } from './options.js';
import { currentThreadIn } from './task.js';
import { Thread } from './thread.js';
import { trap } from './trap.js';

function u32(v: CoreValue | undefined): number {
  return typeof v === 'bigint' ? Number(BigInt.asUintN(32, v)) : (v ?? 0) >>> 0;
}

/** The thread at index `i` of the instance's `threads` table. */
function threadAt(inst: ComponentInstance, i: number): Thread {
  const t = inst.threads.peek(i);
  if (t === undefined) trap(`unknown thread index ${i}`);
  return t;
}

function suspendedThreadAt(inst: ComponentInstance, i: number): Thread {
  const t = threadAt(inst, i);
  if (!t.suspended()) trap(`thread ${i} is not suspended`);
  return t;
}

/** `(canon thread.index)`: `(func (result i32))`. */
export function canonThreadIndex(inst: ComponentInstance): CoreCallable {
  return () => {
    const thread = currentThreadIn(inst);
    inst.checkMayLeave();
    return [thread.task.ensureIndex(thread)];
  };
}

/**
 * `(canon thread.new-indirect $ft $table)`: `(func (param $fi) (param $c) (result i32))`.
 * `startFunction(fi)` reads the table's element `fi` and traps if it is out of bounds, null or
 * not of type `$ft`; the new thread calls it with `c` when it is first resumed.
 */
export function canonThreadNewIndirect(startFunction: (fi: CoreValue) => CoreCallable, inst: ComponentInstance): CoreCallable {
  return (args) => {
    const current = currentThreadIn(inst);
    const task = current.task;
    inst.checkMayLeave();
    const f = startFunction(args[0] ?? 0);
    const c = args[1] ?? 0;
    task.ensureIndex(current); // registered before the new thread, as definitions.py orders them
    const thread: Thread = new Thread(task, () => {
      f([c]);
      task.unregisterThread(thread);
    });
    task.registerThread(thread);
    return [thread.index];
  };
}

/** `(canon thread.resume-later)`: `(func (param $i i32))`. */
export function canonThreadResumeLater(inst: ComponentInstance): CoreCallable {
  return (args) => {
    inst.checkMayLeave();
    const i = u32(args[0]);
    const other = suspendedThreadAt(inst, i);
    if (other.discarded) trap(`cannot resume thread ${i}: its stack was discarded when it suspended (stack switching is not supported)`);
    other.resumeLater();
    return [];
  };
}

/** `(canon thread.suspend cancellable?)`: `(func (result i32))`. */
export function canonThreadSuspend(cancellable: boolean, inst: ComponentInstance): CoreCallable {
  return () => {
    const thread = currentThreadIn(inst);
    inst.checkMayLeave();
    return [thread.suspend(cancellable)];
  };
}

/** `(canon thread.yield cancellable?)`: `(func (result i32))`. */
export function canonThreadYield(cancellable: boolean, inst: ComponentInstance): CoreCallable {
  return () => {
    const thread = currentThreadIn(inst);
    inst.checkMayLeave();
    return [thread.yield_(cancellable)];
  };
}

export type SwitchKind = 'suspend-then-resume' | 'yield-then-resume' | 'suspend-then-promote' | 'yield-then-promote';

/** `(canon thread.{suspend,yield}-then-{resume,promote} cancellable?)`: `(func (param $i i32) (result i32))`. */
export function canonThreadSwitch(kind: SwitchKind, cancellable: boolean, inst: ComponentInstance): CoreCallable {
  return (args) => {
    const thread = currentThreadIn(inst);
    inst.checkMayLeave();
    const i = u32(args[0]);
    switch (kind) {
      case 'suspend-then-resume': return [thread.suspendThenResume(cancellable, suspendedThreadAt(inst, i))];
      case 'yield-then-resume': return [thread.yieldThenResume(cancellable, suspendedThreadAt(inst, i))];
      case 'suspend-then-promote': return [thread.suspendThenPromote(cancellable, threadAt(inst, i))];
      case 'yield-then-promote': return [thread.yieldThenPromote(cancellable, threadAt(inst, i))];
    }
  };
}
