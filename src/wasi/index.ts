// purewasm's WASI: a WASI 0.2 host for components (createWasiHost, runCommand, runCommandAsync)
// and WASI preview1 for core modules (createPreview1), sharing options and semantics;
// MemoryFileSystem for sandboxes without node. See host.ts, run.ts, preview1/preview1.ts.

export { createWasiHost } from './host.js';
export { runCommand, runCommandAsync, type CommandOptions } from './run.js';
export { WasiExit } from './exit.js';
export { MemoryFileSystem, type MemoryFileSystemOptions, type MemoryStat } from './memfs.js';
export { NodeFileSystem } from './node/fs.js';
export type { WasiOptions, PreopenOptions, StdinOption } from './context.js';
export type { ReadableStreamLike, StdinChunk } from './io/pull-source.js';
export type { ClockOptions } from './time.js';
export type { FileSystemProvider, FsBackend, FsFile, FsStat, ErrorCode, DescriptorType, DirRef } from './fs/types.js';
export { WASI_P2_VERSIONS, interfaceKeys } from './versions.js';
export { createPreview1, type Preview1, type InstanceLike } from './preview1/preview1.js';
