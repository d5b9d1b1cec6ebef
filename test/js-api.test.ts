// The JS API (src/js-api) against the WebAssembly JS API spec: BufferSources, the exports
// object, Exported Functions, Memory/Table/Global/Tag/Exception, ToWebAssemblyValue/ToJSValue,
// LinkErrors, the namespace's shape, compile/instantiate and the streaming functions.
// (scripts/js-api-spec.ts runs the spec repository's own js-api tests; these are ours.)
import { parse } from '@bytecodealliance/jco';
import { describe, expect, it } from 'vitest';
import { WebAssembly } from 'purewasm';

const W = WebAssembly as any;

async function wasm(wat: string): Promise<Uint8Array> {
  return parse(wat);
}

async function instance(wat: string, imports?: object): Promise<Record<string, any>> {
  return new W.Instance(new W.Module(await wasm(wat)), imports).exports;
}

const EMPTY = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);

describe('Module from a BufferSource', () => {
  it('accepts ArrayBuffers, views with a non-zero byteOffset, DataViews and SharedArrayBuffers', async () => {
    const bytes = await wasm('(module (func (export "f") (result i32) (i32.const 42)))');
    const big = new Uint8Array(bytes.length + 13);
    big.set(bytes, 7);
    const view = big.subarray(7, 7 + bytes.length);
    expect(view.byteOffset).toBe(7);
    const sab = new SharedArrayBuffer(bytes.length);
    new Uint8Array(sab).set(bytes);
    for (const source of [bytes.slice().buffer, view, new DataView(big.buffer, 7, bytes.length), sab, new Uint8Array(sab)]) {
      expect(W.validate(source)).toBe(true);
      const exports = new W.Instance(new W.Module(source)).exports;
      expect(exports.f()).toBe(42);
    }
  });

  it('copies the bytes, so later writes do not matter', async () => {
    const bytes = (await wasm('(module (func (export "f") (result i32) (i32.const 1)))')).slice();
    const p = W.compile(bytes);
    bytes.fill(0);
    const m = await p;
    expect(new W.Instance(m).exports.f()).toBe(1);
  });

  it('rejects non-BufferSources with a TypeError and bad bytes with a CompileError', () => {
    for (const bad of [undefined, null, 1, 'abc', {}, [0, 97, 115, 109]]) expect(() => new W.Module(bad)).toThrow(TypeError);
    expect(() => new W.Module(new Uint8Array([1, 2, 3]))).toThrow(W.CompileError);
    const detached = EMPTY.slice().buffer;
    structuredClone(detached, { transfer: [detached] });
    expect(() => new W.Module(detached)).toThrow(W.CompileError);
    expect(W.validate(new Uint8Array(0))).toBe(false);
  });

  it('reflects exports, imports (with kinds) and custom sections', async () => {
    const m = new W.Module(await wasm(`(module
      (import "m" "f" (func)) (import "m" "g" (global i32)) (import "m" "mem" (memory 1))
      (import "m" "t" (table 1 funcref)) (import "m" "tag" (tag))
      (func (export "f2")) (global (export "g2") i32 (i32.const 0)) (tag (export "tag2")))`));
    expect(W.Module.imports(m)).toEqual([
      { module: 'm', name: 'f', kind: 'function' }, { module: 'm', name: 'g', kind: 'global' },
      { module: 'm', name: 'mem', kind: 'memory' }, { module: 'm', name: 't', kind: 'table' },
      { module: 'm', name: 'tag', kind: 'tag' },
    ]);
    expect(W.Module.exports(m)).toEqual([{ name: 'f2', kind: 'function' }, { name: 'g2', kind: 'global' }, { name: 'tag2', kind: 'tag' }]);
    const custom = new Uint8Array([...EMPTY, 0, 6, 4, 0x6e, 0x61, 0x6d, 0x65, 0xab]);
    const cm = new W.Module(custom);
    const sections = W.Module.customSections(cm, 'name');
    expect(sections).toHaveLength(1);
    expect([...new Uint8Array(sections[0])]).toEqual([0xab]);
    expect(W.Module.customSections(cm, 'other')).toEqual([]);
    expect(() => W.Module.customSections(cm)).toThrow(TypeError);
    expect(() => W.Module.exports({})).toThrow(TypeError);
  });

  it('enforces the JS embedding limits (validate is false, compile a CompileError)', async () => {
    const params = Array.from({ length: 1001 }, () => 'i32').join(' ');
    const bytes = await wasm(`(module (type (func (param ${params}))))`);
    expect(W.validate(bytes)).toBe(false);
    expect(() => new W.Module(bytes)).toThrow(W.CompileError);
    expect(W.validate(await wasm(`(module (type (func (param ${params.slice(4)}))))`))).toBe(true);
  });
});

