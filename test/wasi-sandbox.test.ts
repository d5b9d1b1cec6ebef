// (d) The filesystem sandbox. A guest with one preopened directory tries to reach outside it —
// `..`, absolute paths, symbolic links to a parent, to an absolute path, to themselves — through
// the fixture (component on createWasiHost, core module on createPreview1) and through the
// wasi:filesystem API directly. Each attempt must fail with WASI's error (`not-permitted`, EPERM
// for preview1 programs; `loop` for a link cycle), and the host's files must be unchanged. With no
// preopen the guest sees no filesystem at all. Spec: WASI 0.2 wasi-filesystem types.wit and
// proposals/filesystem/path-resolution.md.

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ComponentError } from '../src/index.js';
import { WebAssembly as PureWasm } from '../src/index.js';
import { createPreview1, createWasiHost, runCommand, type WasiOptions } from '../src/wasi/index.js';
import type { Descriptor } from '../src/wasi/fs/descriptor.js';
import { capture, component, coreBytes, treeOf } from './fixtures/wasi/harness.js';

let outer: string;
let box: string;

/** outer/{secret.txt, victim.txt, box/{input.txt, inner/ok → ../input.txt, up → .., rel-out → ../secret.txt, abs → outer/secret.txt, loop → loop}} */
function layout(): void {
  outer = mkdtempSync(join(tmpdir(), 'purewasm-wasi-sandbox-'));
  box = join(outer, 'box');
  mkdirSync(join(box, 'inner'), { recursive: true });
  writeFileSync(join(outer, 'secret.txt'), 'top secret');
  writeFileSync(join(outer, 'victim.txt'), 'original');
  writeFileSync(join(box, 'input.txt'), 'input data\n');
  symlinkSync('../input.txt', join(box, 'inner/ok'));
  symlinkSync('..', join(box, 'up'));
  symlinkSync('../secret.txt', join(box, 'rel-out'));
  symlinkSync(join(outer, 'secret.txt'), join(box, 'abs'));
  symlinkSync('loop', join(box, 'loop'));
}

const made: string[] = [];
beforeEach(() => {
  layout();
  made.push(outer);
});
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

type Runner = (args: string[], extra?: Partial<WasiOptions>) => { stdout: string; code: number };

const viaComponent: Runner = (args, extra = {}) => {
  const cap = capture();
  const code = runCommand(component(), { args: ['wasi_demo', ...args], preopens: { '/sandbox': box }, ...cap.options, ...extra });
  return cap.outcome(code);
};

const viaPreview1: Runner = (args, extra = {}) => {
  const cap = capture();
  const wasi = createPreview1({ args: ['wasi_demo', ...args], preopens: { '/sandbox': box }, ...cap.options, ...extra });
  const code = wasi.start(new PureWasm.Instance(new PureWasm.Module(coreBytes), wasi.imports));
  return cap.outcome(code);
};

const ESCAPES: [string[], string][] = [
  [['read', '/sandbox/../secret.txt'], 'EPERM'],
  [['read', '/sandbox/inner/../../secret.txt'], 'EPERM'],
  [['read', '/sandbox/rel-out'], 'EPERM'],
  [['read', '/sandbox/abs'], 'EPERM'],
  [['read', '/sandbox/up/secret.txt'], 'EPERM'],
  [['read', '/sandbox/up/box/input.txt'], 'EPERM'], // leaves the sandbox even though it comes back
  [['ls', '/sandbox/up'], 'EPERM'],
  [['read', '/sandbox/loop'], 'ELOOP'],
  [['write', '/sandbox/../victim.txt', 'pwned'], 'EPERM'],
  [['write', '/sandbox/rel-out', 'pwned'], 'EPERM'],
  [['write', '/sandbox/abs', 'pwned'], 'EPERM'],
  [['write', '/sandbox/up/victim.txt', 'pwned'], 'EPERM'],
  [['read', '/etc/passwd'], 'ENOTCAPABLE'], // no preopen covers it: wasi-libc refuses before asking the host
];

for (const [label, run] of [['component on createWasiHost', viaComponent], ['core module on createPreview1', viaPreview1]] as const) {
  describe(`(d) ${label}`, () => {
    for (const [args, errno] of ESCAPES) {
      it(`${args.join(' ')} → ${errno}, host files untouched`, () => {
        const before = treeOf(outer);
        const r = run(args);
        expect(r.stdout).toBe(`${args[0]} ${args[1]}: ${errno}\n`);
        expect(r.code).toBe(1);
        expect(treeOf(outer)).toEqual(before);
      });
    }

    it('a link that stays inside the sandbox works', () => {
      expect(run(['read', '/sandbox/inner/ok']).stdout).toBe('read /sandbox/inner/ok: 11 bytes: input data\n\n');
    });

    it('with no preopen the guest sees no filesystem', () => {
      const before = treeOf(outer);
      for (const args of [['ls', '/'], ['ls', '/sandbox'], ['read', '/sandbox/input.txt'], ['write', '/x.txt', 'y']]) {
        const r = run(args, { preopens: {} });
        expect(r.stdout).toBe(`${args[0]} ${args[1]}: ENOTCAPABLE\n`);
      }
      expect(treeOf(outer)).toEqual(before);
    });

    it('a read-only preopen can be read but not changed', () => {
      const before = treeOf(outer);
      const opts = { preopens: { '/sandbox': { path: box, readonly: true } } };
      expect(run(['read', '/sandbox/input.txt'], opts).stdout).toBe('read /sandbox/input.txt: 11 bytes: input data\n\n');
      expect(run(['write', '/sandbox/input.txt', 'changed'], opts).stdout).toBe('write /sandbox/input.txt: EROFS\n');
      expect(run(['write', '/sandbox/new.txt', 'new'], opts).stdout).toBe('write /sandbox/new.txt: EROFS\n');
      expect(treeOf(outer)).toEqual(before);
    });
  });
}

