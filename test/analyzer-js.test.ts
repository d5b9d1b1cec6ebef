// The JavaScript analyzer component (test/fixtures/analyzer-js, componentize-qjs) under purewasm
// and under jco + V8: identical results, error payloads and log calls for every function of
// `image-service:analyzer/analysis`; results also checked against independent computations here
// (histogram totals and a per-pixel recount, mean luminance, the colours of a card made of
// known blocks).

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileComponent, ComponentError } from '../src/index.js';
import { jcoInstantiate } from './fixtures/compressor-js/jco-oracle.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = join(here, 'fixtures/analyzer-js/analyzer-js.component.wasm');

interface RgbaImage {
  width: number;
  height: number;
  pixels: Uint8Array;
}
interface ColourShare {
  colour: { r: number; g: number; b: number };
  pixels: number;
  fraction: number;
}
interface Histograms {
  red: Uint32Array;
  green: Uint32Array;
  blue: Uint32Array;
  luminance: Uint32Array;
}
interface Analysis {
  histogram(img: RgbaImage): Histograms;
  meanLuminance(img: RgbaImage): number;
  dominantColours(img: RgbaImage, count: number): ColourShare[];
  report(img: RgbaImage): string;
}
type Outcome = { ok: unknown; logs: string[][] } | { err: unknown; logs: string[][] };

const base: RgbaImage = {
  width: 37,
  height: 23,
  pixels: new Uint8Array(readFileSync(join(here, 'fixtures/image-service/samples/base-37x23.rgba'))),
};

/** 20×10: columns 0–11 pure red, 12–17 (0,0,200), 18–19 a grey ramp (one box per row pair). */
function blocks(): RgbaImage {
  const width = 20;
  const height = 10;
  const pixels = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const rgb = x < 12 ? [255, 0, 0] : x < 18 ? [0, 0, 200] : [y * 25, y * 25, y * 25];
      pixels.set([...rgb, x % 2 ? 255 : 0], i);
    }
  }
  return { width, height, pixels };
}

const empty: RgbaImage = { width: 0, height: 3, pixels: new Uint8Array(0) };
const wrong: RgbaImage = { width: 2, height: 2, pixels: new Uint8Array(15) };
const calls: Array<{ name: string; call: (a: Analysis) => unknown }> = [
  { name: 'histogram base', call: (a) => a.histogram(base) },
  { name: 'mean-luminance base', call: (a) => a.meanLuminance(base) },
  { name: 'dominant-colours base 4', call: (a) => a.dominantColours(base, 4) },
  { name: 'dominant-colours blocks 10', call: (a) => a.dominantColours(blocks(), 10) },
  { name: 'report blocks', call: (a) => a.report(blocks()) },
  { name: 'report base', call: (a) => a.report(base) },
  { name: 'report empty', call: (a) => a.report(empty) },
  { name: 'mean-luminance empty', call: (a) => a.meanLuminance(empty) },
  { name: 'histogram wrong length', call: (a) => a.histogram(wrong) },
  { name: 'dominant-colours 0', call: (a) => a.dominantColours(base, 0) },
];

function run(a: Analysis, logs: string[][], call: (a: Analysis) => unknown): Outcome {
  logs.length = 0;
  try {
    const ok = call(a);
    return { ok, logs: [...logs] };
  } catch (e) {
    if (!(e instanceof Error) || (e as { payload?: unknown }).payload === undefined) throw e;
    return { err: (e as unknown as { payload: unknown }).payload, logs: [...logs] };
  }
}

