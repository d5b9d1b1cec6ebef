// The WIT text of a component's type, as `wasm-tools component wit` prints it: a `root:component`
// package with a `root` world (whose lines are those `jco wit` prints), then every interface the
// world uses, in full, grouped in `package ns:pkg@version { … }` blocks.
// Spec: component-model design/mvp/WIT.md (§"WIT Packages", "WIT Worlds", "WIT Interfaces",
// "Item: use", "Item: type", "record", "flags", "variant", "enum", "resource", "func") and
// Explainer.md §"Import and Export Definitions" (interface names `ns:pkg/iface@version`,
// `[constructor]r`, `[method]r.m`, `[static]r.m`).
//
// Decoding follows wit-parser's `decode` of a component (crates/wit-parser/src/decoding.rs): the
// component's imports and exports, in order, become world items; an instance named
// `ns:pkg/iface@v` becomes (or adds to) interface `iface` of package `ns:pkg@v`, which gathers
// what its imports and exports expose; a type export whose definition is an earlier named type
// is an alias, printed as `use` when that type lives in another interface. Type identity is what
// the validator tracks (a `created` type per import/export, its `referenced` type, resources by
// identity), so the printer asks the validator for the component's type with those identities.
// Printing follows wit-component's WitPrinter layout (two-space indentation, blank lines between
// interface items, `use` lines first, resource functions inside the resource block).

import type { PrimKind, ResourceId } from '../types.js';
import { Validator } from '../valid/component.js';
import { CoreArena } from '../valid/core-types.js';
import { resolveFeatures } from '../valid/features.js';
import type { ValidatedComponent } from '../valid/index.js';
import { isInlinePrim, isPrimKind, typeKey, type AnyT, type CompT, type DefT, type FuncT, type Item, type ResT } from '../valid/itypes.js';
import { Subtyper } from '../valid/subtype.js';
import { parseName } from './names.js';

// ---- the decoded WIT model (a small slice of wit-parser's Resolve) ----

type Ty = PrimKind | TypeDef;

type Kind =
  | { readonly k: 'alias'; readonly target: Ty }
  | { readonly k: 'resource' }
  | { readonly k: 'record'; readonly fields: readonly { readonly name: string; readonly ty: Ty }[] }
  | { readonly k: 'variant'; readonly cases: readonly { readonly name: string; readonly ty: Ty | undefined }[] }
  | { readonly k: 'enum' | 'flags'; readonly names: readonly string[] }
  | { readonly k: 'tuple'; readonly types: readonly Ty[] }
  | { readonly k: 'option'; readonly ty: Ty }
  | { readonly k: 'result'; readonly ok: Ty | undefined; readonly err: Ty | undefined }
  | { readonly k: 'list'; readonly ty: Ty; readonly length: number | undefined }
  | { readonly k: 'map'; readonly key: Ty; readonly value: Ty }
  | { readonly k: 'own' | 'borrow'; readonly resource: TypeDef }
  | { readonly k: 'future' | 'stream'; readonly ty: Ty | undefined };

interface TypeDef {
  readonly name: string | undefined;
  readonly owner: Owner | undefined;
  readonly kind: Kind;
  readonly externalId?: string | undefined;
}

interface Func {
  readonly name: string;
  readonly kind: 'freestanding' | 'constructor' | 'method' | 'static';
  readonly resource: TypeDef | undefined;
  readonly params: readonly { readonly name: string; readonly ty: Ty }[];
  readonly result: Ty | undefined;
  readonly async: boolean;
  readonly externalId: string | undefined;
}

interface Package {
  readonly ns: string;
  readonly name: string;
  readonly version: string | undefined;
  readonly interfaces: Map<string, Interface>;
}

interface Interface {
  /** undefined for an inline `import label: interface { … }`. */
  readonly name: string | undefined;
  readonly pkg: Package;
  readonly types: Map<string, TypeDef>;
  readonly funcs: Map<string, Func>;
}

