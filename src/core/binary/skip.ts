// Delimits an expression without interpreting it: reads instructions up to the `end` that closes
// it. Spec: WebAssembly Core 3.0 §5.4.9 "Expressions" (expr ::= instr* 0x0B).

import type { FeatureSet } from '../features.js';
import { BaseOperatorVisitor } from './operators.gen.js';
import { enabledOps, readOperator } from './operators.js';
import type { Catch } from './operands.js';
import type { Reader } from './reader.js';

/** Counts block nesting: +1 per block start, -1 per end. */
export class DepthTracker extends BaseOperatorVisitor {
  depth = 0;
  override block(): void { this.depth++; }
  override loop(): void { this.depth++; }
  override if(): void { this.depth++; }
  override try(): void { this.depth++; }
  override tryTable(_op: number, _bt: number, _c: Catch[]): void { this.depth++; }
  override end(): void { this.depth--; }
  override delegate(): void { this.depth--; }
}

export function skipExpr(r: Reader, features: FeatureSet): void {
  const v = new DepthTracker();
  const enabled = enabledOps(features);
  do readOperator(r, v, features, enabled);
  while (v.depth >= 0);
}
