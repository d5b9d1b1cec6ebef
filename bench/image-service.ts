// bench/image-service: compile once, instantiate many — and cold start — for the Rust
// image-service component (test/fixtures/image-service) on purewasm, with jco + V8 (the same
// component transpiled by jco, its core modules compiled by node's WebAssembly) beside it.
//
// Usage: npx tsx bench/image-service.ts [--runs N] [--snapshot] [--profile FILE] [--json FILE]
//   in this process (warm JIT, medians): compileComponent(bytes); instantiate() of a component
//   compiled once; compile + instantiate from bytes; the first extract on a fresh instance of a
//   component compiled once (core code already translated) and of a fresh compile (translated
//   anew); a steady-state extract;
//   cold start (N fresh node processes, median): bytes → first `metadata.extract` result, split
//   into compile, instantiate and first call; the time to load purewasm's modules (tsx) is
//   reported beside it, not in it;
//   --profile: five more cold children under the inspector's CPU profiler (100 µs sampling) for
//   just the bytes → first result window; writes FILE-0..4.cpuprofile and prints the mean self
//   time by area of src/ and by function.
//   --profile-only FILE: just the profiled children and their summary (nothing else measured;
//   --json then writes that summary alone, bench/report/types.ts: ProfileSummary).
//   --json FILE: also write the results as JSON (bench/report/types.ts: ImageServiceJson).
//   --snapshot: pre-instantiation in a node startup snapshot (`node --build-snapshot`, purewasm
//   bundled with esbuild): the snapshot holds (a) the compiled component, or (b) an instance that
//   has already run one extract; N fresh processes started from it time instantiate (a) and the
//   first extract. node 20 cannot snapshot TextDecoder/TextEncoder objects ("global handle not
//   serialized"), and purewasm makes some at module level (src/component/canon/string.ts,
//   src/wasi/...), so the bundle's `new TextDecoder(...)`/`new TextEncoder(...)` are rewritten
//   to create theirs on first use.
// Internal: --child purewasm|jco|phases [--profile FILE] runs one cold start and prints one JSON
// line (phases: compileComponent's decode and validate steps alone, in the compile/instantiate fields).

import { spawnSync } from 'node:child_process';
import { stat, type ColdSplit, type ImageServiceJson, type ProfileSummary, type Stat } from './report/types.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const COMPONENT = join(ROOT, 'test/fixtures/image-service/image-service.component.wasm');
const SAMPLE = join(ROOT, 'test/fixtures/image-service/samples/png-rgba8.png');
const argv = process.argv.slice(2);
const opt = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};

interface Api { metadata: { extract(d: Uint8Array): { width: number } } }
const imports = { 'image-service:api/logging': { log: (_level: string, _message: string) => {} } };
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

// ---- one cold start (a child process) ----
/** Wall-clock ms of each step; cpu: the process's CPU time (user + system, all threads) over `total`. */
interface Cold { load: number; compile: number; instantiate: number; firstCall: number; total: number; cpu?: number }

async function profiled<T>(file: string | undefined, f: () => T): Promise<T> {
  if (file === undefined) return f();
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 100 });
  await post('Profiler.start');
  const r = f();
  const { profile } = (await post('Profiler.stop')) as { profile: unknown };
  writeFileSync(file, JSON.stringify(profile));
  session.disconnect();
  return r;
}

