// Runs the WebAssembly JS API tests (the WebAssembly/spec repository's test/js-api, a copy of
// WPT's wasm/jsapi) against purewasm, or against node's own WebAssembly for comparison. Not part
// of CI: the tests are read in place from a checkout, never copied into this repository.
//
//   npx tsx scripts/js-api-spec.ts [--engine purewasm|node] [--verbose] [--json FILE]
//                                  [--timeout SECONDS] [CHECKOUT] [filters...]
//
// CHECKOUT is a WebAssembly/spec checkout (the directory holding test/js-api and
// test/harness/testharness.js), or $PUREWASM_JS_API_TESTS. A WPT checkout works too (wasm/jsapi
// and resources/testharness.js). Filters are substrings of the test files' paths.
//
// Every *.any.js file runs in a fresh node `vm` context. For purewasm, the context's
// `WebAssembly` is purewasm's namespace, evaluated inside that context from a bundle of
// src/index.ts (so the tests and purewasm share one realm: same Function.prototype, TypeError,
// ArrayBuffer, …), and the context is made with wasm code generation off, so node's own
// WebAssembly could not compile anything even if purewasm tried. Then the harness
// (testharness.js from the checkout), the file's `// META: script=` helpers and the file itself
// are evaluated, and every subtest's result is collected. Prints one line per file and ends
// with `N passed, M failed`.

import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const USAGE = `usage: npx tsx scripts/js-api-spec.ts [--engine purewasm|node] [--verbose] [--json FILE]
                                      [--timeout SECONDS] [CHECKOUT] [filters...]
  CHECKOUT: a WebAssembly/spec checkout (or $PUREWASM_JS_API_TESTS); filters: substrings of test paths`;

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');

interface Options {
  engine: 'purewasm' | 'node';
  verbose: boolean;
  json?: string;
  timeoutMs: number;
  checkout?: string;
  filters: string[];
}

function parseArgs(argv: readonly string[]): Options {
  const o: Options = { engine: 'purewasm', verbose: false, timeoutMs: 300_000, filters: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = a.indexOf('=');
    const [flag, inline] = a.startsWith('--') && eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
    const val = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--engine': {
        const e = val();
        if (e !== 'purewasm' && e !== 'node') throw new Error(`unknown engine ${e}`);
        o.engine = e;
        break;
      }
      case '--verbose': case '-v': o.verbose = true; break;
      case '--json': o.json = val(); break;
      case '--timeout': o.timeoutMs = Number(val()) * 1000; break;
      case '-h': case '--help':
        console.log(USAGE);
        process.exit(0);
      // eslint-disable-next-line no-fallthrough
      default:
        if (a.startsWith('--')) throw new Error(`unknown option ${a}\n${USAGE}`);
        if (o.checkout === undefined && looksLikeCheckout(a)) o.checkout = a;
        else o.filters.push(a);
    }
  }
  o.checkout ??= process.env.PUREWASM_JS_API_TESTS;
  if (!o.checkout) throw new Error(`no checkout given (argument or $PUREWASM_JS_API_TESTS)\n${USAGE}`);
  return o;
}

/** Whether a command-line argument names a checkout (rather than being a filter). */
function looksLikeCheckout(a: string): boolean {
  return ['test/js-api', 'wasm/jsapi', '.'].some((d) => existsSync(join(a, d, 'wasm-module-builder.js')));
}

/** The js-api test directory and testharness.js of a checkout. */
function locate(checkout: string): { apiDir: string; harness: string } {
  const c = resolve(checkout);
  const apiCandidates = [join(c, 'test/js-api'), join(c, 'wasm/jsapi'), c];
  const apiDir = apiCandidates.find((d) => existsSync(join(d, 'wasm-module-builder.js')));
  if (!apiDir) throw new Error(`no js-api tests under ${c} (looked for test/js-api/wasm-module-builder.js)`);
  const harnessCandidates = [join(c, 'test/harness/testharness.js'), join(c, 'resources/testharness.js'), join(apiDir, '../harness/testharness.js'), join(apiDir, '../../resources/testharness.js')];
  const harness = harnessCandidates.find((f) => existsSync(f));
  if (!harness) throw new Error(`no testharness.js in ${c} (looked in test/harness/ and resources/)`);
  return { apiDir, harness };
}

