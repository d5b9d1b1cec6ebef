// Runs the three real programs of programs.ts in this process and prints one JSON line.
//
//   node [--jitless] --import tsx test/real/run-programs.ts --engine native|polyfill|polywasm [--only png,quickjs,wasi] [--repeat N]
//
// --engine native   uses the host's own WebAssembly (fails if there is none).
// --engine polyfill imports 'purewasm/polyfill' first (forcing it when the host has a working
//                   WebAssembly), so the programs' glue finds purewasm as globalThis.WebAssembly;
//                   under `node --jitless` there is no WebAssembly global and the polyfill installs
//                   itself on its own. The output records whether it did, and how many purewasm
//                   instances each program used.
// --repeat N        runs each program N times in a row and reports the last run (warm timings).

import { parseArgs } from 'node:util';
import { runPng, runQuickJS, runWasi, type PngResult, type QuickJSResult, type WasiResult } from './programs.js';

const { values } = parseArgs({
  options: {
    engine: { type: 'string', default: 'polyfill' },
    only: { type: 'string', default: 'png,quickjs,wasi' },
    repeat: { type: 'string', default: '1' },
  },
});
const engine = values.engine!;
if (engine !== 'native' && engine !== 'polyfill' && engine !== 'polywasm') throw new Error(`--engine native|polyfill|polywasm, not ${engine}`);
const only = new Set(values.only!.split(','));
const repeat = Math.max(1, Number(values.repeat));

const g = globalThis as Record<string, unknown>;
const hostHadWebAssembly = typeof g.WebAssembly === 'object';

let installed = false;
let globalIsPurewasm = false;
let track: (() => { instances: Set<object>; stop(): void }) | undefined;
if (engine === 'polyfill') {
  if (hostHadWebAssembly) g.PUREWASM_FORCE_POLYFILL = true;
  const polyfill = await import('purewasm/polyfill');
  installed = polyfill.installed;
  globalIsPurewasm = g.WebAssembly === polyfill.WebAssembly;
  if (!globalIsPurewasm) throw new Error('purewasm/polyfill did not install itself');
  const { trackPurewasmInstances } = await import('./engine.js');
  track = trackPurewasmInstances;
} else if (engine === 'polywasm') {
  // For comparison only: polywasm, another pure-JS engine (it translates wasm to JS run with
  // new Function), installed as the global the same way.
  const spec: string = 'polywasm'; // untyped package: keep tsc from looking for declarations
  const { WebAssembly: PolyWasm } = (await import(spec)) as { WebAssembly: unknown };
  g.WebAssembly = PolyWasm;
} else if (!hostHadWebAssembly) {
  throw new Error('--engine native: this host has no WebAssembly');
}

const results: { png?: PngResult; quickjs?: QuickJSResult; wasi?: WasiResult } = {};
const instances: Record<string, number> = {};
async function run<K extends keyof typeof results>(name: K, fn: () => Promise<NonNullable<(typeof results)[K]>>): Promise<void> {
  if (!only.has(name)) return;
  const tracker = track?.();
  try {
    for (let i = 0; i < repeat; i++) results[name] = await fn();
  } finally {
    tracker?.stop();
  }
  if (tracker) instances[name] = tracker.instances.size;
}
const t0 = performance.now();
await run('png', runPng);
await run('quickjs', runQuickJS);
await run('wasi', runWasi);
const totalMs = performance.now() - t0;

process.stdout.write(
  JSON.stringify({
    engine,
    execArgv: process.execArgv,
    hostHadWebAssembly,
    installed,
    globalIsPurewasm,
    instances,
    totalMs,
    results,
  }) + '\n',
);
