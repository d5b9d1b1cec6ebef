// Runs the identity harness (wat.ts) with purewasm's canon lifting and lowering around core
// modules instantiated by the host's WebAssembly (the core engine is not under test here).

import { parse } from '@bytecodealliance/jco';
import { canonLift, canonLower, ComponentInstance } from '../../src/component/canon/index.js';
import type { CanonMemory, CanonOptions, CoreCallable, CoreValue, StringEncoding } from '../../src/component/canon/options.js';
import type { FuncType } from '../../src/component/types.js';
import type { ResourceType } from '../../src/component/canon/resource.js';
import { libcModule, mainModule, type HarnessFunc } from './wat.js';

type Fn = (...args: unknown[]) => unknown;

interface WasmNs {
  Module: new (bytes: Uint8Array) => unknown;
  Instance: new (m: unknown, imports?: unknown) => { exports: Record<string, unknown> };
}
const WA = (globalThis as unknown as { WebAssembly: WasmNs }).WebAssembly;

export interface OurHarness {
  readonly exports: Fn[];
  readonly hosts: Fn[];
  readonly inst: ComponentInstance;
  readonly memory: CanonMemory;
  readonly reallocCalls: number[][];
}

/** A core function of the host's WebAssembly as a CoreCallable. */
export function coreCallable(f: Fn): CoreCallable {
  return (args: CoreValue[]) => {
    const r = f(...args);
    return r === undefined ? [] : Array.isArray(r) ? (r as CoreValue[]) : [r as CoreValue];
  };
}

const moduleCache = new Map<string, unknown>();

async function compile(wat: string): Promise<unknown> {
  let m = moduleCache.get(wat);
  if (m === undefined) {
    m = new WA.Module(await parse(wat));
    moduleCache.set(wat, m);
  }
  return m;
}

export async function ourHarness(funcs: readonly HarnessFunc[], encoding: StringEncoding = 'utf8'): Promise<OurHarness> {
  const libc = new WA.Instance(await compile(libcModule()));
  const mem = libc.exports['mem'] as { buffer: ArrayBuffer };
  const memory: CanonMemory = { bytes: () => new Uint8Array(mem.buffer), view: () => new DataView(mem.buffer) };
  const reallocCalls: number[][] = [];
  const rawRealloc = coreCallable(libc.exports['realloc'] as Fn);
  const realloc: CoreCallable = (args) => {
    const r = rawRealloc(args);
    reallocCalls.push([...args.map(Number), Number(r[0])]);
    return r;
  };
  const opts: CanonOptions = { memory, realloc, stringEncoding: encoding };
  const inst = new ComponentInstance();
  const hosts: Fn[] = funcs.map(() => (x: unknown) => x);
  const imports: Record<string, Fn> = {};
  funcs.forEach((f, i) => {
    const core = canonLower(f.type as FuncType<ResourceType>, opts, (...a: unknown[]) => hosts[i]!(...a), inst);
    imports[`g${i}`] = (...args: unknown[]) => core(args as CoreValue[])[0];
  });
  const main = new WA.Instance(await compile(mainModule(funcs)), { '': imports });
  const exports = funcs.map((f, i) => canonLift(f.type as FuncType<ResourceType>, opts, coreCallable(main.exports[`f${i}`] as Fn), inst));
  return { exports, hosts, inst, memory, reallocCalls };
}
