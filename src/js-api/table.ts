// WebAssembly.Table. Spec: WebAssembly JS API §"Tables": the descriptor ({ element, address,
// initial, maximum } read in that order), the initial value (DefaultValue when missing:
// undefined for externref tables, null for funcref ones), get/set/grow and `length`, with
// indices and sizes as AddressValues (Numbers for 32-bit tables, BigInts for 64-bit ones).

import { RuntimeError } from '../core/errors.js';
import { MAX_TABLE_ELEMENTS, TableInstance } from '../core/exec/runtime/table.js';
import { EXTERNREF, FUNCREF, type ValType } from '../core/types.js';
import { defaultRef, isOpaqueType, refToJS, toRef } from './values.js';
import { addressValueToU64, brand, defineInterface, dictionary, isObject, readAddressType, toStringIDL, u64AsNumber, u64ToAddressValue, type AddressType } from './webidl.js';

const objects = new WeakMap<TableInstance, Table>();
const slots = new WeakMap<object, TableInstance>();

export interface TableDescriptor { element: string; initial: number | bigint; maximum?: number | bigint; address?: AddressType }

/** The TableKind enumeration ("anyfunc", "externref"; "funcref" too, as type reflection spells it). */
export function tableKindFromString(v: unknown): ValType {
  const s = toStringIDL(v);
  switch (s) {
    case 'anyfunc': case 'funcref': return FUNCREF;
    case 'externref': return EXTERNREF;
  }
  throw new TypeError(`WebAssembly.Table: "${s}" is not a table element type`);
}

const addrOf = (t: TableInstance): AddressType => (t.type.limits.is64 ? 'i64' : 'i32');

/** DefaultValue of a table's element type, or a TypeError where it has none (non-nullable). */
function defaultElement(t: ValType): unknown {
  const d = defaultRef(t);
  if (!d.ok) throw new TypeError('WebAssembly.Table: the element type has no default value; pass a value');
  return d.ref;
}

export class Table {
  constructor(descriptor: TableDescriptor, value?: unknown) {
    const d = dictionary(descriptor, 'WebAssembly.Table: the descriptor');
    const element = d.element;
    if (element === undefined) throw new TypeError('WebAssembly.Table: the descriptor needs "element"');
    const elem = tableKindFromString(element);
    const addrtype = readAddressType(d, 'WebAssembly.Table');
    const initialValue = d.initial;
    if (initialValue === undefined) throw new TypeError('WebAssembly.Table: the descriptor needs "initial"');
    const initial = u64AsNumber(addressValueToU64(initialValue, addrtype, 'WebAssembly.Table: "initial"'));
    const maximumValue = d.maximum;
    const maximum = maximumValue === undefined ? undefined : u64AsNumber(addressValueToU64(maximumValue, addrtype, 'WebAssembly.Table: "maximum"'));
    if (maximum !== undefined && maximum < initial) throw new RangeError('WebAssembly.Table: "maximum" is less than "initial"');
    const init = arguments.length < 2 ? defaultElement(elem) : toRef(elem, value);
    if (initial > MAX_TABLE_ELEMENTS) throw new RangeError(`WebAssembly.Table: cannot allocate ${initial} elements (the limit is ${MAX_TABLE_ELEMENTS})`);
    let t: TableInstance;
    try {
      t = new TableInstance({ elem, limits: { min: initial, max: maximum === undefined ? undefined : Math.min(maximum, 2 ** 53), is64: addrtype === 'i64', shared: false } }, init);
      // (TableInstance's `init` parameter defaults to null, so an undefined externref is filled here.)
      if (init === undefined) t.elements.fill(undefined);
    } catch (e) {
      if (e instanceof RuntimeError) throw new RangeError(`WebAssembly.Table: ${e.message}`);
      throw e;
    }
    bind(this, t);
  }

  get length(): number | bigint {
    const t = brand(slots, this, 'WebAssembly.Table.prototype.length: not a WebAssembly.Table');
    return u64ToAddressValue(t.size, addrOf(t));
  }

  get(index: number | bigint): unknown {
    const t = brand(slots, this, 'WebAssembly.Table.prototype.get: not a WebAssembly.Table');
    if (isOpaqueType(t.type.elem)) throw new TypeError('WebAssembly.Table.prototype.get: exnref tables cannot be read from JavaScript');
    const i = u64AsNumber(addressValueToU64(index, addrOf(t), 'WebAssembly.Table.prototype.get: index'));
    if (i >= t.size) throw new RangeError(`WebAssembly.Table.prototype.get: index ${i} out of bounds (length ${t.size})`);
    return refToJS(t.elements[i]);
  }

  set(index: number | bigint, value?: unknown): void {
    const t = brand(slots, this, 'WebAssembly.Table.prototype.set: not a WebAssembly.Table');
    const elem = t.type.elem;
    if (isOpaqueType(elem)) throw new TypeError('WebAssembly.Table.prototype.set: exnref tables cannot be written from JavaScript');
    const i = u64AsNumber(addressValueToU64(index, addrOf(t), 'WebAssembly.Table.prototype.set: index'));
    const ref = arguments.length < 2 ? defaultElement(elem) : toRef(elem, value, t.typeCtx);
    if (i >= t.size) throw new RangeError(`WebAssembly.Table.prototype.set: index ${i} out of bounds (length ${t.size})`);
    t.elements[i] = ref;
  }

  grow(delta: number | bigint, value?: unknown): number | bigint {
    const t = brand(slots, this, 'WebAssembly.Table.prototype.grow: not a WebAssembly.Table');
    const addrtype = addrOf(t);
    const d = u64AsNumber(addressValueToU64(delta, addrtype, 'WebAssembly.Table.prototype.grow: delta'));
    const elem = t.type.elem;
    const ref = arguments.length < 2 ? defaultElement(elem) : toRef(elem, value, t.typeCtx);
    const old = d === Infinity ? -1 : t.grow(d, ref);
    if (old < 0) throw new RangeError('WebAssembly.Table.prototype.grow: cannot grow the table by that much');
    return u64ToAddressValue(old, addrtype);
  }
}
defineInterface(Table, { name: 'Table', length: 1, operations: [['grow', 1], ['get', 1], ['set', 1]], attributes: ['length'] });

function bind(w: Table, t: TableInstance): void {
  slots.set(w, t);
  objects.set(t, w);
}

export function tableInstanceOf(v: unknown): TableInstance | undefined {
  return isObject(v) ? slots.get(v) : undefined;
}

/** The Table object of a table instance (the same object every time). */
export function tableObject(t: TableInstance): Table {
  let w = objects.get(t);
  if (!w) {
    w = Object.create(Table.prototype) as Table;
    bind(w, t);
  }
  return w;
}
