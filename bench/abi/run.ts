// bench/abi: the cost of the Canonical ABI per call (lifting, lowering, copying, the bookkeeping
// of a component call), purewasm next to jco (`transpile`, instantiation sync, core code on
// node's WebAssembly), in one process run. Spec of what is measured: component-model
// design/mvp/CanonicalABI.md §"canon lift", §"canon lower", §"Lifting and Lowering Values".
//
//   npm run bench:abi [-- options]
//     --runs N        timed batches per cell (default 9); a cell shows their median
//     --batch-ms M    length of one timed batch in ms (default 20)
//     --warm-ms M     warm-up per cell before any timing, in ms (default 150)
//     --clock C       cpu (default: this process's CPU time) or wall (performance.now)
//     --only a,b      only the rows whose name contains one of these strings
//     --engines a,b   purewasm, jco, jco-nolog (default all; jco-nolog: see withoutDebugLog)
//     --no-cold       skip the cold-start measurement (it spawns child processes)
//     --no-core       skip the core baselines (for profiling the component calls alone)
//     --markdown      also print the tables as markdown
//     --json FILE     also write the results as JSON (bench/report/types.ts: AbiJson)
//     --verbose       print every cell's batch size and samples
//     --cold-child E  (internal) be one cold-start child for engine E
//
// Components (bench/abi/, rebuilt from their text by build.ts): bench.wasm exports the shapes
// (see bench.wat) over the core module guest.wasm; link.wasm has two nested component instances,
// one calling the other's `add` (core modules link-a.wasm, link-b.wasm). For each row and engine:
// the component call (ns per call), then the same core function called directly through the
// engine's core API with equivalent flat arguments (purewasm's own WebAssembly namespace, node's
// WebAssembly; for link.wasm the two core modules linked core to core): ABI = component − core,
// the work of lift/lower/copy, realloc and post-return calls, handle tables and the task and
// reentrance bookkeeping. jco-nolog is jco's output with one line changed (see withoutDebugLog).
// Every cell is first warmed up (--warm-ms) and sized to a batch of --batch-ms, all before any
// timing, so every row is timed in the same JIT state; then the cells of a row take turns for
// --runs batches (so drift hits all alike); medians of CPU time (see clockNs). Every component
// call is checked once against the expected value before it is warmed up.

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { compileComponent, WebAssembly as Pure } from '../../src/index.js';
import { stat, type AbiJson, type AbiRow, type Stat, type WallCpu } from '../report/types.js';

// ---------- options ----------

interface Options {
  runs: number;
  batchMs: number;
  warmMs: number;
  clock: 'cpu' | 'wall';
  only: string[] | undefined;
  engines: Engine[];
  cold: boolean;
  core: boolean;
  markdown: boolean;
  json: string | undefined;
  verbose: boolean;
  coldChild: string | undefined;
  coldDir: string | undefined;
}
type Engine = 'purewasm' | 'jco' | 'jco-nolog';
const ENGINES: readonly Engine[] = ['purewasm', 'jco', 'jco-nolog'];

function parseArgs(argv: string[]): Options {
  const o: Options = { runs: 9, batchMs: 20, warmMs: 150, clock: 'cpu', only: undefined, engines: [...ENGINES], cold: true, core: true, markdown: false, json: undefined, verbose: false, coldChild: undefined, coldDir: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) usage(`${a} needs a value`);
      return v;
    };
    const num = (min: number): number => {
      const v = Number(value());
      if (!Number.isFinite(v) || v < min) usage(`${a} needs a number >= ${min}`);
      return v;
    };
    switch (a) {
      case '--runs': o.runs = Math.floor(num(1)); break;
      case '--batch-ms': o.batchMs = num(1); break;
      case '--warm-ms': o.warmMs = num(0); break;
      case '--clock': {
        const c = value();
        if (c !== 'cpu' && c !== 'wall') usage('--clock is cpu or wall');
        o.clock = c;
        break;
      }
      case '--only': o.only = value().split(',').filter(Boolean); break;
      case '--engines': {
        const es = value().split(',').filter(Boolean);
        for (const e of es) if (!(ENGINES as readonly string[]).includes(e)) usage(`unknown engine ${e}`);
        o.engines = ENGINES.filter((e) => es.includes(e));
        break;
      }
      case '--no-cold': o.cold = false; break;
      case '--no-core': o.core = false; break;
      case '--markdown': o.markdown = true; break;
      case '--json': o.json = value(); break;
      case '--verbose': o.verbose = true; break;
      case '--cold-child': o.coldChild = value(); o.coldDir = argv[++i]; break;
      case '--help': case '-h': usage(); break;
      default: usage(`unknown option ${a}`);
    }
  }
  return o;
}

