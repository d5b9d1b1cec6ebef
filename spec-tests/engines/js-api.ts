// An Engine over any namespace shaped like the WebAssembly JS API
// (node's global WebAssembly, or purewasm's exported WebAssembly).
//
// Bit-exactness: when an export's signature is known (decoded from the
// module binary) and uses only number/vector types, calls involving f32, f64
// or v128 go through a generated wrapper module (wrappers.ts) that moves the
// bits as i32/i64, so NaN payloads are preserved and v128 values can be passed.
// Otherwise values are converted through plain JS values; a v128 that would
// have to cross the JS boundary makes the command skipped (UnsupportedByEngine).

import { type ClassifiedError, type Engine, type ExternMap, type ImportResolver, type ResultHint, UnsupportedByEngine } from '../engine.js';
import { f32BitsToNumber, f64BitsToNumber, numberToF32Bits, numberToF64Bits } from '../floats.js';
import { type RefValue, type Value, f32, f64, i32, i64 } from '../values.js';
import type { WValType } from '../binary-writer.js';
import { type FuncType, type ModuleSignatures, type ValType, isNumOrVec, readSignatures } from './signatures.js';
import { carrier, functionWrapper, globalWrapper } from './wrappers.js';

type Ctor = abstract new (...args: never[]) => unknown;

export interface ImportDescriptor {
  readonly module: string;
  readonly name: string;
  readonly kind: string;
}

export interface WasmNamespaceLike {
  readonly Module: {
    new (bytes: Uint8Array, options?: { features?: Readonly<Record<string, boolean>> }): object;
    imports(module: object): ImportDescriptor[];
  };
  readonly Instance?: new (module: object, imports: Record<string, Record<string, unknown>>) => {
    readonly exports: Record<string, unknown>;
  };
  readonly CompileError: Ctor;
  readonly LinkError?: Ctor;
  readonly RuntimeError?: Ctor;
  readonly Exception?: Ctor;
}

interface Handle {
  readonly module: object;
  readonly bytes: Uint8Array;
  sigs?: ModuleSignatures | null;
}

interface Inst {
  readonly handle: Handle;
  readonly exports: Record<string, unknown>;
}

type JsFunction = (...args: unknown[]) => unknown;

const NO_EXECUTION = 'execution: until the interpreter lands';

function errorName(e: unknown): string {
  if (e instanceof Error) return e.constructor?.name && e.constructor.name !== 'Error' ? e.constructor.name : e.name;
  return typeof e;
}

/** A thrown value's message, whatever was thrown. */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  try {
    return String(e);
  } catch {
    return '<unprintable>';
  }
}

function isInstance(e: unknown, c: Ctor | undefined): boolean {
  return typeof c === 'function' && e instanceof c;
}