const WORLD = { world: true } as const;
type Owner = Interface | typeof WORLD;

type WorldItem =
  | { readonly kind: 'interface'; readonly iface: Interface; readonly label: string | undefined; readonly externalId: string | undefined }
  | { readonly kind: 'function'; readonly func: Func }
  | { readonly kind: 'type'; readonly name: string; readonly type: TypeDef };

const ROOT: Package = { ns: 'root', name: 'component', version: undefined, interfaces: new Map() };

/** A valid component that WIT cannot describe (wit-component refuses these too). */
function unrepresentable(what: string): TypeError {
  return new TypeError(`this component's type cannot be written as WIT: ${what}`);
}

// ---- decoding ----

class Decoder {
  /** Validator type identity (typeKey) → WIT type. */
  private readonly typeMap = new Map<unknown, TypeDef>();
  /** A resource's first WIT type, for handles whose exact alias was not registered. */
  private readonly byResource = new Map<ResourceId, TypeDef>();
  private readonly resources = new Map<Owner, Map<string, TypeDef>>();
  readonly packages = new Map<string, Package>();
  readonly imports: WorldItem[] = [];
  readonly exports: WorldItem[] = [];

  extern(dir: 'import' | 'export', name: string, item: Item): void {
    const e = item.ty;
    let w: WorldItem;
    if (e.k === 'instance') w = this.worldInstance(name, item);
    else if (e.k === 'func') w = { kind: 'function', func: this.func(name, e.type, WORLD, item.externalId) };
    else if (e.k === 'type' && dir === 'import') w = { kind: 'type', name, type: this.typeExport(name, e, WORLD, item.externalId) };
    else if (dir === 'import') return; // modules, components and values are not part of a world
    else throw unrepresentable(`export \`${name}\` is a ${e.k}, not a function or an instance`);
    (dir === 'import' ? this.imports : this.exports).push(w);
  }

  private worldInstance(name: string, item: Item): WorldItem {
    const externalId = item.externalId;
    if (item.implements !== undefined) return { kind: 'interface', iface: this.interfaceImport(item.implements, item), label: name, externalId };
    const p = parseName(name);
    if (p.kind === 'interface') return { kind: 'interface', iface: this.interfaceImport(name, item), label: undefined, externalId };
    if (p.kind !== 'plain') throw unrepresentable(`the instance \`${name}\` has a name that is neither an interface nor a label`);
    return { kind: 'interface', iface: this.inlineInterface(item), label: name, externalId };
  }

  /** An interface named `ns:pkg/iface@v`: created on first sight, completed by later ones. */
  private interfaceImport(fullName: string, item: Item): Interface {
    const m = /^([^:/@]+):([^/@]+)\/([^@]+)(?:@(.+))?$/.exec(fullName);
    if (m === null) throw unrepresentable(`\`${fullName}\` is not an interface name`);
    const [, ns, pkgName, ifaceName, version] = m as unknown as [string, string, string, string, string | undefined];
    const pkgKey = `${ns}:${pkgName}${version === undefined ? '' : `@${version}`}`;
    let pkg = this.packages.get(pkgKey);
    if (pkg === undefined) this.packages.set(pkgKey, (pkg = { ns, name: pkgName, version, interfaces: new Map() }));
    let iface = pkg.interfaces.get(ifaceName);
    if (iface === undefined) pkg.interfaces.set(ifaceName, (iface = { name: ifaceName, pkg, types: new Map(), funcs: new Map() }));
    if (item.ty.k !== 'instance') throw unrepresentable(`\`${fullName}\` is not an instance`);
    for (const [n, ex] of item.ty.type.exports) {
      const e = ex.ty;
      if (e.k === 'type') {
        const known = iface.types.get(n);
        if (known !== undefined) {
          const k = typeKey(e.created);
          if (!this.typeMap.has(k)) this.typeMap.set(k, known);
        } else iface.types.set(n, this.typeExport(n, e, iface, ex.externalId));
      } else if (e.k === 'func') {
        if (!iface.funcs.has(n)) iface.funcs.set(n, this.func(n, e.type, iface, ex.externalId));
      } else throw unrepresentable(`\`${n}\` in \`${fullName}\` is a ${e.k}, not a type or a function`);
    }
    return iface;
  }

