// Resources through the public API: a guest-defined resource exported as a class (constructor,
// methods, statics, Symbol.dispose, destructor), a host-defined resource imported as a class
// (own and borrow passed host→guest and guest→host), guest→guest passing through two nested
// components, and the spec's traps (drop twice, use after drop, leaked borrow).
// Spec: component-model design/mvp/CanonicalABI.md §"Handle types", §"canon resource.drop".
import { parse } from '@bytecodealliance/jco';
import { describe, expect, it } from 'vitest';
import { compileComponent, RuntimeError } from '../src/index.js';

const dispose: symbol = (Symbol as unknown as { dispose?: symbol }).dispose ?? Symbol.for('dispose');

const GUEST = `(component
  (import "test:res/host" (instance $host
    (export "blob" (type (sub resource)))
    (export "[constructor]blob" (func (param "n" u32) (result (own 0))))
    (export "[method]blob.size" (func (param "self" (borrow 0)) (result u32)))))
  (alias export $host "blob" (type $blob))
  (alias export $host "[constructor]blob" (func $blob-new))
  (alias export $host "[method]blob.size" (func $blob-size))
  (core func $blob-new' (canon lower (func $blob-new)))
  (core func $blob-size' (canon lower (func $blob-size)))
  (core func $blob-drop (canon resource.drop $blob))

  (core module $state
    (memory (export "mem") 1)
    (global $dropped (export "dropped") (mut i32) (i32.const 0))
    (func (export "dtor") (param i32) (global.set $dropped (i32.add (global.get $dropped) (i32.const 1)))))
  (core instance $state (instantiate $state))
  (type $counter (resource (rep i32) (dtor (core func $state "dtor"))))
  (core func $c-new (canon resource.new $counter))
  (core func $c-rep (canon resource.rep $counter))
  (core func $c-drop (canon resource.drop $counter))

  (core module $m
    (import "s" "mem" (memory 1))
    (import "s" "dropped" (global $dropped (mut i32)))
    (import "r" "new" (func $new (param i32) (result i32)))
    (import "r" "rep" (func $rep (param i32) (result i32)))
    (import "r" "drop" (func $drop (param i32)))
    (import "b" "new" (func $bnew (param i32) (result i32)))
    (import "b" "size" (func $bsize (param i32) (result i32)))
    (import "b" "drop" (func $bdrop (param i32)))
    (global $next (mut i32) (i32.const 16))
    (func (export "ctor") (param $init i32) (result i32)
      (local $p i32)
      (local.set $p (global.get $next))
      (global.set $next (i32.add (global.get $next) (i32.const 4)))
      (i32.store (local.get $p) (local.get $init))
      (call $new (local.get $p)))
    ;; methods of a resource defined here receive the rep
    (func (export "inc") (param $rep i32) (i32.store (local.get $rep) (i32.add (i32.load (local.get $rep)) (i32.const 1))))
    (func (export "get") (param $rep i32) (result i32) (i32.load (local.get $rep)))
    (func (export "make") (result i32) (call $new (i32.const 0)))
    (func (export "consume") (param $h i32) (result i32)
      (local $v i32)
      (local.set $v (i32.load (call $rep (local.get $h))))
      (call $drop (local.get $h))
      (local.get $v))
    (func (export "drop-twice") (param $h i32) (call $drop (local.get $h)) (call $drop (local.get $h)))
    (func (export "use-after-drop") (param $h i32) (result i32) (call $drop (local.get $h)) (call $rep (local.get $h)))
    (func (export "dropped") (result i32) (global.get $dropped))
    ;; host resources: handles in this component's table
    (func (export "measure") (param $b i32) (result i32)
      (local $n i32)
      (local.set $n (call $bsize (local.get $b)))
      (call $bdrop (local.get $b))
      (local.get $n))
    (func (export "leak") (param $b i32) (result i32) (call $bsize (local.get $b)))
    (func (export "make-blob") (param $n i32) (result i32) (call $bnew (local.get $n)))
    (func (export "keep") (param $b i32) (call $bdrop (local.get $b)))
  )
  (core instance $i (instantiate $m
    (with "s" (instance $state))
    (with "r" (instance (export "new" (func $c-new)) (export "rep" (func $c-rep)) (export "drop" (func $c-drop))))
    (with "b" (instance (export "new" (func $blob-new')) (export "size" (func $blob-size')) (export "drop" (func $blob-drop))))))

  ;; the functions use the exported type (a resource needs a name where it is used)
  (export $ce "counter" (type $counter))
  (func $ctor (param "init" u32) (result (own $ce)) (canon lift (core func $i "ctor")))
  (func $inc (param "self" (borrow $ce)) (canon lift (core func $i "inc")))
  (func $get (param "self" (borrow $ce)) (result u32) (canon lift (core func $i "get")))
  (func $make (result (own $ce)) (canon lift (core func $i "make")))
  (func $consume (param "c" (own $ce)) (result u32) (canon lift (core func $i "consume")))
  (func $drop-twice (param "c" (own $ce)) (canon lift (core func $i "drop-twice")))
  (func $use-after-drop (param "c" (own $ce)) (result u32) (canon lift (core func $i "use-after-drop")))
  (func $dropped (result u32) (canon lift (core func $i "dropped")))
  (func $measure (param "b" (borrow $blob)) (result u32) (canon lift (core func $i "measure")))
  (func $leak (param "b" (borrow $blob)) (result u32) (canon lift (core func $i "leak")))
  (func $make-blob (param "n" u32) (result (own $blob)) (canon lift (core func $i "make-blob")))
  (func $keep (param "b" (own $blob)) (canon lift (core func $i "keep")))
  (export "[constructor]counter" (func $ctor))
  (export "[method]counter.inc" (func $inc))
  (export "[method]counter.get" (func $get))
  (export "[static]counter.make" (func $make))
  (export "consume" (func $consume))
  (export "drop-twice" (func $drop-twice))
  (export "use-after-drop" (func $use-after-drop))
  (export "dropped" (func $dropped))
  (export "measure" (func $measure))
  (export "leak" (func $leak))
  (export "make-blob" (func $make-blob))
  (export "keep" (func $keep))
)`;

