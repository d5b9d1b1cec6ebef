// The JavaScript compressor component (test/fixtures/compressor-js: a JPEG encoder of our own,
// componentized with componentize-qjs) under purewasm and under jco + V8:
//   - both hosts give identical bytes, sizes, ratios, errors and log calls;
//   - each JPEG decodes with an independent decoder (jpeg-js) to the right size, and its PSNR
//     against the source (composited over white) rises with quality;
//   - the bytes equal those of the same encoder module run directly in node (jpeg.js), so the
//     component computes what its source says.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileComponent, ComponentError } from '../src/index.js';
import { jcoInstantiate } from './fixtures/compressor-js/jco-oracle.js';
import * as encoder from './fixtures/compressor-js/jpeg.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = join(here, 'fixtures/compressor-js/compressor-js.component.wasm');
const basePixels = new Uint8Array(readFileSync(join(here, 'fixtures/image-service/samples/base-37x23.rgba')));

interface Options {
  quality: number;
  maxDimension?: number | undefined;
  progressive: boolean;
}
interface RgbaImage {
  width: number;
  height: number;
  pixels: Uint8Array;
}
interface CompressResult {
  data: Uint8Array;
  originalSize: bigint;
  compressedSize: bigint;
  ratio: number;
}
type Compress = (img: RgbaImage, opts: Options) => CompressResult;
type Outcome = { ok: CompressResult; logs: string[][] } | { err: unknown; logs: string[][] };
interface JpegJs {
  decode(data: Uint8Array, opts: { useTArray: true; formatAsRGBA: true }): { width: number; height: number; data: Uint8Array };
}

/** A 24×16 test card: gradients, a hard edge and a half-transparent corner. */
function card(): RgbaImage {
  const width = 24;
  const height = 16;
  const pixels = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      pixels[i] = Math.round((x * 255) / (width - 1));
      pixels[i + 1] = Math.round((y * 255) / (height - 1));
      pixels[i + 2] = x < 12 ? 40 : 220;
      pixels[i + 3] = x > 18 && y > 10 ? 128 : 255;
    }
  }
  return { width, height, pixels };
}

/** PSNR (dB) of decoded RGB against the source RGBA composited over white, as the encoder does. */
function psnr(source: RgbaImage, decoded: Uint8Array): number {
  let sum = 0;
  const n = source.width * source.height;
  for (let i = 0; i < n; i++) {
    const a = source.pixels[i * 4 + 3]!;
    for (let c = 0; c < 3; c++) {
      const expected = (source.pixels[i * 4 + c]! * a + 255 * (255 - a)) / 255;
      const d = expected - decoded[i * 4 + c]!;
      sum += d * d;
    }
  }
  return 10 * Math.log10((255 * 255) / (sum / (n * 3)));
}

function run(compress: Compress, logs: string[][], img: RgbaImage, opts: Options): Outcome {
  logs.length = 0;
  try {
    const ok = compress(img, opts);
    return { ok, logs: [...logs] };
  } catch (e) {
    if ((e as { payload?: unknown }).payload === undefined) throw e;
    return { err: (e as { payload: unknown }).payload, logs: [...logs] };
  }
}

const base: RgbaImage = { width: 37, height: 23, pixels: basePixels };
const cases: Array<{ name: string; img: RgbaImage; opts: Options }> = [
  { name: 'base q10', img: base, opts: { quality: 10, progressive: false } },
  { name: 'base q50', img: base, opts: { quality: 50, progressive: false } },
  { name: 'base q100', img: base, opts: { quality: 100, progressive: false } },
  { name: 'card q95 progressive', img: card(), opts: { quality: 95, progressive: true } },
  { name: 'base q60 max-dimension 16', img: base, opts: { quality: 60, maxDimension: 16, progressive: false } },
  { name: 'quality 0', img: card(), opts: { quality: 0, progressive: false } },
  { name: 'short pixel buffer', img: { width: 5, height: 5, pixels: new Uint8Array(99) }, opts: { quality: 50, progressive: false } },
  { name: 'empty image', img: { width: 0, height: 7, pixels: new Uint8Array(0) }, opts: { quality: 50, progressive: false } },
];

