// preview1's file descriptor table over the WASI host's objects. Spec: WebAssembly/WASI
// legacy/preview1/witx/wasi_snapshot_preview1.witx (`fd` handles; descriptors 0–2 are stdin,
// stdout and stderr; preopened directories follow from 3 and are found with `fd_prestat_get`).
// A descriptor is a stream (stdio, wasi:io InputStream/OutputStream over the host's shared
// sources) or a wasi:filesystem Descriptor with the offset, fdflags and rights preview1 keeps
// per descriptor and WASI 0.2 does not.

import type { WasiContext } from '../context.js';
import { dispose } from '../dispose.js';
import { Descriptor } from '../fs/descriptor.js';
import type { DescriptorType } from '../fs/types.js';
import { InputStream, OutputStream } from '../io/streams.js';
import { preopenDescriptors } from '../filesystem.js';
import { DIR_RIGHTS, ERRNO, Errno, FILE_RIGHTS, STREAM_RIGHTS } from './abi.js';

interface Common {
  /** fdflags (append, nonblock, …). */
  flags: number;
  rightsBase: bigint;
  rightsInheriting: bigint;
}

export interface StreamFd extends Common {
  readonly kind: 'stream';
  readonly input: InputStream | undefined;
  readonly output: OutputStream | undefined;
  readonly terminal: boolean;
}

export interface FileFd extends Common {
  readonly kind: 'file';
  readonly desc: Descriptor;
  readonly type: DescriptorType;
  /** The offset fd_read/fd_write/fd_seek use. */
  pos: bigint;
  /** The guest path of a preopened directory. */
  readonly preopen: string | undefined;
  /** fd_readdir: the entries read at cookie 0, served by index afterwards. */
  dirCache: { name: string; type: DescriptorType; ino: bigint }[] | undefined;
}

export type FdEntry = StreamFd | FileFd;

/** Most descriptors one guest may hold (EMFILE beyond). */
const MAX_FDS = 1 << 16;

export class FdTable {
  readonly #fds = new Map<number, FdEntry>();

  constructor(cx: WasiContext) {
    const stream = (input: InputStream | undefined, output: OutputStream | undefined, terminal: boolean): StreamFd => ({
      kind: 'stream', input, output, terminal, flags: 0, rightsBase: STREAM_RIGHTS, rightsInheriting: 0n,
    });
    this.#fds.set(0, stream(new InputStream(cx.stdin), undefined, cx.terminal.stdin));
    this.#fds.set(1, stream(undefined, new OutputStream(cx.stdout), cx.terminal.stdout));
    this.#fds.set(2, stream(undefined, new OutputStream(cx.stderr), cx.terminal.stderr));
    for (const [desc, guestPath] of preopenDescriptors(cx)) {
      this.add({
        kind: 'file', desc, type: 'directory', pos: 0n, preopen: guestPath, dirCache: undefined, flags: 0,
        rightsBase: DIR_RIGHTS, rightsInheriting: DIR_RIGHTS | FILE_RIGHTS,
      });
    }
  }

  get(fd: number): FdEntry {
    const e = this.#fds.get(fd);
    if (e === undefined) throw new Errno(ERRNO.badf, `no file descriptor ${fd}`);
    return e;
  }

  /** A descriptor on the filesystem (EBADF for stdio). */
  file(fd: number): FileFd {
    const e = this.get(fd);
    if (e.kind !== 'file') throw new Errno(ERRNO.badf, `file descriptor ${fd} is not a file or directory`);
    return e;
  }

  /** A directory descriptor (ENOTDIR for a file). */
  dir(fd: number): FileFd {
    const e = this.file(fd);
    if (e.type !== 'directory') throw new Errno(ERRNO.notdir, `file descriptor ${fd} is not a directory`);
    return e;
  }

  /** Adds at the lowest free number. */
  add(entry: FdEntry): number {
    for (let fd = 0; fd < MAX_FDS; fd++) {
      if (!this.#fds.has(fd)) {
        this.#fds.set(fd, entry);
        return fd;
      }
    }
    throw new Errno(ERRNO.mfile, 'too many open file descriptors');
  }

  close(fd: number): void {
    const e = this.get(fd);
    this.#fds.delete(fd);
    release(e);
  }

  /** fd_renumber: `to` (which must be open) is closed and `from` takes its number. */
  renumber(from: number, to: number): void {
    const e = this.get(from);
    const old = this.get(to);
    if (from === to) return;
    this.#fds.delete(from);
    this.#fds.set(to, e);
    release(old);
  }
}

function release(e: FdEntry): void {
  if (e.kind === 'file') dispose(e.desc);
  else {
    dispose(e.input);
    dispose(e.output);
  }
}
