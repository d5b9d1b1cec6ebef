// Differential fuzzing: binaryen-generated modules (wasm-opt -ttf) run on two engines, every
// observable compared. See test/fuzz/README.md.
//
//   npm run fuzz:diff -- --count N [--seed S] [--engine-a node] [--engine-b purewasm]
//                        [--jobs J] [--timeout MS] [--rounds R] [--inline] [--no-cache]
//                        [--nans] [--spawn] [--max-input BYTES] [--verbose]
//
// Seeds S, S+1, ..., S+N-1 (S defaults to 1). engine-b defaults to purewasm, or to node while
// purewasm has no WebAssembly.Instance. Prints progress and `N modules, D disagreements`; writes
// each disagreement to .cache/fuzz/fail-<seed>/ (module, both logs, README with the difference);
// exits with 1 if there was any disagreement.

import { availableParallelism } from 'node:os';
import { formatSummary, runCampaign, seedRange } from '../test/fuzz/campaign.js';
import { ENGINE_NAMES, loadEngine } from '../test/fuzz/engines.js';
import { loadKnownDisagreements, matchKnown } from '../test/fuzz/known.js';
import { InlineExecutor, WorkerPool, type Executor } from '../test/fuzz/pool.js';

interface Args {
  count: number;
  seed: number;
  engineA: string;
  engineB: string | undefined;
  jobs: number;
  timeout: number;
  rounds: number | undefined;
  inline: boolean;
  cache: boolean;
  nans: boolean;
  spawn: boolean;
  maxInput: number | undefined;
  verbose: boolean;
}

const USAGE = `usage: npm run fuzz:diff -- --count N [--seed S] [--engine-a ${ENGINE_NAMES.join('|')}] [--engine-b ${ENGINE_NAMES.join('|')}]
         [--jobs J] [--timeout MS] [--rounds R] [--inline] [--no-cache] [--nans] [--spawn] [--max-input BYTES] [--verbose]`;

function parseArgs(argv: string[]): Args {
  const args: Args = {
    count: 100,
    seed: 1,
    engineA: 'node',
    engineB: undefined,
    jobs: Math.max(1, Math.min(2, availableParallelism())),
    timeout: 30_000,
    rounds: undefined,
    inline: false,
    cache: true,
    nans: false,
    spawn: false,
    maxInput: undefined,
    verbose: false,
  };
  const int = (name: string, v: string | undefined): number => {
    const n = Number(v);
    if (v === undefined || !Number.isInteger(n) || n < 0) throw new Error(`${name} needs a non-negative integer`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inlineValue] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string | undefined => inlineValue ?? argv[++i];
    switch (flag) {
      case '--count': case '-n': args.count = int(flag, value()); break;
      case '--seed': case '-s': args.seed = int(flag, value()); break;
      case '--engine-a': args.engineA = value() ?? ''; break;
      case '--engine-b': args.engineB = value() ?? ''; break;
      case '--jobs': case '-j': args.jobs = Math.max(1, int(flag, value())); break;
      case '--timeout': args.timeout = int(flag, value()); break;
      case '--rounds': args.rounds = int(flag, value()); break;
      case '--max-input': args.maxInput = int(flag, value()); break;
      case '--inline': args.inline = true; break;
      case '--no-cache': args.cache = false; break;
      case '--nans': args.nans = true; break;
      case '--spawn': args.spawn = true; break;
      case '--verbose': case '-v': args.verbose = true; break;
      case '--help': case '-h': console.log(USAGE); process.exit(0);
      default: throw new Error(`unknown argument ${a}\n${USAGE}`);
    }
  }
  for (const e of [args.engineA, args.engineB]) {
    if (e !== undefined && !(ENGINE_NAMES as readonly string[]).includes(e)) throw new Error(`unknown engine "${e}"\n${USAGE}`);
  }
  return args;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  let engineB = args.engineB;
  if (engineB === undefined) {
    const purewasm = await loadEngine('purewasm');
    if (purewasm.canInstantiate) engineB = 'purewasm';
    else {
      engineB = 'node';
      console.log('engine-b: node (purewasm has no WebAssembly.Instance yet; pass --engine-b purewasm to compare compilation only)');
    }
  }
  for (const name of [args.engineA, engineB]) {
    const e = await loadEngine(name);
    if (!e.canInstantiate) console.log(`note: ${name} cannot instantiate yet: only compilation results are compared for it`);
  }

  const executor: Executor = args.inline ? new InlineExecutor() : new WorkerPool(args.jobs, args.timeout);
  console.log(`fuzz:diff ${args.engineA} vs ${engineB}: ${args.count} modules, seeds ${args.seed}..${args.seed + args.count - 1}, ${executor.description}`);
  const isTty = process.stdout.isTTY === true;
  const progressEvery = Math.max(1, Math.min(50, Math.ceil(args.count / 10)));
  let disagreements = 0;
  const known = loadKnownDisagreements();
  const summary = await runCampaign({
    seeds: seedRange(args.seed, args.count),
    engineA: args.engineA,
    engineB,
    executor,
    inflight: args.jobs * 2,
    generate: {
      cache: args.cache,
      nans: args.nans,
      spawn: args.spawn,
      ...(args.maxInput === undefined ? {} : { maxInput: args.maxInput }),
    },
    ...(args.rounds === undefined ? {} : { rounds: args.rounds }),
    reproCommand: (seed) =>
      `npm run fuzz:diff -- --seed ${seed} --count 1 --engine-a ${args.engineA} --engine-b ${engineB} --inline` +
      `${args.nans ? ' --nans' : ''}${args.maxInput === undefined ? '' : ` --max-input ${args.maxInput}`}${args.rounds === undefined ? '' : ` --rounds ${args.rounds}`}`,
    onResult(r, done, total) {
      if (r.status === 'disagree') {
        disagreements++;
        if (isTty) process.stdout.write('\r\x1b[K');
        const k = matchKnown(r, args.engineA, engineB, known);
        console.log(
          `seed ${r.seed}: DISAGREEMENT (${r.size} bytes)${k ? ` [known: ${k.reason}]` : ''}\n${r.difference ?? ''}\n  -> ${r.failDir ?? '(not written)'}`,
        );
      } else if (args.verbose) {
        const ms = (o: typeof r.a): string => (o.kind === 'done' ? `${o.log.ms.toFixed(1)} ms` : o.kind);
        console.log(`seed ${r.seed}: ${r.status} (${r.size} bytes, ${ms(r.a)} / ${ms(r.b)})`);
      }
      if (isTty) process.stdout.write(`\r\x1b[K[${done}/${total}] ${disagreements} disagreements`);
      else if (done % progressEvery === 0 || done === total) console.log(`[${done}/${total}] ${disagreements} disagreements`);
    },
  });
  await executor.close();
  if (isTty) process.stdout.write('\r\x1b[K');
  console.log(formatSummary(summary, args.engineA, engineB));
  return summary.disagreements > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(2);
  },
);
