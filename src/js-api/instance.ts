// WebAssembly.Instance, compile and instantiate, compileStreaming and instantiateStreaming.
// Spec: WebAssembly JS API §"Instances" (read the imports — a LinkError for every import of the
// wrong kind, a TypeError for a missing or non-object module namespace —, instantiate the core
// module, build the exports object: frozen, with a null prototype), §"The WebAssembly
// Namespace" (compile; both instantiate overloads: bytes are copied synchronously, compiled
// and instantiated asynchronously, and the imports are read only then; for a Module, the
// imports are read synchronously), and the WebAssembly Web API §"Streaming Module Compilation"
// (a Response with MIME type application/wasm and an ok status). A third argument carries
// purewasm's instantiation options (instance-options.ts: limits, async).

import { instantiateModule } from '../core/exec/instantiate.js';
import { GlobalInstance } from '../core/exec/runtime/global.js';
import type { ExternVal, ModuleInstance } from '../core/exec/runtime/instance.js';
import { globalTypeIds, type TypeCtx } from '../core/exec/runtime/type-ids.js';
import { LinkError } from '../core/errors.js';
import { ExternKind, funcTypeAt } from '../core/module.js';
import { F32, F64, I32, I64, V128 } from '../core/types.js';
import { builtinFunction, builtinsOf, isBuiltinSet } from './builtins.js';
import { tagInstanceOf, tagObject } from './exception.js';
import { exportedFunction, funcInstanceOf, hostFunction, invokeRaw } from './functions.js';
import { globalInstanceOf, globalObject } from './global.js';
import { memoryInstanceOf, memoryObject } from './memory.js';
import {
  Module, compileBytes, copyModuleBytes, isModule, moduleFromSlots, moduleSlots, readCompileOptions,
  type BufferSource, type CompileOptions, type ModuleSlots, type ReadOptions,
} from './module.js';
import { readInstanceOptions, registerLimits, type InstanceOptions, type ReadInstanceOptions } from './instance-options.js';
import { promising, suspendingTarget } from './jspi.js';
import { tableInstanceOf, tableObject } from './table.js';
import { toWasm, writeRaw, scratchSlots } from './values.js';
import { brand, defineInterface, isObject, operation } from './webidl.js';

export type Imports = Record<string, Record<string, unknown>>;

/** An `optional object` argument: undefined stays undefined, other non-objects are a TypeError. */
function optionalObject(v: unknown, what: string): object | undefined {
  if (v === undefined) return undefined;
  if (!isObject(v)) throw new TypeError(`${what} must be an object`);
  return v;
}

/** The objects builtin sets and imported string constants provide, by module name. */
function builtinOrStringImports(s: ModuleSlots): Map<string, object> {
  const out = new Map<string, object>();
  for (const set of s.builtinSets) {
    if (!isBuiltinSet(set)) continue;
    const o = Object.create(null) as Record<string, unknown>;
    for (const b of builtinsOf(set)) o[b.name] = exportedFunction(builtinFunction(b));
    out.set(`wasm:${set}`, o);
  }
  if (s.importedStringModule !== null) {
    const o = Object.create(null) as Record<string, unknown>;
    for (const imp of s.core.imports) if (imp.module === s.importedStringModule) o[imp.name] = imp.name;
    out.set(s.importedStringModule, o);
  }
  return out;
}

