// Canonical built-ins other than lift/lower and resource.new/drop/rep: the task, context,
// backpressure, subtask, waitable, stream/future, error-context and thread built-ins.
// Spec: component-model design/mvp/CanonicalABI.md §"Canonical Built-ins" (definitions.py
// `canon_task_return`, `canon_context_get`, …). Every built-in first checks `may_leave`.

import { RuntimeError } from '../../core/errors.js';
import type { Canon } from '../binary/ast.js';
import type { CanonOptions, CoreCallable } from '../canon/options.js';
import type { CanonInfo, ResolvedCanonOptions } from '../valid/index.js';
import type { Scope } from './scope.js';

/** The core function of a built-in `canon` definition. */
export function canonBuiltin(s: Scope, c: Canon, _info: CanonInfo, _options: (o: ResolvedCanonOptions | undefined) => CanonOptions): CoreCallable {
  return () => {
    s.state.checkMayLeave();
    throw new RuntimeError(`canon ${c.kind} is not supported yet`);
  };
}
