// Canonical definitions. Spec: component-model design/mvp/Binary.md §"Canonical Definitions"
// (`canon`, `opts`, `canonopt`, `async?`, `cancel?`); each builtin's meaning is in
// CanonicalABI.md §"Canonical Definitions". Opcodes and immediates follow the spec's table as
// implemented by wasm-tools' reader: the 🧵② thread.spawn-ref / spawn-indirect /
// available-parallelism builtins carry no `sh?` byte there (that is the encoding jco emits), and
// canon options 0x08 (core-type) and 0x09 (gc) are wasm-tools' GC-ABI extensions.

import type { Reader } from '../../core/binary/reader.js';
import type { Canon, CanonOpt } from './ast.js';
import { readCoreValType } from './core-types.js';
import { invalidLeadingByte, readBool, readVec } from './reader.js';
import { readResultList } from './types.js';

const MAX_CANONICAL_OPTIONS = 10;

export function readCanon(r: Reader): Canon {
  const b = r.u8();
  switch (b) {
    case 0x00: {
      const s = r.u8();
      if (s !== 0x00) invalidLeadingByte(r, s, 'canonical function lift');
      const coreFunc = r.u32();
      const opts = readOpts(r);
      return { kind: 'lift', coreFunc, opts, type: r.u32() };
    }
    case 0x01: {
      const s = r.u8();
      if (s !== 0x00) invalidLeadingByte(r, s, 'canonical function lower');
      const func = r.u32();
      return { kind: 'lower', func, opts: readOpts(r) };
    }
    case 0x02: return { kind: 'resource.new', type: r.u32() };
    case 0x03: return { kind: 'resource.drop', type: r.u32() };
    case 0x04: return { kind: 'resource.rep', type: r.u32() };
    case 0x24: return { kind: 'backpressure.inc' };
    case 0x25: return { kind: 'backpressure.dec' };
    case 0x09: {
      const result = readResultList(r);
      return { kind: 'task.return', result, opts: readOpts(r) };
    }
    case 0x05: return { kind: 'task.cancel' };
    case 0x0a: case 0x0b: {
      const type = readCoreValType(r);
      return { kind: b === 0x0a ? 'context.get' : 'context.set', type, index: r.u32() };
    }
    case 0x06: return { kind: 'subtask.cancel', async: readBool(r) };
    case 0x0d: return { kind: 'subtask.drop' };
    case 0x0e: return { kind: 'stream.new', type: r.u32() };
    case 0x0f: return { kind: 'stream.read', type: r.u32(), opts: readOpts(r) };
    case 0x10: return { kind: 'stream.write', type: r.u32(), opts: readOpts(r) };
    case 0x11: return { kind: 'stream.cancel-read', type: r.u32(), async: readBool(r) };
    case 0x12: return { kind: 'stream.cancel-write', type: r.u32(), async: readBool(r) };
    case 0x13: return { kind: 'stream.drop-readable', type: r.u32() };
    case 0x14: return { kind: 'stream.drop-writable', type: r.u32() };
    case 0x15: return { kind: 'future.new', type: r.u32() };
    case 0x16: return { kind: 'future.read', type: r.u32(), opts: readOpts(r) };
    case 0x17: return { kind: 'future.write', type: r.u32(), opts: readOpts(r) };
    case 0x18: return { kind: 'future.cancel-read', type: r.u32(), async: readBool(r) };
    case 0x19: return { kind: 'future.cancel-write', type: r.u32(), async: readBool(r) };
    case 0x1a: return { kind: 'future.drop-readable', type: r.u32() };
    case 0x1b: return { kind: 'future.drop-writable', type: r.u32() };
    case 0x1c: return { kind: 'error-context.new', opts: readOpts(r) };
    case 0x1d: return { kind: 'error-context.debug-message', opts: readOpts(r) };
    case 0x1e: return { kind: 'error-context.drop' };
    case 0x1f: return { kind: 'waitable-set.new' };
    case 0x20: case 0x21: {
      const cancellable = readBool(r);
      return { kind: b === 0x20 ? 'waitable-set.wait' : 'waitable-set.poll', cancellable, memory: r.u32() };
    }
    case 0x22: return { kind: 'waitable-set.drop' };
    case 0x23: return { kind: 'waitable.join' };
    case 0x26: return { kind: 'thread.index' };
    case 0x27: {
      const funcType = r.u32();
      return { kind: 'thread.new-indirect', funcType, table: r.u32() };
    }
    case 0x28: return { kind: 'thread.resume-later' };
    case 0x29: return { kind: 'thread.suspend', cancellable: readBool(r) };
    case 0x0c: return { kind: 'thread.yield', cancellable: readBool(r) };
    case 0x2a: return { kind: 'thread.suspend-then-resume', cancellable: readBool(r) };
    case 0x2b: return { kind: 'thread.yield-then-resume', cancellable: readBool(r) };
    case 0x2c: return { kind: 'thread.suspend-then-promote', cancellable: readBool(r) };
    case 0x2d: return { kind: 'thread.yield-then-promote', cancellable: readBool(r) };
    case 0x40: return { kind: 'thread.spawn-ref', funcType: r.u32() };
    case 0x41: {
      const funcType = r.u32();
      return { kind: 'thread.spawn-indirect', funcType, table: r.u32() };
    }
    case 0x42: return { kind: 'thread.available-parallelism' };
  }
  return invalidLeadingByte(r, b, 'canonical function');
}

/** `opts`: at most 10 canonical options. */
function readOpts(r: Reader): CanonOpt[] {
  return readVec(r, MAX_CANONICAL_OPTIONS, 'canonical options', readOpt);
}

function readOpt(r: Reader): CanonOpt {
  const offset = r.pos;
  const b = r.u8();
  switch (b) {
    case 0x00: return { offset, kind: 'string-encoding', encoding: 'utf8' };
    case 0x01: return { offset, kind: 'string-encoding', encoding: 'utf16' };
    case 0x02: return { offset, kind: 'string-encoding', encoding: 'latin1+utf16' };
    case 0x03: return { offset, kind: 'memory', index: r.u32() };
    case 0x04: return { offset, kind: 'realloc', index: r.u32() };
    case 0x05: return { offset, kind: 'post-return', index: r.u32() };
    case 0x06: return { offset, kind: 'async' };
    case 0x07: return { offset, kind: 'callback', index: r.u32() };
    case 0x08: return { offset, kind: 'core-type', index: r.u32() };
    case 0x09: return { offset, kind: 'gc' };
  }
  return invalidLeadingByte(r, b, 'canonical option');
}
