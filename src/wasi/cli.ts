// The `wasi:cli` interfaces a command imports. Spec: WASI 0.2 wasi-cli environment.wit
// (`get-environment`, `get-arguments`, `initial-cwd`), exit.wit (`exit(status: result)`,
// `exit-with-code(status-code: u8)` — unstable, offered too), stdio.wit (`get-stdin`,
// `get-stdout`, `get-stderr`) and terminal.wit (`terminal-input`/`terminal-output` resources
// without methods; `get-terminal-std*` return one only when the stream is a terminal).
//
// Each get-std* call returns a new stream object over the one shared source/sink: the guest may
// drop each handle it receives, and dropping one must not end standard output for the others.

import type { WasiContext } from './context.js';
import { WasiExit } from './exit.js';
import { InputStream, OutputStream } from './io/streams.js';

export class TerminalInput {}
export class TerminalOutput {}

export function cliInterfaces(cx: WasiContext): Record<string, object> {
  return {
    'wasi:cli/environment': {
      getEnvironment: (): [string, string][] => cx.env.map(([k, v]) => [k, v]),
      getArguments: (): string[] => [...cx.args],
      initialCwd: (): string | undefined => cx.cwd,
    },
    'wasi:cli/exit': {
      exit(status: { tag: 'ok' | 'err' }): never {
        throw new WasiExit(status?.tag === 'ok' ? 0 : 1);
      },
      exitWithCode(statusCode: number): never {
        throw new WasiExit(statusCode);
      },
    },
    'wasi:cli/stdin': { getStdin: () => new InputStream(cx.stdin) },
    'wasi:cli/stdout': { getStdout: () => new OutputStream(cx.stdout) },
    'wasi:cli/stderr': { getStderr: () => new OutputStream(cx.stderr) },
    'wasi:cli/terminal-input': { TerminalInput },
    'wasi:cli/terminal-output': { TerminalOutput },
    'wasi:cli/terminal-stdin': { getTerminalStdin: () => (cx.terminal.stdin ? new TerminalInput() : undefined) },
    'wasi:cli/terminal-stdout': { getTerminalStdout: () => (cx.terminal.stdout ? new TerminalOutput() : undefined) },
    'wasi:cli/terminal-stderr': { getTerminalStderr: () => (cx.terminal.stderr ? new TerminalOutput() : undefined) },
  };
}
