// Runs the spec test suite's numeric assertions directly against src/core/exec/numeric: the
// first module of i32.wast, i64.wast, f32.wast, f64.wast, conversions.wast, float_misc.wast and
// wide-arithmetic.wast exports one function per operator; every assert_return / assert_trap on
// those exports whose operator this layer implements is checked (results with the runner's own
// pattern matching, traps by exact message). Operators left to the interpreter (i32.add,
// f64.add, neg, abs, copysign, reinterpret, float comparisons, ...) are counted as skipped.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RuntimeError } from '../src/core/errors.js';
import * as CV from '../src/core/exec/numeric/convert.js';
import * as F32 from '../src/core/exec/numeric/f32.js';
import * as FL from '../src/core/exec/numeric/float.js';
import * as I32 from '../src/core/exec/numeric/i32.js';
import * as I64 from '../src/core/exec/numeric/i64.js';
import { suiteDir } from '../spec-tests/suite.js';
import { type Value, formatPattern, formatValue, matches } from '../spec-tests/values.js';
import { type Command, parseWast } from '../spec-tests/wast.js';

// ---------------------------------------------------------------------------------------------
// Values <-> this layer's representation

const f32v = new Float32Array(1);
const u32v = new Uint32Array(f32v.buffer);
const f64v = new Float64Array(1);
const u64v = new BigUint64Array(f64v.buffer);

type Num = { readonly kind: 'num'; readonly x: number } | { readonly kind: 'i64'; readonly lo: number; readonly hi: number };

function fromValue(v: Value): Num {
  switch (v.type) {
    case 'i32': return { kind: 'num', x: v.bits | 0 };
    case 'i64': return { kind: 'i64', lo: Number(BigInt.asIntN(32, v.bits)), hi: Number(BigInt.asIntN(32, v.bits >> 32n)) };
    case 'f32': u32v[0] = v.bits; return { kind: 'num', x: f32v[0]! };
    case 'f64': u64v[0] = v.bits; return { kind: 'num', x: f64v[0]! };
    default: throw new Error(`unexpected argument type ${v.type}`);
  }
}

const i32 = (x: number): Value => ({ type: 'i32', bits: x >>> 0 });
const i64 = (lo: number, hi: number): Value => ({ type: 'i64', bits: (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0) });
const f32 = (x: number): Value => ((f32v[0] = x), { type: 'f32', bits: u32v[0]! });
const f64 = (x: number): Value => ((f64v[0] = x), { type: 'f64', bits: u64v[0]! });

const out = new Int32Array(4);
const num = (a: Num): number => (a.kind === 'num' ? a.x : NaN);
const lo = (a: Num): number => (a.kind === 'i64' ? a.lo : NaN);
const hi = (a: Num): number => (a.kind === 'i64' ? a.hi : NaN);

type Impl = (args: Num[]) => Value[];

const un32 = (f: (a: number) => number): Impl => ([a]) => [i32(f(num(a!)))];
const bin32 = (f: (a: number, b: number) => number): Impl => ([a, b]) => [i32(f(num(a!), num(b!)))];
const bin64 = (f: (al: number, ah: number, bl: number, bh: number, out: Int32Array, o: number) => void): Impl =>
  ([a, b]) => (f(lo(a!), hi(a!), lo(b!), hi(b!), out, 0), [i64(out[0]!, out[1]!)]);
const shift64 = (f: (al: number, ah: number, n: number, out: Int32Array, o: number) => void): Impl =>
  ([a, b]) => (f(lo(a!), hi(a!), lo(b!), out, 0), [i64(out[0]!, out[1]!)]);
const count64 = (f: (l: number, h: number) => number): Impl => ([a]) => [i64(f(lo(a!), hi(a!)), 0)];
const ext64 = (f: (l: number, out: Int32Array, o: number) => void): Impl => ([a]) => (f(a!.kind === 'i64' ? a!.lo : num(a!), out, 0), [i64(out[0]!, out[1]!)]);
const test64 = (f: (l: number, h: number) => number): Impl => ([a]) => [i32(f(lo(a!), hi(a!)))];
const cmp64 = (f: (al: number, ah: number, bl: number, bh: number) => number): Impl => ([a, b]) => [i32(f(lo(a!), hi(a!), lo(b!), hi(b!)))];
const flt = (mk: (x: number) => Value, f: (...xs: number[]) => number): Impl => (args) => [mk(f(...args.map(num)))];
const trunc64 = (f: (x: number, out: Int32Array, o: number) => void): Impl => ([a]) => (f(num(a!), out, 0), [i64(out[0]!, out[1]!)]);
const fromI64 = (mk: (x: number) => Value, f: (l: number, h: number) => number): Impl => ([a]) => [mk(f(lo(a!), hi(a!)))];
const wide = (f: (...xs: [...number[], Int32Array, number]) => void): Impl => (args) => {
  f(...args.flatMap((a) => [lo(a), hi(a)]), out, 0);
  return [i64(out[0]!, out[1]!), i64(out[2]!, out[3]!)];
};

