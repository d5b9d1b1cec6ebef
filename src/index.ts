// purewasm public API: re-exports only.
export { WebAssembly } from './js-api/index.js';
export type { ModuleExportDescriptor, ModuleImportDescriptor, ImportExportKind, CompileOptions } from './js-api/index.js';
export { CompileError, LinkError, RuntimeError } from './core/errors.js';
export { getFuel, setFuel, getLimitStats, type Limits, type LimitStats } from './core/exec/limits.js';
export type { InstanceOptions } from './js-api/instance-options.js';
export { makeFeatures, FEATURES, type Feature, type FeatureSet } from './core/features.js';
export { compileComponent } from './component/runtime/component.js';
export { ComponentError } from './component/errors.js';
export type { Component, ComponentInstance, ComponentFeatures, CompileComponentOptions, ExternDesc, InstantiateOptions } from './component/api.js';
export type { ValType as ComponentValType, FuncType as ComponentFuncType } from './component/types.js';
export { createWasiHost, runCommand, createPreview1, WasiExit, MemoryFileSystem } from './wasi/index.js';
export { runCommandAsync, type CommandOptions, type StdinOption } from './wasi/index.js';
export { toLowerCamelCase, toUpperCamelCase } from './component/canon/names.js';
export { composeComponents, type ComposeOptions } from './component/compose/index.js';
