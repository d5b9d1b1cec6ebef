// Times the real programs of programs.ts on node's engine and on purewasm (with and without
// node's JIT). Each program runs alone in a fresh child process, `--runs` times (default 3);
// medians. "cold" is the first run in the process; "warm" the last of `--repeat` runs in a row
// (default 5) in one process — under node's JIT, purewasm's interpreter loop needs a few hundred
// ms of TurboFan work before it is fast, which dominates these short programs when cold.
//
//   npx tsx test/real/measure.ts [--runs 3] [--repeat 5]
//
// Prints a markdown table: compile+instantiate (init) and the work itself (run), in ms, and the
// purewasm / native ratio of init+run.

import { parseArgs } from 'node:util';
import { runPrograms } from './child.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, repeat: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
const repeat = Number(values.repeat);
const programs = ['png', 'quickjs', 'wasi'] as const;
const modes = [
  { name: 'native cold', engine: 'native' as const, flags: [] as string[], repeat: 1 },
  { name: 'native warm', engine: 'native' as const, flags: [] as string[], repeat },
  { name: 'purewasm JIT cold', engine: 'polyfill' as const, flags: [] as string[], repeat: 1 },
  { name: 'purewasm JIT warm', engine: 'polyfill' as const, flags: [] as string[], repeat },
  { name: 'purewasm --jitless cold', engine: 'polyfill' as const, flags: ['--jitless'], repeat: 1 },
  { name: 'purewasm --jitless warm', engine: 'polyfill' as const, flags: ['--jitless'], repeat },
  { name: 'polywasm JIT cold', engine: 'polywasm' as const, flags: [] as string[], repeat: 1 },
  { name: 'polywasm JIT warm', engine: 'polywasm' as const, flags: [] as string[], repeat },
  { name: 'polywasm --jitless cold', engine: 'polywasm' as const, flags: ['--jitless'], repeat: 1 },
  { name: 'polywasm --jitless warm', engine: 'polywasm' as const, flags: ['--jitless'], repeat },
];
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
type T = { init: number; run: number };

const table: Record<string, Record<string, T>> = {};
for (const program of programs) {
  for (const mode of modes) {
    const inits: number[] = [];
    const works: number[] = [];
    const n = mode.repeat;
    for (let i = 0; i < runs; i++) {
      const r = await runPrograms(mode.engine, mode.flags, [program], n);
      const t = r.results[program]!.timing;
      inits.push(t.initMs);
      works.push(t.runMs);
    }
    (table[program] ??= {})[mode.name] = { init: median(inits), run: median(works) };
    process.stderr.write(`${program} ${mode.name}: init ${median(inits).toFixed(1)} run ${median(works).toFixed(1)}\n`);
  }
}

const f = (x: number): string => x.toFixed(1);
const lines = [
  `| program | run | native init / run (ms) | purewasm JIT | polywasm JIT | purewasm --jitless | polywasm --jitless |`,
  `| --- | --- | --- | --- | --- | --- | --- |`,
];
for (const program of programs) {
  for (const phase of ['cold', 'warm']) {
    const n = table[program]![`native ${phase}`]!;
    const cell = (mode: string): string => {
      const x = table[program]![`${mode} ${phase}`]!;
      return `${f(x.init)} / ${f(x.run)} (×${((x.init + x.run) / (n.init + n.run)).toFixed(1)})`;
    };
    lines.push(`| ${program} | ${phase} | ${f(n.init)} / ${f(n.run)} | ${cell('purewasm JIT')} | ${cell('polywasm JIT')} | ${cell('purewasm --jitless')} | ${cell('polywasm --jitless')} |`);
  }
}
console.log(`${runs} runs each, medians; init / run in ms, (×) = (init + run) / native's; warm = last of ${repeat} in one process; node ${process.version}\n\n${lines.join('\n')}`);
