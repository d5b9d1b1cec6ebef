// A plugin host on purewasm's component API: every `.wasm` file of a folder is a candidate plugin
// for the `plugin-system:api/plugin` world (wit/plugin-system.wit). Each is compiled
// (`compileComponent`), checked to export `plugin-metadata` and `plugin-lifecycle`, instantiated
// with this host's `host-api` (log, get-config, emit-event) under its own resource limits,
// described and initialised. A file that is not a component, a component that is not a plugin, a
// missing import, an `init` that returns an error, a plugin that traps and a plugin stopped by a
// limit are each reported as one failure; the other plugins are unaffected (each has its own
// instance, and a plugin whose call failed is dead: the host never calls it again, as the
// component model would refuse it anyway — a trapped instance cannot be entered again).
//
// Limits (PluginLimits; DEFAULT_LIMITS unless HostOptions.limits / pluginLimits say otherwise),
// given to `component.instantiate(imports, { limits })` (purewasm's instantiation limits, not a
// WebAssembly feature: Core 3.0 §7 leaves resource exhaustion to the embedder):
//   fuelPerCall       fuel — about one unit per wasm instruction — for each call into the plugin
//                     (instantiation, describe, init, shutdown): `setFuel` refills it before every
//                     call, so a plugin's allowance does not shrink with its age. Host functions
//                     cost nothing. Exhausted → "fuel exhausted".
//   timeoutMs         wall-clock time of each call → "deadline exceeded" (the clock is read every
//                     ~0.1 ms of guest execution; a synchronous host function is not interrupted).
//   maxMemoryPages    pages (64 KiB) each memory of the plugin may have: a larger initial memory
//                     fails instantiation ("memory limit exceeded: ..."); beyond it memory.grow
//                     answers -1 to the guest; purewasm counts each refusal (`getLimitStats`), so
//                     a call that traps after the cap refused growth during it is reported as
//                     stopped by the memory limit.
//   maxCallDepth      nested wasm calls within one call → "call depth limit exceeded".
//   maxTableElements  elements each table may have (as for memories; "table limit exceeded").
// A failure caused by a limit carries `limit` ('fuel', 'deadline', 'memory', 'call-depth',
// 'table') and a message naming it, e.g. "spinner 0.1.0: init stopped: fuel exhausted (limit
// 200000000 per call)".
//
// host-api as this host implements it:
//   log(level, message)       → the `onLog` callback, tagged with the plugin's name; dropped
//                               unless the plugin declared the `log` capability;
//   get-config(key)           → `config['<plugin>.<key>']`, else `config[key]`, else none;
//                               none unless the plugin declared `read-config`;
//   emit-event(name, payload) → the `onEvent` callback; err when the plugin did not declare
//                               `emit-events`, when the name is not lower-case kebab
//                               (`[a-z][a-z0-9-]*`) or when the payload exceeds 64 KiB.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileComponent, ComponentError, CompileError, getFuel, getLimitStats, LinkError, RuntimeError, setFuel } from '../../src/index.js';

export const METADATA = 'plugin-system:api/plugin-metadata';
export const LIFECYCLE = 'plugin-system:api/plugin-lifecycle';
export const HOST_API = 'plugin-system:api/host-api';
export const MAX_EVENT_PAYLOAD = 64 * 1024;

export interface Capabilities {
  readonly readConfig: boolean;
  readonly emitEvents: boolean;
  readonly log: boolean;
}

/** `plugin-metadata.plugin-info` in jco's JS shape. */
export interface PluginInfo {
  readonly name: string;
  readonly version: string;
  readonly description: string;
  readonly capabilities: Capabilities;
  readonly tags: readonly string[];
}

/** Resource limits of one plugin (see the opening comment); Infinity means none. */
export interface PluginLimits {
  readonly fuelPerCall?: number;
  readonly timeoutMs?: number;
  readonly maxMemoryPages?: number;
  readonly maxCallDepth?: number;
  readonly maxTableElements?: number;
}

export type ResolvedLimits = Readonly<Required<PluginLimits>>;

/**
 * The defaults. Fuel is the main guard (deterministic): 200 million units are 1–2 s of
 * interpretation, twice what greeter's heaviest call (init with repeat=10) uses. The deadline is
 * the backstop for time fuel does not count — host functions — and leaves room for a cold first
 * call on a busy machine (greeter's first describe takes ~0.5 s). 64 MiB per memory.
 */
