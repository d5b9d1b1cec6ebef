// Calling component exports from the command line: each call is WAVE text `name(args)`, checked
// against the export's type before anything runs; the results are printed as WAVE, one line per
// call (nothing for a function without a result). A `result` return prints `ok(…)` or `err(…)`
// (jco's API throws the error case as a ComponentError; here it is a value like any other).
// Spec: wasm-tools crates/wasm-wave/README.md §"Appendix: Function calls"; wasmtime's
// `run --invoke` for the behaviour.

import { ComponentError, type Component, type ComponentFuncType, type ComponentValType } from '../index.js';
import { resolveCall, type CallTarget } from './target.js';
import { argsToJs, parseFuncCall, printValue, WaveError } from './wave/index.js';
import { describeError, CliError } from './errors.js';

interface PreparedCall {
  readonly text: string;
  readonly target: CallTarget;
  readonly args: unknown[];
}

/** Parses and type-checks a call; errors name the call. */
export function prepareCall(text: string, component: Component): PreparedCall {
  try {
    const call = parseFuncCall(text);
    const target = resolveCall(call.name, component.exports);
    if (target.type.async === true) throw new CliError(`\`${target.label}\` is an async function; purewasm does not call those yet`);
    const args = argsToJs(call.args, target.type.params, call.argsSpan);
    return { text, target, args };
  } catch (e) {
    if (e instanceof WaveError) throw new CliError(describeError(e, text));
    throw e;
  }
}

function handleText(_v: unknown, t: ComponentValType): string {
  const r = (t as { resource?: { name?: unknown } }).resource;
  const name = typeof r?.name === 'string' && /^[a-z][a-z0-9-]*$/i.test(r.name) ? ` ${r.name}` : '';
  return `<${t.kind}${name}>`;
}

/** Calls a prepared call on an instance's exports; the WAVE text of its result, if any. */
export function runCall(p: PreparedCall, exports: Record<string, unknown>): string | undefined {
  const fn = p.target.fn(exports);
  const type: ComponentFuncType = p.target.type;
  const rt = type.result;
  if (rt === undefined) {
    fn(...p.args);
    return undefined;
  }
  let value: unknown;
  if (rt.kind === 'result') {
    try {
      value = { tag: 'ok', val: fn(...p.args) };
    } catch (e) {
      if (!(e instanceof ComponentError)) throw e;
      value = { tag: 'err', val: e.payload };
    }
  } else value = fn(...p.args);
  try {
    return printValue(value, rt, { handle: handleText });
  } catch (e) {
    if (e instanceof WaveError) throw new CliError(`\`${p.target.label}\` returned a value that cannot be shown: ${e.message}`);
    throw e;
  }
}
