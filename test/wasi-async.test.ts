// Asynchronous stdin for WASI 0.2 guests (src/wasi/io/pull-source.ts, io/streams.ts, io/poll.ts,
// run.ts runCommandAsync): the Rust, Go and C command fixtures read stdin from an async
// generator, a ReadableStream, a node Readable and a promise-returning callback and must print
// exactly what runCommand prints for the same bytes given synchronously; a large input in many
// chunks; a failing source (last-operation-failed); the clear error in synchronous mode; a
// `timeout` limit stopping a command whose stdin never ends. A small hand-written component
// (STDIN_PROBE) checks the wasi-io semantics one call at a time: `read` never waits,
// `blocking-read`/`blocking-skip` do, `subscribe` + `block`, and `poll` racing stdin against a
// clock.

import { parse } from '@bytecodealliance/jco';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  compileComponent, createPreview1, createWasiHost, runCommand, runCommandAsync, RuntimeError, WebAssembly,
  type Component, type StdinOption,
} from '../src/index.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const enc = new TextEncoder();
const dec = new TextDecoder();

interface Fixture { name: string; file: string; args: string[] }
const FIXTURES: Fixture[] = [
  { name: 'Rust', file: 'test/fixtures/rust-cli/rust-cli.component.wasm', args: ['rust-cli', 'upper'] },
  { name: 'Go', file: 'test/fixtures/go-cli/go-cli.component.wasm', args: ['go-cli', 'lines'] },
  { name: 'C', file: 'test/fixtures/wasi/wasi_demo.component.wasm', args: ['wasi_demo', 'cat'] },
];
const compiled = new Map<string, Component>();
const component = (f: Fixture): Component => {
  let c = compiled.get(f.file);
  if (c === undefined) compiled.set(f.file, (c = compileComponent(readFileSync(f.file))));
  return c;
};

interface Outcome { stdout: string; stderr: string; code: number }

function capture() {
  const out: Uint8Array[] = [];
  const err: Uint8Array[] = [];
  return {
    stdout: (b: Uint8Array) => void out.push(b),
    stderr: (b: Uint8Array) => void err.push(b),
    result: (code: number): Outcome => ({ stdout: dec.decode(Buffer.concat(out)), stderr: dec.decode(Buffer.concat(err)), code }),
  };
}

const runSync = (f: Fixture, stdin: StdinOption): Outcome => {
  const io = capture();
  return io.result(runCommand(component(f), { args: f.args, stdin, stdout: io.stdout, stderr: io.stderr }));
};

const runAsync = async (f: Fixture, stdin: StdinOption, limits?: { timeout?: number }): Promise<Outcome> => {
  const io = capture();
  return io.result(await runCommandAsync(component(f), { args: f.args, stdin, stdout: io.stdout, stderr: io.stderr, limits }));
};

/** The input cut into `pieces` (sizes vary, some empty). */
function split(bytes: Uint8Array, pieces: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  let at = 0;
  for (let i = 0; i < pieces - 1 && at < bytes.length; i++) {
    const n = (i * 7919) % Math.max(1, Math.ceil((2 * bytes.length) / pieces));
    out.push(bytes.subarray(at, Math.min(bytes.length, at + n)));
    at = Math.min(bytes.length, at + n);
  }
  out.push(bytes.subarray(at));
  return out;
}

/** Yields the chunks, each after a timer (strings for every third one). */
async function* generator(chunks: Uint8Array[], ms = 1): AsyncGenerator<Uint8Array | string> {
  for (let i = 0; i < chunks.length; i++) {
    await sleep(ms);
    yield i % 3 === 2 ? dec.decode(chunks[i]) : chunks[i]!;
  }
}

function stream(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      await sleep(1);
      if (i < chunks.length) controller.enqueue(chunks[i++]!.slice());
      else controller.close();
    },
  });
}

function promiseCallback(chunks: Uint8Array[]): () => Promise<Uint8Array | null> {
  let i = 0;
  return () => sleep(1).then(() => (i < chunks.length ? chunks[i++]! : null));
}

// ASCII text (split anywhere without breaking a character) of `lines` lines.
const text = (lines: number) => enc.encode(Array.from({ length: lines }, (_, i) => `line ${i}: the quick brown fox ${'x'.repeat(i % 50)}\n`).join(''));

