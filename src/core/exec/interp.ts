// The dispatch loop. Spec: WebAssembly Core 3.0 §4.4 "Instructions" (execution), run over the
// register code made by translate.ts: each instruction names frame slots directly, branch targets
// are code offsets, and calls between wasm functions push an explicit frame (no JS recursion), so
// deep recursion ends in a clean trap at MAX_FRAMES.
//
// Register operands are frame-relative i32-view indices (slot * 2); f64 and reference slots are
// that index >> 1. The IR opcodes live in this file so that esbuild inlines them as literals
// into the switch (imported constants would make every case a property load).

import { RuntimeError } from '../errors.js';
import { onBudget } from './limits.js';
import { SuspendSignal, type Resumption } from './suspend-signal.js';
import { MAX_FRAMES, type Machine } from './machine.js';
import type { FuncInstance, HostFunction, WasmFunction } from './runtime/func.js';
import type { MemoryInstance } from './runtime/memory.js';
import type { ModuleInstance } from './runtime/instance.js';
import { WasmException } from './runtime/exception.js';
import * as I32N from './numeric/i32.js';
import * as I64N from './numeric/i64.js';
import * as FN from './numeric/float.js';
import * as CV from './numeric/convert.js';
import * as MG from './memory-generic.js';
import { atomicGeneric } from './atomics.js';

export enum Op {
  // control
  /** Fuel check at a loop start: [op, cost] (limits.ts; a call charges its callee's body itself). */
  Tick,
  Unreachable, Nop, Br, BrIf, BrIfZ, BrTable, Return, Call, CallIndirect,
  ReturnCall, ReturnCallIndirect, CallRef, ReturnCallRef, Throw, ThrowRef,
  // moves and constants
  Copy32, Copy64, CopyRef, Const32, Const64, RefNull, RefFunc, RefIsNull, RefAsNonNull,
  Select32, Select64, SelectRef,
  GlobalGet32, GlobalGet64, GlobalGetRef, GlobalSet32, GlobalSet64, GlobalSetRef,
  // memory 0
  I32Load, I64Load, F32Load, F64Load, I32Load8S, I32Load8U, I32Load16S, I32Load16U,
  I64Load8S, I64Load8U, I64Load16S, I64Load16U, I64Load32S, I64Load32U,
  I32Store, I64Store, F32Store, F64Store, I32Store8, I32Store16, I64Store8, I64Store16, I64Store32,
  MemorySize, MemoryGrow, MemoryFill, MemoryCopy, MemoryInit, DataDrop,
  // tables
  TableGet, TableSet, TableSize, TableGrow, TableFill, TableCopy, TableInit, ElemDrop,
  // i32
  I32Eqz, I32Eq, I32Ne, I32LtS, I32LtU, I32GtS, I32GtU, I32LeS, I32LeU, I32GeS, I32GeU,
  I32Clz, I32Ctz, I32Popcnt, I32Add, I32Sub, I32Mul, I32DivS, I32DivU, I32RemS, I32RemU,
  I32And, I32Or, I32Xor, I32Shl, I32ShrS, I32ShrU, I32Rotl, I32Rotr,
  // i64
  I64Eqz, I64Eq, I64Ne, I64LtS, I64LtU, I64GtS, I64GtU, I64LeS, I64LeU, I64GeS, I64GeU,
  I64Clz, I64Ctz, I64Popcnt, I64Add, I64Sub, I64Mul, I64DivS, I64DivU, I64RemS, I64RemU,
  I64And, I64Or, I64Xor, I64Shl, I64ShrS, I64ShrU, I64Rotl, I64Rotr,
  // f32 / f64
  F32Eq, F32Ne, F32Lt, F32Gt, F32Le, F32Ge, F64Eq, F64Ne, F64Lt, F64Gt, F64Le, F64Ge,
  F32Abs, F32Neg, F32Ceil, F32Floor, F32Trunc, F32Nearest, F32Sqrt,
  F32Add, F32Sub, F32Mul, F32Div, F32Min, F32Max, F32Copysign,
  F64Abs, F64Neg, F64Ceil, F64Floor, F64Trunc, F64Nearest, F64Sqrt,
  F64Add, F64Sub, F64Mul, F64Div, F64Min, F64Max, F64Copysign,
  // conversions
  I32WrapI64, I32TruncF32S, I32TruncF32U, I32TruncF64S, I32TruncF64U,
  I64ExtendI32S, I64ExtendI32U, I64TruncF32S, I64TruncF32U, I64TruncF64S, I64TruncF64U,
  F32ConvertI32S, F32ConvertI32U, F32ConvertI64S, F32ConvertI64U, F32DemoteF64,
  F64ConvertI32S, F64ConvertI32U, F64ConvertI64S, F64ConvertI64U, F64PromoteF32,
  I32Extend8S, I32Extend16S, I64Extend8S, I64Extend16S, I64Extend32S,
  I32TruncSatF32S, I32TruncSatF32U, I32TruncSatF64S, I32TruncSatF64U,
  I64TruncSatF32S, I64TruncSatF32U, I64TruncSatF64S, I64TruncSatF64U,
  // fused and immediate forms (made by the translator's peephole)
  I32AddImm, I32SubImm, I32AndImm, I32ShlImm, I32ShrSImm, I32ShrUImm, I32OrImm, I32XorImm, I32MulImm,
  I32RotlImm, I32RotrImm,
  /** An i64 index of a 64-bit table as u32, saturated: [op, dst, a]. */
  I64SatU32,
  /** Wide arithmetic: [op, dst (two slots), a_lo, a_hi, b_lo, b_hi] and [op, dst (two slots), a, b]. */
  I64Add128, I64Sub128, I64MulWideS, I64MulWideU,
  /** i64 shifts by a constant 1..63: [op, dst, a, k]. */
  I64ShlImm, I64ShrUImm, I64ShrSImm,
  /** Loads and stores whose address is a + imm (an i32.add with a constant folded in): [op, x, a, imm, offset]. */
  I32LoadAI, I64LoadAI, I32Load8UAI, I32Load8SAI, I32Load16UAI, I32Load16SAI, I32StoreAI, I64StoreAI, I32Store8AI,
  /** Stores of a constant: [op, imm, addr, offset]. */
  I32StoreImm, I32Store8Imm, I32Store16Imm,
  I32EqzBrIf, I32EqzBrIfZ, I32LtSBrIf, I32LtUBrIf, I32NeBrIf, I32EqBrIf, I32GeSBrIf, I32GeUBrIf,
  I32GtSBrIf, I32GtUBrIf, I32LeSBrIf, I32LeUBrIf,
  I32EqImm, I32NeImm, I32LtSImm, I32LtUImm, I32GtSImm, I32GtUImm, I32LeSImm, I32LeUImm, I32GeSImm, I32GeUImm,
  I32EqImmBrIf, I32NeImmBrIf, I32LtSImmBrIf, I32LtUImmBrIf, I32GtSImmBrIf, I32GtUImmBrIf, I32LeSImmBrIf, I32LeUImmBrIf,
  I32GeSImmBrIf, I32GeUImmBrIf,
  // any memory (multi-memory, memory64): memory-generic.ts
  MemLoadG, MemStoreG, MemSizeG, MemGrowG, MemBulkG,
  /** Atomics (threads): [op, wasmOp, dst, addr, b, c, offLo, offHi, mem], atomics.ts */
  AtomicG,
  /** Not implemented yet (an instruction of a later proposal): traps with its name. */
  Unsupported,
}

/** Resolves a function's compiled code, translating on first call. */
export type Translate = (fn: WasmFunction) => void;

/** Views for instances without a memory (never accessed: validation rules out memory ops there). */
const NO_DV = new DataView(new ArrayBuffer(0));
const NO_U8 = new Uint8Array(0);

const trap = (msg: string): never => {
  throw new RuntimeError(msg);
};

function exhausted(m: Machine): never {
  throw new RuntimeError(m.limits !== undefined && m.depth >= m.depthCap && m.depthCap < MAX_FRAMES
    ? `call stack exhausted: call depth limit exceeded (${m.limits.maxCallDepth})`
    : 'call stack exhausted');
}

/**
 * Runs `entry` with its arguments already in slots [base, base + params) and leaves its results
 * at [base, base + results). Host functions are called from here; wasm calls push frames.
 */
export function execute(m: Machine, entry: FuncInstance, base: number, translate: Translate, unsupported: readonly string[]): void {
  if (entry.kind === 1) {
    callHost(m, entry, base, base + entry.type.params.length);
    return;
  }
  const entryDepth = m.depth;
  if (!entry.compiled) translate(entry);
  if (!m.ensure(base + entry.compiled!.frameSize)) exhausted(m);
  zeroLocals(m, entry, base);
  m.curFn = entry;
  m.curPc = 0;
  m.curFp = base;
  if ((m.budget -= entry.compiled!.fuel) < 0) onBudget(m);
  proceed(m, entryDepth, translate, unsupported, undefined);
}

/**
 * Continues the computation whose innermost frame is m.curFn/curPc/curFp and whose entry frame
 * runs at depth `entryDepth`; first, if given, completes the host call at curPc with `finish`
 * (a suspended call resuming, suspend.ts).
 */
export function proceed(m: Machine, entryDepth: number, translate: Translate, unsupported: readonly string[],
  resumption: Resumption | undefined): void {
  // The dispatch loop lives in its own function, free of try/catch (measured: 15-20% faster);
  // a wasm exception comes back here, and the loop resumes at the handler it finds.
  for (;;) {
    try {
      if (resumption !== undefined) {
        const r = resumption;
        resumption = undefined;
        completeHostCall(m, r);
      }
      run(m, entryDepth, translate, unsupported);
      return;
    } catch (e) {
      if (!(e instanceof WasmException) || !findHandler(m, e, entryDepth)) throw e;
    }
  }
}

/**
 * Completes the host call made by the call instruction at m.curPc (its callee returned later, or
 * threw): `finish` writes its results at the call's argument base; a tail call's results move
 * to the frame base, then execution continues after the instruction.
 */
