// Translation of a validated function body into register code for interp.ts. Spec: the
// instruction semantics of WebAssembly Core 3.0 §4.4; the structure follows the validation
// algorithm (Appendix) with an operand stack whose entries name the slot holding each value.
//
// Frame layout: [params | declared locals | operand stack]. The operand stack entry
// at depth d lives in slot numLocals + d ("canonical"), unless it is still lazy: a local.get that
// has not been copied (it names the local's slot) or an i32 constant not yet written. Lazy entries
// are materialised before anything could change what they name: before a write to that local, at
// the start of every block, and when values move to a label. Branch targets are code offsets.
// A call's arguments are already in consecutive canonical slots: the callee's frame starts there,
// and it leaves its results in the same place. An `if` with params gives its then-arm copies of
// them (the originals stay for the else-arm). Peepholes (retargeting, fused compare+branch,
// immediate and address forms) only look back at the last instruction, never across a label.

import type { Catch } from '../binary/operands.js';
import { BLOCK_EMPTY } from '../binary/operands.js';
import { type OperatorVisitor } from '../binary/operators.gen.js';
import { enabledOps, readOperator } from '../binary/operators.js';
import { readValType } from '../binary/operands.js';
import { Reader } from '../binary/reader.js';
import { DepthTracker } from '../binary/skip.js';
import { DEFAULT_FEATURES } from '../features.js';
import { funcTypeAt, type Module } from '../module.js';
import { OP_NAMES, SIG_DATA, SIG_INDEX, OP_I32_REINTERPRET_F32, OP_F32_REINTERPRET_I32, OP_I64_REINTERPRET_F64, OP_F64_REINTERPRET_I64 } from '../opcodes.gen.js';
import { F32, F64, I32, I64, V128, isRef, heapOf, refType, type FuncType, type ValType } from '../types.js';
import { Op } from './interp.js';
import type { CatchClause, CompiledCode, Handler, WasmFunction } from './runtime/func.js';

/** IR op for each wasm op id with a fixed signature (0 = none). */
const FIXED_IR = /* @__PURE__ */ (() => {
  const a = new Int32Array(0x600).fill(-1);
  const byName = Op as unknown as Record<string, number>;
  OP_NAMES.forEach((name, id) => {
    if (!name) return;
    const irName = name.split(/[._]/).map((p) => p[0]!.toUpperCase() + p.slice(1)).join('');
    const ir = byName[irName];
    if (typeof ir === 'number') a[id] = ir;
  });
  return a;
})();

const INVERT_BRIF: Partial<Record<number, number>> = {
  [Op.I32Eq]: Op.I32NeBrIf, [Op.I32Ne]: Op.I32EqBrIf, [Op.I32LtS]: Op.I32GeSBrIf, [Op.I32LtU]: Op.I32GeUBrIf,
  [Op.I32GtS]: Op.I32LeSBrIf, [Op.I32GtU]: Op.I32LeUBrIf, [Op.I32LeS]: Op.I32GtSBrIf, [Op.I32LeU]: Op.I32GtUBrIf,
  [Op.I32GeS]: Op.I32LtSBrIf, [Op.I32GeU]: Op.I32LtUBrIf,
};
const DIRECT_BRIF: Partial<Record<number, number>> = {
  [Op.I32Eq]: Op.I32EqBrIf, [Op.I32Ne]: Op.I32NeBrIf, [Op.I32LtS]: Op.I32LtSBrIf, [Op.I32LtU]: Op.I32LtUBrIf,
  [Op.I32GtS]: Op.I32GtSBrIf, [Op.I32GtU]: Op.I32GtUBrIf, [Op.I32LeS]: Op.I32LeSBrIf, [Op.I32LeU]: Op.I32LeUBrIf,
  [Op.I32GeS]: Op.I32GeSBrIf, [Op.I32GeU]: Op.I32GeUBrIf,
};
const IMM_FORM: Partial<Record<number, number>> = {
  [Op.I32Add]: Op.I32AddImm, [Op.I32Sub]: Op.I32SubImm, [Op.I32And]: Op.I32AndImm,
  [Op.I32Shl]: Op.I32ShlImm, [Op.I32ShrS]: Op.I32ShrSImm, [Op.I32ShrU]: Op.I32ShrUImm,
  [Op.I32Or]: Op.I32OrImm, [Op.I32Xor]: Op.I32XorImm, [Op.I32Mul]: Op.I32MulImm,
  [Op.I32Rotl]: Op.I32RotlImm, [Op.I32Rotr]: Op.I32RotrImm,
  [Op.I32Eq]: Op.I32EqImm, [Op.I32Ne]: Op.I32NeImm, [Op.I32LtS]: Op.I32LtSImm, [Op.I32LtU]: Op.I32LtUImm,
  [Op.I32GtS]: Op.I32GtSImm, [Op.I32GtU]: Op.I32GtUImm, [Op.I32LeS]: Op.I32LeSImm, [Op.I32LeU]: Op.I32LeUImm,
  [Op.I32GeS]: Op.I32GeSImm, [Op.I32GeU]: Op.I32GeUImm,
};
/** Loads/stores that can take an address computed by I32AddImm. */
const ADD_IMM_FORM: Partial<Record<number, number>> = {
  [Op.I32Load]: Op.I32LoadAI, [Op.F32Load]: Op.I32LoadAI, [Op.I64Load]: Op.I64LoadAI, [Op.F64Load]: Op.I64LoadAI,
  [Op.I32Load8U]: Op.I32Load8UAI, [Op.I32Load8S]: Op.I32Load8SAI, [Op.I32Load16U]: Op.I32Load16UAI,
  [Op.I32Load16S]: Op.I32Load16SAI, [Op.I32Store]: Op.I32StoreAI, [Op.F32Store]: Op.I32StoreAI,
  [Op.I64Store]: Op.I64StoreAI, [Op.F64Store]: Op.I64StoreAI, [Op.I32Store8]: Op.I32Store8AI,
};
const I64_SHIFT_IMM: Partial<Record<number, number>> = {
  [Op.I64Shl]: Op.I64ShlImm, [Op.I64ShrU]: Op.I64ShrUImm, [Op.I64ShrS]: Op.I64ShrSImm,
};
/** Op ids from here on are the threads proposal's atomics (0xfe prefix). */
const ATOMIC_OPS = 0x500;
const STORE_IMM: Partial<Record<number, number>> = {
  [Op.I32Store]: Op.I32StoreImm, [Op.I32Store8]: Op.I32Store8Imm, [Op.I32Store16]: Op.I32Store16Imm,
};
/** Compare-with-immediate → fused branch when true / when false. */
const IMM_BRIF: Partial<Record<number, number>> = {
  [Op.I32EqImm]: Op.I32EqImmBrIf, [Op.I32NeImm]: Op.I32NeImmBrIf, [Op.I32LtSImm]: Op.I32LtSImmBrIf,
  [Op.I32LtUImm]: Op.I32LtUImmBrIf, [Op.I32GtSImm]: Op.I32GtSImmBrIf, [Op.I32GtUImm]: Op.I32GtUImmBrIf,
  [Op.I32LeSImm]: Op.I32LeSImmBrIf, [Op.I32LeUImm]: Op.I32LeUImmBrIf, [Op.I32GeSImm]: Op.I32GeSImmBrIf,
  [Op.I32GeUImm]: Op.I32GeUImmBrIf,
};
const IMM_BRIF_INVERTED: Partial<Record<number, number>> = {
  [Op.I32EqImm]: Op.I32NeImmBrIf, [Op.I32NeImm]: Op.I32EqImmBrIf, [Op.I32LtSImm]: Op.I32GeSImmBrIf,
  [Op.I32LtUImm]: Op.I32GeUImmBrIf, [Op.I32GtSImm]: Op.I32LeSImmBrIf, [Op.I32GtUImm]: Op.I32LeUImmBrIf,
  [Op.I32LeSImm]: Op.I32GtSImmBrIf, [Op.I32LeUImm]: Op.I32GtUImmBrIf, [Op.I32GeSImm]: Op.I32LtSImmBrIf,
  [Op.I32GeUImm]: Op.I32LtUImmBrIf,
};

