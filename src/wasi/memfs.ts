// An in-memory filesystem for WASI guests: directories, regular files, symbolic links and hard
// links, with POSIX semantics for the operations wasi-filesystem offers (WASI 0.2
// wasi-filesystem types.wit; POSIX.1-2017 rename(), rmdir(), link(), unlink() for the cases it
// leaves to "similar to … in POSIX"). It needs nothing from node, so a sandboxed host (a browser,
// an embedded engine) can give a guest files:
//
//   const fs = new MemoryFileSystem({ '/data/in.txt': 'hello' });
//   createWasiHost({ fs, preopens: { '/data': '/data' } });
//   fs.readTextFile('/data/out.txt');
//
// The embedder's methods (writeFile, readFile, mkdir, …) take absolute paths inside this
// filesystem and follow symbolic links (which cannot leave it). The guest reaches it only
// through preopens, with the sandbox of fs/resolve.ts.

import { resolvePath } from './fs/resolve.js';
import { decodeUtf8Lenient, utf8Encode } from '../util/utf8.js';
import { hostClocks } from './time.js';
import {
  FsError, type DescriptorType, type DirRef, type FsBackend, type FsFile, type FsStat, type NewTime, type OpenFileOptions,
} from './fs/types.js';

/** Largest file this filesystem holds (bytes). */
const MAX_FILE_SIZE = 0x7fffffff;
/** Longest name of one entry (UTF-8 bytes), as most filesystems have. */
const MAX_NAME_BYTES = 255;

let nextDevice = 1n;

type Kind = 'file' | 'dir' | 'symlink';

/** An inode. */
class MemNode {
  nlink = 1;
  atime: bigint;
  mtime: bigint;
  ctime: bigint;
  /** file: contents (capacity ≥ size). */
  data = new Uint8Array(0);
  size = 0;
  /** dir: entries by name, and the parent (the root's parent is itself). */
  entries: Map<string, MemNode> | undefined;
  parent: MemNode | undefined;
  /** symlink: the link's contents. */
  target = '';

  constructor(readonly kind: Kind, readonly ino: bigint, now: bigint) {
    this.atime = this.mtime = this.ctime = now;
    if (kind === 'dir') this.entries = new Map();
  }

  get type(): DescriptorType {
    return this.kind === 'dir' ? 'directory' : this.kind === 'symlink' ? 'symbolic-link' : 'regular-file';
  }
}

export interface MemoryFileSystemOptions {
  /** Wall-clock time in nanoseconds since the epoch, for file times. Default: the WASI host's default wall clock (time.ts: performance, else Date.now). */
  readonly now?: () => bigint;
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** The operations of fs/types.ts FsBackend over MemNodes. */
class MemBackend implements FsBackend<MemNode> {
  #nextIno = 1n;
  readonly dev = nextDevice++;
  constructor(readonly now: () => bigint) {}

