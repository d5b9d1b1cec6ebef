// The real programs of real-programs.test.ts under `node --jitless`: no JIT and no WebAssembly
// global at all. A child `node --jitless --import tsx test/real/run-programs.ts --engine polyfill`
// imports 'purewasm/polyfill' (which installs itself because the host has no WebAssembly), runs
// the three programs with their unmodified glue and prints a JSON report; another child runs them
// on node's own engine; the results must be identical.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPrograms, type Report } from './real/child.js';
import { withoutTimings } from './real/programs.js';

let jitless: Promise<Report>;
let native: Promise<Report>;

beforeAll(() => {
  jitless = runPrograms('polyfill', ['--jitless']);
  native = runPrograms('native');
  jitless.catch(() => {});
  native.catch(() => {});
});

afterAll(async () => {
  const [j, n] = await Promise.allSettled([jitless, native]);
  if (j.status !== 'fulfilled' || n.status !== 'fulfilled') return;
  const f = (x: number): string => x.toFixed(1);
  const rows = (['png', 'quickjs', 'wasi'] as const).map((name) => {
    const a = j.value.results[name]!.timing;
    const b = n.value.results[name]!.timing;
    return `${name}: purewasm --jitless init ${f(a.initMs)} ms + run ${f(a.runMs)} ms; native init ${f(b.initMs)} + run ${f(b.runMs)} ms; ×${((a.initMs + a.runMs) / (b.initMs + b.runMs)).toFixed(1)}`;
  });
  console.log(`real programs (--jitless child, ${f(j.value.wallMs)} ms wall):\n  ${rows.join('\n  ')}`);
});

describe('real programs on purewasm under node --jitless match node', () => {
  it('the child really ran on purewasm: no host WebAssembly, polyfill installed', async () => {
    const r = await jitless;
    expect(r.execArgv).toContain('--jitless');
    expect(r.hostHadWebAssembly).toBe(false);
    expect(r.installed).toBe(true);
    expect(r.globalIsPurewasm).toBe(true);
    expect(r.instances).toEqual({ png: 1, quickjs: 1, wasi: 1 });
  }, 120_000);

  it('@jsquash/png encodes and decodes an RGBA image identically', async () => {
    const [r, n] = await Promise.all([jitless, native]);
    expect(r.results.png!.roundTrip).toBe(true);
    expect(withoutTimings(r.results.png!)).toEqual(withoutTimings(n.results.png!));
  }, 120_000);

  it('QuickJS evaluates a program identically', async () => {
    const [r, n] = await Promise.all([jitless, native]);
    expect(withoutTimings(r.results.quickjs!)).toEqual(withoutTimings(n.results.quickjs!));
  }, 120_000);

  it('a C WASI command gives the same stdout, exit code and file', async () => {
    const [r, n] = await Promise.all([jitless, native]);
    const a = r.results.wasi!;
    const b = n.results.wasi!;
    expect(a.exitCode).toBe(b.exitCode);
    expect(a.stdout).toBe(b.stdout);
    expect(a.file).toBe(b.file);
    expect(withoutTimings(a)).toEqual(withoutTimings(b));
  }, 120_000);
});
