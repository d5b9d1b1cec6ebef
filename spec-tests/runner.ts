// Runs .wast scripts against an Engine and produces per-command verdicts.

import { featuresFor, type FeatureOverrides } from './features.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AnyEngine, type ClassifiedError, type ExternMap, type ResultHint, UnsupportedByEngine } from './engine.js';
import { type CommandResult, type FileResult, SKIP, countVerdicts } from './results.js';
import { SExprSyntaxError } from './sexpr.js';
import { spectestModules } from './spectest.js';
import { TextConverter } from './text-to-binary.js';
import { type Value, formatPattern, formatValue, matches, patternType } from './values.js';
import { type Action, type Command, type ModuleDecl, parseWast } from './wast.js';

export interface RunOptions {
  readonly engine: AnyEngine;
  /** Suite directory (e.g. .../testsuites/core). */
  readonly suiteDir: string;
  /** Files relative to suiteDir. */
  readonly files: readonly string[];
  /** File -> feature group (INDEX.tsv). */
  readonly groups?: ReadonlyMap<string, string>;
  /** Feature groups whose failures are tolerated. */
  readonly excludedGroups?: ReadonlySet<string>;
  readonly converter?: TextConverter;
  /** Called after each file. */
  readonly onFile?: (r: FileResult) => void;
}

/** Runs the files one after the other. */
export async function runFiles(opts: RunOptions): Promise<FileResult[]> {
  const converter = opts.converter ?? new TextConverter();
  const spectest = new SpectestFactory(opts.engine);
  const out: FileResult[] = [];
  for (const file of opts.files) {
    const group = opts.groups?.get(file) ?? '';
    const commands = await runScript(opts.engine, file, readFileSync(join(opts.suiteDir, file), 'utf8'), converter, spectest);
    const r: FileResult = { file, group, excluded: opts.excludedGroups?.has(group) ?? false, ...countVerdicts(commands), commands };
    opts.onFile?.(r);
    out.push(r);
  }
  return out;
}

/** Compiles the spectest modules once and instantiates them freshly per script. */
export class SpectestFactory {
  private handles: { handle: unknown; required: boolean }[] | undefined;
  constructor(private readonly engine: AnyEngine) {}

  create(): ExternMap {
    const e = this.engine;
    if (!this.handles) {
      this.handles = [];
      for (const part of spectestModules()) {
        try {
          this.handles.push({ handle: e.compile(part.bytes), required: part.required });
        } catch (err) {
          if (part.required) throw new Error(`${e.name}: cannot compile the spectest module: ${e.classify(err).message}`);
        }
      }
    }
    const exports = new Map<string, unknown>();
    for (const { handle, required } of this.handles) {
      try {
        for (const [k, v] of e.exportsOf(e.instantiate(handle, () => undefined))) exports.set(k, v);
      } catch (err) {
        if (required) throw new Error(`${e.name}: cannot instantiate the spectest module: ${e.classify(err).message}`);
      }
    }
    return exports;
  }
}

type ModuleEntry =
  | { readonly line: number; readonly state: 'ready'; readonly instance: unknown }
  | { readonly line: number; readonly state: 'compiled' }
  | { readonly line: number; readonly state: 'failed' | 'skipped' };

type Definition =
  | { readonly line: number; readonly state: 'compiled'; readonly handle: unknown }
  | { readonly line: number; readonly state: 'failed' | 'skipped' };

type Poison = { readonly line: number; readonly state: 'failed' | 'skipped' | 'compiled' };

type Bytes = { readonly bytes: Uint8Array } | { readonly skip: string } | { readonly fail: string };

type Outcome = Omit<CommandResult, 'file' | 'line' | 'kind'>;

const pass = (extra: Partial<Outcome> = {}): Outcome => ({ verdict: 'pass', ...extra });
const fail = (reason: string, extra: Partial<Outcome> = {}): Outcome => ({ verdict: 'fail', reason, ...extra });
const skip = (reason: string, extra: Partial<Outcome> = {}): Outcome => ({ verdict: 'skip', reason, ...extra });

function dependencyOutcome(dep: { line: number; state: 'failed' | 'skipped' | 'compiled' }, noExecution = ''): Outcome {
  if (dep.state === 'compiled') return skip(noExecution);
  return skip(dep.state === 'failed' ? SKIP.dependsOnFailed : SKIP.dependsOnSkipped, { actual: `module at line ${dep.line}` });
}