  /** An instance with a plain name: `import label: interface { … }`. */
  private inlineInterface(item: Item): Interface {
    if (item.ty.k !== 'instance') throw unrepresentable('an instance was expected');
    const iface: Interface = { name: undefined, pkg: ROOT, types: new Map(), funcs: new Map() };
    for (const [n, ex] of item.ty.type.exports) {
      const e = ex.ty;
      if (e.k === 'type') iface.types.set(n, this.typeExport(n, e, iface, ex.externalId));
      else if (e.k === 'func') iface.funcs.set(n, this.func(n, e.type, iface, ex.externalId));
      else throw unrepresentable(`\`${n}\` is a ${e.k}, not a type or a function`);
    }
    return iface;
  }

  private findAlias(t: AnyT): TypeDef | undefined {
    const hit = this.typeMap.get(typeKey(t));
    if (hit !== undefined) return hit;
    return 't' in t && t.t === 'resource' ? this.byResource.get(t.rid) : undefined;
  }

  /** A named type (`register_type_export`): an alias of an earlier type, or a new definition. */
  private typeExport(name: string, e: { readonly referenced: AnyT; readonly created: AnyT }, owner: Owner,
    externalId: string | undefined): TypeDef {
    const prev = this.findAlias(e.referenced);
    let kind: Kind;
    if (prev !== undefined) kind = { k: 'alias', target: prev };
    else if (!('t' in e.referenced)) kind = this.defined(e.referenced);
    else if (e.referenced.t === 'resource') kind = { k: 'resource' };
    else throw unrepresentable(`the type \`${name}\` is a ${e.referenced.t} type`);
    const td: TypeDef = { name, owner, kind, externalId };
    if (kind.k === 'resource') {
      let rs = this.resources.get(owner);
      if (rs === undefined) this.resources.set(owner, (rs = new Map()));
      rs.set(name, td);
    }
    const k = typeKey(e.created);
    if (this.typeMap.has(k)) throw unrepresentable(`the type \`${name}\` appears more than once (an imported instance re-exported under a new name?)`);
    this.typeMap.set(k, td);
    if ('t' in e.created && e.created.t === 'resource' && !this.byResource.has(e.created.rid)) this.byResource.set(e.created.rid, td);
    return td;
  }

  private valType(t: DefT): Ty {
    if (isInlinePrim(t)) return t.kind as PrimKind;
    const hit = this.typeMap.get(t);
    if (hit !== undefined) return hit;
    const kind = this.defined(t);
    if (kind.k === 'record' || kind.k === 'variant' || kind.k === 'enum' || kind.k === 'flags') {
      throw unrepresentable(`a ${kind.k} type without a name is used (WIT names every ${kind.k})`);
    }
    const td: TypeDef = { name: undefined, owner: undefined, kind };
    this.typeMap.set(t, td);
    return td;
  }

  private handle(r: ResT): TypeDef {
    const td = this.typeMap.get(typeKey(r)) ?? this.byResource.get(r.rid);
    if (td === undefined) throw unrepresentable(`a handle refers to a resource (${r.rid.name}) that no import or export names`);
    return td;
  }

