// `wasi:filesystem/types`: the `descriptor` and `directory-entry-stream` resources. Spec: WASI
// 0.2 wasi-filesystem types.wit, method by method (the comments quote what each must do). Every
// path goes through fs/resolve.ts (sandboxed to the descriptor's own directory); permissions
// follow the descriptor flags: reading a file needs `read`, writing needs `write` (else
// `bad-descriptor`), and anything that changes a directory's contents or metadata needs
// `mutate-directory` on the base descriptor (else `read-only`).
//
// Errors reach the guest as the `err` of the result: methods throw ComponentError(error-code).
// A descriptor works on a backend (fs/types.ts FsBackend) — the in-memory one or node's.

import { ComponentError } from '../../component/errors.js';
import { symbolDispose } from '../dispose.js';
import { InputStream, OutputStream } from '../io/streams.js';
import { FileSink, FileSource, OpenFile } from './open-file.js';
import { resolvePath, type Resolved } from './resolve.js';
import { FsError, type DescriptorType, type ErrorCode, type FsBackend, type FsFile, type FsStat, type NewTime } from './types.js';

/** wasi-filesystem `descriptor-flags` (jco: an object of booleans). */
export interface DescriptorFlags {
  read?: boolean;
  write?: boolean;
  fileIntegritySync?: boolean;
  dataIntegritySync?: boolean;
  requestedWriteSync?: boolean;
  mutateDirectory?: boolean;
}
export interface PathFlags { symlinkFollow?: boolean }
export interface OpenFlags { create?: boolean; directory?: boolean; exclusive?: boolean; truncate?: boolean }
/** wasi-clocks `datetime`. */
export interface Datetime { seconds: bigint; nanoseconds: number }
/** wasi-filesystem `new-timestamp`. */
export type NewTimestamp = { tag: 'no-change' } | { tag: 'now' } | { tag: 'timestamp'; val: Datetime };
/** wasi-filesystem `descriptor-stat`. */
export interface DescriptorStat {
  type: DescriptorType;
  linkCount: bigint;
  size: bigint;
  dataAccessTimestamp: Datetime | undefined;
  dataModificationTimestamp: Datetime | undefined;
  statusChangeTimestamp: Datetime | undefined;
}
export interface DirectoryEntry { type: DescriptorType; name: string }
export interface MetadataHashValue { lower: bigint; upper: bigint }
export type Advice = 'normal' | 'sequential' | 'random' | 'will-need' | 'dont-need' | 'no-reuse';

/** Largest `read` served at once (the result may be shorter than asked, as the spec allows). */
const MAX_READ = 1 << 24;

/** Runs `f`, turning an FsError into the guest-visible error (ComponentError with the code). */
function guard<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof FsError) throw new ComponentError(e.code, `${e.code}: ${e.message}`);
    throw e;
  }
}

function fail(code: ErrorCode, message?: string): never {
  throw new FsError(code, message);
}

function datetime(ns: bigint | undefined): Datetime | undefined {
  if (ns === undefined) return undefined;
  const s = ns >= 0n ? ns / 1_000_000_000n : -((-ns + 999_999_999n) / 1_000_000_000n);
  return { seconds: BigInt.asUintN(64, s), nanoseconds: Number(ns - s * 1_000_000_000n) };
}

function newTime(t: NewTimestamp): NewTime {
  switch (t?.tag) {
    case 'no-change': return { kind: 'no-change' };
    case 'now': return { kind: 'now' };
    case 'timestamp': {
      const { seconds, nanoseconds } = t.val;
      if (nanoseconds >= 1_000_000_000) fail('invalid', 'nanoseconds out of range');
      return { kind: 'timestamp', ns: seconds * 1_000_000_000n + BigInt(nanoseconds) };
    }
    default: throw new TypeError('expected a new-timestamp ({ tag: "no-change" | "now" | "timestamp", val })');
  }
}

function descriptorStat(st: FsStat): DescriptorStat {
  return {
    type: st.type, linkCount: st.nlink, size: st.size,
    dataAccessTimestamp: datetime(st.atime), dataModificationTimestamp: datetime(st.mtime), statusChangeTimestamp: datetime(st.ctime),
  };
}

