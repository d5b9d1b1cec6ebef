// Loading and storing strings. Spec: component-model design/mvp/CanonicalABI.md §"Loading"
// (`load_string`, `utf16_tag`, `MAX_STRING_BYTE_LENGTH`, `load_string_from_range`) and §"Storing"
// (`store_string`, `store_string_into_range`, `store_string_copy`, `store_utf16_to_utf8`,
// `store_latin1_to_utf8`, `store_string_to_utf8`, `store_utf8_to_utf16`,
// `store_string_to_latin1_or_utf16`, `store_probably_utf16_to_latin1_or_utf16`).
//
// The realloc calls are exactly the spec's, in the same order with the same arguments. A spec
// string value is (text, source encoding, source tagged code units); the encoding and length
// guide the initial allocation. A JS string from the host counts as UTF-16 with `length` code
// units. A string lifted from one component and lowered into another in the same call keeps its
// source encoding and length through `cx.srcLog` (a FIFO both contexts share: the lifting side
// appends, the lowering side reads in the same order, since both walk the same types).
// Decoding is strict (invalid UTF-8 or an unpaired UTF-16 surrogate traps, as Python's strict
// decode does in definitions.py); a UTF-8 byte-order mark is kept as U+FEFF, not stripped.

import type { LiftLowerContext } from './context.js';
import type { StringEncoding } from './options.js';
import { alignTo } from './layout.js';
import { trap, TRAP } from './trap.js';
import { decodeUtf16leFatal, decodeUtf8Fatal, utf8EncodeInto } from '../../util/utf8.js';

export const MAX_STRING_BYTE_LENGTH = 2 ** 28 - 1;

