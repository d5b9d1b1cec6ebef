// Runs component .wast scripts against a ComponentEngine and gives each command a verdict.
// Verdict rules are the core runner's (spec-tests/README.md "Verdicts"), applied to components:
// components that must be valid must compile (and, outside `definition`, instantiate);
// assert_invalid/assert_malformed pass only on a CompileError; assert_unlinkable needs a
// LinkError and assert_trap a RuntimeError; commands on a component that failed or was skipped
// are skipped once. Top-level components are instantiated as each suite's own harness does:
// wasmtime (the CM repo's) instantiates every one; wasm-tools' `wast` only validates, so in its
// scripts they are instantiated only when the script executes something (instantiation needs
// imports that validation-only scripts never provide). Results use the core runner's CommandResult, so its report and
// expectations code apply; command kinds are mapped onto the core ones (`component` → `module`,
// `component instance` → `module_instance`, `assert_trap (component ...)` → `assert_trap_module`,
// `invoke` → `action`).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ComponentFeatures } from '../../src/component/api.js';
import type { CommandKind as CoreKind } from '../wast.js';
import { type CommandResult, type FileResult, SKIP, countVerdicts } from '../results.js';
import { SExprSyntaxError } from '../sexpr.js';
import type { TextConverter } from '../text-to-binary.js';
import { type ClassifiedError, type ComponentEngine, type InstanceLike, InvokeSetupError, invokeExport } from './engine.js';
import { featuresForFile } from './features.js';
import { JsShapeError } from './jco-values.js';
import { type CValue, cvalueEquals, formatCValue } from './values.js';
import { type Command, type Decl, type Invoke, parseComponentWast } from './wast.js';

/** Skip reasons of the component runner (the core runner's SKIP where they apply). */
export const CSKIP = {
  ...SKIP,
  /** `(component quote ...)` whose text jco's parser rejects: the text format itself is under test. */
  quoteText: 'quoted text rejected by the text parser (the text format is under test)',
} as const;

export interface ComponentRunOptions {
  readonly engine: ComponentEngine;
  readonly suiteDir: string;
  /** Files relative to suiteDir. */
  readonly files: readonly string[];
  readonly converter: TextConverter;
  /** File -> group (the folder, see suite.ts). */
  readonly groupOf: (file: string) => string;
  readonly onFile?: (r: FileResult) => void;
}

export async function runComponentFiles(opts: ComponentRunOptions): Promise<FileResult[]> {
  const out: FileResult[] = [];
  for (const file of opts.files) {
    const src = readFileSync(join(opts.suiteDir, file), 'utf8');
    const commands = await runComponentScript(opts.engine, file, src, opts.converter);
    const r: FileResult = { file, group: opts.groupOf(file), excluded: false, ...countVerdicts(commands), commands };
    opts.onFile?.(r);
    out.push(r);
  }
  return out;
}

const CORE_KIND: Readonly<Record<Command['kind'], CoreKind>> = {
  component: 'module',
  component_instance: 'module_instance',
  register: 'register',
  invoke: 'action',
  assert_return: 'assert_return',
  assert_trap: 'assert_trap',
  assert_trap_component: 'assert_trap_module',
  assert_exhaustion: 'assert_exhaustion',
  assert_malformed: 'assert_malformed',
  assert_invalid: 'assert_invalid',
  assert_unlinkable: 'assert_unlinkable',
  bad: 'bad',
};

/** Runs one script's source; never throws for test outcomes. */
export async function runComponentScript(engine: ComponentEngine, file: string, src: string, converter: TextConverter): Promise<CommandResult[]> {
  let commands: Command[];
  try {
    commands = parseComponentWast(src);
  } catch (e) {
    const line = e instanceof SExprSyntaxError ? e.line : 0;
    return [{ file, line, kind: 'bad', verdict: 'fail', reason: `script does not parse: ${(e as Error).message}` }];
  }
  const f = featuresForFile(file, src);
  const run = new ScriptRun(engine, converter, f.features, f.flags, instantiatesTopLevel(file, commands));
  const results: CommandResult[] = [];
  for (const cmd of commands) {
    let o: Outcome;
    try {
      o = await run.command(cmd);
    } catch (e) {
      o = fail(`runner error: ${(e as Error)?.stack ?? String(e)}`);
    }
    results.push({ file, line: cmd.line, kind: CORE_KIND[cmd.kind], ...o });
  }
  return results;
}

