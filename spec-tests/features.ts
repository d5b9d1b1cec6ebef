// Feature sets that particular test directories assume. Proposal repositories test their
// proposal against the Wasm version they forked from, not against Wasm 3.0: the threads
// repository predates reference-types and multi-memory, so it expects "multiple tables" and
// "multiple memories" to be invalid. Those files are compiled with the features they assume.

export type FeatureOverrides = Readonly<Record<string, boolean>>;

const BY_PREFIX: readonly [string, FeatureOverrides][] = [
  ['proposals/threads/', { 'multi-memory': false, 'reference-types': false }],
];

/** Feature overrides for a suite-relative path, or undefined for the defaults (everything on). */
export function featuresFor(file: string): FeatureOverrides | undefined {
  const f = file.split('\\').join('/');
  for (const [prefix, features] of BY_PREFIX) if (f.startsWith(prefix)) return features;
  return undefined;
}
