// Runs execution jobs posted by the pool (pool.ts) and posts back their logs.

import { parentPort } from 'node:worker_threads';
import { loadEngine, type FuzzEngine } from './engines.js';
import { executeModule, type ExecOptions } from './execute.js';

export interface JobMessage {
  readonly id: number;
  readonly engine: string;
  readonly bytes: Uint8Array;
  readonly options: ExecOptions;
}

const engines = new Map<string, Promise<FuzzEngine>>();

parentPort!.on('message', (job: JobMessage) => {
  void (async () => {
    try {
      let engine = engines.get(job.engine);
      if (!engine) engines.set(job.engine, (engine = loadEngine(job.engine)));
      const log = executeModule(await engine, job.bytes, job.options);
      parentPort!.postMessage({ id: job.id, ok: true, log });
    } catch (e) {
      parentPort!.postMessage({ id: job.id, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  })();
});
parentPort!.postMessage({ ready: true });