/**
 * A per-process secret mixed into metadata hashes, so they do not reveal inode numbers. Made on
 * first use, from crypto.getRandomValues or else Math.random; a realm with neither (an SES
 * Compartment, where Math.random throws) gets a fixed key.
 */
let hashKeyValue: bigint | undefined;
function hashKey(): bigint {
  if (hashKeyValue !== undefined) return hashKeyValue;
  const words = new Uint32Array(4);
  try {
    const c = (globalThis as { crypto?: { getRandomValues?(a: Uint32Array): Uint32Array } }).crypto;
    if (c?.getRandomValues) c.getRandomValues(words);
    else for (let i = 0; i < 4; i++) words[i] = (Math.random() * 0x100000000) >>> 0;
  } catch {
    words.fill(0x5bd1e995);
  }
  return hashKeyValue = (BigInt(words[0]!) << 96n) | (BigInt(words[1]!) << 64n) | (BigInt(words[2]!) << 32n) | BigInt(words[3]!);
}

/** 64-bit FNV-1a over the bytes of some u64 values, seeded. */
function fnv(seed: bigint, values: readonly bigint[]): bigint {
  let h = 0xcbf29ce484222325n ^ seed;
  for (const v of values) {
    for (let i = 0n; i < 64n; i += 8n) {
      h ^= (v >> i) & 0xffn;
      h = BigInt.asUintN(64, h * 0x100000001b3n);
    }
  }
  return h;
}

function metadataHash(st: FsStat): MetadataHashValue {
  const key = hashKey();
  const values = [st.dev, st.ino, st.size, st.mtime ?? 0n, st.ctime ?? 0n, BigInt.asUintN(64, key)];
  return { lower: fnv(key >> 64n, values), upper: fnv(BigInt.asUintN(64, key) ^ 0x9e3779b97f4a7c15n, values) };
}

/** What a Descriptor is opened on (host-internal: descriptors come from preopens and open-at). */
export interface DescriptorInit {
  readonly backend: FsBackend<unknown>;
  readonly node: unknown;
  readonly type: DescriptorType;
  readonly flags: DescriptorFlags;
  /** The open file of a non-directory descriptor. */
  readonly file?: FsFile | undefined;
}

export class Descriptor {
  readonly #backend: FsBackend<unknown>;
  readonly #node: unknown;
  readonly #type: DescriptorType;
  readonly #flags: Required<DescriptorFlags>;
  readonly #file: OpenFile | undefined;
  #closed = false;