function usage(problem?: string): never {
  const lines = readFileSync(here('run.ts'), 'utf8').split('\n');
  const text = lines.slice(0, lines.findIndex((l) => !l.startsWith('//')));
  if (problem) console.error(`bench/abi: ${problem}`);
  console.error(text.map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
  process.exit(problem ? 2 : 0);
}

// ---------- the engines ----------

// profile.ts runs a bundled copy of this file from elsewhere: it says where the binaries are
const dir = process.env.PUREWASM_BENCH_ABI_DIR ?? fileURLToPath(new URL('.', import.meta.url));
const here = (name: string): string => join(dir, name);
const benchBytes = new Uint8Array(readFileSync(here('bench.wasm')));
const linkBytes = new Uint8Array(readFileSync(here('link.wasm')));
const guestBytes = new Uint8Array(readFileSync(here('guest.wasm')));
const linkABytes = new Uint8Array(readFileSync(here('link-a.wasm')));
const linkBBytes = new Uint8Array(readFileSync(here('link-b.wasm')));

interface HostWasm {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (d: { initial: number }) => object;
}
const Node = (globalThis as unknown as { WebAssembly: HostWasm }).WebAssembly;
const PureWasm = Pure as unknown as HostWasm;
const dispose: symbol = (Symbol as unknown as { dispose?: symbol }).dispose ?? Symbol.for('dispose');

interface Counter { get(): number }
interface Api {
  nop(): void;
  add(a: number, b: number): number;
  echoString(s: string): string;
  echoString16(s: string): string;
  echoBytes(b: Uint8Array): Uint8Array;
  echoRecord(p: unknown): unknown;
  echoVariant(s: unknown): unknown;
  echoItems(l: unknown[]): unknown[];
  echoFlags(f: unknown): unknown;
  Counter: new (init: number) => Counter;
  callHost(n: number): number;
  callLog(n: number): void;
}
interface LinkApi {
  add(a: number, b: number): number;
  addOnce(a: number, b: number): number;
  addMany(n: number): number;
}
type CoreFn = (...args: unknown[]) => unknown;
type CoreExports = Record<string, CoreFn>;

let logged = 0;
/** The host side of `bench:abi/host` (component imports). */
function hostImports(): Record<string, unknown> {
  return {
    'bench:abi/host': {
      add: (a: number, b: number): number => (a + b) >>> 0,
      log: (msg: string): void => {
        if (msg.length !== 16) throw new Error(`log: unexpected message ${JSON.stringify(msg)}`);
        logged++;
      },
    },
  };
}

/** The same host functions at the core level, for the core baselines. */
function coreImports(memory: object): Record<string, Record<string, unknown>> {
  return {
    env: { mem: memory },
    host: {
      add: (a: number, b: number): number => (a + b) | 0,
      log: (_ptr: number, len: number): void => {
        if (len !== 16) throw new Error('log: unexpected length');
        logged++;
      },
    },
    res: { new: (rep: number): number => rep },
  };
}

function coreInstance(w: HostWasm): CoreExports {
  const inst = new w.Instance(new w.Module(guestBytes), coreImports(new w.Memory({ initial: 17 })));
  return inst.exports as CoreExports;
}

/** link.wasm's two core modules linked core to core (B imports A's exported `add` directly). */
function coreLinked(w: HostWasm): CoreExports {
  const a = new w.Instance(new w.Module(linkABytes), {});
  const b = new w.Instance(new w.Module(linkBBytes), { a: { add: a.exports.add } });
  return { add: a.exports.add as CoreFn, 'add-once': b.exports['add-once'] as CoreFn, 'add-many': b.exports['add-many'] as CoreFn };
}

type JcoInstantiate = (getCoreModule: (name: string) => object, imports: Record<string, unknown>) => Record<string, unknown>;
type Jco = { transpile(bytes: Uint8Array, opts: Record<string, unknown>): Promise<{ files: Record<string, Uint8Array> }> };

/** jco's output for `bytes`, written under `dir/name/` (JS and core modules only). */
async function jcoTranspile(jco: Jco, bytes: Uint8Array, dir: string, name: string): Promise<{ ms: number; dir: string }> {
  const t0 = performance.now();
  const { files } = await jco.transpile(bytes, { name, instantiation: 'sync', quiet: true });
  const ms = performance.now() - t0;
  const out = join(dir, name);
  for (const [file, data] of Object.entries(files)) {
    if (!file.endsWith('.js') && !file.endsWith('.wasm')) continue;
    mkdirSync(dirname(join(out, file)), { recursive: true });
    writeFileSync(join(out, file), data);
  }
  return { ms, dir: out };
}

/** The core modules of a jco output directory, as bytes (read before any timing). */
function jcoCoreBytes(dir: string, name: string): Map<string, Uint8Array> {
  const m = new Map<string, Uint8Array>();
  for (let i = 1; ; i++) {
    const file = `${name}.core${i === 1 ? '' : i}.wasm`;
    try {
      m.set(file, new Uint8Array(readFileSync(join(dir, file))));
    } catch {
      return m;
    }
  }
}

function jcoInstantiate(instantiate: JcoInstantiate, core: Map<string, Uint8Array>, imports: Record<string, unknown>): Record<string, unknown> {
  return instantiate((file) => {
    const b = core.get(file);
    if (!b) throw new Error(`jco asked for a core module ${file} it did not emit`);
    return new Node.Module(b);
  }, imports);
}

// ---------- the rows ----------

type Op = () => unknown;
interface Row {
  readonly name: string;
  /** Payload bytes in guest memory per direction, for GB/s. */
  readonly bytes?: number;
  /** Inner calls per op (guest → host loops): ABI figures are per inner call. */
  readonly inner?: number;
  /** One op on the component; `expect` is what it must return. */
  comp(api: Api): { op: Op; expect: unknown };
  /** The same core work called directly (undefined: no baseline). */
  core?(ex: CoreExports): Op;
}

function text(n: number): string {
  const words = 'the quick brown fox jumps over a lazy dog and keeps running through the wide open field ';
  return words.repeat(Math.ceil(n / words.length) + 1).slice(0, n);
}

function stringRow(size: number, label: string, utf16: boolean): Row {
  const s = text(size);
  return {
    name: `echo-string${utf16 ? '16' : ''} ${label}`,
    bytes: size * (utf16 ? 2 : 1),
    comp: (api) => ({ op: utf16 ? () => api.echoString16(s) : () => api.echoString(s), expect: s }),
    core: (ex) => { const f = ex['echo-pair']!; return () => f(4096, size); },
  };
}

function bytesRow(size: number, label: string): Row {
  const b = new Uint8Array(size);
  for (let i = 0; i < size; i++) b[i] = (i * 31 + 7) & 0xff;
  return {
    name: `echo-bytes ${label}`,
    bytes: size,
    comp: (api) => ({ op: () => api.echoBytes(b), expect: b }),
    core: (ex) => { const f = ex['echo-pair']!; return () => f(4096, size); },
  };
}

const person = {
  name: 'Ada Lovelace',
  email: 'ada@analytical.engine',
  age: 36,
  home: { street: '12 St James Square', city: 'London', zip: 10115 },
  tags: ['mathematician', 'writer', 'programmer'],
};

const shapes = [
  { tag: 'circle', val: 2.5 },
  { tag: 'rect', val: { w: 3, h: 4 } },
  { tag: 'label', val: 'a label of 24 characters' },
  { tag: 'empty' },
];
const shapeFlat: [number, bigint, number][] = [[0, 0x4004000000000000n, 0], [1, 3n, 4], [2, 4096n, 24], [3, 0n, 0]];

const items = Array.from({ length: 1000 }, (_, i) => ({ id: i, value: i * 1.5, name: `item-${i}` }));

const permLabels = ['read', 'write', 'exec', 'list', 'create', 'delete', 'rename', 'chmod', 'chown', 'link', 'lock', 'admin'];
const perms = Object.fromEntries(permLabels.map((l, i) => [l, i % 3 !== 1]));
const permsBits = permLabels.reduce((w, _l, i) => (i % 3 !== 1 ? w | (1 << i) : w), 0);

const HOST_CALLS = 1000;

const ROWS: Row[] = [
  { name: 'nop', comp: (api) => ({ op: () => api.nop(), expect: undefined }), core: (ex) => ex.nop! },
  { name: 'add(u32,u32)', comp: (api) => ({ op: () => api.add(1, 2), expect: 3 }), core: (ex) => { const f = ex.add!; return () => f(1, 2); } },
  stringRow(0, '0 B', false),
  stringRow(16, '16 B', false),
  stringRow(1024, '1 KB', false),
  stringRow(65536, '64 KB', false),
  stringRow(0, '0 B', true),
  stringRow(16, '16 B', true),
  stringRow(1024, '1 KB', true),
  stringRow(65536, '64 KB', true),
  bytesRow(1024, '1 KB'),
  bytesRow(1 << 20, '1 MB'),
  {
    name: 'echo-record (person)',
    comp: (api) => ({ op: () => api.echoRecord(person), expect: person }),
    core: (ex) => { const f = ex['echo-record']!; return () => f(4096, 12, 1, 4112, 21, 36, 4136, 18, 4160, 6, 1, 10115, 4168, 3); },
  },
  {
    name: 'echo-variant (4 cases)',
    comp: (api) => {
      // every case must round-trip (the op's first call checks case 0 again)
      for (const v of shapes) {
        const got = api.echoVariant(v);
        if (!isDeepStrictEqual(got, v)) throw new Error(`echo-variant(${JSON.stringify(v)}) returned ${JSON.stringify(got)}`);
      }
      let i = 0;
      return { op: () => api.echoVariant(shapes[i++ & 3]), expect: shapes[0] };
    },
    core: (ex) => {
      const f = ex['echo-variant']!;
      let i = 0;
      return () => { const a = shapeFlat[i++ & 3]!; return f(a[0], a[1], a[2]); };
    },
  },
  {
    name: 'echo-items list<record> ×1000',
    comp: (api) => ({ op: () => api.echoItems(items), expect: items }),
    core: (ex) => { const f = ex['echo-pair']!; return () => f(4096, 1000); },
  },
  { name: 'echo-flags (12)', comp: (api) => ({ op: () => api.echoFlags(perms), expect: perms }), core: (ex) => { const f = ex.id32!; return () => f(permsBits); } },
  {
    name: 'resource new+get+drop',
    comp: (api) => {
      const C = api.Counter;
      return { op: () => { const c = new C(7); const v = c.get(); (c as unknown as Record<symbol, () => void>)[dispose]!(); return v; }, expect: 7 };
    },
    core: (ex) => {
      const ctor = ex['counter-ctor']!, get = ex['counter-get']!, dtor = ex['counter-dtor']!;
      return () => { const r = ctor(7); const v = get(r); dtor(r); return v; };
    },
  },
  {
    name: `guest→host add ×${HOST_CALLS}`,
    inner: HOST_CALLS,
    comp: (api) => ({ op: () => api.callHost(HOST_CALLS), expect: (HOST_CALLS * (HOST_CALLS - 1)) / 2 }),
    core: (ex) => { const f = ex['call-host']!; return () => f(HOST_CALLS); },
  },
  {
    name: `guest→host log(string 16 B) ×${HOST_CALLS}`,
    inner: HOST_CALLS,
    comp: (api) => ({ op: () => api.callLog(HOST_CALLS), expect: undefined }),
    core: (ex) => { const f = ex['call-log']!; return () => f(HOST_CALLS); },
  },
];

interface LinkRow {
  readonly name: string;
  comp(api: LinkApi): { op: Op; expect: unknown };
  /** The same call on the core modules linked core to core (coreLinked). */
  core(ex: CoreExports): Op;
}
const LINK_ROWS: LinkRow[] = [
  { name: 'A.add from JS (no crossing)', comp: (l) => ({ op: () => l.add(1, 2), expect: 3 }), core: (ex) => { const f = ex.add!; return () => f(1, 2); } },
  { name: 'B.add-once (1 crossing)', comp: (l) => ({ op: () => l.addOnce(1, 2), expect: 3 }), core: (ex) => { const f = ex['add-once']!; return () => f(1, 2); } },
  { name: 'B.add-many(0)', comp: (l) => ({ op: () => l.addMany(0), expect: 0 }), core: (ex) => { const f = ex['add-many']!; return () => f(0); } },
  {
    name: `B.add-many(${HOST_CALLS})`,
    comp: (l) => ({ op: () => l.addMany(HOST_CALLS), expect: (HOST_CALLS * (HOST_CALLS - 1)) / 2 }),
    core: (ex) => { const f = ex['add-many']!; return () => f(HOST_CALLS); },
  },
];

// ---------- timing ----------

let sink: unknown;

/**
 * The clock of the per-call timings, in ns. 'cpu' is this process's CPU time (user + system, all
 * threads): time the process spends descheduled while other work runs on the machine does not
 * count, which wall time cannot avoid on a shared 2-core machine. It includes V8's background
 * threads (concurrent GC, compilation) working for the benchmark.
 */
let clockNs: () => number = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
};

