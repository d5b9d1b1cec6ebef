// Global instances. Spec: WebAssembly Core 3.0 §4.2.9 "Global Instances". The value lives in 8
// raw bytes (i32, i64 as two halves, f32/f64 as bits) or, for references, in `ref`.

import { isRef, type GlobalType } from '../../types.js';
import type { TypeCtx } from './type-ids.js';

export class GlobalInstance {
  readonly type: GlobalType;
  readonly bits = new Int32Array(2);
  readonly f32 = new Float32Array(this.bits.buffer, 0, 1);
  readonly f64 = new Float64Array(this.bits.buffer);
  ref: unknown = null;
  /** The type context its type's indices refer to (absent: the type names no defined type). */
  readonly typeCtx: TypeCtx | undefined;

  constructor(type: GlobalType, typeCtx?: TypeCtx) {
    this.type = type;
    this.typeCtx = typeCtx;
  }

  get isRef(): boolean {
    return isRef(this.type.type);
  }
}
