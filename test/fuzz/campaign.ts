// A differential fuzzing campaign: for each seed, generate a module (generate.ts), run it on two
// engines (execute.ts, through an Executor from pool.ts), compare the logs (compare.ts), and keep
// every disagreement on disk under .cache/fuzz/fail-<seed>/ for reproduction.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { compareLogs, describeDifference, formatEntry, formatLog } from './compare.js';
import { CACHE_DIR, ModuleGenerator, type GenerateOptions } from './generate.js';
import type { RunLog } from './execute.js';
import type { Executor, JobOutcome } from './pool.js';

export type ModuleStatus =
  /** Both engines executed the module and the logs are equal. */
  | 'agree'
  /** One engine could only compile: the compile results are equal. */
  | 'agree-compile-only'
  /** Both engines timed out (neither log can be compared). */
  | 'both-timeout'
  | 'disagree';

export interface ModuleResult {
  readonly seed: number;
  readonly size: number;
  readonly status: ModuleStatus;
  readonly a: JobOutcome;
  readonly b: JobOutcome;
  /** Human-readable description of the disagreement. */
  readonly difference?: string;
  /** The first differing log entries (or outcome descriptions), one per engine. */
  readonly first?: { readonly a: string; readonly b: string };
  /** Where the disagreement was written. */
  readonly failDir?: string;
  readonly genMs: number;
  readonly fromCache: boolean;
}

export interface CampaignOptions {
  readonly seeds: readonly number[];
  readonly engineA: string;
  readonly engineB: string;
  readonly executor: Executor;
  readonly generate?: GenerateOptions;
  /** Calls of every export (round 0 with zero arguments). */
  readonly rounds?: number;
  /** Write disagreements to .cache/fuzz/fail-<seed>/ (default true). */
  readonly writeFailures?: boolean;
  /** Modules in flight at once (default 4). */
  readonly inflight?: number;
  /** The command line that reproduces a seed (written into the fail directory). */
  readonly reproCommand?: (seed: number) => string;
  readonly onResult?: (result: ModuleResult, done: number, total: number) => void;
}

export interface CampaignSummary {
  readonly modules: number;
  readonly disagreements: number;
  readonly agreeCompileOnly: number;
  readonly bothTimeout: number;
  readonly results: readonly ModuleResult[];
  readonly wallMs: number;
  /** Total generation time (0 for cached modules) and how many came from the cache. */
  readonly genMs: number;
  readonly cached: number;
  /** Total in-engine execution time per side. */
  readonly execMsA: number;
  readonly execMsB: number;
}

function describeOutcome(engine: string, o: JobOutcome): string {
  if (o.kind === 'timeout') return `${engine} timed out after ${Math.round(o.ms)} ms`;
  if (o.kind === 'crash') return `${engine}: harness crash: ${o.error.split('\n')[0]}`;
  return `${engine}: ${o.log.entries.length} log entries`;
}

export interface Verdict {
  readonly status: ModuleStatus;
  readonly difference?: string;
  readonly first?: { readonly a: string; readonly b: string };
}

export function judge(engineA: string, engineB: string, a: JobOutcome, b: JobOutcome): Verdict {
  if (a.kind === 'timeout' && b.kind === 'timeout') return { status: 'both-timeout' };
  if (a.kind !== 'done' || b.kind !== 'done') {
    const first = { a: describeOutcome(engineA, a), b: describeOutcome(engineB, b) };
    return { status: 'disagree', difference: `${first.a}; ${first.b}`, first };
  }
  const la: RunLog = a.log;
  const lb: RunLog = b.log;
  const compileOnly = !la.executed || !lb.executed;
  // When one engine could only compile, compare what both did: the compile result.
  const d = compileOnly ? compareLogs(la.entries.slice(0, 1), lb.entries.slice(0, 1)) : compareLogs(la.entries, lb.entries);
  if (!d) return { status: compileOnly ? 'agree-compile-only' : 'agree' };
  return { status: 'disagree', difference: describeDifference(d, la, lb), first: { a: formatEntry(d.a), b: formatEntry(d.b) } };
}

