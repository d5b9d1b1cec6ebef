// Exception instances. Spec: WebAssembly Core 3.0 §4.2.11 "Exception Instances": a tag and its
// payload values. A JS exception crossing into wasm has no tag: only catch_all clauses catch it
// (JS API §"Exceptions"), and it leaves wasm as the original JS value.

import type { TagInstance } from './instance.js';

export class WasmException {
  /** The tag, or null for a foreign (JS) exception. */
  readonly tag: TagInstance | null;
  /** Payload values as raw slots: bits[2i], bits[2i+1] and refs[i] for value i. */
  readonly bits: Int32Array;
  readonly refs: unknown[];
  /** For a foreign exception: the JS value thrown. */
  readonly foreign: unknown;

  constructor(tag: TagInstance | null, bits: Int32Array, refs: unknown[], foreign?: unknown) {
    this.tag = tag;
    this.bits = bits;
    this.refs = refs;
    this.foreign = foreign;
  }
}
