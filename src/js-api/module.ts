// WebAssembly.Module and WebAssembly.validate. Spec: WebAssembly JS API §"Modules" (new
// Module(bytes, options), Module.exports, Module.imports, Module.customSections), §"validate",
// §"Implementation-defined Limits", and the compile options: `builtins` (builtin sets, see
// builtins.ts) and `importedStringConstants` (imports from that module name are string
// constants: immutable globals of a type (ref extern) matches, named by their import name).

import { compileModule } from '../core/compile.js';
import { CompileError } from '../core/errors.js';
import { globalTypeIds } from '../core/exec/runtime/type-ids.js';
import { DEFAULT_FEATURES, makeFeatures, type Feature, type FeatureSet } from '../core/features.js';
import { EXTERN_KIND_NAMES, ExternKind, type Import, type Module as CoreModule } from '../core/module.js';
import { EXTERNREF, HT_EXTERN, refType } from '../core/types.js';
import { bufferSourceLength, copyBufferSource, viewBufferSource } from './buffer.js';
import { findBuiltin } from './builtins.js';
import { checkLimits, checkModuleSize } from './limits.js';
import { brand, defineInterface, dictionary, sequence, toStringIDL } from './webidl.js';

export type ImportExportKind = (typeof EXTERN_KIND_NAMES)[number];
export interface ModuleExportDescriptor { name: string; kind: ImportExportKind }
export interface ModuleImportDescriptor { module: string; name: string; kind: ImportExportKind }

/** The internal slots of a Module object. */
export interface ModuleSlots {
  /** [[Module]] */
  readonly core: CoreModule;
  /** [[BuiltinSets]] (empty when the option is absent). */
  readonly builtinSets: readonly string[];
  /** [[ImportedStringModule]] */
  readonly importedStringModule: string | null;
}

const slots = new WeakMap<object, ModuleSlots>();

/** The internal slots of a WebAssembly.Module, or a TypeError. */
export function moduleSlots(m: unknown, what = 'argument must be a WebAssembly.Module'): ModuleSlots {
  return brand(slots, m, what);
}

/** The decoded and validated core module behind a WebAssembly.Module. */
export function coreModuleOf(m: unknown): CoreModule {
  return moduleSlots(m).core;
}

/** Whether v is a WebAssembly.Module. */
export function isModule(v: unknown): boolean {
  return typeof v === 'object' && v !== null && slots.has(v);
}

export type BufferSource = ArrayBufferLike | ArrayBufferView;

/**
 * Compile options: the JS API's WebAssemblyCompileOptions (`builtins`,
 * `importedStringConstants`) and purewasm's feature switches (every standard feature is on
 * unless turned off here).
 */
export interface CompileOptions {
  builtins?: Iterable<string>;
  importedStringConstants?: string | null;
  features?: Partial<Record<Feature, boolean>>;
}

/** Compile options after conversion. */
export interface ReadOptions {
  readonly builtinSets: readonly string[];
  readonly importedStringModule: string | null;
  readonly features: FeatureSet;
}

const featureCache = new Map<string, FeatureSet>();
function featuresOf(f: unknown): FeatureSet {
  if (f === undefined || f === null) return DEFAULT_FEATURES;
  if (typeof f !== 'object') throw new TypeError('compile options: "features" must be an object');
  const key = JSON.stringify(f);
  let set = featureCache.get(key);
  if (!set) featureCache.set(key, (set = makeFeatures(f as Partial<Record<Feature, boolean>>)));
  return set;
}

/** Converts a WebAssemblyCompileOptions dictionary (members read in Web IDL's lexicographic order). */
export function readCompileOptions(options: unknown): ReadOptions {
  const d = dictionary(options, 'compile options');
  const builtins = d.builtins === undefined ? [] : sequence(d.builtins, 'compile options: "builtins"').map(toStringIDL);
  const features = featuresOf(d.features);
  const isc = d.importedStringConstants;
  const importedStringModule = isc === undefined || isc === null ? null : toStringIDL(isc);
  return { builtinSets: builtins, importedStringModule, features };
}

const REF_EXTERN = refType(HT_EXTERN, false);

/** Whether an import is one of the module's imported string constants. */
export function isStringConstantImport(imp: Import, importedStringModule: string | null): boolean {
  return importedStringModule !== null && imp.module === importedStringModule;
}

