// Validation of function bodies and constant expressions. Spec: WebAssembly Core 3.0 §3.3
// "Instructions", §3.4.x "Expressions", and the Appendix "Validation Algorithm" whose operand
// and control stacks this follows (push_val/pop_val, push_ctrl/pop_ctrl, label_types,
// unreachable), extended with the local-initialisation tracking of non-defaultable locals.

import { CompileError } from '../errors.js';
import { BLOCK_EMPTY, type Catch } from '../binary/operands.js';
import type { OperatorVisitor } from '../binary/operators.gen.js';
import { enabledOps, readOperator } from '../binary/operators.js';
import { Reader } from '../binary/reader.js';
import { readValType } from '../binary/operands.js';
import type { Expr, FuncBody } from '../module.js';
import {
  FEATURE_LIST, OP_ALIGN, OP_CONST_FEATURE, OP_LANES, SIG_DATA, SIG_INDEX, OP_REF_CAST_NULL, OP_STRUCT_GET,
  OP_ARRAY_GET, OP_BR_ON_CAST,
} from '../opcodes.gen.js';
import {
  BOT, EXNREF, F32, F64, HT_ANY, HT_ARRAY, HT_EQ, HT_EXN, HT_EXTERN, HT_FUNC, HT_I31, I16, I32, I64, I8,
  V128, concreteHeap, heapOf, isConcrete, isDefaultable, isNullable, isRef, refType,
  topOfAbstract, typeIndexOf, valTypeName, type ArrayType, type FieldType, type FuncType, type HeapType,
  type StructType, type ValType,
} from '../types.js';
import type { ValidationContext } from './context.js';

const enum Kind { Block, Loop, If, Else, Try, Catch, CatchAll, TryTable, Func }

interface Ctrl {
  kind: Kind;
  start: readonly ValType[];
  end: readonly ValType[];
  height: number;
  unreachable: boolean;
  /** Height of the local-initialisation stack when the frame was pushed. */
  initHeight: number;
}

const EMPTY: readonly ValType[] = [];
const SINGLE = new Map<ValType, readonly ValType[]>();
const single = (t: ValType): readonly ValType[] => {
  let a = SINGLE.get(t);
  if (!a) SINGLE.set(t, (a = [t]));
  return a;
};
const EMPTY_BLOCK: FuncType = { kind: 'func', params: EMPTY, results: EMPTY };
const VALUE_BLOCKS = new Map<ValType, FuncType>();
const MAX_LOCALS = 50000;
const ATOMIC_FIRST = 0x500;

/**
 * For the one-byte fixed-signature numeric instructions runBodies checks inline: the operand type
 * of [t t] -> [u] (BIN_IN) or [t] -> [u] (UN_IN), and u (FIXED_OUT); for loads [i32] -> [t] and
 * stores [i32 t] -> [], t (MEM_LOAD, MEM_STORE).
 */
const BIN_IN = new Int32Array(256);
const UN_IN = new Int32Array(256);
const FIXED_OUT = new Int32Array(256);
const MEM_LOAD = new Int32Array(256);
const MEM_STORE = new Int32Array(256);
for (let b = 0; b < 0xfb; b++) {
  const at = SIG_INDEX[b]!;
  if (at < 0) continue;
  const np = SIG_DATA[at]!;
  const nr = SIG_DATA[at + np + 1]!;
  if (OP_ALIGN[b]! >= 0) {
    if (np === 1 && nr === 1 && SIG_DATA[at + 1] === 1 && SIG_DATA[at + 3] !== 1) MEM_LOAD[b] = SIG_DATA[at + 3]!;
    else if (np === 2 && nr === 0 && SIG_DATA[at + 1] === 1 && SIG_DATA[at + 2] !== 1) MEM_STORE[b] = SIG_DATA[at + 2]!;
    continue;
  }
  if (b >= 0x3f && b <= 0x44) continue;
  if (nr !== 1) continue;
  const out = SIG_DATA[at + np + 2]!;
  if (out === 1) continue;
  if (np === 2 && SIG_DATA[at + 1] === SIG_DATA[at + 2] && SIG_DATA[at + 1] !== 1) {
    BIN_IN[b] = SIG_DATA[at + 1]!;
    FIXED_OUT[b] = out;
  } else if (np === 1 && SIG_DATA[at + 1] !== 1) {
    UN_IN[b] = SIG_DATA[at + 1]!;
    FIXED_OUT[b] = out;
  }
}

export class FuncValidator implements OperatorVisitor {
  private readonly c: ValidationContext;
  private readonly r: Reader;
  private readonly enabled: Uint8Array;
  /** Operand stack: vals[0..sp). */
  private vals = new Int32Array(1024);
  private sp = 0;
  private ctrls: Ctrl[] = [];
  private locals = new Int32Array(64);
  private numLocals = 0;
  private localInit = new Uint8Array(64);
  private inits: number[] = [];
  private results: readonly ValType[] = EMPTY;
  private opStart = 0;
  private constMode = false;
  /** Operand-stack height and reachability of the innermost frame (cached from ctrls). */
  private height = 0;
  private unreachableNow = false;
  /** Frames are reused: ctrls[0..depth) are live. */
  private depth = 0;
  /** Type of every function index (undefined where it is out of range or not a function type). */
  private funcTypes: (FuncType | undefined)[] | undefined;

  constructor(c: ValidationContext) {
    this.c = c;
    this.r = new Reader(c.module.bytes);
    this.enabled = enabledOps(c.features);
  }

  // ---- entry points ----

  /** Checks the bodies of functions firstIndex, firstIndex + 1, ... in order. */
  validateFunctions(firstIndex: number, bodies: readonly FuncBody[]): void {
    // runBodies keeps positions in int32 arithmetic: past 2^31 bytes, the general path only.
    if (this.r.bytes.length > 0x7fffffff) this.runBodiesGeneral(firstIndex, bodies);
    else this.runBodies(firstIndex, bodies);
  }

  private runBodiesGeneral(firstIndex: number, bodies: readonly FuncBody[]): void {
    const r = this.r;
    r.eofMessage = 'unexpected end of section or function';
    this.constMode = false;
    for (let fi = 0; fi < bodies.length; fi++) {
      const body = bodies[fi]!;
      const type = this.c.funcTypeOf(firstIndex + fi)!;
      r.pos = body.start;
      r.end = body.end;
      this.readLocals(type);
      this.results = type.results;
      this.sp = 0;
      this.depth = 0;
      if (this.inits.length !== 0) this.inits.length = 0;
      this.pushCtrl(Kind.Func, EMPTY, type.results);
      this.runGeneral();
      if (r.pos !== body.end) r.fail('section size mismatch', r.pos);
    }
  }

  /** Checks a constant expression whose value must match `expected`. */
  validateConstExpr(expr: Expr, expected: ValType): void {
    const r = this.r;
    r.pos = expr.start;
    r.end = expr.end;
    r.eofMessage = 'unexpected end of section or function';
    this.constMode = true;
    this.numLocals = 0;
    this.results = single(expected);
    this.run(this.results);
  }

