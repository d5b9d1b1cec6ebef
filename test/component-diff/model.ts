// What an echo call must return, computed from its arguments without running anything: the
// lifted value equals the argument, except that f32 values are rounded to f32 (lower_flat /
// store of an f32), strings are made well-formed (the JS API lowers strings as USVString: each
// lone surrogate becomes U+FFFD), and a top-level `result` return becomes the ok payload or a
// thrown ComponentError carrying the error payload (jco's convention, see src/component/errors.ts).
// The oracle (jco) is checked against this model, so a generator that strays from jco's value
// conventions is caught rather than silently compared with itself.
// Spec: component-model design/mvp/Explainer.md §"JS API" (coercions table, result → exception).

import type { VT } from './abi.js';
import { type EchoFunc, resultType } from './build.js';
import type { Outcome } from './compare.js';
import { camel, isNullable, wellFormed } from './generate.js';

export function expectedOutcome(f: EchoFunc, args: readonly unknown[]): Outcome {
  const r = resultType(f);
  if (!r) return { kind: 'value', value: undefined };
  const v = f.kind === 'first' ? args[0] : args;
  if (r.kind === 'result') {
    const { tag, val } = v as { tag: string; val: unknown };
    if (tag === 'ok') return { kind: 'value', value: r.ok ? normalize(r.ok, val) : undefined };
    const payload = r.err ? normalize(r.err, val) : undefined;
    return { kind: 'error', name: 'ComponentError', message: '', payload, hasPayload: true };
  }
  return { kind: 'value', value: normalize(r, v) };
}

/** The value a well-behaved runtime lifts after lowering v as type t. */
export function normalize(t: VT, v: unknown): unknown {
  switch (t.kind) {
    case 'f32': return Math.fround(v as number);
    case 'string': return wellFormed(v as string);
    case 'list':
      if (ArrayBuffer.isView(v)) return v;
      return (v as unknown[]).map((x) => normalize(t.elem, x));
    case 'record':
      return Object.fromEntries(t.fields.map((f) => [camel(f.label), normalize(f.type, (v as Record<string, unknown>)[camel(f.label)])]));
    case 'tuple': return t.types.map((u, i) => normalize(u, (v as unknown[])[i]));
    case 'variant': {
      const { tag, val } = v as { tag: string; val?: unknown };
      const c = t.cases.find((x) => x.label === tag)!;
      return c.type ? { tag, val: normalize(c.type, val) } : { tag };
    }
    case 'option':
      if (isNullable(t.type)) {
        const o = v as { tag: string; val?: unknown };
        return o.tag === 'none' ? { tag: 'none' } : { tag: 'some', val: normalize(t.type, o.val) };
      }
      return v === undefined || v === null ? undefined : normalize(t.type, v);
    case 'result': {
      const { tag, val } = v as { tag: string; val: unknown };
      const u = tag === 'ok' ? t.ok : t.err;
      return { tag, val: u ? normalize(u, val) : undefined };
    }
    default:
      return v;
  }
}
