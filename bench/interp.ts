// bench/interp: execution speed of purewasm's interpreter next to node's native WebAssembly and
// two pure-JS engines (polywasm, webassemblyjs), on the kernels in bench/kernels/ (see
// bench/kernels/README.md), all in one run.
//
//   npm run bench:interp [-- options]
//     --scale X        multiply every kernel's work by X (n × X; mandel n × √X; fib n + log_φ X)
//     --runs N         timed runs per cell (default 5); the cell shows their median
//     --only a,b       only these kernels
//     --engines a,b    only these engines (node, purewasm, polywasm, webassemblyjs)
//     --timeout S      give up on a cell after S seconds (default 20): "TIMEOUT"; also
//                      --timeout ENGINE=S for one engine (repeatable)
//     --budget S       cap on a cell's timed runs (default 10 s): a slower cell gets fewer runs (*)
//     --jitless        after the normal table, run the table again in a `node --jitless` child
//     --jitless-scale X  sizes in that child are --scale times X (default 0.1: no JIT is slow)
//     --jitless-engines a,b  engines in that child (default: those of --engines)
//     --json FILE      also write the results as JSON (bench/report/types.ts: InterpJson; with
//                      --jitless the child's table is in it as jitlessTable)
//     --jitless-child  (internal) be that child: no node column, ratios vs node (JIT) times at
//                      the same sizes, which the parent measures and passes along
//
// Per kernel and engine: instantiate once, warm up once, then the median of N timed runs
// (performance.now()). Every result must equal node's checksum, else the cell says WRONG.
// node runs in this thread; every other engine runs each cell in a fresh worker thread, so a
// hang (TIMEOUT) or a heap blow-up (FAIL) in one cell cannot stop the benchmark.

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { kernels, scaledN, type Kernel } from './kernels/kernels.js';
import { ENGINES, errorText, hasInstance, measureCell, type CellJob, type CellResult, type EngineName } from './interp-engines.js';
import type { InterpJson } from './report/types.js';

// ---------- options ----------

interface Options {
  scale: number;
  runs: number;
  only: string[] | undefined;
  engines: EngineName[];
  timeoutS: number;
  /** per-engine --timeout ENGINE=S */
  timeouts: Partial<Record<EngineName, number>>;
  budgetS: number;
  jitless: boolean;
  jitlessScale: number;
  jitlessChild: boolean;
  jitlessEngines: EngineName[] | undefined;
  json: string | undefined;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { scale: 1, runs: 5, only: undefined, engines: [...ENGINES], timeoutS: 20, timeouts: {}, budgetS: 10, jitless: false, jitlessScale: 0.1, jitlessChild: false, jitlessEngines: undefined, json: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) usage(`${flag} needs a value`);
      return v;
    };
    const num = (min: number): number => {
      const v = Number(value());
      if (!Number.isFinite(v) || v < min) usage(`${flag} needs a number >= ${min}`);
      return v;
    };
    switch (flag) {
      case '--scale': o.scale = num(1e-6); break;
      case '--runs': o.runs = Math.floor(num(1)); break;
      case '--only': o.only = value().split(',').filter(Boolean); break;
      case '--engines': o.engines = engineList(value()); break;
      case '--jitless-engines': o.jitlessEngines = engineList(value()); break;
      case '--json': o.json = value(); break;
      case '--timeout': {
        const v = inline ?? argv[i + 1];
        const m = v === undefined ? null : /^([a-z]+)=([0-9.]+)$/.exec(v);
        if (m) {
          i += inline === undefined ? 1 : 0;
          if (!(ENGINES as readonly string[]).includes(m[1]!) || !(Number(m[2]) >= 0.1)) usage(`bad --timeout ${v}`);
          o.timeouts[m[1] as EngineName] = Number(m[2]);
        } else {
          o.timeoutS = num(0.1);
        }
        break;
      }
      case '--budget': o.budgetS = num(0); break;
      case '--jitless': o.jitless = true; break;
      case '--jitless-scale': o.jitlessScale = num(1e-6); break;
      case '--jitless-child': o.jitlessChild = true; break;
      case '--help': case '-h': usage(); break;
      default: usage(`unknown option ${a}`);
    }
  }
  if (o.only) for (const k of o.only) if (!kernels.some((x) => x.name === k)) usage(`unknown kernel ${k} (have: ${kernels.map((x) => x.name).join(', ')})`);
  return o;
}

