// Limits on core instances (src/core/exec/limits.ts): fuel, deadline and per-call timeout, call
// depth, memory and table caps; each stops the guest with a RuntimeError naming the limit and
// leaves the host and other instances usable.

import { parse } from '@bytecodealliance/jco';
import { describe, expect, it } from 'vitest';
import { WebAssembly, getFuel, setFuel, getLimitStats, RuntimeError } from 'purewasm';

type Exports = Record<string, (...a: unknown[]) => unknown>;
const Instance = WebAssembly.Instance as unknown as new (m: unknown, i?: object, o?: object) => { exports: Exports };

const LOOPS = `(module
  (memory (export "mem") 1 100)
  (func (export "spin") (loop $l (br $l)))
  (func (export "count") (param $n i32) (result i32) (local $i i32)
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l)))
    (local.get $i))
  (func $rec (export "rec") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $rec (i32.sub (local.get 0) (i32.const 1)))))))
  (func $tail (export "tailspin") (return_call $tail))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size)))`;

let loopsBytes: Uint8Array;
const loops = async (limits?: object): Promise<Exports> => {
  loopsBytes ??= await parse(LOOPS);
  return new Instance(new WebAssembly.Module(loopsBytes), {}, limits ? { limits } : undefined).exports;
};

describe('fuel', () => {
  it('stops an infinite loop with "fuel exhausted", and the instance can be refuelled', async () => {
    const e = await loops({ fuel: 100_000 });
    expect(() => e.spin!()).toThrow(RuntimeError);
    expect(() => e.spin!()).toThrow(/fuel exhausted/);
    setFuel(e, 1_000_000);
    expect(e.count!(1000)).toBe(1000);
    const left = getFuel(e);
    expect(left).toBeLessThan(1_000_000);
    expect(left).toBeGreaterThan(1_000_000 - 1000 * 20);
  });

  it('counts instructions: a loop of n iterations costs about n × its body', async () => {
    const e = await loops({ fuel: 1e12 });
    const before = getFuel(e);
    e.count!(10_000);
    const used = before - getFuel(e);
    // 9 reachable instructions in the loop body (4 + 4 + br), per iteration, plus the function's own few
    expect(used).toBeGreaterThanOrEqual(9 * 10_000);
    expect(used).toBeLessThan(9 * 10_001 + 20);
  });

  it('stops unbounded tail calls, which never grow the stack', async () => {
    const e = await loops({ fuel: 50_000 });
    expect(() => e.tailspin!()).toThrow(/fuel exhausted/);
  });

  it('an instance without limits is not stopped, and others keep working after one runs dry', async () => {
    const limited = await loops({ fuel: 1000 });
    const free = await loops();
    expect(() => limited.spin!()).toThrow(/fuel exhausted/);
    expect(free.count!(200_000)).toBe(200_000);
    expect(() => getFuel(free)).toThrow(TypeError);
  });
});

describe('deadline and timeout', () => {
  // wall-clock bounds: retried, so that one descheduling of this worker on a busy machine does not fail them
  it('a per-call timeout stops an infinite loop within 50 ms of it', { retry: 2 }, async () => {
    const e = await loops({ timeout: 100 });
    const t0 = Date.now();
    expect(() => e.spin!()).toThrow(/deadline exceeded/);
    const took = Date.now() - t0;
    expect(took).toBeGreaterThanOrEqual(100);
    expect(took).toBeLessThan(150);
    // each call gets its own timeout
    expect(e.count!(1000)).toBe(1000);
    expect(() => e.spin!()).toThrow(/deadline exceeded/);
  });

  it('an absolute deadline stops the call running at it, and every call after it', { retry: 2 }, async () => {
    const e = await loops({ deadline: Date.now() + 80 });
    const t0 = Date.now();
    expect(() => e.spin!()).toThrow(/deadline exceeded/);
    expect(Date.now() - t0).toBeLessThan(80 + 50);
    expect(() => e.count!(1)).toThrow(/deadline exceeded/);
  });
});

describe('call depth', () => {
  it('maxCallDepth traps deep recursion with a message naming the limit; shallower calls work', async () => {
    const e = await loops({ maxCallDepth: 100 });
    expect(e.rec!(50)).toBe(50);
    expect(() => e.rec!(500)).toThrow(/call stack exhausted: call depth limit exceeded \(100\)/);
    expect(e.rec!(99)).toBe(99);
  });

  it('without a limit, recursion ends in the spec trap at the engine limit', async () => {
    const e = await loops();
    expect(() => e.rec!(1_000_000)).toThrow(/^call stack exhausted$/);
    expect(e.rec!(1000)).toBe(1000);
  });
});

