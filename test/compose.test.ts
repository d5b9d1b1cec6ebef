// composeComponents (src/component/compose): plugging the Rust image-service
// (test/fixtures/image-service) into pipeline components that import
// `image-service:api/metadata`, then running the composed binary under purewasm and under jco
// (wasm-tools validates it, V8 runs the core code): identical results and log calls, equal to
// running the two components side by side without composition.
//   - `pipeline.wat` below: a component written in the text format (its own instance types);
//   - the same core code made a component by wit-component (jco componentEmbed + componentNew)
//     from WIT, so its import types alias `image-service:api/types` through outer aliases, plus
//     an import of its own (`pipeline:app/sink`) whose type aliases a type out of the plugged
//     `metadata` import — which the composed component must take from the provider's instance.

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { componentEmbed, componentNew, parse, print, transpile } from '@bytecodealliance/jco';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileComponent, CompileError, LinkError } from '../src/index.js';
import { composeComponents } from '../src/component/compose/index.js';
import { runCommand } from '../src/wasi/index.js';
import { jcoInstantiate } from './fixtures/compressor-js/jco-oracle.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, 'fixtures/image-service');
const provider = new Uint8Array(readFileSync(join(fixtures, 'image-service.component.wasm')));
const samples = readdirSync(join(fixtures, 'samples'))
  .filter((f) => f !== 'samples.json')
  .sort()
  .map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(fixtures, 'samples', name))) }));

/**
 * The pipeline's core code: `pixel-count(data) -> result<u64, string>` (width × height from
 * metadata.extract; err "not an image") and `format-name(data) -> option<string>` (the name of
 * metadata.detect-format's answer). Memory layouts (CanonicalABI.md "Storing"): extract's
 * result<image-info, image-error> at 256 (discriminant @0, image-info @8: format @8, width @12,
 * height @16, bit-depth @20, has-alpha @21, size-bytes @24); detect-format's option<image-format>
 * at 384 (discriminant @0, enum @1); pixel-count's own result at 512, format-name's at 640.
 */
function coreCode(opts: { log: boolean; sink: boolean }): string {
  return `
    ;; 16: "pixel-count" (11), 32: "not an image" (12), 48: "format-name" (11),
    ;; 64…: the format names 8 bytes apart, 112: their lengths
    (data (i32.const 16) "pixel-count")
    (data (i32.const 32) "not an image")
    (data (i32.const 48) "format-name")
    (data (i32.const 64) "jpeg\\00\\00\\00\\00png\\00\\00\\00\\00\\00webp\\00\\00\\00\\00avif\\00\\00\\00\\00gif\\00\\00\\00\\00\\00bmp")
    (data (i32.const 112) "\\04\\03\\04\\04\\03\\03")
    (func (export "${opts.sink ? 'pipeline:app/inspect#pixel-count' : 'pixel-count'}") (param $ptr i32) (param $len i32) (result i32)
      ${opts.log ? '(call $log (i32.const 1) (i32.const 16) (i32.const 11))' : ''}
      (call $extract (local.get $ptr) (local.get $len) (i32.const 256))
      (if (i32.eqz (i32.load8_u (i32.const 256)))
        (then
          ${opts.sink ? `(call $sink (i32.load8_u (i32.const 264)) (i32.load (i32.const 268)) (i32.load (i32.const 272))
                      (i32.load8_u (i32.const 276)) (i32.load8_u (i32.const 277)) (i64.load (i32.const 280)))` : ''}
          (i32.store8 (i32.const 512) (i32.const 0))
          (i64.store (i32.const 520)
            (i64.mul (i64.extend_i32_u (i32.load (i32.const 268))) (i64.extend_i32_u (i32.load (i32.const 272))))))
        (else
          (i32.store8 (i32.const 512) (i32.const 1))
          (i32.store (i32.const 520) (i32.const 32))
          (i32.store (i32.const 524) (i32.const 12))))
      (i32.const 512))
    (func (export "${opts.sink ? 'pipeline:app/inspect#format-name' : 'format-name'}") (param $ptr i32) (param $len i32) (result i32)
      (local $f i32)
      ${opts.log ? '(call $log (i32.const 1) (i32.const 48) (i32.const 11))' : ''}
      (call $detect (local.get $ptr) (local.get $len) (i32.const 384))
      (if (i32.eqz (i32.load8_u (i32.const 384)))
        (then (i32.store8 (i32.const 640) (i32.const 0)))
        (else
          (local.set $f (i32.load8_u (i32.const 385)))
          (i32.store8 (i32.const 640) (i32.const 1))
          (i32.store (i32.const 644) (i32.add (i32.const 64) (i32.shl (local.get $f) (i32.const 3))))
          (i32.store (i32.const 648) (i32.load8_u (i32.add (i32.const 112) (local.get $f))))))
      (i32.const 640))`;
}

