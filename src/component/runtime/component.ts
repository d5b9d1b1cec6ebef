// compileComponent: decode + validate a component binary once, instantiate it many times.
// Spec: component-model design/mvp/Binary.md (decoding), Explainer.md (validation and
// instantiation). The public shape is component/api.ts.

import { CompileError } from '../../core/errors.js';
import type { Component, CompileComponentOptions, ComponentInstance, ExternDesc, InstantiateOptions } from '../api.js';
import { decodeComponent } from '../binary/decode.js';
import { validateComponent, type ValidatedComponent } from '../valid/index.js';
import { instantiateWith } from './instantiate-options.js';
import { printWit } from './wit.js';

function toBytes(source: unknown): Uint8Array {
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  if (ArrayBuffer.isView(source)) return new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  throw new TypeError('compileComponent: the argument must be an ArrayBuffer or a typed array / DataView of the component\'s bytes');
}

class CompiledComponent implements Component {
  readonly imports: ReadonlyMap<string, ExternDesc>;
  readonly exports: ReadonlyMap<string, ExternDesc>;
  constructor(readonly validated: ValidatedComponent) {
    this.imports = validated.imports;
    this.exports = validated.exports;
  }

  instantiate(imports: Record<string, unknown> = {}, options?: InstantiateOptions): ComponentInstance {
    return instantiateWith(this.validated, imports, options);
  }

  wit(): string {
    return printWit(this.validated);
  }
}

/** Decodes and validates a component; throws CompileError (with the byte offset) if it is malformed or invalid. */
export function compileComponent(source: ArrayBuffer | ArrayBufferView, options: CompileComponentOptions = {}): Component {
  const bytes = toBytes(source);
  const ast = decodeComponent(bytes);
  const vc = validateComponent(ast, options.features);
  return new CompiledComponent(vc);
}

export { CompileError };
