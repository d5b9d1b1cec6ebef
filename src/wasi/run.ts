// runCommand / runCommandAsync: run a WASI command component to its exit code. Spec: WASI 0.2
// wasi-cli command.wit (a command exports `wasi:cli/run`; `run: func() -> result` — ok is
// success) and exit.wit (`exit(status)` ends the instance: the host throws WasiExit through the
// guest). Success is 0, `run` returning err or `exit(err)` is 1, `exit-with-code(n)` is n. Traps
// and other errors propagate: the caller decides how to report them.
//
// runCommandAsync instantiates in async mode (component/api.ts InstantiateOptions `async`), so
// host functions may answer with promises and the guest is suspended meanwhile: stdin from an
// async iterable, a ReadableStream or a promise-returning callback (io/pull-source.ts), `poll`
// waiting on such a source (io/poll.ts). `limits` (fuel, deadline, timeout, …) are passed to
// instantiate; a `timeout` also bounds the time the guest spends suspended. When either function
// ends, the stdin source is released (an iterator's `return()`, a stream's `cancel()`) and the
// timers `poll` started are cleared.

import type { Component, InstantiateOptions } from '../component/api.js';
import { ComponentError } from '../component/errors.js';
import { LinkError } from '../core/errors.js';
import { createContext, type WasiContext, type WasiOptions } from './context.js';
import { WasiExit } from './exit.js';
import { wasiInterfaces } from './host.js';
import { withVersions } from './versions.js';

const RUN = /^wasi:cli\/run(@0\.2\.\d+)?$/;

/** runCommand's and runCommandAsync's options: the WASI host's, and the instance's resource limits. */
export interface CommandOptions extends WasiOptions {
  /** Resource limits for the instance (InstantiateOptions.limits): fuel, deadline, timeout (ms for the run, suspensions included), … */
  readonly limits?: InstantiateOptions['limits'];
}

/** The `run` function of a command instance's exports (jco shape). */
export function runExport(exports: Record<string, unknown>): () => unknown {
  for (const [name, iface] of Object.entries(exports)) {
    if (!RUN.test(name)) continue;
    const run = (iface as { run?: unknown } | null)?.run;
    if (typeof run === 'function') return run as () => unknown;
  }
  throw new LinkError('the component is not a WASI command: it does not export wasi:cli/run');
}

/** The exit code for what `run` threw (WasiExit, or a ComponentError for `err`); other errors are rethrown. */
function exitCode(e: unknown): number {
  if (e instanceof WasiExit) return e.code;
  if (e instanceof ComponentError) return 1;
  throw e;
}

/** Calls `run`, mapping its outcome to an exit code. */
export function callRun(run: () => unknown): number {
  try {
    run();
    return 0;
  } catch (e) {
    return exitCode(e);
  }
}

/** Instantiates with the WASI host over `cx`; a number when the command exited while being instantiated. */
function instantiate(component: Component, cx: WasiContext, extraImports: Record<string, unknown>, options?: InstantiateOptions): Record<string, unknown> | number {
  try {
    return component.instantiate({ ...withVersions(wasiInterfaces(cx)), ...extraImports }, options).exports;
  } catch (e) {
    // exit() from a start function: the command ended while being instantiated.
    if (e instanceof WasiExit) return e.code;
    throw e;
  }
}

/** The run is over: release stdin and clear poll's timers. */
function release(cx: WasiContext): void {
  (cx.stdin as { cancel?: () => void }).cancel?.();
  cx.clocks.cancelTimers();
}

/**
 * Instantiates `component` with a WASI host made from `options` (plus `extraImports` for any
 * non-WASI imports; `options.limits` for the instance) and runs it. Returns the exit code. Stdin that must be waited for
 * asynchronously is an error here (use runCommandAsync).
 */
export function runCommand(component: Component, options: CommandOptions = {}, extraImports: Record<string, unknown> = {}): number {
  const cx = createContext(options);
  try {
    const exports = instantiate(component, cx, extraImports, options.limits !== undefined ? { limits: options.limits } : undefined);
    return typeof exports === 'number' ? exports : callRun(runExport(exports));
  } finally {
    release(cx);
  }
}

/**
 * runCommand for hosts that answer asynchronously: instantiates `component` with `{ async: true }`
 * (and `options.limits`), awaits `run` and resolves to the exit code, mapped as runCommand maps
 * it. Traps (including "deadline exceeded", "fuel exhausted") reject.
 */
export async function runCommandAsync(component: Component, options: CommandOptions = {}, extraImports: Record<string, unknown> = {}): Promise<number> {
  const cx = createContext(options);
  try {
    const exports = instantiate(component, cx, extraImports, { async: true, ...(options.limits !== undefined ? { limits: options.limits } : {}) });
    if (typeof exports === 'number') return exports;
    const run = runExport(exports);
    try {
      await run();
      return 0;
    } catch (e) {
      return exitCode(e);
    }
  } finally {
    release(cx);
  }
}