const EXECUTING: ReadonlySet<Command['kind']> = new Set([
  'invoke', 'assert_return', 'assert_trap', 'assert_exhaustion', 'assert_trap_component', 'assert_unlinkable', 'register', 'component_instance',
]);

/** Whether a script's top-level components are instantiated (see the header). */
export function instantiatesTopLevel(file: string, commands: readonly Command[]): boolean {
  return file.startsWith('WebAssembly-component-model/') || commands.some((c) => EXECUTING.has(c.kind));
}

type Outcome = Omit<CommandResult, 'file' | 'line' | 'kind'>;

const pass = (extra: Partial<Outcome> = {}): Outcome => ({ verdict: 'pass', ...extra });
const fail = (reason: string, extra: Partial<Outcome> = {}): Outcome => ({ verdict: 'fail', reason, ...extra });
const skip = (reason: string, extra: Partial<Outcome> = {}): Outcome => ({ verdict: 'skip', reason, ...extra });

type Entry =
  | { readonly line: number; readonly state: 'ready'; readonly instance: InstanceLike }
  /** Compiled, not instantiated: a core module, or a component of a validation-only script. */
  | { readonly line: number; readonly state: 'compiled' }
  | { readonly line: number; readonly state: 'failed' | 'skipped'; readonly why?: string | undefined };

type Definition =
  | { readonly line: number; readonly state: 'compiled'; readonly handle: unknown; readonly layer: Decl['layer'] }
  | { readonly line: number; readonly state: 'failed' | 'skipped'; readonly why?: string | undefined };

type Bytes = { readonly bytes: Uint8Array } | { readonly convertError: string };

function formatValues(vs: readonly CValue[]): string {
  return vs.map(formatCValue).join(' ') || '(no results)';
}

function describe(c: ClassifiedError): string {
  return `${c.name}: ${c.message}`;
}

function dependency(entry: { line: number; state: 'failed' | 'skipped' | 'compiled'; why?: string | undefined }): Outcome {
  if (entry.state === 'compiled') return fail(`the module at line ${entry.line} was compiled, not instantiated: nothing to invoke`);
  if (entry.why !== undefined) return skip(entry.why, { actual: `component at line ${entry.line}` });
  return skip(entry.state === 'failed' ? SKIP.dependsOnFailed : SKIP.dependsOnSkipped, { actual: `component at line ${entry.line}` });
}

class ScriptRun {
  private readonly named = new Map<string, Entry>();
  private readonly definitions = new Map<string, Definition>();
  private readonly registry = new Map<string, unknown>();
  private current: Entry | undefined;

  constructor(
    private readonly engine: ComponentEngine,
    private readonly converter: TextConverter,
    private readonly features: ComponentFeatures,
    private readonly flags: Readonly<Record<string, boolean>>,
    /** Instantiate top-level components (false: compile only). */
    private readonly instantiateTopLevel: boolean,
  ) {}

  private async bytesOf(d: Decl): Promise<Bytes> {
    if (d.source.kind === 'binary') return { bytes: d.source.bytes };
    const c = await this.converter.convert(d.source.text);
    return c.ok ? { bytes: c.bytes } : { convertError: c.error };
  }

  /** The reason the engine cannot run a component declaration, if any. */
  private unavailableFor(d: Decl): string | undefined {
    return d.layer === 'component' ? this.engine.unavailable : undefined;
  }

  private compile(d: Decl, bytes: Uint8Array): { handle: unknown } | { error: ClassifiedError } {
    try {
      return { handle: d.layer === 'core' ? this.engine.compileCore(bytes, this.flags) : this.engine.compile(bytes, this.features) };
    } catch (e) {
      return { error: this.engine.classify(e) };
    }
  }

  private imports(): Record<string, unknown> {
    return Object.fromEntries(this.registry);
  }

