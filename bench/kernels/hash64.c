// hash64: i64-heavy loop: xorshift64* generator feeding FNV-1a 64 over 8 bytes per step
// (shifts, xors, 64-bit multiplies). hash32.c is the identical algorithm on i32, so
// time(hash64) / time(hash32) shows what 64-bit integers cost an engine.
#include "common.h"

EXPORT("run") u32 run(i32 n) {
  u64 x = 0x9E3779B97F4A7C15ull, h = 0xcbf29ce484222325ull;
  for (i32 i = 0; i < n; i++) {
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    u64 v = x * 0x2545F4914F6CDD1Dull;
    for (i32 b = 0; b < 8; b++) {
      h ^= (v >> (b * 8)) & 0xff;
      h *= 0x100000001b3ull;
    }
  }
  return (u32)(h ^ (h >> 32));
}
