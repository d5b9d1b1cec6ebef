// Tasks and subtasks. Spec: component-model design/mvp/CanonicalABI.md §"Tasks" (definitions.py
// `Task`: `needs_exclusive`, `enter_implicit_thread`, `register_thread`, `exit_implicit_thread`,
// `unregister_thread`, `deliver_pending_cancel`, `start`, `return_`, `cancel`) and §"Subtask
// State" (`Subtask`: `resolved`, `add_lender`, `resolve`, `deliver_resolve`, `resolve_delivered`,
// `drop`).
//
// A Task is the callee side of one `canon lift` call: its state machine, the borrowed handles
// lowered into the callee (which must be dropped before it returns) and its threads. A Subtask
// is the caller side of one `canon lower` call: the handles lent for `borrow` parameters, released
// when the call resolves, and (for async lowers) the waitable that reports its progress.
//
// Differences from definitions.py, none observable by the guest:
// - `Task.threads` is a count (`numThreads`): the threads themselves are in the instance's table.
// - A thread gets its index in the instance's `threads` table when the guest first needs it
//   (thread.index, or before thread.new-indirect registers a new thread, so that indices keep the
//   spec's order); the synchronous call path thus never touches the table.
// - `request_cancellation` (a caller cancelling a call that has not resolved) is absent: a call
//   that does not resolve before returning traps (thread.ts), so no subtask stays pending.

import type { FuncType } from '../types.js';
import type { ComponentInstance } from './instance.js';
import type { CanonOptions } from './options.js';
import type { ResourceHandle, ResourceType } from './resource.js';
import type { StringSourceLog } from './string.js';
import { currentThread, setCurrentThread, Thread } from './thread.js';
import { trap, TRAP } from './trap.js';
import { dropWaitable, type EventTuple, type Waitable, type WaitableSet } from './waitable.js';

/** definitions.py `Task.State`. */
export const TaskState = { INITIAL: 1, STARTED: 2, PENDING_CANCEL: 3, CANCEL_DELIVERED: 4, RESOLVED: 5 } as const;

export class Task {
  numBorrows = 0;
  state: number = TaskState.INITIAL;
  implicitThread: Thread | undefined = undefined;
  /** Host objects given temporary reps to be lent as `borrow`s for this call (dropped at its end). */
  tempHostReps: [ResourceType, number][] | undefined;
  // The fields below exist on the tasks of `async`-typed functions (`Task.async`) and on tasks
  // whose threads a built-in needed (`numThreads`): a synchronous call, the hot path, allocates
  // only the fields above. A task without `ft`/`opts` runs a non-`async`-typed, synchronously
  // lifted function.
  declare readonly ft: FuncType<ResourceType> | undefined;
  declare readonly opts: CanonOptions | undefined;
  /** definitions.py `len(Task.threads)`. */
  declare numThreads: number;
  /** definitions.py `on_resolve` (a synchronous lift delivers its result itself). */
  declare onResolve: ((result: unknown[] | undefined) => void) | undefined;
  /** The string-source log of a component-to-component call, for task.return. */
  declare srcLog: StringSourceLog | null;

  constructor(readonly inst: ComponentInstance) {}

  /** The task of a call to an `async`-typed function (definitions.py `Task.__init__`). */
  static async(inst: ComponentInstance, ft: FuncType<ResourceType>, opts: CanonOptions,
    onResolve: (result: unknown[] | undefined) => void, srcLog: StringSourceLog | null): Task {
    const task = new Task(inst);
    const fields = task as { ft: FuncType<ResourceType>; opts: CanonOptions };
    fields.ft = ft;
    fields.opts = opts;
    task.numThreads = 0;
    task.onResolve = onResolve;
    task.srcLog = srcLog;
    return task;
  }

  /** Whether the task runs an `async`-typed function. */
  isAsyncTyped(): boolean {
    return this.ft?.async === true;
  }

  /** Whether the function was lifted with the `async` option. */
  isAsyncLifted(): boolean {
    return this.opts?.async === true;
  }

  /** definitions.py `Task.needs_exclusive`. */
  needsExclusive(): boolean {
    return this.opts?.async !== true || this.opts.callback !== undefined;
  }

