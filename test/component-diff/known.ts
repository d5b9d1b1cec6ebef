// Deliberate differences between purewasm and jco, declared by purewasm
// (src/component/canon/coerce.ts, header), each recognised by a narrow predicate on the call
// and both outcomes. Campaigns count a matching case under the deviation's id instead of as a
// disagreement, and always print the counts; `--strict` (scripts/component-diff.ts) counts them
// as disagreements. Remove an entry here when purewasm adopts jco's behaviour.

import type { Outcome } from './compare.js';
import { hasLoneSurrogate } from './generate.js';

export interface KnownDeviation {
  readonly id: string;
  readonly description: string;
  matches(c: { readonly args: readonly unknown[]; readonly oracle: Outcome; readonly engine: Outcome }): boolean;
}

const threw = (o: Outcome, name: string, message: RegExp): boolean => o.kind === 'error' && o.name === name && message.test(o.message);
/** The call went through (a top-level `result` error still means the arguments were accepted). */
const accepted = (o: Outcome): boolean => o.kind === 'value' || o.name === 'ComponentError';

export const KNOWN_DEVIATIONS: readonly KnownDeviation[] = [
  {
    id: 'string-lone-surrogate',
    description: 'a host string with a lone surrogate: jco (and the JS API\'s USVString conversion) '
      + 'replaces it with U+FFFD; purewasm rejects it with a TypeError',
    matches: ({ args, engine }) => hasLoneSurrogate(args) && threw(engine, 'TypeError', /lone surrogate/),
  },
  {
    id: 'char-not-one-scalar',
    description: 'a char given as a string that is not exactly one Unicode scalar value: jco takes its '
      + 'first code point (the JS API throws); purewasm throws a TypeError',
    matches: ({ oracle, engine }) => accepted(oracle) && threw(engine, 'TypeError', /exactly one Unicode scalar value for char/),
  },
  {
    id: 'bigint-conversion-error-class',
    description: 'a value BigInt() cannot convert given for s64/u64: jco surfaces BigInt\'s RangeError or '
      + 'SyntaxError; purewasm throws a TypeError',
    matches: ({ oracle, engine }) =>
      oracle.kind === 'error' && (oracle.name === 'RangeError' || oracle.name === 'SyntaxError') && /BigInt/.test(oracle.message)
      && threw(engine, 'TypeError', /for [su]64/),
  },
];

/** The id of the known deviation explaining a difference, if any. */
export function knownDeviation(args: readonly unknown[], oracle: Outcome, engine: Outcome): string | undefined {
  return KNOWN_DEVIATIONS.find((k) => k.matches({ args, oracle, engine }))?.id;
}
