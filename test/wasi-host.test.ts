// The WASI 0.2 host's pieces one by one: the import object's keys, opt-in capabilities, exit,
// streams, poll and clocks (with virtual time), random, sockets and http answering "not
// supported" (sockets through a real component: test/fixtures/wasi/sockets-probe.wat), options
// checking, and runCommand. Spec: WASI 0.2 (wasi-cli, wasi-io, wasi-clocks, wasi-random,
// wasi-sockets, wasi-http WIT).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '@bytecodealliance/jco';
import { describe, expect, it } from 'vitest';
import { compileComponent, ComponentError, LinkError, RuntimeError } from '../src/index.js';
import { createWasiHost, runCommand, WasiExit, WASI_P2_VERSIONS, MemoryFileSystem } from '../src/wasi/index.js';
import type { Descriptor } from '../src/wasi/fs/descriptor.js';
import type { InputStream, OutputStream } from '../src/wasi/io/streams.js';
import type { Pollable } from '../src/wasi/io/poll.js';
import { capture, component, FIXTURES } from './fixtures/wasi/harness.js';

type Iface = Record<string, any>;
const host = (o = {}) => createWasiHost(o) as Record<string, Iface>;

const INTERFACES = [
  'wasi:cli/environment', 'wasi:cli/exit', 'wasi:cli/stdin', 'wasi:cli/stdout', 'wasi:cli/stderr',
  'wasi:cli/terminal-input', 'wasi:cli/terminal-output', 'wasi:cli/terminal-stdin', 'wasi:cli/terminal-stdout',
  'wasi:cli/terminal-stderr', 'wasi:io/error', 'wasi:io/poll', 'wasi:io/streams', 'wasi:clocks/monotonic-clock',
  'wasi:clocks/wall-clock', 'wasi:random/random', 'wasi:random/insecure', 'wasi:random/insecure-seed',
  'wasi:filesystem/types', 'wasi:filesystem/preopens', 'wasi:sockets/network', 'wasi:sockets/instance-network',
  'wasi:sockets/tcp', 'wasi:sockets/tcp-create-socket', 'wasi:sockets/udp', 'wasi:sockets/udp-create-socket',
  'wasi:sockets/ip-name-lookup', 'wasi:http/types', 'wasi:http/outgoing-handler',
];

function payload(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    if (e instanceof ComponentError) return e.payload;
    throw e;
  }
  throw new Error('expected an error');
}

describe('import object', () => {
  it('has every interface as an own property, unversioned and at every 0.2.x', () => {
    const h = host();
    expect(WASI_P2_VERSIONS).toContain('0.2.0');
    expect(WASI_P2_VERSIONS).toContain('0.2.6');
    expect(WASI_P2_VERSIONS).toContain('0.2.12');
    for (const name of INTERFACES) {
      expect(Object.hasOwn(h, name), name).toBe(true);
      for (const v of WASI_P2_VERSIONS) expect(h[`${name}@${v}`], `${name}@${v}`).toBe(h[name]);
    }
    expect(Object.keys(h).length).toBe((INTERFACES.length + 1) * (WASI_P2_VERSIONS.length + 1)); // + clocks/timezone
  });

  it('resources are classes under their UpperCamelCase names', () => {
    const h = host();
    expect(typeof h['wasi:io/streams']!.OutputStream).toBe('function');
    expect(typeof h['wasi:io/error']!.Error).toBe('function');
    expect(typeof h['wasi:filesystem/types']!.Descriptor).toBe('function');
    expect(typeof h['wasi:filesystem/types']!.DirectoryEntryStream).toBe('function');
    expect(typeof h['wasi:http/types']!.Fields.fromList).toBe('function');
  });
});

