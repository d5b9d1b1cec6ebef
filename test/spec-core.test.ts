// Runs the whole WebAssembly core test suite through the conformance runner
// with the purewasm engine and fails on any failure that is neither listed in
// spec-tests/expected-failures.json nor in an excluded feature group
// (spec-tests/excluded.tsv). Stale expectation entries (now passing) are
// printed. Works from an empty text->binary cache (it is only a speed-up).
// PUREWASM_SPEC_ENGINE=node runs it against the host engine instead.

import { describe, expect, it } from 'vitest';
import { formatFailure, formatSummary, runSuite } from '../spec-tests/index.js';

const engine = process.env['PUREWASM_SPEC_ENGINE'] ?? 'purewasm';

describe('WebAssembly core spec suite', () => {
  it(`has no unexpected failures on ${engine}`, { timeout: 600_000 }, async () => {
    const run = await runSuite({ suite: 'core', engine });
    const s = run.summary;
    // The runner's own closing line ("N passed, M failed, K skipped", where M counts listed
    // expected failures too) is reworded here so that it is not read as this test run's result.
    const text = formatSummary(s, run.engine.name, { maxListed: 30 }).replace(
      /^(\d+) passed, (\d+) failed, (\d+) skipped$/m,
      (_m, p, f, k) => `core spec commands -- passing ${p}, failing ${f} (all listed or in excluded groups), skipped ${k}`,
    );
    console.log(text);
    expect(run.results.length).toBeGreaterThan(250);
    expect(s.unexpectedFailures.map(formatFailure)).toEqual([]);
  });
});
