// The host machine's filesystem (node:fs) as a WASI filesystem backend. Spec: WASI 0.2
// wasi-filesystem types.wit (operations "similar to … in POSIX"; `error-code` mirrors errno).
// Nodes are absolute host paths built by fs/resolve.ts one component at a time below a preopen's
// real path; files are opened with O_NOFOLLOW, so even a link swapped in after resolution is not
// followed by the final open. node:fs is loaded on first use (node/builtins.ts).

import type * as NodeFs from 'node:fs';
import {
  FsError, type DescriptorType, type DirRef, type ErrorCode, type FileSystemProvider, type FsBackend, type FsFile, type FsStat,
  type NewTime, type OpenFileOptions,
} from '../fs/types.js';
import { nodeBuiltin } from './builtins.js';

/** errno names (node's `code`) → wasi-filesystem error-code. */
const ERRNO: Record<string, ErrorCode> = {
  EACCES: 'access', EAGAIN: 'would-block', EWOULDBLOCK: 'would-block', EALREADY: 'already', EBADF: 'bad-descriptor',
  EBUSY: 'busy', EDEADLK: 'deadlock', EDQUOT: 'quota', EEXIST: 'exist', EFBIG: 'file-too-large',
  EILSEQ: 'illegal-byte-sequence', EINPROGRESS: 'in-progress', EINTR: 'interrupted', EINVAL: 'invalid', EIO: 'io',
  EISDIR: 'is-directory', ELOOP: 'loop', EMLINK: 'too-many-links', EMSGSIZE: 'message-size',
  ENAMETOOLONG: 'name-too-long', ENODEV: 'no-device', ENOENT: 'no-entry', ENOLCK: 'no-lock', ENOMEM: 'insufficient-memory',
  ENOSPC: 'insufficient-space', ENOTDIR: 'not-directory', ENOTEMPTY: 'not-empty', ENOTRECOVERABLE: 'not-recoverable',
  ENOTSUP: 'unsupported', EOPNOTSUPP: 'unsupported', ENOSYS: 'unsupported', ENOTTY: 'no-tty', ENXIO: 'no-such-device',
  EOVERFLOW: 'overflow', EPERM: 'not-permitted', EPIPE: 'pipe', EROFS: 'read-only', ESPIPE: 'invalid-seek',
  ETXTBSY: 'text-file-busy', EXDEV: 'cross-device', ERR_INVALID_ARG_VALUE: 'invalid', ERR_OUT_OF_RANGE: 'overflow',
};

/** A node:fs failure as an FsError (the message drops the host path). */
function fsError(e: unknown): FsError {
  if (e instanceof FsError) return e;
  const code = (e as { code?: unknown } | null)?.code;
  const mapped = typeof code === 'string' ? ERRNO[code] : undefined;
  return new FsError(mapped ?? 'io', typeof code === 'string' ? code : 'host filesystem error');
}

function call<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw fsError(e);
  }
}

function typeOf(s: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): DescriptorType {
  if (s.isFile()) return 'regular-file';
  if (s.isDirectory()) return 'directory';
  if (s.isSymbolicLink()) return 'symbolic-link';
  if (s.isFIFO()) return 'fifo';
  if (s.isSocket()) return 'socket';
  if (s.isCharacterDevice()) return 'character-device';
  if (s.isBlockDevice()) return 'block-device';
  return 'unknown';
}

function statOf(s: NodeFs.BigIntStats): FsStat {
  return {
    type: typeOf(s), nlink: s.nlink, size: s.size, dev: s.dev, ino: s.ino,
    atime: s.atimeNs, mtime: s.mtimeNs, ctime: s.ctimeNs,
  };
}

/** A time for utimes (seconds as a number), keeping `current` for no-change. */
function seconds(t: NewTime, current: bigint): number {
  const ns = t.kind === 'no-change' ? current : t.kind === 'now' ? BigInt(Date.now()) * 1_000_000n : t.ns;
  return Number(ns) / 1e9;
}

