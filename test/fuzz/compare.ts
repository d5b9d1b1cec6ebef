// Comparison of two execution logs (only LogEntry.text is compared) and their printing.

import type { LogEntry, RunLog } from './execute.js';

export interface LogDifference {
  /** Index of the first differing entry. */
  readonly index: number;
  readonly a: LogEntry | undefined;
  readonly b: LogEntry | undefined;
}

export function compareLogs(a: readonly LogEntry[], b: readonly LogEntry[]): LogDifference | undefined {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i]?.text !== b[i]?.text) return { index: i, a: a[i], b: b[i] };
  }
  return undefined;
}

export function formatEntry(e: LogEntry | undefined): string {
  if (!e) return '<end of log>';
  return e.raw === undefined ? e.text : `${e.text}    # ${e.raw}`;
}

export function formatLog(log: RunLog): string {
  return log.entries.map((e, i) => `${String(i).padStart(5)}  ${formatEntry(e)}`).join('\n') + '\n';
}

/** A few lines of context around the first difference. */
export function describeDifference(d: LogDifference, a: RunLog, b: RunLog, context = 4): string {
  const lines: string[] = [`first difference at entry ${d.index}:`];
  for (let i = Math.max(0, d.index - context); i < d.index; i++) lines.push(`   ${String(i).padStart(5)}  ${formatEntry(a.entries[i])}`);
  lines.push(`   ${a.engine.padEnd(9)} ${formatEntry(d.a)}`);
  lines.push(`   ${b.engine.padEnd(9)} ${formatEntry(d.b)}`);
  return lines.join('\n');
}
