// Guest-to-guest linking inside one component: a nested component B imports a resource type and
// its functions, supplied by a sibling instance of A; own/borrow handles cross between the two
// instances' handle tables, and JS can pass A's resources into B through the outer exports.
// Spec: component-model design/mvp/Explainer.md §"Instance Definitions" (instantiate with args)
// and CanonicalABI.md §"Handle types" (handles are per instance; lowering an own moves it).
import { parse } from '@bytecodealliance/jco';
import { describe, expect, it } from 'vitest';
import { compileComponent } from '../src/index.js';

const LINKED = `(component
  (component $A
    (core module $m
      (import "r" "new" (func $new (param i32) (result i32)))
      (memory 1)
      (global $next (mut i32) (i32.const 16))
      (func (export "ctor") (param $v i32) (result i32)
        (local $p i32)
        (local.set $p (global.get $next))
        (global.set $next (i32.add (global.get $next) (i32.const 4)))
        (i32.store (local.get $p) (local.get $v))
        (call $new (local.get $p)))
      (func (export "get") (param $rep i32) (result i32) (i32.load (local.get $rep))))
    (type $r (resource (rep i32)))
    (core func $new (canon resource.new $r))
    (core instance $i (instantiate $m (with "r" (instance (export "new" (func $new))))))
    (export $re "r" (type $r))
    (func $ctor (param "v" u32) (result (own $re)) (canon lift (core func $i "ctor")))
    (func $get (param "self" (borrow $re)) (result u32) (canon lift (core func $i "get")))
    (export "[constructor]r" (func $ctor))
    (export "[method]r.get" (func $get)))

  (component $B
    (import "r" (type $r (sub resource)))
    (import "[constructor]r" (func $ctor (param "v" u32) (result (own $r))))
    (import "[method]r.get" (func $get (param "self" (borrow $r)) (result u32)))
    (core func $ctor' (canon lower (func $ctor)))
    (core func $get' (canon lower (func $get)))
    (core func $drop (canon resource.drop $r))
    (core module $m
      (import "a" "ctor" (func $ctor (param i32) (result i32)))
      (import "a" "get" (func $get (param i32) (result i32)))
      (import "a" "drop" (func $drop (param i32)))
      (func (export "roundtrip") (param $v i32) (result i32)
        (local $h i32) (local $x i32)
        (local.set $h (call $ctor (local.get $v)))
        (local.set $x (call $get (local.get $h)))
        (call $drop (local.get $h))
        (local.get $x))
      (func (export "take") (param $h i32) (result i32)
        (local $x i32)
        (local.set $x (call $get (local.get $h)))
        (call $drop (local.get $h))
        (local.get $x))
      (func (export "peek") (param $h i32) (result i32)
        (local $x i32)
        (local.set $x (call $get (local.get $h)))
        (call $drop (local.get $h)) ;; a borrowed handle is dropped before returning
        (local.get $x))
      (func (export "leak") (param $h i32) (result i32) (local.get $h)))
    (core instance $i (instantiate $m (with "a" (instance
      (export "ctor" (func $ctor')) (export "get" (func $get')) (export "drop" (func $drop))))))
    (func (export "roundtrip") (param "v" u32) (result u32) (canon lift (core func $i "roundtrip")))
    (func (export "take") (param "x" (own $r)) (result u32) (canon lift (core func $i "take")))
    (func (export "peek") (param "x" (borrow $r)) (result u32) (canon lift (core func $i "peek")))
    (func (export "keep") (param "x" (own $r)) (result u32) (canon lift (core func $i "leak"))))

  (instance $a (instantiate $A))
  (alias export $a "r" (type $ar))
  (alias export $a "[constructor]r" (func $actor))
  (alias export $a "[method]r.get" (func $aget))
  (instance $b (instantiate $B (with "r" (type $ar)) (with "[constructor]r" (func $actor)) (with "[method]r.get" (func $aget))))
  ;; exported functions must use the exported type: ascribe their types with $re
  (export $re "r" (type $ar))
  (export "[constructor]r" (func $actor) (func (param "v" u32) (result (own $re))))
  (export "[method]r.get" (func $aget) (func (param "self" (borrow $re)) (result u32)))
  (export "roundtrip" (func $b "roundtrip"))
  (export "take" (func $b "take") (func (param "x" (own $re)) (result u32)))
  (export "peek" (func $b "peek") (func (param "x" (borrow $re)) (result u32)))
  (export "keep" (func $b "keep") (func (param "x" (own $re)) (result u32)))
)`;

type Exports = {
  R: new (v: number) => { get(): number };
  roundtrip(v: number): number;
  take(r: object): number;
  peek(r: object): number;
  keep(r: object): number;
};

async function linked(): Promise<Exports> {
  return compileComponent(await parse(LINKED)).instantiate().exports as unknown as Exports;
}

describe('guest-to-guest linking', () => {
  it('B creates, uses and drops resources defined by A', async () => {
    const e = await linked();
    expect(e.roundtrip(42)).toBe(42);
    expect(e.roundtrip(7)).toBe(7);
  });

  it("JS passes A's resources into B as own (moved) and borrow (kept)", async () => {
    const e = await linked();
    const r = new e.R(5);
    expect(r.get()).toBe(5);
    expect(e.peek(r)).toBe(5);
    expect(r.get()).toBe(5);
    expect(e.take(r)).toBe(5);
    expect(() => r.get()).toThrow(TypeError);
  });

  it('an own handle kept by B stays valid in B; the borrow rules hold across instances', async () => {
    const e = await linked();
    expect(e.keep(new e.R(9))).toBeGreaterThan(0);
    expect(e.roundtrip(1)).toBe(1);
  });

  it('a bad handle from B traps; the whole component instance is then poisoned, a new one works', async () => {
    const c = compileComponent(await parse(LINKED.replace('(local.set $x (call $get (local.get $h)))\n        (call $drop (local.get $h)) ;;',
      '(local.set $x (call $get (i32.const 99)))\n        (call $drop (local.get $h)) ;;')));
    const e = c.instantiate().exports as unknown as Exports;
    const r = new e.R(3);
    expect(() => e.peek(r)).toThrow(/unknown handle index 99/);
    expect(() => r.get()).toThrow(/cannot enter component instance/);
    const fresh = c.instantiate().exports as unknown as Exports;
    expect(fresh.roundtrip(4)).toBe(4);
  });
});
