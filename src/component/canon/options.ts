// Canonical ABI options and the core-level calling convention the runtime provides.
// Spec: component-model design/mvp/CanonicalABI.md §"Canonical ABI Options" (definitions.py
// `MemInst`, `LiftOptions`, `LiftLowerOptions`, `CanonicalOptions`, `ptr_size`).
//
// Core values cross this boundary as JS values: i32, f32 and f64 as numbers, i64 as bigints.
// Canon accepts i32 in signed or unsigned form (it applies `>>> 0` / `| 0` itself) and i64 in
// signed or unsigned form; it produces i32 as signed 32-bit numbers (`x | 0`) and i64 as signed
// 64-bit bigints, the WebAssembly JS API's ToJSValue forms, so a core engine can take them as is.

/** A core value: i32/f32/f64 as number, i64 as bigint. */
export type CoreValue = number | bigint;

/** A core function as canon calls it (realloc, post-return, a lifted callee, a destructor). */
export type CoreCallable = ((args: CoreValue[]) => CoreValue[]) & {
  /**
   * The same call started so that host functions it reaches may suspend it (core/exec/suspend.ts);
   * `enter`/`leave` run whenever the computation starts or stops running on the machine.
   */
  readonly async?: (args: CoreValue[], hooks: { enter(): void; leave(): void }) => Promise<CoreValue[]>;
};

/** The core value types of flattened signatures (definitions.py's 'i32' | 'i64' | 'f32' | 'f64'). */
export type CoreValType = 'i32' | 'i64' | 'f32' | 'f64';

/** definitions.py `MemInst.addrtype`: the memory's address type (🐘 memory64 uses 'i64'). */
export type PtrType = 'i32' | 'i64';

/**
 * A core memory instance as seen by canon. `bytes()` and `view()` return views of the *current*
 * buffer: canon calls them again after every call into the guest (realloc may grow memory).
 */
export interface CanonMemory {
  bytes(): Uint8Array;
  view(): DataView;
  /** The memory's address type; 'i32' when absent. */
  readonly addressType?: PtrType | undefined;
  /**
   * The memory instance this object gives access to (definitions.py compares memories by
   * identity in `LiftOptions.equal`); when absent the CanonMemory object itself is the identity.
   */
  readonly identity?: object | undefined;
}

export type StringEncoding = 'utf8' | 'utf16' | 'latin1+utf16';

/** `canonopt`s of one `canon lift` / `canon lower` (definitions.py `CanonicalOptions`). */
export interface CanonOptions {
  readonly memory?: CanonMemory | undefined;
  readonly realloc?: CoreCallable | undefined;
  readonly postReturn?: CoreCallable | undefined;
  /** 'utf8' when the `string-encoding` option is absent. */
  readonly stringEncoding: StringEncoding;
  /** 🔀 `async` and `callback` (see lift-async.ts and lower-async.ts). */
  readonly async?: boolean | undefined;
  readonly callback?: CoreCallable | undefined;
}

/** definitions.py `LiftOptions.equal`: same string encoding and the same memory instance. */
export function liftOptionsEqual(a: CanonOptions, b: CanonOptions): boolean {
  const ma = a.memory === undefined ? undefined : a.memory.identity ?? a.memory;
  const mb = b.memory === undefined ? undefined : b.memory.identity ?? b.memory;
  return a.stringEncoding === b.stringEncoding && ma === mb;
}

/** definitions.py `ptr_size`. */
export function ptrSize(ptrType: PtrType): number {
  return ptrType === 'i32' ? 4 : 8;
}

/** The pointer type of `opts`' memory ('i32' when there is no memory: nothing is addressed then). */
export function ptrTypeOf(opts: CanonOptions): PtrType {
  return opts.memory?.addressType ?? 'i32';
}