const enum Kind { Block, Loop, If, Else, Func, Try, Catch }
const LAZY_NONE = 0;
const LAZY_LOCAL = 1;
const LAZY_CONST = 2;

interface Label {
  kind: Kind;
  /** Stack depth below the block's params. */
  height: number;
  params: readonly ValType[];
  results: readonly ValType[];
  /** Loop: code offset of the loop start. */
  start: number;
  /** Code positions holding this label's end address (patched at `end`). */
  fixups: number[];
  /** If: position of the branch-to-else target. */
  elsePos: number;
  /** Whether the code after this block's `end` is reachable. */
  reachableEnd: boolean;
  /** Code offset of the end (known once the block is closed), for exception handler targets. */
  endPc: number;
  /** try_table / legacy try: where the protected body starts, and the clauses so far. */
  tryStart: number;
  tryEnd: number;
  clauses: PendingClause[];
}

interface PendingClause {
  tag: number;
  ref: boolean;
  legacy: boolean;
  /** try_table: the label branched to; legacy catch: null (target given). */
  label: Label | null;
  target: number;
  dst: number;
}

interface PendingHandler {
  start: number;
  end: number;
  depth: number;
  delegateTo: number;
  clauses: PendingClause[];
}

/** Names of unsupported instructions, indexed by the Unsupported op's operand. */
export const UNSUPPORTED_NAMES: string[] = [];
function unsupportedIndex(name: string): number {
  let i = UNSUPPORTED_NAMES.indexOf(name);
  if (i < 0) {
    i = UNSUPPORTED_NAMES.length;
    UNSUPPORTED_NAMES.push(name);
  }
  return i;
}

const EMPTY: readonly ValType[] = [];

/**
 * Whether translated code carries fuel checks (Ticks). Always on in use; bench/limits.ts turns
 * it off, in a process of its own, to measure what the checks cost. Limits need it on.
 */
let emitTicks = true;
export function setTickEmission(on: boolean): void {
  emitTicks = on;
}

/**
 * Translated code per module and function index: the code depends only on the module (type ids
 * are global), so every instance of a module shares it and re-instantiation translates nothing.
 */
const codeCache = new WeakMap<Module, (CompiledCode | undefined)[]>();

export function translateFunction(fn: WasmFunction): void {
  const m = fn.instance.module;
  let perModule = codeCache.get(m);
  const cached = perModule?.[fn.index];
  if (cached !== undefined) {
    fn.compiled = cached;
    return;
  }
  new Translator(fn).run();
  if (perModule === undefined) codeCache.set(m, (perModule = []));
  perModule[fn.index] = fn.compiled;
}

class Translator implements OperatorVisitor {
  private readonly fn: WasmFunction;
  private readonly m: Module;
  private readonly r: Reader;
  private readonly code: number[] = [];
  private locals: ValType[] = [];
  private numLocals = 0;
  // operand stack
  private types: ValType[] = [];
  private lazy: number[] = [];
  /** For LAZY_LOCAL the local index, for LAZY_CONST the constant. */
  private lazyVal: number[] = [];
  private labels: Label[] = [];
  private maxDepth = 0;
  private dead = false;
  /** Position of the dst operand of the last instruction, if it wrote the current top entry. */
  private lastDst = -1;
  private lastStart = -1;
  /** Stack index of the entry the last emitted instruction produced, and the code length after it. */
  private lastEntry = -1;
  private lastEnd = -1;
  private results: readonly ValType[] = EMPTY;
  private readonly handlers: PendingHandler[] = [];
  /**
   * Fuel regions (limits.ts): each loop body starts with [Tick, cost] (the function body's cost is
   * CompiledCode.fuel, charged by the call); cost is the number of instructions of that body
   * outside nested loops, patched when it closes.
   */
  private readonly fuelPos: number[] = [];
  private readonly fuelCounts: number[] = [];

  constructor(fn: WasmFunction) {
    this.fn = fn;
    this.m = fn.instance.module;
    const body = this.m.codes[fn.index - this.m.numImportedFuncs]!;
    this.r = new Reader(this.m.bytes, body.start, body.end);
  }

  run(): void {
    const r = this.r;
    const type = this.fn.type;
    const locals = type.params.slice();
    const n = r.u32();
    let hasRefLocals = false;
    for (let i = 0; i < n; i++) {
      const count = r.u32();
      const t = readValType(r, DEFAULT_FEATURES);
      if (isRef(t)) hasRefLocals = true;
      for (let k = 0; k < count; k++) locals.push(t);
    }
    this.locals = locals;
    this.numLocals = locals.length;
    this.results = type.results;
    this.labels.push(this.newLabel(Kind.Func, 0, EMPTY, type.results));
    // The function body's region is charged by the call itself (CompiledCode.fuel), not a Tick.
    this.fuelPos.push(-1);
    this.fuelCounts.push(0);
    const enabled = enabledOps(DEFAULT_FEATURES);
    const counts = this.fuelCounts;
    while (this.labels.length > 0) {
      if (this.dead) this.skipDead();
      else {
        counts[counts.length - 1]!++;
        readOperator(r, this, DEFAULT_FEATURES, enabled);
      }
    }
    this.fuelPos.pop();
    const fuel = emitTicks ? Math.max(1, this.fuelCounts.pop()!) : 0;
    const handlers = this.finishHandlers();
    const frameTop = this.numLocals + this.maxDepth;
    this.fn.compiled = {
      handlers,
      code: Int32Array.from(this.code),
      frameSize: Math.max(frameTop, type.results.length, type.params.length),
      numParams: type.params.length,
      numLocals: this.numLocals,
      numResults: type.results.length,
      hasRefLocals,
      fuel,
    };
  }

