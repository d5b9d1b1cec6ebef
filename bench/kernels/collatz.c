// collatz: tight i32 loop with data-dependent branches: total Collatz steps of the starting
// values 1 + (i mod 65536) for i < n (no trajectory of those exceeds 2^32).
#include "common.h"

EXPORT("run") u32 run(i32 n) {
  u32 total = 0, maxSteps = 0;
  for (i32 i = 0; i < n; i++) {
    u32 x = 1 + ((u32)i & 0xffff), steps = 0;
    while (x != 1) {
      x = (x & 1) ? 3 * x + 1 : x >> 1;
      steps++;
    }
    total += steps;
    if (steps > maxSteps) maxSteps = steps;
  }
  return total * 31u + maxSteps;
}
