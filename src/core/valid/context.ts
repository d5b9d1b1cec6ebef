// The validation context C of a module. Spec: WebAssembly Core 3.0 §3.1.1 "Contexts": types,
// functions, tables, memories, globals, tags, element and data segments, and `refs` (the
// function indices that may be referenced by ref.func inside function bodies).

import type { FeatureSet } from '../features.js';
import type { Module } from '../module.js';
import { I32, I64, type FuncType, type ValType } from '../types.js';
import { TypeContext } from './match.js';

export class ValidationContext extends TypeContext {
  readonly module: Module;
  readonly features: FeatureSet;
  /** Function indices declared outside function bodies (C.refs). */
  readonly refs = new Set<number>();
  /** Number of globals visible to the constant expression being checked (-1 = all). */
  visibleGlobals = -1;

  constructor(module: Module, features: FeatureSet) {
    super(module.types);
    this.module = module;
    this.features = features;
  }

  funcType(typeIndex: number): FuncType | undefined {
    const t = this.types[typeIndex];
    return t && t.composite.kind === 'func' ? t.composite : undefined;
  }

  /** Type of function `funcIndex`, or undefined if out of range. */
  funcTypeOf(funcIndex: number): FuncType | undefined {
    const ti = this.module.funcs[funcIndex];
    return ti === undefined ? undefined : this.funcType(ti);
  }

  memAddrType(mem: number): ValType {
    return this.module.memories[mem]!.limits.is64 ? I64 : I32;
  }

  tableAddrType(table: number): ValType {
    return this.module.tables[table]!.limits.is64 ? I64 : I32;
  }
}
