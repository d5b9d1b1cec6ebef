// Limits and async host imports for components (component/runtime/instantiate-options.ts,
// canon lift/lower with core/exec/suspend.ts and limits.ts).

import { parse } from '@bytecodealliance/jco';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileComponent, getFuel, RuntimeError, type Component } from 'purewasm';

const WAT = `(component
  (import "get" (func $get (param "x" u32) (result u32)))
  (import "name" (func $name (result string)))
  (core module $m
    (import "host" "get" (func $get (param i32) (result i32)))
    (import "host" "name" (func $name (param i32) (result i32)))
    (memory (export "mem") 1)
    (global $heap (mut i32) (i32.const 1024))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $heap) (i32.const 7)) (i32.const -8)))
      (global.set $heap (i32.add (local.get $p) (local.get 3)))
      (local.get $p))
    (func (export "twice") (param i32) (result i32) (i32.mul (call $get (local.get 0)) (i32.const 2)))
    (func (export "sum") (param $n i32) (result i32) (local $acc i32)
      (block $d (loop $l
        (br_if $d (i32.eqz (local.get $n)))
        (local.set $acc (i32.add (local.get $acc) (call $get (local.get $n))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $l)))
      (local.get $acc))
    (func (export "name-length") (result i32) (local $x i32)
      (local.set $x (i32.add (i32.const 993) (call $name (i32.const 16))))
      ;; first byte × x + length: the frames' own locals must survive the resumption
      (i32.add (i32.mul (i32.load8_u (i32.load (i32.const 16))) (local.get $x)) (i32.load (i32.const 20))))
    (func (export "spin") (loop $l (br $l)))
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
  (core module $libc (memory (export "mem") 1))
  (core instance $libc (instantiate $libc))
  (core func $get_lowered (canon lower (func $get)))
  (core instance $fwd (export "get" (func $get_lowered)))
  (core module $shim
    (import "env" "get" (func $get (param i32) (result i32)))
    (table (export "t") 1 funcref)
    (type $n (func (param i32)))
    (func (export "get") (param i32) (result i32) (call $get (local.get 0)))
    (func (export "name") (param i32) (result i32) (local $k i32)
      (local.set $k (i32.const 7))
      (call_indirect (type $n) (local.get 0) (i32.const 0))
      (local.get $k)))
  (core instance $shim (instantiate $shim (with "env" (instance $fwd))))
  (core instance $i (instantiate $m (with "host" (instance $shim))))
  (alias core export $i "mem" (core memory $mem))
  (alias core export $i "realloc" (core func $realloc))
  (core func $name_lowered (canon lower (func $name) (memory $mem) (realloc $realloc) string-encoding=utf8))
  (core module $fill
    (import "x" "t" (table 1 funcref))
    (import "x" "f" (func $f (param i32)))
    (elem (i32.const 0) func $f))
  (core instance $fwd2 (export "t" (table $shim "t")) (export "f" (func $name_lowered)))
  (core instance (instantiate $fill (with "x" (instance $fwd2))))
  (func (export "twice") (param "x" u32) (result u32) (canon lift (core func $i "twice")))
  (func (export "sum") (param "n" u32) (result u32) (canon lift (core func $i "sum")))
  (func (export "name-length") (result u32) (canon lift (core func $i "name-length")))
  (func (export "spin") (canon lift (core func $i "spin")))
  (func (export "grow") (param "n" u32) (result s32) (canon lift (core func $i "grow"))))`;

type Exports = Record<string, (...a: unknown[]) => unknown>;
let component: Component;
beforeAll(async () => {
  component = compileComponent(await parse(WAT));
});
const later = <T>(v: T, ms = 1): Promise<T> => new Promise((r) => setTimeout(() => r(v), ms));

