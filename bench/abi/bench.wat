;; The ABI benchmark component: functions of typical shapes over the core module in guest.wat
;; (build.ts puts that module's body in place of the marker line `;; @guest-body`).
;; WIT equivalent:
;;
;;   interface host { add: func(a: u32, b: u32) -> u32; log: func(msg: string); }
;;   world bench {
;;     import host;
;;     record address { street: string, city: string, zip: option<u32> }
;;     record person { name: string, email: option<string>, age: u32, home: address, tags: list<string> }
;;     record size { w: u32, h: u32 }
;;     variant shape { circle(f64), rect(size), label(string), empty }
;;     record item { id: u32, value: f64, name: string }
;;     flags perms { read, write, exec, list, create, delete, rename, chmod, chown, link, lock, admin }
;;     resource counter { constructor(init: u32); get: func() -> u32; }
;;     export nop: func(); export add: func(a: u32, b: u32) -> u32;
;;     export echo-string: func(s: string) -> string;      // utf8 guest
;;     export echo-string16: func(s: string) -> string;    // utf16 guest
;;     export echo-bytes: func(b: list<u8>) -> list<u8>;
;;     export echo-record: func(p: person) -> person;  export echo-variant: func(s: shape) -> shape;
;;     export echo-items: func(l: list<item>) -> list<item>;  export echo-flags: func(f: perms) -> perms;
;;     export call-host: func(n: u32) -> u32;   // calls host.add n times
;;     export call-log: func(n: u32);           // calls host.log n times with a 16-byte string
;;   }
;;
;; Spec: component-model design/mvp/Explainer.md §"Canonical Definitions" (canon lift/lower and
;; their options, resource.new, resource types with a destructor).
(component
  (import "bench:abi/host" (instance $host
    (export "add" (func (param "a" u32) (param "b" u32) (result u32)))
    (export "log" (func (param "msg" string)))))
  (alias export $host "add" (func $host-add))
  (alias export $host "log" (func $host-log))

  ;; the memory lives in its own module so that lowered imports can name it
  (core module $memory (memory (export "mem") 17))
  (core instance $memory (instantiate $memory))
  (alias core export $memory "mem" (core memory $mem))

  ;; the destructor must exist before the resource type, which the guest's imports need
  (core module $dtor
    (import "env" "mem" (memory 17))
    (func (export "dtor") (param $rep i32) (i32.store (local.get $rep) (i32.const 0))))
  (core instance $dtor (instantiate $dtor (with "env" (instance $memory))))
  (type $counter (resource (rep i32) (dtor (core func $dtor "dtor"))))
  (core func $counter-new (canon resource.new $counter))

  (core func $host-add' (canon lower (func $host-add)))
  (core func $host-log' (canon lower (func $host-log) (memory $mem) string-encoding=utf8))

  (core module $guest
    ;; @guest-body
  )
  (core instance $g (instantiate $guest
    (with "env" (instance $memory))
    (with "host" (instance (export "add" (func $host-add')) (export "log" (func $host-log'))))
    (with "res" (instance (export "new" (func $counter-new))))))
  (alias core export $g "cabi_realloc" (core func $realloc))
  (alias core export $g "reset" (core func $reset))

  ;; the types of the interface (a function may use them freely; an export must use named types,
  ;; which the nested component $api below provides, as wit-component's output does)
  (type $address (record (field "street" string) (field "city" string) (field "zip" (option u32))))
  (type $person (record (field "name" string) (field "email" (option string)) (field "age" u32)
    (field "home" $address) (field "tags" (list string))))
  (type $size (record (field "w" u32) (field "h" u32)))
  (type $shape (variant (case "circle" f64) (case "rect" $size) (case "label" string) (case "empty")))
  (type $item (record (field "id" u32) (field "value" f64) (field "name" string)))
  (type $perms (flags "read" "write" "exec" "list" "create" "delete" "rename" "chmod" "chown" "link" "lock" "admin"))

  (func $nop (canon lift (core func $g "nop")))
  (func $add (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $g "add")))
  (func $echo-string (param "s" string) (result string)
    (canon lift (core func $g "echo-pair") (memory $mem) (realloc $realloc) string-encoding=utf8 (post-return $reset)))
  (func $echo-string16 (param "s" string) (result string)
    (canon lift (core func $g "echo-pair") (memory $mem) (realloc $realloc) string-encoding=utf16 (post-return $reset)))
  (func $echo-bytes (param "b" (list u8)) (result (list u8))
    (canon lift (core func $g "echo-pair") (memory $mem) (realloc $realloc) (post-return $reset)))
  (func $echo-record (param "p" $person) (result $person)
    (canon lift (core func $g "echo-record") (memory $mem) (realloc $realloc) (post-return $reset)))
  (func $echo-variant (param "s" $shape) (result $shape)
    (canon lift (core func $g "echo-variant") (memory $mem) (realloc $realloc) (post-return $reset)))
  (func $echo-items (param "l" (list $item)) (result (list $item))
    (canon lift (core func $g "echo-pair") (memory $mem) (realloc $realloc) (post-return $reset)))
  (func $echo-flags (param "f" $perms) (result $perms) (canon lift (core func $g "id32")))
  (func $counter-ctor (param "init" u32) (result (own $counter)) (canon lift (core func $g "counter-ctor")))
  (func $counter-get (param "self" (borrow $counter)) (result u32) (canon lift (core func $g "counter-get")))
  (func $call-host (param "n" u32) (result u32) (canon lift (core func $g "call-host")))
  (func $call-log (param "n" u32) (canon lift (core func $g "call-log")))

  ;; the exported interface `bench:abi/api`: imports types and functions, exports them under
  ;; their names with the functions' types ascribed in terms of the exported types
  (component $api
    (type $address' (record (field "street" string) (field "city" string) (field "zip" (option u32))))
    (import "import-type-address" (type $address-i (eq $address')))
    (type $person' (record (field "name" string) (field "email" (option string)) (field "age" u32)
      (field "home" $address-i) (field "tags" (list string))))
    (import "import-type-person" (type $person-i (eq $person')))
    (type $size' (record (field "w" u32) (field "h" u32)))
    (import "import-type-size" (type $size-i (eq $size')))
    (type $shape' (variant (case "circle" f64) (case "rect" $size-i) (case "label" string) (case "empty")))
    (import "import-type-shape" (type $shape-i (eq $shape')))
    (type $item' (record (field "id" u32) (field "value" f64) (field "name" string)))
    (import "import-type-item" (type $item-i (eq $item')))
    (type $perms' (flags "read" "write" "exec" "list" "create" "delete" "rename" "chmod" "chown" "link" "lock" "admin"))
    (import "import-type-perms" (type $perms-i (eq $perms')))
    (import "import-type-counter" (type $counter-i (sub resource)))

    (import "import-func-nop" (func $nop))
    (import "import-func-add" (func $add (param "a" u32) (param "b" u32) (result u32)))
    (import "import-func-echo-string" (func $echo-string (param "s" string) (result string)))
    (import "import-func-echo-string16" (func $echo-string16 (param "s" string) (result string)))
    (import "import-func-echo-bytes" (func $echo-bytes (param "b" (list u8)) (result (list u8))))
    (import "import-func-echo-record" (func $echo-record (param "p" $person-i) (result $person-i)))
    (import "import-func-echo-variant" (func $echo-variant (param "s" $shape-i) (result $shape-i)))
    (import "import-func-echo-items" (func $echo-items (param "l" (list $item-i)) (result (list $item-i))))
    (import "import-func-echo-flags" (func $echo-flags (param "f" $perms-i) (result $perms-i)))
    (import "import-constructor-counter" (func $counter-ctor (param "init" u32) (result (own $counter-i))))
    (import "import-method-counter-get" (func $counter-get (param "self" (borrow $counter-i)) (result u32)))
    (import "import-func-call-host" (func $call-host (param "n" u32) (result u32)))
    (import "import-func-call-log" (func $call-log (param "n" u32)))

    ;; a type that uses another type must be re-ascribed in terms of that type's export
    (export $address "address" (type $address-i))
    (type $person'' (record (field "name" string) (field "email" (option string)) (field "age" u32)
      (field "home" $address) (field "tags" (list string))))
    (export $person "person" (type $person-i) (type (eq $person'')))
    (export $size "size" (type $size-i))
    (type $shape'' (variant (case "circle" f64) (case "rect" $size) (case "label" string) (case "empty")))
    (export $shape "shape" (type $shape-i) (type (eq $shape'')))
    (export $item "item" (type $item-i))
    (export $perms "perms" (type $perms-i))
    (export $counter "counter" (type $counter-i))
    (export "nop" (func $nop))
    (export "add" (func $add))
    (export "echo-string" (func $echo-string))
    (export "echo-string16" (func $echo-string16))
    (export "echo-bytes" (func $echo-bytes))
    (export "echo-record" (func $echo-record) (func (param "p" $person) (result $person)))
    (export "echo-variant" (func $echo-variant) (func (param "s" $shape) (result $shape)))
    (export "echo-items" (func $echo-items) (func (param "l" (list $item)) (result (list $item))))
    (export "echo-flags" (func $echo-flags) (func (param "f" $perms) (result $perms)))
    (export "[constructor]counter" (func $counter-ctor) (func (param "init" u32) (result (own $counter))))
    (export "[method]counter.get" (func $counter-get) (func (param "self" (borrow $counter)) (result u32)))
    (export "call-host" (func $call-host))
    (export "call-log" (func $call-log)))

  (instance $api (instantiate $api
    (with "import-type-address" (type $address))
    (with "import-type-person" (type $person))
    (with "import-type-size" (type $size))
    (with "import-type-shape" (type $shape))
    (with "import-type-item" (type $item))
    (with "import-type-perms" (type $perms))
    (with "import-type-counter" (type $counter))
    (with "import-func-nop" (func $nop))
    (with "import-func-add" (func $add))
    (with "import-func-echo-string" (func $echo-string))
    (with "import-func-echo-string16" (func $echo-string16))
    (with "import-func-echo-bytes" (func $echo-bytes))
    (with "import-func-echo-record" (func $echo-record))
    (with "import-func-echo-variant" (func $echo-variant))
    (with "import-func-echo-items" (func $echo-items))
    (with "import-func-echo-flags" (func $echo-flags))
    (with "import-constructor-counter" (func $counter-ctor))
    (with "import-method-counter-get" (func $counter-get))
    (with "import-func-call-host" (func $call-host))
    (with "import-func-call-log" (func $call-log))))
  (export "bench:abi/api" (instance $api))
)
