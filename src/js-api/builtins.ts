// Builtin function sets. Spec: WebAssembly JS API §"Builtins" (sets enabled with the
// `builtins` compile option, imported from "wasm:<set>", checked against their exact types at
// compile time, left out of Module.imports) and §"String Builtins" (the "js-string" set).
// Builtins trap (a RuntimeError wasm cannot catch) instead of throwing JS exceptions.
//
// fromCodePoint returns (ref extern), as WPT's tests and V8 have it (the spec text says externref).
// fromCharCodeArray and intoCharCodeArray take GC arrays, which purewasm validates but does not
// execute yet: they trap when called.

import { RuntimeError } from '../core/errors.js';
import { HostFunction, type HostFrame } from '../core/exec/runtime/func.js';
import { globalTypeIds } from '../core/exec/runtime/type-ids.js';
import { EXTERNREF, HT_EXTERN, I16, I32, concreteHeap, refType, type FuncType, type SubType, type ValType } from '../core/types.js';

export interface Builtin {
  readonly name: string;
  readonly type: FuncType;
  /** Global id of the builtin's function type. */
  readonly typeId: number;
  readonly run: (args: unknown[]) => unknown;
}

const REF_EXTERN = refType(HT_EXTERN, false);

function sub(composite: SubType['composite'], recStart: number): SubType {
  return { final: true, supers: [], composite, recStart, recSize: 1 };
}

/** A builtin whose type names no other type: (rec (type (func ...))).0 */
function simple(name: string, params: ValType[], results: ValType[], run: Builtin['run']): Builtin {
  const type: FuncType = { kind: 'func', params, results };
  return { name, type, typeId: globalTypeIds([sub(type, 0)])[0]!, run };
}

/** A builtin taking (ref null $arrayType), $arrayType = (rec (type (array (mut i16)))).0 */
function withArray(name: string, params: (ValType | 'array')[], results: ValType[], run: Builtin['run']): Builtin {
  const arrayRef = refType(concreteHeap(0), true);
  const type: FuncType = { kind: 'func', params: params.map((p) => (p === 'array' ? arrayRef : p)), results };
  const ids = globalTypeIds([sub({ kind: 'array', field: { type: I16, mutable: true } }, 0), sub(type, 1)]);
  return { name, type, typeId: ids[1]!, run };
}

function trap(why: string): never {
  throw new RuntimeError(why);
}

function unwrapString(v: unknown): string {
  if (typeof v !== 'string') trap('not a string');
  return v;
}

const JS_STRING: readonly Builtin[] = [
  simple('cast', [EXTERNREF], [REF_EXTERN], ([v]) => unwrapString(v)),
  simple('test', [EXTERNREF], [I32], ([v]) => (typeof v === 'string' ? 1 : 0)),
  withArray('fromCharCodeArray', ['array', I32, I32], [REF_EXTERN], ([a]) => {
    if (a === null) trap('null array');
    return trap('GC arrays are not executed yet');
  }),
  withArray('intoCharCodeArray', [EXTERNREF, 'array', I32], [I32], ([s, a]) => {
    if (a === null) trap('null array');
    unwrapString(s);
    return trap('GC arrays are not executed yet');
  }),
  simple('fromCharCode', [I32], [REF_EXTERN], ([v]) => String.fromCharCode((v as number) >>> 0)),
  simple('fromCodePoint', [I32], [REF_EXTERN], ([v]) => {
    const c = (v as number) >>> 0;
    if (c > 0x10ffff) trap('invalid code point');
    return String.fromCodePoint(c);
  }),
  simple('charCodeAt', [EXTERNREF, I32], [I32], ([s, i]) => {
    const str = unwrapString(s);
    const idx = (i as number) >>> 0;
    if (idx >= str.length) trap('string index out of bounds');
    return str.charCodeAt(idx);
  }),
  simple('codePointAt', [EXTERNREF, I32], [I32], ([s, i]) => {
    const str = unwrapString(s);
    const idx = (i as number) >>> 0;
    if (idx >= str.length) trap('string index out of bounds');
    return str.codePointAt(idx)!;
  }),
  simple('length', [EXTERNREF], [I32], ([v]) => unwrapString(v).length),
  simple('concat', [EXTERNREF, EXTERNREF], [REF_EXTERN], ([a, b]) => unwrapString(a) + unwrapString(b)),
  simple('substring', [EXTERNREF, I32, I32], [REF_EXTERN], ([s, a, b]) => {
    const str = unwrapString(s);
    const start = (a as number) >>> 0;
    const end = (b as number) >>> 0;
    if (start > end || start > str.length) return '';
    return str.substring(start, end);
  }),
  simple('equals', [EXTERNREF, EXTERNREF], [I32], ([a, b]) => {
    if (a !== null && typeof a !== 'string') trap('not a string');
    if (b !== null && typeof b !== 'string') trap('not a string');
    return a === b ? 1 : 0;
  }),
  simple('compare', [EXTERNREF, EXTERNREF], [I32], ([a, b]) => {
    const x = unwrapString(a);
    const y = unwrapString(b);
    return x === y ? 0 : x < y ? -1 : 1;
  }),
];

const SETS: ReadonlyMap<string, readonly Builtin[]> = new Map([['js-string', JS_STRING]]);

/** The builtin an import refers to with these builtin sets enabled, or undefined. */
export function findBuiltin(moduleName: string, name: string, setNames: readonly string[]): Builtin | undefined {
  for (const set of setNames) {
    const builtins = SETS.get(set);
    if (!builtins || moduleName !== `wasm:${set}`) continue;
    const b = builtins.find((x) => x.name === name);
    if (b) return b;
  }
  return undefined;
}

/** Whether a builtin set name refers to a builtin set. */
export function isBuiltinSet(name: string): boolean {
  return SETS.has(name);
}

/** The builtins of a set. */
export function builtinsOf(set: string): readonly Builtin[] {
  return SETS.get(set) ?? [];
}

/** A new function instance running a builtin (arguments are i32s and references only). */
export function builtinFunction(b: Builtin): HostFunction {
  const ps = b.type.params;
  const rs = b.type.results;
  return new HostFunction(b.type, b.typeId, (frame: HostFrame) => {
    const base = frame.base;
    const args = ps.map((p, i) => (p === I32 ? frame.i32[(base + i) * 2] : frame.refs[base + i]));
    const r = b.run(args);
    if (rs.length === 0) return;
    if (rs[0] === I32) frame.i32[base * 2] = r as number;
    else frame.refs[base] = r;
  });
}