describe('capabilities are opt-in', () => {
  it('gives nothing without options', () => {
    const h = host();
    expect(h['wasi:cli/environment']!.getArguments()).toEqual([]);
    expect(h['wasi:cli/environment']!.getEnvironment()).toEqual([]);
    expect(h['wasi:cli/environment']!.initialCwd()).toBeUndefined();
    expect(h['wasi:filesystem/preopens']!.getDirectories()).toEqual([]);
    expect(h['wasi:cli/terminal-stdout']!.getTerminalStdout()).toBeUndefined();
    const stdin: InputStream = h['wasi:cli/stdin']!.getStdin();
    expect(payload(() => stdin.read(10n))).toEqual({ tag: 'closed' });
    const stdout: OutputStream = h['wasi:cli/stdout']!.getStdout();
    stdout.blockingWriteAndFlush(new Uint8Array([1, 2, 3])); // dropped
  });

  it('hands out what it is given', () => {
    const h = host({ args: ['prog', 'a'], env: [['K', 'v'], ['K2', 'w']], cwd: '/work' });
    expect(h['wasi:cli/environment']!.getArguments()).toEqual(['prog', 'a']);
    expect(h['wasi:cli/environment']!.getEnvironment()).toEqual([['K', 'v'], ['K2', 'w']]);
    expect(h['wasi:cli/environment']!.initialCwd()).toBe('/work');
  });

  it('checks its options', () => {
    expect(() => host({ args: 'x' })).toThrow(TypeError);
    expect(() => host({ env: { 'A=B': 'c' } })).toThrow(/invalid environment variable/);
    expect(() => host({ stdin: 42 })).toThrow(TypeError);
    expect(() => host({ stdout: 'stdout' })).toThrow(TypeError);
    expect(() => host({ preopens: { '/x': '/definitely/not/here' } })).toThrow(/cannot open .* \(no-entry\)/);
    expect(() => host({ fs: new MemoryFileSystem(), preopens: { '/x': { path: 7 } } })).toThrow(TypeError);
  });
});

describe('wasi:cli/exit', () => {
  it('throws WasiExit with the code', () => {
    const exit = host()['wasi:cli/exit']!;
    const code = (f: () => void) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(WasiExit);
        expect(Object.hasOwn(e as object, 'payload')).toBe(false); // so the runtime propagates it
        return (e as WasiExit).code;
      }
      return undefined;
    };
    expect(code(() => exit.exit({ tag: 'ok' }))).toBe(0);
    expect(code(() => exit.exit({ tag: 'err' }))).toBe(1);
    expect(code(() => exit.exitWithCode(42))).toBe(42);
  });
});

describe('wasi:io/streams', () => {
  it('reads stdin in pieces, then closed', () => {
    const chunks = [new Uint8Array([1, 2, 3]), new Uint8Array(0), new Uint8Array([4])];
    const s: InputStream = host({ stdin: () => chunks.shift() ?? null })['wasi:cli/stdin']!.getStdin();
    expect(s.read(2n)).toEqual(new Uint8Array([1, 2]));
    expect(s.blockingRead(10n)).toEqual(new Uint8Array([3]));
    expect(s.read(0n)).toEqual(new Uint8Array(0));
    expect(s.skip(5n)).toBe(1n);
    expect(payload(() => s.read(1n))).toEqual({ tag: 'closed' });
    expect(s.subscribe().ready()).toBe(true);
  });

  it('stdin is shared by every stream the guest opens', () => {
    const h = host({ stdin: 'abcdef' });
    expect(new TextDecoder().decode(h['wasi:cli/stdin']!.getStdin().read(3n))).toBe('abc');
    expect(new TextDecoder().decode(h['wasi:cli/stdin']!.getStdin().read(3n))).toBe('def');
  });

  it('writes, write-zeroes and splices; check-write bounds write-zeroes', () => {
    const out: number[] = [];
    const h = host({ stdout: (b: Uint8Array) => out.push(...b), stdin: 'xyz' });
    const s: OutputStream = h['wasi:cli/stdout']!.getStdout();
    const budget = s.checkWrite();
    expect(budget).toBeGreaterThan(4096n);
    s.write(new Uint8Array([7]));
    s.writeZeroes(2n);
    expect(s.splice(h['wasi:cli/stdin']!.getStdin(), 2n)).toBe(2n);
    s.blockingFlush();
    expect(out).toEqual([7, 0, 0, 120, 121]);
    expect((payload(() => s.writeZeroes(budget + 1n)) as { tag: string }).tag).toBe('last-operation-failed');
  });

  it('a dropped stream is closed; the shared stdout is not', () => {
    const out: number[] = [];
    const h = host({ stdout: (b: Uint8Array) => out.push(...b) });
    const a: OutputStream = h['wasi:cli/stdout']!.getStdout();
    (a as unknown as { [Symbol.dispose](): void })[Symbol.dispose]();
    expect(payload(() => a.write(new Uint8Array([1])))).toEqual({ tag: 'closed' });
    h['wasi:cli/stdout']!.getStdout().write(new Uint8Array([2]));
    expect(out).toEqual([2]);
  });

  it('file stream failures carry a filesystem error code', () => {
    const fs = new MemoryFileSystem({ '/f': 'data' });
    const h = host({ fs });
    const [[dir]] = h['wasi:filesystem/preopens']!.getDirectories() as [Descriptor, string][];
    const file = dir!.openAt({}, 'f', {}, { read: true });
    const w = (() => {
      try {
        return file.writeViaStream(0n);
      } catch (e) {
        return (e as ComponentError).payload;
      }
    })();
    expect(w).toBe('bad-descriptor'); // not opened for writing
    const ioErr = new (h['wasi:io/error']!.Error)('boom', 'insufficient-space');
    expect(h['wasi:filesystem/types']!.filesystemErrorCode(ioErr)).toBe('insufficient-space');
    expect(ioErr.toDebugString()).toBe('boom');
  });
});

