// Lowering JS values into flat core values. Spec: component-model design/mvp/CanonicalABI.md
// §"Flat Lowering" (definitions.py `lower_flat`, `lower_flat_signed`, `lower_flat_string`,
// `lower_flat_list`, `lower_flat_record`, `lower_flat_variant`, `lower_flat_flags`).
// Produced core values: i32 as signed numbers, i64 as signed bigints, f32/f64 as numbers (NaN
// canonical). Host values are converted and checked as jco does (coerce.ts, js-values.ts).

import type { Case, Field } from '../types.js';
import type { LiftLowerContext } from './context.js';
import {
  checkString, toChar, toF32, toF64, toS16, toS32, toS64, toS8, toU16, toU32, toU64, toU8,
} from './coerce.js';
import { encodeFloatAsI32, encodeFloatAsI64 } from './float.js';
import { flattenType } from './flatten.js';
import { lowerBorrow, lowerOwn } from './handles.js';
import {
  caseIndex, checkRecord, mapEntries, enumIndex, fieldKeys, flagsWord, optionIsTagged, tupleItems, variantTag, variantVal,
} from './js-values.js';
import type { CoreValType, CoreValue, PtrType } from './options.js';
import { PlanCache, unsupportedKind, type LowerFlat, type RValType } from './plan.js';
import type { ResourceType } from './resource.js';
import { fixedItems, makeStoreListIntoRange } from './store.js';
import { storeStringIntoRange, taggedUnits } from './string.js';

const cache = new PlanCache<LowerFlat>(build);

/** The flat-lower closure of `t` for options whose memory has `ptrType`. */
export function makeLowerFlat(t: RValType, ptrType: PtrType): LowerFlat {
  return cache.get(t, ptrType);
}

function ptrValue(cx: LiftLowerContext, p: number): CoreValue {
  return cx.ptrType === 'i32' ? p | 0 : BigInt(p);
}

function lowerFlatString(cx: LiftLowerContext, v: unknown, out: CoreValue[]): void {
  const [ptr, units, tagged] = storeStringIntoRange(cx, checkString(v));
  out.push(ptrValue(cx, ptr), taggedUnits(cx, units, tagged));
}

function build(t: RValType, ptrType: PtrType): LowerFlat {
  switch (t.kind) {
    case 'bool': return (_cx, v, out) => { out.push(v ? 1 : 0); };
    case 'u8': return (_cx, v, out) => { out.push(toU8(v)); };
    case 's8': return (_cx, v, out) => { out.push(toS8(v)); };
    case 'u16': return (_cx, v, out) => { out.push(toU16(v)); };
    case 's16': return (_cx, v, out) => { out.push(toS16(v)); };
    case 'u32': return (_cx, v, out) => { out.push(toU32(v) | 0); };
    case 's32': return (_cx, v, out) => { out.push(toS32(v)); };
    case 'u64': return (_cx, v, out) => { out.push(BigInt.asIntN(64, toU64(v))); };
    case 's64': return (_cx, v, out) => { out.push(toS64(v)); };
    case 'f32': return (_cx, v, out) => { out.push(toF32(v)); };
    case 'f64': return (_cx, v, out) => { out.push(toF64(v)); };
    case 'char': return (_cx, v, out) => { out.push(toChar(v)); };
    case 'string': return lowerFlatString;
    case 'list': {
      if (t.length !== undefined) {
        const l = makeLowerFlat(t.elem, ptrType);
        const n = t.length;
        return (cx, v, out) => {
          const items = fixedItems(v, n);
          for (let i = 0; i < n; i++) l(cx, items[i], out);
        };
      }
      const intoRange = makeStoreListIntoRange(t.elem, ptrType);
      return (cx, v, out) => {
        const [ptr, length] = intoRange(cx, v);
        out.push(ptrValue(cx, ptr), ptrValue(cx, length));
      };
    }
    case 'record': return lowerRecord(t.fields, ptrType);
    case 'tuple': {
      const lowers = t.types.map((u) => makeLowerFlat(u, ptrType));
      const n = t.types.length;
      return (cx, v, out) => {
        const items = tupleItems(v, n);
        for (let i = 0; i < n; i++) lowers[i]!(cx, items[i], out);
      };
    }
    case 'variant': {
      const index = caseIndex(t.cases);
      return lowerVariant(t.cases, ptrType, (v) => [variantTag(v, index, 'a variant'), variantVal(v)]);
    }
    case 'enum': {
      const index = new Map(t.labels.map((l, i) => [l, i]));
      return (_cx, v, out) => { out.push(enumIndex(v, index)); };
    }
    case 'option': {
      const cases: Case<ResourceType>[] = [{ label: 'none' }, { label: 'some', type: t.type }];
      if (optionIsTagged(t.type)) {
        const index = new Map([['none', 0], ['some', 1]]);
        return lowerVariant(cases, ptrType, (v) => {
          const i = variantTag(v, index, 'an option');
          return [i, i === 1 ? variantVal(v) : undefined];
        });
      }
      return lowerVariant(cases, ptrType, (v) => (v === undefined || v === null ? [0, undefined] : [1, v]));
    }
    case 'result': {
      const cases: Case<ResourceType>[] = [{ label: 'ok', type: t.ok }, { label: 'err', type: t.err }];
      const index = new Map([['ok', 0], ['err', 1]]);
      return lowerVariant(cases, ptrType, (v) => [variantTag(v, index, 'a result'), variantVal(v)]);
    }
    case 'flags': {
      const keys = fieldKeys(t.labels.map((label) => ({ label, type: { kind: 'bool' } })));
      const words = t.labels.length <= 32 ? 1 : Math.ceil(t.labels.length / 32);
      return (_cx, v, out) => {
        for (let w = 0; w < words; w++) out.push(flagsWord(v, keys, w) | 0);
      };
    }
    case 'own': {
      const rt = t.resource;
      return (cx, v, out) => { out.push(lowerOwn(cx, v, rt) | 0); };
    }
    case 'borrow': {
      const rt = t.resource;
      return (cx, v, out) => { out.push(Number(lowerBorrow(cx, v, rt)) | 0); };
    }
    case 'map': {
      const entry: RValType = { kind: 'tuple', types: [t.key, t.value] };
      const intoRange = makeStoreListIntoRange(entry, ptrType);
      return (cx, v, out) => {
        const [ptr, length] = intoRange(cx, mapEntries(v, cx.srcLog !== null));
        out.push(ptrValue(cx, ptr), ptrValue(cx, length));
      };
    }
    default:
      return unsupportedKind(t.kind);
  }
}

