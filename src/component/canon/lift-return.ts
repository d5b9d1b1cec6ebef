// The end of a `canon lift` call whose core function returned its flat results: lift them,
// resolve the task, then run post-return with may_leave cleared. Spec: component-model
// design/mvp/CanonicalABI.md §"canon lift" (definitions.py `canon_lift`: `lift_flat_values`,
// `task.return_`, `post_return` under `inst.may_leave = False`). Shared by lift.ts and
// lift-async.ts (`async`-typed functions lifted without the `async` option).

import type { LiftLowerContext } from './context.js';
import type { ComponentInstance } from './instance.js';
import type { CoreCallable, CoreValue } from './options.js';
import type { Task } from './task.js';

export function liftReturned(cx: LiftLowerContext, task: Task, flatResults: CoreValue[], liftResults: (cx: LiftLowerContext) => unknown[],
  postReturn: CoreCallable | undefined, inst: ComponentInstance, onResolve: (results: unknown[]) => void): void {
  cx.refresh(); // the callee may have grown the memory
  cx.flat = flatResults;
  cx.fi = 0;
  const result = liftResults(cx);
  task.return_();
  onResolve(result);
  if (postReturn !== undefined) {
    inst.mayLeave = false;
    postReturn(flatResults);
    inst.mayLeave = true;
  }
}
