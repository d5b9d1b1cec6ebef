// WAVE (src/cli/wave): parsing WAVE text into jco-convention JS values for a type, printing them
// back, function calls, errors. Spec: wasm-tools crates/wasm-wave/README.md. The property test
// round-trips random values of random types (depth ≤ 4) through print → parse.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ComponentValType as ValType } from '../src/index.js';
import { argsToJs, parseFuncCall, parseValue, printValue, WaveError } from '../src/cli/wave/index.js';
import { formatFloat, parseFloatToken } from '../src/cli/wave/float.js';
import { lowerCamel } from '../src/cli/wave/names.js';

const T = {
  bool: { kind: 'bool' }, u8: { kind: 'u8' }, s8: { kind: 's8' }, u16: { kind: 'u16' }, s16: { kind: 's16' },
  u32: { kind: 'u32' }, s32: { kind: 's32' }, u64: { kind: 'u64' }, s64: { kind: 's64' },
  f32: { kind: 'f32' }, f64: { kind: 'f64' }, char: { kind: 'char' }, string: { kind: 'string' },
} as const satisfies Record<string, ValType>;
const list = (elem: ValType, length?: number): ValType => (length === undefined ? { kind: 'list', elem } : { kind: 'list', elem, length });
const option = (type: ValType): ValType => ({ kind: 'option', type });
const result = (ok?: ValType, err?: ValType): ValType => ({ kind: 'result', ok, err });
const record = (fields: [string, ValType][]): ValType => ({ kind: 'record', fields: fields.map(([label, type]) => ({ label, type })) });
const variant = (cases: [string, ValType?][]): ValType => ({ kind: 'variant', cases: cases.map(([label, type]) => ({ label, type })) });
const enumT = (...labels: string[]): ValType => ({ kind: 'enum', labels });
const flags = (...labels: string[]): ValType => ({ kind: 'flags', labels });
const tuple = (...types: ValType[]): ValType => ({ kind: 'tuple', types });

function err(text: string, t: ValType): string {
  try {
    parseValue(text, t);
  } catch (e) {
    if (e instanceof WaveError) return e.describe(text);
    throw e;
  }
  throw new Error(`accepted: ${text}`);
}

