// Runs tasks posted by the pool (pool.ts) in a worker thread and posts back the results: campaign
// jobs (one generated component on every engine) and string-test runs. The first message names
// the engines and the caching mode.

import { parentPort } from 'node:worker_threads';
import { runJob } from './campaign.js';
import { type ComponentEngine, loadEngine, parseText, setCaching } from './engines.js';
import type { InitMessage, TaskMessage } from './pool.js';
import { interfacesFor, runStringCases, stringCases } from './strings.js';
import { stringsComponentText } from './strings-component.js';

let engines: Promise<ComponentEngine[]> | undefined;

async function runTask(m: TaskMessage): Promise<unknown> {
  const es = await engines!;
  if (m.task.kind === 'job') return runJob(m.task.job, es);
  return runStringCases(stringCases(m.task.options), es, (e) => {
    const { pairs, host } = interfacesFor(e);
    return parseText(stringsComponentText(pairs, host));
  });
}

parentPort!.on('message', (m: InitMessage | TaskMessage) => {
  void (async () => {
    if ('init' in m) {
      setCaching(m.init.caching);
      engines = Promise.all(m.init.engines.map(async (name) => {
        const e = await loadEngine(name);
        if (typeof e === 'string') throw new Error(`engine ${name}: ${e}`);
        return e;
      }));
      try {
        await engines;
        parentPort!.postMessage({ ready: true });
      } catch (e) {
        parentPort!.postMessage({ ready: false, error: String(e) });
      }
      return;
    }
    try {
      parentPort!.postMessage({ id: m.id, ok: true, result: await runTask(m) });
    } catch (e) {
      parentPort!.postMessage({ id: m.id, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  })();
});