function describeError(c: ClassifiedError): string {
  return `${c.name}: ${c.message}`;
}

/** Runs one script's source; never throws for test outcomes. */
export async function runScript(
  engine: AnyEngine,
  file: string,
  src: string,
  converter: TextConverter,
  spectest: SpectestFactory,
): Promise<CommandResult[]> {
  let commands: readonly Command[];
  try {
    commands = parseWast(src).commands;
  } catch (e) {
    const line = e instanceof SExprSyntaxError ? e.line : 0;
    return [{ file, line, kind: 'bad', verdict: 'fail', reason: `script does not parse: ${(e as Error).message}` }];
  }
  const run = new ScriptRun(engine, converter, spectest, featuresFor(file));
  const results: CommandResult[] = [];
  for (const cmd of commands) {
    let o: Outcome;
    try {
      o = await run.command(cmd);
    } catch (e) {
      o = e instanceof UnsupportedByEngine ? skip(e.reason) : fail(`runner error: ${(e as Error)?.stack ?? String(e)}`);
    }
    results.push({ file, line: cmd.line, kind: cmd.kind, ...o });
  }
  return results;
}

class ScriptRun {
  private readonly named = new Map<string, ModuleEntry>();
  private readonly definitions = new Map<string, Definition>();
  private current: ModuleEntry | undefined;
  private registry: Map<string, ExternMap> | undefined;

  constructor(
    private readonly engine: AnyEngine,
    private readonly converter: TextConverter,
    private readonly spectest: SpectestFactory,
    private readonly features: FeatureOverrides | undefined,
  ) {}

  private get reg(): Map<string, ExternMap> {
    if (!this.registry) this.registry = new Map([['spectest', this.spectest.create()]]);
    return this.registry;
  }

  /** Registration names whose module failed or was skipped (so imports from them cannot resolve). */
  private readonly poisoned = new Map<string, Poison>();
  private poisonedHit: Poison | undefined;

  private resolve = (module: string, name: string): unknown => {
    const v = this.reg.get(module)?.get(name);
    if (v === undefined) this.poisonedHit ??= this.poisoned.get(module);
    return v;
  };

  private async bytesOf(m: ModuleDecl): Promise<Bytes> {
    const s = m.source;
    if (s.kind === 'binary') return { bytes: s.bytes };
    if (s.kind === 'quote') return { skip: SKIP.quote };
    const c = await this.converter.convert(s.text);
    return c.ok ? { bytes: c.bytes } : { fail: c.error };
  }

  private compile(bytes: Uint8Array): { handle: unknown } | { error: ClassifiedError } {
    try {
      return { handle: this.engine.compile(bytes, this.features) };
    } catch (e) {
      return { error: this.engine.classify(e) };
    }
  }

  /**
   * Instantiates; an error caused by an import from a registration whose
   * module failed or was skipped comes back as a dependency outcome instead.
   */
  private instantiate(
    handle: unknown,
  ): { instance: unknown } | { error: ClassifiedError } | { outcome: Outcome; state: 'failed' | 'skipped' } {
    this.poisonedHit = undefined;
    try {
      return { instance: this.engine.instantiate(handle, this.resolve) };
    } catch (e) {
      if (e instanceof UnsupportedByEngine) throw e;
      // (set by the resolver callback during instantiate)
      const dep = this.poisonedHit as Poison | undefined;
      if (dep) return { outcome: dependencyOutcome(dep), state: dep.state === 'failed' ? 'failed' : 'skipped' };
      return { error: this.engine.classify(e) };
    }
  }

  private setModule(id: string | undefined, entry: ModuleEntry): void {
    this.current = entry;
    if (id !== undefined) this.named.set(id, entry);
  }

  /** The instance an action or register refers to, or an outcome if it cannot run. */
  private target(id: string | undefined): { instance: unknown } | { outcome: Outcome; entry?: ModuleEntry } {
    const entry = id === undefined ? this.current : this.named.get(id);
    if (!entry) return { outcome: fail(id === undefined ? 'no current module' : `unknown module $${id}`) };
    if (entry.state === 'ready') return { instance: entry.instance };
    return { outcome: dependencyOutcome(entry, this.engine.noExecutionReason), entry };
  }

