// The echo campaign: generated components of echo functions, each function called with
// generated arguments on every engine; outcomes compared with the model (model.ts) and between
// engines. Deterministic in (seed, count): component i of a seed is drawn by fast-check from
// seed·1000003 + i.

import fc from 'fast-check';
import { abiShape, ECHO_INTERFACE, echoComponentText, type EchoFunc, witSignature } from './build.js';
import { capture, cloneValue, diffOutcomes, type Outcome, show } from './compare.js';
import { type ComponentEngine, parseText } from './engines.js';
import { argsArb, echoFuncArb } from './generate.js';
import { expectedOutcome } from './model.js';
import { kindsOf, typeDepth } from './text.js';
import { badArgsArb } from './bad-input.js';
import { explainDisagreement, explainModelMismatch } from './known.js';

export const FUNCS_PER_COMPONENT = 40;
export const CALLS_PER_FUNC = 3;

export type Mode = 'echo' | 'bad-input';

export interface GeneratedComponent {
  readonly funcs: readonly EchoFunc[];
  /** args[f][k]: the k-th argument list for funcs[f]. */
  readonly args: readonly (readonly unknown[])[][];
  /** For bad-input mode: what was broken in each argument list. */
  readonly notes?: readonly (readonly string[])[];
  /** Every call grows the memory during lowering (odd component indices). */
  readonly growMemory: boolean;
}

export function componentSeed(seed: number, index: number): number {
  return (seed * 1000003 + index) | 0;
}

export function generateComponent(seed: number, index: number, mode: Mode, latin1Strings = false): GeneratedComponent {
  const names = Array.from({ length: FUNCS_PER_COMPONENT }, (_, i) => `f${i}`);
  const funcsArb = fc.tuple(...names.map((n) => echoFuncArb(n, latin1Strings)));
  if (mode === 'echo') {
    const arb = funcsArb.chain((funcs) => fc.tuple(fc.constant(funcs), fc.tuple(...funcs.map((f) => argsArb(f, CALLS_PER_FUNC)))));
    const [funcs, args] = fc.sample(arb, { seed: componentSeed(seed, index), numRuns: 1 })[0]!;
    return { funcs, args, growMemory: index % 2 === 1 };
  }
  const arb = funcsArb.chain((funcs) => fc.tuple(fc.constant(funcs), fc.tuple(...funcs.map((f) => badArgsArb(f, CALLS_PER_FUNC)))));
  const [funcs, bad] = fc.sample(arb, { seed: componentSeed(seed, index), numRuns: 1 })[0]!;
  return {
    funcs, args: bad.map((calls) => calls.map((c) => c.args)), notes: bad.map((calls) => calls.map((c) => c.note)), growMemory: index % 2 === 1,
  };
}

export interface Disagreement {
  readonly seed: number;
  readonly component: number;
  readonly between: string;
  readonly signature: string;
  readonly encoding: string;
  readonly shape: string;
  readonly args: string;
  readonly note?: string | undefined;
  readonly detail: string;
  /** The component text of this function alone (for a standalone reproduction). */
  readonly text: string;
}

export interface Stats {
  kinds: Record<string, number>;
  depths: Record<number, number>;
  shapes: Record<string, number>;
  encodings: Record<string, number>;
  funcKinds: Record<string, number>;
  outcomes: Record<string, number>;
}

function bump(rec: Record<string | number, number>, key: string | number): void {
  rec[key] = (rec[key] ?? 0) + 1;
}

function shapeOf(f: EchoFunc): string {
  const s = abiShape(f);
  return `${s.paramsInMemory ? 'params-in-memory' : 'flat-params'}/${f.kind === 'sink' ? 'no-result' : s.resultInMemory ? 'result-in-memory' : 'flat-result'}`;
}

export interface JobSpec {
  readonly seed: number;
  readonly index: number;
  readonly mode: Mode;
  /** Run at most this many cases of the component (the last one of a campaign may be cut short). */
  readonly budget: number;
  /** Lift and lower strings with latin1+utf16 at the host boundary (jco cannot: purewasm only). */
  readonly latin1Strings?: boolean | undefined;
  /** Run only these of the available engines (the first of them is the oracle). */
  readonly only?: readonly string[] | undefined;
}

export interface JobResult {
  readonly cases: number;
  readonly stats: Stats;
  readonly modelMismatches: Record<string, Disagreement[]>;
  readonly disagreements: Disagreement[];
  /** Errors thrown by a non-oracle engine whose message does not name the export (bad-input mode). */
  readonly unnamedErrors: Disagreement[];
  /** Cases explained by a declared deviation (known.ts), by id. */
  readonly known: Record<string, number>;
}

export function emptyStats(): Stats {
  return { kinds: {}, depths: {}, shapes: {}, encodings: {}, funcKinds: {}, outcomes: {} };
}

