// WebAssembly.Instance, compile and instantiate. Spec: WebAssembly JS API §"Instances" (read the
// imports, instantiate the core module, build the exports object: frozen, null prototype) and
// §"Namespace" (compile, instantiate both overloads).

import { LinkError } from '../core/errors.js';
import { instantiateModule } from '../core/exec/instantiate.js';
import { invoke } from '../core/exec/invoke.js';
import { GlobalInstance } from '../core/exec/runtime/global.js';
import type { ExternVal, ModuleInstance } from '../core/exec/runtime/instance.js';
import { ExternKind, funcTypeAt } from '../core/module.js';
import { I64 } from '../core/types.js';
import { exportedFunction, hostFunction } from './functions.js';
import { globalInstanceOf, globalObject, isGlobal, setGlobalValue } from './global.js';
import { isMemory, memoryInstanceOf, memoryObject } from './memory.js';
import { Module, coreModuleOf, type BufferSource, type CompileOptions } from './module.js';
import { isTable, tableInstanceOf, tableObject } from './table.js';
import { fromWasmException, tagInstanceOf, tagObject } from './exception.js';
import { WasmException } from '../core/exec/runtime/exception.js';

export type Imports = Record<string, Record<string, unknown>>;

function readImports(module: Module, importObject: unknown): ExternVal[] {
  const m = coreModuleOf(module);
  if (m.imports.length > 0 && (importObject === undefined || importObject === null || typeof importObject !== 'object')) {
    throw new TypeError('imports argument must be present and must be an object');
  }
  const typeIds: number[] = [];
  return m.imports.map((imp) => {
    const ns = (importObject as Record<string, unknown>)[imp.module];
    if (ns === null || (typeof ns !== 'object' && typeof ns !== 'function')) {
      throw new TypeError(`import "${imp.module}": module is not an object or function`);
    }
    const v = (ns as Record<string, unknown>)[imp.name];
    const where = `import "${imp.module}" "${imp.name}"`;
    switch (imp.desc.kind) {
      case ExternKind.Func: {
        if (typeof v !== 'function') throw new LinkError(`${where}: function import requires a callable`);
        void typeIds;
        return { kind: 'func', value: hostFunction(v, funcTypeAt(m, imp.desc.typeIndex)!) } as ExternVal;
      }
      case ExternKind.Global: {
        if (isGlobal(v)) return { kind: 'global', value: globalInstanceOf(v) } as ExternVal;
        const t = imp.desc.type;
        if (t.mutable) throw new LinkError(`${where}: imported mutable global must be a WebAssembly.Global object`);
        if (t.type === I64 && typeof v !== 'bigint') throw new LinkError(`${where}: i64 global requires a BigInt or WebAssembly.Global`);
        if (t.type !== I64 && typeof v !== 'number' && !(t.type >= 0x200)) throw new LinkError(`${where}: global import requires a Number or WebAssembly.Global`);
        const g = new GlobalInstance(t);
        setGlobalValue(g, v);
        return { kind: 'global', value: g } as ExternVal;
      }
      case ExternKind.Memory:
        if (!isMemory(v)) throw new LinkError(`${where}: memory import requires a WebAssembly.Memory`);
        return { kind: 'memory', value: memoryInstanceOf(v) } as ExternVal;
      case ExternKind.Table:
        if (!isTable(v)) throw new LinkError(`${where}: table import requires a WebAssembly.Table`);
        return { kind: 'table', value: tableInstanceOf(v) } as ExternVal;
      case ExternKind.Tag: {
        const t = tagInstanceOf(v);
        if (!t) throw new LinkError(`${where}: tag import requires a WebAssembly.Tag`);
        return { kind: 'tag', value: t } as ExternVal;
      }
    }
  });
}

function exportsObject(inst: ModuleInstance): Record<string, unknown> {
  const out = Object.create(null) as Record<string, unknown>;
  for (const [name, ext] of inst.exports) {
    let v: unknown;
    switch (ext.kind) {
      case 'func': v = exportedFunction(ext.value); break;
      case 'memory': v = memoryObject(ext.value); break;
      case 'table': v = tableObject(ext.value); break;
      case 'global': v = globalObject(ext.value); break;
      case 'tag': v = tagObject(ext.value); break;
    }
    Object.defineProperty(out, name, { value: v, enumerable: true, writable: false, configurable: false });
  }
  return Object.freeze(out);
}

const instanceExports = new WeakMap<object, Record<string, unknown>>();

export class Instance {
  constructor(module: Module, importObject?: unknown) {
    if (!new.target) throw new TypeError('calling a builtin Instance constructor without new is forbidden');
    const core = coreModuleOf(module);
    const imports = readImports(module, importObject);
    const inst = instantiateModule(core, imports, (_i, f) => {
      try {
        invoke(f, () => {}, () => undefined);
      } catch (e) {
        throw e instanceof WasmException ? fromWasmException(e) : e;
      }
    });
    instanceExports.set(this, exportsObject(inst));
  }

  get exports(): Record<string, unknown> {
    const e = instanceExports.get(this);
    if (!e) throw new TypeError('not a WebAssembly.Instance');
    return e;
  }
}
Object.defineProperty(Instance.prototype, Symbol.toStringTag, { value: 'WebAssembly.Instance', configurable: true });

export function compile(bytes: BufferSource, options?: CompileOptions): Promise<Module> {
  return new Promise((resolve) => resolve(new Module(bytes, options)));
}

export function instantiate(source: BufferSource | Module, importObject?: unknown, options?: CompileOptions): Promise<Instance | { module: Module; instance: Instance }> {
  return new Promise((resolve) => {
    if (source instanceof Module) {
      resolve(new Instance(source, importObject));
      return;
    }
    const module = new Module(source as BufferSource, options);
    resolve({ module, instance: new Instance(module, importObject) });
  });
}

interface ResponseLike {
  readonly ok: boolean;
  readonly status: number;
  readonly url?: string;
  readonly headers: { get(name: string): string | null };
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** The bytes of a Response, checked as the JS API's "compile a potential WebAssembly response" does. */
async function responseBytes(source: unknown): Promise<ArrayBuffer> {
  const response = (await source) as ResponseLike;
  if (response === null || typeof response !== 'object' || typeof response.arrayBuffer !== 'function' || !response.headers) {
    throw new TypeError('compileStreaming: argument must be a Response or a Promise of one');
  }
  const mime = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (mime !== 'application/wasm') throw new TypeError(`compileStreaming: expected MIME type application/wasm, got "${mime}"`);
  if (!response.ok) throw new TypeError(`compileStreaming: response status ${response.status}`);
  return response.arrayBuffer();
}

export async function compileStreaming(source: unknown, options?: CompileOptions): Promise<Module> {
  return new Module(await responseBytes(source), options);
}

export async function instantiateStreaming(source: unknown, importObject?: unknown, options?: CompileOptions): Promise<{ module: Module; instance: Instance }> {
  const module = new Module(await responseBytes(source), options);
  return { module, instance: new Instance(module, importObject) };
}
