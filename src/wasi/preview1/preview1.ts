// WASI preview1 for core modules: the `wasi_snapshot_preview1` import object and a runner.
// Spec: WebAssembly/WASI legacy/preview1/witx/wasi_snapshot_preview1.witx (all 46 functions) and
// the command/reactor conventions of WASI (a command exports `_start` and a memory named
// `memory`; a reactor exports `_initialize`). Built on the same host state and objects as the
// WASI 0.2 host (context.ts, fs/descriptor.ts, io/streams.ts), so options mean the same thing.
//
//   const wasi = createPreview1({ args: ['app'], stdout: 'inherit' });
//   const instance = instantiate(module, wasi.imports);   // with purewasm's own core engine
//   const code = wasi.start(instance);

import { createContext, type WasiOptions } from '../context.js';
import { WasiExit } from '../exit.js';
import { fdFunctions } from './fd.js';
import { pathFunctions } from './path.js';
import { processFunctions } from './process.js';
import { Preview1State, type MemoryLike } from './state.js';

/** An instance as far as preview1 needs it: its exports. */
export interface InstanceLike {
  readonly exports: Record<string, unknown>;
}

export interface Preview1 {
  /** The functions of `wasi_snapshot_preview1`. */
  readonly wasiImport: Record<string, (...args: never[]) => number>;
  /** `{ wasi_snapshot_preview1: wasiImport }`, the import object for instantiation (spread in other imports). */
  readonly imports: { wasi_snapshot_preview1: Record<string, (...args: never[]) => number> };
  /** Runs a command: calls `_start` and returns the exit code (0 when `_start` returns). */
  start(instance: InstanceLike): number;
  /** Prepares a reactor: calls `_initialize` if it exports one. */
  initialize(instance: InstanceLike): void;
}

function memoryOf(instance: InstanceLike): MemoryLike {
  const mem = instance?.exports?.memory as MemoryLike | undefined;
  if (mem === undefined || typeof mem !== 'object' || !(mem.buffer instanceof ArrayBuffer)) {
    throw new TypeError('WASI preview1: the instance must export its memory as "memory"');
  }
  return mem;
}

export function createPreview1(options: WasiOptions = {}): Preview1 {
  const state = new Preview1State(createContext(options));
  const wasiImport = { ...processFunctions(state), ...fdFunctions(state), ...pathFunctions(state) };
  let started = false;
  return {
    wasiImport,
    imports: { wasi_snapshot_preview1: wasiImport },
    start(instance) {
      state.memory = memoryOf(instance);
      const start = instance.exports._start;
      if (typeof start !== 'function') throw new TypeError('WASI preview1: a command must export "_start"');
      if (started) throw new TypeError('WASI preview1: start() was already called');
      started = true;
      try {
        (start as () => unknown)();
        return 0;
      } catch (e) {
        if (e instanceof WasiExit) return e.code;
        throw e;
      }
    },
    initialize(instance) {
      state.memory = memoryOf(instance);
      const init = instance.exports._initialize;
      if (init === undefined) return;
      if (typeof init !== 'function') throw new TypeError('WASI preview1: "_initialize" must be a function');
      (init as () => unknown)();
    },
  };
}
