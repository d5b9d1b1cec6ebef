// bench/seed-table: the article's table (issue 9, part 2) reproduced on this machine, in one run.
// Rows: metadata extraction, JPEG compression at Q80, batch grayscale of 100 images, 1 and
// 1,000 cross-component calls, cold start, memory. Columns: native (the image-service's own
// Rust source compiled for x86-64, bench/seed-table/native), jco + node's WebAssembly (V8),
// purewasm, purewasm under `node --jitless` (a child process; node has no WebAssembly there,
// so jco has no --jitless column). Spec of the calls measured: component-model
// design/mvp/CanonicalABI.md §"canon lift", §"canon lower" (every call below crosses them).
//
//   npm run bench:seed-table [-- --runs N] [--markdown] [--json FILE]
//     --runs N      timed runs per cell (default 7; the --jitless cells and the fresh processes
//                   use max(5, N - 2)); a cell is their median, min–max beside it
//     --markdown    also print the table as markdown
//     --json FILE   also write the table as JSON, values in each row's unit
//                   (bench/report/types.ts: SeedTableJson)
//   internal: --child rows            (run under --jitless) time the rows, print one JSON line
//             --child cold ENGINE DIR fresh process: bytes → first extract, then the memory workload
//
// What each row runs (inputs: test/fixtures/image-service/samples):
//   metadata     metadata.extract of png-rgba8.png, then of jpeg-baseline.jpg (time of the pair)
//   JPEG Q80     compressor-js (test/fixtures/compressor-js) compression.compress of the 37×23
//                RGBA sample base-37x23.rgba, quality 80, baseline
//   grayscale    transform.apply-batch of 100 copies of that 37×23 image, operation grayscale
//   1 call       bench/abi/link.wasm add-once(1, 2): JS → component B, whose core code calls
//                component A's `add` once (one component → component crossing), per call
//   1,000 calls  link.wasm add-many(1000): B's core calls A's `add` 1,000 times, per add-many
//   cold start   fresh process, module loading excluded: image-service bytes → compile →
//                instantiate → first metadata.extract of the PNG (jco: its transpiled output,
//                made beforehand, the core modules compiled by V8; native: the first extract)
//   memory       same fresh process, after the first extract: extract the JPEG, apply-batch
//                grayscale of 100; RSS delta (memoryUsage().rss at the end, instance alive, minus
//                the same after module loading and a gc; the peak, maxRSS, is already set by
//                module loading, so its delta reads 0; native: peak, VmHWM) and heap delta (heapUsed + external after
//                gc, instance alive, minus the same before it)
// Timing: each cell is warmed up (300 ms; --jitless: one call), its batch sized to ≥ 50 ms, then
// timed runs of that batch; wall clock (performance.now). Results are checked: every engine's
// JPEG bytes, grayscale pixels, extracts and sums must agree.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { compileComponent } from '../../src/index.js';
import type { SeedTableJson } from '../report/types.js';

// componentize-qjs output (compressor-js) uses extended-const, behind a flag in node 20's V8
if (!process.execArgv.includes('--jitless')) setFlagsFromString('--experimental-wasm-extended-const');

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const path = (p: string): string => join(ROOT, p);
const read = (p: string): Uint8Array => new Uint8Array(readFileSync(path(p)));
const SAMPLES = 'test/fixtures/image-service/samples';
const IMAGE_SERVICE = 'test/fixtures/image-service/image-service.component.wasm';
const COMPRESSOR = 'test/fixtures/compressor-js/compressor-js.component.wasm';
const LINK = 'bench/abi/link.wasm';
const PNG = `${SAMPLES}/png-rgba8.png`;
const JPEG = `${SAMPLES}/jpeg-baseline.jpg`;
const RGBA = `${SAMPLES}/base-37x23.rgba`;
const IMAGES = 100;

const argv = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const RUNS = Math.max(5, Math.floor(Number(opt('--runs') ?? 7)));
const SLOW_RUNS = Math.max(5, RUNS - 2);
/** timed runs per cell of the native harness (RUNS in native/main.rs) */
const NATIVE_RUNS = 9;

// ---------- the workloads, on one engine ----------

