// Layout and flattening numbers computed by hand from CanonicalABI.md §"Alignment",
// §"Element Size" and §"Flattening".

import { describe, expect, it } from 'vitest';
import { alignment, despecialize, elemSize, fieldOffsets, flattenFunctype, flattenType } from '../../src/component/canon/index.js';
import type { FuncType, ValType } from '../../src/component/types.js';

type V = ValType<never>;
const p = (kind: string): V => ({ kind } as V);
const u8 = p('u8'), u16 = p('u16'), u32 = p('u32'), u64 = p('u64'), f32 = p('f32'), f64 = p('f64'), str = p('string');
const rec = (...types: V[]): V => ({ kind: 'record', fields: types.map((type, i) => ({ label: `f${i}`, type })) });
const variant = (...types: (V | undefined)[]): V => ({ kind: 'variant', cases: types.map((type, i) => ({ label: `c${i}`, type })) });
const labels = (n: number): string[] => Array.from({ length: n }, (_, i) => `l${i}`);

// [description, type, alignment, size, flat]
const TABLE: [string, V, number, number, string[]][] = [
  ['bool', p('bool'), 1, 1, ['i32']],
  ['u16', u16, 2, 2, ['i32']],
  ['s64', p('s64'), 8, 8, ['i64']],
  ['f32', f32, 4, 4, ['f32']],
  ['f64', f64, 8, 8, ['f64']],
  ['char', p('char'), 4, 4, ['i32']],
  ['string: (ptr, len)', str, 4, 8, ['i32', 'i32']],
  ['list<u8>', { kind: 'list', elem: u8 }, 4, 8, ['i32', 'i32']],
  ['list<u16, 3>: inline, elem alignment', { kind: 'list', elem: u16, length: 3 }, 2, 6, ['i32', 'i32', 'i32']],
  ['record {u8, u32}: u32 at 4', rec(u8, u32), 4, 8, ['i32', 'i32']],
  ['record {u8, u64, u8}: 0, 8, 16 → 17 → 24', rec(u8, u64, u8), 8, 24, ['i32', 'i64', 'i32']],
  ['tuple<u8, u16, u8>: 0, 2, 4 → 5 → 6', { kind: 'tuple', types: [u8, u16, u8] }, 2, 6, ['i32', 'i32', 'i32']],
  ['variant with one payload-less case', variant(undefined), 1, 1, ['i32']],
  ['option<u8>: u8 disc + u8', { kind: 'option', type: u8 }, 1, 2, ['i32', 'i32']],
  ['option<u64>: disc, pad to 8, u64', { kind: 'option', type: u64 }, 8, 16, ['i32', 'i64']],
  ['result<u32, f32>: join(i32, f32) = i32', { kind: 'result', ok: u32, err: f32 }, 4, 8, ['i32', 'i32']],
  ['result (no payloads)', { kind: 'result' }, 1, 1, ['i32']],
  ['variant {u32, f64, f32}: joins to i64', variant(u32, f64, f32), 8, 16, ['i32', 'i64']],
  ['variant {f32, f32}: stays f32', variant(f32, f32), 4, 8, ['i32', 'f32']],
  ['variant {(f32, u32), (u32, f32)}: i32, i32', variant({ kind: 'tuple', types: [f32, u32] }, { kind: 'tuple', types: [u32, f32] }), 4, 12, ['i32', 'i32', 'i32']],
  ['variant {u8, string}: payload at 4', variant(u8, str), 4, 12, ['i32', 'i32', 'i32']],
  ['enum of 256 cases: u8 discriminant', { kind: 'enum', labels: labels(256) }, 1, 1, ['i32']],
  ['enum of 257 cases: u16 discriminant', { kind: 'enum', labels: labels(257) }, 2, 2, ['i32']],
  ['variant of 257 cases with u8: u16 disc, u8 at 2 → 4', { kind: 'variant', cases: labels(257).map((label, i) => ({ label, type: i === 0 ? u8 : undefined })) }, 2, 4, ['i32', 'i32']],
  ['flags 8', { kind: 'flags', labels: labels(8) }, 1, 1, ['i32']],
  ['flags 9', { kind: 'flags', labels: labels(9) }, 2, 2, ['i32']],
  ['flags 17', { kind: 'flags', labels: labels(17) }, 4, 4, ['i32']],
  ['flags 32', { kind: 'flags', labels: labels(32) }, 4, 4, ['i32']],
  ['flags 33 (pre-2024 layout)', { kind: 'flags', labels: labels(33) }, 4, 8, ['i32', 'i32']],
  ['own', { kind: 'own', resource: undefined as never }, 4, 4, ['i32']],
  ['borrow', { kind: 'borrow', resource: undefined as never }, 4, 4, ['i32']],
  ['map<string, u8> = list<tuple<string, u8>>', { kind: 'map', key: str, value: u8 }, 4, 8, ['i32', 'i32']],
];