describe('async host imports', () => {
  it('an import resolved after a timer gives its value (through a core shim and call_indirect too)', async () => {
    const { exports } = component.instantiate({ get: (x: number) => later(x + 1, 5), name: () => later('purewasm', 5) }, { async: true });
    const e = exports as Exports;
    const p = e.twice!(20);
    expect(p).toBeInstanceOf(Promise);
    expect(await p).toBe(42);
    // the string is lowered (with realloc, a nested call) when the call resumes
    expect(await e.nameLength!()).toBe(112 * 1000 + 8);
  });

  it('1,000 suspended/resumed calls in one export call and 1,000 export calls in sequence', async () => {
    const e = component.instantiate({ get: (x: number) => Promise.resolve(x), name: () => 'n' }, { async: true }).exports as Exports;
    expect(await e.sum!(1000)).toBe(500500);
    for (let i = 0; i < 1000; i++) expect(await e.twice!(i)).toBe(2 * i);
  });

  it('a rejected promise propagates as the host error; a plain value needs no suspension', async () => {
    const boom = new Error('boom');
    const e = component.instantiate({ get: (x: number) => (x === 0 ? Promise.reject(boom) : x), name: () => 'n' }, { async: true }).exports as Exports;
    expect(await e.twice!(3)).toBe(6);
    await expect(e.twice!(0)).rejects.toBe(boom);
  });

  it('a call into the instance while one is suspended traps, and the suspended call completes', async () => {
    let release!: (v: number) => void;
    const e = component.instantiate({ get: () => new Promise<number>((r) => { release = r; }), name: () => 'n' }, { async: true }).exports as Exports;
    const first = e.twice!(1);
    await expect(e.twice!(2)).rejects.toThrow(/cannot enter component instance/);
    release(50);
    expect(await first).toBe(100);
  });

  it('without async mode, an import returning a promise is an error naming the export', () => {
    const e = component.instantiate({ get: () => later(1), name: () => 'n' }).exports as Exports;
    expect(() => e.twice!(1)).toThrow(/twice.*cannot block a synchronous task/);
  });
});

describe('component limits', () => {
  it('fuel stops an infinite loop; the trapped instance cannot be entered again; others keep working', () => {
    const host = { get: (x: number) => x, name: () => 'n' };
    const inst = component.instantiate(host, { limits: { fuel: 100_000 } });
    const e = inst.exports as Exports;
    expect(e.twice!(4)).toBe(8);
    expect(getFuel(inst)).toBeLessThan(100_000);
    expect(() => e.spin!()).toThrow(RuntimeError);
    expect(() => e.twice!(4)).toThrow(/cannot enter component instance/);
    const other = component.instantiate(host).exports as Exports;
    expect(other.twice!(5)).toBe(10);
  });

  it('a per-call timeout stops an infinite loop within 50 ms', { retry: 2 }, () => {
    const e = component.instantiate({ get: (x: number) => x, name: () => 'n' }, { limits: { timeout: 60 } }).exports as Exports;
    const t0 = Date.now();
    expect(() => e.spin!()).toThrow(/deadline exceeded/);
    expect(Date.now() - t0).toBeLessThan(60 + 50);
  });

  it('a timeout in async mode also covers time spent waiting for the host', { retry: 2 }, async () => {
    const e = component.instantiate({ get: () => later(1, 300), name: () => 'n' }, { async: true, limits: { timeout: 40 } }).exports as Exports;
    const t0 = Date.now();
    await expect(e.twice!(1)).rejects.toThrow(/deadline exceeded/);
    expect(Date.now() - t0).toBeLessThan(40 + 50);
  });

  it('memory cap: memory.grow answers -1, and a component whose memory exceeds it fails to instantiate', () => {
    const e = component.instantiate({ get: (x: number) => x, name: () => 'n' }, { limits: { maxMemoryPages: 3 } }).exports as Exports;
    expect(e.grow!(2)).toBe(1);
    expect(e.grow!(1)).toBe(-1);
    expect(() => component.instantiate({ get: (x: number) => x, name: () => 'n' }, { limits: { maxMemoryPages: 0 } })).toThrow(/memory limit exceeded/);
  });
});
