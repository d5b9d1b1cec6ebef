// The purewasm command line (src/cli): `invoke` on an export of every WIT type (a component
// written in text, test/fixtures/cli/echo.wat, converted here with jco's `parse`), `wit` against
// `jco wit` (the world lines must be identical) and against itself through jco's WIT → component
// (componentEmbed + componentNew: the printed WIT must be accepted and describe the same
// component), and the errors: one line on stderr, a non-zero status, no stack trace. Most checks
// call main() in-process; a few spawn bin/purewasm.mjs to check the real program.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { componentEmbed, componentNew, componentWit, parse } from '@bytecodealliance/jco';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { parseRunArgs } from '../src/cli/args.js';
import type { HostOptions, WasiApi } from '../src/cli/wasi.js';
import { compileComponent } from '../src/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const fixtures = join(root, 'test/fixtures/cli');
let dir = '';
const file = (name: string): string => join(dir, name);

function cli(...argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } }, { HOME_DIR: '/home/x' });
  return { code, out, err };
}

function spawn(...argv: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [join(root, 'bin/purewasm.mjs'), ...argv], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

async function fromWit(source: string, world: string): Promise<Uint8Array> {
  return componentNew(await componentEmbed({ dummy: true, witSource: source, world }));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'purewasm-cli-'));
  writeFileSync(file('echo.wasm'), await parse(readFileSync(join(fixtures, 'echo.wat'), 'utf8')));
  writeFileSync(file('shapes.wasm'), await fromWit(readFileSync(join(fixtures, 'wit/shapes.wit'), 'utf8'), 'shapes'));
  writeFileSync(file('deps.wasm'), await fromWit(readFileSync(join(fixtures, 'wit/deps.wit'), 'utf8'), 'app'));
  writeFileSync(file('module.wasm'), await parse('(module (func (export "f")))'));
  // valid, but a world cannot export a type: not expressible in WIT
  writeFileSync(file('anon.wasm'), await parse('(component (type $r (record (field "a" u32))) (export "t" (type $r)))'));
  writeFileSync(file('text.wasm'), 'not wasm at all');
  writeFileSync(file('start.wasm'), await parse('(module (memory (export "memory") 1) (func (export "_start")))'));
  // a component that calls its import `log` and exports a WASI command
  writeFileSync(file('logger.wasm'), await parse(`(component
    (import "log" (func $log (param "x" u32)))
    (core func $log-core (canon lower (func $log)))
    (core module $m (import "host" "log" (func $l (param i32))) (func (export "f") (param i32) (call $l (local.get 0))))
    (core instance $h (export "log" (func $log-core)))
    (core instance $i (instantiate $m (with "host" (instance $h))))
    (func (export "call-log") (param "x" u32) (canon lift (core func $i "f"))))`));
  writeFileSync(file('command.wasm'), await fromWit(
    'package wasi:cli@0.2.3; interface run { run: func() -> result; } world command { export run; }', 'command'));
}, 60_000);

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