function completeHostCall(m: Machine, r: Resumption): void {
  const fn = m.curFn!;
  const code = fn.compiled!.code;
  const pc = m.curPc;
  const fp = m.curFp;
  const op = code[pc]!;
  let argBase: number;
  let next: number;
  let tail = false;
  switch (op) {
    case Op.Call: argBase = fp + (code[pc + 2]! >> 1); next = pc + 3; break;
    case Op.CallIndirect: argBase = fp + (code[pc + 4]! >> 1); next = pc + 5; break;
    case Op.ReturnCall: argBase = fp + (code[pc + 2]! >> 1); next = pc + 3; tail = true; break;
    case Op.ReturnCallIndirect: argBase = fp + (code[pc + 4]! >> 1); next = pc + 5; tail = true; break;
    case Op.CallRef: argBase = fp + (code[pc + 2]! >> 1); next = pc + 3; break;
    case Op.ReturnCallRef: argBase = fp + (code[pc + 2]! >> 1); next = pc + 3; tail = true; break;
    default: throw new RuntimeError('internal error: a suspended computation does not stand at a call');
  }
  const savedBase = m.base;
  const savedSp = m.sp;
  m.base = argBase;
  m.sp = fp + fn.compiled!.frameSize;
  try {
    r.finish(m);
  } finally {
    m.base = savedBase;
    m.sp = savedSp;
  }
  if (tail) moveSlots(m, argBase, fp, r.fn.type.results.length);
  // finish may have run wasm (e.g. a realloc lowering the results), which moved these
  m.curFn = fn;
  m.curFp = fp;
  m.curPc = next;
}

