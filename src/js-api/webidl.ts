// The parts of Web IDL the JS API is defined with. Spec: Web IDL §3.2 "JavaScript type mapping"
// (ToNumber/ToString/ToBoolean, [EnforceRange] unsigned long, dictionaries, enumerations,
// sequences), §3.7 "Interfaces" (interface objects, operations and attributes: enumerable
// methods and accessors, `length`, @@toStringTag) and §3.13 "Namespaces"; plus the JS API's
// AddressValueToU64 / U64ToAddressValue (§"Memories", §"Tables").

/** Web IDL's "is an Object": objects and functions. */
export function isObject(v: unknown): v is object {
  return (typeof v === 'object' && v !== null) || typeof v === 'function';
}

/** ECMAScript ToNumber (a TypeError for BigInts and Symbols, as `+` throws). */
export function toNumber(v: unknown): number {
  return +(v as number);
}

/** ECMAScript ToString (a TypeError for Symbols, unlike `String(v)`). */
export function toStringIDL(v: unknown): string {
  return `${v as string}`;
}

/** ECMAScript ToBigInt (TypeError for numbers, undefined, null and Symbols; SyntaxError for bad strings). */
export function toBigInt(v: unknown): bigint {
  // BigInt.asIntN performs exactly ToBigInt on its second argument; with the largest width it
  // returns the value unchanged.
  return BigInt.asIntN(2 ** 53 - 1, v as bigint);
}

/** Web IDL [EnforceRange] unsigned long. */
export function enforceRangeU32(v: unknown, what: string): number {
  const x = toNumber(v);
  if (!Number.isFinite(x)) throw new TypeError(`${what} must be a finite number`);
  const i = Math.trunc(x) + 0;
  if (i < 0 || i > 0xffffffff) throw new TypeError(`${what} is out of the range of an unsigned long`);
  return i;
}

export type AddressType = 'i32' | 'i64';

/** JS API AddressValueToU64: [EnforceRange] unsigned long for "i32", a BigInt in [0, 2^64) for "i64". */
export function addressValueToU64(v: unknown, addrtype: AddressType, what: string): bigint | number {
  if (addrtype === 'i32') return enforceRangeU32(v, what);
  const n = toBigInt(v);
  if (n < 0n || n > 0xffff_ffff_ffff_ffffn) throw new TypeError(`${what} is out of the range of a u64`);
  return n;
}

/** JS API U64ToAddressValue: a Number for "i32", a BigInt for "i64". */
export function u64ToAddressValue(v: number, addrtype: AddressType): number | bigint {
  return addrtype === 'i64' ? BigInt(v) : v;
}

/** A u64 from addressValueToU64 as a Number, or Infinity when it cannot be one exactly. */
export function u64AsNumber(v: bigint | number): number {
  if (typeof v === 'number') return v;
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : Infinity;
}

/** Reads an `AddressType` dictionary member (undefined when absent). */
export function readAddressType(d: Record<string, unknown>, what: string): AddressType {
  const a = d.address;
  if (a === undefined) return 'i32';
  const s = toStringIDL(a);
  if (s !== 'i32' && s !== 'i64') throw new TypeError(`${what}: "${s}" is not a valid address type`);
  return s;
}

/** A dictionary argument: undefined and null read as an empty dictionary; other non-objects are a TypeError. */
export function dictionary(v: unknown, what: string): Record<string, unknown> {
  if (v === undefined || v === null) return {};
  if (!isObject(v)) throw new TypeError(`${what} must be an object`);
  return v as Record<string, unknown>;
}

/** A sequence<T> argument, converted with Web IDL's iteration (GetMethod @@iterator, then iterate). */
export function sequence(v: unknown, what: string): unknown[] {
  if (!isObject(v)) throw new TypeError(`${what} must be an iterable object`);
  const method = (v as { [Symbol.iterator]?: unknown })[Symbol.iterator];
  if (typeof method !== 'function') throw new TypeError(`${what} must be iterable`);
  return [...{ [Symbol.iterator]: () => Reflect.apply(method, v, []) as Iterator<unknown> }];
}

interface InterfaceShape {
  /** The interface's name (set explicitly: bundlers may rename classes). */
  name: string;
  /** The interface object's `length` (number of required constructor arguments). */
  length: number;
  /** Regular operations: [name, length]. */
  operations?: readonly (readonly [string, number])[];
  /** Static operations: [name, length]. */
  statics?: readonly (readonly [string, number])[];
  /** Attributes (getters, and setters if mutable), made enumerable. */
  attributes?: readonly string[];
}

/**
 * Shapes a class as a Web IDL interface object of the WebAssembly namespace: operations and
 * attributes enumerable, operation lengths as declared, the constructor's length, and the
 * prototype's @@toStringTag "WebAssembly.<Name>".
 */
export function defineInterface(cls: Function, shape: InterfaceShape): void {
  Object.defineProperty(cls, 'name', { value: shape.name });
  Object.defineProperty(cls, 'length', { value: shape.length });
  const proto = cls.prototype as object;
  const fix = (target: object, name: string, length?: number): void => {
    const d = Object.getOwnPropertyDescriptor(target, name);
    if (!d) throw new Error(`internal: ${cls.name} has no member ${name}`);
    d.enumerable = true;
    Object.defineProperty(target, name, d);
    if (length !== undefined) Object.defineProperty(d.value as Function, 'length', { value: length });
  };
  for (const [name, len] of shape.operations ?? []) fix(proto, name, len);
  for (const [name, len] of shape.statics ?? []) fix(cls, name, len);
  for (const name of shape.attributes ?? []) fix(proto, name);
  Object.defineProperty(proto, Symbol.toStringTag, { value: `WebAssembly.${shape.name}`, writable: false, enumerable: false, configurable: true });
}

/** Sets an operation's `name` and `length` (as Web IDL declares them; bundlers may rename functions). */
export function operation<F extends Function>(name: string, length: number, f: F): F {
  Object.defineProperty(f, 'name', { value: name });
  Object.defineProperty(f, 'length', { value: length });
  return f;
}

/**
 * The brand check of platform objects: the internal record of `v` in `slots`, or a TypeError
 * (a wrong `this`, or an argument that is not the interface's object).
 */
export function brand<T>(slots: WeakMap<object, T>, v: unknown, what: string): T {
  const s = isObject(v) ? slots.get(v) : undefined;
  if (s === undefined) throw new TypeError(`${what}`);
  return s;
}
