// `npm run demo [-- --out DIR] [--no-compressor]` (the latter skips step 4): the project's main job, end to end. Runs the
// Rust image-service component (test/fixtures/image-service, world image-service:api/
// image-service in wit/) on purewasm in a process whose `globalThis.WebAssembly` has been
// deleted before purewasm is loaded:
//   1. reads the metadata of the bundled picture in five formats (examples/demo/photo.*),
//   2. decodes photo.png in JavaScript (examples/demo/png.ts) and applies resize (fit inside
//      120x120, keeping the aspect), grayscale and a quarter turn, one call each, then the same
//      three as one apply-all, which must give the same pixels,
//   3. writes the result as a PNG (encoded in JavaScript) and reads that file's metadata back
//      through the component,
//   4. compresses the result to JPEG with the two compressor components when they are there:
//      test/fixtures/compressor-js (world image-service:compressor/compressor, JavaScript on
//      QuickJS) through its `compress` export, and test/fixtures/compressor-go (a Go wasi:cli
//      command: PNG on stdin, JPEG on stdout) through purewasm's WASI 0.2 host (runCommand), and
//      reads each JPEG's metadata through the image-service,
// printing the time of the compile, the instantiation and every call. It ends by showing that
// nothing reached the host's WebAssembly (its functions are wrapped with counters first).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodePng, encodePng, type RgbaImage } from '../examples/demo/png.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEMO = join(ROOT, 'examples/demo');
const IMAGE_SERVICE = join(ROOT, 'test/fixtures/image-service/image-service.component.wasm');
const COMPRESSOR = join(ROOT, 'test/fixtures/compressor-js/compressor-js.component.wasm');
const COMPRESSOR_GO = join(ROOT, 'test/fixtures/compressor-go/compressor-go.component.wasm');

const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const outDir = outIndex >= 0 && args[outIndex + 1] ? args[outIndex + 1]! : join(DEMO, 'out');
const runCompressor = !args.includes('--no-compressor');

// ---- 0. the host's WebAssembly: count every use of it, then delete it ----
const g = globalThis as { WebAssembly?: Record<string, unknown> };
let hostWasmUses = 0;
const host = g.WebAssembly;
if (host !== undefined) {
  for (const key of Object.getOwnPropertyNames(host)) {
    const v = host[key];
    if (typeof v !== 'function') continue;
    host[key] = new Proxy(v, {
      apply(target, self, argv) {
        hostWasmUses++;
        return Reflect.apply(target as (...a: unknown[]) => unknown, self, argv);
      },
      construct(target, argv, newTarget) {
        hostWasmUses++;
        return Reflect.construct(target as new (...a: unknown[]) => object, argv, newTarget);
      },
    });
  }
}
delete g.WebAssembly;
const gone = !('WebAssembly' in globalThis) && typeof (globalThis as Record<string, unknown>).WebAssembly === 'undefined';
console.log(`globalThis.WebAssembly deleted: typeof globalThis.WebAssembly = ${typeof g.WebAssembly}, ` +
  `'WebAssembly' in globalThis = ${'WebAssembly' in globalThis}`);
if (!gone) throw new Error('globalThis.WebAssembly is still there');

// ---- timings ----
const timings: Array<[string, number]> = [];
function timed<T>(what: string, f: () => T): T {
  const t0 = performance.now();
  const r = f();
  timings.push([what, performance.now() - t0]);
  return r;
}
const ms = (what: string) => `${timings.find(([w]) => w === what)![1].toFixed(1)} ms`;
const rel = (p: string) => relative(process.cwd(), p) || '.';

// ---- 1. purewasm and the component ----
const t0 = performance.now();
const { compileComponent, ComponentError, runCommand } = await import('../src/index.js');
timings.push(['import purewasm (module loading)', performance.now() - t0]);
console.log(`after loading purewasm: typeof globalThis.WebAssembly = ${typeof g.WebAssembly}`);

interface Info { format: string; width: number; height: number; bitDepth: number; hasAlpha: boolean; sizeBytes: bigint }
type Op =
  | { tag: 'resize'; val: { width: number; height: number; keepAspect: boolean } }
  | { tag: 'grayscale' }
  | { tag: 'rotate'; val: 'r90' | 'r180' | 'r270' };
