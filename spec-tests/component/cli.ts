// `npm run spec -- --suite component [...]`: the component suite's command line (run.ts
// parses the options and dispatches here).

import { writeFileSync } from 'node:fs';
import { formatFileLine } from '../report.js';
import { updateComponentExpected } from './expectations.js';
import { runComponentSuite } from './index.js';

export interface ComponentCliOptions {
  readonly engine: string;
  readonly json?: string | undefined;
  readonly expected?: string | undefined;
  readonly updateExpected: boolean;
  readonly noCache: boolean;
  readonly quiet: boolean;
  readonly files: readonly string[];
}

/** Runs the suite and prints the report; returns the exit status (1 on unexpected failures). */
export async function componentMain(o: ComponentCliOptions): Promise<number> {
  const started = Date.now();
  const run = await runComponentSuite({
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
    const summary = { ...s, unexpectedFailures: s.unexpectedFailures.length, expectedFailures: s.expectedFailures.length };
    const commands = run.results.flatMap((f) => f.commands.map((c) => ({ folder: f.group, async: run.asyncFiles.has(f.file), ...c })));
    writeFileSync(o.json, `${JSON.stringify({ engine: run.engine.name, suite: 'component', suiteDir: run.suiteDir, summary, commands }, null, 1)}\n`);
  }
  if (o.updateExpected) {
    if (run.engine.unavailable !== undefined) {
      console.log(`\nnot updating ${run.expectedFile}: the engine is not available`);
    } else {
      const list = updateComponentExpected(run.expectedFile, run.engine.name, run.results, run.asyncFiles);
      console.log(`\nwrote ${list.length} entries to ${run.expectedFile}`);
    }
  }
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`\n${run.results.length} files in ${secs}s (text->binary: ${run.converter.stats.converted} converted, ${run.converter.stats.cacheHits} from cache)`);
  console.log(run.report());
  return s.unexpectedFailures.length > 0 && !o.updateExpected ? 1 : 0;
}
