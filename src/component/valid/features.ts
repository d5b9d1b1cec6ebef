// Feature gates of the component validator. Spec: component-model design/mvp/Explainer.md
// §"Gated Features" (🪙 values, 🔀 async, 🚟 stackful async, 🚝 more async builtins, 🧵 threading,
// 📝 error-context, 🔧 fixed-length lists, 🗺️ map, 🐘 64-bit, 🪺 nested names, 🏷️ implements,
// 🔗 canonical names, 🛸 GC). Defaults follow wasm-tools' `WasmFeatures::default()` (what
// `wasm-tools wast` validates with when given no `-f` flags): of the component gates only 🔀 async
// is on; core features as wasm-tools (all but custom-page-sizes, legacy exceptions and
// shared-everything-threads: component/binary's COMPONENT_CORE_FEATURES).

import type { ComponentFeatures } from '../api.js';
import { makeFeatures, FEATURES, type Feature, type FeatureSet } from '../../core/features.js';
import { COMPONENT_CORE_FEATURES, COMPONENT_CORE_OVERRIDES } from '../binary/decode.js';

export interface ResolvedFeatures {
  readonly values: boolean;
  readonly async: boolean;
  readonly asyncStackful: boolean;
  readonly moreAsyncBuiltins: boolean;
  readonly threading: boolean;
  readonly errorContext: boolean;
  readonly fixedLengthLists: boolean;
  readonly map: boolean;
  readonly cm64: boolean;
  readonly nestedNames: boolean;
  readonly implements: boolean;
  readonly canonNames: boolean;
  readonly gc: boolean;
  readonly sharedEverythingThreads: boolean;
  /** Features for the core modules inside the component. */
  readonly core: FeatureSet;
}

/** The defaults, as a ComponentFeatures value (wasm-tools flag names in brackets). */
export const DEFAULT_COMPONENT_FEATURES: ComponentFeatures = Object.freeze({
  values: false, // cm-values
  async: true, // cm-async
  errorContext: false, // cm-error-context
  fixedLengthLists: false, // cm-fixed-length-lists
  map: false, // cm-map
  nestedNames: false, // cm-nested-names
  implements: false, // cm-implements
  'cm-async-stackful': false,
  'cm-more-async-builtins': false,
  'cm-threading': false,
  cm64: false,
  'cm-canon-names': false,
  'cm-gc': false,
  'shared-everything-threads': false,
});

/** Resolves user flags (camelCase names or wasm-tools' `cm-*` names) over the defaults. */
export function resolveFeatures(f: ComponentFeatures = {}): ResolvedFeatures {
  const get = (def: boolean, ...names: string[]): boolean => {
    for (const n of names) {
      const v = f[n];
      if (v !== undefined) return v;
    }
    return def;
  };
  const coreOverrides: Partial<Record<Feature, boolean>> = { ...COMPONENT_CORE_OVERRIDES };
  let overridden = false;
  for (const name of FEATURES) {
    const v = f[name];
    if (v !== undefined) {
      coreOverrides[name] = v;
      overridden = true;
    }
  }
  return {
    values: get(false, 'values', 'cm-values'),
    async: get(true, 'async', 'cm-async'),
    asyncStackful: get(false, 'asyncStackful', 'cm-async-stackful'),
    moreAsyncBuiltins: get(false, 'moreAsyncBuiltins', 'cm-more-async-builtins'),
    threading: get(false, 'threading', 'cm-threading'),
    errorContext: get(false, 'errorContext', 'cm-error-context'),
    fixedLengthLists: get(false, 'fixedLengthLists', 'cm-fixed-length-lists'),
    map: get(false, 'map', 'cm-map'),
    cm64: get(false, 'cm64'),
    nestedNames: get(false, 'nestedNames', 'cm-nested-names'),
    implements: get(false, 'implements', 'cm-implements'),
    canonNames: get(false, 'canonNames', 'cm-canon-names'),
    gc: get(false, 'cmGc', 'cm-gc'),
    sharedEverythingThreads: get(false, 'sharedEverythingThreads', 'shared-everything-threads'),
    // The shared object when no core feature is given: the decoder's modules are reused as is.
    core: overridden ? makeFeatures(coreOverrides) : COMPONENT_CORE_FEATURES,
  };
}
