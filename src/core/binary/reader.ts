// Byte-level reader for the binary format. Spec: WebAssembly Core 3.0 §5.1 "Conventions" and
// §5.2 "Values" (bytes, LEB128 integers uN/sN, floats, names). Positions are absolute offsets
// into the module's bytes, so every error names where it happened.
//
// `end` bounds the current region (a section or function body); reading past it fails with the
// message the spec test suite expects for that region.

import { CompileError } from '../errors.js';
import { decodeUtf8Strict } from '../../util/utf8.js';

export class Reader {
  readonly bytes: Uint8Array;
  pos: number;
  end: number;
  /** Message for reading past `end` ("unexpected end" or "unexpected end of section or function"). */
  eofMessage = 'unexpected end';
  /** Low and high 32 bits of the last s64/u64 read (no BigInt on the hot path). */
  lo = 0;
  hi = 0;

  constructor(bytes: Uint8Array, pos = 0, end = bytes.length) {
    this.bytes = bytes;
    this.pos = pos;
    this.end = end;
  }

  fail(message: string, at: number = this.pos): never {
    throw new CompileError(message, at);
  }

  eof(): boolean {
    return this.pos >= this.end;
  }

  u8(): number {
    if (this.pos >= this.end) this.fail(this.eofMessage);
    return this.bytes[this.pos++]!;
  }

  peekU8(): number {
    if (this.pos >= this.end) this.fail(this.eofMessage);
    return this.bytes[this.pos]!;
  }

  /** Unsigned LEB128 of at most 32 bits. */
  u32(): number {
    const b = this.bytes;
    let p = this.pos;
    if (p < this.end) {
      const x = b[p]!;
      if (x < 0x80) { this.pos = p + 1; return x; }
    }
    let result = 0;
    let shift = 0;
    for (;;) {
      if (p >= this.end) this.fail(this.eofMessage, p);
      const x = b[p++]!;
      if (shift === 28) {
        if (x & 0x80) this.fail('integer representation too long', p - 1);
        if (x & 0x70) this.fail('integer too large', p - 1);
        result += x * 0x10000000;
        break;
      }
      result |= (x & 0x7f) << shift;
      if ((x & 0x80) === 0) break;
      shift += 7;
    }
    this.pos = p;
    return result >>> 0;
  }

  /** Signed LEB128 of at most 32 bits. */
  s32(): number {
    const b = this.bytes;
    let p = this.pos;
    let result = 0;
    let shift = 0;
    let x: number;
    for (;;) {
      if (p >= this.end) this.fail(this.eofMessage, p);
      x = b[p++]!;
      if (shift === 28) {
        if (x & 0x80) this.fail('integer representation too long', p - 1);
        // The unused bits of the last byte must be a sign extension of bit 3.
        const rest = x & 0x70;
        if (x & 0x08 ? rest !== 0x70 : rest !== 0) this.fail('integer too large', p - 1);
        result |= x << 28;
        break;
      }
      result |= (x & 0x7f) << shift;
      shift += 7;
      if ((x & 0x80) === 0) {
        if (shift < 32 && x & 0x40) result |= -1 << shift;
        break;
      }
    }
    this.pos = p;
    return result | 0;
  }

  /** Signed LEB128 of at most 33 bits (block types, heap types): returned as a double. */
  s33(): number {
    const b = this.bytes;
    let p = this.pos;
    let result = 0;
    let mul = 1;
    let x: number;
    for (let i = 0; ; i++) {
      if (p >= this.end) this.fail(this.eofMessage, p);
      x = b[p++]!;
      if (i === 4) {
        if (x & 0x80) this.fail('integer representation too long', p - 1);
        // 33 bits: 4*7 = 28 bits so far, 5 more here; bits 5..6 must extend bit 4.
        const rest = x & 0x60;
        if (x & 0x10 ? rest !== 0x60 : rest !== 0) this.fail('integer too large', p - 1);
        result += (x & 0x7f) * mul;
        if (x & 0x10) result -= 2 ** 35;
        break;
      }
      result += (x & 0x7f) * mul;
      mul *= 128;
      if ((x & 0x80) === 0) {
        if (x & 0x40) result -= mul;
        break;
      }
    }
    this.pos = p;
    return result;
  }

