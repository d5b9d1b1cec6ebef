// Table instances. Spec: WebAssembly Core 3.0 §4.2.7 "Table Instances" and §4.5.3.8 "Growing
// tables". Elements are references: null, a FuncInstance, or a host (extern) value.

import { RuntimeError } from '../../errors.js';
import type { TableType } from '../../types.js';
import type { TypeCtx } from './type-ids.js';

export const MAX_TABLE_ELEMENTS = 10_000_000;

export class TableInstance {
  readonly type: TableType;
  elements: unknown[];
  /** The type context its element type's indices refer to (absent: names no defined type). */
  readonly typeCtx: TypeCtx | undefined;
  /** An embedder's cap on the number of elements (limits.ts `maxTableElements`). */
  readonly capElements: number;
  /** Counts growth the cap refused (limits.ts LimitStats). */
  readonly capStats: { tableGrowDenied: number } | undefined;

  constructor(type: TableType, init: unknown, typeCtx?: TypeCtx, capElements = Infinity, capStats?: { tableGrowDenied: number }) {
    this.type = type;
    this.typeCtx = typeCtx;
    this.capElements = capElements;
    this.capStats = capStats;
    if (type.limits.min > capElements) {
      throw new RuntimeError(`table limit exceeded: the table needs ${type.limits.min} elements, the limit is ${capElements}`);
    }
    if (type.limits.min > MAX_TABLE_ELEMENTS) {
      throw new RuntimeError(`cannot allocate a table of ${type.limits.min} elements: above the implementation limit`);
    }
    this.elements = new Array<unknown>(type.limits.min).fill(init);
  }

  get size(): number {
    return this.elements.length;
  }

  /** table.grow: returns the old size, or -1 if it cannot grow. */
  grow(delta: number, init: unknown): number {
    const old = this.elements.length;
    const max = this.type.limits.max ?? 0xffffffff;
    if (old + delta > this.capElements && old + delta <= max) {
      if (this.capStats !== undefined) this.capStats.tableGrowDenied++;
      return -1;
    }
    if (old + delta > max || old + delta > MAX_TABLE_ELEMENTS) return -1;
    for (let i = 0; i < delta; i++) this.elements.push(init);
    return old;
  }
}
