// Rebuilds the committed binaries of the ABI benchmark from their text sources with jco's `parse`
// (wasm-tools' text parser, run on node's WebAssembly; a build tool, not part of purewasm):
//
//   guest.wat                       → guest.wasm    the core module alone (run.ts times its
//                                                   functions called directly, core API)
//   bench.wat + guest.wat           → bench.wasm    the benchmark component
//   link-a.wat, link-b.wat          → link-a.wasm, link-b.wasm   the two core modules alone
//   link.wat + link-a.wat + link-b.wat → link.wasm  two nested components, B calling A's `add`
//
// A component's text has a marker line `;; @NAME-body` where the body (the fields between
// `(module` and its closing parenthesis) of core module NAME.wat goes.
//
// Usage: npx tsx bench/abi/build.ts [--check]   (--check: fail if a committed binary is stale)
// Needs only the devDependency @bytecodealliance/jco.

import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from '@bytecodealliance/jco';

const dir = new URL('./', import.meta.url);
const read = (name: string): string => readFileSync(new URL(name, dir), 'utf8');

/** The fields of a `(module …)` text: everything between its first `(module` and its last `)`. */
function moduleBody(text: string, file: string): string {
  const start = text.indexOf('(module');
  const end = text.lastIndexOf(')');
  if (start < 0 || end < start) throw new Error(`${file}: no (module …) found`);
  return text.slice(start + '(module'.length, end);
}

/** `component` with each marker line `;; @NAME-body` replaced by the body of NAME.wat. */
function splice(component: string, file: string): string {
  let found = 0;
  const out = component.replace(/^[ \t]*;; @([a-z0-9-]+)-body[ \t]*$/gm, (_line, name: string) => {
    found++;
    return moduleBody(read(`${name}.wat`), `${name}.wat`);
  });
  if (found === 0) throw new Error(`${file}: no marker line \`;; @NAME-body\``);
  return out;
}

export async function buildAll(): Promise<Record<string, Uint8Array>> {
  const out: Record<string, Uint8Array> = {};
  for (const core of ['guest', 'link-a', 'link-b']) out[`${core}.wasm`] = await parse(read(`${core}.wat`));
  for (const component of ['bench', 'link']) out[`${component}.wasm`] = await parse(splice(read(`${component}.wat`), `${component}.wat`));
  return out;
}

if (process.argv[1] && new URL(`file://${process.argv[1]}`).href === new URL(import.meta.url).href) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const [name, bytes] of Object.entries(await buildAll())) {
    const file = new URL(name, dir);
    let old: Buffer | undefined;
    try {
      old = readFileSync(file);
    } catch {
      old = undefined;
    }
    const same = old !== undefined && Buffer.compare(old, Buffer.from(bytes)) === 0;
    if (check) {
      if (!same) stale++;
      console.log(`${name}: ${same ? 'up to date' : 'STALE'} (${bytes.length} bytes)`);
    } else {
      if (!same) writeFileSync(file, bytes);
      console.log(`${name}: ${same ? 'unchanged' : 'written'} (${bytes.length} bytes)`);
    }
  }
  if (stale) process.exit(1);
}
