// Issue 8 (b): purewasm in a child `node --jitless` process — no JIT and no WebAssembly global, a
// stand-in for iOS Lockdown Mode. The child imports the ESM bundle (dist/purewasm.mjs, built in
// memory) and runs the image-service and rust-cli components (test/sandbox/guest.js); the output
// must equal the native result (jco + V8 for the image service, rust-cli/expected.json).
import { describe, expect, it } from 'vitest';
import { runChild } from './sandbox/child.js';
import { bundle, countCalls, differences, GUEST, nativeResult, sandboxInput } from './sandbox/harness.js';

const DRIVER = `
import { readFileSync } from 'node:fs';
import * as purewasm from './purewasm.mjs';
const realm = { webAssembly: typeof WebAssembly };
try { new Function('return 1'); realm.newFunction = 'works'; } catch (e) { realm.newFunction = String(e); }
const guest = readFileSync(new URL('./guest.js', import.meta.url), 'utf8');
const sandboxRun = (0, eval)(guest + '\\n;sandboxRun'); // the test's own guest script, not purewasm
const input = readFileSync(0, 'utf8');
const t0 = Date.now();
const result = sandboxRun(purewasm, input);
process.stdout.write(JSON.stringify({ realm, ms: Date.now() - t0, result }));
`;

describe('sandbox: node --jitless', () => {
  it('runs the image-service and WASI command components with the same results as native', async () => {
    const expected = await nativeResult();
    const r = runChild(['--jitless'], { 'purewasm.mjs': await bundle('purewasm.mjs'), 'guest.js': GUEST }, DRIVER, sandboxInput());
    // V8 itself says it dropped WebAssembly: "Warning: disabling flag --expose_wasm due to conflicting flags".
    expect(r.stderr.replace(/^Warning: disabling flag --expose_wasm due to conflicting flags\n/, '')).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { realm: { webAssembly: string }; ms: number; result: string };
    expect(out.realm.webAssembly).toBe('undefined'); // --jitless really removes WebAssembly
    expect(differences(out.result, expected)).toEqual([]);
    expect(out.result).toBe(expected);
    expect(countCalls(out.result)).toEqual({ extract: 14, detect: 14, apply: 36, applyAll: 4, applyBatch: 9, cli: 13 });
    console.log(`node --jitless: workload ${out.ms} ms`);
  }, 60_000);
});
