// Module generation: binaryen's translate-to-fuzz (`wasm-opt <random bytes> -ttf`) turns
// arbitrary bytes into a valid module. The feature set is limited to what purewasm's
// interpreter implements (GENERATOR_FEATURES), NaNs are instrumented away by --denan (wasm
// leaves NaN bit patterns nondeterministic, so V8 and any other engine may legitimately differ
// on them), and binaryen's hang limit bounds every export call.
//
// wasm-opt in node_modules/binaryen is an emscripten program (an 11 MB JS file with the wasm
// embedded). Spawning it costs ~0.45 s per module, almost all of it start-up, so by default it is
// loaded once into this thread with `vm.compileFunction` and its `callMain` is called for each
// module (~20 ms per module; output is byte-identical to a spawned wasm-opt, and does not depend
// on what was generated before). Generated modules are also cached on disk under
// .cache/fuzz/corpus/<key>/<seed>.wasm, where the key covers everything that determines the
// output (binaryen version, flags, input sizes), so repeated runs read them back.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as vm from 'node:vm';
import { Prng } from './prng.js';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CACHE_DIR = path.join(REPO_ROOT, '.cache', 'fuzz');
export const WASM_OPT = path.join(REPO_ROOT, 'node_modules', 'binaryen', 'bin', 'wasm-opt');

/** Bump when anything about how seeds become modules changes (invalidates the corpus cache). */
const GENERATOR_VERSION = 1;

/** wasm-opt feature flags: MVP + exactly the proposals purewasm's interpreter targets now. */
export const WASM_OPT_FEATURE_FLAGS: readonly string[] = [
  '--mvp-features',
  '--enable-mutable-globals',
  '--enable-sign-ext',
  '--enable-nontrapping-float-to-int',
  '--enable-multivalue',
  '--enable-bulk-memory',
  '--enable-reference-types',
];

/** The same feature set in purewasm's vocabulary (src/core/features.ts). */
export const GENERATOR_FEATURES: readonly string[] = [
  'mvp', 'mutable-globals', 'sign-ext', 'sat-conv', 'multi-value', 'bulk-memory', 'reference-types',
];

export interface GenerateOptions {
  /** Keep NaNs (no --denan). Off by default: NaN payloads are nondeterministic across engines. */
  readonly nans?: boolean;
  /** Size range of the random input given to -ttf (bigger input, bigger module). */
  readonly minInput?: number;
  readonly maxInput?: number;
  /** Read/write the on-disk corpus cache (default true). */
  readonly cache?: boolean;
  /** Spawn a wasm-opt process per module instead of running it in this thread (slow). */
  readonly spawn?: boolean;
  /** Extra wasm-opt arguments (part of the cache key). */
  readonly extraArgs?: readonly string[];
}

export interface GeneratedModule {
  readonly seed: number;
  readonly bytes: Uint8Array;
  /** Which attempt (input derived from (seed, attempt)) gave a module node accepts. */
  readonly attempt: number;
  readonly fromCache: boolean;
  /** Milliseconds spent generating (0 when cached). */
  readonly ms: number;
}

/** node's own WebAssembly (the oracle); typed here because tsconfig has no DOM lib. */
const hostWasm = (globalThis as unknown as { WebAssembly: { validate(bytes: Uint8Array): boolean } }).WebAssembly;

const DEFAULT_MIN_INPUT = 512;
const DEFAULT_MAX_INPUT = 12 * 1024;
const MAX_ATTEMPTS = 16;

function binaryenVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'node_modules', 'binaryen', 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The wasm-opt command line (after the input file) for one module. */
export function wasmOptArgs(options: GenerateOptions, output: string): string[] {
  return ['-ttf', ...WASM_OPT_FEATURE_FLAGS, ...(options.nans ? [] : ['--denan']), ...(options.extraArgs ?? []), '-q', '-o', output];
}

/** The random input for (seed, attempt). */
export function ttfInput(seed: number, attempt: number, options: GenerateOptions = {}): Uint8Array {
  const rng = new Prng(seed, attempt, 0x77f);
  const lo = options.minInput ?? DEFAULT_MIN_INPUT;
  const hi = Math.max(lo, options.maxInput ?? DEFAULT_MAX_INPUT);
  return rng.bytes(rng.range(lo, hi));
}