  /** `convert_defined`: the structure of a defined value type. */
  private defined(t: DefT): Kind {
    const v = (x: DefT): Ty => this.valType(x);
    switch (t.kind) {
      case 'record': return { k: 'record', fields: t.fields.map((f) => ({ name: f.label, ty: v(f.type) })) };
      case 'variant': return { k: 'variant', cases: t.cases.map((c) => ({ name: c.label, ty: c.type && v(c.type) })) };
      case 'enum': return { k: 'enum', names: t.labels };
      case 'flags': return { k: 'flags', names: t.labels };
      case 'tuple': return { k: 'tuple', types: t.types.map(v) };
      case 'option': return { k: 'option', ty: v(t.type) };
      case 'result': return { k: 'result', ok: t.ok && v(t.ok), err: t.err && v(t.err) };
      case 'list': return { k: 'list', ty: v(t.elem), length: t.length };
      case 'map': return { k: 'map', key: v(t.key), value: v(t.value) };
      case 'own': case 'borrow': return { k: t.kind, resource: this.handle(t.resource) };
      case 'future': case 'stream': return { k: t.kind, ty: t.elem && v(t.elem) };
      default:
        if (isPrimKind(t.kind)) return { k: 'alias', target: t.kind };
        throw unrepresentable(`unknown type kind ${t.kind}`);
    }
  }

  private func(name: string, ft: FuncT, owner: Owner, externalId: string | undefined): Func {
    const p = parseName(name);
    let kind: Func['kind'] = 'freestanding';
    let resource: TypeDef | undefined;
    if (p.kind === 'interface' || p.kind === 'other') {
      throw unrepresentable(`the function \`${name}\` has a name WIT cannot give a function`);
    }
    if (p.kind === 'constructor' || p.kind === 'method' || p.kind === 'static') {
      kind = p.kind;
      resource = this.resources.get(owner)?.get(p.resource);
      if (resource === undefined) throw unrepresentable(`\`${name}\` belongs to a resource \`${p.resource}\` that is not defined beside it`);
    }
    return {
      name, kind, resource, async: ft.async, externalId,
      params: ft.params.map((x) => ({ name: x.name, ty: this.valType(x.type) })),
      result: ft.result && this.valType(ft.result),
    };
  }

  /** Foreign packages, each after the packages its interfaces `use` types from. */
  orderedPackages(): Package[] {
    const order: Package[] = [];
    const visiting = new Set<Package>();
    const visit = (p: Package): void => {
      if (order.includes(p) || visiting.has(p)) return;
      visiting.add(p);
      for (const iface of p.interfaces.values()) {
        for (const td of iface.types.values()) {
          const dep = interfaceDep(td);
          if (dep !== undefined && dep.pkg !== p && dep.pkg !== ROOT) visit(dep.pkg);
        }
      }
      order.push(p);
    };
    for (const p of this.packages.values()) visit(p);
    return order;
  }
}

/** The interface a type alias points into, if it is another one (`type_interface_dep`). */
function interfaceDep(td: TypeDef): Interface | undefined {
  if (td.kind.k !== 'alias' || typeof td.kind.target === 'string') return undefined;
  const o = td.kind.target.owner;
  return o === undefined || o === td.owner || o === WORLD ? undefined : o as Interface;
}

// ---- printing ----

const KEYWORDS = new Set([
  'use', 'type', 'func', 'u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64', 'f32', 'f64', 'float32', 'float64',
  'char', 'resource', 'record', 'flags', 'variant', 'enum', 'bool', 'string', 'option', 'result', 'future', 'stream',
  'list', 'own', 'borrow', '_', 'as', 'from', 'static', 'interface', 'tuple', 'world', 'import', 'export', 'package',
  'with', 'include', 'constructor', 'error-context', 'async', 'map',
]);

function esc(name: string): string {
  return KEYWORDS.has(name) ? `%${name}` : name;
}

/** `@external-id("…")`: letters, digits and `-_./: ` as they are, the rest escaped. */
function externalIdText(id: string): string {
  let out = '';
  for (const ch of id) {
    if (/^[A-Za-z0-9\-_./: ]$/.test(ch)) out += ch;
    else if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else out += `\\u{${ch.codePointAt(0)!.toString(16)}}`;
  }
  return `@external-id("${out}")`;
}

/** Text output with wit-component's indentation rules (two spaces per level). */
class Out {
  text = '';
  private indent = 0;
  private needsIndent = false;
  /** Whether the current block has printed an item (a blank line goes before the next). */
  anyItems = false;

