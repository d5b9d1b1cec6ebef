// Waiting on asynchronous host I/O from a WASI 0.2 guest. Spec: WASI 0.2 wasi-io poll.wit
// ("`block` ... blocks until the pollable is ready", `poll` "blocks until at least one ... is
// ready") and streams.wit (`blocking-read` blocks until at least one byte is available or the
// stream ends). This host is single-threaded: to block on a source whose bytes arrive
// asynchronously (a promise, an async iterator, a ReadableStream), a host function answers with
// a promise, which suspends the guest when it was instantiated with `{ async: true }` and called
// asynchronously (callers ask core/exec/suspend.ts `canSuspend`; runCommandAsync). Where the guest cannot be
// suspended (runCommand, preview1, a start function), waiting is an error that says so.

import { RuntimeError } from '../../core/errors.js';

/** The error for `op` having to wait on the asynchronous source `what` where the guest cannot be suspended. */
export function mustWait(op: string, what: string, preview1 = false): RuntimeError {
  const fix = preview1
    ? 'preview1 (a core module) reads synchronously and cannot wait: give it a Uint8Array, a string or a synchronous callback as stdin, or run a WASI 0.2 component with runCommandAsync'
    : 'this call cannot suspend: run the command with runCommandAsync (or instantiate the component with { async: true } and await its exports)';
  return new RuntimeError(`wasi: ${op} must wait for ${what}, an asynchronous source with nothing buffered yet, but ${fix}`);
}