  /** Resolves handler clause targets; a catch that returns from the function gets a stub. */
  private finishHandlers(): Handler[] {
    let returnStub = -1;
    return this.handlers.map((h) => ({
      start: h.start, end: h.end, depth: h.depth, delegateTo: h.delegateTo,
      catches: h.clauses.map((c): CatchClause => {
        const l = c.label;
        if (!l) return { tag: c.tag, ref: c.ref, legacy: c.legacy, dst: c.dst, target: c.target };
        let target: number;
        if (l.kind === Kind.Func) {
          if (returnStub < 0) {
            returnStub = this.code.length;
            const n = this.results.length;
            for (let k = 0; k < n; k++) {
              const src = this.slotOf(k) * 2;
              if (src !== k * 2) this.emit(this.copyOp(this.results[k]!), k * 2, src);
            }
            this.emit(Op.Return);
          }
          target = returnStub;
        } else target = l.kind === Kind.Loop ? l.start : l.endPc;
        return { tag: c.tag, ref: c.ref, legacy: false, dst: this.slotOf(l.height), target };
      }),
    }));
  }

  /**
   * A code position others may branch to is being bound: no peephole may look back across it
   * (removing an instruction before it would move the target).
   */
  /** Emits a Tick at the current position (a function or loop start) whose cost is patched later. */
  private openFuelRegion(): void {
    if (!emitTicks) {
      this.fuelPos.push(-1);
      this.fuelCounts.push(0);
      return;
    }
    this.emit(Op.Tick, 0);
    this.fuelPos.push(this.code.length - 1);
    this.fuelCounts.push(0);
  }

  private closeFuelRegion(): void {
    const pos = this.fuelPos.pop()!;
    const cost = this.fuelCounts.pop()!;
    if (pos >= 0) this.code[pos] = Math.max(1, cost);
  }

  private barrier(): void {
    this.lastDst = -1;
    this.lastEntry = -1;
  }

  private newLabel(kind: Kind, height: number, params: readonly ValType[], results: readonly ValType[]): Label {
    this.barrier();
    return {
      kind, height, params, results, start: this.code.length, fixups: [], elsePos: -1, reachableEnd: false,
      endPc: -1, tryStart: -1, tryEnd: -1, clauses: [],
    };
  }

  // ---------------- dead code ----------------

  /** Skips unreachable instructions up to the `else`/`end` that closes the current block. */
  private skipDead(): void {
    const r = this.r;
    let depth = 0;
    const skipper = new DepthTracker();
    const enabled = enabledOps(DEFAULT_FEATURES);
    for (;;) {
      const b = r.bytes[r.pos]!;
      // end, else, catch, catch_all, delegate close (part of) the current block: handle them.
      if (depth === 0 && (b === 0x0b || b === 0x05 || b === 0x07 || b === 0x19 || b === 0x18)) {
        readOperator(r, this, DEFAULT_FEATURES, enabled);
        return;
      }
      skipper.depth = 0;
      readOperator(r, skipper, DEFAULT_FEATURES, enabled);
      depth += skipper.depth;
    }
  }

  // ---------------- emission helpers ----------------

  private emit(...words: number[]): void {
    for (const w of words) this.code.push(w);
  }

  private slotOf(i: number): number {
    return this.numLocals + i;
  }

  private pushCanonical(t: ValType): number {
    const i = this.types.length;
    this.types.push(t);
    this.lazy.push(LAZY_NONE);
    this.lazyVal.push(0);
    if (i + 1 > this.maxDepth) this.maxDepth = i + 1;
    return this.slotOf(i) * 2;
  }

  /** Pushes an entry whose value is not in its slot yet: a local's (LAZY_LOCAL) or an i32 constant. */
  private pushLazy(kind: number, t: ValType, value: number): void {
    const i = this.types.length;
    this.types.push(t);
    this.lazy.push(kind);
    this.lazyVal.push(value);
    if (i + 1 > this.maxDepth) this.maxDepth = i + 1;
    this.lastDst = -1;
  }

  /** Register operand (slot * 2) of entry i, materialising an i32 constant. */
  private operand(i: number): number {
    const lz = this.lazy[i]!;
    if (lz === LAZY_LOCAL) return this.lazyVal[i]! * 2;
    if (lz === LAZY_CONST) this.materialize(i);
    return this.slotOf(i) * 2;
  }

  /** Pops the top entry and returns its register operand. */
  private popOperand(): number {
    const i = this.types.length - 1;
    const r = this.operand(i);
    this.types.pop();
    this.lazy.pop();
    this.lazyVal.pop();
    return r;
  }

  private popN(n: number): void {
    this.types.length -= n;
    this.lazy.length -= n;
    this.lazyVal.length -= n;
  }

  private copyOp(t: ValType): Op {
    if (isRef(t)) return Op.CopyRef;
    return t === I64 || t === F64 ? Op.Copy64 : t === V128 ? Op.Copy64 : Op.Copy32;
  }

  private materialize(i: number): void {
    const lz = this.lazy[i]!;
    if (lz === LAZY_NONE) return;
    const dst = this.slotOf(i) * 2;
    if (lz === LAZY_LOCAL) this.emit(this.copyOp(this.types[i]!), dst, this.lazyVal[i]! * 2);
    else this.emit(Op.Const32, dst, this.lazyVal[i]!);
    this.lazy[i] = LAZY_NONE;
    this.lastDst = -1;
  }

  private materializeAll(from = 0, to = this.types.length): void {
    for (let i = from; i < to; i++) this.materialize(i);
  }

  /** Materialises entries that read `local` (before it is overwritten). */
  private materializeLocal(local: number): void {
    for (let i = 0; i < this.types.length; i++) {
      if (this.lazy[i] === LAZY_LOCAL && this.lazyVal[i] === local) this.materialize(i);
    }
  }

  private hasLazyRef(local: number, below: number): boolean {
    for (let i = 0; i < below; i++) if (this.lazy[i] === LAZY_LOCAL && this.lazyVal[i] === local) return true;
    return false;
  }

  /** Emits an instruction writing a new top entry of type t: [op, dst, ...operands]. */
  private emitResult(op: number, t: ValType, operands: number[]): void {
    const start = this.code.length;
    this.code.push(op, 0, ...operands);
    this.code[start + 1] = this.pushCanonical(t);
    this.lastStart = start;
    this.lastDst = start + 1;
    this.lastEntry = this.types.length - 1;
    this.lastEnd = this.code.length;
  }

  /** Copies the top n entries to the canonical slots starting at stack depth `to`. */
  private moveTop(n: number, to: number): void {
    const from = this.types.length - n;
    for (let k = 0; k < n; k++) {
      const i = from + k;
      const t = this.types[i]!;
      const dst = this.slotOf(to + k) * 2;
      if (this.lazy[i] === LAZY_CONST) this.emit(Op.Const32, dst, this.lazyVal[i]!);
      else {
        const src = this.operand(i);
        if (src !== dst) this.emit(this.copyOp(t), dst, src);
      }
    }
    this.lastDst = -1;
  }

  /** Branch-target values of a label. */
  private labelTypes(l: Label): readonly ValType[] {
    return l.kind === Kind.Loop ? l.params : l.results;
  }

  private label(depth: number): Label {
    return this.labels[this.labels.length - 1 - depth]!;
  }

