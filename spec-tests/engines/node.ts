// The host's own WebAssembly (V8 in node), fully able to execute. Used to
// prove the runner right; its failures are V8's (unsupported proposals).

import type { AnyEngine } from '../engine.js';
import { type WasmNamespaceLike, createJsApiEngine } from './js-api.js';

export function createEngine(): AnyEngine {
  const ns = (globalThis as unknown as { WebAssembly: WasmNamespaceLike }).WebAssembly;
  return createJsApiEngine('node', ns) as AnyEngine;
}