/** [call, printed result] for every kind of value the echo component has an export for. */
const CALLS: [string, string][] = [
  ['echo-bool(true)', 'true'],
  ['echo-s8(-128)', '-128'],
  ['echo-u8(255)', '255'],
  ['echo-s16(-32768)', '-32768'],
  ['echo-u16(65535)', '65535'],
  ['echo-s32(-2147483648)', '-2147483648'],
  ['echo-u32(4294967295)', '4294967295'],
  ['echo-s64(-9223372036854775808)', '-9223372036854775808'],
  ['echo-u64(18446744073709551615)', '18446744073709551615'],
  ['echo-f32(3.4028234664e38)', '340282350000000000000000000000000000000'],
  ['echo-f32(nan)', 'nan'],
  ['echo-f64(-0.1e-2)', '-0.001'],
  ['echo-f64(-inf)', '-inf'],
  ["echo-char('\\u{1F30A}')", "'🌊'"],
  ["echo-char('\\'')", "'\\''"],
  ['echo-string("tab\\there \\"q\\" \\u{7}")', '"tab\\there \\"q\\" \\u{7}"'],
  ['echo-string("""\n  multi\n  line\n  """)', '"multi\\nline"'],
  ['echo-bytes([0, 1, 255,])', '[0, 1, 255]'],
  ['echo-strings(["a", "", "ü"])', '["a", "", "ü"]'],
  ['echo-floats([1.5, -0, inf, 0.1])', '[1.5, -0, inf, 0.1]'],
  ['echo-tuple((7, "s", 2.5))', '(7, "s", 2.5)'],
  ['echo-option(5)', 'some(5)'],
  ['echo-option(some(6))', 'some(6)'],
  ['echo-option(none)', 'none'],
  ['echo-option2(some(none))', 'some(none)'],
  ['echo-option2(some(some(3)))', 'some(some(3))'],
  ['echo-option2(none)', 'none'],
  ['echo-result(7)', 'ok(7)'],
  ['echo-result(err("boom"))', 'err("boom")'],
  ['echo-unit-result(ok)', 'ok'],
  ['echo-unit-result(err)', 'err'],
  ['shapes.echo-point({y: -2, x: 1})', '{x: 1, y: -2}'],
  ['shapes.echo-point({x: 1, y: 2, label: "p"})', '{x: 1, y: 2, label: some("p")}'],
  ['shapes.echo-points([{x: 1, y: 2, label: none}, {x: 3, y: 4, label: some("q")}])', '[{x: 1, y: 2}, {x: 3, y: 4, label: some("q")}]'],
  ['shapes.echo-shape(rect({x: 0, y: 0}))', 'rect({x: 0, y: 0})'],
  ['shapes.echo-shape(circle(2.5))', 'circle(2.5)'],
  ['shapes.echo-shape(%none)', '%none'],
  ['shapes.echo-shape(empty)', 'empty'],
  ['shapes.echo-color(%ok)', '%ok'],
  ['shapes.echo-color(green)', 'green'],
  ['shapes.echo-perms({exec, read})', '{read, exec}'],
  ['shapes.echo-perms({})', '{}'],
  ['add(2, 3)', '5'],
  ['demo:cli/math@1.0.0#mul(-3, 4)', '-12'],
  ['demo:cli/math#mul(2, 2)', '4'],
  ['math.mul(5, 5)', '25'],
  ['demo:cli/math.mul@1.0.0(6, 6)', '36'],
  ['demo:cli/shapes@1.0.0#echo-color(red)', 'red'],
];