function engineList(v: string): EngineName[] {
  const es = v.split(',').filter(Boolean);
  for (const e of es) if (!(ENGINES as readonly string[]).includes(e)) usage(`unknown engine ${e}`);
  return ENGINES.filter((e) => es.includes(e));
}

function usage(problem?: string): never {
  const lines = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n');
  const text = lines.slice(0, lines.findIndex((l) => !l.startsWith('//')));
  if (problem) console.error(`bench/interp: ${problem}`);
  console.error(text.map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
  process.exit(problem ? 2 : 0);
}

const opts = parseArgs(process.argv.slice(2));
const kernelDir = fileURLToPath(new URL('./kernels/', import.meta.url));
const selected = kernels.filter((k) => !opts.only || opts.only.includes(k.name));
const others = opts.engines.filter((e): e is Exclude<EngineName, 'node'> => e !== 'node');
const showNode = opts.engines.includes('node');

/** What the parent tells a --jitless child about each kernel: n, node's checksum and time. */
type Expectations = Record<string, { n: number; checksum: number; nodeMs: number | undefined }>;
const EXPECT_ENV = 'PUREWASM_BENCH_INTERP_EXPECT';

// ---------- running cells ----------

function wasmFile(k: Kernel): string {
  return `${kernelDir}${k.name}.wasm`;
}

/** node's native WebAssembly, in this thread. Also cross-checks sha256 against node:crypto. */
async function nodeCell(k: Kernel, n: number): Promise<CellResult> {
  const bytes = new Uint8Array(readFileSync(wasmFile(k)));
  const r = await measureCell({ engine: 'node', file: wasmFile(k), n, expected: undefined, runs: opts.runs, budgetMs: opts.budgetS * 1000 }, bytes);
  if (r.status === 'ok' && k.name === 'sha256') {
    type Host = { Module: new (b: Uint8Array) => object; Instance: new (m: object, i: object) => { exports: unknown } };
    const host = (globalThis as unknown as { WebAssembly: Host }).WebAssembly;
    const inst = new host.Instance(new host.Module(bytes), {});
    const ex = inst.exports as { run(n: number): number; digest(): number; memory: { buffer: ArrayBuffer } };
    ex.run(n);
    const ours = Buffer.from(new Uint8Array(ex.memory.buffer, ex.digest(), 32)).toString('hex');
    const data = Buffer.alloc(n);
    for (let i = 0; i < n; i++) data[i] = ((i & 0xffff) * 31 + 7) & 0xff;
    const ref = createHash('sha256').update(data).digest('hex');
    if (ours !== ref) console.log(`!! sha256 kernel disagrees with node:crypto: ${ours} vs ${ref}`);
  }
  return r;
}

let tsxApi: string | undefined;
function tsxApiUrl(): string {
  if (!tsxApi) {
    try {
      tsxApi = import.meta.resolve('tsx/esm/api');
    } catch {
      tsxApi = 'tsx/esm/api';
    }
  }
  return tsxApi;
}

/** One cell of a non-node engine, in a fresh worker thread (bench/interp-worker.ts via tsx). */
function workerCell(job: CellJob): Promise<CellResult> {
  const workerUrl = new URL('./interp-worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsxApiUrl())}).then((api) => api.tsImport(${JSON.stringify(workerUrl)}, ${JSON.stringify(workerUrl)}))`;
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: CellResult): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      // resolve only once the thread is gone, so it cannot compete with the next cell
      worker.terminate().then(() => resolve(r), () => resolve(r));
    };
    const worker = new Worker(boot, { eval: true, workerData: job, resourceLimits: { maxOldGenerationSizeMb: 2048 }, stdout: false, stderr: false });
    const seconds = opts.timeouts[job.engine] ?? opts.timeoutS;
    const timer = setTimeout(() => finish({ status: 'timeout', seconds }), seconds * 1000);
    worker.on('message', (m: CellResult) => finish(m));
    worker.on('error', (e) => {
      const code = (e as { code?: string }).code;
      finish({ status: 'fail', message: code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'out of memory (heap > 2 GB)' : errorText(e) });
    });
    worker.on('exit', (c) => finish({ status: 'fail', message: `worker exited (${c}) without a result` }));
  });
}