  private perform(a: Action, instance: unknown, hints?: readonly ResultHint[]): { values: Value[] } | { error: ClassifiedError } {
    try {
      if (a.kind === 'invoke') return { values: this.engine.invoke(instance, a.name, a.args, hints) };
      return { values: [this.engine.get(instance, a.name, hints?.[0])] };
    } catch (e) {
      if (e instanceof UnsupportedByEngine) throw e;
      return { error: this.engine.classify(e) };
    }
  }

  /** Runs an action expected to throw an error of kind `want`. */
  private expectActionError(a: Action, want: ClassifiedError['kind'], expected: string | undefined): Outcome {
    if (!this.engine.canExecute) return skip(this.engine.noExecutionReason);
    const t = this.target(a.module);
    if ('outcome' in t) return t.outcome;
    const r = this.perform(a, t.instance);
    const exp = expected === undefined ? {} : { expected };
    if ('values' in r) return fail(`expected ${want}, got result(s)`, { ...exp, actual: r.values.map(formatValue).join(' ') });
    if (r.error.kind === want) return pass({ ...exp, actual: r.error.message });
    return fail(`expected ${want}, got ${r.error.kind}`, { ...exp, actual: describeError(r.error) });
  }

  /** Compiles a module that must be valid; then, if the engine executes, instantiates it expecting `want`. */
  private async expectInstantiationError(m: ModuleDecl, want: 'link' | 'trap', expected: string): Promise<Outcome> {
    const b = await this.bytesOf(m);
    if ('skip' in b) return skip(b.skip, { expected });
    if ('fail' in b) return skip(SKIP.validTextNotEncodable, { expected, actual: b.fail });
    const c = this.compile(b.bytes);
    if ('error' in c) return fail(`module must compile: ${c.error.kind}`, { expected, actual: describeError(c.error) });
    if (!this.engine.canExecute) return skip(this.engine.noExecutionReason, { expected, actual: 'module compiled' });
    const i = this.instantiate(c.handle);
    if ('outcome' in i) return i.outcome;
    if ('instance' in i) return fail(`expected ${want} error, instantiation succeeded`, { expected });
    if (i.error.kind === want) return pass({ expected, actual: i.error.message });
    return fail(`expected ${want} error, got ${i.error.kind}`, { expected, actual: describeError(i.error) });
  }