  /** Emits a jump to label `l` (values already in place). */
  private jumpTo(l: Label): void {
    if (l.kind === Kind.Loop) this.emit(Op.Br, l.start);
    else {
      this.emit(Op.Br, -1);
      l.fixups.push(this.code.length - 1);
    }
  }

  /** Moves the values a branch to `l` carries into place, then jumps. */
  private branchTo(l: Label): void {
    if (l.kind === Kind.Func) {
      this.emitReturn();
      return;
    }
    const n = this.labelTypes(l).length;
    this.moveTop(n, l.height);
    this.jumpTo(l);
  }

  private emitReturn(): void {
    const n = this.results.length;
    const from = this.types.length - n;
    // Materialise into canonical slots first; then ascending copies to [0, n) never clobber a source.
    for (let k = 0; k < n; k++) this.materialize(from + k);
    for (let k = 0; k < n; k++) {
      const src = this.slotOf(from + k) * 2;
      if (src !== k * 2) this.emit(this.copyOp(this.types[from + k]!), k * 2, src);
    }
    this.emit(Op.Return);
    this.lastDst = -1;
  }

  private setDead(): void {
    const l = this.labels[this.labels.length - 1]!;
    this.popN(this.types.length - l.height - 0);
    this.dead = true;
    this.lastDst = -1;
  }

  private blockType(bt: number): FuncType {
    if (bt === BLOCK_EMPTY) return { kind: 'func', params: EMPTY, results: EMPTY };
    if (bt >= 0) return { kind: 'func', params: EMPTY, results: [bt] };
    return funcTypeAt(this.m, ~bt)!;
  }

  private unsupported(name: string): void {
    this.materializeAll();
    this.emit(Op.Unsupported, unsupportedIndex(name));
    this.setDead();
  }

  // ---------------- control ----------------

  unreachable(): void {
    this.emit(Op.Unreachable);
    this.setDead();
  }

  block(_op: number, bt: number): void {
    const ft = this.blockType(bt);
    this.materializeAll();
    this.labels.push(this.newLabel(Kind.Block, this.types.length - ft.params.length, ft.params, ft.results));
    this.lastDst = -1;
  }

  loop(_op: number, bt: number): void {
    const ft = this.blockType(bt);
    this.materializeAll();
    this.labels.push(this.newLabel(Kind.Loop, this.types.length - ft.params.length, ft.params, ft.results));
    this.openFuelRegion();
    this.lastDst = -1;
  }

  if(_op: number, bt: number): void {
    const ft = this.blockType(bt);
    // Everything below the condition goes to its canonical slot first (both arms rely on it).
    this.materializeAll(0, this.types.length - 1);
    // Fuse a preceding i32 comparison into the branch to the else arm.
    if (!this.takeCompareForBranch(true)) {
      const cond = this.popOperand();
      this.emit(Op.BrIfZ, cond, -1);
    }
    const l = this.newLabel(Kind.If, this.types.length - ft.params.length, ft.params, ft.results);
    l.elsePos = this.code.length - 1;
    // With params, the then arm works on copies stacked above the originals, which stay
    // untouched for the else arm (the arm cannot pop below its params).
    for (let k = 0; k < ft.params.length; k++) {
      const t = ft.params[k]!;
      const src = this.slotOf(l.height + k) * 2;
      this.emit(this.copyOp(t), this.pushCanonical(t), src);
    }
    this.labels.push(l);
    this.lastDst = -1;
  }

  else(): void {
    this.barrier();
    const l = this.labels[this.labels.length - 1]!;
    if (!this.dead) {
      this.moveTop(l.results.length, l.height);
      this.jumpTo(l);
      l.reachableEnd = true;
    }
    this.dead = false;
    // The false branch starts here.
    this.code[l.elsePos] = this.code.length;
    l.elsePos = -1;
    this.popN(this.types.length - l.height);
    for (const t of l.params) this.pushCanonical(t);
    l.kind = Kind.Else;
    this.lastDst = -1;
  }

  end(): void {
    this.barrier();
    const l = this.labels[this.labels.length - 1]!;
    if (l.kind === Kind.Func) {
      if (!this.dead) this.emitReturn();
      this.labels.pop();
      return;
    }
    if (!this.dead) {
      this.moveTop(l.results.length, l.height);
      l.reachableEnd = true;
    }
    if (l.kind === Kind.Loop) this.closeFuelRegion();
    this.dead = false;
    this.labels.pop();
    if (l.elsePos >= 0) {
      // if without else: the false branch goes straight to the end (params pass through as results).
      this.code[l.elsePos] = this.code.length;
      l.reachableEnd = true;
    }
    const endPc = this.code.length;
    l.endPc = endPc;
    for (const pos of l.fixups) this.code[pos] = endPc;
    if (l.tryStart >= 0) {
      // try_table: the body up to here; legacy try: the body up to its first catch.
      this.handlers.push({
        start: l.tryStart, end: l.tryEnd >= 0 ? l.tryEnd : endPc, depth: this.labels.length, delegateTo: -1, clauses: l.clauses,
      });
    }
    if (l.fixups.length > 0) l.reachableEnd = true;
    this.popN(this.types.length - l.height);
    for (const t of l.results) this.pushCanonical(t);
    this.lastDst = -1;
    if (!l.reachableEnd) this.setDead();
  }

  br(_op: number, depth: number): void {
    this.branchTo(this.label(depth));
    this.setDead();
  }

  /**
   * If the top entry was just computed by an i32 comparison (or eqz), removes that instruction
   * and emits a fused compare-and-branch instead. `forIf`: branch when the condition is false.
   * The branch target word is left as the last code word.
   */
  private takeCompareForBranch(forIf: boolean): boolean {
    if (this.lastDst < 0 || this.lastDst !== this.code.length - 3 && this.lastDst !== this.code.length - 2) return false;
    const start = this.lastStart;
    const op = this.code[start]!;
    if (op === Op.I32Eqz && this.code.length === start + 3) {
      const a = this.code[start + 2]!;
      this.code.length = start;
      this.popN(1);
      this.emit(forIf ? Op.I32EqzBrIfZ : Op.I32EqzBrIf, a, -1);
      this.lastDst = -1;
      return true;
    }
    const fusedOp = forIf ? INVERT_BRIF[op] ?? IMM_BRIF_INVERTED[op] : DIRECT_BRIF[op] ?? IMM_BRIF[op];
    if (fusedOp === undefined || this.code.length !== start + 4) return false;
    const a = this.code[start + 2]!;
    const b = this.code[start + 3]!;
    this.code.length = start;
    this.popN(1);
    this.emit(fusedOp, a, b, -1);
    this.lastDst = -1;
    return true;
  }

