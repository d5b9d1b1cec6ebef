// (e) The in-memory filesystem: the fixture run against a MemoryFileSystem must behave exactly as
// against a host directory (same output, same files afterwards), for the component and for
// preview1; its sandbox holds the same way; and it works with node's built-ins out of reach.
// Also MemoryFileSystem's own POSIX semantics (rename, links, truncation) and embedder API.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ComponentError, WebAssembly as PureWasm } from '../src/index.js';
import { createPreview1, createWasiHost, MemoryFileSystem, runCommand, type WasiOptions } from '../src/wasi/index.js';
import type { Descriptor } from '../src/wasi/fs/descriptor.js';
import { FsError } from '../src/wasi/fs/types.js';
import { capture, component, coreBytes, makeSandbox, removeTmp, SANDBOX_FILES, treeOf, type Outcome } from './fixtures/wasi/harness.js';

afterAll(removeTmp);

function memSandbox(): MemoryFileSystem {
  return new MemoryFileSystem(Object.fromEntries(Object.entries(SANDBOX_FILES).map(([p, t]) => [`/sandbox/${p}`, t])));
}

/** The same shape as harness.treeOf, for a MemoryFileSystem directory. */
function memTree(fs: MemoryFileSystem, dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of fs.readdir(dir)) {
    const p = `${dir}/${name}`;
    let link: string | undefined;
    try {
      link = fs.readlink(p);
    } catch {
      link = undefined;
    }
    if (link !== undefined) out[prefix + name] = `-> ${link}`;
    else if (fs.stat(p)!.type === 'directory') {
      out[`${prefix + name}/`] = '';
      Object.assign(out, memTree(fs, p, `${prefix + name}/`));
    } else out[prefix + name] = fs.readTextFile(p);
  }
  return out;
}

type Engine = (args: string[], fsOptions: Partial<WasiOptions>) => Outcome;

const engines: [string, Engine][] = [
  ['component', (args, o) => {
    const cap = capture();
    return cap.outcome(runCommand(component(), { args: ['wasi_demo', ...args], stdin: 'typed input\n', ...cap.options, ...o }));
  }],
  ['preview1', (args, o) => {
    const cap = capture();
    const wasi = createPreview1({ args: ['wasi_demo', ...args], stdin: 'typed input\n', ...cap.options, ...o });
    return cap.outcome(wasi.start(new PureWasm.Instance(new PureWasm.Module(coreBytes), wasi.imports)));
  }],
];

const RUNS: string[][] = [
  ['files', '/sandbox'],
  ['ls', '/sandbox'],
  ['ls', '/sandbox/notes'],
  ['write', '/sandbox/notes/c.txt', 'from the guest'],
  ['read', '/sandbox/notes/b.txt'],
  ['read', '/sandbox/nothing'],
  ['read', '/sandbox/../etc'],
];

for (const [name, run] of engines) {
  describe(`(e) ${name}: MemoryFileSystem behaves as the node filesystem`, () => {
    for (const args of RUNS) {
      it(args.join(' '), () => {
        const host = makeSandbox();
        const onNode = run(args, { preopens: { '/sandbox': host } });
        const fs = memSandbox();
        const inMemory = run(args, { fs, preopens: { '/sandbox': '/sandbox' } });
        expect(inMemory).toEqual(onNode);
        expect(memTree(fs, '/sandbox')).toEqual(treeOf(host));
      });
    }

    it('links in memory cannot leave the preopen', () => {
      const fs = memSandbox();
      fs.writeFile('/outside.txt', 'secret');
      fs.symlink('../outside.txt', '/sandbox/out');
      fs.symlink('/outside.txt', '/sandbox/abs');
      for (const p of ['/sandbox/out', '/sandbox/abs', '/sandbox/../outside.txt']) {
        expect(run(['read', p], { fs, preopens: { '/sandbox': '/sandbox' } }).stdout).toBe(`read ${p}: EPERM\n`);
        expect(run(['write', p, 'x'], { fs, preopens: { '/sandbox': '/sandbox' } }).stdout).toBe(`write ${p}: EPERM\n`);
      }
      expect(fs.readTextFile('/outside.txt')).toBe('secret');
    });

    it('fs without preopens gives the guest its root as /', () => {
      const fs = new MemoryFileSystem({ '/data/x.txt': 'xyz' });
      expect(run(['read', '/data/x.txt'], { fs }).stdout).toBe('read /data/x.txt: 3 bytes: xyz\n');
    });
  });
}