  /** Host-internal: the guest gets descriptors from `get-directories` and `open-at`. */
  constructor(init: DescriptorInit) {
    this.#backend = init.backend;
    this.#node = init.node;
    this.#type = init.type;
    const f = init.flags;
    this.#flags = {
      read: f.read === true, write: f.write === true, fileIntegritySync: f.fileIntegritySync === true,
      dataIntegritySync: f.dataIntegritySync === true, requestedWriteSync: f.requestedWriteSync === true,
      mutateDirectory: f.mutateDirectory === true,
    };
    this.#file = init.file !== undefined ? new OpenFile(init.file) : undefined;
  }

  /** The open file, for operations on files (`is-directory` on a directory). */
  #openFile(): OpenFile {
    if (this.#closed) fail('bad-descriptor');
    if (this.#file === undefined) fail('is-directory');
    return this.#file;
  }

  #readable(): OpenFile {
    const f = this.#openFile();
    if (!this.#flags.read) fail('bad-descriptor', 'the descriptor was not opened for reading');
    return f;
  }

  #writable(): OpenFile {
    const f = this.#openFile();
    if (!this.#flags.write) fail('bad-descriptor', 'the descriptor was not opened for writing');
    return f;
  }

  /** This directory, as the base of a path (`not-directory` for a file). */
  #dir(): unknown {
    if (this.#closed) fail('bad-descriptor');
    if (this.#type !== 'directory') fail('not-directory');
    return this.#node;
  }

  /** A base directory whose contents may change. */
  #mutableDir(): unknown {
    const dir = this.#dir();
    if (!this.#flags.mutateDirectory) fail('read-only', 'the descriptor does not permit changing the directory');
    return dir;
  }

  #resolve(path: string, follow: boolean, mutate = false): Resolved<unknown> {
    const base = mutate ? this.#mutableDir() : this.#dir();
    if (typeof path !== 'string') throw new TypeError('path must be a string');
    return resolvePath(this.#backend, base, path, follow);
  }

  /** The existing node a path names. */
  #existing(pathFlags: PathFlags, path: string): { node: unknown; stat: FsStat } {
    const r = this.#resolve(path, pathFlags?.symlinkFollow === true);
    if (r.node === undefined) fail('no-entry');
    return { node: r.node, stat: r.stat! };
  }

  /** Same backend as `other` (a path pair across two filesystems is a cross-device operation). */
  #sameBackend(other: Descriptor): void {
    if (!(other instanceof Descriptor)) throw new TypeError('expected a descriptor');
    if (other.#backend !== this.#backend) fail('cross-device');
  }

  /** "Return a stream for reading from a file." */
  readViaStream(offset: bigint): InputStream {
    return guard(() => new InputStream(new FileSource(this.#readable().retain(), offset)));
  }

  /** "Return a stream for writing to a file." */
  writeViaStream(offset: bigint): OutputStream {
    return guard(() => new OutputStream(new FileSink(this.#writable().retain(), offset)));
  }

  /** "Return a stream for appending to a file." */
  appendViaStream(): OutputStream {
    return guard(() => new OutputStream(new FileSink(this.#writable().retain(), 'append')));
  }

  /** "Provide file advisory information" (posix_fadvise): advice only, nothing to do. */
  advise(_offset: bigint, _length: bigint, _advice: Advice): void {
    guard(() => this.#openFile());
  }

  /** "Synchronize the data of a file to disk" (no effect unless open for writing). */
  syncData(): void {
    guard(() => {
      if (this.#closed) fail('bad-descriptor');
      if (this.#file !== undefined && this.#flags.write) this.#file.file.sync();
    });
  }

  getFlags(): DescriptorFlags {
    return guard(() => {
      if (this.#closed) fail('bad-descriptor');
      return { ...this.#flags };
    });
  }

  getType(): DescriptorType {
    return guard(() => {
      if (this.#closed) fail('bad-descriptor');
      return this.#type;
    });
  }

  /** "Adjust the size of an open file", zero-filling when it grows. */
  setSize(size: bigint): void {
    guard(() => this.#writable().file.setSize(size));
  }

  /** "Adjust the timestamps of an open file or directory" (futimens). */
  setTimes(atime: NewTimestamp, mtime: NewTimestamp): void {
    guard(() => {
      if (this.#closed) fail('bad-descriptor');
      const a = newTime(atime);
      const m = newTime(mtime);
      if (this.#file !== undefined) this.#file.file.setTimes(a, m);
      else this.#backend.setTimes(this.#node, a, m);
    });
  }

  /** "Read from a descriptor, without using and updating the descriptor's offset" (pread): bytes and end-of-file. */
  read(length: bigint, offset: bigint): [Uint8Array, boolean] {
    return guard(() => {
      const f = this.#readable();
      const want = length > BigInt(MAX_READ) ? MAX_READ : Number(length);
      const bytes = want === 0 ? new Uint8Array(0) : f.file.read(want, offset);
      return [bytes, want > 0 && bytes.length < want];
    });
  }

  /** "Write to a descriptor, without using and updating the descriptor's offset" (pwrite). */
  write(buffer: Uint8Array, offset: bigint): bigint {
    return guard(() => BigInt(this.#writable().file.write(buffer, offset)));
  }

  /** "Read directory entries from a directory" (without `.` and `..`), sorted by name. */
  readDirectory(): DirectoryEntryStream {
    return guard(() => {
      const entries = this.#backend.readdir(this.#dir());
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      return new DirectoryEntryStream(entries);
    });
  }

  /** "Synchronize the data and metadata of a file to disk" (no effect unless open for writing). */
  sync(): void {
    this.syncData();
  }

  /** "Create a directory" (mkdirat). */
  createDirectoryAt(path: string): void {
    guard(() => {
      const r = this.#resolve(path, false, true);
      if (r.node !== undefined || r.name === undefined) fail('exist');
      this.#backend.mkdir(r.parent, r.name);
    });
  }

  /** "Return the attributes of an open file or directory" (fstat). */
  stat(): DescriptorStat {
    return guard(() => {
      if (this.#closed) fail('bad-descriptor');
      return descriptorStat(this.#file !== undefined ? this.#file.file.stat() : this.#backend.stat(this.#node));
    });
  }

  /** "Return the attributes of a file or directory" (fstatat). */
  statAt(pathFlags: PathFlags, path: string): DescriptorStat {
    return guard(() => descriptorStat(this.#existing(pathFlags, path).stat));
  }

  /** "Adjust the timestamps of a file or directory" (utimensat). */
  setTimesAt(pathFlags: PathFlags, path: string, atime: NewTimestamp, mtime: NewTimestamp): void {
    guard(() => {
      const r = this.#resolve(path, pathFlags?.symlinkFollow === true, true);
      if (r.node === undefined) fail('no-entry');
      this.#backend.setTimes(r.node, newTime(atime), newTime(mtime));
    });
  }

  /**
   * "Create a hard link": `no-entry` if the old path does not exist, `exist` if the new one
   * does, `not-permitted` if the old path is not a file.
   */
  linkAt(oldPathFlags: PathFlags, oldPath: string, newDescriptor: Descriptor, newPath: string): void {
    guard(() => {
      this.#sameBackend(newDescriptor);
      this.#mutableDir();
      const old = this.#existing(oldPathFlags, oldPath);
      if (old.stat.type === 'directory') fail('not-permitted', 'cannot hard-link a directory');
      const r = newDescriptor.#resolve(newPath, false, true);
      if (r.node !== undefined || r.name === undefined) fail('exist');
      this.#backend.link(old.node, r.parent, r.name);
    });
  }

  /**
   * "Open a file or directory" (openat). `read-only` if the base lacks mutate-directory and the
   * open asks for write, mutate-directory, create or truncate.
   */
  openAt(pathFlags: PathFlags, path: string, openFlags: OpenFlags, flags: DescriptorFlags): Descriptor {
    return guard(() => {
      const create = openFlags?.create === true;
      const wantsDir = openFlags?.directory === true;
      const exclusive = openFlags?.exclusive === true;
      const truncate = openFlags?.truncate === true;
      const read = flags?.read === true;
      const write = flags?.write === true;
      const mutate = write || flags?.mutateDirectory === true || create || truncate;
      const r = this.#resolve(path, pathFlags?.symlinkFollow === true, mutate);
      const opts = { read, write, truncate };
      if (r.node === undefined) {
        if (!create) fail('no-entry');
        if (wantsDir || r.mustBeDirectory) fail('is-directory', 'cannot create a directory with open-at');
        const made = this.#backend.create(r.parent, r.name!, exclusive, opts);
        return new Descriptor({ backend: this.#backend, node: made.node, type: 'regular-file', flags: { ...flags, mutateDirectory: false }, file: made.file });
      }
      if (create && exclusive) fail('exist');
      const type = r.stat!.type;
      if (type === 'symbolic-link') fail('loop', 'the final component is a symbolic link (not followed)');
      if (type === 'directory') {
        if (write || truncate) fail('is-directory');
        return new Descriptor({
          backend: this.#backend, node: r.node, type,
          flags: { ...flags, mutateDirectory: flags?.mutateDirectory === true && this.#flags.mutateDirectory },
        });
      }
      if (wantsDir || r.mustBeDirectory) fail('not-directory');
      const file = this.#backend.open(r.node, opts);
      return new Descriptor({ backend: this.#backend, node: r.node, type, flags: { ...flags, mutateDirectory: false }, file });
    });
  }

  /** "Read the contents of a symbolic link" (`not-permitted` for an absolute one). */
  readlinkAt(path: string): string {
    return guard(() => {
      const r = this.#resolve(path, false);
      if (r.node === undefined) fail('no-entry');
      if (r.stat!.type !== 'symbolic-link') fail('invalid', 'not a symbolic link');
      const target = this.#backend.readlink(r.node);
      if (target.startsWith('/')) fail('not-permitted', 'the link points to an absolute path');
      return target;
    });
  }

  /** "Remove a directory": `not-empty` if it is not empty. */
  removeDirectoryAt(path: string): void {
    guard(() => {
      const r = this.#resolve(path, false, true);
      if (r.node === undefined) fail('no-entry');
      if (r.name === undefined) fail('invalid', 'cannot remove the directory itself or its parent');
      if (r.stat!.type !== 'directory') fail('not-directory');
      this.#backend.rmdir(r.parent, r.name);
    });
  }

  /** "Rename a filesystem object" (renameat). */
  renameAt(oldPath: string, newDescriptor: Descriptor, newPath: string): void {
    guard(() => {
      this.#sameBackend(newDescriptor);
      const from = this.#resolve(oldPath, false, true);
      if (from.node === undefined) fail('no-entry');
      if (from.name === undefined) fail('invalid', 'cannot rename a directory through "." or ".."');
      const to = newDescriptor.#resolve(newPath, false, true);
      if (to.name === undefined) fail(to.node !== undefined ? 'busy' : 'invalid');
      if (to.mustBeDirectory && from.stat!.type !== 'directory') fail('not-directory');
      this.#backend.rename(from.parent, from.name, to.parent, to.name);
    });
  }

  /** "Create a symbolic link": `not-permitted` if old-path starts with `/`. */
  symlinkAt(oldPath: string, newPath: string): void {
    guard(() => {
      if (typeof oldPath !== 'string') throw new TypeError('old-path must be a string');
      if (oldPath.startsWith('/')) fail('not-permitted', 'symbolic links to absolute paths are not permitted');
      const r = this.#resolve(newPath, false, true);
      if (r.node !== undefined || r.name === undefined) fail('exist');
      this.#backend.symlink(oldPath, r.parent, r.name);
    });
  }

  /** "Unlink a filesystem object that is not a directory": `is-directory` for a directory. */
  unlinkFileAt(path: string): void {
    guard(() => {
      const r = this.#resolve(path, false, true);
      if (r.node === undefined) fail('no-entry');
      if (r.name === undefined || r.stat!.type === 'directory') fail('is-directory');
      if (r.mustBeDirectory) fail('not-directory');
      this.#backend.unlink(r.parent, r.name);
    });
  }

  /** "Test whether two descriptors refer to the same filesystem object." */
  isSameObject(other: Descriptor): boolean {
    if (!(other instanceof Descriptor) || other.#backend !== this.#backend) return false;
    if (other === this) return true;
    try {
      return this.#backend.same(this.#node, other.#node);
    } catch {
      return false;
    }
  }

  /** "Return a hash of the metadata associated with a filesystem object." */
  metadataHash(): MetadataHashValue {
    return guard(() => {
      if (this.#closed) fail('bad-descriptor');
      return metadataHash(this.#file !== undefined ? this.#file.file.stat() : this.#backend.stat(this.#node));
    });
  }

  metadataHashAt(pathFlags: PathFlags, path: string): MetadataHashValue {
    return guard(() => metadataHash(this.#existing(pathFlags, path).stat));
  }

  /**
   * Host-internal (preview1's filestat and dirent need device and inode numbers, which WASI 0.2
   * does not expose): the backend's stat of `d`, or of `path` below it.
   */
  static rawStat(d: Descriptor, pathFlags?: PathFlags, path?: string): FsStat {
    return guard(() => {
      if (path !== undefined) return d.#existing(pathFlags ?? {}, path).stat;
      if (d.#closed) fail('bad-descriptor');
      return d.#file !== undefined ? d.#file.file.stat() : d.#backend.stat(d.#node);
    });
  }

  /** Dropped by the guest: the file closes once no stream uses it either. */
  [symbolDispose](): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#file?.release();
  }
}

export class DirectoryEntryStream {
  #next = 0;
  constructor(private readonly entries: readonly DirectoryEntry[]) {}

  /** "Read a single directory entry"; none at the end. */
  readDirectoryEntry(): DirectoryEntry | undefined {
    const e = this.entries[this.#next];
    if (e === undefined) return undefined;
    this.#next++;
    return { type: e.type, name: e.name };
  }
}