async function child(engine: string): Promise<void> {
  const data = new Uint8Array(readFileSync(SAMPLE));
  const bytes = new Uint8Array(readFileSync(COMPONENT));
  let cold: Cold;
  if (engine === 'purewasm') {
    const t0 = performance.now();
    const { compileComponent } = await import('../src/index.js');
    const load = performance.now() - t0;
    const profile = opt('--profile');
    cold = await profiled(profile, () => {
      const u = profile === undefined ? process.cpuUsage() : undefined; // (not in the profiled window)
      const a = performance.now();
      const c = compileComponent(bytes);
      const b = performance.now();
      const api = c.instantiate(imports).exports as unknown as Api;
      const d = performance.now();
      if (api.metadata.extract(data).width !== 37) throw new Error('wrong result');
      const e = performance.now();
      const cu = u === undefined ? undefined : process.cpuUsage(u);
      return { load, compile: b - a, instantiate: d - b, firstCall: e - d, total: e - a, cpu: cu && (cu.user + cu.system) / 1000 };
    });
  } else if (engine === 'phases') {
    // compileComponent's two steps, cold, through the internal modules it is made of
    const t0 = performance.now();
    const { decodeComponent } = await import('../src/component/binary/decode.js');
    const { validateComponent } = await import('../src/component/valid/index.js');
    const load = performance.now() - t0;
    const a = performance.now();
    const ast = decodeComponent(bytes);
    const b = performance.now();
    validateComponent(ast, undefined);
    const d = performance.now();
    cold = { load, compile: b - a, instantiate: d - b, firstCall: 0, total: d - a };
  } else {
    // jco + V8: the generated JS was written by the parent (JCO_DIR); V8 compiles the core modules.
    const dir = process.env.JCO_DIR!;
    const V8 = (globalThis as unknown as { WebAssembly: { Module: new (b: Uint8Array) => object } }).WebAssembly;
    const t0 = performance.now();
    const mod = (await import(pathToFileURL(join(dir, 'image-service.js')).href)) as {
      instantiate(get: (p: string) => object, i: object): Api;
    };
    const load = performance.now() - t0;
    const u = process.cpuUsage();
    const a = performance.now();
    const cores = new Map<string, object>();
    for (const name of JSON.parse(process.env.JCO_CORES!) as string[]) cores.set(name, new V8.Module(new Uint8Array(readFileSync(join(dir, name)))));
    const b = performance.now();
    const api = mod.instantiate((p) => cores.get(p)!, imports);
    const d = performance.now();
    if (api.metadata.extract(data).width !== 37) throw new Error('wrong result');
    const e = performance.now();
    const cu = process.cpuUsage(u);
    cold = { load, compile: b - a, instantiate: d - b, firstCall: e - d, total: e - a, cpu: (cu.user + cu.system) / 1000 };
  }
  console.log(JSON.stringify(cold));
}

function spawnChild(engine: string, env: Record<string, string>, extra: string[] = []): Cold {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', engine, ...extra], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`child ${engine} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Cold;
}

// ---- CPU profile summary ----
interface ProfileNode { id: number; callFrame: { functionName: string; url: string }; children?: number[] }
/** Self time by area of src/ and by function, averaged over the profiles (Profiler.stop's own samples left out). */
function summarize(files: string[]): ProfileSummary {
  const areas = new Map<string, number>();
  const fns = new Map<string, number>();
  let total = 0;
  const area = (url: string, fn: string): string => {
    const m = /\/src\/(.*)$/.exec(url);
    if (m) {
      const f = m[1]!;
      if (f.startsWith('core/binary')) return 'core decode (src/core/binary)';
      if (f.startsWith('core/valid')) return 'core validate (src/core/valid)';
      if (f.startsWith('core/exec/translate')) return 'first-call translation (src/core/exec/translate.ts)';
      if (f.startsWith('core/exec/interp')) return 'interpreter (src/core/exec/interp.ts)';
      if (f.startsWith('core/exec/machine')) return 'value/frame stack allocation (src/core/exec/machine.ts)';
      if (f.startsWith('core/exec')) return 'core instantiate/runtime (src/core/exec, other)';
      if (f.startsWith('component/binary')) return 'component decode (src/component/binary)';
      if (f.startsWith('component/valid')) return 'component validate (src/component/valid)';
      if (f.startsWith('component/canon')) return 'canonical ABI (src/component/canon)';
      if (f.startsWith('component/runtime')) return 'component instantiate (src/component/runtime)';
      return `src/${f.split('/').slice(0, 2).join('/')}`;
    }
    if (fn === '(garbage collector)') return 'garbage collector';
    if (fn === '(program)') return 'V8 (program): compiling JS, runtime';
    return url ? 'other JS' : `V8 ${fn || '(native)'}`;
  };
  for (const file of files) {
    const p = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    // Profiler.stop runs under node:inspector's post: leave out that subtree
    const skip = new Set<number>();
    const mark = (id: number): void => {
      skip.add(id);
      for (const c of byId.get(id)!.children ?? []) mark(c);
    };
    for (const n of p.nodes) if (n.callFrame.url === 'node:inspector') mark(n.id);
    p.samples.forEach((id, k) => {
      if (skip.has(id)) return;
      const us = p.timeDeltas[k] ?? 0;
      const { functionName, url } = byId.get(id)!.callFrame;
      const a = area(url, functionName);
      areas.set(a, (areas.get(a) ?? 0) + us);
      const key = `${functionName || '(anonymous)'} ${url.replace(/^.*\/src\//, 'src/')}`;
      fns.set(key, (fns.get(key) ?? 0) + us);
      total += us;
    });
  }
  const n = files.length;
  console.log(`\nprofile of bytes → first extract, cold, mean of ${n} (${(total / n / 1000).toFixed(1)} ms sampled each), self time by area:`);
  for (const [a, us] of [...areas].sort((x, y) => y[1] - x[1])) console.log(`  ${(us / n / 1000).toFixed(1).padStart(7)} ms ${((100 * us) / total).toFixed(0).padStart(3)}%  ${a}`);
  console.log('top functions by self time:');
  const topFns = [...fns].sort((x, y) => y[1] - x[1]).slice(0, 20);
  for (const [f, us] of topFns) console.log(`  ${(us / n / 1000).toFixed(1).padStart(7)} ms  ${f}`);
  return {
    runs: n,
    sampledMs: total / n / 1000,
    areas: [...areas].sort((x, y) => y[1] - x[1]).map(([area, us]) => ({ area, ms: us / n / 1000, pct: (100 * us) / total })),
    functions: topFns.map(([fn, us]) => ({ fn, ms: us / n / 1000, pct: (100 * us) / total })),
  };
}

