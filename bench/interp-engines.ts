// bench/interp: the engines compared and the per-cell measurement, shared by bench/interp.ts
// (node's own WebAssembly runs in the main thread) and bench/interp-worker.ts (every other
// engine runs in a worker thread, so that a hang or runaway allocation can be cut off).

import { createRequire } from 'node:module';

export const ENGINES = ['node', 'purewasm', 'polywasm', 'webassemblyjs'] as const;
export type EngineName = (typeof ENGINES)[number];

type Exports = Record<string, unknown>;
/** The part of the WebAssembly JS API the benchmark uses; every engine is looked at through it. */
interface WasmLike {
  Module?: new (bytes: Uint8Array) => object;
  Instance?: new (module: object, imports?: object) => { exports: Exports };
  instantiate?: (bytes: Uint8Array, imports?: object) => Promise<{ instance: { exports: Exports } }>;
}

/** The engine cannot run here at all (not an error of the engine): the cell shows the message. */
export class Unavailable extends Error {}

/** Whether a purewasm-like namespace can instantiate yet. */
export function hasInstance(ns: unknown): boolean {
  return typeof (ns as WasmLike | undefined)?.Instance === 'function';
}

async function namespaceOf(engine: EngineName): Promise<WasmLike> {
  switch (engine) {
    case 'node': {
      const w = (globalThis as { WebAssembly?: WasmLike }).WebAssembly;
      if (!w) throw new Unavailable('n/a');
      return w;
    }
    case 'purewasm': {
      const ns = ((await import('purewasm')) as unknown as { WebAssembly: WasmLike }).WebAssembly;
      if (!hasInstance(ns)) throw new Unavailable('no Instance yet');
      return ns;
    }
    case 'polywasm': {
      const spec: string = 'polywasm'; // untyped package: keep tsc from looking for declarations
      return ((await import(spec)) as { WebAssembly: WasmLike }).WebAssembly;
    }
    case 'webassemblyjs':
      return createRequire(import.meta.url)('webassemblyjs') as WasmLike;
  }
}

/** Instantiates `bytes` (no imports) with the engine and returns the instance's exports. */
export async function instantiate(engine: EngineName, bytes: Uint8Array): Promise<Exports> {
  const w = await namespaceOf(engine);
  // Always hand engines a fresh, exactly-sized Uint8Array: polywasm 0.2.0 misreads f64.const
  // immediates from a view with a non-zero byteOffset (e.g. a Buffer from readFileSync).
  const copy = new Uint8Array(bytes);
  if (engine === 'node' || engine === 'purewasm') return new w.Instance!(new w.Module!(copy), {}).exports;
  return (await w.instantiate!(copy, {})).instance.exports;
}

export type CellResult =
  | { status: 'ok'; median: number; min: number; max: number; runs: number; checksum: number; checked: boolean; instMs: number }
  | { status: 'wrong'; got: string; expected: number }
  | { status: 'fail'; message: string }
  | { status: 'unavailable'; message: string }
  | { status: 'timeout'; seconds: number };

export interface CellJob {
  engine: EngineName;
  file: string;
  n: number;
  /** node's checksum for this n, when known */
  expected: number | undefined;
  runs: number;
  /** cap on the total of the timed runs, ms: fewer runs (at least one) when one run is slow */
  budgetMs: number;
}

function describe(v: unknown): string {
  return typeof v === 'bigint' ? `${v}n` : typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/** The JS API turns an i32 result into a Number in [-2^31, 2^31): anything else is wrong. */
function asI32(v: unknown): number | undefined {
  return typeof v === 'number' && (v | 0) === v ? v : undefined;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Instantiate once, warm up once (checking the checksum), then time `runs` runs. */
export async function measureCell(job: CellJob, bytes: Uint8Array): Promise<CellResult> {
  let exports: Exports;
  const t0 = performance.now();
  try {
    exports = await instantiate(job.engine, bytes);
  } catch (e) {
    if (e instanceof Unavailable) return { status: 'unavailable', message: e.message };
    return { status: 'fail', message: `instantiate: ${errorText(e)}` };
  }
  const instMs = performance.now() - t0;
  const run = exports['run'];
  if (typeof run !== 'function') return { status: 'fail', message: 'no run export' };
  const call = run as (n: number) => unknown;
  let checksum: number | undefined;
  const times: number[] = [];
  let want = job.runs;
  try {
    for (let i = -1; i < want; i++) {
      const s = performance.now();
      const r = call(job.n);
      const dt = performance.now() - s;
      const got = asI32(r);
      const expected = job.expected ?? checksum;
      if (got === undefined || (expected !== undefined && got !== expected)) {
        return { status: 'wrong', got: describe(r), expected: expected ?? NaN };
      }
      checksum = got;
      if (i < 0) {
        // warm-up run: decide how many timed runs fit the budget
        if (dt * want > job.budgetMs) want = Math.max(1, Math.floor(job.budgetMs / dt));
      } else {
        times.push(dt);
      }
    }
  } catch (e) {
    return { status: 'fail', message: errorText(e) };
  }
  return { status: 'ok', median: median(times), min: Math.min(...times), max: Math.max(...times), runs: times.length, checksum: checksum!, checked: job.expected !== undefined, instMs };
}

export function errorText(e: unknown): string {
  if (e instanceof Error) return `${e.name === 'Error' ? '' : e.name + ': '}${e.message}`.split('\n')[0]!;
  return String(e);
}