describe('memory and table caps', () => {
  it('memory.grow answers -1 beyond maxMemoryPages, without trapping', async () => {
    const e = await loops({ maxMemoryPages: 4 });
    expect(e.grow!(2)).toBe(1);
    expect(e.grow!(2)).toBe(-1);
    expect(e.grow!(1)).toBe(3);
    expect(e.size!()).toBe(4);
    expect(e.grow!(1)).toBe(-1);
    // the JS API's Memory.grow fails as for the declared maximum
    const mem = e.mem as unknown as { grow(n: number): number };
    expect(() => mem.grow(1)).toThrow(RangeError);
    // the embedder can tell that the cap refused growth (the guest only saw -1)
    expect(getLimitStats(e).memoryGrowDenied).toBe(3);
    expect(e.grow!(1_000_000)).toBe(-1); // beyond the declared maximum: not the cap's doing
    expect(getLimitStats(e).memoryGrowDenied).toBe(3);
  });

  it('a memory whose minimum exceeds the cap fails at instantiation, before any data segment is written', async () => {
    const shared = new WebAssembly.Memory({ initial: 1 });
    const bytes = await parse(`(module
      (import "env" "probe" (memory 1))
      (memory 8)
      (data (memory 1) (i32.const 0) "x")
      (data (memory 0) (i32.const 0) "written"))`);
    expect(() => new Instance(new WebAssembly.Module(bytes), { env: { probe: shared } }, { limits: { maxMemoryPages: 4 } }))
      .toThrow(/memory limit exceeded: the memory needs 8 pages, the limit is 4/);
    expect(new Uint8Array(shared.buffer)[0]).toBe(0);
  });

  it('active data segments beyond the capped size trap as out of bounds', async () => {
    const bytes = await parse(`(module (memory 1) (data (i32.const 65535) "ab"))`);
    expect(() => new Instance(new WebAssembly.Module(bytes), {}, { limits: { maxMemoryPages: 1 } })).toThrow(/out of bounds memory access/);
  });

  it('table.grow answers -1 beyond maxTableElements; a larger initial table fails', async () => {
    const bytes = await parse(`(module (table $t 2 funcref)
      (func (export "grow") (param i32) (result i32) (table.grow $t (ref.null func) (local.get 0))))`);
    const e = new Instance(new WebAssembly.Module(bytes), {}, { limits: { maxTableElements: 10 } }).exports;
    expect(e.grow!(8)).toBe(2);
    expect(e.grow!(1)).toBe(-1);
    expect(getLimitStats(e).tableGrowDenied).toBe(1);
    expect(() => new Instance(new WebAssembly.Module(bytes), {}, { limits: { maxTableElements: 1 } })).toThrow(/table limit exceeded/);
  });
});

describe('bad limits', () => {
  it('are rejected up front', async () => {
    await expect(loops({ fuel: -1 })).rejects.toThrow(RangeError);
    await expect(loops({ timeout: Number.NaN })).rejects.toThrow(RangeError);
    expect(() => new Instance(new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])), {}, { limits: 5 })).toThrow(TypeError);
  });
});

describe('the machine stack grows on demand', () => {
  it('a frame that called the host keeps its values when the host ran deep recursion that grew the stack', async () => {
    const bytes = await parse(`(module
      (import "env" "host" (func $host))
      (func $rec (export "rec") (param i32) (result i32)
        (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
          (else (i32.add (i32.const 1) (call $rec (i32.sub (local.get 0) (i32.const 1)))))))
      (func (export "outer") (param $a i32) (param $b f64) (result f64) (local $c i64)
        (local.set $c (i64.const 0x123456789abcdef))
        (call $host)
        (f64.add (f64.add (f64.convert_i32_s (local.get $a)) (local.get $b)) (f64.convert_i64_s (local.get $c)))))`);
    let e: Exports | undefined;
    e = new Instance(new WebAssembly.Module(bytes), { env: { host: () => { expect(e!.rec!(40_000)).toBe(40_000); } } }).exports;
    expect(e.outer!(7, 0.5)).toBe(7.5 + 0x123456789abcdef);
  });
});
