// The plugin host's command line: loads every plugin of a folder, prints what each plugin logs
// and emits while starting, lists the plugins (one line each, failures included), then shuts the
// loaded ones down.
//
//   npx tsx examples/plugin-host/main.ts <folder> [--config key=value]... [--set key=value]...
//
//   --config key=value   answered to get-config (key, or <plugin>.<key> for one plugin only)
//   --set key=value      passed to every plugin's init
//
// Exit status: 0 when at least one plugin loaded, 1 when none did, 2 for bad usage.

import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describePlugin, scanPlugins, type HostEvent } from './host.js';

function printable(payload: Uint8Array): string {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(payload);
  return /^[\x20-\x7e]*$/.test(text) ? JSON.stringify(text) : `[${[...payload].join(' ')}]`;
}

export function main(argv: readonly string[], out: (line: string) => void = console.log): number {
  const config: Record<string, string> = {};
  const settings: Array<[string, string]> = [];
  let dir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--config' || a === '--set') {
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
    out('usage: plugin-host <folder> [--config key=value]... [--set key=value]...');
    return 2;
  }

  const { loaded, failed } = scanPlugins(dir, {
    config,
    settings,
    onLog: (plugin, level, message) => out(`  [${plugin}] ${level}: ${message}`),
    onEvent: (e: HostEvent) => out(`  [${e.plugin}] event ${e.name}: ${printable(e.payload)}`),
  });
  out(`${loaded.length} plugin(s) loaded, ${failed.length} failed:`);
  for (const p of loaded) out(`ok      ${describePlugin(p)}`);
  for (const f of failed) out(`FAILED  ${f.file}: ${f.message}`);
  for (const p of loaded) {
    const problem = p.shutdown();
    if (problem !== undefined) out(`FAILED  ${p.file}: shutdown: ${problem}`);
  }
  return loaded.length > 0 ? 0 : 1;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = main(process.argv.slice(2));
}
