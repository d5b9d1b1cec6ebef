// Outcomes of calls and their comparison: a strict deep equality for JS values that tells typed
// array kinds apart, compares typed-array contents bit for bit (so NaN payloads count), treats
// -0 and 0 as different and NaN as equal to NaN, and requires the same own keys (a key holding
// undefined differs from a missing key); errors compare by class name (and payload for
// ComponentError). Plus a compact printer for reproductions and a cloner so each engine gets
// its own copy of the arguments.

export type Outcome =
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'error'; readonly name: string; readonly message: string; readonly payload?: unknown; readonly hasPayload: boolean };

export function capture(call: () => unknown): Outcome {
  try {
    return { kind: 'value', value: call() };
  } catch (e) {
    return errorOutcome(e);
  }
}

export function errorOutcome(e: unknown): Outcome {
  if (e instanceof Error || (typeof e === 'object' && e !== null)) {
    const err = e as { constructor?: { name?: string }; name?: unknown; message?: unknown; payload?: unknown };
    const name = (typeof err.constructor?.name === 'string' && err.constructor.name !== 'Object' ? err.constructor.name : undefined)
      ?? (typeof err.name === 'string' ? err.name : 'Error');
    const hasPayload = Object.prototype.hasOwnProperty.call(e, 'payload');
    return { kind: 'error', name, message: String(err.message ?? ''), payload: hasPayload ? err.payload : undefined, hasPayload };
  }
  return { kind: 'error', name: `thrown ${typeof e}`, message: String(e), hasPayload: false };
}

/** Undefined if equal, else a description of the first difference. */
export function diffOutcomes(a: Outcome, b: Outcome, nameA: string, nameB: string): string | undefined {
  if (a.kind === 'value' && b.kind === 'value') {
    const d = diffValues(a.value, b.value, '');
    return d === undefined ? undefined : `values differ at ${d.path || '(top)'}: ${nameA} ${show(d.a)} vs ${nameB} ${show(d.b)}`;
  }
  if (a.kind === 'error' && b.kind === 'error') {
    if (a.name !== b.name) return `error classes differ: ${nameA} ${a.name} (${a.message}) vs ${nameB} ${b.name} (${b.message})`;
    if (a.name === 'ComponentError' || a.hasPayload || b.hasPayload) {
      const d = diffValues(a.payload, b.payload, '.payload');
      if (d !== undefined) return `error payloads differ at ${d.path}: ${nameA} ${show(d.a)} vs ${nameB} ${show(d.b)}`;
    }
    return undefined;
  }
  const [v, e, nv, ne] = a.kind === 'value' ? [a, b, nameA, nameB] : [b, a, nameB, nameA];
  const err = e as Extract<Outcome, { kind: 'error' }>;
  return `${nv} returned ${show((v as Extract<Outcome, { kind: 'value' }>).value)} but ${ne} threw ${err.name}: ${err.message}`;
}

interface Diff { readonly path: string; readonly a: unknown; readonly b: unknown }

export function diffValues(a: unknown, b: unknown, path: string): Diff | undefined {
  if (typeof a !== typeof b) return { path, a, b };
  if (typeof a === 'number') return Object.is(a, b) ? undefined : { path, a, b };
  if (typeof a !== 'object' || a === null || b === null) return a === b ? undefined : { path, a, b };
  const ao = a as object;
  const bo = b as object;
  if (ArrayBuffer.isView(ao) || ArrayBuffer.isView(bo)) {
    if (!ArrayBuffer.isView(ao) || !ArrayBuffer.isView(bo) || ao.constructor !== bo.constructor) return { path, a, b };
    const ab = new Uint8Array(ao.buffer, ao.byteOffset, ao.byteLength);
    const bb = new Uint8Array(bo.buffer, bo.byteOffset, bo.byteLength);
    if (ab.length !== bb.length) return { path: `${path}.length`, a: ab.length, b: bb.length };
    for (let i = 0; i < ab.length; i++) if (ab[i] !== bb[i]) return { path: `${path} byte ${i}`, a, b };
    return undefined;
  }
  if (Array.isArray(ao) !== Array.isArray(bo)) return { path, a, b };
  if (Array.isArray(ao)) {
    const bl = bo as unknown[];
    if (ao.length !== bl.length) return { path: `${path}.length`, a: ao.length, b: bl.length };
    for (let i = 0; i < ao.length; i++) {
      if ((i in ao) !== (i in bl)) return { path: `${path}[${i}]`, a: ao[i], b: bl[i] };
      const d = diffValues(ao[i], bl[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  const ak = Object.keys(ao).sort();
  const bk = Object.keys(bo).sort();
  if (ak.join('\0') !== bk.join('\0')) return { path: `${path} keys`, a: ak, b: bk };
  for (const k of ak) {
    const d = diffValues((ao as Record<string, unknown>)[k], (bo as Record<string, unknown>)[k], `${path}.${k}`);
    if (d) return d;
  }
  return undefined;
}

/** A compact, unambiguous rendering (bigint with n, -0, typed arrays with their kind). */
export function show(v: unknown, limit = 400): string {
  const s = render(v, 0);
  return s.length > limit ? `${s.slice(0, limit)}…(${s.length} chars)` : s;
}

function render(v: unknown, depth: number): string {
  if (depth > 12) return '…';
  switch (typeof v) {
    case 'undefined': return 'undefined';
    case 'bigint': return `${v}n`;
    case 'number': return Object.is(v, -0) ? '-0' : String(v);
    case 'string': return v.length > 80 ? `${JSON.stringify(v.slice(0, 80))}…(length ${v.length})` : escapeString(v);
    case 'symbol': return v.toString();
    case 'function': return `[function ${v.name}]`;
    case 'boolean': return String(v);
    default: break;
  }
  if (v === null) return 'null';
  if (ArrayBuffer.isView(v)) {
    const all = v as unknown as ArrayLike<unknown>;
    const items = Array.from({ length: Math.min(all.length, 64) }, (_, i) => render(all[i], depth + 1));
    if (all.length > 64) items.push(`…(${all.length} elements)`);
    const bits = (v instanceof Float32Array || v instanceof Float64Array) && v.byteLength <= 48
      ? ` bits ${Array.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength), (x) => x.toString(16).padStart(2, '0')).join('')}`
      : '';
    return `${v.constructor.name}[${items.join(', ')}]${bits}`;
  }
  if (Array.isArray(v)) {
    const items = v.slice(0, 64).map((x) => render(x, depth + 1));
    if (v.length > 64) items.push(`…(${v.length} elements)`);
    return `[${items.join(', ')}]`;
  }
  if (v instanceof Error) return `${v.constructor.name}(${JSON.stringify(v.message)})`;
  const entries = Object.entries(v as object).map(([k, x]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${render(x, depth + 1)}`);
  return `{${entries.join(', ')}}`;
}

/** JSON string syntax, but lone surrogates stay visible as \uXXXX escapes. */
function escapeString(s: string): string {
  return JSON.stringify(s).replace(/[\ud800-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/** A deep copy (typed arrays copied bit-exactly, as the same view of a copied buffer; symbols and functions shared). */
export function cloneValue<T>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  if (ArrayBuffer.isView(v)) {
    // The same view (offset and length) of a copy of the whole buffer.
    const C = v.constructor as new (b: ArrayBufferLike, offset: number, length: number) => T;
    const per = (v as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
    return new C(v.buffer.slice(0), v.byteOffset, v.byteLength / per);
  }
  if (Array.isArray(v)) return v.map(cloneValue) as T;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as object)) out[k] = cloneValue(x);
  return out as T;
}
