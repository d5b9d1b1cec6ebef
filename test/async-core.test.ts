// Async host imports for core modules (src/core/exec/suspend.ts, src/js-api/jspi.ts): JSPI's
// Suspending/promising and purewasm's { async: true } instantiation option.

import { parse } from '@bytecodealliance/jco';
import { describe, expect, it } from 'vitest';
import { WebAssembly } from 'purewasm';

type Fn = (...a: unknown[]) => unknown;
type Exports = Record<string, Fn>;
const W = WebAssembly as unknown as {
  Module: new (b: Uint8Array) => unknown;
  Instance: new (m: unknown, i?: object, o?: object) => { exports: Exports };
  Suspending: new (f: Fn) => object;
  promising: (f: unknown) => (...a: unknown[]) => Promise<unknown>;
  SuspendError: new () => Error;
  RuntimeError: new () => Error;
  Tag: unknown;
};

const later = <T>(v: T, ms = 1): Promise<T> => new Promise((r) => setTimeout(() => r(v), ms));

const ASYNC = `(module
  (import "env" "fetch" (func $fetch (param i32) (result i32)))
  (import "env" "sync" (func $sync (param i32) (result i32)))
  (table 1 funcref) (elem (i32.const 0) $fetch)
  (type $ft (func (param i32) (result i32)))
  (func $deep (export "deep") (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (call $fetch (i32.const 100)))
      (else (i32.add (local.get $n) (call $deep (i32.sub (local.get $n) (i32.const 1)))))))
  (func (export "sum") (param $n i32) (result i32) (local $acc i32)
    (block $d (loop $l
      (br_if $d (i32.eqz (local.get $n)))
      (local.set $acc (i32.add (local.get $acc) (call $fetch (local.get $n))))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $l)))
    (local.get $acc))
  (func (export "indirect") (param i32) (result i32) (call_indirect (type $ft) (local.get 0) (i32.const 0)))
  (func (export "tail") (param i32) (result i32) (return_call $fetch (local.get 0)))
  (func (export "viaSync") (param i32) (result i32) (call $sync (local.get 0)))
  (func (export "plain") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2))))`;

let bytes: Uint8Array;
async function make(fetch: Fn, sync: Fn = (x) => x, options?: object): Promise<Exports> {
  bytes ??= await parse(ASYNC);
  const imports = options ? { env: { fetch, sync } } : { env: { fetch: new W.Suspending(fetch), sync } };
  return new W.Instance(new W.Module(bytes), imports, options).exports;
}

describe('JSPI: Suspending imports and promising exports', () => {
  it('a Suspending import resolved after a timer gives its value to the guest', async () => {
    const e = await make((x) => later((x as number) + 1, 5));
    const deep = W.promising(e.deep);
    expect(await deep(0)).toBe(101);
    // 10 frames suspended, then resumed
    expect(await deep(10)).toBe(55 + 101);
  });

  it('1,000 suspensions in one call, and 1,000 calls in sequence', async () => {
    const e = await make((x) => Promise.resolve(x));
    const sum = W.promising(e.sum);
    expect(await sum(1000)).toBe(500500);
    const deep = W.promising(e.deep);
    for (let i = 0; i < 1000; i++) expect(await deep(i % 7)).toBe(((i % 7) * ((i % 7) + 1)) / 2 + 100);
  });

  it('many suspended calls at once, resolved out of order, each resumes its own stack', async () => {
    const e = await make((x) => later(x, Math.floor(Math.random() * 10)));
    const deep = W.promising(e.deep);
    const ns = Array.from({ length: 50 }, (_, i) => i);
    const results = await Promise.all(ns.map((n) => deep(n)));
    expect(results).toEqual(ns.map((n) => (n * (n + 1)) / 2 + 100));
    // synchronous calls meanwhile are unaffected
    expect(e.plain!(21)).toBe(42);
  });

  it('suspends through call_indirect and a tail call', async () => {
    const e = await make((x) => later((x as number) * 3));
    expect(await W.promising(e.indirect)(5)).toBe(15);
    expect(await W.promising(e.tail)(7)).toBe(21);
  });

  it('a rejected promise throws into the guest and out of the promising call', async () => {
    const boom = new Error('boom');
    const e = await make(() => Promise.reject(boom));
    await expect(W.promising(e.deep)(3)).rejects.toBe(boom);
    // the instance is still usable
    expect(e.plain!(4)).toBe(8);
  });

  it('a rejection resumes the guest with an exception its try_table catches', async () => {
    const b = await parse(`(module
      (import "env" "fetch" (func $fetch (param i32) (result i32)))
      (func (export "guarded") (param i32) (result i32)
        (block $caught
          (try_table (catch_all $caught)
            (return (i32.add (i32.const 1) (call $fetch (local.get 0))))))
        (i32.const -1)))`);
    const e = new W.Instance(new W.Module(b), { env: { fetch: new W.Suspending((x) => (x === 0 ? later(0).then(() => { throw new Error('no'); }) : later(x))) } }).exports;
    const guarded = W.promising(e.guarded);
    expect(await guarded(41)).toBe(42);
    expect(await guarded(0)).toBe(-1);
  });

  it('a Suspending import returning a plain value does not suspend', async () => {
    const e = await make((x) => (x as number) + 5);
    expect(e.deep!(0)).toBe(105);
    expect(await W.promising(e.deep)(2)).toBe(108);
  });

  it('without promising, or across a JS frame, a returned promise is a SuspendError', async () => {
    const e = await make((x) => later(x));
    expect(() => e.deep!(1)).toThrow(W.SuspendError);
    expect(() => e.deep!(1)).toThrow(W.RuntimeError);
    // sync import that calls back into a suspending export synchronously: a JS frame in between
    let inner: Exports | undefined;
    const e2 = await make((x) => later(x), (x) => inner!.deep!(x));
    inner = e2;
    await expect(W.promising(e2.viaSync)(1)).rejects.toThrow(W.SuspendError);
    expect(e2.plain!(1)).toBe(2);
  });

  it('promising rejects non-wasm functions', () => {
    expect(() => W.promising(() => 1)).toThrow(TypeError);
  });
});

describe('{ async: true }', () => {
  it('every import may return a promise and every export returns one', async () => {
    const e = await make((x) => later((x as number) + 1), (x) => x, { async: true });
    const p = e.deep!(3);
    expect(p).toBeInstanceOf(Promise);
    expect(await p).toBe(6 + 101);
    expect(await e.plain!(5)).toBe(10);
  });

  it('limits hold across suspensions: a timeout counts the waiting time', { retry: 2 }, async () => {
    const e = await make(() => later(1, 200), (x) => x, { async: true, limits: { timeout: 50 } });
    const t0 = Date.now();
    await expect(e.deep!(0)).rejects.toThrow(/deadline exceeded/);
    expect(Date.now() - t0).toBeLessThan(150);
  });

  it('fuel runs out in a guest that awaits in a loop', async () => {
    const e = await make((x) => Promise.resolve(x), (x) => x, { async: true, limits: { fuel: 5000 } });
    await expect(e.sum!(100_000)).rejects.toThrow(/fuel exhausted/);
  });
});
