// Where stream bytes come from and go to: the host side of wasi:io streams (io/streams.ts) and
// of preview1's stdio. Spec: WASI 0.2 wasi-io streams.wit (an input stream ends with `closed`;
// output is taken in order). The embedder's options become these: stdin as bytes, a string or a
// callback; stdout/stderr as a callback; nothing at all (empty stdin, output dropped).

/** A source of bytes; `read` returns up to `max` bytes (at least one), or null at the end. */
export interface ByteSource {
  read(max: number): Uint8Array | null;
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

/**
 * Reads from a callback that returns the next chunk, or null/undefined at the end (after which
 * it is not called again). Empty chunks are skipped.
 */
export class CallbackSource implements ByteSource {
  #pending: Uint8Array | undefined;
  #ended = false;
  constructor(private readonly next: () => Uint8Array | null | undefined) {}
  read(max: number): Uint8Array | null {
    while (this.#pending === undefined || this.#pending.length === 0) {
      if (this.#ended) return null;
      const chunk = this.next();
      if (chunk === null || chunk === undefined) {
        this.#ended = true;
        return null;
      }
      if (!(chunk instanceof Uint8Array)) throw new TypeError('the stdin callback must return a Uint8Array, or null at the end of input');
      this.#pending = chunk;
    }
    const chunk = this.#pending;
    if (chunk.length <= max) {
      this.#pending = undefined;
      return chunk.slice();
    }
    this.#pending = chunk.subarray(max);
    return chunk.slice(0, max);
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
