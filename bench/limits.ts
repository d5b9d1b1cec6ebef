// bench/limits: what the limit checks (src/core/exec/limits.ts) cost the interpreter's hot loop,
// on the kernels of bench/interp (bench/kernels). Issue 10's aims: ≤ 10% slower with limits
// unset, ≤ 25% with fuel on, against the same interpreter built without the checks.
//
//   npx tsx bench/limits.ts [--runs N] [--scale X] [--only a,b] [--json FILE]
//
// Configurations, all in one worker thread per kernel (fresh JIT state per kernel), their timed
// runs interleaved (baseline, unset, fuel, deadline, baseline, ...) so that load on the machine
// hits them alike:
//   baseline  translated code without Ticks (translate.ts setTickEmission(false) while the first
//             instance translates its code; the module is compiled apart, so its code is its own).
//             Calls still charge their callee's fuel (0 here): that subtraction and test are in the
//             baseline too, so this measures the loop Ticks, not the call-entry check.
//   unset     the shipped code, instance without limits
//   fuel      the shipped code, instance with { fuel: 1e15 } (never runs out)
//   deadline  the shipped code, instance with { timeout: 1e9 } (the clock is read every 10,000 units)
// Each instance is warmed up with one call of run(n / 10) (which translates its functions), then
// each timed run is one call of run(n)  Cells: median (min–max) ms; ratios are medians over baseline's median.

import { writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { kernels, scaledN } from './kernels/kernels.js';

const CONFIGS = ['baseline', 'unset', 'fuel', 'deadline'] as const;
type Config = (typeof CONFIGS)[number];

interface Job { kernel: string; n: number; runs: number }
type Times = Record<Config, number[]>;

async function workerMain(job: Job): Promise<void> {
  const { setTickEmission } = await import('../src/core/exec/translate.js');
  const { WebAssembly } = await import('../src/index.js');
  const bytes = readFileSync(fileURLToPath(new URL(`./kernels/${job.kernel}.wasm`, import.meta.url)));
  type Inst = { exports: Record<string, (n: number) => number> };
  const Instance = WebAssembly.Instance as unknown as new (m: unknown, i: object, o?: object) => Inst;
  const runs = {} as Record<Config, (n: number) => number>;
  for (const config of CONFIGS) {
    const limits = config === 'fuel' ? { fuel: 1e15 } : config === 'deadline' ? { timeout: 1e9 } : undefined;
    setTickEmission(config !== 'baseline');
    const run = new Instance(new WebAssembly.Module(bytes), {}, limits ? { limits } : undefined).exports.run!;
    run(Math.max(1, Math.round(job.n / 10)));
    setTickEmission(true);
    runs[config] = run;
  }
  const times: Times = { baseline: [], unset: [], fuel: [], deadline: [] };
  let checksum: number | undefined;
  for (let i = 0; i < job.runs; i++) {
    for (const config of CONFIGS) {
      const t0 = performance.now();
      const r = runs[config](job.n);
      times[config].push(performance.now() - t0);
      if (checksum === undefined) checksum = r;
      else if (r !== checksum) throw new Error(`${job.kernel} ${config}: result ${r}, expected ${checksum}`);
    }
  }
  parentPort!.postMessage(times);
}

function runWorker(job: Job): Promise<Times> {
  return new Promise((resolve, reject) => {
    const self = import.meta.url;
    const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((api) => api.tsImport(${JSON.stringify(self)}, ${JSON.stringify(self)}))`;
    const w = new Worker(boot, { eval: true, workerData: job });
    w.once('message', (m: Times) => { resolve(m); void w.terminate(); });
    w.once('error', reject);
  });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? s[k]! : (s[k - 1]! + s[k]!) / 2;
};

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const opt = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const runs = Number(opt('--runs') ?? 7);
  const scale = Number(opt('--scale') ?? 0.5);
  const only = opt('--only')?.split(',');
  const jsonOut = opt('--json');
  const rows: Record<string, unknown>[] = [];
  const t0 = Date.now();
  for (const k of kernels) {
    if (only && !only.includes(k.name)) continue;
    const n = scaledN(k, scale);
    const times = await runWorker({ kernel: k.name, n, runs });
    const med = (c: Config): number => median(times[c]);
    const row = {
      kernel: k.name, n,
      baseline_ms: med('baseline'), unset_ms: med('unset'), fuel_ms: med('fuel'), deadline_ms: med('deadline'),
      unset_ratio: med('unset') / med('baseline'), fuel_ratio: med('fuel') / med('baseline'), deadline_ratio: med('deadline') / med('baseline'),
      min_max: Object.fromEntries(CONFIGS.map((c) => [c, [Math.min(...times[c]), Math.max(...times[c])]])),
    };
    rows.push(row);
    const f = (c: Config): string => `${med(c).toFixed(1)} (${Math.min(...times[c]).toFixed(1)}–${Math.max(...times[c]).toFixed(1)})`;
    console.log(`${k.name.padEnd(9)} baseline ${f('baseline')}  unset ${f('unset')} ×${row.unset_ratio.toFixed(3)}  fuel ${f('fuel')} ×${row.fuel_ratio.toFixed(3)}  deadline ${f('deadline')} ×${row.deadline_ratio.toFixed(3)}`);
  }
  const geo = (key: string): number => Math.exp(rows.reduce((a, r) => a + Math.log(r[key] as number), 0) / rows.length);
  const summary = { unset: geo('unset_ratio'), fuel: geo('fuel_ratio'), deadline: geo('deadline_ratio') };
  console.log(`geomean: unset ×${summary.unset.toFixed(3)} (aim ≤ 1.10), fuel ×${summary.fuel.toFixed(3)} (aim ≤ 1.25), deadline ×${summary.deadline.toFixed(3)}; ${runs} runs, scale ${scale}, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  if (jsonOut) {
    writeFileSync(jsonOut, JSON.stringify({
      rows, geomean: summary, runs, scale,
      notes: `Median of ${runs} timed calls of run(n) per cell, one worker thread per kernel holding all four instances, runs interleaved; kernels at --scale ${scale}. baseline = translated code without the loop Ticks (calls still subtract their callee's fuel cost, 0 there, so the call-entry check is in the baseline too); unset = shipped code, no limits; fuel = { fuel: 1e15 }; deadline = { timeout: 1e9 } (clock read every 10,000 fuel units).`,
    }, null, 2));
  }
}

if (isMainThread) await main();
else await workerMain(workerData as Job);
