// The "spectest" host module of the reference interpreter, built as small
// WebAssembly binaries so that any engine provides it with exact types:
// print* functions (no output), global_i32/i64 = 666, global_f32/f64 = 666.6,
// table = 10..20 funcref, memory = 1..2 pages, plus optional modules for
// shared_memory (threads) and table64 (memory64) which engines lacking those
// features may fail to compile (they are then left out).

import { KIND, SEC, VALTYPE_CODE, type WValType, funcType, moduleBytes, name, section, sleb, uleb, vec } from './binary-writer.js';

const PRINTS: readonly [string, WValType[]][] = [
  ['print', []],
  ['print_i32', ['i32']],
  ['print_i64', ['i64']],
  ['print_f32', ['f32']],
  ['print_f64', ['f64']],
  ['print_i32_f32', ['i32', 'f32']],
  ['print_f64_f64', ['f64', 'f64']],
];

function f32Bytes(x: number): number[] {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setFloat32(0, x, true);
  return [...b];
}

function f64Bytes(x: number): number[] {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, x, true);
  return [...b];
}

function exportEntry(n: string, kind: number, index: number): number[] {
  return [...name(n), kind, ...uleb(index)];
}

function coreSpectest(): Uint8Array {
  const types = PRINTS.map(([, params]) => funcType(params, []));
  const globals: [string, WValType, number[]][] = [
    ['global_i32', 'i32', [0x41, ...sleb(666)]],
    ['global_i64', 'i64', [0x42, ...sleb(666)]],
    ['global_f32', 'f32', [0x43, ...f32Bytes(666.6)]],
    ['global_f64', 'f64', [0x44, ...f64Bytes(666.6)]],
  ];
  const exports = [
    ...PRINTS.map(([n], i) => exportEntry(n, KIND.func, i)),
    ...globals.map(([n], i) => exportEntry(n, KIND.global, i)),
    exportEntry('table', KIND.table, 0),
    exportEntry('memory', KIND.memory, 0),
  ];
  return moduleBytes([
    section(SEC.type, vec(types)),
    section(SEC.func, vec(PRINTS.map((_, i) => uleb(i)))),
    section(SEC.table, vec([[0x70, 0x01, ...uleb(10), ...uleb(20)]])),
    section(SEC.memory, vec([[0x01, ...uleb(1), ...uleb(2)]])),
    section(SEC.global, vec(globals.map(([, t, init]) => [VALTYPE_CODE[t], 0x00, ...init, 0x0b]))),
    section(SEC.export, vec(exports)),
    section(SEC.code, vec(PRINTS.map(() => [0x02, 0x00, 0x0b]))),
  ]);
}

function sharedMemorySpectest(): Uint8Array {
  return moduleBytes([
    section(SEC.memory, vec([[0x03, ...uleb(1), ...uleb(2)]])),
    section(SEC.export, vec([exportEntry('shared_memory', KIND.memory, 0)])),
  ]);
}

function table64Spectest(): Uint8Array {
  return moduleBytes([
    section(SEC.table, vec([[0x70, 0x05, ...uleb(10), ...uleb(20)]])),
    section(SEC.export, vec([exportEntry('table64', KIND.table, 0)])),
  ]);
}

export interface SpectestPart {
  readonly bytes: Uint8Array;
  /** The whole run depends on this part; others are optional features. */
  readonly required: boolean;
}

export function spectestModules(): SpectestPart[] {
  return [
    { bytes: coreSpectest(), required: true },
    { bytes: sharedMemorySpectest(), required: false },
    { bytes: table64Spectest(), required: false },
  ];
}