/** A queue of (encoding, code units, utf16-tag bit) triples; see the opening comment. */
export interface StringSourceLog {
  items: (StringEncoding | number)[];
  pos: number;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Raw tagged code units as read from a flat value or memory → [code units, utf16 tag bit]. */
export function splitTagged(raw: number | bigint): [number, boolean] {
  if (typeof raw === 'bigint') {
    const v = BigInt.asUintN(64, raw);
    return [Number(v & 0x7fffffffffffffffn), v >> 63n === 1n];
  }
  const u = raw >>> 0;
  return [u & 0x7fffffff, u >= 0x80000000];
}

function view(bytes: Uint8Array, begin: number, end: number): Uint8Array {
  // TextDecoder rejects views of shared memory; copy those.
  return bytes.buffer instanceof ArrayBuffer ? bytes.subarray(begin, end) : bytes.slice(begin, end);
}

/** definitions.py `load_string_from_range` (returns the JS string; logs its source if asked). */
export function loadStringFromRange(cx: LiftLowerContext, ptr: number, codeUnits: number, tagged: boolean): string {
  let alignment: number;
  let byteLength: number;
  let kind: 'utf8' | 'utf16' | 'latin1';
  switch (cx.encoding) {
    case 'utf8':
      alignment = 1;
      byteLength = tagged ? Infinity : codeUnits;
      kind = 'utf8';
      break;
    case 'utf16':
      alignment = 2;
      byteLength = tagged ? Infinity : 2 * codeUnits;
      kind = 'utf16';
      break;
    default:
      alignment = 2;
      if (tagged) {
        byteLength = 2 * codeUnits;
        kind = 'utf16';
      } else {
        byteLength = codeUnits;
        kind = 'latin1';
      }
  }
  if (byteLength > MAX_STRING_BYTE_LENGTH) trap(TRAP.stringTooLong(byteLength));
  if (ptr % alignment !== 0) trap(TRAP.unaligned('string pointer', ptr, alignment));
  const bytes = cx.bytes;
  if (ptr + byteLength > bytes.length) trap(TRAP.stringOutOfBounds(ptr, byteLength, bytes.length));
  let s: string;
  if (kind === 'utf8') s = decodeUtf8(bytes, ptr, byteLength);
  else if (kind === 'utf16') s = decodeUtf16(bytes, ptr, byteLength);
  else s = decodeLatin1(bytes, ptr, byteLength);
  const log = cx.srcLog;
  if (log !== null) log.items.push(cx.encoding, codeUnits, tagged ? 1 : 0);
  return s;
}

function decodeUtf8(bytes: Uint8Array, ptr: number, len: number): string {
  if (len <= 24) {
    let s = '';
    let i = 0;
    for (; i < len; i++) {
      const b = bytes[ptr + i]!;
      if (b >= 0x80) break;
      s += String.fromCharCode(b);
    }
    if (i === len) return s;
  }
  const s = decodeUtf8Fatal(view(bytes, ptr, ptr + len));
  if (s === undefined) trap(TRAP.invalidUtf8);
  return s;
}

function decodeUtf16(bytes: Uint8Array, ptr: number, len: number): string {
  const s = decodeUtf16leFatal(view(bytes, ptr, ptr + len));
  if (s === undefined) trap(TRAP.invalidUtf16);
  return s;
}

function decodeLatin1(bytes: Uint8Array, ptr: number, len: number): string {
  let s = '';
  for (let i = 0; i < len; i += 8192) {
    s += String.fromCharCode.apply(null, bytes.subarray(ptr + i, ptr + Math.min(len, i + 8192)) as unknown as number[]);
  }
  return s;
}

/** The result of storing a string: pointer, code units and the utf16 tag bit. */
export type StoredString = [ptr: number, codeUnits: number, tagged: boolean];

/** definitions.py `store_string_into_range`. `s` must be a string of Unicode scalar values. */
export function storeStringIntoRange(cx: LiftLowerContext, s: string): StoredString {
  let srcEncoding: StringEncoding = 'utf16';
  let srcCodeUnits = s.length;
  let srcTagged = false;
  const log = cx.srcLog;
  const fromHost = !(log !== null && log.pos < log.items.length);
  if (!fromHost) {
    srcEncoding = log!.items[log.pos] as StringEncoding;
    srcCodeUnits = log.items[log.pos + 1] as number;
    srcTagged = log.items[log.pos + 2] === 1;
    log.pos += 3;
  }
  const simple = srcEncoding === 'latin1+utf16' ? (srcTagged ? 'utf16' : 'latin1') : srcEncoding;
  // A string from the host (no source encoding logged) is abstract text: like jco, encode it
  // with one allocation of the exact UTF-8 length. Guests' reallocs (e.g. the preview1
  // adapter's) need not support the grow-then-shrink sequence the spec uses for UTF-16 sources.
  if (fromHost && cx.encoding === 'utf8') {
    return storeStringCopy(cx, s, utf8Length(s), 1, 1, 'utf8');
  }
  switch (cx.encoding) {
    case 'utf8':
      if (simple === 'utf8') return storeStringCopy(cx, s, srcCodeUnits, 1, 1, 'utf8');
      if (simple === 'utf16') return storeStringToUtf8(cx, s, srcCodeUnits, srcCodeUnits * 3);
      return storeStringToUtf8(cx, s, srcCodeUnits, srcCodeUnits * 2);
    case 'utf16':
      if (simple === 'utf8') return storeUtf8ToUtf16(cx, s, srcCodeUnits);
      return storeStringCopy(cx, s, srcCodeUnits, 2, 2, 'utf16');
    default:
      if (srcEncoding !== 'latin1+utf16') return storeStringToLatin1OrUtf16(cx, s, srcCodeUnits);
      if (simple === 'latin1') return storeStringCopy(cx, s, srcCodeUnits, 1, 2, 'latin1');
      return storeProbablyUtf16ToLatin1OrUtf16(cx, s, srcCodeUnits);
  }
}

/** The UTF-8 byte length of a well-formed string (lone surrogates were rejected on lowering). */
function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 2; // a surrogate pair: 2 code units → 4 bytes
      i++;
    } else n += 2;
  }
  return n;
}

