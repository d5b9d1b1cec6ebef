// The task built-ins as core functions. Spec: component-model design/mvp/CanonicalABI.md
// §"canon context.get", §"canon context.set", §"canon backpressure.{inc,dec}", §"canon
// task.return", §"canon task.cancel" (definitions.py `canon_context_get`, `canon_context_set`,
// `canon_backpressure_inc`, `canon_backpressure_dec`, `canon_task_return`, `canon_task_cancel`).
//
// context.get/set and backpressure.inc/dec do not check `may_leave` (the spec's functions do not),
// so they work during post-return too. Context values are stored as given and read back as the
// built-in's core type (`i32`: a signed 32-bit number; 🐘 `i64`: a signed bigint).

import type { ValType } from '../types.js';
import { LinkError } from '../../core/errors.js';
import { LiftLowerContext } from './context.js';
import { MAX_FLAT_PARAMS } from './flatten.js';
import type { ComponentInstance } from './instance.js';
import { liftOptionsEqual, ptrTypeOf, type CanonOptions, type CoreCallable, type CoreValType, type CoreValue } from './options.js';
import type { RValType } from './plan.js';
import type { ResourceType } from './resource.js';
import { currentThreadIn } from './task.js';
import { trap } from './trap.js';
import { makeLiftFlatValues } from './values.js';

const BACKPRESSURE_LIMIT = 2 ** 16;

function asCoreType(t: CoreValType, v: CoreValue): CoreValue {
  if (t === 'i64') return BigInt.asIntN(64, typeof v === 'bigint' ? v : BigInt(v));
  return typeof v === 'bigint' ? Number(BigInt.asIntN(32, v)) : v | 0;
}

/** `(canon context.get $t $i)`: `(func (result $t))`. */
export function canonContextGet(t: CoreValType, i: number, inst: ComponentInstance): CoreCallable {
  if (i !== 0 && i !== 1) throw new LinkError(`context.get: slot ${i} does not exist (there are 2)`);
  return () => {
    const thread = currentThreadIn(inst);
    return [asCoreType(t, i === 0 ? thread.storage0 : thread.storage1)];
  };
}

/** `(canon context.set $t $i)`: `(func (param $t))`. */
export function canonContextSet(t: CoreValType, i: number, inst: ComponentInstance): CoreCallable {
  if (i !== 0 && i !== 1) throw new LinkError(`context.set: slot ${i} does not exist (there are 2)`);
  return (args) => {
    const thread = currentThreadIn(inst);
    const v = asCoreType(t, args[0] ?? 0);
    if (i === 0) thread.storage0 = v;
    else thread.storage1 = v;
    return [];
  };
}

/** `(canon backpressure.inc)`: `(func)`. */
export function canonBackpressureInc(inst: ComponentInstance): CoreCallable {
  return () => {
    if (inst.backpressure + 1 === BACKPRESSURE_LIMIT) trap(`backpressure counter overflow (it may not reach ${BACKPRESSURE_LIMIT})`);
    inst.backpressure++;
    return [];
  };
}

/** `(canon backpressure.dec)`: `(func)`. */
export function canonBackpressureDec(inst: ComponentInstance): CoreCallable {
  return () => {
    if (inst.backpressure === 0) trap('backpressure counter underflow (backpressure.dec without a matching backpressure.inc)');
    inst.backpressure--;
    return [];
  };
}

/** definitions.py's `==` on value types (structural; resources by identity). */
export function valTypeEqual(a: ValType<ResourceType> | undefined, b: ValType<ResourceType> | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'list': {
      const o = b as typeof a;
      return a.length === o.length && valTypeEqual(a.elem, o.elem);
    }
    case 'record': {
      const o = b as typeof a;
      return a.fields.length === o.fields.length
        && a.fields.every((f, i) => f.label === o.fields[i]!.label && valTypeEqual(f.type, o.fields[i]!.type));
    }
    case 'tuple': {
      const o = b as typeof a;
      return a.types.length === o.types.length && a.types.every((t, i) => valTypeEqual(t, o.types[i]));
    }
    case 'variant': {
      const o = b as typeof a;
      return a.cases.length === o.cases.length
        && a.cases.every((c, i) => c.label === o.cases[i]!.label && valTypeEqual(c.type, o.cases[i]!.type));
    }
    case 'enum': case 'flags': {
      const o = b as typeof a;
      return a.labels.length === o.labels.length && a.labels.every((l, i) => l === o.labels[i]);
    }
    case 'option': return valTypeEqual(a.type, (b as typeof a).type);
    case 'result': {
      const o = b as typeof a;
      return valTypeEqual(a.ok, o.ok) && valTypeEqual(a.err, o.err);
    }
    case 'own': case 'borrow': return a.resource === (b as typeof a).resource;
    case 'stream': case 'future': return valTypeEqual(a.elem, (b as typeof a).elem);
    case 'map': {
      const o = b as typeof a;
      return valTypeEqual(a.key, o.key) && valTypeEqual(a.value, o.value);
    }
    default: return true; // primitive kinds
  }
}

/** `(canon task.return (result $t)? $opts)`: the result's flat values (or a pointer) as parameters. */
export function canonTaskReturn(resultType: ValType<ResourceType> | undefined, opts: CanonOptions, inst: ComponentInstance): CoreCallable {
  const ts: RValType[] = resultType === undefined ? [] : [resultType];
  const liftResult = makeLiftFlatValues(ts, ptrTypeOf(opts), MAX_FLAT_PARAMS, 'task.return parameters');
  return (args) => {
    const task = currentThreadIn(inst).task;
    task.inst.checkMayLeave();
    if (!task.isAsyncLifted()) {
      trap('task.return called by a task that was not lifted `async` (a synchronous lift returns its result from the core function)');
    }
    if (!valTypeEqual(resultType, task.ft!.result)) {
      trap('invalid task.return signature: its result type differs from the result type of the current task\'s function');
    }
    if (!liftOptionsEqual(opts, task.opts!)) {
      trap('invalid task.return options: its string-encoding and memory must be those of the current task\'s `canon lift`');
    }
    const cx = new LiftLowerContext(opts, task.inst, task);
    cx.srcLog = task.srcLog;
    cx.flat = args;
    cx.fi = 0;
    task.return_(liftResult(cx));
    return [];
  };
}

/** `(canon task.cancel)`: `(func)`. */
export function canonTaskCancel(inst: ComponentInstance): CoreCallable {
  return () => {
    const task = currentThreadIn(inst).task;
    task.inst.checkMayLeave();
    if (!task.isAsyncLifted()) trap('task.cancel called by a task that was not lifted `async`');
    task.cancel();
    return [];
  };
}