  /**
   * definitions.py `Task.enter_implicit_thread` for `thread`, the current thread. An `async`
   * call waits while the instance has backpressure (or another task holds it exclusively).
   */
  enterImplicitThread(thread: Thread): boolean {
    this.implicitThread = thread;
    const inst = this.inst;
    if (this.isAsyncTyped()) {
      const needsExclusive = this.needsExclusive();
      const hasBackpressure = (): boolean => inst.backpressure > 0 || (needsExclusive && inst.exclusiveThread !== undefined);
      if (hasBackpressure() || inst.numWaitingToEnter > 0) {
        inst.numWaitingToEnter++;
        let cancelled: number;
        try {
          cancelled = thread.waitUntil(() => !hasBackpressure(), true);
        } finally {
          inst.numWaitingToEnter--;
        }
        if (cancelled) {
          this.cancel();
          return false;
        }
      }
      if (needsExclusive) inst.exclusiveThread = thread;
    }
    this.numThreads++;
    return true;
  }

  /** definitions.py `Task.register_thread` for a thread made by thread.new-indirect. */
  registerThread(thread: Thread): void {
    this.numThreads++;
    thread.index = this.inst.threads.add(thread);
  }

  /** Gives `thread` (of this task) its index in the instance's `threads` table if it has none. */
  ensureIndex(thread: Thread): number {
    if (thread.index === 0) thread.index = this.inst.threads.add(thread);
    return thread.index;
  }

  /** definitions.py `Task.exit_implicit_thread`. */
  exitImplicitThread(): void {
    const thread = this.implicitThread!;
    this.unregisterThread(thread);
    if (this.isAsyncTyped() && this.needsExclusive()) this.inst.exclusiveThread = undefined;
  }

  /** definitions.py `Task.unregister_thread`: the last thread may only exit once the task resolved. */
  unregisterThread(thread: Thread): void {
    if (--this.numThreads === 0 && this.state !== TaskState.RESOLVED) {
      trap('the task\'s threads all exited before it returned a value (an async-lifted export must call task.return)');
    }
    if (thread.index !== 0) {
      this.inst.threads.remove(thread.index);
      thread.index = 0;
    }
  }

  /** definitions.py `Task.deliver_pending_cancel`. */
  deliverPendingCancel(cancellable: boolean): boolean {
    if (cancellable && this.state === TaskState.PENDING_CANCEL) {
      this.state = TaskState.CANCEL_DELIVERED;
      return true;
    }
    return false;
  }

  /** definitions.py `Task.start`. */
  start<T>(onStart: () => T): T {
    this.state = TaskState.STARTED;
    return onStart();
  }

  /**
   * definitions.py `Task.return_`: no second result, no borrowed handle may outlive the call.
   * With `result`, `on_resolve` is called here (task.return); a synchronous lift passes none and
   * delivers its result itself.
   */
  return_(result?: unknown[]): void {
    if (this.state === TaskState.RESOLVED) trap('the task has already returned a value or been cancelled (task.return called twice?)');
    if (this.numBorrows > 0) trap(TRAP.borrowsRemain(this.numBorrows));
    if (result !== undefined) this.onResolve!(result);
    this.state = TaskState.RESOLVED;
  }

  /** definitions.py `Task.cancel`. */
  cancel(): void {
    if (this.state !== TaskState.CANCEL_DELIVERED) trap('task.cancel: the task has not been cancelled by its caller (or has already resolved)');
    if (this.numBorrows > 0) trap(TRAP.borrowsRemain(this.numBorrows));
    this.onResolve!(undefined);
    this.state = TaskState.RESOLVED;
  }

  /** Takes the implicit thread, unwound by an exception, out of the threads table. */
  abandonImplicitThread(): void {
    const t = this.implicitThread;
    if (t !== undefined && t.index !== 0) {
      this.inst.threads.remove(t.index);
      t.index = 0;
    }
  }

  /** Forgets the temporary reps of borrowed host objects (after the call, trap or not). */
  exit(): void {
    const temps = this.tempHostReps;
    if (temps === undefined) return;
    this.tempHostReps = undefined;
    for (const [rt, rep] of temps) rt.forgetHostRep(rep);
  }
}

