// A WAVE function call `name(arg, …)`. Spec: wasm-tools crates/wasm-wave/README.md §"Appendix:
// Function calls" (an application-defined function name, then the parenthesised, comma-separated
// arguments). The name is everything before the `(`; the CLI resolves it against a component's
// exports (world functions `f`, interface functions `ns:pkg/iface#f`, `iface.f`, …).

import { WaveError } from './errors.js';
import { Parser, type Node, type Span } from './parse.js';

export interface FuncCall {
  readonly name: string;
  readonly args: readonly Node[];
  /** The `( … )` part. */
  readonly argsSpan: Span;
}

export function parseFuncCall(src: string): FuncCall {
  const open = src.indexOf('(');
  const name = (open < 0 ? src : src.slice(0, open)).trim();
  if (name === '') throw new WaveError('expected a function name before `(`', [0, Math.max(open, 0) + 1]);
  if (/\s/.test(name)) {
    const lead = src.length - src.trimStart().length;
    throw new WaveError('a function name cannot contain spaces', [lead, lead + name.length]);
  }
  if (open < 0) throw new WaveError('expected `(` and the arguments after the function name (write `f()` for none)', [src.length, src.length]);
  const p = new Parser(src, open);
  const { nodes, span } = p.args();
  p.finish();
  return { name, args: nodes, argsSpan: span };
}
