// Encoders for the component definitions composition writes: types, imports, aliases, instances
// and exports. Spec: component-model design/mvp/Binary.md §"Type Definitions" (`deftype`,
// `defvaltype`, `valtype`, `functype`, `componenttype`, `instancetype`, `componentdecl`,
// `instancedecl`, `externtype`, `typebound`, `valuebound`), §"Alias Definitions" (`alias`),
// §"Instance Definitions" (`instance`, `sortidx`, `sort`), §"Import and Export Definitions"
// (`import`, `export`, `nameattributes`). Each function is the inverse of the decoder's reader
// for the same production (component/binary/types.ts, alias.ts, extern-name.ts).
//
// Definitions copied from another component are re-encoded with their references into the
// copied component's top-level index spaces rewritten by a `Remap`; references local to a
// component or instance type (its own type index space) stay as they are, and an `alias outer`
// inside such a type is rewritten only when it reaches the top level.

import { LinkError } from '../../core/errors.js';
import type {
  AliasDef, ComponentDecl, DefTypeAst, ExportDecl, ExternName, ExternTypeAst, ImportDef, InstanceDecl, Sort, ValTypeAst,
} from '../binary/ast.js';
import type { PrimKind } from '../types.js';
import type { Space } from '../valid/index.js';
import type { ByteWriter } from './writer.js';

/** Maps an index of the copied component's top-level `space` to the output's. */
export type Remap = (space: Space, index: number) => number;

/** The identity: for definitions written in the output's own index spaces. */
export const identity: Remap = (_space, index) => index;

const PRIM_CODES: Record<PrimKind, number> = {
  bool: 0x7f, s8: 0x7e, u8: 0x7d, s16: 0x7c, u16: 0x7b, s32: 0x7a, u32: 0x79,
  s64: 0x78, u64: 0x77, f32: 0x76, f64: 0x75, char: 0x74, string: 0x73, 'error-context': 0x64,
};

const CORE_SORT_CODES: Record<string, number> = {
  func: 0x00, table: 0x01, memory: 0x02, global: 0x03, tag: 0x04, type: 0x10, module: 0x11, instance: 0x12,
};
const SORT_CODES: Record<string, number> = { func: 0x01, value: 0x02, type: 0x03, component: 0x04, instance: 0x05 };

/** `sort`: 0x00 core:sort, or the component sort's byte. */
export function writeSort(w: ByteWriter, sort: Sort): void {
  if (sort.startsWith('core ')) {
    w.byte(0x00);
    w.byte(CORE_SORT_CODES[sort.slice(5)]!);
  } else {
    w.byte(SORT_CODES[sort]!);
  }
}

/** Scope depth of a reference: 0 is the copied component's top level. */
class TypeWriter {
  constructor(
    private readonly w: ByteWriter,
    private readonly remap: Remap,
  ) {}

  /** A type index at `depth`: top-level ones are remapped. */
  private typeIndex(index: number, depth: number): number {
    return depth === 0 ? this.remap('type', index) : index;
  }

  valType(t: ValTypeAst, depth: number): void {
    if (typeof t === 'number') this.w.s33(this.typeIndex(t, depth));
    else this.w.byte(PRIM_CODES[t]);
  }

  private optValType(t: ValTypeAst | undefined, depth: number): void {
    if (t === undefined) this.w.byte(0x00);
    else {
      this.w.byte(0x01);
      this.valType(t, depth);
    }
  }

  defType(t: DefTypeAst, depth: number): void {
    const w = this.w;
    switch (t.kind) {
      case 'record':
        w.byte(0x72).vec(t.fields, (_, f) => {
          w.string(f.label);
          this.valType(f.type, depth);
        });
        return;
      case 'variant':
        w.byte(0x71).vec(t.cases, (_, c) => {
          w.string(c.label);
          this.optValType(c.type, depth);
          w.byte(0x00);
        });
        return;
      case 'list':
        if (t.length === undefined) {
          w.byte(0x70);
          this.valType(t.elem, depth);
        } else {
          w.byte(0x67);
          this.valType(t.elem, depth);
          w.u32(t.length);
        }
        return;
      case 'tuple':
        w.byte(0x6f).vec(t.types, (_, e) => this.valType(e, depth));
        return;
      case 'flags':
        w.byte(0x6e).vec(t.labels, (_, l) => w.string(l));
        return;
      case 'enum':
        w.byte(0x6d).vec(t.labels, (_, l) => w.string(l));
        return;
      case 'option':
        w.byte(0x6b);
        this.valType(t.type, depth);
        return;
      case 'result':
        w.byte(0x6a);
        this.optValType(t.ok, depth);
        this.optValType(t.err, depth);
        return;
      case 'own':
      case 'borrow':
        w.byte(t.kind === 'own' ? 0x69 : 0x68).u32(this.typeIndex(t.type, depth));
        return;
      case 'stream':
      case 'future':
        w.byte(t.kind === 'stream' ? 0x66 : 0x65);
        this.optValType(t.elem, depth);
        return;
      case 'map':
        w.byte(0x63);
        this.valType(t.key, depth);
        this.valType(t.value, depth);
        return;
      case 'func':
        w.byte(t.async ? 0x43 : 0x40).vec(t.params, (_, p) => {
          w.string(p.name);
          this.valType(p.type, depth);
        });
        if (t.result === undefined) w.byte(0x01).byte(0x00);
        else {
          w.byte(0x00);
          this.valType(t.result, depth);
        }
        return;
      case 'resource':
        // A resource definition names a core destructor function of its component: it cannot be
        // copied on its own (and cannot occur inside component or instance types).
        throw new LinkError('compose: a resource type definition cannot be copied into the composed component');
      case 'component':
        w.byte(0x41).vec(t.decls, (_, d) => this.componentDecl(d, depth + 1));
        return;
      case 'instance':
        w.byte(0x42).vec(t.decls, (_, d) => this.instanceDecl(d, depth + 1));
        return;
      default:
        w.byte(PRIM_CODES[t.kind]);
    }
  }

