// A plugin host on purewasm's component API: every `.wasm` file of a folder is a candidate plugin
// for the `plugin-system:api/plugin` world (wit/plugin-system.wit). Each is compiled
// (`compileComponent`), checked to export `plugin-metadata` and `plugin-lifecycle`, instantiated
// with this host's `host-api` (log, get-config, emit-event), described and initialised. A file
// that is not a component, a component that is not a plugin, a missing import, an `init` that
// returns an error and a plugin that traps are each reported as one failure; the other plugins
// are unaffected (each has its own instance, and a trapped instance is never called again).
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
import { compileComponent, ComponentError, CompileError, LinkError, RuntimeError } from '../../src/index.js';

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

interface PluginExports {
  readonly describe: () => PluginInfo;
  readonly init: (config: Array<[string, string]>) => void;
  readonly shutdown: () => void;
}

export interface LoadedPlugin {
  readonly file: string;
  readonly info: PluginInfo;
  /** Calls the plugin's `shutdown`; returns an error message if it failed. */
  shutdown(): string | undefined;
}

export type Stage = 'read' | 'compile' | 'check' | 'instantiate' | 'describe' | 'init';

export interface PluginFailure {
  readonly file: string;
  readonly stage: Stage;
  /** One line. */
  readonly message: string;
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
  return text.replace(/\s*\n\s*/g, ' ');
}

/** The export of `exports` named `name` or `name@<version>`. */
function findInterface(names: Iterable<string>, name: string): string | undefined {
  for (const n of names) if (n === name || n.startsWith(`${name}@`)) return n;
  return undefined;
}

/** Loads one plugin file; a failure at any stage is returned, never thrown. */
export function loadPlugin(file: string, bytes: Uint8Array, options: HostOptions = {}): LoadedPlugin | PluginFailure {
  const fail = (stage: Stage, message: string): PluginFailure => ({ file, stage, message: message.replace(/\s*\n\s*/g, ' ') });
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

  let plugin: PluginExports;
  try {
    const { exports } = component.instantiate({ [HOST_API]: hostApi });
    const metadata = exports[metadataName] as { describe: PluginExports['describe'] };
    const lifecycle = exports[lifecycleName] as { init: PluginExports['init']; shutdown: PluginExports['shutdown'] };
    plugin = { describe: metadata.describe, init: lifecycle.init, shutdown: lifecycle.shutdown };
  } catch (e) {
    return fail('instantiate', e instanceof LinkError ? `cannot link: ${e.message}` : describeError(e));
  }

  let info: PluginInfo;
  try {
    info = plugin.describe();
  } catch (e) {
    return fail('describe', `describe failed: ${describeError(e)}`);
  }
  name = info.name;
  capabilities = info.capabilities;

  try {
    plugin.init((options.settings ?? []).map(([k, v]) => [k, v]));
  } catch (e) {
    const why = e instanceof RuntimeError ? `init trapped: ${e.message}` : `init failed: ${describeError(e)}`;
    return fail('init', `${info.name} ${info.version}: ${why}`);
  }

  let stopped = false;
  return {
    file,
    info,
    shutdown() {
      if (stopped) return undefined;
      stopped = true;
      try {
        plugin.shutdown();
        return undefined;
      } catch (e) {
        return describeError(e);
      }
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
