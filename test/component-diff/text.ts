// Rendering value types: as component text format (defvaltype, with record/variant/enum/flags
// defined and exported under fresh names so exported functions only mention exported types) and
// as WIT-like text for reports.
// Spec: component-model design/mvp/Explainer.md §"Type Definitions" (defvaltype text forms) and
// §"Import and Export Definitions" (exported function types may only refer to exported types).

import type { VT } from './abi.js';

const NAMED = new Set(['record', 'variant', 'enum', 'flags']);

/** Collects the type definitions a set of function signatures needs, deduplicated by structure. */
export class TypeDefs {
  readonly lines: string[] = [];
  private readonly byKey = new Map<string, string>();
  private next = 0;

  /** The text to write in a type position for t (a primitive, an inline type or `$tN`). */
  ref(t: VT): string {
    switch (t.kind) {
      case 'list': return t.length === undefined ? `(list ${this.ref(t.elem)})` : `(list ${this.ref(t.elem)} ${t.length})`;
      case 'tuple': return `(tuple ${t.types.map((u) => this.ref(u)).join(' ')})`;
      case 'option': return `(option ${this.ref(t.type)})`;
      case 'result': {
        const parts = [t.ok ? ` ${this.ref(t.ok)}` : '', t.err ? ` (error ${this.ref(t.err)})` : ''].join('');
        return `(result${parts})`;
      }
      default: break;
    }
    if (!NAMED.has(t.kind)) return t.kind;
    const key = JSON.stringify(t);
    const known = this.byKey.get(key);
    if (known) return known;
    const body = this.define(t);
    const n = this.next++;
    this.lines.push(`(type $d${n} ${body})`, `(export $t${n} "t${n}" (type $d${n}))`);
    this.byKey.set(key, `$t${n}`);
    return `$t${n}`;
  }

  private define(t: VT): string {
    switch (t.kind) {
      case 'record': return `(record ${t.fields.map((f) => `(field ${q(f.label)} ${this.ref(f.type)})`).join(' ')})`;
      case 'variant':
        return `(variant ${t.cases.map((c) => (c.type ? `(case ${q(c.label)} ${this.ref(c.type)})` : `(case ${q(c.label)})`)).join(' ')})`;
      case 'enum': return `(enum ${t.labels.map(q).join(' ')})`;
      case 'flags': return `(flags ${t.labels.map(q).join(' ')})`;
      default: throw new Error(`not a named type: ${t.kind}`);
    }
  }
}

function q(label: string): string {
  return `"${label}"`;
}

/** WIT-like rendering for reports: `record { a: u8, b: list<string> }`. */
export function witType(t: VT): string {
  switch (t.kind) {
    case 'list': return t.length === undefined ? `list<${witType(t.elem)}>` : `list<${witType(t.elem)}, ${t.length}>`;
    case 'tuple': return `tuple<${t.types.map(witType).join(', ')}>`;
    case 'option': return `option<${witType(t.type)}>`;
    case 'result':
      if (!t.ok && !t.err) return 'result';
      if (!t.err) return `result<${witType(t.ok!)}>`;
      return `result<${t.ok ? witType(t.ok) : '_'}, ${witType(t.err)}>`;
    case 'record': return `record { ${t.fields.map((f) => `${f.label}: ${witType(f.type)}`).join(', ')} }`;
    case 'variant': return `variant { ${t.cases.map((c) => (c.type ? `${c.label}(${witType(c.type)})` : c.label)).join(', ')} }`;
    case 'enum': return `enum { ${abbreviate(t.labels)} }`;
    case 'flags': return `flags { ${abbreviate(t.labels)} }`;
    default: return t.kind;
  }
}

function abbreviate(labels: readonly string[]): string {
  return labels.length <= 12 ? labels.join(', ') : `${labels.slice(0, 6).join(', ')}, … (${labels.length} labels)`;
}

/** Nesting depth: primitives 0, each composite level adds one. */
export function typeDepth(t: VT): number {
  switch (t.kind) {
    case 'list': return 1 + typeDepth(t.elem);
    case 'tuple': return 1 + Math.max(...t.types.map(typeDepth));
    case 'option': return 1 + typeDepth(t.type);
    case 'result': return 1 + Math.max(0, ...[t.ok, t.err].filter((u): u is VT => !!u).map(typeDepth));
    case 'record': return 1 + Math.max(...t.fields.map((f) => typeDepth(f.type)));
    case 'variant': return 1 + Math.max(0, ...t.cases.filter((c) => c.type).map((c) => typeDepth(c.type!)));
    default: return 0; // primitives, enum, flags: no nested types
  }
}

/** Every kind that occurs in t (for coverage statistics). */
export function kindsOf(t: VT, out: Set<string> = new Set()): Set<string> {
  out.add(t.kind === 'result' ? `result<${t.ok ? 'T' : '_'},${t.err ? 'E' : '_'}>` : t.kind);
  switch (t.kind) {
    case 'list': kindsOf(t.elem, out); break;
    case 'tuple': t.types.forEach((u) => kindsOf(u, out)); break;
    case 'option': kindsOf(t.type, out); break;
    case 'result': if (t.ok) kindsOf(t.ok, out); if (t.err) kindsOf(t.err, out); break;
    case 'record': t.fields.forEach((f) => kindsOf(f.type, out)); break;
    case 'variant':
      out.add(t.cases.some((c) => c.type) ? 'variant+payload' : 'variant-no-payload');
      t.cases.forEach((c) => c.type && kindsOf(c.type, out));
      if (t.cases.length > 256) out.add('variant>256');
      break;
    case 'enum': if (t.labels.length > 256) out.add('enum>256'); break;
    case 'flags': out.add(`flags/${t.labels.length <= 8 ? 8 : t.labels.length <= 16 ? 16 : 32}`); break;
    default: break;
  }
  return out;
}