  brIf(_op: number, depth: number): void {
    const l = this.label(depth);
    const n = l.kind === Kind.Func ? this.results.length : this.labelTypes(l).length;
    const needsMoves = l.kind === Kind.Func || this.valuesNeedMoves(n, l.height);
    if (!needsMoves) {
      if (this.takeCompareForBranch(false)) {
        this.patchTarget(l);
        return;
      }
      const cond = this.popOperand();
      this.emit(Op.BrIf, cond, -1);
      this.patchTarget(l);
      this.lastDst = -1;
      return;
    }
    const cond = this.popOperand();
    this.emit(Op.BrIfZ, cond, -1);
    const skipPos = this.code.length - 1;
    this.branchTo(l);
    this.code[skipPos] = this.code.length;
    this.lastDst = -1;
  }

  /** Points the last code word (a branch target) at label l. */
  private patchTarget(l: Label): void {
    const pos = this.code.length - 1;
    if (l.kind === Kind.Loop) this.code[pos] = l.start;
    else l.fixups.push(pos);
  }

  /** Whether the top n values (below the condition on top) are not already where label values go. */
  private valuesNeedMoves(n: number, height: number): boolean {
    const from = this.types.length - 1 - n;
    for (let k = 0; k < n; k++) {
      const i = from + k;
      if (this.lazy[i] !== LAZY_NONE || i !== height + k) return true;
    }
    return false;
  }

  brTable(_op: number, depths: number[], defaultDepth: number): void {
    const idx = this.popOperand();
    const all = [...depths, defaultDepth];
    this.materializeAll();
    this.emit(Op.BrTable, idx, depths.length);
    const tablePos = this.code.length;
    for (let k = 0; k < all.length; k++) this.code.push(-1);
    // Each target gets a stub that moves the values and jumps (or a direct jump when none move).
    for (let k = 0; k < all.length; k++) {
      const l = this.label(all[k]!);
      const n = l.kind === Kind.Func ? this.results.length : this.labelTypes(l).length;
      const direct = l.kind !== Kind.Func && !this.valuesNeedMovesTop(n, l.height);
      if (direct) {
        if (l.kind === Kind.Loop) this.code[tablePos + k] = l.start;
        else l.fixups.push(tablePos + k);
      } else {
        this.code[tablePos + k] = this.code.length;
        this.branchTo(l);
      }
    }
    this.setDead();
  }

  private valuesNeedMovesTop(n: number, height: number): boolean {
    const from = this.types.length - n;
    for (let k = 0; k < n; k++) if (this.lazy[from + k] !== LAZY_NONE || from + k !== height + k) return true;
    return false;
  }

  return(): void {
    this.emitReturn();
    this.setDead();
  }

  /** Puts the top n entries into canonical slots (call arguments) and pops them; returns the first slot's register. */
  private popArgs(n: number): number {
    const from = this.types.length - n;
    for (let k = 0; k < n; k++) this.materialize(from + k);
    this.popN(n);
    return this.slotOf(from) * 2;
  }

  private pushResults(ts: readonly ValType[]): void {
    for (const t of ts) this.pushCanonical(t);
    this.lastDst = -1;
  }

  call(_op: number, funcIndex: number): void {
    const ft = funcTypeAt(this.m, this.m.funcs[funcIndex]!)!;
    // Values below the arguments stay where they are; lazy ones must not see the callee's writes
    // (the callee cannot write our locals, so only constants/locals are fine as they are).
    const base = this.popArgs(ft.params.length);
    this.emit(Op.Call, funcIndex, base);
    this.reserve(ft);
    this.pushResults(ft.results);
  }

  /** The callee's results land at the arguments' place; make sure the frame covers them. */
  private reserve(ft: FuncType): void {
    const need = this.types.length + Math.max(ft.params.length, ft.results.length);
    if (need > this.maxDepth) this.maxDepth = need;
  }

  callIndirect(_op: number, typeIndex: number, tableIndex: number): void {
    const ft = funcTypeAt(this.m, typeIndex)!;
    const idx = this.popOperand();
    // The index may be a lazy local: read it before arguments are materialised over nothing of it.
    const base = this.popArgs(ft.params.length);
    const i = this.index32(idx, this.is64Table(tableIndex), ft.params.length);
    this.emit(Op.CallIndirect, this.fn.instance.typeIds[typeIndex]!, tableIndex, i, base);
    this.reserve(ft);
    this.pushResults(ft.results);
  }

  returnCall(_op: number, funcIndex: number): void {
    const ft = funcTypeAt(this.m, this.m.funcs[funcIndex]!)!;
    const base = this.popArgs(ft.params.length);
    this.emit(Op.ReturnCall, funcIndex, base, Op.Return);
    this.reserve(ft);
    this.setDead();
  }

  returnCallIndirect(_op: number, typeIndex: number, tableIndex: number): void {
    const ft = funcTypeAt(this.m, typeIndex)!;
    const idx = this.popOperand();
    const base = this.popArgs(ft.params.length);
    const i = this.index32(idx, this.is64Table(tableIndex), ft.params.length);
    this.emit(Op.ReturnCallIndirect, this.fn.instance.typeIds[typeIndex]!, tableIndex, i, base, Op.Return);
    this.reserve(ft);
    this.setDead();
  }

  callRef(_op: number, typeIndex: number): void {
    const ft = funcTypeAt(this.m, typeIndex)!;
    const ref = this.popOperand();
    const base = this.popArgs(ft.params.length);
    this.emit(Op.CallRef, ref, base);
    this.reserve(ft);
    this.pushResults(ft.results);
  }

  returnCallRef(_op: number, typeIndex: number): void {
    const ft = funcTypeAt(this.m, typeIndex)!;
    const ref = this.popOperand();
    const base = this.popArgs(ft.params.length);
    this.emit(Op.ReturnCallRef, ref, base, Op.Return);
    this.reserve(ft);
    this.setDead();
  }
  // ---------------- exceptions ----------------

  private tagType(tagIndex: number): FuncType {
    return funcTypeAt(this.m, this.m.tags[tagIndex]!.typeIndex)!;
  }

  throw(_op: number, tagIndex: number): void {
    const ft = this.tagType(tagIndex);
    const base = this.popArgs(ft.params.length);
    this.emit(Op.Throw, tagIndex, base);
    this.setDead();
  }

  throwRef(): void {
    const r = this.popOperand();
    this.emit(Op.ThrowRef, r);
    this.setDead();
  }

  tryTable(_op: number, bt: number, catches: Catch[]): void {
    const ft = this.blockType(bt);
    this.materializeAll();
    const clauses: PendingClause[] = catches.map((c) => {
      const label = this.label(c.label);
      label.reachableEnd = true; // a catch branches there
      return { tag: c.kind < 2 ? c.tag : -1, ref: c.kind === 1 || c.kind === 3, legacy: false, label, target: -1, dst: -1 };
    });
    const l = this.newLabel(Kind.Block, this.types.length - ft.params.length, ft.params, ft.results);
    l.tryStart = this.code.length;
    l.clauses = clauses;
    this.labels.push(l);
    this.lastDst = -1;
  }

  try(_op: number, bt: number): void {
    const ft = this.blockType(bt);
    this.materializeAll();
    const l = this.newLabel(Kind.Try, this.types.length - ft.params.length, ft.params, ft.results);
    l.tryStart = this.code.length;
    this.labels.push(l);
    this.lastDst = -1;
  }