/** "Read the imports": one extern value per import, in order. */
function readImports(s: ModuleSlots, importObject: object | undefined, asyncMode = false): ExternVal[] {
  const m = s.core;
  if (m.imports.length === 0) return [];
  if (importObject === undefined) throw new TypeError('WebAssembly.Instance: the module has imports, but no import object was given');
  const provided = builtinOrStringImports(s);
  const ctx: TypeCtx = { types: m.types, ids: globalTypeIds(m.types) };
  const io = importObject as Record<string, unknown>;
  return m.imports.map((imp): ExternVal => {
    let o: unknown;
    const p = provided.get(imp.module);
    if (p !== undefined && imp.name in p) o = p;
    else o = io[imp.module];
    if (!isObject(o)) throw new TypeError(`import "${imp.module}" "${imp.name}": the module "${imp.module}" is not an object`);
    const v = (o as Record<string, unknown>)[imp.name];
    const where = `import "${imp.module}" "${imp.name}"`;
    switch (imp.desc.kind) {
      case ExternKind.Func: {
        const ti = imp.desc.typeIndex;
        const suspending = suspendingTarget(v);
        if (suspending !== undefined) return { kind: 'func', value: hostFunction(suspending, funcTypeAt(m, ti)!, ctx.ids[ti]!, ctx, true) };
        if (typeof v !== 'function') throw new LinkError(`${where}: a function import requires a callable`);
        return { kind: 'func', value: funcInstanceOf(v) ?? hostFunction(v, funcTypeAt(m, ti)!, ctx.ids[ti]!, ctx, asyncMode) };
      }
      case ExternKind.Global: {
        const existing = globalInstanceOf(v);
        if (existing) return { kind: 'global', value: existing };
        const t = imp.desc.type.type;
        if (t === I64 && typeof v !== 'bigint') throw new LinkError(`${where}: an i64 global import requires a BigInt or a WebAssembly.Global`);
        if ((t === I32 || t === F32 || t === F64) && typeof v !== 'number') throw new LinkError(`${where}: a global import requires a Number or a WebAssembly.Global`);
        if (t === V128) throw new LinkError(`${where}: a v128 global import requires a WebAssembly.Global`);
        let raw: unknown;
        try {
          raw = toWasm(t, v, ctx);
        } catch (e) {
          if (e instanceof TypeError) throw new LinkError(`${where}: ${e.message}`);
          throw e;
        }
        const g = new GlobalInstance({ type: t, mutable: false }, ctx);
        const tmp = scratchSlots(1);
        writeRaw(tmp, 0, t, raw);
        g.bits[0] = tmp.i32[0]!;
        g.bits[1] = tmp.i32[1]!;
        g.ref = tmp.refs[0];
        return { kind: 'global', value: g };
      }
      case ExternKind.Memory: {
        const mi = memoryInstanceOf(v);
        if (!mi) throw new LinkError(`${where}: a memory import requires a WebAssembly.Memory`);
        return { kind: 'memory', value: mi };
      }
      case ExternKind.Table: {
        const t = tableInstanceOf(v);
        if (!t) throw new LinkError(`${where}: a table import requires a WebAssembly.Table`);
        return { kind: 'table', value: t };
      }
      case ExternKind.Tag: {
        const t = tagInstanceOf(v);
        if (!t) throw new LinkError(`${where}: a tag import requires a WebAssembly.Tag`);
        return { kind: 'tag', value: t };
      }
    }
  });
}

/** "Instantiate the core of a WebAssembly module": link errors, traps, the start function. */
function instantiateCore(s: ModuleSlots, imports: ExternVal[], o: ReadInstanceOptions): ModuleInstance {
  return instantiateModule(s.core, imports, (_inst, f) => {
    invokeRaw(f);
  }, o.limits);
}

/** "Create an exports object": null prototype, one data property per export, frozen. */
function exportsObject(inst: ModuleInstance, o: ReadInstanceOptions): Record<string, unknown> {
  const out = Object.create(null) as Record<string, unknown>;
  for (const [name, ext] of inst.exports) {
    let v: unknown;
    switch (ext.kind) {
      case 'func': v = o.async ? promising(exportedFunction(ext.value)) : exportedFunction(ext.value); break;
      case 'memory': v = memoryObject(ext.value); break;
      case 'table': v = tableObject(ext.value); break;
      case 'global': v = globalObject(ext.value); break;
      case 'tag': v = tagObject(ext.value); break;
    }
    Object.defineProperty(out, name, { value: v, writable: true, enumerable: true, configurable: true });
  }
  return Object.freeze(out);
}

const slots = new WeakMap<object, Record<string, unknown>>();

/** Creates the exports object of a new instance and records its limits under both objects. */
function setUp(instance: object, s: ModuleSlots, imports: ExternVal[], o: ReadInstanceOptions): void {
  const exports = exportsObject(instantiateCore(s, imports, o), o);
  slots.set(instance, exports);
  registerLimits([instance, exports], o.limits);
}

export class Instance {
  constructor(module: Module, importObject?: object, options?: InstanceOptions) {
    const s = moduleSlots(module, 'WebAssembly.Instance: the first argument must be a WebAssembly.Module');
    const io = optionalObject(importObject, 'WebAssembly.Instance: the import object');
    const o = readInstanceOptions(options);
    setUp(this, s, readImports(s, io, o.async), o);
  }

  get exports(): Record<string, unknown> {
    return brand(slots, this, 'WebAssembly.Instance.prototype.exports: not a WebAssembly.Instance');
  }
}
defineInterface(Instance, { name: 'Instance', length: 1, attributes: ['exports'] });

