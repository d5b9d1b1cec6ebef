// Spawns test/real/run-programs.ts in a child node process and parses its JSON report.

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AllResults } from './programs.js';

export interface Report {
  engine: 'native' | 'polyfill' | 'polywasm';
  execArgv: string[];
  hostHadWebAssembly: boolean;
  installed: boolean;
  globalIsPurewasm: boolean;
  instances: Partial<Record<keyof AllResults, number>>;
  totalMs: number;
  results: Partial<AllResults>;
  /** measured by the parent: spawn to exit, ms */
  wallMs: number;
}

const script = fileURLToPath(new URL('./run-programs.ts', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));

/** `node [nodeFlags] --import tsx test/real/run-programs.ts --engine <engine> --repeat <n> [--only ...]` */
export function runPrograms(engine: 'native' | 'polyfill' | 'polywasm', nodeFlags: string[] = [], only?: string[], repeat = 1): Promise<Report> {
  const args = [...nodeFlags, '--import', 'tsx', script, '--engine', engine, '--repeat', String(repeat)];
  if (only) args.push('--only', only.join(','));
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: root, maxBuffer: 64 << 20, timeout: 120_000 }, (err, stdout, stderr) => {
      if (err) {
        reject(new Error(`${args.join(' ')} failed: ${err.message}\n${stderr}\n${stdout.slice(-2000)}`));
        return;
      }
      const line = stdout.trim().split('\n').pop() ?? '';
      try {
        resolve({ ...(JSON.parse(line) as Omit<Report, 'wallMs'>), wallMs: performance.now() - t0 });
      } catch (e) {
        reject(new Error(`no JSON report from ${args.join(' ')}: ${String(e)}\n${stdout.slice(-2000)}\n${stderr}`));
      }
    });
  });
}
