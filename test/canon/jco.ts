// Runs an identity harness component (see wat.ts) under jco's transpiled glue, the oracle for
// the JS value conventions. The host functions `gN` are replaceable after instantiation.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse, transpile } from '@bytecodealliance/jco';
import type { StringEncoding } from '../../src/component/canon/options.js';
import { identityComponent, type HarnessFunc } from './wat.js';

type Fn = (...args: unknown[]) => unknown;

export interface JcoHarness {
  /** The exported `fN`, by index. */
  readonly exports: Fn[];
  /** The host implementation of `gN` (defaults to returning its first argument). */
  readonly hosts: Fn[];
  /** The generated glue, for reading. */
  readonly source: string;
  readonly wat: string;
}

interface WasmNs {
  Module: new (bytes: Uint8Array) => unknown;
  Instance: new (m: unknown, imports?: unknown) => { exports: Record<string, unknown> };
}
const WA = (globalThis as unknown as { WebAssembly: WasmNs }).WebAssembly;

export async function jcoHarness(funcs: readonly HarnessFunc[], encoding: StringEncoding = 'utf8'): Promise<JcoHarness> {
  const wat = identityComponent(funcs, encoding);
  const bytes = await parse(wat);
  const out = await transpile(bytes, { name: 'x', instantiation: 'sync' } as Parameters<typeof transpile>[1]);
  const files = out.files as Record<string, Uint8Array>;
  const dir = mkdtempSync(join(tmpdir(), 'canon-jco-'));
  const source = new TextDecoder().decode(files['x.js']);
  const file = join(dir, 'x.mjs');
  writeFileSync(file, source);
  const mod = (await import(pathToFileURL(file).href)) as { instantiate: (g: (n: string) => unknown, i: unknown) => Record<string, Record<string, Fn>> };
  const hosts: Fn[] = funcs.map(() => (x: unknown) => x);
  const imports: Record<string, Fn> = {};
  funcs.forEach((_, i) => { imports[`g${i}`] = (...args: unknown[]) => hosts[i]!(...args); });
  const inst = mod.instantiate((n) => new WA.Module(files[n]!), { 't:t/i': imports });
  const e = inst['t:t/e']!;
  return { exports: funcs.map((_, i) => e[`f${i}`]!), hosts, source, wat };
}
