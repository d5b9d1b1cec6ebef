// bench/RESULTS.md, written from bench/results.json (bench/report/results.ts) by
// bench/run-all.ts. The prose here is the template: it explains what each section measures and
// how to read it, and states no figure that the run did not measure — every number in the file
// is filled in from the run. Measurements made by hand while the engine was being built (design
// alternatives, earlier profiles) are in bench/NOTES.md, dated, and are not repeated here.

import { writeFileSync } from 'node:fs';
import { CHARTS, type ChartsOutcome } from './charts.js';
import { fmtNs, fmtX, type Aim, type ProfileRun, type Results, type SectionId, type SectionRun } from './results.js';
import { SANDBOX_CATEGORIES, type AbiRow, type InterpCell, type InterpJson, type Stat } from './types.js';

// ---------- formatting ----------

/** about three significant digits */
function n3(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  const a = Math.abs(x);
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  if (a >= 0.01) return x.toFixed(3);
  return x.toPrecision(2);
}
const mm = (s: Stat | null | undefined, f: (x: number) => string = n3): string => (s && s.n ? `${f(s.median)} (${f(s.min)}–${f(s.max)})` : '–');
const x = (r: number | null | undefined): string => (r === null || r === undefined || !Number.isFinite(r) ? '–' : `${fmtX(r)}×`);
const pct = (p: number): string => `${p.toFixed(p >= 10 ? 0 : 1)}%`;
const esc = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(head: string[], rows: string[][], align?: Array<'l' | 'r'>): string {
  const sep = head.map((_, i) => ((align?.[i] ?? (i === 0 ? 'l' : 'r')) === 'r' ? '---:' : '---'));
  return [`| ${head.join(' | ')} |`, `| ${sep.join(' | ')} |`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}
const seconds = (s: number): string => (s >= 60 ? `${Math.floor(s / 60)} min ${Math.round(s % 60)} s` : `${s.toFixed(0)} s`);

// ---------- per section ----------

interface Ctx {
  r: Results;
  charts: ChartsOutcome;
}

function chart(c: Ctx, file: string): string {
  if (!c.charts.rendered.includes(file)) return '';
  const alt = CHARTS.find((ch) => ch[0] === file)?.[1] ?? file;
  return `\n![${alt}](charts/${file})\n`;
}

/** "Run: command — N s, load a → b", or why the section has no figures. */
function runLine(c: Ctx, s: SectionRun | undefined, id: SectionId): string {
  if (!s) return '_Not run._';
  const from = new Date(s.startedAt) < new Date(c.r.date) ? ` **(kept from an earlier run, ${s.startedAt.slice(0, 16).replace('T', ' ')} UTC)**` : '';
  const head = `Command: \`${s.command.replace(' --json FILE', '')}\`${from} — ${seconds(s.seconds)}, load average ${s.load[0]} → ${s.load[1]}.`;
  if (s.status === 'ok') return head;
  if (s.status === 'skipped') return `_Skipped: ${s.reason}._`;
  return `${head}\n\n**This section failed** (\`.cache/bench/${id}.log\` has its output): ${esc(s.reason ?? '')}`;
}

function decode(c: Ctx): string {
  const s = c.r.sections.decode;
  const d = s?.data;
  const out = ['## Decode + validate', '', runLine(c, s, 'decode')];
  if (!d) return out.join('\n');
  out.push('', `Throughput of \`WebAssembly.validate\` (decode + full validation, including the copy of the bytes) on large real
modules: purewasm's next to V8's (node's own) in the same process. Each engine is warmed up, then ${d.runs} runs of each, alternating,
each run a batch of calls lasting at least ${d.runMs} ms; MB/s median (min–max); ratio = purewasm / V8 per pair of runs.`, '');
  out.push(table(['module', 'size MB', 'purewasm MB/s', 'V8 MB/s', 'ratio'], d.files.map((f) => [
    `${f.label}: \`${f.file}\`${f.valid ? '' : ' (purewasm rejected it!)'}`, f.sizeMB.toFixed(2), mm(f.purewasm), mm(f.v8), mm(f.ratio, (v) => v.toFixed(2)),
  ])));
  if (d.meanRatio !== null) {
    out.push('', `Mean ratio over the modules: **${d.meanRatio.toFixed(2)}**. The decoder's own aim (issue 3) is 0.5× V8's validator: ${d.meanRatio >= 0.5 ? 'met' : '**not met**'}.`);
  }
  out.push(chart(c, 'decode.svg'));
  return out.join('\n');
}

function interpCell(cell: InterpCell | undefined, nodeMs: number | null, runs: number, notes: string[], engine: string, kernel: string): [string, string] {
  if (!cell) return ['–', ''];
  const note = (text: string): string => {
    let i = notes.indexOf(`${engine} on ${kernel}: ${text}`);
    if (i < 0) i = notes.push(`${engine} on ${kernel}: ${text}`) - 1;
    return `[${i + 1}]`;
  };
  switch (cell.status) {
    case 'ok':
      return [`${n3(cell.median)} (${n3(cell.min)}–${n3(cell.max)})${cell.runs < runs ? ` (${cell.runs} run${cell.runs > 1 ? 's' : ''})` : ''}${cell.checked ? '' : ' (unchecked)'}`, nodeMs ? x(cell.median / nodeMs) : ''];
    case 'wrong':
      return [`wrong result ${note(`returned ${cell.got}, expected ${Number.isNaN(cell.expected) ? 'an i32' : cell.expected}`)}`, ''];
    case 'fail':
      return [`fails ${note(cell.message)}`, ''];
    case 'timeout':
      return [`timeout (> ${cell.seconds} s)`, nodeMs ? `> ${fmtX((cell.seconds * 1000) / nodeMs)}×` : ''];
    case 'unavailable':
      return [cell.message, ''];
  }
}

function interpTable(t: InterpJson, notes: string[]): string {
  const head = ['kernel', 'n', t.jitless ? 'node (JIT) ms' : 'node ms'];
  for (const e of t.engines) head.push(`${e} ms`, '×node');
  const rows = t.kernels.map((k) => {
    const node = k.cells.node;
    const nodeText = node?.status === 'ok' ? `${n3(node.median)} (${n3(node.min)}–${n3(node.max)})` : k.nodeMs !== null ? n3(k.nodeMs) : '–';
    return [k.name, String(k.n), nodeText, ...t.engines.flatMap((e) => interpCell(k.cells[e], k.nodeMs, t.runs, notes, e, k.name))];
  });
  rows.push(['**geomean**', '', '', ...t.engines.flatMap((e) => {
    const g = t.geomean[e];
    return ['', g ? `**${fmtX(g.ratio)}×**${g.kernels < t.kernels.length ? ` (${g.kernels}/${t.kernels.length} kernels)` : ''}` : '–'];
  })]);
  return table(head, rows);
}

function interp(c: Ctx): string {
  const s = c.r.sections.interp;
  const t = s?.data;
  const out = ['## Interpreter', '', runLine(c, s, 'interp')];
  if (!t) return out.join('\n');
  const notes: string[] = [];
  out.push('', `Ten kernels compiled from the C sources in \`bench/kernels/\` (see its README), each exporting \`run(n)\` that
returns a checksum, checked against node's. Per kernel and engine: instantiate once, warm up once, then ${t.runs} timed runs;
ms median (min–max); ×node = engine time / node's native WebAssembly time on the same kernel. node runs in the main thread,
every other engine in a fresh worker thread per cell, so that a hang or a heap blow-up ends only that cell.`, '', '### With the JIT', '', interpTable(t, notes));
  const i64 = Object.entries(t.i64OverI32).filter(([, v]) => v !== null).map(([e, v]) => `${e} ${v!.toFixed(2)}`);
  if (i64.length) out.push('', `i64 / i32 (hash64 time / hash32 time, the same algorithm on 64- and 32-bit integers): ${i64.join(', ')}.`);
  if (t.jitlessTable) {
    out.push('', `### Under \`node --jitless\``, '', `No JIT and no WebAssembly global (V8's Ignition interpreter only). Sizes × ${t.jitlessTable.scale}; ×node compares
with node's native WebAssembly *with* its JIT at the same sizes, timed by the parent process.`, '', interpTable(t.jitlessTable, notes));
  } else if (t.jitlessTable === null) {
    out.push('', 'The `node --jitless` child failed (see the log).');
  }
  if (notes.length) out.push('', ...notes.map((n, i) => `${i + 1}. ${esc(n)}`));
  // the interpreter's own aims (issue 4)
  const pw = (k: string): InterpCell | undefined => t.kernels.find((x) => x.name === k)?.cells.purewasm;
  const poly = t.kernels.find((x) => x.name === 'hash64')?.cells.polywasm;
  const h64 = pw('hash64');
  const aims: string[] = [];
  const ratio = t.i64OverI32.purewasm;
  if (ratio !== null && ratio !== undefined) aims.push(`64-bit integers no more than 2× the i32 kernel: ${ratio <= 2 ? 'met' : '**not met**'} (${ratio.toFixed(2)})`);
  if (h64?.status === 'ok' && poly?.status === 'ok') aims.push(`faster than polywasm on the i64 kernel: ${h64.median < poly.median ? 'met' : '**not met**'} (${n3(h64.median)} ms vs ${n3(poly.median)} ms)`);
  const g = t.geomean.purewasm;
  if (g) aims.push(`geometric mean ≤ 10× node: ${g.ratio <= 10 ? 'met' : '**not met**'} (${fmtX(g.ratio)}×${g.kernels < t.kernels.length ? `, over the ${g.kernels} kernels purewasm ran` : ''})`);
  if (aims.length) out.push('', 'The interpreter\'s own aims (issue 4), from the JIT table: ' + aims.join('; ') + '.');
  out.push('', `Reading it: polywasm compiles wasm to JS with \`new Function\`, which V8 then optimises like any JS; purewasm may not
generate code (it must run where code generation is refused), so every wasm instruction pays a dispatch in its interpreter
loop. Under \`--jitless\` V8 interprets both: polywasm's generated JS, and purewasm's interpreter loop. The designs that were
measured on the way to this interpreter (register code, superinstructions, a smaller loop, …) are in \`bench/NOTES.md\`.`);
  out.push(chart(c, 'interp.svg'));
  return out.join('\n');
}

function abiLine(row: AbiRow, name = row.name): string[] {
  const cell = (s: Stat | undefined): string => (s ? fmtNs(s.median) : '–');
  const ns = (v: number | null): string => (v === null ? '–' : fmtNs(v));
  const ratio = (s: Stat | null): string => (s ? `${fmtX(s.median)}× (${fmtX(s.min)}–${fmtX(s.max)})` : '–');
  const gb = (v: number | null): string => (v === null ? '' : v.toFixed(2));
  return [name, cell(row.cells.purewasm), cell(row.cells.purewasmCore), ns(row.abi.purewasm), cell(row.cells.jco), cell(row.cells.nodeCore), ns(row.abi.jco),
    ratio(row.ratio.jco), ns(row.abi.jcoNolog), ratio(row.ratio.jcoNolog), gb(row.gbs.purewasm), gb(row.gbs.jco), gb(row.gbs.jcoNolog)];
}

function abi(c: Ctx): string {
  const s = c.r.sections.abi;
  const a = s?.data;
  const out = ['## Canonical ABI cost per call', '', runLine(c, s, 'abi')];
  if (!a) return out.join('\n');
  out.push('', `A component (\`bench/abi/bench.wat\`, core code in \`guest.wat\`: a hand-written canonical-ABI guest with a bump
\`cabi_realloc\` and a \`post-return\` that frees) exports one function per shape; each is called from JS under purewasm
(\`compileComponent\`) and under jco${a.jcoVersion ? ` ${a.jcoVersion}` : ''} (\`transpile\`, instantiation sync, core modules on node's WebAssembly). "core" is the
same core function called directly, with equivalent flat arguments, through each engine's core API (purewasm's own
\`WebAssembly\` namespace; node's); **ABI = component call − core call**: lifting, lowering and copying, the realloc and
post-return calls, handle tables, task and reentrance bookkeeping. jco† is jco's output with one line changed: its generated
\`_debugLog\`, called several times per call, reads \`process.env.JCO_DEBUG\` every time, which is slow under node; jco† returns
at once, i.e. what jco costs where that lookup is cheap or absent (browsers). Every cell is warmed up (${a.warmMs} ms) before
any is timed, then the cells of a row take turns for ${a.runs} batches of ${a.batchMs} ms; medians of
${a.clock === 'cpu' ? 'process CPU time (time spent descheduled while other work runs does not count)' : 'wall-clock time'}. The ratio's
min–max is over the ${a.runs} turns. GB/s = bytes lowered + bytes lifted per ABI time. Every result is checked against the expected value in both
engines before timing.`, '');
  const head = ['shape', 'purewasm', 'core', 'ABI', 'jco', 'node core', 'ABI', 'ratio p/j', 'jco† ABI', 'ratio p/j†', 'GB/s p', 'GB/s j', 'GB/s j†'];
  out.push(table(head, a.rows.map((r) => abiLine(r, r.inner > 1 ? `${r.name} (ABI per call)` : r.name))));
  out.push('', `Shapes: \`person\` = record { name: string, email: option<string>, age: u32, home: address { street, city: string,
zip: option<u32> }, tags: list<string> } (3 tags); \`shape\` = variant { circle(f64), rect(size), label(string), empty }, the four
cases in turn; \`item\` = record { id: u32, value: f64, name: string }; strings are ASCII; echo-string16 is the same core
function lifted with \`string-encoding=utf16\`; the resource cycle is constructor + method + \`[Symbol.dispose]()\` (the guest's
destructor runs). The guest→host rows call an export that calls an imported host function 1,000 times; ABI per call =
(component − core with a plain JS import) / 1,000.`);
  if (a.link.length) {
    out.push('', '### Cross-component calls', '', `\`bench/abi/link.wat\`: an outer component with instances of two nested components, B's core calling A's \`add\`
through \`canon lower\` of A's lifted \`add\`; "core" = the same two core modules linked core to core.`, '');
    out.push(table(['call', ...head.slice(1, 10)], a.link.map((r) => abiLine(r).slice(0, 10))));
  }
  if (a.cold) {
    out.push('', '### Cold start of bench.wasm', '', `${a.cold.componentBytes} bytes in memory → first call returned; wall / CPU ms, medians of ${a.cold.runs} child processes; jco from its
already-transpiled output, the generated JS imported first.`, '');
    const wc = (v: [number, number] | null): string => (v === null ? '' : Number.isFinite(v[1]) ? `${n3(v[0])} / ${n3(v[1])} ms` : `${n3(v[0])} ms`);
    out.push(table(['', 'purewasm', 'jco'], a.cold.rows.map((r) => [r.label, wc(r.purewasm), wc(r.jco)])));
    out.push('', `purewasm's cold start includes V8 compiling purewasm's own code (decoder, validators, runtime) on first use, besides
decoding and validating the component; jco does that work ahead of time, in \`transpile\`, and V8 compiles the core modules.`);
  }
  if (a.notes.length) out.push('', ...a.notes.map((n) => `- ${esc(n)}`));
  out.push(chart(c, 'abi.svg'));
  return out.join('\n');
}

function imageService(c: Ctx): string {
  const s = c.r.sections['image-service'];
  const d = s?.data;
  const out = ['## Image service: compile once, instantiate many, and cold start', '', runLine(c, s, 'image-service')];
  if (!d) return out.join('\n');
  out.push('', `The Rust image-service component (\`test/fixtures/image-service\`, ${(d.componentBytes / 1024).toFixed(0)} KiB); \`metadata.extract\` on a
${(d.sampleBytes / 1024).toFixed(1)} KiB PNG. jco + V8 = the same component transpiled by jco, its core modules compiled by node's WebAssembly.`, '',
  '**In one process, warm JIT** (ms, median (min–max)):', '');
  out.push(table(['step', 'ms'], d.warm.map((w) => [w.label, mm(w.ms)])));
  const cold = d.cold;
  if (cold?.purewasm && cold.jco) {
    out.push('', `**Cold start**, bytes → first \`extract\` result in a fresh process (${d.runs} processes per engine; loading purewasm's modules,
through tsx, comes before the window and is shown apart):`, '');
    const row = (name: string, k: typeof cold.purewasm): string[] => [name, mm(k.total), `${n3(k.compile.median)} + ${n3(k.instantiate.median)} + ${n3(k.firstCall.median)}`, mm(k.cpu), n3(k.load.median)];
    const rows = [row('purewasm', cold.purewasm), row('jco + V8', cold.jco)];
    const snap = d.snapshot;
    if (snap) {
      const srow = (name: string, k: typeof snap.warm, compiled: boolean): string[] =>
        [name, mm(k.total, (v) => v.toFixed(2)), compiled ? `— + ${n3(k.instantiate.median)} + ${n3(k.firstCall.median)}` : `— + — + ${n3(k.firstCall.median)}`, mm(k.cpu, (v) => v.toFixed(2)), '—'];
      rows.push(srow(`purewasm, started from a snapshot holding the compiled component (${snap.compiled.blobMB.toFixed(1)} MB)`, snap.compiled, true));
      rows.push(srow(`purewasm, started from a snapshot holding an instance that ran one extract (${snap.warm.blobMB.toFixed(1)} MB)`, snap.warm, false));
    }
    out.push(table(['engine', 'wall ms', 'compile + instantiate + first call, ms', 'CPU ms', 'module loading before it, ms'], rows));
    if (snap) {
      out.push('', `The snapshot rows: compile (and, for the second, instantiation and a first call) happen before the process starts, in a
node startup snapshot (\`node --build-snapshot\`, purewasm bundled with esbuild; node 20 refuses to snapshot \`TextDecoder\`/\`TextEncoder\`
objects, which purewasm creates at module level, so the bench rewrites them in the bundle to be created on first use). A whole
process: \`node -e 0\` ${n3(snap.nodeBare.median)} ms; one started from the compiled-component snapshot ${n3(snap.compiled.process.median)} ms, from the instance snapshot
${n3(snap.warm.process.median)} ms (medians).`);
    }
  }
  if (d.phases) out.push('', `\`compileComponent\` cold, split (fresh processes, medians): \`decodeComponent\` ${mm(d.phases.decode)} ms, \`validateComponent\` ${mm(d.phases.validate)} ms.`);
  return out.join('\n');
}

function sandboxes(c: Ctx): string {
  const s = c.r.sections.sandboxes;
  const d = s?.data;
  const out = ['## Sandboxes: image-service calls, ratio to plain node', '', runLine(c, s, 'sandboxes')];
  if (!d) return out.join('\n');
  out.push('', `Plain node = \`dist/purewasm.mjs\` (built in memory) imported normally in the bench's own process. Each realm evaluates the
bundle, \`test/sandbox/guest.js\` and a small timing script, compiles the component once (setup: bundle load + \`compileComponent\`, not
in the call times), then runs the guest's workload (image-service calls only) 1 + ${d.runs} times; each export is wrapped to time its own
call with a clock the host hands in. Cells: each call's median over the ${d.runs} timed passes, summed by kind of call, in ms, with the
ratio to plain node; "one timed pass" gives the spread of the sum of all calls over the timed passes; "first pass" is the first run's sum,
left out of the medians (it includes the first-call translation of the core code and the JIT warming up). \`instantiate()\` and
the guest's own base64/JSON work are not counted.`, '');
  const cats = SANDBOX_CATEGORIES;
  const label: Record<string, string> = { extract: 'extract', detect: 'detect-format', apply: 'apply', applyAll: 'apply-all', applyBatch: 'apply-batch' };
  const head = ['realm', 'setup: load + compile, ms', ...cats.map((k) => `${label[k]} ×${d.counts[k]}`), 'all calls, ms', 'ratio', 'one timed pass, min–max ms', 'first pass, ms'];
  const plain = (name: string): boolean => name.startsWith('plain node');
  out.push(table(head, d.realms.map((r) => {
    if (!r.categories) return [r.name, r.skipped ?? '', ...cats.map(() => ''), '', '', '', ''];
    return [r.name, `${n3(r.load)} + ${n3(r.compile)}`, ...cats.map((k) => (plain(r.name) ? n3(r.categories![k]) : `${n3(r.categories![k])} (${x(r.ratios![k])})`)),
      n3(r.all), plain(r.name) ? '' : `**${x(r.ratios!.all)}**`, `${n3(r.allPasses?.min)}–${n3(r.allPasses?.max)}`, n3(r.firstPass)];
  })));
  out.push('', `¹ QuickJS runs the workload without the 100×100 upscale (\`fit-100x100\`, which takes tens of seconds there), as its test does;
its ratios are to plain node on that same subset (last row), timed in the same run.`);
  const measured = d.realms.filter((r) => r.categories && !plain(r.name));
  if (d.ops.length && measured.length) {
    out.push('', '`apply` by operation (the 4 images each): ms in plain node, and the ratio in each realm:', '');
    out.push(table(['operation', 'plain node, ms', ...measured.map((r) => r.name.replace(/ \(.*$|,.*$/, ''))],
      d.ops.map((o) => [o.op, n3(o.plainMs), ...measured.map((r) => x(o.ratios[r.name]))])));
  }
  const notes = d.realms.filter((r) => r.note || r.resultsEqual === false).map((r) => `- ${r.name}: ${r.note ?? ''}${r.resultsEqual === false ? ' — **results differ from plain node\'s**' : ''}`);
  if (notes.length) out.push('', ...notes);
  out.push('', `Reading it: headless Chromium (V8 with its JIT; the CSP stops only *guest* code generation, which purewasm does not need)
and the node \`vm\` context keep the JIT; \`node --jitless\` is V8's Ignition interpreter alone (a stand-in for iOS Lockdown Mode);
SES \`lockdown()\` keeps the JIT but freezes the intrinsics; QuickJS is an interpreter for JS running purewasm's interpreter for
wasm.`);
  out.push(chart(c, 'sandboxes.svg'));
  return out.join('\n');
}

function seedTable(c: Ctx): string {
  const s = c.r.sections['seed-table'];
  const d = s?.data;
  const out = ['## The article\'s table', '', runLine(c, s, 'seed-table')];
  if (!d) return out.join('\n');
  out.push('', `Median (min–max) of ${d.runs} runs per cell; the \`--jitless\` rows, cold start and memory: ${d.slowRuns} (fresh processes,
interleaved across engines); native: 9 runs of its own harness. Native: the image-service's own \`formats.rs\` and \`ops.rs\` (included by
\`#[path]\` in bench/seed-table/native/main.rs) built for x86-64 by the same rustc at the same opt-level as its wasm32 build.
purewasm \`--jitless\` runs in a child process (\`node --jitless\`). Inputs: \`png-rgba8.png\` + \`jpeg-baseline.jpg\` (one extract of each),
compressor-js on the 37×23 RGBA sample at Q80, \`apply-batch\` grayscale of 100 copies of that image, bench/abi's \`link.wasm\`
(\`add-once\`: JS → B, B's core calls A's \`add\` once; \`add-many(1000)\`: 1,000 B → A calls in one export call). Every engine's outputs
are checked equal to jco's before timing. "article" is the article's figure for its component vs native (ratios) or its
component (absolute).`, '');
  const engines = ['native', 'jco', 'purewasm', 'jitless'] as const;
  const ratio = (a: Stat | null, b: Stat | null): string => (a && b && b.median > 0 ? x(a.median / b.median) : '—');
  out.push(table(['row (unit)', ...engines.map((e) => d.engines[e]), 'article', 'purewasm / jco', 'purewasm / native', 'jitless / native', 'jco / native'],
    d.rows.map((r) => [`${r.name} (${r.unit})`, ...engines.map((e) => (r.cells[e] ? mm(r.cells[e]) : '—')), r.article,
      ratio(r.cells.purewasm, r.cells.jco), ratio(r.cells.purewasm, r.cells.native), ratio(r.cells.jitless, r.cells.native), ratio(r.cells.jco, r.cells.native)])));
  out.push('', 'Not measured, and why:', '', ...d.notMeasured.map((n) => `- ${n}`));
  const row = (k: string) => d.rows.find((r) => r.key === k);
  const rel = (k: string, a: 'purewasm' | 'jco' | 'jitless', b: 'jco' | 'native'): number | null => {
    const rr = row(k);
    return rr?.cells[a] && rr.cells[b] ? rr.cells[a]!.median / rr.cells[b]!.median : null;
  };
  const reading: string[] = [];
  const jg = rel('grayscale', 'jco', 'native'), jm = rel('metadata', 'jco', 'native');
  if (jg !== null && jm !== null) {
    reading.push(`**Against the article.** Its component-vs-native ratios (1.16–1.5×) are a JIT/AOT wasm engine's; here even jco + V8 is
${x(jg)} native on batch grayscale and ${x(jm)} on metadata extraction, where a short header parse is buried under the per-call JS ↔ component
cost (list copies in and out, result lifting).`);
  }
  const pm = rel('metadata', 'purewasm', 'jco'), pg = rel('grayscale', 'purewasm', 'jco'), pj = rel('jpeg', 'purewasm', 'jco');
  if (pm !== null && pg !== null && pj !== null) {
    reading.push(`**purewasm / jco**: ${x(pm)} on metadata (bound by the cost of a call), ${x(pg)} on batch grayscale and ${x(pj)} on JPEG (QuickJS
interpreted by purewasm's interpreter vs QuickJS compiled by V8): there it is interpretation, not the ABI.`);
  }
  const c1 = row('call1'), cm = row('call1000');
  if (c1?.cells.purewasm && c1.cells.jco && cm?.cells.purewasm && cm.cells.jco) {
    // add-many is in ms per 1,000 calls, i.e. µs per call
    reading.push(`**Cross-component calls**: ${n3(cm.cells.purewasm.median)} µs per B → A call from add-many (jco: ${n3(cm.cells.jco.median)} µs;
the article: 0.28 µs), ${n3(c1.cells.purewasm.median)} µs for a whole JS → B → A add-once (jco: ${n3(c1.cells.jco.median)} µs)${cm.cells.jitless ? `; under \`--jitless\`
${n3(cm.cells.jitless.median)} µs per call` : ''}. The add-many figure includes its one JS → B call.`);
  }
  const cold = row('cold');
  if (cold?.cells.purewasm && cold.cells.jco) {
    reading.push(`**Cold start**: ${n3(cold.cells.purewasm.median)} ms bytes → first extract (${x(cold.cells.purewasm.median / cold.cells.jco.median)} jco's ${n3(cold.cells.jco.median)} ms; the article: 3 ms)
— see the aims above for where it goes.`);
  }
  const heap = row('heap');
  if (heap?.cells.purewasm && heap.cells.jco) {
    reading.push(`**Memory**: purewasm keeps ${n3(heap.cells.purewasm.median)} MB of heap (JS heap + ArrayBuffers, instance alive, after gc) for the
image-service plus this workload, jco ${n3(heap.cells.jco.median)} MB (its linear memory; V8's compiled code is outside the JS heap).`);
  }
  if (reading.length) out.push('', 'Reading it:', '', ...reading.map((t) => `- ${t}`));
  out.push(chart(c, 'seed-table.svg'));
  return out.join('\n');
}

function limits(c: Ctx): string {
  const s = c.r.sections.limits;
  const d = s?.data;
  const out = ['## Limit checks in the hot loop', '', runLine(c, s, 'limits')];
  if (!d) return out.join('\n');
  const minMax = (v: Record<string, unknown> | undefined): string => {
    if (!v) return '';
    return Object.entries(v).map(([k, m]) => {
      if (Array.isArray(m) && m.length === 2) return `${k} ${n3(Number(m[0]))}–${n3(Number(m[1]))}`;
      if (m && typeof m === 'object' && 'min' in m && 'max' in m) return `${k} ${n3(Number((m as { min: unknown }).min))}–${n3(Number((m as { max: unknown }).max))}`;
      return `${k} ${typeof m === 'number' ? n3(m) : JSON.stringify(m)}`;
    }).join('; ');
  };
  const deadline = d.rows.some((r) => r.deadline_ms !== undefined);
  const head = ['kernel', 'no checks, ms', 'limits unset, ms', 'fuel on, ms', ...(deadline ? ['deadline set, ms'] : []), 'unset / no checks', 'fuel / no checks',
    ...(deadline ? ['deadline / no checks'] : []), 'min–max, ms'];
  const rows = d.rows.map((r) => [r.kernel, n3(r.baseline_ms), n3(r.unset_ms), n3(r.fuel_ms), ...(deadline ? [n3(r.deadline_ms)] : []),
    x(r.unset_ratio), x(r.fuel_ratio), ...(deadline ? [x(r.deadline_ratio)] : []), minMax(r.min_max)]);
  const g = d.geomean;
  if (g) rows.push(['**geomean**', '', '', '', ...(deadline ? [''] : []), `**${x(g.unset)}**`, `**${x(g.fuel)}**`, ...(deadline ? [`**${x(g.deadline)}**`] : []), '']);
  out.push('', table(head, rows, [...head.map((_, i) => (i === 0 ? 'l' : 'r') as 'l' | 'r').slice(0, -1), 'l']));
  if (d.notes) out.push('', d.notes);
  if (g) {
    out.push('', `Issue 10's aims, on the geometric mean: limits unset ≤ 1.10× — ${g.unset <= 1.1 ? 'met' : '**not met**'} (${x(g.unset)}); fuel on ≤ 1.25× — ${g.fuel <= 1.25 ? 'met' : '**not met**'} (${x(g.fuel)}).`);
  }
  out.push(chart(c, 'limits.svg'));
  return out.join('\n');
}

// ---------- aims ----------

/** How each kind of missed aim is explained: the mechanisms (no figures), then this run's profile. */
const WHY: Record<Aim['id'], string | ((r: Results) => string)> = {
  'abi-scalar': `A lifted call's fixed cost is bookkeeping: per call, purewasm's canon code creates the task and thread state, a
lift/lower context and closures, and enters its interpreter for the core function; allocation there also shows up as GC.`,
  'abi-string': `A string crosses twice: lowered (a UTF-8 length scan and \`TextEncoder.encodeInto\` into memory the guest's
\`cabi_realloc\` returned, which is a call into purewasm's interpreter) and lifted (\`TextDecoder\`). Each realloc is an entry into the
interpreter, where V8 runs jco's compiled realloc directly; on short strings node's JS wrapper around \`encodeInto\` is a large share.`,
  'abi-record': `What profiles of the record rows showed while this bench was written (compare with this run's profile below): every
string and list in the record is a \`cabi_realloc\` call, i.e. an entry into purewasm's interpreter (\`run\`, \`callCore\`, \`invoke\`,
zeroing the callee's locals, an argument array per call), where jco calls V8-compiled code; the per-call bookkeeping of a lifted call
(task, thread, context, closures) and its GC; records built field by field with computed keys (\`loadRecord\`); and node's JS wrapper
of \`TextEncoder.encodeInto\` on short strings.`,
  'list-u8': (r) => {
    const rows = r.sections.abi?.data?.rows ?? [];
    const big = rows.find((x) => x.name === 'echo-bytes 1 MB');
    const small = rows.find((x) => x.name === 'echo-bytes 1 KB');
    const copy = big?.abi.purewasm && big.bytes && small?.bytes && small.abi.purewasm
      ? ` In this run the 1 MB row moved ${n3((2 * big.bytes) / big.abi.purewasm)} GB/s, so the bytes of the 1 KB call (${2 * small.bytes} in and out) account for about
${fmtNs((big.abi.purewasm * small.bytes) / big.bytes)} of its ${fmtNs(small.abi.purewasm)}; the rest is per call.` : '';
    return `Lifting a \`list<u8>\` returns a new \`Uint8Array\` that the caller owns (\`bytes.slice\` in component/canon/load.ts), so every
call allocates an ArrayBuffer backing store (outside V8's JS heap, through node's allocator); lowering copies the caller's bytes
into memory that the guest's \`cabi_realloc\` returned, a call into purewasm's interpreter, and the post-return is another.${copy}`;
  },
  'cold-start': `Cold, nearly everything is first-time work: V8 loading, parsing and compiling purewasm's own JS (the generated
instruction decoder, the validators, the runtime) before and while it decodes and validates the component's core module, type-checks
the component, instantiates it, allocates the interpreter's stacks and translates the core code on its first call. The same steps in
a warm process are the "in one process" rows of the image-service section. The measured way under the aim is to do compile and
instantiation before the process starts, in a node startup snapshot (the snapshot rows there).`,
  'cross-call': `A call from one component instance into another goes through B's \`canon lower\` and A's \`canon lift\`: the same
per-call bookkeeping as a call from JS, twice, plus the reentrance check between nested instances.`,
};

function why(id: Aim['id'], r: Results): string {
  const w = WHY[id];
  return typeof w === 'string' ? w : w(r);
}

function profileBlock(p: ProfileRun | undefined, r: Results): string {
  if (!p) return '_No profile in this run._';
  if (p.status !== 'ok') return `Profile (\`${p.command}\`) failed: ${esc(p.reason ?? '')}`;
  const out: string[] = [];
  if (p.abi) {
    out.push(`Profile of this run's code (\`${p.command}\`, ${n3(p.abi.sampledMs)} ms sampled, ${seconds(p.seconds)}; a bundled run mapped back to the
sources; self time, top ${p.abi.top.length}):`, '');
    out.push(table(['self ms', 'share', 'function  file:line (or category)'], p.abi.top.map((t) => [n3(t.ms), pct(t.pct), `\`${t.key.replace(/\s+/g, ' ')}\``]), ['r', 'r', 'l']));
  }
  if (p.cold) {
    out.push(`Profile of ${p.cold.runs} cold starts under the CPU profiler (\`${p.command}\`; 100 µs sampling, the bytes → first result
window only; mean ${n3(p.cold.sampledMs)} ms sampled per run), self time by area:`, '');
    out.push(table(['area', 'ms', 'share'], p.cold.areas.slice(0, 14).map((a) => [a.area, n3(a.ms), pct(a.pct)])));
    out.push('', 'Top functions by self time:', '');
    out.push(table(['ms', 'share', 'function'], p.cold.functions.slice(0, 10).map((f) => [n3(f.ms), pct(f.pct), `\`${f.fn}\``]), ['r', 'r', 'l']));
    const img = r.sections['image-service']?.data;
    const warm = img?.warm.find((w) => w.label.startsWith('compile + instantiate'));
    const first = img?.warm.find((w) => w.label.includes('fresh compile'));
    if (warm && first && img?.cold?.purewasm) {
      out.push('', `For scale: warm, in one process, compile + instantiate from bytes took ${n3(warm.ms.median)} ms and the first extract on a fresh
compile ${n3(first.ms.median)} ms, against ${n3(img.cold.purewasm.total.median)} ms for the same steps cold.`);
    }
  }
  return out.join('\n');
}

function aims(c: Ctx): string {
  const out = ['## Aims (issue 9)', '', `Ratio = measured ÷ what the aim allows, as time over time (for the GB/s aim: 1 GB/s ÷ measured), so that ≤ 1 is met.
The ABI aims compare purewasm's ABI cost with jco's as shipped, for the same signature, row by row; the worst row counts.`, ''];
  out.push(table(['aim', 'measured in this run', 'ratio', 'met?'], c.r.aims.map((a) => [
    a.title, `${a.measured}${a.aside ? `. Beside it: ${a.aside}` : ''}`, a.ratio === null ? '–' : a.ratio.toFixed(2),
    a.met === null ? 'not measured' : a.met ? 'met' : `**not met**: ${a.missedBy ?? ''}`,
  ]), ['l', 'l', 'r', 'l']));
  const missed = c.r.aims.filter((a) => a.met === false);
  for (const a of missed) {
    out.push('', `### Where the time goes: ${a.title.replace(/ \(.*$/, '')}`, '', `Missed by ${a.missedBy}.`, '', why(a.id, c.r), '', profileBlock(c.r.profiles.find((p) => p.aim === a.id), c.r));
  }
  return out.join('\n');
}

// ---------- the file ----------

export function writeResultsMd(r: Results, charts: ChartsOutcome, file: string): void {
  const c: Ctx = { r, charts };
  const changed = r.source.changed;
  const source = `${r.source.commit ? `commit \`${r.source.commit}\`` : 'no git commit found'}${changed.length ? ` plus uncommitted changes to ${changed.length} file${changed.length > 1 ? 's' : ''} under src/, bench/ and package.json (${changed.slice(0, 6).map((f) => `\`${f}\``).join(', ')}${changed.length > 6 ? ', …; all listed in results.json' : ''})` : ', no uncommitted changes under src/ or bench/'}`;
  const sectionLoad = (Object.values(r.sections) as SectionRun[]).filter((s) => s.status !== 'skipped').map((s) => `${s.id} ${s.load[0]}→${s.load[1]}`).join(', ');
  const header = [
    '# Benchmark results',
    '',
    '<!-- Generated by `npm run bench` (bench/run-all.ts) from bench/results.json. Do not edit: change the templates in bench/report/ and run `npm run bench:report`. -->',
    '',
    `Every figure in this file comes from one run of \`${r.command}\`, whose raw results are in \`bench/results.json\`; the charts
(bench/charts/) are drawn from the same file. Measurements made by hand while the engine was built (design alternatives, earlier
profiles, real programs) are in \`bench/NOTES.md\`.`,
    '',
    table(['', ''], [
      ['date', `${r.date.slice(0, 16).replace('T', ' ')} UTC`],
      ['machine', `${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memGiB} GiB RAM, ${r.machine.os}`],
      ['node', `${r.node} (V8 ${r.v8})`],
      ['command', `\`${r.command}\``],
      ['total run time', `${seconds(r.totalSeconds)} (sections, then the profiles of missed aims)`],
      ['load average (1, 5, 15 min)', `${r.load.start.join(', ')} at the start; ${r.load.end.join(', ')} at the end`],
      ['load average (1 min) per section, start→end', sectionLoad],
      ['source measured', source],
    ], ['l', 'l']),
    '',
    `This 2-core machine is shared with other work, so absolute times carry that noise: min–max shows the spread within this run,
the load average per section shows which sections ran beside other work, and ratios are taken between engines measured
in the same process and time window.${charts.error ? `\n\n**Charts were not rendered in this run**: ${esc(charts.error)}.` : ''}`,
  ].join('\n');
  const parts = [header, aims(c), decode(c), interp(c), abi(c), imageService(c), sandboxes(c), seedTable(c)];
  if (r.sections.limits && r.sections.limits.status !== 'skipped') parts.push(limits(c));
  writeFileSync(file, `${parts.join('\n\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`);
}
