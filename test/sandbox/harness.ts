// Shared by the sandbox tests (issue 8): the bundles (built in memory, once per test file), the
// workload input (test/sandbox/guest.js documents its shape), and the native result to compare
// with — the image-service component transpiled by jco and run on the host's own WebAssembly
// (V8), the command component's outputs as recorded natively in rust-cli/expected.json.

import { transpile } from '@bytecodealliance/jco';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { buildBundles, type Bundle } from '../../scripts/build-bundles.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const IMAGE_SERVICE = join(FIXTURES, 'image-service/image-service.component.wasm');
const CLI_DIR = join(FIXTURES, 'rust-cli');

/** The guest workload script (plain ES2022, see guest.js). */
export const GUEST = readFileSync(fileURLToPath(new URL('./guest.js', import.meta.url)), 'utf8');

let bundles: Promise<Bundle[]> | undefined;
/** The text of one bundle (purewasm.js, purewasm.mjs, purewasm-auto.js, purewasm-auto.mjs). */
export async function bundle(file: string): Promise<string> {
  bundles ??= buildBundles();
  const b = (await bundles).find((x) => x.file === file);
  if (b === undefined) throw new Error(`no bundle ${file}`);
  return b.text;
}

const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');

/** Image files whose metadata the workload extracts: every format the service knows, and bad input. */
const FILES = [
  'png-rgba8.png', 'png-palette-trns.png', 'png-truncated.png', 'jpeg-baseline.jpg', 'jpeg-progressive.jpg',
  'gif-transparent.gif', 'bmp-v5-32-alpha.bmp', 'webp-lossless.webp', 'webp-lossy-alpha.webp',
  'avif-rgba8.avif', 'tiff-opaque.tif', 'heic-opaque.heic', 'text.txt', 'empty.bin',
];

function pattern(w: number, h: number): Uint8Array {
  const p = new Uint8Array(w * h * 4);
  for (let k = 0; k < p.length; k++) p[k] = (k * 37 + (k >> 2) * 11) & 255;
  return p;
}

const OPS = {
  'resize-29x17': { tag: 'resize', val: { width: 29, height: 17, keepAspect: false } },
  'fit-100x100': { tag: 'resize', val: { width: 100, height: 100, keepAspect: true } },
  'resize-0x5': { tag: 'resize', val: { width: 0, height: 5, keepAspect: false } },
  'crop-inside': { tag: 'crop', val: { x: 5, y: 3, width: 20, height: 10 } },
  'crop-outside': { tag: 'crop', val: { x: 30, y: 20, width: 50, height: 50 } },
  grayscale: { tag: 'grayscale' },
  'rotate-90': { tag: 'rotate', val: 'r90' },
  'rotate-180': { tag: 'rotate', val: 'r180' },
  'rotate-270': { tag: 'rotate', val: 'r270' },
};

interface CliCase { name: string; args: string[]; env: Record<string, string>; stdin: string; preopen?: string; stdout: string; stderr: string; exit: number }
const expected = JSON.parse(readFileSync(join(CLI_DIR, 'expected.json'), 'utf8')) as { argv0: string; cases: CliCase[] };

/** A smaller workload for slow realms: which files, images, operations and command cases to keep. */
export interface Subset { files?: string[]; images?: string[]; ops?: string[]; cliCases?: string[] }

const keep = <T>(all: Record<string, T>, names: string[] | undefined): Record<string, T> =>
  names === undefined ? all : Object.fromEntries(names.map((n) => { if (!(n in all)) throw new Error(`no ${n}`); return [n, all[n]!]; }));

/** The workload input, as JSON text (all of it, or a subset). */
export function sandboxInput(subset: Subset = {}): string {
  const full = JSON.parse(fullInput()) as { files: Record<string, string>; images: Array<{ name: string }>; ops: Record<string, unknown>; cliCases: Array<{ name: string }> };
  return JSON.stringify({
    ...full,
    files: keep(full.files, subset.files),
    images: subset.images === undefined ? full.images : full.images.filter((i) => subset.images!.includes(i.name)),
    ops: keep(full.ops, subset.ops),
    cliCases: subset.cliCases === undefined ? full.cliCases : full.cliCases.filter((c) => subset.cliCases!.includes(c.name)),
  });
}

