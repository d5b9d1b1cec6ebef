// WebAssembly.Module and WebAssembly.validate. Spec: WebAssembly JS API §"Modules"
// (new Module(bytes), Module.exports, Module.imports, Module.customSections) and §"validate".

import { compileModule } from '../core/compile.js';
import { CompileError } from '../core/errors.js';
import { DEFAULT_FEATURES, makeFeatures, type Feature, type FeatureSet } from '../core/features.js';
import { EXTERN_KIND_NAMES, type Module as CoreModule } from '../core/module.js';
import { copyBufferSource } from './buffer.js';

export type ImportExportKind = (typeof EXTERN_KIND_NAMES)[number];
export interface ModuleExportDescriptor { name: string; kind: ImportExportKind }
export interface ModuleImportDescriptor { module: string; name: string; kind: ImportExportKind }

const coreModules = new WeakMap<object, CoreModule>();

/** The decoded and validated core module behind a WebAssembly.Module. */
export function coreModuleOf(m: unknown): CoreModule {
  const core = typeof m === 'object' && m !== null ? coreModules.get(m) : undefined;
  if (!core) throw new TypeError('argument must be a WebAssembly.Module');
  return core;
}

export type BufferSource = ArrayBuffer | ArrayBufferView;

/**
 * Compile options. The JS API's options bag (WebAssembly JS API §"Modules", `WebAssemblyCompileOptions`)
 * extended with purewasm's feature switches: every standard feature is on unless turned off here.
 */
export interface CompileOptions {
  features?: Partial<Record<Feature, boolean>>;
}

const featureCache = new Map<string, FeatureSet>();
function featuresOf(options: CompileOptions | undefined): FeatureSet {
  const f = options?.features;
  if (!f) return DEFAULT_FEATURES;
  const key = JSON.stringify(f);
  let set = featureCache.get(key);
  if (!set) featureCache.set(key, (set = makeFeatures(f)));
  return set;
}

export class Module {
  constructor(bytes: BufferSource, options?: CompileOptions) {
    if (!new.target) throw new TypeError("calling a builtin Module constructor without new is forbidden");
    coreModules.set(this, compileModule(copyBufferSource(bytes), featuresOf(options)));
  }

  static exports(module: Module): ModuleExportDescriptor[] {
    return coreModuleOf(module).exports.map((e) => ({ name: e.name, kind: EXTERN_KIND_NAMES[e.kind] }));
  }

  static imports(module: Module): ModuleImportDescriptor[] {
    return coreModuleOf(module).imports.map((i) => ({ module: i.module, name: i.name, kind: EXTERN_KIND_NAMES[i.desc.kind] }));
  }

  static customSections(module: Module, sectionName: string): ArrayBuffer[] {
    const core = coreModuleOf(module);
    if (sectionName === undefined) throw new TypeError('customSections: a section name is required');
    const name = String(sectionName);
    return core.customs
      .filter((c) => c.name === name)
      .map((c) => core.bytes.slice(c.start, c.end).buffer);
  }
}
Object.defineProperty(Module.prototype, Symbol.toStringTag, { value: 'WebAssembly.Module', configurable: true });

export function validate(bytes: BufferSource, options?: CompileOptions): boolean {
  const copy = copyBufferSource(bytes);
  try {
    compileModule(copy, featuresOf(options));
    return true;
  } catch (e) {
    if (e instanceof CompileError) return false;
    throw e;
  }
}
