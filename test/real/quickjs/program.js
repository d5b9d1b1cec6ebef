// Evaluated inside QuickJS by test/real/programs.ts (runQuickJS); its completion value is a JSON
// string. Deterministic: no Date, no Math.random.
'use strict';
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
function makeCounter(start) { let c = start; return { inc: (d = 1) => (c += d), get: () => c }; }

// arithmetic, including doubles, integer overflow into doubles, bit ops and BigInt
const arith = {
  fib18: fib(18),
  div: 355 / 113,
  big: 2 ** 53 + 11,
  imul: Math.imul(0x7fffffff, 0x12345),
  shifts: [(-1 >>> 3), (1 << 31), (0xdeadbeef | 0), (~~-7.9)],
  bigint: (2n ** 70n + 12345n).toString(16),
  trig: Math.round(Math.sin(1) * 1e12) / 1e12,
  fixed: (123.456).toFixed(2) + '|' + (1e21).toString() + '|' + (0.1 + 0.2),
};

// strings
const words = 'the quick brown fox jumps over the lazy dog'.split(' ');
const strings = {
  upper: words.map((w) => w[0].toUpperCase() + w.slice(1)).join(' '),
  reversed: [...'purewasm'].reverse().join(''),
  replaced: 'a-b-c-d'.replace(/-/g, '+'),
  padded: 'x'.padStart(4, '.') + 'y'.padEnd(3, '_'),
  unicode: 'naïve café'.normalize('NFD').length + ':' + '😀'.codePointAt(0).toString(16),
  sortedWords: [...words].sort().join(','),
  template: `${words.length} words, ${words.join('').length} letters`,
};

// closures
const counter = makeCounter(10);
for (let i = 0; i < 5; i++) counter.inc(i);
const adders = [1, 2, 3].map((k) => (x) => x + k);

// a loop of a few thousand iterations: a little hash, a sieve and an array sort
let h = 2166136261;
for (let i = 0; i < 4000; i++) { h ^= i & 0xff; h = Math.imul(h, 16777619) >>> 0; }
const sieve = new Uint8Array(3000);
let primes = 0;
for (let i = 2; i < sieve.length; i++) {
  if (!sieve[i]) { primes++; for (let j = i * i; j < sieve.length; j += i) sieve[j] = 1; }
}
let seed = 12345;
const arr = Array.from({ length: 500 }, () => (seed = (seed * 1103515245 + 12345) % 2147483648) % 10007);
arr.sort((a, b) => a - b);

// an exception thrown and caught in JS
let caught;
try {
  JSON.parse('{"bad": }');
} catch (e) {
  caught = e.name + ': ' + (e instanceof SyntaxError);
}
class MyError extends Error { constructor(m) { super(m); this.name = 'MyError'; } }
let caught2;
try { (function deep(n) { if (n === 0) throw new MyError('bottom'); deep(n - 1); })(50); }
catch (e) { caught2 = e.name + ':' + e.message; }

// JSON round trip
const obj = JSON.parse(JSON.stringify({ a: [1, 2, { b: null }], c: 'd\u00e9', e: 1.5e-7 }));
const map = new Map([[1, 'one'], [2, 'two']]);

JSON.stringify({
  arith, strings,
  counter: counter.get(), adders: adders.map((f) => f(10)),
  loop: { h, primes, first: arr.slice(0, 5), last: arr.slice(-3), sum: arr.reduce((s, v) => s + v, 0) },
  caught, caught2,
  obj, map: [...map.entries()],
  typeofs: [typeof null, typeof undefined, typeof 1n, typeof Symbol()],
});
