// The machine state shared by all instances: one value stack of 8-byte slots, seen through
// three views (i32 pairs, f32, f64) plus a parallel array for references, and the explicit frame
// stack. Spec: WebAssembly Core 3.0 §4.2.13 "Stack" (values, labels, frames) — labels need no
// runtime entries here because the translator resolves every branch to a code offset.
//
// Slot s holds: an i32 or the bits of an f32 at i32[2s]; an i64 as lo/hi at i32[2s], i32[2s+1];
// an f64 at f64[s]; a reference at refs[s].

import type { HostFrame, WasmFunction } from './runtime/func.js';

/** Value-stack capacity in slots (8 bytes each). */
export const STACK_SLOTS = 1 << 20;
/** Maximum number of nested wasm frames before "call stack exhausted". */
export const MAX_FRAMES = 60_000;

export class Machine implements HostFrame {
  readonly buffer = new ArrayBuffer(STACK_SLOTS * 8);
  readonly i32 = new Int32Array(this.buffer);
  readonly f32 = new Float32Array(this.buffer);
  readonly f64 = new Float64Array(this.buffer);
  readonly refs: unknown[] = new Array<unknown>(STACK_SLOTS).fill(null);
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
  readonly frameFn: (WasmFunction | undefined)[] = new Array<WasmFunction | undefined>(MAX_FRAMES).fill(undefined);
  readonly framePc = new Int32Array(MAX_FRAMES);
  readonly frameFp = new Int32Array(MAX_FRAMES);
}

let shared: Machine | undefined;

/** The machine all instances of this realm run on (created on first use). */
export function machine(): Machine {
  return (shared ??= new Machine());
}