function checkAligned(ptr: number, alignment: number): void {
  if (alignTo(ptr, alignment) !== ptr) trap(TRAP.reallocUnaligned(ptr, alignment));
}

function checkInBounds(cx: LiftLowerContext, ptr: number, len: number): void {
  if (ptr + len > cx.bytes.length) trap(TRAP.reallocOutOfBounds('string', ptr, len, cx.bytes.length));
}

/** definitions.py `store_string_copy`. */
function storeStringCopy(cx: LiftLowerContext, s: string, srcCodeUnits: number, dstCodeUnitSize: number,
  dstAlignment: number, dstEncoding: 'utf8' | 'utf16' | 'latin1'): StoredString {
  const dstByteLength = dstCodeUnitSize * srcCodeUnits;
  const ptr = cx.allocate(dstAlignment, dstByteLength);
  checkAligned(ptr, dstAlignment);
  checkInBounds(cx, ptr, dstByteLength);
  if (dstEncoding === 'utf8') writeUtf8(cx, s, ptr, dstByteLength);
  else if (dstEncoding === 'utf16') writeUtf16(cx, s, 0, ptr);
  else writeLatin1(cx, s, ptr);
  return [ptr, srcCodeUnits, false];
}

/** definitions.py `store_string_to_utf8` (for utf16 and latin1 sources). */
function storeStringToUtf8(cx: LiftLowerContext, s: string, srcCodeUnits: number, worstCaseSize: number): StoredString {
  let ptr = cx.allocate(1, srcCodeUnits);
  checkInBounds(cx, ptr, srcCodeUnits);
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      cx.bytes[ptr + i] = c;
      continue;
    }
    // The code points before i were ASCII: i is both their count and their byte length.
    ptr = cx.reallocate(ptr, srcCodeUnits, 1, worstCaseSize);
    checkInBounds(cx, ptr, worstCaseSize);
    const written = utf8EncodeInto(s.substring(i), cx.bytes.subarray(ptr + i, ptr + worstCaseSize));
    const encodedLength = i + written;
    if (worstCaseSize > encodedLength) {
      ptr = cx.reallocate(ptr, worstCaseSize, 1, encodedLength);
      checkInBounds(cx, ptr, encodedLength);
    }
    return [ptr, encodedLength, false];
  }
  return [ptr, srcCodeUnits, false];
}

/** definitions.py `store_utf8_to_utf16`. */
function storeUtf8ToUtf16(cx: LiftLowerContext, s: string, srcCodeUnits: number): StoredString {
  const worstCaseSize = 2 * srcCodeUnits;
  let ptr = cx.allocate(2, worstCaseSize);
  checkAligned(ptr, 2);
  checkInBounds(cx, ptr, worstCaseSize);
  writeUtf16(cx, s, 0, ptr);
  const encodedLength = 2 * s.length;
  if (encodedLength < worstCaseSize) {
    ptr = cx.reallocate(ptr, worstCaseSize, 2, encodedLength);
    checkAligned(ptr, 2);
    checkInBounds(cx, ptr, encodedLength);
  }
  return [ptr, s.length, false];
}

