// The WIT text of a component's type: one world with its imports and exports, interfaces inline.
// Spec: component-model design/mvp/WIT.md (§"WIT Worlds", §"WIT Interfaces", §"Item: type",
// §"Item: record", "variant", "enum", "flags", "resource", §"Item: func"). Named types come from
// the `(export "name" (type ...))` declarations of each instance type; a type used by identity
// there is printed by its name, anything else structurally.

import type { ExternDesc } from '../api.js';
import type { FuncType, ValType } from '../types.js';
import type { ValidatedComponent } from '../valid/index.js';
import { parseName } from './names.js';

type Names = Map<object, string>;
/** Resources defined in an interface: id → [interface path, name] (for `use` in the world). */
type Origins = Map<object, [string, string]>;

const KEYWORDS = new Set([
  'as', 'async', 'bool', 'borrow', 'char', 'constructor', 'enum', 'export', 'f32', 'f64', 'flags', 'from', 'func',
  'future', 'import', 'include', 'interface', 'list', 'option', 'own', 'package', 'record', 'resource', 'result',
  's16', 's32', 's64', 's8', 'static', 'stream', 'string', 'tuple', 'type', 'u16', 'u32', 'u64', 'u8', 'use',
  'variant', 'with', 'world', 'error-context', 'map',
]);

function id(name: string): string {
  return KEYWORDS.has(name) ? `%${name}` : name;
}

function typeRef(t: ValType, names: Names): string {
  const n = names.get(t);
  if (n !== undefined) return id(n);
  switch (t.kind) {
    case 'list': return t.length === undefined ? `list<${typeRef(t.elem, names)}>` : `list<${typeRef(t.elem, names)}, ${t.length}>`;
    case 'tuple': return `tuple<${t.types.map((x) => typeRef(x, names)).join(', ')}>`;
    case 'option': return `option<${typeRef(t.type, names)}>`;
    case 'result':
      if (!t.ok && !t.err) return 'result';
      if (!t.err) return `result<${typeRef(t.ok!, names)}>`;
      return `result<${t.ok ? typeRef(t.ok, names) : '_'}, ${typeRef(t.err, names)}>`;
    case 'own': return id(names.get(t.resource) ?? t.resource.name);
    case 'borrow': return `borrow<${id(names.get(t.resource) ?? t.resource.name)}>`;
    case 'stream': return t.elem ? `stream<${typeRef(t.elem, names)}>` : 'stream';
    case 'future': return t.elem ? `future<${typeRef(t.elem, names)}>` : 'future';
    case 'map': return `map<${typeRef(t.key, names)}, ${typeRef(t.value, names)}>`;
    case 'record': return `record { ${t.fields.map((f) => `${id(f.label)}: ${typeRef(f.type, names)}`).join(', ')} }`;
    case 'variant': return `variant { ${t.cases.map((c) => (c.type ? `${id(c.label)}(${typeRef(c.type, names)})` : id(c.label))).join(', ')} }`;
    case 'enum': return `enum { ${t.labels.map(id).join(', ')} }`;
    case 'flags': return `flags { ${t.labels.map(id).join(', ')} }`;
    default: return t.kind;
  }
}

function typeDecl(name: string, t: ValType, names: Names, indent: string): string {
  const inner = `${indent}  `;
  switch (t.kind) {
    case 'record': return `${indent}record ${id(name)} {\n${t.fields.map((f) => `${inner}${id(f.label)}: ${typeRef(f.type, names)},`).join('\n')}\n${indent}}`;
    case 'variant': return `${indent}variant ${id(name)} {\n${t.cases.map((c) => `${inner}${id(c.label)}${c.type ? `(${typeRef(c.type, names)})` : ''},`).join('\n')}\n${indent}}`;
    case 'enum': return `${indent}enum ${id(name)} {\n${t.labels.map((l) => `${inner}${id(l)},`).join('\n')}\n${indent}}`;
    case 'flags': return `${indent}flags ${id(name)} {\n${t.labels.map((l) => `${inner}${id(l)},`).join('\n')}\n${indent}}`;
    default: return `${indent}type ${id(name)} = ${typeRef(t, names)};`;
  }
}

function funcSig(f: FuncType, names: Names, skipSelf: boolean): string {
  const ps = (skipSelf ? f.params.slice(1) : f.params).map((p) => `${id(p.name)}: ${typeRef(p.type, names)}`).join(', ');
  return `${f.async ? 'async ' : ''}func(${ps})${f.result ? ` -> ${typeRef(f.result, names)}` : ''}`;
}

