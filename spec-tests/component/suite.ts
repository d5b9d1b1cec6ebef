// Locating the component suite, its folders (the report's groups) and which files are async.

import { dirname, join, resolve } from 'node:path';
import { testsuiteRoot } from '../suite.js';
import { parseRunDirective } from './features.js';

/** The suite directory: $PUREWASM_COMPONENT_TESTSUITE, else <testsuite root>/component-model. */
export function componentSuiteDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env['PUREWASM_COMPONENT_TESTSUITE'];
  return fromEnv ? resolve(fromEnv) : join(testsuiteRoot(env), 'component-model');
}

/** A file's folder (e.g. `WebAssembly-component-model/values`), the unit of the per-folder counts. */
export function folderOf(file: string): string {
  const d = dirname(file);
  return d === '.' ? '' : d;
}

const ASYNC_FOLDERS = ['WebAssembly-component-model/async/', 'bytecodealliance-wasm-tools/component-model/async/'];

/** Async-only flags: a file whose directive turns one on needs async support. */
const ASYNC_FLAGS = new Set(['cm-async', 'cm-threading']);

/**
 * Whether a file tests async (🔀) features, which purewasm does not support yet: the two async
 * folders, and files whose RUN directive enables cm-async or cm-threading.
 */
export function isAsyncFile(file: string, src: string): boolean {
  if (ASYNC_FOLDERS.some((p) => file.startsWith(p))) return true;
  const d = parseRunDirective(src);
  return d !== undefined && d.changes.some(([flag, on]) => on && ASYNC_FLAGS.has(flag));
}

export const ASYNC_REASON = 'async not supported yet';
