// Core wasm (text format) that moves canonical-ABI values between their flat and in-memory forms,
// so an echo function can hand back exactly what it was given:
//   storeFlat  — the flat values of t (core params, as `lower_flat` produced them) stored into
//                linear memory in t's layout (the effect of `store`), for results that do not fit
//                MAX_FLAT_RESULTS;
//   loadSingle — a value whose flattening is one core value, loaded from memory (the effect of
//                `load` then `lower_flat`), for params passed through memory (> MAX_FLAT_PARAMS).
// Plus a bump allocator with the `realloc` signature.
// Spec: component-model design/mvp/CanonicalABI.md §"Storing" (store_int, store_record,
// store_variant, store_flags), §"Loading", §"Flat Lifting" (lift_flat_variant's coercions:
// i32→f32, i64→i32, i64→f32, i64→f64), §"Flattening".

import {
  type CoreType, type DCase, type VT,
  discriminantSize, elemSize, fieldOffsets, flagsSize, flatten, flattenPayloads, payloadOffset, recordFields, variantCases,
} from './abi.js';

/** Yields, in order, expressions that push the next flat value as the wanted core type. */
export interface FlatCursor {
  next(want: CoreType): string;
}

/** Flat values held in locals `first`, `first+1`, … of the given types. */
export function localsCursor(types: readonly CoreType[], first = 0): FlatCursor {
  let i = 0;
  return {
    next(want) {
      const have = types[i];
      if (have !== want) throw new Error(`flat value ${i}: have ${have}, want ${want}`);
      return `(local.get ${first + i++})`;
    },
  };
}

/** lift_flat_variant's CoerceValueIter: payload slots of the joined types, read as `want`. */
function coercingCursor(slots: readonly string[], joined: readonly CoreType[]): FlatCursor {
  let i = 0;
  return {
    next(want) {
      const have = joined[i]!;
      const x = slots[i++]!;
      if (have === want) return x;
      if (have === 'i32' && want === 'f32') return `(f32.reinterpret_i32 ${x})`;
      if (have === 'i64' && want === 'i32') return `(i32.wrap_i64 ${x})`;
      if (have === 'i64' && want === 'f32') return `(f32.reinterpret_i32 (i32.wrap_i64 ${x}))`;
      if (have === 'i64' && want === 'f64') return `(f64.reinterpret_i64 ${x})`;
      throw new Error(`no coercion from ${have} to ${want}`);
    },
  };
}

const STORE_BY_SIZE = { 1: 'i32.store8', 2: 'i32.store16', 4: 'i32.store' } as const;
const LOAD_BY_SIZE = { 1: 'i32.load8_u', 2: 'i32.load16_u', 4: 'i32.load' } as const;

/**
 * Instructions (folded) storing the next flat values of `t` from `src` at `ptr + off`,
 * where `ptr` is an expression for an address aligned to alignment(t).
 */
export function storeFlat(t: VT, ptr: string, off: number, src: FlatCursor, out: string[]): void {
  const st = (op: string, v: string): void => { out.push(`(${op} offset=${off} ${ptr} ${v})`); };
  switch (t.kind) {
    case 'bool': st('i32.store8', `(i32.ne ${src.next('i32')} (i32.const 0))`); return;
    case 's8': case 'u8': st('i32.store8', src.next('i32')); return;
    case 's16': case 'u16': st('i32.store16', src.next('i32')); return;
    case 's32': case 'u32': case 'char': st('i32.store', src.next('i32')); return;
    case 's64': case 'u64': st('i64.store', src.next('i64')); return;
    case 'f32': st('f32.store', src.next('f32')); return;
    case 'f64': st('f64.store', src.next('f64')); return;
    case 'string':
      st('i32.store', src.next('i32'));
      out.push(`(i32.store offset=${off + 4} ${ptr} ${src.next('i32')})`);
      return;
    case 'list':
      if (t.length !== undefined) {
        const size = elemSize(t.elem);
        for (let k = 0; k < t.length; k++) storeFlat(t.elem, ptr, off + k * size, src, out);
        return;
      }
      st('i32.store', src.next('i32'));
      out.push(`(i32.store offset=${off + 4} ${ptr} ${src.next('i32')})`);
      return;
    case 'flags': st(STORE_BY_SIZE[flagsSize(t.labels.length)], src.next('i32')); return;
    default: break;
  }
  const fields = recordFields(t);
  if (fields) {
    const offs = fieldOffsets(fields);
    fields.forEach((f, k) => storeFlat(f, ptr, off + offs[k]!, src, out));
    return;
  }
  const cases = variantCases(t);
  if (cases) { storeVariant(cases, ptr, off, src, out); return; }
  throw new Error(`storeFlat: unsupported type ${t.kind}`);
}

