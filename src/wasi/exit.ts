// `wasi:cli/exit` (WASI 0.2 wasi-cli exit.wit: "Exit the current instance and any linked
// instances") and preview1 `proc_exit` (legacy/preview1 witx: "Terminate the process normally").
// The host stops the guest by throwing WasiExit through it; the runner (run.ts, preview1 start)
// catches it and turns it into the exit code. It is an Error without a `payload` property, so the
// component runtime propagates it instead of turning it into an `err` value.

export class WasiExit extends Error {
  /** The exit status: 0 for success; 1 for `exit(err)`; the code given to `exit-with-code`/`proc_exit`. */
  readonly code: number;
  constructor(code: number) {
    super(`the guest exited with code ${code}`);
    this.code = code;
  }
}
Object.defineProperty(WasiExit.prototype, 'name', { value: 'WasiExit', writable: true, configurable: true });