/** Five cold children under the CPU profiler (files FILE-0..4.cpuprofile), then their summary. */
function profileRuns(prof: string): ProfileSummary {
  const files: string[] = [];
  for (let k = 0; k < 5; k++) {
    const file = prof.replace(/(\.cpuprofile)?$/, `-${k}.cpuprofile`);
    const c = spawnChild('purewasm', {}, ['--profile', file]);
    console.log(`\nprofiled cold run ${k}: ${c.total.toFixed(1)} ms (compile ${c.compile.toFixed(1)}, instantiate ${c.instantiate.toFixed(1)}, first call ${c.firstCall.toFixed(1)}); ${file}`);
    files.push(file);
  }
  return summarize(files);
}

// ---- pre-instantiation in a startup snapshot ----
const SNAPSHOT_ENTRY = (root: string) => `
import { readFileSync } from 'node:fs';
import { startupSnapshot } from 'node:v8';
import { compileComponent } from ${JSON.stringify(join(root, 'src/index.ts'))};
const MODE = process.env.SNAP_MODE;
const read = (p) => new Uint8Array(readFileSync(p));
const imports = { 'image-service:api/logging': { log() {} } };
const component = compileComponent(read(${JSON.stringify(COMPONENT)}));
let ready;
if (MODE === 'warm') { ready = component.instantiate(imports).exports; ready.metadata.extract(read(${JSON.stringify(SAMPLE)})); }
startupSnapshot.setDeserializeMainFunction(() => {
  const data = read(${JSON.stringify(SAMPLE)});
  const u = process.cpuUsage();
  const a = performance.now();
  const api = ready ?? component.instantiate(imports).exports;
  const d = performance.now();
  if (api.metadata.extract(data).width !== 37) throw new Error('wrong result');
  const e = performance.now();
  const cu = process.cpuUsage(u);
  console.log(JSON.stringify({ load: 0, compile: 0, instantiate: d - a, firstCall: e - d, total: e - a, cpu: (cu.user + cu.system) / 1000 }));
});
`;
const LAZY_CODECS = `var __lazyTD = (...a) => { let d; return { decode: (...x) => (d ??= new TextDecoder(...a)).decode(...x) }; };
var __lazyTE = (...a) => { let d; const e = () => (d ??= new TextEncoder(...a)); return { encode: (...x) => e().encode(...x), encodeInto: (...x) => e().encodeInto(...x) }; };
`;

