// The synchronous and non-blocking part of the Component Model's async ABI (component/canon:
// lift-async.ts, lower-async.ts, task.ts, thread.ts, *-builtins.ts), through the public API with
// components written in the text format (encoded by jco's wasm-tools parser). Spec:
// CanonicalABI.md §"canon lift", §"canon lower" and the 🔀/🧵 built-ins (definitions.py).
import { parse } from '@bytecodealliance/jco';
import { describe, expect, it } from 'vitest';
import { compileComponent, RuntimeError } from '../src/index.js';
import { ComponentInstance, liftOptionsEqual, ResourceType, valTypeEqual, type CanonMemory } from '../src/component/canon/index.js';

const FEATURES = { async: true, 'cm-more-async-builtins': true, 'cm-threading': true, 'cm-async-stackful': true };

type Exports = Record<string, (...args: unknown[]) => unknown>;

/** A function that instantiates `wat` afresh on each call (a trap poisons an instance). */
async function component(wat: string, imports: Record<string, unknown> = {}): Promise<() => Exports> {
  const c = compileComponent(await parse(wat), { features: FEATURES });
  return () => c.instantiate(imports).exports as Exports;
}

describe('context.get/set', () => {
  const CONTEXT = `(component
    (canon context.get i32 0 (core func $get))
    (canon context.set i32 0 (core func $set))
    (canon context.get i32 1 (core func $get1))
    (core module $M
      (import "" "get" (func $get (result i32)))
      (import "" "set" (func $set (param i32)))
      (import "" "get1" (func $get1 (result i32)))
      (global $pr (mut i32) (i32.const -1))
      (func (export "f") (param i32) (result i32)
        (local $before i32)
        (local.set $before (call $get))
        (call $set (local.get 0))
        (i32.add (i32.mul (local.get $before) (i32.const 1000)) (call $get)))
      (func (export "f-pr") (param i32) (global.set $pr (call $get)))
      (func (export "pr") (result i32) (global.get $pr))
      (func (export "slot1") (result i32) (call $set (i32.const 9)) (call $get1)))
    (core instance $m (instantiate $M (with "" (instance
      (export "get" (func $get)) (export "set" (func $set)) (export "get1" (func $get1))))))
    (func (export "f") (param "x" u32) (result u32) (canon lift (core func $m "f") (post-return (core func $m "f-pr"))))
    (func (export "pr") (result u32) (canon lift (core func $m "pr")))
    (func (export "slot1") (result u32) (canon lift (core func $m "slot1"))))`;

  it('each call starts with zeroed slots; post-return runs on the same thread', async () => {
    const e = (await component(CONTEXT))();
    expect(e.f!(5)).toBe(5);
    expect(e.pr!()).toBe(5);
    expect(e.f!(7)).toBe(7); // not 5007: a new task has fresh storage
    expect(e.pr!()).toBe(7);
    expect(e.slot1!()).toBe(0);
  });

  it('realloc runs in a task of its own: it sees fresh slots, the caller keeps its own', async () => {
    const make = await component(`(component
      (import "host-str" (func $hs (result string)))
      (canon context.get i32 0 (core func $get))
      (canon context.set i32 0 (core func $set))
      (core module $Mem (memory (export "mem") 1))
      (core instance $mem (instantiate $Mem))
      (core module $R
        (import "" "get" (func $get (result i32)))
        (global $seen (mut i32) (i32.const -1))
        (func (export "realloc") (param i32 i32 i32 i32) (result i32) (global.set $seen (call $get)) (i32.const 64))
        (func (export "seen") (result i32) (global.get $seen)))
      (core instance $r (instantiate $R (with "" (instance (export "get" (func $get))))))
      (core func $hs' (canon lower (func $hs) (memory (core memory $mem "mem")) (realloc (core func $r "realloc"))))
      (core module $M
        (import "" "get" (func $get (result i32)))
        (import "" "set" (func $set (param i32)))
        (import "" "hs" (func $hs (param i32)))
        (import "" "seen" (func $seen (result i32)))
        (func (export "run") (result i32)
          (call $set (i32.const 77))
          (call $hs (i32.const 0))
          (i32.add (i32.mul (call $seen) (i32.const 1000)) (call $get))))
      (core instance $m (instantiate $M (with "" (instance
        (export "get" (func $get)) (export "set" (func $set)) (export "hs" (func $hs')) (export "seen" (func $r "seen"))))))
      (func (export "run") (result u32) (canon lift (core func $m "run"))))`, { 'host-str': () => 'hi' });
    expect(make().run!()).toBe(77);
  });
});

