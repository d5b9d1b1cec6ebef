// Issue 8 (d): purewasm in an SES Compartment after lockdown() (run in a child process so the
// lockdown does not freeze the vitest realm). SES compartments have no WebAssembly, no
// Float32Array/Float64Array (left out of SES's shared intrinsics), and Date.now() and Math.random()
// throw. The compartment is endowed only with what purewasm needs: Float32Array and Float64Array
// (the interpreter's float registers), and — for the WASI host — `performance` (now/timeOrigin, the
// clocks) and `crypto` (getRandomValues, wasi:random), each a hardened object holding only those
// functions. The classic-script bundle (dist/purewasm.js, built in memory) and
// test/sandbox/guest.js run the image-service and rust-cli components; the result must equal the
// native one (jco + V8 for the image service, rust-cli/expected.json).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runChild } from './sandbox/child.js';
import { bundle, countCalls, differences, GUEST, nativeResult, sandboxInput } from './sandbox/harness.js';

const SES = fileURLToPath(new URL('../node_modules/ses/dist/ses.mjs', import.meta.url));

const DRIVER = `
import ${JSON.stringify(SES)};
import { readFileSync } from 'node:fs';
lockdown();
const read = (f) => readFileSync(new URL(f, import.meta.url), 'utf8');
const bare = new Compartment({ __options__: true });
const realm = bare.evaluate(\`[typeof WebAssembly, typeof Float32Array, typeof Float64Array,
  (() => { try { Date.now(); return 'Date.now works'; } catch (e) { return 'Date.now throws'; } })(),
  (() => { try { Math.random(); return 'Math.random works'; } catch (e) { return 'Math.random throws'; } })()].join()\`);
const endowments = {
  Float32Array, Float64Array,
  performance: harden({ now: () => performance.now(), timeOrigin: performance.timeOrigin }),
  crypto: harden({ getRandomValues: (a) => crypto.getRandomValues(a) }),
};
const c = new Compartment({ __options__: true, globals: endowments });
const purewasm = c.evaluate(read('./purewasm.js') + '\\n;purewasm');
const sandboxRun = c.evaluate(read('./guest.js') + '\\n;sandboxRun');
const input = readFileSync(0, 'utf8');
const t0 = performance.now();
const result = sandboxRun(purewasm, input);
process.stdout.write(JSON.stringify({ realm, frozen: Object.isFrozen(Array.prototype), ms: performance.now() - t0, result }));
`;

describe('sandbox: SES lockdown() + Compartment', () => {
  it('runs the image-service and WASI command components with the same results as native', async () => {
    const expected = await nativeResult();
    const r = runChild([], { 'purewasm.js': await bundle('purewasm.js'), 'guest.js': GUEST }, DRIVER, sandboxInput());
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { realm: string; frozen: boolean; ms: number; result: string };
    expect(out.realm).toBe('undefined,undefined,undefined,Date.now throws,Math.random throws');
    expect(out.frozen).toBe(true); // lockdown() really happened
    expect(differences(out.result, expected)).toEqual([]);
    expect(out.result).toBe(expected);
    expect(countCalls(out.result)).toEqual({ extract: 14, detect: 14, apply: 36, applyAll: 4, applyBatch: 9, cli: 13 });
    console.log(`SES compartment: workload ${out.ms.toFixed(0)} ms`);
  }, 60_000);
});
