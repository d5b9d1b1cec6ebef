// bench/sandboxes: the image-service calls of the sandbox workload (issue 8), timed in plain node
// and in each sandbox of test/sandbox-*.test.ts, with the ratio to plain node.
//
// Usage: npm run bench:sandboxes [-- --runs N] [--json FILE]   (N ≥ 3 timed passes, default 5;
//        --json also writes the results as JSON, bench/report/types.ts: SandboxesJson)
//
// The calls are those of test/sandbox/guest.js's `sandboxWorkload` (imported through
// test/sandbox/harness.ts, not copied): `metadata.extract` and `metadata.detect-format` on the 14
// sample files, `transform.apply` with each of the 9 operations on the 4 images, `apply-all` on
// each image and `apply-batch` with each operation; the WASI command cases are left out (not
// image-service calls). A small timing script (TIMER below, plain ES2022 like guest.js) is
// evaluated after guest.js in each realm: it compiles the component once, then runs the workload
// 1 + N times with an `api` whose exports are wrapped to time each call with a clock the host
// hands in; the first pass (which also translates the core code on first call) is reported apart,
// the table shows, for each call, its median over the N timed passes, summed by kind of call. Setup (bundle load, compileComponent) is
// timed separately and is not in the per-call times; nor are instantiate() and guest.js's own work
// (base64, JSON-safe copies). Every sandbox's workload result must equal plain node's.
//
// Realms: plain node (dist/purewasm.mjs imported normally, in this process); node `vm` context
// with `codeGeneration: { strings: false, wasm: false }`; child `node --jitless`; QuickJS
// (quickjs-emscripten, release-sync build; without the 100×100 upscale, as in its test — plain node
// is timed on the same subset for its ratio); SES `lockdown()` + Compartment in a child process;
// headless Chromium on a page with CSP `script-src 'self'` (cross-origin isolated, so that
// performance.now has 5 µs resolution rather than 100 µs), skipped if no Chromium is installed.

import variant from '@jitl/quickjs-wasmfile-release-sync';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { newQuickJSWASMModuleFromVariant, type QuickJSSyncVariant } from 'quickjs-emscripten-core';
import { runChild } from '../test/sandbox/child.js';
import { bundle, GUEST, sandboxInput } from '../test/sandbox/harness.js';
import { stat, type SandboxesJson, type SandboxRealm } from './report/types.js';

const argv = process.argv.slice(2);
const runsArg = argv.indexOf('--runs');
const RUNS = runsArg >= 0 ? Number(argv[runsArg + 1]) : 5;
if (!Number.isInteger(RUNS) || RUNS < 3) throw new Error('--runs must be an integer ≥ 3');

const CATEGORIES = ['extract', 'detect', 'apply', 'applyAll', 'applyBatch'] as const;
type Category = (typeof CATEGORIES)[number];

// Evaluated after guest.js in each realm. benchSandbox(purewasm, inputJson, now, runs) → JSON text
// { compile, passes: [{ instantiate, calls: [[category, operation name (apply) or '', ms], ...] }], result }.
const TIMER = `
function benchSandbox(purewasm, inputJson, now, runs) {
  var input = JSON.parse(inputJson);
  input.cliCases = [];
  var bytes = fromBase64(input.imageService);
  var t0 = now();
  var component = purewasm.compileComponent(bytes);
  var compile = now() - t0;
  var opName = {};
  Object.keys(input.ops).forEach(function (n) { opName[JSON.stringify(input.ops[n])] = n; });
  var pass;
  function timed(category, f) {
    return function (a, b) {
      var s = now();
      try { return f(a, b); } finally {
        var d = now() - s;
        pass.calls.push([category, category === 'apply' ? opName[JSON.stringify(b)] : '', d]);
      }
    };
  }
  function makeApi(log) {
    var s = now();
    var e = component.instantiate({ 'image-service:api/logging': { log: log } }).exports;
    pass.instantiate += now() - s;
    return {
      metadata: { extract: timed('extract', e.metadata.extract), detectFormat: timed('detect', e.metadata.detectFormat) },
      transform: { apply: timed('apply', e.transform.apply), applyAll: timed('applyAll', e.transform.applyAll), applyBatch: timed('applyBatch', e.transform.applyBatch) },
    };
  }
  function noCli() { throw new Error('no command cases in the bench'); }
  var passes = [], result;
  for (var r = 0; r <= runs; r++) {
    pass = { instantiate: 0, calls: [] };
    result = JSON.stringify(sandboxWorkload(makeApi, noCli, input));
    passes.push(pass);
  }
  return JSON.stringify({ compile: compile, passes: passes, result: result });
}
`;

