;; Component B's core module in link.wat (build.ts splices its body there and also builds it
;; alone as link-b.wasm; run.ts links it to link-a.wasm's `add` directly, core to core, as the
;; baseline of the cross-component calls).
(module
  (import "a" "add" (func $add (param i32 i32) (result i32)))
  (func (export "add-once") (param i32 i32) (result i32) (call $add (local.get 0) (local.get 1)))
  (func (export "add-many") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (call $add (local.get $acc) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $acc)))
