// preview1 `fd_*` functions. Spec: WebAssembly/WASI legacy/preview1/witx/wasi_snapshot_preview1.witx
// (signatures and meaning) and typenames.witx (layouts, abi.ts). Files and directories are the
// WASI 0.2 host's wasi:filesystem Descriptors, stdio its wasi:io streams; preview1's own state
// (offset, fdflags, rights) lives in the descriptor table (fds.ts). Arguments arrive as the core
// JS API gives them: i32 as signed numbers (made unsigned here), i64 as bigint.

import { Descriptor, type NewTimestamp } from '../fs/descriptor.js';
import type { DescriptorType, FsStat } from '../fs/types.js';
import { WRITE_BUDGET } from '../io/streams.js';
import { ComponentError } from '../../component/errors.js';
import { ERRNO, Errno, FDFLAGS, FILETYPE, FSTFLAGS, GuestMemory, utf8, WHENCE } from './abi.js';
import type { FileFd, StreamFd } from './fds.js';
import { syscall, type Preview1State } from './state.js';

const u32 = (v: number): number => v >>> 0;
const u64 = (v: bigint): bigint => BigInt.asUintN(64, v);

export function filetype(type: DescriptorType): number {
  switch (type) {
    case 'directory': return FILETYPE.directory;
    case 'regular-file': return FILETYPE.regular_file;
    case 'symbolic-link': return FILETYPE.symbolic_link;
    case 'character-device': return FILETYPE.character_device;
    case 'block-device': return FILETYPE.block_device;
    case 'socket': return FILETYPE.socket_stream;
    default: return FILETYPE.unknown;
  }
}

function streamFiletype(e: StreamFd): number {
  return e.terminal ? FILETYPE.character_device : FILETYPE.unknown;
}

/** typenames.witx `filestat` (64 bytes). */
export function writeFilestat(m: GuestMemory, ptr: number, st: FsStat | undefined, type: number): void {
  m.check(ptr, 64);
  m.bytes.fill(0, ptr, ptr + 64);
  if (st === undefined) {
    m.setU8(ptr + 16, type);
    return;
  }
  m.setU64(ptr, st.dev);
  m.setU64(ptr + 8, st.ino);
  m.setU8(ptr + 16, type);
  m.setU64(ptr + 24, st.nlink);
  m.setU64(ptr + 32, st.size);
  m.setU64(ptr + 40, st.atime ?? 0n);
  m.setU64(ptr + 48, st.mtime ?? 0n);
  m.setU64(ptr + 56, st.ctime ?? 0n);
}

/** preview1 (timestamp, fstflags) → the two wasi-filesystem new-timestamps. */
export function newTimestamps(atim: bigint, mtim: bigint, fst: number): [NewTimestamp, NewTimestamp] {
  if ((fst & FSTFLAGS.atim && fst & FSTFLAGS.atim_now) || (fst & FSTFLAGS.mtim && fst & FSTFLAGS.mtim_now) || fst & ~15) {
    throw new Errno(ERRNO.inval, 'conflicting fstflags');
  }
  const one = (t: bigint, set: number, now: number): NewTimestamp => {
    if (fst & now) return { tag: 'now' };
    if (fst & set) {
      const ns = u64(t);
      return { tag: 'timestamp', val: { seconds: ns / 1_000_000_000n, nanoseconds: Number(ns % 1_000_000_000n) } };
    }
    return { tag: 'no-change' };
  };
  return [one(atim, FSTFLAGS.atim, FSTFLAGS.atim_now), one(mtim, FSTFLAGS.mtim, FSTFLAGS.mtim_now)];
}

function gather(m: GuestMemory, iovs: number, count: number): Uint8Array {
  const vecs = m.iovecs(u32(iovs), u32(count));
  const total = vecs.reduce((n, v) => n + v.len, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const v of vecs) {
    out.set(m.bytes.subarray(v.buf, v.buf + v.len), at);
    at += v.len;
  }
  return out;
}

