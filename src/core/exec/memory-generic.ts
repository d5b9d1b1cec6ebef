// Memory instructions on any memory: a non-zero memory index (multi-memory) or a 64-bit memory
// (memory64). Spec: WebAssembly Core 3.0 §4.4.7 "Memory Instructions". The dispatch loop keeps a
// fast path for 32-bit memory 0 and calls these for everything else (operands as in interp.ts:
// registers are frame-relative i32-view indices).

import { RuntimeError } from '../errors.js';
import * as OPS from '../opcodes.gen.js';
import type { ModuleInstance } from './runtime/instance.js';
import type { MemoryInstance } from './runtime/memory.js';

const oob = (): never => {
  throw new RuntimeError('out of bounds memory access');
};

/** An address operand: i32 (unsigned) or i64 (as a double; exact below 2^53, and anything larger is out of bounds anyway). */
export function addrOf(I: Int32Array, r: number, is64: boolean): number {
  return is64 ? (I[r + 1]! >>> 0) * 4294967296 + (I[r]! >>> 0) : I[r]! >>> 0;
}

function writeAddr(I: Int32Array, r: number, v: number, is64: boolean): void {
  I[r] = v | 0;
  I[r + 1] = is64 ? (v < 0 ? -1 : Math.floor(v / 4294967296) | 0) : I[r + 1]!;
}

/** [op, dst, addr, offLo, offHi, mem, wasmOp] */
export function loadGeneric(I: Int32Array, fp2: number, code: Int32Array, pc: number, inst: ModuleInstance): void {
  const mem = inst.memories[code[pc + 5]!]!;
  const is64 = mem.type.limits.is64;
  const ea = addrOf(I, fp2 + code[pc + 2]!, is64) + (code[pc + 4]! >>> 0) * 4294967296 + (code[pc + 3]! >>> 0);
  const op = code[pc + 6]!;
  const d = fp2 + code[pc + 1]!;
  const dv = mem.dv;
  const len = mem.buffer.byteLength;
  switch (op) {
    case OPS.OP_I32_LOAD: case OPS.OP_F32_LOAD:
      if (ea + 4 > len) oob();
      I[d] = dv.getInt32(ea, true);
      return;
    case OPS.OP_I64_LOAD: case OPS.OP_F64_LOAD:
      if (ea + 8 > len) oob();
      I[d] = dv.getInt32(ea, true);
      I[d + 1] = dv.getInt32(ea + 4, true);
      return;
    case OPS.OP_I32_LOAD8_S: if (ea + 1 > len) oob(); I[d] = dv.getInt8(ea); return;
    case OPS.OP_I32_LOAD8_U: if (ea + 1 > len) oob(); I[d] = dv.getUint8(ea); return;
    case OPS.OP_I32_LOAD16_S: if (ea + 2 > len) oob(); I[d] = dv.getInt16(ea, true); return;
    case OPS.OP_I32_LOAD16_U: if (ea + 2 > len) oob(); I[d] = dv.getUint16(ea, true); return;
    case OPS.OP_I64_LOAD8_S: if (ea + 1 > len) oob(); I[d] = dv.getInt8(ea); I[d + 1] = I[d]! >> 31; return;
    case OPS.OP_I64_LOAD8_U: if (ea + 1 > len) oob(); I[d] = dv.getUint8(ea); I[d + 1] = 0; return;
    case OPS.OP_I64_LOAD16_S: if (ea + 2 > len) oob(); I[d] = dv.getInt16(ea, true); I[d + 1] = I[d]! >> 31; return;
    case OPS.OP_I64_LOAD16_U: if (ea + 2 > len) oob(); I[d] = dv.getUint16(ea, true); I[d + 1] = 0; return;
    case OPS.OP_I64_LOAD32_S: if (ea + 4 > len) oob(); I[d] = dv.getInt32(ea, true); I[d + 1] = I[d]! >> 31; return;
    case OPS.OP_I64_LOAD32_U: if (ea + 4 > len) oob(); I[d] = dv.getInt32(ea, true); I[d + 1] = 0; return;
  }
  throw new RuntimeError('internal error: bad generic load');
}

