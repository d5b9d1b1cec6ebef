// qsort: memory + branches + recursion: fills n i32 values from an LCG in linear memory and
// sorts them with a median-of-three quicksort (insertion sort below 16 elements). Returns a
// position-weighted sum of the sorted array, or 0xbad if it is not sorted.
#include "common.h"

static void insertion(i32 *a, i32 lo, i32 hi) {
  for (i32 i = lo + 1; i <= hi; i++) {
    i32 v = a[i], j = i - 1;
    while (j >= lo && a[j] > v) { a[j + 1] = a[j]; j--; }
    a[j + 1] = v;
  }
}

static void quicksort(i32 *a, i32 lo, i32 hi) {
  while (hi - lo >= 16) {
    i32 mid = lo + (hi - lo) / 2;
    if (a[mid] < a[lo]) { i32 t = a[mid]; a[mid] = a[lo]; a[lo] = t; }
    if (a[hi] < a[lo]) { i32 t = a[hi]; a[hi] = a[lo]; a[lo] = t; }
    if (a[hi] < a[mid]) { i32 t = a[hi]; a[hi] = a[mid]; a[mid] = t; }
    i32 pivot = a[mid], i = lo, j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) { i32 t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
    }
    // recurse into the smaller half, loop on the larger
    if (j - lo < hi - i) { quicksort(a, lo, j); lo = i; }
    else { quicksort(a, i, hi); hi = j; }
  }
  insertion(a, lo, hi);
}

EXPORT("run") u32 run(i32 n) {
  i32 *a = (i32 *)heap_alloc((size_t)n * 4);
  if (!a) return 0xdeadu;
  u32 s = 12345;
  for (i32 i = 0; i < n; i++) {
    s = s * 1103515245u + 12345u;
    a[i] = (i32)(s >> 1);
  }
  quicksort(a, 0, n - 1);
  u32 sum = 0;
  for (i32 i = 0; i < n; i++) {
    if (i > 0 && a[i - 1] > a[i]) return 0xbadu;
    sum += (u32)a[i] * (u32)(i + 1);
  }
  return sum;
}
