// Threads of the Canonical ABI without stack switching. Spec: component-model
// design/mvp/CanonicalABI.md §"Stack Switching" and §"Threads" (definitions.py `Thread`:
// `running`, `suspended`, `waiting`, `ready`, `resume_later`, `resume`, `suspend`, `wait_until`,
// `yield_`, `suspend_then_resume`, `yield_then_resume`, `suspend_then_promote`,
// `yield_then_promote`; `current_thread`).
//
// definitions.py gives every thread its own stack (a continuation). Here every thread runs on the
// one JS stack, which is enough for all schedules in which threads nest:
// - the implicit thread of a call runs when the call is made (canon lift), on the caller's stack;
// - a thread made by `thread.new-indirect` has not started ("fresh"): resuming it runs its body
//   on top of the resuming thread's stack until the body returns;
// - a thread that blocks (suspend, wait, yield) first lets every fresh thread of its component
//   instance that is ready run on top of it (the scheduler's choice definitions.py leaves open),
//   then continues if it is ready itself (or was resumed by a thread that ran on top of it);
//   otherwise nothing can make progress without a scheduler, and the call traps: for a
//   non-`async`-typed task this is the spec's own trap (`canon_lift`'s `trap_if(not
//   candidates)`, wasmtime's "cannot block a synchronous task before returning"); for an
//   `async` task it is this implementation's limit (pending calls need an event loop);
// - a thread that suspends (without waiting for anything) while the thread whose blocking loop
//   started it is below it on the stack, and that nothing still able to run can resume, hands
//   control back to that thread (switching to it, or leaving it to its loop) by unwinding its
//   own frames: it stays suspended with its stack discarded, and a later attempt to resume it
//   traps (stack switching would be needed);
// - a thread that keeps yielding while nothing else can run traps after MAX_IDLE_YIELDS yields
//   (it is spinning on work that would run concurrently under an event loop);
// - a callback task that has returned its value and then waits or yields is parked: the call
//   returns to its caller and the task is never resumed (as when the store is not ticked again).
//
// The current thread is a module-level variable: calls nest on the JS stack, so saving and
// restoring it around each call keeps it exact. A synchronous call stores its Task there and
// `null` stands for the fresh task of a realloc or destructor call: thread state is created only
// if a built-in asks for it (task.ts `currentThreadIn`), keeping those calls as cheap as before.

import type { CoreValue } from './options.js';
import type { Task } from './task.js';
import { trap } from './trap.js';

/** definitions.py `Cancelled`. */
export const Cancelled = { FALSE: 0, TRUE: 1 } as const;

/** The message of a blocking operation that nothing can let continue. */
export const CANNOT_BLOCK_SYNC = 'cannot block a synchronous task before returning';

/**
 * How many times in a row a thread may yield when nothing else can run before this is taken for
 * a thread spinning on work that would run concurrently under an event loop (which is missing
 * here): it then traps instead of looping forever.
 */
export const MAX_IDLE_YIELDS = 10_000;

/** Unwinds a thread that suspended by switching back to the thread below it (see above). */
class ThreadSwitch {
  constructor(readonly thread: Thread) {}
}

export class Thread {
  /** Index in the instance's `threads` table; 0 until registered (see Task.registerThread). */
  index = 0;
  /** definitions.py `Thread.storage` (context.get/set). */
  storage0: CoreValue = 0;
  storage1: CoreValue = 0;
  /** definitions.py `cont is None`: executing (possibly inside a call it made). */
  running: boolean;
  /** definitions.py `ready_func`: set while waiting. */
  readyFunc: (() => boolean) | undefined = undefined;
  cancellable = false;
  /** The body of a thread that has not started (thread.new-indirect); undefined once started. */
  private body: (() => void) | undefined;
  /** The thread whose blocking loop started this one on top of its stack. */
  private starter: Thread | undefined = undefined;
  /** The block result for a thread below the current one that has been resumed (-1: none). */
  private wake = -1;
  /** The thread suspended by unwinding its frames: it can never continue. */
  discarded = false;
  /** Consecutive yields that let nothing else run (see MAX_IDLE_YIELDS). */
  private idleYields = 0;

  constructor(readonly task: Task, body?: () => void) {
    this.body = body;
    this.running = body === undefined;
  }

  suspended(): boolean {
    return !this.running && this.readyFunc === undefined;
  }

  waiting(): boolean {
    return !this.running && this.readyFunc !== undefined;
  }

  ready(): boolean {
    return this.waiting() && this.readyFunc!();
  }

  /** Whether the thread has not started yet (its body runs when it is resumed). */
  fresh(): boolean {
    return this.body !== undefined;
  }

  /** definitions.py `Thread.resume_later`. */
  resumeLater(): void {
    this.readyFunc = () => true;
  }

  /** definitions.py `Thread.suspend`. */
  suspend(cancellable: boolean): number {
    if (this.task.deliverPendingCancel(cancellable)) return Cancelled.TRUE;
    return this.blockInternal(cancellable);
  }

  /**
   * definitions.py `Thread.wait_until`. `yielding`: the wait is a yield (thread.yield, a callback's
   * YIELD), which counts towards MAX_IDLE_YIELDS when nothing else could run.
   */
  waitUntil(readyFunc: () => boolean, cancellable = false, yielding = false): number {
    if (this.task.deliverPendingCancel(cancellable)) return Cancelled.TRUE;
    this.readyFunc = readyFunc;
    return this.blockInternal(cancellable, yielding);
  }

  /** definitions.py `Thread.yield_`. */
  yield_(cancellable: boolean): number {
    return this.waitUntil(() => true, cancellable, true);
  }