describe('WAVE: parsing for a type', () => {
  it('bools, integers and their ranges', () => {
    expect(parseValue('true', T.bool)).toBe(true);
    expect(parseValue(' false ', T.bool)).toBe(false);
    expect(parseValue('255', T.u8)).toBe(255);
    expect(parseValue('-128', T.s8)).toBe(-128);
    expect(parseValue('-0', T.s32)).toBe(0);
    expect(parseValue('18446744073709551615', T.u64)).toBe(18446744073709551615n);
    expect(parseValue('-9223372036854775808', T.s64)).toBe(-9223372036854775808n);
    expect(err('256', T.u8)).toMatch(/256 is out of range for u8 at columns 1-3/);
    expect(err('-0', T.u8)).toMatch(/out of range for u8/);
    expect(err('-129', T.s8)).toMatch(/out of range/);
    expect(err('1.0', T.u32)).toMatch(/expected u32 \(an integer\), got the number 1\.0/);
    expect(err('1e3', T.u32)).toMatch(/an integer/);
    expect(err('007', T.u32)).toMatch(/trailing characters/);
    expect(err('"1"', T.u32)).toMatch(/got a string/);
    expect(err('+1', T.u32)).toMatch(/invalid token at column 1/);
  });

  it('floats: JSON numbers, nan, inf, -inf; f32 rounds once, straight from the decimal', () => {
    expect(parseValue('3.14', T.f64)).toBe(3.14);
    expect(parseValue('6.022e+23', T.f64)).toBe(6.022e23);
    expect(parseValue('nan', T.f64)).toBeNaN();
    expect(parseValue('-inf', T.f32)).toBe(-Infinity);
    expect(Object.is(parseValue('-0.0e-0', T.f32), -0)).toBe(true);
    expect(parseValue('3.4028234664e38', T.f32)).toBe(3.4028234663852886e38); // largest f32
    expect(parseValue('3.4028234664e39', T.f32)).toBe(Infinity);
    expect(parseValue('1.4012984643e-45', T.f32)).toBe(2 ** -149);
    expect(parseValue('1.4012984643e-46', T.f32)).toBe(0);
    // 1 + 2^-24 is exactly halfway between 1 and the next f32: a tie goes to the even one (1);
    // a hair above it must round up, although its nearest double *is* the halfway point.
    expect(parseValue('1.000000059604644775390625', T.f32)).toBe(1);
    expect(parseValue('1.0000000596046447753906250001', T.f32)).toBe(1 + 2 ** -23);
    expect(parseValue('1.0000000596046447753906249999', T.f32)).toBe(1);
    expect(parseValue('-1.0000000596046447753906250001', T.f32)).toBe(-(1 + 2 ** -23));
    // just below / at the point where f32 overflows to infinity
    expect(parseFloatToken('340282356779733661637539395458142568447.9', 32)).toBe(3.4028234663852886e38);
    expect(parseFloatToken('340282356779733661637539395458142568448', 32)).toBe(Infinity);
    for (const bad of ['-nan', 'NaN', 'infinity', 'Inf', '-Infinity', '.5', '1.', '0x10']) expect(() => parseValue(bad, T.f64)).toThrow(WaveError);
  });

  it('floats are written with the shortest digits, without exponents (as Rust displays them)', () => {
    expect(formatFloat(0.1, 64)).toBe('0.1');
    expect(formatFloat(Math.fround(0.1), 32)).toBe('0.1');
    expect(formatFloat(1e21, 64)).toBe('1000000000000000000000');
    expect(formatFloat(1e-7, 64)).toBe('0.0000001');
    expect(formatFloat(-0, 32)).toBe('-0');
    expect(formatFloat(NaN, 64)).toBe('nan');
    expect(formatFloat(-Infinity, 32)).toBe('-inf');
    expect(formatFloat(3.4028234663852886e38, 32)).toBe('340282350000000000000000000000000000000');
    expect(formatFloat(2 ** -149, 32)).toBe('0.000000000000000000000000000000000000000000001');
    expect(formatFloat(-3.1415, 64)).toBe('-3.1415');
    fc.assert(fc.property(fc.float(), (x) => Object.is(parseFloatToken(formatFloat(x, 32), 32), x)), { numRuns: 2000 });
    fc.assert(fc.property(fc.double(), (x) => Object.is(parseFloatToken(formatFloat(x, 64), 64), x)), { numRuns: 2000 });
  });

  it('chars and strings with escapes; multiline strings', () => {
    expect(parseValue("'x'", T.char)).toBe('x');
    expect(parseValue("'🌊'", T.char)).toBe('🌊');
    expect(parseValue("'\\''", T.char)).toBe("'");
    expect(parseValue("'\"'", T.char)).toBe('"');
    expect(parseValue("'\\u{0}'", T.char)).toBe('\0');
    expect(parseValue("'\\u{01F30A}'", T.char)).toBe('🌊');
    expect(parseValue('"a\\tb\\n\\r\\\\\\"\\u{2603}\'"', T.string)).toBe('a\tb\n\r\\"☃\'');
    expect(parseValue('"""\n    indented\n  two\n  """', T.string)).toBe('  indented\ntwo');
    expect(parseValue('"""\n"""', T.string)).toBe('');
    expect(parseValue('"""\n  a ""\\"\n  """', T.string)).toBe('a """');
    expect(() => parseValue('"""\n  a \\"""\n  """', T.string)).toThrow(WaveError); // \""" still ends it
    for (const bad of ["''", "'ab'", "'\\z'", "'\\u{110000}'", "'\\u{d800}'", "'\n'", "'''"]) expect(() => parseValue(bad, T.char)).toThrow(WaveError);
    for (const bad of ['"\\u{dfff}"', '"\\x41"', '"a\nb"', '"unterminated', '"""x\n"""', '"""\nx"""', '"""\n a\n  """']) {
      expect(() => parseValue(bad, T.string)).toThrow(WaveError);
    }
    expect(err('"\\u{d800}"', T.string)).toMatch(/invalid character escape at column 2/);
  });

  it('lists (numeric ones as typed arrays), fixed-length lists, tuples', () => {
    expect(parseValue('[1, 2, 3,]', list(T.u8))).toStrictEqual(new Uint8Array([1, 2, 3]));
    expect(parseValue('[-1]', list(T.s64))).toStrictEqual(new BigInt64Array([-1n]));
    expect(parseValue('[0.5]', list(T.f32))).toStrictEqual(new Float32Array([0.5]));
    expect(parseValue('["a", "b"]', list(T.string))).toStrictEqual(['a', 'b']);
    expect(parseValue('[]', list(list(T.u16)))).toStrictEqual([]);
    expect(parseValue('[1, 2]', list(T.u8, 2))).toStrictEqual([1, 2]);
    expect(err('[1]', list(T.u8, 2))).toMatch(/expected 2 elements/);
    expect(parseValue('(1, "x")', tuple(T.u8, T.string))).toStrictEqual([1, 'x']);
    expect(err('(1)', tuple(T.u8, T.string))).toMatch(/expected 2 values/);
    expect(err('()', tuple(T.u8))).toMatch(/empty tuple/);
    for (const bad of ['[1,,]', '[,1]', '[,]', '[1 2]', '[1', '[)']) expect(() => parseValue(bad, list(T.u8))).toThrow(WaveError);
  });

  it('records: fields in any order, option fields may be left out, {:} is the empty record', () => {
    const r = record([['required', T.u8], ['optional', option(T.u8)], ['b-c', T.string]]);
    expect(parseValue('{required: 1, b-c: "x"}', r)).toStrictEqual({ required: 1, optional: undefined, bC: 'x' });
    expect(parseValue('{ b-c: "", optional: some(2), %required: 1, }', r)).toStrictEqual({ required: 1, optional: 2, bC: '' });
    expect(parseValue('{required: 1, optional: 3, b-c: ""}', r)).toStrictEqual({ required: 1, optional: 3, bC: '' });
    const opt = record([['a', option(T.u8)], ['b', option(T.u8)]]);
    expect(parseValue('{:}', opt)).toStrictEqual({ a: undefined, b: undefined });
    expect(parseValue('{ : }', opt)).toStrictEqual({ a: undefined, b: undefined });
    expect(err('{}', opt)).toMatch(/write \{:\} for a record/);
    expect(err('{optional: none}', r)).toMatch(/missing field "required"/);
    expect(err('{required: 1, required: 2, b-c: ""}', r)).toMatch(/duplicate field "required"/);
    expect(err('{required: 1, b-c: "", extra: 2}', r)).toMatch(/unknown field "extra"/);
    expect(err('{required: 1 b-c: ""}', r)).toMatch(/expected `,` or `\}`/);
    const kw = record([['true', T.bool], ['none', option(T.u8)], ['inf', T.f32]]);
    expect(parseValue('{true: true, none: none, inf: inf}', kw)).toStrictEqual({ true: true, none: undefined, inf: Infinity });
  });

  it('variants and enums: keyword cases need %; payloads must match', () => {
    const v = variant([['empty'], ['body', list(T.u8)], ['err', T.string], ['none']]);
    expect(parseValue('empty', v)).toStrictEqual({ tag: 'empty' });
    expect(parseValue('body([79, 75])', v)).toStrictEqual({ tag: 'body', val: new Uint8Array([79, 75]) });
    expect(parseValue('%err("oops")', v)).toStrictEqual({ tag: 'err', val: 'oops' });
    expect(parseValue('%none', v)).toStrictEqual({ tag: 'none' });
    expect(err('none', v)).toMatch(/write %none for the case named none/);
    expect(err('err("x")', v)).toMatch(/write %err/);
    expect(err('body', v)).toMatch(/needs a payload/);
    expect(err('empty(1)', v)).toMatch(/has no payload/);
    expect(err('other', v)).toMatch(/unknown case "other"/);
    const e = enumT('ok', 'not-found', 'true');
    expect(parseValue('%ok', e)).toBe('ok');
    expect(parseValue('not-found', e)).toBe('not-found');
    expect(parseValue('%not-found', e)).toBe('not-found');
    expect(err('ok', e)).toMatch(/write %ok/);
    expect(err('true', e)).toMatch(/write %true/);
    expect(err('nf', e)).toMatch(/unknown case/);
  });

  it('options and results: variant forms and flat payloads', () => {
    expect(parseValue('some(5)', option(T.u8))).toBe(5);
    expect(parseValue('5', option(T.u8))).toBe(5);
    expect(parseValue('none', option(T.u8))).toBe(undefined);
    const oo = option(option(T.u8));
    expect(parseValue('some(some(5))', oo)).toStrictEqual({ tag: 'some', val: 5 });
    expect(parseValue('some(5)', oo)).toStrictEqual({ tag: 'some', val: 5 });
    expect(parseValue('some(none)', oo)).toStrictEqual({ tag: 'some', val: undefined });
    expect(parseValue('none', oo)).toStrictEqual({ tag: 'none' });
    expect(() => parseValue('5', oo)).toThrow(/expected option<option<u8>>/);
    for (const bad of ['some', 'some()', 'none()', 'none(0)', 'some(some(0))']) expect(() => parseValue(bad, option(T.u8))).toThrow(WaveError);
    const r = result(T.u8, T.string);
    expect(parseValue('ok(1)', r)).toStrictEqual({ tag: 'ok', val: 1 });
    expect(parseValue('1', r)).toStrictEqual({ tag: 'ok', val: 1 });
    expect(parseValue('err("x")', r)).toStrictEqual({ tag: 'err', val: 'x' });
    expect(parseValue('ok', result(undefined, T.string))).toStrictEqual({ tag: 'ok', val: undefined });
    expect(parseValue('err', result())).toStrictEqual({ tag: 'err', val: undefined });
    expect(err('ok', result(T.u8))).toMatch(/ok needs a payload/);
    expect(err('err(0)', result(T.u8))).toMatch(/err has no payload/);
    expect(err('ok()', result(T.u8))).toMatch(/unexpected `\)`/);
    expect(err('o(0)', result(T.u8))).toMatch(/expected u8/);
    expect(() => parseValue('1', result(undefined, T.u8))).toThrow(WaveError);
  });

  it('flags: labels in any order, {} for none set', () => {
    const f = flags('read', 'write', 'exec-all');
    expect(parseValue('{}', f)).toStrictEqual({ read: false, write: false, execAll: false });
    expect(parseValue('{ write, %read, }', f)).toStrictEqual({ read: true, write: true, execAll: false });
    expect(err('{read, read}', f)).toMatch(/duplicate flag "read"/);
    expect(err('{read, execute}', f)).toMatch(/unknown flag "execute"/);
  });

  it('comments and whitespace between tokens', () => {
    const r = record([['a', T.u8], ['b', option(T.u8)]]);
    expect(parseValue('// c\n{ // c\n a: 1, // c\n b: some( // c\n 2 ) } // end', r)).toStrictEqual({ a: 1, b: 2 });
    expect(err('{ a: 1 } // }\n}', r)).toMatch(/trailing characters/);
  });

  it('nesting is limited', () => {
    expect(() => parseValue(`${'['.repeat(200)}${']'.repeat(200)}`, list(T.u8))).toThrow(/nesting too deep/);
  });

  it('types WAVE has no syntax for are errors', () => {
    const own = { kind: 'own', resource: { name: 'r' } } as ValType;
    expect(() => parseValue('1', own)).toThrow(/cannot express/);
    expect(() => printValue({}, own)).toThrow(/cannot express/);
    expect(printValue({}, own, { handle: () => '<r>' })).toBe('<r>');
  });
});

