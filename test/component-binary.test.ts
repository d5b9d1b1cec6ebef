// The component binary decoder (src/component/binary): real components (from jco / wit-component),
// the binary-level cases of the component-model test suites, hand-made edge cases, and a property
// test that mutated components only ever decode or throw CompileError.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { componentEmbed, componentNew, parse, preview1AdapterReactorPath } from '@bytecodealliance/jco';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ComponentAst, Definition } from '../src/component/binary/ast.js';
import { decodeComponent, isComponent } from '../src/component/binary/decode.js';
import { decodeValue } from '../src/component/binary/value.js';
import { CompileError } from '../src/core/errors.js';

const SUITES = '/work/shared/testsuites/component-model';

// ---- a minimal .wast reader (enough for `(component binary "...")` forms) ----

type SExpr = string | { readonly str: Uint8Array } | SExpr[];

function parseWast(text: string): SExpr[] {
  let i = 0;
  const enc = new TextEncoder();
  function skip(): void {
    for (;;) {
      while (i < text.length && /\s/.test(text[i]!)) i++;
      if (text.startsWith(';;', i)) {
        while (i < text.length && text[i] !== '\n') i++;
      } else if (text.startsWith('(;', i)) {
        let depth = 0;
        do {
          if (text.startsWith('(;', i)) { depth++; i += 2; } else if (text.startsWith(';)', i)) { depth--; i += 2; } else i++;
        } while (depth > 0 && i < text.length);
      } else return;
    }
  }
  function str(): Uint8Array {
    i++; // opening quote
    const out: number[] = [];
    while (text[i] !== '"') {
      const c = text[i]!;
      if (c !== '\\') {
        out.push(...enc.encode(String.fromCodePoint(text.codePointAt(i)!)));
        i += String.fromCodePoint(text.codePointAt(i)!).length;
        continue;
      }
      const d = text[i + 1]!;
      const simple: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, "'": 39, '\\': 92 };
      if (d in simple) { out.push(simple[d]!); i += 2; } else if (d === 'u') {
        const close = text.indexOf('}', i);
        out.push(...enc.encode(String.fromCodePoint(parseInt(text.slice(i + 3, close), 16))));
        i = close + 1;
      } else { out.push(parseInt(text.slice(i + 1, i + 3), 16)); i += 3; }
    }
    i++;
    return new Uint8Array(out);
  }
  function expr(): SExpr {
    skip();
    if (text[i] === '(') {
      i++;
      const list: SExpr[] = [];
      for (;;) {
        skip();
        if (text[i] === ')') { i++; return list; }
        list.push(expr());
      }
    }
    if (text[i] === '"') return { str: str() };
    const start = i;
    while (i < text.length && !/[\s()"]/.test(text[i]!)) i++;
    return text.slice(start, i);
  }
  const out: SExpr[] = [];
  for (skip(); i < text.length; skip()) out.push(expr());
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/** The bytes of a `(component $id? definition? binary "..."*)` form, or undefined. */
function componentBinary(e: SExpr): Uint8Array | undefined {
  if (!Array.isArray(e) || e[0] !== 'component') return undefined;
  const k = e.indexOf('binary');
  if (k < 0) return undefined;
  return concat(e.slice(k + 1).map((s) => (s as { str: Uint8Array }).str));
}

interface BinaryCase { readonly file: string; readonly line: number; readonly kind: 'valid' | 'malformed' | 'invalid'; readonly bytes: Uint8Array; readonly message: string }

function binaryCases(file: string): BinaryCase[] {
  const out: BinaryCase[] = [];
  for (const [n, e] of parseWast(readFileSync(file, 'utf8')).entries()) {
    const direct = componentBinary(e);
    if (direct) { out.push({ file, line: n, kind: 'valid', bytes: direct, message: '' }); continue; }
    if (!Array.isArray(e) || (e[0] !== 'assert_malformed' && e[0] !== 'assert_invalid')) continue;
    const bytes = componentBinary(e[1]!);
    if (!bytes) continue;
    const message = new TextDecoder().decode((e[2] as { str: Uint8Array }).str);
    out.push({ file, line: n, kind: e[0] === 'assert_malformed' ? 'malformed' : 'invalid', bytes, message });
  }
  return out;
}

function tryDecode(bytes: Uint8Array): ComponentAst | CompileError {
  try {
    return decodeComponent(bytes);
  } catch (e) {
    if (e instanceof CompileError) return e;
    throw e;
  }
}

function allDefinitions(c: ComponentAst): Definition[] {
  return c.definitions.flatMap((d) => (d.kind === 'component' ? [d, ...allDefinitions(d.component)] : [d]));
}

const hex = (s: string): Uint8Array => new Uint8Array((s.replace(/\s+/g, '').match(/../g) ?? []).map((x) => parseInt(x, 16)));
const PREAMBLE = '0061736d 0d000100';

// ---- real components ----

const DEMO_WIT = `package local:demo;
interface logging {
  log: func(msg: string);
  resource counter { constructor(start: u32); inc: func() -> u32; }
}
interface math {
  flags perms { read, write, exec }
  add: func(a: u32, b: u32) -> u32;
  %flags: func(p: perms) -> perms;
}
world demo {
  import logging;
  export math;
  export greet: func(name: string) -> string;
}`;

const DEMO_CORE = `(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "local:demo/logging" "log" (func $log (param i32 i32)))
  (import "local:demo/logging" "[resource-drop]counter" (func $drop (param i32)))
  (import "local:demo/logging" "[constructor]counter" (func $ctor (param i32) (result i32)))
  (import "local:demo/logging" "[method]counter.inc" (func $inc (param i32) (result i32)))
  (memory (export "memory") 1)
  (global $bump (mut i32) (i32.const 1024))
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $bump))
    (global.set $bump (i32.add (local.get $p) (local.get 3)))
    (local.get $p))
  (func (export "greet") (param i32 i32) (result i32)
    (call $log (local.get 0) (local.get 1))
    (i32.const 16))
  (func (export "local:demo/math#add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "local:demo/math#flags") (param i32) (result i32) (local.get 0))
)`;

/** A component made by wit-component (componentEmbed + componentNew with the WASI preview1 adapter). */
let demo: Uint8Array;
/** Components written in the text format. */
let small: Uint8Array;
let everything: Uint8Array;

beforeAll(async () => {
  const core = await parse(DEMO_CORE);
  const embedded = await componentEmbed({ binary: core, witSource: DEMO_WIT, world: 'demo' });
  demo = await componentNew(embedded, [['wasi_snapshot_preview1', new Uint8Array(readFileSync(preview1AdapterReactorPath()))]]);
  small = await parse(`(component $C
    (type $r (resource (rep i32)))
    (core module $m (func (export "f") (param i32) (result i32) local.get 0) (memory (export "mem") 1))
    (core instance $i (instantiate $m))
    (alias core export $i "f" (core func $f))
    (type $ft (func (param "x" u32) (result u32)))
    (func $lifted (type $ft) (canon lift (core func $f)))
    (export "run" (func $lifted))
  )`);
  everything = await parse(`(component
    (type $rec (record (field "a" u8) (field "b" string)))
    (type $var (variant (case "x" s8) (case "y")))
    (type $l (list $rec))
    (type $fl (list u8 4))
    (type $tup (tuple s16 u32))
    (type $fl2 (flags "p" "q"))
    (type $en (enum "e1" "e2"))
    (type $opt (option $tup))
    (type $res (result $opt (error string)))
    (type $res0 (result))
    (type $st (stream u8))
    (type $fu (future))
    (type $m (map string u32))
    (type $ec error-context)
    (type $inst (instance
      (export "t" (type (sub resource)))
      (type $own (own 0))
      (export "mk" (func (result $own)))
    ))
    (type $comp (component
      (import "dep" (instance (type $inst)))
      (export "f" (func (param "p" bool)))
    ))
    (import "host" (instance $h (type $inst)))
    (alias export $h "mk" (func $mk))
    (core func $lowered (canon lower (func $mk)))
    (core func (canon waitable-set.new))
    (core func (canon context.get i32 0))
    (core func (canon subtask.cancel async))
    (core func (canon stream.new $st))
    (core func (canon thread.yield))
    (export "again" (func $mk))
  )`);
});

describe('isComponent', () => {
  it('tells components from core modules by the layer field', () => {
    expect(isComponent(hex(PREAMBLE))).toBe(true);
    expect(isComponent(hex('0061736d 01000000'))).toBe(false);
    expect(isComponent(hex('0061736d 0e000100'))).toBe(true); // a future component version: still a component
    expect(isComponent(hex('0061736d 0d00'))).toBe(false);
    expect(isComponent(hex('0061736e 0d000100'))).toBe(false);
  });
});

describe('real components', () => {
  it('decodes a wit-component component with the WASI adapter', () => {
    const c = decodeComponent(demo);
    expect(c.offset).toBe(0);
    expect(c.end).toBe(demo.length);
    expect(c.version).toBe(0x0d);
    const defs = allDefinitions(c);
    const kinds = new Set(defs.map((d) => d.kind));
    for (const k of ['type', 'import', 'alias', 'core-module', 'core-instance', 'canon', 'export']) expect(kinds).toContain(k);
    const imports = c.definitions.filter((d) => d.kind === 'import').map((d) => d.kind === 'import' && d.name.name);
    expect(imports).toContain('local:demo/logging');
    expect(imports.some((n) => typeof n === 'string' && n.startsWith('wasi:io/streams@'))).toBe(true);
    const exports = c.definitions.filter((d) => d.kind === 'export').map((d) => d.kind === 'export' && d.name.name);
    expect(exports).toEqual(expect.arrayContaining(['local:demo/math', 'greet']));
    // The logging instance type declares a resource and its constructor.
    const logging = c.definitions.find((d) => d.kind === 'type' && d.type.kind === 'instance');
    expect(logging?.kind === 'type' && logging.type.kind === 'instance' && logging.type.decls.some(
      (d) => d.kind === 'export' && d.name.name === 'counter' && d.type.kind === 'type' && d.type.bound.kind === 'sub-resource')).toBe(true);
    // Lowered imports need memory and realloc; lifted exports name their core function and type.
    const canons = defs.flatMap((d) => (d.kind === 'canon' ? [d.canon] : []));
    expect(canons.some((k) => k.kind === 'lower' && k.opts.some((o) => o.kind === 'memory') && k.opts.some((o) => o.kind === 'realloc'))).toBe(true);
    expect(canons.some((k) => k.kind === 'lift')).toBe(true);
    expect(canons.some((k) => k.kind === 'resource.drop')).toBe(true);
    // Core modules are byte ranges of the outer binary, decoded by the core decoder.
    for (const d of defs) {
      if (d.kind !== 'core-module') continue;
      expect(d.bytes.buffer).toBe(demo.buffer);
      expect(d.bytes.byteOffset).toBe(d.offset);
      expect(Array.from(d.bytes.subarray(0, 8))).toEqual([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
      expect(d.module.bytes.length).toBe(d.bytes.length);
    }
    // Offsets are absolute and increasing within a component.
    let last = -1;
    for (const d of c.definitions) {
      expect(d.offset).toBeGreaterThan(last);
      expect(d.offset).toBeLessThan(demo.length);
      last = d.offset;
    }
    // The component-name section names core modules and instances.
    expect(c.customs.map((s) => s.name)).toContain('component-name');
    expect(c.names?.sorts.get('core module')?.size).toBeGreaterThan(0);
  });

  it('decodes the structure of a small hand-written component', () => {
    const c = decodeComponent(small);
    expect(c.definitions.map((d) => d.kind)).toEqual(['type', 'core-module', 'core-instance', 'alias', 'type', 'canon', 'export']);
    const [res, mod, inst, alias, ft, canon, exp] = c.definitions;
    expect(res).toEqual({ kind: 'type', offset: res!.offset, type: { kind: 'resource', rep: 0x7f } });
    expect(mod?.kind === 'core-module' && mod.module.exports.map((e) => e.name)).toEqual(['f', 'mem']);
    expect(inst).toMatchObject({ kind: 'core-instance', expr: { kind: 'instantiate', module: 0, args: [] } });
    expect(alias).toMatchObject({ kind: 'alias', sort: 'core func', target: { kind: 'core-export', instance: 0, name: 'f' } });
    expect(ft).toMatchObject({ kind: 'type', type: { kind: 'func', async: false, params: [{ name: 'x', type: 'u32' }], result: 'u32' } });
    expect(canon).toMatchObject({ kind: 'canon', canon: { kind: 'lift', coreFunc: 0, type: 1, opts: [] } });
    expect(exp).toMatchObject({ kind: 'export', sort: 'func', index: 0, name: { name: 'run', form: 0 } });
    // The offsets point at the definitions' first bytes: the lift is `00 00 <f> <opts> <type>`.
    const lift = canon!.offset;
    expect(Array.from(small.subarray(lift, lift + 5))).toEqual([0x00, 0x00, 0x00, 0x00, 0x01]);
    expect(c.names?.component).toBe('C');
  });

  it('decodes every kind of defined type, component/instance types and async builtins', () => {
    const c = decodeComponent(everything);
    const types = c.definitions.flatMap((d) => (d.kind === 'type' ? [d.type] : []));
    expect(types.slice(0, 14)).toEqual([
      { kind: 'record', fields: [{ label: 'a', type: 'u8' }, { label: 'b', type: 'string' }] },
      { kind: 'variant', cases: [{ label: 'x', type: 's8' }, { label: 'y', type: undefined }] },
      { kind: 'list', elem: 0 },
      { kind: 'list', elem: 'u8', length: 4 },
      { kind: 'tuple', types: ['s16', 'u32'] },
      { kind: 'flags', labels: ['p', 'q'] },
      { kind: 'enum', labels: ['e1', 'e2'] },
      { kind: 'option', type: 4 },
      { kind: 'result', ok: 7, err: 'string' },
      { kind: 'result', ok: undefined, err: undefined },
      { kind: 'stream', elem: 'u8' },
      { kind: 'future', elem: undefined },
      { kind: 'map', key: 'string', value: 'u32' },
      { kind: 'error-context' },
    ]);
    const inst = types[14]!;
    expect(inst.kind).toBe('instance');
    expect(inst.kind === 'instance' && inst.decls.map((d) => d.kind)).toEqual(['export', 'type', 'type', 'export']);
    const comp = types[15]!;
    expect(comp.kind === 'component' && comp.decls.map((d) => d.kind)).toEqual(['alias', 'import', 'type', 'export']);
    const canons = c.definitions.flatMap((d) => (d.kind === 'canon' ? [d.canon] : []));
    expect(canons).toEqual([
      { kind: 'lower', func: 0, opts: [] },
      { kind: 'waitable-set.new' },
      { kind: 'context.get', type: 0x7f, index: 0 },
      { kind: 'subtask.cancel', async: true },
      { kind: 'stream.new', type: 10 },
      { kind: 'thread.yield', cancellable: false },
    ]);
  });

  it('decodes the components of the spec-test cache (when present)', () => {
    const root = '/work/main/.cache/spec';
    if (!existsSync(root)) return;
    let decoded = 0;
    for (const d of readdirSync(root)) {
      for (const f of readdirSync(join(root, d))) {
        if (!f.endsWith('.wasm')) continue;
        const b = new Uint8Array(readFileSync(join(root, d, f)));
        if (!isComponent(b)) continue;
        const r = tryDecode(b);
        if (!(r instanceof CompileError)) decoded++;
      }
    }
    expect(decoded).toBeGreaterThan(0);
  });
});

// ---- conformance: binary-level cases of the test suites ----

const BINARY_WAST_FILES = [
  'WebAssembly-component-model/binary/binary.wast',
  'bytecodealliance-wasm-tools/component-model/values/start.wast',
  'bytecodealliance-wasm-tools/component-model/func.wast',
  'bytecodealliance-wasm-tools/component-model/import.wast',
  'bytecodealliance-wasm-tools/component-model/gc/gc.wast',
  'bytecodealliance-wasm-tools/component-model/memory64/context.wast',
  'bytecodealliance-wasm-tools/component-model/async/task-builtins.wast',
].map((f) => join(SUITES, f)).filter((f) => existsSync(f));

describe('test-suite binary cases', () => {
  const cases = BINARY_WAST_FILES.flatMap(binaryCases);

  it('finds the cases', () => {
    if (BINARY_WAST_FILES.length === 0) return;
    expect(cases.filter((c) => c.kind === 'malformed').length).toBeGreaterThanOrEqual(70);
  });

  it('decodes every well-formed component', () => {
    for (const c of cases.filter((k) => k.kind === 'valid')) {
      const r = tryDecode(c.bytes);
      expect(r instanceof CompileError ? `${c.file}#${c.line}: ${r.message}` : 'ok').toBe('ok');
    }
  });

  it('rejects every malformed component with CompileError and the expected message', () => {
    for (const c of cases.filter((k) => k.kind === 'malformed')) {
      const r = tryDecode(c.bytes);
      const where = `${c.file}#${c.line} (${c.message})`;
      expect(r instanceof CompileError ? 'rejected' : `accepted ${where}`).toBe('rejected');
      expect((r as CompileError).reason.includes(c.message) ? 'ok' : `${where}: got "${(r as CompileError).reason}"`).toBe('ok');
      expect((r as CompileError).offset).toBeGreaterThanOrEqual(0);
      expect((r as CompileError).offset).toBeLessThanOrEqual(c.bytes.length);
    }
  });

  it('leaves invalid-but-well-formed components to the validator, except what the reader rejects', () => {
    // wasmparser's reader (so: our decoder) rejects these assert_invalid cases already.
    const readerRejects = ['invalid leading byte', "duplicate 'implements' option in name"];
    for (const c of cases.filter((k) => k.kind === 'invalid')) {
      const r = tryDecode(c.bytes);
      const rejected = r instanceof CompileError;
      expect(`${c.message}: ${rejected}`).toBe(`${c.message}: ${readerRejects.some((m) => c.message.includes(m))}`);
      if (rejected) expect(r.reason).toContain(c.message);
    }
  });
});

// ---- hand-made edge cases ----

/** A component with one section `id` holding `body` (hex). */
function section(id: number, body: string): Uint8Array {
  const b = hex(body);
  return concat([hex(PREAMBLE), new Uint8Array([id, b.length]), b]);
}

function reason(bytes: Uint8Array): string {
  const r = tryDecode(bytes);
  return r instanceof CompileError ? r.reason : 'ok';
}

describe('edge cases', () => {
  it('reports section-level errors with absolute offsets', () => {
    const e = tryDecode(section(8, '01 07')) as CompileError;
    expect(e).toBeInstanceOf(CompileError);
    expect(e.reason).toBe('invalid leading byte (0x7) for canonical function');
    expect(e.offset).toBe(11);
    expect(e.message).toBe('invalid leading byte (0x7) for canonical function (at offset 0xb)');
    expect(reason(section(7, '01 73 00'))).toBe('section size mismatch: unexpected data at the end of the section');
    expect(reason(concat([hex(PREAMBLE), hex('0061736d')]))).toBe('expected section, got wasm magic number');
    expect(reason(section(12 + 1, ''))).toBe('malformed section id: 13');
    expect(reason(concat([section(9, '00 00 00'), hex('09 03 00 00 00')]))).toBe('component cannot have more than one start function');
  });

  it('checks nested sections against their enclosing section', () => {
    // A nested component whose type section claims more bytes than the nested component has.
    const nested = concat([hex(PREAMBLE), hex('07 05 01 73')]);
    const outer = concat([hex(PREAMBLE), new Uint8Array([4, nested.length]), nested]);
    expect(reason(outer)).toBe(`section too large, 5 goes past 0x${outer.length.toString(16)}`);
  });

  it('reports errors inside core modules at absolute offsets', () => {
    // The core module's type section holds an unknown type form 0x20.
    const mod = hex('0061736d 01000000 01 03 01 20 00');
    const bytes = concat([hex(PREAMBLE), new Uint8Array([1, mod.length]), mod]);
    const e = tryDecode(bytes) as CompileError;
    expect(e).toBeInstanceOf(CompileError);
    expect(e.offset).toBeGreaterThanOrEqual(10 + 8);
    expect(e.offset).toBeLessThan(bytes.length);
  });

  it('rejects over-long vectors by their limits without allocating', () => {
    expect(reason(section(8, '01 01 00 00 0b'))).toBe('canonical options size is out of bounds');
    expect(reason(section(7, '01 6e e9 07'))).toBe('flag names size is out of bounds');
    expect(reason(section(7, '01 72 ff ff ff ff 0f'))).toBe('record field size is out of bounds');
    expect(reason(section(7, '01 70 ff ff ff ff ff 00'))).toBe('integer representation too long');
    expect(reason(section(7, '01 72 90 4e'))).toBe('unexpected end-of-file');
  });

  it('keeps malformed names sections from failing the component', () => {
    const name = [...new TextEncoder().encode('component-name')];
    const custom = (payload: number[]): Uint8Array => {
      const body = [name.length, ...name, ...payload];
      return concat([hex(PREAMBLE), new Uint8Array([0, body.length, ...body])]);
    };
    // component name "c"; type names {1: "t", 2: "u"}
    const good = decodeComponent(custom([0x00, 0x02, 0x01, 0x63, 0x01, 0x08, 0x03, 0x02, 0x01, 0x01, 0x74, 0x02, 0x01, 0x75]));
    expect(good.names?.component).toBe('c');
    expect([...good.names!.sorts]).toEqual([['type', new Map([[1, 't'], [2, 'u']])]]);
    const bad = decodeComponent(custom([0x00, 0x09, 0x05]));
    expect(bad.names).toBeUndefined();
    expect(bad.customs[0]?.name).toBe('component-name');
  });

  it('turns deep nesting into CompileError, not a stack overflow', () => {
    // 2,000 nested instance types: 0x42 0x01 (one decl) 0x01 (type) ... 0x42 0x00.
    const depth = 2000;
    const body = [0x01, ...Array.from({ length: depth }, () => [0x42, 0x01, 0x01]).flat().slice(0, -1), 0x42, 0x00];
    const typeSec = concat([new Uint8Array([7]), leb(body.length), new Uint8Array(body)]);
    const e1 = tryDecode(concat([hex(PREAMBLE), typeSec]));
    expect(e1).toBeInstanceOf(CompileError);
    expect((e1 as CompileError).reason).toBe('type nesting is too deep');
    // 2,000 nested components.
    let inner = hex(PREAMBLE);
    for (let i = 0; i < depth; i++) inner = concat([hex(PREAMBLE), new Uint8Array([4]), leb(inner.length), inner]);
    const e2 = tryDecode(inner);
    expect(e2).toBeInstanceOf(CompileError);
    expect((e2 as CompileError).reason).toBe('component nesting is too deep');
    // Moderate nesting decodes.
    let ok = hex(PREAMBLE);
    for (let i = 0; i < 50; i++) ok = concat([hex(PREAMBLE), new Uint8Array([4]), leb(ok.length), ok]);
    expect(tryDecode(ok)).not.toBeInstanceOf(CompileError);
  });

  it('decodes the extern-name attribute form', () => {
    // import (0x02 "i" [implements "a:b/c", versionsuffix "x"]) (instance (type 0))
    const c = decodeComponent(section(10, '01 02 0169 02 00 05 613a622f63 01 01 78 05 00'));
    expect(c.definitions[0]).toMatchObject({
      kind: 'import', name: { form: 2, name: 'i', implements: 'a:b/c', versionSuffix: 'x' }, type: { kind: 'instance', type: 0 },
    });
    expect(reason(section(10, '01 02 0169 02 01 01 78 01 01 79 05 00'))).toBe("duplicate 'versionsuffix' option in name");
  });

  it('keeps value definitions raw and decodes them against a resolved type', () => {
    // value section: (value u32 "\2a") then (value <type 0> 3 bytes)
    const c = decodeComponent(section(12, '02 79 01 2a 00 03 01 01 61'));
    const [v1, v2] = c.definitions;
    expect(v1).toMatchObject({ kind: 'value', type: 'u32', bytesOffset: 13 });
    expect(decodeValue(v1 as never, { kind: 'u32' })).toBe(42);
    expect(v2).toMatchObject({ kind: 'value', type: 0 });
    const rec = { kind: 'record', fields: [{ label: 'ok', type: { kind: 'bool' } }, { label: 'name', type: { kind: 'string' } }] } as const;
    expect(decodeValue(v2 as never, rec)).toEqual({ kind: 'record', fields: [{ label: 'ok', value: true }, { label: 'name', value: 'a' }] });
    expect(() => decodeValue(v2 as never, { kind: 'u8' })).toThrow(CompileError);
  });
});

describe('decodeValue', () => {
  const val = (bytes: number[], type: Parameters<typeof decodeValue>[1]) => decodeValue({ bytes: new Uint8Array(bytes), bytesOffset: 100 }, type);
  it('decodes primitives', () => {
    expect(val([0xff], { kind: 's8' })).toBe(-1);
    expect(val([0xff, 0xff, 0x03], { kind: 'u16' })).toBe(0xffff);
    expect(val([0x7f], { kind: 's16' })).toBe(-1);
    expect(val([0x80, 0x80, 0x7e], { kind: 's16' })).toBe(-32768);
    expect(() => val([0x80, 0x80, 0x02], { kind: 's16' })).toThrow('integer too large');
    expect(val([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], { kind: 'u64' })).toBe(2n ** 64n - 1n);
    expect(val([0x7f], { kind: 's64' })).toBe(-1n);
    expect(val([0, 0, 0xc0, 0x7f], { kind: 'f32' })).toBeNaN();
    expect(val([0, 0, 0x80, 0x3f], { kind: 'f32' })).toBe(1);
    expect(val([0xe2, 0x82, 0xac], { kind: 'char' })).toBe('€');
    expect(val([0x02, 0x68, 0x69], { kind: 'string' })).toBe('hi');
  });
  it('decodes structured values', () => {
    expect(val([0x01, 0x05], { kind: 'variant', cases: [{ label: 'a' }, { label: 'b', type: { kind: 'u8' } }] })).toEqual({ kind: 'variant', label: 'b', value: 5 });
    expect(val([0x05], { kind: 'flags', labels: ['a', 'b', 'c'] })).toEqual({ kind: 'flags', labels: ['a', 'c'] });
    expect(val([0x02, 0x01, 0x02], { kind: 'list', elem: { kind: 'u8' } })).toEqual({ kind: 'list', values: [1, 2] });
    expect(val([0x01, 0x00], { kind: 'result', err: { kind: 'bool' } })).toEqual({ kind: 'result', ok: false, value: false });
    expect(val([0x01], { kind: 'enum', labels: ['x', 'y'] })).toEqual({ kind: 'enum', label: 'y' });
  });
  it('rejects malformed values with absolute offsets', () => {
    const bad = (bytes: number[], type: Parameters<typeof decodeValue>[1]): string => {
      try { val(bytes, type); return 'ok'; } catch (e) { return e instanceof CompileError ? `${e.reason}@${e.offset}` : String(e); }
    };
    expect(bad([0x02], { kind: 'bool' })).toBe('invalid boolean value@100');
    expect(bad([0x80, 0x80, 0x04], { kind: 'u16' })).toBe('integer too large@102');
    expect(bad([0x80, 0x80, 0x80], { kind: 'u16' })).toBe('integer representation too long@102');
    expect(bad([1, 0, 0xc0, 0x7f], { kind: 'f32' })).toBe('non-canonical NaN in value@100');
    expect(bad([0x08], { kind: 'flags', labels: ['a', 'b', 'c'] })).toBe('invalid flags value@100');
    expect(bad([0x01, 0x00], { kind: 'u8' })).toBe('trailing bytes at the end of a value@101');
    expect(bad([0xed, 0xa0, 0x80], { kind: 'char' })).toBe('malformed UTF-8 encoding@100');
    expect(bad([0x00], { kind: 'own', resource: {} })).toBe('a value definition cannot have type own@100');
  });
});

function leb(n: number): Uint8Array {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return new Uint8Array(out);
}

// ---- property: mutated components decode or throw CompileError ----

describe('mutation property', () => {
  it('never throws anything but CompileError on mutated components (2,000+ cases)', () => {
    // Real components and the suites' small well-formed binaries (which reach every section kind).
    const wastSeeds = BINARY_WAST_FILES.flatMap(binaryCases).filter((c) => c.kind === 'valid').map((c) => c.bytes);
    const seeds = [demo, small, everything, ...wastSeeds];
    let rejected = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: seeds.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 4 }),
        (which, edits) => {
          let b: Uint8Array = seeds[which]!.slice();
          for (const [pos, byte, op] of edits) {
            const at = pos % (b.length + 1);
            if (op === 0) b[Math.min(at, b.length - 1)] = byte; // overwrite
            else if (op === 1) b = concat([b.subarray(0, at), new Uint8Array([byte]), b.subarray(at)]); // insert
            else if (op === 2) b = concat([b.subarray(0, at), b.subarray(at + 1)]); // delete
            else b = b.subarray(0, at); // truncate
          }
          const r = tryDecode(b); // throws (failing the property) on anything but CompileError
          if (r instanceof CompileError) {
            rejected++;
            expect(r.offset).toBeGreaterThanOrEqual(0);
            expect(r.offset).toBeLessThanOrEqual(b.length);
          }
        },
      ),
      { numRuns: 2500, seed: 0x5eed },
    );
    expect(rejected).toBeGreaterThan(100);
  });
});
