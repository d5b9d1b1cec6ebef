// Value and function type definitions. Spec: component-model design/mvp/Binary.md §"Type
// Definitions" (record/variant/tuple/enum non-empty, flags 1..32, fixed-length list length > 0 🔧,
// `own`/`borrow` of a resource type, `(stream char)` rejected, `map` key types 🗺️, every label
// strongly-unique and kebab-case, function results never contain `borrow`, every defvaltype has
// `elem_size(t, 'i64') < 2^28`) and Explainer.md §"Fundamental value types".

import type { DefValTypeAst, FuncTypeAst, ValTypeAst } from '../binary/ast.js';
import { elemSize, MAX_ELEM_SIZE } from './abi.js';
import {
  BORROW_INFO, combine, inlinePrim, MAX_TYPE_DEPTH, NEW_INFO, setDefinedInfo, valInfo, type DefT, type FuncT, type Info,
} from './itypes.js';
import { isKebab } from './names.js';
import { fail, type Scope } from './scope.js';

const MAX_FIXED_LENGTH_LIST = 1_073_741_824;

function kebab(s: string, what: string, offset: number): string {
  if (isKebab(s)) return s;
  if (s === '') fail(`${what} name cannot be empty`, offset);
  return fail(`${what} name \`${s}\` is not in kebab case`, offset);
}

function checkPrim(scope: Scope, k: string, offset: number): void {
  if (k === 'error-context' && !scope.features.errorContext) {
    fail('`error-context` requires the component model error-context feature', offset);
  }
}

/** A `valtype`: an inline primitive or a defined value type by index. */
export function valType(scope: Scope, t: ValTypeAst, offset: number): DefT {
  if (typeof t === 'number') return scope.definedTypeAt(t, offset);
  checkPrim(scope, t, offset);
  return inlinePrim(t);
}

