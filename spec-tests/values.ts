// WebAssembly values as the runner sees them (exact bit patterns), the result
// patterns of assert_return, their parsing from s-expressions, and matching.

import { F32, F64, f32BitsToNumber, f64BitsToNumber, parseFloatBits } from './floats.js';
import { type SNode, isAtom, plainItems } from './sexpr.js';

export type NumType = 'i32' | 'i64' | 'f32' | 'f64';

/** A reference value as far as the host can observe it. */
export type RefValue =
  | { readonly kind: 'null'; readonly heap?: string }
  /** `ref.extern N` / `ref.host N`: the host value number N (same host object on the JS side). */
  | { readonly kind: 'host'; readonly id: number }
  | { readonly kind: 'func' }
  | { readonly kind: 'i31'; readonly value: number }
  /** A GC object (struct or array; the JS API does not tell which). */
  | { readonly kind: 'gc' }
  | { readonly kind: 'opaque'; readonly description: string };

export type Value =
  | { readonly type: 'i32'; readonly bits: number }
  | { readonly type: 'i64'; readonly bits: bigint }
  | { readonly type: 'f32'; readonly bits: number }
  | { readonly type: 'f64'; readonly bits: bigint }
  | { readonly type: 'v128'; readonly bytes: Uint8Array }
  | { readonly type: 'ref'; readonly ref: RefValue };

export type NanKind = 'canonical' | 'arithmetic';

export type LaneShape = 'i8x16' | 'i16x8' | 'i32x4' | 'i64x2' | 'f32x4' | 'f64x2';

export type LanePattern = { readonly kind: 'bits'; readonly bits: bigint } | { readonly kind: 'nan'; readonly nan: NanKind };

export type RefPattern =
  | { readonly kind: 'null' }
  | { readonly kind: 'extern'; readonly id?: number }
  | { readonly kind: 'host'; readonly id: number }
  | { readonly kind: 'func' }
  | { readonly kind: 'struct' }
  | { readonly kind: 'array' }
  | { readonly kind: 'i31' }
  | { readonly kind: 'eq' }
  | { readonly kind: 'any' }
  | { readonly kind: 'exn' };

export type Pattern =
  | { readonly kind: 'value'; readonly value: Value }
  | { readonly kind: 'nan'; readonly type: 'f32' | 'f64'; readonly nan: NanKind }
  | { readonly kind: 'v128'; readonly shape: LaneShape; readonly lanes: readonly LanePattern[] }
  | { readonly kind: 'ref'; readonly ref: RefPattern }
  | { readonly kind: 'either'; readonly alts: readonly Pattern[] };

export class ValueSyntaxError extends Error {
  constructor(message: string, readonly line: number) {
    super(`${message} (line ${line})`);
    this.name = 'ValueSyntaxError';
  }
}

// ---------------------------------------------------------------------------
// Integer literals

const INT_RE = /^[+-]?(?:0x[0-9a-fA-F](?:_?[0-9a-fA-F])*|[0-9](?:_?[0-9])*)$/;

/**
 * Parses an integer literal of the given bit width (signed or unsigned
 * range accepted) to its unsigned two's complement value.
 */
