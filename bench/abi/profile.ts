// Where the ABI time goes: runs bench/abi/run.ts under `node --cpu-prof` and lists the functions
// with the most self time, with their source file:line (1-based).
//
//   npx tsx bench/abi/profile.ts [--top N] [--all] [--keep] [--entry file.ts] [--json FILE] -- <run.ts options>
//   e.g. npx tsx bench/abi/profile.ts -- --engines purewasm --no-cold --no-core --only echo-record
// (--entry profiles another script the same way, e.g. one timing compileComponent.)
//
// tsx hands V8 each file as one long line, which makes a profile's positions useless, so run.ts
// is first bundled with esbuild (with a source map) into .cache/bench-abi/, and the profile's
// positions are mapped back through that source map. Functions outside src/ and bench/ are
// summed per category unless --all is given. --keep leaves the .cpuprofile there (printed).
// --json FILE also writes the top N as JSON (bench/report/types.ts: CpuProfileJson).

import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { CpuProfileJson } from '../report/types.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const here = fileURLToPath(new URL('./', import.meta.url));
const outDir = join(root, '.cache', 'bench-abi');

const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const own = dash >= 0 ? argv.slice(0, dash) : argv;
const passOn = dash >= 0 ? argv.slice(dash + 1) : [];
const topAt = own.indexOf('--top');
const top = topAt >= 0 ? Number(own[topAt + 1]) : 30;
const all = own.includes('--all');
const keep = own.includes('--keep');
const entryAt = own.indexOf('--entry');
const entry = entryAt >= 0 ? resolve(own[entryAt + 1]!) : join(here, 'run.ts');
const jsonAt = own.indexOf('--json');
const jsonFile = jsonAt >= 0 ? own[jsonAt + 1] : undefined;

// ---------- bundle, run ----------

mkdirSync(outDir, { recursive: true });
const bundle = join(outDir, 'run.mjs');
await build({
  entryPoints: [entry],
  outfile: bundle,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'external',
  external: ['@bytecodealliance/jco', 'tsx'],
  logLevel: 'warning',
});
const profDir = join(outDir, `prof-${process.pid}`);
rmSync(profDir, { recursive: true, force: true });
const r = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profDir}`, bundle, ...passOn], {
  stdio: 'inherit',
  env: { ...process.env, PUREWASM_BENCH_ABI_DIR: here },
});
if (r.status !== 0) process.exit(r.status ?? 1);
const profFile = join(profDir, readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'))!);

// ---------- source map ----------

interface SourceMap { sources: string[]; mappings: string }
const map = JSON.parse(readFileSync(`${bundle}.map`, 'utf8')) as SourceMap;
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Per generated line: [generated column, source index, source line] segments, in column order. */
function decodeMappings(mappings: string): [number, number, number][][] {
  const lines: [number, number, number][][] = [];
  let src = 0, srcLine = 0, srcCol = 0, name = 0;
  for (const line of mappings.split(';')) {
    const segs: [number, number, number][] = [];
    let col = 0;
    for (const seg of line.split(',')) {
      if (!seg) continue;
      const fields: number[] = [];
      let value = 0, shift = 0;
      for (const ch of seg) {
        const d = B64.indexOf(ch);
        value += (d & 31) << shift;
        if (d & 32) {
          shift += 5;
        } else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      col += fields[0]!;
      if (fields.length >= 4) {
        src += fields[1]!;
        srcLine += fields[2]!;
        srcCol += fields[3]!;
        if (fields.length >= 5) name += fields[4]!;
        segs.push([col, src, srcLine]);
      }
    }
    lines.push(segs);
  }
  return lines;
}
const decoded = decodeMappings(map.mappings);

function original(line: number, col: number): string | undefined {
  const segs = decoded[line];
  if (!segs || !segs.length) return undefined;
  let best = segs[0]!;
  for (const s of segs) {
    if (s[0] > col) break;
    best = s;
  }
  const file = relative(root, resolve(outDir, map.sources[best[1]]!));
  return `${file}:${best[2] + 1}`;
}

// ---------- profile ----------

interface CallFrame { functionName: string; url: string; lineNumber: number; columnNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

const profile = JSON.parse(readFileSync(profFile, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const bundleUrl = `file://${bundle}`;
const totals = new Map<string, number>();
let total = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const cf = byId.get(profile.samples[i]!)!.callFrame;
  const us = profile.timeDeltas[i] ?? 0;
  total += us;
  const loc = cf.url === bundleUrl ? original(cf.lineNumber, cf.columnNumber) : undefined;
  const ours = loc !== undefined && (loc.startsWith('src/') || loc.startsWith('bench/'));
  let key: string;
  if (ours || (all && loc !== undefined)) key = `${cf.functionName || '(anonymous)'}  ${loc}`;
  else if (all && cf.url) key = `${cf.functionName || '(anonymous)'}  ${cf.url}:${cf.lineNumber + 1}`;
  else if (!cf.url) key = cf.functionName || '(native)';
  else key = cf.url.includes('node_modules') ? '(node_modules)' : '(node internals)';
  totals.set(key, (totals.get(key) ?? 0) + us);
}

console.log(`\n${(total / 1000).toFixed(0)} ms sampled; self time by function:`);
console.log('   ms      %  function  file:line');
const ranked = [...totals].sort((a, b) => b[1] - a[1]).slice(0, top);
for (const [key, us] of ranked) {
  console.log(`${(us / 1000).toFixed(1).padStart(7)}  ${((100 * us) / total).toFixed(1).padStart(5)}  ${key}`);
}
if (jsonFile !== undefined) {
  const out: CpuProfileJson = { sampledMs: total / 1000, top: ranked.map(([key, us]) => ({ key, ms: us / 1000, pct: (100 * us) / total })) };
  writeFileSync(jsonFile, JSON.stringify(out, null, 1));
}
if (keep) console.log(`profile: ${profFile}`);
else rmSync(profDir, { recursive: true, force: true });