describe('backpressure.inc/dec', () => {
  const BP = `(component
    (canon backpressure.inc (core func $inc))
    (canon backpressure.dec (core func $dec))
    (canon task.return (result u32) (core func $ret))
    (core module $M
      (import "" "inc" (func $inc)) (import "" "dec" (func $dec)) (import "" "ret" (func $ret (param i32)))
      (func (export "inc") (call $inc))
      (func (export "dec") (call $dec))
      (func (export "af") (call $ret (i32.const 5)))
      (func (export "sf") (result i32) (i32.const 6)))
    (core instance $m (instantiate $M (with "" (instance
      (export "inc" (func $inc)) (export "dec" (func $dec)) (export "ret" (func $ret))))))
    (func (export "inc") (canon lift (core func $m "inc")))
    (func (export "dec") (canon lift (core func $m "dec")))
    (func (export "af") async (result u32) (canon lift (core func $m "af") async))
    (func (export "sf") (result u32) (canon lift (core func $m "sf"))))`;

  it('holds back async calls (which cannot wait here) but not synchronous ones', async () => {
    const make = await component(BP);
    const e = make();
    expect(e.af!()).toBe(5);
    e.inc!();
    expect(e.sf!()).toBe(6);
    expect(() => e.af!()).toThrow(/cannot block/);
    const f = make();
    f.inc!();
    f.inc!();
    f.dec!();
    f.dec!();
    expect(f.af!()).toBe(5);
  });

  it('traps when the counter would go below zero', async () => {
    const e = (await component(BP))();
    expect(() => e.dec!()).toThrow(RuntimeError);
    expect(() => e.dec!()).toThrow(/cannot enter component instance/);
  });
});