interface RgbaImage { width: number; height: number; pixels: Uint8Array }
interface Info { format: string; width: number; height: number }
interface ImageService {
  metadata: { extract(d: Uint8Array): Info };
  transform: { applyBatch(imgs: RgbaImage[], op: { tag: 'grayscale' }): Array<{ tag: 'ok'; val: RgbaImage } | { tag: 'err'; val: unknown }> };
}
interface Compressor { compression: { compress(img: RgbaImage, o: { quality: number; maxDimension?: number; progressive: boolean }): { data: Uint8Array } } }
interface Link { addOnce(a: number, b: number): number; addMany(n: number): number }
const logging = { 'image-service:api/logging': { log: (_level: string, _message: string): void => {} } };

type Engine = 'native' | 'jco' | 'purewasm' | 'jitless';
const ENGINES: readonly Engine[] = ['native', 'jco', 'purewasm', 'jitless'];
const ENGINE_NAMES: Record<Engine, string> = { native: 'native (x86-64)', jco: 'jco + V8', purewasm: 'purewasm', jitless: 'purewasm --jitless' };
type RowKey = 'metadata' | 'jpeg' | 'grayscale' | 'call1' | 'call1000' | 'cold' | 'rss' | 'heap';

/** One workload: `op` is timed; `check` is a digest of its result that every engine must agree on. */
interface Work { op: () => unknown; check: () => string }

const sum = (b: Uint8Array): number => b.reduce((a, x) => (a + x) | 0, 0);
const image = (): RgbaImage => ({ width: 37, height: 23, pixels: read(RGBA) });

async function instantiateAll(engine: 'jco' | 'purewasm'): Promise<{ svc: ImageService; comp: Compressor; link: Link }> {
  if (engine === 'purewasm') {
    return {
      svc: compileComponent(read(IMAGE_SERVICE)).instantiate(logging).exports as unknown as ImageService,
      comp: compileComponent(read(COMPRESSOR)).instantiate(logging).exports as unknown as Compressor,
      link: compileComponent(read(LINK)).instantiate().exports as unknown as Link,
    };
  }
  const { jcoInstantiate } = await import('../../test/fixtures/compressor-js/jco-oracle.js');
  return {
    svc: (await jcoInstantiate(read(IMAGE_SERVICE), logging)) as unknown as ImageService,
    comp: (await jcoInstantiate(read(COMPRESSOR), logging)) as unknown as Compressor,
    link: (await jcoInstantiate(read(LINK), {})) as unknown as Link,
  };
}

async function workloads(engine: 'jco' | 'purewasm'): Promise<Record<'metadata' | 'jpeg' | 'grayscale' | 'call1' | 'call1000', Work>> {
  const { svc, comp, link } = await instantiateAll(engine);
  const png = read(PNG);
  const jpeg = read(JPEG);
  const batch = Array.from({ length: IMAGES }, image);
  const one = image();
  const gray = { tag: 'grayscale' as const };
  const q80 = { quality: 80, maxDimension: undefined, progressive: false };
  return {
    metadata: {
      op: () => svc.metadata.extract(png).width + svc.metadata.extract(jpeg).width,
      check: () => JSON.stringify([svc.metadata.extract(png), svc.metadata.extract(jpeg)], (_k, v: unknown) => (typeof v === 'bigint' ? `${v}` : v)),
    },
    jpeg: { op: () => comp.compression.compress(one, q80), check: () => `${sum(comp.compression.compress(one, q80).data)}` },
    grayscale: { op: () => svc.transform.applyBatch(batch, gray), check: () => svc.transform.applyBatch(batch, gray).map((r) => (r.tag === 'ok' ? sum(r.val.pixels) : JSON.stringify(r.val))).join(',') },
    call1: { op: () => link.addOnce(1, 2), check: () => `${link.addOnce(1, 2)}` },
    call1000: { op: () => link.addMany(1000), check: () => `${link.addMany(1000)}` },
  };
}

// ---------- timing ----------

/** median, min, max (ms per op) */
type Cell = [number, number, number];
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const cell = (xs: number[]): Cell => [median(xs), Math.min(...xs), Math.max(...xs)];

