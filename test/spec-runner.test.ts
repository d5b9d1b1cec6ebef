// Unit tests of the conformance runner's own pieces: the s-expression lexer and
// parser, the wast command model, value parsing/matching, and an end-to-end
// self-check of verdicts on the host engine (node's WebAssembly).

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { F32, F64, numberToF32Bits, numberToF64Bits, parseFloatBits } from '../spec-tests/floats.js';
import { unfoldLegacyTry } from '../spec-tests/legacy-try.js';
import { globToRegExp } from '../spec-tests/suite.js';
import { SpectestFactory, runScript } from '../spec-tests/runner.js';
import { decodeStringBody, parseSExprs, type ListNode, type SNode } from '../spec-tests/sexpr.js';
import { asciiSafeText, TextConverter } from '../spec-tests/text-to-binary.js';
import { matches, parseArg, parseIntBits, parseResult, type Value } from '../spec-tests/values.js';
import { parseWast } from '../spec-tests/wast.js';
import { createEngine as createNodeEngine } from '../spec-tests/engines/node.js';

const bytes = (s: string): number[] => Array.from(decodeStringBody(s));
const one = (src: string): SNode => parseSExprs(src)[0]!;
const f32bits = (t: string): number => Number(parseFloatBits(t, F32));
const f64bits = (t: string): bigint => parseFloatBits(t, F64)!;

describe('strings', () => {
  it('decodes escapes to raw bytes', () => {
    expect(bytes('a\\n\\t\\\\\\\'\\"')).toEqual([0x61, 0x0a, 0x09, 0x5c, 0x27, 0x22]);
    expect(bytes('\\r')).toEqual([0x0d]);
    expect(bytes('\\00\\ff\\7F')).toEqual([0x00, 0xff, 0x7f]);
    expect(bytes('\\u{41}\\u{e9}\\u{1F600}')).toEqual([0x41, 0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80]);
    expect(bytes('é')).toEqual([0xc3, 0xa9]);
    expect(() => decodeStringBody('\\q')).toThrow();
    expect(() => decodeStringBody('\\u{d800}')).toThrow();
  });

  it('concatenates module binary strings exactly', () => {
    const s = parseWast('(module binary "\\00asm" "\\01\\00\\00\\00" "\\ff")');
    const c = s.commands[0]!;
    expect(c.kind).toBe('module');
    if (c.kind !== 'module' || c.module.source.kind !== 'binary') throw new Error('not binary');
    expect(Array.from(c.module.source.bytes)).toEqual([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0xff]);
  });
});

describe('s-expressions', () => {
  it('skips line and nested block comments', () => {
    const src = ';; line (\n(a (; outer (; inner ;) still ;) b) ;; tail )\n(c)';
    const forms = parseSExprs(src);
    expect(forms).toHaveLength(2);
    const a = forms[0] as ListNode;
    expect(a.items.map((i) => i.kind === 'atom' && i.text)).toEqual(['a', 'b']);
    expect(a.line).toBe(2);
    expect(forms[1]!.line).toBe(3);
  });

  it('keeps exact source spans', () => {
    const src = '  (module $m (func) (; c ;) )  (x)';
    const m = one(src);
    expect(src.slice(m.start, m.end)).toBe('(module $m (func) (; c ;) )');
  });

  it('parses strings containing parens and semicolons', () => {
    const l = one('(a ")(;;" "\\"")') as ListNode;
    expect(l.items[1]!.kind).toBe('string');
    expect(l.items).toHaveLength(3);
  });

  it('parses annotations, including odd tokens', () => {
    const l = one('(module (@a x")"y (@b) ,{{};}] ;) (func))') as ListNode;
    const ann = l.items[1] as ListNode;
    expect(ann.annotation).toBe('a');
    expect(l.items).toHaveLength(3);
    const annotated = parseWast('((@a) module (func))');
    expect(annotated.commands[0]!.kind).toBe('module');
  });

  it('reports unbalanced input', () => {
    expect(() => parseSExprs('(a (b)')).toThrow(/unclosed/);
    expect(() => parseSExprs('(a))')).toThrow(/unbalanced/);
    expect(() => parseSExprs('(a "x)')).toThrow(/unterminated string/);
  });
});

