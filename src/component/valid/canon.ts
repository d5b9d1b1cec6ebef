// Canonical definitions. Spec: component-model design/mvp/CanonicalABI.md §"Canonical
// Definitions" (§"canonopt Validation"; `canon lift`: the core function must have type
// `flatten_functype(opts, ft, 'lift')`, post-return takes the flattened results; `canon lower`;
// `resource.new/drop/rep` on resources defined by this component; the 🔀 async, 📝 error-context
// and 🧵 threading built-ins with their core signatures) and §"Flattening".

import type { Canon, CanonOpt } from '../binary/ast.js';
import { I32, I64, type ValType as CoreValType } from '../../core/types.js';
import type { ResourceId } from '../types.js';
import { containsPtr, Flat, MAX_FLAT_ASYNC_PARAMS, MAX_FLAT_PARAMS, MAX_FLAT_RESULTS, pushFlat } from './abi.js';
import { limitsMatch } from './core-types.js';
import { lowerGc } from './gc-abi.js';
import { valType } from './deftypes.js';
import { inlinePrim, type DefT, type FuncT } from './itypes.js';
import { fail, type Scope } from './scope.js';

export interface CanonOptions {
  readonly stringEncoding: 'utf8' | 'utf16' | 'latin1+utf16';
  /** Core memory index and its address type. */
  readonly memory?: { readonly index: number; readonly addr: CoreValType } | undefined;
  readonly realloc?: number | undefined;
  readonly postReturn?: number | undefined;
  readonly async: boolean;
  readonly callback?: number | undefined;
  readonly coreType?: number | undefined;
  readonly gc: boolean;
}

/** What a canonical definition resolved to (for the runtime). */
export interface CanonResult {
  /** Arena index of the core function type, for definitions that add a core function. */
  readonly coreType?: number | undefined;
  /** The component function type (lift: of the new function; lower: of the lowered one). */
  readonly func?: FuncT | undefined;
  readonly options?: CanonOptions | undefined;
  readonly resource?: ResourceId | undefined;
  /** The stream/future type of stream/future built-ins; task.return's result. */
  readonly valType?: DefT | undefined;
}

const OPT_NAMES: Record<CanonOpt['kind'], string> = {
  'string-encoding': 'string-encoding', memory: 'memory', realloc: 'realloc', 'post-return': 'post-return',
  async: 'async', callback: 'callback', 'core-type': 'core-type', gc: 'gc',
};
void OPT_NAMES;

function encName(e: 'utf8' | 'utf16' | 'latin1+utf16'): string {
  return e === 'latin1+utf16' ? 'latin1-utf16' : e;
}