/** Runs from m.curFn/curPc/curFp until the entry frame (depth `entryDepth`) returns. */
function run(m: Machine, entryDepth: number, translate: Translate, unsupported: readonly string[]): void {
  // The stack views are replaced when the machine stack grows (Machine.ensure): read again after
  // pushing a frame that needed growth and after every host call (it may have run wasm).
  let I = m.i32;
  let F32 = m.f32;
  let F64 = m.f64;
  const R = m.refs;
  let fn: WasmFunction = m.curFn!;
  let cc = fn.compiled!;
  let code = cc.code;
  let pc = m.curPc;
  let fp = m.curFp;
  let fp2 = fp * 2;
  let inst = fn.instance;
  let mem: MemoryInstance | undefined = inst.memories[0];
  let dv = mem ? mem.dv : NO_DV;
  let u8 = mem ? mem.u8 : NO_U8;
  let memLen = mem ? mem.buffer.byteLength : 0;

  for (;;) {
    switch (code[pc]) {
      // ---------------- control ----------------
      case Op.Tick:
        if ((m.budget -= code[pc + 1]!) < 0) onBudget(m);
        pc += 2;
        break;
      case Op.Unreachable: return trap('unreachable');
      case Op.Nop: pc += 1; break;
      case Op.Br: pc = code[pc + 1]!; break;
      case Op.BrIf: pc = I[fp2 + code[pc + 1]!] !== 0 ? code[pc + 2]! : pc + 3; break;
      case Op.BrIfZ: pc = I[fp2 + code[pc + 1]!] === 0 ? code[pc + 2]! : pc + 3; break;
      case Op.BrTable: {
        const n = code[pc + 2]!;
        const i = I[fp2 + code[pc + 1]!]! >>> 0;
        pc = code[pc + 3 + (i < n ? i : n)]!;
        break;
      }
      case Op.Return: {
        if (m.depth === entryDepth) return;
        const d = --m.depth;
        fn = m.frameFn[d]!;
        m.frameFn[d] = undefined;
        pc = m.framePc[d]!;
        fp = m.frameFp[d]!;
        fp2 = fp * 2;
        cc = fn.compiled!;
        code = cc.code;
        if (fn.instance !== inst) inst = fn.instance;
        mem = inst.memories[0];
        if (mem) { dv = mem.dv; u8 = mem.u8; memLen = mem.buffer.byteLength; }
        break;
      }
      case Op.Call:
      case Op.CallIndirect: {
        let callee: FuncInstance;
        let argBase: number;
        let next: number;
        if (code[pc] === Op.Call) {
          callee = inst.funcs[code[pc + 1]!]!;
          argBase = fp + (code[pc + 2]! >> 1);
          next = pc + 3;
        } else {
          callee = tableCallee(inst, code[pc + 2]!, I[fp2 + code[pc + 3]!]! >>> 0, code[pc + 1]!);
          argBase = fp + (code[pc + 4]! >> 1);
          next = pc + 5;
        }
        if (callee.kind === 1) {
          m.sp = fp + cc.frameSize;
          m.curFn = fn;
          m.curPc = pc;
          m.curFp = fp;
          callHost(m, callee, argBase, argBase + callee.type.params.length);
          I = m.i32;
          F32 = m.f32;
          F64 = m.f64;
          mem = inst.memories[0];
          if (mem) { dv = mem.dv; u8 = mem.u8; memLen = mem.buffer.byteLength; }
          pc = next;
          break;
        }
        const d = m.depth;
        if (d >= m.depthCap) exhausted(m);
        m.frameFn[d] = fn;
        m.framePc[d] = next;
        m.frameFp[d] = fp;
        m.depth = d + 1;
        fn = callee;
        if (!fn.compiled) {
          try {
            translate(fn);
          } catch (e) {
            m.depth = d;
            throw e;
          }
        }
        cc = fn.compiled!;
        code = cc.code;
        fp = argBase;
        fp2 = fp * 2;
        pc = 0;
        if (fp + cc.frameSize > m.capacity) {
          if (!m.ensure(fp + cc.frameSize)) exhausted(m);
          I = m.i32;
          F32 = m.f32;
          F64 = m.f64;
        }
        if (cc.numLocals !== cc.numParams) zeroLocals(m, fn, fp);
        if ((m.budget -= cc.fuel) < 0) onBudget(m);
        if (fn.instance !== inst) {
          inst = fn.instance;
          mem = inst.memories[0];
          if (mem) { dv = mem.dv; u8 = mem.u8; memLen = mem.buffer.byteLength; }
        }
        break;
      }

      case Op.ReturnCall:
      case Op.ReturnCallIndirect:
      case Op.CallRef:
      case Op.ReturnCallRef: {
        // [ReturnCall, func, args] [ReturnCallIndirect, typeId, table, idx, args] [(Return)CallRef, ref, args]
        const op = code[pc]!;
        let callee: FuncInstance;
        let argBase: number;
        let next: number;
        if (op === Op.ReturnCall) {
          callee = inst.funcs[code[pc + 1]!]!;
          argBase = fp + (code[pc + 2]! >> 1);
          next = pc + 3;
        } else if (op === Op.ReturnCallIndirect) {
          callee = tableCallee(inst, code[pc + 2]!, I[fp2 + code[pc + 3]!]! >>> 0, code[pc + 1]!);
          argBase = fp + (code[pc + 4]! >> 1);
          next = pc + 5;
        } else {
          const f = R[(fp2 + code[pc + 1]!) >> 1] as FuncInstance | null;
          if (f === null) trap('null function reference');
          callee = f!;
          argBase = fp + (code[pc + 2]! >> 1);
          next = pc + 3;
        }
        const tail = op !== Op.CallRef;
        if (callee.kind === 1) {
          m.sp = fp + cc.frameSize;
          m.curFn = fn;
          m.curPc = pc;
          m.curFp = fp;
          callHost(m, callee, argBase, argBase + callee.type.params.length);
          I = m.i32;
          F32 = m.f32;
          F64 = m.f64;
          mem = inst.memories[0];
          if (mem) { dv = mem.dv; u8 = mem.u8; memLen = mem.buffer.byteLength; }
          // A tail call's results move to the frame base; the translator put a Return next.
          if (tail) moveSlots(m, argBase, fp, callee.type.results.length);
          pc = next;
          break;
        }
        if (tail) {
          moveSlots(m, argBase, fp, callee.type.params.length);
        } else {
          const d = m.depth;
          if (d >= m.depthCap) exhausted(m);
          m.frameFn[d] = fn;
          m.framePc[d] = next;
          m.frameFp[d] = fp;
          m.depth = d + 1;
          fp = argBase;
          fp2 = fp * 2;
        }
        fn = callee;
        if (!fn.compiled) translate(fn);
        cc = fn.compiled!;
        code = cc.code;
        pc = 0;
        if (fp + cc.frameSize > m.capacity) {
          if (!m.ensure(fp + cc.frameSize)) exhausted(m);
          I = m.i32;
          F32 = m.f32;
          F64 = m.f64;
        }
        if (cc.numLocals !== cc.numParams) zeroLocals(m, fn, fp);
        if ((m.budget -= cc.fuel) < 0) onBudget(m);
        if (fn.instance !== inst) {
          inst = fn.instance;
          mem = inst.memories[0];
          if (mem) { dv = mem.dv; u8 = mem.u8; memLen = mem.buffer.byteLength; }
        }
        break;
      }

      case Op.Throw: {
        // [op, tag, args]
        const tag = inst.tags[code[pc + 1]!]!;
        const n = tag.type.params.length;
        const base = fp + (code[pc + 2]! >> 1);
        const bits = new Int32Array(n * 2);
        const refs: unknown[] = new Array(n);
        for (let k = 0; k < n; k++) {
          bits[k * 2] = I[(base + k) * 2]!;
          bits[k * 2 + 1] = I[(base + k) * 2 + 1]!;
          refs[k] = R[base + k];
        }
        m.curFn = fn;
        m.curPc = pc;
        m.curFp = fp;
        throw new WasmException(tag, bits, refs);
      }
      case Op.ThrowRef: {
        const ex = R[(fp2 + code[pc + 1]!) >> 1];
        if (ex === null) trap('null exception reference');
        m.curFn = fn;
        m.curPc = pc;
        m.curFp = fp;
        throw ex;
      }

      // ---------------- moves and constants ----------------
      case Op.Copy32: I[fp2 + code[pc + 1]!] = I[fp2 + code[pc + 2]!]!; pc += 3; break;
      case Op.Copy64: {
        const d = fp2 + code[pc + 1]!;
        const s = fp2 + code[pc + 2]!;
        I[d] = I[s]!;
        I[d + 1] = I[s + 1]!;
        pc += 3;
        break;
      }
      case Op.CopyRef: R[(fp2 + code[pc + 1]!) >> 1] = R[(fp2 + code[pc + 2]!) >> 1]; pc += 3; break;
      case Op.Const32: I[fp2 + code[pc + 1]!] = code[pc + 2]!; pc += 3; break;
      case Op.Const64: {
        const d = fp2 + code[pc + 1]!;
        I[d] = code[pc + 2]!;
        I[d + 1] = code[pc + 3]!;
        pc += 4;
        break;
      }
      case Op.Select32:
        I[fp2 + code[pc + 1]!] = I[fp2 + code[pc + 4]!] !== 0 ? I[fp2 + code[pc + 2]!]! : I[fp2 + code[pc + 3]!]!;
        pc += 5;
        break;
      case Op.Select64: {
        const d = fp2 + code[pc + 1]!;
        const s = fp2 + (I[fp2 + code[pc + 4]!] !== 0 ? code[pc + 2]! : code[pc + 3]!);
        I[d] = I[s]!;
        I[d + 1] = I[s + 1]!;
        pc += 5;
        break;
      }
      case Op.GlobalGet32: I[fp2 + code[pc + 1]!] = inst.globals[code[pc + 2]!]!.bits[0]!; pc += 3; break;
      case Op.GlobalGet64: {
        const g = inst.globals[code[pc + 2]!]!.bits;
        const d = fp2 + code[pc + 1]!;
        I[d] = g[0]!;
        I[d + 1] = g[1]!;
        pc += 3;
        break;
      }
      case Op.GlobalSet32: inst.globals[code[pc + 1]!]!.bits[0] = I[fp2 + code[pc + 2]!]!; pc += 3; break;
      case Op.GlobalSet64: {
        const g = inst.globals[code[pc + 1]!]!.bits;
        const s = fp2 + code[pc + 2]!;
        g[0] = I[s]!;
        g[1] = I[s + 1]!;
        pc += 3;
        break;
      }

      // ---------------- memory 0: [op, value, addr, offset] ----------------
      case Op.I32Load: {
        const ea = (I[fp2 + code[pc + 2]!]! >>> 0) + (code[pc + 3]! >>> 0);
        if (ea + 4 > memLen) trap('out of bounds memory access');
        I[fp2 + code[pc + 1]!] = dv.getInt32(ea, true);
        pc += 4;
        break;
      }
      case Op.F32Load: {
        const ea = (I[fp2 + code[pc + 2]!]! >>> 0) + (code[pc + 3]! >>> 0);
        if (ea + 4 > memLen) trap('out of bounds memory access');
        I[fp2 + code[pc + 1]!] = dv.getInt32(ea, true);
        pc += 4;
        break;
      }
      case Op.I64Load:
      case Op.F64Load: {
        const ea = (I[fp2 + code[pc + 2]!]! >>> 0) + (code[pc + 3]! >>> 0);
        if (ea + 8 > memLen) trap('out of bounds memory access');
        const d = fp2 + code[pc + 1]!;
        I[d] = dv.getInt32(ea, true);
        I[d + 1] = dv.getInt32(ea + 4, true);
        pc += 4;
        break;
      }
      case Op.I32Load8S: {
        const ea = (I[fp2 + code[pc + 2]!]! >>> 0) + (code[pc + 3]! >>> 0);
        if (ea >= memLen) trap('out of bounds memory access');
        I[fp2 + code[pc + 1]!] = (u8[ea]! << 24) >> 24;
        pc += 4;
        break;
      }
      case Op.I32Load8U: {
        const ea = (I[fp2 + code[pc + 2]!]! >>> 0) + (code[pc + 3]! >>> 0);
        if (ea >= memLen) trap('out of bounds memory access');
        I[fp2 + code[pc + 1]!] = u8[ea]!;
        pc += 4;
        break;
      }
      case Op.I32Load16S: {
        const ea = (I[fp2 + code[pc + 2]!]! >>> 0) + (code[pc + 3]! >>> 0);
        if (ea + 2 > memLen) trap('out of bounds memory access');
        I[fp2 + code[pc + 1]!] = dv.getInt16(ea, true);
        pc += 4;
        break;
      }
      case Op.I32Load16U: {
        const ea = (I[fp2 + code[pc + 2]!]! >>> 0) + (code[pc + 3]! >>> 0);
        if (ea + 2 > memLen) trap('out of bounds memory access');
        I[fp2 + code[pc + 1]!] = dv.getUint16(ea, true);
        pc += 4;
        break;
      }
      case Op.I64Load8S: {
        const ea = (I[fp2 + code[pc + 2]!]! >>> 0) + (code[pc + 3]! >>> 0);
        if (ea >= memLen) trap('out of bounds memory access');
        const d = fp2 + code[pc + 1]!;
        const v = (u8[ea]! << 24) >> 24;
        I[d] = v;
        I[d + 1] = v >> 31;
        pc += 4;
        break;
      }
      case Op.I64Load8U: {
        const ea = (I[fp2 + code[pc + 2]!]! >>> 0) + (code[pc + 3]! >>> 0);
        if (ea >= memLen) trap('out of bounds memory access');
        const d = fp2 + code[pc + 1]!;
        I[d] = u8[ea]!;
        I[d + 1] = 0;
        pc += 4;
        break;
      }
      case Op.I64Load16S: {
        const ea = (I[fp2 + code[pc + 2]!]! >>> 0) + (code[pc + 3]! >>> 0);
        if (ea + 2 > memLen) trap('out of bounds memory access');
        const d = fp2 + code[pc + 1]!;
        const v = dv.getInt16(ea, true);
        I[d] = v;
        I[d + 1] = v >> 31;
        pc += 4;
        break;
      }
      case Op.I64Load16U: {
        const ea = (I[fp2 + code[pc + 2]!]! >>> 0) + (code[pc + 3]! >>> 0);
        if (ea + 2 > memLen) trap('out of bounds memory access');
        const d = fp2 + code[pc + 1]!;
        I[d] = dv.getUint16(ea, true);
        I[d + 1] = 0;
        pc += 4;
        break;
      }
      case Op.I64Load32S: {
        const ea = (I[fp2 + code[pc + 2]!]! >>> 0) + (code[pc + 3]! >>> 0);
        if (ea + 4 > memLen) trap('out of bounds memory access');
        const d = fp2 + code[pc + 1]!;
        const v = dv.getInt32(ea, true);
        I[d] = v;
        I[d + 1] = v >> 31;
        pc += 4;
        break;
      }
      case Op.I64Load32U: {
        const ea = (I[fp2 + code[pc + 2]!]! >>> 0) + (code[pc + 3]! >>> 0);
        if (ea + 4 > memLen) trap('out of bounds memory access');
        const d = fp2 + code[pc + 1]!;
        I[d] = dv.getInt32(ea, true);
        I[d + 1] = 0;
        pc += 4;
        break;
      }
      case Op.I32Store:
      case Op.F32Store: {
        const ea = (I[fp2 + code[pc + 2]!]! >>> 0) + (code[pc + 3]! >>> 0);
        if (ea + 4 > memLen) trap('out of bounds memory access');
        dv.setInt32(ea, I[fp2 + code[pc + 1]!]!, true);
        pc += 4;
        break;
      }
      case Op.I64Store:
      case Op.F64Store: {
        const ea = (I[fp2 + code[pc + 2]!]! >>> 0) + (code[pc + 3]! >>> 0);
        if (ea + 8 > memLen) trap('out of bounds memory access');
        const s = fp2 + code[pc + 1]!;
        dv.setInt32(ea, I[s]!, true);
        dv.setInt32(ea + 4, I[s + 1]!, true);
        pc += 4;
        break;
      }
      case Op.I32Store8:
      case Op.I64Store8: {
        const ea = (I[fp2 + code[pc + 2]!]! >>> 0) + (code[pc + 3]! >>> 0);
        if (ea >= memLen) trap('out of bounds memory access');
        u8[ea] = I[fp2 + code[pc + 1]!]!;
        pc += 4;
        break;
      }
      case Op.I32Store16:
      case Op.I64Store16: {
        const ea = (I[fp2 + code[pc + 2]!]! >>> 0) + (code[pc + 3]! >>> 0);
        if (ea + 2 > memLen) trap('out of bounds memory access');
        dv.setInt16(ea, I[fp2 + code[pc + 1]!]!, true);
        pc += 4;
        break;
      }
      case Op.I64Store32: {
        const ea = (I[fp2 + code[pc + 2]!]! >>> 0) + (code[pc + 3]! >>> 0);
        if (ea + 4 > memLen) trap('out of bounds memory access');
        dv.setInt32(ea, I[fp2 + code[pc + 1]!]!, true);
        pc += 4;
        break;
      }
      case Op.I64ShlImm: {
        const a = fp2 + code[pc + 2]!;
        const d = fp2 + code[pc + 1]!;
        const k = code[pc + 3]!;
        const lo = I[a]!;
        if (k < 32) {
          I[d + 1] = (I[a + 1]! << k) | (lo >>> (32 - k));
          I[d] = lo << k;
        } else {
          I[d + 1] = lo << k;
          I[d] = 0;
        }
        pc += 4;
        break;
      }
      case Op.I64ShrUImm: {
        const a = fp2 + code[pc + 2]!;
        const d = fp2 + code[pc + 1]!;
        const k = code[pc + 3]!;
        const hi = I[a + 1]!;
        if (k < 32) {
          I[d] = (I[a]! >>> k) | (hi << (32 - k));
          I[d + 1] = hi >>> k;
        } else {
          I[d] = hi >>> k;
          I[d + 1] = 0;
        }
        pc += 4;
        break;
      }
      case Op.I64ShrSImm: {
        const a = fp2 + code[pc + 2]!;
        const d = fp2 + code[pc + 1]!;
        const k = code[pc + 3]!;
        const hi = I[a + 1]!;
        if (k < 32) {
          I[d] = (I[a]! >>> k) | (hi << (32 - k));
          I[d + 1] = hi >> k;
        } else {
          I[d] = hi >> k;
          I[d + 1] = hi >> 31;
        }
        pc += 4;
        break;
      }
      case Op.I32LoadAI: {
        const ea = ((I[fp2 + code[pc + 2]!]! + code[pc + 3]!) >>> 0) + (code[pc + 4]! >>> 0);
        if (ea + 4 > memLen) trap('out of bounds memory access');
        I[fp2 + code[pc + 1]!] = dv.getInt32(ea, true);
        pc += 5;
        break;
      }
      case Op.I64LoadAI: {
        const ea = ((I[fp2 + code[pc + 2]!]! + code[pc + 3]!) >>> 0) + (code[pc + 4]! >>> 0);
        if (ea + 8 > memLen) trap('out of bounds memory access');
        const d = fp2 + code[pc + 1]!;
        I[d] = dv.getInt32(ea, true);
        I[d + 1] = dv.getInt32(ea + 4, true);
        pc += 5;
        break;
      }
      case Op.I32Load8UAI: {
        const ea = ((I[fp2 + code[pc + 2]!]! + code[pc + 3]!) >>> 0) + (code[pc + 4]! >>> 0);
        if (ea >= memLen) trap('out of bounds memory access');
        I[fp2 + code[pc + 1]!] = u8[ea]!;
        pc += 5;
        break;
      }
      case Op.I32Load8SAI: {
        const ea = ((I[fp2 + code[pc + 2]!]! + code[pc + 3]!) >>> 0) + (code[pc + 4]! >>> 0);
        if (ea >= memLen) trap('out of bounds memory access');
        I[fp2 + code[pc + 1]!] = (u8[ea]! << 24) >> 24;
        pc += 5;
        break;
      }
      case Op.I32Load16UAI: {
        const ea = ((I[fp2 + code[pc + 2]!]! + code[pc + 3]!) >>> 0) + (code[pc + 4]! >>> 0);
        if (ea + 2 > memLen) trap('out of bounds memory access');
        I[fp2 + code[pc + 1]!] = dv.getUint16(ea, true);
        pc += 5;
        break;
      }
      case Op.I32Load16SAI: {
        const ea = ((I[fp2 + code[pc + 2]!]! + code[pc + 3]!) >>> 0) + (code[pc + 4]! >>> 0);
        if (ea + 2 > memLen) trap('out of bounds memory access');
        I[fp2 + code[pc + 1]!] = dv.getInt16(ea, true);
        pc += 5;
        break;
      }
      case Op.I32StoreAI: {
        const ea = ((I[fp2 + code[pc + 2]!]! + code[pc + 3]!) >>> 0) + (code[pc + 4]! >>> 0);
        if (ea + 4 > memLen) trap('out of bounds memory access');
        dv.setInt32(ea, I[fp2 + code[pc + 1]!]!, true);
        pc += 5;
        break;
      }
      case Op.I64StoreAI: {
        const ea = ((I[fp2 + code[pc + 2]!]! + code[pc + 3]!) >>> 0) + (code[pc + 4]! >>> 0);
        if (ea + 8 > memLen) trap('out of bounds memory access');
        const v = fp2 + code[pc + 1]!;
        dv.setInt32(ea, I[v]!, true);
        dv.setInt32(ea + 4, I[v + 1]!, true);
        pc += 5;
        break;
      }
      case Op.I32Store8AI: {
        const ea = ((I[fp2 + code[pc + 2]!]! + code[pc + 3]!) >>> 0) + (code[pc + 4]! >>> 0);
        if (ea >= memLen) trap('out of bounds memory access');
        u8[ea] = I[fp2 + code[pc + 1]!]!;
        pc += 5;
        break;
      }
      case Op.I32StoreImm: {
        const ea = (I[fp2 + code[pc + 2]!]! >>> 0) + (code[pc + 3]! >>> 0);
        if (ea + 4 > memLen) trap('out of bounds memory access');
        dv.setInt32(ea, code[pc + 1]!, true);
        pc += 4;
        break;
      }
      case Op.I32Store8Imm: {
        const ea = (I[fp2 + code[pc + 2]!]! >>> 0) + (code[pc + 3]! >>> 0);
        if (ea >= memLen) trap('out of bounds memory access');
        u8[ea] = code[pc + 1]!;
        pc += 4;
        break;
      }
      case Op.I32Store16Imm: {
        const ea = (I[fp2 + code[pc + 2]!]! >>> 0) + (code[pc + 3]! >>> 0);
        if (ea + 2 > memLen) trap('out of bounds memory access');
        dv.setInt16(ea, code[pc + 1]!, true);
        pc += 4;
        break;
      }
      case Op.MemorySize: I[fp2 + code[pc + 1]!] = inst.memories[code[pc + 2]!]!.pages; pc += 3; break;
      case Op.MemoryGrow: {
        const mi = inst.memories[code[pc + 3]!]!;
        I[fp2 + code[pc + 1]!] = mi.grow(I[fp2 + code[pc + 2]!]! >>> 0);
        mem = inst.memories[0];
        if (mem) { dv = mem.dv; u8 = mem.u8; memLen = mem.buffer.byteLength; }
        pc += 4;
        break;
      }

      // ---------------- tables ----------------

      // ---------------- i32: [op, dst, a, b] ----------------
      case Op.I32Eqz: I[fp2 + code[pc + 1]!] = I[fp2 + code[pc + 2]!] === 0 ? 1 : 0; pc += 3; break;
      case Op.I32Eq: I[fp2 + code[pc + 1]!] = I[fp2 + code[pc + 2]!] === I[fp2 + code[pc + 3]!] ? 1 : 0; pc += 4; break;
      case Op.I32Ne: I[fp2 + code[pc + 1]!] = I[fp2 + code[pc + 2]!] !== I[fp2 + code[pc + 3]!] ? 1 : 0; pc += 4; break;
      case Op.I32LtS: I[fp2 + code[pc + 1]!] = I[fp2 + code[pc + 2]!]! < I[fp2 + code[pc + 3]!]! ? 1 : 0; pc += 4; break;
      case Op.I32LtU: I[fp2 + code[pc + 1]!] = I[fp2 + code[pc + 2]!]! >>> 0 < I[fp2 + code[pc + 3]!]! >>> 0 ? 1 : 0; pc += 4; break;
      case Op.I32GtS: I[fp2 + code[pc + 1]!] = I[fp2 + code[pc + 2]!]! > I[fp2 + code[pc + 3]!]! ? 1 : 0; pc += 4; break;
      case Op.I32GtU: I[fp2 + code[pc + 1]!] = I[fp2 + code[pc + 2]!]! >>> 0 > I[fp2 + code[pc + 3]!]! >>> 0 ? 1 : 0; pc += 4; break;
      case Op.I32LeS: I[fp2 + code[pc + 1]!] = I[fp2 + code[pc + 2]!]! <= I[fp2 + code[pc + 3]!]! ? 1 : 0; pc += 4; break;
      case Op.I32LeU: I[fp2 + code[pc + 1]!] = I[fp2 + code[pc + 2]!]! >>> 0 <= I[fp2 + code[pc + 3]!]! >>> 0 ? 1 : 0; pc += 4; break;
      case Op.I32GeS: I[fp2 + code[pc + 1]!] = I[fp2 + code[pc + 2]!]! >= I[fp2 + code[pc + 3]!]! ? 1 : 0; pc += 4; break;
      case Op.I32GeU: I[fp2 + code[pc + 1]!] = I[fp2 + code[pc + 2]!]! >>> 0 >= I[fp2 + code[pc + 3]!]! >>> 0 ? 1 : 0; pc += 4; break;
      case Op.I32Add: I[fp2 + code[pc + 1]!] = (I[fp2 + code[pc + 2]!]! + I[fp2 + code[pc + 3]!]!) | 0; pc += 4; break;
      case Op.I32Sub: I[fp2 + code[pc + 1]!] = (I[fp2 + code[pc + 2]!]! - I[fp2 + code[pc + 3]!]!) | 0; pc += 4; break;
      case Op.I32Mul: I[fp2 + code[pc + 1]!] = Math.imul(I[fp2 + code[pc + 2]!]!, I[fp2 + code[pc + 3]!]!); pc += 4; break;
      case Op.I32DivS: I[fp2 + code[pc + 1]!] = I32N.divS(I[fp2 + code[pc + 2]!]!, I[fp2 + code[pc + 3]!]!); pc += 4; break;
      case Op.I32DivU: I[fp2 + code[pc + 1]!] = I32N.divU(I[fp2 + code[pc + 2]!]!, I[fp2 + code[pc + 3]!]!); pc += 4; break;
      case Op.I32RemS: I[fp2 + code[pc + 1]!] = I32N.remS(I[fp2 + code[pc + 2]!]!, I[fp2 + code[pc + 3]!]!); pc += 4; break;
      case Op.I32RemU: I[fp2 + code[pc + 1]!] = I32N.remU(I[fp2 + code[pc + 2]!]!, I[fp2 + code[pc + 3]!]!); pc += 4; break;
      case Op.I32And: I[fp2 + code[pc + 1]!] = I[fp2 + code[pc + 2]!]! & I[fp2 + code[pc + 3]!]!; pc += 4; break;
      case Op.I32Or: I[fp2 + code[pc + 1]!] = I[fp2 + code[pc + 2]!]! | I[fp2 + code[pc + 3]!]!; pc += 4; break;
      case Op.I32Xor: I[fp2 + code[pc + 1]!] = I[fp2 + code[pc + 2]!]! ^ I[fp2 + code[pc + 3]!]!; pc += 4; break;
      case Op.I32Shl: I[fp2 + code[pc + 1]!] = I[fp2 + code[pc + 2]!]! << I[fp2 + code[pc + 3]!]!; pc += 4; break;
      case Op.I32ShrS: I[fp2 + code[pc + 1]!] = I[fp2 + code[pc + 2]!]! >> I[fp2 + code[pc + 3]!]!; pc += 4; break;
      case Op.I32ShrU: I[fp2 + code[pc + 1]!] = I[fp2 + code[pc + 2]!]! >>> I[fp2 + code[pc + 3]!]!; pc += 4; break;
      case Op.I32Rotl: {
        const a = I[fp2 + code[pc + 2]!]!;
        const b = I[fp2 + code[pc + 3]!]! & 31;
        I[fp2 + code[pc + 1]!] = (a << b) | (a >>> (32 - b));
        pc += 4;
        break;
      }
      case Op.I32Rotr: {
        const a = I[fp2 + code[pc + 2]!]!;
        const b = I[fp2 + code[pc + 3]!]! & 31;
        I[fp2 + code[pc + 1]!] = (a >>> b) | (a << (32 - b));
        pc += 4;
        break;
      }

      // ---------------- i64 on halves ----------------
      case Op.I64Eqz: {
        const a = fp2 + code[pc + 2]!;
        I[fp2 + code[pc + 1]!] = (I[a]! | I[a + 1]!) === 0 ? 1 : 0;
        pc += 3;
        break;
      }
      case Op.I64Eq: {
        const a = fp2 + code[pc + 2]!;
        const b = fp2 + code[pc + 3]!;
        I[fp2 + code[pc + 1]!] = I[a] === I[b] && I[a + 1] === I[b + 1] ? 1 : 0;
        pc += 4;
        break;
      }
      case Op.I64Ne: {
        const a = fp2 + code[pc + 2]!;
        const b = fp2 + code[pc + 3]!;
        I[fp2 + code[pc + 1]!] = I[a] !== I[b] || I[a + 1] !== I[b + 1] ? 1 : 0;
        pc += 4;
        break;
      }
      case Op.I64LtS: case Op.I64LtU: case Op.I64GtS: case Op.I64GtU:
      case Op.I64LeS: case Op.I64LeU: case Op.I64GeS: case Op.I64GeU: {
        const a = fp2 + code[pc + 2]!;
        const b = fp2 + code[pc + 3]!;
        const op = code[pc]!;
        const signed = op === Op.I64LtS || op === Op.I64GtS || op === Op.I64LeS || op === Op.I64GeS;
        const ah = I[a + 1]!;
        const bh = I[b + 1]!;
        // -1, 0, 1 comparison of the 64-bit values
        let c: number;
        if (ah !== bh) c = signed ? (ah < bh ? -1 : 1) : ah >>> 0 < bh >>> 0 ? -1 : 1;
        else {
          const al = I[a]! >>> 0;
          const bl = I[b]! >>> 0;
          c = al === bl ? 0 : al < bl ? -1 : 1;
        }
        let r: boolean;
        switch (op) {
          case Op.I64LtS: case Op.I64LtU: r = c < 0; break;
          case Op.I64GtS: case Op.I64GtU: r = c > 0; break;
          case Op.I64LeS: case Op.I64LeU: r = c <= 0; break;
          default: r = c >= 0;
        }
        I[fp2 + code[pc + 1]!] = r ? 1 : 0;
        pc += 4;
        break;
      }
      case Op.I64Add: {
        const a = fp2 + code[pc + 2]!;
        const b = fp2 + code[pc + 3]!;
        const d = fp2 + code[pc + 1]!;
        const al = I[a]!;
        const lo = (al + I[b]!) | 0;
        const hi = (I[a + 1]! + I[b + 1]! + (lo >>> 0 < al >>> 0 ? 1 : 0)) | 0;
        I[d] = lo;
        I[d + 1] = hi;
        pc += 4;
        break;
      }
      case Op.I64Sub: {
        const a = fp2 + code[pc + 2]!;
        const b = fp2 + code[pc + 3]!;
        const d = fp2 + code[pc + 1]!;
        const al = I[a]!;
        const bl = I[b]!;
        const hi = (I[a + 1]! - I[b + 1]! - (al >>> 0 < bl >>> 0 ? 1 : 0)) | 0;
        I[d] = (al - bl) | 0;
        I[d + 1] = hi;
        pc += 4;
        break;
      }
      case Op.I64And: {
        const a = fp2 + code[pc + 2]!;
        const b = fp2 + code[pc + 3]!;
        const d = fp2 + code[pc + 1]!;
        I[d] = I[a]! & I[b]!;
        I[d + 1] = I[a + 1]! & I[b + 1]!;
        pc += 4;
        break;
      }
      case Op.I64Or: {
        const a = fp2 + code[pc + 2]!;
        const b = fp2 + code[pc + 3]!;
        const d = fp2 + code[pc + 1]!;
        I[d] = I[a]! | I[b]!;
        I[d + 1] = I[a + 1]! | I[b + 1]!;
        pc += 4;
        break;
      }
      case Op.I64Xor: {
        const a = fp2 + code[pc + 2]!;
        const b = fp2 + code[pc + 3]!;
        const d = fp2 + code[pc + 1]!;
        I[d] = I[a]! ^ I[b]!;
        I[d + 1] = I[a + 1]! ^ I[b + 1]!;
        pc += 4;
        break;
      }
      case Op.I64Mul: case Op.I64DivS: case Op.I64DivU: case Op.I64RemS: case Op.I64RemU:
      case Op.I64Shl: case Op.I64ShrS: case Op.I64ShrU: case Op.I64Rotl: case Op.I64Rotr: {
        const a = fp2 + code[pc + 2]!;
        const b = fp2 + code[pc + 3]!;
        const d = fp2 + code[pc + 1]!;
        const al = I[a]!, ah = I[a + 1]!, bl = I[b]!, bh = I[b + 1]!;
        switch (code[pc]) {
          case Op.I64Mul: I64N.mul(al, ah, bl, bh, I, d); break;
          case Op.I64DivS: I64N.divS(al, ah, bl, bh, I, d); break;
          case Op.I64DivU: I64N.divU(al, ah, bl, bh, I, d); break;
          case Op.I64RemS: I64N.remS(al, ah, bl, bh, I, d); break;
          case Op.I64RemU: I64N.remU(al, ah, bl, bh, I, d); break;
          case Op.I64Shl: I64N.shl(al, ah, bl, I, d); break;
          case Op.I64ShrS: I64N.shrS(al, ah, bl, I, d); break;
          case Op.I64ShrU: I64N.shrU(al, ah, bl, I, d); break;
          case Op.I64Rotl: I64N.rotl(al, ah, bl, I, d); break;
          default: I64N.rotr(al, ah, bl, I, d); break;
        }
        void bh;
        pc += 4;
        break;
      }

      // ---------------- floats: values through the f32/f64 views, bit ops on i32 ----------------
      case Op.F32Eq: I[fp2 + code[pc + 1]!] = F32[fp2 + code[pc + 2]!] === F32[fp2 + code[pc + 3]!] ? 1 : 0; pc += 4; break;
      case Op.F32Ne: I[fp2 + code[pc + 1]!] = F32[fp2 + code[pc + 2]!] !== F32[fp2 + code[pc + 3]!] ? 1 : 0; pc += 4; break;
      case Op.F32Lt: I[fp2 + code[pc + 1]!] = F32[fp2 + code[pc + 2]!]! < F32[fp2 + code[pc + 3]!]! ? 1 : 0; pc += 4; break;
      case Op.F32Gt: I[fp2 + code[pc + 1]!] = F32[fp2 + code[pc + 2]!]! > F32[fp2 + code[pc + 3]!]! ? 1 : 0; pc += 4; break;
      case Op.F32Le: I[fp2 + code[pc + 1]!] = F32[fp2 + code[pc + 2]!]! <= F32[fp2 + code[pc + 3]!]! ? 1 : 0; pc += 4; break;
      case Op.F32Ge: I[fp2 + code[pc + 1]!] = F32[fp2 + code[pc + 2]!]! >= F32[fp2 + code[pc + 3]!]! ? 1 : 0; pc += 4; break;
      case Op.F64Eq: I[fp2 + code[pc + 1]!] = F64[(fp2 + code[pc + 2]!) >> 1] === F64[(fp2 + code[pc + 3]!) >> 1] ? 1 : 0; pc += 4; break;
      case Op.F64Ne: I[fp2 + code[pc + 1]!] = F64[(fp2 + code[pc + 2]!) >> 1] !== F64[(fp2 + code[pc + 3]!) >> 1] ? 1 : 0; pc += 4; break;
      case Op.F64Lt: I[fp2 + code[pc + 1]!] = F64[(fp2 + code[pc + 2]!) >> 1]! < F64[(fp2 + code[pc + 3]!) >> 1]! ? 1 : 0; pc += 4; break;
      case Op.F64Gt: I[fp2 + code[pc + 1]!] = F64[(fp2 + code[pc + 2]!) >> 1]! > F64[(fp2 + code[pc + 3]!) >> 1]! ? 1 : 0; pc += 4; break;
      case Op.F64Le: I[fp2 + code[pc + 1]!] = F64[(fp2 + code[pc + 2]!) >> 1]! <= F64[(fp2 + code[pc + 3]!) >> 1]! ? 1 : 0; pc += 4; break;
      case Op.F64Ge: I[fp2 + code[pc + 1]!] = F64[(fp2 + code[pc + 2]!) >> 1]! >= F64[(fp2 + code[pc + 3]!) >> 1]! ? 1 : 0; pc += 4; break;
      case Op.F32Abs: I[fp2 + code[pc + 1]!] = I[fp2 + code[pc + 2]!]! & 0x7fffffff; pc += 3; break;
      case Op.F32Neg: I[fp2 + code[pc + 1]!] = I[fp2 + code[pc + 2]!]! ^ 0x80000000; pc += 3; break;
      case Op.F32Copysign:
        I[fp2 + code[pc + 1]!] = (I[fp2 + code[pc + 2]!]! & 0x7fffffff) | (I[fp2 + code[pc + 3]!]! & 0x80000000);
        pc += 4;
        break;
      case Op.F64Abs: {
        const d = fp2 + code[pc + 1]!;
        const a = fp2 + code[pc + 2]!;
        I[d] = I[a]!;
        I[d + 1] = I[a + 1]! & 0x7fffffff;
        pc += 3;
        break;
      }
      case Op.F64Neg: {
        const d = fp2 + code[pc + 1]!;
        const a = fp2 + code[pc + 2]!;
        I[d] = I[a]!;
        I[d + 1] = I[a + 1]! ^ 0x80000000;
        pc += 3;
        break;
      }
      case Op.F64Copysign: {
        const d = fp2 + code[pc + 1]!;
        const a = fp2 + code[pc + 2]!;
        const b = fp2 + code[pc + 3]!;
        I[d] = I[a]!;
        I[d + 1] = (I[a + 1]! & 0x7fffffff) | (I[b + 1]! & 0x80000000);
        pc += 4;
        break;
      }
      case Op.F32Add: F32[fp2 + code[pc + 1]!] = F32[fp2 + code[pc + 2]!]! + F32[fp2 + code[pc + 3]!]!; pc += 4; break;
      case Op.F32Sub: F32[fp2 + code[pc + 1]!] = F32[fp2 + code[pc + 2]!]! - F32[fp2 + code[pc + 3]!]!; pc += 4; break;
      case Op.F32Mul: F32[fp2 + code[pc + 1]!] = F32[fp2 + code[pc + 2]!]! * F32[fp2 + code[pc + 3]!]!; pc += 4; break;
      case Op.F32Div: F32[fp2 + code[pc + 1]!] = F32[fp2 + code[pc + 2]!]! / F32[fp2 + code[pc + 3]!]!; pc += 4; break;
      case Op.F64Sqrt: F64[(fp2 + code[pc + 1]!) >> 1] = Math.sqrt(F64[(fp2 + code[pc + 2]!) >> 1]!); pc += 3; break;
      case Op.F64Add: F64[(fp2 + code[pc + 1]!) >> 1] = F64[(fp2 + code[pc + 2]!) >> 1]! + F64[(fp2 + code[pc + 3]!) >> 1]!; pc += 4; break;
      case Op.F64Sub: F64[(fp2 + code[pc + 1]!) >> 1] = F64[(fp2 + code[pc + 2]!) >> 1]! - F64[(fp2 + code[pc + 3]!) >> 1]!; pc += 4; break;
      case Op.F64Mul: F64[(fp2 + code[pc + 1]!) >> 1] = F64[(fp2 + code[pc + 2]!) >> 1]! * F64[(fp2 + code[pc + 3]!) >> 1]!; pc += 4; break;
      case Op.F64Div: F64[(fp2 + code[pc + 1]!) >> 1] = F64[(fp2 + code[pc + 2]!) >> 1]! / F64[(fp2 + code[pc + 3]!) >> 1]!; pc += 4; break;

      // ---------------- conversions: [op, dst, a] ----------------
      case Op.I32WrapI64: I[fp2 + code[pc + 1]!] = I[fp2 + code[pc + 2]!]!; pc += 3; break;
      case Op.I64ExtendI32S: {
        const d = fp2 + code[pc + 1]!;
        const v = I[fp2 + code[pc + 2]!]!;
        I[d] = v;
        I[d + 1] = v >> 31;
        pc += 3;
        break;
      }
      case Op.I64ExtendI32U: {
        const d = fp2 + code[pc + 1]!;
        I[d] = I[fp2 + code[pc + 2]!]!;
        I[d + 1] = 0;
        pc += 3;
        break;
      }
      case Op.F32ConvertI32S: F32[fp2 + code[pc + 1]!] = I[fp2 + code[pc + 2]!]!; pc += 3; break;
      case Op.F32ConvertI32U: F32[fp2 + code[pc + 1]!] = I[fp2 + code[pc + 2]!]! >>> 0; pc += 3; break;
      case Op.F32DemoteF64: F32[fp2 + code[pc + 1]!] = F64[(fp2 + code[pc + 2]!) >> 1]!; pc += 3; break;
      case Op.F64ConvertI32S: F64[(fp2 + code[pc + 1]!) >> 1] = I[fp2 + code[pc + 2]!]!; pc += 3; break;
      case Op.F64ConvertI32U: F64[(fp2 + code[pc + 1]!) >> 1] = I[fp2 + code[pc + 2]!]! >>> 0; pc += 3; break;
      case Op.F64PromoteF32: F64[(fp2 + code[pc + 1]!) >> 1] = F32[fp2 + code[pc + 2]!]!; pc += 3; break;
      case Op.I32Extend8S: I[fp2 + code[pc + 1]!] = (I[fp2 + code[pc + 2]!]! << 24) >> 24; pc += 3; break;
      case Op.I32Extend16S: I[fp2 + code[pc + 1]!] = (I[fp2 + code[pc + 2]!]! << 16) >> 16; pc += 3; break;
      case Op.I64Extend8S: {
        const d = fp2 + code[pc + 1]!;
        const v = (I[fp2 + code[pc + 2]!]! << 24) >> 24;
        I[d] = v;
        I[d + 1] = v >> 31;
        pc += 3;
        break;
      }
      case Op.I64Extend16S: {
        const d = fp2 + code[pc + 1]!;
        const v = (I[fp2 + code[pc + 2]!]! << 16) >> 16;
        I[d] = v;
        I[d + 1] = v >> 31;
        pc += 3;
        break;
      }
      case Op.I64Extend32S: {
        const d = fp2 + code[pc + 1]!;
        const v = I[fp2 + code[pc + 2]!]!;
        I[d] = v;
        I[d + 1] = v >> 31;
        pc += 3;
        break;
      }

      // ---------------- immediate and fused forms ----------------
      case Op.I32AddImm: I[fp2 + code[pc + 1]!] = (I[fp2 + code[pc + 2]!]! + code[pc + 3]!) | 0; pc += 4; break;
      case Op.I32SubImm: I[fp2 + code[pc + 1]!] = (I[fp2 + code[pc + 2]!]! - code[pc + 3]!) | 0; pc += 4; break;
      case Op.I32AndImm: I[fp2 + code[pc + 1]!] = I[fp2 + code[pc + 2]!]! & code[pc + 3]!; pc += 4; break;
      case Op.I32ShlImm: I[fp2 + code[pc + 1]!] = I[fp2 + code[pc + 2]!]! << code[pc + 3]!; pc += 4; break;
      case Op.I32ShrSImm: I[fp2 + code[pc + 1]!] = I[fp2 + code[pc + 2]!]! >> code[pc + 3]!; pc += 4; break;
      case Op.I32ShrUImm: I[fp2 + code[pc + 1]!] = I[fp2 + code[pc + 2]!]! >>> code[pc + 3]!; pc += 4; break;
      case Op.I32OrImm: I[fp2 + code[pc + 1]!] = I[fp2 + code[pc + 2]!]! | code[pc + 3]!; pc += 4; break;
      case Op.I32XorImm: I[fp2 + code[pc + 1]!] = I[fp2 + code[pc + 2]!]! ^ code[pc + 3]!; pc += 4; break;
      case Op.I32MulImm: I[fp2 + code[pc + 1]!] = Math.imul(I[fp2 + code[pc + 2]!]!, code[pc + 3]!); pc += 4; break;
      case Op.I32RotlImm: {
        // [op, dst, a, k] with 0 < k < 32 (the translator folds k mod 32 and drops k = 0)
        const a = I[fp2 + code[pc + 2]!]!;
        const k = code[pc + 3]!;
        I[fp2 + code[pc + 1]!] = (a << k) | (a >>> (32 - k));
        pc += 4;
        break;
      }
      case Op.I32RotrImm: {
        const a = I[fp2 + code[pc + 2]!]!;
        const k = code[pc + 3]!;
        I[fp2 + code[pc + 1]!] = (a >>> k) | (a << (32 - k));
        pc += 4;
        break;
      }
      // [op, a, target]
      case Op.I32EqzBrIf: pc = I[fp2 + code[pc + 1]!] === 0 ? code[pc + 2]! : pc + 3; break;
      case Op.I32EqzBrIfZ: pc = I[fp2 + code[pc + 1]!] !== 0 ? code[pc + 2]! : pc + 3; break;
      // [op, a, b, target]
      case Op.I32EqBrIf: pc = I[fp2 + code[pc + 1]!] === I[fp2 + code[pc + 2]!] ? code[pc + 3]! : pc + 4; break;
      case Op.I32NeBrIf: pc = I[fp2 + code[pc + 1]!] !== I[fp2 + code[pc + 2]!] ? code[pc + 3]! : pc + 4; break;
      case Op.I32LtSBrIf: pc = I[fp2 + code[pc + 1]!]! < I[fp2 + code[pc + 2]!]! ? code[pc + 3]! : pc + 4; break;
      case Op.I32LtUBrIf: pc = I[fp2 + code[pc + 1]!]! >>> 0 < I[fp2 + code[pc + 2]!]! >>> 0 ? code[pc + 3]! : pc + 4; break;
      case Op.I32GtSBrIf: pc = I[fp2 + code[pc + 1]!]! > I[fp2 + code[pc + 2]!]! ? code[pc + 3]! : pc + 4; break;
      case Op.I32GtUBrIf: pc = I[fp2 + code[pc + 1]!]! >>> 0 > I[fp2 + code[pc + 2]!]! >>> 0 ? code[pc + 3]! : pc + 4; break;
      case Op.I32LeSBrIf: pc = I[fp2 + code[pc + 1]!]! <= I[fp2 + code[pc + 2]!]! ? code[pc + 3]! : pc + 4; break;
      case Op.I32LeUBrIf: pc = I[fp2 + code[pc + 1]!]! >>> 0 <= I[fp2 + code[pc + 2]!]! >>> 0 ? code[pc + 3]! : pc + 4; break;
      case Op.I32GeSBrIf: pc = I[fp2 + code[pc + 1]!]! >= I[fp2 + code[pc + 2]!]! ? code[pc + 3]! : pc + 4; break;
      case Op.I32GeUBrIf: pc = I[fp2 + code[pc + 1]!]! >>> 0 >= I[fp2 + code[pc + 2]!]! >>> 0 ? code[pc + 3]! : pc + 4; break;

      case Op.I32EqImm: I[fp2 + code[pc + 1]!] = I[fp2 + code[pc + 2]!]! === code[pc + 3]! ? 1 : 0; pc += 4; break;
      case Op.I32NeImm: I[fp2 + code[pc + 1]!] = I[fp2 + code[pc + 2]!]! !== code[pc + 3]! ? 1 : 0; pc += 4; break;
      case Op.I32LtSImm: I[fp2 + code[pc + 1]!] = I[fp2 + code[pc + 2]!]! < code[pc + 3]! ? 1 : 0; pc += 4; break;
      case Op.I32LtUImm: I[fp2 + code[pc + 1]!] = I[fp2 + code[pc + 2]!]! >>> 0 < code[pc + 3]! >>> 0 ? 1 : 0; pc += 4; break;
      case Op.I32GtSImm: I[fp2 + code[pc + 1]!] = I[fp2 + code[pc + 2]!]! > code[pc + 3]! ? 1 : 0; pc += 4; break;
      case Op.I32GtUImm: I[fp2 + code[pc + 1]!] = I[fp2 + code[pc + 2]!]! >>> 0 > code[pc + 3]! >>> 0 ? 1 : 0; pc += 4; break;
      case Op.I32LeSImm: I[fp2 + code[pc + 1]!] = I[fp2 + code[pc + 2]!]! <= code[pc + 3]! ? 1 : 0; pc += 4; break;
      case Op.I32LeUImm: I[fp2 + code[pc + 1]!] = I[fp2 + code[pc + 2]!]! >>> 0 <= code[pc + 3]! >>> 0 ? 1 : 0; pc += 4; break;
      case Op.I32GeSImm: I[fp2 + code[pc + 1]!] = I[fp2 + code[pc + 2]!]! >= code[pc + 3]! ? 1 : 0; pc += 4; break;
      case Op.I32GeUImm: I[fp2 + code[pc + 1]!] = I[fp2 + code[pc + 2]!]! >>> 0 >= code[pc + 3]! >>> 0 ? 1 : 0; pc += 4; break;
      // [op, a, imm, target]
      case Op.I32EqImmBrIf: pc = I[fp2 + code[pc + 1]!]! === code[pc + 2]! ? code[pc + 3]! : pc + 4; break;
      case Op.I32NeImmBrIf: pc = I[fp2 + code[pc + 1]!]! !== code[pc + 2]! ? code[pc + 3]! : pc + 4; break;
      case Op.I32LtSImmBrIf: pc = I[fp2 + code[pc + 1]!]! < code[pc + 2]! ? code[pc + 3]! : pc + 4; break;
      case Op.I32LtUImmBrIf: pc = I[fp2 + code[pc + 1]!]! >>> 0 < code[pc + 2]! >>> 0 ? code[pc + 3]! : pc + 4; break;
      case Op.I32GtSImmBrIf: pc = I[fp2 + code[pc + 1]!]! > code[pc + 2]! ? code[pc + 3]! : pc + 4; break;
      case Op.I32GtUImmBrIf: pc = I[fp2 + code[pc + 1]!]! >>> 0 > code[pc + 2]! >>> 0 ? code[pc + 3]! : pc + 4; break;
      case Op.I32LeSImmBrIf: pc = I[fp2 + code[pc + 1]!]! <= code[pc + 2]! ? code[pc + 3]! : pc + 4; break;
      case Op.I32LeUImmBrIf: pc = I[fp2 + code[pc + 1]!]! >>> 0 <= code[pc + 2]! >>> 0 ? code[pc + 3]! : pc + 4; break;
      case Op.I32GeSImmBrIf: pc = I[fp2 + code[pc + 1]!]! >= code[pc + 2]! ? code[pc + 3]! : pc + 4; break;
      case Op.I32GeUImmBrIf: pc = I[fp2 + code[pc + 1]!]! >>> 0 >= code[pc + 2]! >>> 0 ? code[pc + 3]! : pc + 4; break;

      case Op.MemGrowG:
        MG.growGeneric(I, fp2, code, pc, inst);
        mem = inst.memories[0];
        if (mem) { dv = mem.dv; u8 = mem.u8; memLen = mem.buffer.byteLength; }
        pc += 4;
        break;

      default:
        pc = runRare(code[pc]!, I, F32, F64, R, code, pc, fp2, inst, unsupported);
        break;
    }
  }
}

