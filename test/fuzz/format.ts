// How values and errors are written into an execution log. Everything is formatted from the JS
// value itself (not from the declared wasm type), so an engine that hands out the wrong kind of
// JS value (a number for an i64, a float not exactly representable as f32, ...) shows up.
//
// - bigint (i64): `-5n`
// - number (i32/f32/f64): shortest round-tripping decimal (bit-exact for non-NaN; `-0` kept);
//   every NaN is `nan` (NaN payloads are not preserved across the JS boundary)
// - null: `null`; functions: `func:<name>` (the JS API names a wasm function by its index);
//   binaryen's externref imports `{ payload }`: `externref(<payload>)`
//
// Errors are reduced to a comparable form: `trap <category>` (trap messages differ between
// engines, so they are mapped to categories), `exhaustion` (V8's RangeError "Maximum call stack
// size exceeded" = purewasm's RuntimeError "call stack exhausted"), or `exception <Class>`.
// The raw message is kept beside it for humans but not compared.

import { errorMessage } from '../../spec-tests/engines/js-api.js';
import type { FuzzEngine } from './engines.js';

export function formatValue(x: unknown): string {
  switch (typeof x) {
    case 'bigint':
      return `${x}n`;
    case 'number':
      if (Number.isNaN(x)) return 'nan';
      return Object.is(x, -0) ? '-0' : String(x);
    case 'undefined':
      return 'undefined';
    case 'boolean':
      return `bool:${x}`;
    case 'string':
      return `string:${JSON.stringify(x)}`;
    case 'function':
      return `func:${String((x as { name?: unknown }).name)}`;
    case 'symbol':
      return 'symbol';
    case 'object': {
      if (x === null) return 'null';
      if (Object.prototype.hasOwnProperty.call(x, 'payload')) return `externref(${String((x as { payload: unknown }).payload)})`;
      if (Array.isArray(x)) return `[${x.map(formatValue).join(', ')}]`;
      return 'object';
    }
  }
}

/** Trap message → category. Covers V8's wording and the spec tests' (which purewasm follows). */
const TRAP_CATEGORIES: readonly [RegExp, string][] = [
  [/unreachable/i, 'unreachable'],
  [/memory access out of bounds|out of bounds memory access|data segment (?:has been dropped|out of bounds)/i, 'memory-oob'],
  [/divide by zero|remainder by zero/i, 'divide-by-zero'],
  // The spec says "integer overflow" for both i32.div_s(MIN, -1) and an out-of-range trunc, and
  // "invalid conversion to integer" for a NaN trunc; V8 says "divide result unrepresentable" and
  // "float unrepresentable in integer range" (for both truncs): one category covers all four.
  [/integer overflow|divide result unrepresentable|float unrepresentable in integer range|invalid conversion to integer/i, 'integer-overflow-or-conversion'],
  // V8 reports a null entry and a signature mismatch alike; the spec splits them.
  [/null function or function signature mismatch|indirect call type mismatch|uninitiali[sz]ed element|signature mismatch/i, 'indirect-call'],
  [/table index is out of bounds|out of bounds table access|undefined element|element segment (?:has been dropped|out of bounds)|table access out of bounds/i, 'table-oob'],
  [/null (?:function )?reference|dereferencing a null pointer|null pointer/i, 'null-reference'],
];

export function trapCategory(message: string): string {
  for (const [re, cat] of TRAP_CATEGORIES) if (re.test(message)) return cat;
  return `?${message}`;
}

const EXHAUSTION = /call stack exhausted|maximum call stack size exceeded|stack overflow|too much recursion/i;

export interface ClassifiedError {
  /** Compared between engines. */
  readonly text: string;
  /** Class and message as thrown (informational). */
  readonly raw: string;
}

function errorClassName(e: unknown): string {
  if (e instanceof Error) {
    const ctor = (e as { constructor?: { name?: unknown } }).constructor;
    return typeof ctor?.name === 'string' && ctor.name !== '' ? ctor.name : e.name;
  }
  return e === null ? 'null' : typeof e;
}


function isA(e: unknown, c: (abstract new (...args: never[]) => unknown) | undefined): boolean {
  return typeof c === 'function' && e instanceof c;
}

export function classifyError(engine: FuzzEngine, e: unknown): ClassifiedError {
  const name = errorClassName(e);
  const message = errorMessage(e);
  const raw = `${name}: ${message}`;
  if (isA(e, engine.RuntimeError)) return { text: EXHAUSTION.test(message) ? 'exhaustion' : `trap ${trapCategory(message)}`, raw };
  if (e instanceof RangeError && EXHAUSTION.test(message)) return { text: 'exhaustion', raw };
  if (isA(e, engine.CompileError)) return { text: 'compile-error', raw };
  if (isA(e, engine.LinkError)) return { text: 'link-error', raw };
  return { text: `exception ${name}`, raw };
}

/** True for errors that must not be swallowed by call-export-catch (wasm traps, host limits). */
export function isTrapOrHostLimit(engine: FuzzEngine, e: unknown): boolean {
  if (isA(e, engine.RuntimeError)) return true;
  const text = errorMessage(e);
  return EXHAUSTION.test(text) || /out of memory|requested new array is too large/i.test(text);
}
