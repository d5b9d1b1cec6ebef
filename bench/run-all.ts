// bench/run-all: every benchmark section in one run, then bench/RESULTS.md and the charts.
//
//   npm run bench [-- options]
//     --only a,b      run only these sections (decode, interp, abi, image-service, sandboxes,
//                     seed-table, limits); the others are kept from bench/results.json and
//                     RESULTS.md says which run each section comes from
//     --report-only   measure nothing: rewrite RESULTS.md and the charts from bench/results.json
//                     (npm run bench:report)
//     --no-profiles   do not profile the missed aims
//
// Each section is its own script, run as a child process (`node --import tsx SCRIPT ... --json
// FILE`), one after the other so that they do not compete for the 2 cores; its output goes to
// .cache/bench/<section>.log. The sections and their run counts (≥ 5 timed runs everywhere; the
// whole is sized to take 6–7 minutes on the project's 2-core machine) are in SECTIONS below.
// bench/limits.ts is run when it exists. Then the aims of issue 9 are judged from the results
// (bench/report/results.ts); each missed aim is profiled (bench/abi/profile.ts for ABI rows,
// bench/image-service.ts --profile-only for cold start) and the top self-time entries go into
// RESULTS.md. Everything measured is written to bench/results.json first; RESULTS.md
// (bench/report/results-md.ts) and bench/charts/*.svg (bench/report/charts.ts, vega-lite → vega
// → SVG) are made from that file.

import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, arch, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderCharts } from './report/charts.js';
import { judgeAims, SECTION_IDS, type ProfileRun, type Results, type SectionId, type SectionRun } from './report/results.js';
import { writeResultsMd } from './report/results-md.js';
import type { CpuProfileJson, ProfileSummary } from './report/types.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS_JSON = join(ROOT, 'bench/results.json');
const LOGS = join(ROOT, '.cache/bench');

interface Section {
  id: SectionId;
  script: string;
  args: string[];
  /** give up after this long */
  timeoutS: number;
  /** run only if the script exists (written by someone else) */
  optional?: boolean;
}

// Run counts: every section takes ≥ 5 timed runs per cell. Measured on the 2-core VM:
// decode ~15 s, interp ~90 s, abi ~55 s, image-service ~20 s, sandboxes ~85 s, seed-table ~95 s.
const SECTIONS: Section[] = [
  { id: 'decode', script: 'bench/decode.ts', args: ['--runs', '5'], timeoutS: 120 },
  {
    id: 'interp', script: 'bench/interp.ts', timeoutS: 300,
    // webassemblyjs gets few kernels right and is very slow on the rest: a short timeout for it,
    // and it is left out under --jitless (where it got none right); --jitless at 1/20 of the sizes
    args: ['--runs', '5', '--timeout', '20', '--timeout', 'webassemblyjs=3', '--jitless', '--jitless-scale', '0.05', '--jitless-engines', 'node,purewasm,polywasm'],
  },
  { id: 'abi', script: 'bench/abi/run.ts', args: ['--runs', '7'], timeoutS: 240 },
  { id: 'image-service', script: 'bench/image-service.ts', args: ['--runs', '7', '--snapshot'], timeoutS: 180 },
  { id: 'sandboxes', script: 'bench/sandboxes.ts', args: ['--runs', '5'], timeoutS: 300 },
  { id: 'seed-table', script: 'bench/seed-table/run.ts', args: ['--runs', '5'], timeoutS: 300 },
  { id: 'limits', script: 'bench/limits.ts', args: ['--runs', '5'], timeoutS: 180, optional: true },
];

// ---------- options ----------

const argv = process.argv.slice(2);
let only: SectionId[] | undefined;
let reportOnly = false;
let profiles = true;
for (let i = 0; i < argv.length; i++) {
  const a = argv[i]!;
  if (a === '--only') {
    only = (argv[++i] ?? '').split(',').filter(Boolean) as SectionId[];
    for (const s of only) if (!SECTION_IDS.includes(s)) throw new Error(`bench/run-all: unknown section ${s} (have: ${SECTION_IDS.join(', ')})`);
  } else if (a === '--report-only') {
    reportOnly = true;
  } else if (a === '--no-profiles') {
    profiles = false;
  } else {
    throw new Error(`bench/run-all: unknown option ${a}`);
  }
}

// ---------- running a child ----------

const rel = (p: string): string => (p.startsWith(ROOT) ? p.slice(ROOT.length) : p);
const load1 = (): number => Math.round(loadavg()[0]! * 100) / 100;
const elapsed = (t0: number): string => `${((performance.now() - t0) / 1000).toFixed(0)} s`;