/**
 * The instructions kept out of the main loop: rare in hot code (tables, bulk memory, reference
 * operations, bit counting, rounding, trapping conversions, wide arithmetic, the generic memory
 * paths, atomics). A smaller loop compiles faster and better; these pay one call each.
 * Returns the next pc.
 */
function runRare(
  op: number, I: Int32Array, F32: Float32Array, F64: Float64Array, R: unknown[], code: Int32Array, pc: number,
  fp2: number, inst: ModuleInstance, unsupported: readonly string[],
): number {
  switch (op) {
      case Op.RefNull: R[(fp2 + code[pc + 1]!) >> 1] = null; pc += 2; break;
      case Op.RefFunc: R[(fp2 + code[pc + 1]!) >> 1] = inst.funcs[code[pc + 2]!]; pc += 3; break;
      case Op.RefIsNull: I[fp2 + code[pc + 1]!] = R[(fp2 + code[pc + 2]!) >> 1] === null ? 1 : 0; pc += 3; break;
      case Op.RefAsNonNull: {
        const v = R[(fp2 + code[pc + 2]!) >> 1];
        if (v === null) trap('null reference');
        R[(fp2 + code[pc + 1]!) >> 1] = v;
        pc += 3;
        break;
      }
      case Op.SelectRef:
        R[(fp2 + code[pc + 1]!) >> 1] = R[(fp2 + (I[fp2 + code[pc + 4]!] !== 0 ? code[pc + 2]! : code[pc + 3]!)) >> 1];
        pc += 5;
        break;
      case Op.GlobalGetRef: R[(fp2 + code[pc + 1]!) >> 1] = inst.globals[code[pc + 2]!]!.ref; pc += 3; break;
      case Op.GlobalSetRef: inst.globals[code[pc + 1]!]!.ref = R[(fp2 + code[pc + 2]!) >> 1]; pc += 3; break;
      case Op.I64SatU32: {
        const a = fp2 + code[pc + 2]!;
        I[fp2 + code[pc + 1]!] = I[a + 1] !== 0 ? -1 : I[a]!;
        pc += 3;
        break;
      }
      case Op.I64Add128:
      case Op.I64Sub128: {
        const a = fp2 + code[pc + 2]!;
        const b = fp2 + code[pc + 3]!;
        const c = fp2 + code[pc + 4]!;
        const e = fp2 + code[pc + 5]!;
        (code[pc] === Op.I64Add128 ? I64N.add128 : I64N.sub128)(
          I[a]!, I[a + 1]!, I[b]!, I[b + 1]!, I[c]!, I[c + 1]!, I[e]!, I[e + 1]!, I, fp2 + code[pc + 1]!);
        pc += 6;
        break;
      }
      case Op.I64MulWideS:
      case Op.I64MulWideU: {
        const a = fp2 + code[pc + 2]!;
        const b = fp2 + code[pc + 3]!;
        (code[pc] === Op.I64MulWideS ? I64N.mulWideS : I64N.mulWideU)(I[a]!, I[a + 1]!, I[b]!, I[b + 1]!, I, fp2 + code[pc + 1]!);
        pc += 4;
        break;
      }
      case Op.MemoryFill: {
        // [op, dst, value, len, mem]
        const mi = inst.memories[code[pc + 4]!]!;
        const d = I[fp2 + code[pc + 1]!]! >>> 0;
        const n = I[fp2 + code[pc + 3]!]! >>> 0;
        if (d + n > mi.u8.length) trap('out of bounds memory access');
        mi.u8.fill(I[fp2 + code[pc + 2]!]! & 0xff, d, d + n);
        pc += 5;
        break;
      }
      case Op.MemoryCopy: {
        // [op, dst, src, len, dstMem, srcMem]
        const md = inst.memories[code[pc + 4]!]!;
        const ms = inst.memories[code[pc + 5]!]!;
        const d = I[fp2 + code[pc + 1]!]! >>> 0;
        const s = I[fp2 + code[pc + 2]!]! >>> 0;
        const n = I[fp2 + code[pc + 3]!]! >>> 0;
        if (s + n > ms.u8.length || d + n > md.u8.length) trap('out of bounds memory access');
        md.u8.set(ms.u8.subarray(s, s + n), d);
        pc += 6;
        break;
      }
      case Op.MemoryInit: {
        // [op, dst, src, len, data, mem]
        const mi = inst.memories[code[pc + 5]!]!;
        const seg = inst.datas[code[pc + 4]!];
        const segLen = seg ? seg.length : 0;
        const d = I[fp2 + code[pc + 1]!]! >>> 0;
        const s = I[fp2 + code[pc + 2]!]! >>> 0;
        const n = I[fp2 + code[pc + 3]!]! >>> 0;
        if (s + n > segLen || d + n > mi.u8.length) trap('out of bounds memory access');
        if (n > 0) mi.u8.set(seg!.subarray(s, s + n), d);
        pc += 6;
        break;
      }
      case Op.DataDrop: inst.datas[code[pc + 1]!] = null; pc += 2; break;
      case Op.TableGet: {
        // [op, dst, idx, table]
        const t = inst.tables[code[pc + 3]!]!;
        const i = I[fp2 + code[pc + 2]!]! >>> 0;
        if (i >= t.elements.length) trap('out of bounds table access');
        R[(fp2 + code[pc + 1]!) >> 1] = t.elements[i];
        pc += 4;
        break;
      }
      case Op.TableSet: {
        // [op, idx, value, table]
        const t = inst.tables[code[pc + 3]!]!;
        const i = I[fp2 + code[pc + 1]!]! >>> 0;
        if (i >= t.elements.length) trap('out of bounds table access');
        t.elements[i] = R[(fp2 + code[pc + 2]!) >> 1];
        pc += 4;
        break;
      }
      case Op.TableSize: I[fp2 + code[pc + 1]!] = inst.tables[code[pc + 2]!]!.elements.length; pc += 3; break;
      case Op.TableGrow: {
        // [op, dst, init, delta, table]
        const t = inst.tables[code[pc + 4]!]!;
        I[fp2 + code[pc + 1]!] = t.grow(I[fp2 + code[pc + 3]!]! >>> 0, R[(fp2 + code[pc + 2]!) >> 1]);
        pc += 5;
        break;
      }
      case Op.TableFill: {
        // [op, idx, value, len, table]
        const t = inst.tables[code[pc + 4]!]!;
        const i = I[fp2 + code[pc + 1]!]! >>> 0;
        const n = I[fp2 + code[pc + 3]!]! >>> 0;
        if (i + n > t.elements.length) trap('out of bounds table access');
        t.elements.fill(R[(fp2 + code[pc + 2]!) >> 1], i, i + n);
        pc += 5;
        break;
      }
      case Op.TableCopy: {
        // [op, dst, src, len, dstTable, srcTable]
        const td = inst.tables[code[pc + 4]!]!;
        const ts = inst.tables[code[pc + 5]!]!;
        const d = I[fp2 + code[pc + 1]!]! >>> 0;
        const s = I[fp2 + code[pc + 2]!]! >>> 0;
        const n = I[fp2 + code[pc + 3]!]! >>> 0;
        if (s + n > ts.elements.length || d + n > td.elements.length) trap('out of bounds table access');
        if (n > 0) {
          const tmp = ts.elements.slice(s, s + n);
          for (let k = 0; k < n; k++) td.elements[d + k] = tmp[k];
        }
        pc += 6;
        break;
      }
      case Op.TableInit: {
        // [op, dst, src, len, elem, table]
        const t = inst.tables[code[pc + 5]!]!;
        const seg = inst.elems[code[pc + 4]!];
        const segLen = seg ? seg.length : 0;
        const d = I[fp2 + code[pc + 1]!]! >>> 0;
        const s = I[fp2 + code[pc + 2]!]! >>> 0;
        const n = I[fp2 + code[pc + 3]!]! >>> 0;
        if (s + n > segLen || d + n > t.elements.length) trap('out of bounds table access');
        for (let k = 0; k < n; k++) t.elements[d + k] = seg![s + k];
        pc += 6;
        break;
      }
      case Op.ElemDrop: inst.elems[code[pc + 1]!] = null; pc += 2; break;
      case Op.I32Clz: I[fp2 + code[pc + 1]!] = Math.clz32(I[fp2 + code[pc + 2]!]!); pc += 3; break;
      case Op.I32Ctz: I[fp2 + code[pc + 1]!] = I32N.ctz(I[fp2 + code[pc + 2]!]!); pc += 3; break;
      case Op.I32Popcnt: I[fp2 + code[pc + 1]!] = I32N.popcnt(I[fp2 + code[pc + 2]!]!); pc += 3; break;
      case Op.I64Clz: {
        const a = fp2 + code[pc + 2]!;
        const d = fp2 + code[pc + 1]!;
        const h = I[a + 1]!;
        I[d] = h !== 0 ? Math.clz32(h) : 32 + Math.clz32(I[a]!);
        I[d + 1] = 0;
        pc += 3;
        break;
      }
      case Op.I64Ctz: {
        const a = fp2 + code[pc + 2]!;
        const d = fp2 + code[pc + 1]!;
        const l = I[a]!;
        I[d] = l !== 0 ? I32N.ctz(l) : 32 + I32N.ctz(I[a + 1]!);
        I[d + 1] = 0;
        pc += 3;
        break;
      }
      case Op.I64Popcnt: {
        const a = fp2 + code[pc + 2]!;
        const d = fp2 + code[pc + 1]!;
        I[d] = I32N.popcnt(I[a]!) + I32N.popcnt(I[a + 1]!);
        I[d + 1] = 0;
        pc += 3;
        break;
      }
      case Op.F32Ceil: F32[fp2 + code[pc + 1]!] = FN.ceil(F32[fp2 + code[pc + 2]!]!); pc += 3; break;
      case Op.F32Floor: F32[fp2 + code[pc + 1]!] = FN.floor(F32[fp2 + code[pc + 2]!]!); pc += 3; break;
      case Op.F32Trunc: F32[fp2 + code[pc + 1]!] = FN.trunc(F32[fp2 + code[pc + 2]!]!); pc += 3; break;
      case Op.F32Nearest: F32[fp2 + code[pc + 1]!] = FN.nearest(F32[fp2 + code[pc + 2]!]!); pc += 3; break;
      case Op.F32Sqrt: F32[fp2 + code[pc + 1]!] = Math.sqrt(F32[fp2 + code[pc + 2]!]!); pc += 3; break;
      case Op.F32Min: F32[fp2 + code[pc + 1]!] = FN.min(F32[fp2 + code[pc + 2]!]!, F32[fp2 + code[pc + 3]!]!); pc += 4; break;
      case Op.F32Max: F32[fp2 + code[pc + 1]!] = FN.max(F32[fp2 + code[pc + 2]!]!, F32[fp2 + code[pc + 3]!]!); pc += 4; break;
      case Op.F64Ceil: F64[(fp2 + code[pc + 1]!) >> 1] = FN.ceil(F64[(fp2 + code[pc + 2]!) >> 1]!); pc += 3; break;
      case Op.F64Floor: F64[(fp2 + code[pc + 1]!) >> 1] = FN.floor(F64[(fp2 + code[pc + 2]!) >> 1]!); pc += 3; break;
      case Op.F64Trunc: F64[(fp2 + code[pc + 1]!) >> 1] = FN.trunc(F64[(fp2 + code[pc + 2]!) >> 1]!); pc += 3; break;
      case Op.F64Nearest: F64[(fp2 + code[pc + 1]!) >> 1] = FN.nearest(F64[(fp2 + code[pc + 2]!) >> 1]!); pc += 3; break;
      case Op.F64Min: F64[(fp2 + code[pc + 1]!) >> 1] = FN.min(F64[(fp2 + code[pc + 2]!) >> 1]!, F64[(fp2 + code[pc + 3]!) >> 1]!); pc += 4; break;
      case Op.F64Max: F64[(fp2 + code[pc + 1]!) >> 1] = FN.max(F64[(fp2 + code[pc + 2]!) >> 1]!, F64[(fp2 + code[pc + 3]!) >> 1]!); pc += 4; break;
      case Op.I32TruncF32S: I[fp2 + code[pc + 1]!] = CV.i32TruncS(F32[fp2 + code[pc + 2]!]!); pc += 3; break;
      case Op.I32TruncF32U: I[fp2 + code[pc + 1]!] = CV.i32TruncU(F32[fp2 + code[pc + 2]!]!); pc += 3; break;
      case Op.I32TruncF64S: I[fp2 + code[pc + 1]!] = CV.i32TruncS(F64[(fp2 + code[pc + 2]!) >> 1]!); pc += 3; break;
      case Op.I32TruncF64U: I[fp2 + code[pc + 1]!] = CV.i32TruncU(F64[(fp2 + code[pc + 2]!) >> 1]!); pc += 3; break;
      case Op.I32TruncSatF32S: I[fp2 + code[pc + 1]!] = CV.i32TruncSatS(F32[fp2 + code[pc + 2]!]!); pc += 3; break;
      case Op.I32TruncSatF32U: I[fp2 + code[pc + 1]!] = CV.i32TruncSatU(F32[fp2 + code[pc + 2]!]!); pc += 3; break;
      case Op.I32TruncSatF64S: I[fp2 + code[pc + 1]!] = CV.i32TruncSatS(F64[(fp2 + code[pc + 2]!) >> 1]!); pc += 3; break;
      case Op.I32TruncSatF64U: I[fp2 + code[pc + 1]!] = CV.i32TruncSatU(F64[(fp2 + code[pc + 2]!) >> 1]!); pc += 3; break;
      case Op.I64TruncF32S: CV.i64TruncS(F32[fp2 + code[pc + 2]!]!, I, fp2 + code[pc + 1]!); pc += 3; break;
      case Op.I64TruncF32U: CV.i64TruncU(F32[fp2 + code[pc + 2]!]!, I, fp2 + code[pc + 1]!); pc += 3; break;
      case Op.I64TruncF64S: CV.i64TruncS(F64[(fp2 + code[pc + 2]!) >> 1]!, I, fp2 + code[pc + 1]!); pc += 3; break;
      case Op.I64TruncF64U: CV.i64TruncU(F64[(fp2 + code[pc + 2]!) >> 1]!, I, fp2 + code[pc + 1]!); pc += 3; break;
      case Op.I64TruncSatF32S: CV.i64TruncSatS(F32[fp2 + code[pc + 2]!]!, I, fp2 + code[pc + 1]!); pc += 3; break;
      case Op.I64TruncSatF32U: CV.i64TruncSatU(F32[fp2 + code[pc + 2]!]!, I, fp2 + code[pc + 1]!); pc += 3; break;
      case Op.I64TruncSatF64S: CV.i64TruncSatS(F64[(fp2 + code[pc + 2]!) >> 1]!, I, fp2 + code[pc + 1]!); pc += 3; break;
      case Op.I64TruncSatF64U: CV.i64TruncSatU(F64[(fp2 + code[pc + 2]!) >> 1]!, I, fp2 + code[pc + 1]!); pc += 3; break;
      case Op.F32ConvertI64S: {
        const a = fp2 + code[pc + 2]!;
        F32[fp2 + code[pc + 1]!] = CV.f32ConvertI64S(I[a]!, I[a + 1]!);
        pc += 3;
        break;
      }
      case Op.F32ConvertI64U: {
        const a = fp2 + code[pc + 2]!;
        F32[fp2 + code[pc + 1]!] = CV.f32ConvertI64U(I[a]!, I[a + 1]!);
        pc += 3;
        break;
      }
      case Op.F64ConvertI64S: {
        const a = fp2 + code[pc + 2]!;
        F64[(fp2 + code[pc + 1]!) >> 1] = CV.f64ConvertI64S(I[a]!, I[a + 1]!);
        pc += 3;
        break;
      }
      case Op.F64ConvertI64U: {
        const a = fp2 + code[pc + 2]!;
        F64[(fp2 + code[pc + 1]!) >> 1] = CV.f64ConvertI64U(I[a]!, I[a + 1]!);
        pc += 3;
        break;
      }
      case Op.MemLoadG: MG.loadGeneric(I, fp2, code, pc, inst); pc += 7; break;
      case Op.MemStoreG: MG.storeGeneric(I, fp2, code, pc, inst); pc += 7; break;
      case Op.MemSizeG: MG.sizeGeneric(I, fp2, code, pc, inst); pc += 3; break;
      case Op.MemBulkG: MG.bulkGeneric(I, fp2, code, pc, inst); pc += 7; break;
      case Op.AtomicG: atomicGeneric(I, fp2, code, pc, inst); pc += 9; break;
      case Op.Unsupported: return trap(`unsupported instruction: ${unsupported[code[pc + 1]!] ?? '?'}`);
      default:
        return trap(`internal error: bad opcode ${code[pc]} at ${pc}`);
  }
  return pc;
}

