// The component validator's entry point and its output for the runtime. Spec: component-model
// design/mvp/Explainer.md (validation of every definition kind), Binary.md's validation notes and
// CanonicalABI.md §"Canonical Definitions"; errors are CompileErrors carrying the absolute byte
// offset of the offending definition, worded like wasm-tools' validator (which the reference test
// suites quote).
//
// OUTPUT CONTRACT (what component/runtime builds on; plain data, nothing to re-derive):
//
//   validateComponent(ast, features) → ValidatedComponent, for the top-level component and, via
//   `defs[i].component`, every nested one. For each component:
//   - `defs[i]` describes `ast.definitions[i]`: `added` lists, in order, each (index space, index)
//     the definition appended to (an `(export ...)` adds the new index it introduces; a core type
//     rec group adds one entry per type). Kind-specific results:
//       core-module → `module` (the compiled core Module, reuse it instead of recompiling);
//       component   → `component` (the nested ValidatedComponent);
//       instance    → `instance` (the instance's exports as ExternDesc) and, for `instantiate`,
//                     `resourceMap`: each resource the instantiated component imports → the
//                     resource supplied for it, and each it defines → the fresh resource of this
//                     instantiation (all as this component's ResourceIds);
//       type / alias of a type / import or export of a type → `type` (the ResolvedType);
//       canon       → `canon` (CanonInfo: func type + options of lift/lower, the ResourceId of
//                     resource.new/drop/rep, the core signature of every core function made);
//       import / export → `name` and `desc` (ExternDesc of the item as imported/exported);
//       value 🪙    → `value` (the decoded value) and `type`.
//   - `types[i]`: the ResolvedType at type index i; `funcs[i]`: the FuncType of component func i;
//     `coreFuncs[i]`: the core signature of core func i; `values[i]`: the type of value i.
//   - `imports` / `exports`: ExternDesc per name, in definition order. Type imports/exports are
//     TypeExternDescs (`resolved` holds the ResolvedType, including the ResourceId).
//   - `resources`: the resources this component defines itself (`(type (resource ...))`) in
//     order; their ResourceId.defined holds rep and dtor. Abstract ResourceIds (imports, exports of
//     nested instances) are shared objects: equal identity ⇔ same resource type.
//
//   Core function bodies are validated last: an error inside one is thrown only when the rest of
//   the component is valid (wasm-tools' order, which the test suites' messages depend on).

import type { ComponentFeatures, ExternDesc } from '../api.js';
import type { ComponentAst, DecodedValue } from '../binary/ast.js';
import type { CompileError } from '../../core/errors.js';
import type { Module } from '../../core/module.js';
import type { ValType as CoreValType } from '../../core/types.js';
import type { FuncType, ResourceId, ValType } from '../types.js';
import type { CanonOptions } from './canon.js';
import { Validator, type ComponentResult, type DefResult } from './component.js';
import { CoreArena } from './core-types.js';
import { resolveFeatures, type ResolvedFeatures } from './features.js';
import { toDescs, toExternDesc, toFuncType, toResolved, toValType, type ResolvedType } from './output.js';
import type { Space } from './scope.js';
import { Subtyper } from './subtype.js';

export { DEFAULT_COMPONENT_FEATURES, resolveFeatures, type ResolvedFeatures } from './features.js';
export type { ResolvedType, TypeExternDesc } from './output.js';
export type { Space } from './scope.js';

export interface CoreSignature { readonly params: readonly CoreValType[]; readonly results: readonly CoreValType[] }

/** Resolved canonical options; `memory.addr` is the memory's address type (i32, or i64 with 🐘). */
export type ResolvedCanonOptions = Omit<CanonOptions, 'coreType'>;

