// The Rust and Go WASI command fixtures (test/fixtures/{rust-cli,go-cli}) on purewasm: the
// components through the WASI 0.2 host (runCommand) and the core modules through preview1,
// compared with the outputs recorded from jco + preview2-shim and node:wasi (expected.json beside
// each fixture; see test/fixtures/README.md for how they were produced). Cases marked
// jcoDeviates record node:wasi's behaviour where jco's glue is wrong (an empty-string argument).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileComponent, createPreview1, runCommand, WebAssembly } from '../src/index.js';

interface Case {
  name: string; args: string[]; env: Record<string, string>; stdin: string; preopen?: string;
  stdout: string; stderr: string; exit: number; coreExit: number;
}
interface Expected { argv0: string; component: string; core: string; cases: Case[] }

const decoder = new TextDecoder();

function io() {
  const out: Uint8Array[] = [];
  const err: Uint8Array[] = [];
  const join_ = (xs: Uint8Array[]) => decoder.decode(Buffer.concat(xs));
  return { out, err, stdout: (b: Uint8Array) => void out.push(b.slice()), stderr: (b: Uint8Array) => void err.push(b.slice()), text: () => [join_(out), join_(err)] };
}

// The clock case prints timing-dependent text only when something is wrong; it is compared as is.
const env = (c: Case) => Object.entries(c.env).filter(([k]) => !k.includes('='));

for (const fixture of ['rust-cli', 'go-cli']) {
  const dir = join('test/fixtures', fixture);
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;
  const component = compileComponent(readFileSync(join(dir, expected.component)));
  const core = new WebAssembly.Module(readFileSync(join(dir, expected.core)));
  const cases = expected.cases.filter((c) => !Object.keys(c.env).some((k) => k.includes('=')));

  describe(`${fixture} on purewasm`, () => {
    for (const c of cases) {
      it(`component: ${c.name}`, () => {
        const host = c.preopen ? mkdtempSync(join(tmpdir(), 'pw-fixture-')) : undefined;
        try {
          const s = io();
          const code = runCommand(component, {
            args: [expected.argv0, ...c.args], env: env(c), stdin: c.stdin, stdout: s.stdout, stderr: s.stderr,
            preopens: host && c.preopen ? { [c.preopen]: host } : undefined,
          });
          expect([...s.text(), code]).toEqual([c.stdout, c.stderr, c.exit]);
        } finally {
          if (host) rmSync(host, { recursive: true, force: true });
        }
      }, 30_000);

      it(`core module (preview1): ${c.name}`, () => {
        const host = c.preopen ? mkdtempSync(join(tmpdir(), 'pw-fixture-')) : undefined;
        try {
          const s = io();
          const w = createPreview1({
            args: [expected.argv0, ...c.args], env: env(c), stdin: c.stdin, stdout: s.stdout, stderr: s.stderr,
            preopens: host && c.preopen ? { [c.preopen]: host } : undefined,
          });
          const code = w.start(new WebAssembly.Instance(core, w.imports as never) as never);
          expect([...s.text(), code]).toEqual([c.stdout, c.stderr, c.coreExit]);
        } finally {
          if (host) rmSync(host, { recursive: true, force: true });
        }
      }, 30_000);
    }
  });
}

// The same programs through the command line (`purewasm run`), as users run them.
import { spawnSync } from 'node:child_process';

function cli(args: string[], stdin = ''): [string, string, number | null] {
  const r = spawnSync(process.execPath, ['bin/purewasm.mjs', 'run', ...args], { input: stdin, encoding: 'utf8', timeout: 60_000 });
  return [r.stdout, r.stderr, r.status];
}

describe('purewasm run on the fixtures', () => {
  const rust = JSON.parse(readFileSync('test/fixtures/rust-cli/expected.json', 'utf8')) as Expected;
  const go = JSON.parse(readFileSync('test/fixtures/go-cli/expected.json', 'utf8')) as Expected;
  const pick = (e: Expected, name: string): Case => e.cases.find((c) => c.name === name)!;

  it('a Rust command component: arguments and environment', () => {
    const c = pick(rust, 'env-named');
    const env = Object.entries(c.env).flatMap(([k, v]) => ['--env', `${k}=${v}`]);
    expect(cli([...env, 'test/fixtures/rust-cli/rust-cli.component.wasm', '--', ...c.args])).toEqual([c.stdout, c.stderr, c.exit]);
  }, 60_000);

  it('a Go core module (wasip1): stdin to stdout, stderr, exit status', () => {
    const c = pick(go, 'fail-flag') ?? pick(go, 'usage');
    expect(cli(['test/fixtures/go-cli/go-cli.core.wasm', '--', ...c.args], c.stdin)).toEqual([c.stdout, c.stderr, c.coreExit]);
    const u = go.cases.find((x) => x.stdin !== '' && !x.preopen)!;
    expect(cli(['test/fixtures/go-cli/go-cli.core.wasm', '--', ...u.args], u.stdin)).toEqual([u.stdout, u.stderr, u.coreExit]);
  }, 60_000);

  it('a Go command component with a preopened directory', () => {
    const c = go.cases.find((x) => x.preopen !== undefined)!;
    const host = mkdtempSync(join(tmpdir(), 'pw-cli-'));
    try {
      expect(cli(['--dir', `${host}::${c.preopen}`, 'test/fixtures/go-cli/go-cli.component.wasm', '--', ...c.args], c.stdin))
        .toEqual([c.stdout, c.stderr, c.exit]);
    } finally {
      rmSync(host, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('purewasm run on the C fixture', () => {
  // The C component's outputs under our host are compared with jco + preview2-shim in
  // test/wasi-component.test.ts; here the command line must give exactly what runCommand gives.
  const component = compileComponent(readFileSync('test/fixtures/wasi/wasi_demo.component.wasm'));
  for (const [args, stdin] of [[['upper'], 'hello C\nsecond'], [['args', 'x', 'y z'], ''], [['exit', '3'], '']] as [string[], string][]) {
    it(`wasi_demo ${args.join(' ')}`, () => {
      const s = io();
      const code = runCommand(component, { args: ['test/fixtures/wasi/wasi_demo.component.wasm', ...args], stdin, stdout: s.stdout, stderr: s.stderr });
      expect(cli(['test/fixtures/wasi/wasi_demo.component.wasm', '--', ...args], stdin)).toEqual([...s.text(), code]);
    }, 60_000);
  }
});