/** [op, value, addr, offLo, offHi, mem, wasmOp] */
export function storeGeneric(I: Int32Array, fp2: number, code: Int32Array, pc: number, inst: ModuleInstance): void {
  const mem = inst.memories[code[pc + 5]!]!;
  const is64 = mem.type.limits.is64;
  const ea = addrOf(I, fp2 + code[pc + 2]!, is64) + (code[pc + 4]! >>> 0) * 4294967296 + (code[pc + 3]! >>> 0);
  const op = code[pc + 6]!;
  const s = fp2 + code[pc + 1]!;
  const dv = mem.dv;
  const len = mem.buffer.byteLength;
  switch (op) {
    case OPS.OP_I32_STORE: case OPS.OP_F32_STORE: case OPS.OP_I64_STORE32:
      if (ea + 4 > len) oob();
      dv.setInt32(ea, I[s]!, true);
      return;
    case OPS.OP_I64_STORE: case OPS.OP_F64_STORE:
      if (ea + 8 > len) oob();
      dv.setInt32(ea, I[s]!, true);
      dv.setInt32(ea + 4, I[s + 1]!, true);
      return;
    case OPS.OP_I32_STORE8: case OPS.OP_I64_STORE8: if (ea + 1 > len) oob(); dv.setInt8(ea, I[s]!); return;
    case OPS.OP_I32_STORE16: case OPS.OP_I64_STORE16: if (ea + 2 > len) oob(); dv.setInt16(ea, I[s]!, true); return;
  }
  throw new RuntimeError('internal error: bad generic store');
}

/** [op, dst, mem] */
export function sizeGeneric(I: Int32Array, fp2: number, code: Int32Array, pc: number, inst: ModuleInstance): void {
  const mem = inst.memories[code[pc + 2]!]!;
  writeAddr(I, fp2 + code[pc + 1]!, mem.pages, mem.type.limits.is64);
}

/** [op, dst, delta, mem] */
export function growGeneric(I: Int32Array, fp2: number, code: Int32Array, pc: number, inst: ModuleInstance): void {
  const mem = inst.memories[code[pc + 3]!]!;
  const is64 = mem.type.limits.is64;
  const delta = addrOf(I, fp2 + code[pc + 2]!, is64);
  const r = delta > 2 ** 48 ? -1 : mem.grow(delta);
  writeAddr(I, fp2 + code[pc + 1]!, r, is64);
}

function memAt(inst: ModuleInstance, i: number): MemoryInstance {
  return inst.memories[i]!;
}

/** [op, kind, a, b, c, x, y]: kind 0 fill(d, val, n; mem x), 1 copy(d, s, n; dst x, src y), 2 init(d, s, n; data x, mem y) */
export function bulkGeneric(I: Int32Array, fp2: number, code: Int32Array, pc: number, inst: ModuleInstance): void {
  const kind = code[pc + 1]!;
  const a = fp2 + code[pc + 2]!;
  const b = fp2 + code[pc + 3]!;
  const c = fp2 + code[pc + 4]!;
  if (kind === 0) {
    const mem = memAt(inst, code[pc + 5]!);
    const is64 = mem.type.limits.is64;
    const d = addrOf(I, a, is64);
    const n = addrOf(I, c, is64);
    if (d + n > mem.u8.length) oob();
    mem.u8.fill(I[b]! & 0xff, d, d + n);
  } else if (kind === 1) {
    const md = memAt(inst, code[pc + 5]!);
    const ms = memAt(inst, code[pc + 6]!);
    const d64 = md.type.limits.is64;
    const s64 = ms.type.limits.is64;
    const d = addrOf(I, a, d64);
    const s = addrOf(I, b, s64);
    const n = addrOf(I, c, d64 && s64);
    if (s + n > ms.u8.length || d + n > md.u8.length) oob();
    md.u8.set(ms.u8.subarray(s, s + n), d);
  } else {
    const mem = memAt(inst, code[pc + 6]!);
    const seg = inst.datas[code[pc + 5]!];
    const segLen = seg ? seg.length : 0;
    const d = addrOf(I, a, mem.type.limits.is64);
    const s = I[b]! >>> 0;
    const n = I[c]! >>> 0;
    if (s + n > segLen || d + n > mem.u8.length) oob();
    if (n > 0) mem.u8.set(seg!.subarray(s, s + n), d);
  }
}