  str(s: string): void {
    if (this.needsIndent) {
      this.text += '  '.repeat(this.indent);
      this.needsIndent = false;
    }
    this.text += s;
  }
  newline(): void {
    this.text += '\n';
    this.needsIndent = true;
  }
  semicolon(): void {
    this.text += ';';
    this.newline();
  }
  open(): void {
    this.text += ' {';
    this.indent++;
    this.newline();
  }
  close(): void {
    this.indent--;
    this.str('}');
    this.newline();
  }
  newItem(): void {
    if (this.anyItems) this.newline();
    this.anyItems = true;
  }
}

class Printer {
  readonly out = new Out();

  private externalId(id: string | undefined): void {
    if (id === undefined) return;
    this.out.str(externalIdText(id));
    this.out.newline();
  }

  typeName(t: Ty): string {
    if (typeof t === 'string') return t;
    if (t.name !== undefined) return esc(t.name);
    const k = t.kind;
    const n = (x: Ty | undefined): string => (x === undefined ? '_' : this.typeName(x));
    switch (k.k) {
      case 'own': return this.resourceName(k.resource);
      case 'borrow': return `borrow<${this.resourceName(k.resource)}>`;
      case 'tuple': return `tuple<${k.types.map(n).join(', ')}>`;
      case 'option': return `option<${n(k.ty)}>`;
      case 'result':
        if (k.ok === undefined && k.err === undefined) return 'result';
        if (k.err === undefined) return `result<${n(k.ok)}>`;
        return `result<${n(k.ok)}, ${n(k.err)}>`;
      case 'list': return k.length === undefined ? `list<${n(k.ty)}>` : `list<${n(k.ty)}, ${k.length}>`;
      case 'map': return `map<${n(k.key)}, ${n(k.value)}>`;
      case 'future': case 'stream': return k.ty === undefined ? k.k : `${k.k}<${n(k.ty)}>`;
      case 'alias': return this.typeName(k.target);
      default: throw unrepresentable(`a ${k.k} type without a name is used`);
    }
  }

  private resourceName(r: TypeDef): string {
    if (r.name === undefined) throw unrepresentable('a resource without a name is used');
    return esc(r.name);
  }

  private pathTo(iface: Interface, cur: Package): string {
    if (iface.pkg === cur) return esc(iface.name!);
    const p = iface.pkg;
    return `${esc(p.ns)}:${esc(p.name)}/${esc(iface.name!)}${p.version === undefined ? '' : `@${p.version}`}`;
  }

  private signature(f: Func): string {
    let s = f.async ? 'async ' : '';
    s += f.kind === 'constructor' ? 'constructor(' : 'func(';
    s += (f.kind === 'method' ? f.params.slice(1) : f.params).map((p) => `${esc(p.name)}: ${this.typeName(p.ty)}`).join(', ');
    s += ')';
    const shorthand = f.kind === 'constructor' && typeof f.result === 'object' && f.result.kind.k === 'own'
      && f.result.kind.resource === f.resource;
    if (!shorthand && f.result !== undefined) s += ` -> ${this.typeName(f.result)}`;
    return s;
  }

  private itemName(f: Func): string {
    return f.kind === 'method' || f.kind === 'static' ? f.name.slice(f.name.indexOf('.') + 1) : f.name;
  }

