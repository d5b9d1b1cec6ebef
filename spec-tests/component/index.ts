// Library API of the component conformance runner (used by cli.ts and the vitest tests).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ExpectedFailure, loadExpected } from '../expectations.js';
import { type Summary, summarize } from '../report.js';
import type { FileResult } from '../results.js';
import { selectFiles } from '../suite.js';
import { REPO_ROOT, TextConverter } from '../text-to-binary.js';
import type { ComponentEngine } from './engine.js';
import { createPurewasmComponentEngine } from './engines/purewasm.js';
import { defaultComponentExpectedFile } from './expectations.js';
import { formatComponentReport } from './report.js';
import { runComponentFiles } from './runner.js';
import { componentSuiteDir, folderOf, isAsyncFile } from './suite.js';

export const COMPONENT_ENGINES = ['purewasm'] as const;

export async function loadComponentEngine(name: string): Promise<ComponentEngine> {
  if (name === 'purewasm') return createPurewasmComponentEngine();
  throw new Error(`unknown component engine "${name}" (expected one of: ${COMPONENT_ENGINES.join(', ')})`);
}

/**
 * Its own cache: texts are converted with WAST_STRICT_COMPONENT_INDICES=0 (below), so a text
 * may convert here and not under the core runner's setting.
 */
export const COMPONENT_CACHE_DIR = join(REPO_ROOT, '.cache', 'spec-component');

/**
 * jco's parser (wasm-tools) reads WAST_STRICT_COMPONENT_INDICES once, when its first call sets
 * up the environment. `0` accepts the legacy reference syntax next to the current one, which
 * legacy-indices.wast needs; strict mode only rejects more, and no script tests that rejection.
 */
function useLenientComponentIndices(): void {
  process.env['WAST_STRICT_COMPONENT_INDICES'] ??= '0';
}

export interface ComponentSuiteOptions {
  /** Engine name (default "purewasm") or an engine object. */
  readonly engine?: string | ComponentEngine;
  /** Paths relative to the suite dir, directories or globs; default: every .wast file. */
  readonly files?: readonly string[];
  readonly suiteDir?: string;
  readonly expectedFile?: string;
  /** Text->binary cache directory (null: no disk cache). */
  readonly cacheDir?: string | null;
  readonly onFile?: (r: FileResult) => void;
}

export interface ComponentSuiteRun {
  readonly engine: ComponentEngine;
  readonly suiteDir: string;
  readonly expectedFile: string;
  readonly expected: readonly ExpectedFailure[];
  readonly results: readonly FileResult[];
  readonly summary: Summary;
  readonly converter: TextConverter;
  readonly asyncFiles: ReadonlySet<string>;
  /** The report block (ends with the totals line). */
  report(maxListed?: number): string;
}

export async function runComponentSuite(opts: ComponentSuiteOptions = {}): Promise<ComponentSuiteRun> {
  useLenientComponentIndices();
  const engine = typeof opts.engine === 'object' ? opts.engine : await loadComponentEngine(opts.engine ?? 'purewasm');
  const dir = opts.suiteDir ?? componentSuiteDir();
  const files = selectFiles(dir, opts.files ?? []);
  const asyncFiles = new Set(files.filter((f) => isAsyncFile(f, readFileSync(join(dir, f), 'utf8'))));
  const expectedFile = opts.expectedFile ?? defaultComponentExpectedFile(engine.name);
  const expected = loadExpected(expectedFile);
  const converter = new TextConverter({ cacheDir: opts.cacheDir === undefined ? COMPONENT_CACHE_DIR : opts.cacheDir });
  const results = await runComponentFiles({
    engine,
    suiteDir: dir,
    files,
    converter,
    groupOf: folderOf,
    ...(opts.onFile ? { onFile: opts.onFile } : {}),
  });
  let summary = summarize(results, expected);
  // Without an engine nothing can fail or pass for real: "stale" entries would be noise.
  if (engine.unavailable !== undefined) summary = { ...summary, stale: [], listedNotFailing: [] };
  return {
    engine,
    suiteDir: dir,
    expectedFile,
    expected,
    results,
    summary,
    converter,
    asyncFiles,
    report: (maxListed = 50) =>
      formatComponentReport({ engineName: engine.name, unavailable: engine.unavailable, results, summary, folderOf, asyncFiles }, maxListed),
  };
}

export type { ComponentEngine } from './engine.js';
