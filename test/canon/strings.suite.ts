// Strings: the exact realloc sequences of CanonicalABI.md's store_string_* functions (computed by
// hand for a bump allocator from 1024), round trips of random Unicode in every encoding, and the
// traps of load_string_from_range.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StringEncoding } from '../../src/component/canon/options.js';
import { storeStringIntoRange } from '../../src/component/canon/string.js';
import { arbString, type T } from './arbitrary.js';
import { context, hex, lift, load, lower } from './harness.js';

const STR: T = { kind: 'string' };
const TAG = 0x80000000;
const tag = (n: number): number => (n | TAG) >>> 0;
type Call = [old: number, oldSize: number, align: number, newSize: number, result: number];

interface Fixture {
  what: string;
  s: string;
  dst: StringEncoding;
  /** [encoding, code units, tagged] of the source; absent: a host string (utf16, length). */
  src?: [StringEncoding, number, boolean];
  calls: Call[];
  ptr: number;
  units: number;
  bytes: string;
}

const FIXTURES: Fixture[] = [
  { what: 'utf16 → utf8, ASCII: one allocation of src_code_units', s: 'hello', dst: 'utf8', calls: [[0, 0, 1, 5, 1024]], ptr: 1024, units: 5, bytes: '68656c6c6f' },
  {
    what: 'utf16 → utf8, non-ASCII: allocate units, grow to 3×units at the first non-ASCII, shrink to the encoded length',
    s: 'héllo', dst: 'utf8', src: ['utf16', 5, false], calls: [[0, 0, 1, 5, 1024], [1024, 5, 1, 15, 1029], [1029, 15, 1, 6, 1044]], ptr: 1044, units: 6, bytes: '68c3a96c6c6f',
  },
  {
    what: 'host string → utf8: one allocation of the exact UTF-8 length (as jco and wasmtime do)',
    s: 'héllo😀', dst: 'utf8', calls: [[0, 0, 1, 10, 1024]], ptr: 1024, units: 10, bytes: '68c3a96c6c6ff09f9880',
  },
  { what: 'utf16 → utf8, empty: realloc(0, 0, 1, 0) all the same', s: '', dst: 'utf8', calls: [[0, 0, 1, 0, 1024]], ptr: 1024, units: 0, bytes: '' },
  {
    what: 'latin1 → utf8: worst case 2×units', s: 'héllo', dst: 'utf8', src: ['latin1+utf16', 5, false],
    calls: [[0, 0, 1, 5, 1024], [1024, 5, 1, 10, 1029], [1029, 10, 1, 6, 1039]], ptr: 1039, units: 6, bytes: '68c3a96c6c6f',
  },
  { what: 'utf8 → utf8: a copy of src_code_units bytes', s: 'hé', dst: 'utf8', src: ['utf8', 3, false], calls: [[0, 0, 1, 3, 1024]], ptr: 1024, units: 3, bytes: '68c3a9' },
  { what: 'utf16 → utf16: a copy, non-BMP as a surrogate pair', s: 'h😀', dst: 'utf16', calls: [[0, 0, 2, 6, 1024]], ptr: 1024, units: 3, bytes: '68003dd800de' },
  {
    what: 'utf8 → utf16: allocate 2×utf8 bytes, shrink to the UTF-16 length', s: 'héllo', dst: 'utf16', src: ['utf8', 6, false],
    calls: [[0, 0, 2, 12, 1024], [1024, 12, 2, 10, 1036]], ptr: 1036, units: 5, bytes: '6800e9006c006c006f00',
  },
  { what: 'latin1 → utf16: a copy of 2×units', s: 'é', dst: 'utf16', src: ['latin1+utf16', 1, false], calls: [[0, 0, 2, 2, 1024]], ptr: 1024, units: 1, bytes: 'e900' },
  { what: 'utf16 → latin1+utf16, all Latin-1: no shrink when every unit fits', s: 'héllo', dst: 'latin1+utf16', calls: [[0, 0, 2, 5, 1024]], ptr: 1024, units: 5, bytes: '68e96c6c6f' },
  {
    what: 'utf16 → latin1+utf16, inflation to UTF-16 at the first code point ≥ 256, tagged length',
    s: 'hé☃', dst: 'latin1+utf16', calls: [[0, 0, 2, 3, 1024], [1024, 3, 2, 6, 1028]], ptr: 1028, units: tag(3), bytes: '6800e9000326',
  },
  {
    what: 'utf16 → latin1+utf16, non-BMP after Latin-1', s: 'é😀', dst: 'latin1+utf16',
    calls: [[0, 0, 2, 3, 1024], [1024, 3, 2, 6, 1028]], ptr: 1028, units: tag(3), bytes: 'e9003dd800de',
  },
  {
    what: 'utf8 → latin1+utf16, all Latin-1: shrink from utf8 bytes to Latin-1 bytes', s: 'héllo', dst: 'latin1+utf16', src: ['utf8', 6, false],
    calls: [[0, 0, 2, 6, 1024], [1024, 6, 2, 5, 1030]], ptr: 1030, units: 5, bytes: '68e96c6c6f',
  },
  {
    what: 'utf8 → latin1+utf16, inflation then shrink from 2×utf8 bytes', s: 'a☃', dst: 'latin1+utf16', src: ['utf8', 4, false],
    calls: [[0, 0, 2, 4, 1024], [1024, 4, 2, 8, 1028], [1028, 8, 2, 4, 1036]], ptr: 1036, units: tag(2), bytes: '61000326',
  },
  { what: 'latin1+utf16 (Latin-1) → latin1+utf16: a copy', s: 'abc', dst: 'latin1+utf16', src: ['latin1+utf16', 3, false], calls: [[0, 0, 2, 3, 1024]], ptr: 1024, units: 3, bytes: '616263' },
  {
    what: 'latin1+utf16 (UTF-16) → latin1+utf16, all Latin-1: compressed, realloc to alignment 1',
    s: 'abc', dst: 'latin1+utf16', src: ['latin1+utf16', 3, true], calls: [[0, 0, 2, 6, 1024], [1024, 6, 1, 3, 1030]], ptr: 1030, units: 3, bytes: '616263',
  },
  {
    what: 'latin1+utf16 (UTF-16) → latin1+utf16, not Latin-1: stays UTF-16', s: 'a☃', dst: 'latin1+utf16', src: ['latin1+utf16', 2, true],
    calls: [[0, 0, 2, 4, 1024]], ptr: 1024, units: tag(2), bytes: '61000326',
  },
];