const ASYNC_CALLS = `(component
  (component $C
    (core module $Mem (memory (export "mem") 1) (data (i32.const 100) "hello"))
    (core instance $mem (instantiate $Mem))
    (canon task.return (result string) (memory (core memory $mem "mem")) (core func $ret))
    (canon task.return (result string) (memory (core memory $mem "mem")) string-encoding=utf16 (core func $ret16))
    (canon task.return (result u32) (core func $ret-u32))
    (canon task.cancel (core func $cancel))
    (core module $M
      (import "" "ret" (func $ret (param i32 i32)))
      (import "" "ret16" (func $ret16 (param i32 i32)))
      (import "" "ret-u32" (func $ret-u32 (param i32)))
      (import "" "cancel" (func $cancel))
      (func (export "greet") (param i32) (call $ret (i32.const 100) (local.get 0)))
      (func (export "twice") (call $ret (i32.const 100) (i32.const 5)) (call $ret (i32.const 100) (i32.const 5)))
      (func (export "wrong-type") (call $ret-u32 (i32.const 1)))
      (func (export "wrong-encoding") (call $ret16 (i32.const 100) (i32.const 2)))
      (func (export "cancel") (call $cancel))
      (func (export "none"))
      (func (export "sync") (result i32) (call $ret-u32 (i32.const 1)) (i32.const 2)))
    (core instance $m (instantiate $M (with "" (instance
      (export "ret" (func $ret)) (export "ret16" (func $ret16)) (export "ret-u32" (func $ret-u32)) (export "cancel" (func $cancel))))))
    (func (export "greet") async (param "n" u32) (result string) (canon lift (core func $m "greet") async (memory (core memory $mem "mem"))))
    (func (export "twice") async (result string) (canon lift (core func $m "twice") async (memory (core memory $mem "mem"))))
    (func (export "wrong-type") async (result string) (canon lift (core func $m "wrong-type") async (memory (core memory $mem "mem"))))
    (func (export "wrong-encoding") async (result string) (canon lift (core func $m "wrong-encoding") async (memory (core memory $mem "mem"))))
    (func (export "cancel") async (canon lift (core func $m "cancel") async))
    (func (export "none") async (result string) (canon lift (core func $m "none") async (memory (core memory $mem "mem"))))
    (func (export "sync") (result u32) (canon lift (core func $m "sync"))))
  (component $D
    (import "c" (instance $c (export "greet" (func async (param "n" u32) (result string)))))
    (core module $Mem
      (memory (export "mem") 1)
      (global $b (mut i32) (i32.const 1024))
      (func (export "realloc") (param i32 i32 i32 i32) (result i32)
        (local $p i32)
        (local.set $p (global.get $b))
        (global.set $b (i32.add (global.get $b) (local.get 3)))
        (local.get $p)))
    (core instance $mem (instantiate $Mem))
    (core func $ga (canon lower (func $c "greet") async (memory (core memory $mem "mem")) (realloc (core func $mem "realloc"))))
    (core func $gs (canon lower (func $c "greet") (memory (core memory $mem "mem")) (realloc (core func $mem "realloc"))))
    (core module $M
      (import "" "mem" (memory 1))
      (import "" "ga" (func $ga (param i32 i32) (result i32)))
      (import "" "gs" (func $gs (param i32 i32)))
      (func (export "via-async") (result i32)
        (local $st i32)
        (local.set $st (call $ga (i32.const 3) (i32.const 16)))
        (i32.add (i32.mul (local.get $st) (i32.const 100)) (i32.load offset=4 (i32.const 16))))
      (func (export "first-byte") (result i32) (i32.load8_u (i32.load (i32.const 16))))
      (func (export "via-sync") (result i32)
        (call $gs (i32.const 4) (i32.const 32))
        (i32.add (i32.mul (i32.load8_u (i32.add (i32.load (i32.const 32)) (i32.const 3))) (i32.const 100)) (i32.load offset=4 (i32.const 32)))))
    (core instance $m (instantiate $M (with "" (instance
      (export "mem" (memory $mem "mem")) (export "ga" (func $ga)) (export "gs" (func $gs))))))
    (func (export "via-async") (result u32) (canon lift (core func $m "via-async")))
    (func (export "first-byte") (result u32) (canon lift (core func $m "first-byte")))
    (func (export "via-sync") (result u32) (canon lift (core func $m "via-sync"))))
  (instance $c (instantiate $C))
  (instance $d (instantiate $D (with "c" (instance $c))))
  (func (export "greet") (alias export $c "greet"))
  (func (export "twice") (alias export $c "twice"))
  (func (export "wrong-type") (alias export $c "wrong-type"))
  (func (export "wrong-encoding") (alias export $c "wrong-encoding"))
  (func (export "cancel") (alias export $c "cancel"))
  (func (export "none") (alias export $c "none"))
  (func (export "sync") (alias export $c "sync"))
  (func (export "via-async") (alias export $d "via-async"))
  (func (export "first-byte") (alias export $d "first-byte"))
  (func (export "via-sync") (alias export $d "via-sync")))`;