  async command(cmd: Command): Promise<Outcome> {
    const e = this.engine;
    switch (cmd.kind) {
      case 'module':
        return this.moduleCommand(cmd.module);

      case 'module_instance': {
        if (!e.canExecute) return skip(e.noExecutionReason);
        const def = this.definitions.get(cmd.definition);
        const fallbackId = cmd.instance;
        if (!def) return fail(`unknown module definition $${cmd.definition}`);
        if (def.state !== 'compiled') {
          this.setModule(fallbackId, { line: cmd.line, state: def.state });
          return skip(def.state === 'failed' ? SKIP.dependsOnFailed : SKIP.dependsOnSkipped, { actual: `module at line ${def.line}` });
        }
        const i = this.instantiate(def.handle);
        if ('outcome' in i) {
          this.setModule(fallbackId, { line: cmd.line, state: i.state });
          return i.outcome;
        }
        if ('error' in i) {
          this.setModule(fallbackId, { line: cmd.line, state: 'failed' });
          return fail(`instantiation failed: ${i.error.kind}`, { actual: describeError(i.error) });
        }
        this.setModule(fallbackId, { line: cmd.line, state: 'ready', instance: i.instance });
        return pass();
      }

      case 'register': {
        if (!e.canExecute) return skip(e.noExecutionReason);
        const t = this.target(cmd.module);
        if ('outcome' in t) {
          if (t.entry && t.entry.state !== 'ready') this.poisoned.set(cmd.as, { line: t.entry.line, state: t.entry.state });
          this.reg.delete(cmd.as);
          return t.outcome;
        }
        this.poisoned.delete(cmd.as);
        this.reg.set(cmd.as, e.exportsOf(t.instance));
        return pass();
      }

      case 'action': {
        if (!e.canExecute) return skip(e.noExecutionReason);
        const t = this.target(cmd.action.module);
        if ('outcome' in t) return t.outcome;
        const r = this.perform(cmd.action, t.instance);
        if ('error' in r) return fail(`action failed: ${r.error.kind}`, { actual: describeError(r.error) });
        return pass({ actual: r.values.map(formatValue).join(' ') });
      }

      case 'assert_return': {
        if (!e.canExecute) return skip(e.noExecutionReason);
        const t = this.target(cmd.action.module);
        if ('outcome' in t) return t.outcome;
        const expected = cmd.expected.map(formatPattern).join(' ');
        const r = this.perform(cmd.action, t.instance, cmd.expected.map(patternType));
        if ('error' in r) return fail(`unexpected ${r.error.kind}`, { expected, actual: describeError(r.error) });
        const actual = r.values.map(formatValue).join(' ');
        if (r.values.length !== cmd.expected.length) return fail('wrong number of results', { expected, actual });
        const ok = cmd.expected.every((p, i) => matches(r.values[i]!, p));
        return ok ? pass({ expected, actual }) : fail('result mismatch', { expected, actual });
      }

      case 'assert_trap':
        return this.expectActionError(cmd.action, 'trap', cmd.message);
      case 'assert_exhaustion':
        return this.expectActionError(cmd.action, 'exhaustion', cmd.message);
      case 'assert_exception':
        return this.expectActionError(cmd.action, 'exception', undefined);

      case 'assert_trap_module':
      case 'assert_uninstantiable':
        return this.expectInstantiationError(cmd.module, 'trap', cmd.message);
      case 'assert_unlinkable':
        return this.expectInstantiationError(cmd.module, 'link', cmd.message);

      case 'assert_malformed':
      case 'assert_invalid': {
        const expected = cmd.message;
        const b = await this.bytesOf(cmd.module);
        if ('skip' in b) return skip(b.skip, { expected });
        if ('fail' in b) return skip(SKIP.textNotEncodable, { expected, actual: b.fail });
        const c = this.compile(b.bytes);
        if ('handle' in c) return fail('module compiled, expected a CompileError', { expected });
        if (c.error.kind !== 'compile') return fail(`expected CompileError, got ${c.error.name}`, { expected, actual: describeError(c.error) });
        return pass({ expected, actual: c.error.message, messageMatch: c.error.message.includes(expected) });
      }

      case 'assert_malformed_custom':
      case 'assert_invalid_custom': {
        // A malformed/invalid custom section never makes the module malformed or invalid
        // (Core 3.0 §5.5.3): a core engine must accept the module; checking the custom
        // section's own contents is a tool's job (text annotations: quote modules).
        const expected = cmd.message;
        const b = await this.bytesOf(cmd.module);
        if ('skip' in b) return skip(b.skip, { expected });
        if ('fail' in b) return skip(SKIP.custom, { expected, actual: b.fail });
        const c = this.compile(b.bytes);
        if ('error' in c) return fail('a bad custom section must not make the module fail to compile', { expected, actual: describeError(c.error) });
        return pass({ expected, actual: 'compiled (custom section contents not checked by a core engine)' });
      }

      case 'thread':
      case 'wait':
        return skip(SKIP.threads);

      case 'bad':
        return fail(`cannot parse command: ${cmd.error}`);
    }
  }

  private async moduleCommand(m: ModuleDecl): Promise<Outcome> {
    const e = this.engine;
    const b = await this.bytesOf(m);
    const record = (state: 'failed' | 'skipped'): void => {
      if (m.definition) {
        if (m.id !== undefined) this.definitions.set(m.id, { line: m.line, state });
      } else {
        this.setModule(m.id, { line: m.line, state });
      }
    };
    if ('skip' in b) {
      record('skipped');
      return skip(b.skip);
    }
    if ('fail' in b) {
      record('skipped');
      return skip(SKIP.validTextNotEncodable, { actual: b.fail });
    }
    const c = this.compile(b.bytes);
    if ('error' in c) {
      record('failed');
      return fail(`module must compile: ${c.error.kind}`, { actual: describeError(c.error) });
    }
    if (m.id !== undefined) this.definitions.set(m.id, { line: m.line, state: 'compiled', handle: c.handle });
    if (m.definition) return pass();
    if (!e.canExecute) {
      this.setModule(m.id, { line: m.line, state: 'compiled' });
      return pass({ actual: 'compiled (not instantiated: engine cannot execute)' });
    }
    const i = this.instantiate(c.handle);
    if ('outcome' in i) {
      this.setModule(m.id, { line: m.line, state: i.state });
      return i.outcome;
    }
    if ('error' in i) {
      this.setModule(m.id, { line: m.line, state: 'failed' });
      return fail(`instantiation failed: ${i.error.kind}`, { actual: describeError(i.error) });
    }
    this.setModule(m.id, { line: m.line, state: 'ready', instance: i.instance });
    return pass();
  }
}