export function createJsApiEngine(engineName: string, ns: WasmNamespaceLike): Engine<Handle, Inst> {
  const Instance = ns.Instance;
  const canExecute = typeof Instance === 'function';

  // Host references: ref.extern N / ref.host N are the same JS object per N.
  const hostObjects = new Map<number, object>();
  const hostIds = new WeakMap<object, number>();
  const hostRef = (id: number): object => {
    let o = hostObjects.get(id);
    if (!o) {
      o = Object.freeze({ hostRef: id });
      hostObjects.set(id, o);
      hostIds.set(o, id);
    }
    return o;
  };

  const wrapperModules = new Map<string, object>();
  const wrappedFunctions = new WeakMap<object, Map<string, JsFunction>>();

  const compileWrapper = (key: string, make: () => Uint8Array): object => {
    let m = wrapperModules.get(key);
    if (!m) {
      m = new ns.Module(make());
      wrapperModules.set(key, m);
    }
    return m;
  };

  const instantiateWrapper = (target: object, key: string, make: () => Uint8Array, field: 'f' | 'g'): JsFunction => {
    let perTarget = wrappedFunctions.get(target);
    if (!perTarget) wrappedFunctions.set(target, (perTarget = new Map()));
    let w = perTarget.get(key);
    if (!w) {
      const module = compileWrapper(key, make);
      const inst = new Instance!(module, { t: { [field]: target } });
      w = inst.exports['w'] as JsFunction;
      perTarget.set(key, w);
    }
    return w;
  };

  const signatures = (h: Handle): ModuleSignatures | undefined => {
    if (h.sigs === undefined) h.sigs = readSignatures(h.bytes) ?? null;
    return h.sigs ?? undefined;
  };

  // ---- plain JS conversions --------------------------------------------------

  const refToJs = (r: RefValue): unknown => {
    if (r.kind === 'null') return null;
    if (r.kind === 'host') return hostRef(r.id);
    throw new UnsupportedByEngine(`reference argument ${r.kind} cannot be passed from the host`);
  };

  const toJs = (v: Value): unknown => {
    switch (v.type) {
      case 'i32': return v.bits | 0;
      case 'i64': return BigInt.asIntN(64, v.bits);
      case 'f32': return f32BitsToNumber(v.bits);
      case 'f64': return f64BitsToNumber(v.bits);
      case 'v128': throw new UnsupportedByEngine('v128 value cannot cross the JS boundary (signature unknown, no wrapper)');
      case 'ref': return refToJs(v.ref);
    }
  };

  const refFromJs = (x: unknown): RefValue => {
    if (x === null) return { kind: 'null' };
    if (typeof x === 'function') return { kind: 'func' };
    if (typeof x === 'object') {
      const id = hostIds.get(x as object);
      return id === undefined ? { kind: 'gc' } : { kind: 'host', id };
    }
    if (typeof x === 'number') return { kind: 'i31', value: x };
    return { kind: 'opaque', description: typeof x };
  };

  const fromJs = (x: unknown, t: ValType | ResultHint): Value => {
    const expect = (type: string): never => {
      throw new TypeError(`result ${String(x)} (${typeof x}) is not a JS value of type ${type}`);
    };
    if (typeof t === 'object') return { type: 'ref', ref: refFromJs(x) };
    switch (t) {
      case 'i32': return typeof x === 'number' ? i32(x) : expect(t);
      case 'i64': return typeof x === 'bigint' ? i64(x) : expect(t);
      case 'f32': return typeof x === 'number' ? f32(numberToF32Bits(x)) : expect(t);
      case 'f64': return typeof x === 'number' ? f64(numberToF64Bits(x)) : expect(t);
      case 'v128': throw new UnsupportedByEngine('v128 result cannot cross the JS boundary (signature unknown, no wrapper)');
      case 'ref': return { type: 'ref', ref: refFromJs(x) };
      default:
        if (typeof x === 'bigint') return i64(x);
        throw new UnsupportedByEngine('result type unknown (signature not decodable, no expectation)');
    }
  };

  const resultsFromJs = (r: unknown, types: readonly (ValType | ResultHint)[]): Value[] => {
    if (types.length === 0) return [];
    if (types.length === 1) return [fromJs(r, types[0])];
    const arr = Array.from(r as Iterable<unknown>);
    if (arr.length !== types.length) throw new TypeError(`expected ${types.length} results, got ${arr.length}`);
    return arr.map((x, i) => fromJs(x, types[i]));
  };

  // ---- carriers (wrapper calling convention) -----------------------------------

  const toCarriers = (v: Value): unknown[] => {
    switch (v.type) {
      case 'i32':
      case 'f32': return [v.bits | 0];
      case 'i64':
      case 'f64': return [BigInt.asIntN(64, v.bits)];
      case 'v128': {
        const dv = new DataView(v.bytes.buffer, v.bytes.byteOffset, 16);
        return [dv.getBigInt64(0, true), dv.getBigInt64(8, true)];
      }
      case 'ref': throw new Error('references are never passed through wrappers');
    }
  };

  const fromCarriers = (xs: unknown[], types: readonly WValType[]): Value[] => {
    const out: Value[] = [];
    let k = 0;
    const next = (): unknown => xs[k++];
    for (const t of types) {
      switch (t) {
        case 'i32': out.push(i32(next() as number)); break;
        case 'f32': out.push(f32(next() as number)); break;
        case 'i64': out.push(i64(next() as bigint)); break;
        case 'f64': out.push(f64(next() as bigint)); break;
        case 'v128': {
          const bytes = new Uint8Array(16);
          const dv = new DataView(bytes.buffer);
          dv.setBigInt64(0, next() as bigint, true);
          dv.setBigInt64(8, next() as bigint, true);
          out.push({ type: 'v128', bytes });
          break;
        }
      }
    }
    return out;
  };

  const carrierCount = (types: readonly WValType[]): number => types.reduce((n, t) => n + carrier(t).length, 0);

  const wrappable = (ft: FuncType): ft is FuncType & { params: WValType[]; results: WValType[] } =>
    ft.plain && ft.params.every(isNumOrVec) && ft.results.every(isNumOrVec);

  const needsWrapper = (ft: FuncType): boolean =>
    [...ft.params, ...ft.results].some((t) => t === 'f32' || t === 'f64' || t === 'v128');

  const sigKey = (params: readonly WValType[], results: readonly WValType[]): string =>
    `f:${params.join(',')}->${results.join(',')}`;

  // ---- the engine ----------------------------------------------------------------

  return {
    name: engineName,
    canExecute,
    noExecutionReason: NO_EXECUTION,

    compile(bytes: Uint8Array, features?: Readonly<Record<string, boolean>>): Handle {
      // The options bag is purewasm's; the host's WebAssembly ignores the unknown member.
      return { module: features ? new ns.Module(bytes, { features }) : new ns.Module(bytes), bytes };
    },

    classify(e: unknown): ClassifiedError {
      const message = errorMessage(e);
      const name = errorName(e);
      let kind: ClassifiedError['kind'] = 'other';
      if (isInstance(e, ns.CompileError)) kind = 'compile';
      else if (isInstance(e, ns.LinkError)) kind = 'link';
      else if (isInstance(e, ns.RuntimeError)) kind = /call stack exhausted|stack overflow/i.test(message) ? 'exhaustion' : 'trap';
      else if (isInstance(e, ns.Exception)) kind = 'exception';
      else if (e instanceof RangeError && /call stack|stack size|stack overflow/i.test(message)) kind = 'exhaustion';
      return { kind, name, message };
    },

    instantiate(handle: Handle, resolve: ImportResolver): Inst {
      if (!Instance) throw new Error(`${engineName}: no WebAssembly.Instance`);
      const importObject: Record<string, Record<string, unknown>> = {};
      for (const imp of ns.Module.imports(handle.module)) {
        const ns2 = (importObject[imp.module] ??= {});
        const v = resolve(imp.module, imp.name);
        if (v !== undefined) ns2[imp.name] = v;
      }
      const inst = new Instance(handle.module, importObject);
      return { handle, exports: inst.exports };
    },

    exportsOf(inst: Inst): ExternMap {
      return new Map(Object.entries(inst.exports));
    },

    invoke(inst: Inst, exportName: string, args: readonly Value[], hints?: readonly ResultHint[]): Value[] {
      const f = inst.exports[exportName];
      if (typeof f !== 'function') throw new Error(`no exported function "${exportName}"`);
      const exp = signatures(inst.handle)?.exports.get(exportName);
      const ft = exp?.kind === 'func' ? exp.type : undefined;
      if (ft && wrappable(ft) && needsWrapper(ft)) {
        if (args.length !== ft.params.length || args.some((a, i) => a.type !== ft.params[i])) {
          throw new TypeError(`arguments (${args.map((a) => a.type).join(' ')}) do not match the signature (${ft.params.join(' ')})`);
        }
        const key = sigKey(ft.params, ft.results);
        const w = instantiateWrapper(f, key, () => functionWrapper(ft.params, ft.results), 'f');
        const r = w(...args.flatMap(toCarriers));
        const n = carrierCount(ft.results);
        const xs = n === 0 ? [] : n === 1 ? [r] : Array.from(r as Iterable<unknown>);
        return fromCarriers(xs, ft.results);
      }
      const r = (f as JsFunction)(...args.map(toJs));
      const types: readonly (ValType | ResultHint)[] = ft ? ft.results : (hints ?? (r === undefined ? [] : [undefined]));
      return resultsFromJs(r, types);
    },

    get(inst: Inst, exportName: string, hint?: ResultHint): Value {
      const g = inst.exports[exportName];
      if (g === null || typeof g !== 'object' || !('value' in g)) throw new Error(`no exported global "${exportName}"`);
      const exp = signatures(inst.handle)?.exports.get(exportName);
      const gt = exp?.kind === 'global' ? exp.type : undefined;
      if (gt && isNumOrVec(gt.type) && gt.type !== 'i32' && gt.type !== 'i64') {
        const t = gt.type;
        const key = `g:${t}:${gt.mutable ? 'mut' : 'const'}`;
        const w = instantiateWrapper(g, key, () => globalWrapper(t, gt.mutable), 'g');
        const r = w();
        return fromCarriers(carrier(t).length === 1 ? [r] : Array.from(r as Iterable<unknown>), [t])[0]!;
      }
      return fromJs((g as { value: unknown }).value, gt ? gt.type : hint);
    },
  };
}
