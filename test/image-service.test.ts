// The Rust image-service component (test/fixtures/image-service, world image-service:api/
// image-service in wit/) on purewasm, against two oracles:
//   - jco + V8: the same component transpiled by jco 1.35 (`instantiation: 'sync'`), its core
//     modules compiled by node's own WebAssembly. Every call must give the same value or the same
//     error payload, and make the same calls to the imported image-service:api/logging.log;
//   - independent implementations: `image-size` for the format and dimensions of every image in
//     test/fixtures/image-service/corpus (gen-corpus.mjs; each also checked with ImageMagick
//     `identify` when generated, recorded in corpus.json) and samples/; hand-written JS for
//     grayscale (Rec. 601, integer), crop and rotation (exact); ImageMagick's bilinear
//     `-interpolative-resize` for resize, within a tolerance of 1 per channel on opaque pictures
//     and 2 with alpha (ImageMagick weights colour by alpha when it interpolates).
// WIT semantics: wit/types.wit, wit/metadata.wit, wit/transform.wit.
import { transpile } from '@bytecodealliance/jco';
import { imageSize } from 'image-size';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileComponent, ComponentError } from '../src/index.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/image-service/', import.meta.url));
const CORPUS = join(FIXTURE, 'corpus');
const SAMPLES = join(FIXTURE, 'samples');

interface Image { width: number; height: number; pixels: Uint8Array }
interface Info { format: string; width: number; height: number; bitDepth: number; hasAlpha: boolean; sizeBytes: bigint }
type Op =
  | { tag: 'resize'; val: { width: number; height: number; keepAspect: boolean } }
  | { tag: 'crop'; val: { x: number; y: number; width: number; height: number } }
  | { tag: 'grayscale' }
  | { tag: 'rotate'; val: 'r90' | 'r180' | 'r270' };
interface Api {
  metadata: { extract(d: Uint8Array): Info; detectFormat(d: Uint8Array): string | undefined };
  transform: {
    apply(i: Image, op: Op): Image;
    applyBatch(i: Image[], op: Op): Array<{ tag: 'ok'; val: Image } | { tag: 'err'; val: unknown }>;
    applyAll(i: Image, ops: Op[]): Image;
  };
}
/** What one call did: its value or the error payload it threw, and the log calls it made. */
interface Outcome<T> { ok?: T; err?: unknown; logs: Array<[string, string]> }

interface Engine { api: Api; logs: Array<[string, string]>; all: Array<[string, string]>; renew(): void }
let pure: Engine;
let jco: Engine;

function engine(make: (log: (level: string, message: string) => void) => Api): Engine {
  const log = (level: string, message: string) => {
    e.logs.push([level, message]);
    e.all.push([level, message]);
  };
  const e: Engine = { api: make(log), logs: [], all: [], renew: () => { e.api = make(log); } };
  return e;
}

function call<T>(e: Engine, f: (api: Api) => T, isPure: boolean): Outcome<T> {
  e.logs = [];
  try {
    return { ok: f(e.api), logs: e.logs };
  } catch (err) {
    // purewasm: its own ComponentError; jco: the ComponentError class of the generated code.
    if (isPure ? !(err instanceof ComponentError) : (err as Error)?.constructor?.name !== 'ComponentError') {
      e.renew(); // a trap leaves the instance unusable: the next test gets a fresh one
      throw err;
    }
    return { err: (err as { payload: unknown }).payload, logs: e.logs };
  }
}

/** A purewasm call made only to build an expectation: its log calls are not kept in `all`. */
function quiet<T>(f: (api: Api) => T): Outcome<T> {
  const n = pure.all.length;
  try {
    return call(pure, f, true);
  } finally {
    pure.all.length = n;
  }
}

/** Runs f on both engines; they must agree exactly (values, pixels, error payloads, logs). */
function both<T>(f: (api: Api) => T): Outcome<T> {
  const p = call(pure, f, true);
  const j = call(jco, f, false);
  expect(p.logs).toEqual(j.logs);
  if ('err' in p || 'err' in j) {
    expect(p).toEqual(j);
    return p;
  }
  sameValue(p.ok, j.ok);
  return p;
}

