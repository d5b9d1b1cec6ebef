// WebAssembly.Table. Spec: WebAssembly JS API §"Tables": element "anyfunc"/"funcref" or
// "externref", get/set/grow/length, initial value.

import { TableInstance } from '../core/exec/runtime/table.js';
import { EXTERNREF, FUNCREF, type ValType } from '../core/types.js';
import { descriptorLimits, enforceRange } from './descriptors.js';
import { defaultValue, refToJS, toRef } from './values.js';

const wrappers = new WeakMap<TableInstance, Table>();
const internals = new WeakMap<object, TableInstance>();

export interface TableDescriptor { element: string; initial: number; maximum?: number }

export function refTypeFromString(s: unknown): ValType {
  switch (String(s)) {
    case 'anyfunc': case 'funcref': return FUNCREF;
    case 'externref': return EXTERNREF;
  }
  throw new TypeError(`unknown table element type ${String(s)}`);
}

export class Table {
  constructor(descriptor: TableDescriptor, value?: unknown) {
    if (!new.target) throw new TypeError('calling a builtin Table constructor without new is forbidden');
    const elem = refTypeFromString(descriptor?.element);
    const { min, max } = descriptorLimits(descriptor, 10_000_000);
    const init = arguments.length < 2 || value === undefined ? toRef(elem, defaultValue(elem) ?? null) : toRef(elem, value);
    bind(this, new TableInstance({ elem, limits: { min, max, is64: false, shared: false } }, init));
  }

  get length(): number {
    return tableInstanceOf(this).size;
  }

  get(index: number): unknown {
    const t = tableInstanceOf(this);
    const i = enforceRange(index, 'index');
    if (i >= t.size) throw new RangeError('Table.get: index out of bounds');
    return refToJS(t.elements[i]);
  }

  set(index: number, value?: unknown): void {
    const t = tableInstanceOf(this);
    const i = enforceRange(index, 'index');
    if (i >= t.size) throw new RangeError('Table.set: index out of bounds');
    t.elements[i] = arguments.length < 2 ? toRef(t.type.elem, defaultValue(t.type.elem) ?? null) : toRef(t.type.elem, value);
  }

  grow(delta: number, value?: unknown): number {
    const t = tableInstanceOf(this);
    const d = enforceRange(delta, 'delta');
    const init = arguments.length < 2 ? toRef(t.type.elem, defaultValue(t.type.elem) ?? null) : toRef(t.type.elem, value);
    const old = t.grow(d, init);
    if (old < 0) throw new RangeError('Table.grow: cannot grow past the maximum');
    return old;
  }
}
Object.defineProperty(Table.prototype, Symbol.toStringTag, { value: 'WebAssembly.Table', configurable: true });

function bind(w: Table, t: TableInstance): void {
  internals.set(w, t);
  wrappers.set(t, w);
}

export function tableInstanceOf(v: unknown): TableInstance {
  const t = typeof v === 'object' && v !== null ? internals.get(v) : undefined;
  if (!t) throw new TypeError('not a WebAssembly.Table');
  return t;
}

export function isTable(v: unknown): boolean {
  return typeof v === 'object' && v !== null && internals.has(v);
}

export function tableObject(t: TableInstance): Table {
  let w = wrappers.get(t);
  if (!w) {
    w = Object.create(Table.prototype) as Table;
    bind(w, t);
  }
  return w;
}