describe('WASI commands read stdin from asynchronous sources (runCommandAsync)', () => {
  const input = text(200);
  const chunks = split(input, 40);

  for (const f of FIXTURES) {
    it(`${f.name}: an async generator, a ReadableStream and a promise callback give what runCommand gives`, async () => {
      const expected = runSync(f, input);
      expect(expected.code).toBe(0);
      expect(expected.stdout.length).toBeGreaterThan(input.length / 2);
      expect(await runAsync(f, generator(chunks))).toEqual(expected);
      expect(await runAsync(f, stream(chunks))).toEqual(expected);
      expect(await runAsync(f, promiseCallback(chunks))).toEqual(expected);
      // a synchronous source through runCommandAsync too
      expect(await runAsync(f, input)).toEqual(expected);
    }, 60_000);
  }

  it('a large input (1.5 MiB in 4 KiB chunks, from a node Readable and a generator) comes through whole', async () => {
    const f = FIXTURES[0]!;
    const big = new Uint8Array(1536 * 1024).map((_, i) => (i % 61 === 60 ? 10 : 97 + (i % 26)));
    const pieces: Uint8Array[] = [];
    for (let i = 0; i < big.length; i += 4096) pieces.push(big.subarray(i, i + 4096));
    expect(pieces.length).toBe(384);
    let t = performance.now();
    const expected = runSync(f, big);
    const syncMs = performance.now() - t;
    expect(expected.stdout.length).toBe(big.length);
    expect(expected.stderr).toBe(`upper: ${big.length} bytes, ${Math.floor(big.length / 61)} lines\n`);
    t = performance.now();
    expect(await runAsync(f, Readable.from(pieces.map((p) => Buffer.from(p))))).toEqual(expected);
    const readableMs = performance.now() - t;
    async function* slow(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < pieces.length; i++) {
        if (i % 32 === 0) await sleep(1);
        yield pieces[i]!;
      }
    }
    expect(await runAsync(f, slow())).toEqual(expected);
    console.log(`1.5 MiB through rust-cli upper: runCommand ${syncMs.toFixed(0)} ms, runCommandAsync from a Readable ${readableMs.toFixed(0)} ms`);
  }, 120_000);

  it('a source that fails mid-way: the guest sees a read error (last-operation-failed) after the bytes before it', async () => {
    async function* failing(): AsyncGenerator<string> {
      yield 'good bytes\n';
      await sleep(2);
      throw new Error('network went away');
    }
    for (const f of [FIXTURES[0]!, FIXTURES[1]!]) {
      const r = await runAsync(f, failing());
      expect(r.code).toBe(1);
      expect(r.stdout).toBe(f.name === 'Rust' ? 'GOOD BYTES\n' : '1: good bytes\n');
      // Rust's std reports the adapter's EIO as "Uncategorized", Go as "I/O error"
      expect(r.stderr).toBe(f.name === 'Rust' ? 'upper: read error: Uncategorized\n' : 'lines: read /dev/stdin: I/O error\n');
    }
    // a rejected promise from the callback and an erroring ReadableStream: the same
    let calls = 0;
    const r1 = await runAsync(FIXTURES[0]!, () => (calls++ === 0 ? Promise.resolve(enc.encode('abc\n')) : Promise.reject(new Error('gone'))));
    const broken = new ReadableStream<Uint8Array>({ pull: (c) => c.error(new Error('stream broke')) });
    const r2 = await runAsync(FIXTURES[0]!, broken);
    expect(r1).toEqual({ code: 1, stdout: 'ABC\n', stderr: 'upper: read error: Uncategorized\n' });
    expect(r2).toEqual({ code: 1, stdout: '', stderr: 'upper: read error: Uncategorized\n' });
  }, 60_000);

  it('runCommand (synchronous) with an asynchronous source that must be waited for: a clear error naming runCommandAsync', () => {
    for (const f of FIXTURES) {
      const err = (() => {
        try {
          runSync(f, generator([enc.encode('x')]));
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(err).toBeInstanceOf(RuntimeError);
      expect((err as Error).message).toMatch(/blocking-read must wait for stdin, an asynchronous source .* runCommandAsync/);
    }
    // a callback that answers synchronously still works there, and one that returns a promise does not
    const chunks = [enc.encode('sync '), enc.encode('callback')];
    expect(runSync(FIXTURES[0]!, () => chunks.shift() ?? null).stdout).toBe('SYNC CALLBACK');
    expect(() => runSync(FIXTURES[0]!, () => Promise.resolve(null))).toThrow(/runCommandAsync/);
    // an asynchronous source that is never read is no problem
    const io = capture();
    expect(runCommand(component(FIXTURES[0]!), { args: ['rust-cli', 'args', 'a'], stdin: generator([]), stdout: io.stdout })).toBe(0);
    // preview1 (a core module) reads synchronously: it says so
    const p1 = createPreview1({ args: ['rust-cli', 'upper'], stdin: generator([enc.encode('x')]) });
    const core = new WebAssembly.Module(readFileSync('test/fixtures/rust-cli/rust-cli.core.wasm'));
    expect(() => p1.start(new WebAssembly.Instance(core, p1.imports as never) as never)).toThrow(/preview1 .* cannot wait/);
  }, 60_000);

  it('a timeout limit stops a command whose stdin never ends ("deadline exceeded")', async () => {
    async function* endless(): AsyncGenerator<string> {
      yield 'first line\n';
      await new Promise(() => {}); // never settles
    }
    let t = performance.now();
    await expect(runAsync(FIXTURES[0]!, endless(), { timeout: 300 })).rejects.toThrow('deadline exceeded');
    const ms = performance.now() - t;
    expect(ms).toBeGreaterThanOrEqual(250);
    expect(ms).toBeLessThan(5000);
    // a source that keeps trickling forever: stopped too
    async function* trickle(): AsyncGenerator<string> {
      for (;;) {
        await sleep(5);
        yield 'more\n';
      }
    }
    t = performance.now();
    await expect(runAsync(FIXTURES[2]!, trickle(), { timeout: 300 })).rejects.toThrow('deadline exceeded');
    expect(performance.now() - t).toBeLessThan(5000);
  }, 30_000);

  it('when the command ends, the source is released (the iterator\'s return(), the stream\'s cancel())', async () => {
    let started = false;
    let finished = false;
    async function* gen(): AsyncGenerator<string> {
      started = true;
      try {
        for (;;) {
          await sleep(1);
          yield 'y\n';
        }
      } finally {
        finished = true;
      }
    }
    const io = capture();
    // a command that does not read stdin: the source is never started
    expect(await runCommandAsync(component(FIXTURES[0]!), { args: ['rust-cli', 'args', 'a'], stdin: gen(), stdout: io.stdout })).toBe(0);
    expect(started).toBe(false);
    // `wc` reads an endless generator until the timeout stops it; the generator is then ended
    await expect(runCommandAsync(component(FIXTURES[0]!), { args: ['rust-cli', 'wc'], stdin: gen(), limits: { timeout: 100 } })).rejects.toThrow('deadline exceeded');
    expect(started).toBe(true);
    await sleep(20);
    expect(finished).toBe(true);
    let cancelled = false;
    const rs = new ReadableStream<Uint8Array>({
      pull: async (c) => {
        await sleep(1);
        c.enqueue(enc.encode('z'.repeat(100)));
      },
      cancel: () => {
        cancelled = true;
      },
    });
    await expect(runCommandAsync(component(FIXTURES[0]!), { args: ['rust-cli', 'wc'], stdin: rs, limits: { timeout: 100 } })).rejects.toThrow('deadline exceeded');
    expect(cancelled).toBe(true);
  }, 30_000);
});

// A component calling wasi:io directly: read / blocking-read / blocking-skip on stdin, and
// subscribe, ready, block, poll (racing stdin against monotonic-clock.subscribe-duration).
// Results: `result<list<u8>, u32>` / `result<u64, u32>` where the error is the stream-error case
// (0 last-operation-failed, 1 closed); `race` returns a bit mask of the ready indices (bit 0:
// stdin, bit 1: the clock).
const STDIN_PROBE = `(component
  (type $error-ty (instance (export "error" (type (sub resource)))))
  (import "wasi:io/error@0.2.0" (instance $error (type $error-ty)))
  (alias export $error "error" (type $err))
  (type $poll-ty (instance
    (export "pollable" (type $p (sub resource)))
    (type $b (borrow $p))
    (export "[method]pollable.ready" (func (param "self" $b) (result bool)))
    (export "[method]pollable.block" (func (param "self" $b)))
    (type $l (list $b))
    (type $r (list u32))
    (export "poll" (func (param "in" $l) (result $r)))))
  (import "wasi:io/poll@0.2.0" (instance $poll (type $poll-ty)))
  (alias export $poll "pollable" (type $pollable))
  (type $streams-ty (instance
    (alias outer 1 $err (type $e0))
    (export "error" (type $e (eq $e0)))
    (alias outer 1 $pollable (type $p0))
    (export "pollable" (type $p (eq $p0)))
    (export "input-stream" (type $is (sub resource)))
    (type $oe (own $e))
    (type $se0 (variant (case "last-operation-failed" $oe) (case "closed")))
    (export "stream-error" (type $se (eq $se0)))
    (type $b (borrow $is))
    (type $bytes (list u8))
    (type $rr (result $bytes (error $se)))
    (type $rs (result u64 (error $se)))
    (type $op (own $p))
    (export "[method]input-stream.read" (func (param "self" $b) (param "len" u64) (result $rr)))
    (export "[method]input-stream.blocking-read" (func (param "self" $b) (param "len" u64) (result $rr)))
    (export "[method]input-stream.blocking-skip" (func (param "self" $b) (param "len" u64) (result $rs)))
    (export "[method]input-stream.subscribe" (func (param "self" $b) (result $op)))))
  (import "wasi:io/streams@0.2.0" (instance $streams (type $streams-ty)))
  (alias export $streams "input-stream" (type $input-stream))
  (type $stdin-ty (instance
    (alias outer 1 $input-stream (type $is0))
    (export "input-stream" (type $is (eq $is0)))
    (type $o (own $is))
    (export "get-stdin" (func (result $o)))))
  (import "wasi:cli/stdin@0.2.0" (instance $stdin (type $stdin-ty)))
  (type $clock-ty (instance
    (alias outer 1 $pollable (type $p0))
    (export "pollable" (type $p (eq $p0)))
    (type $o (own $p))
    (export "subscribe-duration" (func (param "when" u64) (result $o)))))
  (import "wasi:clocks/monotonic-clock@0.2.0" (instance $clock (type $clock-ty)))

  (core module $memory-module
    (memory (export "mem") 1)
    (global $bump (mut i32) (i32.const 4096))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $bump) (i32.const 7)) (i32.const -8)))
      (global.set $bump (i32.add (local.get $p) (local.get 3)))
      (if (i32.gt_u (global.get $bump) (i32.mul (memory.size) (i32.const 65536)))
        (then (drop (memory.grow (i32.add (i32.shr_u (local.get 3) (i32.const 16)) (i32.const 1))))))
      (local.get $p)))
  (core instance $memory-instance (instantiate $memory-module))
  (alias core export $memory-instance "mem" (core memory $mem))
  (alias core export $memory-instance "realloc" (core func $realloc))

  (core func $get-stdin (canon lower (func $stdin "get-stdin")))
  (core func $read (canon lower (func $streams "[method]input-stream.read") (memory $mem) (realloc $realloc)))
  (core func $blocking-read (canon lower (func $streams "[method]input-stream.blocking-read") (memory $mem) (realloc $realloc)))
  (core func $blocking-skip (canon lower (func $streams "[method]input-stream.blocking-skip") (memory $mem)))
  (core func $subscribe (canon lower (func $streams "[method]input-stream.subscribe")))
  (core func $ready (canon lower (func $poll "[method]pollable.ready")))
  (core func $block (canon lower (func $poll "[method]pollable.block")))
  (core func $poll (canon lower (func $poll "poll") (memory $mem) (realloc $realloc)))
  (core func $duration (canon lower (func $clock "subscribe-duration")))
  (core func $drop-pollable (canon resource.drop $pollable))

  (core module $main
    (import "" "mem" (memory 1))
    (import "" "get-stdin" (func $get-stdin (result i32)))
    (import "" "read" (func $read (param i32 i64 i32)))
    (import "" "blocking-read" (func $blocking-read (param i32 i64 i32)))
    (import "" "blocking-skip" (func $blocking-skip (param i32 i64 i32)))
    (import "" "subscribe" (func $subscribe (param i32) (result i32)))
    (import "" "ready" (func $ready (param i32) (result i32)))
    (import "" "block" (func $block (param i32)))
    (import "" "poll" (func $poll (param i32 i32 i32)))
    (import "" "duration" (func $duration (param i64) (result i32)))
    (import "" "drop-pollable" (func $drop-pollable (param i32)))
    (global $h (mut i32) (i32.const 0))
    (func $stdin (result i32)
      (if (i32.eqz (global.get $h)) (then (global.set $h (call $get-stdin))))
      (global.get $h))
    ;; result<_, stream-error> at 64 (payload at 64 + $at) → result<_, u32>: the case index as the error
    (func $fix (param $at i32) (result i32)
      (if (i32.eq (i32.load8_u (i32.const 64)) (i32.const 1))
        (then (i32.store (i32.add (i32.const 64) (local.get $at)) (i32.load8_u (i32.add (i32.const 64) (local.get $at))))))
      (i32.const 64))
    (func (export "read") (param $n i32) (result i32)
      (call $read (call $stdin) (i64.extend_i32_u (local.get $n)) (i32.const 64))
      (call $fix (i32.const 4)))
    (func (export "blocking-read") (param $n i32) (result i32)
      (call $blocking-read (call $stdin) (i64.extend_i32_u (local.get $n)) (i32.const 64))
      (call $fix (i32.const 4)))
    (func (export "blocking-skip") (param $n i32) (result i32)
      (call $blocking-skip (call $stdin) (i64.extend_i32_u (local.get $n)) (i32.const 64))
      (call $fix (i32.const 8)))
    (func (export "ready-now") (result i32) (local $p i32) (local $r i32)
      (local.set $p (call $subscribe (call $stdin)))
      (local.set $r (call $ready (local.get $p)))
      (call $drop-pollable (local.get $p))
      (local.get $r))
    (func (export "wait") (result i32) (local $p i32) (local $r i32)
      (local.set $p (call $subscribe (call $stdin)))
      (call $block (local.get $p))
      (local.set $r (call $ready (local.get $p)))
      (call $drop-pollable (local.get $p))
      (local.get $r))
    (func (export "race") (param $ns i64) (result i32) (local $i i32) (local $mask i32)
      (i32.store (i32.const 128) (call $subscribe (call $stdin)))
      (i32.store (i32.const 132) (call $duration (local.get $ns)))
      (call $poll (i32.const 128) (i32.const 2) (i32.const 96))
      (block $done (loop $each
        (br_if $done (i32.ge_u (local.get $i) (i32.load (i32.const 100))))
        (local.set $mask (i32.or (local.get $mask)
          (i32.shl (i32.const 1) (i32.load (i32.add (i32.load (i32.const 96)) (i32.shl (local.get $i) (i32.const 2)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each)))
      (call $drop-pollable (i32.load (i32.const 128)))
      (call $drop-pollable (i32.load (i32.const 132)))
      (local.get $mask)))
  (core instance $main-instance (instantiate $main
    (with "" (instance
      (export "mem" (memory $mem))
      (export "get-stdin" (func $get-stdin))
      (export "read" (func $read))
      (export "blocking-read" (func $blocking-read))
      (export "blocking-skip" (func $blocking-skip))
      (export "subscribe" (func $subscribe))
      (export "ready" (func $ready))
      (export "block" (func $block))
      (export "poll" (func $poll))
      (export "duration" (func $duration))
      (export "drop-pollable" (func $drop-pollable))))))
  (type $bytes-or-error (result (list u8) (error u32)))
  (type $count-or-error (result u64 (error u32)))
  (func (export "read") (param "n" u32) (result $bytes-or-error) (canon lift (core func $main-instance "read") (memory $mem)))
  (func (export "blocking-read") (param "n" u32) (result $bytes-or-error) (canon lift (core func $main-instance "blocking-read") (memory $mem)))
  (func (export "blocking-skip") (param "n" u32) (result $count-or-error) (canon lift (core func $main-instance "blocking-skip") (memory $mem)))
  (func (export "ready-now") (result bool) (canon lift (core func $main-instance "ready-now")))
  (func (export "wait") (result bool) (canon lift (core func $main-instance "wait")))
  (func (export "race") (param "ns" u64) (result u32) (canon lift (core func $main-instance "race")))
)`;

type Probe = Record<'read' | 'blockingRead' | 'blockingSkip' | 'readyNow' | 'wait' | 'race', (...a: unknown[]) => Promise<unknown>>;

/** The stream-error case a ComponentError carries (0 last-operation-failed, 1 closed). */
async function errorCase(p: Promise<unknown>): Promise<unknown> {
  try {
    return { ok: await p };
  } catch (e) {
    return { err: (e as { payload?: unknown }).payload };
  }
}

describe('wasi-io semantics over an asynchronous stdin, from a guest', () => {
  let probe: Component;
  const instance = async (stdin: StdinOption, asyncMode = true) => {
    probe ??= compileComponent(await parse(STDIN_PROBE));
    return probe.instantiate(createWasiHost({ stdin }), { async: asyncMode }).exports as unknown as Probe;
  };
  const text = (v: unknown) => dec.decode((v as { ok: Uint8Array }).ok);

  it('read never waits; blocking-read waits for a byte or the end (closed); subscribe + block', async () => {
    async function* gen(): AsyncGenerator<string> {
      await sleep(30);
      yield 'ab';
      await sleep(30);
      yield 'cd';
      await sleep(30);
    }
    const x = await instance(gen());
    let t = performance.now();
    expect(await x.readyNow()).toBe(false);
    expect(await errorCase(x.read(10))).toEqual({ ok: new Uint8Array(0) });
    expect(performance.now() - t).toBeLessThan(25);
    expect(await x.wait()).toBe(true); // block: until 'ab' arrived
    expect(performance.now() - t).toBeGreaterThanOrEqual(20);
    expect(await x.readyNow()).toBe(true);
    expect(text(await errorCase(x.read(1)))).toBe('a');
    expect(text(await errorCase(x.blockingRead(10)))).toBe('b');
    t = performance.now();
    expect(text(await errorCase(x.blockingRead(10)))).toBe('cd'); // waited for the next chunk
    expect(performance.now() - t).toBeGreaterThanOrEqual(20);
    expect(await errorCase(x.blockingRead(10))).toEqual({ err: 1 }); // the end: closed
    expect(await errorCase(x.read(10))).toEqual({ err: 1 });
    expect(await x.readyNow()).toBe(true); // a closed stream is ready
  });

  it('blocking-skip waits like blocking-read', async () => {
    const x = await instance(promiseCallback([enc.encode('12345'), enc.encode('678')]));
    expect(await errorCase(x.blockingSkip(3))).toEqual({ ok: 3n });
    expect(await errorCase(x.blockingSkip(10))).toEqual({ ok: 2n });
    expect(await errorCase(x.blockingSkip(10))).toEqual({ ok: 3n });
    expect(await errorCase(x.blockingSkip(10))).toEqual({ err: 1 });
  });

  it('poll waits for whichever comes first: the clock or stdin', async () => {
    async function* late(): AsyncGenerator<string> {
      await sleep(300);
      yield 'late';
    }
    const x = await instance(late());
    let t = performance.now();
    expect(await x.race(20_000_000n)).toBe(0b10); // the 20 ms clock first
    const clockMs = performance.now() - t;
    expect(clockMs).toBeGreaterThanOrEqual(15);
    expect(clockMs).toBeLessThan(250);
    t = performance.now();
    expect(await x.race(10_000_000_000n)).toBe(0b01); // stdin (~300 ms) before the 10 s clock
    const stdinMs = performance.now() - t;
    expect(stdinMs).toBeLessThan(2000);
    expect(text(await errorCase(x.read(10)))).toBe('late');
    // both ready at once: poll returns both without waiting
    t = performance.now();
    expect(await x.race(0n)).toBe(0b11); // stdin is ready (its end), and so is a 0 ns clock
    expect(performance.now() - t).toBeLessThan(100);
  });

  it('a failing source: last-operation-failed once, then closed', async () => {
    let pulls = 0;
    const x = await instance(new ReadableStream<Uint8Array>({
      pull: (c) => (pulls++ === 0 ? c.enqueue(enc.encode('ok')) : c.error(new Error('broken pipe'))),
    }));
    expect(text(await errorCase(x.blockingRead(10)))).toBe('ok');
    expect(await errorCase(x.blockingRead(10))).toEqual({ err: 0 });
    expect(await errorCase(x.blockingRead(10))).toEqual({ err: 1 });
  });

  it('synchronous mode: read returns nothing, while block, poll and blocking-read name runCommandAsync', async () => {
    const x = await instance(generator([enc.encode('never seen')]), false);
    const sync = x as unknown as Record<string, (...a: unknown[]) => unknown>;
    expect(sync.read!(10)).toEqual(new Uint8Array(0));
    expect(sync.readyNow!()).toBe(false);
    expect(() => sync.wait!()).toThrow(/pollable\.block must wait for stdin.*runCommandAsync/);
    const y = await instance(generator([enc.encode('never seen')]), false) as unknown as Record<string, (...a: unknown[]) => unknown>;
    expect(() => y.race!(1_000_000n)).toThrow(/poll must wait for stdin.*runCommandAsync/);
    const z = await instance(generator([enc.encode('never seen')]), false) as unknown as Record<string, (...a: unknown[]) => unknown>;
    expect(() => z.blockingRead!(1)).toThrow(/blocking-read must wait for stdin.*runCommandAsync/);
    // a clock alone keeps the synchronous behaviour: poll on a synchronous stdin does not need async mode
    const w = await instance('ready', false) as unknown as Record<string, (...a: unknown[]) => unknown>;
    expect(w.race!(1_000_000_000n)).toBe(0b01);
  });
});