class Blob {
  static live = 0;
  disposed = false;
  constructor(readonly n: number) {
    Blob.live++;
  }
  size(): number {
    return this.n;
  }
  [dispose](): void {
    this.disposed = true;
    Blob.live--;
  }
}

type Api = {
  Counter: { new (init: number): { inc(): void; get(): number }; make(): { get(): number } };
  consume(c: object): number;
  dropTwice(c: object): void;
  useAfterDrop(c: object): number;
  dropped(): number;
  measure(b: Blob): number;
  leak(b: Blob): number;
  makeBlob(n: number): Blob;
  keep(b: Blob): void;
};

async function api(): Promise<Api> {
  const c = compileComponent(await parse(GUEST));
  return c.instantiate({ 'test:res/host': { Blob } }).exports as unknown as Api;
}

describe('component resources', () => {
  it('a guest resource is a class: constructor, methods, statics', async () => {
    const a = await api();
    const c = new a.Counter(41);
    expect(c).toBeInstanceOf(a.Counter);
    c.inc();
    expect(c.get()).toBe(42);
    expect(a.Counter.make().get()).toBe(0);
  });

  it('own handles move into the guest; the destructor runs on drop and on Symbol.dispose', async () => {
    const a = await api();
    const c = new a.Counter(7);
    expect(a.consume(c)).toBe(7);
    expect(a.dropped()).toBe(1);
    // the JS object was consumed: it is no longer a valid handle
    expect(() => a.consume(c)).toThrow(TypeError);
    const d = new a.Counter(1) as unknown as Record<symbol, () => void>;
    d[dispose]!();
    expect(a.dropped()).toBe(2);
  });

  it('dropping twice and using a dropped handle trap with clear messages', async () => {
    let a = await api();
    expect(() => a.dropTwice(new a.Counter(1))).toThrow(RuntimeError);
    a = await api();
    expect(() => a.dropTwice(new a.Counter(1))).toThrow(/handle|dropped|index/i);
    a = await api();
    expect(() => a.useAfterDrop(new a.Counter(1))).toThrow(RuntimeError);
  });

  it('host resources: borrow and own in both directions, dispose on guest drop', async () => {
    const a = await api();
    const b = new Blob(12);
    expect(a.measure(b)).toBe(12);
    expect(b.disposed).toBe(false);
    const made = a.makeBlob(5);
    expect(made).toBeInstanceOf(Blob);
    expect(made.size()).toBe(5);
    const k = new Blob(3);
    a.keep(k);
    expect(k.disposed).toBe(true);
  });

  it('a borrow not dropped before return traps', async () => {
    const a = await api();
    expect(() => a.leak(new Blob(1))).toThrow(RuntimeError);
    try { (await api()).leak(new Blob(1)); } catch (e) { expect(String(e)).toMatch(/borrow/); }
    expect(() => a.leak(new Blob(1))).toThrow(/cannot enter|borrow/);
  });
});

describe('component resources in async mode ({ async: true })', () => {
  type AsyncApi = {
    Counter: { new (init: number): { inc(): Promise<void>; get(): Promise<number> }; make(): Promise<{ get(): Promise<number> }> };
    measure(b: object): Promise<number>;
    makeBlob(n: number): Promise<Blob>;
  };
  class SlowBlob extends Blob {
    // a host resource method answering with a promise: the guest waits for it
    override size(): number {
      return new Promise<number>((r) => setTimeout(() => r(this.n), 2)) as unknown as number;
    }
  }

  it('constructors stay synchronous, methods and statics return promises, host methods may answer with promises', async () => {
    const c = compileComponent(await parse(GUEST));
    const a = c.instantiate({ 'test:res/host': { Blob: SlowBlob } }, { async: true }).exports as unknown as AsyncApi;
    const counter = new a.Counter(41);
    const inc = counter.inc();
    expect(inc).toBeInstanceOf(Promise);
    await inc;
    expect(await counter.get()).toBe(42);
    expect(await (await a.Counter.make()).get()).toBe(0);
    const live = Blob.live;
    expect(await a.measure(new SlowBlob(7))).toBe(7);
    const made = await a.makeBlob(3);
    expect(made).toBeInstanceOf(SlowBlob);
    expect(Blob.live).toBe(live + 2);
  });
});
