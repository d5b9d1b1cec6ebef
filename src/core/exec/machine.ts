// The machine state shared by all instances: one value stack of 8-byte slots, seen through
// three views (i32 pairs, f32, f64) plus a parallel array for references, and the explicit frame
// stack. Spec: WebAssembly Core 3.0 §4.2.13 "Stack" (values, labels, frames) — labels need no
// runtime entries here because the translator resolves every branch to a code offset.
//
// Slot s holds: an i32 or the bits of an f32 at i32[2s]; an i64 as lo/hi at i32[2s], i32[2s+1];
// an f64 at f64[s]; a reference at refs[s].

import type { ExecLimits } from './limits.js';
import type { HostFrame, WasmFunction } from './runtime/func.js';

/** Value-stack capacity in slots (8 bytes each) at most; the stack starts smaller and grows. */
export const STACK_SLOTS = 1 << 20;
/** Value-stack slots allocated at first (512 KiB); doubled as deeper calls need. */
const INITIAL_SLOTS = 1 << 16;
/** Maximum number of nested wasm frames before "call stack exhausted". */
export const MAX_FRAMES = 60_000;
/** Budget granted when no fuel or deadline is set (the loop checks in every 2^30 fuel units). */
export const BUDGET_UNLIMITED = 2 ** 30;

export class Machine implements HostFrame {
  /** Slots allocated now (≤ STACK_SLOTS); `ensure` grows it. */
  capacity = INITIAL_SLOTS;
  buffer = new ArrayBuffer(INITIAL_SLOTS * 8);
  i32 = new Int32Array(this.buffer);
  f32 = new Float32Array(this.buffer);
  f64 = new Float64Array(this.buffer);
  /** Grows in place (the same array object), unlike the typed views, which are replaced. */
  readonly refs: unknown[] = new Array<unknown>(INITIAL_SLOTS).fill(null);
  /** First free slot above every active frame (where a new entry call puts its arguments). */
  sp = 0;
  /** Slot of the arguments of the host function being called (HostFrame). */
  base = 0;
  /** Number of active wasm frames (all nested entries together). */
  depth = 0;
  /** Where the dispatch loop is (saved when it may throw, and set to resume it). */
  curFn: WasmFunction | undefined = undefined;
  curPc = 0;
  curFp = 0;
  /**
   * Fuel units left before the dispatch loop calls limits.ts `onBudget` (Op.Tick subtracts from
   * it): the current grant of the running call's limits, or a large refill when none are set.
   */
  budget = BUDGET_UNLIMITED;
  /** The limits the running call is under (limits.ts), if any. */
  limits: ExecLimits | undefined = undefined;
  /** Depth at which a wasm call traps with "call stack exhausted" (MAX_FRAMES, or a call depth limit). */
  depthCap = MAX_FRAMES;
  /** Whether a host function may suspend the running computation now (suspend.ts). */
  suspendable = false;
  /**
   * Makes slots [0, need) usable; false if that is beyond STACK_SLOTS ("call stack exhausted").
   * Growing replaces buffer, i32, f32 and f64 (whoever cached them must read them again).
   */
  ensure(need: number): boolean {
    if (need <= this.capacity) return true;
    if (need > STACK_SLOTS) return false;
    let cap = this.capacity * 2;
    while (cap < need) cap *= 2;
    if (cap > STACK_SLOTS) cap = STACK_SLOTS;
    const buffer = new ArrayBuffer(cap * 8);
    new Int32Array(buffer).set(this.i32);
    this.buffer = buffer;
    this.i32 = new Int32Array(buffer);
    this.f32 = new Float32Array(buffer);
    this.f64 = new Float64Array(buffer);
    const old = this.refs.length;
    this.refs.length = cap;
    this.refs.fill(null, old, cap);
    this.capacity = cap;
    return true;
  }

  readonly frameFn: (WasmFunction | undefined)[] = new Array<WasmFunction | undefined>(MAX_FRAMES).fill(undefined);
  readonly framePc = new Int32Array(MAX_FRAMES);
  readonly frameFp = new Int32Array(MAX_FRAMES);
}

let shared: Machine | undefined;

/** The machine all instances of this realm run on (created on first use). */
export function machine(): Machine {
  return (shared ??= new Machine());
}
