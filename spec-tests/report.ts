// Summaries of a run: totals, skip reasons, message matching, excluded
// groups, unexpected failures and stale expectation entries.

import { type ExpectedFailure, filePattern, key } from './expectations.js';
import { type CommandResult, type FileResult, SKIP } from './results.js';

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

export interface Summary {
  /** All commands of all files run (excluded groups included). */
  readonly totals: Counts;
  /** The part of the totals that comes from files in excluded groups. */
  readonly excluded: Counts & { files: number };
  /** Skip reason -> count, most frequent first. */
  readonly skipReasons: readonly (readonly [string, number])[];
  /** assert_malformed / assert_invalid rejected with a CompileError whose message contains the expected text. */
  readonly messages: { readonly matched: number; readonly total: number };
  /** assert_malformed / assert_invalid text modules that the text->binary converter rejected. */
  readonly textNotEncodable: number;
  /** Failures outside excluded groups and not listed as expected: these make the run fail. */
  readonly unexpectedFailures: readonly CommandResult[];
  /** Failures listed in the expectations file. */
  readonly expectedFailures: readonly CommandResult[];
  /** Listed entries that now pass. */
  readonly stale: readonly ExpectedFailure[];
  /** Listed entries (of files that ran) that neither fail nor pass (skipped or no such command line). */
  readonly listedNotFailing: readonly ExpectedFailure[];
}

const zero = (): Counts => ({ passed: 0, failed: 0, skipped: 0 });

export function summarize(results: readonly FileResult[], expected: readonly ExpectedFailure[]): Summary {
  const totals = zero();
  const excluded = { ...zero(), files: 0 };
  const reasons = new Map<string, number>();
  const messages = { matched: 0, total: 0 };
  let textNotEncodable = 0;
  const listed = new Map(expected.filter((e) => e.line !== undefined).map((e) => [key(e.file, e.line), e]));
  const patterns = expected.map((e) => [e, filePattern(e)] as const).filter((x): x is readonly [ExpectedFailure, RegExp] => x[1] !== undefined);
  const failingFiles = new Set<string>();
  const unexpectedFailures: CommandResult[] = [];
  const expectedFailures: CommandResult[] = [];
  const verdictByKey = new Map<string, CommandResult['verdict']>();
  for (const f of results) {
    totals.passed += f.passed;
    totals.failed += f.failed;
    totals.skipped += f.skipped;
    if (f.excluded) {
      excluded.files++;
      excluded.passed += f.passed;
      excluded.failed += f.failed;
      excluded.skipped += f.skipped;
    }
    for (const c of f.commands) {
      const k = key(c.file, c.line);
      // Several results on one line (rare): a failure wins.
      if (verdictByKey.get(k) !== 'fail') verdictByKey.set(k, c.verdict);
      if (c.verdict === 'skip') {
        const r = c.reason ?? '(no reason)';
        reasons.set(r, (reasons.get(r) ?? 0) + 1);
        if (r === SKIP.textNotEncodable) textNotEncodable++;
      }
      if (c.messageMatch !== undefined) {
        messages.total++;
        if (c.messageMatch) messages.matched++;
      }
      if (c.verdict === 'fail' && !f.excluded) {
        const byPattern = patterns.some(([, p]) => p.test(c.file));
        if (byPattern) failingFiles.add(c.file);
        (listed.has(k) || byPattern ? expectedFailures : unexpectedFailures).push(c);
      }
    }
  }
  const ran = new Set(results.map((r) => r.file));
  const stale: ExpectedFailure[] = [];
  const listedNotFailing: ExpectedFailure[] = [];
  for (const [e, p] of patterns) {
    const files = [...ran].filter((f) => p.test(f));
    if (files.length > 0 && !files.some((f) => failingFiles.has(f))) stale.push(e);
  }
  for (const e of expected) {
    if (e.line === undefined || !ran.has(e.file)) continue;
    const v = verdictByKey.get(key(e.file, e.line));
    if (v === 'pass') stale.push(e);
    else if (v !== 'fail') listedNotFailing.push(e);
  }
  return {
    totals,
    excluded,
    skipReasons: [...reasons].sort((a, b) => b[1] - a[1]),
    messages,
    textNotEncodable,
    unexpectedFailures,
    expectedFailures,
    stale,
    listedNotFailing,
  };
}

export function formatCounts(c: Counts): string {
  return `${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`;
}

export function formatFileLine(r: FileResult): string {
  const tag = r.excluded ? `  [excluded group: ${r.group}]` : '';
  return `${r.file.padEnd(56)} ${String(r.passed).padStart(5)} passed ${String(r.failed).padStart(5)} failed ${String(r.skipped).padStart(5)} skipped${tag}`;
}

function oneLine(s: string | undefined, max = 200): string {
  if (s === undefined) return '';
  const t = s.replace(/\s+/g, ' ');
  return t.length > max ? `${t.slice(0, max)}...` : t;
}

export function formatFailure(c: CommandResult): string {
  const parts = [`${c.file}:${c.line} ${c.kind}: ${oneLine(c.reason)}`];
  if (c.expected !== undefined) parts.push(`expected: ${oneLine(c.expected)}`);
  if (c.actual !== undefined) parts.push(`actual: ${oneLine(c.actual)}`);
  return parts.join(' | ');
}

export interface FormatOptions {
  /** Max failures listed individually. */
  readonly maxListed?: number;
}

/** The summary block printed after the per-file lines; ends with the totals line. */
export function formatSummary(s: Summary, engineName: string, opts: FormatOptions = {}): string {
  const max = opts.maxListed ?? 50;
  const out: string[] = [];
  out.push('', `engine: ${engineName}`);
  if (s.skipReasons.length) {
    out.push('skip reasons:');
    for (const [r, n] of s.skipReasons) out.push(`  ${String(n).padStart(6)}  ${r}`);
  }
  out.push(`text modules not encodable by the text parser (assert_malformed/assert_invalid): ${s.textNotEncodable}`);
  out.push(`assert_malformed/assert_invalid message matches: ${s.messages.matched} of ${s.messages.total}`);
  out.push(`excluded group files: ${s.excluded.files} files, ${formatCounts(s.excluded)} (failures tolerated; included in the totals)`);
  out.push(`expected failures (listed): ${s.expectedFailures.length}`);
  if (s.stale.length) {
    out.push(`stale expectation entries (listed but now passing): ${s.stale.length}`);
    for (const e of s.stale.slice(0, max)) out.push(`  ${e.file}${e.line === undefined ? " (whole file)" : `:${e.line}`}  (${e.reason})`);
    if (s.stale.length > max) out.push(`  ... and ${s.stale.length - max} more`);
  }
  if (s.listedNotFailing.length) {
    out.push(`expectation entries neither failing nor passing (skipped or no command there): ${s.listedNotFailing.length}`);
  }
  if (s.unexpectedFailures.length) {
    out.push(`UNEXPECTED FAILURES: ${s.unexpectedFailures.length}`);
    for (const c of s.unexpectedFailures.slice(0, max)) out.push(`  ${formatFailure(c)}`);
    if (s.unexpectedFailures.length > max) out.push(`  ... and ${s.unexpectedFailures.length - max} more (use --json FILE for all)`);
  } else {
    out.push('no unexpected failures');
  }
  out.push(formatCounts(s.totals));
  return out.join('\n');
}
