// The component conformance runner (spec-tests/component/): unit tests of its value syntax,
// its jco-convention value conversion, feature directives and command model, the runner's
// verdicts against a scripted fake engine, and the whole component suite on purewasm (no
// failures outside spec-tests/component/expected-failures.json).

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CompileError, LinkError, RuntimeError } from '../src/core/errors.js';
import { ComponentError } from '../src/component/errors.js';
import type { ExternDesc } from '../src/component/api.js';
import type { FuncType, ValType } from '../src/component/types.js';
import { parseSExprs } from '../spec-tests/sexpr.js';
import { TextConverter } from '../spec-tests/text-to-binary.js';
import { loadExpected } from '../spec-tests/expectations.js';
import { formatFailure, summarize } from '../spec-tests/report.js';
import type { CommandResult, FileResult } from '../spec-tests/results.js';
import { updateComponentExpected } from '../spec-tests/component/expectations.js';
import { type ComponentEngine, type InstanceLike, invokeExport } from '../spec-tests/component/engine.js';
import { featureChanges, featuresForFile, parseRunDirective } from '../spec-tests/component/features.js';
import {
  JsShapeError, ValueTypeMismatch, argsToJs, fromJs, isNullable, lowerCamelCase, resultsFromJs, toJs,
} from '../spec-tests/component/jco-values.js';
import { runComponentSuite } from '../spec-tests/component/index.js';
import { runComponentScript } from '../spec-tests/component/runner.js';
import { isAsyncFile } from '../spec-tests/component/suite.js';
import { type CValue, ValueSyntaxError, cvalueEquals, formatCValue, parseCValue } from '../spec-tests/component/values.js';
import { parseComponentWast } from '../spec-tests/component/wast.js';

const v = (text: string): CValue => parseCValue(parseSExprs(text)[0]!);

// Type shorthands.
const T = {
  bool: { kind: 'bool' }, u8: { kind: 'u8' }, s8: { kind: 's8' }, u16: { kind: 'u16' }, s16: { kind: 's16' },
  u32: { kind: 'u32' }, s32: { kind: 's32' }, u64: { kind: 'u64' }, s64: { kind: 's64' },
  f32: { kind: 'f32' }, f64: { kind: 'f64' }, char: { kind: 'char' }, string: { kind: 'string' },
} as const satisfies Record<string, ValType>;
const list = (elem: ValType, length?: number): ValType => (length === undefined ? { kind: 'list', elem } : { kind: 'list', elem, length });
const option = (type: ValType): ValType => ({ kind: 'option', type });
const record = (...fields: [string, ValType][]): ValType => ({ kind: 'record', fields: fields.map(([label, type]) => ({ label, type })) });
const variant = (...cases: [string, ValType?][]): ValType => ({ kind: 'variant', cases: cases.map(([label, type]) => ({ label, type })) });
const result = (ok?: ValType, err?: ValType): ValType => ({ kind: 'result', ok, err });
const func = (params: ValType[], res?: ValType): FuncType => ({ params: params.map((type, i) => ({ name: `p${i}`, type })), result: res });

