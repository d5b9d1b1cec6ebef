// The names under which a WASI 0.2 host is looked up. Spec: component-model Explainer.md
// §"Import and Export Definitions" (an interface name is `ns:pkg/iface@version`); jco and
// purewasm accept the name with or without the version, and look only at own properties, so the
// host's object carries every key itself (no Proxy): the unversioned name and each 0.2.x release
// the toolchains produce (WebAssembly/WASI tags v0.2.0 … v0.2.12; jco 1.35's adapter uses 0.2.12).

/** The WASI 0.2 releases whose interface names the host answers to. */
export const WASI_P2_VERSIONS: readonly string[] = Array.from({ length: 13 }, (_, i) => `0.2.${i}`);

/** Every key of an unversioned interface name (`wasi:cli/stdout`, `wasi:cli/stdout@0.2.0`, …). */
export function interfaceKeys(name: string, versions: readonly string[] = WASI_P2_VERSIONS): string[] {
  return [name, ...versions.map((v) => `${name}@${v}`)];
}

/** An import object with each interface under all its keys (the same object under each). */
export function withVersions(interfaces: Record<string, object>, versions: readonly string[] = WASI_P2_VERSIONS): Record<string, object> {
  const out: Record<string, object> = {};
  for (const [name, obj] of Object.entries(interfaces)) {
    for (const key of interfaceKeys(name, versions)) {
      Object.defineProperty(out, key, { value: obj, enumerable: true, writable: true, configurable: true });
    }
  }
  return out;
}