/** A later turn of the event loop's job queue (the spec's "queue a task", approximated by a job). */
function later<T>(f: () => T): Promise<T> {
  return Promise.resolve().then(f);
}

/** "Asynchronously compile a WebAssembly module". */
function asyncCompile(bytes: Uint8Array, o: ReadOptions): Promise<Module> {
  return later(() => moduleFromSlots(compileBytes(bytes, o)));
}

/** "Asynchronously instantiate a WebAssembly module": the imports are read now, the rest later. */
function asyncInstantiate(module: Module, importObject: object | undefined, o: ReadInstanceOptions): Promise<Instance> {
  let imports: ExternVal[];
  const s = moduleSlots(module);
  try {
    imports = readImports(s, importObject, o.async);
  } catch (e) {
    return Promise.reject(e);
  }
  return later(() => {
    const instance = Object.create(Instance.prototype) as Instance;
    setUp(instance, s, imports, o);
    return instance;
  });
}

export const compile = operation('compile', 1, function compile(bytes: BufferSource, options?: CompileOptions): Promise<Module> {
  try {
    const copy = copyModuleBytes(bytes);
    return asyncCompile(copy, readCompileOptions(options));
  } catch (e) {
    return Promise.reject(e);
  }
});

export interface WebAssemblyInstantiatedSource { module: Module; instance: Instance }

export const instantiate = operation('instantiate', 1, function instantiate(
  source: BufferSource | Module,
  importObject?: object,
  options?: CompileOptions & InstanceOptions,
): Promise<Instance | WebAssemblyInstantiatedSource> {
  try {
    if (isModule(source)) {
      const io = optionalObject(importObject, 'WebAssembly.instantiate: the import object');
      return asyncInstantiate(source as Module, io, readInstanceOptions(options));
    }
    const copy = copyModuleBytes(source);
    const io = optionalObject(importObject, 'WebAssembly.instantiate: the import object');
    const o = readCompileOptions(options);
    const io2 = readInstanceOptions(options);
    return asyncCompile(copy, o).then((module) => asyncInstantiate(module, io, io2).then((instance) => ({ module, instance })));
  } catch (e) {
    return Promise.reject(e);
  }
} as (source: BufferSource | Module, importObject?: object, options?: CompileOptions & InstanceOptions) => Promise<never>) as {
  (bytes: BufferSource, importObject?: object, options?: CompileOptions & InstanceOptions): Promise<WebAssemblyInstantiatedSource>;
  (moduleObject: Module, importObject?: object, options?: InstanceOptions): Promise<Instance>;
};

interface ResponseLike {
  readonly ok: boolean;
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  arrayBuffer(): Promise<ArrayBuffer>;
}

function isResponse(v: unknown): v is ResponseLike {
  const R = (globalThis as { Response?: unknown }).Response;
  if (typeof R === 'function' && v instanceof (R as new () => unknown)) return true;
  // A Response of another realm, or of a fetch polyfill.
  if (!isObject(v)) return false;
  const r = v as Partial<ResponseLike>;
  return typeof r.arrayBuffer === 'function' && isObject(r.headers) && typeof (r.headers as { get?: unknown }).get === 'function' && typeof r.ok === 'boolean';
}

/** "Compile a potential WebAssembly response": the bytes of a Response, checked. */
async function responseBytes(source: unknown, what: string): Promise<ArrayBuffer> {
  const response: unknown = await source;
  if (!isResponse(response)) throw new TypeError(`${what}: the argument must be a Response or a promise of one`);
  const mime = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (mime !== 'application/wasm') throw new TypeError(`${what}: expected the MIME type application/wasm, got "${mime}"`);
  if (!response.ok) throw new TypeError(`${what}: the response has status ${response.status}`);
  return response.arrayBuffer();
}

export const compileStreaming = operation('compileStreaming', 1, function compileStreaming(source: unknown, options?: CompileOptions): Promise<Module> {
  return responseBytes(source, 'WebAssembly.compileStreaming').then((bytes) => compile(bytes, options));
});

export const instantiateStreaming = operation('instantiateStreaming', 1, function instantiateStreaming(
  source: unknown,
  importObject?: object,
  options?: CompileOptions,
): Promise<WebAssemblyInstantiatedSource> {
  return responseBytes(source, 'WebAssembly.instantiateStreaming').then((bytes) => instantiate(bytes, importObject, options));
});
