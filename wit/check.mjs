// Checks every world in this directory with jco 1.35 (wasm-tools' wit-parser and wit-component):
// for each world, embed its WIT into a dummy core module (`componentEmbed` with `dummy: true`),
// turn that into a component (`componentNew`), print the component's WIT back
// (`componentWit`) and transpile it (`transpile`), so the world parses, resolves, encodes
// and is accepted by jco's code generator. Prints one line per world; exits 1 on any failure.
//
// Usage: node wit/check.mjs [--print]   (--print also shows each component's WIT)
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, '../node_modules/@bytecodealliance');
// jco reads WIT directories through wasi:filesystem (preview2-shim 0.26, which has no default
// preopens): give the copy that jco-transpile's wasm-tools uses a preopen of '/'.
const { _addPreopen } = await import(
  pathToFileURL(join(modules, 'jco-transpile/node_modules/@bytecodealliance/preview2-shim/dist/nodejs/filesystem.js')).href
);
_addPreopen('/', '/');
const jco = await import(pathToFileURL(join(modules, 'jco/dist/api.js')).href);

export const worlds = [
  'image-service:api/image-service',
  'image-service:compressor/compressor',
  'image-service:analyzer/analyzer',
  'plugin-system:api/plugin',
];

let failed = 0;
for (const world of worlds) {
  try {
    const embedded = await jco.componentEmbed({ dummy: true, witPath: here, world });
    const component = await jco.componentNew(embedded);
    const wit = await jco.componentWit(component);
    const { exports, imports } = await jco.transpile(component, { name: 'check', noTypescript: true });
    console.log(`ok   ${world}: ${component.length} bytes; imports ${imports.join(', ') || '-'}; exports ${exports.map((e) => e[0]).join(', ')}`);
    if (process.argv.includes('--print')) console.log(wit);
  } catch (e) {
    failed++;
    console.log(`FAIL ${world}: ${e?.message ?? e}`, e?.payload ?? "", e?.cause ?? "");
  }
}
if (failed) process.exit(1);
