// purewasm public API: re-exports only.
export { WebAssembly } from './js-api/index.js';
export type { ModuleExportDescriptor, ModuleImportDescriptor, ImportExportKind, CompileOptions } from './js-api/index.js';
export { CompileError, LinkError, RuntimeError } from './core/errors.js';
export { makeFeatures, FEATURES, type Feature, type FeatureSet } from './core/features.js';