  private readLocals(type: FuncType): void {
    const r = this.r;
    const params = type.params;
    const np = params.length;
    const n = r.vecLen(2);
    if (this.locals.length < np) this.growLocals(np, 0);
    let locals = this.locals;
    let init = this.localInit;
    for (let i = 0; i < np; i++) {
      locals[i] = params[i]!;
      init[i] = 1;
    }
    // One pass over the declarations, reading (and failing) in the binary format's order.
    let k = np;
    for (let i = 0; i < n; i++) {
      const total = k + r.u32();
      if (total > MAX_LOCALS) r.fail('too many locals');
      const t = readValType(r, this.c.features);
      if (locals.length < total) {
        this.growLocals(total, k);
        locals = this.locals;
        init = this.localInit;
      }
      const d = isDefaultable(t) ? 1 : 0;
      if (total - k < 16) {
        for (; k < total; k++) {
          locals[k] = t;
          init[k] = d;
        }
      } else {
        locals.fill(t, k, total);
        init.fill(d, k, total);
        k = total;
      }
    }
    this.numLocals = k;
  }

  /** Room for at least `n` locals, keeping the first `keep`. */
  private growLocals(n: number, keep: number): void {
    const locals = new Int32Array(n * 2);
    const init = new Uint8Array(n * 2);
    locals.set(this.locals.subarray(0, keep));
    init.set(this.localInit.subarray(0, keep));
    this.locals = locals;
    this.localInit = init;
  }



  private run(results: readonly ValType[]): void {
    const r = this.r;
    this.sp = 0;
    this.depth = 0;
    if (this.inits.length !== 0) this.inits.length = 0;
    this.pushCtrl(Kind.Func, EMPTY, results);
    const f = this.c.features;
    const enabled = this.enabled;
    while (this.depth > 0) {
      if (r.pos >= r.end) r.fail('unexpected end of section or function', r.pos);
      this.opStart = r.pos;
      this.checkConstant(r.bytes[r.pos]!);
      readOperator(r, this, f, enabled);
    }
  }