  newNode(kind: Kind): MemNode {
    return new MemNode(kind, this.#nextIno++, this.now());
  }

  private dirOf(dir: MemNode): Map<string, MemNode> {
    if (dir.entries === undefined) throw new FsError('not-directory');
    return dir.entries;
  }

  private checkName(name: string): void {
    if (utf8Length(name) > MAX_NAME_BYTES) throw new FsError('name-too-long', `name longer than ${MAX_NAME_BYTES} bytes`);
  }

  private touchDir(dir: MemNode): void {
    dir.mtime = dir.ctime = this.now();
  }

  private addEntry(dir: MemNode, name: string, node: MemNode): void {
    const entries = this.dirOf(dir);
    if (entries.has(name)) throw new FsError('exist', `"${name}" exists`);
    this.checkName(name);
    entries.set(name, node);
    if (node.kind === 'dir') node.parent = dir;
    this.touchDir(dir);
  }

  lookup(dir: MemNode, name: string): MemNode {
    const node = this.dirOf(dir).get(name);
    if (node === undefined) throw new FsError('no-entry', `"${name}" does not exist`);
    return node;
  }

  stat(node: MemNode): FsStat {
    let nlink = BigInt(node.nlink);
    if (node.entries !== undefined) {
      nlink = 2n;
      for (const child of node.entries.values()) if (child.kind === 'dir') nlink++;
    }
    const size = node.kind === 'file' ? node.size : node.kind === 'symlink' ? utf8Length(node.target) : 4096;
    return {
      type: node.type, nlink, size: BigInt(size), dev: this.dev, ino: node.ino,
      atime: node.atime, mtime: node.mtime, ctime: node.ctime,
    };
  }

  readlink(node: MemNode): string {
    if (node.kind !== 'symlink') throw new FsError('invalid', 'not a symbolic link');
    return node.target;
  }

  readdir(dir: MemNode): { name: string; type: DescriptorType }[] {
    return [...this.dirOf(dir)].map(([name, node]) => ({ name, type: node.type }));
  }

  mkdir(dir: MemNode, name: string): void {
    this.addEntry(dir, name, this.newNode('dir'));
  }

  rmdir(dir: MemNode, name: string): void {
    const node = this.lookup(dir, name);
    if (node.kind !== 'dir') throw new FsError('not-directory', `"${name}" is not a directory`);
    if (node.entries!.size > 0) throw new FsError('not-empty', `directory "${name}" is not empty`);
    this.dirOf(dir).delete(name);
    node.nlink = 0;
    this.touchDir(dir);
  }

  unlink(dir: MemNode, name: string): void {
    const node = this.lookup(dir, name);
    if (node.kind === 'dir') throw new FsError('is-directory', `"${name}" is a directory`);
    this.dirOf(dir).delete(name);
    node.nlink--;
    node.ctime = this.now();
    this.touchDir(dir);
  }

  rename(dir: MemNode, name: string, newDir: MemNode, newName: string): void {
    const node = this.lookup(dir, name);
    const targetEntries = this.dirOf(newDir);
    const existing = targetEntries.get(newName);
    if (existing === node) return;
    if (node.kind === 'dir') {
      // A directory cannot move into itself or below itself.
      for (let d: MemNode | undefined = newDir; d !== undefined; d = d.parent === d ? undefined : d.parent) {
        if (d === node) throw new FsError('invalid', `cannot move "${name}" into itself`);
      }
      if (existing !== undefined) {
        if (existing.kind !== 'dir') throw new FsError('not-directory', `"${newName}" is not a directory`);
        if (existing.entries!.size > 0) throw new FsError('not-empty', `directory "${newName}" is not empty`);
      }
    } else if (existing?.kind === 'dir') {
      throw new FsError('is-directory', `"${newName}" is a directory`);
    }
    this.checkName(newName);
    if (existing !== undefined) {
      targetEntries.delete(newName);
      existing.nlink = existing.kind === 'dir' ? 0 : existing.nlink - 1;
    }
    this.dirOf(dir).delete(name);
    targetEntries.set(newName, node);
    if (node.kind === 'dir') node.parent = newDir;
    node.ctime = this.now();
    this.touchDir(dir);
    this.touchDir(newDir);
  }

  link(node: MemNode, newDir: MemNode, newName: string): void {
    if (node.kind === 'dir') throw new FsError('not-permitted', 'cannot hard-link a directory');
    this.addEntry(newDir, newName, node);
    node.nlink++;
    node.ctime = this.now();
  }

  symlink(target: string, dir: MemNode, name: string): void {
    const node = this.newNode('symlink');
    node.target = target;
    this.addEntry(dir, name, node);
  }

  setTimes(node: MemNode, atime: NewTime, mtime: NewTime): void {
    const now = this.now();
    if (atime.kind !== 'no-change') node.atime = atime.kind === 'now' ? now : atime.ns;
    if (mtime.kind !== 'no-change') node.mtime = mtime.kind === 'now' ? now : mtime.ns;
    node.ctime = now;
  }

  open(node: MemNode, options: OpenFileOptions): FsFile {
    if (node.kind === 'dir') throw new FsError('is-directory');
    if (node.kind === 'symlink') throw new FsError('loop', 'the final component is a symbolic link');
    if (options.truncate) this.resize(node, 0);
    return new MemFile(this, node);
  }

  create(dir: MemNode, name: string, exclusive: boolean, options: OpenFileOptions): { node: MemNode; file: FsFile } {
    const existing = this.dirOf(dir).get(name);
    if (existing !== undefined) {
      if (exclusive) throw new FsError('exist', `"${name}" exists`);
      return { node: existing, file: this.open(existing, options) };
    }
    const node = this.newNode('file');
    this.addEntry(dir, name, node);
    return { node, file: new MemFile(this, node) };
  }

  same(a: MemNode, b: MemNode): boolean {
    return a === b;
  }

  resize(node: MemNode, size: number): void {
    if (size > MAX_FILE_SIZE) throw new FsError('file-too-large', `files in memory are limited to ${MAX_FILE_SIZE} bytes`);
    if (size > node.data.length) {
      const grown = new Uint8Array(Math.min(MAX_FILE_SIZE, Math.max(size, node.data.length * 2, 64)));
      grown.set(node.data.subarray(0, node.size));
      node.data = grown;
    } else if (size < node.size) {
      node.data.fill(0, size, node.size);
    }
    node.size = size;
    node.mtime = node.ctime = this.now();
  }
}

/** An open regular file of the in-memory filesystem (stays valid after the name is removed). */
class MemFile implements FsFile {
  constructor(private readonly fs: MemBackend, private readonly node: MemNode) {}

