// Sandboxed path resolution. Spec: WASI 0.2 wasi-filesystem types.wit (opening comment: paths
// are relative to a base descriptor; a path starting with `/`, any `..` or symbolic-link step
// that reaches outside the base directory, or a link to an absolute path fails with
// `not-permitted`) and proposals/filesystem/path-resolution.md ("Implementing path resolution
// manually": split into components, look each up without following links, splice a link's
// contents into the remaining components, pop on `..`, fail when the stack would go below the
// base). Leaving the base even temporarily ("../base/x") is refused, as the document requires.
//
// Every intermediate component is looked up through the backend one name at a time, so the
// backend never sees a path containing `..` or a symbolic link that it would follow itself.

import { FsError, type FsBackend, type FsStat } from './types.js';

/** Symbolic links followed in one resolution before failing with `loop` (Linux's MAXSYMLINKS). */
const MAX_LINKS = 40;

/** The outcome of resolving a path against a base directory. */
export interface Resolved<N> {
  /** The directory holding the final entry; undefined when the path ends in `.` or `..`. */
  readonly parent: N | undefined;
  /** The final component; undefined when the path ends in `.` or `..`. */
  readonly name: string | undefined;
  /** The final node if it exists (the link itself when the final link was not followed). */
  readonly node: N | undefined;
  readonly stat: FsStat | undefined;
  /** The path ended with `/`: the final entry must be a directory. */
  readonly mustBeDirectory: boolean;
}

function components(path: string): string[] {
  return path.split('/').filter((c) => c !== '');
}

/**
 * Resolves `path` against the directory `base`. `follow`: whether a symbolic link in the final
 * component is followed (links in other components always are).
 */
export function resolvePath<N>(backend: FsBackend<N>, base: N, path: string, follow: boolean): Resolved<N> {
  if (typeof path !== 'string') throw new TypeError('path must be a string');
  if (path === '') throw new FsError('no-entry', 'empty path');
  if (path.startsWith('/')) throw new FsError('not-permitted', `absolute path "${path}" (WASI paths are relative to a directory descriptor)`);
  if (path.includes('\0')) throw new FsError('illegal-byte-sequence', 'path contains a NUL character');
  let mustBeDirectory = path.endsWith('/');
  const rest = components(path);
  const stack: N[] = [base];
  let links = 0;
  while (rest.length > 0) {
    const c = rest.shift()!;
    const last = rest.length === 0;
    if (c === '.') continue;
    if (c === '..') {
      if (stack.length === 1) throw new FsError('not-permitted', `path "${path}" leaves its base directory`);
      stack.pop();
      continue;
    }
    const dir = stack[stack.length - 1]!;
    let node: N;
    try {
      node = backend.lookup(dir, c);
    } catch (e) {
      if (last && e instanceof FsError && e.code === 'no-entry') {
        return { parent: dir, name: c, node: undefined, stat: undefined, mustBeDirectory };
      }
      throw e;
    }
    const st = backend.stat(node);
    if (st.type === 'symbolic-link' && (!last || follow || mustBeDirectory)) {
      if (++links > MAX_LINKS) throw new FsError('loop', `too many symbolic links resolving "${path}"`);
      const target = backend.readlink(node);
      if (target.startsWith('/')) throw new FsError('not-permitted', `symbolic link "${c}" points to the absolute path "${target}"`);
      if (target === '') throw new FsError('no-entry', `symbolic link "${c}" is empty`);
      if (last && target.endsWith('/')) mustBeDirectory = true;
      rest.unshift(...components(target));
      continue;
    }
    if (!last) {
      if (st.type !== 'directory') throw new FsError('not-directory', `"${c}" is not a directory`);
      stack.push(node);
      continue;
    }
    if (mustBeDirectory && st.type !== 'directory' && st.type !== 'symbolic-link') {
      throw new FsError('not-directory', `"${c}" is not a directory`);
    }
    return { parent: dir, name: c, node, stat: st, mustBeDirectory };
  }
  const top = stack[stack.length - 1]!;
  return { parent: undefined, name: undefined, node: top, stat: backend.stat(top), mustBeDirectory: true };
}
