// Asynchronous calls: a host function may answer a call with a promise, and the computation that
// called it is suspended until the promise settles, then resumed with its value. Modeled on the
// JS Promise Integration proposal (WebAssembly/js-promise-integration, Overview.md): only a call
// started by `invokeAsync` can be suspended, and only while no JS frame stands between it and the
// suspending host function (a host function that calls back into wasm synchronously starts a
// computation that cannot suspend: `invoke` clears Machine.suspendable).
//
// All computations share one machine stack (machine.ts), and other calls run while one is
// suspended, so a suspended computation moves out of the way: its slots and frame records are
// copied into a `Parked` record, and copied back on top of whatever is on the stack when it
// resumes (frame pointers relocated). The interpreter's explicit frames make this possible
// without JS-level stack switching.

import { RuntimeError } from '../errors.js';
import { execute, proceed } from './interp.js';
import { enterLimits, leaveLimits, wallClock, type SavedLimits } from './limits.js';
import { machine, type Machine } from './machine.js';
import type { FuncInstance, WasmFunction } from './runtime/func.js';
import { SuspendSignal, type Outcome, type Resumption } from './suspend-signal.js';
import { translateFunction, UNSUPPORTED_NAMES } from './translate.js';

export { SuspendSignal, type Outcome } from './suspend-signal.js';

/** Whether a host function called now may suspend (it is reached from `invokeAsync` with no JS frame between). */
export function canSuspend(): boolean {
  return machine().suspendable;
}

/** Callbacks run whenever the computation starts or stops running on the machine (e.g. to set and restore a current-task register). */
export interface SuspendHooks {
  enter?(): void;
  leave?(): void;
}

/** A suspended computation, off the machine stack. */
interface Parked {
  readonly base: number;
  readonly width: number;
  readonly bits: Int32Array;
  readonly refs: unknown[];
  readonly fns: WasmFunction[];
  readonly pcs: Int32Array;
  readonly fps: Int32Array;
  readonly curFn: WasmFunction | undefined;
  readonly curPc: number;
  readonly curFp: number;
}

function park(m: Machine, base: number, entryDepth: number, entryIsWasm: boolean, minWidth: number): Parked {
  const n = m.depth - entryDepth;
  const curFn = entryIsWasm ? m.curFn : undefined;
  const top = Math.max(base + minWidth, curFn !== undefined ? m.curFp + curFn.compiled!.frameSize : 0);
  const width = top - base;
  const p: Parked = {
    base, width,
    bits: m.i32.slice(base * 2, top * 2),
    refs: m.refs.slice(base, top),
    fns: m.frameFn.slice(entryDepth, m.depth) as WasmFunction[],
    pcs: m.framePc.slice(entryDepth, m.depth),
    fps: m.frameFp.slice(entryDepth, m.depth),
    curFn, curPc: m.curPc, curFp: m.curFp,
  };
  m.refs.fill(null, base, top);
  for (let d = entryDepth; d < entryDepth + n; d++) m.frameFn[d] = undefined;
  m.depth = entryDepth;
  m.sp = base;
  return p;
}

function unpark(m: Machine, p: Parked, base: number): void {
  if (!m.ensure(base + p.width) || m.depth + p.fns.length > m.depthCap) throw new RuntimeError('call stack exhausted');
  const delta = base - p.base;
  m.i32.set(p.bits, base * 2);
  for (let k = 0; k < p.width; k++) m.refs[base + k] = p.refs[k];
  const d0 = m.depth;
  for (let k = 0; k < p.fns.length; k++) {
    m.frameFn[d0 + k] = p.fns[k];
    m.framePc[d0 + k] = p.pcs[k]!;
    m.frameFp[d0 + k] = p.fps[k]! + delta;
  }
  m.depth = d0 + p.fns.length;
  m.sp = base + p.width;
  m.curFn = p.curFn;
  m.curPc = p.curPc;
  m.curFp = p.curFp + delta;
}

/** Waits for `p`; rejects with "deadline exceeded" at `deadline` (ms since the epoch) if it comes first. */
function settle(p: PromiseLike<unknown>, deadline: number): Promise<Outcome> {
  const outcome = Promise.resolve(p).then((value): Outcome => ({ ok: true, value }), (value: unknown): Outcome => ({ ok: false, value }));
  if (deadline === Infinity || typeof setTimeout !== 'function') return outcome;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, value: new RuntimeError('deadline exceeded') }), Math.max(0, deadline - wallClock()));
  });
  return Promise.race([outcome, expired]).finally(() => clearTimeout(timer));
}

/**
 * Calls `f` so that host functions it reaches may suspend it: `setArgs` writes the arguments at
 * `base`, and `getResults` reads the results once the call returns, which may be after any
 * number of suspensions. Rejects with the trap or exception that ends the call.
 */
export async function invokeAsync<R>(f: FuncInstance, setArgs: (m: Machine, base: number) => void,
  getResults: (m: Machine, base: number) => R, hooks?: SuspendHooks): Promise<R> {
  const m = machine();
  let base = m.sp;
  const width = Math.max(f.type.params.length, f.type.results.length);
  if (!m.ensure(base + width)) throw new RuntimeError('call stack exhausted');
  setArgs(m, base);
  const limits = f.kind === 0 ? f.instance.limits : undefined;
  let callDeadline: number | undefined;
  let parked: Parked | undefined;
  let resumption: Resumption | undefined;
  for (;;) {
    const entryDepth = m.depth;
    const savedLimits: SavedLimits | undefined = limits !== undefined ? enterLimits(m, limits, callDeadline) : undefined;
    if (limits !== undefined) callDeadline = limits.callDeadline;
    const suspendable = m.suspendable;
    m.suspendable = true;
    let signal: SuspendSignal | undefined;
    hooks?.enter?.();
    try {
      if (parked !== undefined) {
        unpark(m, parked, base);
        parked = undefined;
        if (f.kind === 1) resumeHostEntry(m, base, resumption!);
        else proceed(m, entryDepth, translateFunction, UNSUPPORTED_NAMES, resumption);
      } else {
        m.sp = base + width;
        execute(m, f, base, translateFunction, UNSUPPORTED_NAMES);
      }
      return getResults(m, base);
    } catch (e) {
      if (e instanceof RangeError && /call stack/i.test(e.message)) throw new RuntimeError('call stack exhausted');
      if (!(e instanceof SuspendSignal)) throw e;
      if (e.write === undefined || e.fn === undefined) throw new RuntimeError('internal error: a suspension reached the top without its results writer');
      signal = e;
      parked = park(m, base, entryDepth, f.kind === 0, width);
    } finally {
      m.suspendable = suspendable;
      if (signal === undefined) {
        for (let d = m.depth - 1; d >= entryDepth; d--) m.frameFn[d] = undefined;
        m.depth = entryDepth;
        m.sp = base;
      }
      if (savedLimits !== undefined) leaveLimits(m, savedLimits);
      hooks?.leave?.();
    }
    const outcome = await settle(signal.promise, callDeadline ?? Infinity);
    const sig = signal;
    resumption = { fn: sig.fn!, finish: (frame) => sig.write!(frame, sig.complete(outcome)) };
    base = m.sp;
  }
}

/** The entry itself was a host function that suspended: complete it at `base`. */
function resumeHostEntry(m: Machine, base: number, r: Resumption): void {
  const savedBase = m.base;
  m.base = base;
  try {
    r.finish(m);
  } finally {
    m.base = savedBase;
  }
}