describe('Instance and exports', () => {
  it('has a frozen exports object with a null prototype', async () => {
    const i = new W.Instance(new W.Module(await wasm('(module (func (export "f")) (memory (export "m") 1))')));
    const e = i.exports;
    expect(i.exports).toBe(e);
    expect(Object.getPrototypeOf(e)).toBeNull();
    expect(Object.isFrozen(e)).toBe(true);
    expect(Object.keys(e)).toEqual(['f', 'm']);
    expect(Object.getOwnPropertyDescriptor(e, 'f')).toMatchObject({ writable: false, enumerable: true, configurable: false });
    expect(() => {
      'use strict';
      (e as any).x = 1;
    }).toThrow(TypeError);
  });

  it('exports real functions: name = function index, length = params, not constructors', async () => {
    const e = await instance(`(module (import "m" "h" (func $h (param i32)))
      (func $a (export "a") (param i32 i64 f32) (result i32) (local.get 0))
      (func (export "b")) (export "h" (func $h)))`, { m: { h() {} } });
    expect(typeof e.a).toBe('function');
    expect(e.a.name).toBe('1');
    expect(e.a.length).toBe(3);
    expect(e.b.name).toBe('2');
    expect(e.b.length).toBe(0);
    expect(Object.getPrototypeOf(e.a)).toBe(Function.prototype);
    expect(Object.getOwnPropertyDescriptor(e.a, 'name')).toMatchObject({ writable: false, enumerable: false, configurable: true });
    expect(() => new e.a()).toThrow(TypeError);
    expect(e.a(5, 0n, 0)).toBe(5);
    // A re-exported host function is wrapped: its name is its index among the imports.
    expect(e.h.name).toBe('0');
    expect(e.h.length).toBe(1);
  });

  it('keeps function identity across re-exports and tables', async () => {
    const a = await instance('(module (func $f (export "f") (result i32) (i32.const 7)) (table (export "t") 1 funcref) (elem (i32.const 0) $f))');
    const b = await instance('(module (import "a" "f" (func $f (result i32))) (export "g" (func $f)))', { a });
    expect(b.g).toBe(a.f);
    expect(a.t.get(0)).toBe(a.f);
    expect(b.g()).toBe(7);
  });

  it('requires a Module and an object (or nothing) as imports', async () => {
    const m = new W.Module(EMPTY);
    expect(() => new W.Instance({})).toThrow(TypeError);
    for (const bad of [null, 1, 'x', true]) expect(() => new W.Instance(m, bad)).toThrow(TypeError);
    expect(new W.Instance(m).exports).toBeDefined();
    expect(() => W.Instance(m)).toThrow(TypeError);
    const withImport = new W.Module(await wasm('(module (import "m" "f" (func)))'));
    expect(() => new W.Instance(withImport)).toThrow(TypeError);
    expect(() => new W.Instance(withImport, {})).toThrow(TypeError);
  });
});

