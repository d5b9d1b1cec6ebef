// `wasi:random`. Spec: WASI 0.2 wasi-random random.wit (`get-random-bytes(len)` returns exactly
// len cryptographically secure bytes, `get-random-u64`), insecure.wit (the same, no security
// promise) and insecure-seed.wit (`insecure-seed` → a 128-bit value fixed for the instance, "to
// seed hash maps", drawn once when the host is made).

import { RuntimeError } from '../core/errors.js';
import type { WasiContext } from './context.js';

/** Largest single request served; a larger len is a guest bug (it would exhaust memory): a trap. */
const MAX_RANDOM_BYTES = 1 << 28;

function bytes(fill: (buf: Uint8Array) => void, len: bigint): Uint8Array {
  if (len > BigInt(MAX_RANDOM_BYTES)) throw new RuntimeError(`wasi:random: ${len} random bytes requested (at most ${MAX_RANDOM_BYTES} at once)`);
  const buf = new Uint8Array(Number(len));
  fill(buf);
  return buf;
}

function u64(fill: (buf: Uint8Array) => void): bigint {
  const buf = new Uint8Array(8);
  fill(buf);
  return new DataView(buf.buffer).getBigUint64(0, true);
}

export function randomInterfaces(cx: WasiContext): Record<string, object> {
  const seed: [bigint, bigint] = [u64(cx.insecureRandomBytes), u64(cx.insecureRandomBytes)];
  return {
    'wasi:random/random': {
      getRandomBytes: (len: bigint): Uint8Array => bytes(cx.randomBytes, len),
      getRandomU64: (): bigint => u64(cx.randomBytes),
    },
    'wasi:random/insecure': {
      getInsecureRandomBytes: (len: bigint): Uint8Array => bytes(cx.insecureRandomBytes, len),
      getInsecureRandomU64: (): bigint => u64(cx.insecureRandomBytes),
    },
    'wasi:random/insecure-seed': {
      insecureSeed: (): [bigint, bigint] => [seed[0], seed[1]],
    },
  };
}
