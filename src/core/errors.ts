// Error classes of the core engine. Spec: WebAssembly JS API §"Error Objects" names the three
// kinds (CompileError, LinkError, RuntimeError); the core spec calls them "malformed"/"invalid"
// (decode/validation), link failure, and trap. Messages use the spec test suite's wording and end
// with the absolute byte offset where one is known: "unexpected end (at offset 0x1f)".

export class CompileError extends Error {
  /** Absolute byte offset in the module's bytes, or -1 when none applies. */
  readonly offset: number;
  /** The message without the offset suffix (the spec test suite's wording). */
  readonly reason: string;
  /**
   * `offsetOrOptions`: the byte offset (the engine's own use), or an options bag with `cause`
   * (as for any Error constructed from JS: `new CompileError(msg, { cause })` through the JS API).
   */
  constructor(reason?: string, offsetOrOptions?: number | { cause?: unknown }) {
    const offset = typeof offsetOrOptions === 'number' ? offsetOrOptions : -1;
    const text = reason === undefined ? '' : String(reason);
    super(offset >= 0 ? `${text} (at offset 0x${offset.toString(16)})` : text,
      typeof offsetOrOptions === 'object' ? offsetOrOptions : undefined);
    this.reason = text;
    this.offset = offset;
  }
}
Object.defineProperty(CompileError.prototype, 'name', { value: 'CompileError', writable: true, configurable: true });

export class LinkError extends Error {}
Object.defineProperty(LinkError.prototype, 'name', { value: 'LinkError', writable: true, configurable: true });

export class RuntimeError extends Error {}
Object.defineProperty(RuntimeError.prototype, 'name', { value: 'RuntimeError', writable: true, configurable: true });