describe('LinkError for every import mismatch', () => {
  const cases: [string, string, () => object][] = [
    ['a function import given a non-callable', '(import "m" "x" (func))', () => ({ x: 1 })],
    ['a function of the wrong type', '(import "m" "x" (func (param i32)))', () => ({ x: W.instances.f0 })],
    ['an i64 global given a Number', '(import "m" "x" (global i64))', () => ({ x: 1 })],
    ['an i32 global given a BigInt', '(import "m" "x" (global i32))', () => ({ x: 1n })],
    ['an f64 global given a Number object', '(import "m" "x" (global f64))', () => ({ x: new Number(1) })],
    ['a mutable global given a Number', '(import "m" "x" (global (mut i32)))', () => ({ x: 1 })],
    ['a global of the wrong type', '(import "m" "x" (global i32))', () => ({ x: new W.Global({ value: 'f32' }) })],
    ['a global of the wrong mutability', '(import "m" "x" (global i32))', () => ({ x: new W.Global({ value: 'i32', mutable: true }) })],
    ['a funcref global given a plain function', '(import "m" "x" (global funcref))', () => ({ x: () => 1 })],
    ['a memory import given a non-Memory', '(import "m" "x" (memory 1))', () => ({ x: new ArrayBuffer(65536) })],
    ['a memory that is too small', '(import "m" "x" (memory 2))', () => ({ x: new W.Memory({ initial: 1 }) })],
    ['a memory with no maximum for one that needs it', '(import "m" "x" (memory 1 2))', () => ({ x: new W.Memory({ initial: 1 }) })],
    ['a table import given a non-Table', '(import "m" "x" (table 1 funcref))', () => ({ x: [] })],
    ['a table of the wrong element type', '(import "m" "x" (table 1 funcref))', () => ({ x: new W.Table({ element: 'externref', initial: 1 }) })],
    ['a tag import given a non-Tag', '(import "m" "x" (tag))', () => ({ x: {} })],
    ['a tag of the wrong type', '(import "m" "x" (tag (param i32)))', () => ({ x: new W.Tag({ parameters: [] }) })],
  ];
  it.each(cases)('%s', async (_name, imp, value) => {
    W.instances ??= await instance('(module (func (export "f0")))');
    const m = new W.Module(await wasm(`(module ${imp})`));
    expect(() => new W.Instance(m, { m: value() })).toThrow(W.LinkError);
    await expect(W.instantiate(m, { m: value() })).rejects.toBeInstanceOf(W.LinkError);
  });

  it('a missing module namespace is a TypeError', async () => {
    const m = new W.Module(await wasm('(module (import "m" "x" (func)))'));
    expect(() => new W.Instance(m, {})).toThrow(TypeError);
    expect(() => new W.Instance(m, { m: 1 })).toThrow(TypeError);
  });
});

describe('Memory', () => {
  it('keeps buffer identity until growth; grow returns the old size and detaches the old buffer', () => {
    const mem = new W.Memory({ initial: 1, maximum: 3 });
    const b = mem.buffer;
    expect(mem.buffer).toBe(b);
    expect(b.byteLength).toBe(65536);
    new Uint8Array(b)[100] = 9;
    expect(mem.grow(1)).toBe(1);
    expect(b.byteLength).toBe(0);
    const b2 = mem.buffer;
    expect(b2).not.toBe(b);
    expect(b2.byteLength).toBe(2 * 65536);
    expect(new Uint8Array(b2)[100]).toBe(9);
    expect(mem.grow(0)).toBe(2);
    expect(b2.byteLength).toBe(0);
    expect(new Uint8Array(mem.buffer)[100]).toBe(9);
    expect(() => mem.grow(2)).toThrow(RangeError);
    expect(mem.buffer.byteLength).toBe(2 * 65536);
  });

  it('detaches on memory.grow in wasm too, and wasm sees writes through the new buffer', async () => {
    const mem = new W.Memory({ initial: 1 });
    const e = await instance(`(module (import "m" "mem" (memory 1))
      (func (export "grow") (result i32) (memory.grow (i32.const 1)))
      (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0))))`, { m: { mem } });
    const old = mem.buffer;
    expect(e.grow()).toBe(1);
    expect(old.byteLength).toBe(0);
    new Uint8Array(mem.buffer)[70000] = 5;
    expect(e.load(70000)).toBe(5);
  });

  it('checks its descriptor', () => {
    expect(() => new W.Memory()).toThrow(TypeError);
    expect(() => new W.Memory({})).toThrow(TypeError);
    expect(() => new W.Memory({ initial: -1 })).toThrow(TypeError);
    expect(() => new W.Memory({ initial: 2 ** 32 })).toThrow(TypeError);
    expect(() => new W.Memory({ initial: 2, maximum: 1 })).toThrow(RangeError);
    expect(() => new W.Memory({ initial: 65537 })).toThrow(RangeError);
    expect(() => new W.Memory({ initial: 1, address: 'i16' })).toThrow(TypeError);
    expect(() => new W.Memory({ initial: 1, shared: true })).toThrow(TypeError);
    expect(new W.Memory({ initial: '2' }).buffer.byteLength).toBe(2 * 65536);
  });

  it('supports 64-bit memories with BigInt sizes', () => {
    const mem = new W.Memory({ address: 'i64', initial: 1n, maximum: 4n });
    expect(mem.grow(2n)).toBe(1n);
    expect(mem.buffer.byteLength).toBe(3 * 65536);
    expect(() => mem.grow(1)).toThrow(TypeError);
  });
});

