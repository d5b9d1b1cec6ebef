// bench/decode: decode+validate throughput of purewasm next to the host's WebAssembly.validate
// on large real modules, in one run. Usage: npm run bench:decode [-- options] [files...]
//   --runs N      timed runs per engine and file (default 5); each run is a batch of validate
//                 calls lasting at least --run-ms; purewasm's and V8's runs alternate
//   --run-ms M    minimum length of one timed run in ms (default 250); each engine is warmed up
//                 for as long before its first run
//   --json FILE   also write the results as JSON (bench/report/types.ts: DecodeJson)
// Prints MB/s for both (median, min–max) and the ratio purewasm / V8 (higher is better; aim >= 0.5).

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebAssembly as Pure } from 'purewasm';
import { stat, type DecodeFile, type DecodeJson, type Stat } from './report/types.js';

const root = fileURLToPath(new URL('..', import.meta.url));

const DEFAULTS: Array<[pkg: string, rel: string, label: string]> = [
  ['@jitl/quickjs-wasmfile-release-sync', 'dist/emscripten-module.wasm', 'QuickJS (`@jitl/quickjs-wasmfile-release-sync`)'],
  ['@bytecodealliance/jco-transpile', 'vendor/wasm-tools.core.wasm', 'wasm-tools (jco)'],
  ['@bytecodealliance/jco-transpile', 'vendor/js-component-bindgen-component.core.wasm', 'js-component-bindgen (jco)'],
  ['@bytecodealliance/componentize-js', 'lib/starlingmonkey_embedding.wasm', 'StarlingMonkey (componentize-js)'],
];

const argv = process.argv.slice(2);
let runs = 5;
let runMs = 250;
let jsonFile: string | undefined;
const given: string[] = [];
for (let i = 0; i < argv.length; i++) {
  const a = argv[i]!;
  if (a === '--runs') runs = Math.max(1, Math.floor(Number(argv[++i])));
  else if (a === '--run-ms') runMs = Math.max(1, Number(argv[++i]));
  else if (a === '--json') jsonFile = argv[++i];
  else if (a.startsWith('--')) throw new Error(`bench/decode: unknown option ${a}`);
  else given.push(a);
}
if (!Number.isFinite(runs) || !Number.isFinite(runMs)) throw new Error('bench/decode: --runs and --run-ms take numbers');

const files: Array<[file: string, label: string]> = given.length
  ? given.map((f) => [f, basename(f)])
  : DEFAULTS.map(([pkg, rel, label]) => [join(root, 'node_modules', pkg, rel), label] as [string, string]).filter(([f]) => existsSync(f));
const host = (globalThis as { WebAssembly?: { validate(b: Uint8Array): boolean } }).WebAssembly;

/** ms per call of `fn`, over a batch of k calls. */
function batch(fn: () => void, k: number): number {
  const t0 = performance.now();
  for (let i = 0; i < k; i++) fn();
  return (performance.now() - t0) / k;
}
/** Warms `fn` up for about one run's length, then sizes a run to at least runMs. */
function batchSize(fn: () => void): number {
  const t0 = performance.now();
  do fn(); while (performance.now() - t0 < runMs);
  const once = batch(fn, 1);
  return Math.max(1, Math.ceil(runMs / Math.max(once, 0.01)));
}

const fmt = (s: Stat | null): string => (s ? `${s.median.toFixed(1)} (${s.min.toFixed(0)}–${s.max.toFixed(0)})` : 'n/a');
console.log(`node ${process.version}, ${process.arch}; ${runs} runs of ≥ ${runMs} ms per engine and file, alternating; MB/s median (min–max)`);
console.log('file'.padEnd(44), 'size MB'.padStart(8), 'purewasm MB/s'.padStart(20), 'V8 MB/s'.padStart(20), 'ratio'.padStart(7));
const out: DecodeFile[] = [];
for (const [f, label] of files) {
  const bytes = new Uint8Array(readFileSync(f));
  const mb = bytes.length / 1e6;
  let ok = true;
  const ours = (): void => { ok = Pure.validate(bytes); };
  const theirs = (): void => { host!.validate(bytes); };
  const kOurs = batchSize(ours);
  const kTheirs = host ? batchSize(theirs) : 0;
  const pure: number[] = [];
  const v8: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < runs; r++) {
    const p = mb / (batch(ours, kOurs) / 1000);
    pure.push(p);
    if (host) {
      const v = mb / (batch(theirs, kTheirs) / 1000);
      v8.push(v);
      ratios.push(p / v);
    }
  }
  const row: DecodeFile = { file: basename(f), label, sizeMB: mb, purewasm: stat(pure), v8: host ? stat(v8) : null, ratio: host ? stat(ratios) : null, valid: ok };
  out.push(row);
  console.log(basename(f).padEnd(44), mb.toFixed(2).padStart(8), fmt(row.purewasm).padStart(20), fmt(row.v8).padStart(20),
    (row.ratio ? row.ratio.median.toFixed(2) : 'n/a').padStart(7), ok ? '' : '(purewasm rejected it!)');
}
const withRatio = out.filter((r) => r.ratio);
const meanRatio = withRatio.length ? withRatio.reduce((a, r) => a + r.ratio!.median, 0) / withRatio.length : null;
console.log(`mean ratio purewasm/V8: ${meanRatio === null ? 'n/a' : meanRatio.toFixed(2)}`);
if (jsonFile) writeFileSync(jsonFile, JSON.stringify({ runs, runMs, files: out, meanRatio } satisfies DecodeJson, null, 1));