  read(len: number, pos: bigint): Uint8Array {
    const n = this.node;
    if (pos >= BigInt(n.size)) return new Uint8Array(0);
    const start = Number(pos);
    return n.data.slice(start, Math.min(n.size, start + len));
  }

  write(data: Uint8Array, pos: bigint): number {
    const n = this.node;
    const end = pos + BigInt(data.length);
    if (end > BigInt(MAX_FILE_SIZE)) throw new FsError('file-too-large', `files in memory are limited to ${MAX_FILE_SIZE} bytes`);
    if (Number(end) > n.size) this.fs.resize(n, Number(end));
    n.data.set(data, Number(pos));
    n.mtime = n.ctime = this.fs.now();
    return data.length;
  }

  stat(): FsStat {
    return this.fs.stat(this.node);
  }

  setSize(size: bigint): void {
    if (size > BigInt(MAX_FILE_SIZE)) throw new FsError('file-too-large', `files in memory are limited to ${MAX_FILE_SIZE} bytes`);
    this.fs.resize(this.node, Number(size));
  }

  setTimes(atime: NewTime, mtime: NewTime): void {
    this.fs.setTimes(this.node, atime, mtime);
  }

  sync(): void {}
  close(): void {}
}

/** What `stat` tells the embedder about an entry. */
export interface MemoryStat {
  readonly type: DescriptorType;
  readonly size: number;
}

/** A tree of directories, files and links in memory, usable as a WASI host's filesystem. */
export class MemoryFileSystem {
  readonly #backend: MemBackend;
  readonly #root: MemNode;

  /** `files`: initial files by absolute path (parent directories are created). */
  constructor(files?: Record<string, string | Uint8Array>, options: MemoryFileSystemOptions = {}) {
    this.#backend = new MemBackend(options.now ?? hostClocks({}).wallNow);
    this.#root = this.#backend.newNode('dir');
    this.#root.parent = this.#root;
    for (const [path, data] of Object.entries(files ?? {})) this.writeFile(path, data, { recursive: true });
  }

