// Component instantiation and linking through the public API (compileComponent), with components
// written in the text format and encoded by jco's parser (wasm-tools). Checks jco's JS shape of
// imports and exports, traps and poisoning, host/guest resources and nested-component linking.
import { parse } from '@bytecodealliance/jco';
import { describe, expect, it } from 'vitest';
import { compileComponent, ComponentError, LinkError, RuntimeError } from '../src/index.js';

const ADDER = `(component
  (import "host-fn" (func $hf (param "x" u32) (result u32)))
  (import "ns:pkg/logging@0.1.0" (instance $log (export "log-message" (func (param "m" string)))))
  (alias export $log "log-message" (func $log-message))
  (core module $m
    (import "h" "hf" (func $hf (param i32) (result i32)))
    (import "h" "log" (func $log (param i32 i32)))
    (memory (export "mem") 4)
    (global $bump (mut i32) (i32.const 1024))
    (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
    (func (export "twice-host") (param i32) (result i32) (call $hf (local.get 0)) (call $hf) )
    (func (export "greet") (param i32 i32)
      (call $log (local.get 0) (local.get 1)))
    (func (export "trap") unreachable)
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $bump) (i32.sub (local.get 2) (i32.const 1))) (i32.xor (i32.sub (local.get 2) (i32.const 1)) (i32.const -1))))
      (global.set $bump (i32.add (local.get $p) (local.get 3)))
      ;; a realloc keeps the old contents
      (if (local.get 1) (then (memory.copy (local.get $p) (local.get 0)
        (select (local.get 1) (local.get 3) (i32.lt_u (local.get 1) (local.get 3))))))
      (local.get $p))
  )
  (core module $shim (table (export "t") 1 funcref)
    (type $logt (func (param i32 i32)))
    (func (export "log") (param i32 i32) (call_indirect (type $logt) (local.get 0) (local.get 1) (i32.const 0))))
  (core instance $shim (instantiate $shim))
  (core func $hfl (canon lower (func $hf)))
  (core instance $hi (export "hf" (func $hfl)) (export "log" (func $shim "log")))
  (core instance $i (instantiate $m (with "h" (instance $hi))))
  (core func $logl (canon lower (func $log-message) (memory (core memory $i "mem")) (realloc (core func $i "realloc"))))
  (core module $fix (import "s" "t" (table 1 funcref)) (import "s" "f" (func $f (param i32 i32))) (elem (i32.const 0) func $f))
  (core instance (instantiate $fix (with "s" (instance (export "t" (table $shim "t")) (export "f" (func $logl))))))
  (func $add (param "a" u32) (param "b-c" u32) (result u32) (canon lift (core func $i "add")))
  (func $twice (param "x" u32) (result u32) (canon lift (core func $i "twice-host")))
  (func $greet (param "name" string) (canon lift (core func $i "greet") (memory (core memory $i "mem")) (realloc (core func $i "realloc"))))
  (func $trap (canon lift (core func $i "trap")))
  (instance $api (export "add-two" (func $add)) (export "greet" (func $greet)))
  (export "ns:pkg/api@0.2.0" (instance $api))
  (export "top-add" (func $add))
  (export "twice-host" (func $twice))
  (export "trap" (func $trap))
)`;

async function adder() {
  return compileComponent(await parse(ADDER));
}

function hostImports(log: string[]) {
  return {
    'host-fn': { default: (x: number) => x * 3 },
    'ns:pkg/logging': { logMessage: (m: string) => void log.push(m) },
  };
}

