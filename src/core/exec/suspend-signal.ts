// The signal a host function throws to suspend the running computation until a promise settles
// (suspend.ts drives it). Modeled on the JS Promise Integration proposal (JSPI,
// WebAssembly/js-promise-integration, Overview.md: a `Suspending` import returning a promise
// suspends the computation up to the innermost `promising` export). Kept apart from suspend.ts
// so that the dispatch loop can recognise it without importing the driver.

import type { Machine } from './machine.js';
import type { HostFrame, HostFunction } from './runtime/func.js';

/** How a promise settled. */
export interface Outcome {
  readonly ok: boolean;
  readonly value: unknown;
}

export class SuspendSignal {
  /** The host function whose call suspends (set by the dispatch loop as the signal passes). */
  fn: HostFunction | undefined = undefined;
  /**
   * @param promise   what the computation waits for
   * @param complete  once it settled: what the host function returns (or throws) in its layer's
   *                  terms, e.g. converted results
   * @param write     writes that value as the host function's results at frame.base (the layer
   *                  that turns host calls into slot writes sets it as the signal passes)
   */
  constructor(
    readonly promise: PromiseLike<unknown>,
    public complete: (o: Outcome) => unknown,
    public write: ((frame: HostFrame, value: unknown) => void) | undefined = undefined,
  ) {}
}

/** A suspended host call resuming: `finish` writes its results (or throws its exception). */
export interface Resumption {
  readonly fn: HostFunction;
  readonly finish: (frame: Machine) => void;
}