interface ImageService {
  metadata: { detectFormat(d: Uint8Array): string | undefined; extract(d: Uint8Array): Info };
  transform: { apply(i: RgbaImage, op: Op): RgbaImage; applyAll(i: RgbaImage, ops: Op[]): RgbaImage };
}
const logging = (component: string) => ({
  'image-service:api/logging': { log: (level: string, message: string) => console.log(`    [${component} ${level}] ${message}`) },
});

const bytes = readFileSync(IMAGE_SERVICE);
console.log(`\nimage-service component: ${rel(IMAGE_SERVICE)} (${bytes.length} bytes, Rust)`);
const component = timed('compile image-service', () => compileComponent(bytes));
const service = timed('instantiate image-service', () => component.instantiate(logging('image-service')).exports as unknown as ImageService);
console.log(`  compiled in ${ms('compile image-service')}, instantiated in ${ms('instantiate image-service')}`);

// ---- 2. metadata ----
const describe = (i: Info) =>
  `${i.format.padEnd(4)} ${`${i.width}x${i.height}`.padEnd(8)} ${`${i.bitDepth}-bit`.padEnd(6)} ${i.hasAlpha ? 'alpha ' : 'opaque'} ${i.sizeBytes} bytes`;
console.log('\nmetadata.extract on the bundled picture:');
for (const file of ['photo.png', 'photo.jpg', 'photo.webp', 'photo.avif', 'photo.gif']) {
  const data = new Uint8Array(readFileSync(join(DEMO, file)));
  const info = timed(`extract ${file}`, () => service.metadata.extract(data));
  const format = service.metadata.detectFormat(data);
  if (format !== info.format) throw new Error(`detect-format says ${format}, extract says ${info.format}`);
  console.log(`  ${file.padEnd(11)} ${describe(info)}   (${ms(`extract ${file}`)})`);
}
try {
  service.metadata.extract(new TextEncoder().encode('not an image'));
  throw new Error('extract accepted text');
} catch (e) {
  if (!(e instanceof ComponentError)) throw e;
  console.log(`  (text)      error ${JSON.stringify(e.payload)}`);
}

// ---- 3. transform ----
const photo = decodePng(new Uint8Array(readFileSync(join(DEMO, 'photo.png'))));
console.log(`\ntransform on photo.png (${photo.width}x${photo.height}, decoded in JS):`);
const resize: Op = { tag: 'resize', val: { width: 120, height: 120, keepAspect: true } };
const gray: Op = { tag: 'grayscale' };
const turn: Op = { tag: 'rotate', val: 'r90' };
const resized = timed('apply resize', () => service.transform.apply(photo, resize));
console.log(`  resize (fit 120x120)  -> ${resized.width}x${resized.height}   (${ms('apply resize')})`);
const grayed = timed('apply grayscale', () => service.transform.apply(resized, gray));
console.log(`  grayscale             -> ${grayed.width}x${grayed.height}   (${ms('apply grayscale')})`);
const result = timed('apply rotate', () => service.transform.apply(grayed, turn));
console.log(`  rotate 90°            -> ${result.width}x${result.height}   (${ms('apply rotate')})`);
const all = timed('apply-all (the three)', () => service.transform.applyAll(photo, [resize, gray, turn]));
const same = all.width === result.width && all.height === result.height && Buffer.compare(Buffer.from(all.pixels), Buffer.from(result.pixels)) === 0;
console.log(`  apply-all [resize, grayscale, rotate]: ${same ? 'the same pixels' : 'DIFFERENT pixels'}   (${ms('apply-all (the three)')})`);
if (!same) throw new Error('apply-all differs from the three apply calls');

// ---- 4. the result as a PNG ----
mkdirSync(outDir, { recursive: true });
const png = encodePng(result);
const pngPath = join(outDir, 'photo-processed.png');
writeFileSync(pngPath, png);
const back = decodePng(png);
if (Buffer.compare(Buffer.from(back.pixels), Buffer.from(result.pixels)) !== 0) throw new Error('PNG round trip differs');
const pngInfo = timed('extract photo-processed.png', () => service.metadata.extract(png));
console.log(`\nwrote ${rel(pngPath)}: ${describe(pngInfo)}`);

