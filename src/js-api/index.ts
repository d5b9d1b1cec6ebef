// The WebAssembly-shaped namespace. Spec: WebAssembly JS API §"The WebAssembly Namespace".
// Filled in step by step: Instance, Memory, Table, Global, Tag come with the interpreter.

import { CompileError, LinkError, RuntimeError } from '../core/errors.js';
import { Module, validate } from './module.js';

export const WebAssembly = Object.freeze({
  Module,
  validate,
  CompileError,
  LinkError,
  RuntimeError,
});
export type { ModuleExportDescriptor, ModuleImportDescriptor, ImportExportKind, CompileOptions } from './module.js';
