// Instantiating a compiled component with the embedder's options (component/api.ts
// InstantiateOptions): limits shared by all of its core instances (core/exec/limits.ts) and the
// async mode, in which exported functions return promises and host imports may return promises
// that suspend the guest (core/exec/suspend.ts; canon/lift.ts liftedFunctionAsync,
// canon/lower.ts). Spec for the instantiation itself: component-model design/mvp/Explainer.md
// §"Instance Definitions"; for what a trap leaves behind, CanonicalABI.md §"canon lift"
// (a trapped instance stays entered and cannot be entered again).

import { ExecLimits, registerLimits } from '../../core/exec/limits.js';
import type { ComponentInstance, InstantiateOptions } from '../api.js';
import type { ValidatedComponent } from '../valid/index.js';
import { exportsObject } from './exports.js';
import { hostResolver } from './host.js';
import { instantiateComponent } from './instantiate.js';

export function instantiateWith(vc: ValidatedComponent, imports: Record<string, unknown>, options: InstantiateOptions | undefined): ComponentInstance {
  if (options !== undefined && (typeof options !== 'object' || options === null)) throw new TypeError('instantiate: the options must be an object');
  const limits = ExecLimits.of(options?.limits, 'instantiate');
  const asyncMode = options?.async === true;
  const scope = instantiateComponent({ vc, outer: undefined }, hostResolver(imports), undefined, { limits });
  const exports = exportsObject(scope.exports, asyncMode);
  const instance: ComponentInstance = { exports, exportTypes: vc.exports };
  registerLimits([instance, exports], limits);
  return instance;
}
