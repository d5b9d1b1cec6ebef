// Wrong host values for the bad-input campaign: one argument of a call has one place (possibly
// deep inside a record, list, variant, …) replaced by a value of the wrong type, out of range,
// or missing. What must happen is jco's rule (the oracle), which for scalars is the JS API's:
// integers convert like ToInt8…ToUint32 (wrapping), floats like ToNumber, bool like ToBoolean, so
// many "wrong" values are accepted; bigint where a number is expected, non-strings where a string
// is, unknown enum labels and variant tags, null records, … throw TypeError. The campaign compares
// full outcomes (value or error class) with jco.
// Left out on purpose, because jco passes an invalid value into the guest instead of rejecting
// it (the JS API requires a TypeError): a char given as '' or as a lone surrogate, and a list
// given as a non-iterable number (jco lowers it as an empty list).
// Spec: component-model design/mvp/Explainer.md §"JS API" (ToWebAssemblyValue coercions).

import fc from 'fast-check';
import type { VT } from './abi.js';
import type { EchoFunc } from './build.js';
import { camel, isNullable, typedArrayOf, valueArb, wellFormedDeep } from './generate.js';
import { witType } from './text.js';

interface Wrong { readonly label: string; readonly make: () => unknown }

const w = (label: string, make: () => unknown): Wrong => ({ label, make });
const SYM = Symbol('bad');

const COMMON: Wrong[] = [w('null', () => null), w('undefined', () => undefined), w('a symbol', () => SYM)];

function intWrongs(min: number, max: number): Wrong[] {
  return [
    w(`${max + 1}`, () => max + 1), w(`${min - 1}`, () => min - 1), w('2**32 + 7', () => 2 ** 32 + 7), w('-(2**40) - 3', () => -(2 ** 40) - 3),
    w('1.5', () => 1.5), w('-2.75', () => -2.75), w('NaN', () => NaN), w('Infinity', () => Infinity), w('-0', () => -0),
    w('"12"', () => '12'), w('"abc"', () => 'abc'), w('true', () => true), w('7n', () => 7n), w('{}', () => ({})), w('[3]', () => [3]),
    ...COMMON,
  ];
}

function wrongsFor(t: VT): Wrong[] {
  switch (t.kind) {
    case 's8': return intWrongs(-128, 127);
    case 'u8': return intWrongs(0, 255);
    case 's16': return intWrongs(-32768, 32767);
    case 'u16': return intWrongs(0, 65535);
    case 's32': return intWrongs(-(2 ** 31), 2 ** 31 - 1);
    case 'u32': return intWrongs(0, 2 ** 32 - 1);
    case 's64': case 'u64':
      return [
        w('2n**64n + 5n', () => 2n ** 64n + 5n), w('-(2n**63n) - 1n', () => -(2n ** 63n) - 1n), w('-1n', () => -1n), w('2n**63n', () => 2n ** 63n),
        w('5 (a number)', () => 5), w('1.5', () => 1.5), w('"12"', () => '12'), w('"x"', () => 'x'), w('true', () => true), ...COMMON,
      ];
    case 'f32': case 'f64':
      return [w('3n', () => 3n), w('"1.5"', () => '1.5'), w('"x"', () => 'x'), w('1e300', () => 1e300), w('{}', () => ({})), w('true', () => true), ...COMMON];
    case 'bool': return [w('0', () => 0), w('2', () => 2), w('""', () => ''), w('"false"', () => 'false'), w('{}', () => ({})), w('0n', () => 0n), ...COMMON];
    case 'char': return [w('"ab"', () => 'ab'), w('"\\u{1F600}x"', () => '\u{1F600}x'), w('65', () => 65), w('{}', () => ({})), ...COMMON];
    case 'string': return [w('5', () => 5), w('{}', () => ({})), w('["a"]', () => ['a']), w('5n', () => 5n), ...COMMON];
    case 'list': {
      const ta = typedArrayOf(t.elem.kind);
      const out = [w('null', () => null), w('undefined', () => undefined)];
      if (ta) {
        const big = t.elem.kind === 's64' || t.elem.kind === 'u64';
        out.push(
          w('a plain Array of valid elements', () => (big ? [1n, 2n] : [1, 2])),
          w('a plain Array with an out-of-range element', () => (big ? [1n, 2n ** 70n] : [1, 2 ** 40])),
          w('a plain Array with a wrongly typed element', () => (big ? [1n, 2] : [1, 'x'])),
        );
      }
      return out;
    }
    // (Not a number: jco then reads the fields from Number.prototype, e.g. `toString`.)
    case 'record': return [w('null', () => null), w('undefined', () => undefined)];
    case 'tuple': return [w('null', () => null), w('undefined', () => undefined), w('5', () => 5), w('{}', () => ({}))];
    case 'variant': case 'result':
      return [w('{ tag: "no-such-case" }', () => ({ tag: 'no-such-case' })), w('"ok"', () => 'ok'), w('null', () => null), w('undefined', () => undefined)];
    case 'enum': return [w('"no-such-label"', () => 'no-such-label'), w('0', () => 0), w('null', () => null), w('undefined', () => undefined)];
    case 'option':
      return isNullable(t.type)
        ? [w('{ tag: "maybe" }', () => ({ tag: 'maybe' })), w('undefined', () => undefined), w('5', () => 5)]
        : [w('null (none)', () => null)];
    case 'flags':
      return [w('5', () => 5), w('"a"', () => 'a'), w('null', () => null), w('undefined', () => undefined), w('{ "no-such-flag": true }', () => ({ 'no-such-flag': true })), w('true', () => true)];
    default: return COMMON;
  }
}

