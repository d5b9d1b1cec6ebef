// sieve: memory-heavy: sieve of Eratosthenes over an n-byte array in linear memory (grown with
// memory.grow on first use), byte stores with large strides, then a scan. Returns
// (prime count) * 31 + (sum of primes mod 2^32) for primes < n.
#include "common.h"

EXPORT("run") u32 run(i32 n) {
  u8 *flags = (u8 *)heap_alloc((size_t)n);
  if (!flags) return 0xdeadu;
  for (i32 i = 0; i < n; i++) flags[i] = 1;
  for (i32 p = 2; (i64)p * p < n; p++)
    if (flags[p])
      for (i32 m = p * p; m < n; m += p) flags[m] = 0;
  u32 count = 0, sum = 0;
  for (i32 i = 2; i < n; i++)
    if (flags[i]) { count++; sum += (u32)i; }
  return count * 31u + sum;
}