const BUMP_ALLOCATOR = `
    (global $bump (mut i32) (i32.const 4096))
    (func $realloc (export "%NAME%") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $bump) (i32.sub (local.get 2) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get 2))))
      (global.set $bump (i32.add (local.get $p) (local.get 3)))
      (local.get $p))`;

/** A component in the text format: imports logging and metadata, exports pipeline:app/inspect. */
function pipelineWat(extractParam = '(list u8)'): string {
  return `(component
  (import "image-service:api/logging" (instance $logging
    (type $level (enum "trace" "debug" "info" "warn" "error"))
    (export "log-level" (type $lvl (eq $level)))
    (export "log" (func (param "level" $lvl) (param "message" string)))))
  (import "image-service:api/metadata" (instance $metadata
    (type $fmt (enum "jpeg" "png" "webp" "avif" "gif" "bmp"))
    (export "image-format" (type $f (eq $fmt)))
    (type $info (record (field "format" $f) (field "width" u32) (field "height" u32)
                        (field "bit-depth" u8) (field "has-alpha" bool) (field "size-bytes" u64)))
    (export "image-info" (type $i (eq $info)))
    (type $err (variant (case "invalid-data") (case "unsupported-format" string)
                        (case "io-error" string) (case "invalid-operation" string)))
    (export "image-error" (type $e (eq $err)))
    (export "detect-format" (func (param "data" (list u8)) (result (option $f))))
    (export "extract" (func (param "data" ${extractParam}) (result (result $i (error $e)))))))
  (core module $libc
    (memory (export "mem") 40)
    ${BUMP_ALLOCATOR.replace('%NAME%', 'realloc')})
  (core instance $libc (instantiate $libc))
  (alias core export $libc "mem" (core memory $mem))
  (alias core export $libc "realloc" (core func $realloc))
  (core func $log (canon lower (func $logging "log") (memory $mem)))
  (core func $extract (canon lower (func $metadata "extract") (memory $mem) (realloc $realloc)))
  (core func $detect (canon lower (func $metadata "detect-format") (memory $mem) (realloc $realloc)))
  (core module $m
    (import "libc" "mem" (memory 1))
    (import "host" "log" (func $log (param i32 i32 i32)))
    (import "host" "extract" (func $extract (param ${extractParam === '(list u8)' ? 'i32 i32' : 'i32'} i32)))
    (import "host" "detect" (func $detect (param i32 i32 i32)))
    ${coreCode({ log: true, sink: false }).replace('(call $extract (local.get $ptr) (local.get $len)', extractParam === '(list u8)' ? '(call $extract (local.get $ptr) (local.get $len)' : '(call $extract (local.get $len)')})
  (core instance $i (instantiate $m
    (with "libc" (instance $libc))
    (with "host" (instance (export "log" (func $log)) (export "extract" (func $extract)) (export "detect" (func $detect))))))
  (func $pixel-count (param "data" (list u8)) (result (result u64 (error string)))
    (canon lift (core func $i "pixel-count") (memory $mem) (realloc $realloc)))
  (func $format-name (param "data" (list u8)) (result (option string))
    (canon lift (core func $i "format-name") (memory $mem) (realloc $realloc)))
  (instance $inspect (export "pixel-count" (func $pixel-count)) (export "format-name" (func $format-name)))
  (export "pipeline:app/inspect" (instance $inspect))
)`;
}

/** The wit-component flavour: a core module with the Canonical ABI names, and its WIT. */
const sinkCore = `(module
    (import "image-service:api/metadata" "extract" (func $extract (param i32 i32 i32)))
    (import "image-service:api/metadata" "detect-format" (func $detect (param i32 i32 i32)))
    (import "pipeline:app/sink" "record-info" (func $sink (param i32 i32 i32 i32 i32 i64)))
    (memory (export "memory") 40)
    ${BUMP_ALLOCATOR.replace('%NAME%', 'cabi_realloc')}
    ${coreCode({ log: false, sink: true })})`;

const sinkWit = `package pipeline:app;

interface inspect {
  pixel-count: func(data: list<u8>) -> result<u64, string>;
  format-name: func(data: list<u8>) -> option<string>;
}

interface sink {
  use image-service:api/metadata.{image-info};
  record-info: func(info: image-info);
}

world pipeline {
  import image-service:api/metadata;
  import sink;
  export inspect;
}

package image-service:api {
${['types', 'metadata'].map((f) => readFileSync(join(here, `../wit/${f}.wit`), 'utf8').replace('package image-service:api;', '')).join('\n')}
}
`;

