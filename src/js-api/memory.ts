// WebAssembly.Memory. Spec: WebAssembly JS API §"Memories": the descriptor ({ address, initial,
// maximum } read in that order, plus the threads proposal's `shared`), `buffer` (the same
// ArrayBuffer until the memory grows), grow(delta) returning the old size in pages, and
// "refresh the memory buffer": after every growth (Memory.prototype.grow, or memory.grow in
// wasm) the old ArrayBuffer is detached and `buffer` is a new one.
//
// Detaching: with ArrayBuffer.prototype.transfer where the host has it, else with
// structuredClone(buffer, { transfer: [buffer] }) (node 20, browsers). A host with neither (some
// embedded engines) cannot detach: there the old buffer stays attached, keeps its old length and
// no longer aliases the memory, so code must re-read `memory.buffer` after growth (as it must
// anyway).

import { RuntimeError } from '../core/errors.js';
import { MemoryInstance } from '../core/exec/runtime/memory.js';
import { addressValueToU64, brand, defineInterface, dictionary, isObject, readAddressType, u64AsNumber, u64ToAddressValue, type AddressType } from './webidl.js';

interface MemorySlots {
  readonly mi: MemoryInstance;
  /** [[BufferObject]]: the ArrayBuffer `buffer` returns until the memory is refreshed. */
  buffer: ArrayBuffer;
}

const objects = new WeakMap<MemoryInstance, Memory>();
const slots = new WeakMap<object, MemorySlots>();

export interface MemoryDescriptor { initial: number | bigint; maximum?: number | bigint; address?: AddressType; shared?: boolean }

/** Page limits of a valid memory type: 65536 pages for 32-bit memories, 2^48 for 64-bit ones. */
const MAX_PAGES: Record<AddressType, number> = { i32: 65536, i64: 2 ** 48 };

/**
 * Detaches an ArrayBuffer. Returns the buffer now holding its data block (so a memory that did
 * not change size can go on using it), or undefined where the host cannot detach.
 */
export function detachArrayBuffer(buf: ArrayBuffer): ArrayBuffer | undefined {
  const transfer = (ArrayBuffer.prototype as { transfer?: (this: ArrayBuffer) => ArrayBuffer }).transfer;
  try {
    if (typeof transfer === 'function') return transfer.call(buf);
    if (typeof structuredClone === 'function') return structuredClone(buf, { transfer: [buf] });
  } catch {
    // A buffer the host refuses to detach stays as it is.
  }
  return undefined;
}

export class Memory {
  constructor(descriptor: MemoryDescriptor) {
    const d = dictionary(descriptor, 'WebAssembly.Memory: the descriptor');
    const addrtype = readAddressType(d, 'WebAssembly.Memory');
    const initialValue = d.initial;
    if (initialValue === undefined) throw new TypeError('WebAssembly.Memory: the descriptor needs "initial"');
    const initial = u64AsNumber(addressValueToU64(initialValue, addrtype, 'WebAssembly.Memory: "initial"'));
    const maximumValue = d.maximum;
    const maximum = maximumValue === undefined ? undefined : u64AsNumber(addressValueToU64(maximumValue, addrtype, 'WebAssembly.Memory: "maximum"'));
    const shared = Boolean(d.shared);
    const limit = MAX_PAGES[addrtype];
    if (initial > limit) throw new RangeError(`WebAssembly.Memory: "initial" exceeds ${limit} pages`);
    if (maximum !== undefined && maximum > limit) throw new RangeError(`WebAssembly.Memory: "maximum" exceeds ${limit} pages`);
    if (maximum !== undefined && maximum < initial) throw new RangeError('WebAssembly.Memory: "maximum" is less than "initial"');
    if (shared && maximum === undefined) throw new TypeError('WebAssembly.Memory: a shared memory needs a "maximum"');
    let mi: MemoryInstance;
    try {
      mi = new MemoryInstance({ limits: { min: initial, max: maximum, is64: addrtype === 'i64', shared }, pageSizeLog2: 16 });
    } catch (e) {
      if (e instanceof RuntimeError) throw new RangeError(`WebAssembly.Memory: ${e.message}`);
      throw e;
    }
    bind(this, mi);
  }

  get buffer(): ArrayBuffer {
    const s = brand(slots, this, 'WebAssembly.Memory.prototype.buffer: not a WebAssembly.Memory');
    if (s.buffer !== s.mi.buffer) refresh(s);
    return s.buffer;
  }

  grow(delta: number | bigint): number | bigint {
    const s = brand(slots, this, 'WebAssembly.Memory.prototype.grow: not a WebAssembly.Memory');
    const mi = s.mi;
    const addrtype: AddressType = mi.type.limits.is64 ? 'i64' : 'i32';
    const d = u64AsNumber(addressValueToU64(delta, addrtype, 'WebAssembly.Memory.prototype.grow: delta'));
    const old = d === Infinity ? -1 : mi.grow(d);
    if (old < 0) throw new RangeError('WebAssembly.Memory.prototype.grow: cannot grow the memory by that much');
    if (d === 0) renewSameSize(s);
    else refresh(s);
    return u64ToAddressValue(old, addrtype);
  }
}
defineInterface(Memory, { name: 'Memory', length: 1, operations: [['grow', 1]], attributes: ['buffer'] });

/** Refresh the memory buffer after growth: detach the old ArrayBuffer, expose the memory's new one. */
function refresh(s: MemorySlots): void {
  if (s.buffer === s.mi.buffer) return;
  if (!s.mi.type.limits.shared) detachArrayBuffer(s.buffer);
  s.buffer = s.mi.buffer;
}

/**
 * grow(0) refreshes the buffer too: the old ArrayBuffer is detached and a new one (over the same
 * bytes, moved without copying) takes its place in the memory.
 */
function renewSameSize(s: MemorySlots): void {
  const mi = s.mi;
  if (mi.type.limits.shared || s.buffer !== mi.buffer) {
    refresh(s);
    return;
  }
  const next = detachArrayBuffer(mi.buffer);
  if (!next) return;
  mi.buffer = next;
  mi.u8 = new Uint8Array(next);
  mi.dv = new DataView(next);
  s.buffer = next;
}

function bind(w: Memory, mi: MemoryInstance): void {
  const s: MemorySlots = { mi, buffer: mi.buffer };
  slots.set(w, s);
  objects.set(mi, w);
  // memory.grow in wasm refreshes the buffer too.
  const previous = mi.onGrow;
  mi.onGrow = (m) => {
    previous?.(m);
    refresh(s);
  };
}

export function memoryInstanceOf(v: unknown): MemoryInstance | undefined {
  return isObject(v) ? slots.get(v)?.mi : undefined;
}

/** The Memory object of a memory instance (the same object every time). */
export function memoryObject(mi: MemoryInstance): Memory {
  let w = objects.get(mi);
  if (!w) {
    w = Object.create(Memory.prototype) as Memory;
    bind(w, mi);
  }
  return w;
}
