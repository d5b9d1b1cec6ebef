// BufferSource handling. Spec: WebAssembly JS API §"Modules" step "get a copy of the buffer
// source": an ArrayBuffer or any ArrayBufferView (with its byteOffset), copied.

export function copyBufferSource(source: unknown): Uint8Array {
  if (source instanceof ArrayBuffer || isSharedArrayBuffer(source)) return new Uint8Array((source as ArrayBuffer).slice(0));
  if (ArrayBuffer.isView(source)) {
    const v = source as ArrayBufferView;
    return new Uint8Array(v.buffer, v.byteOffset, v.byteLength).slice();
  }
  throw new TypeError('first argument must be an ArrayBuffer or typed array object');
}

function isSharedArrayBuffer(x: unknown): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && x instanceof SharedArrayBuffer;
}
