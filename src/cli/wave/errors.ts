// Errors of the WAVE parser and printer. Spec: wasm-tools crates/wasm-wave/README.md (WAVE, the
// WebAssembly Value Encoding). A WaveError carries the byte span of the offending text, in the
// spirit of wasm-wave's `ParserError` ("<kind> at <start>..<end>"), and renders it for one line of
// terminal output with the position as a column.

export class WaveError extends Error {
  /** [start, end) in UTF-16 code units of the source text (undefined when printing a value). */
  readonly span: readonly [number, number] | undefined;
  constructor(message: string, span?: readonly [number, number]) {
    super(message);
    this.span = span;
  }

  /** One line: the message, and where in `source` it happened. */
  describe(source?: string): string {
    if (this.span === undefined || source === undefined) return this.message;
    const [start, end] = this.span;
    const shown = source.length > 60 ? `${source.slice(0, 57)}...` : source;
    const at = end > start + 1 ? `columns ${start + 1}-${end}` : `column ${start + 1}`;
    return `${this.message} at ${at} of ${JSON.stringify(shown)}`;
  }
}
Object.defineProperty(WaveError.prototype, 'name', { value: 'WaveError', writable: true, configurable: true });