/**
 * Looks for a handler of `e` thrown at m.curFn/curPc, then in the callers down to the entry
 * frame; on success sets m.curFn/curPc/curFp to resume there and returns true.
 */
function findHandler(m: Machine, e: WasmException, entryDepth: number): boolean {
  const I = m.i32;
  const R = m.refs;
  let fn = m.curFn!;
  let fp = m.curFp;
  let searchPc = m.curPc;
  let limit = 0x7fffffff;
  for (;;) {
    const inst = fn.instance;
    for (const hd of fn.compiled!.handlers) {
      if (searchPc < hd.start || searchPc >= hd.end || hd.depth > limit) continue;
      if (hd.delegateTo >= 0) {
        limit = hd.delegateTo;
        continue;
      }
      for (const c of hd.catches) {
        if (c.tag >= 0 && inst.tags[c.tag] !== e.tag) continue;
        // Transfer [exnref] payload [exnref] into the label's slots.
        let d = fp + c.dst;
        if (c.legacy) R[d++] = e;
        const n = c.tag >= 0 ? e.refs.length : 0;
        for (let k = 0; k < n; k++, d++) {
          I[d * 2] = e.bits[k * 2]!;
          I[d * 2 + 1] = e.bits[k * 2 + 1]!;
          R[d] = e.refs[k];
        }
        if (c.ref) R[d] = e;
        m.curFn = fn;
        m.curPc = c.target;
        m.curFp = fp;
        return true;
      }
    }
    if (m.depth === entryDepth) return false;
    const d = --m.depth;
    fn = m.frameFn[d]!;
    m.frameFn[d] = undefined;
    searchPc = m.framePc[d]! - 1;
    limit = 0x7fffffff;
    fp = m.frameFp[d]!;
  }
}