/**
 * The current thread of a built-in of `inst` (definitions.py `current_thread()`). The implicit
 * thread of a synchronous call, or the thread of a fresh task (realloc, destructors), is
 * materialised now. Core code of `inst` running outside any call into it (a core start function
 * during instantiation) runs in the instance's implicitly synchronous start task.
 */
export function currentThreadIn(inst: ComponentInstance): Thread {
  const t = currentThread();
  if (t instanceof Thread) {
    if (t.task.inst === inst) return t;
  } else if (t instanceof Task) {
    if (t.inst === inst) {
      let implicit = t.implicitThread;
      if (implicit === undefined) {
        implicit = t.implicitThread = new Thread(t);
        t.numThreads = 1;
      }
      setCurrentThread(implicit);
      return implicit;
    }
  } else if (t === null) {
    const fresh = startedTask(inst);
    setCurrentThread(fresh);
    return fresh;
  }
  return inst.startThread ??= startedTask(inst);
}

/** The implicit thread of a new synchronous task of `inst` that has started. */
function startedTask(inst: ComponentInstance): Thread {
  const task = new Task(inst);
  task.state = TaskState.STARTED;
  const thread = task.implicitThread = new Thread(task);
  task.numThreads = 1;
  return thread;
}

const NO_RESULTS: readonly unknown[] = [];

/** definitions.py `Subtask.State`. */
export const SubtaskState = {
  STARTING: 0, STARTED: 1, RETURNED: 2, CANCELLED_BEFORE_STARTED: 3, CANCELLED_BEFORE_RETURNED: 4,
} as const;

export class Subtask implements Waitable {
  // The Waitable and state fields exist on the subtasks of async lowers only (`initAsync`): a
  // synchronous lower, the hot path, allocates just the lend bookkeeping below.
  declare readonly waitable: true;
  declare pendingEvent: (() => EventTuple) | undefined;
  declare wset: WaitableSet | undefined;
  declare hasSyncWaiter: boolean;
  declare state: number;
  declare cancellationRequested: boolean;
  declare flatResults: readonly unknown[];
  /** Handles lent to the callee (definitions.py `lenders`); null once the resolve is delivered. */
  private lenders: ResourceHandle[] | undefined | null = undefined;
  /** JS wrappers of lent guest resources, invalidated when the call resolves. */
  private wrappers: object[] | undefined = undefined;
  private release: ((wrapper: object) => void) | undefined = undefined;

  /** A subtask of an async lower: a waitable with a state (definitions.py `Subtask.__init__`). */
  static async(): Subtask {
    const s = new Subtask();
    (s as { waitable: true }).waitable = true;
    s.pendingEvent = undefined;
    s.wset = undefined;
    s.hasSyncWaiter = false;
    s.state = SubtaskState.STARTING;
    s.cancellationRequested = false;
    s.flatResults = NO_RESULTS;
    return s;
  }

  /** definitions.py `Subtask.resolved`. */
  resolved(): boolean {
    return this.state >= SubtaskState.RETURNED;
  }

  /** definitions.py `Subtask.add_lender`. */
  addLender(h: ResourceHandle): void {
    h.numLends++;
    (this.lenders ??= []).push(h);
  }

  /** Registers a JS wrapper of a borrowed resource, invalidated by `deliverResolve`. */
  addWrapper(wrapper: object, release: (wrapper: object) => void): void {
    (this.wrappers ??= []).push(wrapper);
    this.release = release;
  }

  /** definitions.py `Subtask.resolve`. */
  resolve(state: number, flatResults: readonly unknown[]): void {
    this.state = state;
    this.flatResults = flatResults;
  }

  /** definitions.py `Subtask.deliver_resolve`: the lends end with the call. */
  deliverResolve(): void {
    const ls = this.lenders;
    this.lenders = null;
    if (ls) for (const h of ls) h.numLends--;
    const ws = this.wrappers;
    if (ws !== undefined) {
      this.wrappers = undefined;
      for (const w of ws) this.release!(w);
    }
  }

  /** definitions.py `Subtask.resolve_delivered`. */
  resolveDelivered(): boolean {
    return this.lenders === null;
  }

  /** definitions.py `Subtask.drop`. */
  drop(): void {
    if (this.lenders !== null) trap('cannot drop a subtask that has not resolved');
    dropWaitable(this);
  }
}