/** Interface body lines for an instance's exports. */
function interfaceBody(exports: ReadonlyMap<string, ExternDesc>, names: Names, indent: string, prefix = '',
  origins?: Origins, path?: string): string[] {
  const lines: string[] = [];
  const resources = new Map<string, string[]>();
  for (const [name, d] of exports) {
    if (d.kind !== 'type') continue;
    const r = (d as { resolved?: { kind: string; resource?: object; type?: ValType } }).resolved;
    if (r?.kind === 'resource' && r.resource) {
      if (names.has(r.resource) && prefix !== '') continue; // defined elsewhere (used)
      names.set(r.resource, name);
      if (origins && path) origins.set(r.resource, [path, name]);
      resources.set(name, []);
    } else if (d.type) names.set(d.type, name);
  }
  for (const [name, d] of exports) {
    if (d.kind === 'type') {
      const r = (d as { resolved?: { kind: string } }).resolved;
      if (r?.kind === 'resource') continue;
      if (d.type) {
        // Print the structure under its own name (not as a reference to itself).
        names.delete(d.type);
        lines.push(typeDecl(name, d.type, names, indent));
        names.set(d.type, name);
      }
      continue;
    }
    if (d.kind !== 'func') continue;
    const p = parseName(name);
    if (p.kind === 'constructor' && resources.has(p.resource)) {
      resources.get(p.resource)!.push(`constructor(${d.type.params.map((x) => `${id(x.name)}: ${typeRef(x.type, names)}`).join(', ')});`);
    } else if ((p.kind === 'method' || p.kind === 'static') && resources.has(p.resource)) {
      resources.get(p.resource)!.push(`${id(p.name)}: ${p.kind === 'static' ? 'static ' : ''}${funcSig(d.type, names, p.kind === 'method')};`);
    } else lines.push(`${indent}${prefix}${id(name)}: ${funcSig(d.type, names, false)};`);
  }
  const out: string[] = [];
  for (const [r, members] of resources) {
    out.push(members.length === 0 ? `${indent}resource ${id(r)};` : `${indent}resource ${id(r)} {\n${members.map((m) => `${indent}  ${m}`).join('\n')}\n${indent}}`);
  }
  return [...out, ...lines];
}

/** Interfaces by package (`ns:pkg@version`), printed as nested package blocks. */
type Packages = Map<string, Map<string, string[]>>;

function worldItems(kind: 'import' | 'export', items: ReadonlyMap<string, ExternDesc>, names: Names, pkgs: Packages,
  origins: Origins): string[] {
  const lines: string[] = [];
  const loose = new Map<string, ExternDesc>();
  for (const [name, d] of items) {
    const p = parseName(name);
    if (d.kind === 'instance' && p.kind === 'interface') {
      const m = /^(.*)\/([^/@]+)(@.*)?$/.exec(name)!;
      const pkg = `${m[1]}${m[3] ?? ''}`;
      let ifaces = pkgs.get(pkg);
      if (!ifaces) pkgs.set(pkg, (ifaces = new Map()));
      if (!ifaces.has(m[2]!)) ifaces.set(m[2]!, interfaceBody(d.exports, names, '    ', '', origins, `${m[1]}/${m[2]}${m[3] ?? ''}`));
      lines.push(`  ${kind} ${name};`);
    } else if (d.kind === 'instance') {
      lines.push(`  ${kind} ${id(name)}: interface {\n${interfaceBody(d.exports, names, '    ').join('\n')}\n  }`);
    } else if (d.kind === 'func' || d.kind === 'type') {
      loose.set(name, d);
    } else {
      lines.push(`  // ${kind} ${name}: ${d.kind} (not expressible in WIT)`);
    }
  }
  if (loose.size > 0) lines.push(...interfaceBody(loose, names, '  ', `${kind} `));
  return lines;
}

/** `use` lines for interface resources that world-level items refer to. */
function uses(items: readonly ReadonlyMap<string, ExternDesc>[], origins: Origins): string[] {
  const wanted = new Map<string, Set<string>>();
  const visit = (t: ValType | undefined): void => {
    if (t === undefined) return;
    switch (t.kind) {
      case 'own': case 'borrow': {
        const o = origins.get(t.resource);
        if (o) {
          let set = wanted.get(o[0]);
          if (!set) wanted.set(o[0], (set = new Set()));
          set.add(o[1]);
        }
        return;
      }
      case 'list': visit(t.elem); return;
      case 'option': visit(t.type); return;
      case 'result': visit(t.ok); visit(t.err); return;
      case 'tuple': t.types.forEach(visit); return;
      case 'record': t.fields.forEach((f) => visit(f.type)); return;
      case 'variant': t.cases.forEach((c) => visit(c.type)); return;
      default: return;
    }
  };
  for (const m of items) for (const d of m.values()) if (d.kind === 'func') { d.type.params.forEach((p) => visit(p.type)); visit(d.type.result); }
  return [...wanted].map(([path, set]) => {
    const at = path.indexOf('@');
    const base = at < 0 ? path : path.slice(0, at);
    return `  use ${base}${at < 0 ? '' : path.slice(at)}.{${[...set].map(id).join(', ')}};`;
  });
}

/** The component's type as a WIT world. */
export function printWit(vc: ValidatedComponent): string {
  const names: Names = new Map();
  const pkgs: Packages = new Map();
  const origins: Origins = new Map();
  const imports = worldItems('import', vc.imports, names, pkgs, origins);
  const exports = worldItems('export', vc.exports, names, pkgs, origins);
  const body = [...uses([vc.imports, vc.exports], origins), ...imports, ...exports];
  let out = `package root:component;\n\nworld root {\n${body.join('\n')}\n}\n`;
  for (const [pkg, ifaces] of pkgs) {
    out += `\npackage ${pkg} {\n`;
    for (const [iface, lines] of ifaces) out += `  interface ${id(iface)} {\n${lines.join('\n')}\n  }\n`;
    out += '}\n';
  }
  return out;
}
