// The fallbacks the bundles rely on in realms without TextEncoder/TextDecoder (a bare vm context,
// QuickJS): src/util/utf8.ts's own UTF-8/UTF-16 code must agree with the host's TextEncoder and
// TextDecoder (WHATWG Encoding §9.1 UTF-8 decoder incl. replacement of maximal subparts, fatal
// mode, BOM handling; §10.1 UTF-16LE). The helpers pick the host's objects lazily on first use,
// so hiding the globals before the first call makes this file exercise only the fallbacks.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const HostEncoder = globalThis.TextEncoder;
const HostDecoder = globalThis.TextDecoder;
let utf8: typeof import('../src/util/utf8.js');

beforeAll(async () => {
  vi.stubGlobal('TextEncoder', undefined);
  vi.stubGlobal('TextDecoder', undefined);
  utf8 = await import('../src/util/utf8.js');
});
afterAll(() => vi.unstubAllGlobals());

const nativeFatal = (label: string, b: Uint8Array, ignoreBOM: boolean): string | undefined => {
  try {
    return new HostDecoder(label, { fatal: true, ignoreBOM }).decode(b);
  } catch {
    return undefined;
  }
};
// Bytes biased towards UTF-8 structure: lead bytes, continuation bytes, ASCII, the BOM.
const utf8ish = fc.array(fc.oneof(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0x80, max: 0xbf }), fc.constantFrom(0xef, 0xbb, 0xbf, 0xe0, 0xed, 0xf0, 0xf4, 0xc2)), { maxLength: 24 })
  .map((a) => Uint8Array.from(a));

describe('utf8 fallbacks (no TextEncoder/TextDecoder in this realm)', () => {
  it('the globals really are hidden', () => {
    expect(typeof globalThis.TextEncoder).toBe('undefined');
    expect(typeof globalThis.TextDecoder).toBe('undefined');
  });

  it('lenient decoding equals TextDecoder (replacement characters, BOM dropped)', () => {
    fc.assert(fc.property(utf8ish, (b) => { expect(utf8.decodeUtf8Lenient(b)).toBe(new HostDecoder().decode(b)); }), { numRuns: 3000 });
  });

  it('fatal decoding equals TextDecoder fatal, with and without the BOM', () => {
    fc.assert(fc.property(utf8ish, (b) => {
      expect(utf8.decodeUtf8Fatal(b)).toBe(nativeFatal('utf-8', b, true));
      expect(utf8.decodeUtf8Fatal(b, true)).toBe(nativeFatal('utf-8', b, false));
    }), { numRuns: 3000 });
  });

  it('UTF-16LE fatal decoding equals TextDecoder', () => {
    const units = fc.array(fc.oneof(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0xd800, max: 0xdfff })), { maxLength: 12 });
    fc.assert(fc.property(units, fc.boolean(), (u, odd) => {
      const b = new Uint8Array(u.length * 2 + (odd ? 1 : 0));
      u.forEach((c, i) => { b[2 * i] = c & 255; b[2 * i + 1] = c >> 8; });
      expect(utf8.decodeUtf16leFatal(b)).toBe(nativeFatal('utf-16le', b, true));
    }), { numRuns: 3000 });
  });

  it('encode and encodeInto equal TextEncoder (lone surrogates, short destinations)', () => {
    const enc = new HostEncoder();
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 12 }), fc.integer({ min: 0, max: 40 }), (s, room) => {
      expect(Array.from(utf8.utf8Encode(s))).toEqual(Array.from(enc.encode(s)));
      const mine = new Uint8Array(room);
      const theirs = new Uint8Array(room);
      expect(utf8.utf8EncodeInto(s, mine)).toBe(enc.encodeInto(s, theirs).written);
      expect(Array.from(mine)).toEqual(Array.from(theirs));
    }), { numRuns: 3000 });
  });
});
