// Differential test of the component runtime (test/component-diff/README.md): generated echo
// components run through jco-transpiled JS on node's WebAssembly (the oracle) and through
// purewasm's compileComponent, and every call's outcome is compared — values deep-equal
// (typed-array kinds, bit patterns, -0), errors by class. jco itself is checked against the
// model of what an echo must return, so the harness cannot drift from jco's conventions. Plus
// wrong host values, guest-to-guest strings in every pair of encodings, and flags past the
// 32-label limit. Cases purewasm deliberately handles differently from jco, and jco's own
// departures from the spec, are declared in test/component-diff/known.ts and counted separately.
// Campaigns run on worker threads with a time limit per component. More cases:
// `npm run component:diff -- --count 100000`.
// The purewasm half is skipped, with the reason in its title, while compileComponent is missing.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ECHO_INTERFACE, flagsComponentText } from './component-diff/build.js';
import { type CampaignSummary, type Disagreement, formatDisagreement, formatStats, runCampaign } from './component-diff/campaign.js';
import { jcoEngine, jcoTranspile, loadPurewasm, parseText, type ComponentEngine } from './component-diff/engines.js';
import { errorClassMutant, valueMutant } from './component-diff/mutants.js';
import { JobPool, runPooledCampaign } from './component-diff/pool.js';
import type { StringRunSummary } from './component-diff/strings.js';

const ECHO_CASES = 1000;
const BAD_CASES = 480;
const LATIN1_CASES = 480;
const SEED = 20_240_601;

const loaded = await loadPurewasm();
const purewasm: ComponentEngine | undefined = typeof loaded === 'string' ? undefined : loaded;
const skipped = typeof loaded === 'string' ? ` — skipped: ${loaded}` : '';
const engines: ComponentEngine[] = purewasm ? [jcoEngine, purewasm] : [jcoEngine];

function listed(ds: readonly Disagreement[], max = 5): string[] {
  return ds.slice(0, max).map(formatDisagreement);
}

function printKnown(what: string, known: Readonly<Record<string, number>>): void {
  const entries = Object.entries(known);
  if (entries.length) console.log(`${what}: known deviations (test/component-diff/known.ts): ${entries.map(([k, n]) => `${k} ${n}`).join(', ')}`);
}

