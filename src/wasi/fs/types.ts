// The vocabulary of WASI filesystems: error codes, descriptor types, stat records, and the
// backend interface that the in-memory and the node filesystem implement. Spec: WASI 0.2
// wasi-filesystem types.wit (`error-code`, `descriptor-type`, `descriptor-stat`,
// `new-timestamp`); names follow it. A backend only performs single-component operations on
// nodes it was given: path resolution and the sandbox (fs/resolve.ts) sit above it.

/** wasi-filesystem `error-code`. */
export type ErrorCode =
  | 'access' | 'would-block' | 'already' | 'bad-descriptor' | 'busy' | 'deadlock' | 'quota' | 'exist'
  | 'file-too-large' | 'illegal-byte-sequence' | 'in-progress' | 'interrupted' | 'invalid' | 'io'
  | 'is-directory' | 'loop' | 'too-many-links' | 'message-size' | 'name-too-long' | 'no-device'
  | 'no-entry' | 'no-lock' | 'insufficient-memory' | 'insufficient-space' | 'not-directory'
  | 'not-empty' | 'not-recoverable' | 'unsupported' | 'no-tty' | 'no-such-device' | 'overflow'
  | 'not-permitted' | 'pipe' | 'read-only' | 'invalid-seek' | 'text-file-busy' | 'cross-device';

/** wasi-filesystem `descriptor-type`. */
export type DescriptorType =
  | 'unknown' | 'block-device' | 'character-device' | 'directory' | 'fifo' | 'symbolic-link'
  | 'regular-file' | 'socket';

/** A filesystem failure with its WASI error code (thrown by backends and the resolver). */
export class FsError extends Error {
  constructor(readonly code: ErrorCode, message?: string) {
    super(message ?? code);
  }
}
Object.defineProperty(FsError.prototype, 'name', { value: 'FsError', writable: true, configurable: true });

/** What a backend knows about a node (times in nanoseconds since the epoch; undefined: not kept). */
export interface FsStat {
  readonly type: DescriptorType;
  readonly nlink: bigint;
  /** Size in bytes (for a symbolic link, the length of its target). */
  readonly size: bigint;
  readonly dev: bigint;
  readonly ino: bigint;
  readonly atime: bigint | undefined;
  readonly mtime: bigint | undefined;
  readonly ctime: bigint | undefined;
}

/** wasi-filesystem `new-timestamp`, in nanoseconds: keep, now, or a time. */
export type NewTime = { readonly kind: 'no-change' } | { readonly kind: 'now' } | { readonly kind: 'timestamp'; readonly ns: bigint };

/** An open non-directory object of a backend (a regular file). */
export interface FsFile {
  /** Up to `len` bytes at `pos` (fewer at the end of the file; empty at or past it). */
  read(len: number, pos: bigint): Uint8Array;
  /** Writes all of `data` at `pos` (extending the file with zeros as needed); returns its length. */
  write(data: Uint8Array, pos: bigint): number;
  stat(): FsStat;
  setSize(size: bigint): void;
  setTimes(atime: NewTime, mtime: NewTime): void;
  sync(): void;
  close(): void;
}

export interface OpenFileOptions {
  readonly read: boolean;
  readonly write: boolean;
  readonly truncate: boolean;
}

/**
 * A filesystem as the WASI host drives it. `N` is the backend's handle of a node (a host path
 * for node's fs, an inode object in memory). Operations name an entry as (directory node, name),
 * where `name` is one path component (never empty, '.', '..', or containing '/').
 */
export interface FsBackend<N = unknown> {
  /** The node of an entry, without following a symbolic link; FsError('no-entry') if none. */
  lookup(dir: N, name: string): N;
  /** Stat of a node (a symbolic link itself, not its target). */
  stat(node: N): FsStat;
  readlink(node: N): string;
  readdir(dir: N): { name: string; type: DescriptorType }[];
  mkdir(dir: N, name: string): void;
  rmdir(dir: N, name: string): void;
  unlink(dir: N, name: string): void;
  rename(dir: N, name: string, newDir: N, newName: string): void;
  /** A new name for an existing non-directory node. */
  link(node: N, newDir: N, newName: string): void;
  symlink(target: string, dir: N, name: string): void;
  setTimes(node: N, atime: NewTime, mtime: NewTime): void;
  /** Opens an existing non-directory node. */
  open(node: N, options: OpenFileOptions): FsFile;
  /** Creates (exclusive) or opens a regular file `name` in `dir` (never following a link there). */
  create(dir: N, name: string, exclusive: boolean, options: OpenFileOptions): { node: N; file: FsFile };
  /** Whether two nodes are the same object. */
  same(a: N, b: N): boolean;
}

/** A directory of a backend: the root a preopen (or an opened directory descriptor) stands for. */
export interface DirRef<N = unknown> {
  readonly backend: FsBackend<N>;
  readonly node: N;
}

/** What can stand behind preopens: the directory at a path of this filesystem (MemoryFileSystem, NodeFileSystem). */
export interface FileSystemProvider {
  openRoot(path: string): DirRef;
}
