// The host's time sources behind wasi:clocks and preview1 clock_* / poll_oneoff: a monotonic
// clock and a wall clock in nanoseconds, and a synchronous sleep. Spec: WASI 0.2 wasi-clocks
// monotonic-clock.wit ("a monotonic clock … not a time of day", nanoseconds) and wall-clock.wit
// (seconds and nanoseconds since the POSIX epoch). Each can be replaced through the options
// (virtual time for tests and sandboxes); sleeping never outlasts the requested duration on the
// real clock, so a frozen virtual clock cannot hang the guest. `timer` is the asynchronous wait
// (a setTimeout on the real clock) that `poll` uses when it also waits on an asynchronous source;
// `cancelTimers` clears those still pending when a run ends (e.g. stopped by a deadline).

export interface ClockOptions {
  /** Monotonic time in nanoseconds (non-decreasing). Default: process.hrtime or performance.now(). */
  readonly monotonicClock?: () => bigint;
  /** Wall-clock time in nanoseconds since 1970-01-01T00:00:00Z. Default: performance.timeOrigin + now(), or Date.now(). */
  readonly wallClock?: () => bigint;
  /** Blocks the calling thread for `ns` nanoseconds. Default: Atomics.wait, else a busy wait. */
  readonly sleep?: (ns: bigint) => void;
}

export interface HostClocks {
  monotonicNow(): bigint;
  /** Resolution of monotonicNow in nanoseconds. */
  readonly monotonicResolution: bigint;
  wallNow(): bigint;
  readonly wallResolution: bigint;
  sleep(ns: bigint): void;
  /** Resolves after `ns` nanoseconds of real time (at most 2^31 - 1 ms); `cancel` clears it (it then never resolves). */
  timer(ns: bigint): { readonly promise: Promise<void>; cancel(): void };
  /** Clears every timer still pending. */
  cancelTimers(): void;
}

interface Perf { now(): number; timeOrigin?: number }
interface Hrtime { bigint(): bigint }

function defaultMonotonic(): { now: () => bigint; resolution: bigint } {
  const g = globalThis as { process?: { hrtime?: Hrtime }; performance?: Perf };
  const hr = g.process?.hrtime;
  if (hr !== undefined && typeof hr.bigint === 'function') return { now: () => hr.bigint(), resolution: 1n };
  const perf = g.performance;
  if (perf !== undefined) return { now: () => BigInt(Math.round(perf.now() * 1e6)), resolution: 1000n };
  return { now: () => BigInt(Date.now()) * 1_000_000n, resolution: 1_000_000n };
}

function defaultWall(): { now: () => bigint; resolution: bigint } {
  const perf = (globalThis as { performance?: Perf }).performance;
  if (perf !== undefined && typeof perf.timeOrigin === 'number') {
    const origin = perf.timeOrigin;
    return { now: () => BigInt(Math.round((origin + perf.now()) * 1000)) * 1000n, resolution: 1000n };
  }
  return { now: () => BigInt(Date.now()) * 1_000_000n, resolution: 1_000_000n };
}

let waitCell: Int32Array | null | undefined;

/** Sleeps on the real clock: Atomics.wait where the host allows it, else a busy wait on `now` (the default monotonic clock). */
function realSleep(ns: bigint, now: () => bigint): void {
  if (ns <= 0n) return;
  const ms = Number(ns) / 1e6;
  if (waitCell === undefined) {
    try {
      waitCell = new Int32Array(new SharedArrayBuffer(4));
      Atomics.wait(waitCell, 0, 0, 0);
    } catch {
      waitCell = null; // no SharedArrayBuffer, or a thread that may not block (a browser's main thread)
    }
  }
  if (waitCell !== null) {
    Atomics.wait(waitCell, 0, 0, ms);
    return;
  }
  const end = now() + ns;
  while (now() < end) {
    // busy wait: the only way to block synchronously here
  }
}

const MAX_TIMEOUT_MS = 0x7fffffff;

export function hostClocks(options: ClockOptions): HostClocks {
  const mono = defaultMonotonic();
  const wall = defaultWall();
  const pending = new Set<() => void>();
  const timer = (ns: bigint): { promise: Promise<void>; cancel(): void } => {
    const g = globalThis as { setTimeout?: (f: () => void, ms: number) => unknown; clearTimeout?: (t: unknown) => void };
    let cancel = (): void => {};
    const promise = new Promise<void>((resolve) => {
      if (typeof g.setTimeout !== 'function') {
        resolve();
        return;
      }
      const ms = ns <= 0n ? 0 : Math.min(MAX_TIMEOUT_MS, Math.ceil(Number(ns) / 1e6));
      const t = g.setTimeout(() => {
        pending.delete(cancel);
        resolve();
      }, ms);
      cancel = () => {
        pending.delete(cancel);
        g.clearTimeout?.(t);
      };
      pending.add(cancel);
    });
    return { promise, cancel: () => cancel() };
  };
  return {
    timer,
    cancelTimers: () => {
      for (const c of [...pending]) c();
    },
    monotonicNow: options.monotonicClock ?? mono.now,
    monotonicResolution: options.monotonicClock !== undefined ? 1n : mono.resolution,
    wallNow: options.wallClock ?? wall.now,
    wallResolution: options.wallClock !== undefined ? 1n : wall.resolution,
    sleep: options.sleep ?? ((ns: bigint) => realSleep(ns, mono.now)),
  };
}
