// Echo components in the component text format. Each exported function takes params p0..pn and
// returns, depending on its kind, p0 ('first'), the tuple of all params ('all') or nothing
// ('sink'). The core function returns its input in the lowered form the lift expects:
//   flat params ≤ MAX_FLAT_PARAMS, one flat result  → the first core param;
//   flat params ≤ MAX_FLAT_PARAMS, > 1 flat results → the flat params stored in the result's
//                                                      layout in fresh memory, and its address;
//   flat params > MAX_FLAT_PARAMS                    → the params arrive as a pointer to the
//     tuple of params; its first element (and the whole tuple) starts there, so that pointer is
//     the result when the result goes through memory, else the single flat value loaded from it.
// Every function has a post-return that resets the bump allocator, so memory use stays bounded.
// Spec: component-model design/mvp/CanonicalABI.md §"Flattening" (flatten_functype), §"`canon
// lift`" (post-return), §"Canonical ABI Options"; Explainer.md §"Canonical Definitions".

import { type CoreType, type VT, alignment, elemSize, flatten, flattenAll, MAX_FLAT_PARAMS, MAX_FLAT_RESULTS } from './abi.js';
import { allocatorFields, loadSingle, localsCursor, storeFlat } from './core-gen.js';
import { TypeDefs, witType } from './text.js';

export type EchoKind = 'first' | 'all' | 'sink';
export type StringEncoding = 'utf8' | 'utf16' | 'latin1+utf16';
export const STRING_ENCODINGS: readonly StringEncoding[] = ['utf8', 'utf16', 'latin1+utf16'];

export interface EchoFunc {
  /** Export name (kebab-case; the JS name is the same since it has one word). */
  readonly name: string;
  readonly params: readonly VT[];
  readonly kind: EchoKind;
  readonly encoding: StringEncoding;
}

export const ECHO_INTERFACE = 'test:echo/api';
const HEAP_BASE = 16;

export function resultType(f: EchoFunc): VT | undefined {
  switch (f.kind) {
    case 'first': return f.params[0];
    case 'all': return { kind: 'tuple', types: f.params };
    case 'sink': return undefined;
  }
}

/** How the function's values cross the boundary (for statistics and reports). */
export function abiShape(f: EchoFunc): { flatParams: number; paramsInMemory: boolean; resultInMemory: boolean } {
  const flatParams = flattenAll(f.params).length;
  const r = resultType(f);
  return {
    flatParams,
    paramsInMemory: flatParams > MAX_FLAT_PARAMS,
    resultInMemory: r !== undefined && flatten(r).length > MAX_FLAT_RESULTS,
  };
}

export function witSignature(f: EchoFunc): string {
  const r = resultType(f);
  return `${f.name}: func(${f.params.map((p, i) => `p${i}: ${witType(p)}`).join(', ')})${r ? ` -> ${witType(r)}` : ''}`;
}

function coreFunc(f: EchoFunc): string[] {
  const flatP = flattenAll(f.params);
  const r = resultType(f);
  const flatR = r ? flatten(r) : [];
  const paramsInMemory = flatP.length > MAX_FLAT_PARAMS;
  const resultInMemory = flatR.length > MAX_FLAT_RESULTS;
  const coreParams: CoreType[] = paramsInMemory ? ['i32'] : flatP;
  const coreResults: CoreType[] = resultInMemory ? ['i32'] : flatR;
  const sig = `(param ${coreParams.join(' ')})${coreResults.length ? ` (result ${coreResults.join(' ')})` : ''}`;
  let body: string;
  if (!r) body = '';
  else if (paramsInMemory) body = resultInMemory ? '(local.get 0)' : loadSingle(f.params[0]!, '(local.get 0)', 0);
  else if (!resultInMemory) body = '(local.get 0)';
  else {
    const stores: string[] = [];
    storeFlat(r, '(local.get $r)', 0, localsCursor(flatP), stores);
    body = [
      `(local.set $r (call $realloc (i32.const 0) (i32.const 0) (i32.const ${alignment(r)}) (i32.const ${elemSize(r)})))`,
      ...stores,
      '(local.get $r)',
    ].join('\n      ');
  }
  return [
    `(func (export "${f.name}") ${sig} (local $r i32)\n      ${body})`,
    `(func (export "${f.name}-post")${coreResults.length ? ` (param ${coreResults.join(' ')})` : ''} (call $reset))`,
  ];
}

/**
 * The component text of an echo component exporting `funcs` in the instance ECHO_INTERFACE. With
 * `growMemory`, (almost) every call grows the linear memory during lowering (allocatorFields).
 */
export function echoComponentText(funcs: readonly EchoFunc[], growMemory = false): string {
  const defs = new TypeDefs();
  const lifts = funcs.map((f) => {
    const params = f.params.map((p, i) => `(param "p${i}" ${defs.ref(p)})`).join(' ');
    const r = resultType(f);
    const result = r ? ` (result ${defs.ref(r)})` : '';
    const opts = [
      '(memory (core memory $i "mem"))',
      '(realloc (core func $i "cabi_realloc"))',
      `string-encoding=${f.encoding}`,
      `(post-return (core func $i "${f.name}-post"))`,
    ].join(' ');
    return `(func (export "${f.name}") ${params}${result} (canon lift (core func $i "${f.name}") ${opts}))`;
  });
  const core = [...allocatorFields(HEAP_BASE, growMemory), ...funcs.flatMap(coreFunc)];
  return [
    '(component',
    '  (component $impl',
    '    (core module $m',
    ...core.map((l) => `      ${l}`),
    '    )',
    '    (core instance $i (instantiate $m))',
    ...defs.lines.map((l) => `    ${l}`),
    ...lifts.map((l) => `    ${l}`),
    '  )',
    '  (instance $x (instantiate $impl))',
    `  (export "${ECHO_INTERFACE}" (instance $x))`,
    ')',
  ].join('\n');
}

/**
 * A component whose exported function takes and returns flags with `n` labels: invalid for
 * n > 32 (CanonicalABI.md §"Alignment": flags have 0 < n ≤ 32 labels; wasm-tools: "cannot have
 * more than 32 flags").
 */
export function flagsComponentText(n: number): string {
  const labels = Array.from({ length: n }, (_, i) => `"l${i}"`).join(' ');
  return [
    '(component',
    '  (component $impl',
    '    (core module $m (func (export "f") (param i32) (result i32) (local.get 0)))',
    '    (core instance $i (instantiate $m))',
    `    (type $d (flags ${labels}))`,
    '    (export $t "t" (type $d))',
    '    (func (export "f") (param "p0" $t) (result $t) (canon lift (core func $i "f"))))',
    '  (instance $x (instantiate $impl))',
    `  (export "${ECHO_INTERFACE}" (instance $x))`,
    ')',
  ].join('\n');
}