/** The process group of the child running now, stopped if this process is interrupted. */
let running: number | undefined;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    if (running !== undefined) try { process.kill(-running, 'SIGKILL'); } catch { /* already gone */ }
    process.exit(130);
  });
}

/** Runs `node --import tsx script args` in its own process group, output to the log; resolves
 * with whether it exited 0. */
function runChild(script: string, args: string[], log: string, timeoutS: number): Promise<{ ok: boolean; reason?: string }> {
  return new Promise((resolve) => {
    const out = createWriteStream(log);
    out.write(`$ node --import tsx ${script} ${args.join(' ')}\n`);
    const cp = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    running = cp.pid;
    let tail = '';
    const keep = (d: Buffer): void => {
      out.write(d);
      tail = (tail + d.toString()).slice(-4000);
    };
    cp.stdout.on('data', keep);
    cp.stderr.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-cp.pid!, 'SIGKILL'); } catch { cp.kill('SIGKILL'); } // the child and what it started
    }, timeoutS * 1000);
    cp.on('close', (code, signal) => {
      clearTimeout(timer);
      running = undefined;
      out.end();
      if (timedOut) resolve({ ok: false, reason: `stopped after ${timeoutS} s` });
      else if (code === 0) resolve({ ok: true });
      else {
        const lines = tail.trim().split('\n').filter((l) => !/^npm warn|ExperimentalWarning|--trace-warnings|^\s*$/.test(l));
        const error = [...lines].reverse().find((l) => /^\s*(\w*Error|Error)\b.*:|^\s*!!/.test(l) && !/^\s+at /.test(l));
        resolve({ ok: false, reason: `exit ${code ?? signal}: ${(error ?? lines.slice(-3).join(' / ')).trim().slice(0, 600)}` });
      }
    });
  });
}

async function runSection(s: Section): Promise<SectionRun> {
  const command = `npx tsx ${s.script}${s.args.length ? ` ${s.args.join(' ')}` : ''} --json FILE`;
  const base = { id: s.id, command, startedAt: new Date().toISOString() };
  if (s.optional && !existsSync(join(ROOT, s.script))) {
    return { ...base, status: 'skipped', reason: `${s.script} does not exist`, seconds: 0, load: [load1(), load1()] };
  }
  const json = join(LOGS, `${s.id}.json`);
  rmSync(json, { force: true });
  const l0 = load1();
  const t0 = performance.now();
  process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] ${s.id}: ${command} (load ${l0}) … `);
  const r = await runChild(s.script, [...s.args, '--json', json], join(LOGS, `${s.id}.log`), s.timeoutS);
  const seconds = (performance.now() - t0) / 1000;
  const run: SectionRun = { ...base, status: 'ok', seconds, load: [l0, load1()] };
  if (r.ok && existsSync(json)) {
    run.data = JSON.parse(readFileSync(json, 'utf8')) as SectionRun['data'];
  } else {
    run.status = 'failed';
    run.reason = r.reason ?? 'it wrote no JSON';
  }
  console.log(`${run.status} in ${seconds.toFixed(0)} s${run.reason ? ` — ${run.reason.slice(0, 300)}` : ''} (log: ${rel(join(LOGS, `${s.id}.log`))})`);
  return run;
}

async function runProfile(p: NonNullable<Results['aims'][number]['profile']>, aim: ProfileRun['aim']): Promise<ProfileRun> {
  const json = join(LOGS, `profile-${aim}.json`);
  rmSync(json, { force: true });
  const [script, args] = p.kind === 'abi'
    ? ['bench/abi/profile.ts', ['--top', '12', '--json', json, '--', '--engines', 'purewasm', '--no-cold', '--no-core', '--only', p.only, '--runs', '50']]
    : ['bench/image-service.ts', ['--profile-only', join(LOGS, 'cold'), '--json', json]];
  const shown = args.map((a) => (a === json ? 'FILE' : a.startsWith(LOGS) ? rel(a) : /[ ()]/.test(a) ? `'${a}'` : a));
  const command = `npx tsx ${script} ${shown.join(' ')}`;
  const t0 = performance.now();
  process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] profile for ${aim}: ${command} … `);
  const r = await runChild(script, args, join(LOGS, `profile-${aim}.log`), 180);
  const seconds = (performance.now() - t0) / 1000;
  console.log(`${r.ok ? 'ok' : 'failed'} in ${seconds.toFixed(0)} s`);
  const run: ProfileRun = { aim, command, status: r.ok && existsSync(json) ? 'ok' : 'failed', seconds };
  if (run.status === 'failed') run.reason = r.reason ?? 'it wrote no JSON';
  else if (p.kind === 'abi') run.abi = JSON.parse(readFileSync(json, 'utf8')) as CpuProfileJson;
  else run.cold = JSON.parse(readFileSync(json, 'utf8')) as ProfileSummary;
  return run;
}

