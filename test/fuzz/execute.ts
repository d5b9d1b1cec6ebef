// Runs one module on one engine and records everything observable into a log, the way
// binaryen's own JS harness (scripts/fuzz_shell.js, version_132) runs fuzz modules: the same
// "fuzzing-support" host imports, the exports called in module order. Differences from
// fuzz_shell: exports are called with typed arguments (round 0: zeros; later rounds: values
// drawn from the seed) rather than nulls (nulls are still what `call-export` passes, as in
// fuzz_shell), every host import call is logged, traps are logged as categories, and after
// the calls the final value of every global and the contents of every memory and table are
// logged (through exports the harness adds, see binary.ts).
//
// Execution is bounded by binaryen's hang limit: every loop iteration and function entry
// decrements a global and traps (resetting it) at zero. Hosts that must also survive engine
// bugs (an interpreter that loops without reaching the check) run this in a worker with a
// timeout (pool.ts).

import { createHash } from 'node:crypto';
import { readSignatures, type FuncType, type ModuleSignatures, type ValType } from '../../spec-tests/engines/signatures.js';
import { HARNESS_EXPORT_PREFIX, addHarnessExports, harnessGlobalName, harnessMemoryName, harnessTableName } from './binary.js';
import type { FuzzEngine, ImportObject } from './engines.js';
import { classifyError, formatValue, isTrapOrHostLimit } from './format.js';
import { Prng } from './prng.js';

export interface ExecOptions {
  /** Seeds the argument values of rounds >= 1. */
  readonly argSeed: number;
  /** How many times every export is called (round 0 with zeros). Default 2. */
  readonly rounds?: number;
  /** Log entries kept (the rest is counted only). Default 50,000. */
  readonly maxEntries?: number;
}

export interface LogEntry {
  /** What is compared between engines. */
  readonly text: string;
  /** Informational detail (raw error messages), not compared. */
  readonly raw?: string;
}

export interface RunLog {
  readonly engine: string;
  readonly entries: LogEntry[];
  /** False when the engine could only compile (no Instance). */
  readonly executed: boolean;
  readonly ms: number;
}

type JsFunction = (...args: unknown[]) => unknown;

interface ExportEntry {
  readonly name: string;
  readonly kind: string;
  readonly value: unknown;
}

interface HostState {
  readonly exports: Record<string, unknown>;
  readonly exportList: ExportEntry[];
  tempRet0: number;
}

class Log {
  readonly entries: LogEntry[] = [];
  private dropped = 0;
  constructor(private readonly max: number) {}
  add(text: string, raw?: string): void {
    if (this.entries.length < this.max) this.entries.push(raw === undefined ? { text } : { text, raw });
    else this.dropped++;
  }
  finish(): LogEntry[] {
    if (this.dropped > 0) this.entries.push({ text: `log truncated: ${this.dropped} more entries` });
    return this.entries;
  }
}

/** fuzz_shell's payload for an imported externref global (kept in sync with binaryen's execution-results.h). */
export function externPayload(module: string, name: string): number {
  let payload = 0;
  for (const s of [module, name]) for (const c of s) payload = (payload + c.charCodeAt(0)) % 251;
  return payload;
}