  /**
   * The loop over the function bodies. The most frequent one-byte instructions with short
   * immediates (local.get/set/tee, constants, fixed-signature numeric instructions, loads and
   * stores on a 32-bit memory 0 with small memargs, control with a one-byte immediate, calls and
   * globals — their indices also in the five-byte padded form linkers emit) are checked right
   * here, in one switch on the first byte, when the operand stack is plainly well-typed;
   * everything else, and every error, takes the general path through the decoder's dispatch.
   */
  private runBodies(firstIndex: number, bodies: readonly FuncBody[]): void {
    const r = this.r;
    const bytes = r.bytes;
    const f = this.c.features;
    const enabled = this.enabled;
    const mem0 = this.c.module.memories[0];
    const fastMem = mem0 !== undefined && !mem0.limits.is64;
    const funcTypes = this.funcTypes ?? this.makeFuncTypes();
    const ctrls = this.ctrls;
    r.eofMessage = 'unexpected end of section or function';
    this.constMode = false;
    for (let fi = 0; fi < bodies.length; fi++) {
      const body = bodies[fi]!;
      const type = funcTypes[firstIndex + fi]!;
      const end = body.end | 0;
      r.pos = body.start;
      r.end = end;
      this.readLocals(type);
      this.results = type.results;
      this.sp = 0;
      this.depth = 0;
      if (this.inits.length !== 0) this.inits.length = 0;
      this.pushCtrl(Kind.Func, EMPTY, type.results);
      const locals = this.locals;
      const localInit = this.localInit;
      const numLocals = this.numLocals;
      // The operand stack and position live in locals here; they are written back to the fields
      // before any method runs and read again after it.
      let pos = r.pos | 0;
      let sp = this.sp | 0;
      let vals = this.vals;
      let height = this.height | 0;
      body: for (;;) {
        // Bytes left in the body: an inline case reads only bytes it knows to be there, leaving a
        // truncated instruction to the general path, which reports it as the decoder does.
        const room = end - pos;
        if (room <= 0) r.fail('END opcode expected', pos);
        const b = bytes[pos]!;
        switch (b) {
          case 0x20: { // local.get with a one- or two-byte index
            if (room <= 2) break;
            let x = bytes[pos + 1]!;
            let next = pos + 2;
            if (x >= 0x80) {
              const y = bytes[pos + 2]!;
              if (y >= 0x80) break;
              x = (x & 0x7f) | (y << 7);
              next = pos + 3;
            }
            if (x < numLocals && localInit[x] === 1 && sp < vals.length) {
              vals[sp++] = locals[x]!;
              pos = next;
              continue;
            }
            break;
          }
          case 0x21: case 0x22: { // local.set, local.tee
            if (room <= 2) break;
            let x = bytes[pos + 1]!;
            let next = pos + 2;
            if (x >= 0x80) {
              const y = bytes[pos + 2]!;
              if (y >= 0x80) break;
              x = (x & 0x7f) | (y << 7);
              next = pos + 3;
            }
            if (x < numLocals && sp > height && vals[sp - 1] === locals[x] && localInit[x] === 1) {
              if (b === 0x21) sp--;
              pos = next;
              continue;
            }
            break;
          }
          case 0x41: { // i32.const
            if (room <= 1 || sp === vals.length) break;
            // Up to four LEB bytes cannot be out of range for s32; a fifth (linkers pad relocated
            // constants to five) must hold the last four bits and their sign extension.
            let p = pos + 1;
            const lim = room > 5 ? pos + 5 : end - 1;
            while (bytes[p]! >= 0x80 && p < lim) p++;
            const last = bytes[p]!;
            if (p < pos + 5 ? last < 0x80 : last <= 0x07 || (last >= 0x78 && last <= 0x7f)) {
              vals[sp++] = I32;
              pos = p + 1;
              continue;
            }
            break;
          }
          case 0x42: { // i64.const: up to nine LEB bytes cannot be out of range for s64.
            if (room <= 1 || sp === vals.length) break;
            let p = pos + 1;
            const lim = room > 9 ? pos + 9 : end - 1;
            while (bytes[p]! >= 0x80 && p < lim) p++;
            if (bytes[p]! < 0x80) {
              vals[sp++] = I64;
              pos = p + 1;
              continue;
            }
            break;
          }
          case 0x43: // f32.const
            if (room <= 5 || sp === vals.length) break;
            vals[sp++] = F32;
            pos += 5;
            continue;
          case 0x44: // f64.const
            if (room <= 9 || sp === vals.length) break;
            vals[sp++] = F64;
            pos += 9;
            continue;
          case 0x28: case 0x29: case 0x2a: case 0x2b: case 0x2c: case 0x2d: case 0x2e: case 0x2f:
          case 0x30: case 0x31: case 0x32: case 0x33: case 0x34: case 0x35: case 0x36: case 0x37:
          case 0x38: case 0x39: case 0x3a: case 0x3b: case 0x3c: case 0x3d: case 0x3e: {
            // Loads and stores: memarg with an alignment byte (no memory index) and an offset of
            // up to four LEB bytes, on a 32-bit memory 0.
            if (room <= 2 || !fastMem || bytes[pos + 1]! > OP_ALIGN[b]!) break;
            let p = pos + 2;
            const lim = room > 5 ? pos + 5 : end - 1;
            while (bytes[p]! >= 0x80 && p < lim) p++;
            if (bytes[p]! >= 0x80) break;
            const loaded = MEM_LOAD[b]!;
            if (loaded !== 0) {
              if (sp - 1 >= height && vals[sp - 1] === I32) {
                vals[sp - 1] = loaded;
                pos = p + 1;
                continue;
              }
            } else if (sp - 2 >= height && vals[sp - 1] === MEM_STORE[b] && vals[sp - 2] === I32) {
              sp -= 2;
              pos = p + 1;
              continue;
            }
            break;
          }
          case 0x0b: { // end of a frame whose results are plainly on the stack
            const ctrl = ctrls[this.depth - 1]!;
            const et = ctrl.end;
            const n = et.length;
            if (this.depth === 1) {
              // The function's end.
              if (sp !== ctrl.height + n || this.inits.length !== ctrl.initHeight) break;
              let k = 0;
              while (k < n && vals[ctrl.height + k] === et[k]) k++;
              if (k < n) break;
              this.depth = 0;
              sp = ctrl.height | 0;
              pos++;
              break body;
            }
            if (n <= 1 && sp === ctrl.height + n && (n === 0 || vals[sp - 1] === et[0]) &&
                (ctrl.kind !== Kind.If || (n === 0 && ctrl.start.length === 0)) && this.inits.length === ctrl.initHeight) {
              const d = --this.depth;
              const outer = ctrls[d - 1]!;
              height = outer.height | 0;
              this.height = height;
              this.unreachableNow = outer.unreachable;
              sp = ctrl.height | 0;
              if (n === 1) vals[sp++] = et[0]!;
              pos++;
              continue;
            }
            break;
          }
          case 0x02: case 0x03: case 0x04: { // block, loop, if
            if (room <= 1) break;
            const bt = bytes[pos + 1]!;
            if (bt === BLOCK_EMPTY) {
              if (b === 0x04) {
                if (sp - 1 < height || vals[sp - 1] !== I32) break;
                sp--;
              }
              this.sp = sp;
              this.pushCtrl(b === 0x02 ? Kind.Block : b === 0x03 ? Kind.Loop : Kind.If, EMPTY, EMPTY);
              height = this.height | 0;
              pos += 2;
              continue;
            }
            if (bt < 0x7c || bt > 0x7f) break;
            r.pos = pos + 2;
            this.opStart = pos;
            this.sp = sp;
            if (b === 0x02) this.block(b, bt);
            else if (b === 0x03) this.loop(b, bt);
            else this.if(b, bt);
            pos = r.pos | 0;
            sp = this.sp | 0;
            vals = this.vals;
            height = this.height | 0;
            continue;
          }
          case 0x0c: case 0x0d: { // br, br_if to a label taking nothing or one value plainly on the stack
            if (room <= 1) break;
            let x = bytes[pos + 1]!;
            let next = pos + 2;
            if (x >= 0x80) {
              // A label index of two bytes (deeply nested blocks of large functions).
              if (room <= 2) break;
              const y = bytes[pos + 2]!;
              if (y >= 0x80) break;
              x = (x & 0x7f) | (y << 7);
              next = pos + 3;
            }
            const depth = this.depth;
            if (x < depth) {
              const lbl = ctrls[depth - 1 - x]!;
              const lt = lbl.kind === Kind.Loop ? lbl.start : lbl.end;
              if (b === 0x0d) {
                if (sp - 1 >= height && vals[sp - 1] === I32 &&
                    (lt.length === 0 || (lt.length === 1 && sp - 2 >= height && vals[sp - 2] === lt[0]))) {
                  sp--;
                  pos = next;
                  continue;
                }
              } else if (lt.length === 0 || (lt.length === 1 && sp - 1 >= height && vals[sp - 1] === lt[0])) {
                sp = height;
                ctrls[depth - 1]!.unreachable = true;
                this.unreachableNow = true;
                pos = next;
                continue;
              }
            }
            r.pos = next;
            this.opStart = pos;
            this.sp = sp;
            if (b === 0x0c) this.br(b, x);
            else this.brIf(b, x);
            pos = r.pos | 0;
            sp = this.sp | 0;
            vals = this.vals;
            height = this.height | 0;
            continue;
          }
          case 0x10: case 0x23: case 0x24: { // call, global.get, global.set
            if (room <= 1) break;
            // A function or global index of up to five LEB128 bytes (linkers pad relocated
            // indices to five); anything else (too long, too large) is left to the general path.
            let x = bytes[pos + 1]!;
            let next = pos + 2;
            if (x >= 0x80) {
              if (room <= 2) break;
              let v = x & 0x7f;
              x = -1;
              const lim = room > 5 ? pos + 5 : end - 1;
              for (let p = pos + 2, shift = 7; p <= lim; p++, shift += 7) {
                const y = bytes[p]!;
                if (shift === 28) {
                  if (y < 0x10) {
                    x = v + y * 0x10000000;
                    next = p + 1;
                  }
                  break;
                }
                v |= (y & 0x7f) << shift;
                if (y < 0x80) {
                  x = v;
                  next = p + 1;
                  break;
                }
              }
              if (x < 0) break;
            }
            if (b === 0x10) {
              // call whose arguments are plainly on the stack.
              const ft = x < funcTypes.length ? funcTypes[x] : undefined;
              if (ft !== undefined) {
                const ps = ft.params;
                const rs = ft.results;
                const base = sp - ps.length;
                let ok = base >= height && base + rs.length <= vals.length;
                for (let k = 0; ok && k < ps.length; k++) ok = vals[base + k] === ps[k];
                if (ok) {
                  sp = base;
                  for (let k = 0; k < rs.length; k++) vals[sp++] = rs[k]!;
                  pos = next;
                  continue;
                }
              }
            }
            r.pos = next;
            this.opStart = pos;
            this.sp = sp;
            if (b === 0x10) this.call(b, x);
            else if (b === 0x23) this.globalGet(b, x);
            else this.globalSet(b, x);
            pos = r.pos | 0;
            sp = this.sp | 0;
            vals = this.vals;
            height = this.height | 0;
            continue;
          }
          case 0x00: { // unreachable
            const ctrl = ctrls[this.depth - 1]!;
            sp = height;
            ctrl.unreachable = true;
            this.unreachableNow = true;
            pos++;
            continue;
          }
          case 0x0f: { // return with the results plainly on the stack
            const rs = this.results;
            const n = rs.length;
            const base = sp - n;
            if (base < height) break;
            let k = 0;
            while (k < n && vals[base + k] === rs[k]) k++;
            if (k < n) break;
            sp = height;
            ctrls[this.depth - 1]!.unreachable = true;
            this.unreachableNow = true;
            pos++;
            continue;
          }
          case 0x05: { // else of an if whose results are plainly on the stack
            const ctrl = ctrls[this.depth - 1]!;
            const et = ctrl.end;
            const st = ctrl.start;
            const n = et.length;
            if (ctrl.kind !== Kind.If || sp !== ctrl.height + n || this.inits.length !== ctrl.initHeight ||
                ctrl.height + st.length > vals.length) break;
            let k = 0;
            while (k < n && vals[ctrl.height + k] === et[k]) k++;
            if (k < n) break;
            ctrl.kind = Kind.Else;
            ctrl.unreachable = false;
            this.unreachableNow = false;
            sp = ctrl.height | 0;
            for (k = 0; k < st.length; k++) vals[sp++] = st[k]!;
            pos++;
            continue;
          }
          case 0x1a: // drop
            if (sp - 1 < height) break;
            sp--;
            pos++;
            continue;
          case 0x1b: { // select on two numeric (or two vector) values of one type
            if (sp - 3 < height || vals[sp - 1] !== I32) break;
            const t = vals[sp - 2]!;
            if (t !== vals[sp - 3] || t === BOT || isRef(t)) break;
            sp -= 2;
            pos++;
            continue;
          }
          default: {
            // Binary [t t] -> [u] and unary [t] -> [u] numeric instructions.
            const bin = BIN_IN[b]!;
            if (bin !== 0) {
              if (sp - 2 >= height && vals[sp - 1] === bin && vals[sp - 2] === bin) {
                vals[sp - 2] = FIXED_OUT[b]!;
                sp--;
                pos++;
                continue;
              }
              break;
            }
            const un = UN_IN[b]!;
            if (un !== 0 && sp - 1 >= height && vals[sp - 1] === un) {
              vals[sp - 1] = FIXED_OUT[b]!;
              pos++;
              continue;
            }
            break;
          }
        }
        // The general path (and every error) through the decoder's dispatch.
        r.pos = b === 0x0b ? pos + 1 : pos;
        this.opStart = pos;
        this.sp = sp;
        if (b === 0x0b) this.end();
        else readOperator(r, this, f, enabled);
        pos = r.pos | 0;
        sp = this.sp | 0;
        vals = this.vals;
        height = this.height | 0;
        if (this.depth === 0) break;
      }
      r.pos = pos;
      this.sp = sp;
      if (pos !== end) r.fail('section size mismatch', pos);
    }
  }

