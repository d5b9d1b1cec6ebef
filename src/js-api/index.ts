// The WebAssembly-shaped namespace. Spec: WebAssembly JS API §"The WebAssembly Namespace".

import { CompileError, LinkError, RuntimeError } from '../core/errors.js';
import { Global } from './global.js';
import { Instance, compile, compileStreaming, instantiate, instantiateStreaming } from './instance.js';
import { Memory } from './memory.js';
import { Module, validate } from './module.js';
import { Table } from './table.js';
import { Exception, Tag } from './exception.js';

export const WebAssembly = Object.freeze({
  Module,
  Instance,
  Memory,
  Table,
  Global,
  Tag,
  Exception,
  validate,
  compile,
  instantiate,
  compileStreaming,
  instantiateStreaming,
  CompileError,
  LinkError,
  RuntimeError,
});
export type { ModuleExportDescriptor, ModuleImportDescriptor, ImportExportKind, CompileOptions } from './module.js';
