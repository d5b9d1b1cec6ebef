// Running code with purewasm in place of the host's WebAssembly, and proving that it really ran:
//   - globalThis.WebAssembly is purewasm's namespace for the duration;
//   - the host's own namespace (if any) is poisoned meanwhile: every function on it throws;
//   - every purewasm Instance whose `exports` are read is recorded (the getter on
//     purewasm's Instance.prototype is wrapped), so a test can check the program's instances.

import { WebAssembly as PureWebAssembly } from 'purewasm';

const NAMES = [
  'Module', 'Instance', 'Memory', 'Table', 'Global', 'Tag', 'Exception',
  'validate', 'compile', 'instantiate', 'compileStreaming', 'instantiateStreaming',
] as const;

export interface Tracker {
  /** purewasm instances whose exports were read while tracking */
  instances: Set<object>;
  stop(): void;
}

/** Records every purewasm Instance whose `exports` getter runs until stop(). */
export function trackPurewasmInstances(): Tracker {
  const proto = PureWebAssembly.Instance.prototype as object;
  const desc = Object.getOwnPropertyDescriptor(proto, 'exports');
  if (!desc?.get) throw new Error('purewasm Instance.prototype.exports is not a getter');
  const get = desc.get;
  const instances = new Set<object>();
  Object.defineProperty(proto, 'exports', {
    ...desc,
    get(this: object) {
      instances.add(this);
      return get.call(this);
    },
  });
  return { instances, stop: () => Object.defineProperty(proto, 'exports', desc) };
}

/** Makes every function of the host's WebAssembly namespace throw until the returned function runs. */
export function poisonHostWebAssembly(host: Record<string, unknown> | undefined): () => void {
  if (!host || host === (PureWebAssembly as unknown)) return () => {};
  const saved: [string, PropertyDescriptor][] = [];
  for (const name of NAMES) {
    const desc = Object.getOwnPropertyDescriptor(host, name);
    if (!desc) continue;
    saved.push([name, desc]);
    const poisoned = function () {
      throw new Error(`host WebAssembly.${name} used while purewasm was installed`);
    };
    Object.defineProperty(host, name, { ...desc, value: poisoned });
  }
  return () => {
    for (const [name, desc] of saved) Object.defineProperty(host, name, desc);
  };
}

/**
 * Runs `fn` with purewasm as globalThis.WebAssembly (the host's poisoned), then restores the
 * host's. Returns fn's result and the purewasm instances it used.
 */
export async function onPurewasm<T>(fn: () => Promise<T>): Promise<{ result: T; instances: Set<object> }> {
  const g = globalThis as Record<string, unknown>;
  const had = Object.prototype.hasOwnProperty.call(g, 'WebAssembly');
  const hostDesc = Object.getOwnPropertyDescriptor(g, 'WebAssembly');
  const host = g.WebAssembly as Record<string, unknown> | undefined;
  const unpoison = poisonHostWebAssembly(host);
  Object.defineProperty(g, 'WebAssembly', { value: PureWebAssembly, writable: true, configurable: true, enumerable: false });
  const tracker = trackPurewasmInstances();
  try {
    const result = await fn();
    return { result, instances: tracker.instances };
  } finally {
    tracker.stop();
    if (had && hostDesc) Object.defineProperty(g, 'WebAssembly', hostDesc);
    else delete g.WebAssembly;
    unpoison();
  }
}

export { PureWebAssembly };
