// The host process's own stdin/stdout/stderr for a guest (`'inherit'`). Spec: WASI 0.2 wasi-cli
// stdio.wit (the guest's standard streams) over POSIX file descriptors 0, 1 and 2, read and
// written synchronously with node:fs (loaded on first use, node/builtins.ts). A descriptor in
// non-blocking mode (EAGAIN) is waited on briefly and retried, so a read still blocks as a
// blocking-read must.

import type * as NodeFs from 'node:fs';
import type * as NodeTty from 'node:tty';
import type { ByteSink, ByteSource } from '../io/bytes.js';
import { FsError } from '../fs/types.js';
import { nodeBuiltin } from './builtins.js';

function pause(): void {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
  } catch {
    // cannot block here: retry at once
  }
}

function code(e: unknown): string | undefined {
  const c = (e as { code?: unknown } | null)?.code;
  return typeof c === 'string' ? c : undefined;
}

/** Reads the process's file descriptor `fd` (0). */
export class FdSource implements ByteSource {
  readonly #fs = nodeBuiltin<typeof NodeFs>('node:fs');
  #ended = false;
  constructor(private readonly fd: number) {}

  read(max: number): Uint8Array | null {
    if (this.#ended) return null;
    const buf = new Uint8Array(Math.min(max, 1 << 16));
    for (;;) {
      try {
        const n = this.#fs.readSync(this.fd, buf, 0, buf.length, null);
        if (n === 0) {
          this.#ended = true;
          return null;
        }
        return buf.slice(0, n);
      } catch (e) {
        const c = code(e);
        if (c === 'EAGAIN') pause();
        else if (c === 'EOF') {
          this.#ended = true;
          return null;
        } else throw new FsError('io', `reading stdin: ${c ?? String(e)}`);
      }
    }
  }
}

/** Writes the process's file descriptor `fd` (1 or 2). */
export class FdSink implements ByteSink {
  readonly #fs = nodeBuiltin<typeof NodeFs>('node:fs');
  constructor(private readonly fd: number) {}

  write(bytes: Uint8Array): void {
    let done = 0;
    while (done < bytes.length) {
      try {
        done += this.#fs.writeSync(this.fd, bytes, done, bytes.length - done);
      } catch (e) {
        const c = code(e);
        if (c === 'EAGAIN') pause();
        else throw new FsError(c === 'EPIPE' ? 'pipe' : 'io', `writing to file descriptor ${this.fd}: ${c ?? String(e)}`);
      }
    }
  }
}

/** Whether the process's file descriptor is a terminal. */
export function isTerminal(fd: number): boolean {
  try {
    return nodeBuiltin<typeof NodeTty>('node:tty').isatty(fd);
  } catch {
    return false;
  }
}
