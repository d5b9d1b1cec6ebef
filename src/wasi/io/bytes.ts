// Where stream bytes come from and go to: the host side of wasi:io streams (io/streams.ts) and
// of preview1's stdio. Spec: WASI 0.2 wasi-io streams.wit (an input stream ends with `closed`;
// output is taken in order). The embedder's options become these: stdin as bytes, a string, a
// callback, an async iterable or a ReadableStream (io/pull-source.ts); stdout/stderr as a
// callback; nothing at all (empty stdin, output dropped).

/**
 * A source of bytes. `read` returns up to `max` bytes (at least one), or null at the end, waiting
 * synchronously if it must. A source whose bytes may arrive asynchronously also has `readNow`,
 * `ready` and `whenReady` (io/pull-source.ts), which InputStream uses instead so as not to block.
 */
export interface ByteSource {
  read(max: number): Uint8Array | null;
  /** Without waiting: up to `max` buffered bytes, null at the end, undefined while the next bytes are being fetched (the fetch is started). */
  readNow?(max: number): Uint8Array | null | undefined;
  /** Whether `readNow` would give bytes or null now (starts a fetch if none is under way). */
  ready?(): boolean;
  /** Settles (never rejects) once `ready()` is true. */
  whenReady?(): Promise<void>;
  /** Closes what the source reads (a file); called when the stream over it is dropped. */
  close?(): void;
}

/** A sink of bytes, written in order. */
export interface ByteSink {
  write(bytes: Uint8Array): void;
  flush?(): void;
  close?(): void;
}

/** Reads from fixed bytes. */
export class BufferSource implements ByteSource {
  #pos = 0;
  constructor(private readonly bytes: Uint8Array) {}
  read(max: number): Uint8Array | null {
    if (this.#pos >= this.bytes.length) return null;
    const end = Math.min(this.bytes.length, this.#pos + max);
    const out = this.bytes.slice(this.#pos, end);
    this.#pos = end;
    return out;
  }
}

/** Hands each write to a callback (with a copy the callback may keep). */
export class CallbackSink implements ByteSink {
  constructor(private readonly out: (bytes: Uint8Array) => void) {}
  write(bytes: Uint8Array): void {
    this.out(bytes.slice());
  }
}

/** Drops what is written (an output the embedder did not ask for). */
export class DiscardSink implements ByteSink {
  write(): void {}
}
