// A parsed WAVE value checked against its type and turned into the JS value jco's conventions
// give that type (what a component export takes as an argument). Spec: wasm-tools
// crates/wasm-wave/README.md (each type's encodings, including the "flat" forms: an option's
// `some` payload and a result's `ok` payload may stand alone unless that payload is itself an
// option or result; record fields of type option may be left out, meaning none; variant and enum
// cases that are keywords need a `%`), §"Function arguments" (trailing none arguments may be left
// out); JS shapes as component/canon/js-values.ts documents them.

import { WaveError } from './errors.js';
import { parseFloatToken } from './float.js';
import { lowerCamel } from './names.js';
import type { Node } from './parse.js';
import { decodeChar, decodeEscapes, decodeMultiline } from './strings.js';
import { describeType, isNullable, typedArrayFor, type ValType } from './types.js';

const INT_RANGES: Record<string, readonly [bigint, bigint]> = {
  s8: [-128n, 127n], u8: [0n, 255n], s16: [-32768n, 32767n], u16: [0n, 65535n],
  s32: [-(2n ** 31n), 2n ** 31n - 1n], u32: [0n, 2n ** 32n - 1n],
  s64: [-(2n ** 63n), 2n ** 63n - 1n], u64: [0n, 2n ** 64n - 1n],
};

function describeNode(n: Node): string {
  switch (n.type) {
    case 'true': case 'false': return 'a bool';
    case 'number': return `the number ${n.text}`;
    case 'char': return 'a char';
    case 'string': case 'multiline': return 'a string';
    case 'label': return `the label ${n.escaped ? '%' : ''}${n.label}`;
    case 'variant': return `the case ${n.label}(…)`;
    case 'some': return 'some(…)';
    case 'none': return 'none';
    case 'ok': case 'err': return n.payload === undefined ? n.type : `${n.type}(…)`;
    case 'tuple': return 'a tuple';
    case 'list': return 'a list';
    case 'record': return 'a record';
    case 'flags': return n.labels.length === 0 ? '{}' : 'flags';
  }
}

function mismatch(n: Node, t: ValType, hint = ''): WaveError {
  return new WaveError(`expected ${describeType(t)}, got ${describeNode(n)}${hint}`, n.span);
}

/** Hint for a case label that collides with a keyword written without its `%`. */
function keywordHint(n: Node, labels: readonly string[]): string {
  const word = n.type === 'true' || n.type === 'false' || n.type === 'none' ? n.type
    : n.type === 'number' && (n.text === 'inf' || n.text === 'nan') ? n.text
      : n.type === 'some' || n.type === 'ok' || n.type === 'err' ? n.type : undefined;
  return word !== undefined && labels.includes(word) ? ` (write %${word} for the case named ${word})` : '';
}

function toInt(n: Node, kind: string): number | bigint {
  if (n.type !== 'number' || !/^-?(?:0|[1-9][0-9]*)$/.test(n.text)) {
    throw new WaveError(`expected ${kind} (an integer), got ${describeNode(n)}`, n.span);
  }
  const [lo, hi] = INT_RANGES[kind]!;
  if (kind.startsWith('u') && n.text.startsWith('-')) throw new WaveError(`${n.text} is out of range for ${kind}`, n.span);
  const v = BigInt(n.text);
  if (v < lo || v > hi) throw new WaveError(`${n.text} is out of range for ${kind}`, n.span);
  return kind === 's64' || kind === 'u64' ? v : Number(v);
}

function canFlatten(t: ValType): boolean {
  return t.kind !== 'option' && t.kind !== 'result';
}

function some(payloadType: ValType, v: unknown): unknown {
  return isNullable(payloadType) ? { tag: 'some', val: v } : v;
}

function none(payloadType: ValType): unknown {
  return isNullable(payloadType) ? { tag: 'none' } : undefined;
}

