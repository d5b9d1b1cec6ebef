// Node's built-in modules, reached only when the embedder asks for something of the host
// machine (host directories as preopens, 'inherit' stdio). There is no top-level `node:` import
// anywhere in src/wasi: the in-memory host runs where node does not exist. Node ≥ 20.16 has
// process.getBuiltinModule, which loads a built-in synchronously (createWasiHost is synchronous).

export function nodeBuiltin<T>(name: 'node:fs' | 'node:tty'): T {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const get = proc?.getBuiltinModule;
  if (typeof get !== 'function') {
    throw new TypeError(`${name} is not available here (it needs node >= 20.16): use a MemoryFileSystem for preopens and callbacks for stdio`);
  }
  return get.call(proc, name) as T;
}
