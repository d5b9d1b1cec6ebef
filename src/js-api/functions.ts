// Exported functions and host functions. Spec: WebAssembly JS API §"Exported Functions" (one
// built-in function per function address, not a constructor; name = the function's index in
// its module instance, length = the number of params; calling it converts the arguments with
// ToWebAssemblyValue, a v128 or exnref in the signature is a TypeError on every call) and
// §"create a host function" / §"run a host function" (a JS callable as an import: arguments by
// ToJSValue, results by ToWebAssemblyValue, several results from an iterable; anything it
// throws enters wasm as an exception: an Exception object as its own, any other value with the
// JS tag).

import { invoke } from '../core/exec/invoke.js';
import type { Machine } from '../core/exec/machine.js';
import { HostFunction, WasmFunction, funcTypeId, type FuncInstance, type HostFrame } from '../core/exec/runtime/func.js';
import { WasmException } from '../core/exec/runtime/exception.js';
import { canSuspend, invokeAsync, SuspendSignal, type Outcome } from '../core/exec/suspend.js';
import type { TypeCtx } from '../core/exec/runtime/type-ids.js';
import type { FuncType } from '../core/types.js';
import { isThenable } from '../util/thenable.js';
import { SuspendError } from './errors.js';
import { fromWasmException, toWasmException } from './exception.js';
import { hasOpaqueType, readValue, toWasm, writeRaw } from './values.js';

const wrappers = new WeakMap<FuncInstance, Function>();
const instances = new WeakMap<Function, FuncInstance>();
/** The type context of host functions' types (wasm functions find theirs through their instance). */
const hostContexts = new WeakMap<FuncInstance, TypeCtx>();

/** The FuncInstance behind an Exported Function, if v is one. */
export function funcInstanceOf(v: unknown): FuncInstance | undefined {
  return typeof v === 'function' ? instances.get(v) : undefined;
}

/** The type context a function's type indices refer to. */
export function funcTypeCtx(f: FuncInstance): TypeCtx | undefined {
  if (f instanceof WasmFunction) return { types: f.instance.module.types, ids: f.instance.typeIds };
  return hostContexts.get(f);
}

function readResults(m: Machine, base: number, type: FuncType): unknown {
  const rs = type.results;
  if (rs.length === 0) return undefined;
  if (rs.length === 1) return readValue(m, base, rs[0]!);
  const out: unknown[] = [];
  for (let i = 0; i < rs.length; i++) out.push(readValue(m, base + i, rs[i]!));
  return out;
}

/** Writes already-converted arguments into the machine slots at `base`. */
function rawArgs(f: FuncInstance, raw: readonly unknown[]): (m: Machine, base: number) => void {
  const ps = f.type.params;
  return (m, base) => {
    for (let i = 0; i < ps.length; i++) writeRaw(m, base + i, ps[i]!, raw[i]);
  };
}

const fromWasm = (e: unknown): unknown => (e instanceof WasmException ? fromWasmException(e) : e);

/** Runs a wasm function: a wasm exception leaving it becomes its JS value. */
function call(f: FuncInstance, raw: readonly unknown[]): unknown {
  try {
    return invoke(f, rawArgs(f, raw), (m, base) => readResults(m, base, f.type));
  } catch (e) {
    throw fromWasm(e);
  }
}

/** `call` made so that the host functions it reaches may suspend it (JSPI's `promising`, jspi.ts). */
export async function callAsync(f: FuncInstance, raw: readonly unknown[]): Promise<unknown> {
  try {
    return await invokeAsync(f, rawArgs(f, raw), (m, base) => readResults(m, base, f.type));
  } catch (e) {
    throw fromWasm(e);
  }
}

/** How an Exported Function converts its arguments (ToWebAssemblyValue, all before the call). */
export function argConverter(f: FuncInstance): (args: readonly unknown[]) => unknown[] {
  const ps = f.type.params;
  const opaque = hasOpaqueType(f.type);
  const ctx = funcTypeCtx(f);
  return (args) => {
    if (opaque) throw new TypeError('cannot call a WebAssembly function with a v128 or exnref parameter or result from JavaScript');
    // Every argument is converted (running any user code) before the call starts.
    const raw = new Array<unknown>(ps.length);
    for (let i = 0; i < ps.length; i++) raw[i] = toWasm(ps[i]!, args[i], ctx);
    return raw;
  };
}

