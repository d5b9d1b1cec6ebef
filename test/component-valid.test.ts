// Component validation (src/component/valid): components written in the text format, turned into
// bytes by jco's `parse`, decoded, then validated. Valid ones check the resolved output the
// runtime consumes; invalid ones check the CompileError, its wasm-tools wording and its offset.
import { parse } from '@bytecodealliance/jco';
import { describe, expect, it } from 'vitest';
import { decodeComponent } from '../src/component/binary/decode.js';
import { DEFAULT_COMPONENT_FEATURES, validateComponent, type ValidatedComponent } from '../src/component/valid/index.js';
import type { ComponentFeatures } from '../src/component/api.js';
import { CompileError } from '../src/core/errors.js';

async function validate(wat: string, features?: ComponentFeatures): Promise<ValidatedComponent> {
  return validateComponent(decodeComponent(await parse(wat)), features);
}

async function invalid(wat: string, message: string, features?: ComponentFeatures): Promise<CompileError> {
  let err: unknown;
  try {
    await validate(wat, features);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(CompileError);
  expect((err as CompileError).message).toContain(message);
  return err as CompileError;
}

const LIFT = `
  (core module $m
    (memory (export "mem") 1)
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) i32.const 0)
    (func (export "f") (param i32 i32) (result i32) i32.const 0))
  (core instance $i (instantiate $m))`;

describe('valid components and the resolved output', () => {
  it('resolves lifted functions, their options and the export types', async () => {
    const v = await validate(`(component ${LIFT}
      (type $r (record (field "a" u32) (field "b" string)))
      (export $r2 "r" (type $r))
      (func (export "f") (param "s" string) (result $r2)
        (canon lift (core func $i "f") (memory (core memory $i "mem")) (realloc (core func $i "realloc")))))`);
    // the export introduces a second index for the same function
    expect(v.funcs).toHaveLength(2);
    expect(v.funcs[1]).toBe(v.funcs[0]);
    expect(v.defs.at(-1)!.added).toEqual([{ space: 'func', index: 1 }]);
    expect(v.funcs[0]!.params).toEqual([{ name: 's', type: { kind: 'string' } }]);
    expect(v.funcs[0]!.result?.kind).toBe('record');
    const lift = v.defs.find((d) => d.canon?.func)!;
    expect(lift.canon!.options).toMatchObject({ stringEncoding: 'utf8', async: false, memory: { index: 0 } });
    expect(lift.canon!.core).toEqual({ params: [0x7f, 0x7f], results: [0x7f] });
    expect(lift.added).toEqual([{ space: 'func', index: 0 }]);
    expect([...v.exports.keys()]).toEqual(['r', 'f']);
    expect(v.exports.get('f')).toMatchObject({ kind: 'func' });
    expect(v.exports.get('r')).toMatchObject({ kind: 'type', type: { kind: 'record' } });
    // core module compiled once, handed to the runtime
    expect(v.defs[0]!.module?.exports.map((e) => e.name)).toEqual(['mem', 'realloc', 'f']);
    expect(v.defs[0]!.added).toEqual([{ space: 'core module', index: 0 }]);
  });

  it('gives each resource definition and each (sub resource) import a fresh identity', async () => {
    const v = await validate(`(component
      (import "x" (type $x (sub resource)))
      (type $a (resource (rep i32)))
      (type $b (resource (rep i32)))
      (core func $new (canon resource.new $a))
      (core func $drop (canon resource.drop $x))
      (export "a" (type $a))
      (import "f" (func $f (param "h" (own $x)))))`);
    const kinds = v.types.map((t) => t.kind);
    expect(kinds.slice(0, 3)).toEqual(['resource', 'resource', 'resource']);
    const ids = v.types.slice(0, 3).map((t) => (t.kind === 'resource' ? t.resource : undefined));
    expect(new Set(ids).size).toBe(3);
    expect(ids[1]!.defined).toEqual({ rep: 'i32', dtor: undefined });
    expect(ids[0]!.defined).toBeUndefined();
    expect(v.resources).toEqual([ids[1], ids[2]]);
    const newDef = v.defs.find((d) => d.canon?.resource === ids[1]);
    expect(newDef?.canon?.core).toEqual({ params: [0x7f], results: [0x7f] });
    const f = v.funcs[0]!;
    expect(f.params[0]!.type).toEqual({ kind: 'own', resource: ids[0] });
  });

  it('instantiation substitutes supplied resources and makes defined ones fresh', async () => {
    const v = await validate(`(component
      (import "r" (type $r (sub resource)))
      (component $c
        (import "t" (type $t (sub resource)))
        (type $own (own $t))
        (import "g" (func $g (result $own)))
        (export "g2" (func $g)))
      (import "g" (func $g (result (own $r))))
      (instance $i (instantiate $c (with "t" (type $r)) (with "g" (func $g))))
      (alias export $i "g2" (func $h)))`);
    const r = v.types[0]!;
    expect(r.kind).toBe('resource');
    const h = v.funcs[1]!;
    expect(h.result).toEqual({ kind: 'own', resource: r.kind === 'resource' ? r.resource : undefined });
    const inst = v.defs.find((d) => d.resourceMap)!;
    expect([...inst.resourceMap!.values()]).toEqual([r.kind === 'resource' ? r.resource : undefined]);
  });

  it('defaults match wasm-tools: async on, values and fixed-length lists off', async () => {
    expect(DEFAULT_COMPONENT_FEATURES.async).toBe(true);
    await validate('(component (type (stream u8)) (type (future)))');
    await invalid('(component (type (list u8 4)))', 'Fixed-length lists require the component model fixed-length lists feature');
    await validate('(component (type (list u8 4)))', { fixedLengthLists: true });
    await invalid('(component (type (stream u8)))', '`stream` requires the component model async feature', { async: false });
    await invalid('(component (type (func (param "a" error-context))))', '`error-context` requires the component model error-context feature');
  });
});

describe('invalid components', () => {
  it('rejects bad names with wasm-tools wording', async () => {
    await invalid('(component (import "Foo-bar" (func)))', 'is not in kebab case');
    await invalid('(component (import "a" (func)) (import "A" (func)))', 'import name `A` conflicts with previous name `a`');
    await invalid('(component (import "wasi:http/types@1." (func)))', 'unexpected end of input');
    await invalid('(component (import "[method]a" (func)))', 'failed to find `.` character');
    await invalid('(component (type (record (field "a" u8) (field "A" u8))))', 'record field name `A` conflicts with previous field name `a`');
    await invalid('(component (type (func (param "x" u8) (param "x" u8))))', 'function parameter name `x` conflicts');
  });

  it('checks defined types', async () => {
    await invalid('(component (type (enum)))', 'enum type must have at least one variant');
    const flags = Array.from({ length: 33 }, (_, i) => `"f${i}"`).join(' ');
    await invalid(`(component (type (flags ${flags})))`, 'cannot have more than 32 flags');
    await invalid('(component (type $r (resource (rep i32))) (type (func (result (borrow $r)))))', 'function result cannot contain a `borrow` type');
    await invalid('(component (type (own 0)))', 'unknown type 0: type index out of bounds');
    await invalid('(component (type u8) (type (own 0)))', 'type index 0 is not a resource type');
    await invalid('(component (type (stream char)))', '`stream<char>` is not valid at this time');
    await invalid('(component (type (list u8 268435456)))', 'exceeds maximum byte size', { fixedLengthLists: true });
  });

  it('checks canon lift against the flattened signature and the required options', async () => {
    await invalid(`(component ${LIFT}
      (func (param "s" string) (canon lift (core func $i "f") (memory (core memory $i "mem")))))`, 'canonical option `realloc` is required');
    await invalid(`(component ${LIFT}
      (func (param "a" u32) (canon lift (core func $i "f"))))`, 'lowered parameter types `[I32]` do not match parameter types `[I32, I32]` of core function 0');
    await invalid(`(component ${LIFT}
      (func (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "f") string-encoding=utf8 string-encoding=utf16)))`,
    'canonical encoding option `utf8` conflicts with option `utf16`');
    await invalid(`(component ${LIFT}
      (func (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "f") (post-return (core func $i "f")))))`,
    'canonical option `post-return` uses a core function with an incorrect signature');
  });

  it('restricts resource built-ins to local resources', async () => {
    await invalid('(component (import "r" (type $r (sub resource))) (core func (canon resource.new $r)))', 'type 0 is not a local resource');
    await invalid('(component (core module $m (func (export "d") (param i64))) (core instance $i (instantiate $m)) (type (resource (rep i32) (dtor (core func $i "d")))))',
      'core function 0 has wrong signature for a destructor');
  });

  it('requires exported types to name the resources and records they use', async () => {
    await invalid(`(component
      (type $r (record (field "a" u32)))
      (import "f" (func (result $r))))`, 'func not valid to be used as import');
    await invalid(`(component
      (type $t (resource (rep i32)))
      (export "f" (func $f))
      (core module $m (func (export "f") (result i32) i32.const 0)) (core instance $i (instantiate $m))
      (func $f (result (own $t)) (canon lift (core func $i "f"))))`, 'index out of bounds');
    await invalid(`(component
      (type $t (resource (rep i32)))
      (core module $m (func (export "f") (result i32) i32.const 0)) (core instance $i (instantiate $m))
      (func $f (result (own $t)) (canon lift (core func $i "f")))
      (export "f" (func $f)))`, 'func not valid to be used as export');
  });

  it('matches instantiation arguments against imports, substituting type imports', async () => {
    await invalid(`(component
      (component $c (import "x" (func)))
      (instance (instantiate $c)))`, 'missing import named `x`');
    await invalid(`(component
      (component $c (import "x" (func (param "a" u32))))
      (import "f" (func $f (param "a" string)))
      (instance (instantiate $c (with "x" (func $f)))))`, 'type mismatch for import `x`');
    await invalid(`(component
      (type $a (resource (rep i32)))
      (type $b (resource (rep i32)))
      (component $c
        (import "t" (type $t (sub resource)))
        (import "f" (func (param "x" (own $t)))))
      (core module $m (func (export "f") (param i32))) (core instance $i (instantiate $m))
      (func $f (param "x" (own $b)) (canon lift (core func $i "f")))
      (instance (instantiate $c (with "t" (type $a)) (with "f" (func $f)))))`, 'resource types are not the same');
  });

  it('matches core instantiation arguments against module imports', async () => {
    await invalid(`(component
      (core module $a (func (export "f") (param i32)))
      (core module $b (import "m" "f" (func)))
      (core instance $ia (instantiate $a))
      (core instance (instantiate $b (with "m" (instance $ia)))))`, 'expected: (func)');
    await invalid(`(component
      (core module $b (import "m" "f" (func)))
      (core instance (instantiate $b)))`, 'missing module instantiation argument named `m`');
  });

  it('forbids outer aliases of types that refer to outer resources', async () => {
    await invalid(`(component
      (type $r (resource (rep i32)))
      (type $o (own $r))
      (component (alias outer 1 $o (type))))`, 'cannot alias outer type which transitively refers to resources not defined in the current component');
  });

  it('reports the absolute offset of the definition and defers core function body errors', async () => {
    const err = await invalid(`(component
      (core module $m (func (result i32)))
      (import "Ab" (func)))`, 'is not in kebab case');
    expect(err.offset).toBeGreaterThan(8);
    // the body error is reported only because nothing else is wrong
    const body = await invalid('(component (core module $m (func (result i32))))', 'type mismatch');
    expect(body.offset).toBeGreaterThan(10);
  });

  it('consumes values exactly once when values are enabled', async () => {
    await invalid('(component (import "a" (value string)))', 'support for component model `value`s is not enabled');
    await invalid('(component (import "a" (value string)))', 'value index 0 was not used', { values: true });
    await validate('(component (import "a" (value $v string)) (export "b" (value $v)))', { values: true });
  });
});
