// The stream, future and error-context built-ins, as far as they exist yet. Spec: component-model
// design/mvp/CanonicalABI.md §"canon {stream,future}.new", §"canon stream.{read,write}", §"canon
// future.{read,write}", §"canon {stream,future}.cancel-{read,write}", §"canon
// {stream,future}.drop-{readable,writable}", §"canon error-context.new", §"canon
// error-context.debug-message", §"canon error-context.drop".
//
// Streams, futures and error contexts are not implemented: `stream.new`, `future.new` and
// `error-context.new` throw a RuntimeError saying so. No handle table can therefore hold a stream
// or future end or an error context, so every other built-in of this family traps exactly where
// definitions.py does for such a table: after the `may_leave` check, on the handle that is not of
// the expected kind.

import { RuntimeError } from '../../core/errors.js';
import type { ComponentInstance } from './instance.js';
import type { CoreCallable, CoreValue } from './options.js';
import { currentThreadIn } from './task.js';
import { trap, TRAP } from './trap.js';

/** The built-ins that create a stream, future or error context. */
export type AsyncValueNew = 'stream.new' | 'future.new' | 'error-context.new';

/** `(canon stream.new $t)`, `(canon future.new $t)`, `(canon error-context.new $opts)`. */
export function canonAsyncValueNew(kind: AsyncValueNew, inst: ComponentInstance): CoreCallable {
  return () => {
    currentThreadIn(inst);
    inst.checkMayLeave();
    throw new RuntimeError(`canon ${kind} is not supported yet (streams, futures and error contexts are not implemented)`);
  };
}

/**
 * A built-in whose first handle argument (at `argIndex`) must be `what` (e.g. "the readable end of
 * a stream"): the read/write/cancel/drop built-ins of streams and futures, error-context.drop
 * and error-context.debug-message.
 */
export function canonAsyncValueOp(what: string, argIndex: number, inst: ComponentInstance): CoreCallable {
  return (args) => {
    currentThreadIn(inst);
    inst.checkMayLeave();
    const v: CoreValue = args[argIndex] ?? 0;
    const i = typeof v === 'bigint' ? Number(BigInt.asUintN(32, v)) : v >>> 0;
    inst.handles.get(i);
    trap(TRAP.notA(i, what));
  };
}