// ---------- table ----------

const footnotes: string[] = [];
function note(engine: string, kernel: string, text: string): string {
  const line = `${engine} on ${kernel}: ${text}`;
  let i = footnotes.indexOf(line);
  if (i < 0) i = footnotes.push(line) - 1;
  return `[${i + 1}]`;
}

const W_KERNEL = 9, W_N = 10, W_NODE = 9, W_CELL = 24;
let fewerRuns = false;

function fmtMs(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
}
function fmtRatio(r: number): string {
  return r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r.toFixed(2);
}

function cellText(engine: string, k: Kernel, r: CellResult, nodeMs: number | undefined): string {
  switch (r.status) {
    case 'ok': {
      const star = r.runs < opts.runs ? '*' : '';
      if (star) fewerRuns = true;
      const unchecked = r.checked ? '' : '?';
      const ratio = nodeMs ? `  ${fmtRatio(r.median / nodeMs)}×` : '';
      return `${fmtMs(r.median)}${star}${unchecked}${ratio}`;
    }
    case 'wrong': {
      const exp = Number.isNaN(r.expected) ? 'an i32' : String(r.expected);
      return `WRONG ${note(engine, k.name, `returned ${r.got}, expected ${exp}`)}`;
    }
    case 'fail':
      return `FAIL ${note(engine, k.name, r.message)}`;
    case 'timeout':
      return `TIMEOUT >${r.seconds}s` + (nodeMs ? ` (>${fmtRatio((r.seconds * 1000) / nodeMs)}×)` : '');
    case 'unavailable':
      return r.message;
  }
}

function printHeader(nodeLabel: string): void {
  const head = ['kernel'.padEnd(W_KERNEL), 'n'.padStart(W_N), nodeLabel.padStart(W_NODE), ...others.map((e) => `${e} ms  ×node`.padStart(W_CELL))];
  console.log(head.join(' '));
  console.log('-'.repeat(head.join(' ').length));
}

function printRow(k: Kernel, n: number, node: string, cells: string[]): void {
  console.log([k.name.padEnd(W_KERNEL), String(n).padStart(W_N), node.padStart(W_NODE), ...cells.map((c) => c.padStart(W_CELL))].join(' '));
}

function geomean(xs: number[]): number {
  return Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);
}

// ---------- main ----------

