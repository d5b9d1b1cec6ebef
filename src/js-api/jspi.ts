// JS Promise Integration: `WebAssembly.Suspending`, `WebAssembly.promising` and
// `WebAssembly.SuspendError`. Spec: WebAssembly/js-promise-integration, proposals/
// js-promise-integration/Overview.md and its JS API additions: an import wrapped in `Suspending`
// that returns a promise suspends the wasm computation up to the innermost export called through
// `promising`, which returns a promise of that export's results; suspending where no such export
// is active, or across JS frames (a host function that called back into wasm synchronously),
// throws a SuspendError. Here suspension is core/exec/suspend.ts; purewasm's `{ async: true }`
// instantiation option (instance-options.ts) applies `Suspending` to every function import and
// `promising` to every function export.

import { argConverter, callAsync, funcInstanceOf } from './functions.js';
import { defineInterface, isObject } from './webidl.js';

export { SuspendError } from './errors.js';

const targets = new WeakMap<object, Function>();

export class Suspending {
  constructor(target: unknown) {
    if (typeof target !== 'function') throw new TypeError('WebAssembly.Suspending: the argument must be callable');
    targets.set(this, target);
  }
}
defineInterface(Suspending, { name: 'Suspending', length: 1, attributes: [] });

/** The callable a `Suspending` object wraps, if v is one. */
export function suspendingTarget(v: unknown): Function | undefined {
  return isObject(v) ? targets.get(v) : undefined;
}

/**
 * `WebAssembly.promising(f)`: a function that calls the exported wasm function `f` so that it may
 * suspend, returning a promise of its result.
 */
export function promising(f: unknown): (...args: unknown[]) => Promise<unknown> {
  const fi = funcInstanceOf(f);
  if (fi === undefined) throw new TypeError('WebAssembly.promising: the argument must be an exported WebAssembly function');
  const convertArgs = argConverter(fi);
  const p = async (...args: unknown[]): Promise<unknown> => callAsync(fi, convertArgs(args));
  Object.defineProperty(p, 'length', { value: fi.type.params.length });
  Object.defineProperty(p, 'name', { value: (f as Function).name });
  return p;
}
