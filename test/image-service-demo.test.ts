// `npm run demo` (scripts/demo.ts) keeps working: run in a child process without the
// compressor step, it must delete globalThis.WebAssembly, see no call reach it, and write a PNG
// whose pixels are what jco + V8 compute for the same resize + grayscale + rotate of the bundled
// picture. The PNG codec of the demo (examples/demo/png.ts) is checked on the corpus too.
import { transpile } from '@bytecodealliance/jco';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodePng, encodePng, type RgbaImage } from '../examples/demo/png.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CORPUS = join(ROOT, 'test/fixtures/image-service/corpus');

type Op = { tag: 'resize'; val: { width: number; height: number; keepAspect: boolean } } | { tag: 'grayscale' } | { tag: 'rotate'; val: 'r90' };
interface Transform { applyAll(i: RgbaImage, ops: Op[]): RgbaImage }

async function jcoTransform(): Promise<Transform> {
  const bytes = readFileSync(join(ROOT, 'test/fixtures/image-service/image-service.component.wasm'));
  const { files } = await transpile(bytes, { name: 'image-service', instantiation: 'sync', noTypescript: true } as Parameters<typeof transpile>[1]);
  const all = files as Record<string, Uint8Array>;
  const dir = mkdtempSync(join(tmpdir(), 'image-service-demo-jco-'));
  try {
    for (const [name, data] of Object.entries(all)) if (name.endsWith('.js')) writeFileSync(join(dir, name), data);
    const mod = (await import(pathToFileURL(join(dir, 'image-service.js')).href)) as {
      instantiate(get: (p: string) => unknown, imports: unknown): { transform: Transform };
    };
    const V8 = (globalThis as unknown as { WebAssembly: { Module: new (b: Uint8Array) => unknown } }).WebAssembly;
    return mod.instantiate((p) => new V8.Module(all[p]!), { 'image-service:api/logging': { log: () => {} } }).transform;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('npm run demo', () => {
  it('runs without the host WebAssembly and writes the pixels jco + V8 compute', async () => {
    const out = mkdtempSync(join(tmpdir(), 'image-service-demo-'));
    try {
      const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/demo.ts'), '--no-compressor', '--out', out], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 120_000,
      });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain("globalThis.WebAssembly deleted: typeof globalThis.WebAssembly = undefined, 'WebAssembly' in globalThis = false");
      expect(r.stdout).toContain('host WebAssembly: absent throughout; 0 calls reached it');
      expect(r.stdout).toMatch(/photo\.avif +avif 180x120 +8-bit +opaque 1965 bytes/);
      expect(r.stdout).toContain('apply-all [resize, grayscale, rotate]: the same pixels');
      for (const step of ['compile image-service', 'instantiate image-service', 'apply resize', 'apply grayscale', 'apply rotate']) {
        expect(r.stdout).toMatch(new RegExp(`${step} +[0-9.]+ ms`));
      }

      const written = decodePng(new Uint8Array(readFileSync(join(out, 'photo-processed.png'))));
      const photo = decodePng(new Uint8Array(readFileSync(join(ROOT, 'examples/demo/photo.png'))));
      const want = (await jcoTransform()).applyAll(photo, [
        { tag: 'resize', val: { width: 120, height: 120, keepAspect: true } },
        { tag: 'grayscale' },
        { tag: 'rotate', val: 'r90' },
      ]);
      expect([written.width, written.height]).toEqual([80, 120]);
      expect([want.width, want.height]).toEqual([80, 120]);
      expect(Buffer.compare(Buffer.from(written.pixels), Buffer.from(want.pixels))).toBe(0);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('the demo\'s PNG codec reads the corpus PNGs and writes what it reads back', () => {
    // png-rgba8-61x43.png is lossless from pixels/rgba-61x43.rgba
    const png = decodePng(new Uint8Array(readFileSync(join(CORPUS, 'images/png-rgba8-61x43.png'))));
    const source = new Uint8Array(readFileSync(join(CORPUS, 'pixels/rgba-61x43.rgba')));
    expect([png.width, png.height]).toEqual([61, 43]);
    expect(Buffer.compare(Buffer.from(png.pixels), Buffer.from(source))).toBe(0);
    for (const file of ['png-rgb8-257x3.png', 'png-palette-trns-61x43.png', 'png-graya8-29x31.png', 'png-rgba8-1x1.png']) {
      const img = decodePng(new Uint8Array(readFileSync(join(CORPUS, 'images', file))));
      const again = decodePng(encodePng(img));
      expect([again.width, again.height], file).toEqual([img.width, img.height]);
      expect(Buffer.compare(Buffer.from(again.pixels), Buffer.from(img.pixels)), file).toBe(0);
    }
    expect(() => decodePng(new Uint8Array(readFileSync(join(CORPUS, 'images/png-gray16-3x301.png'))))).toThrow(/bit depth 16/);
    expect(() => decodePng(new Uint8Array(readFileSync(join(CORPUS, 'images/png-rgba16-interlaced-45x17.png'))))).toThrow(/bit depth 16/);
    expect(() => decodePng(Uint8Array.of(1, 2, 3))).toThrow(/not a PNG/);
  });
});