async function main(): Promise<void> {
  const child = opts.jitlessChild;
  const hostWasm = (globalThis as { WebAssembly?: unknown }).WebAssembly !== undefined;
  let expect: Expectations | undefined;
  if (child && process.env[EXPECT_ENV]) expect = JSON.parse(process.env[EXPECT_ENV]) as Expectations;

  console.log(child
    ? `\n== node --jitless (no JIT, no WebAssembly global), sizes × ${opts.scale}: node ${process.version}; ×node = vs native node (JIT) at the same sizes ==`
    : `== node ${process.version} ${process.arch}; median of ${opts.runs} runs after 1 warm-up; ms (lower is better), ×node = engine time / node time ==`);
  if (others.includes('purewasm')) {
    const pw = ((await import('purewasm')) as { WebAssembly: unknown }).WebAssembly;
    if (!hasInstance(pw)) console.log('purewasm: no Instance yet');
  }
  printHeader(child ? 'node' : 'node ms');

  const results = new Map<EngineName, Map<string, CellResult>>();
  for (const e of opts.engines) results.set(e, new Map());
  const nodeTimes = new Map<string, number>();
  const expectations: Expectations = {};
  const warnings: string[] = [];

  // node first, for every kernel, while no worker thread competes for the CPU
  const nodeCells = new Map<string, CellResult>();
  if (showNode && !child && hostWasm) {
    for (const k of selected) nodeCells.set(k.name, await nodeCell(k, scaledN(k, opts.scale)));
  }

  for (const k of selected) {
    const n = scaledN(k, opts.scale);
    let expected: number | undefined;
    let nodeText = 'n/a';
    let nodeMs: number | undefined;
    const nr = nodeCells.get(k.name);
    if (nr) {
      results.get('node')!.set(k.name, nr);
      if (nr.status === 'ok') {
        expected = nr.checksum;
        nodeMs = nr.median;
        nodeText = fmtMs(nr.median) + (nr.runs < opts.runs ? '*' : '');
        if (nr.runs < opts.runs) fewerRuns = true;
        if (opts.scale === 1 && k.checksum !== nr.checksum) {
          warnings.push(`!! ${k.name}: node's checksum ${nr.checksum} differs from ${k.checksum} in bench/kernels/kernels.ts (stale .wasm or manifest?)`);
        }
      } else {
        nodeText = nr.status === 'fail' ? `FAIL ${note('node', k.name, nr.message)}` : nr.status;
      }
    } else if (expect?.[k.name] && expect[k.name]!.n === n) {
      expected = expect[k.name]!.checksum;
      nodeMs = expect[k.name]!.nodeMs;
    } else if (opts.scale === 1) {
      expected = k.checksum; // no node here and nothing from a parent: trust the manifest
    }
    if (expected !== undefined) expectations[k.name] = { n, checksum: expected, nodeMs };
    if (nodeMs !== undefined) nodeTimes.set(k.name, nodeMs);

    const cells: string[] = [];
    for (const e of others) {
      const r = await workerCell({ engine: e, file: wasmFile(k), n, expected, runs: opts.runs, budgetMs: opts.budgetS * 1000 });
      results.get(e)!.set(k.name, r);
      cells.push(cellText(e, k, r, nodeMs));
    }
    printRow(k, n, nodeText, cells);
  }

  // geometric mean of ratios per engine
  const gmOf = (e: EngineName): { ratio: number; kernels: number } | null => {
    const ratios: number[] = [];
    for (const k of selected) {
      const r = results.get(e)!.get(k.name);
      const nm = nodeTimes.get(k.name);
      if (r?.status === 'ok' && nm) ratios.push(r.median / nm);
    }
    return ratios.length ? { ratio: geomean(ratios), kernels: ratios.length } : null;
  };
  const gm = others.map((e) => {
    const g = gmOf(e);
    return g ? `${fmtRatio(g.ratio)}×${g.kernels < selected.length ? ` (${g.kernels}/${selected.length})` : ''}` : '-';
  });
  console.log('-'.repeat(W_KERNEL + W_N + W_NODE + 2 + others.length * (W_CELL + 1)));
  console.log(['geomean'.padEnd(W_KERNEL), ''.padStart(W_N), (nodeCells.size ? '1×' : '').padStart(W_NODE), ...gm.map((g) => g.padStart(W_CELL))].join(' '));

  // what 64-bit integers cost: hash64 and hash32 are the same algorithm on i64 / i32
  const i64Line: string[] = [];
  const i64OverI32: Record<string, number | null> = {};
  for (const e of opts.engines) {
    const a = results.get(e)!.get('hash64'), b = results.get(e)!.get('hash32');
    if (a?.status === 'ok' && b?.status === 'ok') {
      i64Line.push(`${e} ${(a.median / b.median).toFixed(2)}`);
      i64OverI32[e] = a.median / b.median;
    } else if (a && b) {
      i64Line.push(`${e} -`);
      i64OverI32[e] = null;
    }
  }
  if (i64Line.length) console.log(`i64/i32 time ratio (hash64 ms / hash32 ms, same algorithm): ${i64Line.join(', ')}`);

  if (fewerRuns) console.log(`* fewer than ${opts.runs} timed runs: one run took more than --budget ${opts.budgetS}s / ${opts.runs}`);
  if (others.some((e) => [...results.get(e)!.values()].some((r) => r.status === 'ok' && !r.checked))) {
    console.log('? checksum not checked (no node reference at this --scale)');
  }
  footnotes.forEach((f, i) => console.log(`[${i + 1}] ${f}`));
  for (const w of warnings) console.log(w);

  const table: InterpJson = {
    jitless: child,
    scale: opts.scale,
    runs: opts.runs,
    engines: others,
    kernels: selected.map((k) => ({
      name: k.name,
      n: scaledN(k, opts.scale),
      measures: k.measures,
      nodeMs: nodeTimes.get(k.name) ?? null,
      cells: Object.fromEntries(opts.engines.filter((e) => results.get(e)!.has(k.name)).map((e) => [e, results.get(e)!.get(k.name)!])),
    })),
    geomean: Object.fromEntries(others.map((e) => [e, gmOf(e)])),
    i64OverI32,
  };

  if (opts.jitless && !child) {
    // node's reference (checksum, time) at the child's sizes, measured here where node has wasm
    const childScale = opts.scale * opts.jitlessScale;
    const childExpect: Expectations = {};
    if (hostWasm) {
      for (const k of selected) {
        const n = scaledN(k, childScale);
        const same = expectations[k.name];
        if (same && same.n === n) { childExpect[k.name] = same; continue; }
        const r = await nodeCell(k, n);
        if (r.status === 'ok') childExpect[k.name] = { n, checksum: r.checksum, nodeMs: r.median };
      }
    }
    const childJson = opts.json === undefined ? undefined : `${opts.json}.jitless.json`;
    await runJitlessChild(childScale, childExpect, childJson);
    if (childJson) {
      try {
        table.jitlessTable = JSON.parse(readFileSync(childJson, 'utf8')) as InterpJson;
        rmSync(childJson, { force: true });
      } catch {
        table.jitlessTable = null; // the child failed (its output says why)
      }
    }
  }
  if (opts.json !== undefined) writeFileSync(opts.json, JSON.stringify(table, null, 1));
}