describe('component runtime vs jco (differential)', () => {
  let pool: JobPool;
  let echo: CampaignSummary;
  let bad: CampaignSummary;
  let strings: StringRunSummary;

  // The campaigns run on two worker threads with a time limit per component, so that an engine
  // that hangs fails the test instead of stalling it.
  beforeAll(async () => {
    pool = new JobPool(2, engines.map((e) => e.name), true, 120_000);
    echo = await runPooledCampaign(pool, { seed: SEED, count: ECHO_CASES, mode: 'echo' });
    console.log(`echo: ${echo.cases} cases in ${echo.components} components on ${echo.engines.join(', ')} (${echo.ms} ms)\n${formatStats(echo.stats)}`);
    printKnown('echo', echo.known);
    bad = await runPooledCampaign(pool, { seed: SEED, count: BAD_CASES, mode: 'bad-input' });
    console.log(`bad input: ${bad.cases} cases (${bad.ms} ms); oracle outcomes ${JSON.stringify(bad.stats.outcomes)}`);
    printKnown('bad input', bad.known);
    const t0 = Date.now();
    const run = await pool.runStrings({ seed: SEED, perPair: 12, illFormedPerPair: 3, big: true });
    if (run.kind !== 'done') throw new Error(`the string test did not finish: ${run.kind === 'timeout' ? `timeout after ${run.ms} ms` : run.error}`);
    strings = run.result;
    console.log(`strings: ${strings.cases} cases (${Date.now() - t0} ms): ${JSON.stringify(strings.engines, (k, v: unknown) => (k === 'specMismatches' ? (v as string[]).length : v))}`);
  }, 300_000);

  afterAll(async () => {
    await pool?.close();
  });

  it(`the oracle: jco returns what the model says on ${ECHO_CASES} echo cases`, () => {
    expect(echo.cases).toBe(ECHO_CASES);
    if (!purewasm) expect(listed(echo.disagreements)).toEqual([]); // components that timed out or crashed
    expect(listed(echo.modelMismatches.jco!)).toEqual([]);
  });

  it('the echo cases cover every value type, nesting depth 0–4 and every way values cross the ABI', () => {
    const { kinds, depths, shapes, encodings, outcomes } = echo.stats;
    for (const k of ['bool', 's8', 'u8', 's16', 'u16', 's32', 'u32', 's64', 'u64', 'f32', 'f64', 'char', 'string', 'list', 'record',
      'tuple', 'variant+payload', 'variant-no-payload', 'variant>256', 'enum', 'option', 'result<T,E>', 'result<T,_>', 'result<_,E>',
      'result<_,_>', 'flags/8', 'flags/16', 'flags/32']) {
      expect(kinds[k] ?? 0, k).toBeGreaterThan(0);
    }
    for (const d of [0, 1, 2, 3, 4]) expect(depths[d] ?? 0, `depth ${d}`).toBeGreaterThan(0);
    expect(Object.keys(depths).map(Number).every((d) => d <= 4)).toBe(true);
    for (const s of ['flat-params/flat-result', 'flat-params/result-in-memory', 'flat-params/no-result',
      'params-in-memory/flat-result', 'params-in-memory/result-in-memory', 'params-in-memory/no-result']) {
      expect(shapes[s] ?? 0, s).toBeGreaterThan(10);
    }
    for (const e of ['utf8', 'utf16', 'latin1+utf16']) expect(encodings[e] ?? 0, e).toBeGreaterThan(10);
    expect(outcomes['error ComponentError'] ?? 0).toBeGreaterThan(5);
  });

  it.skipIf(!purewasm)(`purewasm agrees with jco and the model on the same ${ECHO_CASES} echo cases${skipped}`, () => {
    expect(listed(echo.disagreements)).toEqual([]);
    expect(listed(echo.modelMismatches.purewasm ?? [])).toEqual([]);
  });

  it(`bad input: jco's conversions accept some wrong values and reject others (${BAD_CASES} cases)`, () => {
    expect(bad.cases).toBe(BAD_CASES);
    const o = bad.stats.outcomes;
    expect(o['error TypeError'] ?? 0).toBeGreaterThan(BAD_CASES / 5);
    expect(o.value ?? 0).toBeGreaterThan(BAD_CASES / 10);
  });

  it.skipIf(!purewasm)(`bad input: purewasm throws where jco throws, with the same error class${skipped}`, () => {
    expect(listed(bad.disagreements)).toEqual([]);
  });

  it.skipIf(!purewasm)(`bad input: purewasm's errors name the export${skipped}`, () => {
    expect(listed(bad.unnamedErrors, 3)).toEqual([]);
  });

  it('strings: jco matches the Canonical ABI on the pairs it can run (utf8→utf8, utf8→utf16, utf16→utf8) and on host round-trips', () => {
    const jco = strings.engines.jco!;
    expect(jco.run).toBeGreaterThan(100);
    expect(jco.specMismatches.slice(0, 5)).toEqual([]);
  });

  it.skipIf(!purewasm)(`strings: purewasm matches the Canonical ABI in all nine encoding pairs, on ill-formed input and 1 MiB strings, and agrees with jco${skipped}`, () => {
    const pw = strings.engines.purewasm!;
    expect(pw.run).toBe(strings.cases);
    expect(pw.specMismatches.slice(0, 5)).toEqual([]);
    expect(strings.disagreements.slice(0, 5)).toEqual([]);
  });

  it.skipIf(!purewasm)(`latin1+utf16 strings at the host boundary (jco cannot bind them): purewasm returns what the model says${skipped}`, async () => {
    const s = await runPooledCampaign(pool, { seed: SEED, count: LATIN1_CASES, mode: 'echo', latin1Strings: true, only: ['purewasm'] });
    printKnown('latin1', s.known);
    expect(s.stats.encodings['latin1+utf16'] ?? 0).toBeGreaterThan(LATIN1_CASES / 3);
    expect(listed(s.modelMismatches.purewasm!)).toEqual([]);
    expect(listed(s.disagreements)).toEqual([]); // components that timed out or crashed
  });

  it('flags with more than 32 labels: jco rejects the component; so must purewasm (CompileError)', async () => {
    for (const n of [33, 64]) {
      const bytes = await parseText(flagsComponentText(n));
      await expect(jcoTranspile(bytes), `${n} flags`).rejects.toThrow(/more than 32 flags/);
      if (purewasm) {
        const e = await purewasm.instantiate(bytes).then(() => undefined, (err: unknown) => err);
        expect((e as Error | undefined)?.constructor.name, `${n} flags`).toBe('CompileError');
      }
    }
    // 32 labels is the limit, and fine.
    const root = await jcoEngine.instantiate(await parseText(flagsComponentText(32)));
    const f = (root[ECHO_INTERFACE] as { f(v: unknown): unknown }).f;
    const all = Object.fromEntries(Array.from({ length: 32 }, (_, i) => [`l${i}`, i % 3 === 0]));
    expect(f(all)).toEqual(all);
  });

  it('detects misbehaving engines (the comparison is not vacuous)', async () => {
    const byValue = await runCampaign({ seed: SEED + 1, count: 120, mode: 'echo', engines: [jcoEngine, valueMutant(jcoEngine)] });
    // Every call that returns a value is caught.
    expect(byValue.disagreements.length).toBe(byValue.stats.outcomes.value);
    expect(byValue.modelMismatches['value-mutant']!.length).toBe(byValue.stats.outcomes.value);
    const byError = await runCampaign({ seed: SEED + 2, count: 240, mode: 'bad-input', engines: [jcoEngine, errorClassMutant(jcoEngine)] });
    expect(byError.stats.outcomes['error TypeError'] ?? 0).toBeGreaterThan(20);
    expect(byError.disagreements.length).toBe(byError.stats.outcomes['error TypeError']);
  });
});
