// purewasm's component API as a ComponentEngine: the one adapter between the runner and the
// engine (src/component/api.ts). compileComponent is taken from purewasm's public entry point
// (src/index.ts) or, until it is exported there, from src/component/runtime/index.ts; if neither
// has it, the engine reports itself unavailable and the runner skips what needs it. Core
// modules and error classification go through purewasm's core engine (spec-tests/engines).

import type { Component, CompileComponentOptions } from '../../../src/component/api.js';
import { FEATURES } from '../../../src/core/features.js';
import { loadEngine } from '../../engines/index.js';
import { errorMessage } from '../../engines/js-api.js';
import type { ComponentEngine, InstanceLike } from '../engine.js';

type CompileComponent = (bytes: Uint8Array, options?: CompileComponentOptions) => Component;

/** Where compileComponent may live, most public first (relative to this file). */
const ENTRY_POINTS = ['../../../src/index.js', '../../../src/component/runtime/index.js'];

async function findCompileComponent(): Promise<{ fn: CompileComponent } | { why: string }> {
  const errors: string[] = [];
  for (const spec of ENTRY_POINTS) {
    try {
      // A non-literal specifier: the runtime module may not exist yet.
      const m = (await import(spec)) as Record<string, unknown>;
      if (typeof m['compileComponent'] === 'function') return { fn: m['compileComponent'] as CompileComponent };
    } catch (e) {
      const code = (e as { code?: unknown } | null)?.code;
      // A module that exists but fails to load is worth reporting; a missing one is expected.
      if (code !== 'ERR_MODULE_NOT_FOUND') errors.push(`${spec.replace('../../../', '')}: ${errorMessage(e).split('\n')[0]}`);
    }
  }
  const base = 'component engine not available: no compileComponent in src/index.ts or src/component/runtime/index.ts';
  return { why: errors.length ? `${base} (${errors.join('; ')})` : base };
}

const CORE_FEATURES = new Set<string>(FEATURES);

export async function createPurewasmComponentEngine(): Promise<ComponentEngine> {
  const core = await loadEngine('purewasm');
  const found = await findCompileComponent();
  const compileComponent = 'fn' in found ? found.fn : undefined;
  return {
    name: 'purewasm',
    unavailable: 'why' in found ? found.why : undefined,
    compile(bytes, features) {
      if (!compileComponent) throw new Error('compileComponent is not available');
      return compileComponent(bytes, { features });
    },
    compileCore(bytes, flags) {
      const features: Record<string, boolean> = {};
      for (const [k, v] of Object.entries(flags)) if (CORE_FEATURES.has(k)) features[k] = v;
      return core.compile(bytes, features);
    },
    instantiate(component, imports): InstanceLike {
      return (component as Component).instantiate(imports);
    },
    classify(error) {
      return core.classify(error);
    },
  };
}
