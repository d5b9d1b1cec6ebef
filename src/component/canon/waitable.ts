// Waitables and waitable sets. Spec: component-model design/mvp/CanonicalABI.md §"Waitable State"
// (definitions.py `EventCode`, `Waitable`, `WaitableSet`).
//
// A waitable (a subtask, or later a stream/future end) can hold one pending event, delivered
// either to a synchronous waiter or through the waitable set it has joined. definitions.py's
// `Waitable` base class is the `Waitable` interface here, with its methods as functions: a
// Subtask is made on every `canon lower` call, and in V8 a derived class with field initializers
// costs several times a flat one to construct. Waiting goes through the waiting thread
// (thread.ts), passed in explicitly where definitions.py uses `current_thread()`.
// definitions.py shuffles a set's elements before picking a pending event (any choice is
// allowed); here the first element with a pending event, in join order, is taken.

import { trap } from './trap.js';

/** definitions.py `EventCode`. */
export const EventCode = {
  NONE: 0,
  SUBTASK: 1,
  STREAM_READ: 2,
  STREAM_WRITE: 3,
  FUTURE_READ: 4,
  FUTURE_WRITE: 5,
  TASK_CANCELLED: 6,
} as const;

/** definitions.py `EventTuple`: (event code, payload 1, payload 2). */
export type EventTuple = readonly [code: number, p1: number, p2: number];

/** What waiting needs from the waiting thread (thread.ts `Thread`). */
export interface WaitingThread {
  waitUntil(readyFunc: () => boolean, cancellable: boolean): number;
  readonly task: { deliverPendingCancel(cancellable: boolean): boolean };
}

/** definitions.py `Waitable`'s state; `waitable` marks the objects that are waitables. */
export interface Waitable {
  readonly waitable: true;
  pendingEvent: (() => EventTuple) | undefined;
  wset: WaitableSet | undefined;
  hasSyncWaiter: boolean;
}

/** Whether a handle-table element is a waitable. */
export function isWaitable(e: unknown): e is Waitable {
  return typeof e === 'object' && e !== null && (e as Partial<Waitable>).waitable === true;
}

/** definitions.py `Waitable.has_pending_event`. */
export function hasPendingEvent(w: Waitable): boolean {
  return w.pendingEvent !== undefined;
}

/** definitions.py `Waitable.get_pending_event`. */
export function getPendingEvent(w: Waitable): EventTuple {
  const pendingEvent = w.pendingEvent!;
  w.pendingEvent = undefined;
  return pendingEvent();
}

/** definitions.py `Waitable.join` (`wset` undefined: leave the current set). */
export function joinWaitableSet(w: Waitable, wset: WaitableSet | undefined): void {
  if (w.wset !== undefined) {
    const elems = w.wset.elems;
    elems.splice(elems.indexOf(w), 1);
  }
  w.wset = wset;
  if (wset !== undefined) wset.elems.push(w);
}

/** definitions.py `Waitable.drop`. */
export function dropWaitable(w: Waitable): void {
  joinWaitableSet(w, undefined);
}

export class WaitableSet {
  readonly elems: Waitable[] = [];
  numWaiting = 0;

  hasPendingEvent(): boolean {
    return this.elems.some(hasPendingEvent);
  }

  getPendingEvent(): EventTuple {
    for (const w of this.elems) if (hasPendingEvent(w)) return getPendingEvent(w);
    throw new Error('internal: WaitableSet.getPendingEvent without a pending event');
  }

  /** definitions.py `WaitableSet.wait_for_event_and`. */
  waitForEventAnd(thread: WaitingThread, readyFunc: () => boolean, cancellable: boolean): EventTuple {
    this.numWaiting++;
    try {
      const cancelled = thread.waitUntil(() => readyFunc() && this.hasPendingEvent(), cancellable);
      return cancelled ? [EventCode.TASK_CANCELLED, 0, 0] : this.getPendingEvent();
    } finally {
      this.numWaiting--;
    }
  }

  /** definitions.py `WaitableSet.wait_for_event`. */
  waitForEvent(thread: WaitingThread, cancellable: boolean): EventTuple {
    return this.waitForEventAnd(thread, () => true, cancellable);
  }

  /** definitions.py `WaitableSet.poll`. */
  poll(thread: WaitingThread, cancellable: boolean): EventTuple {
    if (thread.task.deliverPendingCancel(cancellable)) return [EventCode.TASK_CANCELLED, 0, 0];
    if (!this.hasPendingEvent()) return [EventCode.NONE, 0, 0];
    return this.getPendingEvent();
  }

  /** definitions.py `WaitableSet.drop`. */
  drop(): void {
    if (this.elems.length > 0) trap('cannot drop a waitable set that still has waitables joined to it');
    if (this.numWaiting > 0) trap('cannot drop a waitable set while a thread is waiting on it');
  }
}
