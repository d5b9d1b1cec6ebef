// Issue 8 (c): purewasm inside QuickJS (quickjs-emscripten-core with the release-sync build) — a
// realm with no WebAssembly, no TextEncoder/TextDecoder, no crypto, no console: only ECMAScript.
// The classic-script bundle (dist/purewasm.js, built in memory) and test/sandbox/guest.js are
// evaluated there; the image-service and rust-cli components' results must equal the native ones
// (jco + V8 for the image service, rust-cli/expected.json). Only a string goes in and one comes out.
// QuickJS interprets purewasm's interpreter ~50x slower than V8: the workload leaves out one
// operation, the 100x100 fit (an upscale, ~20 s alone there), to stay within the time budget;
// every operation kind is still applied to every image.
import variant from '@jitl/quickjs-wasmfile-release-sync';
import { newQuickJSWASMModuleFromVariant, type QuickJSSyncVariant } from 'quickjs-emscripten-core';
import { describe, expect, it } from 'vitest';
import { bundle, countCalls, differences, GUEST, nativeResult, sandboxInput } from './sandbox/harness.js';

describe('sandbox: QuickJS', () => {
  it('runs the image-service and WASI command components with the same results as native', async () => {
    const input = sandboxInput({ ops: ['resize-29x17', 'resize-0x5', 'crop-inside', 'crop-outside', 'grayscale', 'rotate-90', 'rotate-180', 'rotate-270'] });
    const expected = await nativeResult(input);
    const QuickJS = await newQuickJSWASMModuleFromVariant(variant as unknown as QuickJSSyncVariant);
    const runtime = QuickJS.newRuntime();
    runtime.setMemoryLimit(1 << 30);
    runtime.setMaxStackSize(0);
    const vm = runtime.newContext();
    try {
      const realm = vm.unwrapResult(vm.evalCode(
        `[typeof WebAssembly, typeof TextEncoder, typeof TextDecoder, typeof crypto, typeof structuredClone, typeof performance, typeof process].join()`));
      expect(vm.getString(realm)).toBe('undefined,undefined,undefined,undefined,undefined,undefined,undefined');
      realm.dispose();
      vm.unwrapResult(vm.evalCode(await bundle('purewasm.js'), 'purewasm.js')).dispose();
      vm.unwrapResult(vm.evalCode(GUEST, 'guest.js')).dispose();
      const run = vm.unwrapResult(vm.evalCode('(input) => sandboxRun(purewasm, input)'));
      const inputHandle = vm.newString(input);
      const t0 = performance.now();
      const out = vm.callFunction(run, vm.undefined, inputHandle);
      const ms = performance.now() - t0;
      inputHandle.dispose();
      run.dispose();
      if (out.error) {
        const err = vm.dump(out.error) as unknown;
        out.error.dispose();
        throw new Error(`QuickJS: ${JSON.stringify(err)}`);
      }
      const result = vm.getString(out.value);
      out.value.dispose();
      console.log(`QuickJS: workload ${ms.toFixed(0)} ms`);
      expect(differences(result, expected)).toEqual([]);
      expect(result).toBe(expected);
      expect(countCalls(result)).toEqual({ extract: 14, detect: 14, apply: 32, applyAll: 4, applyBatch: 8, cli: 13 });
    } finally {
      vm.dispose();
      runtime.dispose();
    }
  }, 60_000);
});