function buildImports(engine: FuzzEngine, module: object, state: HostState, log: Log): ImportObject {
  const fmtArgs = (args: readonly unknown[]): string => args.map(formatValue).join(', ');

  // fuzz_shell's callFunc: a null for each parameter (null converts to 0 and to a null
  // reference; to an i64 it is a TypeError, as in fuzz_shell).
  const callFunc = (f: unknown): unknown => {
    if (typeof f !== 'function') throw new TypeError('fuzz host: export is not callable');
    const args = new Array<unknown>((f as JsFunction).length).fill(null);
    return (f as JsFunction)(...args);
  };
  const exportAt = (index: number): unknown => {
    const e = state.exportList[index >>> 0];
    if (!e) throw new TypeError(`fuzz host: no export at index ${index >>> 0}`);
    return e.value;
  };
  // fuzz_shell's tryCall: traps and host limits propagate; other exceptions are caught (1).
  const tryCall = (fn: () => unknown, rethrow: boolean): number => {
    try {
      fn();
      return 0;
    } catch (e) {
      if (isTrapOrHostLimit(engine, e) || rethrow) throw e;
      const c = classifyError(engine, e);
      log.add(`  caught ${c.text}`, c.raw);
      return 1;
    }
  };
  const table = (): { get(i: number): unknown; set(i: number, v: unknown): void } => {
    const t = state.exports['table'] as { get(i: number): unknown; set(i: number, v: unknown): void } | undefined;
    if (!t || typeof t.get !== 'function') throw new TypeError('fuzz host: no exported table');
    return t;
  };
  const logger = (name: string) => (x: unknown) => {
    log.add(`${name} ${formatValue(x)}`);
  };

  const support: Record<string, JsFunction> = {
    'log-i32': logger('log-i32'),
    'log-i64': logger('log-i64'),
    'log-f32': logger('log-f32'),
    'log-f64': logger('log-f64'),
    'log-v128': logger('log-v128'),
    'log-anyref': logger('log-anyref'),
    'log-funcref': logger('log-funcref'),
    'log-contref': logger('log-contref'),
    'log-externref': logger('log-externref'),
    throw: (which: unknown) => {
      log.add(`throw(${formatValue(which)})`);
      throw new Error(which ? `wasm exception ${String(which)} (tags unsupported by this harness)` : 'js exception');
    },
    'table-get': (index: unknown) => {
      log.add(`table-get(${formatValue(index)})`);
      return table().get((index as number) >>> 0);
    },
    'table-set': (index: unknown, value: unknown) => {
      log.add(`table-set(${fmtArgs([index, value])})`);
      table().set((index as number) >>> 0, value);
    },
    'call-export': (index: unknown, flags: unknown) => {
      log.add(`call-export(${fmtArgs([index, flags])})`);
      const rethrow = ((flags as number) & 1) !== 0;
      if (!rethrow) callFunc(exportAt(index as number));
      else tryCall(() => callFunc(exportAt(index as number)), true);
    },
    'call-export-catch': (index: unknown) => {
      log.add(`call-export-catch(${formatValue(index)})`);
      return tryCall(() => callFunc(exportAt(index as number)), false);
    },
    'call-ref': (ref: unknown, flags: unknown) => {
      log.add(`call-ref(${fmtArgs([ref, flags])})`);
      const rethrow = ((flags as number) & 1) !== 0;
      if (!rethrow) callFunc(ref);
      else tryCall(() => callFunc(ref), true);
    },
    'call-ref-catch': (ref: unknown) => {
      log.add(`call-ref-catch(${formatValue(ref)})`);
      return tryCall(() => callFunc(ref), false);
    },
    sleep: (ms: unknown, id: unknown) => {
      log.add(`sleep(${fmtArgs([ms, id])})`);
      return id;
    },
    'log-branch': (actual: unknown, expected: unknown, id: unknown) => {
      log.add(`log-branch ${fmtArgs([actual, expected, id])}`);
      return actual;
    },
  };
  const env: Record<string, JsFunction> = {
    setTempRet0: (x: unknown) => {
      state.tempRet0 = x as number;
    },
    getTempRet0: () => state.tempRet0,
  };

  const imports: ImportObject = {};
  for (const imp of engine.imports(module)) {
    const ns = (imports[imp.module] ??= {});
    if (imp.kind === 'global') {
      ns[imp.name] = { payload: externPayload(imp.module, imp.name) };
    } else if (imp.kind === 'function') {
      const known = imp.module === 'fuzzing-support' ? support[imp.name] : imp.module === 'env' ? env[imp.name] : undefined;
      ns[imp.name] =
        known ??
        ((...args: unknown[]) => {
          log.add(`unknown import ${imp.module}.${imp.name}(${fmtArgs(args)})`);
          return undefined;
        });
    }
    // Memories, tables and tags are never imported by -ttf modules; leaving them out makes
    // instantiation fail (a LinkError) the same way on every engine.
  }
  return imports;
}

// ---- arguments -------------------------------------------------------------------------------

const I32_POOL = [1, -1, 2, 7, 42, 255, 256, 65535, 65536, 0x7fffffff, -0x80000000, 0x12345678, -100];
const I64_POOL = [1n, -1n, 2n, 42n, 0xffffffffn, 0x100000000n, 0x7fffffffffffffffn, -0x8000000000000000n, 0x123456789abcdefn, -1000n];
const F32_POOL = [1, -1, 0.5, -0, 1.5, 3.4028234663852886e38, -3.4028234663852886e38, 1.401298464324817e-45, Infinity, -Infinity, 16777216, 2147483648, -2147483904, 0.1];
const F64_POOL = [1, -1, 0.5, -0, 1.5, 1.7976931348623157e308, 5e-324, Infinity, -Infinity, 9007199254740992, 2147483648, -2147483649, 4294967296, 1e-300, 0.1];

function argFor(t: ValType, round: number, rng: Prng, state: HostState): unknown {
  if (typeof t === 'object') {
    if (round === 0 || rng.below(3) === 0) return null;
    if (t.heap === 'extern') return { payload: rng.below(251) };
    if (t.heap === 'func') {
      const funcs = state.exportList.filter((e) => e.kind === 'function');
      return funcs.length > 0 ? rng.pick(funcs).value : null;
    }
    return null;
  }
  const zero = rng.below(5) === 0;
  switch (t) {
    case 'i32': return round === 0 || zero ? 0 : rng.pick(I32_POOL);
    case 'i64': return round === 0 || zero ? 0n : rng.pick(I64_POOL);
    case 'f32': return round === 0 || zero ? 0 : rng.pick(F32_POOL);
    case 'f64': return round === 0 || zero ? 0 : rng.pick(F64_POOL);
    default: return 0; // v128 (not generated): the call throws a TypeError on every engine
  }
}