  private instantiate(handle: unknown): { instance: InstanceLike } | { error: ClassifiedError } {
    try {
      return { instance: this.engine.instantiate(handle, this.imports()) };
    } catch (e) {
      return { error: this.engine.classify(e) };
    }
  }

  private setCurrent(id: string | undefined, entry: Entry): void {
    this.current = entry;
    if (id !== undefined) this.named.set(id, entry);
  }

  private target(id: string | undefined): { instance: InstanceLike } | { outcome: Outcome; entry?: Entry } {
    const entry = id === undefined ? this.current : this.named.get(id);
    if (!entry) return { outcome: fail(id === undefined ? 'no current component' : `unknown component instance $${id}`) };
    if (entry.state === 'ready') return { instance: entry.instance };
    return { outcome: dependency(entry), entry };
  }

  /** Calls an export: its result values, or the error it threw, or an outcome when it cannot be called. */
  private call(inv: Invoke): { values: CValue[] } | { error: ClassifiedError } | { outcome: Outcome } {
    const t = this.target(inv.instance);
    if ('outcome' in t) return { outcome: t.outcome };
    try {
      const r = invokeExport(t.instance, inv.name, inv.args);
      if ('values' in r) return { values: r.values };
      return { error: this.engine.classify(r.error) };
    } catch (e) {
      if (e instanceof InvokeSetupError) return { outcome: fail(`cannot invoke: ${e.message}`) };
      if (e instanceof JsShapeError) return { outcome: fail(`result is not in jco's shape: ${e.message}`) };
      throw e;
    }
  }

  private expectCallError(inv: Invoke, want: ClassifiedError['kind'], expected: string): Outcome {
    const r = this.call(inv);
    if ('outcome' in r) return r.outcome;
    if ('values' in r) return fail(`expected ${want}, got result(s)`, { expected, actual: formatValues(r.values) });
    if (r.error.kind === want) return pass({ expected, actual: r.error.message });
    return fail(`expected ${want}, got ${r.error.kind}`, { expected, actual: describe(r.error) });
  }

  /** A component that must compile, then fail to instantiate with `want`. */
  private async expectInstantiationError(d: Decl, want: 'link' | 'trap', expected: string): Promise<Outcome> {
    const b = await this.bytesOf(d);
    if ('convertError' in b) return skip(SKIP.validTextNotEncodable, { expected, actual: b.convertError });
    const why = this.unavailableFor(d);
    if (why !== undefined) return skip(why, { expected });
    const c = this.compile(d, b.bytes);
    if ('error' in c) return fail(`component must compile: ${c.error.kind}`, { expected, actual: describe(c.error) });
    if (d.layer === 'core') return fail('core module instantiation is not supported by the component runner', { expected });
    const i = this.instantiate(c.handle);
    if ('instance' in i) return fail(`expected ${want} error, instantiation succeeded`, { expected });
    if (i.error.kind === want) return pass({ expected, actual: i.error.message });
    return fail(`expected ${want} error, got ${i.error.kind}`, { expected, actual: describe(i.error) });
  }

