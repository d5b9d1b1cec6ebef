// `wasi:io/poll`: the `pollable` resource and `poll`. Spec: WASI 0.2 wasi-io poll.wit.
// `ready` reports without blocking, `block` waits until ready; `poll(in)` waits until at least one
// is ready and returns the indices of the ready ones (the list must not be empty: a trap).
//
// Three kinds of pollable: always ready (synchronous streams), a monotonic clock deadline, and
// the readiness of a source whose bytes arrive asynchronously (an input stream's `subscribe`,
// io/streams.ts). Clocks are waited on synchronously, as before: `block` and `poll` sleep until
// the earliest deadline and then report it as ready (a virtual clock that does not advance cannot
// hang the guest). Waiting on an asynchronous source answers with a promise, which suspends the
// guest (io/wait.ts); `poll` with clocks among such sources waits for whichever comes first, the
// clocks then on the real clock (a timer), after which the first one is reported as ready. Where
// the guest cannot be suspended, such a wait is an error naming runCommandAsync.

import { RuntimeError } from '../../core/errors.js';
import type { HostClocks } from '../time.js';
import { canSuspend } from '../../core/exec/suspend.js';
import { mustWait } from './wait.js';

/** The readiness of an asynchronous source. */
export interface Readiness {
  ready(): boolean;
  /** Settles (never rejects) once ready() is true. */
  whenReady(): Promise<void>;
}

export class Pollable {
  readonly #clocks: HostClocks | undefined;
  /** Monotonic deadline in nanoseconds; undefined: not a clock. */
  readonly #deadline: bigint | undefined;
  readonly #readiness: Readiness | undefined;
  #fired = false;

  /** A pollable that is ready now (no arguments), at the monotonic `deadline`, or when `readiness` says so. */
  constructor(clocks?: HostClocks, deadline?: bigint, readiness?: Readiness) {
    this.#clocks = clocks;
    this.#deadline = clocks !== undefined ? deadline : undefined;
    this.#readiness = readiness;
  }

  /** Nanoseconds until a clock pollable is ready (0n when ready); undefined for other kinds. */
  clockLeft(): bigint | undefined {
    if (this.#deadline === undefined) return undefined;
    if (this.#fired) return 0n;
    const left = this.#deadline - this.#clocks!.monotonicNow();
    if (left <= 0n) {
      this.#fired = true;
      return 0n;
    }
    return left;
  }

  /** Nanoseconds until ready (0n when ready); -1n: not ready, waiting on an asynchronous source. */
  remaining(): bigint {
    if (this.#readiness !== undefined) return this.#readiness.ready() ? 0n : -1n;
    return this.clockLeft() ?? 0n;
  }

  /** Settles once ready: undefined when this is not waiting on an asynchronous source (or is ready). */
  whenReady(): Promise<void> | undefined {
    return this.#readiness !== undefined && !this.#readiness.ready() ? this.#readiness.whenReady() : undefined;
  }

  /** A clock pollable whose wait ended (on the real clock) is ready from now on. */
  expire(): void {
    if (this.#deadline !== undefined) this.#fired = true;
  }

  /** The clocks of a clock pollable. */
  get clocks(): HostClocks | undefined {
    return this.#clocks;
  }

  ready(): boolean {
    return this.remaining() === 0n;
  }

  block(): void | Promise<void> {
    const wait = this.whenReady();
    if (wait !== undefined) {
      if (!canSuspend()) throw mustWait('pollable.block', 'stdin');
      return wait;
    }
    const left = this.clockLeft();
    if (left !== undefined && left > 0n) this.#clocks!.sleep(left);
    this.expire();
  }
}

function readyIndices(pollables: readonly Pollable[]): number[] {
  const ready: number[] = [];
  for (let i = 0; i < pollables.length; i++) if (pollables[i]!.ready()) ready.push(i);
  return ready;
}

/** Waits for the first of the asynchronous sources and the earliest clock. */
async function waitAny(pollables: readonly Pollable[], sources: readonly Promise<void>[], clock: Pollable | undefined, left: bigint): Promise<Uint32Array> {
  const timer = clock?.clocks?.timer(left);
  try {
    await Promise.race(timer === undefined ? sources : [...sources, timer.promise.then(() => clock!.expire())]);
  } finally {
    timer?.cancel();
  }
  return Uint32Array.from(readyIndices(pollables));
}

/** `poll(in: list<borrow<pollable>>) -> list<u32>`. */
export function poll(pollables: readonly Pollable[]): Uint32Array | Promise<Uint32Array> {
  if (pollables.length === 0) throw new RuntimeError('wasi:io/poll: poll was called with an empty list');
  if (pollables.length > 0xffffffff) throw new RuntimeError('wasi:io/poll: too many pollables');
  const ready = readyIndices(pollables);
  if (ready.length > 0) return Uint32Array.from(ready);
  const sources: Promise<void>[] = [];
  let next: Pollable | undefined;
  let least = 0n;
  for (const p of pollables) {
    const wait = p.whenReady();
    if (wait !== undefined) sources.push(wait);
    const left = p.clockLeft();
    if (left !== undefined && (next === undefined || left < least)) {
      next = p;
      least = left;
    }
  }
  if (sources.length > 0) {
    if (!canSuspend()) throw mustWait('poll', 'stdin');
    return waitAny(pollables, sources, next, least);
  }
  next!.block(); // a clock: waits synchronously, then is ready
  return Uint32Array.from(readyIndices(pollables));
}