function measure(op: () => unknown, runs: number, warmMs: number, batchMs = 50): Cell {
  const t0 = performance.now();
  if (warmMs > 0) do op(); while (performance.now() - t0 < warmMs);
  const xs: number[] = [];
  let n = 1;
  for (;;) {
    const t = performance.now();
    for (let i = 0; i < n; i++) op();
    const ms = performance.now() - t;
    if (ms >= batchMs) {
      if (n === 1) xs.push(ms); // a slow op: this was already one timed run
      break;
    }
    n *= 2;
  }
  while (xs.length < runs) {
    const t = performance.now();
    for (let i = 0; i < n; i++) op();
    xs.push((performance.now() - t) / n);
  }
  return cell(xs);
}

type Measured = Partial<Record<RowKey, Cell>> & { checks?: Record<string, string> };

async function timeRows(engine: 'jco' | 'purewasm', jitless: boolean): Promise<Measured> {
  const w = await workloads(engine);
  const out: Measured = { checks: {} };
  for (const [key, work] of Object.entries(w) as Array<[RowKey, Work]>) {
    out.checks![key] = work.check(); // also the first call (translation, JIT) of each workload
    out[key] = measure(work.op, jitless ? SLOW_RUNS : RUNS, jitless ? 0 : 300);
  }
  return out;
}

// ---------- cold start and memory (one fresh process per run) ----------

interface ColdResult { total: number; rssKiB: number; heapKiB: number }

async function coldChild(engine: string, dir: string): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('the cold child needs --expose-gc');
  const bytes = read(IMAGE_SERVICE);
  const png = read(PNG);
  const jpeg = read(JPEG);
  const rgba = read(RGBA);
  // module loading first (not in the window), then the baseline
  const jcoMod = engine === 'jco' ? ((await import(pathToFileURL(join(dir, 'image-service.js')).href)) as { instantiate(get: (p: string) => object, i: object): ImageService }) : undefined;
  const cores = engine === 'jco' ? (JSON.parse(readFileSync(join(dir, 'cores.json'), 'utf8')) as string[]).map((n) => [n, new Uint8Array(readFileSync(join(dir, n)))] as const) : [];
  gc();
  const heap0 = process.memoryUsage();
  const t0 = performance.now();
  let svc: ImageService;
  if (jcoMod) {
    const V8 = (globalThis as unknown as { WebAssembly: { Module: new (b: Uint8Array) => object } }).WebAssembly;
    const mods = new Map(cores.map(([n, b]) => [n, new V8.Module(b)]));
    svc = jcoMod.instantiate((p) => mods.get(p)!, logging);
  } else {
    svc = compileComponent(bytes).instantiate(logging).exports as unknown as ImageService;
  }
  if (svc.metadata.extract(png).width !== 37) throw new Error('wrong extract');
  const total = performance.now() - t0;
  const batch = Array.from({ length: IMAGES }, () => ({ width: 37, height: 23, pixels: rgba.slice() }));
  const kept = [svc.metadata.extract(jpeg), svc.transform.applyBatch(batch, { tag: 'grayscale' })];
  const rssKiB = (process.memoryUsage().rss - heap0.rss) / 1024;
  gc();
  const heap1 = process.memoryUsage();
  const heapKiB = (heap1.heapUsed + heap1.external - heap0.heapUsed - heap0.external) / 1024;
  if (kept.length !== 2 || svc === undefined) throw new Error('unreachable');
  console.log(JSON.stringify({ total, rssKiB, heapKiB } satisfies ColdResult));
}

function spawnJson<T>(cmd: string, args: string[]): T {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as T;
}
const nodeArgs = (jitless: boolean, ...rest: string[]): string[] => [...(jitless ? ['--jitless'] : []), '--expose-gc', '--import', 'tsx', SELF, ...rest];

// ---------- the parent ----------

const ROWS: Array<{ key: RowKey; name: string; unit: 'µs' | 'ms' | 'MB'; article: string }> = [
  { key: 'metadata', name: 'metadata extraction (PNG + JPEG)', unit: 'µs', article: 'component 1.5× native' },
  { key: 'jpeg', name: 'JPEG compression, Q80 (37×23)', unit: 'ms', article: 'component 1.16× native' },
  { key: 'grayscale', name: 'batch grayscale, 100 images (37×23)', unit: 'ms', article: 'component 1.21× native' },
  { key: 'call1', name: '1 cross-component call (add-once)', unit: 'µs', article: '0.3 µs' },
  { key: 'call1000', name: '1,000 cross-component calls (add-many)', unit: 'ms', article: '0.28 ms' },
  { key: 'cold', name: 'cold start, bytes → first extract', unit: 'ms', article: '3 ms' },
  { key: 'rss', name: 'memory: RSS delta (native: peak)', unit: 'MB', article: '4 MB' },
  { key: 'heap', name: 'memory: heap delta (JS heap + external)', unit: 'MB', article: '4 MB' },
];
const SKIPPED: Partial<Record<Engine, Partial<Record<RowKey, string>>>> = {
  native: {
    jpeg: 'the encoder is JavaScript (compressor-js/jpeg.js), there is no native source',
    call1: 'link.wasm is hand-written WAT; a native call has no component boundary',
    call1000: 'as above',
    heap: 'no JS heap',
  },
  jitless: {},
};