// ---------- the run ----------

function git(...args: string[]): string | null {
  const r = spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trimEnd() : null; // (not trimStart: porcelain lines begin with a space)
}

async function measure(previous: Results | undefined): Promise<Results> {
  mkdirSync(LOGS, { recursive: true });
  const t0 = performance.now();
  const loadStart = loadavg().map((x) => Math.round(x * 100) / 100);
  const results: Results = {
    generator: 'bench/run-all.ts',
    date: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10, os: `${platform()} ${release()} ${arch()}` },
    node: process.version,
    v8: process.versions.v8,
    command: process.env.npm_lifecycle_event === 'bench' ? `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}` : `npx tsx bench/run-all.ts ${argv.join(' ')}`.trim(),
    totalSeconds: 0,
    load: { start: loadStart, end: [] },
    source: {
      commit: git('rev-parse', '--short', 'HEAD'),
      changed: (git('status', '--porcelain', '--untracked-files=all', '--', 'src', 'bench', 'package.json') ?? '').split('\n').filter(Boolean).map((l) => l.slice(3))
        .filter((f) => !f.startsWith('bench/results.json') && !f.startsWith('bench/RESULTS.md') && !f.startsWith('bench/charts/')),
    },
    sections: {},
    aims: [],
    profiles: [],
  };
  console.log(`bench: ${results.machine.cpu} ×${results.machine.cores}, ${results.machine.memGiB} GiB, node ${process.version}; load average ${loadStart.join(' ')}`);
  for (const s of SECTIONS) {
    if (only && !only.includes(s.id)) {
      const kept = previous?.sections[s.id];
      if (kept) (results.sections as Record<string, SectionRun>)[s.id] = kept;
      continue;
    }
    (results.sections as Record<string, SectionRun>)[s.id] = await runSection(s);
  }
  results.aims = judgeAims(results);
  if (profiles) {
    for (const aim of results.aims) {
      if (aim.met === false && aim.profile) results.profiles.push(await runProfile(aim.profile, aim.id));
    }
  } else if (previous) {
    results.profiles = previous.profiles.filter((p) => results.aims.some((a) => a.id === p.aim && a.met === false));
  }
  results.load.end = loadavg().map((x) => Math.round(x * 100) / 100);
  results.totalSeconds = (performance.now() - t0) / 1000;
  console.log(`measured in ${elapsed(t0)}; load average ${results.load.end.join(' ')}`);
  return results;
}

const previous = existsSync(RESULTS_JSON) ? (JSON.parse(readFileSync(RESULTS_JSON, 'utf8')) as Results) : undefined;
let results: Results;
if (reportOnly) {
  if (!previous) throw new Error('bench/run-all: --report-only needs bench/results.json (run `npm run bench` first)');
  results = previous;
  results.aims = judgeAims(results);
} else {
  results = await measure(previous);
  const ran = Object.values(results.sections).filter((s) => s.status !== 'skipped' && (!only || only.includes(s.id)));
  if (ran.length && ran.every((s) => s.status === 'failed')) {
    // e.g. src/ does not load: keep the last good results rather than a file of failures
    console.error(`\n!! every section failed (first: ${ran[0]!.reason}); bench/results.json, RESULTS.md and the charts are left as they were`);
    process.exit(1);
  }
  writeFileSync(RESULTS_JSON, `${JSON.stringify(results, null, 1)}\n`);
  console.log(`wrote ${rel(RESULTS_JSON)}`);
}
const charts = await renderCharts(results, join(ROOT, 'bench/charts'));
writeResultsMd(results, charts, join(ROOT, 'bench/RESULTS.md'));
console.log(`wrote bench/RESULTS.md${charts.rendered.length ? ` and ${charts.rendered.map((c) => `bench/charts/${c}`).join(', ')}` : ''}`);
for (const a of results.aims) console.log(`  aim ${a.met === null ? 'not measured' : a.met ? 'met    ' : 'NOT met'}  ${a.ratio === null ? '' : `ratio ${a.ratio.toFixed(2)}  `}${a.title}`);
if (charts.error) {
  console.error(`\n!! the charts were not rendered: ${charts.error}`);
  process.exitCode = 1;
}
