// (c) WASI preview1: the fixture's core module (test/fixtures/wasi/wasi_demo.wasm, wasm32-wasi)
// on purewasm with createPreview1, against the same module on V8 with node's own `node:wasi`
// (uvwasi). stdout, stderr, exit code and the files left in the preopen must agree.

import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WASI } from 'node:wasi';
import { afterAll, describe, expect, it } from 'vitest';
import { WebAssembly as PureWasm } from '../src/index.js';
import { createPreview1, type WasiOptions } from '../src/wasi/index.js';
import { capture, coreBytes, makeSandbox, removeTmp, treeOf, type Case, type Outcome } from './fixtures/wasi/harness.js';

const CASES: Case[] = [
  { name: 'arguments', args: ['wasi_demo', 'args', 'hello world', '--flag=1', '', 'last'] },
  { name: 'environment', args: ['wasi_demo', 'env'], env: { HOME: '/home/guest', LANG: 'C', EMPTY: '' } },
  { name: 'non-ASCII arguments and environment', args: ['wasi_demo', 'args', 'grüße', '日本語', '🎉'], env: { CAFÉ: 'crème' } },
  { name: 'non-ASCII file names', args: ['wasi_demo', 'write', '/sandbox/notes/é-ü.txt', 'naïve'], sandbox: true },
  { name: 'stdin to stdout', args: ['wasi_demo', 'cat'], stdin: 'line one\nline two\n'.repeat(300) },
  { name: 'stdin transformed', args: ['wasi_demo', 'upper'], stdin: 'shout this\n' },
  { name: 'exit(3)', args: ['wasi_demo', 'exit', '3'] },
  { name: 'main returns 4', args: ['wasi_demo', 'return', '4'] },
  { name: 'usage error', args: ['wasi_demo'] },
  { name: 'files in a preopen', args: ['wasi_demo', 'files', '/sandbox'], sandbox: true },
  { name: 'listing', args: ['wasi_demo', 'ls', '/sandbox'], sandbox: true },
  { name: 'no preopen', args: ['wasi_demo', 'ls', '/sandbox'] },
  { name: 'clocks', args: ['wasi_demo', 'clock'] },
  { name: 'random', args: ['wasi_demo', 'random'] },
];

/** node's own WebAssembly (V8), the reference engine. */
const V8 = (globalThis as unknown as {
  WebAssembly: { Module: new (b: Uint8Array) => object; Instance: new (m: object, imports: object) => object };
}).WebAssembly;

const io = mkdtempSync(join(tmpdir(), 'purewasm-wasi-p1-'));
let n = 0;

type Result = Outcome & { tree?: Record<string, string> };

/** The module on purewasm with createPreview1. */
function runPurewasm(c: Case, extra: Partial<WasiOptions> = {}): Result {
  const cap = capture();
  const sandbox = c.sandbox ? makeSandbox() : undefined;
  const wasi = createPreview1({
    args: c.args, env: c.env, stdin: c.stdin, ...cap.options,
    ...(sandbox !== undefined ? { preopens: { '/sandbox': sandbox } } : {}), ...extra,
  });
  const instance = new PureWasm.Instance(new PureWasm.Module(coreBytes), wasi.imports);
  const code = wasi.start(instance);
  return { ...cap.outcome(code), ...(sandbox !== undefined ? { tree: treeOf(sandbox) } : {}) };
}

/** The module on V8 with node:wasi (stdio through files). */
function runNode(c: Case): Result {
  const sandbox = c.sandbox ? makeSandbox() : undefined;
  const base = join(io, `run-${n++}`);
  writeFileSync(`${base}.in`, c.stdin ?? '');
  const fds = [openSync(`${base}.in`, 'r'), openSync(`${base}.out`, 'w'), openSync(`${base}.err`, 'w')] as const;
  try {
    const wasi = new WASI({
      version: 'preview1', args: [...c.args], env: c.env ?? {}, returnOnExit: true,
      preopens: sandbox !== undefined ? { '/sandbox': sandbox } : {}, stdin: fds[0], stdout: fds[1], stderr: fds[2],
    });
    const instance = new V8.Instance(new V8.Module(coreBytes), wasi.getImportObject() as never);
    const code = wasi.start(instance as never);
    return {
      stdout: readFileSync(`${base}.out`, 'utf8'), stderr: readFileSync(`${base}.err`, 'utf8'), code,
      ...(sandbox !== undefined ? { tree: treeOf(sandbox) } : {}),
    };
  } finally {
    for (const fd of fds) closeSync(fd);
  }
}

afterAll(() => {
  removeTmp();
  rmSync(io, { recursive: true, force: true });
});

describe('(c) purewasm + createPreview1 agrees with V8 + node:wasi', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const reference = runNode(c);
      expect(runPurewasm(c)).toEqual(reference);
    });
  }

  it('the reference ran the program (sanity)', () => {
    const r = runNode(CASES.find((c) => c.name === 'files in a preopen')!);
    expect(r.stdout).toContain('ls /sandbox: 6 entries');
    expect(r.code).toBe(0);
  });
});
