// Function instances. Spec: WebAssembly Core 3.0 §4.2.5 "Function Instances": a wasm function
// (its module instance and code) or a host function. `typeId` identifies the function type
// across modules, for call_indirect's signature check (§4.4.8.7).

import type { FuncType } from '../../types.js';
import type { ModuleInstance } from './instance.js';

/** Translated code of a wasm function (filled in on first call). */
export interface CompiledCode {
  readonly code: Int32Array;
  /** Number of slots the frame uses (params + locals + operand stack + spill slots). */
  readonly frameSize: number;
  readonly numParams: number;
  /** Params + declared locals. */
  readonly numLocals: number;
  readonly numResults: number;
  /** Whether some declared local is a reference (its slot must start as null). */
  readonly hasRefLocals: boolean;
}

export class WasmFunction {
  readonly kind = 0 as const;
  readonly type: FuncType;
  readonly typeId: number;
  readonly instance: ModuleInstance;
  readonly index: number;
  compiled: CompiledCode | undefined;
  constructor(type: FuncType, typeId: number, instance: ModuleInstance, index: number) {
    this.type = type;
    this.typeId = typeId;
    this.instance = instance;
    this.index = index;
  }
}

/**
 * A host function: `call(args)` receives the arguments as raw slot values through `HostCallArgs`
 * and writes results back; the JS API adapts JS callables to this.
 */
export class HostFunction {
  readonly kind = 1 as const;
  readonly type: FuncType;
  readonly typeId: number;
  readonly call: (stack: HostFrame) => void;
  constructor(type: FuncType, typeId: number, call: (stack: HostFrame) => void) {
    this.type = type;
    this.typeId = typeId;
    this.call = call;
  }
}

export type FuncInstance = WasmFunction | HostFunction;

/** View of the machine stack a host function reads its arguments from and writes results to. */
export interface HostFrame {
  readonly i32: Int32Array;
  readonly f32: Float32Array;
  readonly f64: Float64Array;
  readonly refs: unknown[];
  /** Slot index of the first argument; results go to the same place. */
  readonly base: number;
}

const typeIds = new Map<string, number>();

/** Canonical id of a function type: equal for structurally equal types. */
export function funcTypeId(type: FuncType, key?: string): number {
  const k = key ?? `${type.params.join(',')}->${type.results.join(',')}`;
  let id = typeIds.get(k);
  if (id === undefined) typeIds.set(k, (id = typeIds.size));
  return id;
}