export function mergeStats(into: Stats, from: Stats): void {
  for (const key of Object.keys(into) as (keyof Stats)[]) {
    const dst = into[key] as Record<string, number>;
    for (const [k, v] of Object.entries(from[key])) dst[k] = (dst[k] ?? 0) + v;
  }
}

/** One generated component on every engine (engines[0] is the oracle). */
export async function runJob(job: JobSpec, available: readonly ComponentEngine[]): Promise<JobResult> {
  const engines = job.only ? available.filter((e) => job.only!.includes(e.name)) : available;
  if (engines.length === 0) throw new Error(`none of the engines ${job.only?.join(', ')} is available`);
  const gen = generateComponent(job.seed, job.index, job.mode, job.latin1Strings ?? false);
  const stats = emptyStats();
  const modelMismatches: Record<string, Disagreement[]> = Object.fromEntries(engines.map((e) => [e.name, []]));
  const disagreements: Disagreement[] = [];
  const unnamedErrors: Disagreement[] = [];
  const known: Record<string, number> = {};
  const bytes = await parseText(echoComponentText(gen.funcs, gen.growMemory));
  const outcomes: Outcome[][][] = [];
  for (const engine of engines) outcomes.push(await runComponent(engine, bytes, gen, job.budget));
  const oracle = outcomes[0]!;
  let cases = 0;
  gen.funcs.forEach((f, fi) => {
    oracle[fi]!.forEach((byOracle, k) => {
      const args = gen.args[fi]![k]!;
      const note = gen.notes?.[fi]?.[k];
      const report = (between: string, detail: string): Disagreement => ({
        seed: job.seed, component: job.index, between, signature: witSignature(f), encoding: f.encoding, shape: shapeOf(f),
        args: show(args, 2000), note, detail, text: echoComponentText([f], gen.growMemory),
      });
      cases++;
      bump(stats.funcKinds, f.kind);
      bump(stats.shapes, shapeOf(f));
      bump(stats.encodings, f.encoding);
      bump(stats.depths, typeDepth(f.params[0]!));
      for (const kind of kindsOf(f.params[0]!)) bump(stats.kinds, kind);
      bump(stats.outcomes, byOracle.kind === 'value' ? 'value' : `error ${byOracle.name}`);
      const knownHere = new Set<string>();
      const model = job.mode === 'echo' ? expectedOutcome(f, args) : undefined;
      if (model) {
        engines.forEach((e, ei) => {
          const mine = outcomes[ei]![fi]![k]!;
          const d = diffOutcomes(model, mine, 'model', e.name);
          if (!d) return;
          const known = explainModelMismatch(e.name, args, ei === 0 ? model : byOracle, mine);
          if (known) knownHere.add(known);
          else modelMismatches[e.name]!.push(report(`model vs ${e.name}`, d));
        });
      }
      for (let ei = 1; ei < engines.length; ei++) {
        const mine = outcomes[ei]![fi]![k]!;
        const d = diffOutcomes(byOracle, mine, engines[0]!.name, engines[ei]!.name);
        const known = d ? explainDisagreement(args, byOracle, mine) : undefined;
        if (known) knownHere.add(known);
        else if (d) disagreements.push(report(`${engines[0]!.name} vs ${engines[ei]!.name}`, d));
        else if (job.mode === 'bad-input' && mine.kind === 'error' && mine.name !== 'ComponentError' && !namesExport(mine.message, f.name)) {
          unnamedErrors.push(report(`${engines[ei]!.name} error message`, `${mine.name}: ${JSON.stringify(mine.message)} does not name the export ${f.name}`));
        }
      }
      for (const id of knownHere) bump(known, id);
    });
  });
  return { cases, stats, modelMismatches, disagreements, unnamedErrors, known };
}

function namesExport(message: string, name: string): boolean {
  return new RegExp(`(^|[^\\w-])${name}([^\\w-]|$)`).test(message);
}

export interface CampaignOptions {
  readonly seed: number;
  readonly count: number;
  readonly mode: Mode;
  /** engines[0] is the oracle. */
  readonly engines: readonly ComponentEngine[];
  readonly latin1Strings?: boolean;
  readonly onProgress?: (done: number, summary: { disagreements: number; modelMismatches: number }) => void;
}

export interface CampaignSummary {
  readonly mode: Mode;
  readonly seed: number;
  readonly cases: number;
  readonly components: number;
  readonly engines: readonly string[];
  /** Engine outcome ≠ the model (echo mode only; for jco this means the harness is wrong). */
  readonly modelMismatches: Readonly<Record<string, readonly Disagreement[]>>;
  /** The first engine (the oracle) vs each other engine. */
  readonly disagreements: readonly Disagreement[];
  readonly unnamedErrors: readonly Disagreement[];
  readonly known: Readonly<Record<string, number>>;
  readonly stats: Stats;
  readonly ms: number;
}

