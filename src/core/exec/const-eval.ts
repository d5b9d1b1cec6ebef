// Evaluation of constant expressions (global initialisers, segment offsets and items, table
// initialisers). Spec: WebAssembly Core 3.0 §3.5.x "Constant Expressions" and §4.5.4
// "Instantiation" (evaluate with the globals known so far). Values are written to a Cell.

import { BaseOperatorVisitor } from '../binary/operators.gen.js';
import { enabledOps, readOperator } from '../binary/operators.js';
import { Reader } from '../binary/reader.js';
import { DEFAULT_FEATURES } from '../features.js';
import type { Expr } from '../module.js';
import { OP_I32_ADD, OP_I32_MUL, OP_I32_SUB, OP_I64_ADD, OP_I64_MUL, OP_I64_SUB } from '../opcodes.gen.js';
import { RuntimeError } from '../errors.js';
import type { ModuleInstance } from './runtime/instance.js';
import * as I64N from './numeric/i64.js';

/** A value of any type: raw 8 bytes (i32, i64 halves, f32/f64 bits) or a reference. */
export class Cell {
  readonly bits = new Int32Array(2);
  ref: unknown = null;
}

class ConstEvaluator extends BaseOperatorVisitor {
  readonly stack: Cell[] = [];
  inst!: ModuleInstance;

  private push(): Cell {
    const c = new Cell();
    this.stack.push(c);
    return c;
  }

  override i32Const(_op: number, v: number): void { this.push().bits[0] = v; }
  override f32Const(_op: number, v: number): void { this.push().bits[0] = v; }
  override i64Const(_op: number, lo: number, hi: number): void {
    const c = this.push();
    c.bits[0] = lo;
    c.bits[1] = hi;
  }
  override f64Const(_op: number, lo: number, hi: number): void { this.i64Const(_op, lo, hi); }
  override refNull(): void { this.push().ref = null; }
  override refFunc(_op: number, f: number): void { this.push().ref = this.inst.funcs[f]; }
  override globalGet(_op: number, g: number): void {
    const gi = this.inst.globals[g]!;
    const c = this.push();
    c.bits[0] = gi.bits[0]!;
    c.bits[1] = gi.bits[1]!;
    c.ref = gi.ref;
  }
  override fixed(op: number): void {
    const b = this.stack.pop()!.bits;
    const a = this.stack[this.stack.length - 1]!.bits;
    switch (op) {
      case OP_I32_ADD: a[0] = (a[0]! + b[0]!) | 0; break;
      case OP_I32_SUB: a[0] = (a[0]! - b[0]!) | 0; break;
      case OP_I32_MUL: a[0] = Math.imul(a[0]!, b[0]!); break;
      case OP_I64_ADD: I64N.add(a[0]!, a[1]!, b[0]!, b[1]!, a, 0); break;
      case OP_I64_SUB: I64N.sub(a[0]!, a[1]!, b[0]!, b[1]!, a, 0); break;
      case OP_I64_MUL: I64N.mul(a[0]!, a[1]!, b[0]!, b[1]!, a, 0); break;
      default: throw new RuntimeError('unsupported instruction in constant expression');
    }
  }
  override v128Const(): void { throw new RuntimeError('unsupported instruction in constant expression: v128.const'); }
}


export function evalConst(inst: ModuleInstance, e: Expr): Cell {
  const r = new Reader(inst.module.bytes, e.start, e.end);
  const ev = new ConstEvaluator();
  ev.inst = inst;
  const enabled = enabledOps(DEFAULT_FEATURES);
  while (r.pos < r.end) {
    if (r.bytes[r.pos] === 0x0b) break;
    readOperator(r, ev, DEFAULT_FEATURES, enabled);
  }
  return ev.stack[ev.stack.length - 1]!;
}

