// The preview1 ABI: constants and memory layouts of `wasi_snapshot_preview1`. Spec:
// WebAssembly/WASI legacy/preview1/witx/typenames.witx (tag v0.2.0): `errno` (u16, in the order
// listed there), `filetype`, `fdflags`, `oflags`, `rights`, `fstflags`, `lookupflags`, `whence`,
// `clockid`, `eventtype`, and the records `fdstat` (24 bytes), `filestat` (64), `dirent` (24),
// `prestat` (8), `subscription` (48), `event` (32), `iovec`/`ciovec` (8), laid out with C
// alignment as witx defines.

import type { ErrorCode } from '../fs/types.js';
import { decodeUtf8Fatal, utf8Encode } from '../../util/utf8.js';

/** errno values (typenames.witx `errno`, in order from 0). */
export const ERRNO = {
  success: 0, '2big': 1, acces: 2, addrinuse: 3, addrnotavail: 4, afnosupport: 5, again: 6, already: 7, badf: 8,
  badmsg: 9, busy: 10, canceled: 11, child: 12, connaborted: 13, connrefused: 14, connreset: 15, deadlk: 16,
  destaddrreq: 17, dom: 18, dquot: 19, exist: 20, fault: 21, fbig: 22, hostunreach: 23, idrm: 24, ilseq: 25,
  inprogress: 26, intr: 27, inval: 28, io: 29, isconn: 30, isdir: 31, loop: 32, mfile: 33, mlink: 34, msgsize: 35,
  multihop: 36, nametoolong: 37, netdown: 38, netreset: 39, netunreach: 40, nfile: 41, nobufs: 42, nodev: 43,
  noent: 44, noexec: 45, nolck: 46, nolink: 47, nomem: 48, nomsg: 49, noprotoopt: 50, nospc: 51, nosys: 52,
  notconn: 53, notdir: 54, notempty: 55, notrecoverable: 56, notsock: 57, notsup: 58, notty: 59, nxio: 60,
  overflow: 61, ownerdead: 62, perm: 63, pipe: 64, proto: 65, protonosupport: 66, prototype: 67, range: 68,
  rofs: 69, spipe: 70, srch: 71, stale: 72, timedout: 73, txtbsy: 74, xdev: 75, notcapable: 76,
} as const;

/** wasi-filesystem error-code → preview1 errno (the codes name the same POSIX errors). */
export const ERRNO_OF_CODE: Record<ErrorCode, number> = {
  access: ERRNO.acces, 'would-block': ERRNO.again, already: ERRNO.already, 'bad-descriptor': ERRNO.badf,
  busy: ERRNO.busy, deadlock: ERRNO.deadlk, quota: ERRNO.dquot, exist: ERRNO.exist, 'file-too-large': ERRNO.fbig,
  'illegal-byte-sequence': ERRNO.ilseq, 'in-progress': ERRNO.inprogress, interrupted: ERRNO.intr,
  invalid: ERRNO.inval, io: ERRNO.io, 'is-directory': ERRNO.isdir, loop: ERRNO.loop, 'too-many-links': ERRNO.mlink,
  'message-size': ERRNO.msgsize, 'name-too-long': ERRNO.nametoolong, 'no-device': ERRNO.nodev,
  'no-entry': ERRNO.noent, 'no-lock': ERRNO.nolck, 'insufficient-memory': ERRNO.nomem,
  'insufficient-space': ERRNO.nospc, 'not-directory': ERRNO.notdir, 'not-empty': ERRNO.notempty,
  'not-recoverable': ERRNO.notrecoverable, unsupported: ERRNO.notsup, 'no-tty': ERRNO.notty,
  'no-such-device': ERRNO.nxio, overflow: ERRNO.overflow, 'not-permitted': ERRNO.perm, pipe: ERRNO.pipe,
  'read-only': ERRNO.rofs, 'invalid-seek': ERRNO.spipe, 'text-file-busy': ERRNO.txtbsy, 'cross-device': ERRNO.xdev,
};

/** filetype (u8). */
export const FILETYPE = {
  unknown: 0, block_device: 1, character_device: 2, directory: 3, regular_file: 4, socket_dgram: 5,
  socket_stream: 6, symbolic_link: 7,
} as const;

/** fdflags (u16). */
export const FDFLAGS = { append: 1, dsync: 2, nonblock: 4, rsync: 8, sync: 16 } as const;
/** oflags (u16). */
export const OFLAGS = { creat: 1, directory: 2, excl: 4, trunc: 8 } as const;
/** fstflags (u16). */
export const FSTFLAGS = { atim: 1, atim_now: 2, mtim: 4, mtim_now: 8 } as const;
/** lookupflags (u32). */
export const LOOKUP_SYMLINK_FOLLOW = 1;
/** whence (u8). */
export const WHENCE = { set: 0, cur: 1, end: 2 } as const;
/** clockid (u32). */
export const CLOCK = { realtime: 0, monotonic: 1, process_cputime_id: 2, thread_cputime_id: 3 } as const;
/** eventtype (u8). */
export const EVENTTYPE = { clock: 0, fd_read: 1, fd_write: 2 } as const;
/** subclockflags (u16). */
export const SUBSCRIPTION_CLOCK_ABSTIME = 1;
/** eventrwflags (u16). */
export const EVENT_FD_READWRITE_HANGUP = 1;

