// `purewasm wit` on every real component fixture: the world lines are exactly those `jco wit`
// prints, and the whole output is valid WIT that describes the same world — fed back through
// jco's componentEmbed (witSource, dummy module) and componentNew it yields a component whose
// `jco wit` world is the same.
import { componentEmbed, componentNew, componentWit } from '@bytecodealliance/jco';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileComponent } from '../src/index.js';

const FIXTURES = [
  'test/fixtures/rust-cli/rust-cli.component.wasm',
  'test/fixtures/go-cli/go-cli.component.wasm',
  'test/fixtures/wasi/wasi_demo.component.wasm',
  'test/fixtures/image-service/image-service.component.wasm',
  'test/fixtures/compressor-js/compressor-js.component.wasm',
  'test/fixtures/compressor-go/compressor-go.component.wasm',
  'test/fixtures/analyzer-js/analyzer-js.component.wasm',
  'test/fixtures/plugins/components/greeter-js.wasm',
  'test/fixtures/plugins/components/faulty-rust.wasm',
];

/** The `world root { ... }` block of a WIT text. */
function world(text: string): string {
  const start = text.indexOf('world ');
  return text.slice(start, text.indexOf('\n}\n', start) + 3);
}

describe('purewasm wit on the component fixtures', () => {
  for (const f of FIXTURES) {
    it(f.split('/').pop()!, async () => {
      const bytes = readFileSync(f);
      const ours = compileComponent(bytes).wit();
      const theirs = await componentWit(bytes);
      expect(world(theirs)).toMatch(/^world \S+ \{\n[\s\S]*(import|export) /);
      expect(world(ours)).toBe(world(theirs));
      const rebuilt = await componentNew(await componentEmbed({ dummy: true, witSource: ours, world: 'root' }));
      expect(world(await componentWit(rebuilt))).toBe(world(theirs));
    }, 60_000);
  }
});