function timeBatch(op: Op, k: number): number {
  const t0 = clockNs();
  for (let i = 0; i < k; i++) sink = op();
  return (clockNs() - t0) / k; // ns per op
}

interface Cell { readonly op: Op; k: number; readonly samples: number[] }

/**
 * Warms `op` up with batches of growing size until warmMs have been spent (V8 tiers the code up;
 * purewasm's interpreter loop settles), then returns the batch size k for batchMs.
 */
function calibrate(op: Op, batchMs: number, warmMs: number): number {
  let k = 1;
  let spentNs = 0;
  let last = 0;
  while (spentNs < warmMs * 1e6 || last === 0) {
    last = timeBatch(op, k);
    spentNs += last * k;
    if (last * k < batchMs * 1e6 * 0.5 && k < 1 << 24) k *= 2;
  }
  return Math.max(1, Math.round((batchMs * 1e6) / Math.max(last, 1e-3)));
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Times the (warmed-up) cells of one row in turns; returns the medians (NaN for a missing cell). */
function timeRow(name: string, cells: (Cell | undefined)[], runs: number, verbose: boolean): number[] {
  for (let r = 0; r < runs; r++) {
    for (const c of cells) if (c) c.samples.push(timeBatch(c.op, c.k));
  }
  if (verbose) {
    cells.forEach((c, i) => {
      if (c) console.log(`  [${name} #${i}] k=${c.k}: ${c.samples.map((x) => x.toFixed(0)).join(' ')} ns`);
    });
  }
  return cells.map((c) => (c ? median(c.samples) : NaN));
}

/** Checks one op against its expected value; returns the op, or why it cannot be timed. */
function checked(make: () => { op: Op; expect: unknown }): Op | string {
  try {
    const { op, expect } = make();
    const got = op();
    if (!isDeepStrictEqual(got, expect)) {
      const show = (v: unknown): string => { const t = JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x)) ?? String(v); return t.length > 80 ? `${t.slice(0, 80)}…` : t; };
      return `WRONG: got ${show(got)}, expected ${show(expect)}`;
    }
    return op;
  } catch (e) {
    return `FAIL: ${e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e)}`;
  }
}

