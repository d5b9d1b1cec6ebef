// Runs canon's store/load/lower/lift closures on a fake memory, for the value tests.

import {
  ComponentInstance, LiftLowerContext, makeLiftFlat, makeLoad, makeLowerFlat, makeStore, Task,
} from '../../src/component/canon/index.js';
import type { CoreValue, StringEncoding } from '../../src/component/canon/options.js';
import type { RValType } from '../../src/component/canon/plan.js';
import { fakeOptions, FakeMemory, type ReallocCall } from './fake.js';
import type { T } from './arbitrary.js';

export interface Run {
  cx: LiftLowerContext;
  mem: FakeMemory;
  calls: ReallocCall[];
  heap(): number;
}

export function context(encoding: StringEncoding = 'utf8', size = 65536, ptrType: 'i32' | 'i64' = 'i32'): Run {
  const { opts, bump, mem } = fakeOptions(encoding, size, 1024, ptrType);
  const inst = new ComponentInstance();
  return { cx: new LiftLowerContext(opts, inst, new Task(inst)), mem, calls: bump.calls, heap: () => bump.heap };
}

export const rt = (t: T): RValType => t as RValType;

export function store(r: Run, t: T, v: unknown, ptr: number): void {
  makeStore(rt(t), r.cx.ptrType)(r.cx, v, ptr);
}

export function load(r: Run, t: T, ptr: number): unknown {
  return makeLoad(rt(t), r.cx.ptrType)(r.cx, ptr);
}

export function lower(r: Run, t: T, v: unknown): CoreValue[] {
  const out: CoreValue[] = [];
  makeLowerFlat(rt(t), r.cx.ptrType)(r.cx, v, out);
  return out;
}

export function lift(r: Run, t: T, flat: readonly CoreValue[]): unknown {
  r.cx.flat = flat;
  r.cx.fi = 0;
  return makeLiftFlat(rt(t), r.cx.ptrType)(r.cx);
}

export function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}
