// The exports object of a component instance, in jco's shape (`jco transpile --instantiation
// sync` returns it from `instantiate`): a world-level function `f-g` as `fG`; an exported
// interface `ns:pkg/iface@v` both under its full name and under `iface` camelCased; inside it,
// functions camelCased and resources as classes (UpperCamelCase) with `[constructor]` as the
// class constructor, `[method]r.m` on the prototype and `[static]r.s` on the class. Spec:
// component-model design/mvp/Explainer.md §"Import and Export Definitions". In async mode every
// function and method returns a promise (jco's `--async-exports`), constructors excepted.

import { funcInstOf, liftedFunctionAsync } from '../canon/lift.js';
import { toLowerCamelCase, toUpperCamelCase } from '../canon/names.js';
import type { ResourceType } from '../canon/resource.js';
import type { RInstance, RItem } from './scope.js';
import { parseName, safeObject } from './names.js';

type Fn = (...args: unknown[]) => unknown;

/**
 * The export as JS sees it: a TypeError about a JS value (wrong type, not a valid resource) gets
 * the export's name in front, so the caller knows which call and which argument was wrong.
 */
function named(fn: Fn, label: string, jsName: string): Fn {
  const f = {
    [jsName](...args: unknown[]): unknown {
      try {
        return fn(...args);
      } catch (e) {
        throw labelled(e, label);
      }
    },
  }[jsName]!;
  Object.defineProperty(f, 'length', { value: fn.length });
  return f;
}

/** A TypeError gets the export's name `label` in front (once); anything else passes unchanged. */
function labelled(e: unknown, label: string): unknown {
  return e instanceof TypeError && !e.message.startsWith(label) ? new TypeError(`${label}: ${e.message}`) : e;
}

/** `named` for an asynchronous export: a TypeError rejection gets the export's name in front. */
function namedAsync(fn: (...args: unknown[]) => Promise<unknown>, label: string, jsName: string): Fn {
  const f = {
    [jsName](...args: unknown[]): Promise<unknown> {
      return fn(...args).catch((e: unknown) => {
        throw labelled(e, label);
      });
    },
  }[jsName]!;
  Object.defineProperty(f, 'length', { value: fn.length });
  return f;
}

/**
 * The JS function of an exported component function: in async mode (`instantiate(imports,
 * { async: true })`) it returns a promise and the host functions it reaches may return promises.
 */
function exportedFunction(fn: Fn, label: string, jsName: string, asyncMode: boolean): Fn {
  if (!asyncMode) return named(fn, label, jsName);
  const fi = funcInstOf(fn);
  const af = fi !== undefined ? liftedFunctionAsync(fi) : async (...args: unknown[]) => fn(...args);
  return namedAsync(af, label, jsName);
}

/** Builds jco's exports object from a component instance's exports (async mode: see exportedFunction). */
export function exportsObject(exports: RInstance, asyncMode = false): Record<string, unknown> {
  const classes = new Map<ResourceType, Fn>();
  const entries: [string, unknown][] = [];
  const top = instanceObject(exports, classes, '', asyncMode);
  for (const [name, item] of exports) {
    const p = parseName(name);
    if (item.sort === 'instance') {
      const obj = instanceObject(item.value, classes, `${name}#`, asyncMode);
      if (p.kind === 'interface') {
        entries.push([toLowerCamelCase(p.iface), obj]);
        entries.push([name, obj]);
      } else entries.push([toLowerCamelCase(name), obj]);
    }
  }
  // World-level functions and resources (built like an interface's members).
  for (const [k, v] of Object.entries(top)) entries.push([k, v]);
  return safeObject(entries);
}

/** The JS object of one exported instance. */
function instanceObject(inst: RInstance, classes: Map<ResourceType, Fn>, prefix: string, asyncMode: boolean): Record<string, unknown> {
  const entries: [string, unknown][] = [];
  const byResource = new Map<string, Fn>();
  const classFor = (resource: string): Fn | undefined => {
    const known = byResource.get(resource);
    if (known) return known;
    const item = inst.get(resource);
    if (item?.sort !== 'type' || item.value.rt === undefined) return undefined;
    const cls = resourceClass(item.value.rt, classes);
    byResource.set(resource, cls);
    return cls;
  };
  for (const [name, item] of inst) {
    if (item.sort === 'type' && item.value.rt !== undefined) {
      entries.push([toUpperCamelCase(name), classFor(name)]);
    }
  }
  for (const [name, item] of inst) {
    if (item.sort !== 'func') continue;
    const p = parseName(name);
    // constructors stay synchronous (a constructor cannot return a promise of its object)
    const fn = exportedFunction(item.value.fn, `\`${prefix}${name}\``, toLowerCamelCase(p.kind === 'method' || p.kind === 'static' ? p.name : name.replace(/^\[constructor\]/, '')),
      asyncMode && p.kind !== 'constructor');
    if (p.kind === 'constructor') {
      const cls = classFor(p.resource);
      if (cls) setConstructor(cls, fn);
    } else if (p.kind === 'method') {
      const cls = classFor(p.resource);
      if (cls) {
        const method = function (this: unknown, ...args: unknown[]): unknown {
          return fn(this, ...args);
        };
        Object.defineProperty(method, 'name', { value: toLowerCamelCase(p.name) });
        Object.defineProperty(cls.prototype, toLowerCamelCase(p.name), { value: method, writable: true, configurable: true });
      }
    } else if (p.kind === 'static') {
      const cls = classFor(p.resource);
      if (cls) Object.defineProperty(cls, toLowerCamelCase(p.name), { value: fn, writable: true, configurable: true, enumerable: true });
    } else if (p.kind === 'plain') {
      entries.push([toLowerCamelCase(name), fn]);
    } else if (p.kind === 'interface') {
      // a function exported under an interface name is not valid; nothing to add
    } else {
      entries.push([name, fn]);
    }
  }
  return safeObject(entries);
}

const CONSTRUCTORS = new WeakMap<Fn, Fn>();

function setConstructor(cls: Fn, ctor: Fn): void {
  CONSTRUCTORS.set(cls, ctor);
}

/** The JS class of a resource (one per resource type and instance). */
function resourceClass(rt: ResourceType, classes: Map<ResourceType, Fn>): Fn {
  let cls = classes.get(rt);
  if (cls) return cls;
  if (rt.impl === undefined && rt.jsClass !== undefined) {
    cls = rt.jsClass as unknown as Fn;
  } else {
    const name = toUpperCamelCase(rt.name);
    const made = {
      [name]: class {
        constructor(...args: unknown[]) {
          const ctor = CONSTRUCTORS.get(made as unknown as Fn);
          if (ctor === undefined) throw new TypeError(`resource \`${rt.name}\` has no constructor`);
          return ctor(...args) as object;
        }
      },
    }[name]!;
    cls = made as unknown as Fn;
    rt.jsClass = made;
  }
  classes.set(rt, cls);
  return cls;
}

export type { RItem };
