// The purewasm command line. Commands: validate, inspect, wit, invoke, run (see USAGE).
// Failures are one line on stderr (`purewasm: …`) with exit status 1 (2 for wrong usage); with
// --verbose the stack trace follows. The CLI uses the public API (index.ts) only.

import { readFileSync, writeFileSync } from 'node:fs';
import { CompileError, WebAssembly as PureWasm, compileComponent, composeComponents } from '../index.js';
import { parseRunArgs } from './args.js';
import { CliError, describeError, UsageError } from './errors.js';
import { loadComponent, readWasm } from './load.js';
import { run, type Io } from './run.js';
import { defaultWasi, type WasiApi } from './wasi.js';

const USAGE = `usage: purewasm <command> [args]
  validate <file.wasm>...          decode and validate core modules or components
  inspect <file.wasm>              print the imports and exports of a module or component
  wit <component.wasm>             print a component's type as WIT
  compose <consumer.wasm> <provider.wasm> -o <out.wasm>
                                   plug the provider's exports into the consumer's imports
  invoke [options] <component.wasm> '<name>(<args>)'...
                                   call exported functions, arguments and results in WAVE
  run [options] <file.wasm> [--] [args...]
                                   run a WASI command (component, or core module with preview1)
options of run and invoke:
  --invoke '<name>(<args>)'        (run) call a function instead of running the command
  --dir HOST[::GUEST]              let the guest use directory HOST (as GUEST)
  --env NAME=VALUE | NAME          set an environment variable of the guest
  --fuel N                         stop the guest after about N wasm instructions ("fuel exhausted")
  --timeout MS                     stop the guest after MS milliseconds ("deadline exceeded")
  --max-memory-pages N             cap each memory of the guest at N pages of 64 KiB
  --max-call-depth N               cap nested wasm calls at N
  --verbose                        show stack traces of errors
functions are named 'f' (world), 'ns:pkg/iface#f', 'ns:pkg/iface@1.0.0#f' or 'iface.f'`;

// Through console (which writes synchronously to files and pipes on POSIX) so that callers that
// capture console output in-process see it; every text given ends with a newline.
const processIo: Io = {
  out: (s) => { console.log(s.endsWith('\n') ? s.slice(0, -1) : s); },
  err: (s) => { console.error(s.endsWith('\n') ? s.slice(0, -1) : s); },
};

function validate(files: readonly string[], io: Io): number {
  if (files.length === 0) throw new UsageError('validate: missing the .wasm file');
  for (const file of files) {
    let bytes: Uint8Array;
    let kind: 'module' | 'component';
    try {
      ({ bytes, kind } = readWasm(file));
    } catch (e) {
      // not WebAssembly: let the decoder say what is wrong (with the offset)
      if (!(e instanceof CliError) || e.message.startsWith('cannot read')) throw e;
      [bytes, kind] = [readFileSync(file), 'module'];
    }
    try {
      if (kind === 'component') compileComponent(bytes);
      else new PureWasm.Module(bytes);
    } catch (e) {
      if (e instanceof CompileError) throw new CliError(`${file}: ${e.message}`);
      throw e;
    }
    io.out(`${file}: valid ${kind}\n`);
  }
  return 0;
}

function inspect(files: readonly string[], io: Io): number {
  if (files.length !== 1) throw new UsageError('inspect: expected one .wasm file');
  const f = readWasm(files[0]!);
  if (f.kind === 'component') {
    const c = compileComponent(f.bytes);
    for (const [name, d] of c.imports) io.out(`import ${d.kind} "${name}"\n`);
    for (const [name, d] of c.exports) io.out(`export ${d.kind} "${name}"\n`);
    return 0;
  }
  const m = new PureWasm.Module(f.bytes);
  for (const i of PureWasm.Module.imports(m)) io.out(`import ${i.kind} "${i.module}" "${i.name}"\n`);
  for (const e of PureWasm.Module.exports(m)) io.out(`export ${e.kind} "${e.name}"\n`);
  return 0;
}

function wit(files: readonly string[], io: Io): number {
  if (files.length !== 1) throw new UsageError('wit: expected one component file');
  const c = loadComponent(files[0]!, 'wit');
  let text: string;
  try {
    text = c.wit();
  } catch (e) {
    // a valid component whose type WIT cannot express (wit-component refuses these too)
    if (e instanceof TypeError) throw new CliError(`${files[0]}: ${e.message}`);
    throw e;
  }
  io.out(text);
  return 0;
}

function compose(args: readonly string[], io: Io): number {
  const o = args.indexOf('-o');
  if (o < 0 || o + 1 >= args.length) throw new UsageError('compose: missing -o <out.wasm>');
  const out = args[o + 1]!;
  const inputs = args.filter((_, i) => i !== o && i !== o + 1);
  const bad = inputs.find((a) => a.startsWith('-') && a !== '--verbose');
  if (bad !== undefined) throw new UsageError(`unknown option ${bad}`);
  const files = inputs.filter((a) => a !== '--verbose');
  if (files.length !== 2) throw new UsageError('compose: expected the consumer and the provider component');
  const bytes = composeComponents(readWasm(files[0]!).bytes, readWasm(files[1]!).bytes);
  writeFileSync(out, bytes);
  io.out(`wrote ${out} (${bytes.length} bytes)\n`);
  return 0;
}

/**
 * Runs the command line `argv` (without node and the script); returns the exit status. `io`,
 * `env` and `wasi` (the WASI host) are the process's unless given.
 */
export function main(argv: readonly string[], io: Io = processIo, env: NodeJS.ProcessEnv = process.env,
  wasi: WasiApi = defaultWasi): number {
  let verbose = argv[0] === '--verbose';
  const [cmd, ...args] = verbose ? argv.slice(1) : argv;
  // validate, inspect and wit take only files: --verbose may be among them
  const files = (): string[] => {
    verbose ||= args.includes('--verbose');
    const bad = args.find((a) => a.startsWith('-') && a !== '--verbose');
    if (bad !== undefined) throw new UsageError(`unknown option ${bad}`);
    return args.filter((a) => a !== '--verbose');
  };
  try {
    switch (cmd) {
      case 'validate': return validate(files(), io);
      case 'inspect': return inspect(files(), io);
      case 'wit': return wit(files(), io);
      case 'compose': verbose ||= args.includes('--verbose'); return compose(args, io);
      case 'invoke': {
        const a = parseRunArgs(args, env, true);
        verbose ||= a.verbose;
        if (a.invoke.length === 0) throw new UsageError("invoke: missing the call, e.g. 'add(1, 2)'");
        return run(a, io, wasi);
      }
      case 'run': {
        const a = parseRunArgs(args, env);
        verbose ||= a.verbose;
        return run(a, io, wasi);
      }
      case undefined: case '-h': case '--help': case 'help':
        io.out(`${USAGE}\n`);
        return 0;
      default:
        throw new UsageError(`unknown command \`${cmd}\``);
    }
  } catch (e) {
    const hint = e instanceof UsageError ? ' (purewasm --help shows the usage)' : '';
    io.err(`purewasm: ${describeError(e)}${hint}\n`);
    if (verbose && e instanceof Error && e.stack !== undefined) io.err(`${e.stack}\n`);
    return e instanceof CliError ? e.exitCode : 1;
  }
}
