// Engines that misbehave on purpose, to show the comparison catches what it should: one changes
// every value a function returns, one throws RangeError where it should throw TypeError.

import type { ComponentEngine } from './engines.js';

/** A visibly different value of the same shape (or a different shape where there is no leaf). */
export function perturb(v: unknown): unknown {
  switch (typeof v) {
    case 'number': return Number.isNaN(v) ? 0 : v === 0 ? 1 : -v;
    case 'bigint': return v ^ 1n;
    case 'string': return `${v}x`;
    case 'boolean': return !v;
    case 'undefined': return null;
    default: break;
  }
  if (v === null) return undefined;
  if (ArrayBuffer.isView(v)) {
    const copy = (v as unknown as { slice(): ArrayBufferView }).slice();
    const bytes = new Uint8Array(copy.buffer, copy.byteOffset, copy.byteLength);
    if (bytes.length === 0) return new (v.constructor as new (n: number) => ArrayBufferView)(1);
    bytes[0] ^= 1;
    return copy;
  }
  if (Array.isArray(v)) return v.length === 0 ? [undefined] : [perturb(v[0]), ...v.slice(1)];
  const entries = Object.entries(v as object);
  if (entries.length === 0) return { extra: true };
  const [[k0, x0], ...rest] = entries;
  return Object.fromEntries([[k0, perturb(x0)], ...rest]);
}

function wrapExports(root: Record<string, unknown>, wrap: (fn: (...a: unknown[]) => unknown) => (...a: unknown[]) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, iface] of Object.entries(root)) {
    out[name] = Object.fromEntries(Object.entries(iface as Record<string, unknown>).map(([k, f]) =>
      [k, typeof f === 'function' ? wrap(f as (...a: unknown[]) => unknown) : f]));
  }
  return out;
}

export function valueMutant(base: ComponentEngine): ComponentEngine {
  return {
    name: 'value-mutant',
    async instantiate(bytes) {
      return wrapExports(await base.instantiate(bytes), (fn) => (...a) => perturb(fn(...a)));
    },
  };
}

export function errorClassMutant(base: ComponentEngine): ComponentEngine {
  return {
    name: 'error-class-mutant',
    async instantiate(bytes) {
      return wrapExports(await base.instantiate(bytes), (fn) => (...a) => {
        try {
          return fn(...a);
        } catch (e) {
          if (e instanceof TypeError) throw new RangeError(e.message);
          throw e;
        }
      });
    },
  };
}
