// Values: round trips of random types and values through store/load and lower/lift (JS values
// in jco's shapes), specific representation rules, guest-side traps and host-value TypeErrors.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StringEncoding } from '../../src/component/canon/options.js';
import { alignment } from '../../src/component/canon/index.js';
import { describeValue } from '../../src/component/canon/coerce.js';
import { arbTypedValue, type T } from './arbitrary.js';
import { context, lift, load, lower, rt, store } from './harness.js';
import { bumpRealloc, FakeMemory } from './fake.js';
import { ComponentInstance, LiftLowerContext, Task, makeStore, makeLowerFlat } from '../../src/component/canon/index.js';

const ENCODINGS: StringEncoding[] = ['utf8', 'utf16', 'latin1+utf16'];
const p = (kind: string): T => ({ kind } as T);

function trapMessage(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect((e as Error).name).toBe('RuntimeError');
    return (e as Error).message;
  }
  throw new Error('expected a trap');
}

describe('values: round trips', () => {
  for (const ptrType of ['i32', 'i64'] as const) {
    for (const enc of ENCODINGS) {
      it(`store then load returns the value (${enc}, ${ptrType} memory)`, () => {
        fc.assert(fc.property(arbTypedValue({ bigFlags: true, fixedLists: true, maps: true }, 3), ({ t, v }) => {
          const r = context(enc, 65536, ptrType);
          const ptr = 64 * alignment(rt(t), ptrType);
          store(r, t, v, ptr);
          expect(load(r, t, ptr)).toStrictEqual(v);
        }), { numRuns: 300, seed: 21 });
      });
      it(`lower_flat then lift_flat returns the value (${enc}, ${ptrType} memory)`, () => {
        fc.assert(fc.property(arbTypedValue({ bigFlags: true, fixedLists: true, maps: true }, 3), ({ t, v }) => {
          const r = context(enc, 65536, ptrType);
          expect(lift(r, t, lower(r, t, v))).toStrictEqual(v);
        }), { numRuns: 300, seed: 22 });
      });
    }
  }
});