describe('wast commands', () => {
  it('models module forms', () => {
    const src = [
      '(module $M (func))',
      '(module definition $D (memory 1))',
      '(module instance $I $D)',
      '(module quote "(func)" ")")',
      '(register "m" $M)',
    ].join('\n');
    const cs = parseWast(src).commands;
    expect(cs.map((c) => c.kind)).toEqual(['module', 'module', 'module_instance', 'module', 'register']);
    const def = cs[1]!;
    if (def.kind !== 'module' || def.module.source.kind !== 'text') throw new Error('bad');
    expect(def.module.definition).toBe(true);
    expect(def.module.id).toBe('D');
    expect(def.module.source.text.replace(/\s+/g, ' ')).toBe('(module $D (memory 1))');
    const q = cs[3]!;
    if (q.kind !== 'module' || q.module.source.kind !== 'quote') throw new Error('bad');
    expect(q.module.source.text).toBe('(func))');
  });

  it('treats a bare module body as an inline module', () => {
    const cs = parseWast('(func) (memory 0) (func (export "f"))').commands;
    expect(cs).toHaveLength(1);
    expect(cs[0]!.kind).toBe('module');
  });

  it('parses assertions', () => {
    const cs = parseWast(`
      (assert_return (invoke $M "f" (i32.const 1) (i64.const -1)) (f32.const nan:canonical))
      (assert_trap (invoke "t") "unreachable")
      (assert_trap (module (start 0)) "x")
      (assert_return (get "g") (i32.const 7))
      (assert_invalid (module (func (result i32))) "type mismatch")
      (assert_malformed (module binary "") "unexpected end")
    `).commands;
    expect(cs.map((c) => c.kind)).toEqual(['assert_return', 'assert_trap', 'assert_trap_module', 'assert_return', 'assert_invalid', 'assert_malformed']);
    const r = cs[0]!;
    if (r.kind !== 'assert_return' || r.action.kind !== 'invoke') throw new Error('bad');
    expect(r.action.module).toBe('M');
    expect(r.action.args).toEqual([{ type: 'i32', bits: 1 }, { type: 'i64', bits: 0xffffffffffffffffn }]);
  });
});

