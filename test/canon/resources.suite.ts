// Resources: the handle table and resource.new/rep/drop with every trap, borrow scopes (lends,
// borrows that must be dropped before returning), and the JS objects of guest- and host-defined
// resources (jco conventions: classes, Symbol.dispose, the same host object back).

import { describe, expect, it } from 'vitest';
import { RuntimeError } from '../../src/core/errors.js';
import {
  canonLift, canonLower, canonResourceDrop, canonResourceNew, canonResourceRep, ComponentInstance, ResourceType,
  symbolDispose,
} from '../../src/component/canon/index.js';
import type { CanonOptions, CoreValue } from '../../src/component/canon/options.js';
import type { FuncType, ValType } from '../../src/component/types.js';
import { FakeMemory } from './fake.js';

type V = ValType<ResourceType>;
const fn = (params: V[], result?: V): FuncType<ResourceType> => ({ params: params.map((type, i) => ({ name: `p${i}`, type })), result });
const own = (resource: ResourceType): V => ({ kind: 'own', resource });
const borrow = (resource: ResourceType): V => ({ kind: 'borrow', resource });
const u32: V = { kind: 'u32' };
const opts: CanonOptions = { memory: new FakeMemory(), stringEncoding: 'utf8' };

function trapOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(RuntimeError);
    return (e as Error).message;
  }
  throw new Error('expected a trap');
}

function defined(name = 'r') {
  const inst = new ComponentInstance(undefined, 'impl');
  const dtorCalls: CoreValue[] = [];
  const rt = new ResourceType(name, inst, (args) => { dtorCalls.push(args[0]!); return []; });
  return {
    inst, rt, dtorCalls,
    make: canonResourceNew(rt, inst), rep: canonResourceRep(rt, inst), drop: canonResourceDrop(rt, inst),
  };
}

describe('resources: handle table and built-ins', () => {
  it('resource.new numbers handles from 1, reuses freed ones last-in first-out; rep reads them', () => {
    const r = defined();
    expect(r.make([10])).toEqual([1]);
    expect(r.make([20])).toEqual([2]);
    expect(r.make([30])).toEqual([3]);
    expect(r.rep([2])).toEqual([20]);
    r.drop([1]);
    r.drop([3]);
    expect(r.make([40])).toEqual([3]);
    expect(r.make([50])).toEqual([1]);
    expect(r.make([60])).toEqual([4]);
    expect(r.dtorCalls).toEqual([10, 30]);
  });

  it('traps: drop twice, use after drop, index 0, out of range, wrong type', () => {
    const r = defined();
    const other = new ResourceType('q', r.inst);
    r.make([7]);
    r.drop([1]);
    expect(trapOf(() => r.drop([1]))).toContain('unknown handle index 1');
    expect(trapOf(() => r.rep([1]))).toContain('unknown handle index 1');
    expect(trapOf(() => r.rep([0]))).toContain('unknown handle index 0');
    expect(trapOf(() => r.drop([-1]))).toContain('unknown handle index 4294967295');
    r.make([8]);
    expect(trapOf(() => canonResourceDrop(other, r.inst)([1]))).toContain(
      'handle index 1 used with the wrong type, expected guest-defined resource `q` but found a different guest-defined resource `r`');
    expect(trapOf(() => canonResourceRep(other, r.inst)([1]))).toContain('wrong type');
    expect(r.dtorCalls).toEqual([7]);
  });

  it('resource.new and resource.drop may not be called while the instance may not leave', () => {
    const r = defined();
    r.make([1]);
    r.inst.mayLeave = false;
    expect(trapOf(() => r.make([2]))).toContain('cannot leave component instance');
    expect(trapOf(() => r.drop([1]))).toContain('cannot leave component instance');
    expect(r.rep([1])).toEqual([1]);
  });

  it('(rep i64) resources keep 64-bit reps', () => {
    const inst = new ComponentInstance();
    const rt = new ResourceType('big', inst, undefined, 'i64');
    const h = canonResourceNew(rt, inst)([2n ** 40n])[0]!;
    expect(canonResourceRep(rt, inst)([h])).toEqual([2n ** 40n]);
  });

  it('a destructor runs inside its instance: dropping from an instance that is inside the implementation traps', () => {
    const impl = new ComponentInstance(undefined, 'impl');
    const user = new ComponentInstance(undefined, 'user');
    const rt = new ResourceType('r', impl, () => []);
    // user owns a handle of rt (given by a call into user), then drops it while impl is entered
    const take = canonLift(fn([own(rt)]), opts, (args) => {
      impl.mayEnter = false; // impl is on the stack (e.g. it called into user)
      try {
        canonResourceDrop(rt, user)(args);
      } finally {
        impl.mayEnter = true;
      }
      return [];
    }, user);
    const liftOut = canonLift(fn([], own(rt)), opts, () => [canonResourceNew(rt, impl)([9])[0]!], impl);
    const obj = liftOut();
    expect(trapOf(() => take(obj))).toContain('cannot enter component instance');
  });
});

