// Builds test components in text format around a list of function types: each function `fN`
// is exported (from the instance "t:t/e") by lifting a core function that passes its arguments
// straight to the lowered import `gN` (of the instance "t:t/i") and returns what `gN` returned.
// So calling `fN(v)` lowers v into the guest, lifts it for the host's `gN`, lowers gN's result
// and lifts it back: an identity through all four directions. Used with jco as the oracle.

import type { FuncType, ValType } from '../../src/component/types.js';
import { flattenFunctype } from '../../src/component/canon/flatten.js';
import type { StringEncoding } from '../../src/component/canon/options.js';

export interface HarnessFunc {
  readonly type: FuncType<unknown>;
}

/** Bytes 8.. hold the return area; the heap of the bump allocator starts at HEAP_BASE. */
export const RET_AREA = 8;
export const HEAP_BASE = 65536;

const NAMED = new Set(['record', 'variant', 'enum', 'flags']);

class TypeEmitter {
  readonly lines: string[] = [];
  readonly named: string[] = [];
  private n = 0;
  private readonly seen = new Map<object, string>();
  constructor(private readonly prefix: string, private readonly inInstanceDecl: boolean) {}

  ref(t: ValType<unknown>): string {
    switch (t.kind) {
      case 'bool': case 's8': case 'u8': case 's16': case 'u16': case 's32': case 'u32': case 's64': case 'u64':
      case 'f32': case 'f64': case 'char': case 'string':
        return t.kind;
    }
    const hit = this.seen.get(t);
    if (hit !== undefined) return hit;
    const body = this.def(t);
    const id = `$${this.prefix}${this.n++}`;
    this.lines.push(`(type ${id} ${body})`);
    let out = id;
    if (NAMED.has(t.kind)) {
      const name = `t${this.named.length}`;
      if (this.inInstanceDecl) {
        out = `${id}e`;
        this.lines.push(`(export "${name}" (type ${out} (eq ${id})))`);
      }
      this.named.push(`(export "${name}" (type ${id}))`);
    }
    this.seen.set(t, out);
    return out;
  }

  private def(t: ValType<unknown>): string {
    switch (t.kind) {
      case 'list': return t.length !== undefined ? `(list ${this.ref(t.elem)} ${t.length})` : `(list ${this.ref(t.elem)})`;
      case 'tuple': return `(tuple ${t.types.map((u) => this.ref(u)).join(' ')})`;
      case 'option': return `(option ${this.ref(t.type)})`;
      case 'result': {
        const ok = t.ok !== undefined ? ` ${this.ref(t.ok)}` : '';
        const err = t.err !== undefined ? ` (error ${this.ref(t.err)})` : '';
        return `(result${ok}${err})`;
      }
      case 'record': return `(record ${t.fields.map((f) => `(field "${f.label}" ${this.ref(f.type)})`).join(' ')})`;
      case 'variant': return `(variant ${t.cases.map((c) => `(case "${c.label}"${c.type !== undefined ? ` ${this.ref(c.type)}` : ''})`).join(' ')})`;
      case 'enum': return `(enum ${t.labels.map((l) => `"${l}"`).join(' ')})`;
      case 'flags': return `(flags ${t.labels.map((l) => `"${l}"`).join(' ')})`;
      default: throw new Error(`harness: unsupported type ${t.kind}`);
    }
  }

  funcType(ft: FuncType<unknown>): string {
    const params = ft.params.map((p) => `(param "${p.name}" ${this.ref(p.type)})`).join(' ');
    const result = ft.result !== undefined ? ` (result ${this.ref(ft.result)})` : '';
    return `(func ${params}${result})`;
  }
}