describe('component values: script syntax', () => {
  it('parses every scalar form', () => {
    expect(v('(bool.const true)')).toEqual({ kind: 'bool', value: true });
    expect(v('(u8.const 0xff)')).toEqual({ kind: 'u8', value: 255 });
    expect(v('(s8.const -1)')).toEqual({ kind: 's8', value: -1 });
    expect(v('(s8.const 0xff)')).toEqual({ kind: 's8', value: -1 });
    expect(v('(u16.const 0xffff)')).toEqual({ kind: 'u16', value: 0xffff });
    expect(v('(s16.const -10)')).toEqual({ kind: 's16', value: -10 });
    expect(v('(u32.const 0xffff_ffff)')).toEqual({ kind: 'u32', value: 0xffffffff });
    expect(v('(s32.const 0x80000000)')).toEqual({ kind: 's32', value: -0x80000000 });
    expect(v('(u64.const 18446744073709551615)')).toEqual({ kind: 'u64', value: 18446744073709551615n });
    expect(v('(s64.const -14)')).toEqual({ kind: 's64', value: -14n });
    expect(v('(f32.const 0.1)')).toEqual({ kind: 'f32', value: Math.fround(0.1) });
    expect(v('(f64.const -0x1p-1)')).toEqual({ kind: 'f64', value: -0.5 });
    expect(Number.isNaN((v('(f32.const nan:0x200000)') as { value: number }).value)).toBe(true);
    expect(v('(char.const "🍰")')).toEqual({ kind: 'char', value: '🍰' });
    expect(v('(str.const "☃\\n")')).toEqual({ kind: 'string', value: '☃\n' });
  });

  it('parses compound forms, with bare values inside record fields', () => {
    expect(v('(record.const (field "name" str.const "p:") (field "scores" list.const (u32.const 10) (u32.const 20)))')).toEqual({
      kind: 'record',
      fields: [
        ['name', { kind: 'string', value: 'p:' }],
        ['scores', { kind: 'list', items: [{ kind: 'u32', value: 10 }, { kind: 'u32', value: 20 }] }],
      ],
    });
    expect(v('(variant.const "poll" (record.const (field "event" enum.const "stream-write")))')).toEqual({
      kind: 'variant', label: 'poll', payload: { kind: 'record', fields: [['event', { kind: 'enum', label: 'stream-write' }]] },
    });
    expect(v('(variant.const "none")')).toEqual({ kind: 'variant', label: 'none' });
    expect(v('(tuple.const (str.const "x") (bool.const false))')).toEqual({ kind: 'tuple', items: [{ kind: 'string', value: 'x' }, { kind: 'bool', value: false }] });
    expect(v('(list.const)')).toEqual({ kind: 'list', items: [] });
    expect(v('(option.none)')).toEqual({ kind: 'option' });
    expect(v('(option.some (u32.const 5))')).toEqual({ kind: 'option', some: { kind: 'u32', value: 5 } });
    expect(v('(result.ok)')).toEqual({ kind: 'result', ok: true });
    expect(v('(result.err (u32.const 404))')).toEqual({ kind: 'result', ok: false, payload: { kind: 'u32', value: 404 } });
    expect(v('(flags.const "a" "c")')).toEqual({ kind: 'flags', labels: ['a', 'c'] });
    expect(v('(flags.const)')).toEqual({ kind: 'flags', labels: [] });
  });

  it('rejects malformed values with a ValueSyntaxError', () => {
    for (const bad of [
      '(u8.const 256)', '(u8.const -1)', '(s8.const 0x100)', '(u32.const 1.5)', '(bool.const 1)', '(char.const "ab")',
      '(char.const "")', '(str.const)', '(option.some)', '(record.const (u32.const 1))', '(record.const (field "a" (u32.const 1)))',
      '(variant.const "a" (u32.const 1) (u32.const 2))', '(enum.const)', '(i32.const 1)', '(f32.const x)', '(u32.const 1 2)',
    ]) {
      expect(() => v(bad), bad).toThrow(ValueSyntaxError);
    }
  });

  it('formats values back to the script syntax', () => {
    for (const s of [
      '(record.const (field "a" u32.const 1) (field "b" str.const "x"))', '(variant.const "c" (f64.const -0))',
      '(option.some (option.none))', '(result.err)', '(flags.const "x" "y")', '(list.const (char.const "a"))',
    ]) {
      expect(formatCValue(v(s))).toBe(s);
    }
  });

  it('compares values: one NaN, signed zeros differ, flags are sets', () => {
    expect(cvalueEquals(v('(f32.const nan)'), v('(f32.const nan:0x1)'))).toBe(true);
    expect(cvalueEquals(v('(f64.const 0)'), v('(f64.const -0)'))).toBe(false);
    expect(cvalueEquals(v('(flags.const "a" "b")'), v('(flags.const "b" "a")'))).toBe(true);
    expect(cvalueEquals(v('(u32.const 1)'), v('(s32.const 1)'))).toBe(false);
    expect(cvalueEquals(v('(variant.const "a")'), v('(variant.const "a" (u8.const 0))'))).toBe(false);
    expect(cvalueEquals(v('(record.const (field "a" u8.const 1))'), v('(record.const (field "b" u8.const 1))'))).toBe(false);
  });
});

