// hash32: the i32 twin of hash64.c, same shape and operation count: xorshift32* generator
// feeding FNV-1a 32 over 8 overlapping bytes per step.
#include "common.h"

EXPORT("run") u32 run(i32 n) {
  u32 x = 0x9E3779B9u, h = 0x811c9dc5u;
  for (i32 i = 0; i < n; i++) {
    x ^= x >> 13;
    x ^= x << 17;
    x ^= x >> 5;
    u32 v = x * 0x2545F491u;
    for (i32 b = 0; b < 8; b++) {
      h ^= (v >> (b * 3)) & 0xff;
      h *= 0x01000193u;
    }
  }
  return h ^ (h >> 16);
}