/** "Validate builtins and imported string for a WebAssembly module"; a CompileError if not. */
function checkBuiltinsAndStrings(core: CoreModule, o: ReadOptions): void {
  if (new Set(o.builtinSets).size !== o.builtinSets.length) throw new CompileError('compile options: duplicate builtin set names');
  if (o.builtinSets.length === 0 && o.importedStringModule === null) return;
  let ids: number[] | undefined;
  for (const imp of core.imports) {
    const where = `import "${imp.module}" "${imp.name}"`;
    if (isStringConstantImport(imp, o.importedStringModule)) {
      const d = imp.desc;
      // match_externtype(global const (ref extern), import type)
      if (d.kind !== ExternKind.Global || d.type.mutable || (d.type.type !== EXTERNREF && d.type.type !== REF_EXTERN)) {
        throw new CompileError(`${where}: an imported string constant must be an immutable global of type externref or (ref extern)`, imp.offset);
      }
      continue;
    }
    const b = findBuiltin(imp.module, imp.name, o.builtinSets);
    if (!b) continue;
    ids ??= globalTypeIds(core.types);
    if (imp.desc.kind !== ExternKind.Func || ids[imp.desc.typeIndex] !== b.typeId) {
      throw new CompileError(`${where}: the import does not match the type of the builtin`, imp.offset);
    }
  }
}

/** Compiles bytes (already copied) into the slots of a Module; CompileError on failure. */
export function compileBytes(bytes: Uint8Array, o: ReadOptions): ModuleSlots {
  const core = compileModule(bytes, o.features);
  checkLimits(core);
  checkBuiltinsAndStrings(core, o);
  return { core, builtinSets: o.builtinSets, importedStringModule: o.importedStringModule };
}

/** "Get a copy of the buffer source", refusing modules above the size limit before copying. */
export function copyModuleBytes(bytes: unknown): Uint8Array {
  checkModuleSize(bufferSourceLength(bytes));
  return copyBufferSource(bytes);
}

export class Module {
  constructor(bytes: BufferSource, options?: CompileOptions) {
    const len = bufferSourceLength(bytes);
    const o = readCompileOptions(options);
    checkModuleSize(len);
    slots.set(this, compileBytes(copyBufferSource(bytes), o));
  }

  static exports(moduleObject: Module): ModuleExportDescriptor[] {
    const { core } = moduleSlots(moduleObject, 'WebAssembly.Module.exports: the argument must be a WebAssembly.Module');
    return core.exports.map((e) => ({ name: e.name, kind: EXTERN_KIND_NAMES[e.kind] }));
  }

  static imports(moduleObject: Module): ModuleImportDescriptor[] {
    const s = moduleSlots(moduleObject, 'WebAssembly.Module.imports: the argument must be a WebAssembly.Module');
    return s.core.imports
      .filter((i) => !findBuiltin(i.module, i.name, s.builtinSets) && !isStringConstantImport(i, s.importedStringModule))
      .map((i) => ({ module: i.module, name: i.name, kind: EXTERN_KIND_NAMES[i.desc.kind] }));
  }

  static customSections(moduleObject: Module, sectionName: string): ArrayBuffer[] {
    const { core } = moduleSlots(moduleObject, 'WebAssembly.Module.customSections: the first argument must be a WebAssembly.Module');
    if (arguments.length < 2) throw new TypeError('WebAssembly.Module.customSections: a section name is required');
    const name = toStringIDL(sectionName);
    return core.customs
      .filter((c) => c.name === name)
      .map((c) => core.bytes.slice(c.start, c.end).buffer);
  }
}
defineInterface(Module, { name: 'Module', length: 1, statics: [['exports', 1], ['imports', 1], ['customSections', 2]] });

/** Builds a Module object from compiled slots (for the asynchronous paths). */
export function moduleFromSlots(s: ModuleSlots): Module {
  const m = Object.create(Module.prototype) as Module;
  slots.set(m, s);
  return m;
}

export function validate(bytes: BufferSource, options?: CompileOptions): boolean {
  const len = bufferSourceLength(bytes);
  const o = readCompileOptions(options);
  try {
    checkModuleSize(len);
    compileBytes(viewBufferSource(bytes), o);
    return true;
  } catch (e) {
    if (e instanceof CompileError) return false;
    throw e;
  }
}