const LIBC = `(core module $libc
    (memory (export "mem") 2)
    (global $heap (mut i32) (i32.const ${HEAP_BASE}))
    (func (export "realloc") (param $old i32) (param $osize i32) (param $align i32) (param $nsize i32) (result i32)
      (local $p i32) (local $end i32)
      (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get $align))))
      (local.set $end (i32.add (local.get $p) (local.get $nsize)))
      (if (i32.gt_u (local.get $end) (i32.mul (memory.size) (i32.const 65536)))
        (then (if (i32.lt_s (memory.grow (i32.shr_u (i32.add (i32.sub (local.get $end) (i32.mul (memory.size) (i32.const 65536))) (i32.const 65535)) (i32.const 16))) (i32.const 0))
          (then unreachable))))
      (global.set $heap (local.get $end))
      (if (local.get $old)
        (then (memory.copy (local.get $p) (local.get $old)
          (select (local.get $osize) (local.get $nsize) (i32.lt_u (local.get $osize) (local.get $nsize))))))
      (local.get $p))
    (func (export "reset") (global.set $heap (i32.const ${HEAP_BASE}))))`;

function coreSig(params: readonly string[], results: readonly string[]): string {
  return `${params.length ? ` (param ${params.join(' ')})` : ''}${results.length ? ` (result ${results.join(' ')})` : ''}`;
}

/** The core module of the harness: imports `gN` (lowered), exports `fN` (to be lifted). */
export function mainModule(funcs: readonly HarnessFunc[]): string {
  const out: string[] = ['(module'];
  funcs.forEach((f, i) => {
    const lo = flattenFunctype({ ptrType: 'i32' }, f.type, 'lower');
    out.push(`  (import "" "g${i}" (func $g${i}${coreSig(lo.params, lo.results)}))`);
  });
  funcs.forEach((f, i) => {
    const li = flattenFunctype({ ptrType: 'i32' }, f.type, 'lift');
    const lo = flattenFunctype({ ptrType: 'i32' }, f.type, 'lower');
    const body: string[] = li.params.map((_, k) => `local.get ${k}`);
    const retPtr = lo.params.length > li.params.length;
    if (retPtr) body.push(`i32.const ${RET_AREA}`);
    body.push(`call $g${i}`);
    if (retPtr) body.push(`i32.const ${RET_AREA}`);
    out.push(`  (func (export "f${i}")${coreSig(li.params, li.results)} ${body.join(' ')})`);
  });
  out.push(')');
  return out.join('\n');
}

/** The allocator module (memory "mem", bump "realloc", "reset"). */
export function libcModule(): string {
  return LIBC.replace('(core module $libc', '(module');
}

/** The identity component for `funcs`, with `encoding` on every lift and lower. */
export function identityComponent(funcs: readonly HarnessFunc[], encoding: StringEncoding = 'utf8'): string {
  const imp = new TypeEmitter('i', true);
  const importDecls = funcs.map((f, i) => `(export "g${i}" ${imp.funcType(f.type)})`);
  const top = new TypeEmitter('t', false);
  const topFuncTypes = funcs.map((f, i) => {
    top.lines.push(`(type $ft${i} ${top.funcType(f.type)})`);
    return `(type $ft${i})`;
  });
  const opts = `(memory (core memory $libc "mem")) (realloc (core func $libc "realloc")) string-encoding=${encoding}`;
  const out: string[] = ['(component'];
  out.push(`  (import "t:t/i" (instance $ii\n    ${[...imp.lines, ...importDecls].join('\n    ')}))`);
  funcs.forEach((_, i) => out.push(`  (alias export $ii "g${i}" (func $g${i}))`));
  out.push(`  ${LIBC}`);
  out.push('  (core instance $libc (instantiate $libc))');
  funcs.forEach((_, i) => out.push(`  (core func $g${i}l (canon lower (func $g${i}) ${opts}))`));
  out.push('  (core ' + mainModule(funcs).replace('(module', 'module $m') + '');
  out.push(`  (core instance $i (instantiate $m (with "" (instance ${funcs.map((_, i) => `(export "g${i}" (func $g${i}l))`).join(' ')}))))`);
  out.push(...top.lines.map((l) => `  ${l}`));
  funcs.forEach((_, i) => out.push(`  (func $f${i} ${topFuncTypes[i]} (canon lift (core func $i "f${i}") ${opts}))`));
  out.push(`  (instance $e ${[...top.named, ...funcs.map((_, i) => `(export "f${i}" (func $f${i}))`)].join(' ')})`);
  out.push('  (export "t:t/e" (instance $e))');
  out.push(')');
  return out.join('\n');
}
