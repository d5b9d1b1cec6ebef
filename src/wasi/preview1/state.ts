// What every preview1 function shares: the host context, the descriptor table, the guest's
// memory, and the translation of the WASI 0.2 objects' failures into errno results. Spec:
// WebAssembly/WASI legacy/preview1/witx/wasi_snapshot_preview1.witx (every function but
// proc_exit returns an `errno`; results go through pointers into linear memory).

import { ComponentError } from '../../component/errors.js';
import type { WasiContext } from '../context.js';
import { FsError } from '../fs/types.js';
import { IoError } from '../io/error.js';
import { ERRNO, ERRNO_OF_CODE, Errno, GuestMemory } from './abi.js';
import { FdTable } from './fds.js';

/** The guest's exported memory (any object with a `buffer`, e.g. purewasm's Memory). */
export interface MemoryLike {
  readonly buffer: ArrayBuffer;
}

export class Preview1State {
  readonly fds: FdTable;
  /** Monotonic time when the host was made (the process CPU-time clocks count from it). */
  readonly started: bigint;
  memory: MemoryLike | undefined;
  #cached: GuestMemory | undefined;

  constructor(readonly cx: WasiContext) {
    this.fds = new FdTable(cx);
    this.started = cx.clocks.monotonicNow();
  }

  /** The memory as it is now. */
  mem(): GuestMemory {
    const m = this.memory;
    if (m === undefined) throw new Errno(ERRNO.fault, 'no memory: call start(instance) or initialize(instance) first');
    const buffer = m.buffer;
    if (this.#cached === undefined || this.#cached.bytes.buffer !== buffer || this.#cached.bytes.length !== buffer.byteLength) {
      this.#cached = new GuestMemory(buffer);
    }
    return this.#cached;
  }
}

/** The errno of a failure from a WASI 0.2 object, or undefined when it is no WASI error (it propagates). */
export function errnoOf(e: unknown): number | undefined {
  if (e instanceof Errno) return e.errno;
  if (e instanceof FsError) return ERRNO_OF_CODE[e.code];
  if (e instanceof ComponentError) {
    const p = e.payload as unknown;
    if (typeof p === 'string' && Object.hasOwn(ERRNO_OF_CODE, p)) return ERRNO_OF_CODE[p as keyof typeof ERRNO_OF_CODE];
    const tag = (p as { tag?: unknown } | null)?.tag;
    if (tag === 'closed') return ERRNO.pipe;
    if (tag === 'last-operation-failed') {
      const err = (p as { val?: unknown }).val;
      const code = err instanceof IoError ? err.filesystemCode : undefined;
      return code !== undefined ? ERRNO_OF_CODE[code] : ERRNO.io;
    }
    return ERRNO.io;
  }
  return undefined;
}

type Fn = (...args: never[]) => number | void;

/** A preview1 function: 0 on success, the errno of a WASI failure; anything else propagates. */
export function syscall<F extends Fn>(f: F): (...args: Parameters<F>) => number {
  return (...args) => {
    try {
      f(...args);
      return ERRNO.success;
    } catch (e) {
      const errno = errnoOf(e);
      if (errno === undefined) throw e;
      return errno;
    }
  };
}
