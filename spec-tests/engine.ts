// The engine interface the conformance runner drives. An engine compiles
// module binaries and, if it can execute, instantiates them against imports
// resolved by the runner, invokes exported functions and reads exported
// globals. Values cross this interface as exact bit patterns (values.ts), so
// the engine is responsible for any JS-boundary conversion.

import type { Value } from './values.js';

/** How the runner classifies an error thrown by an engine operation. */
export type ErrorKind =
  /** Module failed to decode or validate (CompileError). */
  | 'compile'
  /** Instantiation failed to link imports (LinkError). */
  | 'link'
  /** A WebAssembly trap (RuntimeError). */
  | 'trap'
  /** Call stack exhaustion. */
  | 'exhaustion'
  /** An uncaught WebAssembly exception (WebAssembly.Exception). */
  | 'exception'
  /** Anything else (TypeError, RangeError, internal errors, ...): never a pass. */
  | 'other';

export interface ClassifiedError {
  readonly kind: ErrorKind;
  /** Error class name as thrown, e.g. "CompileError", "TypeError". */
  readonly name: string;
  readonly message: string;
}

/** Exported externals of an instance, in the engine's own representation. */
export type ExternMap = ReadonlyMap<string, unknown>;

/** Resolves an import to an external previously exported by this engine (undefined if none). */
export type ImportResolver = (module: string, name: string) => unknown;

/** Result type hints taken from the test's expectations (used when the engine cannot know them). */
export type ResultHint = 'i32' | 'i64' | 'f32' | 'f64' | 'v128' | 'ref' | undefined;

/**
 * Thrown by an engine when a command cannot be checked on it (for example a
 * v128 value that cannot cross the JS boundary); the runner counts the
 * command as skipped with this reason.
 */
export class UnsupportedByEngine extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'UnsupportedByEngine';
  }
}

export interface Engine<M = unknown, I = unknown> {
  readonly name: string;
  /** False while the engine can only decode/validate; execution commands are then skipped. */
  readonly canExecute: boolean;
  /** The skip reason used for execution commands when canExecute is false. */
  readonly noExecutionReason: string;

  /** Decodes and validates a binary module with the given feature overrides; throws on failure. */
  compile(bytes: Uint8Array, features?: Readonly<Record<string, boolean>>): M;
  /** Classifies anything thrown by this engine's operations. */
  classify(error: unknown): ClassifiedError;

  // Execution (only called when canExecute is true).
  instantiate(module: M, resolve: ImportResolver): I;
  exportsOf(instance: I): ExternMap;
  invoke(instance: I, name: string, args: readonly Value[], resultHints?: readonly ResultHint[]): Value[];
  get(instance: I, name: string, hint?: ResultHint): Value;
}

/** A loaded engine of unknown handle types (what the runner works with). */
export type AnyEngine = Engine<unknown, unknown>;
