// A fake linear memory (a growable ArrayBuffer) and a bump-allocating realloc written in JS,
// recording every call, for unit tests of canon without a core engine.

import type { CanonMemory, CanonOptions, CoreCallable, CoreValue, StringEncoding } from '../../src/component/canon/options.js';

export class FakeMemory implements CanonMemory {
  buffer: ArrayBuffer;
  constructor(byteLength = 65536, readonly addressType: 'i32' | 'i64' = 'i32') {
    this.buffer = new ArrayBuffer(byteLength);
  }
  bytes(): Uint8Array { return new Uint8Array(this.buffer); }
  view(): DataView { return new DataView(this.buffer); }
  /** Grows to at least `byteLength` (a new buffer, like memory.grow detaching the old one). */
  grow(byteLength: number): void {
    if (byteLength <= this.buffer.byteLength) return;
    const next = new ArrayBuffer(Math.max(byteLength, this.buffer.byteLength * 2));
    new Uint8Array(next).set(new Uint8Array(this.buffer));
    this.buffer = next;
  }
}

export interface ReallocCall { old: number; oldSize: number; align: number; newSize: number; result: number }

export interface Bump {
  readonly realloc: CoreCallable;
  readonly calls: ReallocCall[];
  /** The next free address. */
  heap: number;
}

/** A bump allocator from `base`, growing the memory as needed; `override` can replace results. */
export function bumpRealloc(mem: FakeMemory, base = 1024, override?: (c: Omit<ReallocCall, 'result'>) => number | undefined): Bump {
  const state: Bump = {
    calls: [],
    heap: base,
    realloc: (args: CoreValue[]) => {
      const [old, oldSize, align, newSize] = args.map((a) => Number(a) >>> 0) as [number, number, number, number];
      const forced = override?.({ old, oldSize, align, newSize });
      let p: number;
      if (forced !== undefined) {
        p = forced;
      } else {
        p = Math.ceil(state.heap / align) * align;
        state.heap = p + newSize;
        mem.grow(state.heap);
        if (old !== 0) new Uint8Array(mem.buffer).copyWithin(p, old, old + Math.min(oldSize, newSize));
      }
      state.calls.push({ old, oldSize, align, newSize, result: p });
      return [mem.addressType === 'i64' ? BigInt(p) : p | 0];
    },
  };
  return state;
}

export function fakeOptions(encoding: StringEncoding = 'utf8', size = 65536, base = 1024, ptrType: 'i32' | 'i64' = 'i32'): { mem: FakeMemory; bump: Bump; opts: CanonOptions } {
  const mem = new FakeMemory(size, ptrType);
  const bump = bumpRealloc(mem, base);
  return { mem, bump, opts: { memory: mem, realloc: bump.realloc, stringEncoding: encoding } };
}
