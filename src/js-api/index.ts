// The WebAssembly namespace object. Spec: WebAssembly JS API §"The WebAssembly Namespace" and
// Web IDL §3.13 "Namespaces": an ordinary object (not callable) with @@toStringTag
// "WebAssembly"; the operations (validate, compile, instantiate; the Web API's compileStreaming
// and instantiateStreaming) are writable, enumerable and configurable; the interfaces (Module,
// Instance, Memory, Table, Global, Tag, Exception and the error classes) writable,
// non-enumerable and configurable; JSTag is an enumerable getter. JSPI's Suspending,
// SuspendError and promising (WebAssembly/js-promise-integration) are here too.

import { CompileError, LinkError, RuntimeError, SuspendError } from './errors.js';
import { Exception, Tag, jsTagObject } from './exception.js';
import { Global } from './global.js';
import { Instance, compile, compileStreaming, instantiate, instantiateStreaming } from './instance.js';
import { Memory } from './memory.js';
import { Module, validate } from './module.js';
import { Table } from './table.js';
import { Suspending, promising } from './jspi.js';
import { operation } from './webidl.js';

const interfaces = { Module, Instance, Memory, Table, Global, Tag, Exception, CompileError, LinkError, RuntimeError, Suspending, SuspendError };
const operations = {
  validate: operation('validate', 1, validate), compile, instantiate, compileStreaming, instantiateStreaming,
  promising: operation('promising', 1, promising),
};

export interface WebAssemblyNamespace {
  readonly Module: typeof Module;
  readonly Instance: typeof Instance;
  readonly Memory: typeof Memory;
  readonly Table: typeof Table;
  readonly Global: typeof Global;
  readonly Tag: typeof Tag;
  readonly Exception: typeof Exception;
  readonly CompileError: typeof CompileError;
  readonly LinkError: typeof LinkError;
  readonly RuntimeError: typeof RuntimeError;
  /** JSPI (jspi.ts). */
  readonly Suspending: typeof Suspending;
  readonly SuspendError: typeof SuspendError;
  readonly promising: typeof promising;
  readonly validate: typeof validate;
  readonly compile: typeof compile;
  readonly instantiate: typeof instantiate;
  readonly compileStreaming: typeof compileStreaming;
  readonly instantiateStreaming: typeof instantiateStreaming;
  readonly JSTag: Tag;
}

function makeNamespace(): WebAssemblyNamespace {
  const ns = {};
  for (const [name, value] of Object.entries(interfaces)) {
    Object.defineProperty(ns, name, { value, writable: true, enumerable: false, configurable: true });
  }
  for (const [name, value] of Object.entries(operations)) {
    Object.defineProperty(ns, name, { value, writable: true, enumerable: true, configurable: true });
  }
  const getJSTag = { get JSTag(): Tag { return jsTagObject(); } };
  Object.defineProperty(ns, 'JSTag', { get: Object.getOwnPropertyDescriptor(getJSTag, 'JSTag')!.get!, enumerable: true, configurable: true });
  Object.defineProperty(ns, Symbol.toStringTag, { value: 'WebAssembly', writable: false, enumerable: false, configurable: true });
  return ns as WebAssemblyNamespace;
}

export const WebAssembly: WebAssemblyNamespace = makeNamespace();

export type { ModuleExportDescriptor, ModuleImportDescriptor, ImportExportKind, CompileOptions } from './module.js';
export type { WebAssemblyInstantiatedSource } from './instance.js';