describe('WAVE: printing', () => {
  it('writes as wasm-wave does: explicit some/ok, keyword cases with %, records without none fields', () => {
    expect(printValue(5, option(T.u8))).toBe('some(5)');
    expect(printValue(undefined, option(T.u8))).toBe('none');
    expect(printValue({ tag: 'some', val: undefined }, option(option(T.u8)))).toBe('some(none)');
    expect(printValue({ tag: 'ok', val: undefined }, result())).toBe('ok');
    expect(printValue({ tag: 'err', val: 'x' }, result(T.u8, T.string))).toBe('err("x")');
    expect(printValue({ tag: 'none' }, variant([['none']]))).toBe('%none');
    expect(printValue('ok', enumT('ok'))).toBe('%ok');
    expect(printValue({ a: undefined, b: 2 }, record([['a', option(T.u8)], ['b', T.u8]]))).toBe('{b: 2}');
    expect(printValue({ a: undefined }, record([['a', option(T.u8)]]))).toBe('{:}');
    expect(printValue({ x: true, y: false, z: true }, flags('x', 'y', 'z'))).toBe('{x, z}');
    expect(printValue(new Uint8Array([1, 2]), list(T.u8))).toBe('[1, 2]');
    expect(printValue([1n, 'a'], tuple(T.u64, T.string))).toBe('(1, "a")');
    expect(printValue('a\'"\\\t\n\r\u0007\u00a0\u0301b', T.string)).toBe('"a\\\'\\"\\\\\\t\\n\\r\\u{7}\\u{a0}\\u{301}b"');
    expect(printValue("'", T.char)).toBe("'\\''");
    expect(() => printValue(300.5, T.u32)).toThrow(/cannot write 300.5 as u32/);
    expect(() => printValue({ tag: 'nope' }, variant([['a']]))).toThrow(WaveError);
  });
});

