// Global instances. Spec: WebAssembly Core 3.0 §4.2.9 "Global Instances". The value lives in 8
// raw bytes (i32, i64 as two halves, f32/f64 as bits) or, for references, in `ref`.

import { isRef, type GlobalType } from '../../types.js';

export class GlobalInstance {
  readonly type: GlobalType;
  readonly bits = new Int32Array(2);
  readonly f32 = new Float32Array(this.bits.buffer, 0, 1);
  readonly f64 = new Float64Array(this.bits.buffer);
  ref: unknown = null;

  constructor(type: GlobalType) {
    this.type = type;
  }

  get isRef(): boolean {
    return isRef(this.type.type);
  }
}
