// Differential test of the decoder/validator against V8: real modules (the benchmark kernels, a
// WASI C program, QuickJS, the PNG codec) with 1-3 random byte mutations each; purewasm's
// WebAssembly.validate must agree with node's on every one. purewasm is configured with the
// features node 20's V8 (11.3) validates by default, so the two judge the same language.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WebAssembly as Pure } from 'purewasm';
import { HostWasm } from './support/host-wasm.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const native = HostWasm;

/** Standard features V8 11.3 does not validate by default. */
const features = {
  memory64: false, 'multi-memory': false, 'custom-page-sizes': false, 'wide-arithmetic': false, gc: false,
  'function-references': false, exceptions: false, 'relaxed-simd': false, 'extended-const': false,
};

/**
 * Known, deliberate differences: V8 accepts atomic accesses whose alignment is below natural;
 * the threads proposal requires it to be exactly natural.
 */
const TOLERATED = [/alignment must be exactly natural/];

function seeds(): Uint8Array[] {
  const kernels = join(root, 'bench/kernels');
  const files = readdirSync(kernels).filter((f) => f.endsWith('.wasm')).map((f) => join(kernels, f));
  files.push(
    join(root, 'test/real/wasi/hello.wasm'),
    join(root, 'node_modules/@jitl/quickjs-wasmfile-release-sync/dist/emscripten-module.wasm'),
    join(root, 'node_modules/@jsquash/png/codec/pkg/squoosh_png_bg.wasm'),
  );
  return files.map((f) => new Uint8Array(readFileSync(f)));
}

describe('validator agrees with V8', () => {
  it('on 4,000 mutated real modules', () => {
    const all = seeds();
    for (const s of all) expect(Pure.validate(s, { features })).toBe(true);
    let rng = 0x2545f491;
    const rand = (n: number): number => {
      rng ^= rng << 13;
      rng ^= rng >>> 17;
      rng ^= rng << 5;
      return (rng >>> 0) % n;
    };
    const disagreements: string[] = [];
    let bothValid = 0;
    for (let i = 0; i < 4000; i++) {
      const b = all[rand(all.length)]!.slice();
      const k = 1 + rand(3);
      for (let j = 0; j < k; j++) {
        const p = 8 + rand(b.length - 8);
        b[p] = rand(3) === 0 ? b[p]! ^ (1 << rand(8)) : rand(256);
      }
      const ours = Pure.validate(b, { features });
      const theirs = native.validate(b);
      if (ours && theirs) bothValid++;
      if (ours === theirs) continue;
      let why = '';
      try {
        new Pure.Module(b, { features });
      } catch (e) {
        why = String(e);
      }
      if (!ours && TOLERATED.some((re) => re.test(why))) continue;
      disagreements.push(`case ${i}: purewasm ${ours}, V8 ${theirs}: ${why}`);
    }
    expect(disagreements).toEqual([]);
    expect(bothValid).toBeGreaterThan(200);
  });
});