function join(dir: string, name: string): string {
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

class NodeFile implements FsFile {
  #fd: number;
  constructor(private readonly fs: typeof NodeFs, fd: number) {
    this.#fd = fd;
  }

  read(len: number, pos: bigint): Uint8Array {
    const buf = new Uint8Array(len);
    const n = call(() => this.fs.readSync(this.#fd, buf, 0, len, pos));
    return n === len ? buf : buf.slice(0, n);
  }

  write(data: Uint8Array, pos: bigint): number {
    if (pos + BigInt(data.length) > BigInt(Number.MAX_SAFE_INTEGER)) throw new FsError('file-too-large');
    let done = 0;
    while (done < data.length) {
      const at = Number(pos) + done;
      done += call(() => this.fs.writeSync(this.#fd, data, done, data.length - done, at));
    }
    return done;
  }

  stat(): FsStat {
    return statOf(call(() => this.fs.fstatSync(this.#fd, { bigint: true })));
  }

  setSize(size: bigint): void {
    if (size > BigInt(Number.MAX_SAFE_INTEGER)) throw new FsError('file-too-large');
    call(() => this.fs.ftruncateSync(this.#fd, Number(size)));
  }

  setTimes(atime: NewTime, mtime: NewTime): void {
    const st = this.stat();
    call(() => this.fs.futimesSync(this.#fd, seconds(atime, st.atime ?? 0n), seconds(mtime, st.mtime ?? 0n)));
  }

  sync(): void {
    call(() => this.fs.fsyncSync(this.#fd));
  }

  close(): void {
    if (this.#fd < 0) return;
    const fd = this.#fd;
    this.#fd = -1;
    call(() => this.fs.closeSync(fd));
  }
}

/** node:fs behind WASI: a preopen names a directory of the host machine. */
export class NodeFileSystem implements FsBackend<string>, FileSystemProvider {
  readonly #fs: typeof NodeFs;

  constructor() {
    this.#fs = nodeBuiltin<typeof NodeFs>('node:fs');
  }

  /** The host directory `hostPath` (its real path: links in it are resolved once, here). */
  openRoot(hostPath: string): DirRef<string> {
    const real = call(() => this.#fs.realpathSync(hostPath));
    if (!this.#fs.statSync(real).isDirectory()) throw new FsError('not-directory', `${hostPath} is not a directory`);
    return { backend: this, node: real };
  }

  lookup(dir: string, name: string): string {
    const p = join(dir, name);
    call(() => this.#fs.lstatSync(p));
    return p;
  }

  stat(node: string): FsStat {
    return statOf(call(() => this.#fs.lstatSync(node, { bigint: true })));
  }

  readlink(node: string): string {
    return call(() => this.#fs.readlinkSync(node, 'utf8'));
  }

  readdir(dir: string): { name: string; type: DescriptorType }[] {
    return call(() => this.#fs.readdirSync(dir, { withFileTypes: true })).map((d) => ({ name: d.name, type: typeOf(d) }));
  }

  mkdir(dir: string, name: string): void {
    call(() => this.#fs.mkdirSync(join(dir, name), 0o777));
  }

  rmdir(dir: string, name: string): void {
    call(() => this.#fs.rmdirSync(join(dir, name)));
  }

  unlink(dir: string, name: string): void {
    const p = join(dir, name);
    // Linux's unlink gives EISDIR for a directory, POSIX allows EPERM: WASI wants is-directory.
    if (this.stat(p).type === 'directory') throw new FsError('is-directory');
    call(() => this.#fs.unlinkSync(p));
  }

  rename(dir: string, name: string, newDir: string, newName: string): void {
    call(() => this.#fs.renameSync(join(dir, name), join(newDir, newName)));
  }

  link(node: string, newDir: string, newName: string): void {
    if (this.stat(node).type === 'directory') throw new FsError('not-permitted', 'cannot hard-link a directory');
    call(() => this.#fs.linkSync(node, join(newDir, newName)));
  }

  symlink(target: string, dir: string, name: string): void {
    call(() => this.#fs.symlinkSync(target, join(dir, name)));
  }

  setTimes(node: string, atime: NewTime, mtime: NewTime): void {
    const st = this.stat(node);
    call(() => this.#fs.lutimesSync(node, seconds(atime, st.atime ?? 0n), seconds(mtime, st.mtime ?? 0n)));
  }

  #flags(options: OpenFileOptions): number {
    const c = this.#fs.constants;
    const mode = options.read && options.write ? c.O_RDWR : options.write ? c.O_WRONLY : c.O_RDONLY;
    // O_NONBLOCK: a FIFO swapped in after the type check must not block the host in open().
    return mode | c.O_NOFOLLOW | c.O_NONBLOCK | (options.truncate ? c.O_TRUNC : 0);
  }

  open(node: string, options: OpenFileOptions): FsFile {
    const type = this.stat(node).type;
    if (type === 'directory') throw new FsError('is-directory');
    // Opening a FIFO or a socket would block the host or is not a file: refuse.
    if (type !== 'regular-file' && type !== 'character-device' && type !== 'block-device') {
      throw new FsError('unsupported', `cannot open a ${type}`);
    }
    return new NodeFile(this.#fs, call(() => this.#fs.openSync(node, this.#flags(options))));
  }

  create(dir: string, name: string, exclusive: boolean, options: OpenFileOptions): { node: string; file: FsFile } {
    const p = join(dir, name);
    const c = this.#fs.constants;
    const flags = this.#flags(options) | c.O_CREAT | (exclusive ? c.O_EXCL : 0);
    const fd = call(() => this.#fs.openSync(p, flags, 0o666));
    const file = new NodeFile(this.#fs, fd);
    if (file.stat().type !== 'regular-file') {
      file.close();
      throw new FsError('unsupported', 'not a regular file');
    }
    return { node: p, file };
  }

  same(a: string, b: string): boolean {
    const sa = this.stat(a);
    const sb = this.stat(b);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  }
}
