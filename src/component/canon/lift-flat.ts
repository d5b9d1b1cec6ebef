// Lifting flat core values into JS values. Spec: component-model design/mvp/CanonicalABI.md
// §"Flat Lifting" (definitions.py `CoreValueIter`, `lift_flat`, `lift_flat_unsigned`,
// `lift_flat_signed`, `lift_flat_string`, `lift_flat_list`, `lift_flat_record`,
// `lift_flat_variant` with its `CoerceValueIter`, `wrap_i64_to_i32`, `lift_flat_flags`).
// The flat values are read from `cx.flat` starting at `cx.fi`; i32s may arrive signed or
// unsigned, i64s as signed or unsigned bigints. Narrow integers are wrapped as the spec says
// (jco throws a TypeError for an out-of-range u8; a conformant guest never passes one).

import type { Case, Field } from '../types.js';
import type { LiftLowerContext } from './context.js';
import { decodeI32AsFloat, decodeI64AsFloat } from './float.js';
import { flattenType } from './flatten.js';
import { liftBorrow, liftOwn } from './handles.js';
import { fieldKeys, flagsObject, optionIsTagged, toMap } from './js-values.js';
import { convertI32ToChar, makeLoadListFromRange } from './load.js';
import type { CoreValType, CoreValue, PtrType } from './options.js';
import { PlanCache, unsupportedKind, type LiftFlat, type RValType } from './plan.js';
import type { ResourceType } from './resource.js';
import { loadStringFromRange, splitTagged } from './string.js';
import { trap, TRAP } from './trap.js';

const cache = new PlanCache<LiftFlat>(build);

/** The flat-lift closure of `t` for options whose memory has `ptrType`. */
export function makeLiftFlat(t: RValType, ptrType: PtrType): LiftFlat {
  return cache.get(t, ptrType);
}

function i32(cx: LiftLowerContext): number {
  const v = cx.flat[cx.fi++];
  return typeof v === 'number' ? v : Number(BigInt.asIntN(32, v ?? 0n));
}

function i64(cx: LiftLowerContext): bigint {
  const v = cx.flat[cx.fi++];
  return typeof v === 'bigint' ? v : BigInt(v ?? 0);
}

function float(cx: LiftLowerContext): number {
  const v = cx.flat[cx.fi++];
  return typeof v === 'number' ? v : Number(v);
}

function liftFlatString(cx: LiftLowerContext): string {
  const ptr = cx.nextPtr();
  const [units, tagged] = splitTagged(cx.flat[cx.fi++] ?? 0);
  return loadStringFromRange(cx, ptr, units, tagged);
}