function lowerRecord(fields: readonly Field<ResourceType>[], ptrType: PtrType): LowerFlat {
  const keys = fieldKeys(fields);
  const lowers = fields.map((f) => makeLowerFlat(f.type, ptrType));
  const n = fields.length;
  return (cx, v, out) => {
    checkRecord(v, keys);
    const o = v as Record<string, unknown>;
    for (let i = 0; i < n; i++) lowers[i]!(cx, o[keys[i]!], out);
  };
}

/** The flat value `x` of type `have` carried in a slot of the joined type `want`. */
function widen(have: CoreValType, want: CoreValType, x: CoreValue): CoreValue {
  if (have === want) return x;
  switch (have) {
    case 'f32': return want === 'i32' ? encodeFloatAsI32(x as number) | 0 : BigInt(encodeFloatAsI32(x as number));
    case 'i32': return BigInt((x as number) >>> 0);
    default: return BigInt.asIntN(64, encodeFloatAsI64(x as number)); // f64 → i64
  }
}

function zero(t: CoreValType): CoreValue {
  return t === 'i64' ? 0n : 0;
}

/** definitions.py `lower_flat_variant`; `match` is `match_case` on the JS value. */
function lowerVariant(cases: readonly Case<ResourceType>[], ptrType: PtrType, match: (v: unknown) => [number, unknown]): LowerFlat {
  const variant: RValType = { kind: 'variant', cases };
  const joined = flattenType(variant, ptrType).slice(1);
  const plans = cases.map((c) => {
    if (c.type === undefined) return undefined;
    const have = flattenType(c.type, ptrType);
    const exact = have.every((h, i) => h === joined[i]);
    return { lower: makeLowerFlat(c.type, ptrType), have, exact };
  });
  const zeros = joined.map(zero);
  return (cx, v, out) => {
    const [i, payload] = match(v);
    out.push(i);
    const plan = plans[i];
    let k = 0;
    if (plan !== undefined) {
      if (plan.exact) {
        const before = out.length;
        plan.lower(cx, payload, out);
        k = out.length - before;
      } else {
        const tmp: CoreValue[] = [];
        plan.lower(cx, payload, tmp);
        for (; k < tmp.length; k++) out.push(widen(plan.have[k]!, joined[k]!, tmp[k]!));
      }
    }
    for (; k < zeros.length; k++) out.push(zeros[k]!);
  };
}
