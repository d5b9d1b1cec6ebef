// `wasi:io/poll`: the `pollable` resource and `poll`. Spec: WASI 0.2 wasi-io poll.wit.
// `ready` reports without blocking, `block` waits until ready; `poll(in)` waits until at least one
// is ready and returns the indices of the ready ones (the list must not be empty: a trap).
//
// This host's I/O is synchronous, so every stream pollable is ready at once; the only pollables
// that wait are the monotonic clock's. `block` and `poll` sleep until the earliest deadline and
// then report it as ready (a virtual clock that does not advance cannot hang the guest).

import { RuntimeError } from '../../core/errors.js';
import type { HostClocks } from '../time.js';

export class Pollable {
  readonly #clocks: HostClocks | undefined;
  /** Monotonic deadline in nanoseconds; undefined: always ready. */
  readonly #deadline: bigint | undefined;
  #fired = false;

  /** A pollable that is ready now (no clocks), or at the monotonic `deadline`. */
  constructor(clocks?: HostClocks, deadline?: bigint) {
    this.#clocks = clocks;
    this.#deadline = clocks !== undefined ? deadline : undefined;
  }

  /** Nanoseconds until ready (0n when ready). */
  remaining(): bigint {
    if (this.#deadline === undefined || this.#fired) return 0n;
    const left = this.#deadline - this.#clocks!.monotonicNow();
    if (left <= 0n) {
      this.#fired = true;
      return 0n;
    }
    return left;
  }

  ready(): boolean {
    return this.remaining() === 0n;
  }

  block(): void {
    const left = this.remaining();
    if (left > 0n) this.#clocks!.sleep(left);
    this.#fired = true;
  }
}

/** `poll(in: list<borrow<pollable>>) -> list<u32>`. */
export function poll(pollables: readonly Pollable[]): Uint32Array {
  if (pollables.length === 0) throw new RuntimeError('wasi:io/poll: poll was called with an empty list');
  if (pollables.length > 0xffffffff) throw new RuntimeError('wasi:io/poll: too many pollables');
  const ready: number[] = [];
  let next = -1;
  let least = 0n;
  for (let i = 0; i < pollables.length; i++) {
    const left = pollables[i]!.remaining();
    if (left === 0n) ready.push(i);
    else if (next < 0 || left < least) {
      next = i;
      least = left;
    }
  }
  if (ready.length === 0) {
    pollables[next]!.block();
    for (let i = 0; i < pollables.length; i++) if (i === next || pollables[i]!.ready()) ready.push(i);
  }
  return Uint32Array.from(ready);
}
