// canon against the spec's own definitions.py (run by python3): layout, the bytes and realloc
// calls of store and lower, the values (or traps) of load and lift, and every string
// transcoding path. Skipped where python3 ≥ 3.10 or definitions.py is missing.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alignment, elemSize, flattenType } from '../../src/component/canon/index.js';
import type { CoreValue, StringEncoding } from '../../src/component/canon/options.js';
import { storeStringIntoRange } from '../../src/component/canon/string.js';
import { arbString, arbTypedValue, arbType, type T } from './arbitrary.js';
import { context, hex, lift, load, lower, rt, store } from './harness.js';
import { definitionsPy, floatHex, runOracle, toPy } from './oracle.js';

const ENCODINGS: StringEncoding[] = ['utf8', 'utf16', 'latin1+utf16'];
type Call = [number, number, number, number, number];
const callsOf = (cs: { old: number; oldSize: number; align: number; newSize: number; result: number }[]): Call[] =>
  cs.map((c) => [c.old, c.oldSize, c.align, c.newSize, c.result]);

function flatJson(t: T, flat: readonly CoreValue[]): unknown[] {
  const ft = flattenType(rt(t), 'i32');
  return flat.map((x, k) => (ft[k] === 'f32' || ft[k] === 'f64'
    ? { $f: floatHex(x as number) }
    : { $i: String(ft[k] === 'i32' ? (x as number) >>> 0 : BigInt.asUintN(64, x as bigint)) }));
}

function ours<R>(f: () => R): { v: R } | { trap: true; error: unknown } {
  try {
    return { v: f() };
  } catch (error) {
    return { trap: true, error };
  }
}

