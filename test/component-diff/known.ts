// Known deviations, each recognised by a narrow predicate on the call and the outcomes:
//   by 'purewasm' — differences purewasm makes on purpose (declared in
//     src/component/canon/coerce.ts, header); such a case is not a disagreement with jco, nor a
//     mismatch with the model for purewasm;
//   by 'jco' — places where jco departs from the spec; such a case is not a mismatch with the
//     model for jco, nor a disagreement with the other engine (which is still held to the model).
// Campaigns count matching cases under the deviation's id and always print the counts;
// `--strict` (scripts/component-diff.ts) counts them as disagreements. Remove a purewasm entry
// when purewasm adopts jco's behaviour.

import { diffOutcomes, type Outcome } from './compare.js';
import { hasLoneSurrogate } from './generate.js';

interface Context {
  readonly args: readonly unknown[];
  /** The reference outcome: jco's, or the model's when `engine` is jco or jco does not run. */
  readonly oracle: Outcome;
  /** The outcome that differs from it. */
  readonly engine: Outcome;
}

export interface KnownDeviation {
  readonly id: string;
  /** Who departs from the other: purewasm on purpose, or jco from the spec. */
  readonly by: 'purewasm' | 'jco';
  readonly description: string;
  /** Whether the difference between the two outcomes is this deviation. */
  readonly matches: (c: Context) => boolean;
}

const threw = (o: Outcome, name: string, message: RegExp): boolean => o.kind === 'error' && o.name === name && message.test(o.message);
/** The call went through (a top-level `result` error still means the arguments were accepted). */
const accepted = (o: Outcome): boolean => o.kind === 'value' || o.name === 'ComponentError';

/** v with f applied to every string inside it. */
function mapStrings(v: unknown, f: (s: string) => string): unknown {
  if (typeof v === 'string') return f(v);
  if (typeof v !== 'object' || v === null || ArrayBuffer.isView(v)) return v;
  if (Array.isArray(v)) return v.map((x) => mapStrings(x, f));
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapStrings(x, f)]));
}

function mapOutcome(o: Outcome, f: (s: string) => string): Outcome {
  return o.kind === 'value' ? { kind: 'value', value: mapStrings(o.value, f) } : { ...o, payload: mapStrings(o.payload, f) };
}

/**
 * One outcome is the other with one leading U+FEFF removed from each string that has one (what a
 * TextDecoder without ignoreBOM does; a second U+FEFF stays).
 */
function equalButLeadingBom(a: Outcome, b: Outcome): boolean {
  const strip = (s: string): string => (s.startsWith('\ufeff') ? s.slice(1) : s);
  return diffOutcomes(mapOutcome(a, strip), b, 'a', 'b') === undefined || diffOutcomes(a, mapOutcome(b, strip), 'a', 'b') === undefined;
}

export const KNOWN_DEVIATIONS: readonly KnownDeviation[] = [
  {
    id: 'string-lone-surrogate',
    by: 'purewasm',
    description: 'a host string with a lone surrogate: jco (and the JS API\'s USVString conversion) '
      + 'replaces it with U+FFFD; purewasm rejects it with a TypeError',
    matches: ({ args, engine }) => hasLoneSurrogate(args) && threw(engine, 'TypeError', /lone surrogate/),
  },
  {
    id: 'char-not-one-scalar',
    by: 'purewasm',
    description: 'a char given as a string that is not exactly one Unicode scalar value: jco takes its '
      + 'first code point (the JS API throws); purewasm throws a TypeError',
    matches: ({ oracle, engine }) => accepted(oracle) && threw(engine, 'TypeError', /exactly one Unicode scalar value for char/),
  },
  {
    id: 'bigint-conversion-error-class',
    by: 'purewasm',
    description: 'a value BigInt() cannot convert given for s64/u64: jco surfaces BigInt\'s RangeError or '
      + 'SyntaxError; purewasm throws a TypeError',
    matches: ({ oracle, engine }) =>
      oracle.kind === 'error' && (oracle.name === 'RangeError' || oracle.name === 'SyntaxError') && /BigInt/.test(oracle.message)
      && threw(engine, 'TypeError', /for [su]64/),
  },
  {
    id: 'jco-drops-leading-bom',
    by: 'jco',
    description: 'a string beginning with U+FEFF: jco\'s TextDecoder (without ignoreBOM) drops it when lifting '
      + 'utf8/utf16 strings and in its utf8→utf16 transcoder; the Canonical ABI keeps it',
    matches: ({ oracle, engine }) => equalButLeadingBom(oracle, engine),
  },
];

/** Why `engine`'s outcome differs from the model's, if that is a known deviation. */
export function explainModelMismatch(engine: string, args: readonly unknown[], oracle: Outcome, outcome: Outcome): string | undefined {
  const by = engine === 'jco' ? 'jco' : 'purewasm';
  return KNOWN_DEVIATIONS.find((k) => k.by === by && k.matches({ args, oracle, engine: outcome }))?.id;
}

/** Why another engine's outcome differs from jco's, if that is a known deviation. */
export function explainDisagreement(args: readonly unknown[], jco: Outcome, other: Outcome): string | undefined {
  return KNOWN_DEVIATIONS.find((k) => k.matches({ args, oracle: jco, engine: other }))?.id;
}