/** Components index 0, 1, … of the seed until `count` cases ran, in this thread. */
export async function runCampaign(opts: CampaignOptions): Promise<CampaignSummary> {
  const start = Date.now();
  const acc = newAccumulator(opts.engines.map((e) => e.name));
  let components = 0;
  for (let index = 0; acc.cases < opts.count; index++) {
    const r = await runJob({ seed: opts.seed, index, mode: opts.mode, budget: opts.count - acc.cases, latin1Strings: opts.latin1Strings }, opts.engines);
    components++;
    accumulate(acc, r);
    opts.onProgress?.(acc.cases, { disagreements: acc.disagreements.length, modelMismatches: countModel(acc) });
  }
  return { mode: opts.mode, seed: opts.seed, components, engines: opts.engines.map((e) => e.name), ...acc, ms: Date.now() - start };
}

export interface Accumulator {
  cases: number;
  known: Record<string, number>;
  stats: Stats;
  modelMismatches: Record<string, Disagreement[]>;
  disagreements: Disagreement[];
  unnamedErrors: Disagreement[];
}

export function newAccumulator(engines: readonly string[]): Accumulator {
  return { cases: 0, known: {}, stats: emptyStats(), modelMismatches: Object.fromEntries(engines.map((e) => [e, []])), disagreements: [], unnamedErrors: [] };
}

export function accumulate(acc: Accumulator, r: JobResult): void {
  acc.cases += r.cases;
  for (const [id, n] of Object.entries(r.known)) acc.known[id] = (acc.known[id] ?? 0) + n;
  mergeStats(acc.stats, r.stats);
  for (const [e, l] of Object.entries(r.modelMismatches)) (acc.modelMismatches[e] ??= []).push(...l);
  acc.disagreements.push(...r.disagreements);
  acc.unnamedErrors.push(...r.unnamedErrors);
}

export function countModel(acc: { readonly modelMismatches: Readonly<Record<string, readonly unknown[]>> }): number {
  return Object.values(acc.modelMismatches).reduce((a, l) => a + l.length, 0);
}

/**
 * Outcomes [func][call], at most `budget` calls in total (the last component may be cut short).
 * A trap (RuntimeError) leaves an instance unusable, so the calls after one get a fresh instance:
 * each case is judged on its own.
 */
async function runComponent(engine: ComponentEngine, bytes: Uint8Array, gen: GeneratedComponent, budget: number): Promise<Outcome[][]> {
  let api: Record<string, (...a: unknown[]) => unknown> | undefined;
  let failed: Outcome | undefined;
  const instantiate = async (): Promise<void> => {
    try {
      const root = await engine.instantiate(bytes);
      api = root[ECHO_INTERFACE] as typeof api;
      failed = undefined;
    } catch (e) {
      failed = capture(() => { throw e; });
    }
  };
  await instantiate();
  let left = budget;
  const out: Outcome[][] = [];
  for (const [fi, f] of gen.funcs.entries()) {
    const mine: Outcome[] = [];
    for (const args of gen.args[fi]!) {
      if (left <= 0) break;
      left--;
      if (failed) { mine.push(failed); continue; }
      const fn = api?.[f.name];
      if (typeof fn !== 'function') {
        mine.push({ kind: 'error', name: 'missing export', message: `no function ${f.name} in exports['${ECHO_INTERFACE}']`, hasPayload: false });
        continue;
      }
      const o = capture(() => fn(...cloneValue(args)));
      mine.push(o);
      if (o.kind === 'error' && o.name === 'RuntimeError') await instantiate();
    }
    out.push(mine);
  }
  return out;
}

/** Human-readable report of a disagreement. */
export function formatDisagreement(d: Disagreement): string {
  return [
    `  [${d.between}] seed ${d.seed} component ${d.component}`,
    `    ${d.signature}    (string-encoding=${d.encoding}, ${d.shape})`,
    `    args: ${d.args}`,
    ...(d.note ? [`    broken: ${d.note}`] : []),
    `    ${d.detail}`,
  ].join('\n');
}

export function formatStats(s: Stats): string {
  const line = (rec: Record<string | number, number>): string =>
    Object.entries(rec).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${v}`).join(' ');
  return [
    `  kinds (cases whose p0 contains it): ${line(s.kinds)}`,
    `  p0 nesting depth: ${line(s.depths)}`,
    `  ABI shapes: ${line(s.shapes)}`,
    `  function kinds: ${line(s.funcKinds)}; string encodings: ${line(s.encodings)}`,
    `  oracle outcomes: ${line(s.outcomes)}`,
  ].join('\n');
}
