// Checked-in expectations: known failures (expected-failures*.json) and
// excluded feature groups (excluded.tsv).

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileResult } from './results.js';

export const SPEC_TESTS_DIR = dirname(fileURLToPath(import.meta.url));
export const EXCLUDED_FILE = join(SPEC_TESTS_DIR, 'excluded.tsv');

/** expected-failures.json for purewasm, expected-failures.<engine>.json for other engines. */
export function defaultExpectedFile(engine: string): string {
  return join(SPEC_TESTS_DIR, engine === 'purewasm' ? 'expected-failures.json' : `expected-failures.${engine}.json`);
}

export interface ExpectedFailure {
  /** A suite-relative path; with no `line`, a pattern (`*` matches within a path segment) for whole files. */
  readonly file: string;
  /** The command's line; absent for a whole-file entry (every failure in the matching files). */
  readonly line?: number;
  readonly reason: string;
  /** Informational. */
  readonly kind?: string;
}

interface ExpectedFile {
  readonly comment?: string;
  readonly engine?: string;
  readonly failures: ExpectedFailure[];
}

export const key = (file: string, line: number | undefined): string => `${file}:${line ?? '*'}`;

/** Whole-file entries as matchers. */
export function filePattern(e: ExpectedFailure): RegExp | undefined {
  if (e.line !== undefined) return undefined;
  const re = e.file.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*');
  return new RegExp(`^${re}$`);
}

export function loadExpected(path: string): ExpectedFailure[] {
  if (!existsSync(path)) return [];
  const data = JSON.parse(readFileSync(path, 'utf8')) as ExpectedFile | ExpectedFailure[];
  const list = Array.isArray(data) ? data : data.failures;
  for (const e of list) {
    if (typeof e.file !== 'string' || (e.line !== undefined && typeof e.line !== 'number') || typeof e.reason !== 'string') {
      throw new Error(`${path}: every entry needs file (string), optional line (number) and reason (string): ${JSON.stringify(e)}`);
    }
  }
  return list;
}

export interface Exclusions {
  readonly groups: ReadonlyMap<string, string>;
}

/** excluded.tsv: lines `group<TAB>name<TAB>reason`; `#` comments. */
export function loadExclusions(path = EXCLUDED_FILE): Exclusions {
  const groups = new Map<string, string>();
  if (!existsSync(path)) return { groups };
  for (const raw of readFileSync(path, 'utf8').split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (!line.trim() || line.startsWith('#')) continue;
    const [kind, name, reason] = line.split('\t');
    if (kind !== 'group' || !name || !reason) throw new Error(`${path}: bad line: ${line}`);
    groups.set(name, reason);
  }
  return { groups };
}

/**
 * Rewrites an expectations file from a run: entries of the files that ran are
 * replaced by their current failures (outside excluded groups), keeping the
 * reasons already written for the same file:line; other entries are kept.
 */
export function updateExpected(path: string, engine: string, results: readonly FileResult[]): ExpectedFailure[] {
  const old = loadExpected(path);
  const oldByKey = new Map(old.map((e) => [key(e.file, e.line), e]));
  const ran = new Set(results.map((r) => r.file));
  const patterns = old.map((e) => [e, filePattern(e)] as const).filter(([, p]) => p !== undefined);
  const coveredByPattern = (file: string): boolean => patterns.some(([, p]) => p!.test(file));
  const next: ExpectedFailure[] = old.filter((e) => e.line === undefined || !ran.has(e.file));
  for (const r of results) {
    if (r.excluded || coveredByPattern(r.file)) continue;
    for (const c of r.commands) {
      if (c.verdict !== 'fail') continue;
      const prev = oldByKey.get(key(c.file, c.line));
      const auto = `${c.reason ?? 'failed'}${c.expected ? ` [expected: ${c.expected}]` : ''}${c.actual ? ` -- ${c.actual}` : ''}`.replace(/\s+/g, ' ');
      next.push({ file: c.file, line: c.line, kind: c.kind, reason: prev?.reason ?? (auto.length > 240 ? `${auto.slice(0, 240)}...` : auto) });
    }
  }
  next.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? -1) - (b.line ?? -1)));
  const comment = `Known failures (file, line of the command, reason). Regenerate with: npm run spec -- --engine ${engine} --update-expected`;
  const lines = next.map((e) => `    ${JSON.stringify(e)}`);
  const text = `{\n  "comment": ${JSON.stringify(comment)},\n  "engine": ${JSON.stringify(engine)},\n  "failures": [\n${lines.join(',\n')}${lines.length ? '\n' : ''}  ]\n}\n`;
  writeFileSync(path, text);
  return next;
}
