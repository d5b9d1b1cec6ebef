// The plugin host's command line: loads every plugin of a folder, prints what each plugin logs
// and emits while starting, lists the plugins (one line each, failures included), then shuts the
// loaded ones down. Every plugin runs under the limits below (host.ts DEFAULT_LIMITS unless set);
// a plugin stopped by one is listed as FAILED with the limit named.
//
//   npx tsx examples/plugin-host/main.ts <folder> [--config key=value]... [--set key=value]...
//       [--fuel N] [--timeout MS] [--max-memory-pages N] [--max-call-depth N]
//
//   --config key=value     answered to get-config (key, or <plugin>.<key> for one plugin only)
//   --set key=value        passed to every plugin's init
//   --fuel N               fuel per call into a plugin (about one unit per wasm instruction)
//   --timeout MS           wall-clock limit of each call into a plugin
//   --max-memory-pages N   pages (64 KiB) each memory of a plugin may have
//   --max-call-depth N     nested wasm calls within one call
//   (each limit also takes `none`)
//
// Exit status: 0 when at least one plugin loaded, 1 when none did, 2 for bad usage.

import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describePlugin, scanPlugins, type HostEvent, type PluginLimits } from './host.js';

const LIMIT_FLAGS: Readonly<Record<string, keyof PluginLimits>> = {
  '--fuel': 'fuelPerCall',
  '--timeout': 'timeoutMs',
  '--max-memory-pages': 'maxMemoryPages',
  '--max-call-depth': 'maxCallDepth',
};

function printable(payload: Uint8Array): string {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(payload);
  return /^[\x20-\x7e]*$/.test(text) ? JSON.stringify(text) : `[${[...payload].join(' ')}]`;
}

export function main(argv: readonly string[], out: (line: string) => void = console.log): number {
  const config: Record<string, string> = {};
  const settings: Array<[string, string]> = [];
  const limits: Partial<Record<keyof PluginLimits, number>> = {};
  let dir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const limit = Object.hasOwn(LIMIT_FLAGS, a) ? LIMIT_FLAGS[a] : undefined;
    if (limit !== undefined) {
      const text = argv[++i];
      const n = text === 'none' ? Infinity : /^\d+$/.test(text ?? '') ? Number(text) : NaN;
      if (Number.isNaN(n)) {
        out(`plugin-host: ${a} needs a whole number or none`);
        return 2;
      }
      limits[limit] = n;
    } else if (a === '--config' || a === '--set') {
      const pair = argv[++i];
      const eq = pair?.indexOf('=') ?? -1;
      if (pair === undefined || eq <= 0) {
        out(`plugin-host: ${a} needs key=value`);
        return 2;
      }
      if (a === '--config') config[pair.slice(0, eq)] = pair.slice(eq + 1);
      else settings.push([pair.slice(0, eq), pair.slice(eq + 1)]);
    } else if (dir === undefined) {
      dir = a;
    } else {
      out(`plugin-host: unexpected argument ${a}`);
      return 2;
    }
  }
  if (dir === undefined || !existsSync(dir) || !statSync(dir).isDirectory()) {
    out('usage: plugin-host <folder> [--config key=value]... [--set key=value]... [--fuel N] [--timeout MS] [--max-memory-pages N] [--max-call-depth N]');
    return 2;
  }

  const { loaded, failed } = scanPlugins(dir, {
    config,
    settings,
    limits,
    onLog: (plugin, level, message) => out(`  [${plugin}] ${level}: ${message}`),
    onEvent: (e: HostEvent) => out(`  [${e.plugin}] event ${e.name}: ${printable(e.payload)}`),
  });
  out(`${loaded.length} plugin(s) loaded, ${failed.length} failed:`);
  for (const p of loaded) out(`ok      ${describePlugin(p)}`);
  for (const f of failed) out(`FAILED  ${f.file}: ${f.message}`);
  for (const p of loaded) {
    const problem = p.shutdown();
    if (problem !== undefined) out(`FAILED  ${p.file}: ${problem.message}`);
  }
  return loaded.length > 0 ? 0 : 1;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = main(process.argv.slice(2));
}
