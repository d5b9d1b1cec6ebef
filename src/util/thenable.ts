// Promise-likes as ECMAScript's Promise resolve functions recognise them (ECMA-262 §27.2.1.3.2
// "Promise Resolve Functions": an object or function whose `then` is callable).

export function isThenable(v: unknown): v is PromiseLike<unknown> {
  return (typeof v === 'object' || typeof v === 'function') && v !== null && typeof (v as { then?: unknown }).then === 'function';
}
