// bench/decode: decode+validate throughput of purewasm next to the host's WebAssembly.validate
// on large real modules, in one run. Usage: npm run bench:decode [-- files...]
// Prints MB/s for both and the ratio purewasm / V8 (higher is better; aim >= 0.5).

import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebAssembly as Pure } from 'purewasm';

const root = fileURLToPath(new URL('..', import.meta.url));
function pkgFile(pkg: string, rel: string): string | undefined {
  const f = join(root, 'node_modules', pkg, rel);
  return existsSync(f) ? f : undefined;
}

const defaults = [
  pkgFile('@jitl/quickjs-wasmfile-release-sync', 'dist/emscripten-module.wasm'),
  pkgFile('@bytecodealliance/jco-transpile', 'vendor/wasm-tools.core.wasm'),
  pkgFile('@bytecodealliance/jco-transpile', 'vendor/js-component-bindgen-component.core.wasm'),
  pkgFile('@bytecodealliance/componentize-js', 'lib/starlingmonkey_embedding.wasm'),
].filter((f): f is string => f !== undefined);

const files = process.argv.slice(2).length ? process.argv.slice(2) : defaults;
const host = (globalThis as { WebAssembly?: { validate(b: Uint8Array): boolean } }).WebAssembly;

function timeIt(fn: () => void, minMs = 1500): number {
  fn(); // warm-up
  let runs = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < minMs || runs < 3) {
    fn();
    runs++;
    t = performance.now();
  }
  return (t - t0) / runs;
}

console.log(`node ${process.version}, ${process.arch}`);
console.log('file'.padEnd(48), 'size MB'.padStart(8), 'purewasm MB/s'.padStart(14), 'V8 MB/s'.padStart(10), 'ratio'.padStart(7));
let sumRatio = 0;
for (const f of files) {
  const bytes = new Uint8Array(readFileSync(f));
  const mb = bytes.length / 1e6;
  let ok = true;
  const ours = timeIt(() => { ok = Pure.validate(bytes); });
  const v8 = host ? timeIt(() => host.validate(bytes)) : NaN;
  const ratio = v8 / ours;
  sumRatio += ratio;
  console.log(f.split('/').slice(-1)[0]!.padEnd(48), mb.toFixed(2).padStart(8), (mb / (ours / 1000)).toFixed(1).padStart(14),
    (mb / (v8 / 1000)).toFixed(1).padStart(10), ratio.toFixed(2).padStart(7), ok ? '' : '(purewasm rejected it!)');
}
console.log(`mean ratio purewasm/V8: ${(sumRatio / files.length).toFixed(2)}`);
