// Issue 8 (a): purewasm in a node `vm` context created with `codeGeneration: { strings: false,
// wasm: false }` — the WebAssembly global is there but refuses to compile, eval and new Function
// throw, and there is no TextEncoder/TextDecoder/structuredClone/performance/process (a fresh
// context has only the ECMAScript globals). The classic-script bundle (dist/purewasm.js, built in
// memory) runs the image-service and rust-cli components (test/sandbox/guest.js); the result must
// equal the native one (jco + V8 for the image service, rust-cli/expected.json). The auto bundle
// must pick purewasm there, and the host's WebAssembly in this realm.
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { bundle, countCalls, differences, GUEST, nativeResult, sandboxInput } from './sandbox/harness.js';

function restrictedContext(): vm.Context {
  return vm.createContext({}, { codeGeneration: { strings: false, wasm: false } });
}

describe('sandbox: node vm context without code generation', () => {
  it('the host WebAssembly exists there but cannot compile; eval is refused; sandbox-missing globals are absent', async () => {
    const ctx = restrictedContext();
    expect(vm.runInContext('typeof WebAssembly', ctx)).toBe('object');
    const failure = await vm.runInContext(
      `WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])).then(() => 'compiled', (e) => e.name + ': ' + e.message)`, ctx) as string;
    expect(failure).toMatch(/^CompileError: .*disallowed by embedder/);
    expect(() => vm.runInContext(`new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]))`, ctx)).toThrow(/disallowed by embedder/);
    expect(() => vm.runInContext(`eval('1')`, ctx)).toThrow(/Code generation from strings disallowed/);
    expect(() => vm.runInContext(`new Function('return 1')`, ctx)).toThrow(/Code generation from strings disallowed/);
    expect(vm.runInContext(`[typeof TextEncoder, typeof TextDecoder, typeof structuredClone, typeof performance, typeof process].join()`, ctx))
      .toBe('undefined,undefined,undefined,undefined,undefined');
  });

  it('runs the image-service and WASI command components with the same results as native', async () => {
    const expected = await nativeResult();
    const ctx = restrictedContext();
    vm.runInContext(await bundle('purewasm.js'), ctx, { filename: 'purewasm.js' });
    vm.runInContext(GUEST, ctx, { filename: 'guest.js' });
    expect(vm.runInContext('Object.keys(globalThis).filter((k) => k !== "B64").sort().join()', ctx))
      .toBe('fromBase64,plain,purewasm,sandboxRun,sandboxWorkload,toBase64,utf8,utf8Bytes,fallbackRandom'.split(',').sort().join());
    const t0 = performance.now();
    const result = (vm.runInContext('sandboxRun', ctx) as (p: unknown, i: string) => string)(vm.runInContext('purewasm', ctx), sandboxInput());
    console.log(`vm (no codegen): workload ${(performance.now() - t0).toFixed(0)} ms`);
    expect(differences(result, expected)).toEqual([]);
    expect(result).toBe(expected);
    expect(countCalls(result)).toEqual({ extract: 14, detect: 14, apply: 36, applyAll: 4, applyBatch: 9, cli: 13 });
  }, 60_000);

  it('purewasm/auto picks purewasm in the restricted context and the host WebAssembly where it works', async () => {
    const auto = await bundle('purewasm-auto.js');
    const ctx = restrictedContext();
    vm.runInContext(auto, ctx);
    expect(vm.runInContext('purewasm.engine', ctx)).toBe('purewasm');
    expect(vm.runInContext('purewasm.WebAssembly === purewasm.PureWebAssembly', ctx)).toBe(true);
    // Same API shape: a core module compiles, instantiates and runs through the chosen namespace.
    const add = `(() => { const W = purewasm.WebAssembly;
      const m = new W.Module(new Uint8Array([0,97,115,109,1,0,0,0,1,7,1,96,2,127,127,1,127,3,2,1,0,7,7,1,3,97,100,100,0,0,10,9,1,7,0,32,0,32,1,106,11]));
      return new W.Instance(m, {}).exports.add(40, 2); })()`;
    expect(vm.runInContext(add, ctx)).toBe(42);

    const open = vm.createContext({ WebAssembly: (globalThis as { WebAssembly?: unknown }).WebAssembly });
    vm.runInContext(auto, open);
    expect(vm.runInContext('purewasm.engine', open)).toBe('host');
    expect(vm.runInContext('purewasm.WebAssembly === WebAssembly', open)).toBe(true);
    expect(vm.runInContext(add, open)).toBe(42);
  });
});