describe('(e) wasi:filesystem descriptors: memory and node agree', () => {
  /** A run of descriptor operations, each logged with its result or error code. */
  function script(dir: Descriptor): unknown[] {
    const log: unknown[] = [];
    const enc = new TextEncoder();
    const dec = new TextDecoder();
    const step = (what: string, f: () => unknown): void => {
      try {
        log.push([what, f()]);
      } catch (e) {
        if (!(e instanceof ComponentError)) throw e;
        log.push([what, 'error', e.payload]);
      }
    };
    const rw = { read: true, write: true };
    step('type', () => dir.getType());
    step('flags', () => dir.getFlags());
    step('mkdir', () => dir.createDirectoryAt('d'));
    step('mkdir again', () => dir.createDirectoryAt('d'));
    const f = dir.openAt({}, 'd/f', { create: true, exclusive: true }, rw);
    step('file flags', () => f.getFlags());
    step('write', () => f.write(enc.encode('hello'), 0n));
    step('pread', () => { const [b, eof] = f.read(3n, 1n); return [dec.decode(b), eof]; });
    step('pread at end', () => { const [b, eof] = f.read(10n, 3n); return [dec.decode(b), eof]; });
    step('set-size', () => f.setSize(2n));
    step('stream write past end', () => f.writeViaStream(4n).blockingWriteAndFlush(enc.encode('x')));
    step('append', () => f.appendViaStream().blockingWriteAndFlush(enc.encode('yz')));
    step('read back', () => Array.from(f.read(100n, 0n)[0]));
    step('stream read', () => { const s = f.readViaStream(1n); return [Array.from(s.read(2n)), Array.from(s.read(100n))]; });
    step('stat', () => { const st = f.stat(); return [st.type, st.size, st.linkCount]; });
    step('symlink', () => dir.symlinkAt('d/f', 'l'));
    step('readlink', () => dir.readlinkAt('l'));
    step('readlink of a file', () => dir.readlinkAt('d/f'));
    step('stat-at nofollow', () => dir.statAt({}, 'l').type);
    step('stat-at follow', () => dir.statAt({ symlinkFollow: true }, 'l').type);
    step('link', () => dir.linkAt({}, 'd/f', dir, 'hard'));
    step('link count', () => dir.statAt({}, 'hard').linkCount);
    step('same object', () => f.isSameObject(dir.openAt({}, 'hard', {}, { read: true })));
    step('not same', () => f.isSameObject(dir));
    step('hash stable', () => { const a = f.metadataHash(); const b = dir.metadataHashAt({}, 'hard'); return a.lower === b.lower && a.upper === b.upper; });
    step('set-times-at', () => dir.setTimesAt({}, 'hard', { tag: 'timestamp', val: { seconds: 1_600_000_000n, nanoseconds: 0 } }, { tag: 'timestamp', val: { seconds: 1_500_000_000n, nanoseconds: 0 } }));
    step('times', () => { const st = dir.statAt({}, 'd/f'); return [st.dataAccessTimestamp?.seconds, st.dataModificationTimestamp?.seconds]; });
    step('readdir', () => { const s = dir.readDirectory(); const out = []; for (let e = s.readDirectoryEntry(); e; e = s.readDirectoryEntry()) out.push(e); return out; });
    step('rename', () => dir.renameAt('hard', dir, 'd/g'));
    step('rename onto dir', () => dir.renameAt('l', dir, 'd'));
    step('rmdir non-empty', () => dir.removeDirectoryAt('d'));
    step('unlink dir', () => dir.unlinkFileAt('d'));
    step('rmdir file', () => dir.removeDirectoryAt('l'));
    step('open file as dir', () => dir.openAt({}, 'd/f', { directory: true }, { read: true }));
    step('open dir for write', () => dir.openAt({}, 'd', {}, { write: true }));
    step('open missing', () => dir.openAt({}, 'nope', {}, { read: true }));
    step('create exclusive existing', () => dir.openAt({}, 'd/f', { create: true, exclusive: true }, rw));
    step('truncate', () => dir.openAt({}, 'd/g', { truncate: true }, rw).stat().size);
    step('open via dangling link', () => { dir.symlinkAt('missing', 'dangling'); return dir.openAt({ symlinkFollow: true }, 'dangling', {}, { read: true }); });
    step('create via dangling link', () => dir.openAt({ symlinkFollow: true }, 'dangling', { create: true }, rw).getType());
    step('read a directory', () => dir.read(1n, 0n));
    step('write without write flag', () => dir.openAt({}, 'd/f', {}, { read: true }).write(new Uint8Array(1), 0n));
    step('read-directory on a file', () => f.readDirectory());
    step('at on a file', () => f.statAt({}, 'x'));
    step('unlink', () => dir.unlinkFileAt('d/g'));
    step('final tree', () => { const s = dir.readDirectory(); const out = []; for (let e = s.readDirectoryEntry(); e; e = s.readDirectoryEntry()) out.push(e.name); return out; });
    return log;
  }

  function preopen(options: WasiOptions): Descriptor {
    const host = createWasiHost(options) as Record<string, { getDirectories(): [Descriptor, string][] }>;
    return host['wasi:filesystem/preopens']!.getDirectories()[0]![0];
  }

  it('the same operations give the same results', () => {
    const onNode = script(preopen({ preopens: { '/': makeSandbox() } }));
    const inMemory = script(preopen({ fs: new MemoryFileSystem({ '/input.txt': 'input data\n', '/notes/a.txt': 'note a', '/notes/b.txt': 'note b, longer' }) }));
    expect(inMemory).toEqual(onNode);
    expect(onNode).toContainEqual(['read back', [104, 101, 0, 0, 120, 121, 122]]);
  });
});

