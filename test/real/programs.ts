// Three real programs with their unmodified npm glue, each run on whatever `globalThis.WebAssembly`
// is at the time of the call (node's own engine, or purewasm installed in its place):
//   - @jsquash/png (Rust + wasm-bindgen): encode an RGBA image, decode it again;
//   - @jitl/quickjs-wasmfile-release-sync (QuickJS, emscripten) via quickjs-emscripten-core:
//     evaluate a JavaScript program;
//   - test/real/wasi/hello.wasm (C, wasi-libc) through @bjorn3/browser_wasi_shim.
// Every result is plain JSON so that it can cross a process boundary (see run-programs.ts).
//
// Note: @jsquash/png's glue keeps its instance in a module-level variable, so it can be
// initialised once per process (per module graph); callers that need it on two engines run one of
// them in a child process.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { QuickJSSyncVariant } from 'quickjs-emscripten-core';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));

export interface Timing {
  /** compile + instantiate (+ the program's own start-up), ms */
  initMs: number;
  /** the work itself, ms */
  runMs: number;
}

export interface PngResult {
  png: string; // base64 of the encoded file
  pngSha256: string;
  width: number;
  height: number;
  pixelsSha256: string;
  roundTrip: boolean; // decoded pixels equal the input
  timing: Timing;
}

export interface QuickJSResult {
  value: string; // JSON produced inside QuickJS
  uncaught: string; // an error thrown out of evalCode, dumped
  timing: Timing;
}

export interface WasiResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  file: string | null; // contents of out/result.txt in the preopened directory
  timing: Timing;
}

export interface AllResults {
  png: PngResult;
  quickjs: QuickJSResult;
  wasi: WasiResult;
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const now = (): number => performance.now();

// ---------------------------------------------------------------- @jsquash/png

export const PNG_WIDTH = 64;
export const PNG_HEIGHT = 48;

/** A gradient with varying alpha and a little pattern, so that every PNG filter has work. */
export function makeImage(width = PNG_WIDTH, height = PNG_HEIGHT): Uint8ClampedArray {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      data[i] = Math.floor((x * 255) / (width - 1));
      data[i + 1] = Math.floor((y * 255) / (height - 1));
      data[i + 2] = ((x ^ y) * 7) & 0xff;
      data[i + 3] = 255 - Math.floor(((x + y) * 200) / (width + height - 2));
    }
  }
  return data;
}

/** Node has no ImageData; the wasm-bindgen glue calls `new ImageData(data, w, h)` when decoding. */
function ensureImageData(): void {
  const g = globalThis as Record<string, unknown>;
  if (typeof g.ImageData === 'function') return;
  g.ImageData = class ImageData {
    readonly colorSpace = 'srgb';
    constructor(
      readonly data: Uint8ClampedArray,
      readonly width: number,
      readonly height: number,
    ) {}
  };
}

/** Encodes a width×height RGBA image and decodes it again (initialising the codec first if needed). */
export async function runPng(width = PNG_WIDTH, height = PNG_HEIGHT): Promise<PngResult> {
  ensureImageData();
  const { default: encode, init } = await import('@jsquash/png/encode.js');
  const { default: decode } = await import('@jsquash/png/decode.js');
  const wasmBytes = readFileSync(require.resolve('@jsquash/png/codec/pkg/squoosh_png_bg.wasm'));

  let t = now();
  await init(wasmBytes); // decode.js's init shares the codec's (already initialised) instance
  const initMs = now() - t;

  t = now();
  const input = makeImage(width, height);
  const encodedBuffer = await encode({ data: input, width, height, colorSpace: 'srgb' } as never);
  const encoded = new Uint8Array(encodedBuffer);
  const decoded = (await decode(encodedBuffer)) as unknown as { data: Uint8ClampedArray; width: number; height: number };
  const runMs = now() - t;

  const pixels = new Uint8Array(decoded.data.buffer, decoded.data.byteOffset, decoded.data.byteLength);
  const roundTrip = pixels.length === input.length && pixels.every((v, i) => v === input[i]);
  return {
    png: Buffer.from(encoded).toString('base64'),
    pngSha256: sha256(encoded),
    width: decoded.width,
    height: decoded.height,
    pixelsSha256: sha256(pixels),
    roundTrip,
    timing: { initMs, runMs },
  };
}

