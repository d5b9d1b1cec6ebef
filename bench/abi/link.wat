;; Cross-component calls inside one component: instance $b of component $B imports `add` from
;; instance $a of component $A, so every call of $B's core code to `add` is a component-to-
;; component call (canon lower of A's lifted `add`, lowered into B).
;; Spec: component-model design/mvp/Explainer.md §"Instance Definitions" (instantiate with
;; arguments), CanonicalABI.md §"canon lower" (calling a lifted function). The core modules'
;; bodies come from link-a.wat and link-b.wat (build.ts puts them in place of the marker lines).
;;
;;   add(a, b)        A's add, called from JS (no cross-component call)
;;   add-once(a, b)   B's core calls A's add once
;;   add-many(n)      B's core calls A's add n times, folding the results
(component
  (component $A
    (core module $m
      ;; @link-a-body
    )
    (core instance $i (instantiate $m))
    (func (export "add") (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "add"))))

  (component $B
    (import "add" (func $add (param "a" u32) (param "b" u32) (result u32)))
    (core func $add' (canon lower (func $add)))
    (core module $m
      ;; @link-b-body
    )
    (core instance $i (instantiate $m (with "a" (instance (export "add" (func $add'))))))
    (func (export "add-once") (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "add-once")))
    (func (export "add-many") (param "n" u32) (result u32) (canon lift (core func $i "add-many"))))

  (instance $a (instantiate $A))
  (instance $b (instantiate $B (with "add" (func $a "add"))))
  (export "add" (func $a "add"))
  (export "add-once" (func $b "add-once"))
  (export "add-many" (func $b "add-many"))
)
