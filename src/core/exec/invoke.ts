// Calling a function from outside wasm (the embedder, a host function calling back in).
// Spec: WebAssembly Core 3.0 §4.5.5 "Invocation": arguments go on the stack, the function runs,
// results are taken off it. Here arguments and results live in machine slots at `base`;
// re-entrant calls start above every active frame. A call into an instance with limits runs
// under them (limits.ts). A synchronous call cannot be suspended (suspend.ts): a host function it
// reaches that would suspend fails instead.

import { RuntimeError } from '../errors.js';
import { execute } from './interp.js';
import { enterLimits, leaveLimits, type SavedLimits } from './limits.js';
import { machine, type Machine } from './machine.js';
import { SuspendSignal } from './suspend-signal.js';
import type { FuncInstance } from './runtime/func.js';
import { translateFunction, UNSUPPORTED_NAMES } from './translate.js';

/**
 * Calls `f`: `setArgs` writes the arguments at `base`, and `getResults` reads the results from
 * there once the call returns. A trap unwinds every frame this call pushed.
 */
export function invoke<R>(f: FuncInstance, setArgs: (m: Machine, base: number) => void, getResults: (m: Machine, base: number) => R): R {
  const m = machine();
  const base = m.sp;
  const savedDepth = m.depth;
  const width = Math.max(f.type.params.length, f.type.results.length);
  if (!m.ensure(base + width)) throw new RuntimeError('call stack exhausted');
  setArgs(m, base);
  const limits = f.kind === 0 ? f.instance.limits : undefined;
  const savedLimits: SavedLimits | undefined = limits !== undefined ? enterLimits(m, limits) : undefined;
  const suspendable = m.suspendable;
  m.suspendable = false;
  m.sp = base + width;
  try {
    execute(m, f, base, translateFunction, UNSUPPORTED_NAMES);
    return getResults(m, base);
  } catch (e) {
    // Host and wasm calling each other deeply can exhaust the JS stack itself.
    if (e instanceof RangeError && /call stack/i.test(e.message)) throw new RuntimeError('call stack exhausted');
    if (e instanceof SuspendSignal) throw new RuntimeError('cannot suspend: this call was not started as an asynchronous call');
    throw e;
  } finally {
    for (let d = m.depth - 1; d >= savedDepth; d--) m.frameFn[d] = undefined;
    m.depth = savedDepth;
    m.sp = base;
    m.suspendable = suspendable;
    if (savedLimits !== undefined) leaveLimits(m, savedLimits);
  }
}