async function writeFailure(
  generator: ModuleGenerator,
  seed: number,
  bytes: Uint8Array,
  engineA: string,
  engineB: string,
  a: JobOutcome,
  b: JobOutcome,
  difference: string,
  repro: string,
): Promise<string> {
  const dir = path.join(CACHE_DIR, `fail-${seed}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'module.wasm'), bytes);
  const wat = await generator.toText(bytes);
  if (wat !== undefined) fs.writeFileSync(path.join(dir, 'module.wat'), wat);
  const logName = (side: string, engine: string): string => (engineA === engineB ? `${side}-${engine}.log` : `${engine}.log`);
  const logText = (o: JobOutcome): string => (o.kind === 'done' ? formatLog(o.log) : o.kind === 'timeout' ? `timed out after ${Math.round(o.ms)} ms\n` : `harness crash:\n${o.error}\n`);
  fs.writeFileSync(path.join(dir, logName('a', engineA)), logText(a));
  fs.writeFileSync(path.join(dir, logName('b', engineB)), logText(b));
  fs.writeFileSync(
    path.join(dir, 'README.txt'),
    `seed ${seed}: ${engineA} vs ${engineB}\n${difference}\n\nreproduce:\n  ${repro}\n` +
      `(module.wasm is the generated module; the harness appends __fuzz_harness_* exports to it before running)\n\n` +
      `binaryen's own interpreter on it (a third opinion, not the oracle; it calls exports with zero arguments, once):\n` +
      `  node_modules/binaryen/bin/wasm-opt ${path.relative(process.cwd(), path.join(dir, 'module.wasm'))} --all-features --fuzz-exec-before -q\n`,
  );
  return dir;
}

export async function runCampaign(options: CampaignOptions): Promise<CampaignSummary> {
  const started = performance.now();
  const generator = await ModuleGenerator.create(options.generate ?? {});
  const results: ModuleResult[] = new Array(options.seeds.length);
  const inflightLimit = Math.max(1, options.inflight ?? 4);
  const running = new Set<Promise<void>>();
  let done = 0;
  let genMs = 0;
  let cached = 0;

  for (let i = 0; i < options.seeds.length; i++) {
    const seed = options.seeds[i]! >>> 0;
    const gen = await generator.generate(seed);
    genMs += gen.ms;
    if (gen.fromCache) cached++;
    const execOptions = { argSeed: seed, ...(options.rounds === undefined ? {} : { rounds: options.rounds }) };
    const task = (async () => {
      const [a, b] = await Promise.all([
        options.executor.run({ engine: options.engineA, bytes: gen.bytes, options: execOptions }),
        options.executor.run({ engine: options.engineB, bytes: gen.bytes, options: execOptions }),
      ]);
      const verdict = judge(options.engineA, options.engineB, a, b);
      let failDir: string | undefined;
      if (verdict.status === 'disagree' && options.writeFailures !== false) {
        const repro = options.reproCommand?.(seed) ?? `npm run fuzz:diff -- --seed ${seed} --count 1 --engine-a ${options.engineA} --engine-b ${options.engineB}`;
        failDir = await writeFailure(generator, seed, gen.bytes, options.engineA, options.engineB, a, b, verdict.difference ?? '', repro);
      }
      const result: ModuleResult = {
        seed,
        size: gen.bytes.length,
        status: verdict.status,
        a,
        b,
        genMs: gen.ms,
        fromCache: gen.fromCache,
        ...(verdict.difference === undefined ? {} : { difference: verdict.difference }),
        ...(verdict.first === undefined ? {} : { first: verdict.first }),
        ...(failDir === undefined ? {} : { failDir }),
      };
      results[i] = result;
      done++;
      options.onResult?.(result, done, options.seeds.length);
    })();
    running.add(task);
    void task.finally(() => running.delete(task));
    if (running.size >= inflightLimit) await Promise.race(running);
  }
  await Promise.all(running);

  const execMs = (o: JobOutcome): number => (o.kind === 'done' ? o.log.ms : 0);
  return {
    modules: results.length,
    disagreements: results.filter((r) => r.status === 'disagree').length,
    agreeCompileOnly: results.filter((r) => r.status === 'agree-compile-only').length,
    bothTimeout: results.filter((r) => r.status === 'both-timeout').length,
    results,
    wallMs: performance.now() - started,
    genMs,
    cached,
    execMsA: results.reduce((s, r) => s + execMs(r.a), 0),
    execMsB: results.reduce((s, r) => s + execMs(r.b), 0),
  };
}

/** Seeds start, start+1, ... (deterministic). */
export function seedRange(start: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => (start + i) >>> 0);
}

export function formatSummary(s: CampaignSummary, engineA: string, engineB: string): string {
  const parts = [`${s.modules} modules, ${s.disagreements} disagreements`];
  const extra: string[] = [];
  if (s.agreeCompileOnly > 0) extra.push(`${s.agreeCompileOnly} compared at compile only`);
  if (s.bothTimeout > 0) extra.push(`${s.bothTimeout} timed out on both`);
  if (extra.length > 0) parts.push(` (${extra.join(', ')})`);
  const perModule = (ms: number): string => (s.modules === 0 ? '-' : `${(ms / s.modules).toFixed(1)} ms`);
  parts.push(
    `\n${engineA} vs ${engineB}: wall ${(s.wallMs / 1000).toFixed(1)} s (${perModule(s.wallMs)}/module); ` +
      `generation ${(s.genMs / 1000).toFixed(1)} s (${s.cached} cached); ` +
      `execution ${perModule(s.execMsA)}/module on ${engineA}, ${perModule(s.execMsB)}/module on ${engineB}`,
  );
  return parts.join('');
}
