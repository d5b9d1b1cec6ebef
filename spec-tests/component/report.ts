// The component suite's report: per-folder counts, text->binary conversion failures and the
// async part, printed before the core runner's summary block (which ends with the totals line
// `N passed, M failed, K skipped`).

import { type Counts, type Summary, formatCounts, formatSummary } from '../report.js';
import type { FileResult } from '../results.js';
import { CSKIP } from './runner.js';

export interface FolderCounts extends Counts {
  readonly folder: string;
  files: number;
}

export function countByFolder(results: readonly FileResult[], folderOf: (file: string) => string): FolderCounts[] {
  const m = new Map<string, FolderCounts>();
  for (const r of results) {
    const f = folderOf(r.file);
    const c = m.get(f) ?? { folder: f, files: 0, passed: 0, failed: 0, skipped: 0 };
    c.files++;
    c.passed += r.passed;
    c.failed += r.failed;
    c.skipped += r.skipped;
    m.set(f, c);
  }
  return [...m.values()].sort((a, b) => (a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : 0));
}

export interface ConversionCounts {
  /** Components that must be valid (incl. assert_unlinkable/assert_trap) whose text did not convert. */
  readonly valid: number;
  /** assert_invalid / assert_malformed text components that did not convert. */
  readonly invalid: number;
  /** `(component quote ...)` texts the parser rejected. */
  readonly quote: number;
}

export function countConversionFailures(results: readonly FileResult[]): ConversionCounts {
  let valid = 0;
  let invalid = 0;
  let quote = 0;
  for (const r of results) {
    for (const c of r.commands) {
      if (c.verdict !== 'skip') continue;
      if (c.reason === CSKIP.validTextNotEncodable) valid++;
      else if (c.reason === CSKIP.textNotEncodable) invalid++;
      else if (c.reason === CSKIP.quoteText) quote++;
    }
  }
  return { valid, invalid, quote };
}

export interface ComponentReport {
  readonly engineName: string;
  readonly unavailable?: string | undefined;
  readonly results: readonly FileResult[];
  readonly summary: Summary;
  readonly folderOf: (file: string) => string;
  readonly asyncFiles: ReadonlySet<string>;
}

/** The block printed after the per-file lines; its last line is the totals line. */
export function formatComponentReport(r: ComponentReport, maxListed = 50): string {
  const out: string[] = ['', 'per folder:'];
  for (const f of countByFolder(r.results, r.folderOf)) {
    out.push(`  ${(f.folder || '.').padEnd(56)} ${String(f.files).padStart(3)} files ${String(f.passed).padStart(5)} passed ${String(f.failed).padStart(5)} failed ${String(f.skipped).padStart(5)} skipped`);
  }
  const asyncResults = r.results.filter((x) => r.asyncFiles.has(x.file));
  const a = asyncResults.reduce((acc, x) => ({ passed: acc.passed + x.passed, failed: acc.failed + x.failed, skipped: acc.skipped + x.skipped }), { passed: 0, failed: 0, skipped: 0 });
  out.push(`async files (failures listed as "async not supported yet"): ${asyncResults.length} files, ${formatCounts(a)}`);
  const conv = countConversionFailures(r.results);
  out.push(
    `text components not converted by the text parser: ${conv.valid + conv.invalid + conv.quote}` +
      ` (must be valid: ${conv.valid}, assert_invalid/assert_malformed: ${conv.invalid}, quote: ${conv.quote})`,
  );
  if (r.unavailable !== undefined) out.push(`ENGINE NOT AVAILABLE: ${r.unavailable}; component commands are skipped`);
  out.push(formatSummary(r.summary, r.engineName, { maxListed }));
  return out.join('\n');
}
