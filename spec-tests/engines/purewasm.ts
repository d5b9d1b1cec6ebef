// purewasm, through its public API only. Until purewasm's namespace offers
// WebAssembly.Instance, the engine can only compile (decode + validate) and
// every execution command is skipped.

import { WebAssembly } from 'purewasm';
import type { AnyEngine } from '../engine.js';
import { type WasmNamespaceLike, createJsApiEngine } from './js-api.js';

export function createEngine(): AnyEngine {
  const ns = WebAssembly as unknown as WasmNamespaceLike;
  return createJsApiEngine('purewasm', ns) as AnyEngine;
}