describe.skipIf(definitionsPy === undefined)('canon agrees with definitions.py', () => {
  it('alignment, elem_size and flatten_type of 500 random types', () => {
    const types = fc.sample(arbType({ fixedLists: true }, 4), { numRuns: 500, seed: 11 });
    const res = runOracle<{ align: number; size: number; flat: string[] }>(types.map((t) => ({ op: 'layout', t })));
    types.forEach((t, i) => {
      expect({ align: alignment(rt(t), 'i32'), size: elemSize(rt(t), 'i32'), flat: flattenType(rt(t), 'i32') }, JSON.stringify(t)).toEqual(res[i]);
    });
  });

  const samples = fc.sample(arbTypedValue({ fixedLists: true }, 3), { numRuns: 400, seed: 12 });

  it('store: the same realloc calls and the same memory bytes', () => {
    const res = runOracle<{ calls: Call[]; mem: string }>(samples.map(({ t, v }, i) => ({ op: 'store', t, v: toPy(t, v), enc: ENCODINGS[i % 3], ptr: 64 })));
    samples.forEach(({ t, v }, i) => {
      const r = context(ENCODINGS[i % 3]);
      store(r, t, v, 64);
      const n = Math.max(65536, r.heap());
      expect(callsOf(r.calls), JSON.stringify(t)).toEqual(res[i]!.calls);
      expect(hex(r.mem.bytes().subarray(0, n))).toBe(res[i]!.mem.slice(0, 2 * n));
    });
  });

  it('lower_flat: the same flat values, realloc calls and memory bytes', () => {
    const res = runOracle<{ calls: Call[]; mem: string; flat: unknown[] }>(samples.map(({ t, v }, i) => ({ op: 'lower', t, v: toPy(t, v), enc: ENCODINGS[(i + 1) % 3] })));
    samples.forEach(({ t, v }, i) => {
      const r = context(ENCODINGS[(i + 1) % 3]);
      const flat = lower(r, t, v);
      const n = Math.max(65536, r.heap());
      expect(flatJson(t, flat), JSON.stringify(t)).toEqual(res[i]!.flat);
      expect(callsOf(r.calls)).toEqual(res[i]!.calls);
      expect(hex(r.mem.bytes().subarray(0, n))).toBe(res[i]!.mem.slice(0, 2 * n));
    });
  });

  it('load: the same values from valid and corrupted memory, and the same traps', () => {
    const stored = runOracle<{ mem: string }>(samples.map(({ t, v }, i) => ({ op: 'store', t, v: toPy(t, v), enc: ENCODINGS[(i + 2) % 3], ptr: 64 })));
    const mems = stored.map((s, i) => {
      if (i % 2 === 0) return s.mem;
      const k = 64 + ((i * 7) % 24);
      return s.mem.slice(0, 2 * k) + ((i * 37) & 0xff).toString(16).padStart(2, '0') + s.mem.slice(2 * k + 2);
    });
    const res = runOracle<{ v?: unknown; trap?: boolean }>(samples.map(({ t }, i) => ({ op: 'load', t, mem: mems[i], ptr: 64, enc: ENCODINGS[(i + 2) % 3] })));
    let traps = 0;
    samples.forEach(({ t }, i) => {
      const r = context(ENCODINGS[(i + 2) % 3], mems[i]!.length / 2);
      r.mem.bytes().set(Buffer.from(mems[i]!, 'hex'));
      const got = ours(() => toPy(t, load(r, t, 64)));
      if ('trap' in got) {
        traps++;
        expect((got.error as Error).name, String(got.error)).toBe('RuntimeError');
        expect(res[i], JSON.stringify(t)).toEqual({ trap: true });
      } else {
        expect(got.v, JSON.stringify(t)).toEqual(res[i]!.v);
      }
    });
    expect(traps).toBeGreaterThan(5);
  });

  it('lift_flat: the same values from valid and corrupted flat values, and the same traps', () => {
    const lowered = runOracle<{ mem: string; flat: { $i?: string; $f?: string }[] }>(samples.map(({ t, v }, i) => ({ op: 'lower', t, v: toPy(t, v), enc: ENCODINGS[i % 3] })));
    const flats = lowered.map((l, i) => {
      const f = l.flat.map((x) => ({ ...x }));
      if (i % 2 === 1 && f.length > 0) {
        const k = i % f.length;
        if (f[k]!.$i !== undefined) f[k] = { $i: String((BigInt(f[k]!.$i!) + BigInt(i)) % 2n ** 32n) };
      }
      return f;
    });
    const res = runOracle<{ v?: unknown; trap?: boolean }>(samples.map(({ t }, i) => ({ op: 'lift', t, mem: lowered[i]!.mem, flat: flats[i], enc: ENCODINGS[i % 3] })));
    samples.forEach(({ t }, i) => {
      const r = context(ENCODINGS[i % 3], lowered[i]!.mem.length / 2);
      r.mem.bytes().set(Buffer.from(lowered[i]!.mem, 'hex'));
      const ft = flattenType(rt(t), 'i32');
      const flat: CoreValue[] = flats[i]!.map((x, k) => (x.$f !== undefined
        ? new Float64Array(new Uint8Array(Buffer.from(x.$f, 'hex')).buffer)[0]!
        : ft[k] === 'i64' ? BigInt(x.$i!) : Number(x.$i!)));
      const got = ours(() => toPy(t, lift(r, t, flat)));
      if ('trap' in got) {
        expect((got.error as Error).name, String(got.error)).toBe('RuntimeError');
        expect(res[i], JSON.stringify(t)).toEqual({ trap: true });
      } else {
        expect(got.v, JSON.stringify(t)).toEqual(res[i]!.v);
      }
    });
  });

  it('store_string_into_range: all 9 source/destination encodings, exact realloc sequences', () => {
    const strings = fc.sample(fc.oneof(arbString(20), fc.constantFrom('', 'a', 'abc', 'é', 'aé', '☃', '😀', 'ÿĀ')), { numRuns: 270, seed: 13 });
    const cases = strings.map((s, i) => ({ s, src: ENCODINGS[i % 3]!, dst: ENCODINGS[Math.floor(i / 3) % 3]! }));
    const units = (s: string, src: StringEncoding): [number, boolean] => {
      if (src === 'utf8') return [Buffer.byteLength(s, 'utf8'), false];
      if (src === 'utf16' || [...s].some((c) => c.codePointAt(0)! >= 256)) return [s.length, src !== 'utf16'];
      return [s.length, false];
    };
    const req = cases.map((c) => {
      const [u, tagged] = units(c.s, c.src);
      return { op: 'store-string', s: c.s, src: c.src, dst: c.dst, units: tagged ? (u | 0x80000000) >>> 0 : u };
    });
    const out = runOracle<{ calls: Call[]; ptr: number; tagged: number; bytes: string }>(req);
    cases.forEach((c, i) => {
      const r = context(c.dst);
      const [u, tagged] = units(c.s, c.src);
      r.cx.srcLog = { items: [c.src, u, tagged ? 1 : 0], pos: 0 };
      const [ptr, n, tag] = storeStringIntoRange(r.cx, c.s);
      const byteLength = c.dst === 'utf8' || (c.dst === 'latin1+utf16' && !tag) ? n : 2 * n;
      expect(callsOf(r.calls), JSON.stringify(c)).toEqual(out[i]!.calls);
      expect(ptr).toBe(out[i]!.ptr);
      expect(tag ? (n | 0x80000000) >>> 0 : n).toBe(out[i]!.tagged);
      expect(hex(r.mem.bytes().subarray(ptr, ptr + byteLength))).toBe(out[i]!.bytes);
    });
  });
});
