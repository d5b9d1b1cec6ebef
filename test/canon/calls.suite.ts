// canon lift / canon lower: spilling of parameters and results, post-return, result<T, E> in
// jco's conventions on both sides, reentrance and may_leave traps, poisoning after a trap,
// and component-to-component calls through a lifted function (caller-relative reentrance,
// string source encodings, the order of lowering and post-return).

import { describe, expect, it } from 'vitest';
import { RuntimeError } from '../../src/core/errors.js';
import { ComponentError } from '../../src/component/errors.js';
import {
  canonLift, canonLower, canonResourceNew, ComponentInstance, ResourceType, funcInstOf,
} from '../../src/component/canon/index.js';
import type { CanonOptions, CoreCallable, CoreValue, StringEncoding } from '../../src/component/canon/options.js';
import type { FuncType, ValType } from '../../src/component/types.js';
import type { ResourceType as RT } from '../../src/component/canon/resource.js';
import { bumpRealloc, FakeMemory } from './fake.js';

type V = ValType<RT>;
const p = (kind: string): V => ({ kind } as V);
const fn = (params: V[], result?: V): FuncType<RT> => ({ params: params.map((type, i) => ({ name: `p${i}`, type })), result });

interface Side {
  mem: FakeMemory;
  opts: CanonOptions;
  inst: ComponentInstance;
  log: string[];
  calls: { old: number; oldSize: number; align: number; newSize: number; result: number }[];
}

function side(encoding: StringEncoding = 'utf8', parent?: ComponentInstance, name = 'x', log: string[] = []): Side {
  const mem = new FakeMemory(65536);
  const bump = bumpRealloc(mem, 1024);
  const realloc: CoreCallable = (args) => {
    log.push(`${name}.realloc(${args.join(', ')})`);
    return bump.realloc(args);
  };
  return { mem, opts: { memory: mem, realloc, stringEncoding: encoding }, inst: new ComponentInstance(parent, name), log, calls: bump.calls };
}

function trapOf(f: () => unknown): RuntimeError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(RuntimeError);
    return e as RuntimeError;
  }
  throw new Error('expected a trap');
}