describe('(e) no node needed', () => {
  it('src/wasi imports node built-ins only under src/wasi/node/', () => {
    const root = join(dirname(fileURLToPath(import.meta.url)), '../src/wasi');
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) {
          if (e.name !== 'node') walk(p);
        } else if (/from\s+['"]node:|import\(['"]node:|require\(['"]node:/.test(readFileSync(p, 'utf8'))) offenders.push(p);
      }
    };
    walk(root);
    expect(offenders).toEqual([]);
  });

  it('the in-memory host runs the fixture with process.getBuiltinModule out of reach', () => {
    const proc = process as unknown as { getBuiltinModule?: unknown };
    const saved = proc.getBuiltinModule;
    proc.getBuiltinModule = undefined;
    try {
      const fs = memSandbox();
      const [, run] = engines[0]!;
      const r = run(['files', '/sandbox'], { fs, preopens: { '/sandbox': '/sandbox' } });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('rename a.txt b.txt: ok');
      // …while asking for the host's files or stdio says why it cannot.
      expect(() => runCommand(component(), { preopens: { '/x': '/tmp' } })).toThrow(/node >= 20\.16/);
      expect(() => runCommand(component(), { stdout: 'inherit' })).toThrow(/node >= 20\.16/);
    } finally {
      proc.getBuiltinModule = saved;
    }
  });
});

