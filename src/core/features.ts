// WebAssembly feature set. Spec: WebAssembly Core 3.0 includes all of these except the
// proposals listed last (threads, wide-arithmetic, custom-page-sizes), which are still
// proposals; we support them and enable them by default as wasmtime does for the ones it ships.

export const FEATURES = [
  'mvp',
  'mutable-globals',
  'sign-ext',
  'sat-conv',
  'multi-value',
  'bulk-memory',
  'reference-types',
  'simd',
  'relaxed-simd',
  'tail-call',
  'extended-const',
  'multi-memory',
  'memory64',
  'exceptions',
  'legacy-exceptions',
  'function-references',
  'gc',
  'threads',
  'wide-arithmetic',
  'custom-page-sizes',
] as const;

export type Feature = (typeof FEATURES)[number];

export type FeatureSet = Readonly<Record<Feature, boolean>>;

/** All features on (the default), or all on but those set to false in `overrides`. */
export function makeFeatures(overrides: Partial<Record<Feature, boolean>> = {}): FeatureSet {
  const f = {} as Record<Feature, boolean>;
  for (const name of FEATURES) f[name] = overrides[name] ?? true;
  f.mvp = true;
  return Object.freeze(f);
}

export const DEFAULT_FEATURES: FeatureSet = makeFeatures();