describe('strings: realloc sequences of store_string_* (hand-computed)', () => {
  for (const f of FIXTURES) {
    it(f.what, () => {
      const r = context(f.dst);
      if (f.src !== undefined) r.cx.srcLog = { items: [f.src[0], f.src[1], f.src[2] ? 1 : 0], pos: 0 };
      const [ptr, units, tagged] = storeStringIntoRange(r.cx, f.s);
      expect(r.calls.map((c) => [c.old, c.oldSize, c.align, c.newSize, c.result])).toEqual(f.calls);
      expect(ptr).toBe(f.ptr);
      expect(tagged ? (units | TAG) >>> 0 : units).toBe(f.units);
      const byteLength = f.bytes.length / 2;
      expect(hex(r.mem.bytes().subarray(ptr, ptr + byteLength))).toBe(f.bytes);
    });
  }

  it('the flat form carries the tagged length as an i32', () => {
    const r = context('latin1+utf16');
    const flat = lower(r, STR, '☃');
    expect(flat).toEqual([1026, (1 | TAG) | 0]); // allocate(2, 1) → 1024, realloc(1024, 1, 2, 2) → 1026
    expect(lift(r, STR, flat)).toBe('☃');
  });
});

describe('strings: round trips of random Unicode', () => {
  for (const enc of ['utf8', 'utf16', 'latin1+utf16'] as const) {
    it(`${enc}: lower/lift and store/load`, () => {
      fc.assert(fc.property(fc.oneof(arbString(40), fc.string({ unit: 'binary' }), fc.constantFrom('', '\0', '\u{10ffff}', 'ÿ', '\u0100')), (s) => {
        const r = context(enc);
        expect(lift(r, STR, lower(r, STR, s))).toBe(s);
        lowerStoreLoad(r, s);
      }), { numRuns: 400, seed: 31 });
    });

    it(`${enc}: a 1 MiB string`, () => {
      const unit = 'aé☃😀\u0100x'.repeat(1 << 15);
      const s = unit + 'z'.repeat((1 << 20) - unit.length);
      const r = context(enc, 1 << 16);
      const flat = lower(r, STR, s);
      expect(lift(r, STR, flat)).toBe(s);
      const latin = 'é'.repeat(1 << 20);
      expect(lift(r, STR, lower(r, STR, latin))).toBe(latin);
    });
  }

  function lowerStoreLoad(r: ReturnType<typeof context>, s: string): void {
    r.cx.view.setUint32(0, 0, true);
    const store = lower(r, { kind: 'tuple', types: [STR] }, [s]);
    r.cx.view.setUint32(0, Number(store[0]) >>> 0, true);
    r.cx.view.setUint32(4, Number(store[1]) >>> 0, true);
    expect(load(r, STR, 0)).toBe(s);
  }
});

