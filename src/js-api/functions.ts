// Exported functions and host functions. Spec: WebAssembly JS API §"Exported Function Exotic
// Objects" (one JS function per function address, name = the function index, length = the
// number of params) and §"create a host function" (a JS callable as an import).

import { invoke } from '../core/exec/invoke.js';
import type { Machine } from '../core/exec/machine.js';
import { HostFunction, funcTypeId, type FuncInstance, type HostFrame } from '../core/exec/runtime/func.js';
import type { FuncType } from '../core/types.js';
import { readValue, writeValue } from './values.js';
import { WasmException } from '../core/exec/runtime/exception.js';
import { fromWasmException, toWasmException } from './exception.js';

const wrappers = new WeakMap<FuncInstance, Function>();
const instances = new WeakMap<Function, FuncInstance>();

/** The FuncInstance behind an exported function, if v is one. */
export function funcInstanceOf(v: unknown): FuncInstance | undefined {
  return typeof v === 'function' ? instances.get(v) : undefined;
}

function writeArgs(m: Machine, base: number, type: FuncType, args: ArrayLike<unknown>): void {
  const ps = type.params;
  for (let i = 0; i < ps.length; i++) writeValue(m, base + i, ps[i]!, args[i]);
}

function readResults(m: Machine, base: number, type: FuncType): unknown {
  const rs = type.results;
  if (rs.length === 0) return undefined;
  if (rs.length === 1) return readValue(m, base, rs[0]!);
  const out: unknown[] = [];
  for (let i = 0; i < rs.length; i++) out.push(readValue(m, base + i, rs[i]!));
  return out;
}

/** The JS function for a function instance (the same object every time). */
export function exportedFunction(f: FuncInstance): Function {
  let w = wrappers.get(f);
  if (w) return w;
  const type = f.type;
  w = function (this: unknown, ...args: unknown[]): unknown {
    try {
      return invoke(f, (m, base) => writeArgs(m, base, type, args), (m, base) => readResults(m, base, type));
    } catch (e) {
      throw e instanceof WasmException ? fromWasmException(e) : e;
    }
  };
  const name = String(f.index);
  Object.defineProperty(w, 'name', { value: name });
  Object.defineProperty(w, 'length', { value: type.params.length });
  wrappers.set(f, w);
  instances.set(w, f);
  return w;
}

/** A function instance for a JS callable imported with type `type`. */
export function hostFunction(fn: Function, type: FuncType, typeId = funcTypeId(type)): FuncInstance {
  const existing = funcInstanceOf(fn);
  if (existing) return existing;
  const ps = type.params;
  const rs = type.results;
  return new HostFunction(type, typeId, (frame: HostFrame) => {
    const m = frame as Machine;
    const base = frame.base;
    const args: unknown[] = new Array(ps.length);
    for (let i = 0; i < ps.length; i++) args[i] = readValue(m, base + i, ps[i]!);
    let r: unknown;
    try {
      r = Reflect.apply(fn, undefined, args);
    } catch (e) {
      throw toWasmException(e);
    }
    if (rs.length === 1) writeValue(m, base, rs[0]!, r);
    else if (rs.length > 1) {
      if (r === null || typeof r !== 'object' || !(Symbol.iterator in (r as object))) throw new TypeError('host function must return an iterable of results');
      const vals = [...(r as Iterable<unknown>)];
      if (vals.length !== rs.length) throw new TypeError(`host function returned ${vals.length} results, expected ${rs.length}`);
      for (let i = 0; i < rs.length; i++) writeValue(m, base + i, rs[i]!, vals[i]);
    }
  });
}
