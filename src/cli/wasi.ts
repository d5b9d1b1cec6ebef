// The WASI host as the command line uses it (src/wasi through the public API): WASI 0.2 for
// components (`createWasiHost`, `runCommand`) and preview1 for core modules (`createPreview1`).
// Options follow wasmtime's: the guest gets the process's standard streams, the arguments and
// variables given, and the directories preopened with --dir. The host is a parameter of the
// commands, so tests can stand in for it. Spec: WebAssembly/WASI wasi-cli (the command world,
// `run`, exit codes); WASI preview1 (`_start`, `proc_exit`).

import { createPreview1, createWasiHost, runCommand, WasiExit, type Component } from '../index.js';
import type { Preopen } from './args.js';

export interface HostOptions {
  readonly args: readonly string[];
  readonly env: readonly (readonly [string, string])[];
  readonly preopens: Readonly<Record<string, string>>;
  readonly stdin: 'inherit';
  readonly stdout: 'inherit';
  readonly stderr: 'inherit';
  /** The instance's resource limits (`--fuel`, `--timeout`, ...), when given. */
  readonly limits?: Readonly<Record<string, number>>;
}

/** A preview1 host for one core instance (src/wasi/preview1's Preview1, as far as used here). */
export interface Preview1Host {
  readonly imports: Record<string, Record<string, unknown>>;
  start(instance: { readonly exports: Record<string, unknown> }): number;
}

/** What the CLI needs from src/wasi. */
export interface WasiApi {
  createWasiHost(options: HostOptions): Record<string, object>;
  runCommand(component: Component, options: HostOptions): number;
  createPreview1(options: HostOptions): Preview1Host;
}

export const defaultWasi: WasiApi = {
  createWasiHost: (o) => createWasiHost(o),
  runCommand: (c, o) => runCommand(c, o),
  createPreview1: (o) => createPreview1(o),
};

export function hostOptions(program: string, args: readonly string[], env: readonly (readonly [string, string])[],
  dirs: readonly Preopen[]): HostOptions {
  const preopens: Record<string, string> = {};
  for (const d of dirs) preopens[d.guest] = d.host;
  return { args: [program, ...args], env, preopens, stdin: 'inherit', stdout: 'inherit', stderr: 'inherit' };
}

/** The exit code a WASI `exit`/`proc_exit` carries, if `e` is one. */
export function exitCodeOf(e: unknown): number | undefined {
  if (e instanceof WasiExit) return e.code;
  // a stand-in host's exit (tests) has the same name and code
  const code = e instanceof Error && e.name === 'WasiExit' ? (e as { code?: unknown }).code : undefined;
  return typeof code === 'number' ? code : undefined;
}