describe("component values: jco's JS conventions", () => {
  it('names fields, flags and functions in lowerCamelCase', () => {
    expect(lowerCamelCase('run-d800')).toBe('runD800');
    expect(lowerCamelCase('i-to-s8')).toBe('iToS8');
    expect(lowerCamelCase('first-name')).toBe('firstName');
    expect(lowerCamelCase('get-HTTP-header')).toBe('getHttpHeader');
    expect(lowerCamelCase('x')).toBe('x');
  });

  it('converts scalars and lists (typed arrays for number elements)', () => {
    expect(toJs(v('(u64.const 5)'), T.u64)).toBe(5n);
    expect(toJs(v('(char.const "⛳")'), T.char)).toBe('⛳');
    const u8s = toJs(v('(list.const (u8.const 1) (u8.const 255))'), list(T.u8));
    expect(u8s).toBeInstanceOf(Uint8Array);
    expect([...(u8s as Uint8Array)]).toEqual([1, 255]);
    expect(toJs(v('(list.const (s64.const -1))'), list(T.s64))).toEqual(BigInt64Array.of(-1n));
    expect(toJs(v('(list.const (f32.const 1.5))'), list(T.f32))).toEqual(Float32Array.of(1.5));
    expect(toJs(v('(list.const (str.const "a") (str.const "b"))'), list(T.string))).toEqual(['a', 'b']);
    expect(toJs(v('(list.const (bool.const true))'), list(T.bool))).toEqual([true]);
    expect(() => toJs(v('(list.const (u8.const 1))'), list(T.u8, 2))).toThrow(ValueTypeMismatch);
  });

  it('converts records, variants, enums and flags', () => {
    const rt = record(['first-name', T.string], ['n', T.u32]);
    expect(toJs(v('(record.const (field "n" u32.const 1) (field "first-name" str.const "x"))'), rt)).toEqual({ firstName: 'x', n: 1 });
    expect(() => toJs(v('(record.const (field "n" u32.const 1))'), rt)).toThrow(/missing field "first-name"/);
    const vt = variant(['a'], ['b', T.f32]);
    expect(toJs(v('(variant.const "a")'), vt)).toEqual({ tag: 'a' });
    expect(toJs(v('(variant.const "b" (f32.const 5))'), vt)).toEqual({ tag: 'b', val: 5 });
    expect(() => toJs(v('(variant.const "b")'), vt)).toThrow(ValueTypeMismatch);
    expect(() => toJs(v('(variant.const "c")'), vt)).toThrow(/no case "c"/);
    expect(toJs(v('(enum.const "green")'), { kind: 'enum', labels: ['red', 'green'] })).toBe('green');
    expect(toJs(v('(flags.const "read-only")'), { kind: 'flags', labels: ['read-only', 'exec'] })).toEqual({ readOnly: true, exec: false });
    expect(() => toJs(v('(flags.const "x")'), { kind: 'flags', labels: ['a'] })).toThrow(ValueTypeMismatch);
  });

  it('represents options with undefined, and nested options with tags', () => {
    expect(isNullable(option(T.u32))).toBe(true);
    expect(isNullable(option(option(T.u32)))).toBe(false);
    expect(toJs(v('(option.none)'), option(T.u32))).toBeUndefined();
    expect(toJs(v('(option.some (u32.const 5))'), option(T.u32))).toBe(5);
    const oo = option(option(T.u32));
    expect(toJs(v('(option.none)'), oo)).toEqual({ tag: 'none' });
    expect(toJs(v('(option.some (option.none))'), oo)).toEqual({ tag: 'some', val: undefined });
    expect(toJs(v('(option.some (option.some (u32.const 1)))'), oo)).toEqual({ tag: 'some', val: 1 });
    // option<option<option<u32>>>: the outer level is nullable again (jco's as_nullable).
    expect(toJs(v('(option.none)'), option(oo))).toBeUndefined();
    expect(fromJs({ tag: 'some', val: 1 }, oo)).toEqual(v('(option.some (option.some (u32.const 1)))'));
    expect(fromJs({ tag: 'some', val: undefined }, oo)).toEqual(v('(option.some (option.none))'));
    expect(fromJs(undefined, option(T.string))).toEqual(v('(option.none)'));
  });

  it('passes results as tagged objects and reads a function result from return or throw', () => {
    const rt = result(T.u32, T.string);
    expect(toJs(v('(result.ok (u32.const 1))'), rt)).toEqual({ tag: 'ok', val: 1 });
    expect(toJs(v('(result.err (str.const "e"))'), rt)).toEqual({ tag: 'err', val: 'e' });
    expect(() => toJs(v('(result.ok)'), rt)).toThrow(ValueTypeMismatch);
    const ft = func([], rt);
    expect(resultsFromJs({ returned: 7 }, ft)).toEqual([v('(result.ok (u32.const 7))')]);
    expect(resultsFromJs({ threw: new ComponentError('nope') }, ft)).toEqual([v('(result.err (str.const "nope"))')]);
    // jco's generated class: only the constructor is named ComponentError.
    class ComponentErrorLike extends Error {
      constructor(readonly payload: unknown) { super(String(payload)); }
    }
    Object.defineProperty(ComponentErrorLike, 'name', { value: 'ComponentError' });
    expect(resultsFromJs({ threw: new ComponentErrorLike('x') }, ft)).toEqual([v('(result.err (str.const "x"))')]);
    expect(resultsFromJs({ threw: new RuntimeError('trap') }, ft)).toBeUndefined();
    // A ComponentError from a function that does not return a result is an error, not a value.
    expect(resultsFromJs({ threw: new ComponentError(1) }, func([], T.u32))).toBeUndefined();
    expect(resultsFromJs({ returned: undefined }, func([]))).toEqual([]);
    expect(() => resultsFromJs({ returned: 1 }, func([]))).toThrow(JsShapeError);
    expect(resultsFromJs({ returned: undefined }, func([], result(undefined, T.u8)))).toEqual([v('(result.ok)')]);
    // result nested in another type stays tagged.
    expect(fromJs([{ tag: 'err', val: 'e' }], list(rt))).toEqual(v('(list.const (result.err (str.const "e")))'));
  });

  it('reads JS results strictly', () => {
    expect(fromJs(Uint32Array.of(1, 2), list(T.u32))).toEqual(v('(list.const (u32.const 1) (u32.const 2))'));
    expect(fromJs({ firstName: 'a', n: 1 }, record(['first-name', T.string], ['n', T.u32]))).toEqual(
      v('(record.const (field "first-name" str.const "a") (field "n" u32.const 1))'),
    );
    expect(fromJs({ readOnly: true, exec: false }, { kind: 'flags', labels: ['read-only', 'exec'] })).toEqual(v('(flags.const "read-only")'));
    expect(fromJs({ tag: 'a' }, variant(['a'], ['b', T.u8]))).toEqual(v('(variant.const "a")'));
    const bad: [unknown, ValType][] = [
      [[1, 2], list(T.u32)], // numbers must come as a typed array
      [Int32Array.of(1), list(T.u32)],
      [256, T.u8], [-1, T.u32], [1.5, T.s32], [-0, T.u8], [1, T.u64], [2n ** 64n, T.u64], [0.1, T.f32], [1, T.bool],
      ['ab', T.char], ['\ud800', T.char], ['\udc00x', T.string], [null, option(T.u32)],
      [{ first_name: 'a', n: 1 }, record(['first-name', T.string], ['n', T.u32])],
      [{ firstName: 'a', n: 1, extra: 0 }, record(['first-name', T.string], ['n', T.u32])],
      [{ tag: 'c' }, variant(['a'])], [{ tag: 'a', val: 1 }, variant(['a'])], [{ tag: 'b' }, variant(['b', T.u8])],
      ['blue', { kind: 'enum', labels: ['red'] }], [{ a: 1 }, { kind: 'flags', labels: ['a'] }],
      [{ tag: 'ok', val: 1 }, result()], [[1], { kind: 'tuple', types: [T.u8, T.u8] }],
      [undefined, { kind: 'own', resource: { name: 'r' } }],
    ];
    for (const [x, t] of bad) expect(() => fromJs(x, t), JSON.stringify(t)).toThrow(JsShapeError);
  });

  it('checks argument counts and types', () => {
    expect(argsToJs([v('(u32.const 1)'), v('(str.const "a")')], func([T.u32, T.string]))).toEqual([1, 'a']);
    expect(() => argsToJs([v('(u32.const 1)')], func([T.u32, T.u32]))).toThrow(/1 argument\(s\) given, the function takes 2/);
    expect(() => argsToJs([v('(s32.const 1)')], func([T.u32]))).toThrow(ValueTypeMismatch);
  });
});

