// Host imports: the JS import object (jco's conventions) turned into runtime items of the
// component's import types. Spec: component-model design/mvp/Explainer.md §"Import and Export
// Definitions" (names), §"Type Definitions" (an imported `(sub resource)` is an abstract type the
// host implements). jco's shape, checked against its generated glue: an interface import is an
// object under the full name (`'ns:pkg/iface@1.0.0'`; we also accept it without the version),
// its functions camelCased, its resources classes (UpperCamelCase) whose methods are called on the
// object, statics on the class and `[constructor]` with `new`; a world-level function import
// `f` is `imports.f.default` (a bare function is accepted too). Only own properties are read.

import { LinkError } from '../../core/errors.js';
import { ResourceType } from '../canon/resource.js';
import { toLowerCamelCase, toUpperCamelCase } from '../canon/names.js';
import type { ExternDesc } from '../api.js';
import type { ResourceId } from '../types.js';
import { resolvedOf, resourceOf, type Scope, type RItem, type RInstance } from './scope.js';
import { importKeys, ownGet, parseName } from './names.js';

type Fn = (...args: unknown[]) => unknown;

/** Resolves top-level imports from a jco-style import object. */
export function hostResolver(imports: unknown): (name: string, desc: ExternDesc, s: Scope) => RItem {
  const classes = new Map<unknown, ResourceType>();
  return (name, desc, s) => {
    let value: unknown;
    let found = false;
    for (const k of importKeys(name)) {
      if (ownGet(imports, k) !== undefined) {
        value = ownGet(imports, k);
        found = true;
        break;
      }
    }
    if (desc.kind === 'type' && resourceOf(desc) === undefined) {
      // `(import "t" (type (eq N)))`: a named value type (wit-component emits these for
      // world-level types); the host supplies nothing for it.
      return { sort: 'type', value: { resolved: resolvedOf(desc)! } };
    }
    if (!found && desc.kind === 'instance' && typesOnly(desc.exports)) {
      // An interface that only declares (non-resource) types needs nothing from the host; jco
      // leaves it out of its import object too.
      return { sort: 'instance', value: hostInstance(name, {}, desc.exports, s, classes) };
    }
    if (!found) throw new LinkError(`missing import \`${name}\`: the import object has no property "${importKeys(name)[0]}"`);
    switch (desc.kind) {
      case 'func': {
        const fn = typeof value === 'function' ? value : ownGet(value, 'default');
        if (typeof fn !== 'function') throw new LinkError(`import \`${name}\` must be a function (or an object with a \`default\` function)`);
        return { sort: 'func', value: { type: s.funcType(desc.type), fn: fn as Fn } };
      }
      case 'instance':
        return { sort: 'instance', value: hostInstance(name, value, desc.exports, s, classes) };
      case 'type': {
        const rid = resourceOf(desc);
        if (rid === undefined) throw new LinkError(`import \`${name}\`: only resource types can be imported from the host`);
        const rt = hostResource(rid, value, classes);
        s.resources.set(rid, rt);
        return { sort: 'type', value: { resolved: { kind: 'resource', resource: rid }, rt } };
      }
      default:
        throw new LinkError(`import \`${name}\`: ${desc.kind} imports cannot be supplied by the host`);
    }
  };
}

function typesOnly(exports: ReadonlyMap<string, ExternDesc>): boolean {
  for (const d of exports.values()) if (d.kind !== 'type' || resourceOf(d) !== undefined) return false;
  return true;
}

function hostResource(rid: ResourceId, cls: unknown, classes: Map<unknown, ResourceType>): ResourceType {
  const key = typeof cls === 'function' ? cls : rid;
  let rt = classes.get(key);
  if (rt === undefined) {
    rt = new ResourceType(rid.name, undefined);
    if (typeof cls === 'function') rt.jsClass = cls as abstract new () => object;
    classes.set(key, rt);
  }
  return rt;
}

function hostInstance(where: string, obj: unknown, exports: ReadonlyMap<string, ExternDesc>, s: Scope,
  classes: Map<unknown, ResourceType>): RInstance {
  if ((typeof obj !== 'object' && typeof obj !== 'function') || obj === null) {
    throw new LinkError(`import \`${where}\` must be an object with the interface's functions`);
  }
  const out = new Map<string, RItem>();
  // Resource types first: function types refer to them.
  for (const [name, d] of exports) {
    if (d.kind !== 'type') continue;
    const rid = resourceOf(d);
    if (rid === undefined) {
      out.set(name, { sort: 'type', value: { resolved: resolvedOf(d)! } });
      continue;
    }
    const cls = ownGet(obj, toUpperCamelCase(name));
    const rt = hostResource(rid, cls, classes);
    if (!s.resources.has(rid)) s.resources.set(rid, rt);
    out.set(name, { sort: 'type', value: { resolved: { kind: 'resource', resource: rid }, rt } });
  }
  for (const [name, d] of exports) {
    if (d.kind === 'type') continue;
    if (d.kind === 'instance') {
      out.set(name, { sort: 'instance', value: hostInstance(`${where}/${name}`, ownGet(obj, toLowerCamelCase(name)) ?? ownGet(obj, name), d.exports, s, classes) });
      continue;
    }
    if (d.kind !== 'func') throw new LinkError(`import \`${where}\`: ${d.kind} exports of an imported instance cannot be supplied by the host`);
    out.set(name, { sort: 'func', value: { type: s.funcType(d.type), fn: hostFunc(where, obj, name) } });
  }
  return out;
}

function hostFunc(where: string, obj: unknown, name: string): Fn {
  const p = parseName(name);
  const missing = (what: string): never => {
    throw new LinkError(`import \`${where}\` is missing ${what}`);
  };
  switch (p.kind) {
    case 'constructor': {
      const cls = ownGet(obj, toUpperCamelCase(p.resource));
      if (typeof cls !== 'function') missing(`the class \`${toUpperCamelCase(p.resource)}\` (for \`${name}\`)`);
      return (...args) => Reflect.construct(cls as Fn, args) as unknown;
    }
    case 'method': {
      const m = toLowerCamelCase(p.name);
      return (self, ...args) => {
        const f = (self as Record<string, unknown> | null | undefined)?.[m];
        if (typeof f !== 'function') throw new TypeError(`resource object has no method \`${m}\` (for \`${name}\`)`);
        return Reflect.apply(f, self, args);
      };
    }
    case 'static': {
      const cls = ownGet(obj, toUpperCamelCase(p.resource));
      const f = ownGet(cls, toLowerCamelCase(p.name));
      if (typeof f !== 'function') missing(`the static function \`${toUpperCamelCase(p.resource)}.${toLowerCamelCase(p.name)}\``);
      return (...args) => Reflect.apply(f as Fn, cls, args);
    }
    default: {
      const key = toLowerCamelCase(name);
      const f = ownGet(obj, key);
      if (typeof f !== 'function') missing(`the function \`${key}\` (for \`${name}\`)`);
      return (...args) => Reflect.apply(f as Fn, obj, args);
    }
  }
}
