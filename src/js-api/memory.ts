// WebAssembly.Memory. Spec: WebAssembly JS API §"Memories": `buffer` keeps its identity until the
// memory grows; `grow(delta)` returns the old size in pages.

import { MemoryInstance } from '../core/exec/runtime/memory.js';
import { RangeErrorFor, descriptorLimits } from './descriptors.js';

const wrappers = new WeakMap<MemoryInstance, Memory>();
const internals = new WeakMap<object, MemoryInstance>();

export interface MemoryDescriptor { initial: number; maximum?: number; shared?: boolean; address?: 'i32' | 'i64' }

export class Memory {
  constructor(descriptor: MemoryDescriptor) {
    if (!new.target) throw new TypeError('calling a builtin Memory constructor without new is forbidden');
    const { min, max } = descriptorLimits(descriptor, 65536);
    const shared = Boolean(descriptor.shared);
    if (shared && max === undefined) throw new TypeError('a shared memory needs a maximum');
    const mi = new MemoryInstance({ limits: { min, max, is64: false, shared }, pageSizeLog2: 16 });
    bind(this, mi);
  }

  get buffer(): ArrayBuffer {
    return memoryInstanceOf(this).buffer;
  }

  grow(delta: number): number {
    const mi = memoryInstanceOf(this);
    const d = Number(delta);
    if (!Number.isInteger(d) || d < 0 || d > 0xffffffff) throw new TypeError('grow: delta must be a non-negative integer');
    const old = mi.grow(d);
    if (old < 0) throw RangeErrorFor('Memory.grow: cannot grow past the maximum');
    return old;
  }
}
Object.defineProperty(Memory.prototype, Symbol.toStringTag, { value: 'WebAssembly.Memory', configurable: true });

function bind(w: Memory, mi: MemoryInstance): void {
  internals.set(w, mi);
  wrappers.set(mi, w);
}

export function memoryInstanceOf(v: unknown): MemoryInstance {
  const mi = typeof v === 'object' && v !== null ? internals.get(v) : undefined;
  if (!mi) throw new TypeError('not a WebAssembly.Memory');
  return mi;
}

export function isMemory(v: unknown): boolean {
  return typeof v === 'object' && v !== null && internals.has(v);
}

/** The Memory object of a memory instance (the same object every time). */
export function memoryObject(mi: MemoryInstance): Memory {
  let w = wrappers.get(mi);
  if (!w) {
    w = Object.create(Memory.prototype) as Memory;
    bind(w, mi);
  }
  return w;
}