type SnapshotJson = NonNullable<ImageServiceJson['snapshot']>;
async function snapshots(runs: number): Promise<SnapshotJson> {
  const { build } = await import('esbuild');
  const dir = mkdtempSync(join(tmpdir(), 'bench-image-service-snapshot-'));
  try {
    writeFileSync(join(dir, 'entry.mjs'), SNAPSHOT_ENTRY(ROOT));
    await build({ entryPoints: [join(dir, 'entry.mjs')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: join(dir, 'bundle.cjs'), logLevel: 'error' });
    const code = readFileSync(join(dir, 'bundle.cjs'), 'utf8').replaceAll('new TextDecoder(', '__lazyTD(').replaceAll('new TextEncoder(', '__lazyTE(');
    writeFileSync(join(dir, 'bundle.cjs'), LAZY_CODECS + code);
    const bare: number[] = [];
    for (let k = 0; k < runs; k++) {
      const t = performance.now();
      spawnSync(process.execPath, ['-e', '0']);
      bare.push(performance.now() - t);
    }
    console.log(`\nnode -e 0 (process start and exit, for comparison): median ${median(bare).toFixed(0)} ms`);
    const out: Partial<SnapshotJson> = { nodeBare: stat(bare) };
    for (const mode of ['compiled', 'warm'] as const) {
      const blob = join(dir, `${mode}.blob`);
      const b = spawnSync(process.execPath, ['--snapshot-blob', blob, '--build-snapshot', join(dir, 'bundle.cjs')], { env: { ...process.env, SNAP_MODE: mode }, encoding: 'utf8' });
      if (b.status !== 0) throw new Error(`building the ${mode} snapshot failed: ${b.stderr.slice(0, 2000)}`);
      const all: Cold[] = [];
      const walls: number[] = [];
      for (let k = 0; k < runs; k++) {
        const t = performance.now();
        const r = spawnSync(process.execPath, ['--snapshot-blob', blob], { encoding: 'utf8' });
        walls.push(performance.now() - t);
        if (r.status !== 0) throw new Error(`snapshot run failed: ${r.stderr}`);
        all.push(JSON.parse(r.stdout.trim()) as Cold);
      }
      const m = (key: keyof Cold) => median(all.map((c) => c[key] ?? NaN)).toFixed(2);
      const size = readFileSync(blob).length;
      console.log(`\nsnapshot holding ${mode === 'warm' ? 'an instance that ran one extract' : 'the compiled component'} (${(size / 1e6).toFixed(1)} MB blob; median of ${runs} processes, ms):`);
      console.log(`  ${mode === 'warm' ? 'first extract' : 'instantiate + first extract'} ${m('total')} (instantiate ${m('instantiate')}, first call ${m('firstCall')}); CPU time ${m('cpu')}; ` +
        `min ${Math.min(...all.map((c) => c.total)).toFixed(2)}; whole process ${median(walls).toFixed(0)}`);
      const st = (key: keyof Cold): Stat => stat(all.map((c) => c[key] ?? NaN));
      out[mode] = { blobMB: size / 1e6, total: st('total'), instantiate: st('instantiate'), firstCall: st('firstCall'), cpu: st('cpu'), process: stat(walls) };
    }
    return out as SnapshotJson;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- the parent ----
async function main(): Promise<void> {
  const runs = Number(opt('--runs') ?? 10);
  const { compileComponent } = await import('../src/index.js');
  const bytes = new Uint8Array(readFileSync(COMPONENT));
  const data = new Uint8Array(readFileSync(SAMPLE));
  console.log(`node ${process.version}, ${cpus()[0]?.model ?? '?'} x${cpus().length}; component ${bytes.length} bytes; extract on ${data.length} bytes of PNG`);

  const measure = (n: number, f: () => void): Stat => {
    const xs: number[] = [];
    for (let k = 0; k < n; k++) {
      const t = performance.now();
      f();
      xs.push(performance.now() - t);
    }
    return stat(xs);
  };
  /** Median time of the first extract on a new instance (of the component `get` returns). */
  const firstCall = (n: number, get: () => ReturnType<typeof compileComponent>) => {
    const xs: number[] = [];
    for (let k = 0; k < n; k++) {
      const api = get().instantiate(imports).exports as unknown as Api;
      const t = performance.now();
      api.metadata.extract(data);
      xs.push(performance.now() - t);
    }
    return stat(xs);
  };
  // warm up the JIT on the whole path
  for (let k = 0; k < 5; k++) (compileComponent(bytes).instantiate(imports).exports as unknown as Api).metadata.extract(data);
  const compiled = compileComponent(bytes);
  const rows: Array<[string, Stat]> = [
    ['compileComponent(bytes)', measure(30, () => compileComponent(bytes))],
    ['instantiate() of a component compiled once', measure(100, () => compiled.instantiate(imports))],
    ['compile + instantiate from bytes', measure(30, () => compileComponent(bytes).instantiate(imports))],
    ['first extract on a fresh instance of a component compiled once', firstCall(50, () => compiled)],
    ['first extract on a fresh instance of a fresh compile (translates)', firstCall(30, () => compileComponent(bytes))],
  ];
  const inst = compiled.instantiate(imports).exports as unknown as Api;
  rows.push(['extract, steady state (same instance)', measure(500, () => inst.metadata.extract(data))]);
  console.log('\nin this process, warm JIT (median ms):');
  for (const [what, t] of rows) console.log(`  ${what.padEnd(66)} ${t.median.toFixed(3).padStart(8)}  (${t.min.toFixed(3)}–${t.max.toFixed(3)})`);
  const json: ImageServiceJson = {
    runs, componentBytes: bytes.length, sampleBytes: data.length, warm: rows.map(([label, ms]) => ({ label, ms })),
    cold: {} as ImageServiceJson['cold'], snapshot: null, phases: null, profile: null,
  };

  // jco's generated JS, for the jco + V8 children
  const { transpile } = await import('@bytecodealliance/jco');
  const { files } = await transpile(bytes, { name: 'image-service', instantiation: 'sync', noTypescript: true } as Parameters<typeof transpile>[1]);
  const dir = mkdtempSync(join(tmpdir(), 'bench-image-service-'));
  const cores: string[] = [];
  for (const [name, d] of Object.entries(files as Record<string, Uint8Array>)) {
    if (name.endsWith('.js') || name.endsWith('.wasm')) writeFileSync(join(dir, name), d);
    if (name.endsWith('.wasm')) cores.push(name);
  }
  try {
    for (const engine of ['purewasm', 'jco']) {
      const env = { JCO_DIR: dir, JCO_CORES: JSON.stringify(cores) };
      const all: Cold[] = [];
      for (let k = 0; k < runs; k++) all.push(spawnChild(engine, env));
      const m = (key: keyof Cold) => median(all.map((c) => c[key] ?? NaN)).toFixed(1).padStart(7);
      console.log(`\ncold start, ${engine === 'jco' ? 'jco + V8' : 'purewasm'} (median of ${runs} fresh processes, ms):`);
      console.log(`  bytes → first extract ${m('total')}  = compile ${m('compile')} + instantiate ${m('instantiate')} + first call ${m('firstCall')}` +
        `   (module loading before it: ${m('load')}); CPU time ${m('cpu')}`);
      console.log(`  min ${Math.min(...all.map((c) => c.total)).toFixed(1)}; all: ${all.map((c) => c.total.toFixed(1)).join(', ')}`);
      const st = (key: keyof Cold): Stat => stat(all.map((c) => c[key] ?? NaN));
      const split: ColdSplit = { total: st('total'), compile: st('compile'), instantiate: st('instantiate'), firstCall: st('firstCall'), load: st('load'), cpu: st('cpu') };
      json.cold[engine as 'purewasm' | 'jco'] = split;
    }
    if (argv.includes('--snapshot')) json.snapshot = await snapshots(runs);
    const phases: Cold[] = [];
    for (let k = 0; k < runs; k++) phases.push(spawnChild('phases', {}));
    console.log(`\ncompileComponent cold, split (median of ${runs}): decodeComponent ${median(phases.map((c) => c.compile)).toFixed(1)} ms, ` +
      `validateComponent ${median(phases.map((c) => c.instantiate)).toFixed(1)} ms`);
    json.phases = { decode: stat(phases.map((c) => c.compile)), validate: stat(phases.map((c) => c.instantiate)) };
    const prof = opt('--profile');
    if (prof !== undefined) json.profile = profileRuns(prof);
    const jsonFile = opt('--json');
    if (jsonFile !== undefined) writeFileSync(jsonFile, JSON.stringify(json, null, 1));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const role = opt('--child');
const profileOnly = opt('--profile-only');
if (role !== undefined) {
  await child(role);
} else if (profileOnly !== undefined) {
  const profile = profileRuns(profileOnly);
  const jsonFile = opt('--json');
  if (jsonFile !== undefined) writeFileSync(jsonFile, JSON.stringify(profile, null, 1));
} else {
  await main();
}
