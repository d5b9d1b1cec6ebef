// Memory instances. Spec: WebAssembly Core 3.0 §4.2.8 "Memory Instances" and §4.5.3.9 "Growing
// memories": a byte vector whose length is a multiple of the page size, with optional maximum.
// Growth replaces the ArrayBuffer (the JS API face decides about detaching the old one).

import { RuntimeError } from '../../errors.js';
import type { MemoryType } from '../../types.js';

/** Hard cap on a memory's byte length in this engine (JS ArrayBuffer limits). */
export const MAX_MEMORY_BYTES = 2 ** 32;

type Transferable = ArrayBuffer & { transfer?: (length: number) => ArrayBuffer };
const structuredCloneFn = (globalThis as { structuredClone?: (v: unknown, o?: { transfer: unknown[] }) => unknown }).structuredClone;

/**
 * A buffer of `length` bytes holding the old contents; the old buffer is detached, as the JS
 * API requires after growth ("refresh the memory buffer"), so stale views read as empty.
 * Uses ArrayBuffer.prototype.transfer where the host has it (no copy), else copies and detaches
 * through structuredClone's transfer list; where neither exists the old buffer stays attached.
 */
function growBuffer(old: ArrayBuffer, length: number): ArrayBuffer {
  const o = old as Transferable;
  if (typeof o.transfer === 'function') {
    try {
      return o.transfer(length);
    } catch {
      // a shim that cannot transfer (SES on a host without it): copy below
    }
  }
  const buf = new ArrayBuffer(length);
  new Uint8Array(buf).set(new Uint8Array(old));
  if (structuredCloneFn) {
    try {
      structuredCloneFn(old, { transfer: [old] });
    } catch {
      // not transferable here (e.g. a sandbox without transfer support): leave it attached
    }
  }
  return buf;
}

interface GrowableShared { grow?: (n: number) => void; growable?: boolean }

/**
 * A shared memory's buffer: a growable SharedArrayBuffer up to the memory's maximum where the
 * host has them, so growth happens in place; a plain ArrayBuffer where it has no
 * SharedArrayBuffer at all (a sandbox without cross-agent memory has no other agent to share with).
 */
function sharedBuffer(bytes: number, type: MemoryType, pageSize: number): ArrayBuffer {
  const SAB = (globalThis as unknown as { SharedArrayBuffer?: new (n: number, o?: { maxByteLength: number }) => ArrayBuffer }).SharedArrayBuffer;
  if (!SAB) return new ArrayBuffer(bytes);
  const maxBytes = Math.min((type.limits.max ?? type.limits.min) * pageSize, MAX_MEMORY_BYTES);
  return new SAB(bytes, { maxByteLength: maxBytes });
}

export class MemoryInstance {
  readonly type: MemoryType;
  readonly pageSize: number;
  buffer: ArrayBuffer;
  u8: Uint8Array;
  dv: DataView;
  /** Called after each growth (the JS API refreshes its Memory.buffer here). */
  onGrow: ((m: MemoryInstance) => void) | undefined;
  /** An embedder's cap on the size in pages (limits.ts `maxMemoryPages`): growth beyond it fails. */
  readonly capPages: number;
  /** Counts growth the cap refused (limits.ts LimitStats). */
  readonly capStats: { memoryGrowDenied: number } | undefined;

  constructor(type: MemoryType, capPages = Infinity, capStats?: { memoryGrowDenied: number }) {
    this.type = type;
    this.pageSize = 2 ** type.pageSizeLog2;
    this.capPages = capPages;
    this.capStats = capStats;
    if (type.limits.min > capPages) {
      throw new RuntimeError(`memory limit exceeded: the memory needs ${type.limits.min} pages, the limit is ${capPages}`);
    }
    const bytes = type.limits.min * this.pageSize;
    if (bytes > MAX_MEMORY_BYTES) throw new RuntimeError(`cannot allocate a memory of ${type.limits.min} pages: above the implementation limit`);
    try {
      this.buffer = type.limits.shared ? sharedBuffer(bytes, type, this.pageSize) : new ArrayBuffer(bytes);
    } catch {
      throw new RuntimeError(`cannot allocate a memory of ${type.limits.min} pages`);
    }
    this.u8 = new Uint8Array(this.buffer);
    this.dv = new DataView(this.buffer);
  }

  get pages(): number {
    return this.buffer.byteLength / this.pageSize;
  }

  /** memory.grow: returns the old size in pages, or -1 if it cannot grow. */
  grow(delta: number): number {
    const old = this.pages;
    if (delta === 0) return old;
    // Without a declared maximum: the whole address space (2^32 or 2^64 bytes) in pages.
    const max = this.type.limits.max ?? (this.type.limits.is64 ? 2 ** 64 : 2 ** 32) / this.pageSize;
    const next = old + delta;
    if (next > this.capPages && next <= max) {
      if (this.capStats !== undefined) this.capStats.memoryGrowDenied++;
      return -1;
    }
    if (next > max || next * this.pageSize > MAX_MEMORY_BYTES) return -1;
    let buf: ArrayBuffer;
    try {
      const shared = this.buffer as unknown as GrowableShared;
      if (typeof shared.grow === 'function' && shared.growable) {
        // A shared memory grows in place: every agent's view sees the new pages.
        shared.grow(next * this.pageSize);
        buf = this.buffer;
      } else buf = growBuffer(this.buffer, next * this.pageSize);
    } catch {
      return -1;
    }
    this.buffer = buf;
    this.u8 = new Uint8Array(buf);
    this.dv = new DataView(buf);
    this.onGrow?.(this);
    return old;
  }
}