describe('Table', () => {
  it('gets, sets, grows; funcref defaults to null, externref to undefined', async () => {
    const e = await instance('(module (func (export "f")))');
    const t = new W.Table({ element: 'anyfunc', initial: 2, maximum: 4 });
    expect(t.length).toBe(2);
    expect(t.get(0)).toBeNull();
    t.set(1, e.f);
    expect(t.get(1)).toBe(e.f);
    t.set(1);
    expect(t.get(1)).toBeNull();
    expect(() => t.set(0, () => {})).toThrow(TypeError);
    expect(() => t.set(0, undefined)).toThrow(TypeError);
    expect(() => t.get(2)).toThrow(RangeError);
    expect(() => t.get(-1)).toThrow(TypeError);
    expect(t.grow(1, e.f)).toBe(2);
    expect(t.get(2)).toBe(e.f);
    expect(() => t.grow(2)).toThrow(RangeError);

    const x = new W.Table({ element: 'externref', initial: 1 });
    expect(x.get(0)).toBeUndefined();
    const o = {};
    const y = new W.Table({ element: 'externref', initial: 2 }, o);
    expect(y.get(1)).toBe(o);
    y.set(0, 37);
    expect(y.get(0)).toBe(37);
    y.set(0, null);
    expect(y.get(0)).toBeNull();
    expect(new W.Table({ element: 'anyfunc', initial: 1 }, e.f).get(0)).toBe(e.f);
    expect(() => new W.Table({ element: 'i32', initial: 1 })).toThrow(TypeError);
    expect(() => new W.Table({ element: 'anyfunc', initial: 2, maximum: 1 })).toThrow(RangeError);
  });

  it('is shared with wasm', async () => {
    const t = new W.Table({ element: 'externref', initial: 1 });
    const e = await instance(`(module (import "m" "t" (table 1 externref))
      (func (export "get") (result externref) (table.get (i32.const 0)))
      (func (export "set") (param externref) (table.set (i32.const 0) (local.get 0))))`, { m: { t } });
    const o = { a: 1 };
    t.set(0, o);
    expect(e.get()).toBe(o);
    e.set('s');
    expect(t.get(0)).toBe('s');
  });
});