const IMPLS: Record<string, Impl> = {
  'i32.div_s': bin32(I32.divS), 'i32.div_u': bin32(I32.divU), 'i32.rem_s': bin32(I32.remS), 'i32.rem_u': bin32(I32.remU),
  'i32.rotl': bin32(I32.rotl), 'i32.rotr': bin32(I32.rotr), 'i32.clz': un32(I32.clz), 'i32.ctz': un32(I32.ctz),
  'i32.popcnt': un32(I32.popcnt), 'i32.extend8_s': un32(I32.extend8S), 'i32.extend16_s': un32(I32.extend16S),

  'i64.add': bin64(I64.add), 'i64.sub': bin64(I64.sub), 'i64.mul': bin64(I64.mul),
  'i64.div_s': bin64(I64.divS), 'i64.div_u': bin64(I64.divU), 'i64.rem_s': bin64(I64.remS), 'i64.rem_u': bin64(I64.remU),
  'i64.and': bin64(I64.and), 'i64.or': bin64(I64.or), 'i64.xor': bin64(I64.xor),
  'i64.shl': shift64(I64.shl), 'i64.shr_s': shift64(I64.shrS), 'i64.shr_u': shift64(I64.shrU),
  'i64.rotl': shift64(I64.rotl), 'i64.rotr': shift64(I64.rotr),
  'i64.clz': count64(I64.clz), 'i64.ctz': count64(I64.ctz), 'i64.popcnt': count64(I64.popcnt),
  'i64.extend8_s': ext64(I64.extend8S), 'i64.extend16_s': ext64(I64.extend16S), 'i64.extend32_s': ext64(I64.extend32S),
  'i64.extend_i32_s': ext64(I64.extendI32S), 'i64.extend_i32_u': ext64(I64.extendI32U),
  'i64.eqz': test64(I64.eqz), 'i64.eq': cmp64(I64.eq), 'i64.ne': cmp64(I64.ne),
  'i64.lt_s': cmp64(I64.ltS), 'i64.lt_u': cmp64(I64.ltU), 'i64.gt_s': cmp64(I64.gtS), 'i64.gt_u': cmp64(I64.gtU),
  'i64.le_s': cmp64(I64.leS), 'i64.le_u': cmp64(I64.leU), 'i64.ge_s': cmp64(I64.geS), 'i64.ge_u': cmp64(I64.geU),
  'i64.add128': wide(I64.add128 as never), 'i64.sub128': wide(I64.sub128 as never),
  'i64.mul_wide_s': wide(I64.mulWideS as never), 'i64.mul_wide_u': wide(I64.mulWideU as never),

  'f32.add': flt(f32, F32.add), 'f32.sub': flt(f32, F32.sub), 'f32.mul': flt(f32, F32.mul), 'f32.div': flt(f32, F32.div),
  'f32.sqrt': flt(f32, F32.sqrt), 'f32.min': flt(f32, FL.min), 'f32.max': flt(f32, FL.max), 'f32.ceil': flt(f32, FL.ceil),
  'f32.floor': flt(f32, FL.floor), 'f32.trunc': flt(f32, FL.trunc), 'f32.nearest': flt(f32, FL.nearest),
  'f64.sqrt': flt(f64, FL.sqrt), 'f64.min': flt(f64, FL.min), 'f64.max': flt(f64, FL.max), 'f64.ceil': flt(f64, FL.ceil),
  'f64.floor': flt(f64, FL.floor), 'f64.trunc': flt(f64, FL.trunc), 'f64.nearest': flt(f64, FL.nearest),

  'i32.trunc_f32_s': un32(CV.i32TruncS), 'i32.trunc_f32_u': un32(CV.i32TruncU),
  'i32.trunc_f64_s': un32(CV.i32TruncS), 'i32.trunc_f64_u': un32(CV.i32TruncU),
  'i32.trunc_sat_f32_s': un32(CV.i32TruncSatS), 'i32.trunc_sat_f32_u': un32(CV.i32TruncSatU),
  'i32.trunc_sat_f64_s': un32(CV.i32TruncSatS), 'i32.trunc_sat_f64_u': un32(CV.i32TruncSatU),
  'i64.trunc_f32_s': trunc64(CV.i64TruncS), 'i64.trunc_f32_u': trunc64(CV.i64TruncU),
  'i64.trunc_f64_s': trunc64(CV.i64TruncS), 'i64.trunc_f64_u': trunc64(CV.i64TruncU),
  'i64.trunc_sat_f32_s': trunc64(CV.i64TruncSatS), 'i64.trunc_sat_f32_u': trunc64(CV.i64TruncSatU),
  'i64.trunc_sat_f64_s': trunc64(CV.i64TruncSatS), 'i64.trunc_sat_f64_u': trunc64(CV.i64TruncSatU),
  'f32.convert_i32_s': flt(f32, CV.f32ConvertI32S), 'f32.convert_i32_u': flt(f32, CV.f32ConvertI32U),
  'f64.convert_i32_s': flt(f64, CV.f64ConvertI32S), 'f64.convert_i32_u': flt(f64, CV.f64ConvertI32U),
  'f32.convert_i64_s': fromI64(f32, CV.f32ConvertI64S), 'f32.convert_i64_u': fromI64(f32, CV.f32ConvertI64U),
  'f64.convert_i64_s': fromI64(f64, CV.f64ConvertI64S), 'f64.convert_i64_u': fromI64(f64, CV.f64ConvertI64U),
  'f32.demote_f64': flt(f32, CV.f32DemoteF64), 'f64.promote_f32': flt(f64, CV.f64PromoteF32),
};

