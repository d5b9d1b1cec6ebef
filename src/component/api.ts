// The public shape of the component API (types only; component/runtime implements it).
// Conventions are jco's (`jco transpile --instantiation sync`): see README "Components".
//
//   import { compileComponent, ComponentError } from 'purewasm';
//   const c = compileComponent(bytes);            // CompileError (with offset) if malformed/invalid
//   const inst = c.instantiate(imports);          // LinkError for a missing/mismatched import
//   inst.exports.greet('x');                      // JS values in jco's conventions
//
// `imports` is keyed by full import name without the version (`'wasi:cli/stderr'`,
// `'image-service:api/logging'`) or by the plain name for plain imports; an imported interface
// is an object whose functions are camelCased (`logMessage`) and whose resources are classes
// (`OutputStream`). `inst.exports` has, for each exported interface, both the short camelCase
// name and the full name (`metadata` and `'image-service:api/metadata'`), and top-level
// functions by camelCase name.

import type { Limits } from '../core/exec/limits.js';
import type { FuncType, ValType } from './types.js';

/** Component Model feature flags (wasm-tools' names without the `cm-` prefix where it has one). */
export interface ComponentFeatures {
  /** 🪙 value definitions and start functions with values (`cm-values`). */
  readonly values?: boolean;
  /** 🔀 async: stream, future, async canon options and built-ins (`cm-async`). Calls that complete without blocking run; streams and futures are not executed yet. */
  readonly async?: boolean;
  /** 📝 error-context (`cm-error-context`). */
  readonly errorContext?: boolean;
  /** 🔧 fixed-length lists (`cm-fixed-length-lists`). */
  readonly fixedLengthLists?: boolean;
  /** 🗺️ map<k, v> (`cm-map`). */
  readonly map?: boolean;
  /** nested names (`cm-nested-names`). */
  readonly nestedNames?: boolean;
  /** 🏷️ implements attribute (`cm-implements`). */
  readonly implements?: boolean;
  /** other wasm-tools flags by their own name, e.g. 'cm-threading', 'cm64', 'cm-gc'. */
  readonly [flag: string]: boolean | undefined;
}

export interface CompileComponentOptions {
  readonly features?: ComponentFeatures;
}

/** The type of one import or export, resolved (resource identities abstract). */
export type ExternDesc =
  | { readonly kind: 'func'; readonly type: FuncType }
  | { readonly kind: 'instance'; readonly exports: ReadonlyMap<string, ExternDesc> }
  | { readonly kind: 'component'; readonly imports: ReadonlyMap<string, ExternDesc>; readonly exports: ReadonlyMap<string, ExternDesc> }
  | { readonly kind: 'module' }
  | { readonly kind: 'type'; readonly type?: ValType | undefined; readonly resource?: boolean | undefined }
  | { readonly kind: 'value'; readonly type: ValType };

/** Options of `Component.instantiate` (purewasm's own; see README "Limits and async calls"). */
export interface InstantiateOptions {
  /**
   * Resource limits for the whole instance (all its core instances together share the fuel and
   * the deadline; memory and table caps apply to each memory and table it defines): fuel,
   * deadline (ms since the epoch), timeout (ms per call), maxCallDepth, maxMemoryPages,
   * maxTableElements. Exceeding one traps (RuntimeError "fuel exhausted", "deadline exceeded",
   * ...), after which the instance cannot be entered again, as after any trap.
   */
  readonly limits?: Limits;
  /**
   * Exported functions and methods return promises, and host imports may return promises: the
   * guest is suspended until they settle. While a call is suspended, another call into the
   * instance traps ("cannot enter component instance"), as the component model's reentrance
   * rule says. Resource constructors stay synchronous.
   */
  readonly async?: boolean;
}

export interface Component {
  /** Imports by full name (with version), in definition order. */
  readonly imports: ReadonlyMap<string, ExternDesc>;
  /** Exports by full name (with version), in definition order. */
  readonly exports: ReadonlyMap<string, ExternDesc>;
  /** Instantiates the component with host imports (see above) and options. */
  instantiate(imports?: Record<string, unknown>, options?: InstantiateOptions): ComponentInstance;
  /** The component's type as WIT text. */
  wit(): string;
}

export interface ComponentInstance {
  /** jco-shaped exports object. */
  readonly exports: Record<string, unknown>;
  /** Export name (as written in the component) → its type. */
  readonly exportTypes: ReadonlyMap<string, ExternDesc>;
}