export interface BadValue { readonly value: unknown; readonly note: string }

/** A value of type t with exactly one place broken. */
export function badValueArb(t: VT, depth = 0): fc.Arbitrary<BadValue> {
  const wrongs = wrongsFor(t);
  const here = fc.constantFrom(...wrongs).map((x) => ({ value: x.make(), note: `${witType(t)} given ${x.label}` }));
  const inner = innerBadArb(t, depth);
  return inner ? fc.oneof({ arbitrary: here, weight: 1 }, { arbitrary: inner, weight: 2 }) : here;
}

function within(note: string, path: string): string {
  return `${path}: ${note}`;
}

function innerBadArb(t: VT, depth: number): fc.Arbitrary<BadValue> | undefined {
  const d = depth + 1;
  switch (t.kind) {
    case 'list':
      if (typedArrayOf(t.elem.kind)) return undefined;
      return fc.tuple(fc.array(valueArb(t.elem, d), { maxLength: 3 }), badValueArb(t.elem, d), fc.nat()).map(([xs, bad, at]) => {
        const i = at % (xs.length + 1);
        const value = [...xs.slice(0, i), bad.value, ...xs.slice(i)];
        return { value, note: within(bad.note, `[${i}]`) };
      });
    case 'record':
      return fc.tuple(fc.tuple(...t.fields.map((f) => valueArb(f.type, d))), fc.integer({ min: 0, max: t.fields.length - 1 }), fc.boolean())
        .chain(([vs, i, drop]) => {
          const key = camel(t.fields[i]!.label);
          const base = Object.fromEntries(t.fields.map((f, j) => [camel(f.label), vs[j]]));
          // A missing field is read from Object.prototype when it has one of its names (e.g.
          // `isPrototypeOf`, a function), which jco lowers in odd ways; only drop other fields.
          if (drop && !(key in Object.prototype)) {
            delete base[key];
            return fc.constant({ value: base, note: `.${key} missing` });
          }
          return badValueArb(t.fields[i]!.type, d).map((bad) => ({ value: { ...base, [key]: bad.value }, note: within(bad.note, `.${key}`) }));
        });
    case 'tuple':
      return fc.tuple(fc.tuple(...t.types.map((u) => valueArb(u, d))), fc.integer({ min: 0, max: t.types.length - 1 }))
        .chain(([vs, i]) => badValueArb(t.types[i]!, d).map((bad) => {
          const value = [...vs];
          value[i] = bad.value;
          return { value, note: within(bad.note, `[${i}]`) };
        }));
    case 'variant': {
      const withPayload = t.cases.filter((c) => c.type);
      if (withPayload.length === 0) return undefined;
      return fc.constantFrom(...withPayload).chain((c) =>
        badValueArb(c.type!, d).map((bad) => ({ value: { tag: c.label, val: bad.value }, note: within(bad.note, `case ${c.label}`) })));
    }
    case 'option':
      return badValueArb(t.type, d).map((bad) => ({
        value: isNullable(t.type) ? { tag: 'some', val: bad.value } : bad.value,
        note: within(bad.note, 'some'),
      }));
    case 'result': {
      const sides = [['ok', t.ok], ['err', t.err]].filter((s): s is [string, VT] => s[1] !== undefined);
      if (sides.length === 0) return undefined;
      return fc.constantFrom(...sides).chain(([tag, u]) =>
        badValueArb(u, d).map((bad) => ({ value: { tag, val: bad.value }, note: within(bad.note, tag) })));
    }
    default:
      return undefined;
  }
}

export interface BadCall { readonly args: unknown[]; readonly note: string }

/** Argument lists with one broken argument each. */
export function badArgsArb(f: EchoFunc, calls: number): fc.Arbitrary<BadCall[]> {
  const one = fc.tuple(fc.tuple(...f.params.map((p) => valueArb(p))), fc.integer({ min: 0, max: f.params.length - 1 }))
    .chain(([good, i]) => badValueArb(f.params[i]!).map((bad) => {
      // Strings stay well-formed: the broken place is the only thing wrong with the call.
      const args = good.map(wellFormedDeep);
      args[i] = wellFormedDeep(bad.value);
      return { args, note: within(bad.note, `p${i}`) };
    }));
  return fc.array(one, { minLength: calls, maxLength: calls });
}
