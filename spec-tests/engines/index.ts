// Engine selection by name (engines are loaded lazily so that the node engine
// works even while purewasm's entry point does not exist yet).

import type { AnyEngine } from '../engine.js';

export const ENGINE_NAMES = ['purewasm', 'node'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

export async function loadEngine(name: string): Promise<AnyEngine> {
  switch (name) {
    case 'node':
      return (await import('./node.js')).createEngine();
    case 'purewasm':
      return (await import('./purewasm.js')).createEngine();
    default:
      throw new Error(`unknown engine "${name}" (expected one of: ${ENGINE_NAMES.join(', ')})`);
  }
}