describe('resources: borrows', () => {
  it('a handle lent to a call cannot be dropped or moved until the call returns', () => {
    const r = defined();
    const h = r.make([11])[0]!;
    const seen: string[] = [];
    const lower = canonLower(fn([borrow(r.rt)], u32), opts, (obj) => {
      seen.push(trapOf(() => r.drop([h])));
      expect(obj).toBeInstanceOf(Object);
      return 1;
    }, r.inst);
    expect(lower([h])).toEqual([1]);
    expect(seen[0]).toContain('cannot remove owned resource while borrowed');
    r.drop([h]);
    expect(r.dtorCalls).toEqual([11]);
  });

  it('a borrowed JS object is only valid during the call', () => {
    const r = defined();
    r.rt.jsClass = class R {};
    const h = r.make([12])[0]!;
    let kept: unknown;
    canonLower(fn([borrow(r.rt)]), opts, (obj) => { kept = obj; }, r.inst)([h]);
    expect(kept).toBeInstanceOf(r.rt.jsClass);
    const use = canonLift(fn([borrow(r.rt)], u32), opts, (args) => [Number(args[0])], r.inst);
    expect(() => use(kept)).toThrow(/Resource error: Not a valid "R" resource/);
  });

  it('a borrow lowered into another instance must be dropped before the call returns', () => {
    const r = defined();
    const callee = new ComponentInstance(undefined, 'callee');
    const out = canonLift(fn([], own(r.rt)), opts, () => [r.make([13])[0]!], r.inst);
    const obj = out();
    let drop = false;
    const f = canonLift(fn([borrow(r.rt)], u32), opts, (args) => {
      const i = Number(args[0]);
      expect(canonResourceRep(r.rt, callee)).toBeDefined();
      if (drop) canonResourceDrop(r.rt, callee)([i]);
      return [i];
    }, callee);
    drop = true;
    expect(f(obj)).toBe(1);
    drop = false;
    const other = new ComponentInstance(undefined, 'other');
    const g = canonLift(fn([borrow(r.rt)], u32), opts, (args) => [Number(args[0])], other);
    expect(trapOf(() => g(obj))).toContain('borrow handles still remain at the end of the call');
    expect(r.dtorCalls).toEqual([]);
  });

  it('a borrow lowered into the implementing instance is the rep itself', () => {
    const r = defined();
    const obj = canonLift(fn([], own(r.rt)), opts, () => [r.make([77])[0]!], r.inst)();
    const get = canonLift(fn([borrow(r.rt)], u32), opts, (args) => [args[0]!], r.inst);
    expect(get(obj)).toBe(77);
    expect(get(obj)).toBe(77);
  });

  it('lifting an own handle that is only a borrow traps', () => {
    const r = defined();
    const callee = new ComponentInstance(undefined, 'callee');
    const obj = canonLift(fn([], own(r.rt)), opts, () => [r.make([5])[0]!], r.inst)();
    const giveBack = canonLower(fn([own(r.rt)]), opts, () => undefined, callee);
    const f = canonLift(fn([borrow(r.rt)]), opts, (args) => giveBack([args[0]!]), callee);
    expect(trapOf(() => f(obj))).toContain('is a borrow, not an own handle');
  });
});

