// The borrow bookkeeping of synchronous calls. Spec: component-model design/mvp/CanonicalABI.md
// §"Tasks" (definitions.py `Task.num_borrows`, `Task.return_`) and §"Subtask State"
// (`Subtask.lenders`, `add_lender`, `deliver_resolve`).
//
// A Task is the callee side of one `canon lift` call: it counts the borrowed handles lowered into
// the callee (`lower_borrow`), which the callee must drop before returning. A Subtask is the
// caller side of one `canon lower` call: it remembers the handles lent out for `borrow`
// parameters (`lift_borrow`) and releases them when the call resolves. Only the synchronous
// parts exist yet; the state machines of async tasks will extend these classes.

import type { ComponentInstance } from './instance.js';
import type { ResourceHandle, ResourceType } from './resource.js';
import { trap, TRAP } from './trap.js';

export class Task {
  numBorrows = 0;
  /** Host objects given temporary reps to be lent as `borrow`s for this call (dropped at its end). */
  tempHostReps: [ResourceType, number][] | undefined;
  constructor(readonly inst: ComponentInstance) {}

  /** definitions.py `Task.return_` (sync part): no borrowed handle may outlive the call. */
  return_(): void {
    if (this.numBorrows > 0) trap(TRAP.borrowsRemain(this.numBorrows));
  }

  /** Forgets the temporary reps of borrowed host objects (after the call, trap or not). */
  exit(): void {
    const temps = this.tempHostReps;
    if (temps === undefined) return;
    this.tempHostReps = undefined;
    for (const [rt, rep] of temps) rt.forgetHostRep(rep);
  }
}

export class Subtask {
  private lenders: ResourceHandle[] | undefined;
  /** JS wrappers of lent guest resources, invalidated when the call resolves. */
  private wrappers: object[] | undefined;
  private release: ((wrapper: object) => void) | undefined;

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

  /** definitions.py `Subtask.deliver_resolve`: the lends end with the call. */
  deliverResolve(): void {
    const ls = this.lenders;
    if (ls !== undefined) {
      this.lenders = undefined;
      for (const h of ls) h.numLends--;
    }
    const ws = this.wrappers;
    if (ws !== undefined) {
      this.wrappers = undefined;
      for (const w of ws) this.release!(w);
    }
  }
}
