// Runs the workload in a child node process: writes the ESM bundle, the guest script and a small
// driver into a temporary directory, runs `node <flags> driver.mjs` with the input on stdin, and
// returns what the driver printed (the result JSON) plus what it reported about its realm.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ChildRun { status: number | null; stdout: string; stderr: string; ms: number }

/** `driver` is an ES module source; it may import './purewasm.mjs' and read './guest.js'. */
export function runChild(flags: string[], files: Record<string, string>, driver: string, input: string): ChildRun {
  const dir = mkdtempSync(join(tmpdir(), 'purewasm-child-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    writeFileSync(join(dir, 'driver.mjs'), driver);
    const t0 = Date.now();
    const r = spawnSync(process.execPath, [...flags, join(dir, 'driver.mjs')], { input, encoding: 'utf8', maxBuffer: 1 << 28, timeout: 120_000 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t0 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
