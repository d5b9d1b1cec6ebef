// Builds the single-file bundles of purewasm with esbuild (issue 8):
//   dist/purewasm.mjs       ESM, the whole public API of src/index.ts
//   dist/purewasm.js        classic script defining one global, `purewasm`
//   dist/purewasm-auto.mjs  ESM of src/auto.ts (the host's WebAssembly when it works, else purewasm)
//   dist/purewasm-auto.js   classic script of the same, also as the global `purewasm`
// Zero runtime dependencies (everything is bundled; any import left external fails the build),
// no eval / new Function (test/bundle.test.ts checks the output), target ES2022.
// Usage: npm run build:bundles [-- --outdir DIR]   (prints raw and gzip sizes)

import { build, type BuildOptions } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface Bundle { file: string; entry: string; format: 'esm' | 'iife'; text: string }

const TARGETS: Array<Omit<Bundle, 'text'>> = [
  { file: 'purewasm.mjs', entry: 'src/index.ts', format: 'esm' },
  { file: 'purewasm.js', entry: 'src/index.ts', format: 'iife' },
  { file: 'purewasm-auto.mjs', entry: 'src/auto.ts', format: 'esm' },
  { file: 'purewasm-auto.js', entry: 'src/auto.ts', format: 'iife' },
];

/** Builds every bundle in memory. */
export async function buildBundles(): Promise<Bundle[]> {
  return Promise.all(TARGETS.map(async (t) => {
    const options: BuildOptions = {
      absWorkingDir: ROOT,
      entryPoints: [t.entry],
      bundle: true,
      write: false,
      format: t.format,
      globalName: t.format === 'iife' ? 'purewasm' : undefined,
      platform: 'neutral',
      target: 'es2022',
      minify: true,
      keepNames: true, // error classes keep their names (ComponentError, RuntimeError, ...)
      legalComments: 'none',
      charset: 'utf8',
      metafile: true,
      logLevel: 'silent',
    };
    const result = await build(options);
    const external = Object.values(result.metafile!.inputs).flatMap((i) => i.imports.filter((m) => m.external && m.path !== '<runtime>').map((m) => m.path));
    if (external.length > 0) throw new Error(`${t.file}: unbundled imports ${external.join(', ')}`);
    return { ...t, text: result.outputFiles![0]!.text };
  }));
}

/** Raw and gzip sizes in bytes. */
export function sizes(b: Bundle): { raw: number; gzip: number } {
  const bytes = Buffer.from(b.text, 'utf8');
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--outdir');
  const outdir = i >= 0 ? process.argv[i + 1]! : join(ROOT, 'dist');
  mkdirSync(outdir, { recursive: true });
  for (const b of await buildBundles()) {
    writeFileSync(join(outdir, b.file), b.text);
    const s = sizes(b);
    console.log(`${b.file.padEnd(20)} ${(s.raw / 1024).toFixed(1).padStart(7)} KiB raw ${(s.gzip / 1024).toFixed(1).padStart(7)} KiB gzip`);
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) await main();
