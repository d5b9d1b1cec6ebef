// `purewasm run` and `purewasm invoke`. A component either runs as a WASI command (its
// `wasi:cli/run` export) or has the calls given with --invoke made on one instance, with the WASI
// host as its imports; a core module runs as a WASI preview1 command (`_start`). The exit status
// is the guest's: 0 when `run` returns ok, 1 for err, the code of `exit`/`proc_exit`.
// Spec: WebAssembly/WASI wasi-cli command.wit, preview1 `_start`; wasmtime's `run` for the options.

import { compileComponent, WebAssembly as PureWasm, type Component } from '../index.js';
import type { RunArgs } from './args.js';
import { CliError } from './errors.js';
import { prepareCall, runCall } from './invoke.js';
import { readWasm } from './load.js';
import { defaultWasi, exitCodeOf, hostOptions, type HostOptions, type WasiApi } from './wasi.js';

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

/** Calls `f`, turning a WASI exit into its code. */
function exiting(f: () => number): number {
  try {
    return f();
  } catch (e) {
    const code = exitCodeOf(e);
    if (code !== undefined) return code;
    throw e;
  }
}

function invokeAll(c: Component, a: RunArgs, io: Io, wasi: WasiApi, opts: HostOptions): number {
  const calls = a.invoke.map((t) => prepareCall(t, c));
  // type imports with an `eq` bound need nothing at run time; anything else comes from the host
  const needsHost = [...c.imports.values()].some((d) => d.kind !== 'type' || d.resource === true);
  return exiting(() => {
    const { exports } = c.instantiate(needsHost ? wasi.createWasiHost(opts) : {}, a.limits !== undefined ? { limits: a.limits } : undefined);
    for (const p of calls) {
      const out = runCall(p, exports);
      if (out !== undefined) io.out(`${out}\n`);
    }
    return 0;
  });
}

function exportsRun(c: Component): boolean {
  for (const [name, d] of c.exports) if (d.kind === 'instance' && /^wasi:cli\/run(@.*)?$/.test(name)) return true;
  return false;
}

function runModule(bytes: Uint8Array, file: string, wasi: WasiApi, opts: HostOptions, limits: RunArgs['limits']): number {
  const m = new PureWasm.Module(bytes);
  const exports = PureWasm.Module.exports(m);
  if (!exports.some((e) => e.name === '_start' && e.kind === 'function')) {
    throw new CliError(`${file} is not a WASI command (it does not export a _start function)`);
  }
  if (!exports.some((e) => e.name === 'memory' && e.kind === 'memory')) {
    throw new CliError(`${file} does not export its memory as "memory", which WASI preview1 needs`);
  }
  const p1 = wasi.createPreview1(opts);
  const Instance = PureWasm.Instance as unknown as new (m: unknown, i: unknown, o?: object) => { exports: Record<string, unknown> };
  return exiting(() => p1.start(new Instance(m, p1.imports, limits !== undefined ? { limits } : undefined)));
}

/** `wasi`: the WASI host to use (src/wasi's unless given). */
export function run(a: RunArgs, io: Io, wasi: WasiApi = defaultWasi): number {
  const f = readWasm(a.file);
  const opts = hostOptions(a.file, a.guestArgs, a.env, a.dirs);
  if (f.kind === 'module') {
    if (a.invoke.length > 0) throw new CliError(`${a.file} is a core module: --invoke calls functions of components`);
    return runModule(f.bytes, a.file, wasi, opts, a.limits);
  }
  const c = compileComponent(f.bytes);
  if (a.invoke.length > 0) return invokeAll(c, a, io, wasi, opts);
  if (!exportsRun(c)) {
    throw new CliError(`${a.file} is not a WASI command (it does not export wasi:cli/run); call one of its functions with --invoke 'name(args)'`);
  }
  return exiting(() => wasi.runCommand(c, a.limits !== undefined ? { ...opts, limits: a.limits } : opts));
}