function listTests(dir: string): string[] {
  const out: string[] = [];
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out.push(...listTests(p));
    else if (n.endsWith('.any.js')) out.push(p);
  }
  return out;
}

/** The `// META: script=` helpers of a test file, resolved to paths. */
function metaScripts(file: string, apiDir: string): string[] {
  const out: string[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^\/\/\s*META:\s*script=(\S+)/.exec(line);
    if (!m) {
      if (line.trim() !== '' && !line.startsWith('//')) break;
      continue;
    }
    const s = m[1]!;
    out.push(s.startsWith('/wasm/jsapi/') ? join(apiDir, s.slice('/wasm/jsapi/'.length)) : resolve(dirname(file), s));
  }
  return out;
}

/** purewasm's src/index.ts as one classic script defining `__purewasm` (built with esbuild, which tsx brings). */
async function purewasmBundle(): Promise<string> {
  type Esbuild = { buildSync(o: Record<string, unknown>): { outputFiles: { text: string }[] } };
  let esbuild: Esbuild;
  try {
    esbuild = (await import('esbuild' as string)) as Esbuild;
  } catch {
    throw new Error('scripts/js-api-spec.ts needs esbuild (installed with tsx) to bundle purewasm into the test contexts');
  }
  const r = esbuild.buildSync({
    entryPoints: [join(root, 'src/index.ts')],
    bundle: true,
    format: 'iife',
    globalName: '__purewasm',
    platform: 'neutral',
    target: 'es2022',
    write: false,
    sourcemap: 'inline',
    logLevel: 'silent',
  });
  return r.outputFiles[0]!.text;
}

type Status = 'PASS' | 'FAIL' | 'TIMEOUT' | 'NOTRUN' | 'PRECONDITION_FAILED' | 'ERROR';
const STATUS_NAMES: Status[] = ['PASS', 'FAIL', 'TIMEOUT', 'NOTRUN', 'PRECONDITION_FAILED'];

interface SubtestResult { name: string; status: Status; message: string | null }
interface FileResult {
  file: string;
  subtests: SubtestResult[];
  /** A harness-level error (an exception outside any subtest, a timeout of the whole file). */
  harness: { status: string; message: string | null } | null;
  ms: number;
}

interface HarnessTest { name: string; status: number; message: string | null }
interface HarnessStatus { status: number; message: string | null }

/** Host facilities a test context gets (the rest of its globals are the context's own). */
function hostGlobals(): Record<string, unknown> {
  const g = globalThis as Record<string, unknown>;
  const names = ['console', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'structuredClone', 'TextEncoder', 'TextDecoder', 'Response', 'Request', 'Headers', 'Blob', 'ReadableStream', 'fetch'];
  const out: Record<string, unknown> = {};
  for (const n of names) if (g[n] !== undefined) out[n] = g[n];
  return out;
}