/** The function at `idx` of a table, checked for call_indirect (bounds, null, signature). */
function tableCallee(inst: ModuleInstance, table: number, idx: number, typeId: number): FuncInstance {
  const elements = inst.tables[table]!.elements;
  if (idx >= elements.length) trap('undefined element');
  const f = elements[idx] as FuncInstance | null;
  if (f === null) return trap('uninitialized element');
  if (f.typeId !== typeId) trap('indirect call type mismatch');
  return f;
}

/** Moves n whole slots (bits and references) from `from` down to `to` (to <= from). */
function moveSlots(m: Machine, from: number, to: number, n: number): void {
  if (from === to) return;
  const I = m.i32;
  const R = m.refs;
  for (let k = 0; k < n; k++) {
    I[(to + k) * 2] = I[(from + k) * 2]!;
    I[(to + k) * 2 + 1] = I[(from + k) * 2 + 1]!;
    R[to + k] = R[from + k];
  }
}

/** Zeroes a frame's declared locals (params are already in place). */
function zeroLocals(m: Machine, fn: WasmFunction, fp: number): void {
  const cc = fn.compiled!;
  const from = fp + cc.numParams;
  const to = fp + cc.numLocals;
  if (to > from) {
    m.i32.fill(0, from * 2, to * 2);
    if (cc.hasRefLocals) m.refs.fill(null, from, to);
  }
}

function callHost(m: Machine, f: HostFunction, base: number, _end: number): void {
  const savedBase = m.base;
  const savedSp = m.sp;
  const curFn = m.curFn;
  const curPc = m.curPc;
  const curFp = m.curFp;
  m.base = base;
  if (m.sp < base + Math.max(f.type.params.length, f.type.results.length)) m.sp = base + Math.max(f.type.params.length, f.type.results.length);
  try {
    f.call(m);
  } catch (e) {
    // A host function suspending the computation (suspend.ts): it resumes at this call.
    if (e instanceof SuspendSignal) {
      if (e.fn === undefined) e.fn = f;
      m.curFn = curFn;
      m.curPc = curPc;
      m.curFp = curFp;
    }
    throw e;
  } finally {
    m.base = savedBase;
    m.sp = savedSp;
  }
}
