// Differential test against jco's generated glue (the oracle of the JS conventions): the same
// identity component (wat.ts) runs under jco and under purewasm's canon (around the same core
// modules in the host's WebAssembly); for random types and values the exported function must
// return the same JS value and the host import must receive the same JS value.
//
// A top-level `result` is wrapped in a tuple for the random batch: jco 1.35 mis-lowers the
// results of host imports whose type is a result nesting another result or option (e.g.
// result<result<option<bool>, list<f64>>> returns { tag: 'ok', val: true } for ok(ok(none))),
// a jco bug; top-level results are compared separately with simple payloads.

import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { ComponentError } from '../../src/component/errors.js';
import type { StringEncoding } from '../../src/component/canon/options.js';
import { arbType, arbValue, type T } from './arbitrary.js';
import { jcoHarness, type JcoHarness } from './jco.js';
import { ourHarness, type OurHarness } from './ours.js';
import type { HarnessFunc } from './wat.js';

type Fn = (...args: unknown[]) => unknown;

interface Outcome {
  returned?: unknown;
  threw?: string;
  payload?: unknown;
  host: unknown;
}

function outcome(h: { exports: Fn[]; hosts: Fn[] }, i: number, v: unknown, host?: Fn): Outcome {
  let got: unknown = '<not called>';
  h.hosts[i] = (x: unknown) => {
    got = x;
    return host !== undefined ? host(x) : x;
  };
  try {
    return { returned: h.exports[i]!(v), host: got };
  } catch (e) {
    // jco's ComponentError keeps name 'Error'; compare classes by constructor name
    const name = (e as Error).constructor.name;
    return { threw: name, host: got, ...(name === 'ComponentError' ? { payload: (e as ComponentError).payload } : {}) };
  }
}

const identity = (t: T): HarnessFunc => ({ type: { params: [{ name: 'x', type: t }], result: t } });

function batch(enc: StringEncoding, seed: number, numTypes: number): void {
  describe(`jco differential (${enc}, seed ${seed})`, () => {
    const types = fc.sample(arbType({ fixedLists: true }, 3), { numRuns: numTypes, seed })
      .map((t): T => (t.kind === 'result' ? { kind: 'tuple', types: [t] } : t));
    let jco: JcoHarness;
    let ours: OurHarness;
    beforeAll(async () => {
      [jco, ours] = await Promise.all([jcoHarness(types.map(identity), enc), ourHarness(types.map(identity), enc)]);
    }, 120_000);

    it(`${numTypes} random types × 6 values: the same returned and received values`, () => {
      let compared = 0;
      types.forEach((t, i) => {
        for (const v of fc.sample(arbValue(t), { numRuns: 6, seed: seed * 1000 + i })) {
          const a = outcome(jco, i, v);
          const b = outcome(ours, i, v);
          expect(b.threw, JSON.stringify(t)).toBe(a.threw);
          if (a.threw === undefined) {
            expect(isDeepStrictEqual(b, a), `${JSON.stringify(t)}: ours ${String(b.returned)} vs jco ${String(a.returned)}`).toBe(true);
            expect(b.returned).toStrictEqual(v);
            compared++;
          }
        }
      });
      expect(compared).toBeGreaterThan(numTypes * 5);
    });
  });
}

batch('utf8', 41, 50);
batch('utf16', 42, 30);

describe('jco differential: top-level result<T, E> on both sides', () => {
  const types: T[] = [
    { kind: 'result', ok: { kind: 'u32' }, err: { kind: 'string' } },
    { kind: 'result', err: { kind: 'u8' } },
    { kind: 'result' },
    { kind: 'result', ok: { kind: 'string' } },
    { kind: 'result', ok: { kind: 'list', elem: { kind: 'u16' } }, err: { kind: 'record', fields: [{ label: 'code-x', type: { kind: 's8' } }] } },
  ];
  let jco: JcoHarness;
  let ours: OurHarness;
  beforeAll(async () => {
    [jco, ours] = await Promise.all([jcoHarness(types.map(identity)), ourHarness(types.map(identity))]);
  }, 120_000);

  const values: unknown[][] = [
    [{ tag: 'ok', val: 7 }, { tag: 'err', val: 'bad' }],
    [{ tag: 'ok', val: undefined }, { tag: 'err', val: 3 }],
    [{ tag: 'ok', val: undefined }, { tag: 'err', val: undefined }],
    [{ tag: 'ok', val: 'x' }, { tag: 'err', val: undefined }],
    [{ tag: 'ok', val: new Uint16Array([1, 2]) }, { tag: 'err', val: { codeX: -3 } }],
  ];
  // How the host import answers: return the value as is, return the ok payload (or throw the err
  // payload as a ComponentError), or throw the payload itself.
  const hosts: [string, (x: unknown) => unknown][] = [
    ['returns { tag, val }', (x) => x],
    ['returns ok / throws ComponentError(err)', (x) => {
      const { tag, val } = x as { tag: string; val: unknown };
      if (tag === 'ok') return val;
      throw new ComponentError(val);
    }],
    ['throws a non-Error value', (x) => {
      const { tag, val } = x as { tag: string; val: unknown };
      if (tag === 'ok') return val;
      // eslint-disable-next-line @typescript-eslint/only-throw-error
      throw val ?? 'nothing';
    }],
  ];
  for (const [how, host] of hosts) {
    it(`the host ${how}; the export returns ok or throws ComponentError(err)`, () => {
      types.forEach((t, i) => {
        for (const v of values[i]!) {
          if (how.startsWith('throws a non-Error') && (v as { tag: string }).tag === 'err' && (v as { val?: unknown }).val === undefined) continue;
          const a = outcome(jco, i, v, host);
          const b = outcome(ours, i, v, host);
          expect(b, JSON.stringify(t)).toStrictEqual(a);
        }
      });
    });
  }

  it('a host Error without payload propagates unchanged', () => {
    const err = new RangeError('boom');
    const thrower = (): never => { throw err; };
    const a = outcome(jco, 0, { tag: 'ok', val: 1 }, thrower);
    const b = outcome(ours, 0, { tag: 'ok', val: 1 }, thrower);
    expect(b.threw).toBe(a.threw);
    expect(b.threw).toBe('RangeError');
  });
});
