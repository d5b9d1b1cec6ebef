// sha256: a real program: FIPS 180-4 SHA-256 (written from the spec) over n bytes of a
// deterministic buffer (bytes i*31+7 mod 256, i.e. the 64 KiB pattern repeated), fed in 64 KiB
// updates. Also exports digest(): the address of the 32-byte digest of the last run, which the
// harness can compare with node:crypto. run(n) returns the XOR of the eight digest words.
#include "common.h"

typedef struct { u32 h[8]; u8 buf[64]; u32 used; u64 total; } Sha256;

static const u32 K[64] = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define ROTR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void block(Sha256 *s, const u8 *p) {
  u32 w[64];
  for (i32 i = 0; i < 16; i++)
    w[i] = (u32)p[4 * i] << 24 | (u32)p[4 * i + 1] << 16 | (u32)p[4 * i + 2] << 8 | p[4 * i + 3];
  for (i32 i = 16; i < 64; i++) {
    u32 s0 = ROTR(w[i - 15], 7) ^ ROTR(w[i - 15], 18) ^ (w[i - 15] >> 3);
    u32 s1 = ROTR(w[i - 2], 17) ^ ROTR(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  u32 a = s->h[0], b = s->h[1], c = s->h[2], d = s->h[3];
  u32 e = s->h[4], f = s->h[5], g = s->h[6], h = s->h[7];
  for (i32 i = 0; i < 64; i++) {
    u32 t1 = h + (ROTR(e, 6) ^ ROTR(e, 11) ^ ROTR(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
    u32 t2 = (ROTR(a, 2) ^ ROTR(a, 13) ^ ROTR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    h = g; g = f; f = e; e = d + t1;
    d = c; c = b; b = a; a = t1 + t2;
  }
  s->h[0] += a; s->h[1] += b; s->h[2] += c; s->h[3] += d;
  s->h[4] += e; s->h[5] += f; s->h[6] += g; s->h[7] += h;
}

static void sha_init(Sha256 *s) {
  static const u32 iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                            0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  for (i32 i = 0; i < 8; i++) s->h[i] = iv[i];
  s->used = 0;
  s->total = 0;
}

static void sha_update(Sha256 *s, const u8 *p, u32 len) {
  s->total += len;
  while (len > 0) {
    if (s->used == 0 && len >= 64) { block(s, p); p += 64; len -= 64; continue; }
    u32 take = 64 - s->used;
    if (take > len) take = len;
    memcpy(s->buf + s->used, p, take);
    s->used += take; p += take; len -= take;
    if (s->used == 64) { block(s, s->buf); s->used = 0; }
  }
}

static u8 out[32];

static void sha_final(Sha256 *s) {
  u64 bits = s->total * 8;
  u8 pad = 0x80;
  sha_update(s, &pad, 1);
  u8 zero = 0;
  while (s->used != 56) sha_update(s, &zero, 1);
  u8 len[8];
  for (i32 i = 0; i < 8; i++) len[i] = (u8)(bits >> (56 - 8 * i));
  sha_update(s, len, 8);
  for (i32 i = 0; i < 8; i++) {
    out[4 * i] = (u8)(s->h[i] >> 24); out[4 * i + 1] = (u8)(s->h[i] >> 16);
    out[4 * i + 2] = (u8)(s->h[i] >> 8); out[4 * i + 3] = (u8)s->h[i];
  }
}

#define CHUNK 65536
static u8 data[CHUNK];

EXPORT("digest") u8 *digest(void) { return out; }

EXPORT("run") u32 run(i32 n) {
  for (i32 i = 0; i < CHUNK; i++) data[i] = (u8)(i * 31 + 7);
  Sha256 s;
  sha_init(&s);
  for (i32 left = n; left > 0; left -= CHUNK) sha_update(&s, data, left < CHUNK ? (u32)left : CHUNK);
  sha_final(&s);
  u32 x = 0;
  for (i32 i = 0; i < 8; i++) x ^= s.h[i];
  return x;
}
