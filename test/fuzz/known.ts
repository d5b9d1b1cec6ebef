// Known disagreements: engine bugs already reported, tolerated by test/fuzz-diff.test.ts so
// that the suite stays green while they are open (the same idea as
// spec-tests/expected-failures.json). An entry matches a disagreement when its `match` string
// occurs in the first differing log entry of `engine`. The test prints every tolerated
// disagreement, and every entry that no longer matches anything (fixed: delete it).

import * as fs from 'node:fs';
import type { ModuleResult } from './campaign.js';

export interface KnownDisagreement {
  readonly engine: string;
  readonly match: string;
  readonly reason: string;
}

export const KNOWN_FILE = new URL('./known-disagreements.json', import.meta.url);

export function loadKnownDisagreements(): KnownDisagreement[] {
  const data = JSON.parse(fs.readFileSync(KNOWN_FILE, 'utf8')) as { disagreements?: KnownDisagreement[] };
  return data.disagreements ?? [];
}

export function matchKnown(
  result: ModuleResult,
  engineA: string,
  engineB: string,
  known: readonly KnownDisagreement[],
): KnownDisagreement | undefined {
  if (result.status !== 'disagree' || !result.first) return undefined;
  return known.find(
    (k) => (k.engine === engineB && result.first!.b.includes(k.match)) || (k.engine === engineA && result.first!.a.includes(k.match)),
  );
}
