// The engine interface the component conformance runner drives, and the one place where
// exported functions are called with wast values (converted to and from jco-shaped JS values).
//
// An engine only compiles component (and core module) binaries, instantiates components and
// classifies errors. Instances are jco-shaped (src/component/api.ts ComponentInstance):
// `exports` holds top-level functions by lowerCamelCase name, `exportTypes` maps each export
// name to its ExternDesc. Everything about values lives in jco-values.ts.

import type { ComponentFeatures, ExternDesc } from '../../src/component/api.js';
import type { FuncType } from '../../src/component/types.js';
import type { ClassifiedError } from '../engine.js';
import { argsToJs, lowerCamelCase, resultsFromJs } from './jco-values.js';
import type { CValue } from './values.js';

export type { ClassifiedError };

/** What the runner needs of an instance (a subset of api.ts ComponentInstance). */
export interface InstanceLike {
  readonly exports: Record<string, unknown>;
  readonly exportTypes: ReadonlyMap<string, ExternDesc>;
}

export interface ComponentEngine {
  readonly name: string;
  /**
   * Why the engine cannot be used at all (e.g. compileComponent is not built yet); every
   * command that needs it is then skipped with this reason. Undefined when usable.
   */
  readonly unavailable?: string | undefined;
  /** Decodes and validates a component binary; throws (CompileError) when malformed/invalid. */
  compile(bytes: Uint8Array, features: ComponentFeatures): unknown;
  /** Decodes and validates a core module binary (top-level `(module ...)` forms). */
  compileCore(bytes: Uint8Array, features: Readonly<Record<string, boolean>>): unknown;
  /** Instantiates a compiled component; `imports` as in api.ts Component.instantiate. */
  instantiate(component: unknown, imports: Record<string, unknown>): InstanceLike;
  /** Classifies anything thrown by the engine or by a call into an instance. */
  classify(error: unknown): ClassifiedError;
}

/** A test-data or runner problem with an invoke (not an engine failure to run it). */
export class InvokeSetupError extends Error {
  override readonly name = 'InvokeSetupError';
}

export type InvokeResult =
  | { readonly values: CValue[] }
  | { readonly error: unknown };

/** The function type of an exported function, or throws InvokeSetupError. */
export function exportedFuncType(inst: InstanceLike, name: string): FuncType {
  if (typeof inst.exportTypes?.get !== 'function') throw new InvokeSetupError('the instance has no exportTypes map (api.ts ComponentInstance)');
  const d = inst.exportTypes.get(name);
  if (!d) throw new InvokeSetupError(`no export named "${name}" (exports: ${[...inst.exportTypes.keys()].join(', ') || 'none'})`);
  if (d.kind !== 'func') throw new InvokeSetupError(`export "${name}" is a ${d.kind}, not a function`);
  return d.type;
}

/** The JS function of an exported function: `exports[lowerCamelCase(name)]` (jco's naming). */
export function exportedFunction(inst: InstanceLike, name: string): (...args: unknown[]) => unknown {
  const key = lowerCamelCase(name);
  const f = inst.exports[key];
  if (typeof f !== 'function') {
    throw new InvokeSetupError(`exports.${key} (for export "${name}") is ${f === undefined ? 'missing' : `a ${typeof f}`}, expected a function`);
  }
  return f as (...args: unknown[]) => unknown;
}

/**
 * Calls export `name` with wast values. Returns the function's results as component values
 * (an `err` result thrown as ComponentError comes back as a `result.err` value), or the error
 * the call threw. Throws InvokeSetupError when the arguments do not fit the function type or
 * the export is missing, and JsShapeError when the engine's JS result has the wrong shape.
 */
export function invokeExport(inst: InstanceLike, name: string, args: readonly CValue[]): InvokeResult {
  const ft = exportedFuncType(inst, name);
  const f = exportedFunction(inst, name);
  let jsArgs: unknown[];
  try {
    jsArgs = argsToJs(args, ft);
  } catch (e) {
    throw new InvokeSetupError(`arguments of "${name}": ${(e as Error).message}`);
  }
  let outcome: { returned: unknown } | { threw: unknown };
  try {
    outcome = { returned: f(...jsArgs) };
  } catch (e) {
    outcome = { threw: e };
  }
  const values = resultsFromJs(outcome, ft);
  if (values) return { values };
  return { error: (outcome as { threw: unknown }).threw };
}
