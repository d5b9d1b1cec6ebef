// Component values of the .wast script format: the constants of `invoke` arguments and of
// `assert_return` results, their parsing from s-expressions, formatting and equality.
//
// Spec: component-model design/mvp/Explainer.md §"Value types" (the value set of each type;
// one NaN per float type as in CanonicalABI.md §"Loading" canonicalize_nan32/64). The syntax is
// the one of wasm-tools' wast crate (crates/wast/src/component/wast.rs), which the test suites
// are written in:
//   bool.const true|false   u8/s8/u16/s16/u32/s32/u64/s64.const N   f32/f64.const X
//   char.const "c"   str.const "..."   list.const v*   record.const (field "name" v)*
//   tuple.const v*   variant.const "case" v?   enum.const "label"   option.none
//   option.some v   result.ok v?   result.err v?   flags.const "label"*
// Nested values are parenthesised, except inside `(field "name" ...)`, where the value's keyword
// and operands follow the name directly: `(field "s" str.const "v=")`.

import { F32, F64, f32BitsToNumber, f64BitsToNumber, parseFloatBits } from '../floats.js';
import { type SNode, type StringNode, isAtom, plainItems } from '../sexpr.js';
import { ValueSyntaxError, parseIntBits } from '../values.js';

export type IntKind = 'u8' | 's8' | 'u16' | 's16' | 'u32' | 's32';
export type BigIntKind = 'u64' | 's64';

/** A component-level value (no type indices, no handles). */
export type CValue =
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: IntKind; readonly value: number }
  | { readonly kind: BigIntKind; readonly value: bigint }
  /** f32 values are stored as the JS number of the f32 (exactly representable). */
  | { readonly kind: 'f32' | 'f64'; readonly value: number }
  /** One Unicode scalar value. */
  | { readonly kind: 'char'; readonly value: string }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'list' | 'tuple'; readonly items: readonly CValue[] }
  | { readonly kind: 'record'; readonly fields: readonly (readonly [string, CValue])[] }
  | { readonly kind: 'variant'; readonly label: string; readonly payload?: CValue | undefined }
  | { readonly kind: 'enum'; readonly label: string }
  | { readonly kind: 'option'; readonly some?: CValue | undefined }
  | { readonly kind: 'result'; readonly ok: boolean; readonly payload?: CValue | undefined }
  | { readonly kind: 'flags'; readonly labels: readonly string[] };

export type CValueKind = CValue['kind'];

export { ValueSyntaxError };

const INT_WIDTH: Readonly<Record<IntKind | BigIntKind, number>> = { u8: 8, s8: 8, u16: 16, s16: 16, u32: 32, s32: 32, u64: 64, s64: 64 };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function text(n: SNode | undefined, line: number, what: string): string {
  if (!n || n.kind !== 'string') throw new ValueSyntaxError(`expected ${what} string`, n?.line ?? line);
  try {
    return utf8.decode((n as StringNode).bytes);
  } catch {
    throw new ValueSyntaxError(`${what} string is not valid UTF-8`, n.line);
  }
}

/**
 * An integer literal of an integer kind. Unsigned kinds take 0..2^n-1; signed kinds also take
 * -2^(n-1)..-1 and, like the wast crate's signed integers, unsigned spellings of negative values
 * (`s8.const 0xff` is -1).
 */
function parseInt(kind: IntKind | BigIntKind, n: SNode | undefined, line: number): bigint {
  if (!isAtom(n)) throw new ValueSyntaxError(`${kind}.const needs an integer`, n?.line ?? line);
  const width = INT_WIDTH[kind];
  const bits = parseIntBits(n.text, width);
  if (bits === undefined || (kind.startsWith('u') && n.text.startsWith('-'))) {
    throw new ValueSyntaxError(`${kind}.const: bad or out-of-range integer ${n.text}`, n.line);
  }
  return kind.startsWith('s') ? BigInt.asIntN(width, bits) : bits;
}