describe('Global', () => {
  it('reads and writes all number types, with the mutability checks', () => {
    const g = new W.Global({ value: 'i32', mutable: true }, 2 ** 32 + 5);
    expect(g.value).toBe(5);
    expect(g.valueOf()).toBe(5);
    g.value = -1;
    expect(g.value).toBe(-1);
    const i64 = new W.Global({ value: 'i64', mutable: true });
    expect(i64.value).toBe(0n);
    i64.value = 2n ** 63n;
    expect(i64.value).toBe(-(2n ** 63n));
    expect(() => (i64.value = 1)).toThrow(TypeError);
    const f32 = new W.Global({ value: 'f32' }, 0.1);
    expect(f32.value).toBe(Math.fround(0.1));
    expect(new W.Global({ value: 'f64' }, 0.1).value).toBe(0.1);
    const c = new W.Global({ value: 'i32' }, 1);
    let called = false;
    expect(() => (c.value = { valueOf: () => ((called = true), 2) })).toThrow(TypeError);
    expect(called).toBe(false);
    expect(c.value).toBe(1);
    expect(() => new W.Global({ value: 'v128' })).toThrow(TypeError);
    expect(() => new W.Global({ value: 'i32' }, 1n)).toThrow(TypeError);
    expect(new W.Global({ value: 'externref' }).value).toBeUndefined();
    expect(new W.Global({ value: 'anyfunc' }).value).toBeNull();
  });

  it('is shared with wasm', async () => {
    const g = new W.Global({ value: 'i64', mutable: true }, 5n);
    const e = await instance(`(module (import "m" "g" (global (mut i64)))
      (func (export "inc") (global.set 0 (i64.add (global.get 0) (i64.const 1)))))`, { m: { g } });
    e.inc();
    expect(g.value).toBe(6n);
    expect(e.inc.length).toBe(0);
  });
});

describe('ToWebAssemblyValue / ToJSValue', () => {
  it('i64 ↔ BigInt, ToInt32, f32 rounding, and TypeError on v128 and bad BigInt arguments', async () => {
    const e = await instance(`(module
      (func (export "i64") (param i64) (result i64) (local.get 0))
      (func (export "i32") (param i32) (result i32) (local.get 0))
      (func (export "f32") (param f32) (result f32) (local.get 0))
      (func (export "multi") (result i32 i64) (i32.const 1) (i64.const 2))
      (func (export "v") (param v128)))`);
    expect(e.i64(2n ** 64n + 3n)).toBe(3n);
    expect(e.i64(-1n)).toBe(-1n);
    expect(e.i64('12')).toBe(12n);
    expect(e.i64(true)).toBe(1n);
    expect(() => e.i64(1)).toThrow(TypeError);
    expect(() => e.i64()).toThrow(TypeError);
    expect(e.i32(2 ** 31)).toBe(-(2 ** 31));
    expect(e.i32('7')).toBe(7);
    expect(e.i32()).toBe(0);
    expect(() => e.i32(1n)).toThrow(TypeError);
    expect(e.f32(0.1)).toBe(Math.fround(0.1));
    expect(e.f32(1e40)).toBe(Infinity);
    expect(e.multi()).toEqual([1, 2n]);
    expect(() => e.v()).toThrow(TypeError);
  });

  it('converts host function arguments and results (several results from an iterable)', async () => {
    const seen: unknown[] = [];
    const e = await instance(`(module
      (import "m" "f" (func $f (param i64 f32) (result i32 i64)))
      (func (export "run") (result i32 i64) (call $f (i64.const -5) (f32.const 1.5))))`, {
      m: { f: (a: bigint, b: number) => (seen.push(a, b), new Set([3, 4n])) },
    });
    expect(e.run()).toEqual([3, 4n]);
    expect(seen).toEqual([-5n, 1.5]);
    const bad = await instance(`(module (import "m" "f" (func $f (result i32 i32)))
      (func (export "run") (result i32 i32) (call $f)))`, { m: { f: () => 1 } });
    expect(() => bad.run()).toThrow(TypeError);
  });
});