/** Deep equality where byte arrays are compared as bytes (and must both be Uint8Arrays). */
function sameValue(a: unknown, b: unknown, path = '$'): void {
  if (b instanceof Uint8Array) {
    expect(a, path).toBeInstanceOf(Uint8Array);
    expect(Buffer.compare(Buffer.from(a as Uint8Array), Buffer.from(b)), `${path}: bytes differ`).toBe(0);
  } else if (Array.isArray(b)) {
    expect(Array.isArray(a), path).toBe(true);
    expect((a as unknown[]).length, path).toBe(b.length);
    b.forEach((v, k) => sameValue((a as unknown[])[k], v, `${path}[${k}]`));
  } else if (b !== null && typeof b === 'object') {
    expect(Object.keys(a as object).sort(), path).toEqual(Object.keys(b).sort());
    for (const [k, v] of Object.entries(b)) sameValue((a as Record<string, unknown>)[k], v, `${path}.${k}`);
  } else {
    expect(a, path).toBe(b);
  }
}

// ---- images and operations ----
const pictureFile = (name: string): Image => {
  const [w, h] = name.replace(/^.*-(\d+x\d+)\.rgba$/, '$1').split('x').map(Number) as [number, number];
  return { width: w, height: h, pixels: new Uint8Array(readFileSync(join(CORPUS, 'pixels', name))) };
};
function pattern(w: number, h: number): Image {
  const p = new Uint8Array(w * h * 4);
  for (let k = 0; k < p.length; k++) p[k] = (k * 37 + (k >> 2) * 11) & 255;
  return { width: w, height: h, pixels: p };
}
const IMAGES: Record<string, Image> = {
  'opaque-61x43': pictureFile('opaque-61x43.rgba'),
  'rgba-61x43': pictureFile('rgba-61x43.rgba'),
  'base-37x23': { width: 37, height: 23, pixels: new Uint8Array(readFileSync(join(SAMPLES, 'base-37x23.rgba'))) },
  'pixel-1x1': { width: 1, height: 1, pixels: Uint8Array.of(10, 200, 30, 77) },
  'row-7x1': pattern(7, 1),
  'column-1x5': pattern(1, 5),
};
const resize = (width: number, height: number, keepAspect = false): Op => ({ tag: 'resize', val: { width, height, keepAspect } });
const crop = (x: number, y: number, width: number, height: number): Op => ({ tag: 'crop', val: { x, y, width, height } });
const OPS: Record<string, Op> = {
  'resize-29x17': resize(29, 17),
  'resize-83x59': resize(83, 59),
  'resize-7x40': resize(7, 40),
  'resize-1x1': resize(1, 1),
  'resize-3x2': resize(3, 2),
  'fit-100x100': resize(100, 100, true),
  'fit-10x50': resize(10, 50, true),
  'fit-200x9': resize(200, 9, true),
  'crop-inside': crop(5, 3, 20, 10),
  'crop-corner': crop(0, 0, 1, 1),
  'crop-last-column': crop(6, 0, 1, 1),
  grayscale: { tag: 'grayscale' },
  'rotate-90': { tag: 'rotate', val: 'r90' },
  'rotate-180': { tag: 'rotate', val: 'r180' },
  'rotate-270': { tag: 'rotate', val: 'r270' },
};

