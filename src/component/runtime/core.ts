// The core engine as the component runtime sees it: compile an embedded core module, instantiate
// it from named core instances, call core functions with flat values and make host functions
// from callables. Spec: component-model Explainer.md §"Instance Definitions" (core instantiate
// `with` arguments are core instances whose exports satisfy the module's two-level imports) and
// WebAssembly Core 3.0 §7.1 "Embedding" (module_instantiate, func_invoke, func_alloc).
// Flat values follow the canonical ABI's core types: i32/f32/f64 as number, i64 as bigint.

import { compileModule } from '../../core/compile.js';
import { CompileError, LinkError } from '../../core/errors.js';
import { DEFAULT_FEATURES, type FeatureSet } from '../../core/features.js';
import { instantiateModule } from '../../core/exec/instantiate.js';
import { invoke } from '../../core/exec/invoke.js';
import type { ExecLimits } from '../../core/exec/limits.js';
import { invokeAsync, SuspendSignal, type SuspendHooks } from '../../core/exec/suspend.js';
import type { Machine } from '../../core/exec/machine.js';
import { HostFunction, funcTypeId, type FuncInstance, type HostFrame } from '../../core/exec/runtime/func.js';
import type { ExternVal, ModuleInstance } from '../../core/exec/runtime/instance.js';
import type { MemoryInstance } from '../../core/exec/runtime/memory.js';
import type { Module } from '../../core/module.js';
import { F32, F64, I32, I64, type FuncType as CoreFuncType, type ValType as CoreValType } from '../../core/types.js';

export type CoreValue = number | bigint;
export type CoreCallable = (args: CoreValue[]) => CoreValue[];
export type { ExternVal, ModuleInstance, Module, CoreFuncType, FuncInstance, MemoryInstance };

/** A core instance as the component sees it: named exports (a module instance or inline exports). */
export interface CoreInstance {
  readonly exports: ReadonlyMap<string, ExternVal>;
}

/** Decodes and validates an embedded core module; error offsets become absolute in the component. */
export function compileCore(bytes: Uint8Array, absoluteOffset: number, features: FeatureSet = DEFAULT_FEATURES): Module {
  try {
    return compileModule(bytes, features);
  } catch (e) {
    if (e instanceof CompileError) throw new CompileError(e.reason, e.offset >= 0 ? e.offset + absoluteOffset : absoluteOffset);
    throw e;
  }
}

/** Instantiates `m`, taking import `mod`.`name` from the core instance given as argument `mod`. */
export function instantiateCore(m: Module, args: ReadonlyMap<string, CoreInstance>, limits?: ExecLimits): ModuleInstance {
  const imports: ExternVal[] = m.imports.map((imp) => {
    const inst = args.get(imp.module);
    if (!inst) throw new LinkError(`core module import "${imp.module}" "${imp.name}": no instance named "${imp.module}" was supplied`);
    const v = inst.exports.get(imp.name);
    if (!v) throw new LinkError(`core module import "${imp.module}" "${imp.name}": the instance has no such export`);
    return v;
  });
  return instantiateModule(m, imports, (_i, f) => {
    callCore(f, []);
  }, limits);
}

function writeArg(m: Machine, slot: number, t: CoreValType, v: CoreValue): void {
  switch (t) {
    case I32: m.i32[slot * 2] = v as number; return;
    case I64: {
      const b = BigInt.asUintN(64, v as bigint);
      m.i32[slot * 2] = Number(b & 0xffffffffn) | 0;
      m.i32[slot * 2 + 1] = Number(b >> 32n) | 0;
      return;
    }
    case F32: m.f32[slot * 2] = v as number; return;
    case F64: m.f64[slot] = v as number; return;
  }
  m.refs[slot] = v;
}

function readArg(m: HostFrame, slot: number, t: CoreValType): CoreValue {
  switch (t) {
    case I32: return m.i32[slot * 2]!;
    case I64: return (BigInt(m.i32[slot * 2 + 1]!) << 32n) | BigInt(m.i32[slot * 2]! >>> 0);
    case F32: return m.f32[slot * 2]!;
    case F64: return m.f64[slot]!;
  }
  return m.refs[slot] as CoreValue;
}

/** Writes flat arguments `args` of `f` into the machine slots at `base` (for invoke/invokeAsync). */
function flatArgs(f: FuncInstance, args: readonly CoreValue[]): (m: Machine, base: number) => void {
  const ps = f.type.params;
  return (m, base) => {
    for (let i = 0; i < ps.length; i++) writeArg(m, base + i, ps[i]!, args[i]!);
  };
}

/** Reads the flat results of `f` from the machine slots at `base`. */
function flatResults(f: FuncInstance): (m: Machine, base: number) => CoreValue[] {
  const rs = f.type.results;
  return (m, base) => {
    const out = new Array<CoreValue>(rs.length);
    for (let i = 0; i < rs.length; i++) out[i] = readArg(m, base + i, rs[i]!);
    return out;
  };
}

/** Calls a core function with flat arguments; returns its results. Traps throw RuntimeError. */
export function callCore(f: FuncInstance, args: readonly CoreValue[]): CoreValue[] {
  return invoke(f, flatArgs(f, args), flatResults(f));
}

/** Calls a core function so that host functions it reaches may suspend it (core/exec/suspend.ts). */
export function callCoreAsync(f: FuncInstance, args: readonly CoreValue[], hooks?: SuspendHooks): Promise<CoreValue[]> {
  return invokeAsync(f, flatArgs(f, args), flatResults(f), hooks);
}

/** A CoreCallable for a core function instance (with its asynchronous form). */
export function coreCallable(f: FuncInstance): CoreCallable {
  const c = (args: CoreValue[]): CoreValue[] => callCore(f, args);
  return Object.assign(c, { async: (args: CoreValue[], hooks: SuspendHooks) => callCoreAsync(f, args, hooks) });
}

/** A host function of core type `type` implemented by `fn` (flat values in, flat values out). */
export function hostCoreFunc(type: CoreFuncType, fn: CoreCallable): HostFunction {
  const ps = type.params;
  const rs = type.results;
  const write = (frame: HostFrame, out: unknown): void => {
    for (let i = 0; i < rs.length; i++) writeArg(frame as Machine, frame.base + i, rs[i]!, (out as CoreValue[])[i]!);
  };
  return new HostFunction(type, funcTypeId(type), (frame: HostFrame) => {
    const base = frame.base;
    const args = new Array<CoreValue>(ps.length);
    for (let i = 0; i < ps.length; i++) args[i] = readArg(frame, base + i, ps[i]!);
    let out: CoreValue[];
    try {
      out = fn(args);
    } catch (e) {
      // fn suspended the computation: its results are written here when it resumes
      if (e instanceof SuspendSignal && e.write === undefined) e.write = write;
      throw e;
    }
    write(frame, out);
  });
}