describe('async lift without callback (stackful) and async lower', () => {
  it('task.return delivers the result to the host', async () => {
    const e = (await component(ASYNC_CALLS))();
    expect(e.greet!(3)).toBe('hel');
    expect(e.greet!(5)).toBe('hello');
  });

  it('an async lower of a call that completes returns RETURNED and stores the result at the out-pointer', async () => {
    const e = (await component(ASYNC_CALLS))();
    expect(e.viaAsync!()).toBe(2 * 100 + 3);
    expect(e.firstByte!()).toBe('h'.charCodeAt(0));
  });

  it('a synchronous lower waits for nothing when the async callee has returned its value', async () => {
    const e = (await component(ASYNC_CALLS))();
    expect(e.viaSync!()).toBe('l'.charCodeAt(0) * 100 + 4);
  });

  it('task.return traps when called twice, with another result type or other options, or from a sync lift', async () => {
    const make = await component(ASYNC_CALLS);
    expect(() => make().twice!()).toThrow(/already returned/);
    expect(() => make().wrongType!()).toThrow(/invalid task.return signature/);
    expect(() => make().wrongEncoding!()).toThrow(/invalid task.return options/);
    expect(() => make().sync!()).toThrow(/not lifted `async`/);
  });

  it('an async task must return a value before its last thread exits; task.cancel needs a cancellation', async () => {
    const make = await component(ASYNC_CALLS);
    expect(() => make().none!()).toThrow(/before it returned a value/);
    expect(() => make().cancel!()).toThrow(/has not been cancelled/);
  });

  it('a trap in the callee poisons it: the next call cannot enter', async () => {
    const e = (await component(ASYNC_CALLS))();
    expect(() => e.twice!()).toThrow(RuntimeError);
    expect(() => e.greet!(1)).toThrow(/cannot enter component instance/);
  });
});

describe('async lift with callback', () => {
  const CALLBACK = `(component
    (canon task.return (result u32) (core func $ret))
    (canon waitable-set.new (core func $wsnew))
    (core module $M
      (import "" "ret" (func $ret (param i32)))
      (import "" "wsnew" (func $wsnew (result i32)))
      (global $calls (mut i32) (i32.const 0))
      (func (export "exit-now") (result i32) (call $ret (i32.const 7)) (i32.const 0))
      (func (export "yield-once") (result i32) (i32.const 1))
      (func (export "cb") (param i32 i32 i32) (result i32)
        (if (i32.or (local.get 0) (i32.or (local.get 1) (local.get 2))) (then unreachable))
        (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
        (if (i32.lt_u (global.get $calls) (i32.const 3)) (then (return (i32.const 1))))
        (call $ret (i32.add (i32.const 40) (global.get $calls)))
        (i32.const 0))
      (func (export "bad-code") (result i32) (i32.const 3))
      (func (export "wait-empty") (result i32) (i32.or (i32.const 2) (i32.shl (call $wsnew) (i32.const 4))))
      (func (export "wait-bogus") (result i32) (i32.or (i32.const 2) (i32.shl (i32.const 99) (i32.const 4))))
      (func (export "spin") (result i32) (i32.const 1))
      (func (export "spin-cb") (param i32 i32 i32) (result i32) (i32.const 1))
      (func (export "park") (result i32) (call $ret (i32.const 9)) (i32.const 1))
      (func (export "no-return") (result i32) (i32.const 0))
      (func (export "unreachable-cb") (param i32 i32 i32) (result i32) unreachable))
    (core instance $m (instantiate $M (with "" (instance (export "ret" (func $ret)) (export "wsnew" (func $wsnew))))))
    (func (export "exit-now") async (result u32) (canon lift (core func $m "exit-now") async (callback (core func $m "unreachable-cb"))))
    (func (export "yield-once") async (result u32) (canon lift (core func $m "yield-once") async (callback (core func $m "cb"))))
    (func (export "bad-code") async (canon lift (core func $m "bad-code") async (callback (core func $m "unreachable-cb"))))
    (func (export "wait-empty") async (canon lift (core func $m "wait-empty") async (callback (core func $m "unreachable-cb"))))
    (func (export "wait-bogus") async (canon lift (core func $m "wait-bogus") async (callback (core func $m "unreachable-cb"))))
    (func (export "spin") async (result u32) (canon lift (core func $m "spin") async (callback (core func $m "spin-cb"))))
    (func (export "park") async (result u32) (canon lift (core func $m "park") async (callback (core func $m "unreachable-cb"))))
    (func (export "no-return") async (result u32) (canon lift (core func $m "no-return") async (callback (core func $m "unreachable-cb")))))`;

  it('EXIT ends the task; YIELD calls the callback with the NONE event', async () => {
    const make = await component(CALLBACK);
    expect(make().exitNow!()).toBe(7);
    expect(make().yieldOnce!()).toBe(43);
  });

  it('codes above WAIT trap; WAIT needs a waitable set with an event (nothing can deliver one here)', async () => {
    const make = await component(CALLBACK);
    expect(() => make().badCode!()).toThrow(/unsupported callback code: 3/);
    expect(() => make().waitEmpty!()).toThrow(/cannot block/);
    expect(() => make().waitBogus!()).toThrow(/unknown handle index 99/);
    expect(() => make().noReturn!()).toThrow(/before it returned a value/);
  });

  it('a task that yields forever with nothing else to run traps instead of hanging', async () => {
    const e = (await component(CALLBACK))();
    expect(() => e.spin!()).toThrow(/yielded 10000 times in a row/);
  });

  it('a task that has returned its value and then yields is parked; the instance stays usable', async () => {
    const e = (await component(CALLBACK))();
    expect(e.park!()).toBe(9);
    expect(e.park!()).toBe(9);
    expect(e.exitNow!()).toBe(7);
  });
});