  /** Every instruction of a function body through the general path of runBodies. */
  private runGeneral(): void {
    const r = this.r;
    const f = this.c.features;
    const enabled = this.enabled;
    while (this.depth > 0) {
      const pos = r.pos;
      if (pos >= r.end) r.fail('END opcode expected', pos);
      const b = r.bytes[pos]!;
      r.pos = b === 0x0b ? pos + 1 : pos;
      this.opStart = pos;
      if (b === 0x0b) this.end();
      else readOperator(r, this, f, enabled);
    }
  }

  private makeFuncTypes(): (FuncType | undefined)[] {
    const n = this.c.module.funcs.length;
    const fts: (FuncType | undefined)[] = [];
    for (let i = 0; i < n; i++) fts.push(this.c.funcTypeOf(i));
    return (this.funcTypes = fts);
  }

  private checkConstant(firstByte: number): void {
    // Peek the op id without consuming: re-read after the check.
    const r = this.r;
    const save = r.pos;
    let op = firstByte;
    r.pos++;
    if (firstByte >= 0xfb && firstByte <= 0xfe) {
      const sub = r.u32();
      op = firstByte === 0xfb ? 0x100 + sub : firstByte === 0xfc ? 0x200 + sub : firstByte === 0xfd ? 0x300 + sub : 0x500 + sub;
    }
    r.pos = save;
    if (op === 0x0b) return; // end
    const cf = op < OP_CONST_FEATURE.length ? OP_CONST_FEATURE[op]! : 0;
    if (cf === 0 || !this.c.features[FEATURE_LIST[cf - 1]!]) this.err('constant expression required');
  }

  // ---- errors and stacks ----

  private err(msg: string): never {
    throw new CompileError(msg, this.opStart);
  }

  /** The reference interpreter's wording: "instruction requires [i32] but stack has [i64]". */
  private mismatch(expected: ValType, actual: ValType | undefined): never {
    const what = actual === undefined ? '' : valTypeName(actual);
    this.err(`type mismatch: instruction requires [${valTypeName(expected)}] but stack has [${what}]`);
  }

  private push(t: ValType): void {
    if (this.sp === this.vals.length) this.growVals();
    this.vals[this.sp++] = t;
  }

  private growVals(): void {
    const v = new Int32Array(this.vals.length * 2);
    v.set(this.vals);
    this.vals = v;
  }

  private pushAll(ts: readonly ValType[]): void {
    for (let i = 0; i < ts.length; i++) this.push(ts[i]!);
  }

  private popAny(): ValType {
    if (this.sp === this.height) {
      if (this.unreachableNow) return BOT;
      this.err('type mismatch: operand stack underflow');
    }
    return this.vals[--this.sp]!;
  }

  private pop(expect: ValType): ValType {
    if (this.sp === this.height) {
      if (this.unreachableNow) return expect;
      this.mismatch(expect, undefined);
    }
    const actual = this.vals[--this.sp]!;
    if (actual !== expect && !this.c.matches(actual, expect)) this.mismatch(expect, actual);
    return actual;
  }

  private popAll(ts: readonly ValType[]): void {
    for (let i = ts.length - 1; i >= 0; i--) this.pop(ts[i]!);
  }

  /** Pops a reference (or BOT), failing on numbers. */
  private popRef(): ValType {
    const t = this.popAny();
    if (t !== BOT && !isRef(t)) this.err(`type mismatch: expected a reference, found ${valTypeName(t)}`);
    return t;
  }

  private pushCtrl(kind: Kind, start: readonly ValType[], end: readonly ValType[]): void {
    const d = this.depth++;
    const h = this.sp;
    let ctrl = this.ctrls[d];
    if (ctrl === undefined) {
      this.ctrls.push({ kind, start, end, height: h, unreachable: false, initHeight: this.inits.length });
    } else {
      ctrl.kind = kind;
      ctrl.start = start;
      ctrl.end = end;
      ctrl.height = h;
      ctrl.unreachable = false;
      ctrl.initHeight = this.inits.length;
    }
    this.height = h;
    this.unreachableNow = false;
    this.pushAll(start);
  }

  /** Pops the innermost frame; the returned object stays valid until the next pushCtrl. */
  private popCtrl(): Ctrl {
    if (this.depth === 0) this.err('unexpected end');
    const ctrl = this.ctrls[this.depth - 1]!;
    this.popAll(ctrl.end);
    if (this.sp !== ctrl.height) this.blockMismatch(ctrl);
    const d = --this.depth;
    if (d > 0) {
      const outer = this.ctrls[d - 1]!;
      this.height = outer.height;
      this.unreachableNow = outer.unreachable;
    }
    // Locals initialised inside the block are uninitialised again after it.
    const inits = this.inits;
    while (inits.length > ctrl.initHeight) this.localInit[inits.pop()!] = 0;
    return ctrl;
  }

  /** Values left above a frame's results: the error (out of line, so that the hot paths stay small). */
  private blockMismatch(ctrl: Ctrl): never {
    const extra: string[] = [];
    for (let i = ctrl.height; i < this.sp; i++) extra.push(valTypeName(this.vals[i]!));
    this.err(`type mismatch: block requires [${ctrl.end.map(valTypeName).join(' ')}] but stack has [${[...extra, ...ctrl.end.map(valTypeName)].join(' ')}]`);
  }