/** Validates a `canonopt` list (duplicates, conflicts, realloc's signature). */
export function checkOptions(scope: Scope, opts: readonly CanonOpt[], offset: number): CanonOptions {
  let enc: CanonOptions['stringEncoding'] | undefined;
  let memory: CanonOptions['memory'];
  let realloc: number | undefined;
  let postReturn: number | undefined;
  let isAsync = false;
  let callback: number | undefined;
  let coreType: number | undefined;
  let gc = false;
  const f = scope.features;
  for (const o of opts) {
    switch (o.kind) {
      case 'string-encoding':
        if (enc !== undefined) fail(`canonical encoding option \`${encName(enc)}\` conflicts with option \`${encName(o.encoding)}\``, offset);
        enc = o.encoding;
        break;
      case 'memory':
        if (memory !== undefined) fail('canonical option `memory` is specified more than once', offset);
        memory = { index: o.index, addr: cabiMemory(scope, o.index, offset) };
        break;
      case 'realloc':
        if (realloc !== undefined) fail('canonical option `realloc` is specified more than once', offset);
        realloc = o.index;
        break;
      case 'post-return':
        if (postReturn !== undefined) fail('canonical option `post-return` is specified more than once', offset);
        postReturn = o.index;
        break;
      case 'async':
        if (isAsync) fail('canonical option `async` is specified more than once', offset);
        if (!f.async) fail('canonical option `async` requires the component model async feature', offset);
        isAsync = true;
        break;
      case 'callback':
        if (callback !== undefined) fail('canonical option `callback` is specified more than once', offset);
        callback = o.index;
        break;
      case 'core-type': {
        if (coreType !== undefined) fail('canonical option `core type` is specified more than once', offset);
        if (!f.gc) fail('canonical option `core type` requires the component model gc feature', offset);
        const e = scope.coreTypeAt(o.index, offset);
        if (e.k !== 'sub' || !scope.env.arena.isFunc(e.index)) fail('canonical option `core type` must reference a core function type', offset);
        coreType = e.index;
        break;
      }
      case 'gc':
        if (gc) fail('canonical option `gc` is specified more than once', offset);
        if (!f.gc) fail('canonical option `gc` requires the `cm-gc` feature', offset);
        gc = true;
        break;
    }
  }
  if (!isAsync && callback !== undefined) fail('cannot specify callback without async', offset);
  if (isAsync && postReturn !== undefined) fail('cannot specify post-return function in async', offset);
  if (!gc && coreType !== undefined) fail('cannot specify `core-type` without `gc`', offset);
  if (realloc !== undefined) {
    if (memory === undefined) fail('canonical option `realloc` requires `memory` to also be specified', offset);
    const a = memory.addr;
    const ft = scope.env.arena.funcOf(scope.coreFuncAt(realloc, offset))!;
    if (!sameTypes(ft.params, [a, a, a, a]) || !sameTypes(ft.results, [a])) {
      fail('canonical option `realloc` uses a core function with an incorrect signature', offset);
    }
  }
  return { stringEncoding: enc ?? 'utf8', memory, realloc, postReturn, async: isAsync, callback, coreType, gc };
}