/** rights (u64), bit by bit in witx order. */
export const RIGHTS = {
  fd_datasync: 1n << 0n, fd_read: 1n << 1n, fd_seek: 1n << 2n, fd_fdstat_set_flags: 1n << 3n, fd_sync: 1n << 4n,
  fd_tell: 1n << 5n, fd_write: 1n << 6n, fd_advise: 1n << 7n, fd_allocate: 1n << 8n, path_create_directory: 1n << 9n,
  path_create_file: 1n << 10n, path_link_source: 1n << 11n, path_link_target: 1n << 12n, path_open: 1n << 13n,
  fd_readdir: 1n << 14n, path_readlink: 1n << 15n, path_rename_source: 1n << 16n, path_rename_target: 1n << 17n,
  path_filestat_get: 1n << 18n, path_filestat_set_size: 1n << 19n, path_filestat_set_times: 1n << 20n,
  fd_filestat_get: 1n << 21n, fd_filestat_set_size: 1n << 22n, fd_filestat_set_times: 1n << 23n,
  path_symlink: 1n << 24n, path_remove_directory: 1n << 25n, path_unlink_file: 1n << 26n,
  poll_fd_readwrite: 1n << 27n, sock_shutdown: 1n << 28n, sock_accept: 1n << 29n,
} as const;
export const ALL_RIGHTS = (1n << 30n) - 1n;

/** Rights that make sense for a regular file, a directory, and a stream (stdio). */
export const FILE_RIGHTS = RIGHTS.fd_datasync | RIGHTS.fd_read | RIGHTS.fd_seek | RIGHTS.fd_fdstat_set_flags
  | RIGHTS.fd_sync | RIGHTS.fd_tell | RIGHTS.fd_write | RIGHTS.fd_advise | RIGHTS.fd_allocate
  | RIGHTS.fd_filestat_get | RIGHTS.fd_filestat_set_size | RIGHTS.fd_filestat_set_times | RIGHTS.poll_fd_readwrite;
export const DIR_RIGHTS = RIGHTS.fd_fdstat_set_flags | RIGHTS.fd_sync | RIGHTS.fd_advise | RIGHTS.path_create_directory
  | RIGHTS.path_create_file | RIGHTS.path_link_source | RIGHTS.path_link_target | RIGHTS.path_open | RIGHTS.fd_readdir
  | RIGHTS.path_readlink | RIGHTS.path_rename_source | RIGHTS.path_rename_target | RIGHTS.path_filestat_get
  | RIGHTS.path_filestat_set_size | RIGHTS.path_filestat_set_times | RIGHTS.fd_filestat_get
  | RIGHTS.fd_filestat_set_times | RIGHTS.path_symlink | RIGHTS.path_remove_directory | RIGHTS.path_unlink_file;
export const STREAM_RIGHTS = RIGHTS.fd_read | RIGHTS.fd_write | RIGHTS.fd_fdstat_set_flags | RIGHTS.fd_filestat_get
  | RIGHTS.poll_fd_readwrite;

/** A preview1 call's failure: the errno it returns. */
export class Errno extends Error {
  constructor(readonly errno: number, message?: string) {
    super(message ?? `errno ${errno}`);
  }
}

/** The guest's linear memory, seen afresh at each call (memory.grow replaces the buffer). */
export class GuestMemory {
  readonly bytes: Uint8Array;
  readonly view: DataView;

  constructor(buffer: ArrayBuffer) {
    this.bytes = new Uint8Array(buffer);
    this.view = new DataView(buffer);
  }

  /** Checks that [ptr, ptr + len) is inside memory (EFAULT otherwise). */
  check(ptr: number, len: number): void {
    if (ptr < 0 || len < 0 || ptr + len > this.bytes.length) throw new Errno(ERRNO.fault, `${len} bytes at ${ptr} are outside memory`);
  }

  u8(p: number): number { this.check(p, 1); return this.view.getUint8(p); }
  u16(p: number): number { this.check(p, 2); return this.view.getUint16(p, true); }
  u32(p: number): number { this.check(p, 4); return this.view.getUint32(p, true); }
  u64(p: number): bigint { this.check(p, 8); return this.view.getBigUint64(p, true); }
  setU8(p: number, v: number): void { this.check(p, 1); this.view.setUint8(p, v); }
  setU16(p: number, v: number): void { this.check(p, 2); this.view.setUint16(p, v, true); }
  setU32(p: number, v: number): void { this.check(p, 4); this.view.setUint32(p, v >>> 0, true); }
  setU64(p: number, v: bigint): void { this.check(p, 8); this.view.setBigUint64(p, BigInt.asUintN(64, v), true); }

  /** A copy of guest bytes. */
  read(ptr: number, len: number): Uint8Array {
    this.check(ptr, len);
    return this.bytes.slice(ptr, ptr + len);
  }

  write(ptr: number, data: Uint8Array): void {
    this.check(ptr, data.length);
    this.bytes.set(data, ptr);
  }

  /** A UTF-8 string (EILSEQ if it is not valid UTF-8). */
  string(ptr: number, len: number): string {
    this.check(ptr, len);
    const s = decodeUtf8Fatal(this.bytes.subarray(ptr, ptr + len), true);
    if (s === undefined) throw new Errno(ERRNO.ilseq, 'a path is not valid UTF-8');
    return s;
  }

  /** The (ptr, len) pairs of an iovec/ciovec array. */
  iovecs(ptr: number, count: number): { buf: number; len: number }[] {
    this.check(ptr, count * 8);
    const out: { buf: number; len: number }[] = [];
    for (let i = 0; i < count; i++) {
      const buf = this.u32(ptr + 8 * i);
      const len = this.u32(ptr + 8 * i + 4);
      this.check(buf, len);
      out.push({ buf, len });
    }
    return out;
  }
}

export function utf8(s: string): Uint8Array {
  return utf8Encode(s);
}
