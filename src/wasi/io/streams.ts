// `wasi:io/streams`: the `input-stream` and `output-stream` resources. Spec: WASI 0.2 wasi-io
// streams.wit. Reads return at most `len` bytes and fail with `closed` at the end; `skip` is a read
// whose bytes are dropped; an output stream takes at most `check-write` bytes per `write`;
// `splice` moves bytes from an input to an output stream. Failures are `stream-error`:
// `last-operation-failed(error)` or `closed`, returned to the guest as the `err` of the result
// (thrown as ComponentError, jco's convention for host functions).
//
// This host's streams are synchronous: the non-blocking and blocking variants behave the same,
// `check-write` always grants a fixed budget, `flush` has nothing left to do, and `subscribe`
// returns a pollable that is ready. What a stream reads from or writes to is a ByteSource or
// ByteSink (io/bytes.ts): stdin, stdout/stderr, a file at an offset.

import { ComponentError } from '../../component/errors.js';
import { symbolDispose } from '../dispose.js';
import { FsError } from '../fs/types.js';
import { IoError } from './error.js';
import type { ByteSink, ByteSource } from './bytes.js';
import { Pollable } from './poll.js';

/** Bytes one read returns at most (a read may return fewer than asked). */
export const MAX_READ = 1 << 20;
/** What `check-write` grants. */
export const WRITE_BUDGET = 1n << 20n;

/** wasi-io `stream-error`. */
export type StreamError = { tag: 'closed' } | { tag: 'last-operation-failed'; val: IoError };

function fail(payload: StreamError): never {
  throw new ComponentError(payload, payload.tag === 'closed' ? 'stream closed' : payload.val.toDebugString());
}

/** A failure of the backing source/sink as a stream-error (other errors propagate unchanged). */
function rethrow(e: unknown): never {
  if (e instanceof FsError) fail({ tag: 'last-operation-failed', val: new IoError(e.message, e.code) });
  throw e;
}

/** A length from the guest (u64) as a number of bytes, capped at `cap`. */
function lengthOf(len: bigint, cap: number): number {
  if (typeof len !== 'bigint' || len < 0n) throw new TypeError('stream length must be a u64 (bigint)');
  return len > BigInt(cap) ? cap : Number(len);
}

export class InputStream {
  readonly #source: ByteSource;
  #closed = false;

  constructor(source: ByteSource) {
    this.#source = source;
  }

  /** Reads up to `len` bytes; `closed` at the end of the stream. */
  read(len: bigint): Uint8Array {
    const n = lengthOf(len, MAX_READ);
    if (this.#closed) fail({ tag: 'closed' });
    if (n === 0) return new Uint8Array(0);
    let bytes: Uint8Array | null;
    try {
      bytes = this.#source.read(n);
    } catch (e) {
      rethrow(e);
    }
    if (bytes === null) {
      this.#closed = true;
      fail({ tag: 'closed' });
    }
    return bytes.length > n ? bytes.subarray(0, n) : bytes;
  }

  blockingRead(len: bigint): Uint8Array {
    return this.read(len);
  }

  /** Reads and drops up to `len` bytes; returns how many (`closed` at the end of the stream). */
  skip(len: bigint): bigint {
    return BigInt(this.read(BigInt(lengthOf(len, MAX_READ))).length);
  }

  blockingSkip(len: bigint): bigint {
    return this.skip(len);
  }

  subscribe(): Pollable {
    return new Pollable();
  }

  [symbolDispose](): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#source.close?.();
  }
}

export class OutputStream {
  readonly #sink: ByteSink;
  #closed = false;

  constructor(sink: ByteSink) {
    this.#sink = sink;
  }

  checkWrite(): bigint {
    if (this.#closed) fail({ tag: 'closed' });
    return WRITE_BUDGET;
  }

  /** Writes all of `contents` (at most what check-write granted). */
  write(contents: Uint8Array): void {
    if (this.#closed) fail({ tag: 'closed' });
    if (!(contents instanceof Uint8Array)) throw new TypeError('output-stream.write: contents must be a Uint8Array');
    if (contents.length === 0) return;
    try {
      this.#sink.write(contents);
    } catch (e) {
      rethrow(e);
    }
  }

  blockingWriteAndFlush(contents: Uint8Array): void {
    this.write(contents);
    this.flush();
  }

  flush(): void {
    if (this.#closed) fail({ tag: 'closed' });
    try {
      this.#sink.flush?.();
    } catch (e) {
      rethrow(e);
    }
  }

  blockingFlush(): void {
    this.flush();
  }

  subscribe(): Pollable {
    return new Pollable();
  }

  /** Writes `len` zero bytes (at most what check-write granted). */
  writeZeroes(len: bigint): void {
    let left = lengthOf(len, Number.MAX_SAFE_INTEGER);
    if (this.#closed) fail({ tag: 'closed' });
    if (BigInt(left) > WRITE_BUDGET) {
      fail({ tag: 'last-operation-failed', val: new IoError('write-zeroes: more bytes than check-write permitted') });
    }
    const zeros = new Uint8Array(Math.min(left, 1 << 16));
    while (left > 0) {
      const n = Math.min(left, zeros.length);
      this.write(n === zeros.length ? zeros : zeros.subarray(0, n));
      left -= n;
    }
  }

  blockingWriteZeroesAndFlush(len: bigint): void {
    this.writeZeroes(len);
    this.flush();
  }

  /** Reads up to `len` bytes from `src` and writes them here; returns how many moved. */
  splice(src: InputStream, len: bigint): bigint {
    if (this.#closed) fail({ tag: 'closed' });
    const n = lengthOf(len, MAX_READ);
    if (n === 0) return 0n;
    const bytes = src.read(BigInt(n));
    this.write(bytes);
    return BigInt(bytes.length);
  }

  blockingSplice(src: InputStream, len: bigint): bigint {
    return this.splice(src, len);
  }

  [symbolDispose](): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#sink.close?.();
  }
}