/** Re-runs this script under `node --jitless`, passing node's checksums and times along. */
function runJitlessChild(scale: number, expectations: Expectations, json: string | undefined): Promise<void> {
  const args = ['--scale', String(scale), '--runs', String(opts.runs), '--engines', (opts.jitlessEngines ?? opts.engines).join(','),
    '--timeout', String(opts.timeoutS), ...Object.entries(opts.timeouts).flatMap(([e, t]) => ['--timeout', `${e}=${t}`]),
    '--budget', String(opts.budgetS), ...(opts.only ? ['--only', opts.only.join(',')] : []), ...(json ? ['--json', json] : [])];
  const script = fileURLToPath(import.meta.url);
  const root = fileURLToPath(new URL('..', import.meta.url));
  return new Promise((resolve, reject) => {
    const cp = spawn(process.execPath, ['--jitless', '--import', 'tsx', script, '--jitless-child', ...args], {
      cwd: root,
      env: { ...process.env, [EXPECT_ENV]: JSON.stringify(expectations) },
      stdio: ['ignore', 'inherit', 'pipe'],
    });
    // node --jitless always warns that it turned off --expose-wasm; drop just that line
    let err = '';
    cp.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      const lines = err.split('\n');
      err = lines.pop()!;
      for (const l of lines) if (!/disabling flag --expose_wasm/.test(l)) process.stderr.write(l + '\n');
    });
    cp.on('error', reject);
    cp.on('close', (code) => {
      if (err && !/disabling flag --expose_wasm/.test(err)) process.stderr.write(err);
      if (code !== 0) process.exitCode = code ?? 1;
      resolve();
    });
  });
}

await main();
