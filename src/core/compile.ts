// Decode + validate: the core engine's "compile" step. Spec: WebAssembly Core 3.0 §7.1.4
// "Modules" (module_decode, module_validate); a module is rejected at compile time when it is
// malformed or invalid.

import { decodeModule } from './binary/decode.js';
import { DEFAULT_FEATURES, type FeatureSet } from './features.js';
import type { Module } from './module.js';
import { validateModule } from './valid/module.js';

export function compileModule(bytes: Uint8Array, features: FeatureSet = DEFAULT_FEATURES): Module {
  const m = decodeModule(bytes, features);
  validateModule(m, features);
  return m;
}
