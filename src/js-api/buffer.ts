// BufferSource handling. Spec: WebAssembly JS API "get a copy of the buffer source" (Web IDL
// §"AllowSharedBufferSource", [AllowResizable]): an ArrayBuffer or SharedArrayBuffer (fixed or
// resizable/growable), or any ArrayBufferView over one, with its byteOffset and byteLength;
// the bytes are copied, so later writes to the source do not affect the module. A detached
// buffer reads as empty. Brand checks use the built-in getters, so buffers and views from
// another realm are accepted too.

const getter = (proto: object, name: string): ((this: unknown) => unknown) | undefined =>
  Object.getOwnPropertyDescriptor(proto, name)?.get as ((this: unknown) => unknown) | undefined;

const abByteLength = getter(ArrayBuffer.prototype, 'byteLength')!;
const sabByteLength = typeof SharedArrayBuffer === 'function' ? getter(SharedArrayBuffer.prototype, 'byteLength') : undefined;
const typedArrayProto = Object.getPrototypeOf(Uint8Array.prototype) as object;
const taBuffer = getter(typedArrayProto, 'buffer')!;
const taByteOffset = getter(typedArrayProto, 'byteOffset')!;
const taByteLength = getter(typedArrayProto, 'byteLength')!;
const dvBuffer = getter(DataView.prototype, 'buffer')!;
const dvByteOffset = getter(DataView.prototype, 'byteOffset')!;
const dvByteLength = getter(DataView.prototype, 'byteLength')!;

function tryGet(g: ((this: unknown) => unknown) | undefined, v: unknown): number | undefined {
  if (!g) return undefined;
  try {
    return g.call(v) as number;
  } catch {
    return undefined;
  }
}

/** The byte length of v if it is an ArrayBuffer or SharedArrayBuffer (0 when detached), else undefined. */
function bufferByteLength(v: unknown): number | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  return tryGet(abByteLength, v) ?? tryGet(sabByteLength, v);
}

/** The (buffer, offset, length) a BufferSource designates, or undefined if v is not one. */
function bufferSourceRange(v: unknown): { buffer: ArrayBufferLike; offset: number; length: number } | undefined {
  const n = bufferByteLength(v);
  if (n !== undefined) return { buffer: v as ArrayBufferLike, offset: 0, length: n };
  if (!ArrayBuffer.isView(v)) return undefined;
  // A typed array, or a DataView (a view on a detached buffer reads as empty).
  const ta = tryGet(taByteLength, v);
  if (ta !== undefined) return { buffer: taBuffer.call(v) as ArrayBufferLike, offset: tryGet(taByteOffset, v) ?? 0, length: ta };
  const buffer = dvBuffer.call(v) as ArrayBufferLike;
  const length = tryGet(dvByteLength, v);
  if (length === undefined) return { buffer, offset: 0, length: 0 };
  return { buffer, offset: dvByteOffset.call(v) as number, length };
}

/** Whether v is a BufferSource (for overload resolution). */
export function isBufferSource(v: unknown): boolean {
  return bufferSourceRange(v) !== undefined;
}

/** The byte length of a BufferSource, without copying it. */
export function bufferSourceLength(source: unknown): number {
  const r = bufferSourceRange(source);
  if (!r) throw new TypeError('the first argument must be an ArrayBuffer or an ArrayBufferView');
  return r.length;
}

/** A copy of the bytes held by a BufferSource; a TypeError for anything else. */
export function copyBufferSource(source: unknown): Uint8Array {
  const r = bufferSourceRange(source);
  if (!r) throw new TypeError('the first argument must be an ArrayBuffer or an ArrayBufferView');
  const out = new Uint8Array(r.length);
  if (r.length > 0) out.set(new Uint8Array(r.buffer, r.offset, r.length));
  return out;
}

/**
 * The bytes of a BufferSource without copying, for validate(): it runs no user code and keeps
 * nothing, so the copy the JS API describes is unobservable there (a shared buffer, which another
 * agent could change meanwhile, is still copied).
 */
export function viewBufferSource(source: unknown): Uint8Array {
  const r = bufferSourceRange(source);
  if (!r) throw new TypeError('the first argument must be an ArrayBuffer or an ArrayBufferView');
  if (sabByteLength && tryGet(sabByteLength, r.buffer) !== undefined) return copyBufferSource(source);
  return new Uint8Array(r.buffer, r.offset, r.length);
}