/** definitions.py `store_string_to_latin1_or_utf16` (for utf8 and utf16 sources). */
function storeStringToLatin1OrUtf16(cx: LiftLowerContext, s: string, srcCodeUnits: number): StoredString {
  let ptr = cx.allocate(2, srcCodeUnits);
  checkAligned(ptr, 2);
  checkInBounds(cx, ptr, srcCodeUnits);
  let dstByteLength = 0;
  const n = s.length;
  for (let j = 0; j < n; j++) {
    const c = s.charCodeAt(j);
    if (c < 0x100) {
      cx.bytes[ptr + dstByteLength] = c;
      dstByteLength++;
      continue;
    }
    const worstCaseSize = 2 * srcCodeUnits;
    ptr = cx.reallocate(ptr, srcCodeUnits, 2, worstCaseSize);
    checkAligned(ptr, 2);
    checkInBounds(cx, ptr, worstCaseSize);
    const bytes = cx.bytes;
    for (let k = dstByteLength - 1; k >= 0; k--) {
      bytes[ptr + 2 * k] = bytes[ptr + k]!;
      bytes[ptr + 2 * k + 1] = 0;
    }
    // The first dstByteLength code points were Latin-1, one UTF-16 code unit each.
    writeUtf16(cx, s, dstByteLength, ptr + 2 * dstByteLength);
    const encodedLength = 2 * n;
    if (worstCaseSize > encodedLength) {
      ptr = cx.reallocate(ptr, worstCaseSize, 2, encodedLength);
      checkAligned(ptr, 2);
      checkInBounds(cx, ptr, encodedLength);
    }
    return [ptr, n, true];
  }
  if (dstByteLength < srcCodeUnits) {
    ptr = cx.reallocate(ptr, srcCodeUnits, 2, dstByteLength);
    checkAligned(ptr, 2);
    checkInBounds(cx, ptr, dstByteLength);
  }
  return [ptr, dstByteLength, false];
}

/** definitions.py `store_probably_utf16_to_latin1_or_utf16`. */
function storeProbablyUtf16ToLatin1OrUtf16(cx: LiftLowerContext, s: string, srcCodeUnits: number): StoredString {
  const srcByteLength = 2 * srcCodeUnits;
  let ptr = cx.allocate(2, srcByteLength);
  checkAligned(ptr, 2);
  checkInBounds(cx, ptr, srcByteLength);
  writeUtf16(cx, s, 0, ptr);
  const n = s.length;
  for (let i = 0; i < n; i++) if (s.charCodeAt(i) >= 0x100) return [ptr, n, true];
  const bytes = cx.bytes;
  for (let i = 0; i < n; i++) bytes[ptr + i] = bytes[ptr + 2 * i]!;
  ptr = cx.reallocate(ptr, srcByteLength, 1, n);
  checkInBounds(cx, ptr, n);
  return [ptr, n, false];
}

function writeUtf8(cx: LiftLowerContext, s: string, ptr: number, byteLength: number): void {
  // Short ASCII text: a byte loop beats the encoder's call and subarray overhead.
  if (byteLength === s.length && byteLength <= 64) {
    const bytes = cx.bytes;
    for (let i = 0; i < byteLength; i++) bytes[ptr + i] = s.charCodeAt(i);
    return;
  }
  utf8EncodeInto(s, cx.bytes.subarray(ptr, ptr + byteLength));
}

/** Writes the UTF-16 code units of s from index `from` at `ptr` (little-endian). */
function writeUtf16(cx: LiftLowerContext, s: string, from: number, ptr: number): void {
  const n = s.length;
  const bytes = cx.bytes;
  const at = bytes.byteOffset + ptr;
  if (LITTLE_ENDIAN && at % 2 === 0) {
    const u16 = new Uint16Array(bytes.buffer, at, n - from);
    for (let i = from; i < n; i++) u16[i - from] = s.charCodeAt(i);
    return;
  }
  const dv = cx.view;
  for (let i = from; i < n; i++) dv.setUint16(ptr + 2 * (i - from), s.charCodeAt(i), true);
}

function writeLatin1(cx: LiftLowerContext, s: string, ptr: number): void {
  const bytes = cx.bytes;
  for (let i = 0; i < s.length; i++) bytes[ptr + i] = s.charCodeAt(i);
}

/** The tagged code units of a stored string as a core value (i32 number or i64 bigint). */
export function taggedUnits(cx: LiftLowerContext, codeUnits: number, tagged: boolean): number | bigint {
  if (cx.ptrType === 'i32') return (tagged ? codeUnits | 0x80000000 : codeUnits) | 0;
  return BigInt.asIntN(64, tagged ? BigInt(codeUnits) | (1n << 63n) : BigInt(codeUnits));
}
