// The plugin host example (examples/plugin-host) on the plugin fixtures
// (test/fixtures/plugins/components: greeter, JavaScript via componentize-qjs; faulty, Rust,
// traps in init) plus files that are not plugins: random bytes, a truncated component, a core
// module and a component without the plugin exports. Each bad file is one failure line; the
// greeter keeps working (its log calls, events and shutdown happen as it says). quiet.wat, a
// plugin declaring no capabilities, checks that the host holds plugins to what they declare.

import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '@bytecodealliance/jco';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPlugin, type HostEvent, type LoadedPlugin } from '../examples/plugin-host/host.js';
import { main } from '../examples/plugin-host/main.js';

const here = dirname(fileURLToPath(import.meta.url));
const components = join(here, 'fixtures/plugins/components');
const greeterBytes = new Uint8Array(readFileSync(join(components, 'greeter-js.wasm')));
const faultyBytes = new Uint8Array(readFileSync(join(components, 'faulty-rust.wasm')));

describe('plugin host', () => {
  let dir: string;
  let quietBytes: Uint8Array;

  beforeAll(async () => {
    quietBytes = await parse(readFileSync(join(here, 'fixtures/plugins/quiet.wat'), 'utf8'));
    dir = mkdtempSync(join(tmpdir(), 'plugin-host-'));
    for (const f of readdirSync(components)) copyFileSync(join(components, f), join(dir, f));
    writeFileSync(join(dir, 'a-random.wasm'), Uint8Array.from({ length: 64 }, (_, i) => (i * 97 + 13) & 0xff));
    writeFileSync(join(dir, 'b-truncated.wasm'), faultyBytes.subarray(0, 2000));
    writeFileSync(join(dir, 'c-core.wasm'), readFileSync(join(here, 'fixtures/plugins/faulty-rust/faulty-rust.core.wasm')));
    writeFileSync(
      join(dir, 'd-not-a-plugin.wasm'),
      await parse('(component (core module $m (func (export "f") (result i32) i32.const 7)) (core instance $i (instantiate $m)) (func (export "f") (result u32) (canon lift (core func $i "f"))))'),
    );
    writeFileSync(join(dir, 'notes.txt'), 'not scanned: not a .wasm file');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists the good plugin, reports every bad file in one line, and the good one keeps working', () => {
    const lines: string[] = [];
    const status = main([dir, '--config', 'name=Ada', '--config', 'faulty.name=nobody', '--set', 'repeat=2'], (l) => lines.push(l));
    expect(status).toBe(0);
    expect(lines).toEqual([
      '  [faulty] warn: init with 1 setting(s)',
      '  [greeter] info: greeting Ada 2 time(s)',
      '  [greeter] event greeting: "hello, Ada #1"',
      '  [greeter] event greeting: "hello, Ada #2"',
      '1 plugin(s) loaded, 5 failed:',
      'ok      greeter 1.2.0 (greeter-js.wasm): Greets someone through host events [read-config, emit-events, log] tags: example, javascript',
      expect.stringMatching(/^FAILED {2}a-random\.wasm: not a valid component: .*\(at offset 0x[0-9a-f]+\)$/),
      expect.stringMatching(/^FAILED {2}b-truncated\.wasm: not a valid component: .*\(at offset 0x[0-9a-f]+\)$/),
      'FAILED  c-core.wasm: a core WebAssembly module, not a component',
      'FAILED  d-not-a-plugin.wasm: not a plugin: it does not export plugin-system:api/plugin-metadata and plugin-system:api/plugin-lifecycle',
      'FAILED  faulty-rust.wasm: faulty 0.1.0: init trapped: unreachable',
      '  [greeter] event goodbye: [2]',
      '  [greeter] debug: shut down after 2 greeting(s)',
    ]);
  });

  it('gives each plugin its own config, returns init errors, and enforces declared capabilities', () => {
    const events: HostEvent[] = [];
    const logs: string[] = [];
    const options = {
      config: { 'greeter.name': 'Bo', name: 'everyone' },
      onEvent: (e: HostEvent) => events.push(e),
      onLog: (plugin: string, level: string, message: string) => logs.push(`${plugin} ${level} ${message}`),
    };
    const greeter = loadPlugin('g.wasm', greeterBytes, { ...options, settings: [['repeat', '1']] }) as LoadedPlugin;
    expect(greeter.info).toEqual({
      name: 'greeter',
      version: '1.2.0',
      description: 'Greets someone through host events',
      capabilities: { readConfig: true, emitEvents: true, log: true },
      tags: ['example', 'javascript'],
    });
    expect(events.map((e) => [e.plugin, e.name, new TextDecoder().decode(e.payload)])).toEqual([['greeter', 'greeting', 'hello, Bo #1']]);
    expect(greeter.shutdown()).toBeUndefined();
    expect(events.at(-1)).toEqual({ plugin: 'greeter', name: 'goodbye', payload: new Uint8Array([1]) });

    // init returning err (not a trap): reported with the plugin's own message.
    logs.length = 0;
    expect(loadPlugin('g.wasm', greeterBytes, { ...options, settings: [['repeat', 'lots']] })).toEqual({
      file: 'g.wasm',
      stage: 'init',
      message: 'greeter 1.2.0: init failed: bad repeat setting "lots"',
    });
    expect(logs).toEqual(['greeter error repeat must be a whole number from 1 to 10, got "lots"']);

    // The faulty plugin declares only `log`: its describe works, init traps after logging.
    logs.length = 0;
    expect(loadPlugin('f.wasm', faultyBytes, { ...options, settings: [] })).toEqual({
      file: 'f.wasm',
      stage: 'init',
      message: 'faulty 0.1.0: init trapped: unreachable',
    });
    expect(logs).toEqual(['faulty warn init with 0 setting(s)']);

    // A plugin that declares no capabilities: its log call is dropped, emit-event refused.
    logs.length = 0;
    events.length = 0;
    expect(loadPlugin('q.wasm', quietBytes, options)).toEqual({
      file: 'q.wasm',
      stage: 'init',
      message: 'quiet 0.0.1: init failed: quiet did not declare the emit-events capability',
    });
    expect(logs).toEqual([]);
    expect(events).toEqual([]);
  });
});
