// Shared by every kernel: fixed-width types, export macro, and the few libc functions clang may
// call on its own (memset/memcpy for loops it recognises). No libc: the modules import nothing.
#pragma once
typedef unsigned char u8;
typedef unsigned short u16;
typedef short i16;
typedef unsigned int u32;
typedef int i32;
typedef unsigned long long u64;
typedef long long i64;
typedef unsigned long size_t;

#define EXPORT(name) __attribute__((export_name(name)))

void *memset(void *d, int c, size_t n) {
  u8 *p = (u8 *)d;
  while (n--) *p++ = (u8)c;
  return d;
}
void *memcpy(void *d, const void *s, size_t n) {
  u8 *p = (u8 *)d;
  const u8 *q = (const u8 *)s;
  while (n--) *p++ = *q++;
  return d;
}

// Heap that starts after the stack and static data and grows linear memory on demand
// (exercises memory.size / memory.grow).
extern u8 __heap_base;
static void *heap_alloc(size_t bytes) {
  size_t base = ((size_t)&__heap_base + 15) & ~(size_t)15;
  size_t end = base + bytes;
  size_t have = __builtin_wasm_memory_size(0) * 65536ul;
  if (end > have) {
    size_t need = (end - have + 65535) / 65536;
    if (__builtin_wasm_memory_grow(0, need) == (size_t)-1) return 0;
  }
  return (void *)base;
}