describe('values', () => {
  it('parses integers in every notation', () => {
    expect(parseIntBits('0xffff_ffff', 32)).toBe(0xffffffffn);
    expect(parseIntBits('-0x8000_0000', 32)).toBe(0x80000000n);
    expect(parseIntBits('-1', 32)).toBe(0xffffffffn);
    expect(parseIntBits('+1_000', 32)).toBe(1000n);
    expect(parseIntBits('0x1_0000_0000', 32)).toBeUndefined();
    expect(parseIntBits('-0x8000_0001', 32)).toBeUndefined();
    expect(parseIntBits('18446744073709551615', 64)).toBe(0xffffffffffffffffn);
    expect(parseIntBits('-9223372036854775808', 64)).toBe(0x8000000000000000n);
    expect(parseIntBits('1__0', 32)).toBeUndefined();
  });

  it('parses floats exactly (hex, decimal, inf, nan payloads)', () => {
    expect(f32bits('0x1p-149')).toBe(1);
    expect(f32bits('0x1.fffffep+127')).toBe(0x7f7fffff);
    expect(f32bits('0x1.fffffefp+127')).toBe(0x7f7fffff); // rounds down
    expect(f32bits('0x1.ffffffp+127')).toBe(0x7f800000); // rounds up to inf
    expect(f32bits('-0x0p0')).toBe(0x80000000);
    expect(f32bits('1.5')).toBe(0x3fc00000);
    expect(f32bits('1e10')).toBe(0x501502f9);
    expect(f32bits('+inf')).toBe(0x7f800000);
    expect(f32bits('-inf')).toBe(0xff800000);
    expect(f32bits('nan')).toBe(0x7fc00000);
    expect(f32bits('-nan')).toBe(0xffc00000);
    expect(f32bits('nan:0x200000')).toBe(0x7fa00000);
    expect(f32bits('-nan:0x7f_ffff')).toBe(0xffffffff);
    expect(parseFloatBits('nan:0x800000', F32)).toBeUndefined();
    expect(parseFloatBits('nan:0x0', F32)).toBeUndefined();
    expect(f64bits('0x1.8p1')).toBe(0x4008000000000000n);
    expect(f64bits('0x1p-1074')).toBe(1n);
    expect(f64bits('0x1p-1075')).toBe(0n); // tie to even -> 0
    expect(f64bits('0x1.8p-1074')).toBe(2n); // tie to even -> 2
    expect(f64bits('1.7976931348623157e308')).toBe(0x7fefffffffffffffn);
    expect(f64bits('1.7976931348623159e308')).toBe(0x7ff0000000000000n);
    expect(f64bits('4.9406564584124654e-324')).toBe(1n);
    expect(f64bits('1_000.000_1')).toBe(f64bits('1000.0001'));
    expect(f64bits('1000.0001')).toBe(numberToF64Bits(1000.0001));
    expect(f64bits('nan:0x4000000000000')).toBe(0x7ff4000000000000n);
    expect(f64bits('0.1')).toBe(0x3fb999999999999an);
  });

  it('agrees with the JS number parser on decimal f64 and f32 (property)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const str = (v: number): string => (Object.is(v, -0) ? '-0' : String(v));
        expect(f64bits(str(x))).toBe(numberToF64Bits(x));
        const y = Math.fround(x);
        if (Number.isFinite(y)) expect(f32bits(str(y))).toBe(numberToF32Bits(y));
      }),
      { numRuns: 2000 },
    );
  });

  it('rounds decimal f32 correctly where double rounding would not', () => {
    // 1 + 2^-24 + 2^-60: just above the f32 midpoint; rounding through f64 first loses the 2^-60.
    expect(f32bits('1.00000005960464477550')).toBe(0x3f800001);
    expect(f32bits('1.000000059604644775390625')).toBe(0x3f800000); // exact midpoint: ties to even
  });

  it('parses v128 constants', () => {
    const v = parseArg(one('(v128.const i16x8 1 2 3 4 5 6 7 -1)'));
    expect(v.type).toBe('v128');
    if (v.type !== 'v128') throw new Error('bad');
    expect(Array.from(v.bytes)).toEqual([1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 0xff, 0xff]);
    const f = parseArg(one('(v128.const f32x4 nan:0x1 -0 inf 0x1p0)'));
    if (f.type !== 'v128') throw new Error('bad');
    expect(Array.from(f.bytes.slice(0, 8))).toEqual([1, 0, 0x80, 0x7f, 0, 0, 0, 0x80]);
  });

  it('matches nan patterns by bits', () => {
    const v32 = (bits: number): Value => ({ type: 'f32', bits });
    const canon = parseResult(one('(f32.const nan:canonical)'));
    const arith = parseResult(one('(f32.const nan:arithmetic)'));
    expect(matches(v32(0x7fc00000), canon)).toBe(true);
    expect(matches(v32(0xffc00000), canon)).toBe(true);
    expect(matches(v32(0x7fc00001), canon)).toBe(false);
    expect(matches(v32(0x7fc00001), arith)).toBe(true);
    expect(matches(v32(0x7fa00000), arith)).toBe(false); // signalling
    expect(matches(v32(0x7f800000), arith)).toBe(false); // inf
    const exact = parseResult(one('(f32.const -nan:0x200000)'));
    expect(matches(v32(0xffa00000), exact)).toBe(true);
    expect(matches(v32(0x7fa00000), exact)).toBe(false);
    const zero = parseResult(one('(f64.const -0)'));
    expect(matches({ type: 'f64', bits: 0n }, zero)).toBe(false);
    expect(matches({ type: 'f64', bits: 0x8000000000000000n }, zero)).toBe(true);
    const lanes = parseResult(one('(v128.const f64x2 nan:canonical 1)'));
    const b = new Uint8Array(16);
    const dv = new DataView(b.buffer);
    dv.setBigUint64(0, 0xfff8000000000000n, true);
    dv.setFloat64(8, 1, true);
    expect(matches({ type: 'v128', bytes: b }, lanes)).toBe(true);
    dv.setFloat64(8, 2, true);
    expect(matches({ type: 'v128', bytes: b }, lanes)).toBe(false);
    const either = parseResult(one('(either (i32.const 1) (i32.const 2))'));
    expect(matches({ type: 'i32', bits: 2 }, either)).toBe(true);
    expect(matches({ type: 'i32', bits: 3 }, either)).toBe(false);
    expect(matches({ type: 'i64', bits: 1n }, parseResult(one('(i32.const 1)')))).toBe(false);
  });

  it('parses reference patterns', () => {
    expect(matches({ type: 'ref', ref: { kind: 'null' } }, parseResult(one('(ref.null func)')))).toBe(true);
    expect(matches({ type: 'ref', ref: { kind: 'host', id: 3 } }, parseResult(one('(ref.extern 3)')))).toBe(true);
    expect(matches({ type: 'ref', ref: { kind: 'host', id: 3 } }, parseResult(one('(ref.extern 4)')))).toBe(false);
    expect(matches({ type: 'ref', ref: { kind: 'host', id: 3 } }, parseResult(one('(ref.extern)')))).toBe(true);
    expect(matches({ type: 'ref', ref: { kind: 'null' } }, parseResult(one('(ref.func)')))).toBe(false);
  });
});