/** The JS value of `n` as a value of type `t`. */
export function toJs(n: Node, t: ValType): unknown {
  switch (t.kind) {
    case 'bool':
      if (n.type === 'true') return true;
      if (n.type === 'false') return false;
      throw mismatch(n, t);
    case 's8': case 'u8': case 's16': case 'u16': case 's32': case 'u32': case 's64': case 'u64':
      return toInt(n, t.kind);
    case 'f32': case 'f64':
      if (n.type !== 'number') throw mismatch(n, t);
      return parseFloatToken(n.text, t.kind === 'f32' ? 32 : 64);
    case 'char':
      if (n.type !== 'char') throw mismatch(n, t);
      return decodeChar(n.text, n.span[0]);
    case 'string':
      if (n.type === 'string') return decodeEscapes(n.text.slice(1, -1), n.span[0] + 1);
      if (n.type === 'multiline') return decodeMultiline(n.text, n.span[0]);
      throw mismatch(n, t);
    case 'list': {
      if (n.type !== 'list') throw mismatch(n, t);
      if (t.length !== undefined && n.items.length !== t.length) {
        throw new WaveError(`expected ${t.length} elements for ${describeType(t)}, got ${n.items.length}`, n.span);
      }
      const items = n.items.map((x) => toJs(x, t.elem));
      const typed = t.length === undefined ? typedArrayFor(t.elem.kind) : undefined;
      return typed ? new typed(items as number[]) : items;
    }
    case 'tuple': {
      if (n.type !== 'tuple') throw mismatch(n, t);
      if (n.items.length !== t.types.length) {
        throw new WaveError(`expected ${t.types.length} values for ${describeType(t)}, got ${n.items.length}`, n.span);
      }
      return n.items.map((x, i) => toJs(x, t.types[i]!));
    }
    case 'record': {
      if (n.type !== 'record') {
        const hint = n.type === 'flags' && n.labels.length === 0 ? ' (write {:} for a record with every field left out)' : '';
        throw mismatch(n, t, hint);
      }
      const given = new Map(n.fields.map((f) => [f.label, f]));
      const out: Record<string, unknown> = {};
      for (const f of t.fields) {
        const g = given.get(f.label);
        given.delete(f.label);
        let v: unknown;
        if (g !== undefined) v = toJs(g.value, f.type);
        else if (f.type.kind === 'option') v = none(f.type.type);
        else throw new WaveError(`missing field "${f.label}"`, n.span);
        Object.defineProperty(out, lowerCamel(f.label), { value: v, enumerable: true, writable: true, configurable: true });
      }
      for (const [label, g] of given) {
        throw new WaveError(`unknown field "${label}" (the record has ${t.fields.map((f) => f.label).join(', ')})`, g.span);
      }
      return out;
    }
    case 'variant': {
      const labels = t.cases.map((c) => c.label);
      if (n.type !== 'label' && n.type !== 'variant') throw mismatch(n, t, keywordHint(n, labels));
      const c = t.cases.find((x) => x.label === n.label);
      if (c === undefined) throw new WaveError(`unknown case "${n.label}" (cases: ${labels.join(', ')})`, n.span);
      if (n.type === 'label') {
        if (c.type !== undefined) throw new WaveError(`case "${c.label}" needs a payload: ${c.label}(…)`, n.span);
        return { tag: c.label };
      }
      if (c.type === undefined) throw new WaveError(`case "${c.label}" has no payload`, n.span);
      return { tag: c.label, val: toJs(n.payload, c.type) };
    }
    case 'enum': {
      if (n.type !== 'label') throw mismatch(n, t, keywordHint(n, t.labels));
      if (!t.labels.includes(n.label)) throw new WaveError(`unknown case "${n.label}" (cases: ${t.labels.join(', ')})`, n.span);
      return n.label;
    }
    case 'option':
      if (n.type === 'some') return some(t.type, toJs(n.payload, t.type));
      if (n.type === 'none') return none(t.type);
      if (canFlatten(t.type)) return some(t.type, toJs(n, t.type));
      throw mismatch(n, t);
    case 'result': {
      if (n.type === 'ok' || n.type === 'err') {
        const pt = n.type === 'ok' ? t.ok : t.err;
        if (pt !== undefined && n.payload === undefined) throw new WaveError(`${n.type} needs a payload: ${n.type}(…)`, n.span);
        if (pt === undefined && n.payload !== undefined) throw new WaveError(`${n.type} has no payload here`, n.span);
        return { tag: n.type, val: pt === undefined ? undefined : toJs(n.payload!, pt) };
      }
      if (t.ok !== undefined && canFlatten(t.ok)) return { tag: 'ok', val: toJs(n, t.ok) };
      throw mismatch(n, t);
    }
    case 'flags': {
      if (n.type !== 'flags') throw mismatch(n, t);
      const set = new Set<string>();
      for (const l of n.labels) {
        if (!t.labels.includes(l.label)) throw new WaveError(`unknown flag "${l.label}" (flags: ${t.labels.join(', ')})`, l.span);
        set.add(l.label);
      }
      const out: Record<string, boolean> = {};
      for (const l of t.labels) {
        Object.defineProperty(out, lowerCamel(l), { value: set.has(l), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    default:
      throw new WaveError(`WAVE cannot express values of type ${describeType(t)}`, n.span);
  }
}

/**
 * Function arguments: one node per parameter, trailing option parameters may be left out (none).
 * `span` is the parenthesised argument list, for errors about the count.
 */
export function argsToJs(nodes: readonly Node[], params: readonly { readonly name: string; readonly type: ValType }[],
  span: readonly [number, number]): unknown[] {
  if (nodes.length > params.length) {
    const extra = nodes[params.length]!;
    throw new WaveError(`too many arguments: the function takes ${params.length}`, extra.span);
  }
  const out = nodes.map((n, i) => toJs(n, params[i]!.type));
  for (let i = nodes.length; i < params.length; i++) {
    const p = params[i]!;
    if (p.type.kind !== 'option') {
      const missing = params.slice(i).filter((x) => x.type.kind !== 'option').map((x) => x.name);
      throw new WaveError(`missing argument${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`, [span[1] - 1, span[1]]);
    }
    out.push(none(p.type.type));
  }
  return out;
}