  /** Closes the try body or the previous catch clause and opens a clause for `tagIndex` (-1: catch_all). */
  private legacyCatch(tagIndex: number): void {
    this.barrier();
    const l = this.labels[this.labels.length - 1]!;
    if (!this.dead) {
      this.moveTop(l.results.length, l.height);
      this.jumpTo(l);
      l.reachableEnd = true;
    }
    this.dead = false;
    if (l.tryEnd < 0) l.tryEnd = this.code.length;
    this.popN(this.types.length - l.height);
    // The clause's stack: a hidden exnref (for rethrow) below the tag's payload.
    this.pushCanonical(refType(0x69, false));
    const payload = tagIndex >= 0 ? this.tagType(tagIndex).params : EMPTY;
    for (const t of payload) this.pushCanonical(t);
    l.clauses.push({ tag: tagIndex, ref: false, legacy: true, label: null, target: this.code.length, dst: this.slotOf(l.height) });
    l.kind = Kind.Catch;
    this.lastDst = -1;
  }

  catch(_op: number, tagIndex: number): void {
    this.legacyCatch(tagIndex);
  }

  catchAll(): void {
    this.legacyCatch(-1);
  }

  delegate(_op: number, depth: number): void {
    this.barrier();
    const l = this.labels[this.labels.length - 1]!;
    if (!this.dead) {
      this.moveTop(l.results.length, l.height);
      l.reachableEnd = true;
    }
    if (l.kind === Kind.Loop) this.closeFuelRegion();
    this.dead = false;
    this.labels.pop();
    const endPc = this.code.length;
    for (const pos of l.fixups) this.code[pos] = endPc;
    if (l.fixups.length > 0) l.reachableEnd = true;
    // Exceptions from the body continue at the handlers of the label `depth` levels out.
    this.handlers.push({ start: l.tryStart, end: endPc, depth: this.labels.length, delegateTo: this.labels.length - 1 - depth, clauses: [] });
    this.popN(this.types.length - l.height);
    for (const t of l.results) this.pushCanonical(t);
    this.lastDst = -1;
    if (!l.reachableEnd) this.setDead();
  }

  rethrow(_op: number, depth: number): void {
    const l = this.label(depth);
    this.emit(Op.ThrowRef, this.slotOf(l.height) * 2);
    this.setDead();
  }

  // ---------------- parametric ----------------

  drop(): void {
    this.popN(1);
    this.lastDst = -1;
  }

  select(): void {
    const c = this.popOperand();
    const t = this.types[this.types.length - 1]!;
    const b = this.popOperand();
    const a = this.popOperand();
    const op = isRef(t) ? Op.SelectRef : t === I64 || t === F64 ? Op.Select64 : t === V128 ? -1 : Op.Select32;
    if (op < 0) return this.unsupported('select v128');
    this.emitResult(op as Op, t, [a, b, c]);
  }

  selectT(op: number): void { this.select(); void op; }

  // ---------------- variables ----------------

  localGet(_op: number, idx: number): void {
    this.pushLazy(LAZY_LOCAL, this.locals[idx]!, idx);
  }

  localSet(_op: number, idx: number): void {
    this.setLocal(idx, false);
  }

  localTee(_op: number, idx: number): void {
    this.setLocal(idx, true);
  }

  private setLocal(idx: number, tee: boolean): void {
    const top = this.types.length - 1;
    const t = this.locals[idx]!;
    if (this.lastDst >= 0 && this.lazy[top] === LAZY_NONE && !this.hasLazyRef(idx, top)) {
      // Retarget the instruction that produced the value straight into the local.
      this.code[this.lastDst] = idx * 2;
      this.popN(1);
    } else if (this.lazy[top] === LAZY_CONST && t === I32) {
      this.materializeLocal(idx);
      this.emit(Op.Const32, idx * 2, this.lazyVal[top]!);
      this.popN(1);
    } else {
      const src = this.operand(top);
      this.popN(1);
      this.materializeLocal(idx);
      if (src !== idx * 2) this.emit(this.copyOp(t), idx * 2, src);
    }
    this.lastDst = -1;
    if (tee) this.pushLazy(LAZY_LOCAL, t, idx);
  }

  globalGet(_op: number, idx: number): void {
    const t = this.m.globals[idx]!.type;
    const op = isRef(t) ? Op.GlobalGetRef : t === I64 || t === F64 ? Op.GlobalGet64 : t === V128 ? -1 : Op.GlobalGet32;
    if (op < 0) return this.unsupported('global.get v128');
    this.emitResult(op as Op, t, [idx]);
  }

  globalSet(_op: number, idx: number): void {
    const t = this.m.globals[idx]!.type;
    const op = isRef(t) ? Op.GlobalSetRef : t === I64 || t === F64 ? Op.GlobalSet64 : t === V128 ? -1 : Op.GlobalSet32;
    if (op < 0) return this.unsupported('global.set v128');
    const s = this.popOperand();
    this.emit(op, idx, s);
    this.lastDst = -1;
  }

  // ---------------- tables ----------------

  private is64Table(t: number): boolean {
    return this.m.tables[t]!.limits.is64;
  }

  /**
   * 64-bit tables (memory64's table64) reuse the 32-bit table instructions: an i64 index or
   * length becomes u32, saturated (anything >= 2^32 is out of bounds for every table here, whose
   * size is capped far below). The conversion goes to the free slot at (current depth + k): the
   * caller picks k so that it lies above every operand of the instruction and apart from the
   * instruction's other conversions.
   */
  private index32(reg: number, is64: boolean, k: number): number {
    if (!is64) return reg;
    const slot = this.types.length + k;
    if (slot + 1 > this.maxDepth) this.maxDepth = slot + 1;
    this.emit(Op.I64SatU32, this.slotOf(slot) * 2, reg);
    return this.slotOf(slot) * 2;
  }

  tableGet(_op: number, t: number): void {
    const i = this.index32(this.popOperand(), this.is64Table(t), 1);
    this.emitResult(Op.TableGet, this.m.tables[t]!.elem, [i, t]);
  }

  tableSet(_op: number, t: number): void {
    const v = this.popOperand();
    const i = this.index32(this.popOperand(), this.is64Table(t), 2);
    this.emit(Op.TableSet, i, v, t);
    this.lastDst = -1;
  }

  tableSize(_op: number, t: number): void {
    const is64 = this.is64Table(t);
    this.emitResult(Op.TableSize, is64 ? I64 : I32, [t]);
    if (is64) {
      const d = this.slotOf(this.types.length - 1) * 2;
      this.emit(Op.I64ExtendI32U, d, d);
      this.lastDst = -1;
    }
  }

  tableGrow(_op: number, t: number): void {
    const is64 = this.is64Table(t);
    const n = this.index32(this.popOperand(), is64, 1);
    const init = this.popOperand();
    this.emitResult(Op.TableGrow, is64 ? I64 : I32, [init, n, t]);
    if (is64) {
      // The old size (small) or -1: sign extension gives the i64 result.
      const d = this.slotOf(this.types.length - 1) * 2;
      this.emit(Op.I64ExtendI32S, d, d);
      this.lastDst = -1;
    }
  }

