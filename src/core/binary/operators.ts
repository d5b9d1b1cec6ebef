// Reading one instruction: opcode, feature gate, immediates, visitor call.
// Spec: WebAssembly Core 3.0 §5.4 "Instructions". The dispatch itself is generated
// (operators.gen.ts) from the opcode table.

import type { FeatureSet } from '../features.js';
import { FEATURE_LIST, OP_COUNT, OP_FEATURE } from '../opcodes.gen.js';
import { dispatchOperator, readOpId, type OperatorVisitor } from './operators.gen.js';
import type { Reader } from './reader.js';

const enabledCache = new WeakMap<FeatureSet, Uint8Array>();

/** 1 for every op id whose instruction exists and whose feature is enabled. */
export function enabledOps(features: FeatureSet): Uint8Array {
  let e = enabledCache.get(features);
  if (e) return e;
  e = new Uint8Array(OP_COUNT);
  for (let op = 0; op < OP_COUNT; op++) {
    const fi = OP_FEATURE[op]!;
    if (fi !== 255 && features[FEATURE_LIST[fi]!]) e[op] = 1;
  }
  enabledCache.set(features, e);
  return e;
}

/** Reads one instruction and calls the visitor; returns its op id. */
export function readOperator(r: Reader, v: OperatorVisitor, features: FeatureSet, enabled: Uint8Array): number {
  const at = r.pos;
  // One-byte opcodes (nearly all of them) are read right here; readOpId does the rest.
  const b = r.bytes[at]!;
  let op: number;
  if (at < r.end && (b < 0xfb || b > 0xfe)) {
    op = b;
    r.pos = at + 1;
  } else op = readOpId(r);
  if (op < 0 || enabled[op] !== 1) illegalOpcode(r, at);
  dispatchOperator(r, op, v, features);
  return op;
}

/** The error for an unknown or disabled opcode at `at` (out of line: readOperator is hot). */
function illegalOpcode(r: Reader, at: number): never {
  const b = r.bytes[at]!;
  return r.fail(b >= 0xfb && b <= 0xfe ? 'illegal opcode' : `illegal opcode ${b.toString(16).padStart(2, '0')}`, at);
}