// ---------- formatting ----------

function fmt(ns: number): string {
  if (!Number.isFinite(ns)) return '–';
  const a = Math.abs(ns);
  if (a >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (a >= 1e4) return `${(ns / 1e3).toFixed(1)} µs`;
  if (a >= 1e3) return `${(ns / 1e3).toFixed(2)} µs`;
  return `${ns.toFixed(0)} ns`;
}
function fmtRatio(r: number): string {
  return Number.isFinite(r) && r > 0 ? (r >= 10 ? `${r.toFixed(1)}×` : `${r.toFixed(2)}×`) : '–';
}
function fmtGBs(bytes: number | undefined, ns: number): string {
  return bytes && Number.isFinite(ns) && ns > 0 ? (bytes / ns).toFixed(2) : '';
}

function printTable(title: string, header: string[], rows: string[][], markdown: boolean): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  console.log(`\n${title}`);
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  for (const r of rows) console.log(line(r));
  if (markdown) {
    console.log('');
    console.log(`| ${header.join(' | ')} |`);
    console.log(`| ${header.map(() => '---').join(' | ')} |`);
    for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  }
}

// ---------- cold start ----------

/** Wall and CPU milliseconds of one start (CPU: this process, all threads, as in clockNs). */
type Ms = [wall: number, cpu: number];
interface ColdResult { cold: Ms; second: Ms; load?: Ms }