// ---- independent references ----
function refGrayscale(i: Image): Image {
  const p = i.pixels.slice();
  for (let k = 0; k < p.length; k += 4) {
    // Rec. 601 luma 0.299 R + 0.587 G + 0.114 B, rounded half up, in integers.
    p[k] = p[k + 1] = p[k + 2] = Math.floor((299 * p[k]! + 587 * p[k + 1]! + 114 * p[k + 2]! + 500) / 1000);
  }
  return { width: i.width, height: i.height, pixels: p };
}
function refCrop(i: Image, r: { x: number; y: number; width: number; height: number }): Image | undefined {
  if (r.width === 0 || r.height === 0 || r.x + r.width > i.width || r.y + r.height > i.height) return undefined;
  const p = new Uint8Array(r.width * r.height * 4);
  let o = 0;
  for (let y = r.y; y < r.y + r.height; y++) for (let x = r.x; x < r.x + r.width; x++) for (let c = 0; c < 4; c++) p[o++] = i.pixels[(y * i.width + x) * 4 + c]!;
  return { width: r.width, height: r.height, pixels: p };
}
/** Clockwise: the destination pixel (dx, dy) comes from the source pixel given by `from`. */
function refRotate(i: Image, rot: 'r90' | 'r180' | 'r270'): Image {
  const { width: w, height: h } = i;
  const dw = rot === 'r180' ? w : h;
  const dh = rot === 'r180' ? h : w;
  const from = (dx: number, dy: number): [number, number] =>
    rot === 'r90' ? [dy, h - 1 - dx] : rot === 'r180' ? [w - 1 - dx, h - 1 - dy] : [w - 1 - dy, dx];
  const p = new Uint8Array(w * h * 4);
  for (let dy = 0; dy < dh; dy++) for (let dx = 0; dx < dw; dx++) {
    const [sx, sy] = from(dx, dy);
    for (let c = 0; c < 4; c++) p[(dy * dw + dx) * 4 + c] = i.pixels[(sy * w + sx) * 4 + c]!;
  }
  return { width: dw, height: dh, pixels: p };
}
/** keep-aspect: the largest box of the source's aspect inside width x height (nearest integer, ≥ 1). */
function fitInside(sw: number, sh: number, w: number, h: number): [number, number] {
  const scale = Math.min(w / sw, h / sh);
  return [Math.min(w, Math.max(1, Math.round(sw * scale))), Math.min(h, Math.max(1, Math.round(sh * scale)))];
}
function maxDiff(a: Uint8Array, b: Uint8Array): number {
  let m = 0;
  for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k]! - b[k]!));
  return m;
}