function runFile(file: string, helpers: string[], harness: string, bundle: vm.Script | null, title: string, timeoutMs: number): Promise<FileResult> {
  const started = Date.now();
  const subtests: SubtestResult[] = [];
  return new Promise((resolveFile) => {
    let finished = false;
    const finish = (h: FileResult['harness']): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      resolveFile({ file, subtests, harness: h, ms: Date.now() - started });
    };
    const timer = setTimeout(() => {
      // Subtests still pending count as TIMEOUT; those never reported at all are unknown.
      finish({ status: 'TIMEOUT', message: `file did not complete in ${timeoutMs / 1000} s` });
    }, timeoutMs);

    const sandbox = hostGlobals();
    const ctx = vm.createContext(sandbox, {
      name: title,
      ...(bundle ? { codeGeneration: { strings: true, wasm: false } } : {}),
    });
    const run = (code: string | vm.Script, filename: string): void => {
      if (typeof code === 'string') vm.runInContext(code, ctx, { filename });
      else code.runInContext(ctx);
    };
    try {
      run('globalThis.self = globalThis;', 'setup');
      (ctx as Record<string, unknown>).META_TITLE = title;
      if (bundle) {
        run(bundle, 'purewasm');
        run(
          "Object.defineProperty(globalThis, 'WebAssembly', { value: __purewasm.WebAssembly, writable: true, enumerable: false, configurable: true }); delete globalThis.__purewasm;",
          'install-purewasm',
        );
      }
      run(readFileSync(harness, 'utf8'), harness);
      const api = ctx as unknown as {
        add_result_callback(cb: (t: HarnessTest) => void): void;
        add_completion_callback(cb: (tests: HarnessTest[], status: HarnessStatus) => void): void;
        setup(o: object): void;
      };
      api.setup({ explicit_timeout: true, output: false });
      api.add_result_callback((t) => {
        subtests.push({ name: t.name, status: STATUS_NAMES[t.status] ?? 'ERROR', message: t.message ?? null });
      });
      api.add_completion_callback((_tests, status) => {
        const names = ['OK', 'ERROR', 'TIMEOUT', 'PRECONDITION_FAILED'];
        finish(status.status === 0 ? null : { status: names[status.status] ?? String(status.status), message: status.message });
      });
      for (const h of helpers) run(readFileSync(h, 'utf8'), h);
      run(readFileSync(file, 'utf8'), file);
    } catch (e) {
      finish({ status: 'ERROR', message: `uncaught while loading: ${e instanceof Error ? e.message : String(e)}` });
    }
  });
}

async function main(): Promise<number> {
  const o = parseArgs(process.argv.slice(2));
  const { apiDir, harness } = locate(o.checkout!);
  const files = listTests(apiDir).filter((f) => o.filters.length === 0 || o.filters.some((s) => relative(apiDir, f).includes(s)));
  const bundle = o.engine === 'purewasm' ? new vm.Script(await purewasmBundle(), { filename: 'purewasm-bundle.js' }) : null;

  // Uncaught errors escaping a test context (e.g. a rejected promise nobody awaited) must not
  // end the run; testharness reports what it sees.
  process.on('unhandledRejection', () => {});
  process.on('uncaughtException', (e) => {
    if (o.verbose) console.error('uncaught:', e);
  });

  let passed = 0;
  let failed = 0;
  const results: FileResult[] = [];
  for (const file of files) {
    const rel = relative(apiDir, file);
    const r = await runFile(file, metaScripts(file, apiDir), harness, bundle, rel, o.timeoutMs);
    results.push(r);
    const p = r.subtests.filter((s) => s.status === 'PASS').length;
    const f = r.subtests.length - p;
    passed += p;
    failed += f;
    const h = r.harness ? `  [harness ${r.harness.status}: ${(r.harness.message ?? '').split('\n')[0]}]` : '';
    console.log(`${rel.padEnd(50)} ${String(p).padStart(4)} passed ${String(f).padStart(4)} failed${h}`);
    if (o.verbose) {
      for (const s of r.subtests) {
        if (s.status !== 'PASS') console.log(`    ${s.status}: ${s.name}\n        ${(s.message ?? '').split('\n')[0]}`);
      }
    }
  }
  const harnessErrors = results.filter((r) => r.harness).length;
  console.log(`\n${o.engine} (${process.version}): ${passed} passed, ${failed} failed (${passed + failed} subtests in ${results.length} files${harnessErrors ? `, ${harnessErrors} files with a harness error` : ''})`);
  if (o.json) writeFileSync(o.json, `${JSON.stringify({ engine: o.engine, node: process.version, passed, failed, files: results.map((r) => ({ ...r, file: relative(apiDir, r.file) })) }, null, 1)}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(2);
  },
);