describe('wasi:io/poll and wasi:clocks with virtual time', () => {
  function virtual() {
    let t = 1000n;
    const slept: bigint[] = [];
    const h = host({ monotonicClock: () => t, wallClock: () => 1_700_000_000_123_456_789n, sleep: (ns: bigint) => { slept.push(ns); t += ns; } });
    return { h, slept, advance: (ns: bigint) => (t += ns) };
  }

  it('clocks report the overrides', () => {
    const { h } = virtual();
    expect(h['wasi:clocks/monotonic-clock']!.now()).toBe(1000n);
    expect(h['wasi:clocks/wall-clock']!.now()).toEqual({ seconds: 1_700_000_000n, nanoseconds: 123_456_789 });
    expect(h['wasi:clocks/monotonic-clock']!.resolution()).toBe(1n);
  });

  it('pollables wait for their instant; poll returns the ready ones', () => {
    const { h, slept, advance } = virtual();
    const mc = h['wasi:clocks/monotonic-clock']!;
    const poll = h['wasi:io/poll']!.poll as (p: Pollable[]) => Uint32Array;
    const soon: Pollable = mc.subscribeDuration(50n);
    const later: Pollable = mc.subscribeInstant(5000n);
    expect(soon.ready()).toBe(false);
    expect(poll([later, soon])).toEqual(new Uint32Array([1]));
    expect(slept).toEqual([50n]);
    const stream: Pollable = h['wasi:cli/stdout']!.getStdout().subscribe();
    expect(poll([later, stream])).toEqual(new Uint32Array([1]));
    advance(10_000n);
    expect(poll([later, stream])).toEqual(new Uint32Array([0, 1]));
    expect(() => poll([])).toThrow(RuntimeError);
  });

  it('a virtual clock that never advances cannot hang block or poll', () => {
    const h = host({ monotonicClock: () => 0n, sleep: () => {} });
    const p: Pollable = h['wasi:clocks/monotonic-clock']!.subscribeDuration(1_000_000_000_000n);
    p.block();
    expect(h['wasi:io/poll']!.poll([p])).toEqual(new Uint32Array([0]));
  });

  it('the real clock: monotonic never goes back, a 5 ms pollable takes 5 ms', () => {
    const mc = host()['wasi:clocks/monotonic-clock']!;
    const a: bigint = mc.now();
    mc.subscribeDuration(5_000_000n).block();
    const b: bigint = mc.now();
    expect(b - a).toBeGreaterThanOrEqual(5_000_000n);
    expect(b - a).toBeLessThan(2_000_000_000n);
  });
});

