// The component for the guest-to-guest string test. One outer component nests, per string
// encoding E ∈ {utf8, utf16, latin1+utf16}:
//   B(E) — exports `echo: func(s: string) -> string` and
//          `raw: func(s: string) -> tuple<u32, list<u8>>` (the tagged code-unit count and the
//          bytes of s as B holds it in its own memory), both lifted with string-encoding=E;
//   A(E) — imports B's two functions (lowered with string-encoding=E, so every call transcodes)
//          and exports, on raw bytes so the host boundary never carries a string in E:
//            `to-b: func(bytes: list<u8>, tagged: u32) -> tuple<u32, list<u8>>` — copies the
//               bytes to an aligned address and passes them with `tagged` as the code-unit
//               count to B's raw as a string in E: shows what B received;
//            `round-trip: func(bytes: list<u8>, tagged: u32) -> tuple<u32, list<u8>>` — passes
//               it to B's echo and returns the string that came back, as A's raw bytes.
// A(X) is instantiated against B(Y) for each pair and exported as `test:strings/X-to-Y`; B(E)
// is exported as `test:strings/host-E` for host round-trips. jco can run only some of these
// (JCO_PAIRS, JCO_HOST_ENCODINGS); the full set runs on purewasm and is checked against the
// spec's transcoding (strings.ts).
// Spec: component-model design/mvp/CanonicalABI.md §"Strings" (load_string_from_range,
// store_string and its transcoding cases), §"`canon lift`", §"`canon lower`"; Explainer.md
// §"Instance Definitions" (nested components, instantiate with `with`).

import { allocatorFields } from './core-gen.js';
import { STRING_ENCODINGS, type StringEncoding } from './build.js';

export const ENCODING_NAME: Record<StringEncoding, string> = { utf8: 'utf8', utf16: 'utf16', 'latin1+utf16': 'latin1' };
export const UTF16_TAG = 0x8000_0000;
const HEAP = 16;

/** Core code: the byte length of a string given (tagged) code units for the encoding. */
function byteLength(enc: StringEncoding, units: string): string {
  switch (enc) {
    case 'utf8': return units;
    case 'utf16': return `(i32.shl ${units} (i32.const 1))`;
    case 'latin1+utf16':
      return `(select (i32.shl (i32.and ${units} (i32.const 0x7fffffff)) (i32.const 1)) ${units} (i32.and ${units} (i32.const 0x80000000)))`;
  }
}

/** Stores the raw view (tagged, ptr, bytelen) of the string (ptr, tagged) at a fresh tuple. */
function rawTuple(enc: StringEncoding, ptr: string, tagged: string): string[] {
  return [
    '(local.set $t (call $realloc (i32.const 0) (i32.const 0) (i32.const 4) (i32.const 12)))',
    `(i32.store offset=0 (local.get $t) ${tagged})`,
    `(i32.store offset=4 (local.get $t) ${ptr})`,
    `(i32.store offset=8 (local.get $t) ${byteLength(enc, tagged)})`,
  ];
}

function opts(enc: StringEncoding, mem: string, post: string): string {
  return `(memory (core memory ${mem} "mem")) (realloc (core func ${mem} "cabi_realloc")) string-encoding=${enc} (post-return (core func ${mem} "${post}"))`;
}

function bComponent(enc: StringEncoding): string {
  const n = ENCODING_NAME[enc];
  return `(component $B_${n}
    (core module $m
      ${allocatorFields(HEAP).join('\n      ')}
      (func (export "post") (param i32) (call $reset))
      (func (export "echo") (param i32 i32) (result i32) (local $t i32)
        (local.set $t (call $realloc (i32.const 0) (i32.const 0) (i32.const 4) (i32.const 8)))
        (i32.store offset=0 (local.get $t) (local.get 0))
        (i32.store offset=4 (local.get $t) (local.get 1))
        (local.get $t))
      (func (export "raw") (param i32 i32) (result i32) (local $t i32)
        ${rawTuple(enc, '(local.get 0)', '(local.get 1)').join('\n        ')}
        (local.get $t)))
    (core instance $i (instantiate $m))
    (func (export "echo") (param "s" string) (result string) (canon lift (core func $i "echo") ${opts(enc, '$i', 'post')}))
    (func (export "raw") (param "s" string) (result (tuple u32 (list u8))) (canon lift (core func $i "raw") ${opts(enc, '$i', 'post')})))`;
}