describe('values: JS representation (jco conventions)', () => {
  it('records use lowerCamelCase keys in field order', () => {
    const t: T = { kind: 'record', fields: [{ label: 'http-URL-v2', type: p('u8') }, { label: 'x-y-z', type: p('bool') }, { label: 'ab-c2-d', type: p('u8') }] };
    const r = context();
    const v = lift(r, t, [1, 1, 2]);
    expect(v).toStrictEqual({ httpUrlV2: 1, xYZ: true, abC2D: 2 });
    expect(Object.keys(v as object)).toEqual(['httpUrlV2', 'xYZ', 'abC2D']);
  });

  it('variants are { tag, val }, payload-less cases just { tag }; enums are the labels', () => {
    const t: T = { kind: 'variant', cases: [{ label: 'no-pay' }, { label: 'with-pay', type: p('u32') }] };
    const r = context();
    expect(lift(r, t, [0, 0])).toStrictEqual({ tag: 'no-pay' });
    expect(lift(r, t, [1, 7])).toStrictEqual({ tag: 'with-pay', val: 7 });
    expect(lift(r, { kind: 'enum', labels: ['a-b', 'c'] }, [0])).toBe('a-b');
  });

  it('option<T> is T | undefined; option<option<T>> is tagged outside; the rule alternates', () => {
    const o1: T = { kind: 'option', type: p('u8') };
    const o2: T = { kind: 'option', type: o1 };
    const o3: T = { kind: 'option', type: o2 };
    const r = context();
    expect(lift(r, o1, [0, 0])).toBe(undefined);
    expect(lift(r, o1, [1, 5])).toBe(5);
    expect(lift(r, o2, [0, 0, 0])).toStrictEqual({ tag: 'none' });
    expect(lift(r, o2, [1, 0, 0])).toStrictEqual({ tag: 'some', val: undefined });
    expect(lift(r, o2, [1, 1, 9])).toStrictEqual({ tag: 'some', val: 9 });
    expect(lift(r, o3, [0, 0, 0, 0])).toBe(undefined);
    expect(lift(r, o3, [1, 0, 0, 0])).toStrictEqual({ tag: 'none' });
    expect(lift(r, o3, [1, 1, 1, 4])).toStrictEqual({ tag: 'some', val: 4 });
    expect(lower(r, o1, null)).toEqual([0, 0]);
  });

  it('results are { tag: ok | err, val } with val present even without a payload', () => {
    const r = context();
    const v = lift(r, { kind: 'result' }, [1]);
    expect(v).toStrictEqual({ tag: 'err', val: undefined });
    expect(Object.keys(v as object)).toEqual(['tag', 'val']);
  });

  it('numeric lists are typed arrays; others arrays; typed arrays of the same element size are copied bitwise', () => {
    const r = context();
    const u32s: T = { kind: 'list', elem: p('u32') };
    expect(lift(r, u32s, lower(r, u32s, new Int32Array([-1, 2])))).toStrictEqual(new Uint32Array([0xffffffff, 2]));
    expect(lift(r, u32s, lower(r, u32s, new Float32Array([1])))).toStrictEqual(new Uint32Array([0x3f800000]));
    const bytes: T = { kind: 'list', elem: p('u8') };
    expect(lift(r, bytes, lower(r, bytes, new DataView(new Uint8Array([9, 8]).buffer)))).toStrictEqual(new Uint8Array([9, 8]));
    expect(lift(r, bytes, lower(r, bytes, new Uint16Array([0x0201])))).toStrictEqual(new Uint8Array([1, 2]));
    expect(lift(r, bytes, lower(r, bytes, new Uint8Array([3]).buffer))).toStrictEqual(new Uint8Array([3]));
    expect(lift(r, { kind: 'list', elem: p('bool') }, lower(r, { kind: 'list', elem: p('bool') }, [true, 0]))).toStrictEqual([true, false]);
    expect(lift(r, { kind: 'list', elem: p('u8'), length: 2 }, [1, 2])).toStrictEqual([1, 2]);
  });

  it('flags: an object of every label; more than 32 labels use several words', () => {
    const labels = Array.from({ length: 40 }, (_, i) => `f${i}`);
    const t: T = { kind: 'flags', labels };
    const r = context();
    const flat = lower(r, t, { f0: true, f31: 1, f33: 'yes' });
    expect(flat).toEqual([1 | (1 << 31), 2]);
    const v = lift(r, t, flat) as Record<string, boolean>;
    expect(Object.keys(v)).toHaveLength(40);
    expect([v['f0'], v['f1'], v['f31'], v['f33'], v['f39']]).toEqual([true, false, true, true, false]);
    expect(lower(r, t, undefined)).toEqual([0, 0]);
  });

  it('maps are Maps (list<tuple<k, v>>)', () => {
    const t: T = { kind: 'map', key: p('string'), value: p('u8') };
    const r = context();
    expect(lift(r, t, lower(r, t, new Map([['a', 1], ['b', 2]])))).toStrictEqual(new Map([['a', 1], ['b', 2]]));
  });

  it('host numbers convert like jco (ToUint8, BigInt, ToNumber)', () => {
    const r = context();
    expect(lower(r, p('u8'), 256)).toEqual([0]);
    expect(lower(r, p('u8'), -1)).toEqual([255]);
    expect(lower(r, p('u8'), '12')).toEqual([12]);
    expect(lower(r, p('s8'), 200)).toEqual([-56]);
    expect(lower(r, p('u32'), 2 ** 40 + 5)).toEqual([5]);
    expect(lower(r, p('u32'), 4294967295)).toEqual([-1]);
    expect(lower(r, p('u64'), -1n)).toEqual([-1n]);
    expect(lift(r, p('u64'), [-1n])).toBe(2n ** 64n - 1n);
    expect(lower(r, p('s64'), 7)).toEqual([7n]);
    expect(lower(r, p('s64'), '77')).toEqual([77n]);
    expect(lower(r, p('f32'), 1.1)).toEqual([Math.fround(1.1)]);
    expect(lower(r, p('bool'), 'x')).toEqual([1]);
    expect(lower(r, p('u16'), undefined)).toEqual([0]);
  });

  it('guest values follow the spec where jco is stricter: bool is any non-zero, integers wrap, undefined flag bits are ignored', () => {
    const r = context();
    expect(lift(r, p('bool'), [2])).toBe(true);
    r.mem.bytes()[0] = 7;
    expect(load(r, p('bool'), 0)).toBe(true);
    expect(lift(r, p('u8'), [0x1ff])).toBe(0xff);
    expect(lift(r, p('s16'), [0x18000])).toBe(-32768);
    expect(lift(r, p('u32'), [-1])).toBe(4294967295);
    expect(lift(r, { kind: 'flags', labels: ['a'] }, [0xfe])).toStrictEqual({ a: false });
  });

  it('NaNs are stored with the canonical bit patterns, also inside joined variant payloads', () => {
    const r = context();
    store(r, p('f32'), NaN, 0);
    store(r, p('f64'), NaN, 8);
    const dv = r.mem.view();
    expect(dv.getUint32(0, true)).toBe(0x7fc00000);
    expect(dv.getBigUint64(8, true)).toBe(0x7ff8000000000000n);
    const v: T = { kind: 'variant', cases: [{ label: 'a', type: p('u32') }, { label: 'b', type: p('f32') }, { label: 'c', type: p('f64') }] };
    expect(lower(r, v, { tag: 'b', val: NaN })).toEqual([1, 0x7fc00000n]);
    expect(lower(r, v, { tag: 'c', val: NaN })).toEqual([2, 0x7ff8000000000000n]);
    expect(lower(r, v, { tag: 'a', val: 0xffffffff })).toEqual([0, 0xffffffffn]);
    expect(lift(r, v, [1, 0x3fc00000n])).toStrictEqual({ tag: 'b', val: 1.5 });
  });
});

