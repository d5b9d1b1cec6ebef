// The well-known symbol under which host resource objects are released when the guest drops
// its handle (component runtime and jco both call `obj[Symbol.dispose]()`; hosts without
// Symbol.dispose use Symbol.for('dispose'), as the runtime does).

export const symbolDispose: symbol =
  ((Symbol as unknown as { dispose?: symbol }).dispose) ?? Symbol.for('dispose');

/** Calls `obj[Symbol.dispose]()` if it has one. */
export function dispose(obj: object | undefined): void {
  const f = obj === undefined ? undefined : (obj as Record<symbol, unknown>)[symbolDispose];
  if (typeof f === 'function') (f as () => void).call(obj);
}
