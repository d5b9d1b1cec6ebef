;; Component A's core module in link.wat (build.ts splices its body there and also builds it
;; alone as link-a.wasm, for the core-to-core baseline in run.ts).
(module
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