describe('values: traps on bad guest data', () => {
  it('char: surrogates and values past 0x10FFFF', () => {
    const r = context();
    for (const bad of [0xd800, 0xdfff, 0x110000, -1]) {
      expect(trapMessage(() => lift(r, p('char'), [bad]))).toContain('invalid `char` bit pattern');
    }
    r.mem.view().setUint32(0, 0xd800, true);
    expect(trapMessage(() => load(r, p('char'), 0))).toContain('invalid `char` bit pattern');
    expect(lift(r, p('char'), [0x10ffff])).toBe('\u{10ffff}');
  });

  it('discriminants out of range (variant, enum, option, result)', () => {
    const r = context();
    const v: T = { kind: 'variant', cases: [{ label: 'a' }, { label: 'b', type: p('u8') }] };
    expect(trapMessage(() => lift(r, v, [2, 0]))).toContain('invalid variant discriminant');
    expect(trapMessage(() => lift(r, { kind: 'enum', labels: ['x'] }, [1]))).toContain('invalid variant discriminant');
    expect(trapMessage(() => lift(r, { kind: 'option', type: p('u8') }, [2, 0]))).toContain('invalid variant discriminant');
    r.mem.bytes()[0] = 2;
    expect(trapMessage(() => load(r, { kind: 'result' }, 0))).toContain('invalid variant discriminant');
  });

  it('lists: unaligned, out of bounds, longer than MAX_LIST_BYTE_LENGTH', () => {
    const r = context();
    const l: T = { kind: 'list', elem: p('u32') };
    expect(trapMessage(() => lift(r, l, [2, 1]))).toContain('unaligned pointer');
    expect(trapMessage(() => lift(r, l, [65532, 2]))).toContain('list content out-of-bounds');
    expect(trapMessage(() => lift(r, l, [0, 2 ** 26]))).toContain('MAX_LIST_BYTE_LENGTH');
    expect(lift(r, l, [65532, 1])).toStrictEqual(new Uint32Array([0]));
    expect(lift(r, l, [65536, 0])).toStrictEqual(new Uint32Array([]));
    expect(trapMessage(() => lift(r, l, [65540, 0]))).toContain('out-of-bounds');
  });

  it('realloc results: unaligned or out of bounds (even for zero bytes)', () => {
    const mem = new FakeMemory(65536);
    for (const [result, msg] of [[2, 'unaligned pointer'], [-4, 'realloc return: beyond end of memory'], [65540, 'beyond end of memory']] as const) {
      const bump = bumpRealloc(mem, 1024, () => result >>> 0);
      const inst = new ComponentInstance();
      const cx = new LiftLowerContext({ memory: mem, realloc: bump.realloc, stringEncoding: 'utf8' }, inst, new Task(inst));
      const l: T = { kind: 'list', elem: p('u32') };
      const out: unknown[] = [];
      expect(trapMessage(() => makeLowerFlat(rt(l), 'i32')(cx, [1], out as never[]))).toContain(msg);
      if (result !== 2) expect(trapMessage(() => makeLowerFlat(rt(l), 'i32')(cx, [], out as never[]))).toContain(msg);
      if (result !== 2) expect(trapMessage(() => makeStore(rt(p('string')), 'i32')(cx, 'abc', 0))).toContain(msg);
    }
    {
      // exactly at the end is in bounds for zero bytes
      const bump = bumpRealloc(mem, 1024, () => 65536);
      const inst = new ComponentInstance();
      const cx = new LiftLowerContext({ memory: mem, realloc: bump.realloc, stringEncoding: 'utf8' }, inst, new Task(inst));
      const out: unknown[] = [];
      makeLowerFlat(rt({ kind: 'list', elem: p('u32') }), 'i32')(cx, [], out as never[]);
      expect(out).toEqual([65536, 0]);
    }
    for (const enc of ['utf16', 'latin1+utf16'] as const) {
      const bump = bumpRealloc(mem, 1024, () => 1);
      const inst = new ComponentInstance();
      const cx = new LiftLowerContext({ memory: mem, realloc: bump.realloc, stringEncoding: enc }, inst, new Task(inst));
      expect(trapMessage(() => makeStore(rt(p('string')), 'i32')(cx, 'abc', 0))).toContain('unaligned pointer');
    }
  });
});

