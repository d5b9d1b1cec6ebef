// Differential test of purewasm's component runtime against jco + node's WebAssembly
// (test/component-diff/README.md).
//
//   npm run component:diff -- --count N [--seed S] [--mode echo|bad-input|strings|latin1]
//                             [--engines jco,purewasm] [--jobs J] [--timeout MS] [--cache] [--strict]
//                             [--show K]
//
// echo      N calls of generated echo functions (40 per component, 3 calls each); every engine
//           is compared with the model (the echo's expected result) and with jco.
// bad-input N calls with one argument broken; outcomes (value or error class) compared with jco.
// strings   guest-to-guest and host string round-trips (≈N cases), checked against the spec's
//           transcoding and compared with jco where jco can run them.
// latin1    like echo but strings cross the host boundary as latin1+utf16, which jco cannot
//           bind: purewasm against the model only.
// Cases explained by a deviation purewasm declares on purpose (test/component-diff/known.ts) are
// counted and listed separately; --strict counts them as disagreements. --cache keeps parsed
// components and jco's output under .cache/component-diff (off by default: ~1 MB per component).
// Engines default to jco and purewasm (jco alone while purewasm has no compileComponent). Prints
// `N cases, D disagreements` and a reproduction (signature, encoding, ABI shape, arguments, the
// difference) for the first K of each kind; writes all of them, with each function's component
// text, to .cache/component-diff/failures-<mode>-<seed>.txt. Exit status 1 on any disagreement.

import { availableParallelism } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { countModel, type Disagreement, formatDisagreement, formatStats, type Mode } from '../test/component-diff/campaign.js';
import { CACHE_DIR, loadPurewasm, removeTemporaryFiles, setCaching } from '../test/component-diff/engines.js';
import { KNOWN_DEVIATIONS } from '../test/component-diff/known.js';
import { JobPool, runPooledCampaign } from '../test/component-diff/pool.js';

interface Args {
  count: number;
  seed: number;
  mode: Mode | 'strings' | 'latin1';
  engines: string[] | undefined;
  jobs: number;
  timeout: number;
  cache: boolean;
  strict: boolean;
  show: number;
}

const USAGE = `usage: npm run component:diff -- --count N [--seed S] [--mode echo|bad-input|strings|latin1]
         [--engines jco,purewasm] [--jobs J] [--timeout MS] [--cache] [--strict] [--show K]`;

