// Which export a call names. A world function is named as in WIT (`add`); an interface function
// by its interface and name, with `#` as jco and the component model write it
// (`ns:pkg/iface#add`, `ns:pkg/iface@1.0.0#add`) or with `.` as wit-parser's item names do
// (`iface.add`, `ns:pkg/iface.add`, `ns:pkg/iface.add@1.0.0`). The interface may be given by its
// full name, without its version, or by its short name when that is unambiguous. Resource
// functions are reached with `#`: `iface#[static]r.f`, `iface#[constructor]r`.
// Spec: component-model design/mvp/Explainer.md §"Import and Export Definitions".

import type { ComponentFuncType, ExternDesc } from '../index.js';
import { CliError } from './errors.js';
import { lowerCamel, upperCamel } from './wave/names.js';

type Fn = (...args: unknown[]) => unknown;

export interface CallTarget {
  /** The export as the component names it (`ns:pkg/iface#f` or `f`). */
  readonly label: string;
  readonly type: ComponentFuncType;
  /** The JS function in a jco-shaped exports object. */
  fn(exports: Record<string, unknown>): Fn;
}

function funcs(exports: ReadonlyMap<string, ExternDesc>): string[] {
  return [...exports].filter(([, d]) => d.kind === 'func').map(([n]) => n);
}

/** Every callable name, for "did you mean" lists. */
export function callableNames(exports: ReadonlyMap<string, ExternDesc>): string[] {
  const out = funcs(exports);
  for (const [n, d] of exports) if (d.kind === 'instance') for (const f of funcs(d.exports)) out.push(`${n}#${f}`);
  return out;
}

function unknown(name: string, exports: ReadonlyMap<string, ExternDesc>): CliError {
  const names = callableNames(exports);
  const shown = names.length === 0 ? 'the component exports no functions'
    : `exported functions: ${names.slice(0, 12).join(', ')}${names.length > 12 ? `, … (${names.length} in all)` : ''}`;
  return new CliError(`no exported function \`${name}\` (${shown})`);
}

function get(o: unknown, key: string): unknown {
  return (typeof o === 'object' || typeof o === 'function') && o !== null && Object.prototype.hasOwnProperty.call(o, key)
    ? (o as Record<string, unknown>)[key] : undefined;
}

function missing(label: string): never {
  throw new CliError(`the instance has no function for \`${label}\``);
}

/** Finds the exported instance an interface reference means. */
function findInstance(ref: string, exports: ReadonlyMap<string, ExternDesc>, call: string): [string, ReadonlyMap<string, ExternDesc>] {
  const exact = exports.get(ref);
  if (exact?.kind === 'instance') return [ref, exact.exports];
  const hits: [string, ReadonlyMap<string, ExternDesc>][] = [];
  for (const [n, d] of exports) {
    if (d.kind !== 'instance') continue;
    const m = /^([^:/@]+:[^/@]+\/)?([^/@]+)(@.*)?$/.exec(n);
    const unversioned = m ? `${m[1] ?? ''}${m[2]}` : n;
    const short = m ? m[2] : n;
    if (ref === unversioned || (!ref.includes(':') && ref === short)) hits.push([n, d.exports]);
  }
  if (hits.length === 1) return hits[0]!;
  if (hits.length > 1) throw new CliError(`\`${call}\`: \`${ref}\` could mean ${hits.map(([n]) => n).join(' or ')}; write the full name`);
  throw unknown(call, exports);
}

/** Resolves the function name of a call against a component's exports. */
export function resolveCall(name: string, exports: ReadonlyMap<string, ExternDesc>): CallTarget {
  const world = exports.get(name);
  if (world?.kind === 'func') {
    return { label: name, type: world.type, fn: (ex) => (get(ex, lowerCamel(name)) as Fn | undefined) ?? missing(name) };
  }
  let ref: string;
  let func: string;
  const hash = name.lastIndexOf('#');
  if (hash >= 0) {
    ref = name.slice(0, hash);
    func = name.slice(hash + 1);
  } else {
    // `iface.f`, or wit-parser's `ns:pkg/iface.f@1.0.0` (the version of the interface at the end)
    const m = /^(.+)\.([a-zA-Z][a-zA-Z0-9-]*)(@[0-9][^/#]*)$/.exec(name) ?? /^(.+)\.([a-zA-Z][a-zA-Z0-9-]*)()$/.exec(name);
    if (m === null) throw unknown(name, exports);
    ref = m[1]! + m[3]!;
    func = m[2]!;
  }
  const [iface, members] = findInstance(ref, exports, name);
  const d = members.get(func);
  if (d?.kind !== 'func') throw unknown(name, exports);
  const label = `${iface}#${func}`;
  const instanceObject = (ex: Record<string, unknown>): unknown => get(ex, iface) ?? get(ex, lowerCamel(iface)) ?? missing(label);
  const ann = /^\[(constructor|method|static)\]([^.]+)(?:\.(.+))?$/.exec(func);
  if (ann === null) return { label, type: d.type, fn: (ex) => (get(instanceObject(ex), lowerCamel(func)) as Fn | undefined) ?? missing(label) };
  const [, kind, resource, member] = ann as unknown as [string, string, string, string | undefined];
  if (kind === 'method') throw new CliError(`\`${label}\` is a method: it needs a resource to call it on, which WAVE cannot write`);
  const cls = (ex: Record<string, unknown>): Fn => (get(instanceObject(ex), upperCamel(resource)) as Fn | undefined) ?? missing(label);
  if (kind === 'static') return { label, type: d.type, fn: (ex) => (get(cls(ex), lowerCamel(member!)) as Fn | undefined) ?? missing(label) };
  return {
    label, type: d.type,
    fn: (ex) => {
      const C = cls(ex) as unknown as new (...args: unknown[]) => unknown;
      return (...args: unknown[]) => new C(...args);
    },
  };
}