describe('component suite: directives and features', () => {
  it('parses RUN lines, with continuations and both -f spellings', () => {
    expect(parseRunDirective(';; RUN: wast --assert default --snapshot tests/snapshots % -f cm-async,cm-fixed-length-lists\n')?.changes).toEqual([
      ['cm-async', true], ['cm-fixed-length-lists', true],
    ]);
    const d = parseRunDirective(';; RUN: wast % --assert default --snapshot tests/snapshots \\\n;;        -f=cm-async,-cm-more-async-builtins\n\n(assert_invalid)');
    expect(d?.changes).toEqual([['cm-async', true], ['cm-more-async-builtins', false]]);
    expect(featureChanges('wast --features=-exceptions %')).toEqual([['exceptions', false]]);
    expect(parseRunDirective(';; RUN: WAST_STRICT_COMPONENT_INDICES=0 wast % -f cm-async')?.lenientIndices).toBe(true);
    expect(parseRunDirective('(component)')).toBeUndefined();
  });

  it('maps flags onto compileComponent features, explicitly', () => {
    const wt = featuresForFile('bytecodealliance-wasm-tools/missing-features/component-model/async.wast', ';; RUN: wast % -f=-cm-async\n');
    expect(wt.features).toMatchObject({ async: false, values: false, map: false, 'cm-threading': false });
    const vals = featuresForFile('bytecodealliance-wasm-tools/component-model/values/start.wast', ';; RUN: wast % -f cm-values\n');
    expect(vals.features).toMatchObject({ values: true, async: true });
    const gc = featuresForFile('bytecodealliance-wasm-tools/component-model/gc/x.wast', ';; RUN: wast % -f gc,cm-gc\n');
    expect(gc.features).toMatchObject({ gc: true, 'cm-gc': true });
    const cm = featuresForFile('WebAssembly-component-model/values/strings.wast', '(component)');
    expect(cm.features).toMatchObject({ async: true, map: true, fixedLengthLists: true, implements: true, 'cm-threading': true, values: false });
  });

  it('recognises async files', () => {
    expect(isAsyncFile('WebAssembly-component-model/async/deadlock.wast', '')).toBe(true);
    expect(isAsyncFile('bytecodealliance-wasm-tools/component-model/async/lift.wast', '')).toBe(true);
    expect(isAsyncFile('bytecodealliance-wasm-tools/component-model/indices.wast', ';; RUN: wast % -f cm-threading\n')).toBe(true);
    expect(isAsyncFile('bytecodealliance-wasm-tools/missing-features/component-model/async.wast', ';; RUN: wast % -f=-cm-async\n')).toBe(false);
    expect(isAsyncFile('WebAssembly-component-model/values/strings.wast', '')).toBe(false);
  });
});

