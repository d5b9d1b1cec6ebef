// The host's own WebAssembly (V8), used by tests as the oracle; typed by hand because the
// project's TypeScript lib has no DOM types.
export const HostWasm = (globalThis as unknown as {
  WebAssembly: {
    instantiate(bytes: Uint8Array): Promise<{ instance: { exports: Record<string, unknown> } }>;
    validate(bytes: Uint8Array): boolean;
    RuntimeError: new () => Error;
  };
}).WebAssembly;