let fullText: string | undefined;
function fullInput(): string {
  if (fullText !== undefined) return fullText;
  const samples = join(FIXTURES, 'image-service/samples');
  return fullText = JSON.stringify({
    imageService: b64(readFileSync(IMAGE_SERVICE)),
    cli: b64(readFileSync(join(CLI_DIR, 'rust-cli.component.wasm'))),
    files: Object.fromEntries(FILES.map((f) => [f, b64(readFileSync(join(samples, f)))])),
    images: [
      { name: 'base-37x23', width: 37, height: 23, pixels: b64(readFileSync(join(samples, 'base-37x23.rgba'))) },
      { name: 'rgba-61x43', width: 61, height: 43, pixels: b64(readFileSync(join(FIXTURES, 'image-service/corpus/pixels/rgba-61x43.rgba'))) },
      { name: 'pixel-1x1', width: 1, height: 1, pixels: b64(Uint8Array.of(10, 200, 30, 77)) },
      { name: 'row-7x1', width: 7, height: 1, pixels: b64(pattern(7, 1)) },
    ],
    ops: OPS,
    argv0: expected.argv0,
    // env-all passes a variable named "WITH=EQ", which purewasm's host refuses by design.
    cliCases: expected.cases.filter((c) => !Object.keys(c.env).some((k) => k.includes('='))).map(({ name, args, env, stdin, preopen }) => ({ name, args, env, stdin, ...(preopen !== undefined ? { preopen } : {}) })),
  });
}

type Workload = (makeApi: (log: (l: string, m: string) => void) => unknown, runCli: (c: { name: string }) => unknown, input: unknown) => unknown;

let native: Promise<Workload> | undefined;
/** The workload's result for `input` (default: all of it) computed natively (jco + V8; expected.json), as JSON text. */
export async function nativeResult(input = sandboxInput()): Promise<string> {
  native ??= (async () => {
    const bytes = readFileSync(IMAGE_SERVICE);
    const { files } = await transpile(bytes, { name: 'image-service', instantiation: 'sync', noTypescript: true } as Parameters<typeof transpile>[1]);
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-native-'));
    let mod: { instantiate(getCore: (path: string) => unknown, imports: unknown): unknown };
    try {
      for (const [name, data] of Object.entries(files as Record<string, Uint8Array>)) if (name.endsWith('.js')) writeFileSync(join(dir, name), data);
      mod = await import(pathToFileURL(join(dir, 'image-service.js')).href);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const V8 = (globalThis as unknown as { WebAssembly: { Module: new (b: Uint8Array) => unknown } }).WebAssembly;
    const makeApi = (log: (l: string, m: string) => void) =>
      mod.instantiate((path) => new V8.Module((files as Record<string, Uint8Array>)[path]!), { 'image-service:api/logging': { log } });
    const byName = new Map(expected.cases.map((c) => [c.name, c]));
    const runCli = (c: { name: string }) => {
      const e = byName.get(c.name)!;
      return { stdout: e.stdout, stderr: e.stderr, exit: e.exit };
    };
    // The guest script, evaluated in this realm (tests may; purewasm may not).
    const sandbox = vm.runInThisContext(`(function () { ${GUEST}\n return sandboxWorkload; })()`) as Workload;
    return ((i: unknown) => sandbox(makeApi, runCli, i)) as unknown as Workload;
  })();
  const run = (await native) as unknown as (i: unknown) => unknown;
  return JSON.stringify(run(JSON.parse(input)));
}

/** Compares two workload results section by section (readable failures), then exactly. */
export function differences(actual: string, expectedText: string): string[] {
  const a = JSON.parse(actual) as Record<string, Record<string, unknown>>;
  const e = JSON.parse(expectedText) as Record<string, Record<string, unknown>>;
  const out: string[] = [];
  for (const section of Object.keys(e)) {
    for (const key of Object.keys(e[section]!)) {
      if (JSON.stringify(a[section]?.[key]) !== JSON.stringify(e[section]![key])) {
        out.push(`${section}[${key}]: got ${JSON.stringify(a[section]?.[key]).slice(0, 200)}, expected ${JSON.stringify(e[section]![key]).slice(0, 200)}`);
      }
    }
  }
  if (out.length === 0 && actual !== expectedText) out.push('the results differ outside the compared sections');
  return out;
}

/** How many calls a result holds (to show the test compared something). */
export function countCalls(result: string): Record<string, number> {
  const r = JSON.parse(result) as Record<string, Record<string, unknown>>;
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Object.keys(v).length]));
}
