// createWasiHost: a jco-shaped import object implementing WASI 0.2 for a component. Spec:
// WebAssembly/WASI v0.2.x (wasi-cli, wasi-io, wasi-clocks, wasi-random, wasi-filesystem,
// wasi-sockets, wasi-http); component-model Explainer.md §"Import and Export Definitions" for the
// names. The shape is jco's (and @bytecodealliance/preview2-shim's): an object per interface,
// functions camelCased, resources as classes; every interface appears under its unversioned name
// and under each 0.2.x version (versions.ts), all as own properties.
//
//   const wasi = createWasiHost({ args: ['app', 'x'], stdout: (b) => … , preopens: { '/data': './data' } });
//   compileComponent(bytes).instantiate({ ...wasi, ...otherImports });
//
// Not offered: `wasi:cli/run` (a command exports it; runCommand calls it).

import { cliInterfaces } from './cli.js';
import { clockInterfaces } from './clocks.js';
import { createContext, type WasiContext, type WasiOptions } from './context.js';
import { filesystemInterfaces } from './filesystem.js';
import { httpInterfaces } from './http.js';
import { ioInterfaces } from './io/interfaces.js';
import { randomInterfaces } from './random.js';
import { socketInterfaces } from './sockets.js';
import { withVersions } from './versions.js';

/** The interfaces by unversioned name, over an existing context. */
export function wasiInterfaces(cx: WasiContext): Record<string, object> {
  return {
    ...ioInterfaces(),
    ...cliInterfaces(cx),
    ...clockInterfaces(cx),
    ...randomInterfaces(cx),
    ...filesystemInterfaces(cx),
    ...socketInterfaces(),
    ...httpInterfaces(),
  };
}

/** The WASI 0.2 import object: every interface under its unversioned and 0.2.x names. */
export function createWasiHost(options: WasiOptions = {}): Record<string, object> {
  return withVersions(wasiInterfaces(createContext(options)));
}
