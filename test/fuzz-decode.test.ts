// Property test: mutated modules (bit flips, truncation, overlong LEB128, section shuffles, byte
// insertion/deletion) only ever decode+validate to a module or throw CompileError — never another
// exception type, never a hang.
import { parse } from '@bytecodealliance/jco';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { WebAssembly } from 'purewasm';

const SEEDS_WAT = [
  `(module
    (type $t (func (param i32 i64) (result i32)))
    (import "env" "f" (func $imp (type $t)))
    (import "env" "m" (memory 1 2))
    (import "env" "g" (global $g i32))
    (table $tab 2 funcref)
    (global $mg (mut i64) (i64.const -5))
    (func $a (export "a") (param i32) (result i32) (local f64 v128)
      (block $b (result i32)
        (loop $l
          (br_if $b (i32.const 5) (i32.eqz (local.get 0))) drop
          local.get 0 i32.const 1 i32.sub local.set 0
          (br_table $l $l $l (local.get 0)))
        i32.const 7)
      (i32.load offset=4 (i32.const 0)) i32.add
      (call_indirect (type $t) (i32.const 1) (i64.const 2) (i32.const 0)) i32.add)
    (func $b (param i32 i64) (result i32) local.get 0 (i32.wrap_i64 (local.get 1)) i32.add global.get $g i32.add)
    (elem (i32.const 0) $a $b)
    (elem declare func $imp)
    (data (i32.const 8) "hello")
    (data "passive")
    (func (export "bulk") (memory.init 1 (i32.const 0) (i32.const 0) (i32.const 3)) (data.drop 1)
      (memory.fill (i32.const 0) (i32.const 1) (i32.const 2)) (drop (ref.func $imp)))
    (start $s) (func $s))`,
  `(module
    (memory 1)
    (func (export "simd") (param v128) (result v128)
      (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 (local.get 0) (v128.const i32x4 1 2 3 4))
      (i32x4.add (v128.load offset=16 align=4 (i32.const 0)))
      (f32x4.replace_lane 2 (f32.const 1.5)))
    (tag $e (param i32))
    (func (export "exn") (result i32)
      (block $h (result i32)
        (try_table (catch $e $h) (throw $e (i32.const 42))) i32.const 0))
    (func (export "tail") (param i32) (result i32) (return_call 1 (local.get 0))))`,
  `(module
    (rec (type $s (sub (struct (field (mut i32)) (field i64)))) (type $arr (array (mut i8))))
    (type $f (func (param (ref null $s)) (result i32)))
    (func (export "gc") (type $f) (struct.get $s 0 (local.get 0)))
    (func (export "arr") (result i32) (array.len (array.new_default $arr (i32.const 3))))
    (func (export "i31") (param i32) (result i32) (i31.get_s (ref.i31 (local.get 0))))
    (global (ref null $s) (ref.null $s))
    (@custom "my-section" "payload"))`,
];

let seeds: Uint8Array[] = [];

function check(bytes: Uint8Array): void {
  try {
    new WebAssembly.Module(bytes);
  } catch (e) {
    if (!(e instanceof WebAssembly.CompileError)) {
      throw new Error(`non-CompileError ${String(e)} for bytes ${Buffer.from(bytes).toString('hex')}`);
    }
  }
}

/** Section boundaries after the 8-byte preamble: [start, end) per section (id byte included). */
function sections(b: Uint8Array): [number, number][] {
  const out: [number, number][] = [];
  let p = 8;
  while (p < b.length) {
    const start = p++;
    let size = 0;
    let shift = 0;
    for (;;) {
      if (p >= b.length) return out;
      const x = b[p++]!;
      size |= (x & 0x7f) << shift;
      shift += 7;
      if (!(x & 0x80)) break;
    }
    p += size;
    if (p > b.length) return out;
    out.push([start, p]);
  }
  return out;
}

type Mutation =
  | { kind: 'flip'; seed: number; pos: number; bit: number }
  | { kind: 'truncate'; seed: number; len: number }
  | { kind: 'overlong'; seed: number; pos: number }
  | { kind: 'shuffle'; seed: number; order: number[] }
  | { kind: 'insert'; seed: number; pos: number; byte: number }
  | { kind: 'delete'; seed: number; pos: number }
  | { kind: 'set'; seed: number; pos: number; byte: number };

function apply(m: Mutation): Uint8Array {
  const s = seeds[m.seed % seeds.length]!;
  const b = s.slice();
  const at = (p: number) => p % b.length;
  switch (m.kind) {
    case 'flip': b[at(m.pos)]! ^= 1 << m.bit; return b;
    case 'set': b[at(m.pos)] = m.byte; return b;
    case 'truncate': return b.subarray(0, m.len % (b.length + 1));
    case 'delete': { const p = at(m.pos); return new Uint8Array([...b.subarray(0, p), ...b.subarray(p + 1)]); }
    case 'insert': { const p = at(m.pos); return new Uint8Array([...b.subarray(0, p), m.byte, ...b.subarray(p)]); }
    case 'overlong': {
      // Make a byte that ends a LEB128 longer: x -> (x|0x80) 0x00, or add a redundant 0x80.
      const p = at(m.pos);
      const x = b[p]!;
      return new Uint8Array([...b.subarray(0, p), x | 0x80, x < 0x80 ? 0x00 : 0x80, ...b.subarray(p + 1)]);
    }
    case 'shuffle': {
      const secs = sections(s);
      const parts = secs.map(([a, z]) => s.subarray(a, z));
      if (parts.length === 0) return s;
      const order = m.order.map((i) => i % Math.max(parts.length, 1));
      const chosen = order.length ? order.map((i) => parts[i]!) : parts.slice().reverse();
      return new Uint8Array([...s.subarray(0, 8), ...chosen.flatMap((p) => [...p])]);
    }
  }
}

const seedIdx = fc.nat(1000);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), seed: seedIdx, pos: fc.nat(100000), bit: fc.nat(7) }),
  fc.record({ kind: fc.constant('set' as const), seed: seedIdx, pos: fc.nat(100000), byte: fc.nat(255) }),
  fc.record({ kind: fc.constant('truncate' as const), seed: seedIdx, len: fc.nat(100000) }),
  fc.record({ kind: fc.constant('overlong' as const), seed: seedIdx, pos: fc.nat(100000) }),
  fc.record({ kind: fc.constant('shuffle' as const), seed: seedIdx, order: fc.array(fc.nat(20), { maxLength: 14 }) }),
  fc.record({ kind: fc.constant('insert' as const), seed: seedIdx, pos: fc.nat(100000), byte: fc.nat(255) }),
  fc.record({ kind: fc.constant('delete' as const), seed: seedIdx, pos: fc.nat(100000) }),
);

describe('decoder/validator robustness', () => {
  beforeAll(async () => {
    seeds = await Promise.all(SEEDS_WAT.map((w) => parse(w)));
  });

  it('accepts the unmutated seeds', () => {
    for (const s of seeds) new WebAssembly.Module(s);
  });

  it('mutated modules give a module or a CompileError (12,000 cases)', () => {
    fc.assert(fc.property(mutation, (m) => check(apply(m))), { numRuns: 12000 });
  });

  it('stacked mutations (3,000 cases)', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 2, maxLength: 6 }), (ms) => {
        const saved = seeds;
        try {
          let cur = apply(ms[0]!);
          for (const m of ms.slice(1)) {
            seeds = [cur.length >= 8 ? cur : saved[0]!];
            cur = apply({ ...m, seed: 0 });
          }
          check(cur);
        } finally {
          seeds = saved;
        }
      }),
      { numRuns: 3000 },
    );
  });
});