describe('canon lift', () => {
  it('lowers the arguments into flat values and lifts the single flat result', () => {
    const s = side();
    let seen: CoreValue[] = [];
    const f = canonLift(fn([p('u8'), p('s64'), p('f32'), p('string')], p('u32')), s.opts, (args) => {
      seen = args;
      return [-1];
    }, s.inst);
    expect(f(300, 5, 1.1, 'hé')).toBe(4294967295);
    // the host string 'hé' → utf8: one allocation of its exact UTF-8 length (3) → 1024
    expect(seen).toEqual([44, 5n, Math.fround(1.1), 1024, 3]);
    expect(new TextDecoder().decode(s.mem.bytes().subarray(1024, 1027))).toBe('hé');
  });

  it('more than 16 flat parameters travel in memory allocated with realloc', () => {
    const s = side();
    const params = Array.from({ length: 17 }, () => p('u32'));
    let seen: CoreValue[] = [];
    const f = canonLift(fn(params), s.opts, (args) => {
      seen = args;
      return [];
    }, s.inst);
    expect(f(...Array.from({ length: 17 }, (_, i) => i + 1))).toBe(undefined);
    expect(s.calls).toEqual([{ old: 0, oldSize: 0, align: 4, newSize: 68, result: 1024 }]);
    expect(seen).toEqual([1024]);
    expect(Array.from({ length: 17 }, (_, i) => s.mem.view().getUint32(1024 + 4 * i, true))).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
  });

  it('more than one flat result comes back through a pointer, checked for alignment and bounds', () => {
    const s = side();
    const t = fn([], { kind: 'tuple', types: [p('u8'), p('u64')] });
    s.mem.view().setUint8(64, 7);
    s.mem.view().setBigUint64(72, 9n, true);
    expect(canonLift(t, s.opts, () => [64], s.inst)()).toEqual([7, 9n]);
    expect(trapOf(() => canonLift(t, s.opts, () => [68], side().inst)()).message).toContain('unaligned pointer');
    expect(trapOf(() => canonLift(t, s.opts, () => [65528], side().inst)()).message).toContain('out of bounds');
  });

  it('post-return gets the flat results after they are lifted; imports and built-ins trap in it', () => {
    const order: string[] = [];
    const returnsHi = (sd: Side) => () => {
      order.push('callee');
      sd.mem.view().setUint32(16, 32, true);
      sd.mem.view().setUint32(20, 2, true);
      sd.mem.bytes().set([104, 105], 32);
      return [16];
    };
    // a well-behaved post-return
    const s1 = side();
    const f1 = canonLift(fn([], p('string')), { ...s1.opts, postReturn: (args) => { order.push(`post-return(${args.join(', ')})`); return []; } }, returnsHi(s1), s1.inst);
    expect(f1()).toBe('hi');
    expect(order).toEqual(['callee', 'post-return(16)']);
    // a lowered import called from post-return
    const s2 = side();
    const imp = canonLower(fn([]), s2.opts, () => { order.push('host'); }, s2.inst);
    const f2 = canonLift(fn([], p('string')), { ...s2.opts, postReturn: () => imp([]) }, returnsHi(s2), s2.inst);
    expect(trapOf(() => f2()).message).toContain('cannot leave component instance');
    expect(order).not.toContain('host');
    // resource.new called from post-return
    const s3 = side();
    const resourceNew = canonResourceNew(new ResourceType('r', s3.inst), s3.inst);
    const f3 = canonLift(fn([], p('string')), { ...s3.opts, postReturn: () => resourceNew([1]) }, returnsHi(s3), s3.inst);
    expect(trapOf(() => f3()).message).toContain('cannot leave component instance');
    // the trap poisoned the instance
    expect(trapOf(() => f3()).message).toContain('cannot enter component instance');
  });

  it('results are read from the memory as it is after the callee ran (it may have grown)', () => {
    const s = side();
    const f = canonLift(fn([p('string')], p('string')), s.opts, () => {
      s.mem.grow(2 * 65536); // a new buffer, as memory.grow makes
      s.mem.view().setUint32(70000, 70016, true);
      s.mem.view().setUint32(70004, 2, true);
      s.mem.bytes().set([111, 107], 70016);
      return [70000];
    }, s.inst);
    expect(f('x')).toBe('ok');
    const host = canonLower(fn([], p('string')), s.opts, () => {
      s.mem.grow(4 * 65536);
      return 'yo';
    }, s.inst);
    host([200000]);
    expect(s.mem.view().getUint32(200004, true)).toBe(2);
  });

  it('a result<T, E> result returns T or throws ComponentError(E); a nested one is a value', () => {
    const s = side();
    // result<u32, string>: u8 discriminant at 0, payload at 4; 3 flat values, so a return pointer
    const f = canonLift(fn([p('bool')], { kind: 'result', ok: p('u32'), err: p('string') }), s.opts, (args) => {
      const v = s.mem.view();
      if (args[0] === 1) {
        v.setUint8(64, 0);
        v.setUint32(68, 5, true);
      } else {
        v.setUint8(64, 1);
        v.setUint32(68, 100, true);
        v.setUint32(72, 3, true);
        s.mem.bytes().set([98, 97, 100], 100);
      }
      return [64];
    }, s.inst);
    expect(f(true)).toBe(5);
    let err: unknown;
    try {
      f(false);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ComponentError);
    expect((err as ComponentError).payload).toBe('bad');
    const unit = canonLift(fn([p('bool')], { kind: 'result' }), s.opts, (args) => [args[0] === 1 ? 0 : 1], s.inst);
    expect(unit(true)).toBe(undefined);
    expect(() => unit(false)).toThrow(ComponentError);
    const nested = canonLift(fn([], { kind: 'tuple', types: [{ kind: 'result' }] }), s.opts, () => [1], s.inst);
    expect(nested()).toStrictEqual([{ tag: 'err', val: undefined }]);
    const param = canonLift(fn([{ kind: 'result', ok: p('u8') }], p('u8')), s.opts, (args) => [Number(args[0]) * 10 + Number(args[1])], s.inst);
    expect(param({ tag: 'ok', val: 3 })).toBe(3);
    expect(param({ tag: 'err' })).toBe(10);
    expect(() => param(3)).toThrow(TypeError);
  });

  it('a trap leaves the instance unenterable; a host error does not', () => {
    const s = side();
    let mode = 'ok';
    const f = canonLift(fn([], p('u32')), s.opts, () => {
      if (mode === 'trap') throw new RuntimeError('unreachable');
      if (mode === 'host') throw new TypeError('from the host');
      return [1];
    }, s.inst);
    mode = 'host';
    expect(() => f()).toThrow(TypeError);
    mode = 'ok';
    expect(f()).toBe(1);
    mode = 'trap';
    expect(trapOf(() => f()).message).toBe('unreachable');
    mode = 'ok';
    expect(trapOf(() => f()).message).toContain('cannot enter component instance');
  });

  it('a wrong argument is a TypeError and leaves the instance usable', () => {
    const s = side();
    const f = canonLift(fn([p('string')], p('u32')), s.opts, () => [3], s.inst);
    expect(() => f(5)).toThrow(TypeError);
    expect(f('x')).toBe(3);
  });

  it('reentering an instance from its own import traps', () => {
    const s = side();
    let f: (...a: unknown[]) => unknown = () => 0;
    const imp = canonLower(fn([], p('u32')), s.opts, () => f(), s.inst);
    const inner = canonLift(fn([], p('u32')), s.opts, () => [7], s.inst);
    f = inner;
    const outer = canonLift(fn([], p('u32')), s.opts, () => imp([]), s.inst);
    expect(trapOf(() => outer()).message).toContain('cannot enter component instance');
  });
});