function parseFloat(kind: 'f32' | 'f64', n: SNode | undefined, line: number): number {
  if (!isAtom(n)) throw new ValueSyntaxError(`${kind}.const needs a number`, n?.line ?? line);
  const bits = parseFloatBits(n.text, kind === 'f32' ? F32 : F64);
  if (bits === undefined) throw new ValueSyntaxError(`${kind}.const: bad number ${n.text}`, n.line);
  return kind === 'f32' ? f32BitsToNumber(Number(bits)) : f64BitsToNumber(bits);
}

/** Parses a parenthesised value `(kw.const ...)`. */
export function parseCValue(node: SNode): CValue {
  if (node.kind !== 'list') throw new ValueSyntaxError('expected a parenthesised component value', node.line);
  const items = plainItems(node);
  return parseValueForm(items, node.line);
}

function nested(n: SNode | undefined, line: number, what: string): CValue {
  if (!n) throw new ValueSyntaxError(`${what} needs a value`, line);
  return parseCValue(n);
}

function noMore(items: readonly SNode[], from: number, head: string, line: number): void {
  if (items.length > from) throw new ValueSyntaxError(`unexpected operand after ${head}`, items[from]!.line ?? line);
}

/** Parses the items of a value form: the keyword first, then its operands. */
export function parseValueForm(items: readonly SNode[], line: number): CValue {
  const head = items[0];
  if (!isAtom(head)) throw new ValueSyntaxError('expected a [type].const keyword', head?.line ?? line);
  const kw = head.text;
  switch (kw) {
    case 'bool.const': {
      const v = items[1];
      if (!isAtom(v) || (v.text !== 'true' && v.text !== 'false')) throw new ValueSyntaxError('bool.const needs true or false', v?.line ?? line);
      noMore(items, 2, kw, line);
      return { kind: 'bool', value: v.text === 'true' };
    }
    case 'u8.const': case 's8.const': case 'u16.const': case 's16.const': case 'u32.const': case 's32.const': {
      const kind = kw.slice(0, -6) as IntKind;
      const v = parseInt(kind, items[1], line);
      noMore(items, 2, kw, line);
      return { kind, value: Number(v) };
    }
    case 'u64.const': case 's64.const': {
      const kind = kw.slice(0, -6) as BigIntKind;
      const v = parseInt(kind, items[1], line);
      noMore(items, 2, kw, line);
      return { kind, value: v };
    }
    case 'f32.const': case 'f64.const': {
      const kind = kw.slice(0, 3) as 'f32' | 'f64';
      const v = parseFloat(kind, items[1], line);
      noMore(items, 2, kw, line);
      return { kind, value: v };
    }
    case 'char.const': {
      const s = text(items[1], line, 'char.const');
      const cps = [...s];
      if (cps.length !== 1) throw new ValueSyntaxError(`char.const needs exactly one character, got ${cps.length}`, items[1]!.line);
      noMore(items, 2, kw, line);
      return { kind: 'char', value: s };
    }
    case 'str.const': {
      const s = text(items[1], line, 'str.const');
      noMore(items, 2, kw, line);
      return { kind: 'string', value: s };
    }
    case 'list.const':
    case 'tuple.const':
      return { kind: kw === 'list.const' ? 'list' : 'tuple', items: items.slice(1).map(parseCValue) };
    case 'record.const': {
      const fields = items.slice(1).map((f): readonly [string, CValue] => {
        if (f.kind !== 'list') throw new ValueSyntaxError('record.const needs (field "name" value) operands', f.line);
        const fi = plainItems(f);
        if (!isAtom(fi[0], 'field')) throw new ValueSyntaxError('record.const needs (field "name" value) operands', f.line);
        const name = text(fi[1], f.line, 'field name');
        return [name, parseValueForm(fi.slice(2), f.line)];
      });
      return { kind: 'record', fields };
    }
    case 'variant.const': {
      const label = text(items[1], line, 'variant case');
      const payload = items.length > 2 ? nested(items[2], line, kw) : undefined;
      noMore(items, 3, kw, line);
      return payload === undefined ? { kind: 'variant', label } : { kind: 'variant', label, payload };
    }
    case 'enum.const': {
      const label = text(items[1], line, 'enum label');
      noMore(items, 2, kw, line);
      return { kind: 'enum', label };
    }
    case 'option.none':
      noMore(items, 1, kw, line);
      return { kind: 'option' };
    case 'option.some': {
      const some = nested(items[1], line, kw);
      noMore(items, 2, kw, line);
      return { kind: 'option', some };
    }
    case 'result.ok':
    case 'result.err': {
      const payload = items.length > 1 ? nested(items[1], line, kw) : undefined;
      noMore(items, 2, kw, line);
      const ok = kw === 'result.ok';
      return payload === undefined ? { kind: 'result', ok } : { kind: 'result', ok, payload };
    }
    case 'flags.const':
      return { kind: 'flags', labels: items.slice(1).map((n) => text(n, line, 'flag label')) };
    default:
      throw new ValueSyntaxError(`unknown component value ${kw}`, head.line);
  }
}

