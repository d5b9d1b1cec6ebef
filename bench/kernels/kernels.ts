// The interpreter benchmark's kernels (bench/interp.ts). Each is a freestanding wasm32 module
// built from <name>.c by build.sh, exporting `run(n: i32) -> i32` that returns a checksum.
// `n` is the default size (scaled by --scale, see scaledN); `checksum` is run(n) at that size
// (a signed i32, as the JS API returns it), checked against node whenever it runs at --scale 1.

export interface Kernel {
  name: string;
  n: number;
  /** how n follows --scale (a work factor): 'linear' (default) n × scale; 'square' (work ~ n²)
   *  n × sqrt(scale); 'fib' (work ~ phi^n) n + log_phi(scale) */
  grow?: 'linear' | 'square' | 'fib';
  checksum: number;
  measures: string;
}

export const kernels: Kernel[] = [
  { name: 'fib', n: 32, grow: 'fib', checksum: 2178309, measures: 'recursive calls (i32)' },
  { name: 'collatz', n: 80_000, checksum: 249296728, measures: 'tight i32 loop, branches' },
  { name: 'hash32', n: 1_000_000, checksum: -1841898696, measures: 'i32 xorshift*/FNV-1a (twin of hash64)' },
  { name: 'hash64', n: 1_000_000, checksum: -637883485, measures: 'i64 xorshift64*/FNV-1a 64' },
  { name: 'mandel', n: 300, grow: 'square', checksum: -819749680, measures: 'f64 arithmetic loop' },
  { name: 'nbody', n: 100_000, checksum: -1679731584, measures: 'f64 loads/stores, sqrt, div' },
  { name: 'sieve', n: 4_000_000, checksum: -950424805, measures: 'byte stores/loads, memory.grow' },
  { name: 'qsort', n: 200_000, checksum: -1307638729, measures: 'i32 array sort: memory, branches, recursion' },
  { name: 'sha256', n: 1_000_000, checksum: 2146437358, measures: 'real program: SHA-256 (rotates, loads)' },
  { name: 'minimark', n: 1000, checksum: -1131346968, measures: 'CoreMark-like mix: lists, matrix, FSM, crc' },
];

/** The n used for a kernel at a given --scale. */
export function scaledN(k: Kernel, scale: number): number {
  if (scale === 1) return k.n;
  if (k.grow === 'fib') return Math.max(1, Math.round(k.n + Math.log(scale) / Math.log((1 + Math.sqrt(5)) / 2)));
  if (k.grow === 'square') return Math.max(1, Math.round(k.n * Math.sqrt(scale)));
  return Math.max(1, Math.round(k.n * scale));
}