export const DEFAULT_LIMITS: ResolvedLimits = {
  fuelPerCall: 200_000_000,
  timeoutMs: 5_000,
  maxMemoryPages: 1024,
  maxCallDepth: 10_000,
  maxTableElements: 10_000,
};

/** The fuel given when fuelPerCall is Infinity: never runs out, but lets the host count usage. */
const UNMETERED_FUEL = Number.MAX_SAFE_INTEGER;

interface PluginExports {
  readonly describe: () => PluginInfo;
  readonly init: (config: Array<[string, string]>) => void;
  readonly shutdown: () => void;
}

/** 'running' after init; 'stopped' after shutdown; 'dead' once a call failed (never called again). */
export type PluginState = 'running' | 'stopped' | 'dead';

export interface LoadedPlugin {
  readonly file: string;
  readonly info: PluginInfo;
  readonly limits: ResolvedLimits;
  readonly state: PluginState;
  /** Why the plugin is dead. */
  readonly failure: PluginFailure | undefined;
  /** Fuel its calls have used so far, instantiation included. */
  readonly fuelUsed: number;
  /** Calls describe again (a health check): its answer, or the failure. */
  describe(): PluginInfo | PluginFailure;
  /** Calls the plugin's `shutdown` (once); returns the failure if it failed. */
  shutdown(): PluginFailure | undefined;
}

export type Stage = 'read' | 'compile' | 'check' | CallStage;
/** The stages that run the plugin's code, each under its limits. */
export type CallStage = 'instantiate' | 'describe' | 'init' | 'shutdown';

/** The limit that stopped a plugin. */
export type LimitName = 'fuel' | 'deadline' | 'memory' | 'call-depth' | 'table';

export interface PluginFailure {
  readonly file: string;
  readonly stage: Stage;
  /** One line. */
  readonly message: string;
  /** Set when one of the plugin's limits stopped it. */
  readonly limit?: LimitName;
}

export interface HostEvent {
  readonly plugin: string;
  readonly name: string;
  readonly payload: Uint8Array;
}

export interface HostOptions {
  /** Answers to get-config: `'<plugin>.<key>'` first, then `'<key>'`. */
  readonly config?: Readonly<Record<string, string>>;
  /** The settings passed to every plugin's `init`. */
  readonly settings?: ReadonlyArray<readonly [string, string]>;
  readonly onLog?: (plugin: string, level: string, message: string) => void;
  readonly onEvent?: (event: HostEvent) => void;
  /** Limits of every plugin, over DEFAULT_LIMITS. */
  readonly limits?: PluginLimits;
  /** Limits of single plugins by file name, over `limits`. */
  readonly pluginLimits?: Readonly<Record<string, PluginLimits>>;
}

export interface ScanResult {
  readonly loaded: LoadedPlugin[];
  readonly failed: PluginFailure[];
}

const EVENT_NAME = /^[a-z][a-z0-9-]*$/;

/** One line describing any thrown value: traps and link errors by class, others by message. */
export function describeError(e: unknown): string {
  let text: string;
  if (e instanceof ComponentError) text = typeof e.payload === 'string' ? e.payload : e.message;
  else if (e instanceof RuntimeError) text = `trap: ${e.message}`;
  else if (e instanceof Error) text = `${e.name}: ${e.message}`;
  else text = String(e);
  return oneLine(text);
}

const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, ' ');

/** The limit a trap names (purewasm's RuntimeError messages), if any. */
export function limitOfTrap(e: unknown): LimitName | undefined {
  if (!(e instanceof RuntimeError)) return undefined;
  const m = e.message;
  if (m.startsWith('fuel exhausted')) return 'fuel';
  if (m.startsWith('deadline exceeded')) return 'deadline';
  if (m.startsWith('memory limit exceeded')) return 'memory';
  if (m.startsWith('table limit exceeded')) return 'table';
  if (m.includes('call depth limit exceeded')) return 'call-depth';
  return undefined;
}

/** DEFAULT_LIMITS, then `options.limits`, then `options.pluginLimits[file]` (unset fields skipped). */
export function resolveLimits(file: string, options: HostOptions = {}): ResolvedLimits {
  const out: Record<keyof PluginLimits, number> = { ...DEFAULT_LIMITS };
  for (const layer of [options.limits, options.pluginLimits?.[file]]) {
    if (layer === undefined) continue;
    for (const key of Object.keys(DEFAULT_LIMITS) as Array<keyof PluginLimits>) {
      const v = layer[key];
      if (v === undefined) continue;
      if (typeof v !== 'number' || Number.isNaN(v) || v < 0) throw new RangeError(`plugin limits: ${key} must be a non-negative number or Infinity, got ${String(v)}`);
      out[key] = v;
    }
  }
  return out;
}