function argsFor(sig: FuncType | undefined, fn: JsFunction, round: number, rng: Prng, state: HostState): unknown[] {
  if (!sig) return new Array<unknown>(fn.length).fill(null);
  return sig.params.map((t) => argFor(t, round, rng, state));
}

// ---- final state -------------------------------------------------------------------------------

function hash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}

function describeTable(t: { length: number; get(i: number): unknown }): string {
  const n = t.length;
  // Run-length encoded entries; a hash only when even that is long.
  const runs: string[] = [];
  let prev: string | undefined;
  let count = 0;
  const flush = (): void => {
    if (prev !== undefined) runs.push(count > 1 ? `${prev}*${count}` : prev);
  };
  for (let i = 0; i < n; i++) {
    const v = formatValue(t.get(i));
    if (v === prev) count++;
    else {
      flush();
      prev = v;
      count = 1;
    }
  }
  flush();
  const body = runs.join(',');
  return body.length <= 2000 ? `length=${n} [${body}]` : `length=${n} sha=${hash(new TextEncoder().encode(body))}`;
}

// ---- the run ---------------------------------------------------------------------------------

export function executeModule(engine: FuzzEngine, originalBytes: Uint8Array, options: ExecOptions): RunLog {
  const started = performance.now();
  const log = new Log(options.maxEntries ?? 50_000);
  const done = (executed: boolean): RunLog => ({ engine: engine.name, entries: log.finish(), executed, ms: performance.now() - started });

  const { bytes, shape } = addHarnessExports(originalBytes);
  const sigs: ModuleSignatures | undefined = readSignatures(bytes);

  let module: object;
  try {
    module = engine.compile(bytes);
  } catch (e) {
    const c = classifyError(engine, e);
    log.add(`compile: ${c.text}`, c.raw);
    return done(false);
  }
  log.add('compile: ok');
  if (!engine.canInstantiate) return done(false);

  const state: HostState = { exports: {}, exportList: [], tempRet0: 0 };
  let instanceExports: Record<string, unknown>;
  try {
    const imports = buildImports(engine, module, state, log);
    instanceExports = engine.instantiate(module, imports).exports;
  } catch (e) {
    const c = classifyError(engine, e);
    log.add(`instantiate: ${c.text}`, c.raw);
    return done(true);
  }
  log.add('instantiate: ok');

  for (const e of engine.exports(module)) {
    if (e.name.startsWith(HARNESS_EXPORT_PREFIX)) continue;
    const value = instanceExports[e.name];
    state.exports[e.name] = value;
    state.exportList.push({ name: e.name, kind: e.kind, value });
  }

  const rounds = options.rounds ?? 2;
  for (let round = 0; round < rounds; round++) {
    log.add(`round ${round}`);
    const exportsNow = [...state.exportList];
    for (let i = 0; i < exportsNow.length; i++) {
      const { name, kind, value } = exportsNow[i]!;
      if (kind === 'global') {
        try {
          log.add(`global ${name} = ${formatValue((value as { value: unknown }).value)}`);
        } catch (e) {
          const c = classifyError(engine, e);
          log.add(`global ${name}: ${c.text}`, c.raw);
        }
        continue;
      }
      if (kind !== 'function' || typeof value !== 'function') continue;
      const fn = value as JsFunction;
      const sigEntry = sigs?.exports.get(name);
      const sig = sigEntry?.kind === 'func' ? sigEntry.type : undefined;
      const rng = new Prng(options.argSeed, round, i);
      const args = argsFor(sig, fn, round, rng, state);
      log.add(`call ${name}(${args.map(formatValue).join(', ')})`);
      try {
        const result = fn(...args);
        log.add(`=> ${formatValue(result)}`);
      } catch (e) {
        const c = classifyError(engine, e);
        log.add(`!! ${c.text}`, c.raw);
      }
    }
  }

  log.add('final state');
  const final = (what: string, read: () => string): void => {
    try {
      log.add(`${what} ${read()}`);
    } catch (e) {
      const c = classifyError(engine, e);
      log.add(`${what}: ${c.text}`, c.raw);
    }
  };
  for (let i = 0; i < shape.globals; i++) {
    final(`global #${i} =`, () => formatValue((instanceExports[harnessGlobalName(i)] as { value: unknown }).value));
  }
  for (let i = 0; i < shape.memories; i++) {
    final(`memory #${i}`, () => {
      const buf = (instanceExports[harnessMemoryName(i)] as { buffer: ArrayBuffer }).buffer;
      return `pages=${buf.byteLength / 65536} sha=${hash(new Uint8Array(buf))}`;
    });
  }
  for (let i = 0; i < shape.tables; i++) {
    final(`table #${i}`, () => describeTable(instanceExports[harnessTableName(i)] as { length: number; get(i: number): unknown }));
  }
  return done(true);
}
