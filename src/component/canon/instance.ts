// Per-component-instance state of the Canonical ABI. Spec: component-model
// design/mvp/CanonicalABI.md §"Component Instances" (definitions.py `ComponentInstance`:
// `handles`, `may_enter`, `may_leave`, `parent`, `may_enter_from`, `enter_from`, `leave_to`,
// `entering_set`, `self_and_ancestors`).
//
// A trap is fatal to the instances it unwinds through: canonLift does not `leave_to` after a
// trap, so their `may_enter` stays false and every later call into them traps with "cannot enter
// component instance" (jco and wasmtime do the same). Host exceptions that are not traps (a JS
// import throwing) restore the flags, as jco does. The concurrency fields (`threads`,
// `backpressure`, `num_waiting_to_enter`, `exclusive_thread`) are used by task.ts and thread.ts.

import type { ResourceHandle } from './resource.js';
import { Table } from './table.js';
import type { Thread } from './thread.js';
import { trap, TRAP } from './trap.js';
import type { Waitable, WaitableSet } from './waitable.js';

/** What a `handles` table holds (error contexts will join). */
export type HandleElement = ResourceHandle | Waitable | WaitableSet;

export class ComponentInstance {
  readonly parent: ComponentInstance | undefined;
  readonly handles = new Table<HandleElement>();
  readonly threads = new Table<Thread>();
  mayEnter = true;
  mayLeave = true;
  backpressure = 0;
  numWaitingToEnter = 0;
  exclusiveThread: Thread | undefined = undefined;
  /** The thread of core code running outside any call into the instance (core start functions). */
  startThread: Thread | undefined = undefined;
  /** A debugging label (the runtime may set it to the component's name). */
  label: string;

  constructor(parent?: ComponentInstance, label = 'component') {
    this.parent = parent;
    this.label = label;
  }

  /** definitions.py `self_and_ancestors`. */
  selfAndAncestors(): ComponentInstance[] {
    const out: ComponentInstance[] = [];
    for (let i: ComponentInstance | undefined = this; i !== undefined; i = i.parent) out.push(i);
    return out;
  }

  /** definitions.py `entering_set`: instances entered by a call from `caller` (undefined: the host). */
  enteringSet(caller: ComponentInstance | undefined): ComponentInstance[] {
    const mine = this.selfAndAncestors();
    if (caller === undefined) return mine;
    const theirs = caller.selfAndAncestors();
    return mine.filter((i) => !theirs.includes(i));
  }

  /** definitions.py `may_enter_from`. */
  mayEnterFrom(caller: ComponentInstance | undefined): boolean {
    if (caller === undefined && this.parent === undefined) return this.mayEnter;
    return this.enteringSet(caller).every((i) => i.mayEnter);
  }

  /** `trap_if(not inst.may_enter_from(caller)); inst.enter_from(caller)` of `Store.lift`. */
  enterFrom(caller: ComponentInstance | undefined): ComponentInstance[] {
    if (caller === undefined && this.parent === undefined) {
      if (!this.mayEnter) trap(TRAP.cannotEnter);
      this.mayEnter = false;
      return [this];
    }
    const set = this.enteringSet(caller);
    for (const i of set) if (!i.mayEnter) trap(TRAP.cannotEnter);
    for (const i of set) i.mayEnter = false;
    return set;
  }

  /** definitions.py `leave_to`, given the set `enterFrom` returned. */
  static leave(set: readonly ComponentInstance[]): void {
    for (const i of set) i.mayEnter = true;
  }

  /** `trap_if(not inst.may_leave)` of the built-ins and `canon lower`. */
  checkMayLeave(): void {
    if (!this.mayLeave) trap(TRAP.cannotLeave);
  }
}