// ---- running wasm-opt ---------------------------------------------------------------------------

interface WasmOptResult {
  readonly code: number;
  readonly output: string;
}

interface WasmOptRunner {
  run(args: readonly string[]): WasmOptResult;
  readonly runs: number;
}

interface EmscriptenApi {
  callMain(args: string[]): number;
}

/** wasm-opt loaded into this thread; callMain per module. */
async function loadInProcessWasmOpt(): Promise<WasmOptRunner> {
  let source = fs.readFileSync(WASM_OPT, 'utf8');
  if (source.startsWith('#!')) source = '//' + source;
  const realRequire = createRequire(WASM_OPT);
  let captured = '';
  // NODERAWFS writes stdout/stderr with fs.writeSync(1|2, ...): capture them instead.
  const fsProxy = new Proxy(fs, {
    get(target, key) {
      if (key === 'writeSync') {
        return (fd: number, buffer: Uint8Array | string, ...rest: unknown[]) => {
          if (fd === 1 || fd === 2) {
            const text = typeof buffer === 'string' ? buffer : Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength).toString('utf8', (rest[0] as number) ?? 0, ((rest[0] as number) ?? 0) + ((rest[1] as number) ?? buffer.length));
            if (captured.length < 1 << 16) captured += text;
            return typeof buffer === 'string' ? Buffer.byteLength(buffer) : ((rest[1] as number) ?? buffer.length);
          }
          return (fs.writeSync as (...a: unknown[]) => number)(fd, buffer, ...rest);
        };
      }
      return Reflect.get(target, key);
    },
  });
  const requireShim = (id: string): unknown => (id === 'fs' || id === 'node:fs' ? fsProxy : realRequire(id));
  // process.exitCode must not be touched by the program's exit path (quit_ sets it).
  const processShim = new Proxy(process, {
    set(target, key, value) {
      if (key === 'exitCode') return true;
      return Reflect.set(target, key, value);
    },
    get(target, key) {
      const v = Reflect.get(target, key);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  let resolveReady!: () => void;
  const ready = new Promise<void>((r) => (resolveReady = r));
  const moduleObject = {
    noInitialRun: true,
    noExitRuntime: true,
    onRuntimeInitialized: () => resolveReady(),
    print: (s: string) => (captured += s + '\n'),
    printErr: (s: string) => (captured += s + '\n'),
  };
  const factory = vm.compileFunction(`${source}\n;return { callMain };`, ['Module', 'require', 'process', '__filename', '__dirname', 'module'], {
    filename: WASM_OPT,
  }) as (...args: unknown[]) => EmscriptenApi;
  const api = factory(moduleObject, requireShim, processShim, WASM_OPT, path.dirname(WASM_OPT), undefined);
  await ready;
  let runs = 0;
  return {
    get runs() {
      return runs;
    },
    run(args) {
      captured = '';
      runs++;
      let code: number;
      try {
        code = api.callMain([...args]);
      } catch (e) {
        code = 1;
        captured += String(e);
      }
      return { code: typeof code === 'number' ? code : 1, output: captured };
    },
  };
}

function spawnWasmOpt(): WasmOptRunner {
  let runs = 0;
  return {
    get runs() {
      return runs;
    },
    run(args) {
      runs++;
      try {
        const out = execFileSync(process.execPath, [WASM_OPT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
        return { code: 0, output: out.toString() };
      } catch (e) {
        const err = e as { status?: number; stderr?: Buffer };
        return { code: err.status ?? 1, output: err.stderr?.toString() ?? String(e) };
      }
    },
  };
}

// ---- the generator ---------------------------------------------------------------------------

/** Recreate the in-process wasm-opt after this many runs (its heap only grows). */
const RECYCLE_AFTER = 400;

export class ModuleGenerator {
  private runner: WasmOptRunner | undefined;
  private readonly tmpDir: string;
  private readonly corpusDir: string;
  readonly cacheKey: string;

  private constructor(readonly options: GenerateOptions) {
    const keySource = JSON.stringify({
      v: GENERATOR_VERSION,
      binaryen: binaryenVersion(),
      args: wasmOptArgs(options, 'OUT'),
      min: options.minInput ?? DEFAULT_MIN_INPUT,
      max: options.maxInput ?? DEFAULT_MAX_INPUT,
    });
    this.cacheKey = createHash('sha256').update(keySource).digest('hex').slice(0, 12);
    this.corpusDir = path.join(CACHE_DIR, 'corpus', this.cacheKey);
    this.tmpDir = path.join(CACHE_DIR, 'tmp');
  }

  static async create(options: GenerateOptions = {}): Promise<ModuleGenerator> {
    return new ModuleGenerator(options);
  }

  private async getRunner(): Promise<WasmOptRunner> {
    if (this.runner && this.runner.runs < RECYCLE_AFTER) return this.runner;
    this.runner = undefined;
    if (this.options.spawn) return (this.runner = spawnWasmOpt());
    try {
      this.runner = await loadInProcessWasmOpt();
    } catch (e) {
      console.warn(`fuzz: loading wasm-opt in-process failed (${String(e)}); spawning it per module instead`);
      this.runner = spawnWasmOpt();
    }
    return this.runner;
  }

  cachePath(seed: number): string {
    return path.join(this.corpusDir, `${seed >>> 0}.wasm`);
  }

  /** The text format of a module (wasm-opt -S), for humans; undefined if wasm-opt fails. */
  async toText(bytes: Uint8Array): Promise<string | undefined> {
    fs.mkdirSync(this.tmpDir, { recursive: true });
    const tag = `${process.pid}-text-${Math.floor(Math.random() * 1e9)}`;
    const input = path.join(this.tmpDir, `${tag}.wasm`);
    const output = path.join(this.tmpDir, `${tag}.wat`);
    try {
      fs.writeFileSync(input, bytes);
      const r = (await this.getRunner()).run([input, '--all-features', '-S', '-q', '-o', output]);
      return r.code === 0 && fs.existsSync(output) ? fs.readFileSync(output, 'utf8') : undefined;
    } catch {
      return undefined;
    } finally {
      fs.rmSync(input, { force: true });
      fs.rmSync(output, { force: true });
    }
  }

  /** The module for a seed: from the corpus cache, or generated (and cached). */
  async generate(seed: number): Promise<GeneratedModule> {
    seed >>>= 0;
    const useCache = this.options.cache !== false;
    if (useCache) {
      const file = this.cachePath(seed);
      if (fs.existsSync(file)) {
        const bytes = new Uint8Array(fs.readFileSync(file));
        if (hostWasm.validate(bytes)) return { seed, bytes, attempt: -1, fromCache: true, ms: 0 };
      }
    }
    const started = performance.now();
    fs.mkdirSync(this.tmpDir, { recursive: true });
    const tag = `${process.pid}-${seed}-${Math.floor(Math.random() * 1e9)}`;
    const input = path.join(this.tmpDir, `${tag}.in`);
    const output = path.join(this.tmpDir, `${tag}.wasm`);
    let lastError = '';
    try {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        fs.writeFileSync(input, ttfInput(seed, attempt, this.options));
        fs.rmSync(output, { force: true });
        const runner = await this.getRunner();
        const r = runner.run([input, ...wasmOptArgs(this.options, output)]);
        if (r.code !== 0 || !fs.existsSync(output)) {
          lastError = `wasm-opt exited with ${r.code}: ${r.output.slice(0, 500)}`;
          this.runner = undefined; // do not trust a program that failed half-way
          continue;
        }
        const bytes = new Uint8Array(fs.readFileSync(output));
        // The oracle must accept the module. binaryen occasionally emits an instruction outside
        // the requested features (e.g. ref.as_non_null with reference-types only): retry.
        if (!hostWasm.validate(bytes)) {
          lastError = 'node rejected the generated module';
          continue;
        }
        if (useCache) {
          fs.mkdirSync(this.corpusDir, { recursive: true });
          const tmp = `${this.cachePath(seed)}.${tag}.tmp`;
          fs.writeFileSync(tmp, bytes);
          fs.renameSync(tmp, this.cachePath(seed));
        }
        return { seed, bytes, attempt, fromCache: false, ms: performance.now() - started };
      }
    } finally {
      fs.rmSync(input, { force: true });
      fs.rmSync(output, { force: true });
    }
    throw new Error(`fuzz: no valid module for seed ${seed} after ${MAX_ATTEMPTS} attempts (${lastError})`);
  }
}