// ---------------------------------------------------------------------------------------------

/** Export name -> the one operator its function body uses, from the module's text. */
function exportOps(text: string): Map<string, string> {
  const ops = new Map<string, string>();
  for (const part of text.split(/\(func\b/).slice(1)) {
    const name = /\(export\s+"([^"]+)"\)/.exec(part)?.[1];
    if (name === undefined) continue;
    const used = new Set([...part.matchAll(/\b([if](?:32|64)\.[a-z0-9_]+)/g)].map((m) => m[1]!).filter((o) => !o.endsWith('.const')));
    if (used.size === 1) ops.set(name, [...used][0]!);
  }
  return ops;
}

const FILES = ['i32.wast', 'i64.wast', 'f32.wast', 'f64.wast', 'conversions.wast', 'float_misc.wast', 'proposals/wide-arithmetic/wide-arithmetic.wast'];
const dir = suiteDir('core');

describe.skipIf(!existsSync(join(dir, 'i32.wast')))('spec suite numeric assertions', () => {
  it.each(FILES)('%s', (file) => {
    const commands: readonly Command[] = parseWast(readFileSync(join(dir, file), 'utf8')).commands;
    const first = commands.findIndex((c) => c.kind === 'module');
    const m = commands[first];
    if (!m || m.kind !== 'module' || m.module.source.kind !== 'text') throw new Error('no text module first');
    const ops = exportOps(m.module.source.text);
    let ran = 0;
    let skipped = 0;
    const failures: string[] = [];
    for (const c of commands.slice(first + 1)) {
      if (c.kind === 'module' || c.kind === 'module_instance') break;
      if (c.kind !== 'assert_return' && c.kind !== 'assert_trap') continue;
      if (c.action.kind !== 'invoke' || c.action.module !== undefined) continue;
      const op = ops.get(c.action.name);
      const impl = op === undefined ? undefined : IMPLS[op];
      if (!impl) {
        skipped++;
        continue;
      }
      ran++;
      const where = `${file}:${c.line} ${op}(${c.action.args.map(formatValue).join(', ')})`;
      let results: Value[] | undefined;
      let trap: string | undefined;
      try {
        results = impl(c.action.args.map(fromValue));
      } catch (e) {
        if (!(e instanceof RuntimeError)) throw e;
        trap = e.message;
      }
      if (c.kind === 'assert_trap') {
        if (trap !== c.message) failures.push(`${where}: expected trap "${c.message}", got ${trap ? `trap "${trap}"` : results!.map(formatValue).join(', ')}`);
      } else if (trap !== undefined) {
        failures.push(`${where}: unexpected trap "${trap}"`);
      } else if (results!.length !== c.expected.length || !c.expected.every((p, i) => matches(results![i]!, p))) {
        failures.push(`${where}: expected ${c.expected.map(formatPattern).join(', ')}, got ${results!.map(formatValue).join(', ')}`);
      }
    }
    expect(failures).toEqual([]);
    expect(ran, `${file}: assertions run (${skipped} skipped)`).toBeGreaterThan(50);
  });
});
