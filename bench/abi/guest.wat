;; The core module of the ABI benchmark component (bench/abi/bench.wat embeds it; build.ts also
;; converts it alone to guest.wasm so run.ts can call the same functions through each engine's
;; core API). It follows the canonical ABI by hand, as a wit-bindgen guest would:
;; component-model design/mvp/CanonicalABI.md §"Flattening" (≤ 16 flat parameters are passed
;; as core parameters, more than one flat result goes through a return area), §"canon lift"
;; (`realloc`, `post-return`), §"Storing" (record/variant/option layout).
;;
;; Memory map: 16..72 the return area; 256..1280 the 256 slots of `counter` resources; 2048 the
;; 16-byte message passed to the host; a bump heap from 4096 that `reset` (the post-return of
;; every function that allocates) empties again.
(module
  (import "env" "mem" (memory 17))
  (import "host" "add" (func $host-add (param i32 i32) (result i32)))
  (import "host" "log" (func $host-log (param i32 i32)))
  (import "res" "new" (func $counter-new (param i32) (result i32)))

  (global $heap (mut i32) (i32.const 4096))
  (global $next-slot (mut i32) (i32.const 0))

  (data (i32.const 2048) "hello from guest")

  ;; cabi_realloc(old_ptr, old_size, align, new_size): a bump allocator that grows the memory
  (func (export "cabi_realloc") (param $old i32) (param $old-size i32) (param $align i32) (param $size i32) (result i32)
    (local $p i32) (local $end i32) (local $have i32)
    (if (i32.and (i32.ne (local.get $old) (i32.const 0)) (i32.le_u (local.get $size) (local.get $old-size)))
      (then (return (local.get $old))))
    (local.set $p (i32.and
      (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
      (i32.sub (i32.const 0) (local.get $align))))
    (local.set $end (i32.add (local.get $p) (local.get $size)))
    (local.set $have (i32.shl (memory.size) (i32.const 16)))
    (if (i32.gt_u (local.get $end) (local.get $have))
      (then
        (if (i32.eq (memory.grow (i32.shr_u (i32.add (i32.sub (local.get $end) (local.get $have)) (i32.const 0xffff)) (i32.const 16)))
                    (i32.const -1))
          (then unreachable))))
    (global.set $heap (local.get $end))
    (if (local.get $old) (then (memory.copy (local.get $p) (local.get $old) (local.get $old-size))))
    (local.get $p))

  ;; post-return of every function that received allocated arguments: frees them all
  (func (export "reset") (param i32) (global.set $heap (i32.const 4096)))

  (func (export "nop"))

  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))

  ;; flags (≤ 32 labels are one i32)
  (func (export "id32") (param i32) (result i32) (local.get 0))

  ;; string, list<u8>, list<item>: (ptr, len) returned through the return area
  (func (export "echo-pair") (param $ptr i32) (param $len i32) (result i32)
    (i32.store (i32.const 16) (local.get $ptr))
    (i32.store offset=4 (i32.const 16) (local.get $len))
    (i32.const 16))

  ;; person: name string @0, email option<string> @8 (case @8, payload @12), age u32 @20,
  ;; home address @24 (street @24, city @32, zip option<u32> @40 (case @40, payload @44)),
  ;; tags list<string> @48; size 56, align 4
  (func (export "echo-record")
    (param $name-ptr i32) (param $name-len i32)
    (param $email-case i32) (param $email-ptr i32) (param $email-len i32)
    (param $age i32)
    (param $street-ptr i32) (param $street-len i32) (param $city-ptr i32) (param $city-len i32)
    (param $zip-case i32) (param $zip i32)
    (param $tags-ptr i32) (param $tags-len i32)
    (result i32)
    (i32.store offset=0 (i32.const 16) (local.get $name-ptr))
    (i32.store offset=4 (i32.const 16) (local.get $name-len))
    (i32.store8 offset=8 (i32.const 16) (local.get $email-case))
    (i32.store offset=12 (i32.const 16) (local.get $email-ptr))
    (i32.store offset=16 (i32.const 16) (local.get $email-len))
    (i32.store offset=20 (i32.const 16) (local.get $age))
    (i32.store offset=24 (i32.const 16) (local.get $street-ptr))
    (i32.store offset=28 (i32.const 16) (local.get $street-len))
    (i32.store offset=32 (i32.const 16) (local.get $city-ptr))
    (i32.store offset=36 (i32.const 16) (local.get $city-len))
    (i32.store8 offset=40 (i32.const 16) (local.get $zip-case))
    (i32.store offset=44 (i32.const 16) (local.get $zip))
    (i32.store offset=48 (i32.const 16) (local.get $tags-ptr))
    (i32.store offset=52 (i32.const 16) (local.get $tags-len))
    (i32.const 16))

  ;; shape: circle(f64) | rect(size) | label(string) | empty; flat [case i32, i64, i32];
  ;; in memory case @0, payload @8; size 16, align 8
  (func (export "echo-variant") (param $case i32) (param $a i64) (param $b i32) (result i32)
    (i32.store8 (i32.const 16) (local.get $case))
    (if (i32.eqz (local.get $case))
      (then (i64.store offset=8 (i32.const 16) (local.get $a)))
      (else
        (i32.store offset=8 (i32.const 16) (i32.wrap_i64 (local.get $a)))
        (i32.store offset=12 (i32.const 16) (local.get $b))))
    (i32.const 16))

  ;; counter resource: the rep is the address of a slot holding the value
  (func (export "counter-ctor") (param $init i32) (result i32)
    (local $slot i32)
    (local.set $slot (i32.add (i32.const 256)
      (i32.shl (i32.and (global.get $next-slot) (i32.const 255)) (i32.const 2))))
    (global.set $next-slot (i32.add (global.get $next-slot) (i32.const 1)))
    (i32.store (local.get $slot) (local.get $init))
    (call $counter-new (local.get $slot)))
  (func (export "counter-get") (param $rep i32) (result i32) (i32.load (local.get $rep)))
  ;; the same code as the destructor in bench.wat's $dtor module (which must be defined before
  ;; the resource type, hence before this module); run.ts calls this one for the core baseline
  (func (export "counter-dtor") (param $rep i32) (i32.store (local.get $rep) (i32.const 0)))

  ;; guest → host: call the imported `add` n times, folding the results
  (func (export "call-host") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (call $host-add (local.get $acc) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $acc))

  ;; guest → host with a string: pass the 16-byte message to the imported `log` n times
  (func (export "call-log") (param $n i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (call $host-log (i32.const 2048) (i32.const 16))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))
)
