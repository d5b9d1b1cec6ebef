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
  /** Fuel a call pays on entry: the body's instructions outside loops (limits.ts; 0 if built without checks). */
  readonly fuel: number;
  /** Exception handlers, innermost first. */
  readonly handlers: readonly Handler[];
}

/** One catch clause: where the payload goes and where execution continues. */
export interface CatchClause {
  /** Tag index in the function's module, or -1 for catch_all. */
  readonly tag: number;
  /** try_table catch_ref/catch_all_ref: the exnref follows the payload. */
  readonly ref: boolean;
  /** Legacy catch: the exnref (for rethrow) goes first, at `dst`, the payload after it. */
  readonly legacy: boolean;
  /** Slot (frame-relative) of the first value transferred. */
  readonly dst: number;
  /** Code offset to continue at. */
  readonly target: number;
}

/** A try_table or legacy try body: [start, end) of code offsets and its clauses. */
export interface Handler {
  readonly start: number;
  readonly end: number;
  /** Nesting depth of the try block (its index among the function's labels). */
  readonly depth: number;
  /** Legacy delegate: the search continues with handlers of depth <= this; -1 otherwise. */
  readonly delegateTo: number;
  readonly catches: readonly CatchClause[];
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
  /** Function index in the first module that imported it (names its JS wrapper; -1 if none). */
  index = -1;
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

export { funcTypeId } from './type-ids.js';