beforeAll(async () => {
  const bytes = readFileSync(join(FIXTURE, 'image-service.component.wasm'));
  pure = engine((log) => compileComponent(bytes).instantiate({ 'image-service:api/logging': { log } }).exports as unknown as Api);

  const { files } = await transpile(bytes, { name: 'image-service', instantiation: 'sync', noTypescript: true } as Parameters<typeof transpile>[1]);
  const dir = mkdtempSync(join(tmpdir(), 'image-service-jco-'));
  let mod: { instantiate(getCore: (path: string) => unknown, imports: unknown): Api };
  try {
    for (const [name, data] of Object.entries(files as Record<string, Uint8Array>)) if (name.endsWith('.js')) writeFileSync(join(dir, name), data);
    mod = await import(pathToFileURL(join(dir, 'image-service.js')).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const V8 = (globalThis as unknown as { WebAssembly: { Module: new (b: Uint8Array) => unknown } }).WebAssembly;
  jco = engine((log) => mod.instantiate((path) => new V8.Module((files as Record<string, Uint8Array>)[path]!), { 'image-service:api/logging': { log } }));
}, 60_000);

// ---- metadata ----
interface CorpusEntry { file: string; format: string; width: number; height: number; bitDepth: number; hasAlpha: boolean; sizeBytes: number; how: string }
const corpus = JSON.parse(readFileSync(join(CORPUS, 'corpus.json'), 'utf8')) as {
  images: CorpusEntry[];
  references: Array<{ file: string; source: string; width: number; height: number }>;
};
const samples = JSON.parse(readFileSync(join(SAMPLES, 'samples.json'), 'utf8')) as {
  samples: Array<{ file: string; ok?: Omit<CorpusEntry, 'file' | 'sizeBytes' | 'how'>; err?: unknown; sizeBytes: number }>;
};
/** image-size's type names → image-format. */
const IMAGE_SIZE_TYPE: Record<string, string> = { png: 'png', jpg: 'jpeg', webp: 'webp', avif: 'avif', gif: 'gif', bmp: 'bmp' };
/** Files image-size 2.1 reads wrongly or not at all (ImageMagick agrees with the component). */
const IMAGE_SIZE_CANNOT: Record<string, string> = {
  'jpeg-arithmetic-23x19.jpg': 'throws "Corrupt JPG": it knows no SOF9 (arithmetic coding)',
  'bmp-core-24-5x7.bmp': 'reads the 12-byte core header as if it were a 40-byte info header',
  'bmp-core-24.bmp': 'reads the 12-byte core header as if it were a 40-byte info header',
  'jpeg-scan-first.jpg': 'stops at the scan before the frame header (synthetic file)',
  'jpeg-fill-com.jpg': 'throws "Corrupt JPG" at the 0xFF fill bytes before the frame header',
};

describe('image-service: metadata', () => {
  it('the corpus has every format at odd sizes, and every file in its manifest', () => {
    const files = readdirSync(join(CORPUS, 'images')).sort();
    expect(corpus.images.map((e) => e.file).sort()).toEqual(files);
    expect(new Set(corpus.images.map((e) => e.format))).toEqual(new Set(['png', 'jpeg', 'webp', 'avif', 'gif', 'bmp']));
    expect(corpus.images.filter((e) => e.width % 2 === 1 || e.height % 2 === 1).length).toBe(corpus.images.length);
  });

  it.each(corpus.images)('extract $file: purewasm = jco + V8 = manifest = image-size', (e) => {
    const data = new Uint8Array(readFileSync(join(CORPUS, 'images', e.file)));
    const got = both((api) => api.metadata.extract(data));
    const { format, width, height, bitDepth, hasAlpha, sizeBytes } = e;
    expect(got.ok).toEqual({ format, width, height, bitDepth, hasAlpha, sizeBytes: BigInt(sizeBytes) });
    expect(got.logs).toEqual([['info', expect.stringMatching(new RegExp(`^extract: ${e.format} ${e.width}x${e.height}, `))]]);
    expect(both((api) => api.metadata.detectFormat(data)).ok).toBe(e.format);
    if (IMAGE_SIZE_CANNOT[e.file]) return;
    const size = imageSize(data);
    expect([IMAGE_SIZE_TYPE[size.type ?? ''], size.width, size.height]).toEqual([e.format, e.width, e.height]);
  });

  it.each(samples.samples)('extract samples/$file: purewasm = jco + V8 = samples.json', (s) => {
    const data = new Uint8Array(readFileSync(join(SAMPLES, s.file)));
    const got = both((api) => api.metadata.extract(data));
    both((api) => api.metadata.detectFormat(data));
    if (s.err) {
      expect(got.err).toEqual(s.err);
      expect(got.logs.map(([level]) => level)).toEqual(['warn']);
      return;
    }
    expect(got.ok).toEqual({ ...s.ok, sizeBytes: BigInt(s.sizeBytes) });
    if (IMAGE_SIZE_CANNOT[s.file]) return;
    const size = imageSize(data);
    expect([IMAGE_SIZE_TYPE[size.type ?? ''], size.width, size.height]).toEqual([s.ok!.format, s.ok!.width, s.ok!.height]);
  });

  it('the files image-size cannot read are still read wrongly by it (else drop them from the list)', () => {
    for (const file of Object.keys(IMAGE_SIZE_CANNOT)) {
      const path = samples.samples.some((c) => c.file === file) ? join(SAMPLES, file) : join(CORPUS, 'images', file);
      const e = corpus.images.find((c) => c.file === file) ?? samples.samples.find((c) => c.file === file)!.ok!;
      let size: { width?: number; height?: number } | undefined;
      try {
        size = imageSize(new Uint8Array(readFileSync(path)));
      } catch {
        size = undefined;
      }
      expect(size !== undefined && size.width === e.width && size.height === e.height, file).toBe(false);
    }
  });

  it('errors arrive as the WIT image-error on both engines', () => {
    const cases: Array<[string, Uint8Array, unknown]> = [
      ['empty data', new Uint8Array(0), { tag: 'invalid-data' }],
      ['unknown format', new TextEncoder().encode('hello, world\n'), { tag: 'unsupported-format', val: 'unknown signature 68 65 6c 6c' }],
      ['a PNG signature only', Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), { tag: 'invalid-data' }],
      ['RIFF that is not WebP', new TextEncoder().encode('RIFF\x24\0\0\0WAVEfmt '), undefined],
    ];
    for (const [what, data, payload] of cases) {
      const got = both((api) => api.metadata.extract(data));
      expect(got.ok, what).toBeUndefined();
      if (payload !== undefined) expect(got.err, what).toEqual(payload);
      expect(got.logs.map(([level]) => level), what).toEqual(['warn']);
    }
    // The error is purewasm's ComponentError with the payload, and its message describes it.
    let thrown: unknown;
    quiet((api) => {
      try {
        api.metadata.extract(new TextEncoder().encode('GIF89a'));
      } catch (e) {
        thrown = e;
      }
    });
    expect(thrown).toBeInstanceOf(ComponentError);
    expect((thrown as ComponentError).payload).toEqual({ tag: 'invalid-data' });
    expect((thrown as ComponentError).message).toContain('invalid-data');
  });
});

// ---- transform ----
const applyCases = Object.entries(IMAGES).flatMap(([iname, image]) => Object.entries(OPS).map(([oname, op]) => ({ iname, image, oname, op })));

describe('image-service: transform', () => {
  it.each(applyCases)('apply $oname to $iname: purewasm = jco + V8 byte for byte, and the reference', ({ image, op }) => {
    const got = both((api) => api.transform.apply(image, op));
    expect(got.logs.map(([level]) => level)).toEqual([got.ok ? 'debug' : 'warn']);
    switch (op.tag) {
      case 'grayscale':
        sameValue(got.ok, refGrayscale(image));
        break;
      case 'rotate':
        sameValue(got.ok, refRotate(image, op.val));
        break;
      case 'crop': {
        const ref = refCrop(image, op.val);
        if (ref) sameValue(got.ok, ref);
        else expect(got.err).toEqual({ tag: 'invalid-operation', val: expect.any(String) });
        break;
      }
      case 'resize': {
        const { width, height, keepAspect } = op.val;
        const out = got.ok!;
        const [dw, dh] = keepAspect ? fitInside(image.width, image.height, width, height) : [width, height];
        expect([out.width, out.height]).toEqual([dw, dh]);
        expect(out.pixels.length).toBe(dw * dh * 4);
        // A keep-aspect resize is the plain resize to the fitted size.
        if (keepAspect) sameValue(out, quiet((api) => api.transform.apply(image, resize(dw, dh))).ok);
        // A one-pixel image resizes to its colour everywhere.
        if (image.width * image.height === 1) for (let k = 0; k < out.pixels.length; k++) expect(out.pixels[k]).toBe(image.pixels[k % 4]);
        break;
      }
    }
  });

  it.each(corpus.references)('resize $source to $width x $height is ImageMagick\'s bilinear resize within tolerance', (r) => {
    const src = IMAGES[r.source.replace('.rgba', '')]!;
    const got = both((api) => api.transform.apply(src, resize(r.width, r.height)));
    const ref = new Uint8Array(readFileSync(join(CORPUS, 'reference', r.file)));
    expect(got.ok!.pixels.length).toBe(ref.length);
    const tolerance = r.source.startsWith('rgba') ? 2 : 1;
    expect(maxDiff(got.ok!.pixels, ref)).toBeLessThanOrEqual(tolerance);
  });

  it('resize to the same size, and four quarter turns, give the image back', () => {
    for (const image of Object.values(IMAGES)) {
      sameValue(both((api) => api.transform.apply(image, resize(image.width, image.height))).ok, image);
      sameValue(both((api) => api.transform.applyAll(image, [OPS['rotate-90']!, OPS['rotate-90']!, OPS['rotate-90']!, OPS['rotate-90']!])).ok, image);
    }
  });

  it('a result larger than the free memory: the guest grows its memory during the call', () => {
    // The core module starts with 17 pages, about 60 KiB of them free heap; 256x192 RGBA is
    // 192 KiB: the memory grows while the guest runs, and the result must be read from the grown
    // memory (a stale view of the old, detached buffer reads nothing).
    const got = both((api) => api.transform.applyAll(IMAGES['opaque-61x43']!, [resize(256, 192), OPS['rotate-90']!, crop(100, 200, 3, 5)]));
    expect([got.ok!.width, got.ok!.height]).toEqual([3, 5]);
    const big = both((api) => api.transform.apply(IMAGES['pixel-1x1']!, resize(256, 192)));
    expect(big.ok!.pixels.length).toBe(256 * 192 * 4);
    expect(big.ok!.pixels.every((v, k) => v === IMAGES['pixel-1x1']!.pixels[k % 4])).toBe(true);
  });

  it('apply-batch: one result per image, equal to apply on each, on both engines', () => {
    const bad: Image = { width: 2, height: 2, pixels: Uint8Array.of(1, 2, 3) };
    const list = [IMAGES['base-37x23']!, IMAGES['pixel-1x1']!, bad, IMAGES['row-7x1']!, IMAGES['rgba-61x43']!];
    for (const op of [OPS['rotate-90']!, OPS['crop-inside']!, OPS.grayscale!, OPS['resize-3x2']!]) {
      const got = both((api) => api.transform.applyBatch(list, op));
      expect(got.ok!.length).toBe(list.length);
      got.ok!.forEach((r, k) => {
        const one = quiet((api) => api.transform.apply(list[k]!, op));
        if (r.tag === 'ok') sameValue(r.val, one.ok);
        else expect(r.val).toEqual(one.err);
      });
      expect(got.ok![2]).toEqual({ tag: 'err', val: { tag: 'invalid-data' } });
    }
    expect(both((api) => api.transform.applyBatch([], OPS.grayscale!)).ok).toEqual([]);
  });

  it('apply-all: the operations in order, stopping at the first error, on both engines', () => {
    const src = IMAGES['rgba-61x43']!;
    const pipelines: Op[][] = [
      [OPS['crop-inside']!, resize(41, 27), OPS.grayscale!, OPS['rotate-270']!],
      [resize(100, 100, true), OPS['rotate-180']!, OPS['rotate-90']!],
      [],
    ];
    for (const ops of pipelines) {
      const got = both((api) => api.transform.applyAll(src, ops));
      let ref = src;
      for (const op of ops) ref = quiet((api) => api.transform.apply(ref, op)).ok!;
      sameValue(got.ok, ref);
      expect(got.logs.filter(([l]) => l === 'debug').length).toBe(ops.length);
    }
    const stops = both((api) => api.transform.applyAll(src, [OPS.grayscale!, crop(60, 0, 2, 1), OPS['rotate-90']!]));
    expect(stops.err).toEqual({ tag: 'invalid-operation', val: expect.any(String) });
  });

  it('errors arrive as the WIT image-error (ComponentError with the payload) on both engines', () => {
    const src = IMAGES['base-37x23']!;
    const cases: Array<[string, Image, Op, string]> = [
      ['crop outside', src, crop(30, 0, 10, 5), 'invalid-operation'],
      ['crop past u32', src, crop(4294967295, 1, 2, 1), 'invalid-operation'],
      ['empty crop', src, crop(0, 0, 0, 5), 'invalid-operation'],
      ['resize to zero', src, resize(0, 5), 'invalid-operation'],
      ['resize an empty image', { width: 0, height: 0, pixels: new Uint8Array(0) }, resize(4, 4), 'invalid-operation'],
      ['pixels not width * height * 4', { width: 2, height: 2, pixels: Uint8Array.of(1, 2, 3) }, OPS.grayscale!, 'invalid-data'],
    ];
    for (const [what, image, op, tag] of cases) {
      const got = both((api) => api.transform.apply(image, op));
      expect((got.err as { tag: string }).tag, what).toBe(tag);
      if (tag === 'invalid-operation') expect(typeof (got.err as { val: unknown }).val, what).toBe('string');
      expect(got.logs.map(([l]) => l), what).toEqual(['warn']);
    }
    let thrown: unknown;
    quiet((api) => {
      try {
        api.transform.apply(src, crop(30, 0, 10, 5));
      } catch (e) {
        thrown = e;
      }
    });
    expect(thrown).toBeInstanceOf(ComponentError);
    expect((thrown as ComponentError).payload).toEqual({ tag: 'invalid-operation', val: expect.stringMatching(/crop/) });
  });

  it('the logging import received the same messages, in the same order, on both engines', () => {
    // one message per extract and per apply at least (detect-format logs nothing)
    expect(pure.all.length).toBeGreaterThanOrEqual(corpus.images.length + samples.samples.length + applyCases.length);
    expect(pure.all).toEqual(jco.all);
  });
});
