// Traps of the Canonical ABI. Spec: component-model design/mvp/CanonicalABI.md, the Python
// `trap()` / `trap_if(cond)` of definitions.py ("Boilerplate"). Every trap is a core RuntimeError.
// definitions.py gives no messages; ours name the check that failed and, where a conformance
// test expects one, contain wasmtime's wording (the component-model test suite's assert_trap
// strings: "unaligned pointer", "unknown handle index 1", "cannot leave component instance", …),
// so a substring match on either phrasing succeeds.

import { RuntimeError } from '../../core/errors.js';

export function trap(reason: string): never {
  throw new RuntimeError(reason);
}

/** Whether `e` is a trap (which poisons the instances it unwinds through). */
export function isTrap(e: unknown): e is RuntimeError {
  return e instanceof RuntimeError;
}

export const TRAP = {
  cannotEnter: 'cannot enter component instance',
  cannotLeave: 'cannot leave component instance',
  unaligned: (what: string, ptr: number, align: number) => `unaligned pointer: ${what} ${ptr} is not aligned to ${align}`,
  stringOutOfBounds: (ptr: number, len: number, memLen: number) =>
    `string content out-of-bounds: ${len} bytes at ${ptr} exceed the memory's ${memLen} bytes`,
  listOutOfBounds: (ptr: number, len: number, memLen: number) =>
    `list content out-of-bounds: ${len} bytes at ${ptr} exceed the memory's ${memLen} bytes`,
  reallocOutOfBounds: (what: string, ptr: number, len: number, memLen: number) =>
    `realloc return: beyond end of memory (${what} content out-of-bounds: ${len} bytes at ${ptr}, memory has ${memLen})`,
  reallocUnaligned: (ptr: number, align: number) => `unaligned pointer (realloc return: result not aligned): ${ptr} is not aligned to ${align}`,
  stringTooLong: (len: number) => `string content out-of-bounds: byte length ${len} exceeds MAX_STRING_BYTE_LENGTH`,
  listTooLong: (len: number) => `list content out-of-bounds: byte length ${len} exceeds MAX_LIST_BYTE_LENGTH`,
  invalidUtf8: 'invalid utf-8 in string',
  invalidUtf16: 'invalid utf-16 in string (unpaired surrogate)',
  invalidChar: (i: number) => `invalid \`char\` bit pattern: 0x${i.toString(16)} is not a Unicode scalar value`,
  discriminant: (d: number, n: number) => `invalid variant discriminant ${d} (the type has ${n} cases)`,
  unknownHandle: (i: number) => `unknown handle index ${i}`,
  notAResource: (i: number) => `index ${i} is not a resource`,
  wrongResourceType: (i: number, expected: string, found: string) =>
    `handle index ${i} used with the wrong type, expected ${expected} but found ${found}`,
  lentOut: (i: number) => `cannot remove owned resource while borrowed (handle index ${i} has outstanding lends)`,
  notOwned: (i: number) => `handle index ${i} is a borrow, not an own handle`,
  borrowsRemain: (n: number) => `borrow handles still remain at the end of the call (${n} not dropped)`,
  tableFull: 'cannot allocate another handle: index overflow (the handle table is full)',
  outParamOutOfBounds: (what: string, ptr: number, len: number, memLen: number) =>
    `${what} pointer out of bounds: ${len} bytes at ${ptr} exceed the memory's ${memLen} bytes`,
  missingOption: (name: string) => `canonical option \`${name}\` is required`,
  hostTooLong: (what: string, len: number) => `${what} too large for linear memory: ${len} bytes`,
  unresolvedCall: 'the async call has not returned a value and cannot be waited for (a pending call needs an event loop, which is not supported yet)',
  notA: (i: number, what: string) => `handle index ${i} is not ${what}`,
} as const;
