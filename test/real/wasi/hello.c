// A small WASI preview1 command used by test/real-programs*.test.ts: prints to stdout, reads its
// arguments, an environment variable and a file from a preopened directory, computes a CRC-32,
// sorts numbers with qsort, does some 64-bit and floating-point arithmetic, writes a file into
// the preopened directory, and exits with a code derived from its work.
// Built by build.sh (clang-19 --target=wasm32-wasi); the .wasm is committed next to this file.
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t crc_table[256];

static void crc_init(void) {
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    crc_table[i] = c;
  }
}

static uint32_t crc32(const uint8_t *p, size_t n) {
  uint32_t c = 0xFFFFFFFFu;
  for (size_t i = 0; i < n; i++) c = crc_table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

static int cmp_i32(const void *a, const void *b) {
  int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
  return (x > y) - (x < y);
}

#define N_SORT 3000
#define N_BYTES 20000

int main(int argc, char **argv) {
  printf("hello from wasi, argc=%d\n", argc);
  for (int i = 0; i < argc; i++) printf("argv[%d]=%s\n", i, argv[i]);
  const char *greeting = getenv("GREETING");
  printf("GREETING=%s\n", greeting ? greeting : "(unset)");
  const char *missing = getenv("NOT_SET_ANYWHERE");
  printf("NOT_SET_ANYWHERE=%s\n", missing ? missing : "(unset)");

  // Read the input file from the preopened directory.
  char input[256] = {0};
  FILE *in = fopen("/data/input.txt", "r");
  if (!in) {
    printf("cannot open input: errno %d\n", errno);
    return 3;
  }
  size_t nin = fread(input, 1, sizeof input - 1, in);
  fclose(in);
  printf("input (%zu bytes): %s", nin, input);

  // CRC-32 of a pseudo-random buffer (xorshift32 seeded from the arguments).
  crc_init();
  uint32_t seed = 2463534242u;
  for (int i = 1; i < argc; i++) seed = seed * 31u + crc32((const uint8_t *)argv[i], strlen(argv[i]));
  uint8_t *buf = malloc(N_BYTES);
  uint32_t x = seed;
  for (int i = 0; i < N_BYTES; i++) {
    x ^= x << 13; x ^= x >> 17; x ^= x << 5;
    buf[i] = (uint8_t)x;
  }
  uint32_t crc = crc32(buf, N_BYTES);
  printf("crc32(check)=%08x crc32(buf)=%08x\n", crc32((const uint8_t *)"123456789", 9), crc);

  // Sort.
  int32_t *nums = malloc(N_SORT * sizeof(int32_t));
  for (int i = 0; i < N_SORT; i++) {
    x ^= x << 13; x ^= x >> 17; x ^= x << 5;
    nums[i] = (int32_t)(x % 200001u) - 100000;
  }
  qsort(nums, N_SORT, sizeof(int32_t), cmp_i32);
  int sorted = 1;
  int64_t sum = 0;
  for (int i = 0; i < N_SORT; i++) {
    if (i && nums[i - 1] > nums[i]) sorted = 0;
    sum += nums[i];
  }
  printf("sorted=%d min=%d median=%d max=%d sum=%lld\n", sorted, nums[0], nums[N_SORT / 2], nums[N_SORT - 1], (long long)sum);

  // 64-bit and floating-point arithmetic.
  uint64_t h = 1469598103934665603ull;
  for (int i = 0; i < N_SORT; i++) { h ^= (uint64_t)(uint32_t)nums[i]; h *= 1099511628211ull; }
  double acc = 0;
  for (int i = 1; i <= 1000; i++) acc += sqrt((double)i) / (double)i + sin(i * 0.001);
  printf("fnv1a64=%016llx acc=%.9f\n", (unsigned long long)h, acc);

  // Write a result file into the preopened directory.
  FILE *out = fopen("/data/out/result.txt", "w");
  if (!out) {
    printf("cannot open output: errno %d\n", errno);
    return 4;
  }
  fprintf(out, "crc=%08x\nsum=%lld\n", crc, (long long)sum);
  for (int i = 0; i < N_SORT; i += N_SORT / 10) fprintf(out, "nums[%d]=%d\n", i, nums[i]);
  fclose(out);
  free(nums);
  free(buf);
  printf("done\n");
  return (int)(crc % 100) + 10;
}