// ---------------------------------------------------------------- QuickJS

/** Evaluated inside QuickJS; its completion value is a JSON string. */
export const QUICKJS_PROGRAM = readFileSync(join(here, 'quickjs', 'program.js'), 'utf8');

export async function runQuickJS(): Promise<QuickJSResult> {
  const { newQuickJSWASMModuleFromVariant } = await import('quickjs-emscripten-core');
  // (the package's types describe its CommonJS build; its ESM build's default export is the variant)
  const variant = (await import('@jitl/quickjs-wasmfile-release-sync')).default as unknown as QuickJSSyncVariant;

  let t = now();
  const QuickJS = await newQuickJSWASMModuleFromVariant(variant);
  const initMs = now() - t;

  t = now();
  const vm = QuickJS.newContext();
  let value: string;
  let uncaught: string;
  try {
    const h = vm.unwrapResult(vm.evalCode(QUICKJS_PROGRAM, 'program.js'));
    value = vm.getString(h);
    h.dispose();
    const r = vm.evalCode('(function f(x) { if (x > 2) throw new RangeError("x too big: " + x); return f(x + 1); })(0)');
    if (r.error) {
      uncaught = JSON.stringify(vm.dump(r.error));
      r.error.dispose();
    } else {
      uncaught = 'no error: ' + JSON.stringify(vm.dump(r.value));
      r.value.dispose();
    }
  } finally {
    vm.dispose();
  }
  const runMs = now() - t;
  return { value, uncaught, timing: { initMs, runMs } };
}

// ---------------------------------------------------------------- WASI (browser_wasi_shim)

export const WASI_ARGS = ['hello.wasm', 'alpha', 'βeta', '--count=3'];
export const WASI_ENV = ['GREETING=hi there', 'HOME=/nowhere'];
export const WASI_INPUT = 'line one\nline two\n';

export async function runWasi(): Promise<WasiResult> {
  const { WASI, File, OpenFile, PreopenDirectory, Directory } = await import('@bjorn3/browser_wasi_shim');
  type Inode = import('@bjorn3/browser_wasi_shim').Inode;
  const W = (globalThis as unknown as { WebAssembly: any }).WebAssembly;
  const bytes = readFileSync(join(here, 'wasi', 'hello.wasm'));

  const stdout = new File([]);
  const stderr = new File([]);
  const outDir = new Directory([]);
  const fds = [
    new OpenFile(new File([])),
    new OpenFile(stdout),
    new OpenFile(stderr),
    new PreopenDirectory(
      '/data',
      new Map<string, Inode>([
        ['input.txt', new File(new TextEncoder().encode(WASI_INPUT))],
        ['out', outDir],
      ]),
    ),
  ];
  const wasi = new WASI(WASI_ARGS, WASI_ENV, fds, { debug: false });

  let t = now();
  const { instance } = await W.instantiate(bytes, { wasi_snapshot_preview1: wasi.wasiImport });
  const initMs = now() - t;

  t = now();
  const exitCode = wasi.start(instance);
  const runMs = now() - t;

  const result = outDir.contents.get('result.txt');
  const dec = new TextDecoder();
  return {
    exitCode,
    stdout: dec.decode(stdout.data),
    stderr: dec.decode(stderr.data),
    file: result instanceof File ? dec.decode(result.data) : null,
    timing: { initMs, runMs },
  };
}

export async function runAll(): Promise<AllResults> {
  return { png: await runPng(), quickjs: await runQuickJS(), wasi: await runWasi() };
}

/** The results without timings, for comparing two engines. */
export function withoutTimings<T extends { timing: Timing }>(r: T): Omit<T, 'timing'> {
  const { timing: _t, ...rest } = r;
  void _t;
  return rest;
}
