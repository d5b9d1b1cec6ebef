// 🪙 Value definitions: decoding `val(t)`. Spec: component-model design/mvp/Binary.md §"Value
// Definitions" (`value ::= t:<valtype> len:<u32> v:<val(t)>` and the `val(t)` productions), which
// reuse the core encodings of bytes, LEB128 integers (core:s16 … core:u64), floats and names.
//
// The decoder keeps a value's bytes raw (their meaning depends on the type, known once the
// validator has resolved the type index); decodeValue reads them against the resolved type. A
// fixed-length list `(list t n)` is read as n values without a count (like a tuple).

import { decodeUtf8Strict } from '../../util/utf8.js';
import type { Reader } from '../../core/binary/reader.js';
import { CompileError } from '../../core/errors.js';
import type { ValType } from '../types.js';
import type { DecodedValue } from './ast.js';
import { componentReader } from './reader.js';

/**
 * Decodes the bytes of a value definition (`bytes` starts at absolute offset `bytesOffset`) as a
 * value of the resolved type `type`; throws CompileError (absolute offset) if they are malformed.
 */
export function decodeValue(value: { readonly bytes: Uint8Array; readonly bytesOffset: number }, type: ValType<unknown>): DecodedValue {
  const r = componentReader(value.bytes, 0, value.bytes.length);
  try {
    const v = readVal(r, type);
    if (!r.eof()) r.fail('trailing bytes at the end of a value');
    return v;
  } catch (e) {
    if (e instanceof CompileError) throw new CompileError(e.reason, (e.offset >= 0 ? e.offset : 0) + value.bytesOffset);
    throw e;
  }
}

function readVal(r: Reader, t: ValType<unknown>): DecodedValue {
  switch (t.kind) {
    case 'bool': {
      const b = r.u8();
      if (b > 1) r.fail('invalid boolean value', r.pos - 1);
      return b === 1;
    }
    case 'u8': return r.u8();
    case 's8': {
      const b = r.u8();
      return b < 128 ? b : b - 256;
    }
    case 'u16': return Number(readLeb(r, 16, false));
    case 's16': return Number(readLeb(r, 16, true));
    case 'u32': return Number(readLeb(r, 32, false));
    case 's32': return Number(readLeb(r, 32, true));
    case 'u64': return readLeb(r, 64, false);
    case 's64': return readLeb(r, 64, true);
    case 'f32': {
      const at = r.pos;
      const bits = r.f32Bits();
      const f = new Float32Array(new Int32Array([bits]).buffer)[0]!;
      if (Number.isNaN(f) && bits !== 0x7fc00000) r.fail('non-canonical NaN in value', at);
      return f;
    }
    case 'f64': {
      const at = r.pos;
      r.f64Bits();
      const f = new Float64Array(new Int32Array([r.lo, r.hi]).buffer)[0]!;
      if (Number.isNaN(f) && !(r.lo === 0 && r.hi === 0x7ff80000)) r.fail('non-canonical NaN in value', at);
      return f;
    }
    case 'char': return readChar(r);
    case 'string': return r.name();
    case 'record':
      return { kind: 'record', fields: t.fields.map((f) => ({ label: f.label, value: readVal(r, f.type) })) };
    case 'tuple':
      return { kind: 'tuple', values: t.types.map((ft) => readVal(r, ft)) };
    case 'list': {
      const n = t.length ?? r.vecLen();
      const values: DecodedValue[] = [];
      for (let i = 0; i < n; i++) values.push(readVal(r, t.elem));
      return { kind: 'list', values };
    }
    case 'variant': {
      const at = r.pos;
      const i = r.u32();
      const c = t.cases[i];
      if (c === undefined) r.fail(`invalid variant case ${i}`, at);
      return c.type === undefined ? { kind: 'variant', label: c.label } : { kind: 'variant', label: c.label, value: readVal(r, c.type) };
    }
    case 'enum': {
      const at = r.pos;
      const i = r.u32();
      const label = t.labels[i];
      if (label === undefined) r.fail(`invalid enum case ${i}`, at);
      return { kind: 'enum', label };
    }
    case 'flags': {
      const labels: string[] = [];
      const n = t.labels.length;
      for (let byte = 0; byte * 8 < n; byte++) {
        const at = r.pos;
        const b = r.u8();
        for (let bit = 0; bit < 8; bit++) {
          if ((b & (1 << bit)) === 0) continue;
          const label = t.labels[byte * 8 + bit];
          if (label === undefined) r.fail('invalid flags value', at);
          labels.push(label);
        }
      }
      return { kind: 'flags', labels };
    }
    case 'option': {
      const at = r.pos;
      const b = r.u8();
      if (b === 0) return { kind: 'option' };
      if (b === 1) return { kind: 'option', value: readVal(r, t.type) };
      return r.fail('invalid option discriminant', at);
    }
    case 'result': {
      const at = r.pos;
      const b = r.u8();
      if (b > 1) r.fail('invalid result discriminant', at);
      const payload = b === 0 ? t.ok : t.err;
      return payload === undefined ? { kind: 'result', ok: b === 0 } : { kind: 'result', ok: b === 0, value: readVal(r, payload) };
    }
  }
  return r.fail(`a value definition cannot have type ${t.kind}`, r.pos);
}

/** LEB128 of at most `bits` bits (core:uN / core:sN), as a bigint. */
function readLeb(r: Reader, bits: number, signed: boolean): bigint {
  const maxBytes = Math.ceil(bits / 7);
  let result = 0n;
  let shift = 0n;
  for (let i = 0; ; i++) {
    const b = r.u8();
    if (i === maxBytes - 1) {
      if (b & 0x80) r.fail('integer representation too long', r.pos - 1);
      // The bits of the last byte above `bits` must be zero (unsigned) or copies of the sign bit.
      const used = bits - 7 * i;
      const rest = b >> (used - (signed ? 1 : 0));
      const allowed = signed ? [0, (0x7f >> (used - 1))] : [0];
      if (!allowed.includes(rest)) r.fail('integer too large', r.pos - 1);
    }
    result |= BigInt(b & 0x7f) << shift;
    shift += 7n;
    if ((b & 0x80) === 0) {
      if (signed && b & 0x40) result -= 1n << shift;
      break;
    }
  }
  return signed ? BigInt.asIntN(bits, result) : result;
}

/** One Unicode scalar value as UTF-8 (1 to 4 bytes, the length given by the first byte). */
function readChar(r: Reader): string {
  const at = r.pos;
  const b = r.peekU8();
  const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
  if (len === 0) r.fail('malformed UTF-8 encoding', at);
  const bytes = r.bytesView(len);
  const s = decodeUtf8Strict(bytes, 0, len);
  if (s === undefined) r.fail('malformed UTF-8 encoding', at);
  return s;
}