function parseArgs(argv: string[]): Args {
  const args: Args = {
    count: 10_000, seed: 1, mode: 'echo', engines: undefined,
    jobs: Math.max(1, Math.min(2, availableParallelism())), timeout: 120_000, cache: false, strict: false, show: 10,
  };
  const int = (name: string, v: string | undefined): number => {
    const n = Number(v);
    if (v === undefined || !Number.isInteger(n) || n < 0) throw new Error(`${name} needs a non-negative integer\n${USAGE}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    switch (a) {
      case '--count': args.count = int(a, argv[++i]); break;
      case '--seed': args.seed = int(a, argv[++i]); break;
      case '--jobs': args.jobs = Math.max(1, int(a, argv[++i])); break;
      case '--timeout': args.timeout = int(a, argv[++i]); break;
      case '--show': args.show = int(a, argv[++i]); break;
      case '--cache': args.cache = true; break;
      case '--strict': args.strict = true; break;
      case '--engines': args.engines = (argv[++i] ?? '').split(',').filter(Boolean); break;
      case '--mode': {
        const m = argv[++i];
        if (m !== 'echo' && m !== 'bad-input' && m !== 'strings' && m !== 'latin1') throw new Error(`unknown mode ${m}\n${USAGE}`);
        args.mode = m;
        break;
      }
      case '--help': case '-h': console.log(USAGE); process.exit(0); break;
      default: throw new Error(`unknown argument ${a}\n${USAGE}`);
    }
  }
  return args;
}

async function defaultEngines(mode: Args['mode']): Promise<string[]> {
  const pw = await loadPurewasm();
  if (typeof pw === 'string') {
    if (mode === 'latin1') throw new Error(`--mode latin1 needs purewasm: ${pw}`);
    console.log(`purewasm not available (${pw}): running jco alone (jco against the model)`);
    return ['jco'];
  }
  return mode === 'latin1' ? ['purewasm'] : ['jco', 'purewasm'];
}

function writeFailures(args: Args, sections: [string, readonly Disagreement[] | readonly string[]][]): string | undefined {
  if (sections.every(([, l]) => l.length === 0)) return undefined;
  mkdirSync(CACHE_DIR, { recursive: true });
  const file = join(CACHE_DIR, `failures-${args.mode}-${args.seed}.txt`);
  const text = sections.filter(([, l]) => l.length > 0).map(([title, l]) => [
    `== ${title} (${l.length})`,
    ...l.map((d) => (typeof d === 'string' ? d : `${formatDisagreement(d)}\n  component text of this function alone:\n${d.text}\n`)),
  ].join('\n')).join('\n\n');
  writeFileSync(file, text);
  return file;
}

function knownTotal(known: Record<string, number>): number {
  return Object.values(known).reduce((a, n) => a + n, 0);
}

function printKnown(known: Record<string, number>, strict: boolean): void {
  const ids = Object.keys(known);
  if (ids.length === 0) return;
  console.log(`\nknown deviations (test/component-diff/known.ts)${strict ? ', counted as disagreements (--strict)' : ''}:`);
  for (const id of ids) console.log(`  ${id}: ${known[id]} — ${KNOWN_DEVIATIONS.find((k) => k.id === id)?.description ?? ''}`);
}

function printSome(title: string, list: readonly Disagreement[] | readonly string[], k: number): void {
  if (list.length === 0) return;
  console.log(`\n${title}: ${list.length}${list.length > k ? ` (first ${k} shown)` : ''}`);
  for (const d of list.slice(0, k)) console.log(typeof d === 'string' ? `  ${d}` : formatDisagreement(d));
}

async function runStrings(args: Args, names: string[]): Promise<number> {
  const pool = new JobPool(1, names, args.cache, args.timeout);
  const outcome = await pool.runStrings({ seed: args.seed, perPair: Math.max(1, Math.ceil(args.count / 30)), illFormedPerPair: 6, big: true });
  await pool.close();
  if (outcome.kind !== 'done') {
    console.log(`the string test did not finish: ${outcome.kind === 'timeout' ? `timed out after ${outcome.ms} ms` : outcome.error}`);
    return 1;
  }
  const s = outcome.result;
  let bad = s.disagreements.length;
  const sections: [string, readonly string[]][] = [];
  for (const [name, st] of Object.entries(s.engines)) {
    console.log(`${name}: ${st.run} cases run, ${st.specMismatches.length} differ from the spec${st.knownDeviations ? ` (besides ${st.knownDeviations} known jco deviations from the spec)` : ''}`);
    printSome(`${name} vs spec`, st.specMismatches, args.show);
    printKnown(st.known, args.strict);
    sections.push([`${name} vs spec`, st.specMismatches]);
    bad += st.specMismatches.length + (args.strict ? knownTotal(st.known) : 0);
  }
  printSome(`${names[0]} vs others`, s.disagreements, args.show);
  sections.push([`${names[0]} vs others`, s.disagreements]);
  console.log(`\n${s.cases} string cases, ${bad} disagreements`);
  const file = writeFailures(args, sections);
  if (file) console.log(`details: ${file}`);
  return bad;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  setCaching(args.cache);
  const names = args.engines ?? (await defaultEngines(args.mode));
  console.log(`component-diff: mode ${args.mode}, seed ${args.seed}, ${args.count} cases, engines ${names.join(' vs ')}`);
  if (args.mode === 'strings') {
    process.exitCode = (await runStrings(args, names)) > 0 ? 1 : 0;
    return;
  }
  const mode: Mode = args.mode === 'bad-input' ? 'bad-input' : 'echo';
  const pool = new JobPool(args.jobs, names, args.cache, args.timeout);
  const started = Date.now();
  let lastReport = started;
  const acc = await runPooledCampaign(pool, {
    seed: args.seed, count: args.count, mode, latin1Strings: args.mode === 'latin1',
    onProgress: (done, total, a) => {
      if (Date.now() - lastReport < 10_000) return;
      lastReport = Date.now();
      console.log(`  ${done}/${total} components, ${a.cases} cases, ${a.disagreements.length} disagreements, ` +
        `${countModel(a)} model mismatches (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    },
  });
  await pool.close();
  const jobs = acc.components;
  console.log(formatStats(acc.stats));
  for (const [e, l] of Object.entries(acc.modelMismatches)) printSome(`${e} vs the model`, l, args.show);
  printSome('disagreements', acc.disagreements, args.show);
  printSome('errors not naming the export', acc.unnamedErrors, args.show);
  printKnown(acc.known, args.strict);
  const model = countModel(acc);
  const total = acc.disagreements.length + model + (args.strict ? knownTotal(acc.known) : 0);
  console.log(`\n${acc.cases} cases in ${jobs} components (${((Date.now() - started) / 1000).toFixed(1)} s): ` +
    `${acc.disagreements.length} disagreements, ${model} model mismatches, ${knownTotal(acc.known)} known deviations, ` +
    `${acc.unnamedErrors.length} errors not naming the export`);
  console.log(`${acc.cases} cases, ${total} disagreements`);
  const file = writeFailures(args, [
    ...Object.entries(acc.modelMismatches).map(([e, l]): [string, readonly Disagreement[]] => [`${e} vs the model`, l]),
    ['disagreements', acc.disagreements], ['errors not naming the export', acc.unnamedErrors],
  ]);
  if (file) console.log(`details: ${file}`);
  process.exitCode = total > 0 ? 1 : 0;
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 2;
}).finally(removeTemporaryFiles);