type Call = [Category, string, number];
interface Pass { instantiate: number; calls: Call[] }
interface Measured { load: number; compile: number; passes: Pass[]; result: string; note?: string }
interface Row { name: string; m?: Measured; skipped?: string; subset?: boolean }

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const timedPasses = (m: Measured) => m.passes.slice(1);
type Select = (c: Call) => boolean;
/** The sum, over the selected calls, of each call's median time over the timed passes (the calls
 * come in the same order in every pass). */
function med(m: Measured, sel: Select): number {
  const passes = timedPasses(m);
  let sum = 0;
  passes[0]!.calls.forEach((c, i) => { if (sel(c)) sum += median(passes.map((p) => p.calls[i]![2])); });
  return sum;
}
const all: Select = () => true;
const first = (m: Measured) => m.passes[0]!.calls.reduce((s, c) => s + c[2], 0);

const SUBSET_OPS = ['resize-29x17', 'resize-0x5', 'crop-inside', 'crop-outside', 'grayscale', 'rotate-90', 'rotate-180', 'rotate-270'];
const FULL = sandboxInput({ cliCases: [] });
const SUBSET = sandboxInput({ cliCases: [], ops: SUBSET_OPS });

type BenchFn = (purewasm: unknown, input: string, now: () => number, runs: number) => string;
const parse = (load: number, text: string): Measured => ({ load, ...(JSON.parse(text) as Omit<Measured, 'load'>) });