// ---- 5. the compressor component (JavaScript, QuickJS inside), when it is there ----
interface Compressor {
  compression: {
    compress(img: RgbaImage, opts: { quality: number; maxDimension?: number; progressive: boolean }): {
      data: Uint8Array; originalSize: bigint; compressedSize: bigint; ratio: number;
    };
  };
}
if (runCompressor && existsSync(COMPRESSOR)) {
  const cbytes = readFileSync(COMPRESSOR);
  console.log(`\ncompressor component: ${rel(COMPRESSOR)} (${cbytes.length} bytes, JavaScript on QuickJS)`);
  const cc = timed('compile compressor', () => compileComponent(cbytes));
  const compressor = timed('instantiate compressor', () => cc.instantiate(logging('compressor')).exports as unknown as Compressor);
  console.log(`  compiled in ${ms('compile compressor')}, instantiated in ${ms('instantiate compressor')}`);
  // max-dimension 60: the compressor scales down first (QuickJS interpreted by purewasm's
  // interpreter takes a few seconds for this size).
  const jpeg = timed('compress (JPEG q85, max 60)', () =>
    compressor.compression.compress(result, { quality: 85, maxDimension: 60, progressive: false }));
  const jpegPath = join(outDir, 'photo-processed.jpg');
  writeFileSync(jpegPath, jpeg.data);
  const jpegInfo = timed('extract photo-processed.jpg', () => service.metadata.extract(jpeg.data));
  console.log(`  compress -> ${jpeg.compressedSize} bytes from ${jpeg.originalSize} (ratio ${jpeg.ratio.toFixed(3)})   (${ms('compress (JPEG q85, max 60)')})`);
  console.log(`  wrote ${rel(jpegPath)}: ${describe(jpegInfo)} (read by the image-service)`);
} else if (runCompressor) {
  console.log(`\n(no compressor component at ${rel(COMPRESSOR)}: skipped)`);
}
if (runCompressor && existsSync(COMPRESSOR_GO)) {
  const gbytes = readFileSync(COMPRESSOR_GO);
  console.log(`\ncompressor-go component: ${rel(COMPRESSOR_GO)} (${gbytes.length} bytes, Go, a wasi:cli command)`);
  const gc = timed('compile compressor-go', () => compileComponent(gbytes));
  console.log(`  compiled in ${ms('compile compressor-go')}`);
  const out: Uint8Array[] = [];
  const err: Uint8Array[] = [];
  // runCommand instantiates with purewasm's WASI 0.2 host and calls wasi:cli/run
  const status = timed('run compressor-go 85 < png', () => runCommand(gc, {
    args: ['compressor-go', '85'],
    stdin: png,
    stdout: (b: Uint8Array) => void out.push(b.slice()),
    stderr: (b: Uint8Array) => void err.push(b.slice()),
  }));
  const message = Buffer.concat(err).toString('utf8').trim();
  if (status !== 0) throw new Error(`compressor-go exited with ${status}: ${message}`);
  const jpeg = new Uint8Array(Buffer.concat(out));
  const jpegPath = join(outDir, 'photo-processed-go.jpg');
  writeFileSync(jpegPath, jpeg);
  const jpegInfo = timed('extract photo-processed-go.jpg', () => service.metadata.extract(jpeg));
  console.log(`  compressor-go 85 < photo-processed.png: exit ${status}, stderr "${message}"   (instantiate + run ${ms('run compressor-go 85 < png')})`);
  console.log(`  wrote ${rel(jpegPath)}: ${describe(jpegInfo)} (read by the image-service)`);
} else if (runCompressor) {
  console.log(`\n(no compressor-go component at ${rel(COMPRESSOR_GO)}: skipped)`);
}

// ---- summary ----
console.log('\ntimings:');
for (const [what, t] of timings) console.log(`  ${what.padEnd(34)} ${t.toFixed(1).padStart(8)} ms`);
console.log(`\nhost WebAssembly: ${'WebAssembly' in globalThis ? 'present' : 'absent'} throughout; ${hostWasmUses} calls reached it`);
if (hostWasmUses !== 0 || 'WebAssembly' in globalThis) process.exitCode = 1;