describe('waitable sets and subtasks', () => {
  const SETS = `(component
    (core module $Mem (memory (export "mem") 1))
    (core instance $mem (instantiate $Mem))
    (type $R (resource (rep i32)))
    (canon resource.new $R (core func $rnew))
    (canon waitable-set.new (core func $new))
    (canon waitable-set.poll (memory (core memory $mem "mem")) (core func $poll))
    (canon waitable-set.wait (memory (core memory $mem "mem")) (core func $wait))
    (canon waitable-set.drop (core func $drop))
    (canon waitable.join (core func $join))
    (canon subtask.drop (core func $sdrop))
    (canon subtask.cancel (core func $scancel))
    (core module $M
      (import "" "mem" (memory 1))
      (import "" "rnew" (func $rnew (param i32) (result i32)))
      (import "" "new" (func $new (result i32)))
      (import "" "poll" (func $poll (param i32 i32) (result i32)))
      (import "" "wait" (func $wait (param i32 i32) (result i32)))
      (import "" "drop" (func $drop (param i32)))
      (import "" "join" (func $join (param i32 i32)))
      (import "" "sdrop" (func $sdrop (param i32)))
      (import "" "scancel" (func $scancel (param i32) (result i32)))
      (func (export "poll") (result i32)
        (local $s i32)
        (i32.store (i32.const 8) (i32.const -1))
        (i32.store (i32.const 12) (i32.const -1))
        (local.set $s (call $new))
        (i32.add (i32.mul (call $poll (local.get $s) (i32.const 8)) (i32.const 1000))
          (i32.add (i32.add (i32.load (i32.const 8)) (i32.load (i32.const 12))) (local.get $s))))
      (func (export "reuse") (result i32) (call $drop (call $new)) (call $new))
      (func (export "wait") (result i32) (call $wait (call $new) (i32.const 0)))
      (func (export "join-set") (local $s i32) (local.set $s (call $new)) (call $join (local.get $s) (local.get $s)))
      (func (export "join-resource") (call $join (call $rnew (i32.const 1)) (call $new)))
      (func (export "drop-bogus") (call $drop (i32.const 5)))
      (func (export "drop-resource") (call $drop (call $rnew (i32.const 1))))
      (func (export "subtask-drop") (call $sdrop (call $new)))
      (func (export "subtask-cancel") (result i32) (call $scancel (call $new)))
      (func (export "poll-oob") (result i32) (call $poll (call $new) (i32.const 65532))))
    (core instance $m (instantiate $M (with "" (instance
      (export "mem" (memory $mem "mem")) (export "rnew" (func $rnew)) (export "new" (func $new)) (export "poll" (func $poll))
      (export "wait" (func $wait)) (export "drop" (func $drop)) (export "join" (func $join))
      (export "sdrop" (func $sdrop)) (export "scancel" (func $scancel))))))
    (func (export "poll") (result u32) (canon lift (core func $m "poll")))
    (func (export "reuse") (result u32) (canon lift (core func $m "reuse")))
    (func (export "wait") (result u32) (canon lift (core func $m "wait")))
    (func (export "join-set") (canon lift (core func $m "join-set")))
    (func (export "join-resource") (canon lift (core func $m "join-resource")))
    (func (export "drop-bogus") (canon lift (core func $m "drop-bogus")))
    (func (export "drop-resource") (canon lift (core func $m "drop-resource")))
    (func (export "subtask-drop") (canon lift (core func $m "subtask-drop")))
    (func (export "subtask-cancel") (result u32) (canon lift (core func $m "subtask-cancel")))
    (func (export "poll-oob") (result u32) (canon lift (core func $m "poll-oob"))))`;

  it('poll of an empty set gives NONE and zero payloads; dropped sets free their index', async () => {
    const make = await component(SETS);
    expect(make().poll!()).toBe(1);
    expect(make().reuse!()).toBe(1);
  });

  it('waiting in a synchronous task with nothing to wait for traps as the spec says', async () => {
    const make = await component(SETS);
    expect(() => make().wait!()).toThrow(/cannot block a synchronous task before returning/);
  });

  it('handles of the wrong kind trap', async () => {
    const make = await component(SETS);
    expect(() => make().joinSet!()).toThrow(/is not a waitable/);
    expect(() => make().joinResource!()).toThrow(/is not a waitable/);
    expect(() => make().dropBogus!()).toThrow(/unknown handle index 5/);
    expect(() => make().dropResource!()).toThrow(/is not a waitable set/);
    expect(() => make().subtaskDrop!()).toThrow(/is not a subtask/);
    expect(() => make().subtaskCancel!()).toThrow(/is not a subtask/);
    expect(() => make().pollOob!()).toThrow(/out of bounds/);
  });
});