  tableFill(_op: number, t: number): void {
    const is64 = this.is64Table(t);
    const n = this.index32(this.popOperand(), is64, 2);
    const v = this.popOperand();
    const i = this.index32(this.popOperand(), is64, 3);
    this.emit(Op.TableFill, i, v, n, t);
    this.lastDst = -1;
  }

  tableCopy(_op: number, dt: number, st: number): void {
    const d64 = this.is64Table(dt);
    const s64 = this.is64Table(st);
    const n = this.index32(this.popOperand(), d64 && s64, 2);
    const s = this.index32(this.popOperand(), s64, 4);
    const d = this.index32(this.popOperand(), d64, 6);
    this.emit(Op.TableCopy, d, s, n, dt, st);
    this.lastDst = -1;
  }

  tableInit(_op: number, e: number, t: number): void {
    const n = this.popOperand();
    const s = this.popOperand();
    const d = this.index32(this.popOperand(), this.is64Table(t), 3);
    this.emit(Op.TableInit, d, s, n, e, t);
    this.lastDst = -1;
  }

  elemDrop(_op: number, e: number): void {
    this.emit(Op.ElemDrop, e);
    this.lastDst = -1;
  }

  // ---------------- memory ----------------

  private mem32(idx: number): boolean {
    return !this.m.memories[idx]!.limits.is64;
  }

  memoryAccess(op: number, _align: number, mem: number, offset: number): void {
    if (op >= ATOMIC_OPS) return this.atomic(op, mem, offset);
    const ir = FIXED_IR[op]!;
    if (ir < 0) return this.unsupported(OP_NAMES[op]!);
    const sig = SIG_INDEX[op]!;
    const nParams = SIG_DATA[sig]!;
    const fast = mem === 0 && this.mem32(0) && offset <= 0xffffffff;
    const offLo = offset % 4294967296 | 0;
    const offHi = Math.floor(offset / 4294967296) | 0;
    const fused = fast ? ADD_IMM_FORM[ir] : undefined;
    if (fused !== undefined && this.takeAddImmAddress(nParams === 2)) {
      // The address is a + imm: [fused, value-or-dst, a, imm, offset].
      const imm = this.code.pop()!;
      const a = this.code.pop()!;
      if (nParams === 2) {
        const v = this.popOperand();
        this.popN(1);
        this.emit(fused, v, a, imm, offset | 0);
        this.lastDst = -1;
      } else {
        this.popN(1);
        this.emitResult(fused, SIG_DATA[sig + 3]!, [a, imm, offset | 0]);
      }
      return;
    }
    if (nParams === 2) {
      const top = this.types.length - 1;
      const storeImm = fast && this.lazy[top] === LAZY_CONST ? STORE_IMM[ir] : undefined;
      if (storeImm !== undefined) {
        const k = this.lazyVal[top]!;
        this.popN(1);
        const a = this.popOperand();
        this.emit(storeImm, k, a, offset | 0);
        this.lastDst = -1;
        return;
      }
      const v = this.popOperand();
      const a = this.popOperand();
      if (fast) this.emit(ir, v, a, offset | 0);
      else this.emit(Op.MemStoreG, v, a, offLo, offHi, mem, op);
      this.lastDst = -1;
    } else {
      const a = this.popOperand();
      const t = SIG_DATA[sig + 3]!;
      if (fast) this.emitResult(ir, t, [a, offset | 0]);
      else this.emitResult(Op.MemLoadG, t, [a, offLo, offHi, mem, op]);
    }
  }

  /**
   * If the address operand (the top entry, or the one below a lazy value for a store) was just
   * computed by I32AddImm and nothing was emitted since, removes that instruction's op and dst
   * words and leaves its `a, imm` as the last two code words.
   */
  private takeAddImmAddress(store: boolean): boolean {
    const top = this.types.length - 1;
    const addr = store ? top - 1 : top;
    if (addr < 0 || this.lastEntry !== addr || this.code.length !== this.lastEnd || this.lazy[addr] !== LAZY_NONE) return false;
    if (store && this.lazy[top] === LAZY_NONE) return false;
    const start = this.lastStart;
    if (this.code[start] !== Op.I32AddImm || this.code.length !== start + 4) return false;
    const a = this.code[start + 2]!;
    const imm = this.code[start + 3]!;
    this.code.length = start;
    this.code.push(a, imm);
    this.lastEntry = -1;
    return true;
  }

  /** Atomic accesses and wait/notify (threads): one generic instruction (atomics.ts). */
  private atomic(op: number, mem: number, offset: number): void {
    const sig = SIG_INDEX[op]!;
    const np = SIG_DATA[sig]!;
    const nr = SIG_DATA[sig + np + 1]!;
    const regs = [0, 0, 0];
    for (let k = np - 1; k >= 0; k--) regs[k] = this.popOperand();
    const offLo = offset % 4294967296 | 0;
    const offHi = Math.floor(offset / 4294967296) | 0;
    let dst = 0;
    if (nr === 1) {
      const rt = SIG_DATA[sig + np + 2]!;
      dst = this.pushCanonical(rt === 1 ? I32 : rt);
    }
    this.emit(Op.AtomicG, op, dst, regs[0]!, regs[1]!, regs[2]!, offLo, offHi, mem);
    this.lastDst = -1;
  }

  memoryLane(op: number): void { this.unsupported(OP_NAMES[op]!); }

  memoryIndexed(op: number, mem: number): void {
    const is32 = this.mem32(mem);
    const at = is32 ? I32 : I64;
    const name = OP_NAMES[op];
    if (name === 'memory.size') this.emitResult(is32 ? Op.MemorySize : Op.MemSizeG, at, [mem]);
    else if (name === 'memory.grow') {
      const n = this.popOperand();
      if (is32) this.emitResult(Op.MemoryGrow, at, [n, mem]);
      else this.emitResult(Op.MemGrowG, at, [n, mem]);
    } else {
      const n = this.popOperand();
      const v = this.popOperand();
      const d = this.popOperand();
      if (is32) this.emit(Op.MemoryFill, d, v, n, mem);
      else this.emit(Op.MemBulkG, 0, d, v, n, mem, 0);
      this.lastDst = -1;
    }
  }

  memoryInit(_op: number, data: number, mem: number): void {
    const n = this.popOperand();
    const s = this.popOperand();
    const d = this.popOperand();
    if (this.mem32(mem)) this.emit(Op.MemoryInit, d, s, n, data, mem);
    else this.emit(Op.MemBulkG, 2, d, s, n, data, mem);
    this.lastDst = -1;
  }

  dataDrop(_op: number, data: number): void {
    this.emit(Op.DataDrop, data);
    this.lastDst = -1;
  }

  memoryCopy(_op: number, dm: number, sm: number): void {
    const n = this.popOperand();
    const s = this.popOperand();
    const d = this.popOperand();
    if (this.mem32(dm) && this.mem32(sm)) this.emit(Op.MemoryCopy, d, s, n, dm, sm);
    else this.emit(Op.MemBulkG, 1, d, s, n, dm, sm);
    this.lastDst = -1;
  }

