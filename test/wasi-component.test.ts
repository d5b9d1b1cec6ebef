// The WASI 0.2 host against the reference. A C command (test/fixtures/wasi/wasi_demo.c, made a
// component with jco's preview1 adapter) runs (a) on purewasm with createWasiHost and under
// `jco run`'s setup (jco's transpiled JS on node's WebAssembly, @bytecodealliance/preview2-shim
// for WASI) — stdout, stderr, exit code and the files left behind must agree; (b) on purewasm
// with preview2-shim supplying WASI through purewasm's component API, which must agree with our
// host too: the shim and createWasiHost are interchangeable.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOurs, runShim, transpiled, treeOf, removeTmp, type Case, type Outcome } from './fixtures/wasi/harness.js';

const binary = Array.from({ length: 3000 }, (_, i) => String.fromCharCode(32 + ((i * 7) % 95))).join('') + '\n';

const CASES: Case[] = [
  { name: 'arguments', args: ['wasi_demo', 'args', 'hello world', '--flag=1', '', 'last'] },
  { name: 'environment', args: ['wasi_demo', 'env'], env: { HOME: '/home/guest', LANG: 'C', EMPTY: '', 'WITH=EQUALS': 'no' } },
  { name: 'no environment', args: ['wasi_demo', 'env'] },
  { name: 'stdin to stdout', args: ['wasi_demo', 'cat'], stdin: `line one\nline two\n${binary}` },
  { name: 'empty stdin', args: ['wasi_demo', 'cat'] },
  { name: 'stdin transformed', args: ['wasi_demo', 'upper'], stdin: 'shout this\n' },
  { name: 'exit(3)', args: ['wasi_demo', 'exit', '3'] },
  { name: 'exit(0)', args: ['wasi_demo', 'exit', '0'] },
  { name: 'main returns 4', args: ['wasi_demo', 'return', '4'] },
  { name: 'usage error', args: ['wasi_demo'] },
  { name: 'files in a preopen', args: ['wasi_demo', 'files', '/sandbox'], sandbox: true },
  { name: 'listing', args: ['wasi_demo', 'ls', '/sandbox/notes'], sandbox: true },
  { name: 'write a file', args: ['wasi_demo', 'write', '/sandbox/new.txt', 'fresh'], sandbox: true },
  { name: 'no preopen', args: ['wasi_demo', 'read', '/sandbox/input.txt'] },
  { name: 'clocks', args: ['wasi_demo', 'clock'] },
  { name: 'random', args: ['wasi_demo', 'random'] },
  { name: 'non-ASCII arguments', args: ['wasi_demo', 'args', 'grüße', '🎉'] },
];

/**
 * Known to fail because of the component runtime, not the host: a host string with non-ASCII
 * characters is lowered with realloc(0,0,1,n) then realloc(ptr,n,1,3n) then a shrinking realloc
 * (definitions.py store_string_to_utf8 for a UTF-16 source), and the preview1 adapter's import
 * realloc only serves fresh allocations (it panics: "cannot leave component instance"). jco
 * encodes host strings to UTF-8 first and allocates once. Remove from this set when canon
 * lowers host strings that way.
 */
const RUNTIME_BUGS = new Set<string>(); // cases the runtime is known to fail (none now)

// The environment case puts an invalid name in: drop it for the hosts (ours rejects it up front).
function hostCase(c: Case): Case {
  if (c.env === undefined) return c;
  return { ...c, env: Object.fromEntries(Object.entries(c.env).filter(([k]) => !k.includes('='))) };
}

function comparable(o: Outcome & { sandbox?: string }): Outcome & { tree?: Record<string, string> } {
  return { stdout: o.stdout, stderr: o.stderr, code: o.code, ...(o.sandbox !== undefined ? { tree: treeOf(o.sandbox) } : {}) };
}

let jcoDir: string;
const reference = new Map<string, ReturnType<typeof comparable>>();

beforeAll(async () => {
  jcoDir = await transpiled();
  const runs = await Promise.all(CASES.map((c) => runShim('jco', hostCase(c), jcoDir)));
  CASES.forEach((c, i) => reference.set(c.name, comparable(runs[i]!)));
});

afterAll(removeTmp);

describe('(a) purewasm + createWasiHost agrees with jco + preview2-shim', () => {
  for (const c of CASES) {
    (RUNTIME_BUGS.has(c.name) ? it.fails : it)(c.name, () => {
      const ours = comparable(runOurs(hostCase(c)));
      expect(ours).toEqual(reference.get(c.name));
    });
  }

  it('the reference ran the program (sanity)', () => {
    expect(reference.get('arguments')!.stdout).toContain('argv[2]=hello world');
    expect(reference.get('files in a preopen')!.stdout).toContain('rename a.txt b.txt: ok');
    expect(reference.get('exit(3)')!.code).toBe(1);
    expect(reference.get('non-ASCII arguments')!.stdout).toContain('argv[2]=grüße');
  });
});

describe('(b) purewasm with preview2-shim as its WASI host agrees with createWasiHost', () => {
  const SHIM_CASES = ['environment', 'stdin to stdout', 'exit(3)', 'files in a preopen'];
  const shimRuns = new Map<string, ReturnType<typeof comparable>>();

  beforeAll(async () => {
    const cases = CASES.filter((c) => SHIM_CASES.includes(c.name));
    const runs = await Promise.all(cases.map((c) => runShim('purewasm', hostCase(c), jcoDir)));
    cases.forEach((c, i) => shimRuns.set(c.name, comparable(runs[i]!)));
  });

  for (const name of SHIM_CASES) {
    it(name, () => {
      const c = CASES.find((k) => k.name === name)!;
      expect(shimRuns.get(name)).toEqual(comparable(runOurs(hostCase(c))));
    });
  }
});
