// Real npm programs with their unmodified glue — @jsquash/png (wasm-bindgen), QuickJS
// (@jitl/quickjs-wasmfile-release-sync through quickjs-emscripten-core, emscripten) and a C
// WASI command (test/real/wasi/hello.wasm through @bjorn3/browser_wasi_shim) — run in this
// process with purewasm as globalThis.WebAssembly (node's own namespace poisoned meanwhile),
// and must give exactly what they give on node's own engine. The native reference runs in a
// child process: @jsquash/png keeps its instance in a module-level variable, so one module graph
// can initialise it only once. The same programs under `node --jitless`:
// real-programs-jitless.test.ts.
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPrograms, type Report } from './real/child.js';
import { onPurewasm, PureWebAssembly } from './real/engine.js';
import { QUICKJS_PROGRAM, runPng, runQuickJS, runWasi, withoutTimings, type Timing } from './real/programs.js';

const hostWebAssembly = (globalThis as { WebAssembly?: unknown }).WebAssembly;
let native: Promise<Report>;
const timings: Record<string, { purewasm: Timing; native: Timing }> = {};

beforeAll(() => {
  native = runPrograms('native');
  native.catch(() => {}); // reported by the tests that await it
});

afterAll(async () => {
  const rows = Object.entries(timings).map(([name, t]) => {
    const ratio = (t.purewasm.initMs + t.purewasm.runMs) / (t.native.initMs + t.native.runMs);
    const f = (x: number): string => x.toFixed(1);
    return `${name}: purewasm init ${f(t.purewasm.initMs)} ms + run ${f(t.purewasm.runMs)} ms; native init ${f(t.native.initMs)} + run ${f(t.native.runMs)} ms; ×${ratio.toFixed(1)}`;
  });
  if (rows.length) console.log(`real programs (JIT):\n  ${rows.join('\n  ')}`);
});

async function onPure<T extends { timing: Timing }>(name: string, fn: () => Promise<T>): Promise<T> {
  const { result, instances } = await onPurewasm(fn);
  // purewasm ran the program: its instance(s) are purewasm's, and the host's WebAssembly is back.
  expect(instances.size).toBeGreaterThanOrEqual(1);
  for (const i of instances) expect(i).toBeInstanceOf(PureWebAssembly.Instance);
  expect((globalThis as { WebAssembly?: unknown }).WebAssembly).toBe(hostWebAssembly);
  const ref = (await native).results[name as 'png'];
  if (ref) timings[name] = { purewasm: result.timing, native: ref.timing };
  return result;
}

describe('real programs on purewasm match node (JIT)', () => {
  it('@jsquash/png encodes and decodes an RGBA image identically', async () => {
    const result = await onPure('png', runPng);
    const ref = (await native).results.png!;
    expect(result.roundTrip).toBe(true);
    expect(result.width).toBe(64);
    expect(result.height).toBe(48);
    expect(withoutTimings(result)).toEqual(withoutTimings(ref));
  }, 60_000);

  it('QuickJS evaluates a program identically', async () => {
    const result = await onPure('quickjs', runQuickJS);
    const ref = (await native).results.quickjs!;
    expect(withoutTimings(result)).toEqual(withoutTimings(ref));
    // and the program means something: node's own engine computes the same value
    expect(JSON.parse(result.value)).toEqual(JSON.parse(runInNewContext(QUICKJS_PROGRAM) as string));
    expect(JSON.parse(result.uncaught)).toMatchObject({ name: 'RangeError', message: 'x too big: 3' });
  }, 60_000);

  it('a C WASI command (browser_wasi_shim) gives the same stdout, exit code and file', async () => {
    const result = await onPure('wasi', runWasi);
    const ref = (await native).results.wasi!;
    expect(result.exitCode).toBe(ref.exitCode);
    expect(result.stdout).toBe(ref.stdout);
    expect(result.file).toBe(ref.file);
    expect(withoutTimings(result)).toEqual(withoutTimings(ref));
    expect(result.stdout).toContain('argv[2]=βeta');
    expect(result.stdout).toContain('GREETING=hi there');
    expect(result.stdout).toContain('crc32(check)=cbf43926');
    expect(result.stdout).toContain('sorted=1');
    expect(result.exitCode).toBeGreaterThanOrEqual(10);
    expect(result.file).toMatch(/^crc=[0-9a-f]{8}\n/);
  }, 60_000);

  // Found by this test: growth must detach the old buffer (wasm-bindgen renews its views only
  // when they read as empty); fixed in src/core/exec/runtime/memory.ts.
  it('@jsquash/png round-trips an image large enough to grow its memory', async () => {
    const { result } = await onPurewasm(() => runPng(96, 64));
    expect(result.png.length).toBeGreaterThan(0);
    expect(result.roundTrip).toBe(true);
  }, 60_000);
});
