// Traps raised by numeric operators. Spec: WebAssembly Core 3.0 §4.3 "Numerics" — integer
// division and float-to-integer truncation are partial operators; §4.4 executes an instruction
// whose operator result is undefined as a trap. Messages are the spec test suite's wording.
// Kept out of line so that the hot callers stay small.

import { RuntimeError } from '../../errors.js';

export function trapDivideByZero(): never {
  throw new RuntimeError('integer divide by zero');
}

export function trapIntegerOverflow(): never {
  throw new RuntimeError('integer overflow');
}

export function trapInvalidConversion(): never {
  throw new RuntimeError('invalid conversion to integer');
}
