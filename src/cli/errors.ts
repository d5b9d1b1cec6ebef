// How the command line reports failures: one line on stderr and a non-zero exit status; a stack
// trace only with --verbose. A CliError is a failure described for the user already (bad
// arguments, a missing file, a call that names no export); other errors are purewasm's typed
// errors (CompileError, LinkError, RuntimeError, ComponentError, WaveError) worded by their
// message, or, for anything else, reported as an internal error.

import { CompileError, ComponentError, LinkError, RuntimeError } from '../index.js';
import { WaveError } from './wave/index.js';

export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}
Object.defineProperty(CliError.prototype, 'name', { value: 'CliError', writable: true, configurable: true });

/** Wrong usage: exit status 2, as for a usage message. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2);
  }
}

/** The one line that describes `e` (without the program name). */
export function describeError(e: unknown, source?: string): string {
  if (e instanceof CliError) return e.message;
  if (e instanceof WaveError) return `bad WAVE: ${e.describe(source)}`;
  if (e instanceof CompileError) return `invalid WebAssembly: ${e.message}`;
  if (e instanceof LinkError) return `link error: ${e.message}`;
  if (e instanceof RuntimeError) return `wasm trap: ${e.message}`;
  if (e instanceof ComponentError) return `error: ${e.message}`;
  if (e instanceof Error) return `internal error: ${e.name}: ${e.message}`;
  return `internal error: ${String(e)}`;
}