describe('component suite: command model', () => {
  it('parses every command form the suites use', () => {
    const src = [
      '(component $c (core module $m))',
      '(component definition $D (component $inner))',
      '(component instance $i $D)',
      '(component instance $D)',
      '(component binary "\\00asm" "\\0d\\00\\01\\00")',
      '(assert_malformed (component quote "(type $t u8)" "(type $t u8)") "duplicate")',
      '(assert_malformed (module binary "\\00asm\\01\\00\\00\\00") "x")',
      '(invoke "f")',
      '(assert_return (invoke $i "f" (u32.const 1) (str.const "a")) (bool.const true))',
      '(assert_trap (invoke "f") "unreachable")',
      '(assert_trap (component (core module)) "start")',
      '(assert_unlinkable (component (import "x" (func))) "missing")',
      '(register "r" $i)',
      '(frobnicate)',
    ].join('\n');
    const cmds = parseComponentWast(src);
    expect(cmds.map((c) => c.kind)).toEqual([
      'component', 'component', 'component_instance', 'component_instance', 'component', 'assert_malformed', 'assert_malformed',
      'invoke', 'assert_return', 'assert_trap', 'assert_trap_component', 'assert_unlinkable', 'register', 'bad',
    ]);
    const def = cmds[1]!;
    expect(def.kind === 'component' && def.decl).toMatchObject({ definition: true, id: 'D', source: { kind: 'text', text: '(component  $D (component $inner))' } });
    expect(cmds[2]).toMatchObject({ instance: 'i', definition: 'D' });
    expect(cmds[3]).toMatchObject({ definition: 'D' });
    const bin = cmds[4]!;
    expect(bin.kind === 'component' && bin.decl.source).toEqual({ kind: 'binary', bytes: Uint8Array.of(0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0) });
    expect(cmds[5]).toMatchObject({ decl: { source: { kind: 'quote', text: '(component (type $t u8) (type $t u8))' } } });
    expect(cmds[6]).toMatchObject({ decl: { layer: 'core', source: { kind: 'binary' } } });
    expect(cmds[8]).toMatchObject({ invoke: { instance: 'i', name: 'f', args: [v('(u32.const 1)'), v('(str.const "a")')] }, expected: [v('(bool.const true)')] });
  });

  it('turns a bad value into a bad command, not an exception', () => {
    const [c] = parseComponentWast('(assert_return (invoke "f" (u8.const 300)))');
    expect(c).toMatchObject({ kind: 'bad', head: 'assert_return' });
  });
});

// ---------------------------------------------------------------------------
// jco as an oracle for the conventions: for each type T, a component exports g(x: T) -> T
// that forwards its flat arguments to an imported host function h(x: T) -> T. A wast value goes
// toJs -> jco lowering -> core -> jco lifting -> host (checked with fromJs) -> jco lowering ->
// memory -> jco lifting -> resultsFromJs, and must come back equal.

interface OracleCase {
  /** Type definition text; named (imported as a type) when `named`. */
  readonly wat: string;
  readonly named: boolean;
  readonly type: ValType;
  /** The flattened core parameters of T. */
  readonly flat: string;
  /** The single flat result type, or undefined when results go through memory. */
  readonly flatResult?: string;
  readonly values: readonly string[];
}

const ORACLE: readonly OracleCase[] = [
  {
    wat: '(record (field "first-name" string) (field "age" u8))', named: true, type: record(['first-name', T.string], ['age', T.u8]), flat: 'i32 i32 i32',
    values: ['(record.const (field "first-name" str.const "Ada") (field "age" u8.const 36))'],
  },
  {
    wat: '(variant (case "a") (case "b" f32) (case "c" string))', named: true, type: variant(['a'], ['b', T.f32], ['c', T.string]), flat: 'i32 i32 i32',
    values: ['(variant.const "a")', '(variant.const "b" (f32.const -1.5))', '(variant.const "c" (str.const "☃"))'],
  },
  {
    wat: '(option (option u32))', named: false, type: option(option(T.u32)), flat: 'i32 i32 i32',
    values: ['(option.none)', '(option.some (option.none))', '(option.some (option.some (u32.const 7)))'],
  },
  {
    wat: '(option u32)', named: false, type: option(T.u32), flat: 'i32 i32', values: ['(option.none)', '(option.some (u32.const 0))'],
  },
  {
    wat: '(flags "read-only" "exec")', named: true, type: { kind: 'flags', labels: ['read-only', 'exec'] }, flat: 'i32', flatResult: 'i32',
    values: ['(flags.const)', '(flags.const "read-only")', '(flags.const "exec" "read-only")'],
  },
  {
    wat: '(enum "red" "light-green")', named: true, type: { kind: 'enum', labels: ['red', 'light-green'] }, flat: 'i32', flatResult: 'i32',
    values: ['(enum.const "light-green")'],
  },
  { wat: '(list u16)', named: false, type: list(T.u16), flat: 'i32 i32', values: ['(list.const)', '(list.const (u16.const 1) (u16.const 65535))'] },
  { wat: '(list u64)', named: false, type: list(T.u64), flat: 'i32 i32', values: ['(list.const (u64.const 18446744073709551615))'] },
  { wat: '(list string)', named: false, type: list(T.string), flat: 'i32 i32', values: ['(list.const (str.const "a") (str.const ""))'] },
  { wat: '(list bool)', named: false, type: list(T.bool), flat: 'i32 i32', values: ['(list.const (bool.const true) (bool.const false))'] },
  {
    wat: '(tuple string s64 char)', named: false, type: { kind: 'tuple', types: [T.string, T.s64, T.char] }, flat: 'i32 i32 i64 i32',
    values: ['(tuple.const (str.const "x") (s64.const -14) (char.const "🍰"))'],
  },
  { wat: 'char', named: false, type: T.char, flat: 'i32', flatResult: 'i32', values: ['(char.const "⛳")'] },
  { wat: 'u64', named: false, type: T.u64, flat: 'i64', flatResult: 'i64', values: ['(u64.const 18446744073709551615)'] },
  { wat: 'f64', named: false, type: T.f64, flat: 'f64', flatResult: 'f64', values: ['(f64.const -0)', '(f64.const nan)'] },
  {
    wat: '(result u32 (error string))', named: false, type: result(T.u32, T.string), flat: 'i32 i32 i32',
    values: ['(result.ok (u32.const 3))', '(result.err (str.const "no"))'],
  },
  { wat: '(result)', named: false, type: result(), flat: 'i32', flatResult: 'i32', values: ['(result.ok)', '(result.err)'] },
];

