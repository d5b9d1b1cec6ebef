// The resource built-ins as core functions. Spec: component-model design/mvp/CanonicalABI.md
// §"canon resource.new", §"canon resource.drop", §"canon resource.rep" (definitions.py
// `canon_resource_new`, `canon_resource_drop`, `canon_resource_rep`). Handles are i32; a rep is
// an i32 (number) or, for 🐘 `(rep i64)`, an i64 (bigint).

import type { ComponentInstance } from './instance.js';
import type { CoreCallable, CoreValue } from './options.js';
import { ResourceHandle, type ResourceType } from './resource.js';
import { trap, TRAP } from './trap.js';

function handleIndex(v: CoreValue | undefined): number {
  return typeof v === 'bigint' ? Number(BigInt.asUintN(32, v)) : (v ?? 0) >>> 0;
}

function repValue(rt: ResourceType, v: CoreValue | undefined): CoreValue {
  if (rt.repType === 'i64') return BigInt.asIntN(64, typeof v === 'bigint' ? v : BigInt(v ?? 0));
  return typeof v === 'bigint' ? Number(BigInt.asIntN(32, v)) : (v ?? 0) | 0;
}

function resourceHandle(inst: ComponentInstance, i: number, rt: ResourceType): ResourceHandle {
  const h = inst.handles.get(i);
  if (!(h instanceof ResourceHandle)) trap(TRAP.notAResource(i));
  if (h.rt !== rt) {
    const found = h.rt.impl !== undefined && rt.impl !== undefined ? `a different ${h.rt.describe()}` : h.rt.describe();
    trap(TRAP.wrongResourceType(i, rt.describe(), found));
  }
  return h;
}

/** `(canon resource.new $rt)`: `(func (param rep) (result i32))`. */
export function canonResourceNew(rt: ResourceType, inst: ComponentInstance): CoreCallable {
  return (args) => {
    inst.checkMayLeave();
    const h = new ResourceHandle(rt, repValue(rt, args[0]), true);
    return [inst.handles.add(h)];
  };
}

/** `(canon resource.drop $rt)`: `(func (param i32))`; an owned handle's destructor runs. */
export function canonResourceDrop(rt: ResourceType, inst: ComponentInstance): CoreCallable {
  return (args) => {
    inst.checkMayLeave();
    const i = handleIndex(args[0]);
    const h = resourceHandle(inst, i, rt);
    if (h.numLends !== 0) trap(TRAP.lentOut(i));
    inst.handles.remove(i);
    if (h.own) rt.destroy(h.rep, inst);
    else if (h.borrowScope !== undefined) h.borrowScope.numBorrows--;
    return [];
  };
}

/** `(canon resource.rep $rt)`: `(func (param i32) (result rep))`. */
export function canonResourceRep(rt: ResourceType, inst: ComponentInstance): CoreCallable {
  return (args) => [resourceHandle(inst, handleIndex(args[0]), rt).rep];
}
