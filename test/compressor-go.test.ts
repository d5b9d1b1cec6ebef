// The Go compressor (test/fixtures/compressor-go: a wasi:cli command, PNG on stdin → JPEG on
// stdout with Go's image/png and image/jpeg) under purewasm's WASI 0.2 host (runCommand), compared
// with jco + preview2-shim running the same component, and with node:wasi running the core
// module. The JPEGs are decoded by jpeg-js to check they are what they claim.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileComponent } from '../src/index.js';
import type { Component } from '../src/index.js';
import { runCommand } from '../src/wasi/index.js';
import { componentPath, runUnderJco, runUnderNodeWasi, type RunResult } from './fixtures/compressor-go/oracle.js';

const here = dirname(fileURLToPath(import.meta.url));
const sample = (name: string) => new Uint8Array(readFileSync(join(here, 'fixtures/image-service/samples', name)));

interface JpegJs {
  decode(data: Uint8Array, opts: { useTArray: true; formatAsRGBA: true }): { width: number; height: number; data: Uint8Array };
}

const cases = [
  { name: 'rgba8 q50', args: ['50'], stdin: sample('png-rgba8.png'), size: [37, 23] },
  { name: 'rgba8 q95', args: ['95'], stdin: sample('png-rgba8.png'), size: [37, 23] },
  { name: 'palette+tRNS q75', args: ['75'], stdin: sample('png-palette-trns.png'), size: [37, 23] },
  { name: 'gray interlaced q20', args: ['20'], stdin: sample('png-gray-interlaced.png'), size: [37, 23] },
  { name: 'quality 0', args: ['0'], stdin: sample('png-rgba8.png') },
  { name: 'not a PNG', args: ['50'], stdin: sample('text.txt') },
];

function runPurewasm(component: Component, args: string[], stdin: Uint8Array): RunResult {
  const out: Uint8Array[] = [];
  const err: Uint8Array[] = [];
  const exit = runCommand(component, {
    args: ['compressor-go', ...args],
    stdin,
    stdout: (b) => out.push(b.slice()),
    stderr: (b) => err.push(b.slice()),
  });
  return { stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8'), exit };
}

describe('compressor-go (Go wasi:cli command)', () => {
  const results = new Map<string, { pure: RunResult; jco: RunResult; core: RunResult }>();
  let jpeg: JpegJs;

  beforeAll(async () => {
    const jpegJs = 'jpeg-js'; // a devDependency, named by a variable so the type checker does not need it
    jpeg = ((await import(jpegJs)) as { default: JpegJs }).default;
    const component = compileComponent(new Uint8Array(readFileSync(componentPath)));
    for (const c of cases) {
      results.set(c.name, {
        pure: runPurewasm(component, c.args, c.stdin),
        jco: await runUnderJco(c.args, c.stdin),
        core: runUnderNodeWasi(c.args, c.stdin),
      });
    }
  }, 90_000);

  it('writes the same bytes, messages and exit status under purewasm as under jco', () => {
    for (const c of cases) {
      const { pure, jco } = results.get(c.name)!;
      expect(pure.stderr, c.name).toBe(jco.stderr);
      expect(pure.exit, c.name).toBe(jco.exit);
      expect(pure.stdout.equals(jco.stdout), c.name).toBe(true);
    }
  });

  it('agrees with the core module under node:wasi (exit status through the adapter: ok/err)', () => {
    for (const c of cases) {
      const { pure, core } = results.get(c.name)!;
      expect(pure.stdout.equals(core.stdout), c.name).toBe(true);
      expect(pure.stderr, c.name).toBe(core.stderr);
      expect(pure.exit, c.name).toBe(core.exit === 0 ? 0 : 1);
    }
    expect(results.get('quality 0')!.core.exit).toBe(2);
    expect(results.get('not a PNG')!.core.exit).toBe(1);
  });

  it('produces JPEGs that decode to the input size; errors go to stderr with exit status 1', () => {
    for (const c of cases) {
      const { pure } = results.get(c.name)!;
      if (!c.size) {
        expect(pure.exit, c.name).toBe(1);
        expect(pure.stdout.length, c.name).toBe(0);
        expect(pure.stderr, c.name).toMatch(/^compressor-go: /);
        continue;
      }
      expect(pure.exit, c.name).toBe(0);
      expect(pure.stderr, c.name).toBe(`37x23 ${c.args[0]}: ${c.stdin.length} -> ${pure.stdout.length} bytes\n`);
      const decoded = jpeg.decode(pure.stdout, { useTArray: true, formatAsRGBA: true });
      expect([decoded.width, decoded.height], c.name).toEqual(c.size);
    }
    expect(results.get('quality 0')!.pure.stderr).toContain('bad quality "0"');
    expect(results.get('not a PNG')!.pure.stderr).toBe('compressor-go: png: invalid format: not a PNG file\n');
    // Higher quality, bigger file (same input).
    expect(results.get('rgba8 q95')!.pure.stdout.length).toBeGreaterThan(results.get('rgba8 q50')!.pure.stdout.length);
  });
});