function build(t: RValType, ptrType: PtrType): LiftFlat {
  switch (t.kind) {
    case 'bool': return (cx) => i32(cx) !== 0;
    case 'u8': return (cx) => i32(cx) & 0xff;
    case 's8': return (cx) => (i32(cx) << 24) >> 24;
    case 'u16': return (cx) => i32(cx) & 0xffff;
    case 's16': return (cx) => (i32(cx) << 16) >> 16;
    case 'u32': return (cx) => i32(cx) >>> 0;
    case 's32': return (cx) => i32(cx) | 0;
    case 'u64': return (cx) => BigInt.asUintN(64, i64(cx));
    case 's64': return (cx) => BigInt.asIntN(64, i64(cx));
    case 'f32': return (cx) => Math.fround(float(cx));
    case 'f64': return float;
    case 'char': return (cx) => convertI32ToChar(i32(cx) >>> 0);
    case 'string': return liftFlatString;
    case 'list': {
      if (t.length !== undefined) {
        const l = makeLiftFlat(t.elem, ptrType);
        const n = t.length;
        return (cx) => {
          const a: unknown[] = new Array(n);
          for (let i = 0; i < n; i++) a[i] = l(cx);
          return a;
        };
      }
      const fromRange = makeLoadListFromRange(t.elem, ptrType);
      return (cx) => {
        const ptr = cx.nextPtr();
        const length = cx.nextPtr();
        return fromRange(cx, ptr, length);
      };
    }
    case 'record': return liftRecord(t.fields, ptrType);
    case 'tuple': {
      const lifts = t.types.map((u) => makeLiftFlat(u, ptrType));
      return (cx) => lifts.map((l) => l(cx));
    }
    case 'variant': return liftVariant(t.cases, ptrType, (c, v) => (c.type !== undefined ? { tag: c.label, val: v } : { tag: c.label }));
    case 'enum': {
      const labels = t.labels;
      return (cx) => {
        const d = i32(cx) >>> 0;
        if (d >= labels.length) trap(TRAP.discriminant(d, labels.length));
        return labels[d];
      };
    }
    case 'option': {
      const cases: Case<ResourceType>[] = [{ label: 'none' }, { label: 'some', type: t.type }];
      if (optionIsTagged(t.type)) return liftVariant(cases, ptrType, (c, v) => (c.type !== undefined ? { tag: 'some', val: v } : { tag: 'none' }));
      return liftVariant(cases, ptrType, (c, v) => (c.type !== undefined ? v : undefined));
    }
    case 'result': {
      const cases: Case<ResourceType>[] = [{ label: 'ok', type: t.ok }, { label: 'err', type: t.err }];
      return liftVariant(cases, ptrType, (c, v) => ({ tag: c.label, val: v }));
    }
    case 'flags': {
      const keys = fieldKeys(t.labels.map((label) => ({ label, type: { kind: 'bool' } })));
      const words = t.labels.length <= 32 ? 1 : Math.ceil(t.labels.length / 32);
      return (cx) => {
        const ws: number[] = [];
        for (let w = 0; w < words; w++) ws.push(i32(cx) >>> 0);
        return flagsObject(ws, keys);
      };
    }
    case 'own': {
      const rt = t.resource;
      return (cx) => liftOwn(cx, i32(cx) >>> 0, rt);
    }
    case 'borrow': {
      const rt = t.resource;
      return (cx) => liftBorrow(cx, i32(cx) >>> 0, rt);
    }
    case 'map': {
      const entry: RValType = { kind: 'tuple', types: [t.key, t.value] };
      const fromRange = makeLoadListFromRange(entry, ptrType);
      return (cx) => {
        const ptr = cx.nextPtr();
        const length = cx.nextPtr();
        return toMap(fromRange(cx, ptr, length) as [unknown, unknown][]);
      };
    }
    default:
      return unsupportedKind(t.kind);
  }
}

function liftRecord(fields: readonly Field<ResourceType>[], ptrType: PtrType): LiftFlat {
  const keys = fieldKeys(fields);
  const lifts = fields.map((f) => makeLiftFlat(f.type, ptrType));
  const n = fields.length;
  return (cx) => {
    const o: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) o[keys[i]!] = lifts[i]!(cx);
    return o;
  };
}

/** definitions.py CoerceValueIter: a flat value of the joined type `have` read as `want`. */
function coerce(have: CoreValType, want: CoreValType, x: CoreValue): CoreValue {
  if (have === want) return x;
  if (have === 'i32') return decodeI32AsFloat(Number(x)); // want f32
  // have i64
  const b = typeof x === 'bigint' ? x : BigInt(x);
  switch (want) {
    case 'i32': return Number(BigInt.asIntN(32, b));
    case 'f32': return decodeI32AsFloat(Number(BigInt.asUintN(32, b)));
    default: return decodeI64AsFloat(b);
  }
}

/** definitions.py `lift_flat_variant`, building the JS value with `make`. */
function liftVariant(cases: readonly Case<ResourceType>[], ptrType: PtrType, make: (c: Case<ResourceType>, v: unknown) => unknown): LiftFlat {
  const variant: RValType = { kind: 'variant', cases };
  const joined = flattenType(variant, ptrType).slice(1);
  const payloadLength = joined.length;
  const n = cases.length;
  const plans = cases.map((c) => {
    if (c.type === undefined) return undefined;
    const want = flattenType(c.type, ptrType);
    const exact = want.every((w, i) => w === joined[i]);
    return { lift: makeLiftFlat(c.type, ptrType), want, exact };
  });
  return (cx) => {
    const d = i32(cx) >>> 0;
    if (d >= n) trap(TRAP.discriminant(d, n));
    const start = cx.fi;
    const plan = plans[d];
    let v: unknown;
    if (plan !== undefined) {
      if (plan.exact) {
        v = plan.lift(cx);
      } else {
        const flat = cx.flat;
        const coerced = plan.want.map((w, i) => coerce(joined[i]!, w, flat[start + i]!));
        cx.flat = coerced;
        cx.fi = 0;
        try {
          v = plan.lift(cx);
        } finally {
          cx.flat = flat;
        }
      }
    }
    cx.fi = start + payloadLength;
    return make(cases[d]!, v);
  };
}