interface Inspect {
  pixelCount(data: Uint8Array): bigint;
  formatName(data: Uint8Array): string | undefined;
}
type Log = [string, unknown];
type Outcome = { ok: unknown } | { err: unknown };

function call(f: () => unknown): Outcome {
  try {
    return { ok: f() };
  } catch (e) {
    if ((e as { payload?: unknown }).payload === undefined) throw e;
    return { err: (e as { payload: unknown }).payload };
  }
}

/** Every sample through both functions, with the log calls each made. */
function runAll(inspect: Inspect, logs: Log[]): Array<{ sample: string; count: Outcome; name: Outcome; logs: Log[] }> {
  return samples.map(({ name, bytes }) => {
    logs.length = 0;
    const count = call(() => inspect.pixelCount(bytes));
    const formatName = call(() => inspect.formatName(bytes));
    return { sample: name, count, name: formatName, logs: [...logs] };
  });
}

function hostImports(logs: Log[]): Record<string, unknown> {
  return {
    'image-service:api/logging': { log: (level: string, message: string) => logs.push([level, message]) },
    'pipeline:app/sink': { recordInfo: (info: unknown) => logs.push(['sink', info]) },
  };
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  return Buffer.from(haystack.buffer, haystack.byteOffset, haystack.length).indexOf(Buffer.from(needle.buffer, needle.byteOffset, needle.length));
}

