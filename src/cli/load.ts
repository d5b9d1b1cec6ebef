// Reading a .wasm file for the command line: a component or a core module, told apart by the
// preamble. Spec: component-model design/mvp/Binary.md §"Component Definitions" (a component's
// preamble is `\0asm` followed by version 0x0d and layer 1) and the core spec §5.5.16 "Modules"
// (`\0asm`, version 1, layer 0).

import { readFileSync } from 'node:fs';
import { compileComponent, type Component } from '../index.js';
import { CliError } from './errors.js';

export type WasmKind = 'component' | 'module';

export interface WasmFile {
  readonly path: string;
  readonly bytes: Uint8Array;
  readonly kind: WasmKind;
}

function reason(e: unknown): string {
  const code = (e as { code?: unknown }).code;
  switch (code) {
    case 'ENOENT': return 'no such file';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'is a directory';
    default: return e instanceof Error ? e.message : String(e);
  }
}

/** Reads `path` and checks that it is WebAssembly. */
export function readWasm(path: string): WasmFile {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new CliError(`cannot read ${path}: ${reason(e)}`);
  }
  const magic = bytes.length >= 8 && bytes[0] === 0 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d;
  if (!magic) throw new CliError(`${path} is not a WebAssembly file (it does not start with \\0asm)`);
  const layer = bytes[6]! | (bytes[7]! << 8);
  return { path, bytes, kind: layer === 1 ? 'component' : 'module' };
}

/** Reads and compiles a component; a core module is an error naming what was expected. */
export function loadComponent(path: string, why: string): Component {
  const f = readWasm(path);
  if (f.kind !== 'component') throw new CliError(`${path} is a core module, not a component (${why} needs a component)`);
  return compileComponent(f.bytes);
}
