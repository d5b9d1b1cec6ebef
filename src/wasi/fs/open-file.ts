// An open file shared by a descriptor and the streams made from it. Spec: WASI 0.2
// wasi-filesystem types.wit (`read-via-stream`, `write-via-stream`, `append-via-stream`: "multiple
// read, write, and append streams may be active on the same open file"); a stream may outlive
// the descriptor it came from, so the file closes when the last of them is dropped.

import type { ByteSink, ByteSource } from '../io/bytes.js';
import type { FsFile } from './types.js';

export class OpenFile {
  #refs = 1;
  constructor(readonly file: FsFile) {}

  retain(): this {
    this.#refs++;
    return this;
  }

  release(): void {
    if (this.#refs > 0 && --this.#refs === 0) this.file.close();
  }
}

/** Reads a file from an offset on (read-via-stream). */
export class FileSource implements ByteSource {
  #pos: bigint;
  constructor(private readonly open: OpenFile, offset: bigint) {
    this.#pos = offset;
  }

  read(max: number): Uint8Array | null {
    const bytes = this.open.file.read(max, this.#pos);
    if (bytes.length === 0) return null;
    this.#pos += BigInt(bytes.length);
    return bytes;
  }

  close(): void {
    this.open.release();
  }
}

/** Writes a file from an offset on (write-via-stream), or at its end (append-via-stream). */
export class FileSink implements ByteSink {
  #pos: bigint;
  readonly #append: boolean;
  constructor(private readonly open: OpenFile, offset: bigint | 'append') {
    this.#append = offset === 'append';
    this.#pos = offset === 'append' ? 0n : offset;
  }

  write(bytes: Uint8Array): void {
    const pos = this.#append ? this.open.file.stat().size : this.#pos;
    const n = this.open.file.write(bytes, pos);
    this.#pos = pos + BigInt(n);
  }

  close(): void {
    this.open.release();
  }
}
