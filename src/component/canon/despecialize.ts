// Despecialization and type predicates. Spec: component-model design/mvp/CanonicalABI.md
// §"Despecialization" and §"Type Predicates" (definitions.py `despecialize`, `contains_borrow`,
// `contains_async_value`, `contains`).
//
// The despecialized form of a type is computed once and cached on the type object. Canon uses it
// for layout and flattening; the value conversions keep the specialized kinds (a tuple is a JS
// array, an option is `T | undefined`, …), which is what the JS conventions need.

import type { Case, Field, ValType } from '../types.js';

/** The fundamental value types: no tuple, enum, option, result or map remains at the top. */
export type Despecialized<R> = Exclude<ValType<R>, { kind: 'tuple' | 'enum' | 'option' | 'result' | 'map' }>;

const despecialized = new WeakMap<object, Despecialized<unknown>>();

export function despecialize<R>(t: ValType<R>): Despecialized<R> {
  let d = despecialized.get(t) as Despecialized<R> | undefined;
  if (d !== undefined) return d;
  switch (t.kind) {
    case 'tuple':
      d = { kind: 'record', fields: t.types.map((type, i): Field<R> => ({ label: String(i), type })) };
      break;
    case 'enum':
      d = { kind: 'variant', cases: t.labels.map((label): Case<R> => ({ label })) };
      break;
    case 'option':
      d = { kind: 'variant', cases: [{ label: 'none' }, { label: 'some', type: t.type }] };
      break;
    case 'result':
      d = { kind: 'variant', cases: [{ label: 'ok', type: t.ok }, { label: 'error', type: t.err }] };
      break;
    case 'map':
      d = { kind: 'list', elem: { kind: 'tuple', types: [t.key, t.value] } };
      break;
    default:
      d = t;
  }
  despecialized.set(t, d as Despecialized<unknown>);
  return d;
}

const borrowCache = new WeakMap<object, boolean>();

/** definitions.py `contains_borrow`. */
export function containsBorrow<R>(t: ValType<R> | undefined): boolean {
  return t !== undefined && contains(t, (u) => u.kind === 'borrow', borrowCache);
}

const asyncCache = new WeakMap<object, boolean>();

/** definitions.py `contains_async_value`. */
export function containsAsyncValue<R>(t: ValType<R> | undefined): boolean {
  return t !== undefined && contains(t, (u) => u.kind === 'stream' || u.kind === 'future', asyncCache);
}

/** Whether `t` holds a string or a list (`lower(T)` needs `memory`, `lift(T)` needs `realloc`). */
export function containsStringOrList<R>(t: ValType<R> | undefined): boolean {
  return t !== undefined && contains(t, (u) => u.kind === 'string' || (u.kind === 'list' && u.length === undefined), listCache);
}
const listCache = new WeakMap<object, boolean>();

/** definitions.py `contains(t, p)`. */
function contains<R>(t0: ValType<R>, p: (t: Despecialized<R>) => boolean, cache: WeakMap<object, boolean>): boolean {
  const hit = cache.get(t0);
  if (hit !== undefined) return hit;
  const t = despecialize(t0);
  let r: boolean;
  switch (t.kind) {
    case 'list':
      r = p(t) || contains(t.elem, p, cache);
      break;
    case 'stream':
    case 'future':
      r = p(t) || (t.elem !== undefined && contains(t.elem, p, cache));
      break;
    case 'record':
      r = p(t) || t.fields.some((f) => contains(f.type, p, cache));
      break;
    case 'variant':
      r = p(t) || t.cases.some((c) => c.type !== undefined && contains(c.type, p, cache));
      break;
    default:
      r = p(t);
  }
  cache.set(t0, r);
  return r;
}
