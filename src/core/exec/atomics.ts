// Atomic memory instructions (threads proposal, Overview.md "Atomic Memory Accesses" and "Wait
// and Notify Operators"), for purewasm's single agent: every access is trivially sequentially
// consistent, so loads, stores, read-modify-writes and cmpxchg are plain accesses that must be
// naturally aligned ("unaligned atomic"); notify wakes nobody (0); wait on a shared memory returns
// "not-equal" (1) or, with nobody to notify it, "timed-out" (2); on an unshared memory it traps.
// Operands as in interp.ts: [op, wasmOp, dst, addr, b, c, offLo, offHi, mem].

import { RuntimeError } from '../errors.js';
import { OP_ALIGN, OP_NAMES } from '../opcodes.gen.js';
import { addrOf } from './memory-generic.js';
import type { ModuleInstance } from './runtime/instance.js';

const enum K { Load, Store, Add, Sub, And, Or, Xor, Xchg, Cmpxchg, Notify, Wait }

interface AtomicOp { readonly kind: K; readonly width: number; readonly wide: boolean }

const OPS = new Map<number, AtomicOp>();
function describe(op: number): AtomicOp {
  let d = OPS.get(op);
  if (d) return d;
  const name = OP_NAMES[op] ?? '';
  const width = 1 << OP_ALIGN[op]!;
  const wide = name.startsWith('i64.') || name === 'memory.atomic.wait64';
  let kind: K;
  if (name === 'memory.atomic.notify') kind = K.Notify;
  else if (name.startsWith('memory.atomic.wait')) kind = K.Wait;
  else if (name.includes('.load')) kind = K.Load;
  else if (name.includes('.store')) kind = K.Store;
  else if (name.includes('cmpxchg')) kind = K.Cmpxchg;
  else if (name.includes('.add')) kind = K.Add;
  else if (name.includes('.sub')) kind = K.Sub;
  else if (name.includes('.and')) kind = K.And;
  else if (name.includes('.or')) kind = K.Or;
  else if (name.includes('.xor')) kind = K.Xor;
  else kind = K.Xchg;
  d = { kind, width, wide };
  OPS.set(op, d);
  return d;
}

const trap = (msg: string): never => {
  throw new RuntimeError(msg);
};

/** Reads `width` bytes (1, 2, 4, 8) at ea as lo/hi halves. */
function read(dv: DataView, ea: number, width: number, out: Int32Array): void {
  switch (width) {
    case 1: out[0] = dv.getUint8(ea); out[1] = 0; return;
    case 2: out[0] = dv.getUint16(ea, true); out[1] = 0; return;
    case 4: out[0] = dv.getInt32(ea, true); out[1] = 0; return;
    default: out[0] = dv.getInt32(ea, true); out[1] = dv.getInt32(ea + 4, true);
  }
}

function write(dv: DataView, ea: number, width: number, lo: number, hi: number): void {
  switch (width) {
    case 1: dv.setUint8(ea, lo & 0xff); return;
    case 2: dv.setUint16(ea, lo & 0xffff, true); return;
    case 4: dv.setInt32(ea, lo, true); return;
    default: dv.setInt32(ea, lo, true); dv.setInt32(ea + 4, hi, true);
  }
}

const old = new Int32Array(2);

export function atomicGeneric(I: Int32Array, fp2: number, code: Int32Array, pc: number, inst: ModuleInstance): void {
  const op = code[pc + 1]!;
  const d = describe(op);
  const mem = inst.memories[code[pc + 8]!]!;
  const is64 = mem.type.limits.is64;
  const ea = addrOf(I, fp2 + code[pc + 3]!, is64) + (code[pc + 7]! >>> 0) * 4294967296 + (code[pc + 6]! >>> 0);
  const width = d.width;
  if (ea + width > mem.buffer.byteLength) trap('out of bounds memory access');
  if (ea % width !== 0) trap('unaligned atomic');
  const dv = mem.dv;
  const dst = fp2 + code[pc + 2]!;
  const b = fp2 + code[pc + 4]!;
  const c = fp2 + code[pc + 5]!;
  const mask = width >= 4 ? -1 : (1 << (width * 8)) - 1;
  switch (d.kind) {
    case K.Notify:
      I[dst] = 0;
      return;
    case K.Wait: {
      if (!mem.type.limits.shared) trap('expected shared memory');
      read(dv, ea, width, old);
      const equal = old[0] === I[b] && (width === 4 || old[1] === I[b + 1]);
      I[dst] = equal ? 2 : 1;
      return;
    }
    case K.Load:
      read(dv, ea, width, old);
      I[dst] = old[0]!;
      if (d.wide) I[dst + 1] = old[1]!;
      return;
    case K.Store:
      write(dv, ea, width, I[b]!, I[b + 1]!);
      return;
  }
  read(dv, ea, width, old);
  const olo = old[0]!;
  const ohi = old[1]!;
  const vlo = I[b]!;
  const vhi = width === 8 ? I[b + 1]! : 0;
  let nlo: number;
  let nhi = 0;
  switch (d.kind) {
    case K.Add: {
      nlo = (olo + vlo) | 0;
      if (width === 8) nhi = (ohi + vhi + (nlo >>> 0 < olo >>> 0 ? 1 : 0)) | 0;
      break;
    }
    case K.Sub: {
      nlo = (olo - vlo) | 0;
      if (width === 8) nhi = (ohi - vhi - (olo >>> 0 < vlo >>> 0 ? 1 : 0)) | 0;
      break;
    }
    case K.And: nlo = olo & vlo; nhi = ohi & vhi; break;
    case K.Or: nlo = olo | vlo; nhi = ohi | vhi; break;
    case K.Xor: nlo = olo ^ vlo; nhi = ohi ^ vhi; break;
    case K.Xchg: nlo = vlo; nhi = vhi; break;
    default: {
      // cmpxchg: the expected value is wrapped to the access width before comparing.
      const same = (olo & mask) === (vlo & mask) && (width !== 8 || ohi === vhi);
      nlo = same ? I[c]! : olo;
      nhi = same ? (width === 8 ? I[c + 1]! : 0) : ohi;
    }
  }
  write(dv, ea, width, nlo & mask, nhi);
  I[dst] = olo;
  if (d.wide) I[dst + 1] = ohi;
}