describe('analyzer-js (componentize-qjs)', () => {
  const pure = new Map<string, Outcome>();
  const jco = new Map<string, Outcome>();
  let pureError: unknown;

  beforeAll(async () => {
    const bytes = new Uint8Array(readFileSync(fixture));
    const pureLogs: string[][] = [];
    const jcoLogs: string[][] = [];
    const p = compileComponent(bytes).instantiate({
      'image-service:api/logging': { log: (level: string, message: string) => pureLogs.push([level, message]) },
    }).exports as { analysis: Analysis };
    const j = (await jcoInstantiate(bytes, {
      'image-service:api/logging': { log: (level: string, message: string) => jcoLogs.push([level, message]) },
    })) as { analysis: Analysis };
    for (const c of calls) {
      pure.set(c.name, run(p.analysis, pureLogs, c.call));
      jco.set(c.name, run(j.analysis, jcoLogs, c.call));
    }
    try {
      p.analysis.histogram(wrong);
    } catch (e) {
      pureError = e;
    }
  }, 60_000);

  it('gives identical results, errors and log calls under purewasm and jco', () => {
    for (const c of calls) expect(pure.get(c.name), c.name).toEqual(jco.get(c.name));
    expect(pure.get('mean-luminance empty')).toEqual({
      err: { tag: 'invalid-operation', val: 'mean-luminance of an empty image (0x3)' },
      logs: [['warn', 'mean-luminance of an empty image (0x3)']],
    });
    expect(pure.get('histogram wrong length')).toEqual({
      err: { tag: 'invalid-data' },
      logs: [['warn', 'histogram: pixel buffer has 15 bytes, expected 16 for 2x2']],
    });
    expect(pureError).toBeInstanceOf(ComponentError);
    expect(pure.get('dominant-colours 0')).toMatchObject({ ok: [] });
    expect((pure.get('report empty') as { ok: string }).ok).toBe('image 0x3, 0 pixels\nempty: no statistics\n');
  });

  it('computes the histograms and mean luminance of the base image', () => {
    const h = (pure.get('histogram base') as { ok: Histograms }).ok;
    const n = base.width * base.height;
    const expected = { red: new Uint32Array(256), green: new Uint32Array(256), blue: new Uint32Array(256), luminance: new Uint32Array(256) };
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const [r, g, b] = [base.pixels[i * 4]!, base.pixels[i * 4 + 1]!, base.pixels[i * 4 + 2]!];
      expected.red[r]!++;
      expected.green[g]!++;
      expected.blue[b]!++;
      expected.luminance[Math.floor((299 * r + 587 * g + 114 * b + 500) / 1000)]!++;
      sum += 0.299 * r + 0.587 * g + 0.114 * b;
    }
    expect(h).toEqual(expected);
    expect(h.luminance.reduce((a, b) => a + b, 0)).toBe(n);
    expect((pure.get('mean-luminance base') as { ok: number }).ok).toBeCloseTo(sum / n, 9);
  });

  it('finds the dominant colours of a card of known blocks', () => {
    const shares = (pure.get('dominant-colours blocks 10') as { ok: ColourShare[] }).ok;
    // 120 red, 60 blue, then the grey ramp: 10 values of 2 pixels each, every value in a box of
    // its own (v >> 4 differs), ties ordered by box index, i.e. by grey level.
    expect(shares[0]).toEqual({ colour: { r: 255, g: 0, b: 0 }, pixels: 120, fraction: Math.fround(0.6) });
    expect(shares[1]).toEqual({ colour: { r: 0, g: 0, b: 200 }, pixels: 60, fraction: Math.fround(0.3) });
    expect(shares[2]).toEqual({ colour: { r: 0, g: 0, b: 0 }, pixels: 2, fraction: Math.fround(0.01) });
    expect(shares.slice(3).map((s) => s.colour)).toEqual([25, 50, 75, 100, 125, 150, 175].map((v) => ({ r: v, g: v, b: v })));
    expect(shares.slice(3).every((s) => s.pixels === 2)).toBe(true);
    expect(shares).toHaveLength(10);
    const text = (pure.get('report blocks') as { ok: string }).ok;
    expect(text).toContain('image 20x10, 200 pixels\n');
    expect(text).toContain('  #ff0000 120 px (60.0%)\n  #0000c8 60 px (30.0%)\n');
  });
});
