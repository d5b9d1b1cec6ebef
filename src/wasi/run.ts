// runCommand: runs a WASI command component to its exit code. Spec: WASI 0.2 wasi-cli
// command.wit (a command exports `wasi:cli/run`; `run: func() -> result` — ok is success) and
// exit.wit (`exit(status)` ends the instance: the host throws WasiExit through the guest).
// Success is 0, `run` returning err or `exit(err)` is 1, `exit-with-code(n)` is n. Traps and
// other errors propagate: the caller decides how to report them.

import type { Component } from '../component/api.js';
import { ComponentError } from '../component/errors.js';
import { LinkError } from '../core/errors.js';
import type { WasiOptions } from './context.js';
import { WasiExit } from './exit.js';
import { createWasiHost } from './host.js';

const RUN = /^wasi:cli\/run(@0\.2\.\d+)?$/;

/** The `run` function of a command instance's exports (jco shape). */
export function runExport(exports: Record<string, unknown>): () => unknown {
  for (const [name, iface] of Object.entries(exports)) {
    if (!RUN.test(name)) continue;
    const run = (iface as { run?: unknown } | null)?.run;
    if (typeof run === 'function') return run as () => unknown;
  }
  throw new LinkError('the component is not a WASI command: it does not export wasi:cli/run');
}

/** Calls `run`, mapping its outcome to an exit code. */
export function callRun(run: () => unknown): number {
  try {
    run();
    return 0;
  } catch (e) {
    if (e instanceof WasiExit) return e.code;
    if (e instanceof ComponentError) return 1;
    throw e;
  }
}

/**
 * Instantiates `component` with a WASI host made from `options` (plus `extraImports` for any
 * non-WASI imports) and runs it. Returns the exit code.
 */
export function runCommand(component: Component, options: WasiOptions = {}, extraImports: Record<string, unknown> = {}): number {
  const host = createWasiHost(options);
  let exports: Record<string, unknown>;
  try {
    exports = component.instantiate({ ...host, ...extraImports }).exports;
  } catch (e) {
    // exit() from a start function: the command ended while being instantiated.
    if (e instanceof WasiExit) return e.code;
    throw e;
  }
  return callRun(runExport(exports));
}
