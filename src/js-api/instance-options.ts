// purewasm's instantiation options, beyond the WebAssembly JS API (which has none): the third
// argument of `new WebAssembly.Instance(module, imports, options)` and of both
// `WebAssembly.instantiate` overloads (for bytes it is the compile options object, which may
// carry these members too):
//   limits  resource limits of the instance (core/exec/limits.ts): fuel, deadline, timeout,
//           maxCallDepth, maxMemoryPages, maxTableElements
//   async   every function import is taken as a JSPI `WebAssembly.Suspending` (a promise it
//           returns suspends the computation) and every function export as passed through
//           `WebAssembly.promising` (it returns a promise) — jspi.ts
// getFuel/setFuel (core/exec/limits.ts) read and refill an instance's fuel, given the Instance
// object or its exports object.

import { ExecLimits, type Limits } from '../core/exec/limits.js';
import { isObject } from './webidl.js';

export { registerLimits, type Limits } from '../core/exec/limits.js';

export interface InstanceOptions {
  readonly limits?: Limits;
  readonly async?: boolean;
}

export interface ReadInstanceOptions {
  readonly limits: ExecLimits | undefined;
  readonly async: boolean;
}

export function readInstanceOptions(options: unknown): ReadInstanceOptions {
  if (options === undefined || options === null) return { limits: undefined, async: false };
  if (!isObject(options)) throw new TypeError('instantiation options must be an object');
  const o = options as InstanceOptions;
  return { limits: ExecLimits.of(o.limits, 'instantiation options'), async: o.async === true };
}