describe('resources: JS objects of guest-defined resources', () => {
  it('own<R> lifts to an instance of the class; Symbol.dispose runs the destructor once', () => {
    const r = defined('output-stream');
    class OutputStream {}
    r.rt.jsClass = OutputStream;
    const make = canonLift(fn([u32], own(r.rt)), opts, (args) => r.make(args), r.inst);
    const a = make(100) as Record<symbol, () => void>;
    expect(a).toBeInstanceOf(OutputStream);
    expect(r.inst.handles.peek(1)).toBe(undefined); // ownership moved to JS
    a[symbolDispose]!();
    a[symbolDispose]!();
    expect(r.dtorCalls).toEqual([100]);
  });

  it('without a class, objects still get a named class; passing own<R> back consumes the object', () => {
    const r = defined('output-stream');
    const make = canonLift(fn([u32], own(r.rt)), opts, (args) => r.make(args), r.inst);
    const take = canonLift(fn([own(r.rt)], u32), opts, (args) => r.rep(args), r.inst);
    const a = make(5) as object;
    expect(a.constructor.name).toBe('OutputStream');
    expect(take(a)).toBe(5);
    expect(() => take(a)).toThrow(TypeError);
    expect(() => take(a)).toThrow(/Resource error: Not a valid "OutputStream" resource/);
    (a as Record<symbol, () => void>)[symbolDispose]!();
    expect(r.dtorCalls).toEqual([]);
    expect(() => take({})).toThrow(TypeError);
    const other = defined('other');
    expect(() => take(canonLift(fn([], own(other.rt)), opts, () => other.make([1]), other.inst)())).toThrow(TypeError);
  });

  it('disposing while the implementation is running traps (reentrance)', () => {
    const r = defined();
    const obj = canonLift(fn([], own(r.rt)), opts, () => r.make([1]), r.inst)() as Record<symbol, () => void>;
    const imp = canonLower(fn([]), opts, () => obj[symbolDispose]!(), r.inst);
    const run = canonLift(fn([]), opts, () => imp([]), r.inst);
    expect(trapOf(() => run())).toContain('cannot enter component instance');
  });
});

describe('resources: host-defined resources', () => {
  function host() {
    const inst = new ComponentInstance(undefined, 'guest');
    const rt = new ResourceType('h', undefined);
    class H {
      disposed = 0;
      constructor(readonly n: number) {}
      [symbolDispose](): void { this.disposed++; }
    }
    rt.jsClass = H;
    return { inst, rt, H };
  }

  it('a host object lowered as own comes back as the same object', () => {
    const { inst, rt, H } = host();
    const obj = new H(1);
    const make = canonLower(fn([], own(rt)), opts, () => obj, inst);
    const take = canonLower(fn([own(rt)], u32), opts, (o) => (o as InstanceType<typeof H>).n, inst);
    let seen: unknown;
    const look = canonLower(fn([borrow(rt)]), opts, (o) => { seen = o; }, inst);
    const [h] = make([]);
    look([h!]);
    expect(seen).toBe(obj);
    expect(take([h!])).toEqual([1]);
    expect(trapOf(() => take([h!]))).toContain('unknown handle index');
  });

  it("the guest dropping an owned handle calls the object's Symbol.dispose", () => {
    const { inst, rt, H } = host();
    const obj = new H(2);
    const [h] = canonLower(fn([], own(rt)), opts, () => obj, inst)([]);
    canonResourceDrop(rt, inst)([h!]);
    expect(obj.disposed).toBe(1);
  });

  it('lowering something that is not an instance of the class is a TypeError', () => {
    const { inst, rt } = host();
    expect(() => canonLower(fn([], own(rt)), opts, () => ({}), inst)([])).toThrow(/Resource error: Not a valid "H" resource/);
    expect(() => canonLower(fn([], own(rt)), opts, () => 5, inst)([])).toThrow(TypeError);
  });

  it('a host object passed to an export as borrow is a borrowed handle to be dropped before returning', () => {
    const { inst, rt, H } = host();
    const obj = new H(3);
    let seen: unknown;
    const look = canonLower(fn([borrow(rt)]), opts, (o) => { seen = o; }, inst);
    const f = canonLift(fn([borrow(rt)]), opts, (args) => {
      look([args[0]!]);
      canonResourceDrop(rt, inst)([args[0]!]);
      return [];
    }, inst);
    f(obj);
    expect(seen).toBe(obj);
    expect(obj.disposed).toBe(0);
    const g = canonLift(fn([borrow(rt)]), opts, () => [], inst);
    expect(trapOf(() => g(obj))).toContain('borrow handles still remain');
  });
});