describe('values: wrong host values are TypeErrors naming the type and the value', () => {
  const u8s: T = { kind: 'list', elem: p('u8') };
  const cases: [string, T, unknown[]][] = [
    ['u32', p('u32'), [10n, Symbol('s')]],
    ['s64', p('s64'), [1.5, 'abc', undefined, null, Symbol('s'), NaN]],
    ['u64', p('u64'), [{}]],
    ['f64', p('f64'), [1n]],
    ['char', p('char'), ['ab', '', 5, '\ud800', undefined]],
    ['string', p('string'), [5, undefined, null, 'a\ud800b', '\udc00', {}]],
    ['list<u8>', u8s, [5, 'ab', [256], [1.5], ['1'], null, {}]],
    ['list<u32>', { kind: 'list', elem: p('u32') }, [new Uint8Array(4), [-1], [1n]]],
    ['list<u64>', { kind: 'list', elem: p('u64') }, [[1], new Uint32Array(2)]],
    ['list<string>', { kind: 'list', elem: p('string') }, ['ab', 5, new Set(['a'])]],
    ['list<u8, 2>', { kind: 'list', elem: p('u8'), length: 2 }, [[1], [1, 2, 3], 5]],
    ['record', { kind: 'record', fields: [{ label: 'a', type: p('u8') }] }, [null, undefined]],
    ['tuple', { kind: 'tuple', types: [p('u8')] }, [5, null, {}]],
    ['variant', { kind: 'variant', cases: [{ label: 'a' }] }, [{ tag: 'b' }, null, 'a', {}]],
    ['enum', { kind: 'enum', labels: ['a-b'] }, ['aB', 0, null]],
    ['option<option<u8>>', { kind: 'option', type: { kind: 'option', type: p('u8') } }, [5, undefined, { tag: 'some-thing' }]],
    ['result', { kind: 'result', ok: p('u8') }, [5, { tag: 'error' }, undefined]],
    ['flags', { kind: 'flags', labels: ['a'] }, [5, 'a', true]],
    ['map', { kind: 'map', key: p('u8'), value: p('u8') }, [{}, [[1, 2]]]],
  ];
  for (const [what, t, bad] of cases) {
    it(what, () => {
      for (const v of bad) {
        for (const via of ['lower', 'store'] as const) {
          const r = context();
          let err: unknown;
          try {
            if (via === 'lower') lower(r, t, v);
            else store(r, t, v, 0);
          } catch (e) {
            err = e;
          }
          expect(err, `${what} ${describeValue(v)} via ${via}`).toBeInstanceOf(TypeError);
          expect((err as Error).message).toMatch(/expected|invalid|Not a valid/);
        }
      }
    });
  }

  it('a string with a lone surrogate is rejected before any allocation', () => {
    const r = context();
    expect(() => lower(r, p('string'), 'ab\ud83dcd')).toThrow(/lone surrogate/);
    expect(r.calls).toHaveLength(0);
  });

  it('messages name the value', () => {
    const r = context();
    expect(() => lower(r, p('string'), 42)).toThrow('expected a string for string, got 42');
    expect(() => lower(r, p('u64'), 1.5)).toThrow(/u64, got 1\.5/);
    expect(() => lower(r, { kind: 'enum', labels: ['x-y'] }, 'q')).toThrow('expected one of the enum cases "x-y", got "q"');
  });
});
