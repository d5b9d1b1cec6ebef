// WAVE, the WebAssembly Value Encoding (the text form of component values that wasmtime's
// `--invoke` uses), over the component runtime's JS values in jco's conventions. Spec:
// wasm-tools crates/wasm-wave/README.md.
//
//   parseValue('{a: 1, b: some("x")}', recordType)  → { a: 1, b: 'x' }
//   printValue({ tag: 'days', val: 30 }, variantType) → 'days(30)'
//   parseFuncCall('f(1, "two")')                     → { name: 'f', args: [nodes] }, then argsToJs

import { parseNode } from './parse.js';
import { toJs } from './to-js.js';
import type { ValType } from './types.js';

export { WaveError } from './errors.js';
export { parseFuncCall, type FuncCall } from './call.js';
export { argsToJs, toJs } from './to-js.js';
export { printValue, type PrintOptions } from './print.js';
export { describeType, type ValType } from './types.js';
export { lowerCamel } from './names.js';

/** Parses WAVE text as a value of type `t` (jco's JS representation). */
export function parseValue(text: string, t: ValType): unknown {
  return toJs(parseNode(text), t);
}
