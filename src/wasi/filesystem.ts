// `wasi:filesystem/types` and `wasi:filesystem/preopens`. Spec: WASI 0.2 wasi-filesystem
// types.wit (resources in fs/descriptor.ts; `filesystem-error-code(err)` extracts the
// error-code of a failed file stream operation) and preopens.wit (`get-directories` → the
// preopened directories with the paths the guest knows them by).
//
// Each get-directories call returns new descriptor objects over the same directories, so a guest
// dropping one handle does not close the preopen for the next caller.

import type { WasiContext } from './context.js';
import { Descriptor, DirectoryEntryStream } from './fs/descriptor.js';
import type { ErrorCode } from './fs/types.js';
import { IoError } from './io/error.js';

/** A new descriptor for each preopen (read; mutate-directory unless read-only). */
export function preopenDescriptors(cx: WasiContext): [Descriptor, string][] {
  return cx.preopens.map((p) => [
    new Descriptor({
      backend: p.root.backend, node: p.root.node, type: 'directory',
      flags: { read: true, mutateDirectory: !p.readonly },
    }),
    p.guestPath,
  ]);
}

export function filesystemInterfaces(cx: WasiContext): Record<string, object> {
  return {
    'wasi:filesystem/types': {
      Descriptor,
      DirectoryEntryStream,
      filesystemErrorCode: (err: IoError): ErrorCode | undefined => (err instanceof IoError ? err.filesystemCode : undefined),
    },
    'wasi:filesystem/preopens': {
      getDirectories: () => preopenDescriptors(cx),
    },
  };
}
