// Waitables and waitable sets. Spec: component-model design/mvp/CanonicalABI.md §"Waitable State"
// (definitions.py `EventCode`, `Waitable`, `WaitableSet`).
//
// A Waitable (a subtask, or later a stream/future end) can hold one pending event, delivered
// either to a synchronous waiter or through the waitable set it has joined. Waiting goes
// through the waiting thread (thread.ts), passed in explicitly where definitions.py uses
// `current_thread()`. definitions.py shuffles a set's elements before picking a pending event
// (any choice is allowed); here the first element with a pending event, in join order, is taken.

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

export class Waitable {
  pendingEvent: (() => EventTuple) | undefined = undefined;
  wset: WaitableSet | undefined = undefined;
  hasSyncWaiter = false;

  setPendingEvent(pendingEvent: () => EventTuple): void {
    this.pendingEvent = pendingEvent;
  }

  hasPendingEvent(): boolean {
    return this.pendingEvent !== undefined;
  }

  inWaitableSet(): boolean {
    return this.wset !== undefined;
  }

  /** definitions.py `Waitable.wait_for_pending_event` (by `thread`, not cancellable). */
  waitForPendingEvent(thread: WaitingThread): void {
    this.hasSyncWaiter = true;
    try {
      thread.waitUntil(() => this.hasPendingEvent(), false);
    } finally {
      this.hasSyncWaiter = false;
    }
  }

  getPendingEvent(): EventTuple {
    const pendingEvent = this.pendingEvent!;
    this.pendingEvent = undefined;
    return pendingEvent();
  }

  join(wset: WaitableSet | undefined): void {
    if (this.wset !== undefined) {
      const elems = this.wset.elems;
      elems.splice(elems.indexOf(this), 1);
    }
    this.wset = wset;
    if (wset !== undefined) wset.elems.push(this);
  }

  drop(): void {
    this.join(undefined);
  }
}

export class WaitableSet {
  readonly elems: Waitable[] = [];
  numWaiting = 0;

  hasPendingEvent(): boolean {
    return this.elems.some((w) => w.hasPendingEvent());
  }

  getPendingEvent(): EventTuple {
    for (const w of this.elems) if (w.hasPendingEvent()) return w.getPendingEvent();
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