describe('component runtime: imports and exports in jco shape', () => {
  it('exports interfaces under full and short names and world functions camelCased', async () => {
    const c = await adder();
    const { exports } = c.instantiate(hostImports([]));
    expect(Object.keys(exports).sort()).toEqual(['api', 'ns:pkg/api@0.2.0', 'topAdd', 'trap', 'twiceHost'].sort());
    const api = exports.api as Record<string, (...a: unknown[]) => unknown>;
    expect(exports['ns:pkg/api@0.2.0']).toBe(api);
    expect(api.addTwo!(2, 40)).toBe(42);
    expect((exports.topAdd as (a: number, b: number) => number)(0xffffffff, 2)).toBe(1);
  });

  it('calls host functions (world-level `.default`) and interface functions with strings', async () => {
    const log: string[] = [];
    const { exports } = (await adder()).instantiate(hostImports(log));
    expect((exports.twiceHost as (x: number) => number)(5)).toBe(45);
    (exports.api as { greet: (s: string) => void }).greet('héllo wörld 🎉');
    expect(log).toEqual(['héllo wörld 🎉']);
    (exports.api as { greet: (s: string) => void }).greet('');
    (exports.api as { greet: (s: string) => void }).greet('x'.repeat(100000));
    expect(log.slice(1)).toEqual(['', 'x'.repeat(100000)]);
  });

  it('accepts the versioned interface name as the import key too', async () => {
    const log: string[] = [];
    const { exports } = (await adder()).instantiate({
      'host-fn': (x: number) => x + 1,
      'ns:pkg/logging@0.1.0': { logMessage: (m: string) => void log.push(m) },
    });
    (exports.api as { greet: (s: string) => void }).greet('v');
    expect((exports.twiceHost as (x: number) => number)(1)).toBe(3);
    expect(log).toEqual(['v']);
  });

  it('a missing import is a LinkError naming it; inherited properties do not count', async () => {
    const c = await adder();
    expect(() => c.instantiate({ 'host-fn': { default: () => 0 } })).toThrow(LinkError);
    expect(() => c.instantiate({ 'host-fn': { default: () => 0 } })).toThrow(/ns:pkg\/logging/);
    const proto = { 'ns:pkg/logging': { logMessage: () => {} } };
    const inherited = Object.assign(Object.create(proto) as object, { 'host-fn': { default: () => 0 } });
    expect(() => c.instantiate(inherited as Record<string, unknown>)).toThrow(LinkError);
    const noFn = { 'host-fn': { default: () => 0 }, 'ns:pkg/logging': Object.create({ logMessage: () => {} }) as object };
    expect(() => c.instantiate(noFn)).toThrow(/logMessage/);
  });

  it('a trap is a RuntimeError and poisons the instance; other instances keep working', async () => {
    const c = await adder();
    const a = c.instantiate(hostImports([])).exports;
    expect(() => (a.trap as () => void)()).toThrow(RuntimeError);
    expect(() => (a.topAdd as (x: number, y: number) => number)(1, 2)).toThrow(/cannot enter component instance/);
    const b = c.instantiate(hostImports([])).exports;
    expect((b.topAdd as (x: number, y: number) => number)(1, 2)).toBe(3);
  });

  it('wrong argument types are TypeErrors, not crashes; numbers convert as jco does', async () => {
    const { exports } = (await adder()).instantiate(hostImports([]));
    // jco lowers u32 params with `>>> 0` (no range check), so do we.
    expect((exports.topAdd as (x: unknown, y: unknown) => number)('x', 1)).toBe(1);
    expect(() => (exports.api as { greet: (s: unknown) => void }).greet(42)).toThrow(TypeError);
  });

  it('exposes import/export types and WIT text', async () => {
    const c = await adder();
    expect([...c.imports.keys()]).toEqual(['host-fn', 'ns:pkg/logging@0.1.0']);
    expect(c.exports.get('top-add')).toMatchObject({ kind: 'func' });
    const wit = c.wit();
    expect(wit).toContain('world root {');
    expect(wit).toContain('import host-fn: func(x: u32) -> u32;');
    expect(wit).toContain('export ns:pkg/api@0.2.0;');
    expect(wit).toContain('add-two: func(a: u32, b-c: u32) -> u32;');
    expect(wit).toContain('log-message: func(m: string);');
  });
});

const RESULTS = `(component
  (core module $m
    (memory (export "mem") 1)
    (func (export "div") (param i32 i32) (result i32)
      (if (i32.eqz (local.get 1)) (then (i32.store (i32.const 0) (i32.const 1)) (i32.store (i32.const 4) (i32.const 0)) (return (i32.const 0))))
      (i32.store (i32.const 0) (i32.const 0))
      (i32.store (i32.const 4) (i32.div_u (local.get 0) (local.get 1)))
      (i32.const 0)))
  (core instance $i (instantiate $m))
  (type $err (enum "div-by-zero" "overflow"))
  (export $e "math-error" (type $err))
  (func (export "div") (param "a" u32) (param "b" u32) (result (result u32 (error $e))) (canon lift (core func $i "div") (memory (core memory $i "mem"))))
)`;

describe('component runtime: results', () => {
  it('an exported result returns ok or throws ComponentError with the payload', async () => {
    const { exports } = compileComponent(await parse(RESULTS)).instantiate();
    const div = exports.div as (a: number, b: number) => number;
    expect(div(84, 2)).toBe(42);
    let caught: unknown;
    try {
      div(1, 0);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ComponentError);
    expect((caught as ComponentError).payload).toBe('div-by-zero');
  });
});
