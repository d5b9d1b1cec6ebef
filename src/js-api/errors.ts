// WebAssembly.CompileError, LinkError and RuntimeError as JS sees them. Spec: WebAssembly JS API
// §"Error Objects": they behave like ECMAScript NativeError constructors — callable with or
// without `new`, `length` 1, [[Prototype]] %Error%, `name` on the prototype, the `cause` option.
// The engine throws instances of the core classes; these constructors share their prototypes,
// so `instanceof` holds for both.

import { CompileError as CoreCompileError, LinkError as CoreLinkError, RuntimeError as CoreRuntimeError } from '../core/errors.js';

type ErrorClass = new (message?: string, options?: { cause?: unknown }) => Error;

function nativeErrorLike<C extends ErrorClass>(core: C, name: string): C {
  const ctor = function (this: unknown, message?: unknown, options?: unknown): Error {
    const opts = typeof options === 'object' && options !== null && 'cause' in options ? { cause: (options as { cause: unknown }).cause } : undefined;
    const e = Reflect.construct(core, [message === undefined ? undefined : String(message), opts], new.target ?? ctor) as Error;
    if (message === undefined) delete (e as { message?: string }).message; // own `message` only when given
    return e;
  } as unknown as C;
  Object.defineProperty(ctor, 'prototype', { value: core.prototype, writable: false, enumerable: false, configurable: false });
  Object.defineProperty(core.prototype, 'constructor', { value: ctor, writable: true, enumerable: false, configurable: true });
  Object.defineProperty(core.prototype, 'name', { value: name, writable: true, enumerable: false, configurable: true });
  Object.defineProperty(core.prototype, 'message', { value: '', writable: true, enumerable: false, configurable: true });
  Object.defineProperty(ctor, 'name', { value: name, configurable: true });
  Object.defineProperty(ctor, 'length', { value: 1, configurable: true });
  Object.setPrototypeOf(ctor, Error);
  return ctor;
}

export const CompileError = nativeErrorLike(CoreCompileError as unknown as ErrorClass, 'CompileError') as unknown as typeof CoreCompileError;
export const LinkError = nativeErrorLike(CoreLinkError, 'LinkError') as unknown as typeof CoreLinkError;
export const RuntimeError = nativeErrorLike(CoreRuntimeError, 'RuntimeError') as unknown as typeof CoreRuntimeError;

/**
 * JSPI's WebAssembly.SuspendError (jspi.ts): a `Suspending` import returned a promise where the
 * computation cannot suspend. A RuntimeError too.
 */
export class SuspendError extends CoreRuntimeError {}
Object.defineProperty(SuspendError.prototype, 'name', { value: 'SuspendError', writable: true, enumerable: false, configurable: true });