describe('purewasm invoke', () => {
  it('calls an export of every WIT type and prints the results in WAVE', () => {
    const r = cli('invoke', file('echo.wasm'), ...CALLS.map(([c]) => c), 'nothing()');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out.split('\n')).toEqual([...CALLS.map(([, out]) => out), '']); // nothing() prints nothing
  });

  it('run --invoke is the same; calls share one instance', () => {
    const r = cli('run', '--invoke', 'add(40, 2)', '--invoke=echo-string("x")', file('echo.wasm'));
    expect(r).toEqual({ code: 0, out: '42\n"x"\n', err: '' });
  });

  it('checks every call before running any', () => {
    const r = cli('invoke', file('echo.wasm'), 'add(1, 2)', 'add(1)');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toBe('purewasm: bad WAVE: missing argument b at column 6 of "add(1)"\n');
  });

  it('reports bad calls in one line', () => {
    const cases: [string, RegExp][] = [
      ['nope()', /no exported function `nope` \(exported functions: echo-bool, echo-s8, .*in all\)\)/],
      ['add(1, -2)', /bad WAVE: -2 is out of range for u32 at columns 8-9 of "add\(1, -2\)"/],
      ['add(1, 2, 3)', /too many arguments: the function takes 2/],
      ['add', /expected `\(` and the arguments/],
      ['echo-string(\'x\')', /expected string, got a char/],
      ['shapes.echo-color(ok)', /write %ok for the case named ok/],
      ['shapes.echo-point({x: 1})', /missing field "y"/],
      ['echo-option2(5)', /expected option<option<u8>>, got the number 5/],
      ['math.div(1, 2)', /no exported function `math.div`/],
      ['other.mul(1, 2)', /no exported function `other.mul`/],
      ['echo-u8(1', /unexpected end of input/],
    ];
    for (const [call, want] of cases) {
      const r = cli('invoke', file('echo.wasm'), call);
      expect(r.code, call).toBe(1);
      expect(r.out).toBe('');
      expect(r.err, call).toMatch(want);
      expect(r.err.trimEnd().split('\n'), call).toHaveLength(1);
    }
  });

  it('a trap, a missing import, a method, a core module, a missing file, not wasm', () => {
    const trap = cli('invoke', file('echo.wasm'), 'trap()');
    expect(trap.code).toBe(1);
    expect(trap.err).toMatch(/^purewasm: wasm trap: /);
    // shapes.wasm imports an interface and a function: no provider for them here
    const missing = cli('invoke', file('shapes.wasm'), 'run("x")');
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/imports `demo:shapes\/types@1\.2\.0`|missing import `/);
    const method = cli('invoke', file('shapes.wasm'), 'demo:shapes/types@1.2.0#[method]blob.size()');
    expect(method.err).toMatch(/is a method: it needs a resource/);
    expect(cli('invoke', file('module.wasm'), 'f()').err).toMatch(/is a core module: --invoke calls functions of components/);
    expect(cli('invoke', file('none.wasm'), 'f()').err).toBe(`purewasm: cannot read ${file('none.wasm')}: no such file\n`);
    expect(cli('invoke', file('text.wasm'), 'f()').err).toMatch(/is not a WebAssembly file \(it does not start with \\0asm\)/);
    expect(cli('invoke', dir, 'f()').err).toMatch(/cannot read .*: is a directory/);
    expect(cli('run', file('echo.wasm')).err).toMatch(/is not a WASI command .* --invoke/);
  });
});

describe('purewasm wit', () => {
  const lines = (text: string): string[] => text.split('\n').sort();
  const worldOf = (wit: string): string => wit.slice(0, wit.indexOf('\n}\n') + 3);

  it('prints the world lines jco prints, then the packages of the interfaces used', async () => {
    for (const name of ['echo.wasm', 'shapes.wasm', 'deps.wasm']) {
      const bytes = readFileSync(file(name));
      const r = cli('wit', file(name));
      expect(r.code).toBe(0);
      expect(worldOf(r.out)).toBe(await componentWit(bytes));
      expect(r.out).toBe(compileComponent(bytes).wit());
    }
  });

  it('prints whole interfaces: every kind of type, resources, use across interfaces and packages', () => {
    const shapes = cli('wit', file('shapes.wasm')).out;
    for (const line of [
      '  import clock: interface {\n    record stamp {\n      secs: u64,\n      nanos: u32,\n    }\n\n    now: func() -> u64;',
      '  use demo:shapes/types@1.2.0.{point, color};\n  import log: func(msg: string, at: point);\n\n  export run: func(a: string) -> result<u32, string>;',
      '\npackage demo:shapes@1.2.0 {\n  interface types {\n',
      '    resource blob {\n      constructor(init: list<u8>);\n      size: func() -> u64;\n'
        + '      merge: static func(a: borrow<blob>, b: blob) -> blob;\n      %type: func() -> color;\n    }\n',
      '    enum color {\n      red,\n      green,\n      %type,\n    }\n',
      '    variant shape {\n      circle(f64),\n      square(point),\n      none,\n    }\n',
      '    flags perms {\n      read,\n      write,\n      exec,\n    }\n',
      '    type alias = point;\n', '    type bytes = list<u8>;\n', '    type pair = tuple<u32, string>;\n',
      '    type maybe = option<point>;\n', '    type outcome = result<u32, string>;\n',
      '    type blob-handle = own<blob>;\n', '    type blob-ref = borrow<blob>;\n',
      '    draw: func(s: shape, c: color, p: perms) -> list<point>;\n',
      '  interface api {\n    use types.{point, shape, blob, alias as pt, outcome};\n\n    area: func(s: shape) -> f64;\n',
      '    check: func(o: outcome, ps: list<tuple<point, option<point>>>) -> result<_, string>;\n',
    ]) expect(shapes).toContain(line);
    // the package another depends on comes first; packages are two blank lines apart
    expect(cli('wit', file('deps.wasm')).out).toBe(`package root:component;

world root {
  import demo:base/errors;
  import demo:store/kv@0.3.1;

  export %list: func(%type: u8) -> option<option<u8>>;
  export demo:store/admin@0.3.1;
}
package demo:base {
  interface errors {
    resource handle {
      get: func() -> u32;
    }

    variant error {
      not-found(string),
      denied,
      other(u32),
    }
  }
}


package demo:store@0.3.1 {
  interface kv {
    use demo:base/errors.{error, handle};

    get: func(key: string) -> result<option<list<u8>>, error>;

    open: func(name: string) -> handle;
  }
  interface admin {
    use kv.{error};

    record stats {
      keys: u64,
      bytes: u64,
    }

    wipe: func(all: bool) -> result<_, error>;

    get-stats: func() -> stats;
  }
}
`);
  });

  it('is valid WIT for the same component: jco builds it back, and printing converges', async () => {
    for (const name of ['echo.wasm', 'shapes.wasm', 'deps.wasm']) {
      const bytes = readFileSync(file(name));
      const jcoWorld = await componentWit(bytes);
      const wits: string[] = [];
      let b: Uint8Array = bytes;
      for (let round = 0; round < 3; round++) {
        const w = compileComponent(b).wit();
        wits.push(w);
        b = await fromWit(w, 'root:component/root');
        // (wit-component may put the items in another order when it builds the component)
        expect(lines(await componentWit(b)), `${name}, round ${round}`).toEqual(lines(jcoWorld));
      }
      // the same lines are there, and after one rebuild the text stays fixed
      expect(lines(wits[1]!), name).toEqual(lines(wits[0]!));
      expect(wits[2], name).toBe(wits[1]);
    }
  }, 60_000);

  it('refuses what WIT cannot express, and core modules, in one line', () => {
    const anon = cli('wit', file('anon.wasm'));
    expect(anon.code).toBe(1);
    expect(anon.err).toMatch(/anon\.wasm: this component's type cannot be written as WIT: export `t` is a type, not a function or an instance/);
    expect(cli('wit', file('module.wasm')).err).toMatch(/is a core module, not a component \(wit needs a component\)/);
    expect(cli('wit').code).toBe(2);
  });
});

describe('purewasm: other commands and options', () => {
  it('validate and inspect take modules and components', () => {
    expect(cli('validate', file('module.wasm'), file('echo.wasm')).out).toBe(`${file('module.wasm')}: valid module\n${file('echo.wasm')}: valid component\n`);
    expect(cli('inspect', file('module.wasm')).out).toBe('export function "f"\n');
    expect(cli('inspect', file('shapes.wasm')).out).toMatch(/^import instance "demo:shapes\/types@1\.2\.0"\nimport instance "clock"\n/);
  });

  it('usage errors exit with 2', () => {
    expect(cli('frob')).toMatchObject({ code: 2, err: 'purewasm: unknown command `frob` (purewasm --help shows the usage)\n' });
    expect(cli('run', '--bogus', 'x.wasm').err).toMatch(/unknown option --bogus/);
    expect(cli('run', '--dir').err).toMatch(/--dir needs a value/);
    expect(cli('invoke', file('echo.wasm')).err).toMatch(/missing the call/);
    expect(cli('--help')).toMatchObject({ code: 0, err: '' });
  });

  it('run options: wasmtime style, guest arguments after the file', () => {
    const a = parseRunArgs(['--dir', '/data::/d', '--dir=.', '--env', 'A=1', '--env=HOME_DIR', '--invoke', 'f()', 'app.wasm', '--', '-x', 'y'],
      { HOME_DIR: '/home/x' });
    expect(a).toEqual({
      file: 'app.wasm', invoke: ['f()'], dirs: [{ host: '/data', guest: '/d' }, { host: '.', guest: '.' }],
      env: [['A', '1'], ['HOME_DIR', '/home/x']], guestArgs: ['-x', 'y'], verbose: false,
    });
    expect(parseRunArgs(['--verbose', 'a.wasm', '--verbose'], {})).toMatchObject({ verbose: true, guestArgs: ['--verbose'] });
    expect(() => parseRunArgs(['--env', 'NOPE', 'a.wasm'], {})).toThrow(/no such variable/);
    expect(() => parseRunArgs(['--dir', '::x', 'a.wasm'], {})).toThrow(/HOST_DIR::GUEST_DIR/);
    expect(() => parseRunArgs([], {})).toThrow(/missing the .wasm file/);
  });
});

describe('purewasm run: the WASI host', () => {
  /** A stand-in for src/wasi: records the options, provides `log` (unless `bare`), exits as told. */
  function fakeWasi(exit: number | 'throw', bare = false): { api: WasiApi; seen: HostOptions[]; logged: number[] } {
    const seen: HostOptions[] = [];
    const logged: number[] = [];
    const api: WasiApi = {
      createWasiHost(o) {
        seen.push(o);
        const host: Record<string, object> = bare ? {} : { log: { default: (x: number) => { logged.push(x); } } };
        return host;
      },
      runCommand(c, o) {
        seen.push(o);
        expect(c.exports.has('wasi:cli/run@0.2.3')).toBe(true);
        if (exit === 'throw') throw Object.assign(new Error('exit'), { name: 'WasiExit', code: 3 });
        return exit;
      },
      createPreview1(o) {
        seen.push(o);
        return {
          imports: {},
          start(instance) {
            expect(typeof instance.exports._start).toBe('function');
            return typeof exit === 'number' ? exit : 3;
          },
        };
      },
    };
    return { api, seen, logged };
  }
  const run = (wasi: WasiApi, ...argv: string[]): { code: number; out: string; err: string } => {
    let out = '';
    let err = '';
    const code = main(argv, { out: (x) => { out += x; }, err: (x) => { err += x; } }, { USER: 'me' }, wasi);
    return { code, out, err };
  };

  it('runs a command with the arguments, variables and directories given; its exit code is ours', () => {
    const w = fakeWasi(7);
    expect(run(w.api, 'run', '--env', 'A=1', '--env', 'USER', '--dir', '/tmp::/t', file('command.wasm'), 'x', '--y')).toEqual({ code: 7, out: '', err: '' });
    expect(w.seen).toEqual([{
      args: [file('command.wasm'), 'x', '--y'], env: [['A', '1'], ['USER', 'me']], preopens: { '/t': '/tmp' },
      stdin: 'inherit', stdout: 'inherit', stderr: 'inherit',
    }]);
    expect(run(fakeWasi('throw').api, 'run', file('command.wasm')).code).toBe(3);
  });

  it('runs core modules with preview1: they must export _start and memory', () => {
    const w = fakeWasi(5);
    expect(run(w.api, 'run', file('start.wasm'), 'a')).toEqual({ code: 5, out: '', err: '' });
    expect(w.seen[0]!.args).toEqual([file('start.wasm'), 'a']);
    expect(run(w.api, 'run', file('module.wasm')).err).toMatch(/is not a WASI command \(it does not export a _start function\)/);
  });

  it('gives invoked components the host as imports', () => {
    const w = fakeWasi(0);
    expect(run(w.api, 'invoke', file('logger.wasm'), 'call-log(5)', 'call-log(6)')).toEqual({ code: 0, out: '', err: '' });
    expect(w.logged).toEqual([5, 6]);
    expect(run(fakeWasi(0, true).api, 'invoke', file('logger.wasm'), 'call-log(5)').err).toMatch(/^purewasm: link error: missing import `log`/);
  });

  it('runs real WASI programs (the Rust fixture as a component and as a core module)', () => {
    const rust = join(root, 'test/fixtures/rust-cli');
    const c = spawn('run', join(rust, 'rust-cli.component.wasm'), 'args', 'one', 'two words');
    expect(c).toEqual({ code: 0, out: 'argc=2\narg[0]=one\narg[1]=two words\n', err: '' });
    const m = spawn('run', join(rust, 'rust-cli.core.wasm'), 'exit', '42');
    expect(m.code).toBe(42);
  });
});

describe('bin/purewasm.mjs', () => {
  it('invoke prints each result on its own line', () => {
    const r = spawn('invoke', file('echo.wasm'), ...CALLS.slice(0, 20).map(([c]) => c));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toBe(CALLS.slice(0, 20).map(([, o]) => `${o}\n`).join(''));
  });

  it('errors are one line and a non-zero status, with the stack only under --verbose', () => {
    const trap = spawn('invoke', file('echo.wasm'), 'trap()');
    expect(trap.code).toBe(1);
    expect(trap.out).toBe('');
    expect(trap.err.trimEnd().split('\n')).toHaveLength(1);
    expect(trap.err).toMatch(/^purewasm: wasm trap: /);
    const verbose = spawn('--verbose', 'invoke', file('echo.wasm'), 'trap()');
    expect(verbose.code).toBe(1);
    expect(verbose.err).toMatch(/^purewasm: wasm trap: .*\n\w*Error: .*\n {4}at /);
  });
});

describe('purewasm run with limits', () => {
  it('--fuel and --timeout stop a real command with a one-line trap; enough fuel runs it', () => {
    const rust = join(root, 'test/fixtures/rust-cli', 'rust-cli.component.wasm');
    const starved = spawn('run', '--fuel', '1000', rust, 'args', 'x');
    expect(starved.code).toBe(1);
    expect(starved.err).toMatch(/^purewasm: wasm trap: fuel exhausted\n$/);
    const fed = spawn('run', '--fuel=10_000_000', '--max-memory-pages', '100', rust, 'args', 'x');
    expect(fed).toEqual({ code: 0, out: 'argc=1\narg[0]=x\n', err: '' });
    const core = spawn('run', '--fuel', '1000', join(root, 'test/fixtures/rust-cli', 'rust-cli.core.wasm'), 'args', 'x');
    expect(core.err).toMatch(/fuel exhausted/);
    expect(spawn('run', '--fuel', 'lots', rust).err).toMatch(/--fuel lots: expected a non-negative integer/);
  });
});
