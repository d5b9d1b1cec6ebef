// `wasi:io/streams`: the `input-stream` and `output-stream` resources. Spec: WASI 0.2 wasi-io
// streams.wit. Reads return at most `len` bytes and fail with `closed` at the end; `skip` is a read
// whose bytes are dropped; an output stream takes at most `check-write` bytes per `write`;
// `splice` moves bytes from an input to an output stream. Failures are `stream-error`:
// `last-operation-failed(error)` or `closed`, returned to the guest as the `err` of the result
// (thrown as ComponentError, jco's convention for host functions).
//
// Output is synchronous: `check-write` always grants a fixed budget, `flush` has nothing left to
// do, and an output stream's `subscribe` returns a pollable that is ready. Input comes from a
// ByteSource (io/bytes.ts): stdin, a file at an offset. Over a synchronous source, `read` and
// `blocking-read` behave the same and `subscribe` is ready at once. Over a source whose bytes
// arrive asynchronously (io/pull-source.ts), `read`/`skip`/`splice` never wait: they take what
// is buffered, possibly nothing, and start fetching (a guest that only spins on them never lets
// the fetch complete: it must block or poll); `blocking-read`/`blocking-skip`/`blocking-splice`
// with nothing buffered answer with a promise, which suspends the guest (io/wait.ts), and reject
// with the same ComponentError (`closed`, `last-operation-failed`) the synchronous path throws;
// `subscribe` is ready when bytes are buffered or the input has ended.

import { ComponentError } from '../../component/errors.js';
import { symbolDispose } from '../dispose.js';
import { FsError } from '../fs/types.js';
import { IoError } from './error.js';
import type { ByteSink, ByteSource } from './bytes.js';
import { Pollable, type Readiness } from './poll.js';
import { SourceError } from './pull-source.js';
import { canSuspend } from '../../core/exec/suspend.js';
import { isThenable } from '../../util/thenable.js';
import { mustWait } from './wait.js';

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
  if (e instanceof SourceError) fail({ tag: 'last-operation-failed', val: new IoError(e.message) });
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

  /** Up to `n` (> 0) bytes available now; undefined when an asynchronous source has none yet. `closed` at the end. */
  #now(n: number): Uint8Array | undefined {
    if (this.#closed) fail({ tag: 'closed' });
    let bytes: Uint8Array | null | undefined;
    try {
      bytes = this.#source.readNow !== undefined ? this.#source.readNow(n) : this.#source.read(n);
    } catch (e) {
      if (e instanceof SourceError) this.#closed = true;
      rethrow(e);
    }
    if (bytes === null) {
      this.#closed = true;
      fail({ tag: 'closed' });
    }
    return bytes !== undefined && bytes.length > n ? bytes.subarray(0, n) : bytes;
  }

  /** Waits (asynchronously) for at least one byte or the end. */
  async #wait(n: number): Promise<Uint8Array> {
    for (;;) {
      await this.#source.whenReady!();
      const bytes = this.#now(n);
      if (bytes !== undefined) return bytes;
    }
  }

  /** Reads up to `len` bytes without waiting (possibly none); `closed` at the end of the stream. */
  read(len: bigint): Uint8Array {
    const n = lengthOf(len, MAX_READ);
    if (this.#closed) fail({ tag: 'closed' });
    if (n === 0) return new Uint8Array(0);
    return this.#now(n) ?? new Uint8Array(0);
  }

  /** Reads up to `len` bytes, waiting for at least one (or the end: `closed`). */
  blockingRead(len: bigint): Uint8Array | Promise<Uint8Array> {
    const n = lengthOf(len, MAX_READ);
    if (this.#closed) fail({ tag: 'closed' });
    if (n === 0) return new Uint8Array(0);
    const bytes = this.#now(n);
    if (bytes !== undefined) return bytes;
    if (!canSuspend()) throw mustWait('blocking-read', 'stdin');
    return this.#wait(n);
  }

  /** blocking-read for a caller that cannot suspend (preview1's fd_read): an asynchronous source with nothing buffered is an error. */
  blockingReadSync(len: bigint): Uint8Array {
    const n = lengthOf(len, MAX_READ);
    if (this.#closed) fail({ tag: 'closed' });
    if (n === 0) return new Uint8Array(0);
    const bytes = this.#now(n);
    if (bytes === undefined) throw mustWait('fd_read', 'stdin', true);
    return bytes;
  }

  /** Reads and drops up to `len` bytes without waiting; returns how many (`closed` at the end of the stream). */
  skip(len: bigint): bigint {
    return BigInt(this.read(len).length);
  }

  blockingSkip(len: bigint): bigint | Promise<bigint> {
    return count(this.blockingRead(len));
  }

  subscribe(): Pollable {
    const source = this.#source;
    if (source.ready === undefined || source.whenReady === undefined) return new Pollable();
    const readiness: Readiness = {
      ready: () => this.#closed || source.ready!(),
      whenReady: () => (this.#closed ? Promise.resolve() : source.whenReady!()),
    };
    return new Pollable(undefined, undefined, readiness);
  }

  [symbolDispose](): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#source.close?.();
  }
}

function count(bytes: Uint8Array | Promise<Uint8Array>): bigint | Promise<bigint> {
  return isThenable(bytes) ? bytes.then((b) => BigInt(b.length)) : BigInt(bytes.length);
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

  /** Reads up to `len` bytes from `src` without waiting and writes them here; returns how many moved. */
  splice(src: InputStream, len: bigint): bigint {
    return this.#splice(src, len, false) as bigint;
  }

  /** As splice, waiting for at least one byte from `src` (or its end: `closed`). */
  blockingSplice(src: InputStream, len: bigint): bigint | Promise<bigint> {
    return this.#splice(src, len, true);
  }

  #splice(src: InputStream, len: bigint, blocking: boolean): bigint | Promise<bigint> {
    if (this.#closed) fail({ tag: 'closed' });
    const n = lengthOf(len, MAX_READ);
    if (n === 0) return 0n;
    const got = blocking ? src.blockingRead(BigInt(n)) : src.read(BigInt(n));
    const put = (bytes: Uint8Array): bigint => {
      this.write(bytes);
      return BigInt(bytes.length);
    };
    return isThenable(got) ? got.then(put) : put(got);
  }

  [symbolDispose](): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#sink.close?.();
  }
}