  private labelTypes(ctrl: Ctrl): readonly ValType[] {
    return ctrl.kind === Kind.Loop ? ctrl.start : ctrl.end;
  }

  private label(depth: number): Ctrl {
    const n = this.depth;
    if (depth >= n) this.err(`unknown label ${depth}`);
    return this.ctrls[n - 1 - depth]!;
  }

  private top(): Ctrl | undefined {
    return this.depth > 0 ? this.ctrls[this.depth - 1] : undefined;
  }

  private setUnreachable(): void {
    const ctrl = this.ctrls[this.depth - 1]!;
    this.sp = ctrl.height;
    ctrl.unreachable = true;
    this.unreachableNow = true;
  }

  private blockType(bt: number): FuncType {
    if (bt === BLOCK_EMPTY) return EMPTY_BLOCK;
    if (bt >= 0) {
      this.checkValType(bt);
      let ft = VALUE_BLOCKS.get(bt);
      if (!ft) VALUE_BLOCKS.set(bt, (ft = { kind: 'func', params: EMPTY, results: single(bt) }));
      return ft;
    }
    const ft = this.c.funcType(~bt);
    if (!ft) this.err(`unknown type ${~bt}`);
    return ft;
  }

  private checkValType(t: ValType): void {
    if (isRef(t)) this.checkHeap(heapOf(t));
  }

  private checkHeap(h: HeapType): void {
    if (isConcrete(h) && typeIndexOf(h) >= this.c.types.length) this.err(`unknown type ${typeIndexOf(h)}`);
  }

  private funcTypeAt(typeIndex: number): FuncType {
    const ft = this.c.funcType(typeIndex);
    if (!ft) this.err(`unknown type ${typeIndex}`);
    return ft;
  }

  private structAt(typeIndex: number): StructType {
    const t = this.c.types[typeIndex];
    if (!t) this.err(`unknown type ${typeIndex}`);
    if (t.composite.kind !== 'struct') this.err(`type mismatch: type ${typeIndex} is not a struct`);
    return t.composite;
  }

  private arrayAt(typeIndex: number): ArrayType {
    const t = this.c.types[typeIndex];
    if (!t) this.err(`unknown type ${typeIndex}`);
    if (t.composite.kind !== 'array') this.err(`type mismatch: type ${typeIndex} is not an array`);
    return t.composite;
  }

  private checkMem(mem: number): void {
    if (mem >= this.c.module.memories.length) this.err(`unknown memory ${mem}`);
  }

  private checkTable(table: number): void {
    if (table >= this.c.module.tables.length) this.err(`unknown table ${table}`);
  }

  private checkData(idx: number): void {
    const dc = this.c.module.dataCount;
    if (dc === undefined) this.err('data count section required');
    if (idx >= dc) this.err(`unknown data segment ${idx}`);
  }

  private checkElem(idx: number): ValType {
    const seg = this.c.module.elems[idx];
    if (!seg) this.err(`unknown elem segment ${idx}`);
    return seg.type;
  }

  private tagType(idx: number): FuncType {
    const tag = this.c.module.tags[idx];
    if (!tag) this.err(`unknown tag ${idx}`);
    return this.funcTypeAt(tag.typeIndex);
  }

  /** Applies a fixed signature from the opcode table; `addr` replaces type code 1. */
  private applySig(op: number, addr: ValType): void {
    const at = SIG_INDEX[op]!;
    const d = SIG_DATA;
    const np = d[at]!;
    for (let i = np; i >= 1; i--) {
      const t = d[at + i]!;
      this.pop(t === 1 ? addr : t);
    }
    const nr = d[at + np + 1]!;
    for (let i = 1; i <= nr; i++) {
      const t = d[at + np + 1 + i]!;
      this.push(t === 1 ? addr : t);
    }
  }

  // ---- control ----

  unreachable(): void { this.setUnreachable(); }
  fixed(op: number): void { this.applySig(op, I32); }

  block(_op: number, bt: number): void {
    const ft = this.blockType(bt);
    this.popAll(ft.params);
    this.pushCtrl(Kind.Block, ft.params, ft.results);
  }

  loop(_op: number, bt: number): void {
    const ft = this.blockType(bt);
    this.popAll(ft.params);
    this.pushCtrl(Kind.Loop, ft.params, ft.results);
  }

  if(_op: number, bt: number): void {
    const ft = this.blockType(bt);
    this.pop(I32);
    this.popAll(ft.params);
    this.pushCtrl(Kind.If, ft.params, ft.results);
  }

  else(): void {
    const top = this.top();
    if (!top || top.kind !== Kind.If) this.err('else without matching if');
    const ctrl = this.popCtrl();
    const { start, end } = ctrl;
    this.pushCtrl(Kind.Else, start, end);
  }

  end(): void {
    const ctrl = this.popCtrl();
    if (ctrl.kind === Kind.If && !this.sameTypes(ctrl.start, ctrl.end)) this.err('type mismatch: if without else must leave its parameters');
    if (this.depth > 0) this.pushAll(ctrl.end);
  }

