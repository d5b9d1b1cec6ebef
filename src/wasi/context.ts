// The embedder's options, checked and turned into the state one WASI host shares between its
// WASI 0.2 interfaces (host.ts) and preview1 (preview1/). Capabilities are opt-in, as WASI's
// design asks (WebAssembly/WASI docs/Capabilities.md): without options the guest has no
// arguments, no environment, empty stdin, output that goes nowhere, no preopened directories,
// and only the clocks and the random source.

import type { ByteSink, ByteSource } from './io/bytes.js';
import { BufferSource, CallbackSink, DiscardSink } from './io/bytes.js';
import { PullSource, type ReadableStreamLike, type StdinChunk } from './io/pull-source.js';
import type { DirRef, FileSystemProvider } from './fs/types.js';
import { FsError } from './fs/types.js';
import { NodeFileSystem } from './node/fs.js';
import { FdSink, FdSource, isTerminal } from './node/stdio.js';
import { hostClocks, type ClockOptions, type HostClocks } from './time.js';
import { utf8Encode } from '../util/utf8.js';

/** A preopened directory with options. */
export interface PreopenOptions {
  /** The directory: a path of `options.fs` if given, else of the host machine. */
  readonly path: string;
  /** Read-only: the guest may read but not create, change or remove anything. */
  readonly readonly?: boolean;
}

/**
 * Standard input: bytes, text, the process's own (`'inherit'`), or chunks pulled as the guest
 * reads — from a callback returning a chunk (or a promise of one; null/undefined at the end), an
 * async iterable (an async generator, a node Readable) or a ReadableStream. Chunks are Uint8Arrays
 * or strings (UTF-8). A source that answers asynchronously needs a guest that can be suspended:
 * runCommandAsync, or instantiate with `{ async: true }`.
 */
export type StdinOption =
  | Uint8Array
  | string
  | 'inherit'
  | (() => StdinChunk | PromiseLike<StdinChunk>)
  | AsyncIterable<Uint8Array | string>
  | ReadableStreamLike;

export interface WasiOptions extends ClockOptions {
  /** The guest's arguments, program name first (like argv). Default: none. */
  readonly args?: readonly string[];
  /** The guest's environment variables. Default: none. */
  readonly env?: Readonly<Record<string, string>> | readonly (readonly [string, string])[];
  /** What `wasi:cli/environment.initial-cwd` reports. Default: none. */
  readonly cwd?: string;
  /** Standard input (see StdinOption): bytes, text, a callback, an async iterable, a ReadableStream, or the process's own. Default: empty. */
  readonly stdin?: StdinOption;
  /** Standard output: a callback per write, or the process's own. Default: dropped. */
  readonly stdout?: ((bytes: Uint8Array) => void) | 'inherit';
  /** Standard error, as stdout. Default: dropped. */
  readonly stderr?: ((bytes: Uint8Array) => void) | 'inherit';
  /** Directories the guest may use, by the path the guest sees. Default: none. */
  readonly preopens?: Readonly<Record<string, string | PreopenOptions>>;
  /** The filesystem the preopens' paths belong to (e.g. a MemoryFileSystem). Default: the host machine's, through node:fs. With `fs` and no `preopens`, the guest's `/` is its root. */
  readonly fs?: FileSystemProvider;
  /** Fills a buffer with cryptographically secure random bytes. Default: crypto.getRandomValues. */
  readonly randomBytes?: (buf: Uint8Array) => void;
  /** Fills a buffer for wasi:random/insecure. Default: randomBytes. */
  readonly insecureRandomBytes?: (buf: Uint8Array) => void;
}

export interface Preopen {
  readonly guestPath: string;
  readonly root: DirRef;
  readonly readonly: boolean;
}

/** The state of one host. */
export interface WasiContext {
  readonly args: readonly string[];
  readonly env: readonly (readonly [string, string])[];
  readonly cwd: string | undefined;
  readonly stdin: ByteSource;
  readonly stdout: ByteSink;
  readonly stderr: ByteSink;
  /** Which standard streams are terminals (only the process's own can be). */
  readonly terminal: { readonly stdin: boolean; readonly stdout: boolean; readonly stderr: boolean };
  readonly preopens: readonly Preopen[];
  readonly clocks: HostClocks;
  readonly randomBytes: (buf: Uint8Array) => void;
  readonly insecureRandomBytes: (buf: Uint8Array) => void;
}

function strings(what: string, v: unknown): string[] {
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) throw new TypeError(`WASI options: ${what} must be an array of strings`);
  return [...(v as string[])];
}