describe('MemoryFileSystem', () => {
  const t0 = 1_700_000_000_000_000_000n;
  let now = t0;
  const clock = { now: () => (now += 1000n) };

  function code(f: () => unknown): string {
    try {
      f();
    } catch (e) {
      if (e instanceof FsError) return e.code;
      throw e;
    }
    return 'ok';
  }

  it('writes, reads, lists, stats and removes', () => {
    const fs = new MemoryFileSystem({ '/a/b/c.txt': 'hello' }, clock);
    expect(fs.readTextFile('/a/b/c.txt')).toBe('hello');
    expect(fs.readdir('/a')).toEqual(['b']);
    expect(fs.stat('/a/b/c.txt')).toEqual({ type: 'regular-file', size: 5 });
    expect(fs.stat('/a/b')).toEqual({ type: 'directory', size: 4096 });
    expect(fs.exists('/a/nope')).toBe(false);
    fs.writeFile('/a/b/c.txt', new Uint8Array([1, 2]));
    expect(fs.readFile('/a/b/c.txt')).toEqual(new Uint8Array([1, 2]));
    expect(code(() => fs.writeFile('/x/y.txt', 'no parent'))).toBe('no-entry');
    fs.mkdir('/m/n', { recursive: true });
    fs.mkdir('/m/n', { recursive: true });
    expect(code(() => fs.mkdir('/m/n'))).toBe('exist');
    expect(code(() => fs.remove('/a'))).toBe('not-empty');
    fs.remove('/a', { recursive: true });
    expect(fs.readdir('/')).toEqual(['m']);
  });

  it('follows links inside itself and refuses to leave its root', () => {
    const fs = new MemoryFileSystem({ '/d/f.txt': 'F' });
    fs.symlink('d/f.txt', '/l');
    fs.symlink('../..', '/d/up');
    expect(fs.readTextFile('/l')).toBe('F');
    expect(fs.readlink('/l')).toBe('d/f.txt');
    expect(code(() => fs.readFile('/d/up/x'))).toBe('not-permitted');
    expect(code(() => fs.readFile('/../d/f.txt'))).toBe('not-permitted');
  });

  it('has POSIX rename, link and truncate semantics', () => {
    const fs = new MemoryFileSystem({ '/d1/a': 'A', '/d2/b': 'B', '/f': 'F' }, clock);
    const { backend, node: root } = fs.openRoot('/');
    const b = backend as unknown as import('../src/wasi/fs/types.js').FsBackend<unknown>;
    const d1 = b.lookup(root, 'd1');
    const d2 = b.lookup(root, 'd2');
    expect(code(() => b.rename(root, 'd1', d1, 'inside'))).toBe('invalid');
    expect(code(() => b.rename(root, 'd1', root, 'd2'))).toBe('not-empty');
    expect(code(() => b.rename(root, 'f', root, 'd1'))).toBe('is-directory');
    expect(code(() => b.rename(root, 'd1', root, 'f'))).toBe('not-directory');
    b.rename(d2, 'b', d1, 'a'); // replaces a
    expect(fs.readTextFile('/d1/a')).toBe('B');
    b.link(b.lookup(root, 'f'), d2, 'hard');
    expect(b.stat(b.lookup(root, 'f')).nlink).toBe(2n);
    expect(code(() => b.link(d1, d2, 'dirlink'))).toBe('not-permitted');
    b.unlink(root, 'f');
    expect(fs.readTextFile('/d2/hard')).toBe('F');
    expect(b.stat(b.lookup(d2, 'hard')).nlink).toBe(1n);
    const file = b.open(b.lookup(d2, 'hard'), { read: true, write: true, truncate: false });
    file.write(new Uint8Array([0x21]), 4n);
    expect(fs.readFile('/d2/hard')).toEqual(new Uint8Array([0x46, 0, 0, 0, 0x21]));
    file.setSize(2n);
    file.setSize(5n);
    expect(fs.readFile('/d2/hard')).toEqual(new Uint8Array([0x46, 0, 0, 0, 0])); // the cut-off byte does not come back
    expect(b.stat(root).nlink).toBe(4n); // ., .. and two subdirectories
    expect(code(() => b.rmdir(root, 'd1'))).toBe('not-empty');
    expect(code(() => b.unlink(root, 'd1'))).toBe('is-directory');
  });

  it('keeps an open file readable after its name is removed', () => {
    const fs = new MemoryFileSystem({ '/f': 'still here' });
    const { backend, node } = fs.openRoot('/');
    const b = backend as unknown as import('../src/wasi/fs/types.js').FsBackend<unknown>;
    const file = b.open(b.lookup(node, 'f'), { read: true, write: false, truncate: false });
    b.unlink(node, 'f');
    expect(new TextDecoder().decode(file.read(100, 0n))).toBe('still here');
    expect(fs.exists('/f')).toBe(false);
  });

  it('rejects names longer than 255 bytes', () => {
    const fs = new MemoryFileSystem();
    expect(code(() => fs.writeFile(`/${'é'.repeat(128)}`, 'x'))).toBe('name-too-long');
    fs.writeFile(`/${'é'.repeat(127)}`, 'x');
  });
});