  /**
   * Leaves this thread waiting for `readyFunc` for good and lets its caller continue: what
   * definitions.py does when a thread blocks and the store is never ticked again. Only a callback
   * task that has already returned its value does this (lift-async.ts): it has no stack to keep.
   */
  park(readyFunc: () => boolean): void {
    this.readyFunc = readyFunc;
    this.running = false;
  }

  /** definitions.py `Thread.suspend_then_resume` (`other` is suspended). */
  suspendThenResume(cancellable: boolean, other: Thread): number {
    if (this.task.deliverPendingCancel(cancellable)) return Cancelled.TRUE;
    return this.switchToInternal(cancellable, other);
  }

  /** definitions.py `Thread.yield_then_resume` (`other` is suspended). */
  yieldThenResume(cancellable: boolean, other: Thread): number {
    if (this.task.deliverPendingCancel(cancellable)) return Cancelled.TRUE;
    this.readyFunc = () => true;
    return this.switchToInternal(cancellable, other);
  }

  /** definitions.py `Thread.suspend_then_promote`. */
  suspendThenPromote(cancellable: boolean, other: Thread): number {
    if (this.task.deliverPendingCancel(cancellable)) return Cancelled.TRUE;
    if (other.ready()) {
      other.readyFunc = undefined;
      return this.suspendThenResume(cancellable, other);
    }
    return this.suspend(cancellable);
  }

  /** definitions.py `Thread.yield_then_promote`. */
  yieldThenPromote(cancellable: boolean, other: Thread): number {
    if (this.task.deliverPendingCancel(cancellable)) return Cancelled.TRUE;
    if (other.ready()) {
      other.readyFunc = undefined;
      return this.yieldThenResume(cancellable, other);
    }
    return this.yield_(cancellable);
  }

  /**
   * definitions.py `Thread.block_internal` with the scheduling described in the header: run the
   * ready fresh threads of the instance on top of this one, then continue if this thread is
   * ready or was resumed, else hand control back to the thread below or trap.
   */
  private blockInternal(cancellable: boolean, yielding = false): number {
    this.cancellable = cancellable;
    this.running = false;
    let ranOther = false;
    try {
      for (;;) {
        if (this.wake !== -1) {
          const c = this.wake;
          this.wake = -1;
          this.readyFunc = undefined;
          return c;
        }
        const next = readyFreshThread(this);
        if (next !== undefined) {
          next.readyFunc = undefined;
          next.runOnTopOf(this);
          ranOther = true;
          continue;
        }
        const rf = this.readyFunc;
        if (rf !== undefined && rf()) {
          this.readyFunc = undefined;
          if (!yielding || ranOther) this.idleYields = 0;
          else if (++this.idleYields > MAX_IDLE_YIELDS) {
            trap(`the thread has yielded ${MAX_IDLE_YIELDS} times in a row while nothing else could run: it waits for work that only an event loop could run (pending calls are not supported yet)`);
          }
          return Cancelled.FALSE;
        }
        if (rf === undefined && this.starter !== undefined && !this.starter.running) {
          // Nobody left can resume this suspended thread: the thread below takes over.
          this.discard();
        }
        trap(this.task.isAsyncTyped()
          ? 'cannot block: the async task is waiting and nothing else can run (suspending a task until an event arrives needs an event loop, which is not supported yet)'
          : `${CANNOT_BLOCK_SYNC} (the task is waiting and no other thread of the instance is ready to run)`);
      }
    } finally {
      if (!this.discarded) this.running = true;
    }
  }

  /** definitions.py `Thread.switch_to_internal`: block, transferring control to `other`. */
  private switchToInternal(cancellable: boolean, other: Thread): number {
    this.cancellable = cancellable;
    if (other.body !== undefined) {
      this.running = false;
      try {
        other.runOnTopOf(this);
      } finally {
        if (!this.discarded) this.running = true;
      }
      return this.blockInternal(cancellable);
    }
    if (other === this.starter && this.readyFunc === undefined) {
      other.wake = Cancelled.FALSE;
      this.discard();
    }
    if (other.discarded) trap(`cannot resume thread ${other.index}: its stack was discarded when it suspended (stack switching is not supported)`);
    trap(`cannot switch to thread ${other.index}: it is suspended below the current thread on the stack (stack switching is not supported)`);
  }

  /** Leaves this thread suspended for good, unwinding its frames back to its starter. */
  private discard(): never {
    this.running = false;
    this.readyFunc = undefined;
    this.discarded = true;
    throw new ThreadSwitch(this);
  }

  /** definitions.py `Thread.resume` of a fresh thread: runs its body on top of `starter`. */
  private runOnTopOf(starter: Thread): void {
    const body = this.body!;
    this.body = undefined;
    this.running = true;
    this.starter = starter;
    const prev: CurrentThread = current;
    current = this;
    try {
      body();
    } catch (e) {
      if (!(e instanceof ThreadSwitch && e.thread === this)) throw e;
    } finally {
      current = prev;
    }
  }
}

/** A fresh thread of `t`'s instance that is ready to run, if any. */
function readyFreshThread(t: Thread): Thread | undefined {
  for (const other of t.task.inst.threads) {
    if (other !== t && other.fresh() && other.ready()) return other;
  }
  return undefined;
}

/**
 * The current thread as stored: a Thread; a Task whose implicit thread has not been materialised
 * (a synchronous call); null for a fresh task not even created (realloc, destructors); none.
 */
export type CurrentThread = Thread | Task | null | undefined;

let current: CurrentThread;

/** definitions.py `current_thread()` as stored; see task.ts `currentThreadIn` for built-ins. */
export function currentThread(): CurrentThread {
  return current;
}

/** Makes `t` the current thread; returns the previous one, to be restored with `setCurrentThread`. */
export function setCurrentThread(t: CurrentThread): CurrentThread {
  const prev = current;
  current = t;
  return prev;
}
