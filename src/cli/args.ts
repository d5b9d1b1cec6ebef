// Command-line options of `purewasm run` and `purewasm invoke`, in wasmtime's style:
//   run [--invoke CALL] [--dir HOST[::GUEST]]... [--env NAME[=VALUE]]... [--verbose]
//       [--fuel N] [--timeout MS] [--max-memory-pages N] [--max-call-depth N] FILE [--] [ARGS...]
// The limits (src/core/exec/limits.ts) apply to the guest's instance: fuel in instructions,
// a timeout in ms for the whole run, pages per memory, nested calls.
// Options come before the file; everything after it (an optional `--` first) goes to the guest.
// `--opt=value` and `--opt value` are both accepted.

import { UsageError } from './errors.js';

export interface Preopen {
  readonly host: string;
  readonly guest: string;
}

export interface RunArgs {
  readonly file: string;
  readonly invoke: readonly string[];
  readonly dirs: readonly Preopen[];
  readonly env: readonly (readonly [string, string])[];
  readonly guestArgs: readonly string[];
  readonly verbose: boolean;
  /** Resource limits given with --fuel, --timeout, --max-memory-pages, --max-call-depth. */
  readonly limits: Readonly<Record<string, number>> | undefined;
}

const LIMIT_OPTIONS: Readonly<Record<string, string>> = {
  '--fuel': 'fuel', '--timeout': 'timeout', '--max-memory-pages': 'maxMemoryPages', '--max-call-depth': 'maxCallDepth',
};
const WITH_VALUE = new Set(['--invoke', '--dir', '--env', ...Object.keys(LIMIT_OPTIONS)]);

/**
 * Parses options up to the file. `positionalCalls`: the words after the file are calls to make
 * (`purewasm invoke FILE CALL...`) rather than guest arguments.
 */
export function parseRunArgs(argv: readonly string[], env: NodeJS.ProcessEnv, positionalCalls = false): RunArgs {
  const invoke: string[] = [];
  const dirs: Preopen[] = [];
  const vars: [string, string][] = [];
  const limits: Record<string, number> = {};
  let verbose = false;
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') { i++; break; }
    if (!a.startsWith('-') || a === '-') break;
    const eq = a.indexOf('=');
    const name = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    if (name === '--verbose' || name === '-v') { verbose = true; continue; }
    if (!WITH_VALUE.has(name)) throw new UsageError(`unknown option ${name}`);
    let value: string;
    if (eq > 0 && a.startsWith('--')) value = a.slice(eq + 1);
    else {
      if (i + 1 >= argv.length) throw new UsageError(`${name} needs a value`);
      value = argv[++i]!;
    }
    const limit = LIMIT_OPTIONS[name];
    if (limit !== undefined) limits[limit] = parseCount(name, value);
    else if (name === '--invoke') invoke.push(value);
    else if (name === '--dir') dirs.push(parseDir(value));
    else vars.push(parseEnv(value, env));
  }
  const file = argv[i];
  if (file === undefined) throw new UsageError('missing the .wasm file');
  let rest = argv.slice(i + 1);
  if (rest[0] === '--') rest = rest.slice(1);
  if (positionalCalls) {
    invoke.push(...rest);
    rest = [];
  }
  return { file, invoke, dirs, env: vars, guestArgs: rest, verbose, limits: Object.keys(limits).length > 0 ? limits : undefined };
}

/** A limit's value: a non-negative integer (underscores allowed, as in 10_000_000). */
function parseCount(name: string, v: string): number {
  const t = v.replace(/_/g, '');
  if (!/^\d+$/.test(t) || !Number.isSafeInteger(Number(t))) throw new UsageError(`${name} ${v}: expected a non-negative integer`);
  return Number(t);
}

function parseDir(v: string): Preopen {
  const sep = v.indexOf('::');
  const host = sep < 0 ? v : v.slice(0, sep);
  const guest = sep < 0 ? v : v.slice(sep + 2);
  if (host === '' || guest === '') throw new UsageError(`--dir ${v}: expected HOST_DIR or HOST_DIR::GUEST_DIR`);
  return { host, guest };
}

function parseEnv(v: string, env: NodeJS.ProcessEnv): [string, string] {
  const eq = v.indexOf('=');
  if (eq === 0) throw new UsageError(`--env ${v}: expected NAME=VALUE or NAME`);
  if (eq > 0) return [v.slice(0, eq), v.slice(eq + 1)];
  // `--env NAME` passes the host's value through, as wasmtime does.
  const inherited = env[v];
  if (inherited === undefined) throw new UsageError(`--env ${v}: no such variable in this environment (write ${v}=VALUE)`);
  return [v, inherited];
}
