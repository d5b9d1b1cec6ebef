// Errors of the component layer. Spec: component-model design/mvp/Explainer.md (validation
// failures and traps); the JS conventions follow jco: a `result<T, E>` returned from an export
// lifts to T on `ok` and throws a `ComponentError` whose `payload` is the lifted E on `error`.
// Malformed/invalid components throw the core CompileError (with the absolute byte offset),
// link failures LinkError and traps RuntimeError, all from core/errors.

export class ComponentError extends Error {
  /** The lifted `error` payload of the `result` (undefined for `result<_, _>` without one). */
  readonly payload: unknown;
  constructor(payload: unknown, message?: string) {
    super(message ?? describePayload(payload));
    this.payload = payload;
  }
}
Object.defineProperty(ComponentError.prototype, 'name', { value: 'ComponentError', writable: true, configurable: true });

function describePayload(payload: unknown): string {
  if (typeof payload === 'string') return payload;
  if (payload === undefined) return 'error';
  try {
    return JSON.stringify(payload, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ?? String(payload);
  } catch {
    return String(payload);
  }
}