describe('threads', () => {
  const THREADS = `(component
    (core module $T (table (export "t") 2 funcref))
    (core instance $t (instantiate $T))
    (alias core export $t "t" (core table $tbl))
    (core type $start (func (param i32)))
    (core func $new (canon thread.new-indirect $start (core table $tbl)))
    (canon thread.index (core func $index))
    (canon thread.yield (core func $yield))
    (canon thread.resume-later (core func $later))
    (canon thread.suspend (core func $suspend))
    (canon thread.yield-then-resume (core func $ytr))
    (canon thread.suspend-then-resume (core func $str))
    (canon context.set i32 0 (core func $cset))
    (canon context.get i32 0 (core func $cget))
    (core module $M
      (import "" "t" (table 2 funcref))
      (import "" "new" (func $new (param i32 i32) (result i32)))
      (import "" "index" (func $index (result i32)))
      (import "" "yield" (func $yield (result i32)))
      (import "" "later" (func $later (param i32)))
      (import "" "suspend" (func $suspend (result i32)))
      (import "" "ytr" (func $ytr (param i32) (result i32)))
      (import "" "str" (func $str (param i32) (result i32)))
      (import "" "cset" (func $cset (param i32)))
      (import "" "cget" (func $cget (result i32)))
      (global $log (mut i32) (i32.const 0))
      (func $child (param i32)
        (if (call $cget) (then unreachable))
        (call $cset (i32.const 5))
        (global.set $log (i32.add (i32.mul (global.get $log) (i32.const 10)) (local.get 0))))
      (func $back (param i32) (drop (call $str (local.get 0))))
      (elem (i32.const 0) func $child $back)
      (func (export "index") (result i32) (call $index))
      (func (export "spawn-then-index") (result i32)
        (local $n i32)
        (local.set $n (call $new (i32.const 0) (i32.const 0)))
        (i32.add (i32.mul (local.get $n) (i32.const 10)) (call $index)))
      (func (export "spawn-yield") (result i32)
        (call $cset (i32.const 3))
        (call $later (call $new (i32.const 0) (i32.const 7)))
        (call $later (call $new (i32.const 0) (i32.const 8)))
        (drop (call $yield))
        (i32.add (i32.mul (global.get $log) (i32.const 10)) (call $cget)))
      (func (export "not-ready") (result i32)
        (drop (call $new (i32.const 0) (i32.const 1)))
        (drop (call $yield))
        (global.get $log))
      (func (export "yield-then-resume") (result i32)
        (drop (call $ytr (call $new (i32.const 0) (i32.const 4))))
        (global.get $log))
      (func (export "suspend-then-resume") (result i32)
        (drop (call $str (call $new (i32.const 1) (call $index))))
        (i32.const 42))
      (func (export "resume-discarded") (result i32)
        (local $t i32)
        (local.set $t (call $new (i32.const 1) (call $index)))
        (drop (call $str (local.get $t)))
        (drop (call $str (local.get $t)))
        (i32.const 42))
      (func (export "resume-later-self") (call $later (call $index)))
      (func (export "suspend") (result i32) (call $suspend))
      (func (export "null-entry") (result i32) (call $new (i32.const 5) (i32.const 0))))
    (core instance $m (instantiate $M (with "" (instance
      (export "t" (table $tbl)) (export "new" (func $new)) (export "index" (func $index)) (export "yield" (func $yield))
      (export "later" (func $later)) (export "suspend" (func $suspend)) (export "ytr" (func $ytr)) (export "str" (func $str))
      (export "cset" (func $cset)) (export "cget" (func $cget))))))
    (func (export "index") (result u32) (canon lift (core func $m "index")))
    (func (export "spawn-then-index") (result u32) (canon lift (core func $m "spawn-then-index")))
    (func (export "spawn-yield") (result u32) (canon lift (core func $m "spawn-yield")))
    (func (export "not-ready") (result u32) (canon lift (core func $m "not-ready")))
    (func (export "yield-then-resume") (result u32) (canon lift (core func $m "yield-then-resume")))
    (func (export "suspend-then-resume") (result u32) (canon lift (core func $m "suspend-then-resume")))
    (func (export "resume-discarded") (result u32) (canon lift (core func $m "resume-discarded")))
    (func (export "resume-later-self") (canon lift (core func $m "resume-later-self")))
    (func (export "suspend") (result u32) (canon lift (core func $m "suspend")))
    (func (export "null-entry") (result u32) (canon lift (core func $m "null-entry"))))`;

  it('thread.index: the implicit thread comes first, before threads it creates', async () => {
    const make = await component(THREADS);
    expect(make().index!()).toBe(1);
    expect(make().spawnThenIndex!()).toBe(21);
  });

  it('yield runs the ready new threads, each with its own context slots, then continues', async () => {
    const make = await component(THREADS);
    expect(make().spawnYield!()).toBe(783);
    expect(make().notReady!()).toBe(0); // created but never made ready: it does not run
    expect(make().yieldThenResume!()).toBe(4);
  });

  it('a new thread can switch back to the thread that resumed it', async () => {
    const make = await component(THREADS);
    expect(make().suspendThenResume!()).toBe(42);
    // that thread then stays suspended for good: resuming it needs stack switching
    expect(() => make().resumeDiscarded!()).toThrow(/stack was discarded/);
  });

  it('blocking and bad thread operations trap', async () => {
    const make = await component(THREADS);
    expect(() => make().suspend!()).toThrow(/cannot block a synchronous task before returning/);
    expect(() => make().resumeLaterSelf!()).toThrow(/is not suspended/);
    expect(() => make().nullEntry!()).toThrow(/out of bounds/);
  });
});

