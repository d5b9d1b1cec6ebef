// mandel: f64 arithmetic in a tight loop: Mandelbrot escape counts (max 100 iterations)
// over an n x n grid of [-2, 0.5] x [-1.25, 1.25]. Only + - * and compares: exact in every
// IEEE-754 engine.
#include "common.h"

EXPORT("run") u32 run(i32 n) {
  u32 sum = 0;
  for (i32 py = 0; py < n; py++) {
    double ci = -1.25 + 2.5 * py / n;
    for (i32 px = 0; px < n; px++) {
      double cr = -2.0 + 2.5 * px / n;
      double zr = 0, zi = 0;
      i32 it = 0;
      while (it < 100 && zr * zr + zi * zi <= 4.0) {
        double t = zr * zr - zi * zi + cr;
        zi = 2.0 * zr * zi + ci;
        zr = t;
        it++;
      }
      sum = sum * 31u + (u32)it;
    }
  }
  return sum;
}
