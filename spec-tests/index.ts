// Library API of the conformance runner (used by run.ts and the vitest tests).

import type { AnyEngine } from './engine.js';
import { loadEngine } from './engines/index.js';
import { type ExpectedFailure, defaultExpectedFile, loadExclusions, loadExpected } from './expectations.js';
import { type Summary, summarize } from './report.js';
import type { FileResult } from './results.js';
import { runFiles } from './runner.js';
import { readGroups, selectFiles, suiteDir } from './suite.js';
import { TextConverter } from './text-to-binary.js';

export interface SuiteOptions {
  /** Suite name under the testsuite root (default "core"). */
  readonly suite?: string;
  /** Engine name (default "purewasm") or an engine object. */
  readonly engine?: string | AnyEngine;
  /** Paths relative to the suite dir, or globs; default: every .wast file. */
  readonly files?: readonly string[];
  /** Expectations file; default per engine (see defaultExpectedFile). */
  readonly expectedFile?: string;
  /** Text->binary cache directory (null: no disk cache). */
  readonly cacheDir?: string | null;
  readonly onFile?: (r: FileResult) => void;
}

export interface SuiteRun {
  readonly engine: AnyEngine;
  readonly suiteDir: string;
  readonly expectedFile: string;
  readonly expected: readonly ExpectedFailure[];
  readonly results: readonly FileResult[];
  readonly summary: Summary;
  readonly converter: TextConverter;
}

export async function runSuite(opts: SuiteOptions = {}): Promise<SuiteRun> {
  const engine = typeof opts.engine === 'object' ? opts.engine : await loadEngine(opts.engine ?? 'purewasm');
  const dir = suiteDir(opts.suite ?? 'core');
  const files = selectFiles(dir, opts.files ?? []);
  const exclusions = loadExclusions();
  const expectedFile = opts.expectedFile ?? defaultExpectedFile(engine.name);
  const expected = loadExpected(expectedFile);
  const converter = new TextConverter(opts.cacheDir === undefined ? {} : { cacheDir: opts.cacheDir });
  const results = await runFiles({
    engine,
    suiteDir: dir,
    files,
    groups: readGroups(dir),
    excludedGroups: new Set(exclusions.groups.keys()),
    converter,
    ...(opts.onFile ? { onFile: opts.onFile } : {}),
  });
  return { engine, suiteDir: dir, expectedFile, expected, results, summary: summarize(results, expected), converter };
}

export { loadEngine } from './engines/index.js';
export { formatSummary, formatFileLine, formatCounts, formatFailure } from './report.js';
export type { Summary } from './report.js';
export type { FileResult, CommandResult } from './results.js';
export type { Engine, AnyEngine } from './engine.js';