describe('canon lower (host callee)', () => {
  it('lifts flat arguments for the host and lowers its result', () => {
    const s = side();
    s.mem.bytes().set([104, 105], 16);
    let got: unknown[] = [];
    const core = canonLower(fn([p('string'), p('s8'), { kind: 'option', type: p('u8') }], p('s64')), s.opts, (...args) => {
      got = args;
      return -3;
    }, s.inst);
    expect(core([16, 2, 255, 1, 9])).toEqual([-3n]);
    expect(got).toEqual(['hi', -1, 9]);
  });

  it('spilled results are stored at the caller-supplied pointer, which is checked', () => {
    const s = side();
    const core = canonLower(fn([], p('string')), s.opts, () => 'hé', s.inst);
    expect(core([64])).toEqual([]);
    expect([s.mem.view().getUint32(64, true), s.mem.view().getUint32(68, true)]).toEqual([1024, 3]);
    expect(trapOf(() => core([66])).message).toContain('unaligned pointer');
    expect(trapOf(() => core([65532])).message).toContain('out of bounds');
  });

  it('more than 16 flat parameters are read from memory', () => {
    const s = side();
    for (let i = 0; i < 17; i++) s.mem.view().setUint32(128 + 4 * i, i * 3, true);
    let got: unknown[] = [];
    const core = canonLower(fn(Array.from({ length: 17 }, () => p('u32'))), s.opts, (...a) => { got = a; }, s.inst);
    core([128]);
    expect(got).toEqual(Array.from({ length: 17 }, (_, i) => i * 3));
    expect(trapOf(() => core([130])).message).toContain('unaligned pointer');
  });

  it('a host function for result<T, E>: jco conventions', () => {
    const s = side();
    // result<u32, u32>: discriminant byte at 64, payload at 68
    const core = (host: () => unknown) => canonLower(fn([], { kind: 'result', ok: p('u32'), err: p('u32') }), s.opts, host, s.inst);
    const run = (host: () => unknown): [number, number] => {
      core(host)([64]);
      return [s.mem.view().getUint8(64), s.mem.view().getUint32(68, true)];
    };
    expect(run(() => 5)).toEqual([0, 5]);
    expect(run(() => ({ tag: 'ok', val: 6 }))).toEqual([0, 6]);
    expect(run(() => ({ tag: 'err', val: 7 }))).toEqual([1, 7]);
    expect(run(() => { throw new ComponentError(8); })).toEqual([1, 8]);
    expect(run(() => { throw Object.assign(new Error('x'), { payload: 9 }); })).toEqual([1, 9]);
    expect(run(() => { throw 10; })).toEqual([1, 10]);
    expect(() => run(() => { throw new RangeError('boom'); })).toThrow(RangeError);
    const unit = canonLower(fn([], { kind: 'result' }), s.opts, () => { throw new ComponentError(undefined); }, s.inst);
    expect(unit([])).toEqual([1]);
  });

  it('a host function returning a promise is an error', () => {
    const s = side();
    expect(() => canonLower(fn([], p('u32')), s.opts, () => Promise.resolve(1), s.inst)([])).toThrow(/cannot block/);
  });

  it('traps while the instance may not leave', () => {
    const s = side();
    s.inst.mayLeave = false;
    expect(trapOf(() => canonLower(fn([]), s.opts, () => undefined, s.inst)([])).message).toContain('cannot leave component instance');
  });
});

