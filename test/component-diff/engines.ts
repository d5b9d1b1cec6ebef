// The two component runtimes under comparison, behind one shape: instantiate component bytes
// with no imports and return the root exports object (jco's shape: `{ 'ns:pkg/iface': {...} }`).
//   jco      — the oracle: `jco transpile --instantiation sync`, the generated JS imported from
//              .cache/component-diff/jco/<sha256 of the bytes>/ (so repeated runs skip
//              transpiling), core modules compiled by node's WebAssembly.
//   purewasm — `compileComponent(bytes).instantiate({}).exports` (src/component/api.ts), loaded
//              with a dynamic import so this harness works before the runtime exists.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface ComponentEngine {
  readonly name: string;
  instantiate(bytes: Uint8Array): Promise<Record<string, unknown>>;
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CACHE_DIR = join(ROOT, '.cache', 'component-diff');

interface HostWasm {
  Module: new (bytes: Uint8Array) => object;
}
const hostWasm = (globalThis as unknown as { WebAssembly: HostWasm }).WebAssembly;

type Jco = {
  parse(text: string): Promise<Uint8Array>;
  transpile(bytes: Uint8Array, opts: Record<string, unknown>): Promise<{ files: Record<string, Uint8Array> }>;
};
let jcoModule: Promise<Jco> | undefined;
function jco(): Promise<Jco> {
  jcoModule ??= import('@bytecodealliance/jco') as unknown as Promise<Jco>;
  return jcoModule;
}

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

let caching = true;
/** Whether parsed components and jco's output are kept under .cache/component-diff (default on). */
export function setCaching(on: boolean): void {
  caching = on;
}

/** Component text → bytes with wasm-tools (through jco), cached by the text's hash. */
export async function parseText(text: string): Promise<Uint8Array> {
  const file = join(CACHE_DIR, 'parsed', `${sha256(text).slice(0, 32)}.wasm`);
  if (caching && existsSync(file)) return new Uint8Array(readFileSync(file));
  const bytes = await (await jco()).parse(text);
  if (caching) {
    writeAtomically(file, bytes);
    pruneCache(dirname(file), 500);
  }
  return bytes;
}

function writeAtomically(file: string, data: Uint8Array | string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/**
 * The directory holding jco's transpiled output for `bytes` (transpiling on a cache miss). Without
 * caching it is a fresh directory under the OS temp dir, which the caller removes.
 */
export async function jcoTranspile(bytes: Uint8Array): Promise<string> {
  const dir = caching
    ? join(CACHE_DIR, 'jco', sha256(bytes).slice(0, 32))
    : join(tmpdir(), `purewasm-component-diff-${process.pid}`, `${sha256(bytes).slice(0, 32)}-${uncached++}`);
  if (existsSync(join(dir, 'done'))) return dir;
  const { files } = await (await jco()).transpile(bytes, { name: 'c', instantiation: 'sync', noTypescript: true, quiet: true });
  const tmp = `${dir}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  // jco emits ES modules named .js: outside this package they need a package.json saying so.
  if (!caching) {
    mkdirSync(dirname(dir), { recursive: true });
    writeFileSync(join(dirname(dir), 'package.json'), '{ "type": "module" }\n');
  }
  for (const [name, data] of Object.entries(files)) {
    mkdirSync(dirname(join(tmp, name)), { recursive: true });
    writeFileSync(join(tmp, name), data);
  }
  writeFileSync(join(tmp, 'done'), '');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dirname(dir), { recursive: true });
  if (caching) pruneCache(dirname(dir), MAX_CACHED_TRANSPILATIONS);
  try {
    renameSync(tmp, dir);
  } catch (e) {
    // Another process finished the same transpilation first.
    if (!existsSync(join(dir, 'done'))) throw e;
    rmSync(tmp, { recursive: true, force: true });
  }
  return dir;
}

let uncached = 0;

/** Transpilations kept in the cache (about 1 MB each); the least recently written go first. */
const MAX_CACHED_TRANSPILATIONS = 100;

function pruneCache(dir: string, keep: number): void {
  const entries = readdirSync(dir).filter((n) => !n.endsWith('.tmp')).map((n) => ({ n, t: statSync(join(dir, n)).mtimeMs }));
  if (entries.length <= keep) return;
  entries.sort((a, b) => a.t - b.t);
  for (const { n } of entries.slice(0, entries.length - keep)) rmSync(join(dir, n), { recursive: true, force: true });
}

/** Removes this process's temporary transpilation directory (used without caching). */
export function removeTemporaryFiles(): void {
  rmSync(join(tmpdir(), `purewasm-component-diff-${process.pid}`), { recursive: true, force: true });
}

type JcoInstantiate = (getCoreModule: (name: string) => object, imports: Record<string, unknown>) => Record<string, unknown>;

interface Loaded { readonly instantiate: JcoInstantiate; readonly modules: ReadonlyMap<string, object> }
/** Recently loaded transpilations (the generated JS stays in node's module cache regardless). */
const loaded = new Map<string, Loaded>();

async function loadTranspiled(bytes: Uint8Array): Promise<Loaded> {
  const key = sha256(bytes);
  const hit = loaded.get(key);
  if (hit) return hit;
  const dir = await jcoTranspile(bytes);
  const mod = (await import(pathToFileURL(join(dir, 'c.js')).href)) as { instantiate: JcoInstantiate };
  const modules = new Map<string, object>();
  for (const name of readdirSync(dir)) {
    if (name.endsWith('.wasm')) modules.set(name, new hostWasm.Module(readFileSync(join(dir, name))));
  }
  if (!caching) rmSync(dir, { recursive: true, force: true });
  const entry: Loaded = { instantiate: mod.instantiate, modules };
  loaded.set(key, entry);
  if (loaded.size > 8) loaded.delete(loaded.keys().next().value!);
  return entry;
}

export const jcoEngine: ComponentEngine = {
  name: 'jco',
  async instantiate(bytes) {
    const { instantiate, modules } = await loadTranspiled(bytes);
    return instantiate((name) => {
      const m = modules.get(name);
      if (!m) throw new Error(`jco asked for a core module ${name} it did not emit`);
      return m;
    }, {});
  },
};

type CompileComponent = (bytes: Uint8Array) => { instantiate(imports?: Record<string, unknown>): { exports: Record<string, unknown> } };

/** purewasm's component runtime, or a reason why it is not available yet. */
export async function loadPurewasm(): Promise<ComponentEngine | string> {
  let index: Record<string, unknown>;
  try {
    index = (await import('../../src/index.js')) as Record<string, unknown>;
  } catch (e) {
    return `src/index.ts failed to load: ${String(e)}`;
  }
  const compileComponent = index.compileComponent as CompileComponent | undefined;
  if (typeof compileComponent !== 'function') return 'src/index.ts does not export compileComponent yet';
  return {
    name: 'purewasm',
    async instantiate(bytes) {
      return compileComponent(bytes).instantiate({}).exports;
    },
  };
}

/** An engine by name ('jco' or 'purewasm'), or why it cannot be loaded. */
export async function loadEngine(name: string): Promise<ComponentEngine | string> {
  if (name === 'jco') return jcoEngine;
  if (name === 'purewasm') return loadPurewasm();
  return `unknown engine ${name}`;
}