describe('composeComponents', () => {
  let watConsumer: Uint8Array;
  let sinkConsumer: Uint8Array;

  beforeAll(async () => {
    watConsumer = await parse(pipelineWat());
    sinkConsumer = await componentNew(await componentEmbed({ binary: await parse(sinkCore), witSource: sinkWit, world: 'pipeline:app/pipeline' }));
  });

  it('plugs the image-service into a text-format pipeline: same results under purewasm, jco and side by side', async () => {
    const composed = composeComponents(watConsumer, provider);
    // Both inputs are embedded byte for byte; composing is deterministic.
    expect(indexOf(composed, provider)).toBeGreaterThan(0);
    expect(indexOf(composed, watConsumer)).toBeGreaterThan(0);
    expect(composeComponents(watConsumer, provider)).toEqual(composed);

    const component = compileComponent(composed);
    expect([...component.imports.keys()]).toEqual(['image-service:api/logging', 'image-service:api/types']);
    expect([...component.exports.keys()]).toEqual(['pipeline:app/inspect']);

    const pureLogs: Log[] = [];
    const pure = runAll((component.instantiate(hostImports(pureLogs)).exports as { inspect: Inspect }).inspect, pureLogs);
    const jcoLogs: Log[] = [];
    const jco = runAll(((await jcoInstantiate(composed, hostImports(jcoLogs))) as { inspect: Inspect }).inspect, jcoLogs);
    // Side by side: the provider's metadata export handed to the consumer by the host.
    const sideLogs: Log[] = [];
    const metadata = (compileComponent(provider).instantiate(hostImports(sideLogs)).exports as Record<string, unknown>)['image-service:api/metadata'];
    const consumer = compileComponent(watConsumer).instantiate({ ...hostImports(sideLogs), 'image-service:api/metadata': metadata });
    const side = runAll((consumer.exports as { inspect: Inspect }).inspect, sideLogs);

    expect(pure).toEqual(jco);
    expect(pure).toEqual(side);
    const png = pure.find((r) => r.sample === 'png-rgba8.png')!;
    expect(png.count).toEqual({ ok: 851n });
    expect(png.name).toEqual({ ok: 'png' });
    expect(png.logs).toEqual([['debug', 'pixel-count'], ['info', 'extract: png 37x23, 8-bit, alpha, 2614 bytes'], ['debug', 'format-name']]);
    const text = pure.find((r) => r.sample === 'text.txt')!;
    expect(text.count).toEqual({ err: 'not an image' });
    expect(text.name).toEqual({ ok: undefined });
    expect(pure.filter((r) => 'ok' in r.count).length).toBeGreaterThan(20);
  });

  it('purewasm compose (the CLI) writes the same component as composeComponents', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'pw-compose-'));
    try {
      writeFileSync(join(tmp, 'consumer.wasm'), watConsumer);
      writeFileSync(join(tmp, 'provider.wasm'), provider);
      const r = spawnSync(process.execPath, ['bin/purewasm.mjs', 'compose', join(tmp, 'consumer.wasm'), join(tmp, 'provider.wasm'), '-o', join(tmp, 'out.wasm')], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(new Uint8Array(readFileSync(join(tmp, 'out.wasm')))).toEqual(composeComponents(watConsumer, provider));
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 60_000);

  it('copies import types that alias through a plugged import, after the provider instance they now come from', async () => {
    const composed = composeComponents(sinkConsumer, provider);
    const text = await print(composed); // wasm-tools reads it back
    // Top-level definitions are the lines indented by two spaces.
    const top = text.split('\n').filter((l) => /^  \(/.test(l));
    const sinkImport = top.findIndex((l) => l.startsWith('  (import "pipeline:app/sink"'));
    const providerInstance = top.findIndex((l) => /^  \(instance \(;\d+;\) \(instantiate 0$/.test(l));
    expect(providerInstance).toBeGreaterThan(0);
    expect(sinkImport).toBeGreaterThan(providerInstance);

    const component = compileComponent(composed);
    expect([...component.imports.keys()]).toEqual(['image-service:api/logging', 'image-service:api/types', 'pipeline:app/sink']);
    const pureLogs: Log[] = [];
    const pure = runAll((component.instantiate(hostImports(pureLogs)).exports as { inspect: Inspect }).inspect, pureLogs);
    const jcoLogs: Log[] = [];
    const jco = runAll(((await jcoInstantiate(composed, hostImports(jcoLogs))) as { inspect: Inspect }).inspect, jcoLogs);
    expect(pure).toEqual(jco);
    const png = pure.find((r) => r.sample === 'png-rgba8.png')!;
    expect(png.logs).toEqual([
      ['info', 'extract: png 37x23, 8-bit, alpha, 2614 bytes'],
      ['sink', { format: 'png', width: 37, height: 23, bitDepth: 8, hasAlpha: true, sizeBytes: 2614n }],
    ]);
  });

  it('composes its own output again (the composed component as a consumer)', () => {
    const once = composeComponents(watConsumer, provider);
    // Nothing of `once` is imported from image-service any more except logging and types, which
    // the provider does not export: a second plug finds nothing to connect.
    expect(() => composeComponents(once, provider)).toThrow(LinkError);
    // As the provider of a consumer that imports pipeline:app/inspect, it plugs fine.
    const user = `(component
      (import "pipeline:app/inspect" (instance $i
        (export "pixel-count" (func (param "data" (list u8)) (result (result u64 (error string)))))))
      (alias export $i "pixel-count" (func $f))
      (export "count" (func $f)))`;
    return parse(user).then((bytes) => {
      const twice = composeComponents(bytes, once);
      const c = compileComponent(twice);
      expect([...c.imports.keys()]).toEqual(['image-service:api/logging', 'image-service:api/types']);
      const { count } = c.instantiate(hostImports([])).exports as { count: (d: Uint8Array) => bigint };
      expect(count(samples.find((s) => s.name === 'gif-opaque-16.gif')!.bytes)).toBe(37n * 23n);
    });
  });

  it('plugs a WASI command (rust-cli) into a wrapper: its 17 WASI imports and their resources are copied', async () => {
    const wrapper = await parse(`(component
      (import "wasi:cli/run@0.2.12" (instance $run (export "run" (func (result (result))))))
      (import "pipeline:app/notes" (instance $notes (export "note" (func (param "step" u32)))))
      (core func $run (canon lower (func $run "run")))
      (core func $note (canon lower (func $notes "note")))
      (core module $m
        (import "h" "run" (func $run (result i32)))
        (import "h" "note" (func $note (param i32)))
        (func (export "run") (result i32) (call $note (i32.const 1)) (call $run) (call $note (i32.const 2))))
      (core instance $i (instantiate $m (with "h" (instance (export "run" (func $run)) (export "note" (func $note))))))
      (func $r (result (result)) (canon lift (core func $i "run")))
      (instance $e (export "run" (func $r)))
      (export "wasi:cli/run@0.2.12" (instance $e)))`);
    const cli = new Uint8Array(readFileSync(join(here, 'fixtures/rust-cli/rust-cli.component.wasm')));
    const composed = composeComponents(wrapper, cli);
    await transpile(composed, { name: 'wrapped', instantiation: 'sync' } as Parameters<typeof transpile>[1]); // wasm-tools validates it
    const component = compileComponent(composed);
    const wasi = [...compileComponent(cli).imports.keys()];
    expect(wasi).toHaveLength(17);
    expect([...component.imports.keys()]).toEqual([...wasi, 'pipeline:app/notes']);
    expect([...component.exports.keys()]).toEqual(['wasi:cli/run@0.2.12']);

    const run = (c: typeof component, extra: Record<string, unknown>) => {
      let stdout = '';
      let stderr = '';
      const exit = runCommand(c, {
        args: ['rust-cli', 'upper'],
        stdin: 'hello\ncomposed world\n',
        stdout: (b) => { stdout += Buffer.from(b).toString(); },
        stderr: (b) => { stderr += Buffer.from(b).toString(); },
      }, extra);
      return { exit, stdout, stderr };
    };
    const notes: number[] = [];
    const wrapped = run(component, { 'pipeline:app/notes': { note: (n: number) => notes.push(n) } });
    expect(wrapped).toEqual(run(compileComponent(cli), {}));
    expect(wrapped).toEqual({ exit: 0, stdout: 'HELLO\nCOMPOSED WORLD\n', stderr: 'upper: 21 bytes, 2 lines\n' });
    expect(notes).toEqual([1, 2]);
  });

  it('plugs a provider of a resource type: handles cross between the two nested instances', async () => {
    const wit = `package test:r;
interface counter {
  resource counter {
    constructor(start: u32);
    bump: func() -> u32;
  }
}
world provider { export counter; }
world consumer { import counter; export count-to: func(start: u32, n: u32) -> u32; }
`;
    // The provider's counters live in its memory (rep = address of the count).
    const counterProvider = await componentNew(await componentEmbed({ witSource: wit, world: 'test:r/provider', binary: await parse(`(module
      (import "[export]test:r/counter" "[resource-new]counter" (func $new (param i32) (result i32)))
      (memory (export "memory") 1)
      (global $n (mut i32) (i32.const 0))
      (func (export "test:r/counter#[constructor]counter") (param i32) (result i32)
        (global.set $n (i32.add (global.get $n) (i32.const 4)))
        (i32.store (global.get $n) (local.get 0))
        (call $new (global.get $n)))
      (func (export "test:r/counter#[method]counter.bump") (param i32) (result i32)
        (i32.store (local.get 0) (i32.add (i32.load (local.get 0)) (i32.const 1)))
        (i32.load (local.get 0))))`) }));
    // count-to(start, n): a new counter bumped n times, then dropped.
    const counterConsumer = await componentNew(await componentEmbed({ witSource: wit, world: 'test:r/consumer', binary: await parse(`(module
      (import "test:r/counter" "[constructor]counter" (func $new (param i32) (result i32)))
      (import "test:r/counter" "[method]counter.bump" (func $bump (param i32) (result i32)))
      (import "test:r/counter" "[resource-drop]counter" (func $drop (param i32)))
      (memory (export "memory") 1)
      (func (export "count-to") (param $start i32) (param $n i32) (result i32)
        (local $h i32) (local $r i32)
        (local.set $h (call $new (local.get $start)))
        (block $done (loop $l
          (br_if $done (i32.eqz (local.get $n)))
          (local.set $r (call $bump (local.get $h)))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br $l)))
        (call $drop (local.get $h))
        (local.get $r)))`) }));
    const composed = composeComponents(counterConsumer, counterProvider);
    const component = compileComponent(composed);
    expect([...component.imports.keys()]).toEqual([]);
    expect([...component.exports.keys()]).toEqual(['count-to']);
    const pure = component.instantiate({}).exports as { countTo: (start: number, n: number) => number };
    const jco = (await jcoInstantiate(composed, {})) as { countTo: (start: number, n: number) => number };
    for (const [start, n] of [[10, 5], [0, 1], [7, 0], [4_000_000_000, 3]] as const) {
      expect(pure.countTo(start, n)).toBe(jco.countTo(start, n));
    }
    expect(pure.countTo(10, 5)).toBe(15);
  });

  it('reports what does not fit with typed errors', async () => {
    expect(() => composeComponents(watConsumer, watConsumer)).toThrow(
      /^compose: the provider exports nothing the consumer imports \(consumer imports: image-service:api\/logging, image-service:api\/metadata; provider exports: pipeline:app\/inspect\)$/,
    );
    const mismatched = await parse(pipelineWat('u32'));
    let caught: unknown;
    try {
      composeComponents(mismatched, provider);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(LinkError);
    expect((caught as Error).message).toMatch(/^compose: the components do not fit together: .*image-service:api\/metadata/);
    expect(() => composeComponents(new Uint8Array([0, 97, 115, 109, 13, 0, 1, 0, 99]), provider)).toThrow(CompileError);
    expect(() => composeComponents(watConsumer, new Uint8Array(readFileSync(join(fixtures, 'image-service.core.wasm'))))).toThrow(
      /^compose: the provider is not a valid component: /,
    );
  });
});