export function parseIntBits(text: string, width: number): bigint | undefined {
  if (!INT_RE.test(text)) return undefined;
  let s = text.replace(/_/g, '');
  let neg = false;
  if (s[0] === '+' || s[0] === '-') {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  const mag = BigInt(s);
  const w = BigInt(width);
  if (neg) {
    if (mag > 1n << (w - 1n)) return undefined;
    return BigInt.asUintN(width, -mag);
  }
  if (mag >= 1n << w) return undefined;
  return mag;
}

// ---------------------------------------------------------------------------
// Constructors / formatting

export const i32 = (bits: number): Value => ({ type: 'i32', bits: bits >>> 0 });
export const i64 = (bits: bigint): Value => ({ type: 'i64', bits: BigInt.asUintN(64, bits) });
export const f32 = (bits: number): Value => ({ type: 'f32', bits: bits >>> 0 });
export const f64 = (bits: bigint): Value => ({ type: 'f64', bits: BigInt.asUintN(64, bits) });

function hex(bits: bigint | number, digits: number): string {
  return '0x' + bits.toString(16).padStart(digits, '0');
}

function fmtFloat32(bits: number): string {
  const x = f32BitsToNumber(bits);
  return Number.isNaN(x) ? `nan(${hex(bits, 8)})` : `${Object.is(x, -0) ? '-0' : String(x)} (${hex(bits, 8)})`;
}

function fmtFloat64(bits: bigint): string {
  const x = f64BitsToNumber(bits);
  return Number.isNaN(x) ? `nan(${hex(bits, 16)})` : `${Object.is(x, -0) ? '-0' : String(x)} (${hex(bits, 16)})`;
}

export function formatRef(r: RefValue): string {
  switch (r.kind) {
    case 'null': return r.heap ? `ref.null ${r.heap}` : 'ref.null';
    case 'host': return `ref.host ${r.id}`;
    case 'func': return 'ref.func';
    case 'i31': return `ref.i31 ${r.value}`;
    case 'gc': return 'ref.gc-object';
    case 'opaque': return `ref(${r.description})`;
  }
}

export function formatValue(v: Value): string {
  switch (v.type) {
    case 'i32': return `i32:${v.bits | 0}`;
    case 'i64': return `i64:${BigInt.asIntN(64, v.bits)}`;
    case 'f32': return `f32:${fmtFloat32(v.bits)}`;
    case 'f64': return `f64:${fmtFloat64(v.bits)}`;
    case 'v128': return `v128:i8x16 ${Array.from(v.bytes, (b) => hex(b, 2)).join(' ')}`;
    case 'ref': return formatRef(v.ref);
  }
}

export function formatPattern(p: Pattern): string {
  switch (p.kind) {
    case 'value': return formatValue(p.value);
    case 'nan': return `${p.type}:nan:${p.nan}`;
    case 'v128':
      return `v128:${p.shape} ${p.lanes.map((l) => (l.kind === 'nan' ? `nan:${l.nan}` : l.bits.toString(16))).join(' ')}`;
    case 'ref': {
      const r = p.ref;
      return 'id' in r && r.id !== undefined ? `ref.${r.kind} ${r.id}` : `ref.${r.kind}`;
    }
    case 'either': return `either(${p.alts.map(formatPattern).join(' | ')})`;
  }
}

// ---------------------------------------------------------------------------
// Parsing of `(t.const ...)` etc.

const LANES: Record<LaneShape, { count: number; width: number; float?: typeof F32 }> = {
  i8x16: { count: 16, width: 8 },
  i16x8: { count: 8, width: 16 },
  i32x4: { count: 4, width: 32 },
  i64x2: { count: 2, width: 64 },
  f32x4: { count: 4, width: 32, float: F32 },
  f64x2: { count: 2, width: 64, float: F64 },
};

function atomText(n: SNode | undefined, line: number, what: string): string {
  if (!isAtom(n)) throw new ValueSyntaxError(`expected ${what}`, line);
  return n.text;
}

function lanesToBytes(shape: LaneShape, lanes: readonly bigint[]): Uint8Array {
  const { width } = LANES[shape];
  const bytes = new Uint8Array(16);
  const per = width / 8;
  lanes.forEach((bits, i) => {
    for (let k = 0; k < per; k++) bytes[i * per + k] = Number((bits >> BigInt(8 * k)) & 0xffn);
  });
  return bytes;
}

function laneBits(shape: LaneShape, text: string, line: number): bigint {
  const { width, float } = LANES[shape];
  const bits = float ? parseFloatBits(text, float) : parseIntBits(text, width);
  if (bits === undefined) throw new ValueSyntaxError(`bad ${shape} lane ${text}`, line);
  return bits;
}

function parseV128(items: readonly SNode[], line: number, allowNanPatterns: boolean): Pattern {
  const shape = atomText(items[1], line, 'v128 lane shape') as LaneShape;
  const info = LANES[shape];
  if (!info) throw new ValueSyntaxError(`bad v128 shape ${shape}`, line);
  const lanesText = items.slice(2).map((n) => atomText(n, line, 'v128 lane'));
  if (lanesText.length !== info.count) throw new ValueSyntaxError(`v128.const ${shape} needs ${info.count} lanes`, line);
  const lanes: LanePattern[] = lanesText.map((t) => {
    if (allowNanPatterns && info.float && (t === 'nan:canonical' || t === 'nan:arithmetic')) {
      return { kind: 'nan', nan: t.slice(4) as NanKind };
    }
    return { kind: 'bits', bits: laneBits(shape, t, line) };
  });
  if (lanes.every((l) => l.kind === 'bits')) {
    const bytes = lanesToBytes(shape, lanes.map((l) => (l as { bits: bigint }).bits));
    if (!allowNanPatterns) return { kind: 'value', value: { type: 'v128', bytes } };
  }
  return { kind: 'v128', shape, lanes };
}

function parseRefNumber(n: SNode | undefined, line: number): number {
  const t = atomText(n, line, 'host reference number');
  const v = parseIntBits(t, 32);
  if (v === undefined) throw new ValueSyntaxError(`bad host reference ${t}`, line);
  return Number(v);
}

function parseConstOrPattern(node: SNode, isResult: boolean): Pattern {
  if (node.kind !== 'list') throw new ValueSyntaxError('expected a constant', node.line);
  const items = plainItems(node);
  const line = node.line;
  const head = atomText(items[0], line, 'constant');
  const arg = items[1];
  switch (head) {
    case 'i32.const':
    case 'i64.const': {
      const width = head === 'i32.const' ? 32 : 64;
      const t = atomText(arg, line, 'integer');
      const bits = parseIntBits(t, width);
      if (bits === undefined || items.length !== 2) throw new ValueSyntaxError(`bad ${head} ${t}`, line);
      return { kind: 'value', value: width === 32 ? i32(Number(bits)) : i64(bits) };
    }
    case 'f32.const':
    case 'f64.const': {
      const type = head === 'f32.const' ? 'f32' : 'f64';
      const t = atomText(arg, line, 'float');
      if (isResult && (t === 'nan:canonical' || t === 'nan:arithmetic')) {
        return { kind: 'nan', type, nan: t.slice(4) as NanKind };
      }
      const bits = parseFloatBits(t, type === 'f32' ? F32 : F64);
      if (bits === undefined || items.length !== 2) throw new ValueSyntaxError(`bad ${head} ${t}`, line);
      return { kind: 'value', value: type === 'f32' ? f32(Number(bits)) : f64(bits) };
    }
    case 'v128.const':
      return parseV128(items, line, isResult);
    case 'ref.null': {
      if (isResult) return { kind: 'ref', ref: { kind: 'null' } };
      const heap = arg && isAtom(arg) ? arg.text : undefined;
      return { kind: 'value', value: { type: 'ref', ref: heap === undefined ? { kind: 'null' } : { kind: 'null', heap } } };
    }
    case 'ref.extern':
    case 'ref.host': {
      if (arg === undefined) {
        if (!isResult || head === 'ref.host') throw new ValueSyntaxError(`${head} needs a number`, line);
        return { kind: 'ref', ref: { kind: 'extern' } };
      }
      const id = parseRefNumber(arg, line);
      if (isResult) return { kind: 'ref', ref: head === 'ref.extern' ? { kind: 'extern', id } : { kind: 'host', id } };
      return { kind: 'value', value: { type: 'ref', ref: { kind: 'host', id } } };
    }
    case 'either': {
      if (!isResult) throw new ValueSyntaxError('either is only allowed in results', line);
      return { kind: 'either', alts: items.slice(1).map((n) => parseConstOrPattern(n, true)) };
    }
    default: {
      const m = /^ref\.(func|struct|array|i31|eq|any|exn)$/.exec(head);
      if (isResult && m) return { kind: 'ref', ref: { kind: m[1] as 'func' } };
      throw new ValueSyntaxError(`unsupported ${isResult ? 'result' : 'argument'} ${head}`, line);
    }
  }
}

/** Parses an argument constant of an `invoke`. */
export function parseArg(node: SNode): Value {
  const p = parseConstOrPattern(node, false);
  if (p.kind !== 'value') throw new ValueSyntaxError('argument is not a constant', node.line);
  return p.value;
}

/** Parses an expected result of `assert_return`. */
export function parseResult(node: SNode): Pattern {
  return parseConstOrPattern(node, true);
}

/** The value type a pattern stands for, when it is a plain number/vector type. */
export function patternType(p: Pattern): NumType | 'v128' | 'ref' | undefined {
  switch (p.kind) {
    case 'value': return p.value.type;
    case 'nan': return p.type;
    case 'v128': return 'v128';
    case 'ref': return 'ref';
    case 'either': {
      const ts = new Set(p.alts.map(patternType));
      return ts.size === 1 ? [...ts][0] : undefined;
    }
  }
}

// ---------------------------------------------------------------------------
// Matching

const F32_EXP = 0x7f800000;
const F32_QUIET = 0x00400000;
const F64_EXP = 0x7ff0000000000000n;
const F64_QUIET = 0x0008000000000000n;
const F64_MANT = 0x000fffffffffffffn;

function nanMatches32(bits: number, nan: NanKind): boolean {
  const b = bits & 0x7fffffff;
  if ((b & F32_EXP) !== F32_EXP || (b & 0x7fffff) === 0) return false;
  return nan === 'canonical' ? (b & 0x7fffff) === F32_QUIET : (b & F32_QUIET) !== 0;
}

function nanMatches64(bits: bigint, nan: NanKind): boolean {
  if ((bits & F64_EXP) !== F64_EXP || (bits & F64_MANT) === 0n) return false;
  return nan === 'canonical' ? (bits & F64_MANT) === F64_QUIET : (bits & F64_QUIET) !== 0n;
}

function laneOf(bytes: Uint8Array, shape: LaneShape, i: number): bigint {
  const per = LANES[shape].width / 8;
  let v = 0n;
  for (let k = per - 1; k >= 0; k--) v = (v << 8n) | BigInt(bytes[i * per + k]!);
  return v;
}

function refMatches(r: RefValue, p: RefPattern): boolean {
  switch (p.kind) {
    case 'null': return r.kind === 'null';
    case 'extern': return p.id === undefined ? r.kind !== 'null' : r.kind === 'host' && r.id === p.id;
    case 'host': return r.kind === 'host' && r.id === p.id;
    case 'func': return r.kind === 'func';
    case 'struct':
    case 'array': return r.kind === 'gc';
    case 'i31': return r.kind === 'i31';
    case 'eq': return r.kind === 'gc' || r.kind === 'i31';
    case 'any': return r.kind !== 'null';
    case 'exn': return r.kind === 'opaque' || r.kind === 'gc';
  }
}

export function matches(v: Value, p: Pattern): boolean {
  switch (p.kind) {
    case 'either':
      return p.alts.some((a) => matches(v, a));
    case 'nan':
      if (v.type !== p.type) return false;
      return v.type === 'f32' ? nanMatches32(v.bits, p.nan) : v.type === 'f64' ? nanMatches64(v.bits, p.nan) : false;
    case 'v128': {
      if (v.type !== 'v128') return false;
      return p.lanes.every((l, i) => {
        const bits = laneOf(v.bytes, p.shape, i);
        if (l.kind === 'bits') return bits === l.bits;
        return p.shape === 'f32x4' ? nanMatches32(Number(bits), l.nan) : nanMatches64(bits, l.nan);
      });
    }
    case 'ref':
      return v.type === 'ref' && refMatches(v.ref, p.ref);
    case 'value': {
      const e = p.value;
      if (v.type !== e.type) return false;
      switch (e.type) {
        case 'v128': {
          const a = (v as { bytes: Uint8Array }).bytes;
          return a.length === 16 && a.every((b, i) => b === e.bytes[i]);
        }
        case 'ref': return refMatches((v as { ref: RefValue }).ref, e.ref.kind === 'host' ? { kind: 'host', id: e.ref.id } : { kind: 'null' });
        default: return (v as { bits: unknown }).bits === e.bits;
      }
    }
  }
}
