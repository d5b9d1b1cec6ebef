// Calling a function from outside wasm (the embedder, a host function calling back in).
// Spec: WebAssembly Core 3.0 §4.5.5 "Invocation": arguments go on the stack, the function runs,
// results are taken off it. Here arguments and results live in machine slots at `base`;
// re-entrant calls start above every active frame.

import { RuntimeError } from '../errors.js';
import { execute } from './interp.js';
import { machine, STACK_SLOTS, type Machine } from './machine.js';
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
  if (base + width > STACK_SLOTS) throw new RuntimeError('call stack exhausted');
  setArgs(m, base);
  m.sp = base + width;
  try {
    execute(m, f, base, translateFunction, UNSUPPORTED_NAMES);
    return getResults(m, base);
  } catch (e) {
    // Host and wasm calling each other deeply can exhaust the JS stack itself.
    if (e instanceof RangeError && /call stack/i.test(e.message)) throw new RuntimeError('call stack exhausted');
    throw e;
  } finally {
    for (let d = m.depth - 1; d >= savedDepth; d--) m.frameFn[d] = undefined;
    m.depth = savedDepth;
    m.sp = base;
  }
}
