// Names on the JS side of a component, in jco's conventions (`jco transpile`): WIT's kebab-case
// becomes lowerCamelCase for functions, fields, flags and interface short names, UpperCamelCase for
// resource classes. Spec: component-model design/mvp/WIT.md §"Identifiers" (words are all lower
// or all upper case) and Explainer.md §"Import and Export Definitions" (plainname, interfacename
// `ns:pkg/iface@version`, `[constructor]r`, `[method]r.m`, `[static]r.m`).

/** A parsed extern name. */
export type ParsedName =
  | { readonly kind: 'plain'; readonly name: string }
  | { readonly kind: 'interface'; readonly full: string; readonly unversioned: string; readonly iface: string }
  | { readonly kind: 'constructor'; readonly resource: string }
  | { readonly kind: 'method' | 'static'; readonly resource: string; readonly name: string }
  | { readonly kind: 'other'; readonly name: string };

/** Classifies an import/export name (validated already). */
export function parseName(name: string): ParsedName {
  const ann = /^\[(constructor|method|static)\](.*)$/.exec(name);
  if (ann) {
    const rest = ann[2]!;
    if (ann[1] === 'constructor') return { kind: 'constructor', resource: rest };
    const dot = rest.indexOf('.');
    return { kind: ann[1] as 'method' | 'static', resource: rest.slice(0, dot), name: rest.slice(dot + 1) };
  }
  const iface = /^([^:/@]+:[^/@]+(?:\/[^/@]+)*)\/([^/@]+)(@.*)?$/.exec(name);
  if (iface) return { kind: 'interface', full: name, unversioned: `${iface[1]}/${iface[2]}`, iface: iface[2]! };
  if (/^[a-zA-Z][a-zA-Z0-9-]*$/.test(name)) return { kind: 'plain', name };
  return { kind: 'other', name };
}

/** Own-property lookup: a guest-chosen name never reaches Object.prototype or inherited members. */
export function ownGet(obj: unknown, key: string): unknown {
  if ((typeof obj !== 'object' && typeof obj !== 'function') || obj === null) return undefined;
  return Object.prototype.hasOwnProperty.call(obj, key) ? (obj as Record<string, unknown>)[key] : undefined;
}

/** Keys under which an import may be supplied, in order of preference (jco: the full name). */
export function importKeys(name: string): string[] {
  const p = parseName(name);
  if (p.kind === 'interface' && p.unversioned !== p.full) return [p.full, p.unversioned];
  return [name];
}

/**
 * A plain object (as jco returns) built with defineProperty, so that a guest-chosen key such as
 * `__proto__` becomes an own data property and never changes the prototype.
 */
export function safeObject(entries: Iterable<readonly [string, unknown]>): Record<string, unknown> {
  const o = {} as Record<string, unknown>;
  for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}