function oracleComponent(c: OracleCase): string {
  const n = c.flat.split(' ').length;
  const args = Array.from({ length: n }, (_, i) => `(local.get ${i})`).join(' ');
  const types = c.named ? `(type $T0 ${c.wat}) (import "t" (type $T (eq $T0)))` : `(type $T ${c.wat})`;
  const shim = c.flatResult
    ? `(import "" "h" (func $h (param ${c.flat}) (result ${c.flatResult})))
       (func (export "g") (param ${c.flat}) (result ${c.flatResult}) (call $h ${args}))`
    : `(import "" "h" (func $h (param ${c.flat} i32)))
       (func (export "g") (param ${c.flat}) (result i32) (call $h ${args} (i32.const 256)) (i32.const 256))`;
  return `(component
  ${types}
  (import "h" (func $h (param "x" $T) (result $T)))
  (core module $mem (memory (export "m") 1) (global $p (mut i32) (i32.const 4096))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) (local $r i32)
      (local.set $r (i32.and (i32.add (global.get $p) (i32.const 7)) (i32.const -8)))
      (global.set $p (i32.add (local.get $r) (local.get 3))) (local.get $r)))
  (core instance $mi (instantiate $mem))
  (core func $hl (canon lower (func $h) (memory (core memory $mi "m")) (realloc (core func $mi "realloc"))))
  (core module $shim ${shim})
  (core instance $si (instantiate $shim (with "" (instance (export "h" (func $hl))))))
  (func (export "g") (param "x" $T) (result $T)
    (canon lift (core func $si "g") (memory (core memory $mi "m")) (realloc (core func $mi "realloc"))))
)`;
}

/** The host's WebAssembly.Module (jco's generated code instantiates its core modules with the host). */
const HostModule = (globalThis as unknown as { WebAssembly: { Module: new (bytes: Uint8Array) => object } }).WebAssembly.Module;

