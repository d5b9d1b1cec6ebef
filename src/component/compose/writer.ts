// Byte-level output for the component binary encoder. Spec: component-model design/mvp/Binary.md
// (which reuses the Core WebAssembly binary conventions: core spec §5.1.2 "Vectors" — a u32 count
// then the elements; §5.2.2 "Integers" — unsigned and signed LEB128; §5.2.4 "Names" — a u32 byte
// length then UTF-8; §5.5.2 "Sections" — an id byte, a u32 payload size, the payload).

import { utf8Encode } from '../../util/utf8.js';

export class ByteWriter {
  private buf = new Uint8Array(256);
  private len = 0;

  get length(): number {
    return this.len;
  }

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const bigger = new Uint8Array(size);
    bigger.set(this.buf.subarray(0, this.len));
    this.buf = bigger;
  }

  byte(b: number): this {
    this.reserve(1);
    this.buf[this.len++] = b & 0xff;
    return this;
  }

  bytes(data: Uint8Array | readonly number[]): this {
    this.reserve(data.length);
    this.buf.set(data, this.len);
    this.len += data.length;
    return this;
  }

  /** Unsigned LEB128 of a u32. */
  u32(v: number): this {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new RangeError(`not a u32: ${v}`);
    let x = v;
    do {
      let b = x & 0x7f;
      x = Math.floor(x / 128);
      if (x !== 0) b |= 0x80;
      this.byte(b);
    } while (x !== 0);
    return this;
  }

  /** Signed LEB128 of a nonnegative index (the `s33` of a `valtype` type index). */
  s33(v: number): this {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new RangeError(`not a type index: ${v}`);
    let x = v;
    for (;;) {
      const b = x & 0x7f;
      x = Math.floor(x / 128);
      // Done when the rest is zero and the sign bit (0x40) of this byte is clear.
      if (x === 0 && (b & 0x40) === 0) {
        this.byte(b);
        return this;
      }
      this.byte(b | 0x80);
    }
  }

  /** A `name`: byte length, then UTF-8. */
  string(s: string): this {
    const b = utf8Encode(s);
    this.u32(b.length);
    return this.bytes(b);
  }

  /** A `vec(T)`: count, then each element written by `each`. */
  vec<T>(items: readonly T[], each: (w: this, item: T) => void): this {
    this.u32(items.length);
    for (const item of items) each(this, item);
    return this;
  }

  /** A section: id, payload size, payload. */
  section(id: number, payload: Uint8Array): this {
    this.byte(id);
    this.u32(payload.length);
    return this.bytes(payload);
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}
