// The interpreter through the public WebAssembly-shaped API: traps, deep recursion, host calls
// and re-entrancy, i64 at the boundary, memory growth, tables.
import { parse } from '@bytecodealliance/jco';
import { describe, expect, it } from 'vitest';
import { WebAssembly } from 'purewasm';

async function instance(wat: string, imports: Record<string, Record<string, unknown>> = {}): Promise<Record<string, any>> {
  const m = new WebAssembly.Module(await parse(wat));
  return new WebAssembly.Instance(m, imports).exports as Record<string, any>;
}

describe('interpreter', () => {
  it('deep recursion traps with RuntimeError and the instance keeps working', async () => {
    const e = await instance(`(module
      (func $f (export "f") (call $f))
      (func $g (export "g") (param i32) (result i32)
        (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
          (else (i32.add (i32.const 1) (call $g (i32.sub (local.get 0) (i32.const 1))))))))`);
    expect(() => e.f()).toThrow(WebAssembly.RuntimeError);
    expect(() => e.f()).toThrow(/call stack exhausted/);
    expect(e.g(10000)).toBe(10000);
    expect(() => e.f()).toThrow(/call stack exhausted/);
    expect(e.g(5)).toBe(5);
  });

  it('traps with the spec messages', async () => {
    const e = await instance(`(module (memory 1)
      (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
      (func (export "unreachable") unreachable)
      (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
      (func (export "trunc") (param f64) (result i32) (i32.trunc_f64_s (local.get 0))))`);
    expect(() => e.div(1, 0)).toThrow(/integer divide by zero/);
    expect(() => e.div(-2147483648, -1)).toThrow(/integer overflow/);
    expect(() => e.unreachable()).toThrow(/unreachable/);
    expect(() => e.load(65535)).toThrow(/out of bounds memory access/);
    expect(() => e.trunc(NaN)).toThrow(/invalid conversion to integer/);
    expect(e.div(7, -2)).toBe(-3);
  });

  it('passes i64 as BigInt both ways and keeps 64-bit arithmetic exact', async () => {
    const e = await instance(`(module
      (func (export "mul") (param i64 i64) (result i64) (i64.mul (local.get 0) (local.get 1)))
      (func (export "add") (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1)))
      (func (export "shr") (param i64 i64) (result i64) (i64.shr_s (local.get 0) (local.get 1))))`);
    expect(e.mul(0x123456789n, 0x987654321n)).toBe(BigInt.asIntN(64, 0x123456789n * 0x987654321n));
    expect(e.add(0x7fffffffffffffffn, 1n)).toBe(-0x8000000000000000n);
    expect(e.shr(-256n, 4n)).toBe(-16n);
    expect(() => e.add(1, 2)).toThrow(TypeError);
  });

  it('calls host functions, which may call back into wasm', async () => {
    const log: unknown[] = [];
    let exports: Record<string, any> = {};
    exports = await instance(`(module
      (import "env" "log" (func $log (param i32 f64)))
      (import "env" "back" (func $back (param i32) (result i32)))
      (func (export "run") (param i32) (result i32)
        (call $log (local.get 0) (f64.const 1.5))
        (call $back (local.get 0)))
      (func (export "twice") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2))))`, {
      env: {
        log: (a: number, b: number) => log.push(a, b),
        back: (x: number) => exports.twice(x) + 1,
      },
    });
    expect(exports.run(20)).toBe(41);
    expect(log).toEqual([20, 1.5]);
  });

  it('propagates host exceptions and stays usable', async () => {
    const e = await instance(`(module (import "env" "boom" (func $b))
      (func (export "f") (result i32) (call $b) (i32.const 1))
      (func (export "g") (result i32) (i32.const 2)))`, { env: { boom: () => { throw new Error('boom'); } } });
    expect(() => e.f()).toThrow('boom');
    expect(e.g()).toBe(2);
  });

  it('grows memory and sees the new pages', async () => {
    const e = await instance(`(module (memory (export "mem") 1 3)
      (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
      (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
      (func (export "load") (param i32) (result i32) (i32.load (local.get 0))))`);
    expect(() => e.store(70000, 1)).toThrow(/out of bounds/);
    expect(e.grow(1)).toBe(1);
    e.store(70000, 1234);
    expect(e.load(70000)).toBe(1234);
    expect(e.grow(5)).toBe(-1);
    expect(e.mem.buffer.byteLength).toBe(2 * 65536);
  });

  it('growth detaches the old buffer (wasm memory.grow and Memory#grow)', async () => {
    const e = await instance(`(module (memory (export "mem") 1)
      (func (export "grow") (result i32) (memory.grow (i32.const 1))))`);
    const before = e.mem.buffer as ArrayBuffer;
    new Uint8Array(before)[5] = 7;
    expect(e.grow()).toBe(1);
    expect(before.byteLength).toBe(0);
    const after = e.mem.buffer as ArrayBuffer;
    expect(after.byteLength).toBe(2 * 65536);
    expect(new Uint8Array(after)[5]).toBe(7);
    e.mem.grow(1);
    expect(after.byteLength).toBe(0);
  });

  it('keeps branch targets right when peepholes fuse across a block start (fuzzer regression)', async () => {
    const e = await instance(`(module (memory 1) (data (i32.const 0) "\\01\\00\\00\\00\\02\\00\\00\\00\\03\\00\\00\\00")
      (func (export "sum") (param $p i32) (param $n i32) (result i32) (local $acc i32)
        (i32.add (local.get $p) (i32.const 0))
        (loop $l (param i32)
          (i32.load) (local.get $acc) (i32.add) (local.set $acc)
          (local.set $p (i32.add (local.get $p) (i32.const 4)))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br_if $l (local.get $p) (local.get $n))
          (drop))
        (local.get $acc)))`);
    expect(e.sum(0, 3)).toBe(6);
    expect(e.sum(4, 2)).toBe(5);
  });

  it('call_indirect checks signatures and bounds', async () => {
    const e = await instance(`(module
      (type $ii (func (param i32) (result i32)))
      (table 3 funcref)
      (elem (i32.const 0) $inc $nop)
      (func $inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
      (func $nop)
      (func (export "call") (param i32 i32) (result i32) (call_indirect (type $ii) (local.get 1) (local.get 0))))`);
    expect(e.call(0, 41)).toBe(42);
    expect(() => e.call(1, 0)).toThrow(/indirect call type mismatch/);
    expect(() => e.call(2, 0)).toThrow(/uninitialized element/);
    expect(() => e.call(3, 0)).toThrow(/undefined element/);
  });

  it('multi-value blocks, if with params, br_table', async () => {
    const e = await instance(`(module
      (func (export "swap") (param i32 i32) (result i32 i32) (local.get 1) (local.get 0))
      (func (export "ifp") (param i32) (result i32)
        (i32.const 10) (local.get 0)
        (if (param i32) (result i32) (then (i32.const 1) (i32.add)) (else (i32.const 2) (i32.sub))))
      (func (export "bt") (param i32) (result i32)
        (block $a (result i32) (block $b (result i32) (block $c (result i32)
          (i32.const 100) (local.get 0) (br_table $a $b $c))
          (i32.const 1) (i32.add)) (i32.const 10) (i32.add))))`);
    expect(e.swap(1, 2)).toEqual([2, 1]);
    expect(e.ifp(1)).toBe(11);
    expect(e.ifp(0)).toBe(8);
    expect(e.bt(0)).toBe(100);
    expect(e.bt(1)).toBe(110);
    expect(e.bt(2)).toBe(111);
    expect(e.bt(99)).toBe(111);
  });
});