describe('WAVE: function calls', () => {
  it('parses a name and its arguments; trailing options may be left out', () => {
    const c = parseFuncCall('ns:pkg/iface@1.0.0#f(1, "two", )');
    expect(c.name).toBe('ns:pkg/iface@1.0.0#f');
    const params = [{ name: 'a', type: T.u8 }, { name: 'b', type: T.string }, { name: 'c', type: option(T.u8) }, { name: 'd', type: option(option(T.u8)) }];
    expect(argsToJs(c.args, params, c.argsSpan)).toStrictEqual([1, 'two', undefined, { tag: 'none' }]);
    expect(parseFuncCall('  nullary ( ) // done').args).toEqual([]);
    const short = parseFuncCall('f(1)');
    expect(() => argsToJs(short.args, params, short.argsSpan)).toThrow(/missing argument b/);
    const long = parseFuncCall('f(1, "x", 2, 3, 4)');
    expect(() => argsToJs(long.args, params, long.argsSpan)).toThrow(/too many arguments: the function takes 4/);
    for (const bad of ['f', '(1)', 'f g()', 'f(1', 'f(1))', 'f() x']) expect(() => parseFuncCall(bad)).toThrow(WaveError);
  });
});


// ---- the round-trip property ----

const KEYWORD_LABELS = ['true', 'false', 'some', 'none', 'ok', 'err', 'inf', 'nan'];
const labelArb = fc.oneof(
  { weight: 5, arbitrary: fc.array(fc.stringMatching(/^[a-z][a-z0-9]{0,4}$/), { minLength: 1, maxLength: 3 }).map((ws) => ws.join('-')) },
  { weight: 1, arbitrary: fc.constantFrom(...KEYWORD_LABELS) },
);
const labelsArb = (min: number): fc.Arbitrary<string[]> => fc.uniqueArray(labelArb, { minLength: min, maxLength: 5, selector: lowerCamel });