describe('Tag, Exception and JSTag', () => {
  it('constructs exceptions and reads their payload', () => {
    const tag = new W.Tag({ parameters: ['i32', 'i64', 'externref'] });
    const o = {};
    const ex = new W.Exception(tag, [1, 2n, o]);
    expect(ex.is(tag)).toBe(true);
    expect(ex.is(new W.Tag({ parameters: [] }))).toBe(false);
    expect(ex.getArg(tag, 1)).toBe(2n);
    expect(ex.getArg(tag, 2)).toBe(o);
    expect(() => ex.getArg(tag, 3)).toThrow(RangeError);
    expect(() => ex.getArg(new W.Tag({ parameters: [] }), 0)).toThrow(TypeError);
    expect(() => new W.Exception(tag, [1])).toThrow(TypeError);
    expect(() => new W.Exception(W.JSTag, [{}])).toThrow(TypeError);
    expect(new W.Exception(tag, [1, 2n, o], { traceStack: true }).stack).toEqual(expect.any(String));
    expect(ex.stack).toBeUndefined();
  });

  it('passes wasm exceptions to JS as Exception objects, and JS values through catch $JSTag', async () => {
    const tag = new W.Tag({ parameters: ['i32'] });
    const e = await instance(`(module
      (import "m" "tag" (tag $t (param i32))) (import "m" "js" (tag $js (param externref)))
      (import "m" "throw" (func $throw (param externref)))
      (func (export "raise") (param i32) (throw $t (local.get 0)))
      (func (export "catchJs") (param externref) (result externref)
        (block $h (result externref) (try_table (catch $js $h) (call $throw (local.get 0))) (ref.null extern))))`,
    { m: { tag, js: W.JSTag, throw: (x: unknown) => { throw x; } } });
    let caught: any;
    try {
      e.raise(42);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(W.Exception);
    expect(caught.getArg(tag, 0)).toBe(42);
    const o = {};
    expect(e.catchJs(o)).toBe(o);
    // A WebAssembly.Exception thrown by JS is not caught by catch $JSTag.
    const ex = new W.Exception(tag, [1]);
    let thrown: unknown;
    try {
      e.catchJs(ex);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBe(ex);
  });
});

describe('the namespace, interfaces and error classes', () => {
  it('has the Web IDL shape', () => {
    expect(Object.prototype.toString.call(W)).toBe('[object WebAssembly]');
    expect(Object.getOwnPropertyDescriptor(W, 'Module')).toMatchObject({ writable: true, enumerable: false, configurable: true });
    expect(Object.getOwnPropertyDescriptor(W, 'validate')).toMatchObject({ writable: true, enumerable: true, configurable: true });
    for (const [name, length] of [['validate', 1], ['compile', 1], ['instantiate', 1], ['compileStreaming', 1], ['instantiateStreaming', 1]] as const) {
      expect(W[name].name).toBe(name);
      expect(W[name].length).toBe(length);
    }
    for (const [name, length] of [['Module', 1], ['Instance', 1], ['Memory', 1], ['Table', 1], ['Global', 1], ['Tag', 1], ['Exception', 2]] as const) {
      expect(W[name].name).toBe(name);
      expect(W[name].length).toBe(length);
      expect(Object.prototype.toString.call(Object.create(W[name].prototype))).toBe(`[object WebAssembly.${name}]`);
    }
    expect(Object.getOwnPropertyDescriptor(W.Memory.prototype, 'grow')!.enumerable).toBe(true);
    expect(Object.getOwnPropertyDescriptor(W.Memory.prototype, 'buffer')!.get!.name).toBe('get buffer');
    expect(() => W.Memory.prototype.buffer).toThrow(TypeError);
    expect(W.JSTag).toBe(W.JSTag);
    expect(W.JSTag).toBeInstanceOf(W.Tag);
  });

  it('has error classes with the right names and prototype chains', async () => {
    for (const name of ['CompileError', 'LinkError', 'RuntimeError'] as const) {
      const C = W[name];
      const err = new C('msg');
      expect(err).toBeInstanceOf(C);
      expect(err).toBeInstanceOf(Error);
      expect(err.name).toBe(name);
      expect(err.message).toBe('msg');
      expect(Object.getPrototypeOf(C.prototype)).toBe(Error.prototype);
      expect(Object.getPrototypeOf(C)).toBe(Error);
      expect(C.prototype.constructor).toBe(C);
      expect(Object.prototype.hasOwnProperty.call(C.prototype, Symbol.toStringTag)).toBe(false);
      expect(String(err)).toBe(`${name}: msg`);
    }
    const e = await instance('(module (func (export "f") unreachable))');
    expect(() => e.f()).toThrow(W.RuntimeError);
  });
});

describe('compile, instantiate and the streaming functions', () => {
  it('instantiate(bytes) gives { module, instance } and reads the imports only later; instantiate(module) gives an Instance', async () => {
    const bytes = await wasm('(module (import "m" "g" (global i32)) (global (export "g") i32 (global.get 0)))');
    const order: string[] = [];
    const imports = { get m() { order.push('m'); return { g: 5 }; } };
    const p = W.instantiate(bytes, imports);
    expect(order).toEqual([]);
    const r = await p;
    expect(order).toEqual(['m']);
    expect(Object.keys(r)).toEqual(['module', 'instance']);
    expect(r.module).toBeInstanceOf(W.Module);
    expect(r.instance.exports.g.value).toBe(5);
    const p2 = W.instantiate(r.module, imports);
    expect(order).toEqual(['m', 'm']);
    expect(await p2).toBeInstanceOf(W.Instance);
    await expect(W.instantiate(1)).rejects.toBeInstanceOf(TypeError);
    await expect(W.instantiate(bytes, null)).rejects.toBeInstanceOf(TypeError);
    await expect(W.compile(new Uint8Array(3))).rejects.toBeInstanceOf(W.CompileError);
    expect(await W.compile(EMPTY)).toBeInstanceOf(W.Module);
  });

  it('compileStreaming and instantiateStreaming take a Response (or a promise of one)', async () => {
    const bytes = await wasm('(module (func (export "f") (result i32) (i32.const 3)))');
    const ok = () => new Response(bytes, { headers: { 'Content-Type': 'application/wasm' } });
    expect(await W.compileStreaming(ok())).toBeInstanceOf(W.Module);
    expect(await W.compileStreaming(Promise.resolve(ok()))).toBeInstanceOf(W.Module);
    const { module, instance: inst } = await W.instantiateStreaming(ok());
    expect(module).toBeInstanceOf(W.Module);
    expect(inst.exports.f()).toBe(3);
    await expect(W.compileStreaming(new Response(bytes))).rejects.toBeInstanceOf(TypeError);
    await expect(W.compileStreaming(new Response(bytes, { status: 404, headers: { 'Content-Type': 'application/wasm' } }))).rejects.toBeInstanceOf(TypeError);
    await expect(W.compileStreaming(bytes)).rejects.toBeInstanceOf(TypeError);
    await expect(W.compileStreaming(new Response(new Uint8Array(3), { headers: { 'Content-Type': 'application/wasm' } }))).rejects.toBeInstanceOf(W.CompileError);
  });
});

describe('builtins and imported string constants', () => {
  it('imports wasm:js-string builtins and string constants, hidden from Module.imports', async () => {
    const bytes = await wasm(`(module
      (import "wasm:js-string" "length" (func $len (param externref) (result i32)))
      (import "wasm:js-string" "concat" (func $concat (param externref externref) (result (ref extern))))
      (import "'" "hello" (global $h externref))
      (func (export "len") (param externref) (result i32) (call $len (local.get 0)))
      (func (export "greet") (param externref) (result externref) (call $concat (global.get $h) (local.get 0))))`);
    const m = new W.Module(bytes, { builtins: ['js-string'], importedStringConstants: "'" });
    expect(W.Module.imports(m)).toEqual([]);
    const e = new W.Instance(m, {}).exports;
    expect(e.len('abc')).toBe(3);
    expect(e.greet(' world')).toBe('hello world');
    expect(() => e.len(1)).toThrow(W.RuntimeError);
    // Without the option they are ordinary imports.
    expect(W.Module.imports(new W.Module(bytes))).toHaveLength(3);
    // A builtin imported with the wrong type is a CompileError.
    const wrong = await wasm('(module (import "wasm:js-string" "length" (func (param i32) (result i32))))');
    expect(() => new W.Module(wrong, { builtins: ['js-string'] })).toThrow(W.CompileError);
    expect(W.validate(wrong, { builtins: ['js-string'] })).toBe(false);
  });
});
