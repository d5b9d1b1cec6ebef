// Standard input pulled from the embedder chunk by chunk, synchronously or asynchronously: a
// callback (returning a chunk, or a promise of one), an async iterable (an async generator, a
// node Readable) or a WHATWG ReadableStream. Spec: WASI 0.2 wasi-io streams.wit — `read` "never
// blocks" and returns what is available (possibly nothing), `blocking-read` waits for at least
// one byte or the end, the end is `closed`, a failure of the source is `last-operation-failed`
// after which the stream is closed; poll.wit for the readiness a `subscribe` pollable reports.
//
// At most one chunk is buffered and at most one fetch is under way. A fetch starts when a reader
// finds nothing buffered, and — for sources that have answered asynchronously — as soon as a
// chunk is used up (read-ahead). A source that answers synchronously (today's callback form) is
// pulled only when the guest reads, as before; what it throws propagates unchanged. Chunks are
// copied when they arrive (a producer may reuse its buffer); strings are encoded as UTF-8; empty
// chunks are skipped; after the end the source is not pulled again.

import { utf8Encode } from '../../util/utf8.js';
import type { ByteSource } from './bytes.js';
import { isThenable } from '../../util/thenable.js';
import { mustWait } from './wait.js';

/** What one pull gives: a chunk, or null/undefined at the end. */
export type StdinChunk = Uint8Array | string | null | undefined;

/** The structural shape of a WHATWG ReadableStream this host reads (getReader/read/cancel). */
export interface ReadableStreamLike {
  getReader(): {
    read(): PromiseLike<{ done?: boolean; value?: unknown }>;
    cancel?(reason?: unknown): PromiseLike<unknown> | void;
  };
}

/** A failure of the source, reported once to the guest as `last-operation-failed`. */
export class SourceError extends Error {
  constructor(what: string, cause: unknown) {
    super(`${what}: ${cause instanceof Error ? cause.message : `the source failed: ${String(cause)}`}`, { cause });
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'an object';
  return `a ${typeof v}`;
}

export class PullSource implements ByteSource {
  readonly #what: string;
  readonly #pull: () => StdinChunk | PromiseLike<StdinChunk>;
  readonly #cancel: (() => void) | undefined;
  #chunk: Uint8Array | undefined;
  #pos = 0;
  #ended = false;
  #failure: { error: unknown } | undefined;
  #pending: Promise<void> | undefined;
  /** Some pull has answered with a promise: read ahead. */
  #async = false;

  constructor(what: string, pull: () => StdinChunk | PromiseLike<StdinChunk>, cancel?: () => void, isAsync = false) {
    this.#what = what;
    this.#pull = pull;
    this.#cancel = cancel;
    this.#async = isAsync;
  }

  /** A callback called with no arguments for each chunk; it may return a promise of one. */
  static fromCallback(what: string, next: () => StdinChunk | PromiseLike<StdinChunk>): PullSource {
    return new PullSource(what, () => next());
  }

  /** An async iterable (for await … of): its iterator is taken at the first read and ended with `return()` by `cancel`. */
  static fromAsyncIterable(what: string, iterable: AsyncIterable<unknown>): PullSource {
    let it: AsyncIterator<unknown> | undefined;
    return new PullSource(what,
      () => Promise.resolve().then(() => (it ??= iterable[Symbol.asyncIterator]()).next()).then(step),
      () => quietly(() => it?.return?.()), true);
  }

  /** A ReadableStream: locked by a reader at the first read, cancelled by `cancel`. */
  static fromReadableStream(what: string, stream: ReadableStreamLike): PullSource {
    let reader: ReturnType<ReadableStreamLike['getReader']> | undefined;
    return new PullSource(what,
      () => Promise.resolve().then(() => (reader ??= stream.getReader()).read()).then(step),
      () => quietly(() => reader?.cancel?.()), true);
  }

  read(max: number): Uint8Array | null {
    const bytes = this.readNow(max);
    if (bytes === undefined) throw mustWait('a synchronous read', this.#what);
    return bytes;
  }

  readNow(max: number): Uint8Array | null | undefined {
    this.#fill();
    const chunk = this.#chunk;
    if (chunk !== undefined) {
      const end = Math.min(chunk.length, this.#pos + max);
      const out = chunk.subarray(this.#pos, end);
      this.#pos = end;
      if (end === chunk.length) {
        this.#chunk = undefined;
        if (this.#async) this.#readAhead();
      }
      return out;
    }
    if (this.#failure !== undefined) {
      const { error } = this.#failure;
      this.#failure = undefined;
      this.#ended = true;
      throw new SourceError(this.#what, error);
    }
    return this.#ended ? null : undefined;
  }

  ready(): boolean {
    this.#fill();
    return this.#chunk !== undefined || this.#ended || this.#failure !== undefined;
  }

  async whenReady(): Promise<void> {
    while (!this.ready()) await this.#pending;
  }

  /** The embedder's run is over: stop reading (the iterator's `return()`, the stream's `cancel()`); reads give the end. */
  cancel(): void {
    const wasReading = !this.#ended || this.#pending !== undefined;
    this.#ended = true;
    this.#chunk = undefined;
    this.#failure = undefined;
    if (wasReading) this.#cancel?.();
  }

  /** Pulls until a chunk is buffered, the end or a failure is known, or a fetch is under way. */
  #fill(): void {
    while (this.#chunk === undefined && !this.#ended && this.#failure === undefined && this.#pending === undefined) {
      const r = this.#pull();
      if (isThenable(r)) {
        this.#async = true;
        this.#pending = Promise.resolve(r).then(
          (v) => {
            this.#pending = undefined;
            if (this.#ended) return;
            try {
              this.#accept(v);
            } catch (e) {
              this.#failure = { error: e };
            }
          },
          (e: unknown) => {
            this.#pending = undefined;
            if (!this.#ended) this.#failure = { error: e };
          });
      } else this.#accept(r);
    }
  }

  /** Read-ahead after a chunk is used up; a synchronous failure waits for the next read. */
  #readAhead(): void {
    try {
      this.#fill();
    } catch (e) {
      this.#failure = { error: e };
    }
  }

  #accept(v: unknown): void {
    if (v === null || v === undefined) {
      this.#ended = true;
      return;
    }
    let bytes: Uint8Array;
    if (typeof v === 'string') bytes = utf8Encode(v);
    else if (v instanceof Uint8Array) bytes = new Uint8Array(v);
    else throw new TypeError(`${this.#what}: a chunk must be a Uint8Array or a string (null or undefined at the end of input), not ${describe(v)}`);
    if (bytes.length === 0) return;
    this.#chunk = bytes;
    this.#pos = 0;
  }
}

/** An iterator/reader result as a chunk: done is the end; a missing value an empty chunk. */
function step(r: { done?: boolean; value?: unknown }): StdinChunk {
  if (typeof r !== 'object' || r === null) throw new TypeError(`the iterator's next() gave ${describe(r)}, not a { done, value } result`);
  if (r.done === true) return null;
  const v = r.value;
  return v === null || v === undefined ? new Uint8Array(0) : (v as StdinChunk);
}

/** Calls `f`, ignoring what it throws or rejects with (releasing a source is best effort). */
function quietly(f: () => unknown): void {
  try {
    const r = f();
    if (isThenable(r)) Promise.resolve(r).catch(() => {});
  } catch {
    // nothing to report: the run is over
  }
}