  async command(cmd: Command): Promise<Outcome> {
    switch (cmd.kind) {
      case 'component':
        return this.declCommand(cmd.decl);

      case 'component_instance': {
        const def = this.definitions.get(cmd.definition);
        if (!def) return fail(`unknown component definition $${cmd.definition}`);
        if (def.state !== 'compiled') {
          const entry: Entry = { line: cmd.line, state: def.state, why: def.why };
          this.setCurrent(cmd.instance, entry);
          return dependency(def);
        }
        if (def.layer === 'core') return fail('core module instantiation is not supported by the component runner');
        const i = this.instantiate(def.handle);
        if ('error' in i) {
          this.setCurrent(cmd.instance, { line: cmd.line, state: 'failed' });
          return fail(`instantiation failed: ${i.error.kind}`, { actual: describe(i.error) });
        }
        this.setCurrent(cmd.instance, { line: cmd.line, state: 'ready', instance: i.instance });
        return pass();
      }

      case 'register': {
        const t = this.target(cmd.instance);
        if ('outcome' in t) {
          this.registry.delete(cmd.as);
          return t.outcome;
        }
        this.registry.set(cmd.as, t.instance.exports);
        return pass();
      }

      case 'invoke': {
        const r = this.call(cmd.invoke);
        if ('outcome' in r) return r.outcome;
        if ('error' in r) return fail(`invoke failed: ${r.error.kind}`, { actual: describe(r.error) });
        return pass({ actual: formatValues(r.values) });
      }

      case 'assert_return': {
        const expected = cmd.expected.map(formatCValue).join(' ');
        const r = this.call(cmd.invoke);
        if ('outcome' in r) return { ...r.outcome, expected };
        if ('error' in r) return fail(`unexpected ${r.error.kind}`, { expected, actual: describe(r.error) });
        const actual = formatValues(r.values);
        if (r.values.length !== cmd.expected.length) return fail('wrong number of results', { expected, actual });
        const ok = cmd.expected.every((v, i) => cvalueEquals(v, r.values[i]!));
        return ok ? pass({ expected, actual }) : fail('result mismatch', { expected, actual });
      }

      case 'assert_trap':
        return this.expectCallError(cmd.invoke, 'trap', cmd.message);
      case 'assert_exhaustion':
        return this.expectCallError(cmd.invoke, 'exhaustion', cmd.message);
      case 'assert_trap_component':
        return this.expectInstantiationError(cmd.decl, 'trap', cmd.message);
      case 'assert_unlinkable':
        return this.expectInstantiationError(cmd.decl, 'link', cmd.message);

      case 'assert_malformed':
      case 'assert_invalid': {
        const expected = cmd.message;
        const b = await this.bytesOf(cmd.decl);
        if ('convertError' in b) {
          return skip(cmd.decl.source.kind === 'quote' ? CSKIP.quoteText : SKIP.textNotEncodable, { expected, actual: b.convertError });
        }
        const why = this.unavailableFor(cmd.decl);
        if (why !== undefined) return skip(why, { expected });
        const c = this.compile(cmd.decl, b.bytes);
        if ('handle' in c) return fail('compiled, expected a CompileError', { expected });
        if (c.error.kind !== 'compile') return fail(`expected CompileError, got ${c.error.name}`, { expected, actual: describe(c.error) });
        return pass({ expected, actual: c.error.message, messageMatch: c.error.message.includes(expected) });
      }

      case 'bad':
        return fail(`cannot parse command: ${cmd.error}`);
    }
  }

  private async declCommand(d: Decl): Promise<Outcome> {
    const record = (state: 'failed' | 'skipped', why?: string): void => {
      if (d.definition) {
        if (d.id !== undefined) this.definitions.set(d.id, { line: d.line, state, why });
      } else {
        this.setCurrent(d.id, { line: d.line, state, why });
      }
    };
    const b = await this.bytesOf(d);
    if ('convertError' in b) {
      record('skipped');
      return skip(d.source.kind === 'quote' ? CSKIP.quoteText : SKIP.validTextNotEncodable, { actual: b.convertError });
    }
    const why = this.unavailableFor(d);
    if (why !== undefined) {
      record('skipped', why);
      return skip(why);
    }
    const c = this.compile(d, b.bytes);
    if ('error' in c) {
      record('failed');
      return fail(`${d.layer === 'core' ? 'module' : 'component'} must compile: ${c.error.kind}`, { actual: describe(c.error) });
    }
    if (d.id !== undefined) this.definitions.set(d.id, { line: d.line, state: 'compiled', handle: c.handle, layer: d.layer });
    if (d.definition) return pass();
    if (d.layer === 'core' || !this.instantiateTopLevel) {
      this.setCurrent(d.id, { line: d.line, state: 'compiled' });
      return pass({ actual: d.layer === 'core' ? 'core module compiled' : 'compiled (validation-only script: not instantiated)' });
    }
    const i = this.instantiate(c.handle);
    if ('error' in i) {
      this.setCurrent(d.id, { line: d.line, state: 'failed' });
      return fail(`instantiation failed: ${i.error.kind}`, { actual: describe(i.error) });
    }
    this.setCurrent(d.id, { line: d.line, state: 'ready', instance: i.instance });
    return pass();
  }
}