describe('compressor-js (componentize-qjs JPEG encoder)', () => {
  const pure = new Map<string, Outcome>();
  const jco = new Map<string, Outcome>();
  let jpeg: JpegJs;
  let pureCompress: Compress;

  beforeAll(async () => {
    // jpeg-js: a devDependency; named by a variable so the type checker does not need it.
    const jpegJs = 'jpeg-js';
    jpeg = ((await import(jpegJs)) as { default: JpegJs }).default;
    const bytes = new Uint8Array(readFileSync(fixture));
    const pureLogs: string[][] = [];
    const jcoLogs: string[][] = [];
    const pureExports = compileComponent(bytes).instantiate({
      'image-service:api/logging': { log: (level: string, message: string) => pureLogs.push([level, message]) },
    }).exports as { compression: { compress: Compress } };
    const jcoExports = (await jcoInstantiate(bytes, {
      'image-service:api/logging': { log: (level: string, message: string) => jcoLogs.push([level, message]) },
    })) as { compression: { compress: Compress } };
    pureCompress = pureExports.compression.compress;
    for (const c of cases) {
      pure.set(c.name, run(pureExports.compression.compress, pureLogs, c.img, c.opts));
      jco.set(c.name, run(jcoExports.compression.compress, jcoLogs, c.img, c.opts));
    }
  }, 60_000);

  it('gives identical results, errors and log calls under purewasm and jco', () => {
    for (const c of cases) {
      const p = pure.get(c.name)!;
      const j = jco.get(c.name)!;
      expect(p, c.name).toEqual(j);
      expect(p.logs.length, c.name).toBeGreaterThan(0);
    }
    expect(pure.get('quality 0')).toEqual({ err: 'quality must be 1 to 100, got 0', logs: [['warn', 'compress: quality must be 1 to 100, got 0']] });
    expect((pure.get('short pixel buffer') as { err: string }).err).toBe('pixel buffer has 99 bytes, expected 100 for 5x5');
    expect((pure.get('empty image') as { err: string }).err).toBe('cannot encode an empty image (0x7)');
  });

  it('reports the error as a ComponentError with the string payload', () => {
    let caught: unknown;
    try {
      pureCompress({ width: 1, height: 1, pixels: new Uint8Array(4) }, { quality: 101, progressive: false });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ComponentError);
    expect((caught as ComponentError).payload).toBe('quality must be 1 to 100, got 101');
  });

  it('writes JFIF files that an independent decoder reads; PSNR rises with quality', () => {
    const scores: number[] = [];
    for (const c of cases.slice(0, 5)) {
      const { ok } = pure.get(c.name) as { ok: CompressResult };
      const { data } = ok;
      // SOI, APP0 "JFIF", then SOF0 (baseline) or SOF2 (progressive) somewhere before the scan.
      expect([...data.subarray(0, 4)]).toEqual([0xff, 0xd8, 0xff, 0xe0]);
      expect(new TextDecoder().decode(data.subarray(6, 10))).toBe('JFIF');
      expect([...data.subarray(data.length - 2)]).toEqual([0xff, 0xd9]);
      const sof = c.opts.progressive ? 0xc2 : 0xc0;
      expect(data.some((b, i) => b === 0xff && data[i + 1] === sof), c.name).toBe(true);
      expect(ok.compressedSize).toBe(BigInt(data.length));
      expect(ok.originalSize).toBe(BigInt(c.img.pixels.length));
      expect(ok.ratio).toBe(Math.fround(data.length / c.img.pixels.length));
      const decoded = jpeg.decode(data, { useTArray: true, formatAsRGBA: true });
      if (c.opts.maxDimension !== undefined) {
        expect([decoded.width, decoded.height]).toEqual([16, 10]);
        continue;
      }
      expect([decoded.width, decoded.height]).toEqual([c.img.width, c.img.height]);
      const score = psnr(c.img, decoded.data);
      if (c.img === base) scores.push(score);
      else expect(score, c.name).toBeGreaterThan(30);
    }
    // q10, q50, q100 on the same image: strictly better each time, and near-lossless at 100.
    expect(scores).toHaveLength(3);
    for (let i = 1; i < scores.length; i++) expect(scores[i]!).toBeGreaterThan(scores[i - 1]! + 1);
    expect(scores[0]!).toBeGreaterThan(20);
    expect(scores[2]!).toBeGreaterThan(45);
  });

  it('matches the encoder module run directly in node', () => {
    for (const c of cases.slice(0, 4)) {
      const { ok } = pure.get(c.name) as { ok: CompressResult };
      const direct = encoder.encodeJpeg(c.img.pixels, c.img.width, c.img.height, c.opts);
      expect(Buffer.from(ok.data).equals(Buffer.from(direct)), c.name).toBe(true);
    }
  });
});