describe('strings: load_string_from_range traps', () => {
  function trap(enc: StringEncoding, bytes: number[], ptr: number, units: number): string {
    const r = context(enc);
    r.mem.bytes().set(bytes, ptr);
    try {
      lift(r, STR, [ptr, units | 0]);
    } catch (e) {
      expect((e as Error).name).toBe('RuntimeError');
      return (e as Error).message;
    }
    throw new Error('no trap');
  }

  it('invalid UTF-8 (a stray continuation, a truncated sequence, an encoded surrogate, 0xff)', () => {
    expect(trap('utf8', [0x80], 16, 1)).toContain('invalid utf-8');
    expect(trap('utf8', [0xe2, 0x82], 16, 2)).toContain('invalid utf-8');
    expect(trap('utf8', [0xed, 0xa0, 0x80], 16, 3)).toContain('invalid utf-8');
    expect(trap('utf8', [0x41, 0xff], 16, 2)).toContain('invalid utf-8');
  });

  it('an unpaired surrogate in UTF-16', () => {
    expect(trap('utf16', [0x00, 0xd8, 0x41, 0x00], 16, 2)).toContain('utf-16');
    expect(trap('latin1+utf16', [0x00, 0xdc], 16, 1 | TAG)).toContain('utf-16');
  });

  it('unaligned UTF-16 and latin1+utf16 pointers, even for length 0', () => {
    expect(trap('utf16', [], 17, 0)).toContain('unaligned pointer');
    expect(trap('latin1+utf16', [], 17, 0)).toContain('unaligned pointer');
    expect(trap('latin1+utf16', [], 17, 1 | TAG)).toContain('unaligned pointer');
  });

  it('out of bounds, and lengths beyond MAX_STRING_BYTE_LENGTH (or the utf16 tag bit outside latin1+utf16)', () => {
    expect(trap('utf8', [], 65530, 7)).toContain('string content out-of-bounds');
    expect(trap('utf16', [], 65530, 4)).toContain('string content out-of-bounds');
    expect(trap('utf8', [], 0, 2 ** 28)).toContain('MAX_STRING_BYTE_LENGTH');
    expect(trap('utf16', [], 0, 2 ** 27)).toContain('MAX_STRING_BYTE_LENGTH');
    expect(trap('utf8', [], 0, 1 | TAG)).toContain('MAX_STRING_BYTE_LENGTH');
  });

  it('decodes exactly: a UTF-8 BOM is kept, Latin-1 is ISO-8859-1 (not windows-1252), NUL is a character', () => {
    const r = context('utf8');
    r.mem.bytes().set([0xef, 0xbb, 0xbf, 0x41, 0x00], 16);
    expect(lift(r, STR, [16, 5])).toBe('\ufeffA\0');
    const l = context('latin1+utf16');
    l.mem.bytes().set([0x80, 0x9f, 0xff], 16);
    expect(lift(l, STR, [16, 3])).toBe('\u0080\u009f\u00ff');
    expect(lift(r, STR, [65536, 0])).toBe('');
  });
});
