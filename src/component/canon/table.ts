// The per-instance table of handles. Spec: component-model design/mvp/CanonicalABI.md
// §"Table State" (definitions.py `Table`): element 0 is reserved, freed slots are reused
// most-recently-freed first, indices stay below 2^28.

import { trap, TRAP } from './trap.js';

export const TABLE_MAX_LENGTH = 2 ** 28 - 1;

export class Table<E> {
  private readonly array: (E | undefined)[] = [undefined];
  private readonly free: number[] = [];

  /** definitions.py `Table.get`: traps on an index that is out of bounds or free. */
  get(i: number): E {
    const e = i < this.array.length ? this.array[i] : undefined;
    if (e === undefined) trap(TRAP.unknownHandle(i));
    return e;
  }

  /** Like `get`, without trapping. */
  peek(i: number): E | undefined {
    return i < this.array.length ? this.array[i] : undefined;
  }

  /** definitions.py `Table.add`. */
  add(e: E): number {
    const f = this.free.pop();
    if (f !== undefined) {
      this.array[f] = e;
      return f;
    }
    const i = this.array.length;
    if (i > TABLE_MAX_LENGTH) trap(TRAP.tableFull);
    this.array.push(e);
    return i;
  }

  /** definitions.py `Table.remove`. */
  remove(i: number): E {
    const e = this.get(i);
    this.array[i] = undefined;
    this.free.push(i);
    return e;
  }

  /** The live elements (definitions.py `Table.__iter__`). */
  *[Symbol.iterator](): IterableIterator<E> {
    for (const e of this.array) if (e !== undefined) yield e;
  }
}