function timed(f: () => void): Ms {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  f();
  const t1 = performance.now();
  const c = process.cpuUsage(c0);
  return [t1 - t0, (c.user + c.system) / 1000];
}

/** One child process: bytes in memory → first call, then the same again (engine already warm). */
async function coldChild(engine: string, dir: string | undefined): Promise<void> {
  let result: ColdResult;
  if (engine === 'purewasm') {
    const once = (): Ms => timed(() => {
      const api = compileComponent(benchBytes).instantiate(hostImports()).exports.api as Api;
      if (api.add(1, 2) !== 3) throw new Error('wrong result');
    });
    result = { cold: once(), second: once() };
  } else {
    if (!dir) throw new Error('--cold-child jco needs the transpiled directory');
    const core = jcoCoreBytes(dir, 'bench');
    const c0 = process.cpuUsage();
    const l0 = performance.now();
    const { instantiate } = (await import(pathToFileURL(join(dir, 'bench.js')).href)) as { instantiate: JcoInstantiate };
    const lc = process.cpuUsage(c0);
    const load: Ms = [performance.now() - l0, (lc.user + lc.system) / 1000];
    const once = (): Ms => timed(() => {
      const api = jcoInstantiate(instantiate, core, hostImports()).api as Api;
      if (api.add(1, 2) !== 3) throw new Error('wrong result');
    });
    result = { cold: once(), second: once(), load };
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function spawnCold(engine: Engine, dir: string | undefined): Promise<ColdResult> {
  return new Promise((resolve, reject) => {
    const args = ['--import', 'tsx', here('run.ts'), '--cold-child', engine];
    if (dir) args.push(dir);
    const cp = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    cp.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    cp.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    cp.on('close', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      try {
        if (code !== 0) throw new Error(`exit ${code}`);
        resolve(JSON.parse(last) as ColdResult);
      } catch (e) {
        reject(new Error(`cold-start child (${engine}) failed: ${String(e)}\n${err.slice(-2000)}`));
      }
    });
  });
}

// ---------- main ----------

/**
 * jco 1.35's generated bindings call `_debugLog` several times per call, and it reads
 * `process.env.JCO_DEBUG` every time (over half of jco's time per call under node). The
 * 'jco-nolog' variant is the same output with that check replaced by a plain return: what jco
 * costs where the lookup is cheap or absent (e.g. browsers). Undefined if the line is not found.
 */
function withoutDebugLog(js: string): string | undefined {
  const line = 'if (!globalThis?.process?.env?.JCO_DEBUG) { return; }';
  const n = js.split(line).length - 1;
  return n === 1 ? js.replace(line, 'return;') : undefined;
}

function jcoVersion(): string | null {
  try {
    const pkg = join(dir, '../../node_modules/@bytecodealliance/jco/package.json');
    return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
}

async function importInstantiate(file: string): Promise<JcoInstantiate> {
  return ((await import(pathToFileURL(file).href)) as { instantiate: JcoInstantiate }).instantiate;
}

interface Abi { pAbi: number; jAbi: number; qAbi: number; bytes?: number | undefined }

async function main(opts: Options): Promise<void> {
  if (opts.clock === 'wall') clockNs = () => performance.now() * 1e6;
  const useP = opts.engines.includes('purewasm');
  const useJ = opts.engines.includes('jco');
  const useQ = opts.engines.includes('jco-nolog');
  const selected = <T extends { name: string }>(rows: T[]): T[] => rows.filter((r) => !opts.only || opts.only.some((s) => r.name.includes(s)));

  console.log(`bench/abi — node ${process.version} (V8 ${process.versions.v8}), ${process.arch}; ${opts.runs} runs × ${opts.batchMs} ms batches after ${opts.warmMs} ms warm-up per cell, medians, ${opts.clock === 'cpu' ? 'process CPU time' : 'wall time'}`);
  const tStart = performance.now();
  const notes: string[] = [];

  // purewasm
  const pApi = useP ? (compileComponent(benchBytes).instantiate(hostImports()).exports.api as Api) : undefined;
  const pLink = useP ? (compileComponent(linkBytes).instantiate().exports as unknown as LinkApi) : undefined;
  const pCore = useP && opts.core ? coreInstance(PureWasm) : undefined;

  // jco (and its output without the debug-log check)
  let jApi: Api | undefined, jLink: LinkApi | undefined, qApi: Api | undefined, qLink: LinkApi | undefined;
  let nCore: CoreExports | undefined;
  let jcoDir: string | undefined;
  const transpileMs: number[] = [];
  let jcoBenchInstantiate: JcoInstantiate | undefined;
  let jcoBenchCore: Map<string, Uint8Array> | undefined;
  const tmp = mkdtempSync(join(tmpdir(), 'purewasm-bench-abi-'));
  try {
    if (useJ || useQ) {
      const jco = (await import('@bytecodealliance/jco')) as unknown as Jco;
      writeFileSync(join(tmp, 'package.json'), '{ "type": "module" }\n');
      const b = await jcoTranspile(jco, benchBytes, tmp, 'bench');
      transpileMs.push(b.ms);
      for (let i = 0; i < 3; i++) transpileMs.push((await jcoTranspile(jco, benchBytes, join(tmp, 'again'), 'bench')).ms);
      const l = await jcoTranspile(jco, linkBytes, tmp, 'link');
      jcoDir = b.dir;
      jcoBenchCore = jcoCoreBytes(b.dir, 'bench');
      const linkCore = jcoCoreBytes(l.dir, 'link');
      if (useJ) {
        jcoBenchInstantiate = await importInstantiate(join(b.dir, 'bench.js'));
        jApi = jcoInstantiate(jcoBenchInstantiate, jcoBenchCore, hostImports()).api as Api;
        jLink = jcoInstantiate(await importInstantiate(join(l.dir, 'link.js')), linkCore, {}) as unknown as LinkApi;
      }
      if (useQ) {
        for (const [d, name] of [[b.dir, 'bench'], [l.dir, 'link']] as const) {
          const patched = withoutDebugLog(readFileSync(join(d, `${name}.js`), 'utf8'));
          if (patched === undefined) notes.push(`jco-nolog: the debug-log check was not found once in ${name}.js; variant skipped`);
          else writeFileSync(join(d, `${name}-nolog.js`), patched);
        }
        try {
          qApi = jcoInstantiate(await importInstantiate(join(b.dir, 'bench-nolog.js')), jcoBenchCore, hostImports()).api as Api;
          qLink = jcoInstantiate(await importInstantiate(join(l.dir, 'link-nolog.js')), linkCore, {}) as unknown as LinkApi;
        } catch (e) {
          notes.push(`jco-nolog unavailable: ${String(e)}`);
        }
      }
      if (opts.core) nCore = coreInstance(Node);
    }

    // ----- cells: checked once, then all warmed up before any is timed -----
    const cell = <A>(api: A | undefined, engine: string, name: string, make: (api: A) => { op: Op; expect: unknown }): Cell | undefined => {
      if (!api) return undefined;
      const op = checked(() => make(api));
      if (typeof op === 'string') {
        notes.push(`${engine} ${name}: ${op}`);
        return undefined;
      }
      return { op, k: 1, samples: [] };
    };
    const coreCell = (ex: CoreExports | undefined, row: Row): Cell | undefined => (ex && row.core ? { op: row.core(ex), k: 1, samples: [] } : undefined);
    const perCall = selected(ROWS).map((row) => ({
      row,
      cells: [cell(pApi, 'purewasm', row.name, row.comp), coreCell(pCore, row), cell(jApi, 'jco', row.name, row.comp), coreCell(nCore, row),
        cell(qApi, 'jco-nolog', row.name, row.comp)],
    }));
    const pLinkCore = pCore ? coreLinked(PureWasm) : undefined;
    const nLinkCore = nCore ? coreLinked(Node) : undefined;
    const linkCoreCell = (ex: CoreExports | undefined, row: LinkRow): Cell | undefined => (ex ? { op: row.core(ex), k: 1, samples: [] } : undefined);
    const linked = selected(LINK_ROWS).map((row) => ({
      row,
      cells: [cell(pLink, 'purewasm', row.name, row.comp), linkCoreCell(pLinkCore, row), cell(jLink, 'jco', row.name, row.comp),
        linkCoreCell(nLinkCore, row), cell(qLink, 'jco-nolog', row.name, row.comp)],
    }));
    // Warming every cell first means that every row is timed in the same state of V8 (all
    // shapes seen, the interpreter's dispatch loop compiled for all of them), whatever its order.
    for (const { cells } of [...perCall, ...linked]) {
      for (const c of cells) if (c) c.k = calibrate(c.op, opts.batchMs, opts.warmMs);
      process.stderr.write('w');
    }

    // ----- per-call rows -----
    const header = ['shape', 'purewasm', 'core', 'ABI', 'jco', 'node core', 'ABI', 'ratio p/j', 'jco† ABI', 'ratio p/j†', 'GB/s p', 'GB/s j', 'GB/s j†'];
    /** Medians of [purewasm, its core, jco, node core, jco†] → the ABI costs (per inner call). */
    const abiOf = (m: number[], per: number, bytes?: number): Abi => {
      const [pc, pk, jc, jk, qc] = m as [number, number, number, number, number];
      const base = (x: number): number => (Number.isNaN(x) ? 0 : x);
      return { pAbi: (pc - base(pk)) / per, jAbi: (jc - base(jk)) / per, qAbi: (qc - base(jk)) / per, bytes };
    };
    const line = (name: string, m: number[], r: Abi): string[] => {
      const b2 = r.bytes && 2 * r.bytes;
      return [name, fmt(m[0]!), fmt(m[1]!), fmt(r.pAbi), fmt(m[2]!), fmt(m[3]!), fmt(r.jAbi), fmtRatio(r.pAbi / r.jAbi), fmt(r.qAbi),
        fmtRatio(r.pAbi / r.qAbi), fmtGBs(b2, r.pAbi), fmtGBs(b2, r.jAbi), fmtGBs(b2, r.qAbi)];
    };
    /** One row for --json: cell stats over the runs, and the per-run ratios (cells time in turns). */
    const jsonRow = (name: string, samples: (readonly number[] | undefined)[], per: number, bytes: number | undefined, r: Abi): AbiRow => {
      const [p, pk, j, jk, q] = samples;
      const st = (xs: readonly number[] | undefined): Stat | undefined => (xs?.length ? stat(xs) : undefined);
      const at = (xs: readonly number[] | undefined, i: number): number => xs?.[i] ?? 0;
      const perRun = (c: readonly number[] | undefined): Stat | null => {
        if (!p?.length || !c?.length) return null;
        const xs = p.map((_, i) => ((at(p, i) - at(pk, i)) / per) / ((at(c, i) - at(jk, i)) / per));
        return { ...stat(xs), median: r.pAbi / ((c === j ? r.jAbi : r.qAbi)) };
      };
      const num = (x: number): number | null => (Number.isFinite(x) ? x : null);
      const gb = (ns: number): number | null => (bytes && Number.isFinite(ns) && ns > 0 ? (2 * bytes) / ns : null);
      return {
        name, inner: per, bytes: bytes ?? null,
        cells: { purewasm: st(p), purewasmCore: st(pk), jco: st(j), nodeCore: st(jk), jcoNolog: st(q) },
        abi: { purewasm: num(r.pAbi), jco: num(r.jAbi), jcoNolog: num(r.qAbi) },
        ratio: { jco: perRun(j), jcoNolog: perRun(q) },
        gbs: { purewasm: gb(r.pAbi), jco: gb(r.jAbi), jcoNolog: gb(r.qAbi) },
      };
    };
    const json: AbiJson = {
      runs: opts.runs, batchMs: opts.batchMs, warmMs: opts.warmMs, clock: opts.clock, jcoVersion: jcoVersion(), rows: [], link: [], crossing: null, cold: null, notes, seconds: 0,
    };
    const table: string[][] = [];
    const results = new Map<string, Abi>();
    for (const { row, cells } of perCall) {
      const m = timeRow(row.name, cells, opts.runs, opts.verbose);
      const r = abiOf(m, row.inner ?? 1, row.bytes);
      json.rows.push(jsonRow(row.name, cells.map((c) => c?.samples), row.inner ?? 1, row.bytes, r));
      results.set(row.name, r);
      table.push(line(row.inner ? `${row.name} (ABI per call)` : row.name, m, r));
      process.stderr.write('.');
    }
    process.stderr.write('\n');
    if (table.length) {
      printTable('Per call (ABI = component call − the same core function called directly; † = jco without its per-call process.env lookup; '
        + 'GB/s = bytes lowered + lifted per ABI time)', header, table, opts.markdown);
    }

    // ----- cross-component rows -----
    const linkTable: string[][] = [];
    const linkMed = new Map<string, number[]>();
    const linkSamples = new Map<string, (readonly number[] | undefined)[]>();
    for (const { row, cells } of linked) {
      const m = timeRow(row.name, cells, opts.runs, opts.verbose);
      linkMed.set(row.name, m);
      linkSamples.set(row.name, cells.map((c) => c?.samples));
      linkTable.push(line(row.name, m, abiOf(m, 1)));
      json.link.push(jsonRow(row.name, cells.map((c) => c?.samples), 1, undefined, abiOf(m, 1)));
    }
    const many = linkMed.get(`B.add-many(${HOST_CALLS})`);
    const zero = linkMed.get('B.add-many(0)');
    let cross: { total: number; abi: number } | undefined;
    if (many && zero) {
      const m = many.map((x, i) => (x - zero[i]!) / HOST_CALLS);
      const r = abiOf(m, 1);
      cross = { total: m[0]!, abi: r.pAbi };
      const name = `per crossing: (add-many(${HOST_CALLS}) − add-many(0)) / ${HOST_CALLS}`;
      linkTable.push(line(name, m, r));
      const sm = linkSamples.get(`B.add-many(${HOST_CALLS})`)!, sz = linkSamples.get('B.add-many(0)')!;
      json.link.push(jsonRow(name, sm.map((xs, c) => (xs && sz[c] ? xs.map((x, i) => (x - sz[c]![i]!) / HOST_CALLS) : undefined)), 1, undefined, r));
      const fin = (x: number): number | null => (Number.isFinite(x) ? x : null);
      json.crossing = { purewasm: m[0]!, purewasmAbi: r.pAbi, jco: fin(m[2]!), jcoNolog: fin(m[4]!) };
    }
    if (linkTable.length) {
      printTable('Cross-component calls (link.wasm: B calls A\'s add; core = the same two core modules linked core to core)',
        ['call', ...header.slice(1, 10)], linkTable.map((l) => l.slice(0, 10)), opts.markdown);
    }
    for (const n of notes) console.log(`  !! ${n}`);

    // ----- cold start -----
    if (opts.cold && (useP || useJ)) {
      const coldTable: string[][] = [];
      const runs = Math.max(5, Math.min(opts.runs, 7));
      const p: ColdResult[] = [];
      const j: ColdResult[] = [];
      for (let i = 0; i < runs; i++) {
        if (useP) p.push(await spawnCold('purewasm', undefined));
        if (useJ) j.push(await spawnCold('jco', jcoDir));
        process.stderr.write('.');
      }
      process.stderr.write('\n');
      // in this process (both engines warm): bytes → first call
      const warm = (once: () => void): Ms => {
        const xs: Ms[] = [];
        for (let i = 0; i < runs; i++) xs.push(timed(once));
        return [median(xs.map((x) => x[0])), median(xs.map((x) => x[1]))];
      };
      const none: Ms = [NaN, NaN];
      const ms = (x: Ms): string => (!Number.isFinite(x[0]) ? '–' : Number.isFinite(x[1]) ? `${x[0].toFixed(1)} / ${x[1].toFixed(1)} ms` : `${x[0].toFixed(1)} ms`);
      const pWarm = useP ? warm(() => { (compileComponent(benchBytes).instantiate(hostImports()).exports.api as Api).add(1, 2); }) : none;
      const jWarm = useJ && jcoBenchInstantiate && jcoBenchCore
        ? warm(() => { (jcoInstantiate(jcoBenchInstantiate!, jcoBenchCore!, hostImports()).api as Api).add(1, 2); }) : none;
      const med = (xs: ColdResult[], f: (r: ColdResult) => Ms | undefined): Ms =>
        (xs.length ? [median(xs.map((r) => f(r)?.[0] ?? NaN)), median(xs.map((r) => f(r)?.[1] ?? NaN))] : none);
      const coldJson: NonNullable<AbiJson['cold']>['rows'] = [];
      const both = (label: string, pv: Ms, jv: Ms): void => {
        coldTable.push([label, pv === none ? '' : ms(pv), jv === none ? '' : ms(jv)]);
        const wc = (x: Ms): WallCpu | null => (Number.isFinite(x[0]) ? [x[0], x[1]] : null);
        coldJson.push({ label, purewasm: wc(pv), jco: wc(jv) });
      };
      both('bytes → first call, fresh process', med(p, (r) => r.cold), med(j, (r) => r.cold));
      both('same, second time in that process', med(p, (r) => r.second), med(j, (r) => r.second));
      both('same, in a long-running process', pWarm, jWarm);
      if (useJ) {
        both('jco: import the generated JS (fresh process)', none, med(j, (r) => r.load));
        both('jco: `transpile`, first in a process (wall)', none, [transpileMs[0]!, NaN]);
        both('jco: `transpile` again (wall, median of 3)', none, [median(transpileMs.slice(1)), NaN]);
      }
      json.cold = { runs, componentBytes: benchBytes.length, rows: coldJson };
      printTable(`Cold start of bench.wasm (${benchBytes.length} bytes; wall / CPU ms, medians of ${runs} child processes; jco from its transpiled output)`,
        ['', 'purewasm', 'jco'], coldTable, opts.markdown);
    }

    // ----- aims -----
    if (useP && (useJ || useQ)) {
      console.log('\nAims (against jco as shipped; † against jco without its process.env lookup)');
      const verdict = (ok: boolean): string => (ok ? 'met' : 'NOT met');
      const aim = (label: string, names: string[]): void => {
        const rs = names.map((n) => [n, results.get(n)] as const).filter((x): x is [string, Abi] => x[1] !== undefined);
        if (!rs.length) return;
        const worst = (f: (r: Abi) => number): number => Math.max(...rs.map(([, r]) => f(r)));
        const list = (f: (r: Abi) => number): string => rs.map(([n, r]) => `${n} ${fmtRatio(f(r))}`).join(', ');
        if (useJ) console.log(`  purewasm ABI cost ≤ jco's, ${label}: ${verdict(worst((r) => r.pAbi / r.jAbi) <= 1)} (${list((r) => r.pAbi / r.jAbi)})`);
        if (useQ) console.log(`  † ${label}: ${verdict(worst((r) => r.pAbi / r.qAbi) <= 1)} (${list((r) => r.pAbi / r.qAbi)})`);
      };
      aim('scalar', ['nop', 'add(u32,u32)']);
      aim('string', ROWS.filter((r) => r.name.startsWith('echo-string')).map((r) => r.name));
      aim('record', ['echo-record (person)']);
      for (const n of ['echo-bytes 1 KB', 'echo-bytes 1 MB']) {
        const r = results.get(n);
        if (r?.bytes) console.log(`  list<u8> lift/lower ≥ 1 GB/s, ${n}: ${verdict((2 * r.bytes) / r.pAbi >= 1)} (${fmtGBs(2 * r.bytes, r.pAbi)} GB/s)`);
      }
      if (cross) console.log(`  cross-component add ≤ 1 µs: ${verdict(cross.total <= 1000)} (${fmt(cross.total)} per call, of which ABI ${fmt(cross.abi)})`);
    }
    json.seconds = (performance.now() - tStart) / 1000;
    if (opts.json !== undefined) writeFileSync(opts.json, JSON.stringify(json, null, 1));
    console.log(`\ntotal ${json.seconds.toFixed(1)} s; logged ${logged} host messages; sink ${typeof sink}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const opts = parseArgs(process.argv.slice(2));
if (opts.coldChild !== undefined) await coldChild(opts.coldChild, opts.coldDir);
else await main(opts);