  private sameTypes(a: readonly ValType[], b: readonly ValType[]): boolean {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!this.c.matches(a[i]!, b[i]!)) return false;
    return true;
  }

  br(_op: number, depth: number): void {
    this.popAll(this.labelTypes(this.label(depth)));
    this.setUnreachable();
  }

  brIf(_op: number, depth: number): void {
    const lt = this.labelTypes(this.label(depth));
    this.pop(I32);
    this.popAll(lt);
    this.pushAll(lt);
  }

  brTable(_op: number, depths: number[], defaultDepth: number): void {
    this.pop(I32);
    const def = this.labelTypes(this.label(defaultDepth));
    const arity = def.length;
    for (const d of depths) {
      const lt = this.labelTypes(this.label(d));
      if (lt.length !== arity) this.err('type mismatch: br_table targets have different arities');
      // Check the stack against each target without consuming it.
      const sp = this.sp;
      for (let i = lt.length - 1; i >= 0; i--) this.pop(lt[i]!);
      this.sp = sp; // popping only reads: the values (real or virtual) stay for the next target
    }
    this.popAll(def);
    this.setUnreachable();
  }

  return(): void {
    this.popAll(this.results);
    this.setUnreachable();
  }

  call(_op: number, funcIndex: number): void {
    const ft = this.c.funcTypeOf(funcIndex);
    if (!ft) this.err(`unknown function ${funcIndex}`);
    this.popAll(ft.params);
    this.pushAll(ft.results);
  }

  callIndirect(_op: number, typeIndex: number, tableIndex: number): void {
    const ft = this.indirectCallee(typeIndex, tableIndex);
    this.popAll(ft.params);
    this.pushAll(ft.results);
  }

  private indirectCallee(typeIndex: number, tableIndex: number): FuncType {
    this.checkTable(tableIndex);
    const table = this.c.module.tables[tableIndex]!;
    if (!this.c.matches(table.elem, refType(HT_FUNC, true))) this.err('type mismatch: call_indirect table must hold functions');
    const ft = this.funcTypeAt(typeIndex);
    this.pop(this.c.tableAddrType(tableIndex));
    return ft;
  }

  private checkTailResults(ft: FuncType): void {
    const res = this.results;
    if (ft.results.length !== res.length) this.err('type mismatch: tail call results differ');
    for (let i = 0; i < res.length; i++) {
      if (!this.c.matches(ft.results[i]!, res[i]!)) this.err('type mismatch: tail call results differ');
    }
  }

  returnCall(_op: number, funcIndex: number): void {
    const ft = this.c.funcTypeOf(funcIndex);
    if (!ft) this.err(`unknown function ${funcIndex}`);
    this.checkTailResults(ft);
    this.popAll(ft.params);
    this.setUnreachable();
  }

  returnCallIndirect(_op: number, typeIndex: number, tableIndex: number): void {
    const ft = this.indirectCallee(typeIndex, tableIndex);
    this.checkTailResults(ft);
    this.popAll(ft.params);
    this.setUnreachable();
  }

  callRef(_op: number, typeIndex: number): void {
    const ft = this.funcTypeAt(typeIndex);
    this.pop(refType(concreteHeap(typeIndex), true));
    this.popAll(ft.params);
    this.pushAll(ft.results);
  }

  returnCallRef(_op: number, typeIndex: number): void {
    const ft = this.funcTypeAt(typeIndex);
    this.checkTailResults(ft);
    this.pop(refType(concreteHeap(typeIndex), true));
    this.popAll(ft.params);
    this.setUnreachable();
  }

  // ---- exceptions ----

  throw(_op: number, tagIndex: number): void {
    const ft = this.tagType(tagIndex);
    this.popAll(ft.params);
    this.setUnreachable();
  }

  throwRef(): void {
    this.pop(EXNREF);
    this.setUnreachable();
  }

  tryTable(_op: number, bt: number, catches: Catch[]): void {
    const ft = this.blockType(bt);
    this.popAll(ft.params);
    for (const c of catches) {
      const lt = this.labelTypes(this.label(c.label));
      const payload: ValType[] = c.kind < 2 ? this.tagType(c.tag).params.slice() : [];
      if (c.kind === 1 || c.kind === 3) payload.push(refType(HT_EXN, false));
      if (payload.length !== lt.length) this.err('type mismatch: catch label arity');
      for (let i = 0; i < payload.length; i++) {
        if (!this.c.matches(payload[i]!, lt[i]!)) this.err('type mismatch: catch payload does not match label');
      }
    }
    this.pushCtrl(Kind.TryTable, ft.params, ft.results);
  }

  try(_op: number, bt: number): void {
    const ft = this.blockType(bt);
    this.popAll(ft.params);
    this.pushCtrl(Kind.Try, ft.params, ft.results);
  }

  catch(_op: number, tagIndex: number): void {
    const top = this.top();
    if (!top || (top.kind !== Kind.Try && top.kind !== Kind.Catch)) this.err('catch without matching try');
    const ft = this.tagType(tagIndex);
    const end = this.popCtrl().end;
    this.pushCtrl(Kind.Catch, ft.params, end);
  }

  catchAll(): void {
    const top = this.top();
    if (!top || (top.kind !== Kind.Try && top.kind !== Kind.Catch)) this.err('catch_all without matching try');
    const end = this.popCtrl().end;
    this.pushCtrl(Kind.CatchAll, EMPTY, end);
  }

  delegate(_op: number, depth: number): void {
    const top = this.top();
    if (!top || top.kind !== Kind.Try) this.err('delegate without matching try');
    const ctrl = this.popCtrl();
    this.label(depth);
    this.pushAll(ctrl.end);
  }

  rethrow(_op: number, depth: number): void {
    const ctrl = this.label(depth);
    if (ctrl.kind !== Kind.Catch && ctrl.kind !== Kind.CatchAll) this.err('invalid rethrow label');
    this.setUnreachable();
  }

  // ---- parametric ----

  drop(): void { this.popAny(); }

  select(): void {
    this.pop(I32);
    const t1 = this.popAny();
    const t2 = this.popAny();
    const ok1 = t1 === BOT || !isRef(t1);
    const ok2 = t2 === BOT || !isRef(t2);
    if (!ok1 || !ok2) this.err('type mismatch: select without type needs numeric or vector operands');
    if (t1 !== t2 && t1 !== BOT && t2 !== BOT) this.err(`type mismatch: select operands ${valTypeName(t2)} and ${valTypeName(t1)}`);
    this.push(t1 === BOT ? t2 : t1);
  }

  selectT(_op: number, types: ValType[]): void {
    if (types.length !== 1) this.err('invalid result arity');
    const t = types[0]!;
    this.checkValType(t);
    this.pop(I32);
    this.pop(t);
    this.pop(t);
    this.push(t);
  }

  // ---- variables ----

  private localType(idx: number): ValType {
    if (idx >= this.numLocals) this.err(`unknown local ${idx}`);
    return this.locals[idx]!;
  }

  private initLocal(idx: number): void {
    if (this.localInit[idx] === 0) {
      this.localInit[idx] = 1;
      this.inits.push(idx);
    }
  }

  localGet(_op: number, idx: number): void {
    const t = this.localType(idx);
    if (this.localInit[idx] === 0) this.err(`uninitialized local ${idx}`);
    this.push(t);
  }

  localSet(_op: number, idx: number): void {
    this.pop(this.localType(idx));
    this.initLocal(idx);
  }

  localTee(_op: number, idx: number): void {
    const t = this.localType(idx);
    this.pop(t);
    this.initLocal(idx);
    this.push(t);
  }

  globalGet(_op: number, idx: number): void {
    const g = this.c.module.globals[idx];
    if (!g) this.err(`unknown global ${idx}`);
    if (this.constMode) {
      const visible = this.c.visibleGlobals;
      if (visible >= 0 && idx >= visible) this.err(`unknown global ${idx}`);
      if (g.mutable) this.err('constant expression required');
    }
    this.push(g.type);
  }

  globalSet(_op: number, idx: number): void {
    const g = this.c.module.globals[idx];
    if (!g) this.err(`unknown global ${idx}`);
    if (!g.mutable) this.err('immutable global');
    this.pop(g.type);
  }

  // ---- tables ----

  tableGet(_op: number, idx: number): void {
    this.checkTable(idx);
    this.pop(this.c.tableAddrType(idx));
    this.push(this.c.module.tables[idx]!.elem);
  }

  tableSet(_op: number, idx: number): void {
    this.checkTable(idx);
    this.pop(this.c.module.tables[idx]!.elem);
    this.pop(this.c.tableAddrType(idx));
  }

  tableSize(_op: number, idx: number): void {
    this.checkTable(idx);
    this.push(this.c.tableAddrType(idx));
  }

  tableGrow(_op: number, idx: number): void {
    this.checkTable(idx);
    const at = this.c.tableAddrType(idx);
    this.pop(at);
    this.pop(this.c.module.tables[idx]!.elem);
    this.push(at);
  }

  tableFill(_op: number, idx: number): void {
    this.checkTable(idx);
    const at = this.c.tableAddrType(idx);
    this.pop(at);
    this.pop(this.c.module.tables[idx]!.elem);
    this.pop(at);
  }

  tableCopy(_op: number, dst: number, src: number): void {
    this.checkTable(dst);
    this.checkTable(src);
    const tables = this.c.module.tables;
    if (!this.c.matches(tables[src]!.elem, tables[dst]!.elem)) this.err('type mismatch: table.copy element types');
    const ad = this.c.tableAddrType(dst);
    const as = this.c.tableAddrType(src);
    this.pop(ad === I64 && as === I64 ? I64 : I32);
    this.pop(as);
    this.pop(ad);
  }

  tableInit(_op: number, elemIndex: number, tableIndex: number): void {
    this.checkTable(tableIndex);
    const et = this.checkElem(elemIndex);
    if (!this.c.matches(et, this.c.module.tables[tableIndex]!.elem)) this.err('type mismatch: table.init element type');
    this.pop(I32);
    this.pop(I32);
    this.pop(this.c.tableAddrType(tableIndex));
  }

  elemDrop(_op: number, elemIndex: number): void {
    this.checkElem(elemIndex);
  }

  // ---- memory ----

  memoryAccess(op: number, align: number, mem: number, offset: number): void {
    this.checkMem(mem);
    this.checkAlign(op, align);
    this.checkOffset(mem, offset);
    this.applySig(op, this.c.memAddrType(mem));
  }

  private checkAlign(op: number, align: number): void {
    const natural = OP_ALIGN[op]!;
    if (op >= ATOMIC_FIRST) {
      if (align !== natural) this.err('alignment must be exactly natural');
    } else if (align > natural) this.err('alignment must not be larger than natural');
  }

  private checkOffset(mem: number, offset: number): void {
    if (!this.c.module.memories[mem]!.limits.is64 && offset > 0xffffffff) this.err('offset out of range');
  }

  memoryLane(op: number, align: number, mem: number, offset: number, lane: number): void {
    this.checkMem(mem);
    this.checkAlign(op, align);
    this.checkOffset(mem, offset);
    if (lane >= OP_LANES[op]!) this.err('invalid lane index');
    this.applySig(op, this.c.memAddrType(mem));
  }

  memoryIndexed(op: number, mem: number): void {
    this.checkMem(mem);
    this.applySig(op, this.c.memAddrType(mem));
  }

  memoryInit(_op: number, dataIndex: number, mem: number): void {
    this.checkMem(mem);
    this.checkData(dataIndex);
    this.pop(I32);
    this.pop(I32);
    this.pop(this.c.memAddrType(mem));
  }

  dataDrop(_op: number, dataIndex: number): void {
    this.checkData(dataIndex);
  }

  memoryCopy(_op: number, dst: number, src: number): void {
    this.checkMem(dst);
    this.checkMem(src);
    const ad = this.c.memAddrType(dst);
    const as = this.c.memAddrType(src);
    this.pop(ad === I64 && as === I64 ? I64 : I32);
    this.pop(as);
    this.pop(ad);
  }

  // ---- constants and SIMD immediates ----

  i32Const(): void { this.push(I32); }
  i64Const(): void { this.push(I64); }
  f32Const(): void { this.push(F32); }
  f64Const(): void { this.push(F64); }
  v128Const(): void { this.push(V128); }

  i8x16Shuffle(_op: number, lanes: Uint8Array): void {
    for (let i = 0; i < 16; i++) if (lanes[i]! >= 32) this.err('invalid lane index');
    this.pop(V128);
    this.pop(V128);
    this.push(V128);
  }

  lane(op: number, lane: number): void {
    if (lane >= OP_LANES[op]!) this.err('invalid lane index');
    this.applySig(op, I32);
  }

  // ---- references ----

  refNull(_op: number, h: HeapType): void {
    this.checkHeap(h);
    this.push(refType(h, true));
  }

  refIsNull(): void {
    this.popRef();
    this.push(I32);
  }

  refFunc(_op: number, funcIndex: number): void {
    const ti = this.c.module.funcs[funcIndex];
    if (ti === undefined) this.err(`unknown function ${funcIndex}`);
    if (this.constMode) this.c.refs.add(funcIndex);
    else if (!this.c.refs.has(funcIndex)) this.err(`undeclared function reference ${funcIndex}`);
    this.push(refType(concreteHeap(ti), false));
  }

  refEq(): void {
    this.pop(refType(HT_EQ, true));
    this.pop(refType(HT_EQ, true));
    this.push(I32);
  }

  refAsNonNull(): void {
    const t = this.popRef();
    this.push(t === BOT ? BOT : refType(heapOf(t), false));
  }

  brOnNull(_op: number, depth: number): void {
    const lt = this.labelTypes(this.label(depth));
    const t = this.popRef();
    this.popAll(lt);
    this.pushAll(lt);
    this.push(t === BOT ? BOT : refType(heapOf(t), false));
  }

  brOnNonNull(_op: number, depth: number): void {
    const lt = this.labelTypes(this.label(depth));
    const last = lt[lt.length - 1];
    if (last === undefined || !isRef(last)) this.err('type mismatch: br_on_non_null label needs a reference');
    const t = this.popRef();
    this.push(t === BOT ? BOT : refType(heapOf(t), false));
    this.popAll(lt);
    for (let i = 0; i < lt.length - 1; i++) this.push(lt[i]!);
  }

  // ---- GC: i31, conversions, casts ----

  refI31(): void {
    this.pop(I32);
    this.push(refType(HT_I31, false));
  }

  i31GetS(): void {
    this.pop(refType(HT_I31, true));
    this.push(I32);
  }

  i31GetU(): void { this.i31GetS(); }

  anyConvertExtern(): void {
    const t = this.pop(refType(HT_EXTERN, true));
    this.push(refType(HT_ANY, t === BOT || isNullable(t)));
  }

  externConvertAny(): void {
    const t = this.pop(refType(HT_ANY, true));
    this.push(refType(HT_EXTERN, t === BOT || isNullable(t)));
  }

  private topOf(h: HeapType): HeapType {
    if (isConcrete(h)) {
      const kind = this.c.types[typeIndexOf(h)]!.composite.kind;
      return kind === 'func' ? HT_FUNC : HT_ANY;
    }
    return topOfAbstract(h);
  }

  refTest(op: number, h: HeapType): void {
    this.checkHeap(h);
    this.pop(refType(this.topOf(h), true));
    this.push(I32);
    void op;
  }

  refTestNull(op: number, h: HeapType): void { this.refTest(op, h); }

  refCast(op: number, h: HeapType): void {
    this.checkHeap(h);
    this.pop(refType(this.topOf(h), true));
    this.push(refType(h, op === OP_REF_CAST_NULL));
  }

  refCastNull(op: number, h: HeapType): void { this.refCast(op, h); }

  brOnCast(op: number, flags: number, depth: number, h1: HeapType, h2: HeapType): void {
    this.checkHeap(h1);
    this.checkHeap(h2);
    if (flags > 3) this.err('malformed br_on_cast flags');
    const rt1 = refType(h1, (flags & 1) !== 0);
    const rt2 = refType(h2, (flags & 2) !== 0);
    if (!this.c.matches(rt2, rt1)) this.err('type mismatch: br_on_cast target must be a subtype of the source');
    const lt = this.labelTypes(this.label(depth));
    const last = lt[lt.length - 1];
    if (last === undefined || !isRef(last)) this.err('type mismatch: br_on_cast label needs a reference');
    const diff = refType(h1, (flags & 1) !== 0 && (flags & 2) === 0);
    const fail = op !== OP_BR_ON_CAST;
    const onBranch = fail ? diff : rt2;
    const onFall = fail ? rt2 : diff;
    if (!this.c.matches(onBranch, last)) this.err('type mismatch: br_on_cast label type');
    this.pop(rt1);
    this.push(onBranch);
    this.popAll(lt);
    for (let i = 0; i < lt.length - 1; i++) this.push(lt[i]!);
    this.push(onFall);
  }

  brOnCastFail(op: number, flags: number, depth: number, h1: HeapType, h2: HeapType): void {
    this.brOnCast(op, flags, depth, h1, h2);
  }

  // ---- GC: structs and arrays ----

  private unpacked(t: ValType): ValType {
    return t === I8 || t === I16 ? I32 : t;
  }

  structNew(_op: number, typeIndex: number): void {
    const st = this.structAt(typeIndex);
    for (let i = st.fields.length - 1; i >= 0; i--) this.pop(this.unpacked(st.fields[i]!.type));
    this.push(refType(concreteHeap(typeIndex), false));
  }

  structNewDefault(_op: number, typeIndex: number): void {
    const st = this.structAt(typeIndex);
    for (const f of st.fields) if (!isDefaultable(f.type)) this.err('type mismatch: field is not defaultable');
    this.push(refType(concreteHeap(typeIndex), false));
  }

  private field(typeIndex: number, fieldIndex: number): FieldType {
    const st = this.structAt(typeIndex);
    const f = st.fields[fieldIndex];
    if (!f) this.err(`unknown field ${fieldIndex}`);
    return f;
  }

  private checkPacked(op: number, base: number, t: ValType): void {
    const packed = t === I8 || t === I16;
    if (packed !== (op !== base)) this.err(packed ? 'type mismatch: packed field needs _s or _u' : 'type mismatch: field is not packed');
  }

  structGet(op: number, typeIndex: number, fieldIndex: number): void {
    const f = this.field(typeIndex, fieldIndex);
    this.checkPacked(op, OP_STRUCT_GET, f.type);
    this.pop(refType(concreteHeap(typeIndex), true));
    this.push(this.unpacked(f.type));
  }

  structGetS(op: number, t: number, fi: number): void { this.structGet(op, t, fi); }
  structGetU(op: number, t: number, fi: number): void { this.structGet(op, t, fi); }

  structSet(_op: number, typeIndex: number, fieldIndex: number): void {
    const f = this.field(typeIndex, fieldIndex);
    if (!f.mutable) this.err('immutable field');
    this.pop(this.unpacked(f.type));
    this.pop(refType(concreteHeap(typeIndex), true));
  }

  arrayNew(_op: number, typeIndex: number): void {
    const at = this.arrayAt(typeIndex);
    this.pop(I32);
    this.pop(this.unpacked(at.field.type));
    this.push(refType(concreteHeap(typeIndex), false));
  }

  arrayNewDefault(_op: number, typeIndex: number): void {
    const at = this.arrayAt(typeIndex);
    if (!isDefaultable(at.field.type)) this.err('type mismatch: array element is not defaultable');
    this.pop(I32);
    this.push(refType(concreteHeap(typeIndex), false));
  }

  arrayNewFixed(_op: number, typeIndex: number, count: number): void {
    const at = this.arrayAt(typeIndex);
    const t = this.unpacked(at.field.type);
    for (let i = 0; i < count; i++) this.pop(t);
    this.push(refType(concreteHeap(typeIndex), false));
  }

  private checkNumericArray(at: ArrayType): void {
    const t = at.field.type;
    if (isRef(t)) this.err('array type is not numeric or vector');
  }

  arrayNewData(_op: number, typeIndex: number, dataIndex: number): void {
    const at = this.arrayAt(typeIndex);
    this.checkNumericArray(at);
    this.checkData(dataIndex);
    this.pop(I32);
    this.pop(I32);
    this.push(refType(concreteHeap(typeIndex), false));
  }

  arrayNewElem(_op: number, typeIndex: number, elemIndex: number): void {
    const at = this.arrayAt(typeIndex);
    const et = this.checkElem(elemIndex);
    if (!this.c.matches(et, at.field.type)) this.err('type mismatch: element segment type');
    this.pop(I32);
    this.pop(I32);
    this.push(refType(concreteHeap(typeIndex), false));
  }

  arrayGet(op: number, typeIndex: number): void {
    const at = this.arrayAt(typeIndex);
    this.checkPacked(op, OP_ARRAY_GET, at.field.type);
    this.pop(I32);
    this.pop(refType(concreteHeap(typeIndex), true));
    this.push(this.unpacked(at.field.type));
  }

  arrayGetS(op: number, t: number): void { this.arrayGet(op, t); }
  arrayGetU(op: number, t: number): void { this.arrayGet(op, t); }

  private mutableArray(typeIndex: number): ArrayType {
    const at = this.arrayAt(typeIndex);
    if (!at.field.mutable) this.err('immutable array');
    return at;
  }

  arraySet(_op: number, typeIndex: number): void {
    const at = this.mutableArray(typeIndex);
    this.pop(this.unpacked(at.field.type));
    this.pop(I32);
    this.pop(refType(concreteHeap(typeIndex), true));
  }

  arrayLen(): void {
    this.pop(refType(HT_ARRAY, true));
    this.push(I32);
  }

  arrayFill(_op: number, typeIndex: number): void {
    const at = this.mutableArray(typeIndex);
    this.pop(I32);
    this.pop(this.unpacked(at.field.type));
    this.pop(I32);
    this.pop(refType(concreteHeap(typeIndex), true));
  }

  arrayCopy(_op: number, dst: number, src: number): void {
    const ad = this.mutableArray(dst);
    const as = this.arrayAt(src);
    const ok = ad.field.type === I8 || ad.field.type === I16 || as.field.type === I8 || as.field.type === I16
      ? ad.field.type === as.field.type : this.c.matches(as.field.type, ad.field.type);
    if (!ok) this.err('array types do not match');
    this.pop(I32);
    this.pop(I32);
    this.pop(refType(concreteHeap(src), true));
    this.pop(I32);
    this.pop(refType(concreteHeap(dst), true));
  }

  arrayInitData(_op: number, typeIndex: number, dataIndex: number): void {
    const at = this.mutableArray(typeIndex);
    this.checkNumericArray(at);
    this.checkData(dataIndex);
    this.pop(I32);
    this.pop(I32);
    this.pop(I32);
    this.pop(refType(concreteHeap(typeIndex), true));
  }

  arrayInitElem(_op: number, typeIndex: number, elemIndex: number): void {
    const at = this.mutableArray(typeIndex);
    const et = this.checkElem(elemIndex);
    if (!this.c.matches(et, at.field.type)) this.err('type mismatch: element segment type');
    this.pop(I32);
    this.pop(I32);
    this.pop(I32);
    this.pop(refType(concreteHeap(typeIndex), true));
  }
}