describe('streams, futures and error contexts', () => {
  it('their constructors are not supported yet; the other built-ins reject any handle', async () => {
    const make = await component(`(component
      (type $R (resource (rep i32)))
      (type $ST (stream u8))
      (canon resource.new $R (core func $rnew))
      (canon stream.new $ST (core func $snew))
      (canon stream.drop-readable $ST (core func $sdrop))
      (core module $M
        (import "" "rnew" (func $rnew (param i32) (result i32)))
        (import "" "snew" (func $snew (result i64)))
        (import "" "sdrop" (func $sdrop (param i32)))
        (func (export "new") (drop (call $snew)))
        (func (export "drop-resource") (call $sdrop (call $rnew (i32.const 1)))))
      (core instance $m (instantiate $M (with "" (instance
        (export "rnew" (func $rnew)) (export "snew" (func $snew)) (export "sdrop" (func $sdrop))))))
      (func (export "new") (canon lift (core func $m "new")))
      (func (export "drop-resource") (canon lift (core func $m "drop-resource"))))`);
    expect(() => make().new!()).toThrow(/stream.new is not supported yet/);
    expect(() => make().dropResource!()).toThrow(/is not the readable end of a stream/);
  });
});

describe('async lower of host functions', () => {
  const HOST = `(component
    (import "h" (func $h async (param "x" u32) (result u32)))
    (core module $Mem (memory (export "mem") 1))
    (core instance $mem (instantiate $Mem))
    (core func $h' (canon lower (func $h) async (memory (core memory $mem "mem"))))
    (core module $M
      (import "" "mem" (memory 1))
      (import "" "h" (func $h (param i32 i32) (result i32)))
      (func (export "run") (result i32)
        (i32.add (i32.mul (call $h (i32.const 20) (i32.const 8)) (i32.const 1000)) (i32.load (i32.const 8)))))
    (core instance $m (instantiate $M (with "" (instance (export "mem" (memory $mem "mem")) (export "h" (func $h'))))))
    (func (export "run") (result u32) (canon lift (core func $m "run"))))`;

  it('a host function that returns a value resolves at once', async () => {
    const make = await component(HOST, { h: (x: number) => x + 1 });
    expect(make().run!()).toBe(2 * 1000 + 21);
  });

  it('a host function that returns a promise would leave the subtask pending: a clear trap', async () => {
    const make = await component(HOST, { h: (x: number) => Promise.resolve(x) });
    expect(() => make().run!()).toThrow(/did not complete before returning/);
  });
});

