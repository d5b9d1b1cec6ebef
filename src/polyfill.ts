// purewasm/polyfill: installs purewasm as globalThis.WebAssembly where the host has no usable
// WebAssembly — the global is missing (node --jitless, QuickJS, iOS Lockdown Mode), or present
// but unable to compile (a node vm context with wasm code generation off, a CSP without
// 'wasm-unsafe-eval'). Importing this module installs it when needed; set
// globalThis.PUREWASM_FORCE_POLYFILL = true before importing (or call installPolyfill({ force:
// true })) to install it regardless.

import { WebAssembly as PureWebAssembly } from './index.js';

/** The smallest valid module: the preamble alone. */
const EMPTY_MODULE = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

interface HostWasm {
  Module: new (bytes: Uint8Array) => unknown;
  Instance: new (module: unknown, imports?: object) => unknown;
}

/** Whether the host's own WebAssembly can really compile and instantiate a module. */
export function hostWebAssemblyWorks(global: object = globalThis): boolean {
  const W = (global as { WebAssembly?: HostWasm }).WebAssembly;
  if (!W || W === (PureWebAssembly as unknown) || typeof W.Module !== 'function') return false;
  try {
    new W.Instance(new W.Module(EMPTY_MODULE), {});
    return true;
  } catch {
    return false;
  }
}

/** Installs purewasm as `WebAssembly` on `global` when needed (or when forced); returns whether it did. */
export function installPolyfill(options: { force?: boolean; global?: object } = {}): boolean {
  const g = (options.global ?? globalThis) as Record<string, unknown>;
  const force = options.force ?? g.PUREWASM_FORCE_POLYFILL === true;
  if (!force && hostWebAssemblyWorks(g)) return false;
  Object.defineProperty(g, 'WebAssembly', { value: PureWebAssembly, writable: true, configurable: true, enumerable: false });
  return true;
}

export const installed = installPolyfill();
export { PureWebAssembly as WebAssembly };