function sameTypes(a: readonly CoreValType[], b: readonly CoreValType[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

/** A memory usable by the Canonical ABI: plain (unshared) 32-bit, or 64-bit with 🐘. */
function cabiMemory(scope: Scope, index: number, offset: number): CoreValType {
  const m = scope.memoryAt(index, offset);
  if (m.limits.is64 && !scope.features.cm64) fail('64-bit memories require the `cm64` feature to be enabled', offset);
  if (m.limits.shared) fail('mismatch in the shared flag for memories', offset);
  if (!limitsMatch(m.limits, { min: 0, max: undefined })) fail('mismatch in memory limits', offset);
  return m.limits.is64 ? I64 : I32;
}

function requireMemory(o: CanonOptions, offset: number): void {
  if (o.memory === undefined) fail('canonical option `memory` is required', offset);
}

function requireRealloc(o: CanonOptions, offset: number): void {
  requireMemory(o, offset);
  if (o.realloc === undefined) fail('canonical option `realloc` is required', offset);
}

function checkLower(o: CanonOptions, offset: number): void {
  if (o.postReturn !== undefined) fail('canonical option `post-return` cannot be specified for lowerings', offset);
  if (o.async && o.callback !== undefined) fail('canonical option `callback` cannot be specified for lowerings', offset);
  if (o.gc && o.coreType === undefined) fail('cannot specify `gc` without also specifying a `core-type` for lowerings', offset);
}

function requireSync(o: CanonOptions, where: string, offset: number): void {
  if (o.async) fail(`cannot specify \`async\` option on \`${where}\``, offset);
}

/** The core signature of a component function type (wasm-tools' `ComponentFuncType::lower`). */
export function lowerFuncType(ft: FuncT, o: CanonOptions, abi: 'lift' | 'lower', offset: number): { params: CoreValType[]; results: CoreValType[] } {
  const ptr = o.memory?.addr ?? I32;
  const params = new Flat(abi === 'lower' && o.async ? MAX_FLAT_ASYNC_PARAMS : MAX_FLAT_PARAMS);
  const results = new Flat(MAX_FLAT_RESULTS);
  for (const p of ft.params) {
    if (abi === 'lower') {
      if (o.memory === undefined && containsPtr(p.type)) requireMemory(o, offset);
    } else if (o.realloc === undefined && containsPtr(p.type)) requireRealloc(o, offset);
    if (!pushFlat(p.type, ptr, params)) {
      params.types.length = 0;
      params.push(ptr);
      requireMemory(o, offset);
      if (abi === 'lift') requireRealloc(o, offset);
      break;
    }
  }
  const r = ft.result;
  if (r !== undefined && abi === 'lower' && o.realloc === undefined && containsPtr(r)) requireRealloc(o, offset);
  if (!o.async) {
    if (r !== undefined && !pushFlat(r, ptr, results)) {
      results.types.length = 0;
      requireMemory(o, offset);
      if (abi === 'lower') {
        params.max = Infinity;
        params.push(ptr);
      } else results.push(ptr);
    }
  } else if (abi === 'lower') {
    if (r !== undefined) {
      params.max = Infinity;
      params.push(I32);
      requireMemory(o, offset);
    }
    results.push(I32);
  } else {
    if (r !== undefined) {
      const overflow = !pushFlat(r, ptr, new Flat(MAX_FLAT_PARAMS));
      if (o.memory === undefined && (overflow || containsPtr(r))) requireMemory(o, offset);
    }
    if (o.callback !== undefined) results.push(I32);
  }
  return { params: params.types, results: results.types };
}

function valTypeDebug(t: CoreValType): string {
  return t === I32 ? 'I32' : t === I64 ? 'I64' : t === 0x7d ? 'F32' : t === 0x7c ? 'F64' : t === 0x7b ? 'V128' : `Ref(${t})`;
}

function debugList(ts: readonly CoreValType[]): string {
  return `[${ts.map(valTypeDebug).join(', ')}]`;
}

/**
 * Validates one canonical definition; adds what it defines to `scope`. The kinds every component
 * uses (lift, lower, the resource built-ins) are here; the async, error-context and threading
 * built-ins are in `builtin`, which a component that uses none of them never runs.
 */
export function canonDef(scope: Scope, c: Canon, offset: number): CanonResult {
  const arena = scope.env.arena;
  const f = scope.features;
  const addCore = (params: CoreValType[], results: CoreValType[], extra: Omit<CanonResult, 'coreType'> = {}): CanonResult =>
    addCoreFunc(scope, params, results, extra);
  switch (c.kind) {
    case 'lift': {
      const ft = scope.funcTypeAt(c.type, offset);
      const coreTy = scope.coreFuncAt(c.coreFunc, offset);
      const o = checkOptions(scope, c.opts, offset);
      const core = arena.funcOf(coreTy)!;
      if (o.postReturn !== undefined) {
        const pr = arena.funcOf(scope.coreFuncAt(o.postReturn, offset))!;
        if (!sameTypes(pr.params, core.results) || pr.results.length > 0) {
          fail('canonical option `post-return` uses a core function with an incorrect signature', offset);
        }
      }
      if (o.async) {
        if (o.callback === undefined) {
          if (!f.asyncStackful) fail('requires the component model async stackful feature', offset);
        } else {
          const cb = arena.funcOf(scope.coreFuncAt(o.callback, offset))!;
          if (!sameTypes(cb.params, [I32, I32, I32]) && !sameTypes(cb.params, [I32])) {
            fail('canonical option `callback` uses a core function with an incorrect signature', offset);
          }
        }
      }
      if (o.coreType !== undefined) fail('canonical option `core-type` is not allowed in `canon lift`', offset);
      if (o.async && !ft.async) fail('the `async` canonical option requires an async function type', offset);
      if (o.gc) {
        lowerGc(arena, ft, coreTy, o.stringEncoding, offset);
        scope.add('func', scope.funcs, ft);
        return { coreType: coreTy, func: ft, options: o };
      }
      const lowered = lowerFuncType(ft, o, 'lift', offset);
      const expected = arena.funcType(lowered.params, lowered.results);
      if (arena.canon[expected] !== arena.canon[coreTy]) {
        if (!sameTypes(lowered.params, core.params)) {
          fail(`lowered parameter types \`${debugList(lowered.params)}\` do not match parameter types \`${debugList(core.params)}\` of core function ${c.coreFunc}`, offset);
        }
        if (!sameTypes(lowered.results, core.results)) {
          fail(`lowered result types \`${debugList(lowered.results)}\` do not match result types \`${debugList(core.results)}\` of core function ${c.coreFunc}`, offset);
        }
        fail(`lowered function type \`${arena.display(expected)}\` does not match type \`${arena.display(coreTy)}\` of core function ${c.coreFunc}`, offset);
      }
      scope.add('func', scope.funcs, ft);
      return { coreType: coreTy, func: ft, options: o };
    }
    case 'lower': {
      const ft = scope.funcAt(c.func, offset);
      const o = checkOptions(scope, c.opts, offset);
      checkLower(o, offset);
      if (o.async && !ft.async) fail('the `async` canonical option requires an async function type', offset);
      if (o.gc) {
        lowerGc(arena, ft, o.coreType!, o.stringEncoding, offset);
        scope.add('core func', scope.coreFuncs, o.coreType!);
        return { coreType: o.coreType, func: ft, options: o };
      }
      const lowered = lowerFuncType(ft, o, 'lower', offset);
      return addCore(lowered.params, lowered.results, { func: ft, options: o });
    }
    case 'resource.new': {
      const { rid, rep } = localResource(scope, c.type, offset);
      return addCore([rep], [I32], { resource: rid });
    }
    case 'resource.drop': {
      const r = scope.resourceAt(c.type, offset);
      return addCore([I32], [], { resource: r.rid });
    }
    case 'resource.rep': {
      const { rid, rep } = localResource(scope, c.type, offset);
      return addCore([I32], [rep], { resource: rid });
    }
    default:
      return builtin(scope, c, offset);
  }
}

/** Adds a core function of a fresh plain type `params -> results`. */
function addCoreFunc(scope: Scope, params: CoreValType[], results: CoreValType[], extra: Omit<CanonResult, 'coreType'>): CanonResult {
  const coreType = scope.env.arena.funcType(params, results);
  scope.add('core func', scope.coreFuncs, coreType);
  return { coreType, ...extra };
}

type Builtin = Exclude<Canon, { kind: 'lift' | 'lower' | 'resource.new' | 'resource.drop' | 'resource.rep' }>;

/** The async, error-context and threading built-ins. */
function builtin(scope: Scope, c: Builtin, offset: number): CanonResult {
  const f = scope.features;
  const arena = scope.env.arena;
  const addCore = (params: CoreValType[], results: CoreValType[], extra: Omit<CanonResult, 'coreType'> = {}): CanonResult =>
    addCoreFunc(scope, params, results, extra);
  const needAsync = (name: string): void => {
    if (!f.async) fail(`\`${name}\` requires the component model async feature`, offset);
  };
  const needThreading = (name: string): void => {
    if (!f.threading) fail(`\`${name}\` requires the component model threading feature`, offset);
  };
  const declared = (o: CanonOptions, params: CoreValType[], results: CoreValType[], extra: Omit<CanonResult, 'coreType'>): CanonResult => {
    if (o.coreType !== undefined) {
      const d = arena.funcOf(o.coreType)!;
      if (!sameTypes(d.params, params)) {
        fail(`declared core type has \`${debugList(d.params)}\` parameter types, but actual lowering has \`${debugList(params)}\` parameter types`, offset);
      }
      if (!sameTypes(d.results, results)) {
        fail(`declared core type has \`${debugList(d.results)}\` result types, but actual lowering has \`${debugList(results)}\` result types`, offset);
      }
      scope.add('core func', scope.coreFuncs, o.coreType);
      return { coreType: o.coreType, ...extra };
    }
    return addCore(params, results, extra);
  };
  switch (c.kind) {
    case 'backpressure.inc':
    case 'backpressure.dec':
    case 'task.cancel':
      needAsync(c.kind);
      return addCore([], []);
    case 'task.return': {
      needAsync('task.return');
      const result = c.result === undefined ? undefined : taskReturnType(scope, c.result, offset);
      const o = checkOptions(scope, c.opts, offset);
      if (o.realloc !== undefined) fail('cannot specify `realloc` option on `task.return`', offset);
      if (o.postReturn !== undefined) fail('cannot specify `post-return` option on `task.return`', offset);
      checkLower(o, offset);
      requireSync(o, 'task.return', offset);
      const ft: FuncT = {
        t: 'func', async: false, params: result === undefined ? [] : [{ name: 'v', type: result }], result: undefined,
        info: { size: 1, depth: 1, borrow: false },
      };
      if (o.gc) {
        lowerGc(arena, ft, o.coreType!, o.stringEncoding, offset);
        scope.add('core func', scope.coreFuncs, o.coreType!);
        return { coreType: o.coreType, options: o, valType: result };
      }
      const lowered = lowerFuncType(ft, o, 'lower', offset);
      return declared(o, lowered.params, lowered.results, { options: o, valType: result });
    }
    case 'context.get':
    case 'context.set': {
      needAsync(c.kind);
      if (c.type === I64) {
        if (!f.cm64) fail(`64-bit \`${c.kind}\` requires the component model 64-bit feature`, offset);
      } else if (c.type !== I32) fail(`\`${c.kind}\` only supports \`i32\` or \`i64\``, offset);
      if (scope.contextType === undefined) scope.contextType = c.type;
      else if (scope.contextType !== c.type) fail(`\`${c.kind}\` type must match previous context type`, offset);
      if (c.index > 0) {
        if (!f.threading) fail(`\`${c.kind}\` immediate must be zero: ${c.index}`, offset);
        if (c.index > 1) fail(`\`${c.kind}\` immediate must be zero or one: ${c.index}`, offset);
      }
      return c.kind === 'context.get' ? addCore([], [c.type]) : addCore([c.type], []);
    }
    case 'subtask.drop':
      needAsync('subtask.drop');
      return addCore([I32], []);
    case 'subtask.cancel':
      needAsync('subtask.cancel');
      if (c.async && !f.moreAsyncBuiltins) fail('async `subtask.cancel` requires the component model more async builtins feature', offset);
      return addCore([I32], [I32]);
    case 'stream.new':
    case 'future.new': {
      needAsync(c.kind);
      const t = streamOrFuture(scope, c.kind, c.type, offset);
      return addCore([], [I64], { valType: t });
    }
    case 'stream.read':
    case 'stream.write':
    case 'future.read':
    case 'future.write': {
      needAsync(c.kind);
      const t = streamOrFuture(scope, c.kind, c.type, offset);
      const elem = (t as { elem?: DefT }).elem;
      const o = checkOptions(scope, c.opts, offset);
      if (!o.async && !f.moreAsyncBuiltins) {
        fail(`synchronous \`${c.kind}\` requires the component model more async builtins feature`, offset);
      }
      if (elem !== undefined) requireMemory(o, offset);
      if (c.kind.endsWith('read') && elem !== undefined && o.realloc === undefined && containsPtr(elem)) requireRealloc(o, offset);
      if (c.kind !== 'future.write') checkLower(o, offset);
      const params = c.kind.startsWith('stream') ? [I32, I32, I32] : [I32, I32];
      return declared(o, params, [I32], { options: o, valType: t });
    }
    case 'stream.cancel-read':
    case 'stream.cancel-write':
    case 'future.cancel-read':
    case 'future.cancel-write': {
      needAsync(c.kind);
      if (c.async && !f.moreAsyncBuiltins) fail(`async \`${c.kind}\` requires the component model more async builtins feature`, offset);
      const t = streamOrFuture(scope, c.kind, c.type, offset);
      return addCore([I32], [I32], { valType: t });
    }
    case 'stream.drop-readable':
    case 'stream.drop-writable':
    case 'future.drop-readable':
    case 'future.drop-writable': {
      needAsync(c.kind);
      const t = streamOrFuture(scope, c.kind, c.type, offset);
      return addCore([I32], [], { valType: t });
    }
    case 'error-context.new':
    case 'error-context.debug-message': {
      if (!f.errorContext) fail(`\`${c.kind}\` requires the component model error-context feature`, offset);
      const o = checkOptions(scope, c.opts, offset);
      requireMemory(o, offset);
      if (c.kind === 'error-context.debug-message') requireRealloc(o, offset);
      requireSync(o, c.kind, offset);
      checkLower(o, offset);
      return c.kind === 'error-context.new'
        ? declared(o, [I32, I32], [I32], { options: o })
        : declared(o, [I32, I32], [], { options: o });
    }
    case 'error-context.drop':
      if (!f.errorContext) fail('`error-context.drop` requires the component model error-context feature', offset);
      return addCore([I32], []);
    case 'waitable-set.new':
      needAsync(c.kind);
      return addCore([], [I32]);
    case 'waitable-set.wait':
    case 'waitable-set.poll': {
      needAsync(c.kind);
      const addr = cabiMemory(scope, c.memory, offset);
      return addCore([I32, addr], [I32], { options: { stringEncoding: 'utf8', memory: { index: c.memory, addr }, async: false, gc: false } });
    }
    case 'waitable-set.drop':
      needAsync(c.kind);
      return addCore([I32], []);
    case 'waitable.join':
      needAsync(c.kind);
      return addCore([I32, I32], []);
    case 'thread.index':
      needThreading(c.kind);
      return addCore([], [I32]);
    case 'thread.new-indirect': {
      needThreading(c.kind);
      const e = scope.coreTypeAt(c.funcType, offset);
      if (e.k === 'module') fail('expected a core function type', offset);
      const ft = arena.funcOf(e.index);
      if (ft === undefined) fail('start type must be a function', offset);
      if (!sameTypes(ft.params, [I32])) fail('start function must take a single `i32` argument (currently)', offset);
      if (ft.results.length > 0) fail('start function must not return any values', offset);
      const tbl = scope.tableAt(c.table, offset);
      const funcref = 0x200 + 0x70 * 2 + 1;
      if (!arena.valEq(tbl.elem, funcref) || tbl.limits.is64 || tbl.limits.shared) {
        fail('table is not a 32-bit table of (ref null (func))', offset);
      }
      return addCore([I32, I32], [I32]);
    }
    case 'thread.resume-later':
      needThreading(c.kind);
      return addCore([I32], []);
    case 'thread.yield':
      needAsync(c.kind);
      return addCore([], [I32]);
    case 'thread.suspend':
      needThreading(c.kind);
      return addCore([], [I32]);
    case 'thread.suspend-then-resume':
    case 'thread.yield-then-resume':
    case 'thread.suspend-then-promote':
    case 'thread.yield-then-promote':
      needThreading(c.kind);
      return addCore([I32], [I32]);
    case 'thread.spawn-ref':
    case 'thread.spawn-indirect':
    case 'thread.available-parallelism':
      if (!f.sharedEverythingThreads) {
        const name = c.kind === 'thread.available-parallelism' ? 'thread.available_parallelism' : c.kind;
        fail(`\`${name}\` requires the shared-everything-threads proposal`, offset);
      }
      return fail(`\`${c.kind}\` is not supported`, offset);
  }
}

function taskReturnType(scope: Scope, t: number | string, offset: number): DefT {
  if (typeof t === 'number') return scope.definedTypeAt(t, offset);
  return valType(scope, t as Parameters<typeof inlinePrim>[0], offset);
}

function streamOrFuture(scope: Scope, builtin: string, index: number, offset: number): DefT {
  const t = scope.definedTypeAt(index, offset);
  const want = builtin.startsWith('stream') ? 'stream' : 'future';
  if (t.kind !== want) fail(`\`${builtin}\` requires a ${want} type`, offset);
  return t;
}

function localResource(scope: Scope, index: number, offset: number): { rid: ResourceId; rep: CoreValType } {
  const r = scope.resourceAt(index, offset);
  const rep = scope.definedResources.get(r.rid);
  if (rep === undefined) fail(`type ${index} is not a local resource`, offset);
  return { rid: r.rid, rep };
}