describe("jco as an oracle of the conventions", () => {
  it('round-trips every value form through jco-generated bindings', { timeout: 60_000 }, async () => {
    const { parse, transpile } = await import('@bytecodealliance/jco');
    const dir = mkdtempSync(join(tmpdir(), 'purewasm-jco-oracle-'));
    try {
      for (const [i, c] of ORACLE.entries()) {
        const out = await transpile(await parse(oracleComponent(c)), { name: `c${i}`, instantiation: 'sync', noTypescript: true, quiet: true });
        for (const [name, bytes] of Object.entries(out.files)) writeFileSync(join(dir, name), bytes);
        const mod = (await import(pathToFileURL(join(dir, `c${i}.js`)).href)) as {
          instantiate(get: (p: string) => object, imports: Record<string, unknown>): Record<string, unknown>;
        };
        const seen: unknown[] = [];
        const isResult = c.type.kind === 'result';
        const host = (x: unknown): unknown => {
          seen.push(x);
          if (!isResult) return x;
          const r = x as { tag: string; val: unknown };
          if (r.tag === 'ok') return r.val;
          throw new ComponentError(r.val);
        };
        const exportsObj = mod.instantiate((p) => new HostModule(readFileSync(join(dir, p))), { h: { default: host } });
        const inst: InstanceLike = { exports: exportsObj, exportTypes: new Map([['g', fnType([['x', c.type]], c.type)]]) };
        for (const text of c.values) {
          const value = v(text);
          seen.length = 0;
          const r = invokeExport(inst, 'g', [value]);
          const back = 'values' in r ? r.values.map(formatCValue).join(' ') : `threw ${String(r.error)}`;
          expect('values' in r && r.values.length === 1 && cvalueEquals(r.values[0]!, value), `${c.wat} ${text} -> ${back}`).toBe(true);
          // What the host received (lifted by jco) reads back as the same value.
          expect(cvalueEquals(fromJs(seen[0], c.type), value), `${c.wat} ${text} at the host`).toBe(true);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// ---------------------------------------------------------------------------
// The runner against a scripted engine: compile rejects binaries containing the name
// "bad-marker", instantiate fails to link those containing "needs-import" and otherwise yields
// one fixed jco-shaped instance.

const fnType = (params: [string, ValType][], res?: ValType): ExternDesc => ({
  kind: 'func',
  type: { params: params.map(([name, type]) => ({ name, type })), result: res },
});

function fakeInstance(): InstanceLike {
  const person = record(['first-name', T.string], ['age', T.u8]);
  return {
    exports: {
      getU32: () => 1,
      echoPerson: (p: unknown) => p,
      div: (a: number, b: number) => {
        if (b === 0) throw new ComponentError('division by zero');
        return Math.floor(a / b);
      },
      boom: () => {
        throw new RuntimeError('unreachable executed');
      },
      wrongShape: () => 'x',
      bytes: (n: number) => new Uint8Array(n),
    },
    exportTypes: new Map<string, ExternDesc>([
      ['get-u32', fnType([], T.u32)],
      ['echo-person', fnType([['p', person]], person)],
      ['div', fnType([['a', T.u32], ['b', T.u32]], result(T.u32, T.string))],
      ['boom', fnType([])],
      ['wrong-shape', fnType([], T.u32)],
      ['bytes', fnType([['n', T.u32]], list(T.u8))],
    ]),
  };
}

const contains = (bytes: Uint8Array, s: string): boolean => Buffer.from(bytes).includes(Buffer.from(s));

const fakeEngine: ComponentEngine = {
  name: 'fake',
  compile(bytes) {
    if (contains(bytes, 'bad-marker')) throw new CompileError('invalid: bad-marker', 9);
    return bytes;
  },
  compileCore() {
    throw new CompileError('no core modules here');
  },
  instantiate(c) {
    if (contains(c as Uint8Array, 'needs-import')) throw new LinkError('missing import "needs-import"');
    return fakeInstance();
  },
  classify(e) {
    const name = e instanceof Error ? e.name : typeof e;
    const message = e instanceof Error ? e.message : String(e);
    const kind = e instanceof CompileError ? 'compile' : e instanceof LinkError ? 'link' : e instanceof RuntimeError ? 'trap' : 'other';
    return { kind, name, message };
  },
};

describe('component runner verdicts (scripted engine)', () => {
  it('gives each command the right verdict', { timeout: 60_000 }, async () => {
    const script = `
(component $A (core module $m))
(assert_return (invoke "get-u32") (u32.const 1))
(assert_return (invoke "get-u32") (u32.const 2))
(assert_return (invoke "echo-person" (record.const (field "first-name" str.const "Ada") (field "age" u8.const 36)))
  (record.const (field "first-name" str.const "Ada") (field "age" u8.const 36)))
(assert_return (invoke "div" (u32.const 7) (u32.const 2)) (result.ok (u32.const 3)))
(assert_return (invoke "div" (u32.const 7) (u32.const 0)) (result.err (str.const "division by zero")))
(assert_return (invoke "bytes" (u32.const 2)) (list.const (u8.const 0) (u8.const 0)))
(assert_trap (invoke "boom") "unreachable")
(assert_trap (invoke "get-u32") "unreachable")
(assert_return (invoke "wrong-shape") (u32.const 1))
(assert_return (invoke "get-u32" (u32.const 1)) (u32.const 1))
(assert_return (invoke "no-such") (u32.const 1))
(invoke "boom")
(assert_invalid (component (core module (@name "bad-marker"))) "bad")
(assert_invalid (component (core module)) "should not compile")
(assert_unlinkable (component (core module (@name "needs-import"))) "missing")
(component definition $D (core module (@name "bad-marker")))
(component instance $d $D)
(assert_return (invoke $d "get-u32") (u32.const 1))
(assert_malformed (component quote "(type $t u8) (type $t u8)") "duplicate")
(assert_malformed (module binary "\\00asm\\01\\00\\00\\00") "x")
`;
    const results = await runComponentScript(fakeEngine, 'x.wast', script, new TextConverter({ cacheDir: null }));
    const verdicts = results.map((r) => `${r.line} ${r.kind} ${r.verdict}${r.verdict === 'pass' ? '' : `: ${r.reason}`}`);
    expect(verdicts).toEqual([
      '2 module pass',
      '3 assert_return pass',
      '4 assert_return fail: result mismatch',
      '5 assert_return pass',
      '7 assert_return pass',
      '8 assert_return pass',
      '9 assert_return pass',
      '10 assert_trap pass',
      '11 assert_trap fail: expected trap, got result(s)',
      expect.stringMatching(/^12 assert_return fail: result is not in jco's shape: result: "x" is not jco's representation of u32/),
      expect.stringMatching(/^13 assert_return fail: cannot invoke: arguments of "get-u32": 1 argument\(s\) given/),
      expect.stringMatching(/^14 assert_return fail: cannot invoke: no export named "no-such"/),
      '15 action fail: invoke failed: trap',
      '16 assert_invalid pass',
      '17 assert_invalid fail: compiled, expected a CompileError',
      '18 assert_unlinkable pass',
      '19 module fail: component must compile: compile',
      '20 module_instance skip: depends on a module that failed',
      '21 assert_return skip: depends on a module that failed',
      '22 assert_malformed skip: quoted text rejected by the text parser (the text format is under test)',
      '23 assert_malformed pass',
    ]);
    expect(results[1]).toMatchObject({ expected: '(u32.const 1)', actual: '(u32.const 1)' });
    expect(results[2]).toMatchObject({ expected: '(u32.const 2)', actual: '(u32.const 1)' });
  });

  it("instantiates top-level components as each suite's harness does", async () => {
    const src = '(component (core module (@name "needs-import")))\n(assert_invalid (component (core module (@name "bad-marker"))) "x")';
    const conv = new TextConverter({ cacheDir: null });
    const wasmTools = await runComponentScript(fakeEngine, 'bytecodealliance-wasm-tools/component-model/x.wast', src, conv);
    expect(wasmTools.map((r) => r.verdict)).toEqual(['pass', 'pass']);
    expect(wasmTools[0]!.actual).toMatch(/not instantiated/);
    const cm = await runComponentScript(fakeEngine, 'WebAssembly-component-model/validation/x.wast', src, conv);
    expect(cm.map((r) => `${r.verdict} ${r.reason ?? ''}`)).toEqual(['fail instantiation failed: link', 'pass ']);
  });

  it('invokes through the one adapter function', () => {
    const inst = fakeInstance();
    expect(invokeExport(inst, 'div', [v('(u32.const 9)'), v('(u32.const 3)')])).toEqual({ values: [v('(result.ok (u32.const 3))')] });
    const r = invokeExport(inst, 'boom', []);
    expect('error' in r && r.error).toBeInstanceOf(RuntimeError);
  });

  it('skips what needs an engine that is not available, but still checks core modules', async () => {
    const unavailable: ComponentEngine = { ...fakeEngine, unavailable: 'no engine', compileCore: () => ({}) };
    const results = await runComponentScript(unavailable, 'x.wast', '(component)\n(assert_return (invoke "f"))\n(assert_malformed (module binary "") "x")', new TextConverter({ cacheDir: null }));
    expect(results.map((r) => [r.verdict, r.reason])).toEqual([
      ['skip', 'no engine'],
      ['skip', 'no engine'],
      ['fail', 'compiled, expected a CompileError'],
    ]);
  });
});

describe('component expectations file', () => {
  it('lists async files whole and other failures per line, keeping written reasons', () => {
    const dir = mkdtempSync(join(tmpdir(), 'purewasm-cm-expected-'));
    try {
      const path = join(dir, 'expected.json');
      writeFileSync(path, JSON.stringify({ failures: [{ file: 'v/a.wast', line: 3, reason: 'known: written by hand' }] }));
      const cmd = (file: string, line: number, verdict: 'pass' | 'fail'): CommandResult => ({ file, line, kind: 'assert_return', verdict, reason: 'result mismatch' });
      const fileResult = (file: string, commands: CommandResult[]): FileResult => ({ file, group: 'v', excluded: false, passed: 0, failed: commands.length, skipped: 0, commands });
      const results = [
        fileResult('v/a.wast', [cmd('v/a.wast', 3, 'fail'), cmd('v/a.wast', 9, 'fail')]),
        fileResult('async/x.wast', [cmd('async/x.wast', 1, 'fail')]),
      ];
      const list = updateComponentExpected(path, 'purewasm', results, new Set(['async/x.wast']));
      expect(list).toEqual([
        { file: 'async/x.wast', reason: 'async not supported yet' },
        { file: 'v/a.wast', line: 3, kind: 'assert_return', reason: 'known: written by hand' },
        { file: 'v/a.wast', line: 9, kind: 'assert_return', reason: 'result mismatch' },
      ]);
      const s = summarize(results, loadExpected(path));
      expect(s.unexpectedFailures).toEqual([]);
      expect(s.expectedFailures.length).toBe(3);
      expect(readFileSync(path, 'utf8')).toContain('--suite component');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('component conformance suite', () => {
  it('has no unexpected failures on purewasm', { timeout: 120_000 }, async () => {
    const run = await runComponentSuite({ engine: 'purewasm' });
    // The runner's own closing line is reworded so that it is not read as this test run's result.
    console.log(run.report(30).replace(
      /^(\d+) passed, (\d+) failed, (\d+) skipped$/m,
      (_m, p, f, k) => `component spec commands -- passing ${p}, failing ${f} (all listed), skipped ${k}`,
    ));
    expect(run.results.length).toBeGreaterThan(100);
    // Every command of every script is understood by the command model.
    expect(run.results.flatMap((f) => f.commands.filter((c) => c.kind === 'bad').map(formatFailure))).toEqual([]);
    expect(run.summary.unexpectedFailures.map(formatFailure)).toEqual([]);
  });
});