  // ---------------- constants ----------------

  i32Const(_op: number, value: number): void {
    this.pushLazy(LAZY_CONST, I32, value);
  }

  i64Const(_op: number, lo: number, hi: number): void {
    this.emitResult(Op.Const64, I64, [lo, hi]);
  }

  f32Const(_op: number, bits: number): void {
    this.emitResult(Op.Const32, F32, [bits]);
  }

  f64Const(_op: number, lo: number, hi: number): void {
    this.emitResult(Op.Const64, F64, [lo, hi]);
  }

  // ---------------- numeric with a fixed signature ----------------

  fixed(op: number): void {
    if (op === OP_I32_REINTERPRET_F32 || op === OP_F32_REINTERPRET_I32 || op === OP_I64_REINTERPRET_F64 || op === OP_F64_REINTERPRET_I64) {
      // Same bits, new type: retype the entry (copying if lazy keeps the local's type apart).
      const i = this.types.length - 1;
      const sig = SIG_INDEX[op]!;
      const t = SIG_DATA[sig + 3]!;
      if (this.lazy[i] !== LAZY_NONE) this.materialize(i);
      this.types[i] = t;
      return;
    }
    const sig = SIG_INDEX[op]!;
    const np = SIG_DATA[sig]!;
    const nr = SIG_DATA[sig + np + 1]!;
    if (np === 0 && nr === 0) return; // nop, atomic.fence (single-threaded: no effect)
    const ir = FIXED_IR[op]!;
    if (ir < 0) return this.unsupported(OP_NAMES[op]!);
    if (nr === 2) {
      // Wide arithmetic: two i64 results in consecutive slots.
      const regs: number[] = [];
      for (let k = 0; k < np; k++) regs.unshift(this.popOperand());
      const dst = this.pushCanonical(I64);
      this.pushCanonical(I64);
      this.emit(ir, dst, ...regs);
      this.lastDst = -1;
      return;
    }
    if (nr !== 1 || np > 2) return this.unsupported(OP_NAMES[op]!);
    const rt = SIG_DATA[sig + np + 2]!;
    if (np === 2) {
      const top = this.types.length - 1;
      const imm = IMM_FORM[ir];
      if (imm !== undefined && this.lazy[top] === LAZY_CONST &&
          !((imm === Op.I32RotlImm || imm === Op.I32RotrImm) && (this.lazyVal[top]! & 31) === 0)) {
        let k = this.lazyVal[top]!;
        // Shift and rotate counts are taken mod 32 (JS shifts do the same; rotates need it done).
        if (imm === Op.I32RotlImm || imm === Op.I32RotrImm) k &= 31;
        this.popN(1);
        const a = this.popOperand();
        this.emitResult(imm, rt, [a, k]);
        return;
      }
      const i64Imm = I64_SHIFT_IMM[ir];
      if (i64Imm !== undefined && this.lastEntry === top && this.code.length === this.lastEnd &&
          this.code[this.lastStart] === Op.Const64 && this.lazy[top] === LAZY_NONE) {
        // Shift by a constant just loaded: drop the Const64, use the count as an immediate.
        const k = this.code[this.lastStart + 2]! & 63;
        this.code.length = this.lastStart;
        this.popN(1);
        const a = this.popOperand();
        if (k === 0) this.emitResult(Op.Copy64, rt, [a]);
        else this.emitResult(i64Imm, rt, [a, k]);
        return;
      }
      const b = this.popOperand();
      const a = this.popOperand();
      this.emitResult(ir, rt, [a, b]);
    } else if (np === 1) {
      const a = this.popOperand();
      this.emitResult(ir, rt, [a]);
    } else {
      this.emitResult(ir, rt, []);
    }
  }

  // ---------------- references ----------------

  refNull(_op: number, h: number): void {
    this.emitResult(Op.RefNull, refType(h, true), []);
  }

  refIsNull(): void {
    const a = this.popOperand();
    this.emitResult(Op.RefIsNull, I32, [a]);
  }

  refFunc(_op: number, f: number): void {
    this.emitResult(Op.RefFunc, refType(0x80 + this.m.funcs[f]!, false), [f]);
  }

  refAsNonNull(): void {
    const t = this.types[this.types.length - 1]!;
    const a = this.popOperand();
    this.emitResult(Op.RefAsNonNull, refType(heapOf(t), false), [a]);
  }

  refEq(): void { this.unsupported('ref.eq'); }
  brOnNull(): void { this.unsupported('br_on_null'); }
  brOnNonNull(): void { this.unsupported('br_on_non_null'); }

  // ---------------- not yet executed: SIMD, GC ----------------

  v128Const(): void { this.unsupported('v128.const'); }
  i8x16Shuffle(): void { this.unsupported('i8x16.shuffle'); }
  lane(op: number): void { this.unsupported(OP_NAMES[op]!); }
  structNew(): void { this.unsupported('struct.new'); }
  structNewDefault(): void { this.unsupported('struct.new_default'); }
  structGet(): void { this.unsupported('struct.get'); }
  structGetS(): void { this.unsupported('struct.get_s'); }
  structGetU(): void { this.unsupported('struct.get_u'); }
  structSet(): void { this.unsupported('struct.set'); }
  arrayNew(): void { this.unsupported('array.new'); }
  arrayNewDefault(): void { this.unsupported('array.new_default'); }
  arrayNewFixed(): void { this.unsupported('array.new_fixed'); }
  arrayNewData(): void { this.unsupported('array.new_data'); }
  arrayNewElem(): void { this.unsupported('array.new_elem'); }
  arrayGet(): void { this.unsupported('array.get'); }
  arrayGetS(): void { this.unsupported('array.get_s'); }
  arrayGetU(): void { this.unsupported('array.get_u'); }
  arraySet(): void { this.unsupported('array.set'); }
  arrayLen(): void { this.unsupported('array.len'); }
  arrayFill(): void { this.unsupported('array.fill'); }
  arrayCopy(): void { this.unsupported('array.copy'); }
  arrayInitData(): void { this.unsupported('array.init_data'); }
  arrayInitElem(): void { this.unsupported('array.init_elem'); }
  refTest(): void { this.unsupported('ref.test'); }
  refTestNull(): void { this.unsupported('ref.test'); }
  refCast(): void { this.unsupported('ref.cast'); }
  refCastNull(): void { this.unsupported('ref.cast'); }
  brOnCast(): void { this.unsupported('br_on_cast'); }
  brOnCastFail(): void { this.unsupported('br_on_cast_fail'); }
  anyConvertExtern(): void { this.unsupported('any.convert_extern'); }
  externConvertAny(): void { this.unsupported('extern.convert_any'); }
  refI31(): void { this.unsupported('ref.i31'); }
  i31GetS(): void { this.unsupported('i31.get_s'); }
  i31GetU(): void { this.unsupported('i31.get_u'); }
}