/** The Exported Function for a function instance (the same object every time). */
export function exportedFunction(f: FuncInstance): Function {
  let w = wrappers.get(f);
  if (w) return w;
  const ps = f.type.params;
  const convertArgs = argConverter(f);
  // An arrow function: a built-in-like function with no [[Construct]] and no prototype.
  w = (...args: unknown[]): unknown => call(f, convertArgs(args));
  Object.defineProperty(w, 'length', { value: ps.length });
  Object.defineProperty(w, 'name', { value: String(f.index) });
  wrappers.set(f, w);
  instances.set(w, f);
  return w;
}

/** Invokes a function instance with raw (already converted) arguments; for the start function. */
export function invokeRaw(f: FuncInstance, raw: readonly unknown[] = []): unknown {
  return call(f, raw);
}

/**
 * The function instance for a callable imported with type `type` (of type context ctx, global
 * type id `typeId`): the Exported Function's own instance, or a new host function. A
 * `suspending` one (JSPI's `WebAssembly.Suspending`, jspi.ts) that returns a promise suspends the
 * computation until it settles (core/exec/suspend.ts), or throws a SuspendError where it cannot.
 */
export function hostFunction(fn: Function, type: FuncType, typeId: number = funcTypeId(type), ctx?: TypeCtx,
  suspending = false): FuncInstance {
  const existing = funcInstanceOf(fn);
  if (existing && !suspending) return existing;
  const ps = type.params;
  const rs = type.results;
  const opaque = hasOpaqueType(type);
  const write = (frame: HostFrame, raw: unknown): void => {
    for (let i = 0; i < rs.length; i++) writeRaw(frame as Machine, frame.base + i, rs[i]!, (raw as unknown[])[i]);
  };
  const complete = (o: Outcome): unknown[] => {
    try {
      if (!o.ok) throw o.value;
      return convertResults(o.value, rs, ctx);
    } catch (e) {
      throw toWasmException(e);
    }
  };
  const h = new HostFunction(type, typeId, (frame: HostFrame) => {
    const m = frame as Machine;
    const base = frame.base;
    let raw: unknown[];
    try {
      if (opaque) throw new TypeError('cannot call a JavaScript function with a v128 or exnref parameter or result from WebAssembly');
      const args = new Array<unknown>(ps.length);
      for (let i = 0; i < ps.length; i++) args[i] = readValue(m, base + i, ps[i]!);
      const r: unknown = Reflect.apply(fn, undefined, args);
      if (suspending && isThenable(r)) {
        if (!canSuspend()) {
          throw new SuspendError('a WebAssembly.Suspending import returned a promise, but the computation cannot suspend: it was not called through WebAssembly.promising, or a JS frame stands between');
        }
        throw new SuspendSignal(r, complete, write);
      }
      raw = convertResults(r, rs, ctx);
    } catch (e) {
      if (e instanceof SuspendSignal) throw e;
      throw toWasmException(e);
    }
    write(frame, raw);
  });
  if (ctx) hostContexts.set(h, ctx);
  return h;
}

/** The results of a host function call: none, one value, or an iterable of values. */
function convertResults(r: unknown, rs: FuncType['results'], ctx: TypeCtx | undefined): unknown[] {
  if (rs.length === 0) return [];
  if (rs.length === 1) return [toWasm(rs[0]!, r, ctx)];
  if (r === undefined || r === null) throw new TypeError('a host function with several results must return an iterable');
  const method = (Object(r) as { [Symbol.iterator]?: unknown })[Symbol.iterator];
  if (method === undefined || method === null) throw new TypeError('a host function with several results must return an iterable');
  if (typeof method !== 'function') throw new TypeError('@@iterator of the returned value is not callable');
  const values = [...{ [Symbol.iterator]: () => Reflect.apply(method, r, []) as Iterator<unknown> }];
  if (values.length !== rs.length) throw new TypeError(`the host function returned ${values.length} results, expected ${rs.length}`);
  return values.map((v, i) => toWasm(rs[i]!, v, ctx));
}