  /** Signed LEB128 of at most 64 bits, into `lo`/`hi`. */
  s64(): void {
    this.leb64(true);
  }

  /** Unsigned LEB128 of at most 64 bits, into `lo`/`hi`; returns it as a double (may round above 2^53). */
  u64(): number {
    this.leb64(false);
    return (this.hi >>> 0) * 4294967296 + (this.lo >>> 0);
  }

  private leb64(signed: boolean): void {
    const b = this.bytes;
    let p = this.pos;
    let lo = 0;
    let hi = 0;
    let shift = 0;
    let x: number;
    for (;;) {
      if (p >= this.end) this.fail(this.eofMessage, p);
      x = b[p++]!;
      if (shift === 63) {
        if (x & 0x80) this.fail('integer representation too long', p - 1);
        if (signed) {
          if (x !== 0 && x !== 0x7f) this.fail('integer too large', p - 1);
        } else if (x & 0x7e) this.fail('integer too large', p - 1);
        hi |= x << 31;
        break;
      }
      const v = x & 0x7f;
      if (shift < 28) lo |= v << shift;
      else if (shift === 28) { lo |= v << 28; hi |= v >>> 4; }
      else hi |= v << (shift - 32);
      shift += 7;
      if ((x & 0x80) === 0) {
        if (signed && x & 0x40) {
          if (shift < 32) { lo |= -1 << shift; hi = -1; }
          else if (shift < 64) hi |= -1 << (shift - 32);
        }
        break;
      }
    }
    this.pos = p;
    this.lo = lo | 0;
    this.hi = hi | 0;
  }

  /** Four bytes little endian, as the raw f32 bit pattern (int32). */
  f32Bits(): number {
    const p = this.pos;
    if (p + 4 > this.end) this.fail(this.eofMessage, this.end);
    const b = this.bytes;
    this.pos = p + 4;
    return b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24);
  }

  /** Eight bytes little endian, as raw bits into `lo`/`hi`. */
  f64Bits(): void {
    this.lo = this.f32Bits();
    this.hi = this.f32Bits();
  }

  /** `n` raw bytes (a view, not a copy). */
  bytesView(n: number): Uint8Array {
    const p = this.pos;
    if (n > this.end - p) this.fail(this.eofMessage, this.end);
    this.pos = p + n;
    return this.bytes.subarray(p, p + n);
  }

  skip(n: number): void {
    if (n > this.end - this.pos) this.fail(this.eofMessage, this.end);
    this.pos += n;
  }

  /** A name: vec(byte) holding valid UTF-8. */
  name(): string {
    const start = this.pos;
    const n = this.u32();
    if (n > this.end - this.pos) this.fail(this.eofMessage === 'unexpected end' ? 'length out of bounds' : this.eofMessage, this.pos);
    const b = this.bytes;
    const p = this.pos;
    const e = p + n;
    // Names are almost always short and ASCII: one native call makes the string.
    let i = p;
    if (n <= 1024) while (i < e && b[i]! < 0x80) i++;
    const s = i === e ? String.fromCharCode.apply(null, b.subarray(p, e) as unknown as number[]) : decodeUtf8Strict(b, p, e);
    if (s === undefined) this.fail('malformed UTF-8 encoding', start);
    this.pos = e;
    return s;
  }

  /** A vector length, checked against the bytes left (each element takes at least one byte). */
  vecLen(minElemBytes = 1): number {
    const at = this.pos;
    const n = this.u32();
    if (minElemBytes > 0 && n > (this.end - this.pos) / minElemBytes) {
      // Too long to fit: report it as running off the region, as the reference interpreter does.
      this.fail(this.eofMessage, at);
    }
    return n;
  }
}
