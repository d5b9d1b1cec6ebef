// `wasi:clocks`. Spec: WASI 0.2 wasi-clocks monotonic-clock.wit (`now`, `resolution` in
// nanoseconds; `subscribe-instant(when)` is ready at the instant, `subscribe-duration(when)` after
// the duration from now), wall-clock.wit (`now`, `resolution` as `datetime { seconds,
// nanoseconds }`) and timezone.wit (unstable `clocks-timezone`; this host reports UTC, so a
// guest learns nothing about where it runs).

import type { WasiContext } from './context.js';
import type { Datetime } from './fs/descriptor.js';
import { Pollable } from './io/poll.js';

function datetime(ns: bigint): Datetime {
  const s = ns >= 0n ? ns / 1_000_000_000n : 0n;
  return { seconds: s, nanoseconds: ns >= 0n ? Number(ns - s * 1_000_000_000n) : 0 };
}

export function clockInterfaces(cx: WasiContext): Record<string, object> {
  const c = cx.clocks;
  return {
    'wasi:clocks/monotonic-clock': {
      now: (): bigint => c.monotonicNow(),
      resolution: (): bigint => c.monotonicResolution,
      subscribeInstant: (when: bigint): Pollable => new Pollable(c, when),
      subscribeDuration: (when: bigint): Pollable => new Pollable(c, c.monotonicNow() + when),
    },
    'wasi:clocks/wall-clock': {
      now: (): Datetime => datetime(c.wallNow()),
      resolution: (): Datetime => datetime(c.wallResolution),
    },
    'wasi:clocks/timezone': {
      display: (_when: Datetime) => ({ utcOffset: 0, name: 'UTC', inDaylightSavingTime: false }),
      utcOffset: (_when: Datetime): number => 0,
    },
  };
}
