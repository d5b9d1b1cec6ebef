// purewasm/auto: the host's own WebAssembly where it truly works, purewasm's otherwise, behind one
// name. "Truly works" is tested, not assumed: the global can exist and still refuse to compile (a
// node vm context with `codeGeneration: { wasm: false }`, a page whose CSP lacks
// 'wasm-unsafe-eval'), or be missing altogether (node --jitless, QuickJS, iOS Lockdown Mode). The
// probe compiles, instantiates and calls a tiny module (WebAssembly JS API §"The WebAssembly
// Namespace": Module, Instance constructors), synchronously, once, when this module loads.
// This is the only file of purewasm that touches the host's WebAssembly; unlike purewasm/polyfill
// it changes no global. Everything else purewasm exports is re-exported unchanged.

import { WebAssembly as PureWebAssembly } from './index.js';

export * from './index.js';
export { PureWebAssembly };

/** (module (func (export "f") (result i32) i32.const 42)) */
const PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f,
  0x03, 0x02, 0x01, 0x00,
  0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00,
  0x0a, 0x06, 0x01, 0x04, 0x00, 0x41, 0x2a, 0x0b,
]);

interface HostWasm {
  Module: new (bytes: Uint8Array) => unknown;
  Instance: new (module: unknown, imports?: object) => { exports: { f?: () => unknown } };
}

/** Whether `candidate` (default: the global WebAssembly) can compile, instantiate and run a module. */
export function hostWebAssemblyWorks(candidate: unknown = (globalThis as { WebAssembly?: unknown }).WebAssembly): boolean {
  const W = candidate as HostWasm | undefined;
  if (W === undefined || W === null || (W as unknown) === PureWebAssembly) return false;
  try {
    if (typeof W.Module !== 'function' || typeof W.Instance !== 'function') return false;
    const f = new W.Instance(new W.Module(PROBE), {}).exports.f;
    return typeof f === 'function' && f() === 42;
  } catch {
    return false;
  }
}

/** Which engine `WebAssembly` below is: 'host' (the platform's) or 'purewasm'. */
export const engine: 'host' | 'purewasm' = hostWebAssemblyWorks() ? 'host' : 'purewasm';

/** The host's WebAssembly namespace when it works, else purewasm's (same API shape for core modules). */
const chosen = (engine === 'host' ? (globalThis as { WebAssembly?: unknown }).WebAssembly : PureWebAssembly) as typeof PureWebAssembly;
export { chosen as WebAssembly };