// ---------------------------------------------------------------------------
// Formatting and equality

function fmtFloat(x: number): string {
  return Number.isNaN(x) ? 'nan' : Object.is(x, -0) ? '-0' : String(x);
}

/** The value in the script syntax (for reports). */
export function formatCValue(v: CValue): string {
  const q = (s: string): string => JSON.stringify(s);
  switch (v.kind) {
    case 'bool': return `(bool.const ${v.value})`;
    case 'u8': case 's8': case 'u16': case 's16': case 'u32': case 's32':
    case 'u64': case 's64':
      return `(${v.kind}.const ${v.value})`;
    case 'f32': case 'f64': return `(${v.kind}.const ${fmtFloat(v.value)})`;
    case 'char': return `(char.const ${q(v.value)})`;
    case 'string': return `(str.const ${q(v.value)})`;
    case 'list': case 'tuple':
      return `(${v.kind}.const${v.items.map((i) => ` ${formatCValue(i)}`).join('')})`;
    case 'record':
      return `(record.const${v.fields.map(([k, f]) => ` (field ${q(k)} ${formatCValue(f).slice(1, -1)})`).join('')})`;
    case 'variant': return `(variant.const ${q(v.label)}${v.payload ? ` ${formatCValue(v.payload)}` : ''})`;
    case 'enum': return `(enum.const ${q(v.label)})`;
    case 'option': return v.some === undefined ? '(option.none)' : `(option.some ${formatCValue(v.some)})`;
    case 'result': return `(result.${v.ok ? 'ok' : 'err'}${v.payload ? ` ${formatCValue(v.payload)}` : ''})`;
    case 'flags': return `(flags.const${v.labels.map((l) => ` ${q(l)}`).join('')})`;
  }
}

/**
 * Equality of component values. Floats: all NaNs are one value (the Component Model has a
 * single NaN per float type); -0 and +0 differ. Flags compare as sets of labels.
 */
export function cvalueEquals(a: CValue, b: CValue): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'f32': case 'f64': {
      const y = (b as typeof a).value;
      return Number.isNaN(a.value) ? Number.isNaN(y) : Object.is(a.value, y);
    }
    case 'bool': case 'u8': case 's8': case 'u16': case 's16': case 'u32': case 's32':
    case 'u64': case 's64': case 'char': case 'string':
      return a.value === (b as typeof a).value;
    case 'list': case 'tuple': {
      const y = (b as typeof a).items;
      return a.items.length === y.length && a.items.every((x, i) => cvalueEquals(x, y[i]!));
    }
    case 'record': {
      const y = (b as typeof a).fields;
      return a.fields.length === y.length && a.fields.every(([k, x], i) => y[i]![0] === k && cvalueEquals(x, y[i]![1]));
    }
    case 'variant': {
      const y = b as typeof a;
      return a.label === y.label && optEquals(a.payload, y.payload);
    }
    case 'enum': return a.label === (b as typeof a).label;
    case 'option': return optEquals(a.some, (b as typeof a).some);
    case 'result': {
      const y = b as typeof a;
      return a.ok === y.ok && optEquals(a.payload, y.payload);
    }
    case 'flags': {
      const y = new Set((b as typeof a).labels);
      const x = new Set(a.labels);
      return x.size === y.size && [...x].every((l) => y.has(l));
    }
  }
}

function optEquals(a: CValue | undefined, b: CValue | undefined): boolean {
  return a === undefined || b === undefined ? a === b : cvalueEquals(a, b);
}