const PRIMS: ValType[] = Object.values(T);

function typeArb(depth: number): fc.Arbitrary<ValType> {
  const prim = fc.constantFrom(...PRIMS);
  if (depth <= 1) {
    return fc.oneof({ weight: 6, arbitrary: prim }, labelsArb(1).map((ls) => enumT(...ls)), labelsArb(1).map((ls) => flags(...ls)));
  }
  const sub = typeArb(depth - 1);
  return fc.oneof(
    { weight: 4, arbitrary: prim },
    sub.map((e) => list(e)),
    fc.tuple(sub, fc.integer({ min: 0, max: 3 })).map(([e, n]) => list(e, n)),
    labelsArb(1).chain((ls) => fc.tuple(...ls.map(() => sub)).map((ts) => record(ls.map((l, i) => [l, ts[i]!])))),
    fc.array(sub, { minLength: 1, maxLength: 3 }).map((ts) => tuple(...ts)),
    labelsArb(1).chain((ls) => fc.tuple(...ls.map(() => fc.option(sub, { nil: undefined }))).map((ts) => variant(ls.map((l, i) => [l, ts[i]])))),
    labelsArb(1).map((ls) => enumT(...ls)),
    sub.map(option),
    fc.tuple(fc.option(sub, { nil: undefined }), fc.option(sub, { nil: undefined })).map(([ok, e]) => result(ok, e)),
    labelsArb(0).map((ls) => flags(...ls)),
  );
}

