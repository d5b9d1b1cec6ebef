// Implementation-defined limits of the JS embedding. Spec: WebAssembly JS API
// §"Implementation-defined Limits": a module exceeding one of these is rejected with a
// CompileError (so WebAssembly.validate returns false), whatever the core spec allows.
// (The runtime limits — table size 10,000,000, memory size — are enforced by the engine when
// tables and memories are allocated or grown.)
//
// Deviation: the limits on a memory's declared min/max (65,536 pages for 32-bit memories, 2^37-1
// for 64-bit ones) are not checked at compile time, because the core test suite holds modules
// beyond them valid (memory64.wast, custom-page-sizes) and runs them through this API; such a
// memory fails when it is allocated instead.

import { CompileError } from '../core/errors.js';
import type { Module as CoreModule } from '../core/module.js';

export const LIMITS = {
  moduleSize: 1024 * 1024 * 1024,
  types: 1_000_000,
  recGroups: 1_000_000,
  subtypeDepth: 63,
  functions: 1_000_000,
  imports: 1_000_000,
  exports: 1_000_000,
  globals: 1_000_000,
  tags: 1_000_000,
  dataSegments: 100_000,
  tables: 100_000,
  tableSize: 10_000_000,
  elementSegmentEntries: 10_000_000,
  memories: 100,
  params: 1_000,
  results: 1_000,
  functionSize: 7_654_321,
  locals: 50_000,
  structFields: 10_000,
} as const;

function fail(what: string, n: number, limit: number): never {
  throw new CompileError(`implementation limit exceeded: ${what} (${n} > ${limit})`);
}

/** Checks the size of a module's bytes before it is even copied. */
export function checkModuleSize(n: number): void {
  if (n > LIMITS.moduleSize) fail('module size in bytes', n, LIMITS.moduleSize);
}

/** Skips a signed LEB128 at `p`. */
function skipLeb(bytes: Uint8Array, p: number): number {
  while (bytes[p++]! & 0x80);
  return p;
}

/** Number of locals a function body declares (the module is valid, so the encoding is well-formed). */
function declaredLocals(bytes: Uint8Array, start: number): number {
  // LEB128 read inline (this runs for every function of every module compiled)
  let p = start;
  let groups = 0;
  let scale = 1;
  let b: number;
  do {
    b = bytes[p++]!;
    groups += (b & 0x7f) * scale;
    scale *= 128;
  } while (b & 0x80);
  let total = 0;
  for (; groups > 0; groups--) {
    let n = 0;
    scale = 1;
    do {
      b = bytes[p++]!;
      n += (b & 0x7f) * scale;
      scale *= 128;
    } while (b & 0x80);
    total += n;
    const t = bytes[p++]!;
    // (ref ht) and (ref null ht) carry a heap type (s33); other value types are one byte.
    if (t === 0x63 || t === 0x64) p = skipLeb(bytes, p);
  }
  return total;
}

/** Throws a CompileError if a decoded, valid module exceeds one of the JS embedding's limits. */
export function checkLimits(m: CoreModule): void {
  const L = LIMITS;
  if (m.types.length > L.types) fail('types', m.types.length, L.types);
  let recGroups = 0;
  const depth: number[] = [];
  for (let i = 0; i < m.types.length; i++) {
    const t = m.types[i]!;
    if (t.recStart === i) recGroups++;
    const sup = t.supers[0];
    depth[i] = sup === undefined ? 0 : (depth[sup] ?? 0) + 1;
    if (depth[i]! > L.subtypeDepth) fail('subtype depth', depth[i]!, L.subtypeDepth);
    const c = t.composite;
    if (c.kind === 'func') {
      if (c.params.length > L.params) fail('function parameters', c.params.length, L.params);
      if (c.results.length > L.results) fail('function results', c.results.length, L.results);
    } else if (c.kind === 'struct' && c.fields.length > L.structFields) {
      fail('struct fields', c.fields.length, L.structFields);
    }
  }
  if (recGroups > L.recGroups) fail('recursion groups', recGroups, L.recGroups);
  const definedFuncs = m.funcs.length - m.numImportedFuncs;
  if (definedFuncs > L.functions) fail('functions', definedFuncs, L.functions);
  if (m.imports.length > L.imports) fail('imports', m.imports.length, L.imports);
  if (m.exports.length > L.exports) fail('exports', m.exports.length, L.exports);
  const definedGlobals = m.globals.length - m.numImportedGlobals;
  if (definedGlobals > L.globals) fail('globals', definedGlobals, L.globals);
  const definedTags = m.tags.length - m.numImportedTags;
  if (definedTags > L.tags) fail('tags', definedTags, L.tags);
  if (m.datas.length > L.dataSegments) fail('data segments', m.datas.length, L.dataSegments);
  if (m.tables.length > L.tables) fail('tables', m.tables.length, L.tables);
  if (m.memories.length > L.memories) fail('memories', m.memories.length, L.memories);
  for (const seg of m.elems) {
    const n = seg.funcIndices ? seg.funcIndices.length : seg.exprs ? seg.exprs.length : 0;
    if (n > L.elementSegmentEntries) fail('element segment entries', n, L.elementSegmentEntries);
  }
  if (m.elems.length > L.elementSegmentEntries) fail('element segments', m.elems.length, L.elementSegmentEntries);
  m.codes.forEach((body, i) => {
    const size = body.end - body.start;
    if (size > L.functionSize) fail('function body size in bytes', size, L.functionSize);
    const type = m.types[m.funcs[m.numImportedFuncs + i]!]!.composite;
    const params = type.kind === 'func' ? type.params.length : 0;
    const locals = params + declaredLocals(m.bytes, body.start);
    if (locals > L.locals) fail('locals (parameters included)', locals, L.locals);
  });
}