describe('(d) wasi:filesystem directly', () => {
  function preopen(options: WasiOptions = { preopens: { '/sandbox': box } }): Descriptor {
    const host = createWasiHost(options) as Record<string, { getDirectories(): [Descriptor, string][] }>;
    const dirs = host['wasi:filesystem/preopens@0.2.3']!.getDirectories();
    expect(dirs.map(([, p]) => p)).toEqual(Object.keys(options.preopens ?? {}));
    return dirs[0]![0];
  }

  function code(f: () => unknown): unknown {
    try {
      f();
    } catch (e) {
      if (e instanceof ComponentError) return e.payload;
      throw e;
    }
    return 'ok';
  }

  const follow = { symlinkFollow: true };
  const read = { read: true };

  it('refuses absolute paths, .., and links leading out', () => {
    const before = treeOf(outer);
    const d = preopen();
    expect(code(() => d.openAt({}, join(outer, 'secret.txt'), {}, read))).toBe('not-permitted');
    expect(code(() => d.openAt({}, '/etc/passwd', {}, read))).toBe('not-permitted');
    expect(code(() => d.openAt({}, '../secret.txt', {}, read))).toBe('not-permitted');
    expect(code(() => d.openAt(follow, 'up/secret.txt', {}, read))).toBe('not-permitted');
    expect(code(() => d.openAt({}, 'up/secret.txt', {}, read))).toBe('not-permitted'); // intermediate links are always followed
    expect(code(() => d.openAt(follow, 'abs', {}, read))).toBe('not-permitted');
    expect(code(() => d.openAt(follow, 'rel-out', {}, read))).toBe('not-permitted');
    expect(code(() => d.openAt({}, 'rel-out', {}, read))).toBe('loop'); // O_NOFOLLOW on a link
    expect(code(() => d.openAt(follow, 'loop', {}, read))).toBe('loop');
    expect(code(() => d.statAt(follow, 'up'))).toBe('not-permitted');
    expect((d.statAt({}, 'up')).type).toBe('symbolic-link');
    expect(code(() => d.readlinkAt('abs'))).toBe('not-permitted');
    expect(d.readlinkAt('rel-out')).toBe('../secret.txt');
    expect(code(() => d.openAt({}, '../victim.txt', { create: true, truncate: true }, { write: true }))).toBe('not-permitted');
    expect(code(() => d.createDirectoryAt('../newdir'))).toBe('not-permitted');
    expect(code(() => d.symlinkAt('/etc/passwd', 'evil'))).toBe('not-permitted');
    expect(code(() => d.renameAt('input.txt', d, '../moved.txt'))).toBe('not-permitted');
    expect(code(() => d.renameAt('../victim.txt', d, 'stolen.txt'))).toBe('not-permitted');
    expect(code(() => d.linkAt({}, 'input.txt', d, '../hard.txt'))).toBe('not-permitted');
    expect(code(() => d.linkAt(follow, 'abs', d, 'hard.txt'))).toBe('not-permitted');
    expect(code(() => d.unlinkFileAt('../victim.txt'))).toBe('not-permitted');
    expect(code(() => d.removeDirectoryAt('..'))).toBe('not-permitted');
    expect(code(() => d.setTimesAt({}, '../victim.txt', { tag: 'now' }, { tag: 'now' }))).toBe('not-permitted');
    expect(code(() => d.metadataHashAt(follow, 'up'))).toBe('not-permitted');
    expect(treeOf(outer)).toEqual(before);
  });

  it('an opened subdirectory is a sandbox of its own', () => {
    const d = preopen();
    const inner = d.openAt({}, 'inner', { directory: true }, { read: true, mutateDirectory: true });
    expect(code(() => inner.openAt({}, '../input.txt', {}, read))).toBe('not-permitted');
    expect(code(() => inner.openAt(follow, 'ok', {}, read))).toBe('not-permitted'); // ok → ../input.txt leaves inner
    const f = d.openAt(follow, 'inner/ok', {}, read);
    expect(new TextDecoder().decode(f.read(100n, 0n)[0])).toBe('input data\n');
  });

  it('removing or renaming links never touches their targets', () => {
    const d = preopen();
    d.unlinkFileAt('abs');
    d.renameAt('rel-out', d, 'renamed');
    expect(treeOf(outer)['secret.txt']).toBe('top secret');
    expect(d.readlinkAt('renamed')).toBe('../secret.txt');
  });

  it('with no preopens there are no directories', () => {
    const host = createWasiHost() as Record<string, { getDirectories(): unknown[] }>;
    expect(host['wasi:filesystem/preopens']!.getDirectories()).toEqual([]);
  });
});