describe('layout (hand-computed from CanonicalABI.md)', () => {
  for (const [what, t, a, s, flat] of TABLE) {
    it(what, () => {
      expect(alignment(t, 'i32')).toBe(a);
      expect(elemSize(t, 'i32')).toBe(s);
      expect(flattenType(t, 'i32')).toEqual(flat);
    });
  }

  it('64-bit memories: pointers and lengths are i64, strings and lists 16 bytes', () => {
    expect(alignment(str, 'i64')).toBe(8);
    expect(elemSize(str, 'i64')).toBe(16);
    expect(flattenType(str, 'i64')).toEqual(['i64', 'i64']);
    expect(elemSize({ kind: 'tuple', types: [u8, { kind: 'list', elem: u32 }] }, 'i64')).toBe(24);
  });

  it('field offsets', () => {
    expect(fieldOffsets([u8, u64, u16, u8, u32], 'i32')).toEqual([0, 8, 16, 18, 20]);
  });

  it('despecialize: tuple → record "0", "1"; option → none/some; result → ok/error; enum → variant', () => {
    expect(despecialize({ kind: 'tuple', types: [u8, u16] })).toEqual({ kind: 'record', fields: [{ label: '0', type: u8 }, { label: '1', type: u16 }] });
    expect(despecialize({ kind: 'option', type: u8 })).toEqual({ kind: 'variant', cases: [{ label: 'none' }, { label: 'some', type: u8 }] });
    expect(despecialize({ kind: 'result', ok: u8 })).toEqual({ kind: 'variant', cases: [{ label: 'ok', type: u8 }, { label: 'error', type: undefined }] });
    expect(despecialize({ kind: 'enum', labels: ['a', 'b'] })).toEqual({ kind: 'variant', cases: [{ label: 'a' }, { label: 'b' }] });
    const t: V = { kind: 'tuple', types: [u8] };
    expect(despecialize(t)).toBe(despecialize(t)); // computed once
  });

  it('flatten_functype: > 16 flat params spill to one pointer; > 1 flat result → retptr (lift) / out-param (lower)', () => {
    const many: FuncType<never> = { params: Array.from({ length: 17 }, (_, i) => ({ name: `p${i}`, type: u32 })), result: str };
    expect(flattenFunctype({ ptrType: 'i32' }, many, 'lift')).toEqual({ params: ['i32'], results: ['i32'] });
    expect(flattenFunctype({ ptrType: 'i32' }, many, 'lower')).toEqual({ params: ['i32', 'i32'], results: [] });
    const sixteen: FuncType<never> = { params: Array.from({ length: 16 }, (_, i) => ({ name: `p${i}`, type: u32 })), result: u64 };
    expect(flattenFunctype({ ptrType: 'i32' }, sixteen, 'lift').params).toHaveLength(16);
    expect(flattenFunctype({ ptrType: 'i32' }, sixteen, 'lower').results).toEqual(['i64']);
    expect(flattenFunctype({ ptrType: 'i64' }, many, 'lower')).toEqual({ params: ['i64', 'i64'], results: [] });
  });
});
