// fib: naive doubly-recursive Fibonacci on i32. Measures call/return overhead (frames,
// argument passing, small-function dispatch). run(n) = fib(n) mod 2^32.
#include "common.h"

__attribute__((noinline)) static u32 fib(i32 n) {
  return n < 2 ? (u32)n : fib(n - 1) + fib(n - 2);
}

EXPORT("run") u32 run(i32 n) { return fib(n); }
