// Canonical built-ins other than lift/lower and resource.new/drop/rep: the task, context,
// backpressure, subtask, waitable, thread, stream/future and error-context built-ins.
// Spec: component-model design/mvp/CanonicalABI.md §"Canonical Built-ins" (definitions.py
// `canon_task_return`, `canon_context_get`, …). This file maps a decoded `canon` definition onto
// component/canon's implementation, resolving its immediates (types, memories, tables) in the
// instance's index spaces; the semantics (including each built-in's `may_leave` check) live there.
// 🧵② shared-everything threads (thread.spawn-ref, thread.spawn-indirect,
// thread.available-parallelism) are not implemented: calling them throws a RuntimeError.

import { RuntimeError } from '../../core/errors.js';
import { funcTypeId } from '../../core/exec/runtime/func.js';
import type { TableInstance } from '../../core/exec/runtime/table.js';
import { I64 } from '../../core/types.js';
import type { Canon } from '../binary/ast.js';
import {
  canonAsyncValueNew, canonAsyncValueOp, canonBackpressureDec, canonBackpressureInc, canonContextGet, canonContextSet,
  canonSubtaskCancel, canonSubtaskDrop, canonTaskCancel, canonTaskReturn, canonThreadIndex, canonThreadNewIndirect,
  canonThreadResumeLater, canonThreadSuspend, canonThreadSwitch, canonThreadYield, canonWaitableJoin,
  canonWaitableSetDrop, canonWaitableSetNew, canonWaitableSetPoll, canonWaitableSetWait,
} from '../canon/index.js';
import type { CanonMemory, CanonOptions, CoreCallable, CoreValue } from '../canon/options.js';
import type { CanonInfo, ResolvedCanonOptions } from '../valid/index.js';
import { coreCallable, type FuncInstance, type MemoryInstance } from './core.js';
import type { Scope } from './scope.js';

/** The core function of a built-in `canon` definition. */
export function canonBuiltin(s: Scope, c: Canon, info: CanonInfo, options: (o: ResolvedCanonOptions | undefined) => CanonOptions): CoreCallable {
  const inst = s.state;
  switch (c.kind) {
    case 'task.return':
      return canonTaskReturn(info.valType === undefined ? undefined : s.valType(info.valType), options(info.options), inst);
    case 'task.cancel': return canonTaskCancel(inst);
    case 'context.get': return canonContextGet(c.type === I64 ? 'i64' : 'i32', c.index, inst);
    case 'context.set': return canonContextSet(c.type === I64 ? 'i64' : 'i32', c.index, inst);
    case 'backpressure.inc': return canonBackpressureInc(inst);
    case 'backpressure.dec': return canonBackpressureDec(inst);
    case 'waitable-set.new': return canonWaitableSetNew(inst);
    case 'waitable-set.wait': return canonWaitableSetWait(c.cancellable, memoryAt(s, c.memory), inst);
    case 'waitable-set.poll': return canonWaitableSetPoll(c.cancellable, memoryAt(s, c.memory), inst);
    case 'waitable-set.drop': return canonWaitableSetDrop(inst);
    case 'waitable.join': return canonWaitableJoin(inst);
    case 'subtask.cancel': return canonSubtaskCancel(c.async, inst);
    case 'subtask.drop': return canonSubtaskDrop(inst);
    case 'thread.index': return canonThreadIndex(inst);
    case 'thread.new-indirect': {
      const closureType = info.core?.params[1];
      return canonThreadNewIndirect(startFunction(s.coreTables[c.table]!.value as TableInstance, closureType), inst);
    }
    case 'thread.resume-later': return canonThreadResumeLater(inst);
    case 'thread.suspend': return canonThreadSuspend(c.cancellable, inst);
    case 'thread.yield': return canonThreadYield(c.cancellable, inst);
    case 'thread.suspend-then-resume': case 'thread.yield-then-resume':
    case 'thread.suspend-then-promote': case 'thread.yield-then-promote':
      return canonThreadSwitch(c.kind.slice('thread.'.length) as Parameters<typeof canonThreadSwitch>[0], c.cancellable, inst);
    case 'stream.new': case 'future.new': case 'error-context.new':
      return canonAsyncValueNew(c.kind, inst);
    case 'stream.read': case 'stream.cancel-read': case 'stream.drop-readable':
      return canonAsyncValueOp('the readable end of a stream', 0, inst);
    case 'stream.write': case 'stream.cancel-write': case 'stream.drop-writable':
      return canonAsyncValueOp('the writable end of a stream', 0, inst);
    case 'future.read': case 'future.cancel-read': case 'future.drop-readable':
      return canonAsyncValueOp('the readable end of a future', 0, inst);
    case 'future.write': case 'future.cancel-write': case 'future.drop-writable':
      return canonAsyncValueOp('the writable end of a future', 0, inst);
    case 'error-context.debug-message': case 'error-context.drop':
      return canonAsyncValueOp('an error context', 0, inst);
    default:
      return () => {
        inst.checkMayLeave();
        throw new RuntimeError(`canon ${c.kind} is not supported yet`);
      };
  }
}

/** The core memory at `index` as canon sees it. */
function memoryAt(s: Scope, index: number): CanonMemory {
  const mem = s.coreMemories[index]!.value as MemoryInstance;
  return { bytes: () => mem.u8, view: () => mem.dv, addressType: mem.type.limits.is64 ? 'i64' : 'i32', identity: mem };
}

/**
 * thread.new-indirect's start function `fi` of `table` (definitions.py `ftbl.get(fi)` and
 * `trap_if(f.t != ft)`, with `ft` = `(func (param closureType))`).
 */
function startFunction(table: TableInstance, closureType: number | undefined): (fi: CoreValue) => CoreCallable {
  const expected = closureType === undefined ? -1 : funcTypeId({ kind: 'func', params: [closureType], results: [] });
  return (fi) => {
    const i = typeof fi === 'bigint' ? Number(BigInt.asUintN(64, fi)) : fi >>> 0;
    if (i >= table.elements.length) throw new RuntimeError(`thread.new-indirect: table index ${i} is out of bounds (the table has ${table.elements.length} elements)`);
    const f = table.elements[i] as FuncInstance | null;
    if (f === null || f === undefined) throw new RuntimeError(`thread.new-indirect: uninitialized element ${i} (a null funcref)`);
    if (f.typeId !== expected) throw new RuntimeError(`thread.new-indirect: indirect call type mismatch (element ${i} is not a (func (param ${closureType === I64 ? 'i64' : 'i32'})))`);
    return coreCallable(f);
  };
}