function envPairs(env: WasiOptions['env']): [string, string][] {
  if (env === undefined) return [];
  const pairs: [string, string][] = Array.isArray(env)
    ? env.map((p: unknown) => {
      if (!Array.isArray(p) || p.length !== 2) throw new TypeError('WASI options: env entries must be [name, value] pairs');
      return [p[0], p[1]] as [string, string];
    })
    : Object.entries(env as Record<string, string>);
  for (const [k, v] of pairs) {
    if (typeof k !== 'string' || typeof v !== 'string') throw new TypeError('WASI options: env names and values must be strings');
    if (k.includes('=') || k.includes('\0') || v.includes('\0')) throw new TypeError(`WASI options: invalid environment variable ${JSON.stringify(k)}`);
  }
  return pairs;
}

function stdinSource(v: WasiOptions['stdin']): ByteSource {
  if (v === undefined) return new BufferSource(new Uint8Array(0));
  if (v === 'inherit') return new FdSource(0);
  if (typeof v === 'string') return new BufferSource(utf8Encode(v));
  if (v instanceof Uint8Array) return new BufferSource(new Uint8Array(v));
  if (typeof v === 'function') return PullSource.fromCallback('stdin', v);
  if (typeof v === 'object' && v !== null) {
    if (typeof (v as Partial<ReadableStreamLike>).getReader === 'function') return PullSource.fromReadableStream('stdin', v as ReadableStreamLike);
    if (typeof (v as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] === 'function') return PullSource.fromAsyncIterable('stdin', v as AsyncIterable<unknown>);
  }
  throw new TypeError("WASI options: stdin must be a Uint8Array, a string, a function, an async iterable, a ReadableStream or 'inherit'");
}

function outputSink(what: string, v: WasiOptions['stdout'], fd: number): ByteSink {
  if (v === undefined) return new DiscardSink();
  if (v === 'inherit') return new FdSink(fd);
  if (typeof v === 'function') return new CallbackSink(v);
  throw new TypeError(`WASI options: ${what} must be a function or 'inherit'`);
}

function secureRandom(buf: Uint8Array): void {
  const c = (globalThis as { crypto?: { getRandomValues?(a: Uint8Array): Uint8Array } }).crypto;
  if (c?.getRandomValues === undefined) throw new Error('WASI: no secure random source here (crypto.getRandomValues); pass options.randomBytes');
  for (let i = 0; i < buf.length; i += 65536) c.getRandomValues(buf.subarray(i, Math.min(buf.length, i + 65536)));
}

function preopens(options: WasiOptions): Preopen[] {
  const given = options.preopens ?? (options.fs !== undefined ? { '/': '/' } : {});
  if (typeof given !== 'object' || given === null) throw new TypeError('WASI options: preopens must be an object { guestPath: path }');
  let node: NodeFileSystem | undefined;
  const out: Preopen[] = [];
  for (const [guestPath, spec] of Object.entries(given)) {
    const o: PreopenOptions = typeof spec === 'string' ? { path: spec } : spec;
    if (typeof o !== 'object' || o === null || typeof o.path !== 'string') {
      throw new TypeError(`WASI options: preopen ${JSON.stringify(guestPath)} must be a path or { path, readonly }`);
    }
    const provider: FileSystemProvider = options.fs ?? (node ??= new NodeFileSystem());
    let root: DirRef;
    try {
      root = provider.openRoot(o.path);
    } catch (e) {
      if (e instanceof FsError) throw new TypeError(`WASI options: preopen ${JSON.stringify(guestPath)}: cannot open ${o.path} (${e.code})`);
      throw e;
    }
    out.push({ guestPath, root, readonly: o.readonly === true });
  }
  return out;
}

export function createContext(options: WasiOptions = {}): WasiContext {
  if (typeof options !== 'object' || options === null) throw new TypeError('WASI options must be an object');
  const randomBytes = options.randomBytes ?? secureRandom;
  return {
    args: options.args === undefined ? [] : strings('args', options.args),
    env: envPairs(options.env),
    cwd: options.cwd,
    stdin: stdinSource(options.stdin),
    stdout: outputSink('stdout', options.stdout, 1),
    stderr: outputSink('stderr', options.stderr, 2),
    terminal: {
      stdin: options.stdin === 'inherit' && isTerminal(0),
      stdout: options.stdout === 'inherit' && isTerminal(1),
      stderr: options.stderr === 'inherit' && isTerminal(2),
    },
    preopens: preopens(options),
    clocks: hostClocks(options),
    randomBytes,
    insecureRandomBytes: options.insecureRandomBytes ?? randomBytes,
  };
}