const TYPED: Record<string, new (xs: never[]) => unknown> = {
  u8: Uint8Array, s8: Int8Array, u16: Uint16Array, s16: Int16Array, u32: Uint32Array, s32: Int32Array,
  u64: BigUint64Array, s64: BigInt64Array, f32: Float32Array, f64: Float64Array,
} as never;

const nullable = (t: ValType): boolean => t.kind === 'option' && !nullable(t.type);

const charArb = fc.oneof(
  fc.integer({ min: 0, max: 0x10ffff }).filter((c) => c < 0xd800 || c > 0xdfff).map((c) => String.fromCodePoint(c)),
  fc.constantFrom('\\', '"', "'", '\n', '\r', '\t', '\0', '\u0085', '\u200b', '\u0301', ' ', '🌊'),
);

function valueArb(t: ValType): fc.Arbitrary<unknown> {
  switch (t.kind) {
    case 'bool': return fc.boolean();
    case 'u8': return fc.integer({ min: 0, max: 255 });
    case 's8': return fc.integer({ min: -128, max: 127 });
    case 'u16': return fc.integer({ min: 0, max: 65535 });
    case 's16': return fc.integer({ min: -32768, max: 32767 });
    case 'u32': return fc.integer({ min: 0, max: 2 ** 32 - 1 });
    case 's32': return fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
    case 'u64': return fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
    case 's64': return fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
    case 'f32': return fc.float();
    case 'f64': return fc.double();
    case 'char': return charArb;
    case 'string': return fc.array(charArb, { maxLength: 8 }).map((cs) => cs.join(''));
    case 'list': {
      if (t.length !== undefined) return fc.array(valueArb(t.elem), { minLength: t.length, maxLength: t.length });
      const typed = TYPED[t.elem.kind];
      const xs = fc.array(valueArb(t.elem), { maxLength: 3 });
      return typed ? xs.map((a) => new typed(a as never[])) : xs;
    }
    case 'tuple': return fc.tuple(...t.types.map(valueArb));
    case 'record':
      return fc.tuple(...t.fields.map((f) => valueArb(f.type))).map((vs) => Object.fromEntries(t.fields.map((f, i) => [lowerCamel(f.label), vs[i]])));
    case 'variant':
      return fc.oneof(...t.cases.map((c) => (c.type === undefined ? fc.constant({ tag: c.label }) : valueArb(c.type).map((val) => ({ tag: c.label, val })))));
    case 'enum': return fc.constantFrom(...t.labels);
    case 'option': {
      const inner = valueArb(t.type);
      return nullable(t.type)
        ? fc.oneof(fc.constant({ tag: 'none' }), inner.map((val) => ({ tag: 'some', val })))
        : fc.oneof(fc.constant(undefined), inner);
    }
    case 'result': {
      const side = (tag: string, pt: ValType | undefined): fc.Arbitrary<unknown> =>
        (pt === undefined ? fc.constant({ tag, val: undefined }) : valueArb(pt).map((val) => ({ tag, val })));
      return fc.oneof(side('ok', t.ok), side('err', t.err));
    }
    case 'flags':
      return fc.tuple(...t.labels.map(() => fc.boolean())).map((bs) => Object.fromEntries(t.labels.map((l, i) => [lowerCamel(l), bs[i]])));
    default: throw new Error(`no values for ${t.kind}`);
  }
}

describe('WAVE: round trip', () => {
  it('print → parse gives back every value of random types (depth ≤ 4) exactly', () => {
    const typeAndValue = typeArb(4).chain((t) => fc.tuple(fc.constant(t), valueArb(t)));
    fc.assert(fc.property(typeAndValue, ([t, v]) => {
      const text = printValue(v, t);
      const back = parseValue(text, t);
      expect(back).toStrictEqual(v);
      expect(printValue(back, t)).toBe(text);
    }), { numRuns: 3000 });
  });
});