function scatter(m: GuestMemory, iovs: { buf: number; len: number }[], data: Uint8Array): void {
  let at = 0;
  for (const v of iovs) {
    if (at >= data.length) break;
    const n = Math.min(v.len, data.length - at);
    m.bytes.set(data.subarray(at, at + n), v.buf);
    at += n;
  }
}

/** One blocking read of stdin: empty at the end of input. */
function readStream(e: StreamFd, len: number): Uint8Array {
  if (e.input === undefined) throw new Errno(ERRNO.badf, 'not readable');
  if (len === 0) return new Uint8Array(0);
  try {
    return e.input.blockingReadSync(BigInt(len));
  } catch (err) {
    if (err instanceof ComponentError && (err.payload as { tag?: string } | null)?.tag === 'closed') return new Uint8Array(0);
    throw err;
  }
}

function readFile(e: FileFd, len: number, pos: bigint): Uint8Array {
  if (e.type === 'directory') throw new Errno(ERRNO.isdir);
  return e.desc.read(BigInt(len), pos)[0];
}

function writeFile(e: FileFd, data: Uint8Array, pos: bigint): number {
  if (e.type === 'directory') throw new Errno(ERRNO.isdir);
  return Number(e.desc.write(data, pos));
}

function sizeOf(e: FileFd): bigint {
  return e.desc.stat().size;
}

/** fd_readdir's list: `.`, `..`, then the entries by name, with their inode numbers. */
function dirEntries(e: FileFd): { name: string; type: DescriptorType; ino: bigint }[] {
  const self = Descriptor.rawStat(e.desc);
  let parentIno = self.ino;
  try {
    parentIno = Descriptor.rawStat(e.desc, {}, '..').ino;
  } catch {
    // the parent is outside the sandbox: report the directory itself
  }
  const out = [
    { name: '.', type: 'directory' as DescriptorType, ino: self.ino },
    { name: '..', type: 'directory' as DescriptorType, ino: parentIno },
  ];
  const stream = e.desc.readDirectory();
  for (let entry = stream.readDirectoryEntry(); entry !== undefined; entry = stream.readDirectoryEntry()) {
    let ino = 0n;
    try {
      ino = Descriptor.rawStat(e.desc, {}, entry.name).ino;
    } catch {
      // removed meanwhile: keep the name
    }
    out.push({ name: entry.name, type: entry.type, ino });
  }
  return out;
}

