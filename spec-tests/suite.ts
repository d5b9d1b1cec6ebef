// Locating the test suite, selecting its .wast files, and reading INDEX.tsv
// feature groups.

import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { REPO_ROOT } from './text-to-binary.js';

/** Directory containing the suites (`core/` etc.): $PUREWASM_TESTSUITE or ../shared/testsuites. */
export function testsuiteRoot(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env['PUREWASM_TESTSUITE'];
  return fromEnv ? resolve(fromEnv) : resolve(REPO_ROOT, '..', 'shared', 'testsuites');
}

export function suiteDir(suite: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(testsuiteRoot(env), suite);
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

/** All .wast files under dir, relative (posix separators), sorted. */
export function listWastFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith('.wast')) out.push(toPosix(relative(dir, p)));
    }
  };
  walk(dir);
  return out.sort();
}

/** Converts a glob (`*`, `**`, `?`, `{a,b}`) to an anchored regular expression. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        if (glob[i + 1] === '/') {
          i++;
          re += '(?:.*/)?';
        } else {
          re += '.*';
        }
      } else {
        re += '[^/]*';
      }
    } else if (c === '?') re += '[^/]';
    else if (c === '{') re += '(?:';
    else if (c === '}') re += ')';
    else if (c === ',') re += '|';
    else re += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/**
 * Selects files: each pattern is a path relative to the suite dir (or an
 * absolute path inside it), a directory, or a glob. No patterns: everything.
 */
export function selectFiles(dir: string, patterns: readonly string[]): string[] {
  const all = listWastFiles(dir);
  if (!patterns.length) return all;
  const picked = new Set<string>();
  for (const raw of patterns) {
    let p = raw;
    if (isAbsolute(p)) p = toPosix(relative(dir, p));
    p = p.replace(/^\.\//, '');
    const full = join(dir, p);
    if (!/[*?{]/.test(p) && existsSync(full)) {
      if (statSync(full).isDirectory()) {
        const prefix = p.endsWith('/') ? p : `${p}/`;
        for (const f of all) if (f.startsWith(prefix)) picked.add(f);
      } else {
        picked.add(toPosix(p));
      }
      continue;
    }
    const re = globToRegExp(p);
    const matched = all.filter((f) => re.test(f));
    if (!matched.length) throw new Error(`no .wast file matches "${raw}" in ${dir}`);
    for (const f of matched) picked.add(f);
  }
  return [...picked].sort();
}

/** INDEX.tsv: file -> feature group (empty map if there is no index). */
export function readGroups(dir: string): Map<string, string> {
  const groups = new Map<string, string>();
  const index = join(dir, 'INDEX.tsv');
  if (!existsSync(index)) return groups;
  const lines = readFileSync(index, 'utf8').split('\n');
  const header = (lines[0] ?? '').split('\t');
  const pathCol = header.indexOf('path');
  const groupCol = header.indexOf('group');
  if (pathCol < 0 || groupCol < 0) return groups;
  for (const l of lines.slice(1)) {
    if (!l.trim()) continue;
    const cols = l.split('\t');
    const f = cols[pathCol];
    const g = cols[groupCol];
    if (f && g !== undefined) groups.set(f, g);
  }
  return groups;
}
