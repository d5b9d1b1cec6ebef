// The lifting and lowering context. Spec: component-model design/mvp/CanonicalABI.md §"Lifting
// and Lowering Context" (definitions.py `LiftLowerContext`: `opts`, `inst`, `borrow_scope`,
// `reallocate`, `allocate`).
//
// Besides the spec's fields the context holds the current views of the memory (refreshed after
// every call into the guest, since realloc may grow the memory), the cursor over the flat core
// values being lifted, and the string-source log of component-to-component calls (see string.ts).

import type { ComponentInstance } from './instance.js';
import type { CanonOptions, CoreValue, PtrType, StringEncoding } from './options.js';
import type { StringSourceLog } from './string.js';
import { ptrTypeOf } from './options.js';
import type { Subtask, Task } from './task.js';
import { setCurrentThread } from './thread.js';
import { trap, TRAP } from './trap.js';

const EMPTY = new Uint8Array(0);
const EMPTY_VIEW = new DataView(EMPTY.buffer);

export class LiftLowerContext {
  readonly ptrType: PtrType;
  readonly encoding: StringEncoding;
  /** The memory's current bytes and view (see `refresh`). */
  bytes: Uint8Array = EMPTY;
  view: DataView = EMPTY_VIEW;
  /** Flat core values being lifted and the index of the next one (definitions.py `CoreValueIter`). */
  flat: readonly CoreValue[] = [];
  fi = 0;
  /**
   * Source encodings of strings crossing a component-to-component call: the lifting side appends
   * (encoding, tagged code units) per string, the lowering side reads them in the same order.
   */
  srcLog: StringSourceLog | null = null;

  constructor(
    readonly opts: CanonOptions,
    readonly inst: ComponentInstance,
    readonly borrowScope: Task | Subtask | undefined,
  ) {
    this.ptrType = ptrTypeOf(opts);
    this.encoding = opts.stringEncoding;
    this.refresh();
  }

  /** Re-reads the memory's views (after a call into the guest). */
  refresh(): void {
    const m = this.opts.memory;
    if (m !== undefined) {
      this.bytes = m.bytes();
      this.view = m.view();
    }
  }

  /** definitions.py `LiftLowerContext.reallocate`: returns the new pointer (unchecked). */
  reallocate(old: number, oldByteLength: number, alignment: number, newByteLength: number): number {
    const realloc = this.opts.realloc;
    if (realloc === undefined) trap(TRAP.missingOption('realloc'));
    const inst = this.inst;
    inst.mayLeave = false;
    // definitions.py calls realloc through `canon_lift`: a fresh task and thread (see thread.ts)
    const prev = setCurrentThread(null);
    let r: CoreValue | undefined;
    try {
      if (this.ptrType === 'i32') {
        r = realloc([old | 0, oldByteLength | 0, alignment | 0, newByteLength | 0])[0];
      } else {
        r = realloc([BigInt(old), BigInt(oldByteLength), BigInt(alignment), BigInt(newByteLength)])[0];
      }
    } finally {
      setCurrentThread(prev);
    }
    inst.mayLeave = true;
    this.refresh();
    if (typeof r === 'bigint') return Number(BigInt.asUintN(64, r));
    return (r ?? 0) >>> 0;
  }

  /** definitions.py `LiftLowerContext.allocate`. */
  allocate(alignment: number, byteLength: number): number {
    return this.reallocate(0, 0, alignment, byteLength);
  }

  /** Next flat value as an unsigned pointer/length of the memory's pointer type. */
  nextPtr(): number {
    const v = this.flat[this.fi++];
    if (typeof v === 'bigint') return Number(BigInt.asUintN(64, v));
    return (v ?? 0) >>> 0;
  }
}
