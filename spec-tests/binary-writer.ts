// A tiny WebAssembly binary emitter for the few helper modules the runner
// generates itself (the "spectest" host module and bit-exact call wrappers).

export type WValType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128';

export const VALTYPE_CODE: Record<WValType, number> = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b };

export function uleb(n: number | bigint): number[] {
  let v = BigInt(n);
  const out: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) b |= 0x80;
    out.push(b);
  } while (v !== 0n);
  return out;
}

export function sleb(n: number | bigint): number[] {
  let v = BigInt(n);
  const out: number[] = [];
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    const done = (v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0);
    out.push(done ? b : b | 0x80);
    if (done) return out;
  }
}

export function name(s: string): number[] {
  const b = new TextEncoder().encode(s);
  return [...uleb(b.length), ...b];
}

export function vec(items: readonly number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

export function section(id: number, body: readonly number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

export function funcType(params: readonly WValType[], results: readonly WValType[]): number[] {
  return [0x60, ...vec(params.map((t) => [VALTYPE_CODE[t]])), ...vec(results.map((t) => [VALTYPE_CODE[t]]))];
}

export function moduleBytes(sections: readonly number[][]): Uint8Array {
  return Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...sections.flat()]);
}

/** Section ids. */
export const SEC = { type: 1, import: 2, func: 3, table: 4, memory: 5, global: 6, export: 7, code: 10 } as const;
/** External kinds. */
export const KIND = { func: 0, table: 1, memory: 2, global: 3, tag: 4 } as const;