// ---- plain node: the ESM bundle imported normally, guest.js + TIMER in this realm ----
async function plainNode(inputs: string[]): Promise<Measured[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-sandboxes-'));
  try {
    writeFileSync(join(dir, 'purewasm.mjs'), await bundle('purewasm.mjs'));
    const t0 = performance.now();
    const purewasm = await import(pathToFileURL(join(dir, 'purewasm.mjs')).href) as unknown;
    const load = performance.now() - t0;
    const run = vm.runInThisContext(`(function () { ${GUEST}\n${TIMER}\n return benchSandbox; })()`) as BenchFn;
    return inputs.map((input) => parse(load, run(purewasm, input, () => performance.now(), RUNS)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- node vm context without code generation ----
async function vmContext(): Promise<Measured> {
  const ctx = vm.createContext({}, { codeGeneration: { strings: false, wasm: false } });
  const text = await bundle('purewasm.js');
  const t0 = performance.now();
  vm.runInContext(text, ctx, { filename: 'purewasm.js' });
  const load = performance.now() - t0;
  vm.runInContext(GUEST, ctx, { filename: 'guest.js' });
  vm.runInContext(TIMER, ctx, { filename: 'timer.js' });
  if (vm.runInContext(`(() => { try { eval('1'); return 'eval works'; } catch (e) { return 'refused'; } })()`, ctx) !== 'refused') throw new Error('vm: eval is not refused');
  const run = vm.runInContext('benchSandbox', ctx) as BenchFn;
  return parse(load, run(vm.runInContext('purewasm', ctx), FULL, () => performance.now(), RUNS));
}

// ---- child processes (node --jitless; SES) ----
function child(flags: string[], files: Record<string, string>, driver: string): Measured {
  const r = runChild(flags, files, driver, FULL);
  if (r.status !== 0) throw new Error(`child ${flags.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
  const out = JSON.parse(r.stdout) as { load: number; bench: string; realm: string };
  return { ...parse(out.load, out.bench), note: out.realm };
}

const JITLESS_DRIVER = `
import { readFileSync } from 'node:fs';
const t0 = performance.now();
const purewasm = await import('./purewasm.mjs');
const load = performance.now() - t0;
const benchSandbox = (0, eval)(readFileSync(new URL('./guest.js', import.meta.url), 'utf8') + '\\n' + readFileSync(new URL('./timer.js', import.meta.url), 'utf8') + '\\n;benchSandbox');
const input = readFileSync(0, 'utf8');
const bench = benchSandbox(purewasm, input, () => performance.now(), ${RUNS});
process.stdout.write(JSON.stringify({ load, bench, realm: 'WebAssembly ' + typeof WebAssembly }));
`;

const SES = fileURLToPath(new URL('../node_modules/ses/dist/ses.mjs', import.meta.url));
const SES_DRIVER = `
import ${JSON.stringify(SES)};
import { readFileSync } from 'node:fs';
lockdown();
const read = (f) => readFileSync(new URL(f, import.meta.url), 'utf8');
const c = new Compartment({ __options__: true, globals: {
  Float32Array, Float64Array,
  performance: harden({ now: () => performance.now(), timeOrigin: performance.timeOrigin }),
  crypto: harden({ getRandomValues: (a) => crypto.getRandomValues(a) }),
} });
const text = read('./purewasm.js') + '\\n;purewasm';
const t0 = performance.now();
const purewasm = c.evaluate(text);
const load = performance.now() - t0;
const benchSandbox = c.evaluate(read('./guest.js') + '\\n' + read('./timer.js') + '\\n;benchSandbox');
const input = readFileSync(0, 'utf8');
const bench = benchSandbox(purewasm, input, harden(() => performance.now()), ${RUNS});
process.stdout.write(JSON.stringify({ load, bench, realm: 'frozen Array.prototype ' + Object.isFrozen(Array.prototype) + ', WebAssembly in compartment ' + c.evaluate('typeof WebAssembly') }));
`;

// ---- QuickJS ----
async function quickjs(): Promise<Measured> {
  const QuickJS = await newQuickJSWASMModuleFromVariant(variant as unknown as QuickJSSyncVariant);
  const runtime = QuickJS.newRuntime();
  runtime.setMemoryLimit(1 << 30);
  runtime.setMaxStackSize(0);
  const q = runtime.newContext();
  try {
    const text = await bundle('purewasm.js');
    const t0 = performance.now();
    q.unwrapResult(q.evalCode(text, 'purewasm.js')).dispose();
    const load = performance.now() - t0;
    q.unwrapResult(q.evalCode(GUEST, 'guest.js')).dispose();
    q.unwrapResult(q.evalCode(TIMER, 'timer.js')).dispose();
    const run = q.unwrapResult(q.evalCode(`(input, now) => benchSandbox(purewasm, input, now, ${RUNS})`));
    const now = q.newFunction('now', () => q.newNumber(performance.now()));
    const input = q.newString(SUBSET);
    const out = q.callFunction(run, q.undefined, input, now);
    input.dispose();
    now.dispose();
    run.dispose();
    if (out.error) {
      const err = q.dump(out.error) as unknown;
      out.error.dispose();
      throw new Error(`QuickJS: ${JSON.stringify(err)}`);
    }
    const bench = q.getString(out.value);
    out.value.dispose();
    return parse(load, bench);
  } finally {
    q.dispose();
    runtime.dispose();
  }
}

// ---- headless Chromium, CSP script-src 'self' ----
const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']
  .find((p): p is string => p !== undefined && p !== '' && existsSync(p));
const CSP = "script-src 'self'";
const PAGE = `<!doctype html><meta charset="utf-8"><title>bench</title>
<script src="/t0.js"></script><script src="/purewasm.js"></script><script src="/t1.js"></script>
<script src="/guest.js"></script><script src="/timer.js"></script><script src="/page.js"></script>`;
const PAGE_JS = `
(async function () {
  try {
    try { eval('1'); throw new Error('eval works: the CSP is not in force'); } catch (e) { if (!(e instanceof EvalError)) throw e; }
    var input = await (await fetch('/input.json')).text();
    window.__bench = benchSandbox(purewasm, input, function () { return performance.now(); }, ${RUNS});
    window.__realm = 'crossOriginIsolated ' + self.crossOriginIsolated + ', ' + navigator.userAgent.replace(/.*(Chrome\\/[0-9.]+).*/, '$1');
  } catch (e) { window.__error = String(e && e.stack || e); }
  window.__done = true;
})();
`;

async function chromium(): Promise<Measured> {
  const { chromium: pw } = await import('playwright-core');
  const js = 'text/javascript; charset=utf-8';
  const files: Record<string, [string, string]> = {
    '/': ['text/html; charset=utf-8', PAGE],
    '/t0.js': [js, 'window.__t0 = performance.now();'],
    '/purewasm.js': [js, await bundle('purewasm.js')],
    '/t1.js': [js, 'window.__load = performance.now() - window.__t0;'],
    '/guest.js': [js, GUEST],
    '/timer.js': [js, TIMER],
    '/page.js': [js, PAGE_JS],
    '/input.json': ['application/json', FULL],
  };
  const server: Server = createServer((req, res) => {
    const f = files[req.url ?? ''];
    if (f === undefined) { res.writeHead(404).end(); return; }
    res.writeHead(200, {
      'Content-Type': f[0], 'Content-Security-Policy': CSP, 'Cache-Control': 'no-store',
      'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp',
    }).end(f[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const browser = await pw.launch({ executablePath: CHROMIUM!, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction('window.__done === true', undefined, { timeout: 120_000, polling: 200 });
    const out = await page.evaluate('({ bench: window.__bench, load: window.__load, error: window.__error, realm: window.__realm })') as
      { bench?: string; load: number; error?: string; realm: string };
    if (out.error !== undefined) throw new Error(`Chromium: ${out.error}`);
    return { ...parse(out.load, out.bench!), note: out.realm };
  } finally {
    await browser.close();
    server.close();
  }
}

// ---- run everything, then print ----
const started = performance.now();
const rows: Row[] = [];
const step = async (name: string, f: () => Promise<Measured> | Measured, subset = false) => {
  const t = performance.now();
  try {
    rows.push({ name, m: await f(), subset });
  } catch (e) {
    rows.push({ name, skipped: `failed: ${(e as Error).message.split('\n')[0]}` });
  }
  console.error(`${name}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
};

const [plainFull, plainSubset] = await plainNode([FULL, SUBSET]);
console.error(`plain node: done`);
await step('node `vm`, `codeGeneration: { strings: false, wasm: false }`', vmContext);
const bundles = { 'purewasm.mjs': await bundle('purewasm.mjs'), 'purewasm.js': await bundle('purewasm.js'), 'guest.js': GUEST, 'timer.js': TIMER };
await step('child `node --jitless`', () => child(['--jitless'], bundles, JITLESS_DRIVER));
await step('QuickJS (quickjs-emscripten) ¹', quickjs, true);
await step('SES `lockdown()` + `Compartment` (child process)', () => child([], bundles, SES_DRIVER));
if (CHROMIUM === undefined) rows.push({ name: "headless Chromium, CSP `script-src 'self'`", skipped: 'skipped: no Chromium found (apt-get install -y chromium, or set CHROMIUM_PATH)' });
else await step("headless Chromium, CSP `script-src 'self'`", chromium);

// Every realm's results must equal plain node's on the same input.
for (const r of rows) {
  if (r.m === undefined) continue;
  const ref = r.subset ? plainSubset! : plainFull!;
  if (r.m.result !== ref.result) r.m.note = `${r.m.note ?? ''} RESULT DIFFERS FROM PLAIN NODE`;
}

const f = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const ratio = (a: number, b: number) => `${(a / b).toFixed(a / b >= 10 ? 0 : 1)}×`;
const cell = (m: Measured, ref: Measured, g: Select) =>
  m === ref ? f(med(m, g)) : `${f(med(m, g))} (${ratio(med(m, g), med(ref, g))})`;
const counts = (m: Measured) => Object.fromEntries(CATEGORIES.map((k) => [k, m.passes[0]!.calls.filter((c) => c[0] === k).length])) as Record<Category, number>;

console.log(`Runs: 1 first pass + ${RUNS} timed passes per realm (each call's median over the timed passes, summed); ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${cpus().length}× ${cpus()[0]?.model ?? '?'}\n`);
const c = counts(plainFull!);
console.log(`| realm | setup: load bundle + compileComponent, ms | extract ×${c.extract} | detect-format ×${c.detect} | apply ×${c.apply} | apply-all ×${c.applyAll} | apply-batch ×${c.applyBatch} | all calls, ms (ratio) | first pass, ms |`);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
const line = (name: string, m: Measured, ref: Measured) =>
  console.log(`| ${name} | ${f(m.load)} + ${f(m.compile)} | ${CATEGORIES.map((k) => cell(m, ref, (c) => c[0] === k)).join(' | ')} | **${cell(m, ref, all)}** | ${f(first(m))} |`);
line('plain node (bundle imported)', plainFull!, plainFull!);
for (const r of rows) {
  if (r.m === undefined) console.log(`| ${r.name} | ${r.skipped} | | | | | | | |`);
  else line(r.name, r.m, r.subset ? plainSubset! : plainFull!);
}
line('plain node, QuickJS\'s subset ¹', plainSubset!, plainSubset!);

const ops = Object.keys(JSON.parse(FULL).ops as object).sort();
console.log(`\n\`apply\` by operation (4 images each), ms in plain node and the ratio in each realm:\n`);
const measured = rows.filter((r) => r.m !== undefined);
console.log(`| operation | plain node, ms | ${measured.map((r) => r.name.replace(/ \(.*$|,.*$/, '')).join(' | ')} |`);
console.log(`| --- | --- | ${measured.map(() => '---').join(' | ')} |`);
for (const op of ops) {
  const g: Select = (c) => c[0] === 'apply' && c[1] === op;
  console.log(`| ${op} | ${f(med(plainFull!, g))} | ${measured.map((r) => {
    const ref = r.subset ? plainSubset! : plainFull!;
    return r.m!.passes[0]!.calls.some(g) ? ratio(med(r.m!, g), med(ref, g)) : '—';
  }).join(' | ')} |`);
}
console.log('');
for (const r of measured) if (r.m!.note !== undefined) console.log(`- ${r.name}: ${r.m!.note}`);
for (const r of rows) if (r.m !== undefined) console.log(`- ${r.name}: instantiate() ${f(median(timedPasses(r.m).map((p) => p.instantiate)))} ms per pass (not in the call times); results ${r.m.result === (r.subset ? plainSubset! : plainFull!).result ? 'equal' : 'DIFFER from'} plain node's`);
const seconds = (performance.now() - started) / 1000;
console.log(`\nWhole run: ${seconds.toFixed(0)} s`);

const jsonAt = argv.indexOf('--json');
if (jsonAt >= 0) {
  const realm = (name: string, m: Measured, ref: Measured, subset: boolean): SandboxRealm => {
    const categories = Object.fromEntries(CATEGORIES.map((k) => [k, med(m, (c) => c[0] === k)])) as Record<Category, number>;
    const ratios = Object.fromEntries(CATEGORIES.map((k) => [k, categories[k] / med(ref, (c) => c[0] === k)])) as Record<Category, number>;
    return {
      name, subset, load: m.load, compile: m.compile, categories, all: med(m, all),
      allPasses: stat(timedPasses(m).map((p) => p.calls.reduce((a, c) => a + c[2], 0))),
      ratios: { ...ratios, all: med(m, all) / med(ref, all) },
      firstPass: first(m),
      instantiate: median(timedPasses(m).map((p) => p.instantiate)),
      ...(m.note !== undefined ? { note: m.note } : {}),
      resultsEqual: m.result === ref.result,
    };
  };
  const out: SandboxesJson = {
    runs: RUNS,
    counts: c,
    realms: [
      realm('plain node (bundle imported)', plainFull!, plainFull!, false),
      ...rows.map((r) => (r.m === undefined ? { name: r.name, skipped: r.skipped ?? 'skipped', subset: !!r.subset } : realm(r.name, r.m, r.subset ? plainSubset! : plainFull!, !!r.subset))),
      realm("plain node, QuickJS's subset ¹", plainSubset!, plainSubset!, true),
    ],
    ops: ops.map((op) => {
      const g: Select = (x) => x[0] === 'apply' && x[1] === op;
      return {
        op,
        plainMs: med(plainFull!, g),
        ratios: Object.fromEntries(measured.map((r) => {
          const ref = r.subset ? plainSubset! : plainFull!;
          return [r.name, r.m!.passes[0]!.calls.some(g) ? med(r.m!, g) / med(ref, g) : null];
        })),
      };
    }),
    seconds,
  };
  writeFileSync(argv[jsonAt + 1]!, JSON.stringify(out, null, 1));
}