export function fdFunctions(s: Preview1State): Record<string, (...args: never[]) => number> {
  return {
    fd_advise: syscall((fd: number, offset: bigint, len: bigint, advice: number) => {
      const e = s.fds.get(u32(fd));
      if (u32(advice) > 5) throw new Errno(ERRNO.inval);
      if (e.kind === 'stream') throw new Errno(ERRNO.spipe);
      const names = ['normal', 'sequential', 'random', 'will-need', 'dont-need', 'no-reuse'] as const;
      e.desc.advise(u64(offset), u64(len), names[u32(advice)]!);
    }),

    fd_allocate: syscall((fd: number, offset: bigint, len: bigint) => {
      const e = s.fds.file(u32(fd));
      if (e.type === 'directory') throw new Errno(ERRNO.isdir);
      const end = u64(offset) + u64(len);
      if (end > sizeOf(e)) e.desc.setSize(end);
    }),

    fd_close: syscall((fd: number) => s.fds.close(u32(fd))),

    fd_datasync: syscall((fd: number) => {
      const e = s.fds.get(u32(fd));
      if (e.kind === 'stream') throw new Errno(ERRNO.inval);
      e.desc.syncData();
    }),

    fd_sync: syscall((fd: number) => {
      const e = s.fds.get(u32(fd));
      if (e.kind === 'stream') throw new Errno(ERRNO.inval);
      e.desc.sync();
    }),

    fd_fdstat_get: syscall((fd: number, buf: number) => {
      const e = s.fds.get(u32(fd));
      const m = s.mem();
      const p = u32(buf);
      m.check(p, 24);
      m.bytes.fill(0, p, p + 24);
      m.setU8(p, e.kind === 'stream' ? streamFiletype(e) : filetype(e.type));
      m.setU16(p + 2, e.flags);
      m.setU64(p + 8, e.rightsBase);
      m.setU64(p + 16, e.rightsInheriting);
    }),

    fd_fdstat_set_flags: syscall((fd: number, flags: number) => {
      const e = s.fds.get(u32(fd));
      const f = flags & 0xffff;
      if (f & (FDFLAGS.dsync | FDFLAGS.rsync | FDFLAGS.sync)) throw new Errno(ERRNO.notsup, 'synchronous I/O flags cannot be changed');
      e.flags = f;
    }),

    fd_fdstat_set_rights: syscall((fd: number, base: bigint, inheriting: bigint) => {
      const e = s.fds.get(u32(fd));
      const b = u64(base);
      const i = u64(inheriting);
      if ((b & ~e.rightsBase) !== 0n || (i & ~e.rightsInheriting) !== 0n) throw new Errno(ERRNO.notcapable, 'rights can only be dropped');
      e.rightsBase = b;
      e.rightsInheriting = i;
    }),

    fd_filestat_get: syscall((fd: number, buf: number) => {
      const e = s.fds.get(u32(fd));
      if (e.kind === 'stream') writeFilestat(s.mem(), u32(buf), undefined, streamFiletype(e));
      else writeFilestat(s.mem(), u32(buf), Descriptor.rawStat(e.desc), filetype(e.type));
    }),

    fd_filestat_set_size: syscall((fd: number, size: bigint) => {
      const e = s.fds.file(u32(fd));
      if (e.type === 'directory') throw new Errno(ERRNO.isdir);
      e.desc.setSize(u64(size));
    }),

    fd_filestat_set_times: syscall((fd: number, atim: bigint, mtim: bigint, fst: number) => {
      const e = s.fds.file(u32(fd));
      const [a, m] = newTimestamps(atim, mtim, fst & 0xffff);
      e.desc.setTimes(a, m);
    }),

    fd_pread: syscall((fd: number, iovs: number, count: number, offset: bigint, nread: number) => {
      const e = s.fds.get(u32(fd));
      if (e.kind === 'stream') throw new Errno(ERRNO.spipe);
      const vecs = s.mem().iovecs(u32(iovs), u32(count));
      const data = readFile(e, vecs.reduce((n, v) => n + v.len, 0), u64(offset));
      const m = s.mem();
      scatter(m, vecs, data);
      m.setU32(u32(nread), data.length);
    }),

    fd_pwrite: syscall((fd: number, iovs: number, count: number, offset: bigint, nwritten: number) => {
      const e = s.fds.get(u32(fd));
      if (e.kind === 'stream') throw new Errno(ERRNO.spipe);
      const n = writeFile(e, gather(s.mem(), iovs, count), u64(offset));
      s.mem().setU32(u32(nwritten), n);
    }),

    fd_read: syscall((fd: number, iovs: number, count: number, nread: number) => {
      const e = s.fds.get(u32(fd));
      const vecs = s.mem().iovecs(u32(iovs), u32(count));
      const total = vecs.reduce((n, v) => n + v.len, 0);
      let data: Uint8Array;
      if (e.kind === 'stream') data = readStream(e, total);
      else {
        data = readFile(e, total, e.pos);
        e.pos += BigInt(data.length);
      }
      const m = s.mem();
      scatter(m, vecs, data);
      m.setU32(u32(nread), data.length);
    }),

    fd_write: syscall((fd: number, iovs: number, count: number, nwritten: number) => {
      const e = s.fds.get(u32(fd));
      const data = gather(s.mem(), iovs, count);
      if (e.kind === 'stream') {
        if (e.output === undefined) throw new Errno(ERRNO.badf, 'not writable');
        e.output.blockingWriteAndFlush(data);
      } else {
        const pos = e.flags & FDFLAGS.append ? sizeOf(e) : e.pos;
        const n = writeFile(e, data, pos);
        e.pos = pos + BigInt(n);
      }
      s.mem().setU32(u32(nwritten), data.length);
    }),

    fd_prestat_get: syscall((fd: number, buf: number) => {
      const e = s.fds.get(u32(fd));
      if (e.kind !== 'file' || e.preopen === undefined) throw new Errno(ERRNO.badf, 'not a preopened directory');
      const m = s.mem();
      m.check(u32(buf), 8);
      m.setU32(u32(buf), 0); // tag: preopentype dir
      m.setU32(u32(buf) + 4, utf8(e.preopen).length);
    }),

    fd_prestat_dir_name: syscall((fd: number, path: number, len: number) => {
      const e = s.fds.get(u32(fd));
      if (e.kind !== 'file' || e.preopen === undefined) throw new Errno(ERRNO.badf, 'not a preopened directory');
      const name = utf8(e.preopen);
      if (u32(len) < name.length) throw new Errno(ERRNO.nobufs);
      s.mem().write(u32(path), name);
    }),

    fd_readdir: syscall((fd: number, buf: number, bufLen: number, cookie: bigint, bufused: number) => {
      const e = s.fds.dir(u32(fd));
      if (cookie === 0n || e.dirCache === undefined) e.dirCache = dirEntries(e);
      const entries = e.dirCache;
      const m = s.mem();
      const start = u32(buf);
      const len = u32(bufLen);
      m.check(start, len);
      let at = 0;
      for (let i = Number(u64(cookie) > BigInt(entries.length) ? BigInt(entries.length) : u64(cookie)); i < entries.length && at < len; i++) {
        const ent = entries[i]!;
        const name = utf8(ent.name);
        const rec = new Uint8Array(24 + name.length);
        const v = new DataView(rec.buffer);
        v.setBigUint64(0, BigInt(i + 1), true);
        v.setBigUint64(8, ent.ino, true);
        v.setUint32(16, name.length, true);
        v.setUint8(20, filetype(ent.type));
        rec.set(name, 24);
        const n = Math.min(rec.length, len - at);
        m.bytes.set(rec.subarray(0, n), start + at);
        at += n;
      }
      m.setU32(u32(bufused), at);
    }),

    fd_renumber: syscall((from: number, to: number) => s.fds.renumber(u32(from), u32(to))),

    fd_seek: syscall((fd: number, offset: bigint, whence: number, newOffset: number) => {
      const e = s.fds.get(u32(fd));
      if (e.kind === 'stream') throw new Errno(ERRNO.spipe);
      if (e.type === 'directory') throw new Errno(ERRNO.badf, 'cannot seek a directory');
      let base: bigint;
      switch (whence & 0xff) {
        case WHENCE.set: base = 0n; break;
        case WHENCE.cur: base = e.pos; break;
        case WHENCE.end: base = sizeOf(e); break;
        default: throw new Errno(ERRNO.inval, 'bad whence');
      }
      const pos = base + BigInt.asIntN(64, offset);
      if (pos < 0n) throw new Errno(ERRNO.inval, 'negative offset');
      e.pos = pos;
      s.mem().setU64(u32(newOffset), pos);
    }),

    fd_tell: syscall((fd: number, out: number) => {
      const e = s.fds.get(u32(fd));
      if (e.kind === 'stream') throw new Errno(ERRNO.spipe);
      s.mem().setU64(u32(out), e.pos);
    }),
  };
}

/** What an fd subscription of poll_oneoff reports: bytes ready to read or room to write. */
export function readyBytes(s: Preview1State, fd: number, write: boolean): bigint {
  const e = s.fds.get(fd);
  if (write) return WRITE_BUDGET;
  if (e.kind === 'stream') return 0n;
  if (e.type === 'directory') return 0n;
  const size = sizeOf(e);
  return size > e.pos ? size - e.pos : 0n;
}