  /** `print_types`: `use` groups for types from other interfaces, then the definitions. */
  private types(owner: Owner, types: Iterable<readonly [string, TypeDef]>, resourceFuncs: Map<TypeDef, Func[]>, cur: Package): void {
    const o = this.out;
    const declare: TypeDef[] = [];
    const uses: { from: Interface; externalId: string | undefined; names: [string, string][] }[] = [];
    for (const [name, td] of types) {
      const k = td.kind;
      if (k.k === 'alias' && typeof k.target !== 'string' && k.target.owner !== undefined && k.target.owner !== owner
        && k.target.owner !== WORLD) {
        const from = k.target.owner as Interface;
        if (from.name === undefined) throw unrepresentable(`\`${name}\` is a type of an unnamed interface, which nothing can \`use\``);
        const other = k.target.name;
        if (other === undefined) throw unrepresentable(`\`${name}\` refers to a type without a name`);
        const last = uses[uses.length - 1];
        if (last !== undefined && last.from === from && last.externalId === td.externalId) last.names.push([name, other]);
        else uses.push({ from, externalId: td.externalId, names: [[name, other]] });
        continue;
      }
      declare.push(td);
    }
    for (const u of uses) {
      o.anyItems = true;
      this.externalId(u.externalId);
      o.str(`use ${this.pathTo(u.from, cur)}.{${u.names.map(([mine, other]) => (mine === other ? esc(mine) : `${esc(other)} as ${esc(mine)}`)).join(', ')}}`);
      o.semicolon();
    }
    for (const td of declare) {
      o.newItem();
      this.externalId(td.externalId);
      if (td.kind.k === 'resource') this.resource(td, resourceFuncs.get(td) ?? []);
      else this.declare(td);
    }
  }

  private resource(td: TypeDef, funcs: readonly Func[]): void {
    const o = this.out;
    o.str(`resource ${esc(td.name!)}`);
    if (funcs.length === 0) {
      o.semicolon();
      return;
    }
    o.open();
    for (const f of funcs) {
      this.externalId(f.externalId);
      if (f.kind === 'method') o.str(`${esc(this.itemName(f))}: `);
      else if (f.kind === 'static') o.str(`${esc(this.itemName(f))}: static `);
      o.str(this.signature(f));
      o.semicolon();
    }
    o.close();
  }

  /** `declare_type`: a named type definition. */
  private declare(td: TypeDef): void {
    const o = this.out;
    const name = esc(td.name!);
    const k = td.kind;
    const block = (keyword: string, lines: string[]): void => {
      o.str(`${keyword} ${name}`);
      o.open();
      for (const l of lines) {
        o.str(l);
        o.newline();
      }
      o.close();
    };
    switch (k.k) {
      case 'record': block('record', k.fields.map((f) => `${esc(f.name)}: ${this.typeName(f.ty)},`)); return;
      case 'variant': block('variant', k.cases.map((c) => `${esc(c.name)}${c.ty === undefined ? '' : `(${this.typeName(c.ty)})`},`)); return;
      case 'enum': block('enum', k.names.map((c) => `${esc(c)},`)); return;
      case 'flags': block('flags', k.names.map((c) => `${esc(c)},`)); return;
      case 'own': o.str(`type ${name} = own<${this.resourceName(k.resource)}>`); break;
      case 'alias': o.str(`type ${name} = ${this.typeName(k.target)}`); break;
      default: o.str(`type ${name} = ${this.typeName({ name: undefined, owner: undefined, kind: k })}`); break;
    }
    o.semicolon();
  }

  /** An interface's body: its types (resources with their functions), then its functions. */
  interfaceBody(iface: Interface): void {
    const o = this.out;
    const prev = o.anyItems;
    o.anyItems = false;
    const resourceFuncs = new Map<TypeDef, Func[]>();
    const free: Func[] = [];
    for (const f of iface.funcs.values()) {
      if (f.resource !== undefined) {
        const list = resourceFuncs.get(f.resource);
        if (list === undefined) resourceFuncs.set(f.resource, [f]);
        else list.push(f);
      } else free.push(f);
    }
    this.types(iface, iface.types, resourceFuncs, iface.pkg);
    for (const f of free) {
      o.newItem();
      this.externalId(f.externalId);
      o.str(`${esc(this.itemName(f))}: ${this.signature(f)}`);
      o.semicolon();
    }
    o.anyItems = prev;
  }

