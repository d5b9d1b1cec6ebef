// Reading the descriptor dictionaries of Memory/Table constructors. Spec: WebAssembly JS API
// §"Memories" / §"Tables" (initial, maximum; [EnforceRange] unsigned long).

export function enforceRange(v: unknown, what: string): number {
  const n = Number(v);
  if (!Number.isFinite(n)) throw new TypeError(`${what} must be a finite number`);
  const i = Math.trunc(n);
  if (i < 0 || i > 0xffffffff) throw new TypeError(`${what} is out of range`);
  return i;
}

export function descriptorLimits(d: { initial?: unknown; minimum?: unknown; maximum?: unknown } | undefined, bound: number): { min: number; max: number | undefined } {
  if (d === null || typeof d !== 'object') throw new TypeError('descriptor must be an object');
  const initial = d.initial ?? d.minimum;
  if (initial === undefined) throw new TypeError('descriptor needs "initial"');
  const min = enforceRange(initial, 'initial');
  const max = d.maximum === undefined ? undefined : enforceRange(d.maximum, 'maximum');
  if (min > bound || (max !== undefined && max > bound)) throw new RangeError('size exceeds the limit');
  if (max !== undefined && max < min) throw new RangeError('maximum must not be less than initial');
  return { min, max };
}

export function RangeErrorFor(msg: string): RangeError {
  return new RangeError(msg);
}