function aComponent(enc: StringEncoding): string {
  const n = ENCODING_NAME[enc];
  const lower = (f: string): string =>
    `(core func $${f}_l (canon lower (func $${f}) (memory (core memory $mem "mem")) (realloc (core func $mem "cabi_realloc")) string-encoding=${enc}))`;
  return `(component $A_${n}
    (import "echo" (func $echo (param "s" string) (result string)))
    (import "raw" (func $raw (param "s" string) (result (tuple u32 (list u8)))))
    (core module $Mem
      ${allocatorFields(HEAP).join('\n      ')}
      (func (export "post") (param i32) (call $reset)))
    (core instance $mem (instantiate $Mem))
    ${lower('echo')}
    ${lower('raw')}
    (core module $Main
      (import "env" "mem" (memory 1))
      (import "env" "cabi_realloc" (func $realloc (param i32 i32 i32 i32) (result i32)))
      (import "b" "echo" (func $echo (param i32 i32 i32)))
      (import "b" "raw" (func $raw (param i32 i32 i32)))
      ;; a copy of the bytes at a 4-aligned address (list<u8> may sit anywhere; utf16 needs 2)
      (func $aligned (param $p i32) (param $n i32) (result i32) (local $q i32)
        (local.set $q (call $realloc (i32.const 0) (i32.const 0) (i32.const 4) (local.get $n)))
        (memory.copy (local.get $q) (local.get $p) (local.get $n))
        (local.get $q))
      ;; (bytes ptr, bytes len, tagged) → B's raw view
      (func (export "to-b") (param i32 i32 i32) (result i32) (local $t i32)
        (local.set $t (call $realloc (i32.const 0) (i32.const 0) (i32.const 4) (i32.const 12)))
        (call $raw (call $aligned (local.get 0) (local.get 1)) (local.get 2) (local.get $t))
        (local.get $t))
      ;; (bytes ptr, bytes len, tagged) → through B's echo → A's raw view of the result
      (func (export "round-trip") (param i32 i32 i32) (result i32) (local $s i32) (local $t i32)
        (local.set $s (call $realloc (i32.const 0) (i32.const 0) (i32.const 4) (i32.const 8)))
        (call $echo (call $aligned (local.get 0) (local.get 1)) (local.get 2) (local.get $s))
        ${rawTuple(enc, '(i32.load offset=0 (local.get $s))', '(i32.load offset=4 (local.get $s))').join('\n        ')}
        (local.get $t)))
    (core instance $main (instantiate $Main
      (with "env" (instance $mem))
      (with "b" (instance (export "echo" (func $echo_l)) (export "raw" (func $raw_l))))))
    (func (export "to-b") (param "bytes" (list u8)) (param "tagged" u32) (result (tuple u32 (list u8)))
      (canon lift (core func $main "to-b") ${opts(enc, '$mem', 'post')}))
    (func (export "round-trip") (param "bytes" (list u8)) (param "tagged" u32) (result (tuple u32 (list u8)))
      (canon lift (core func $main "round-trip") ${opts(enc, '$mem', 'post')})))`;
}

export function pairInterface(from: StringEncoding, to: StringEncoding): string {
  return `test:strings/${ENCODING_NAME[from]}-to-${ENCODING_NAME[to]}`;
}

export function hostInterface(enc: StringEncoding): string {
  return `test:strings/host-${ENCODING_NAME[enc]}`;
}

export type Pair = readonly [StringEncoding, StringEncoding];

export const ALL_PAIRS: readonly Pair[] = STRING_ENCODINGS.flatMap((x) => STRING_ENCODINGS.map((y): Pair => [x, y]));
/** The pairs jco can run: its bindgen implements only the utf8 copier and utf8⇄utf16 transcoders. */
export const JCO_PAIRS: readonly Pair[] = [['utf8', 'utf8'], ['utf8', 'utf16'], ['utf16', 'utf8']];
/** jco can bind utf8 and utf16 strings at the host boundary, not latin1+utf16. */
export const JCO_HOST_ENCODINGS: readonly StringEncoding[] = ['utf8', 'utf16'];

/** The outer component: A(X) instantiated against B(Y) for each pair, and B(E) exported for hosts. */
export function stringsComponentText(pairs: readonly Pair[], hostEncodings: readonly StringEncoding[]): string {
  const used = (e: StringEncoding, side: 0 | 1): boolean => pairs.some((p) => p[side] === e);
  const lines = ['(component'];
  for (const e of STRING_ENCODINGS) if (used(e, 1) || hostEncodings.includes(e)) lines.push(`  ${bComponent(e)}`);
  for (const e of STRING_ENCODINGS) if (used(e, 0)) lines.push(`  ${aComponent(e)}`);
  for (const e of STRING_ENCODINGS) {
    if (used(e, 1) || hostEncodings.includes(e)) lines.push(`  (instance $b_${ENCODING_NAME[e]} (instantiate $B_${ENCODING_NAME[e]}))`);
  }
  for (const [x, y] of pairs) {
    const a = `$a_${ENCODING_NAME[x]}_${ENCODING_NAME[y]}`;
    const b = `$b_${ENCODING_NAME[y]}`;
    lines.push(`  (instance ${a} (instantiate $A_${ENCODING_NAME[x]} (with "echo" (func ${b} "echo")) (with "raw" (func ${b} "raw"))))`);
    lines.push(`  (export "${pairInterface(x, y)}" (instance ${a}))`);
  }
  for (const e of hostEncodings) lines.push(`  (export "${hostInterface(e)}" (instance $b_${ENCODING_NAME[e]}))`);
  lines.push(')');
  return lines.join('\n');
}