  private componentDecl(d: ComponentDecl, depth: number): void {
    if (d.kind === 'import') {
      this.w.byte(0x03);
      writeExternName(this.w, d.name);
      this.externType(d.type, depth);
    } else {
      this.instanceDecl(d, depth);
    }
  }

  private instanceDecl(d: InstanceDecl, depth: number): void {
    const w = this.w;
    switch (d.kind) {
      case 'core-type':
        throw new LinkError('compose: core type declarations inside component or instance types are not supported');
      case 'type':
        w.byte(0x01);
        this.defType(d.type, depth);
        return;
      case 'alias':
        w.byte(0x02);
        this.alias(d, depth);
        return;
      case 'export':
        w.byte(0x04);
        this.exportDecl(d, depth);
        return;
    }
  }

  private exportDecl(d: ExportDecl, depth: number): void {
    writeExternName(this.w, d.name);
    this.externType(d.type, depth);
  }

  externType(t: ExternTypeAst, depth: number): void {
    const w = this.w;
    switch (t.kind) {
      case 'module':
        w.byte(0x00).byte(0x11).u32(depth === 0 ? this.remap('core type', t.type) : t.type);
        return;
      case 'func':
        w.byte(0x01).u32(this.typeIndex(t.type, depth));
        return;
      case 'value':
        // wasm-tools' encoding (the decoder's): 0x02 valtype.
        if (t.bound.kind !== 'type') throw new LinkError('compose: value imports bound to a value are not supported');
        w.byte(0x02);
        this.valType(t.bound.type, depth);
        return;
      case 'type':
        w.byte(0x03);
        if (t.bound.kind === 'eq') w.byte(0x00).u32(this.typeIndex(t.bound.type, depth));
        else w.byte(0x01);
        return;
      case 'component':
        w.byte(0x04).u32(this.typeIndex(t.type, depth));
        return;
      case 'instance':
        w.byte(0x05).u32(this.typeIndex(t.type, depth));
        return;
    }
  }

  /** `alias` at `depth` (0 for a definition, > 0 for a declarator inside a type). */
  alias(a: AliasDef, depth: number): void {
    const w = this.w;
    writeSort(w, a.sort);
    const t = a.target;
    switch (t.kind) {
      case 'export':
        w.byte(0x00).u32(depth === 0 ? this.remap('instance', t.instance) : t.instance).string(t.name);
        return;
      case 'core-export':
        w.byte(0x01).u32(depth === 0 ? this.remap('core instance', t.instance) : t.instance).string(t.name);
        return;
      case 'outer': {
        // Reaching the copied component's top level from inside a type: remap into the output.
        const reachesTop = depth > 0 && t.count === depth;
        if (depth === 0 || t.count > depth) throw new LinkError('compose: an outer alias leaves the copied component');
        w.byte(0x02).u32(t.count).u32(reachesTop ? this.remap(a.sort as Space, t.index) : t.index);
        return;
      }
    }
  }
}

/** `nameattributes`. */
export function writeExternName(w: ByteWriter, n: ExternName): void {
  const attrs: Array<[number, string]> = [];
  if (n.implements !== undefined) attrs.push([0x00, n.implements]);
  if (n.versionSuffix !== undefined) attrs.push([0x01, n.versionSuffix]);
  if (n.externalId !== undefined) attrs.push([0x02, n.externalId]);
  if (n.form !== 2 || attrs.length === 0) {
    w.byte(n.form === 1 ? 0x01 : 0x00).string(n.name);
    return;
  }
  w.byte(0x02).string(n.name).vec(attrs, (_, [k, s]) => {
    w.byte(k);
    w.string(s);
  });
}

/** A plain name (`nameattributes` form 0x00). */
export function plainName(name: string): ExternName {
  return { offset: 0, form: 0, name, nameOffset: 0 };
}

/** One entry of a type section. */
export function writeTypeDef(w: ByteWriter, t: DefTypeAst, remap: Remap): void {
  new TypeWriter(w, remap).defType(t, 0);
}

/** One entry of an import section. */
export function writeImport(w: ByteWriter, d: ImportDef, remap: Remap): void {
  writeExternName(w, d.name);
  new TypeWriter(w, remap).externType(d.type, 0);
}

/** One entry of an alias section. */
export function writeAlias(w: ByteWriter, a: AliasDef, remap: Remap): void {
  new TypeWriter(w, remap).alias(a, 0);
}

export interface SortIndex {
  readonly sort: Sort;
  readonly index: number;
}

/** `(instance (instantiate c (with name sortidx)*))`: one entry of an instance section. */
export function writeInstantiate(w: ByteWriter, component: number, args: ReadonlyArray<{ readonly name: string } & SortIndex>): void {
  w.byte(0x00).u32(component).vec(args, (_, a) => {
    w.string(a.name);
    writeSort(w, a.sort);
    w.u32(a.index);
  });
}

/** `(export name sortidx)` without an ascribed type: one entry of an export section. */
export function writeExport(w: ByteWriter, name: ExternName, target: SortIndex): void {
  writeExternName(w, name);
  writeSort(w, target.sort);
  w.u32(target.index);
  w.byte(0x00);
}