  private worldItem(dir: 'import' | 'export', w: WorldItem): void {
    const o = this.out;
    this.externalId(w.kind === 'function' ? w.func.externalId : w.kind === 'interface' ? w.externalId : undefined);
    if (w.kind === 'function') {
      o.str(`${dir} ${esc(w.func.name)}: ${this.signature(w.func)}`);
      o.semicolon();
    } else if (w.kind === 'interface') {
      if (w.label === undefined) {
        o.str(`${dir} ${this.pathTo(w.iface, ROOT)}`);
        o.semicolon();
      } else if (w.iface.name === undefined) {
        o.str(`${dir} ${esc(w.label)}: interface`);
        o.open();
        this.interfaceBody(w.iface);
        o.close();
      } else {
        o.str(`${dir} ${esc(w.label)}: ${this.pathTo(w.iface, ROOT)}`);
        o.semicolon();
      }
    }
  }

  /** `print_world`: interface imports, world types, function imports, then the exports. */
  world(imports: readonly WorldItem[], exports: readonly WorldItem[]): void {
    const o = this.out;
    const prev = o.anyItems;
    o.anyItems = false;
    const types: [string, TypeDef][] = [];
    const resourceFuncs = new Map<TypeDef, Func[]>();
    const funcImports: WorldItem[] = [];
    for (const w of imports) {
      if (w.kind === 'type') types.push([w.name, w.type]);
      else if (w.kind === 'function') {
        if (w.func.resource !== undefined) {
          const list = resourceFuncs.get(w.func.resource);
          if (list === undefined) resourceFuncs.set(w.func.resource, [w.func]);
          else list.push(w.func);
        } else funcImports.push(w);
      } else {
        this.worldItem('import', w);
        o.anyItems = true;
      }
    }
    this.types(WORLD, types, resourceFuncs, ROOT);
    for (const w of funcImports) {
      this.worldItem('import', w);
      o.anyItems = true;
    }
    if (exports.length > 0) o.newItem();
    for (const w of exports) this.worldItem('export', w);
    o.anyItems = prev;
  }

  package(p: Package): void {
    const o = this.out;
    o.str(`package ${esc(p.ns)}:${esc(p.name)}${p.version === undefined ? '' : `@${p.version}`}`);
    o.open();
    for (const [name, iface] of p.interfaces) {
      o.str(`interface ${esc(name)}`);
      o.open();
      this.interfaceBody(iface);
      o.close();
    }
    o.close();
  }
}

/**
 * The component type with the validator's type identities (created/referenced types). The
 * ValidatedComponent keeps only the resolved ExternDescs, so the component is validated once more
 * here (with every feature on: it was valid under a subset already).
 */
function componentType(vc: ValidatedComponent): CompT {
  const all = resolveFeatures({
    values: true, async: true, errorContext: true, fixedLengthLists: true, map: true, nestedNames: true, implements: true,
    'cm-async-stackful': true, 'cm-more-async-builtins': true, 'cm-threading': true, cm64: true, 'cm-canon-names': true,
    'cm-gc': true,
  });
  const arena = new CoreArena();
  const v = new Validator({ features: all, arena, sub: new Subtyper(arena), deferred: [] });
  return v.component(vc.ast).type;
}

/** The component's type as WIT (the text `wasm-tools component wit` prints). */
export function printWit(vc: ValidatedComponent): string {
  const type = componentType(vc);
  const d = new Decoder();
  for (const def of vc.ast.definitions) {
    if (def.kind !== 'import' && def.kind !== 'export') continue;
    const name = def.name.name;
    const item = (def.kind === 'import' ? type.imports : type.exports).get(name);
    if (item !== undefined) d.extern(def.kind, name, item);
  }
  const p = new Printer();
  const o = p.out;
  o.str('package root:component');
  o.semicolon();
  o.newline();
  o.str('world root');
  o.open();
  p.world(d.imports, d.exports);
  o.close();
  d.orderedPackages().forEach((pkg, i) => {
    if (i > 0) {
      o.newline();
      o.newline();
    }
    p.package(pkg);
  });
  return o.text;
}