export interface CanonInfo {
  /** lift: the lifted function's type; lower: the lowered function's type. */
  readonly func?: FuncType | undefined;
  readonly options?: ResolvedCanonOptions | undefined;
  /** resource.new / resource.drop / resource.rep. */
  readonly resource?: ResourceId | undefined;
  /** The stream/future type of stream/future built-ins; task.return's result type. */
  readonly valType?: ValType | undefined;
  /** Core signature of the core function the definition creates (lift: of the callee). */
  readonly core?: CoreSignature | undefined;
}

export interface DefInfo {
  readonly added: readonly { readonly space: Space; readonly index: number }[];
  readonly module?: Module | undefined;
  readonly component?: ValidatedComponent | undefined;
  readonly instance?: ReadonlyMap<string, ExternDesc> | undefined;
  readonly resourceMap?: ReadonlyMap<ResourceId, ResourceId> | undefined;
  readonly type?: ResolvedType | undefined;
  readonly canon?: CanonInfo | undefined;
  readonly name?: string | undefined;
  readonly desc?: ExternDesc | undefined;
  /** 🪙 value definitions: the decoded value. */
  readonly value?: DecodedValue | undefined;
}

export interface ValidatedComponent {
  readonly ast: ComponentAst;
  readonly defs: readonly DefInfo[];
  readonly types: readonly ResolvedType[];
  readonly funcs: readonly FuncType[];
  readonly coreFuncs: readonly CoreSignature[];
  readonly values: readonly ValType[];
  readonly imports: ReadonlyMap<string, ExternDesc>;
  readonly exports: ReadonlyMap<string, ExternDesc>;
  readonly resources: readonly ResourceId[];
}

/** Validates a decoded component; throws CompileError (with the absolute offset) if invalid. */
export function validateComponent(ast: ComponentAst, features?: ComponentFeatures | ResolvedFeatures): ValidatedComponent {
  const f = features !== undefined && 'core' in features && typeof features.core === 'object'
    ? features as ResolvedFeatures : resolveFeatures(features as ComponentFeatures | undefined);
  const arena = new CoreArena();
  const deferred: CompileError[] = [];
  const v = new Validator({ features: f, arena, sub: new Subtyper(arena), deferred });
  const result = v.component(ast);
  if (deferred.length > 0) throw deferred[0]!;
  return convert(result, arena);
}

function convert(r: ComponentResult, arena: CoreArena): ValidatedComponent {
  const sig = (i: number): CoreSignature => {
    const ft = arena.funcOf(i);
    return ft ? { params: ft.params, results: ft.results } : { params: [], results: [] };
  };
  const defs = r.defs.map((d: DefResult): DefInfo => {
    const c = d.canon;
    let canon: CanonInfo | undefined;
    if (c !== undefined) {
      let options: ResolvedCanonOptions | undefined;
      if (c.options) {
        const { coreType: _ignored, ...rest } = c.options;
        void _ignored;
        options = rest;
      }
      canon = {
        func: c.func && toFuncType(c.func), options, resource: c.resource,
        valType: c.valType && toValType(c.valType), core: c.coreType === undefined ? undefined : sig(c.coreType),
      };
    }
    return {
      added: d.added,
      module: d.module,
      component: d.component && convert(d.component, arena),
      instance: d.instance && toDescs(d.instance.exports),
      resourceMap: d.resourceMap,
      type: d.type && toResolved(d.type),
      canon,
      name: d.name,
      desc: d.entity && toExternDesc(d.entity),
      value: d.value,
    };
  });
  const s = r.scope;
  const resources: ResourceId[] = [];
  for (const t of s.types) if ('t' in t && t.t === 'resource' && t.rid.defined && !resources.includes(t.rid) && s.definedResources.get(t.rid) !== undefined) resources.push(t.rid);
  return {
    ast: r.ast,
    defs,
    types: s.types.map(toResolved),
    funcs: s.funcs.map(toFuncType),
    coreFuncs: s.coreFuncs.map(sig),
    values: s.values.map((v) => toValType(v.type)),
    imports: toDescs(r.type.imports),
    exports: toDescs(r.type.exports),
    resources,
  };
}