describe('helpers', () => {
  it('globs', () => {
    expect(globToRegExp('simd_*.wast').test('simd_lane.wast')).toBe(true);
    expect(globToRegExp('simd_*.wast').test('proposals/x/simd_lane.wast')).toBe(false);
    expect(globToRegExp('**/*.wast').test('proposals/x/a.wast')).toBe(true);
    expect(globToRegExp('**/*.wast').test('a.wast')).toBe(true);
    expect(globToRegExp('{i32,i64}.wast').test('i64.wast')).toBe(true);
  });

  it('escapes non-ASCII in module text strings for the converter', () => {
    expect(asciiSafeText('(module (func (export "é")) ;; ü\n)')).toBe('(module (func (export "\\c3\\a9")) ;; ?\n)');
  });

  it('unfolds legacy try blocks', () => {
    const out = unfoldLegacyTry('(func (try (result i32) (do (i32.const 1)) (catch $e (i32.const 2)) (catch_all (i32.const 3))))');
    expect(out.replace(/\s+/g, ' ')).toBe('(func try (result i32) (i32.const 1) catch $e (i32.const 2) catch_all (i32.const 3) end )');
    expect(unfoldLegacyTry('(func (try (do nop) (delegate 0)))').replace(/\s+/g, ' ')).toBe('(func try nop delegate 0 )');
  });
});

