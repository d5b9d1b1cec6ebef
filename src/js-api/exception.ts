// WebAssembly.Tag, WebAssembly.Exception and WebAssembly.JSTag. Spec: WebAssembly JS API
// §"Tags" (new Tag({ parameters })), §"Exceptions" (new Exception(tag, payload, options),
// getArg, is, stack) and §"The JavaScript exception tag": a JS value thrown into wasm is an
// exception with the JS tag and the value as its externref payload (so `catch $JSTag` catches
// it, as `catch_all` does), and such an exception leaving wasm is the original value again; any
// other wasm exception reaching JS is an Exception object (the same object every time).

import { WasmException } from '../core/exec/runtime/exception.js';
import { TagInstance } from '../core/exec/runtime/instance.js';
import { funcTypeId } from '../core/exec/runtime/type-ids.js';
import { EXTERNREF, type FuncType } from '../core/types.js';
import { valueTypeFromString } from './global.js';
import { readValue, toWasm, writeRaw, type Slots } from './values.js';
import { brand, defineInterface, dictionary, enforceRangeU32, sequence } from './webidl.js';

const tagSlots = new WeakMap<object, TagInstance>();
const tagObjects = new WeakMap<TagInstance, Tag>();
const exnSlots = new WeakMap<object, { ex: WasmException; stack: string | undefined }>();
const exnObjects = new WeakMap<WasmException, Exception>();

const JS_TAG_TYPE: FuncType = { kind: 'func', params: [EXTERNREF], results: [] };
/** The JavaScript exception tag: (param externref). */
export const JS_TAG = new TagInstance(JS_TAG_TYPE, funcTypeId(JS_TAG_TYPE));

export class Tag {
  constructor(type: { parameters: Iterable<string> }) {
    const d = dictionary(type, 'WebAssembly.Tag: the tag type');
    if (d.parameters === undefined) throw new TypeError('WebAssembly.Tag: "parameters" is required');
    const params = sequence(d.parameters, 'WebAssembly.Tag: "parameters"').map((p) => valueTypeFromString(p, 'WebAssembly.Tag'));
    const ft: FuncType = { kind: 'func', params, results: [] };
    bindTag(this, new TagInstance(ft, funcTypeId(ft)));
  }
}
defineInterface(Tag, { name: 'Tag', length: 1 });

function bindTag(w: Tag, t: TagInstance): void {
  tagSlots.set(w, t);
  tagObjects.set(t, w);
}

export function tagInstanceOf(v: unknown): TagInstance | undefined {
  return typeof v === 'object' && v !== null ? tagSlots.get(v) : undefined;
}

/** The Tag object of a tag instance (the same object every time). */
export function tagObject(t: TagInstance): Tag {
  let w = tagObjects.get(t);
  if (!w) {
    w = Object.create(Tag.prototype) as Tag;
    bindTag(w, t);
  }
  return w;
}

/** Slots over an exception's payload. */
function payloadSlots(ex: WasmException): Slots {
  const b = ex.bits;
  return { i32: b, f32: new Float32Array(b.buffer, b.byteOffset, b.length), f64: new Float64Array(b.buffer, b.byteOffset, b.length >> 1), refs: ex.refs };
}

export class Exception {
  constructor(exceptionTag: Tag, payload: Iterable<unknown>, options?: { traceStack?: boolean }) {
    const t = brand(tagSlots, exceptionTag, 'WebAssembly.Exception: the first argument must be a WebAssembly.Tag');
    const values = sequence(payload, 'WebAssembly.Exception: the payload');
    const traceStack = Boolean(dictionary(options, 'WebAssembly.Exception: options').traceStack);
    if (t === JS_TAG) throw new TypeError('WebAssembly.Exception: cannot construct an exception with WebAssembly.JSTag');
    const ps = t.type.params;
    if (values.length !== ps.length) throw new TypeError(`WebAssembly.Exception: the tag takes ${ps.length} payload values, got ${values.length}`);
    const raw = ps.map((p, i) => toWasm(p, values[i]));
    const ex = new WasmException(t, new Int32Array(Math.max(1, ps.length) * 2), new Array<unknown>(ps.length).fill(null));
    const slots = payloadSlots(ex);
    ps.forEach((p, i) => writeRaw(slots, i, p, raw[i]));
    const stack = traceStack ? new Error().stack?.replace(/^Error\n?/, '') : undefined;
    exnSlots.set(this, { ex, stack });
    exnObjects.set(ex, this);
  }

  getArg(exceptionTag: Tag, index: number): unknown {
    const { ex } = brand(exnSlots, this, 'WebAssembly.Exception.prototype.getArg: not a WebAssembly.Exception');
    const t = brand(tagSlots, exceptionTag, 'WebAssembly.Exception.prototype.getArg: the first argument must be a WebAssembly.Tag');
    const i = enforceRangeU32(index, 'WebAssembly.Exception.prototype.getArg: index');
    if (ex.tag !== t) throw new TypeError('WebAssembly.Exception.prototype.getArg: the tag does not match the exception');
    const ps = t.type.params;
    if (i >= ps.length) throw new RangeError(`WebAssembly.Exception.prototype.getArg: index ${i} out of range`);
    return readValue(payloadSlots(ex), i, ps[i]!);
  }

  is(exceptionTag: Tag): boolean {
    const { ex } = brand(exnSlots, this, 'WebAssembly.Exception.prototype.is: not a WebAssembly.Exception');
    const t = brand(tagSlots, exceptionTag, 'WebAssembly.Exception.prototype.is: the argument must be a WebAssembly.Tag');
    return ex.tag === t;
  }

  get stack(): string | undefined {
    return brand(exnSlots, this, 'WebAssembly.Exception.prototype.stack: not a WebAssembly.Exception').stack;
  }
}
defineInterface(Exception, { name: 'Exception', length: 2, operations: [['getArg', 2], ['is', 1]], attributes: ['stack'] });

/** A JS value thrown by a host function, as a wasm exception. */
export function toWasmException(e: unknown): WasmException {
  if (e instanceof WasmException) return e;
  const own = typeof e === 'object' && e !== null ? exnSlots.get(e) : undefined;
  if (own) return own.ex;
  return new WasmException(JS_TAG, new Int32Array(2), [e]);
}

/** A wasm exception reaching JS: the JS value it carries (JS tag), or an Exception object. */
export function fromWasmException(ex: WasmException): unknown {
  if (ex.tag === JS_TAG) return ex.refs[0];
  if (ex.tag === null) return ex.foreign;
  return exceptionObject(ex);
}

/** The WasmException behind an Exception object, if v is one. */
export function exceptionOf(v: unknown): WasmException | undefined {
  return typeof v === 'object' && v !== null ? exnSlots.get(v)?.ex : undefined;
}

/** The Exception object of a wasm exception (the same object every time; JS-tag ones too). */
export function exceptionObject(ex: WasmException): Exception {
  let w = exnObjects.get(ex);
  if (!w) {
    w = Object.create(Exception.prototype) as Exception;
    exnSlots.set(w, { ex, stack: undefined });
    exnObjects.set(ex, w);
  }
  return w;
}

/** The getter of WebAssembly.JSTag. */
export function jsTagObject(): Tag {
  return tagObject(JS_TAG);
}