/** The export of `exports` named `name` or `name@<version>`. */
function findInterface(names: Iterable<string>, name: string): string | undefined {
  for (const n of names) if (n === name || n.startsWith(`${name}@`)) return n;
  return undefined;
}

/** Loads one plugin file; a failure at any stage is returned, never thrown. */
export function loadPlugin(file: string, bytes: Uint8Array, options: HostOptions = {}): LoadedPlugin | PluginFailure {
  const limits = resolveLimits(file, options);
  const fail = (stage: Stage, message: string, limit?: LimitName): PluginFailure =>
    limit === undefined ? { file, stage, message: oneLine(message) } : { file, stage, message: oneLine(message), limit };
  const coreHeader = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  if (bytes.length >= 8 && coreHeader.every((b, i) => bytes[i] === b)) return fail('compile', 'a core WebAssembly module, not a component');
  let component;
  try {
    component = compileComponent(bytes);
  } catch (e) {
    return fail('compile', e instanceof CompileError ? `not a valid component: ${e.message}` : describeError(e));
  }
  const exportNames = [...component.exports.keys()];
  const metadataName = findInterface(exportNames, METADATA);
  const lifecycleName = findInterface(exportNames, LIFECYCLE);
  if (metadataName === undefined || lifecycleName === undefined) {
    const missing = [metadataName === undefined ? METADATA : undefined, lifecycleName === undefined ? LIFECYCLE : undefined].filter(Boolean);
    return fail('check', `not a plugin: it does not export ${missing.join(' and ')}`);
  }
  const foreign = [...component.imports.keys()].filter((n) => findInterface([n], HOST_API) === undefined);
  if (foreign.length > 0) return fail('check', `needs imports this host does not provide: ${foreign.join(', ')}`);

  // The plugin's name and capabilities are known after describe(); the host-api closures read them.
  let name = file;
  let capabilities: Capabilities = { readConfig: false, emitEvents: false, log: false };
  const config = options.config ?? {};
  const hostApi = {
    log(level: string, message: string): void {
      if (capabilities.log) options.onLog?.(name, level, message);
    },
    getConfig(key: string): string | undefined {
      if (!capabilities.readConfig) return undefined;
      return Object.hasOwn(config, `${name}.${key}`) ? config[`${name}.${key}`] : Object.hasOwn(config, key) ? config[key] : undefined;
    },
    emitEvent(eventName: string, payload: Uint8Array): void {
      if (!capabilities.emitEvents) throw new ComponentError(`${name} did not declare the emit-events capability`);
      if (!EVENT_NAME.test(eventName)) throw new ComponentError(`event name "${eventName}" is not lower-case kebab`);
      if (payload.length > MAX_EVENT_PAYLOAD) throw new ComponentError(`event payload of ${payload.length} bytes exceeds ${MAX_EVENT_PAYLOAD}`);
      options.onEvent?.({ plugin: name, name: eventName, payload: payload.slice() });
    },
  };

  let state: PluginState = 'running';
  let failure: PluginFailure | undefined;
  let info: PluginInfo | undefined;

  /** The failure of a call that threw `e` after `ms` milliseconds, naming the limit that stopped it. */
  const explain = (stage: CallStage, e: unknown, ms: number): PluginFailure => {
    const who = info === undefined ? '' : `${info.name} ${info.version}: `;
    const limit = limitOfTrap(e);
    if (limit === 'fuel') return fail(stage, `${who}${stage} stopped: fuel exhausted (limit ${limits.fuelPerCall} per call)`, limit);
    if (limit === 'deadline') {
      return fail(stage, `${who}${stage} stopped: deadline exceeded (limit ${limits.timeoutMs} ms per call, stopped after ${Math.round(ms)} ms)`, limit);
    }
    if (limit !== undefined) return fail(stage, `${who}${stage} stopped: ${(e as RuntimeError).message}`, limit);
    if (e instanceof RuntimeError && handle !== undefined && getLimitStats(handle).memoryGrowDenied > growDeniedBefore) {
      const why = `memory limit exceeded (limit ${limits.maxMemoryPages} pages): memory.grow was refused, then it trapped: ${e.message}`;
      return fail(stage, `${who}${stage} stopped: ${why}`, 'memory');
    }
    if (e instanceof RuntimeError) return fail(stage, `${who}${stage} trapped: ${e.message}`);
    if (e instanceof LinkError) return fail(stage, `cannot link: ${e.message}`);
    // init returning err arrives as a ComponentError: its message is the plugin's own.
    return fail(stage, `${who}${stage} failed: ${describeError(e)}`);
  };

  // Instantiation runs the plugin's start functions: it is a call too, with its own allowance.
  const fuel = limits.fuelPerCall === Infinity ? UNMETERED_FUEL : limits.fuelPerCall;
  let plugin: PluginExports;
  let handle: object | undefined;
  /** Memory growth the cap had refused before the current call (getLimitStats). */
  let growDeniedBefore = 0;
  let fuelUsed = 0;
  const instantiating = performance.now();
  try {
    const { exports } = component.instantiate(
      { [HOST_API]: hostApi },
      {
        limits: {
          fuel,
          timeout: limits.timeoutMs,
          maxMemoryPages: limits.maxMemoryPages,
          maxCallDepth: limits.maxCallDepth,
          maxTableElements: limits.maxTableElements,
        },
      },
    );
    handle = exports;
    fuelUsed = fuel - getFuel(exports);
    const metadata = exports[metadataName] as { describe: PluginExports['describe'] };
    const lifecycle = exports[lifecycleName] as { init: PluginExports['init']; shutdown: PluginExports['shutdown'] };
    plugin = { describe: metadata.describe, init: lifecycle.init, shutdown: lifecycle.shutdown };
  } catch (e) {
    return explain('instantiate', e, performance.now() - instantiating);
  }

  /**
   * One call into the plugin, with a full fuel allowance. A call that throws leaves the plugin
   * dead (a trap poisons the instance; after anything else the host does not trust it either).
   */
  const call = <T>(stage: Exclude<CallStage, 'instantiate'>, fn: () => T): { value: T } | { failure: PluginFailure } => {
    if (state === 'dead') return { failure: fail(stage, `${info!.name} ${info!.version}: ${stage} not called: the plugin is dead`) };
    growDeniedBefore = getLimitStats(handle).memoryGrowDenied;
    setFuel(handle, fuel);
    const fuelBefore = getFuel(handle);
    const t0 = performance.now();
    try {
      return { value: fn() };
    } catch (e) {
      state = 'dead';
      failure = explain(stage, e, performance.now() - t0);
      return { failure };
    } finally {
      fuelUsed += fuelBefore - getFuel(handle);
    }
  };

  const described = call('describe', () => plugin.describe());
  if ('failure' in described) return described.failure;
  info = described.value;
  name = info.name;
  capabilities = info.capabilities;

  const started = call('init', () => plugin.init((options.settings ?? []).map(([k, v]) => [k, v])));
  if ('failure' in started) return started.failure;

  return {
    file,
    info,
    limits,
    get state() {
      return state;
    },
    get failure() {
      return failure;
    },
    get fuelUsed() {
      return fuelUsed;
    },
    describe() {
      const r = call('describe', () => plugin.describe());
      return 'value' in r ? r.value : r.failure;
    },
    shutdown() {
      if (state === 'stopped') return undefined;
      const r = call('shutdown', () => plugin.shutdown());
      if ('failure' in r) return r.failure;
      state = 'stopped';
      return undefined;
    },
  };
}

/** Loads every `.wasm` file of `dir` (sorted by name). */
export function scanPlugins(dir: string, options: HostOptions = {}): ScanResult {
  const loaded: LoadedPlugin[] = [];
  const failed: PluginFailure[] = [];
  const files = readdirSync(dir).filter((f) => f.endsWith('.wasm')).sort();
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(join(dir, file)));
    } catch (e) {
      failed.push({ file, stage: 'read', message: describeError(e) });
      continue;
    }
    const result = loadPlugin(file, bytes, options);
    if ('info' in result) loaded.push(result);
    else failed.push(result);
  }
  return { loaded, failed };
}

/** The listing line of a loaded plugin. */
export function describePlugin(p: LoadedPlugin): string {
  const caps = (Object.keys(p.info.capabilities) as Array<keyof Capabilities>)
    .filter((k) => p.info.capabilities[k])
    .map((k) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`));
  return `${p.info.name} ${p.info.version} (${p.file}): ${p.info.description} [${caps.join(', ') || 'no capabilities'}] tags: ${p.info.tags.join(', ') || '-'}`;
}