describe('runner verdicts on the host engine', () => {
  const engine = createNodeEngine();
  const run = (src: string) => runScript(engine, 'self-test.wast', src, new TextConverter({ cacheDir: null }), new SpectestFactory(engine));

  it('checks results bit-exactly, including NaN payloads and v128', async () => {
    const rs = await run(`
      (module
        (func (export "snan") (result f32) (f32.const nan:0x200001))
        (func (export "id64") (param f64) (result f64) (local.get 0))
        (func (export "v") (param v128) (result v128) (i32x4.add (local.get 0) (v128.const i32x4 1 1 1 1)))
        (func (export "i64") (param i64) (result i64) (i64.add (local.get 0) (i64.const 1)))
        (func (export "two") (result i32 f32) (i32.const 1) (f32.const -0))
        (global (export "gf") f32 (f32.const nan:0x1))
        (global (export "gv") v128 (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15))
      )
      (assert_return (invoke "snan") (f32.const nan:0x200001))
      (assert_return (invoke "snan") (f32.const nan:0x200002))
      (assert_return (invoke "snan") (f32.const nan:arithmetic))
      (assert_return (invoke "id64" (f64.const -nan:0x1)) (f64.const -nan:0x1))
      (assert_return (invoke "v" (v128.const i32x4 0 -1 2 3)) (v128.const i32x4 1 0 3 4))
      (assert_return (invoke "v" (v128.const i32x4 0 -1 2 3)) (v128.const i32x4 1 0 3 5))
      (assert_return (invoke "i64" (i64.const -1)) (i64.const 0))
      (assert_return (invoke "i64" (i64.const 0x7fffffffffffffff)) (i64.const 0x8000000000000000))
      (assert_return (invoke "two") (i32.const 1) (f32.const -0))
      (assert_return (invoke "two") (i32.const 1) (f32.const 0))
      (assert_return (get "gf") (f32.const nan:0x1))
      (assert_return (get "gv") (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15))
    `);
    expect(rs.map((r) => r.verdict)).toEqual(['pass', 'pass', 'fail', 'fail', 'pass', 'pass', 'fail', 'pass', 'pass', 'pass', 'fail', 'pass', 'pass']);
  });

  it('classifies traps, exhaustion, link and compile errors', async () => {
    const rs = await run(`
      (module $M
        (func (export "trap") unreachable)
        (func $loop (export "loop") (call $loop))
        (func (export "ok") (result i32) (i32.const 1)))
      (register "M" $M)
      (assert_trap (invoke "trap") "unreachable")
      (assert_trap (invoke "ok") "nothing")
      (assert_exhaustion (invoke "loop") "call stack exhausted")
      (assert_exhaustion (invoke "trap") "call stack exhausted")
      (assert_unlinkable (module (import "M" "nope" (func))) "unknown import")
      (assert_unlinkable (module (import "M" "ok" (func (result i32)))) "incompatible import type")
      (assert_invalid (module (func (result i32))) "type mismatch")
      (assert_invalid (module (func (result i32) (i32.const 0))) "type mismatch")
      (assert_malformed (module binary "\\00asm\\01") "unexpected end")
      (module (import "spectest" "print_i32" (func (param i32))) (import "spectest" "global_i64" (global i64)))
      (assert_unlinkable (module (import "spectest" "print_i32" (func (param i64)))) "incompatible import type")
      (assert_trap (module (func $f unreachable) (start $f)) "unreachable")
      (module quote "(module)")
    `);
    expect(rs.map((r) => [r.line, r.verdict])).toEqual([
      [2, 'pass'], [6, 'pass'], [7, 'pass'], [8, 'fail'], [9, 'pass'], [10, 'fail'], [11, 'pass'], [12, 'fail'],
      [13, 'pass'], [14, 'fail'], [15, 'pass'], [16, 'pass'], [17, 'pass'], [18, 'pass'], [19, 'skip'],
    ]);
  });

  it('instantiates module definitions generatively', async () => {
    const rs = await run(`
      (module definition $D
        (global (export "g") (mut i32) (i32.const 0))
        (func (export "inc") (global.set 0 (i32.add (global.get 0) (i32.const 1)))))
      (module instance $I1 $D)
      (module instance $D)
      (invoke $I1 "inc")
      (assert_return (get $I1 "g") (i32.const 1))
      (assert_return (get "g") (i32.const 0))
    `);
    expect(rs.map((r) => r.verdict)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass', 'pass']);
  });

  it('skips commands depending on a failed module, and counts the failure once', async () => {
    const rs = await run(`
      (module $A (func (export "f") (result i32) (i32.const 0) (i32.const 1)))
      (assert_return (invoke "f") (i32.const 1))
      (register "A")
      (module (import "A" "f" (func (result i32))))
    `);
    expect(rs.map((r) => r.verdict)).toEqual(['fail', 'skip', 'skip', 'skip']);
  });
});