describe('wasi:random', () => {
  it('uses the sources given; the insecure seed is fixed per host', () => {
    let k = 0;
    const h = host({ randomBytes: (b: Uint8Array) => b.fill(++k) });
    // (the insecure seed took the first two fills when the host was made)
    expect(h['wasi:random/random']!.getRandomBytes(3n)).toEqual(new Uint8Array([3, 3, 3]));
    expect(h['wasi:random/random']!.getRandomU64()).toBe(0x0404040404040404n);
    const seed = h['wasi:random/insecure-seed']!.insecureSeed();
    expect(h['wasi:random/insecure-seed']!.insecureSeed()).toEqual(seed);
    expect(() => h['wasi:random/random']!.getRandomBytes(1n << 40n)).toThrow(RuntimeError);
  });

  it('defaults to crypto.getRandomValues', () => {
    const r = host()['wasi:random/insecure']!;
    expect(r.getInsecureRandomBytes(100_000n).length).toBe(100_000);
    expect(r.getInsecureRandomU64()).not.toBe(r.getInsecureRandomU64());
  });
});

describe('wasi:sockets and wasi:http: not supported, never a trap', () => {
  it('a component asking for a TCP socket and a name lookup gets error-code::not-supported', async () => {
    const bytes = await parse(readFileSync(join(FIXTURES, 'sockets-probe.wat'), 'utf8'));
    const probe = (compileComponent(bytes).instantiate(createWasiHost()).exports as { probe(): number }).probe;
    // create-tcp-socket: err(not-supported = 2); resolve-addresses: err(not-supported)
    expect(probe().toString(16)).toBe('1020102');
  });

  it('udp too', () => {
    expect(payload(() => host()['wasi:sockets/udp-create-socket']!.createUdpSocket('ipv4'))).toBe('not-supported');
  });

  it('http requests can be built; sending one fails with the interface\'s error-code', () => {
    const h = host()['wasi:http/types']!;
    const enc = new TextEncoder();
    const fields = h.Fields.fromList([['Content-Type', enc.encode('text/plain')]]);
    fields.append('x-a', enc.encode('1'));
    expect(fields.has('content-type')).toBe(true);
    expect(payload(() => h.Fields.fromList([['bad name', enc.encode('v')]]))).toEqual({ tag: 'invalid-syntax' });
    expect(payload(() => fields.set('x-b', [enc.encode('line\nbreak')]))).toEqual({ tag: 'invalid-syntax' });
    const req = new h.OutgoingRequest(fields);
    req.setMethod({ tag: 'post' });
    req.setPathWithQuery('/api?q=1');
    req.setScheme({ tag: 'HTTPS' });
    req.setAuthority('example.com');
    expect(req.method()).toEqual({ tag: 'post' });
    expect(payload(() => req.headers().append('x-c', enc.encode('2')))).toEqual({ tag: 'immutable' });
    expect(req.headers().entries().map(([k]: [string]) => k)).toEqual(['Content-Type', 'x-a']);
    const body = req.body();
    body.write().blockingWriteAndFlush(enc.encode('payload'));
    expect(payload(() => req.body())).toBeUndefined(); // result<_, _>: err without payload
    const handle = host()['wasi:http/outgoing-handler']!.handle;
    const err = payload(() => handle(req, undefined)) as { tag: string; val: string };
    expect(err.tag).toBe('internal-error');
    expect(err.val).toMatch(/not supported/);
  });
});

describe('runCommand', () => {
  it('maps success, exit codes and run errors', () => {
    const run = (args: string[]) => runCommand(component(), { args: ['wasi_demo', ...args], ...capture().options });
    expect(run(['args'])).toBe(0);
    expect(run(['exit', '0'])).toBe(0);
    expect(run(['exit', '9'])).toBe(1); // the preview1 adapter exits with err for any non-zero status
    expect(run([])).toBe(1);
  });

  it('passes extra imports along and refuses components that are not commands', async () => {
    const bytes = await parse('(component (import "f" (func)))');
    const c = compileComponent(bytes);
    expect(() => runCommand(c)).toThrow(LinkError); // the import is missing
    expect(() => runCommand(c, {}, { f: () => {} })).toThrow(/does not export wasi:cli\/run/);
  });

  it('stdout and stderr are told apart, and an inherit option is accepted', () => {
    const cap = capture();
    expect(runCommand(component(), { args: ['wasi_demo', 'exit', '2'], ...cap.options })).toBe(1);
    expect(cap.outcome(1)).toEqual({ stdout: 'stdout before exit\n', stderr: 'exiting with 2\n', code: 1 });
    expect(() => createWasiHost({ stdin: 'inherit', stdout: 'inherit', stderr: 'inherit' })).not.toThrow();
  });
});