  /** The directory at `path`, as a preopen's root (fs/types.ts FileSystemProvider). */
  openRoot(path: string): DirRef<MemNode> {
    const node = this.#find(path);
    if (node.kind !== 'dir') throw new FsError('not-directory', `${path} is not a directory`);
    return { backend: this.#backend, node };
  }

  /** Writes a file, replacing its contents; `recursive` creates missing parent directories. */
  writeFile(path: string, data: string | Uint8Array, options: { recursive?: boolean } = {}): void {
    const bytes = typeof data === 'string' ? utf8Encode(data) : data;
    const { parent, name, node } = this.#locate(path, options.recursive === true);
    const file = node !== undefined
      ? this.#backend.open(node, { read: false, write: true, truncate: true })
      : this.#backend.create(parent, name, true, { read: false, write: true, truncate: true }).file;
    file.write(bytes, 0n);
  }

  /** The contents of a file. */
  readFile(path: string): Uint8Array {
    const node = this.#find(path);
    if (node.kind === 'dir') throw new FsError('is-directory', `${path} is a directory`);
    return node.data.slice(0, node.size);
  }

  /** The contents of a file as UTF-8 text. */
  readTextFile(path: string): string {
    return decodeUtf8Lenient(this.readFile(path));
  }

  /** Creates a directory; `recursive` creates missing parents and accepts an existing directory. */
  mkdir(path: string, options: { recursive?: boolean } = {}): void {
    const recursive = options.recursive === true;
    const { parent, name, node } = this.#locate(path, recursive, true);
    if (node !== undefined) {
      if (recursive && node.kind === 'dir') return;
      throw new FsError('exist', `${path} exists`);
    }
    this.#backend.mkdir(parent, name);
  }

  /** Creates a symbolic link at `path` whose contents are `target`. */
  symlink(target: string, path: string): void {
    const { parent, name, node } = this.#locate(path, false, true);
    if (node !== undefined) throw new FsError('exist', `${path} exists`);
    this.#backend.symlink(target, parent, name);
  }

  /** The contents of the symbolic link at `path`. */
  readlink(path: string): string {
    const { node } = this.#locate(path, false, true);
    if (node === undefined) throw new FsError('no-entry', `${path} does not exist`);
    return this.#backend.readlink(node);
  }

  /** Names in a directory, sorted. */
  readdir(path: string): string[] {
    const node = this.#find(path);
    return this.#backend.readdir(node).map((e) => e.name).sort();
  }

  /** Type and size of an entry (following links); undefined if there is none. */
  stat(path: string): MemoryStat | undefined {
    let node: MemNode;
    try {
      node = this.#find(path);
    } catch (e) {
      if (e instanceof FsError && (e.code === 'no-entry' || e.code === 'not-directory')) return undefined;
      throw e;
    }
    const st = this.#backend.stat(node);
    return { type: st.type, size: Number(st.size) };
  }

  exists(path: string): boolean {
    return this.stat(path) !== undefined;
  }

  /** Removes a file, link or empty directory (`recursive`: a directory with its contents). */
  remove(path: string, options: { recursive?: boolean } = {}): void {
    const { parent, name, node } = this.#locate(path, false, true);
    if (node === undefined) throw new FsError('no-entry', `${path} does not exist`);
    if (node.kind === 'dir') {
      if (options.recursive === true) this.#clear(node);
      this.#backend.rmdir(parent, name);
    } else this.#backend.unlink(parent, name);
  }

  #clear(dir: MemNode): void {
    for (const [name, child] of [...dir.entries!]) {
      if (child.kind === 'dir') {
        this.#clear(child);
        this.#backend.rmdir(dir, name);
      } else this.#backend.unlink(dir, name);
    }
  }

  #relative(path: string): string {
    if (typeof path !== 'string') throw new TypeError('path must be a string');
    const rel = path.replace(/^\/+/, '');
    return rel === '' ? '.' : rel;
  }

  /** The node at `path`, following links. */
  #find(path: string): MemNode {
    const r = resolvePath(this.#backend, this.#root, this.#relative(path), true);
    if (r.node === undefined) throw new FsError('no-entry', `${path} does not exist`);
    return r.node;
  }

  /** Parent directory, final name and (if any) the existing node of `path`; `mkdirs` creates parents. */
  #locate(path: string, mkdirs: boolean, noFollow = false): { parent: MemNode; name: string; node: MemNode | undefined } {
    const rel = this.#relative(path);
    if (mkdirs) {
      const parts = rel.split('/').filter((p) => p !== '' && p !== '.');
      let dir = '';
      for (const p of parts.slice(0, -1)) {
        dir = dir === '' ? p : `${dir}/${p}`;
        const r = resolvePath(this.#backend, this.#root, dir, true);
        if (r.node === undefined) this.#backend.mkdir(r.parent!, r.name!);
      }
    }
    const r = resolvePath(this.#backend, this.#root, rel, !noFollow);
    if (r.parent === undefined || r.name === undefined) throw new FsError('is-directory', `${path} names a directory`);
    return { parent: r.parent, name: r.name, node: r.node };
  }
}