describe('canon helpers', () => {
  it('valTypeEqual compares structurally, resources by identity', () => {
    const inst = new ComponentInstance();
    const r1 = new ResourceType('r', inst);
    const r2 = new ResourceType('r', inst);
    expect(valTypeEqual({ kind: 'record', fields: [{ label: 'a', type: { kind: 'u32' } }] },
      { kind: 'record', fields: [{ label: 'a', type: { kind: 'u32' } }] })).toBe(true);
    expect(valTypeEqual({ kind: 'record', fields: [{ label: 'a', type: { kind: 'u32' } }] },
      { kind: 'record', fields: [{ label: 'b', type: { kind: 'u32' } }] })).toBe(false);
    expect(valTypeEqual({ kind: 'own', resource: r1 }, { kind: 'own', resource: r1 })).toBe(true);
    expect(valTypeEqual({ kind: 'own', resource: r1 }, { kind: 'own', resource: r2 })).toBe(false);
    expect(valTypeEqual({ kind: 'option', type: { kind: 'u8' } }, { kind: 'option', type: { kind: 's8' } })).toBe(false);
    expect(valTypeEqual(undefined, undefined)).toBe(true);
    expect(valTypeEqual(undefined, { kind: 'u8' })).toBe(false);
  });

  it('liftOptionsEqual compares memories by the instance they stand for', () => {
    const buf = new Uint8Array(8);
    const identity = {};
    const m1: CanonMemory = { bytes: () => buf, view: () => new DataView(buf.buffer), identity };
    const m2: CanonMemory = { bytes: () => buf, view: () => new DataView(buf.buffer), identity };
    const m3: CanonMemory = { bytes: () => buf, view: () => new DataView(buf.buffer), identity: {} };
    expect(liftOptionsEqual({ stringEncoding: 'utf8', memory: m1 }, { stringEncoding: 'utf8', memory: m2 })).toBe(true);
    expect(liftOptionsEqual({ stringEncoding: 'utf8', memory: m1 }, { stringEncoding: 'utf8', memory: m3 })).toBe(false);
    expect(liftOptionsEqual({ stringEncoding: 'utf8', memory: m1 }, { stringEncoding: 'utf16', memory: m1 })).toBe(false);
    expect(liftOptionsEqual({ stringEncoding: 'utf8' }, { stringEncoding: 'utf8', memory: m1 })).toBe(false);
  });
});