describe('component-to-component calls through a lifted function', () => {
  function pair(callerEnc: StringEncoding, calleeEnc: StringEncoding) {
    const log: string[] = [];
    const parent = new ComponentInstance(undefined, 'P');
    const a = side(callerEnc, parent, 'A', log);
    const b = side(calleeEnc, parent, 'B', log);
    return { parent, a, b, log };
  }

  it('the caller instance counts: siblings under an entered parent may call each other, the host in between may not', () => {
    const { a, b } = pair('utf8', 'utf8');
    const callee = canonLift(fn([], p('u32')), b.opts, () => [42], b.inst);
    expect(funcInstOf(callee)).toBeDefined();
    const direct = canonLower(fn([], p('u32')), a.opts, callee, a.inst);
    const viaHost = canonLower(fn([], p('u32')), a.opts, (...args: unknown[]) => callee(...args), a.inst);
    const run1 = canonLift(fn([], p('u32')), a.opts, () => direct([]), a.inst);
    expect(run1()).toBe(42);
    const run2 = canonLift(fn([], p('u32')), a.opts, () => viaHost([]), a.inst);
    expect(trapOf(() => run2()).message).toContain('cannot enter component instance');
  });

  it('strings keep their source encoding: utf8 → utf16 allocates 2×utf8 bytes and shrinks (a host string would be copied)', () => {
    const { a, b, log } = pair('utf8', 'utf16');
    let received: [number, number] = [0, 0];
    const callee = canonLift(fn([p('string')]), b.opts, (args) => { received = [Number(args[0]), Number(args[1])]; return []; }, b.inst);
    const core = canonLower(fn([p('string')]), a.opts, callee, a.inst);
    new TextEncoder().encodeInto('héllo', a.mem.bytes().subarray(16));
    core([16, 6]);
    expect(log).toEqual(['B.realloc(0, 0, 2, 12)', 'B.realloc(1024, 12, 2, 10)']);
    expect(received).toEqual([1036, 5]);
    expect(new TextDecoder('utf-16le').decode(b.mem.bytes().subarray(1036, 1046))).toBe('héllo');
    log.length = 0;
    callee('héllo');
    expect(log).toEqual(['B.realloc(0, 0, 2, 10)']);
  });

  it('latin1+utf16 → utf8 and back, through parameters and results', () => {
    const { a, b, log } = pair('latin1+utf16', 'utf8');
    const callee = canonLift(fn([p('string')], p('string')), b.opts, (args) => {
      const [ptr, len] = [Number(args[0]), Number(args[1])];
      const s = new TextDecoder().decode(b.mem.bytes().subarray(ptr, ptr + len));
      expect(s).toBe('héllo');
      b.mem.view().setUint32(8, 200, true);
      b.mem.view().setUint32(12, 3, true);
      b.mem.bytes().set([0xe2, 0x98, 0x83], 200);
      return [8];
    }, b.inst);
    const core = canonLower(fn([p('string')], p('string')), a.opts, callee, a.inst);
    a.mem.bytes().set([104, 0xe9, 108, 108, 111], 16);
    core([16, 5, 64]);
    // B: latin1 → utf8 (allocate 5, grow to 10 at 'é', shrink to 6); A: utf8 → latin1+utf16 with
    // 3 source bytes (allocate 3, inflate to 6 at '☃', shrink to 2)
    expect(log).toEqual([
      'B.realloc(0, 0, 1, 5)', 'B.realloc(1024, 5, 1, 10)', 'B.realloc(1029, 10, 1, 6)',
      'A.realloc(0, 0, 2, 3)', 'A.realloc(1024, 3, 2, 6)', 'A.realloc(1028, 6, 2, 2)',
    ]);
    expect([a.mem.view().getUint32(64, true), a.mem.view().getUint32(68, true) >>> 0]).toEqual([1034, (1 | 0x80000000) >>> 0]);
  });

  it('maps keep duplicate keys between components, and strings after them keep their lengths', () => {
    const { a, b } = pair('utf8', 'utf8');
    const m: ValType<RT> = { kind: 'map', key: p('string'), value: p('u8') };
    let entries: string[] = [];
    const callee = canonLift(fn([m], p('string')), b.opts, (args) => {
      const [ptr, n] = [Number(args[0]), Number(args[1])];
      entries = [];
      for (let i = 0; i < n; i++) {
        const e = ptr + 12 * i;
        const [sp, sl] = [b.mem.view().getUint32(e, true), b.mem.view().getUint32(e + 4, true)];
        entries.push(`${new TextDecoder().decode(b.mem.bytes().subarray(sp, sp + sl))}${b.mem.bytes()[e + 8]}`);
      }
      new TextEncoder().encodeInto('result', b.mem.bytes().subarray(300));
      b.mem.view().setUint32(8, 300, true);
      b.mem.view().setUint32(12, 6, true);
      return [8];
    }, b.inst);
    // A's memory: a list of 3 (string, u8) pairs at 64, the key "k" twice
    const v = a.mem.view();
    a.mem.bytes().set([107, 122], 200);
    [[200, 1, 1], [201, 1, 2], [200, 1, 3]].forEach(([sp, sl, x], i) => {
      v.setUint32(64 + 12 * i, sp!, true);
      v.setUint32(68 + 12 * i, sl!, true);
      v.setUint8(72 + 12 * i, x!);
    });
    canonLower(fn([m], p('string')), a.opts, callee, a.inst)([64, 3, 32]);
    expect(entries).toEqual(['k1', 'z2', 'k3']);
    const [rp, rl] = [v.getUint32(32, true), v.getUint32(36, true)];
    expect(new TextDecoder().decode(a.mem.bytes().subarray(rp, rp + rl))).toBe('result');
    expect(callee(new Map([['k', 1], ['z', 2]]))).toBe('result');
    expect(entries).toEqual(['k1', 'z2']);
  });

  it("the caller lowers the results before the callee's post-return runs", () => {
    const { a, b, log } = pair('utf8', 'utf8');
    const callee = canonLift(fn([], p('string')), { ...b.opts, postReturn: () => { log.push('B.post-return'); return []; } }, () => {
      b.mem.view().setUint32(8, 100, true);
      b.mem.view().setUint32(12, 1, true);
      b.mem.bytes()[100] = 120;
      return [8];
    }, b.inst);
    canonLower(fn([], p('string')), a.opts, callee, a.inst)([32]);
    expect(log).toEqual(['A.realloc(0, 0, 1, 1)', 'B.post-return']);
    log.length = 0;
    expect(callee()).toBe('x');
    expect(log).toEqual(['B.post-return']);
  });

  it('result<T, E> crosses as a value (no ComponentError between components)', () => {
    const { a, b } = pair('utf8', 'utf8');
    const t = fn([], { kind: 'result', ok: p('u8'), err: p('u8') });
    const callee = canonLift(t, b.opts, () => {
      b.mem.bytes().set([1, 3], 16);
      return [16];
    }, b.inst);
    expect(canonLower(t, a.opts, callee, a.inst)([40])).toEqual([]);
    expect([a.mem.bytes()[40], a.mem.bytes()[41]]).toEqual([1, 3]);
    expect(() => callee()).toThrow(ComponentError);
  });
});