const num = (v: number, unit: string): string => {
  const x = unit === 'µs' ? v * 1000 : unit === 'MB' ? v / 1024 : v;
  const a = Math.abs(x);
  return a >= 100 ? x.toFixed(0) : a >= 10 ? x.toFixed(1) : a >= 1 ? x.toFixed(2) : a >= 0.01 ? x.toFixed(3) : x.toPrecision(2);
};
const show = (c: Cell | undefined, unit: string): string => (c ? `${num(c[0], unit)} (${num(c[1], unit)}–${num(c[2], unit)})` : '—');
const ratio = (a: Cell | undefined, b: Cell | undefined): string => (a && b && b[0] > 0 ? `${(a[0] / b[0]).toFixed(a[0] / b[0] >= 100 ? 0 : 2)}×` : '—');

async function main(): Promise<void> {
  const started = performance.now();
  const results: Record<Engine, Measured> = { native: {}, jco: {}, purewasm: {}, jitless: {} };
  const tmp = mkdtempSync(join(tmpdir(), 'bench-seed-table-'));
  try {
    // native: build the harness (same rustc and opt-level as the wasm32 build)
    const exe = join(tmp, 'native');
    const b = spawnSync('sh', [join(ROOT, 'bench/seed-table/native/build.sh'), exe], { encoding: 'utf8' });
    if (b.status !== 0) throw new Error(`native build failed: ${b.stderr}`);
    const nb = spawnJson<{ metadata: Cell; grayscale: Cell }>(exe, ['bench', path(PNG), path(JPEG), path(RGBA)]);
    results.native.metadata = nb.metadata;
    results.native.grayscale = nb.grayscale;
    console.error(`native done (${((performance.now() - started) / 1000).toFixed(0)} s)`);

    results.jco = await timeRows('jco', false);
    console.error(`jco done (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    results.purewasm = await timeRows('purewasm', false);
    console.error(`purewasm done (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    results.jitless = spawnJson<Measured>(process.execPath, nodeArgs(true, '--child', 'rows'));
    console.error(`purewasm --jitless done (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    for (const e of ['purewasm', 'jitless'] as const) {
      for (const [k, v] of Object.entries(results.jco.checks!)) {
        if (results[e].checks![k] !== v) throw new Error(`${ENGINE_NAMES[e]} and jco disagree on ${k}: ${results[e].checks![k]?.slice(0, 200)} vs ${v.slice(0, 200)}`);
      }
    }

    // cold start and memory: jco's output is transpiled beforehand
    const { transpile } = await import('@bytecodealliance/jco');
    const { files } = await transpile(read(IMAGE_SERVICE), { name: 'image-service', instantiation: 'sync', noTypescript: true } as Parameters<typeof transpile>[1]);
    const cores: string[] = [];
    for (const [name, d] of Object.entries(files as Record<string, Uint8Array>)) {
      if (name.endsWith('.js') || name.endsWith('.wasm')) writeFileSync(join(tmp, name), d);
      if (name.endsWith('.wasm')) cores.push(name);
    }
    writeFileSync(join(tmp, 'cores.json'), JSON.stringify(cores));
    const colds: Record<Engine, ColdResult[]> = { native: [], jco: [], purewasm: [], jitless: [] };
    for (let r = 0; r < SLOW_RUNS; r++) {
      // interleaved, so drift hits all alike
      const n = spawnJson<{ firstCall: number }>(exe, ['cold', path(PNG)]);
      const m = spawnJson<{ rssBeforeKiB: number; rssAfterKiB: number }>(exe, ['memory', path(PNG), path(JPEG), path(RGBA)]);
      colds.native.push({ total: n.firstCall, rssKiB: m.rssAfterKiB - m.rssBeforeKiB, heapKiB: NaN });
      colds.jco.push(spawnJson<ColdResult>(process.execPath, nodeArgs(false, '--child', 'cold', 'jco', tmp)));
      colds.purewasm.push(spawnJson<ColdResult>(process.execPath, nodeArgs(false, '--child', 'cold', 'purewasm', tmp)));
      colds.jitless.push(spawnJson<ColdResult>(process.execPath, nodeArgs(true, '--child', 'cold', 'purewasm', tmp)));
    }
    for (const e of ENGINES) {
      results[e].cold = cell(colds[e].map((c) => c.total));
      results[e].rss = cell(colds[e].map((c) => c.rssKiB));
      if (e !== 'native') results[e].heap = cell(colds[e].map((c) => c.heapKiB));
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const seconds = (performance.now() - started) / 1000;

  // ---------- the table ----------
  const head = ['row (unit)', ...ENGINES.map((e) => ENGINE_NAMES[e]), 'article', 'purewasm / jco', 'purewasm / native', 'jitless / native', 'jco / native'];
  const body = ROWS.map(({ key, name, unit, article }) => [
    `${name} (${unit})`,
    ...ENGINES.map((e) => (results[e][key] ? show(results[e][key], unit) : SKIPPED[e]?.[key] ? '—' : show(undefined, unit))),
    article,
    ratio(results.purewasm[key], results.jco[key]),
    ratio(results.purewasm[key], results.native[key]),
    ratio(results.jitless[key], results.native[key]),
    ratio(results.jco[key], results.native[key]),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (r: string[]): string => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\nnode ${process.version}, ${cpus()[0]?.model ?? '?'} ×${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB; ` +
    `median (min–max) of ${RUNS} runs (--jitless rows, cold start and memory: ${SLOW_RUNS}); whole run ${seconds.toFixed(0)} s\n`);
  console.log(line(head));
  for (const r of body) console.log(line(r));
  console.log('\nnot measured:');
  for (const e of ENGINES) for (const [k, why] of Object.entries(SKIPPED[e] ?? {})) console.log(`  ${ENGINE_NAMES[e]}, ${ROWS.find((r) => r.key === k)!.name}: ${why}`);
  console.log('  jco + V8 under --jitless: node has no WebAssembly with --jitless');
  const jsonFile = opt('--json');
  if (jsonFile !== undefined) {
    const conv = (v: number, unit: string): number => (unit === 'µs' ? v * 1000 : unit === 'MB' ? v / 1024 : v);
    const out: SeedTableJson = {
      runs: RUNS,
      slowRuns: SLOW_RUNS,
      engines: ENGINE_NAMES,
      rows: ROWS.map(({ key, name, unit, article }) => ({
        key, name, unit, article,
        cells: Object.fromEntries(ENGINES.map((e) => {
          const c = results[e][key];
          return [e, c ? { median: conv(c[0], unit), min: conv(c[1], unit), max: conv(c[2], unit), n: key === 'cold' || key === 'rss' || key === 'heap' || e === 'jitless' ? SLOW_RUNS : e === 'native' ? NATIVE_RUNS : RUNS } : null];
        })) as SeedTableJson['rows'][number]['cells'],
        skipped: Object.fromEntries(ENGINES.flatMap((e) => (SKIPPED[e]?.[key] ? [[e, SKIPPED[e]![key]!]] : []))),
      })),
      notMeasured: [
        ...ENGINES.flatMap((e) => Object.entries(SKIPPED[e] ?? {}).map(([k, why]) => `${ENGINE_NAMES[e]}, ${ROWS.find((r) => r.key === k)!.name}: ${why}`)),
        'jco + V8 under --jitless: node has no WebAssembly with --jitless',
      ],
      seconds,
    };
    writeFileSync(jsonFile, JSON.stringify(out, null, 1));
  }
  if (argv.includes('--markdown')) {
    console.log(`\n| ${head.join(' | ')} |\n|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`);
    for (const r of body) console.log(`| ${r.join(' | ')} |`);
  }
}

const role = opt('--child');
if (role === 'rows') console.log(JSON.stringify(await timeRows('purewasm', true)));
else if (role === 'cold') await coldChild(argv[argv.indexOf('cold') + 1]!, argv[argv.indexOf('cold') + 2]!);
else await main();
