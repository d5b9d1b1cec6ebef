// Per-command results and the skip reasons the runner uses.

import type { CommandKind } from './wast.js';

export type Verdict = 'pass' | 'fail' | 'skip';

export interface CommandResult {
  readonly file: string;
  readonly line: number;
  readonly kind: CommandKind;
  readonly verdict: Verdict;
  /** Why it failed or was skipped. */
  readonly reason?: string;
  /** Expected failure text (assertions) or expected values. */
  readonly expected?: string;
  /** Actual error message or actual values. */
  readonly actual?: string;
  /** For assert_malformed / assert_invalid rejected with a CompileError: does the message contain the expected text? */
  readonly messageMatch?: boolean;
}

export interface FileResult {
  readonly file: string;
  /** Feature group from INDEX.tsv ('' if unknown). */
  readonly group: string;
  /** In an excluded group: failures are tolerated. */
  readonly excluded: boolean;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly commands: readonly CommandResult[];
}

export const SKIP = {
  quote: 'module quote tests the text format, which purewasm does not parse',
  textNotEncodable: 'text not encodable by the text parser',
  /** A module that must be valid, but the text->binary converter rejects its text (converter limitation). */
  validTextNotEncodable: 'valid module text not encodable by the text parser (converter limitation)',
  custom: 'custom-section annotation the text parser rejects (text format annotations)',
  threads: 'threads: thread/wait blocks are not supported by the runner',
  dependsOnSkipped: 'depends on a module that was skipped',
  dependsOnFailed: 'depends on a module that failed',
} as const;

export function countVerdicts(commands: readonly CommandResult[]): { passed: number; failed: number; skipped: number } {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const c of commands) {
    if (c.verdict === 'pass') passed++;
    else if (c.verdict === 'fail') failed++;
    else skipped++;
  }
  return { passed, failed, skipped };
}
