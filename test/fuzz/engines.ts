// The engines the differential fuzzer compares: anything shaped like the WebAssembly JS API.
// "node" is the host's own WebAssembly (V8, the oracle); "purewasm" is purewasm's namespace,
// compiled with exactly the features the generator uses. purewasm can only compile until its
// interpreter lands (no `Instance` yet): `canInstantiate` says so.

import { GENERATOR_FEATURES } from './generate.js';

type Ctor = abstract new (...args: never[]) => unknown;

export interface ImportDescriptor {
  readonly module: string;
  readonly name: string;
  readonly kind: string;
}

export interface ExportDescriptor {
  readonly name: string;
  readonly kind: string;
}

export type ImportObject = Record<string, Record<string, unknown>>;

export interface InstanceLike {
  readonly exports: Record<string, unknown>;
}

export interface FuzzEngine {
  readonly name: string;
  /** False while the engine has no WebAssembly.Instance (execution impossible). */
  readonly canInstantiate: boolean;
  compile(bytes: Uint8Array): object;
  imports(module: object): ImportDescriptor[];
  exports(module: object): ExportDescriptor[];
  instantiate(module: object, imports: ImportObject): InstanceLike;
  /** The engine's error classes (for classifying what its operations throw). */
  readonly CompileError: Ctor;
  readonly LinkError: Ctor | undefined;
  readonly RuntimeError: Ctor | undefined;
}

export interface WasmNamespaceLike {
  readonly Module: {
    new (bytes: Uint8Array, options?: unknown): object;
    imports(module: object): ImportDescriptor[];
    exports(module: object): ExportDescriptor[];
  };
  readonly Instance?: new (module: object, imports: ImportObject) => InstanceLike;
  readonly CompileError: Ctor;
  readonly LinkError?: Ctor;
  readonly RuntimeError?: Ctor;
}

export function engineFromNamespace(name: string, ns: WasmNamespaceLike, compileOptions?: unknown): FuzzEngine {
  const Instance = ns.Instance;
  return {
    name,
    canInstantiate: typeof Instance === 'function',
    compile: (bytes) => (compileOptions === undefined ? new ns.Module(bytes) : new ns.Module(bytes, compileOptions)),
    imports: (m) => ns.Module.imports(m),
    exports: (m) => ns.Module.exports(m),
    instantiate(module, imports) {
      if (typeof Instance !== 'function') throw new Error(`${name}: WebAssembly.Instance does not exist yet`);
      return new Instance(module, imports);
    },
    CompileError: ns.CompileError,
    LinkError: ns.LinkError,
    RuntimeError: ns.RuntimeError,
  };
}

export const ENGINE_NAMES = ['node', 'purewasm'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

/** purewasm feature overrides: everything off except the generator's features. */
export async function restrictedPurewasmFeatures(): Promise<Record<string, boolean>> {
  const { FEATURES } = await import('purewasm');
  const features: Record<string, boolean> = {};
  for (const f of FEATURES) features[f] = GENERATOR_FEATURES.includes(f);
  return features;
}

export async function loadEngine(name: string): Promise<FuzzEngine> {
  switch (name) {
    case 'node':
      return engineFromNamespace('node', (globalThis as unknown as { WebAssembly: WasmNamespaceLike }).WebAssembly);
    case 'purewasm': {
      const { WebAssembly } = await import('purewasm');
      return engineFromNamespace('purewasm', WebAssembly as unknown as WasmNamespaceLike, { features: await restrictedPurewasmFeatures() });
    }
    default:
      throw new Error(`unknown engine "${name}" (expected one of: ${ENGINE_NAMES.join(', ')})`);
  }
}
