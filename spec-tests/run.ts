// CLI: npm run spec -- --suite core [--engine purewasm|node] [--json FILE]
//                     [--expected FILE] [--update-expected] [--no-cache] [files...]
//      npm run spec -- --suite component [...]  (the Component Model suite: component/cli.ts)

import { writeFileSync } from 'node:fs';
import { updateExpected } from './expectations.js';
import { formatFileLine, formatSummary, runSuite } from './index.js';

const USAGE = `usage: npm run spec -- [--suite core|component] [--engine purewasm|node] [--json FILE]
                      [--expected FILE] [--update-expected] [--no-cache] [--quiet] [files or globs...]
  files are relative to the suite dir ($PUREWASM_TESTSUITE/<suite>, default ../shared/testsuites/core);
  default: every .wast file. Exit status is non-zero on any failure that is neither listed in the
  expectations file nor in an excluded group (spec-tests/excluded.tsv).
  --suite component: the Component Model suite ($PUREWASM_COMPONENT_TESTSUITE, default
  ../shared/testsuites/component-model), engine purewasm, expectations in
  spec-tests/component/expected-failures.json (see spec-tests/README.md).`;

interface CliOptions {
  suite: string;
  engine: string;
  json?: string;
  expected?: string;
  updateExpected: boolean;
  noCache: boolean;
  quiet: boolean;
  files: string[];
}

function parseArgs(argv: readonly string[]): CliOptions {
  const o: CliOptions = { suite: 'core', engine: 'purewasm', updateExpected: false, noCache: false, quiet: false, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    const eq = a.indexOf('=');
    const [flag, inline] = a.startsWith('--') && eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
    const val = (): string => inline ?? value();
    switch (flag) {
      case '--suite': o.suite = val(); break;
      case '--engine': o.engine = val(); break;
      case '--json': o.json = val(); break;
      case '--expected': o.expected = val(); break;
      case '--update-expected': o.updateExpected = true; break;
      case '--no-cache': o.noCache = true; break;
      case '--quiet': o.quiet = true; break;
      case '-h':
      case '--help':
        console.log(USAGE);
        process.exit(0);
      // eslint-disable-next-line no-fallthrough
      default:
        if (a.startsWith('--')) throw new Error(`unknown option ${a}\n${USAGE}`);
        o.files.push(a);
    }
  }
  return o;
}

async function main(): Promise<number> {
  const o = parseArgs(process.argv.slice(2));
  // The component suite has its own runner (spec-tests/component/).
  if (o.suite === 'component') return (await import('./component/cli.js')).componentMain(o);
  const started = Date.now();
  const run = await runSuite({
    suite: o.suite,
    engine: o.engine,
    files: o.files,
    ...(o.expected ? { expectedFile: o.expected } : {}),
    ...(o.noCache ? { cacheDir: null } : {}),
    onFile: (r) => {
      if (!o.quiet) console.log(formatFileLine(r));
    },
  });
  const s = run.summary;
  if (o.json) {
    writeFileSync(
      o.json,
      `${JSON.stringify(
        {
          engine: run.engine.name,
          suite: o.suite,
          suiteDir: run.suiteDir,
          summary: { ...s, unexpectedFailures: s.unexpectedFailures.length, expectedFailures: s.expectedFailures.length },
          commands: run.results.flatMap((f) => f.commands.map((c) => ({ group: f.group, excluded: f.excluded, ...c }))),
        },
        null,
        1,
      )}\n`,
    );
  }
  if (o.updateExpected) {
    const list = updateExpected(run.expectedFile, run.engine.name, run.results);
    console.log(`\nwrote ${list.length} entries to ${run.expectedFile}`);
  }
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`\n${run.results.length} files in ${secs}s (text->binary: ${run.converter.stats.converted} converted, ${run.converter.stats.cacheHits} from cache)`);
  console.log(formatSummary(s, run.engine.name));
  return s.unexpectedFailures.length > 0 && !o.updateExpected ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exitCode = 2;
  },
);
