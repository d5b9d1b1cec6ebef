// The component suite's checked-in expectations: expected-failures.json (purewasm) or
// expected-failures.<engine>.json next to this file, in the core runner's format
// (spec-tests/expectations.ts). Async files are listed whole ({file, reason}, no line) with the
// reason "async not supported yet"; other known failures per command line.

import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ExpectedFailure, loadExpected, updateExpected } from '../expectations.js';
import type { FileResult } from '../results.js';
import { ASYNC_REASON } from './suite.js';

export const COMPONENT_DIR = dirname(fileURLToPath(import.meta.url));

export function defaultComponentExpectedFile(engine: string): string {
  return join(COMPONENT_DIR, engine === 'purewasm' ? 'expected-failures.json' : `expected-failures.${engine}.json`);
}

function write(path: string, engine: string, list: readonly ExpectedFailure[]): void {
  const comment = `Known failures of the component suite (file, line of the command, reason; no line: the whole file). Regenerate with: npm run spec -- --suite component --engine ${engine} --update-expected`;
  const lines = list.map((e) => `    ${JSON.stringify(e)}`);
  writeFileSync(path, `{\n  "comment": ${JSON.stringify(comment)},\n  "engine": ${JSON.stringify(engine)},\n  "failures": [\n${lines.join(',\n')}${lines.length ? '\n' : ''}  ]\n}\n`);
}

/**
 * Rewrites the expectations file from a run: every async file that ran gets a whole-file entry
 * (kept if present), then the failures of the other files replace their old line entries
 * (reasons already written are kept). Returns the new list.
 */
export function updateComponentExpected(path: string, engine: string, results: readonly FileResult[], asyncFiles: ReadonlySet<string>): ExpectedFailure[] {
  const old = loadExpected(path);
  const wholeFile = new Set(old.filter((e) => e.line === undefined).map((e) => e.file));
  const added = [...asyncFiles].filter((f) => results.some((r) => r.file === f) && !wholeFile.has(f)).map((file) => ({ file, reason: ASYNC_REASON }));
  write(path, engine, [...old, ...added]);
  const next = updateExpected(path, engine, results);
  write(path, engine, next);
  return next;
}