function storeVariant(cases: readonly DCase[], ptr: string, off: number, src: FlatCursor, out: string[]): void {
  const disc = src.next('i32');
  out.push(`(${STORE_BY_SIZE[discriminantSize(cases.length)]} offset=${off} ${ptr} ${disc})`);
  const joined = flattenPayloads(cases);
  const slots = joined.map((ct) => src.next(ct));
  const at = off + payloadOffset(cases);
  cases.forEach((c, k) => {
    if (!c.type) return;
    const body: string[] = [];
    storeFlat(c.type, ptr, at, coercingCursor(slots, joined), body);
    out.push(`(if (i32.eq ${disc} (i32.const ${k})) (then ${body.join(' ')}))`);
  });
}

/** Whether t flattens to exactly one core value. */
export function isSingleFlat(t: VT): boolean {
  return flatten(t).length === 1;
}

/** An expression loading a single-flat value of type t from `ptr + off` as its flat value. */
export function loadSingle(t: VT, ptr: string, off: number): string {
  const ld = (op: string): string => `(${op} offset=${off} ${ptr})`;
  switch (t.kind) {
    case 'bool': case 'u8': return ld('i32.load8_u');
    case 's8': return ld('i32.load8_s');
    case 'u16': return ld('i32.load16_u');
    case 's16': return ld('i32.load16_s');
    case 's32': case 'u32': case 'char': return ld('i32.load');
    case 's64': case 'u64': return ld('i64.load');
    case 'f32': return ld('f32.load');
    case 'f64': return ld('f64.load');
    case 'flags': return ld(LOAD_BY_SIZE[flagsSize(t.labels.length)]);
    default: break;
  }
  const fields = recordFields(t);
  if (fields && fields.length === 1) return loadSingle(fields[0]!, ptr, off);
  const cases = variantCases(t);
  if (cases && cases.every((c) => !c.type)) return ld(LOAD_BY_SIZE[discriminantSize(cases.length)]);
  if (t.kind === 'list' && t.length === 1) return loadSingle(t.elem, ptr, off);
  throw new Error(`loadSingle: ${t.kind} does not flatten to one value`);
}

/**
 * Linear memory, a bump allocator `realloc` (copying on growth) and a `reset` of the bump. With
 * `growEachCall`, `reset` moves the bump to 32 bytes before the end of memory instead of back to
 * `heapBase`, so the next call's first allocation past 32 bytes grows the memory (by a page):
 * the canonical ABI must then see the new size (buffers taken before a realloc go stale).
 */
export function allocatorFields(heapBase: number, growEachCall = false): string[] {
  return [
    '(memory (export "mem") 1)',
    `(global $bump (mut i32) (i32.const ${heapBase}))`,
    `(func $realloc (export "cabi_realloc") (param $old i32) (param $old_size i32) (param $align i32) (param $size i32) (result i32)
      (local $p i32) (local $end i32) (local $have i32)
      (local.set $p (i32.and (i32.add (global.get $bump) (i32.sub (local.get $align) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get $align))))
      (local.set $end (i32.add (local.get $p) (local.get $size)))
      (if (i32.lt_u (local.get $end) (local.get $p)) (then unreachable))
      (local.set $have (i32.shl (memory.size) (i32.const 16)))
      (if (i32.gt_u (local.get $end) (local.get $have))
        (then (if (i32.eq (memory.grow (i32.shr_u (i32.add (i32.sub (local.get $end) (local.get $have)) (i32.const 65535)) (i32.const 16)))
                          (i32.const -1))
                (then unreachable))))
      (global.set $bump (local.get $end))
      (if (local.get $old)
        (then (memory.copy (local.get $p) (local.get $old)
                (select (local.get $old_size) (local.get $size) (i32.lt_u (local.get $old_size) (local.get $size))))))
      (local.get $p))`,
    growEachCall
      ? '(func $reset (global.set $bump (i32.sub (i32.shl (memory.size) (i32.const 16)) (i32.const 32))))'
      : `(func $reset (global.set $bump (i32.const ${heapBase})))`,
  ];
}
