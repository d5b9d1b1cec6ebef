// minimark: a small CoreMark-like mix, per iteration: linked-list work (find, reverse,
// merge sort by key, over a list in a static node pool), a 16x16 i16 matrix multiply with
// i32 accumulation, a state machine classifying tokens of a generated text ("123", "-4.5",
// "6e7", "0x1f", junk), and CRC-16 (CCITT) of all of their results. run(n) = n iterations;
// returns the final CRC combined with the iteration count.
#include "common.h"

static u16 crc16(u16 crc, u32 v) {
  for (i32 k = 0; k < 4; k++) {
    crc ^= (u16)((v & 0xff) << 8);
    v >>= 8;
    for (i32 b = 0; b < 8; b++) crc = (crc & 0x8000) ? (u16)((crc << 1) ^ 0x1021) : (u16)(crc << 1);
  }
  return crc;
}

// --- list ---
typedef struct Node { struct Node *next; i16 key; i16 idx; } Node;
#define LIST_N 64
static Node pool[LIST_N];

static Node *list_build(u32 seed) {
  Node *head = 0;
  for (i32 i = LIST_N - 1; i >= 0; i--) {
    seed = seed * 1664525u + 1013904223u;
    pool[i].key = (i16)((seed >> 16) & 0x7fff);
    pool[i].idx = (i16)i;
    pool[i].next = head;
    head = &pool[i];
  }
  return head;
}
static Node *list_reverse(Node *l) {
  Node *r = 0;
  while (l) { Node *n = l->next; l->next = r; r = l; l = n; }
  return r;
}
static Node *list_find(Node *l, i16 key) {
  while (l && (l->key & 0xff) != (key & 0xff)) l = l->next;
  return l;
}
static Node *list_merge_sort(Node *l) {  // bottom-up merge sort (as CoreMark does)
  if (!l) return 0;
  for (i32 insize = 1;; insize *= 2) {
    Node *p = l, *tail = 0;
    l = 0;
    i32 merges = 0;
    while (p) {
      merges++;
      Node *q = p;
      i32 psize = 0;
      for (i32 i = 0; i < insize && q; i++) { psize++; q = q->next; }
      i32 qsize = insize;
      while (psize > 0 || (qsize > 0 && q)) {
        Node *e;
        if (psize == 0) { e = q; q = q->next; qsize--; }
        else if (qsize == 0 || !q) { e = p; p = p->next; psize--; }
        else if (p->key <= q->key) { e = p; p = p->next; psize--; }
        else { e = q; q = q->next; qsize--; }
        if (tail) tail->next = e; else l = e;
        tail = e;
      }
      p = q;
    }
    tail->next = 0;
    if (merges <= 1) return l;
  }
}
static u16 bench_list(u16 crc, u32 seed) {
  Node *l = list_build(seed);
  for (i32 i = 0; i < 8; i++) {
    Node *f = list_find(l, (i16)(seed >> i));
    crc = crc16(crc, f ? (u32)f->idx : 0xffffu);
  }
  l = list_reverse(l);
  l = list_merge_sort(l);
  u32 acc = 0;
  for (Node *p = l; p; p = p->next) acc = acc * 3u + (u32)p->key + (u32)p->idx;
  return crc16(crc, acc);
}

// --- matrix ---
#define MN 16
static i16 ma[MN * MN], mb[MN * MN];
static i32 mc[MN * MN];
static u16 bench_matrix(u16 crc, u32 seed) {
  for (i32 i = 0; i < MN * MN; i++) {
    seed = seed * 1103515245u + 12345u;
    ma[i] = (i16)((seed >> 16) & 0x3ff);
    mb[i] = (i16)((seed >> 8) & 0x3ff) - 512;
  }
  for (i32 i = 0; i < MN; i++)
    for (i32 j = 0; j < MN; j++) {
      i32 s = 0;
      for (i32 k = 0; k < MN; k++) s += (i32)ma[i * MN + k] * (i32)mb[k * MN + j];
      mc[i * MN + j] = s;
    }
  u32 acc = 0;
  for (i32 i = 0; i < MN * MN; i++) acc += (u32)(mc[i] > 0 ? mc[i] >> 2 : -mc[i]);
  return crc16(crc, acc);
}

// --- state machine ---
enum { S_START, S_INT, S_FRAC, S_EXP, S_HEX0, S_HEX, S_BAD, S_COUNT };
#define TEXT_N 256
static char text[TEXT_N];
static void gen_text(u32 seed) {
  static const char *const toks[8] = {"123", "-4.5", "6e7", "0x1f", "+.9", "7a!", "00", "3.14e-2"};
  i32 p = 0;
  while (p < TEXT_N - 10) {
    seed = seed * 1664525u + 1013904223u;
    const char *t = toks[(seed >> 24) & 7];
    while (*t) text[p++] = *t++;
    text[p++] = ',';
  }
  text[p] = 0;
}
static u16 bench_state(u16 crc, u32 seed) {
  gen_text(seed);
  u32 counts[S_COUNT] = {0};
  i32 st = S_START;
  for (const char *c = text; *c; c++) {
    char ch = *c;
    if (ch == ',') { counts[st]++; st = S_START; continue; }
    switch (st) {
      case S_START:
        if (ch == '0') st = S_HEX0;
        else if ((ch >= '1' && ch <= '9') || ch == '+' || ch == '-') st = S_INT;
        else if (ch == '.') st = S_FRAC;
        else st = S_BAD;
        break;
      case S_HEX0:
        if (ch == 'x') st = S_HEX; else if (ch >= '0' && ch <= '9') st = S_INT; else st = S_BAD;
        break;
      case S_INT:
        if (ch == '.') st = S_FRAC; else if (ch == 'e') st = S_EXP;
        else if (!(ch >= '0' && ch <= '9')) st = S_BAD;
        break;
      case S_FRAC:
        if (ch == 'e') st = S_EXP; else if (!(ch >= '0' && ch <= '9')) st = S_BAD;
        break;
      case S_EXP:
        if (!((ch >= '0' && ch <= '9') || ch == '-')) st = S_BAD;
        break;
      case S_HEX:
        if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) st = S_BAD;
        break;
      default:
        break;
    }
  }
  for (i32 i = 0; i < S_COUNT; i++) crc = crc16(crc, counts[i]);
  return crc;
}

EXPORT("run") u32 run(i32 n) {
  u16 crc = 0;
  for (i32 i = 0; i < n; i++) {
    u32 seed = (u32)i * 2654435761u + 1;
    crc = bench_list(crc, seed);
    crc = bench_matrix(crc, seed);
    crc = bench_state(crc, seed);
  }
  return ((u32)crc << 16) ^ (u32)n;
}