/** A `defvaltype` definition. */
export function defValType(scope: Scope, ast: DefValTypeAst, offset: number): DefT {
  const f = scope.features;
  let info: Info = NEW_INFO;
  const sub = (t: ValTypeAst): DefT => {
    const v = valType(scope, t, offset);
    info = combine(info, valInfo(v), offset);
    return v;
  };
  let out: DefT;
  switch (ast.kind) {
    case 'record': {
      if (ast.fields.length === 0) fail('record type must have at least one field', offset);
      const seen = new Map<string, string>();
      const fields = ast.fields.map((fl) => {
        kebab(fl.label, 'record field', offset);
        const type = valType(scope, fl.type, offset);
        const prev = seen.get(fl.label.toLowerCase());
        if (prev !== undefined) fail(`record field name \`${fl.label}\` conflicts with previous field name \`${prev}\``, offset);
        seen.set(fl.label.toLowerCase(), fl.label);
        info = combine(info, valInfo(type), offset);
        return { label: fl.label, type };
      });
      out = { kind: 'record', fields };
      break;
    }
    case 'variant': {
      if (ast.cases.length === 0) fail('variant type must have at least one case', offset);
      const seen = new Map<string, string>();
      const cases = ast.cases.map((c) => {
        kebab(c.label, 'variant case', offset);
        const type = c.type === undefined ? undefined : valType(scope, c.type, offset);
        const prev = seen.get(c.label.toLowerCase());
        if (prev !== undefined) fail(`variant case name \`${c.label}\` conflicts with previous case name \`${prev}\``, offset);
        seen.set(c.label.toLowerCase(), c.label);
        if (type) info = combine(info, valInfo(type), offset);
        return { label: c.label, type };
      });
      out = { kind: 'variant', cases };
      break;
    }
    case 'list': {
      if (ast.length === undefined) {
        out = { kind: 'list', elem: sub(ast.elem) };
        break;
      }
      if (!f.fixedLengthLists) fail('Fixed-length lists require the component model fixed-length lists feature', offset);
      if (ast.length < 1) fail('Fixed-length lists must have more than zero elements', offset);
      if (ast.length > MAX_FIXED_LENGTH_LIST) fail(`fixed-length list element count exceeds limit of ${MAX_FIXED_LENGTH_LIST}`, offset);
      out = { kind: 'list', elem: sub(ast.elem), length: ast.length };
      break;
    }
    case 'map': {
      if (!f.map) fail('Maps require the component model map feature', offset);
      const key = sub(ast.key);
      const value = sub(ast.value);
      out = { kind: 'map', key, value };
      break;
    }
    case 'tuple':
      if (ast.types.length === 0) fail('tuple type must have at least one type', offset);
      out = { kind: 'tuple', types: ast.types.map(sub) };
      break;
    case 'flags': {
      if (ast.labels.length === 0) fail('flags must have at least one entry', offset);
      if (ast.labels.length > 32) fail('cannot have more than 32 flags', offset);
      labels(ast.labels, 'flag', 'flag name', 'flag name', offset);
      out = { kind: 'flags', labels: [...ast.labels] };
      break;
    }
    case 'enum': {
      if (ast.labels.length === 0) fail('enum type must have at least one variant', offset);
      labels(ast.labels, 'enum tag', 'enum tag name', 'tag name', offset);
      out = { kind: 'enum', labels: [...ast.labels] };
      break;
    }
    case 'option':
      out = { kind: 'option', type: sub(ast.type) };
      break;
    case 'result': {
      const ok = ast.ok === undefined ? undefined : sub(ast.ok);
      const err = ast.err === undefined ? undefined : sub(ast.err);
      out = { kind: 'result', ok, err };
      break;
    }
    case 'own':
      out = { kind: 'own', resource: scope.resourceAt(ast.type, offset) };
      break;
    case 'borrow':
      out = { kind: 'borrow', resource: scope.resourceAt(ast.type, offset) };
      info = BORROW_INFO;
      break;
    case 'future':
    case 'stream': {
      if (!f.async) fail(`\`${ast.kind}\` requires the component model async feature`, offset);
      const elem = ast.elem === undefined ? undefined : sub(ast.elem);
      if (ast.kind === 'stream' && elem?.kind === 'char') {
        fail('`stream<char>` is not valid at this time, use `stream<u8>` with a defined by encoding instead for now', offset);
      }
      out = { kind: ast.kind, elem };
      break;
    }
    default:
      checkPrim(scope, ast.kind, offset);
      out = { kind: ast.kind };
  }
  if (info.depth > MAX_TYPE_DEPTH) fail('type nesting is too deep', offset);
  setDefinedInfo(out, info);
  if (elemSize(out) >= MAX_ELEM_SIZE) fail(`type's element size ${elemSize(out)} exceeds maximum byte size of ${MAX_ELEM_SIZE - 1}`, offset);
  return out;
}

function labels(ls: readonly string[], what: string, desc: string, prevDesc: string, offset: number): void {
  const seen = new Map<string, string>();
  for (const l of ls) {
    kebab(l, what, offset);
    const prev = seen.get(l.toLowerCase());
    if (prev !== undefined) fail(`${desc} \`${l}\` conflicts with previous ${prevDesc} \`${prev}\``, offset);
    seen.set(l.toLowerCase(), l);
  }
}

/** A `functype` definition. */
export function funcType(scope: Scope, ast: FuncTypeAst, offset: number): FuncT {
  if (ast.async && !scope.features.async) fail('async component functions require the component model async feature', offset);
  let info: Info = NEW_INFO;
  const seen = new Map<string, string>();
  const params = ast.params.map((p) => {
    kebab(p.name, 'function parameter', offset);
    const prev = seen.get(p.name.toLowerCase());
    if (prev !== undefined) fail(`function parameter name \`${p.name}\` conflicts with previous parameter name \`${prev}\``, offset);
    seen.set(p.name.toLowerCase(), p.name);
    const type = valType(scope, p.type, offset);
    info = combine(info, valInfo(type), offset);
    return { name: p.name, type };
  });
  let result: DefT | undefined;
  if (ast.result !== undefined) {
    result = valType(scope, ast.result, offset);
    if (valInfo(result).borrow) fail('function result cannot contain a `borrow` type', offset);
    info = combine(info, valInfo(result), offset);
  }
  return { t: 'func', params, result, async: ast.async, info };
}
