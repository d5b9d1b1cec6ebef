// Worker threads for campaigns. Each task (a campaign job: one generated component on every
// engine; or a string-test run) runs in a worker with a time limit: a worker that exceeds it is
// terminated and replaced and the task is reported as a timeout, so an engine that hangs cannot
// stall a campaign (Worker.terminate interrupts JS and wasm alike). Workers are also replaced
// after `recycleAfter` tasks, because the JS that jco generates for each component stays in the
// module cache for the worker's lifetime.

import { Worker } from 'node:worker_threads';
import {
  accumulate, CALLS_PER_FUNC, type CampaignSummary, type Disagreement, FUNCS_PER_COMPONENT, type JobResult, type JobSpec,
  type Mode, newAccumulator,
} from './campaign.js';
import type { StringCaseOptions, StringRunSummary } from './strings.js';

export interface InitMessage { readonly init: { readonly engines: readonly string[]; readonly caching: boolean } }
export type Task =
  | { readonly kind: 'job'; readonly job: JobSpec }
  | { readonly kind: 'strings'; readonly options: StringCaseOptions };
export interface TaskMessage { readonly id: number; readonly task: Task }

type Reply =
  | { readonly ready: true }
  | { readonly ready: false; readonly error: string }
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly error: string };

export type PoolOutcome<R> =
  | { readonly kind: 'done'; readonly result: R }
  | { readonly kind: 'timeout'; readonly ms: number }
  | { readonly kind: 'crash'; readonly error: string };

interface Slot { worker: Worker; ready: Promise<void>; jobs: number; busy: boolean }

const WORKER_URL = new URL('./worker.mjs', import.meta.url);

export class JobPool {
  private readonly slots: Slot[] = [];
  private readonly waiting: ((s: Slot) => void)[] = [];
  private nextId = 0;

  constructor(
    readonly size: number,
    readonly engineNames: readonly string[],
    private readonly caching: boolean,
    private readonly timeoutMs: number,
    private readonly recycleAfter = 40,
  ) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    // A clean execArgv: the bootstrap registers tsx itself.
    const worker = new Worker(WORKER_URL, { execArgv: [] });
    worker.on('error', () => {});
    const ready = new Promise<void>((resolve, reject) => {
      const onMessage = (m: Reply): void => {
        if (!('ready' in m)) return;
        worker.off('message', onMessage);
        if (m.ready) resolve();
        else reject(new Error(m.error));
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
    ready.catch(() => {});
    worker.postMessage({ init: { engines: this.engineNames, caching: this.caching } } satisfies InitMessage);
    return { worker, ready, jobs: 0, busy: false };
  }

  private acquire(): Promise<Slot> {
    const free = this.slots.find((s) => !s.busy);
    if (free) {
      free.busy = true;
      return Promise.resolve(free);
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(slot: Slot): void {
    let s = slot;
    if (s.jobs >= this.recycleAfter) s = this.replace(s);
    const next = this.waiting.shift();
    if (next) {
      s.busy = true;
      next(s);
    } else s.busy = false;
  }

  private replace(slot: Slot): Slot {
    void slot.worker.terminate();
    const fresh = this.spawn();
    this.slots[this.slots.indexOf(slot)] = fresh;
    return fresh;
  }

  runJob(job: JobSpec): Promise<PoolOutcome<JobResult>> {
    return this.run({ kind: 'job', job }) as Promise<PoolOutcome<JobResult>>;
  }

  runStrings(options: StringCaseOptions): Promise<PoolOutcome<StringRunSummary>> {
    return this.run({ kind: 'strings', options }) as Promise<PoolOutcome<StringRunSummary>>;
  }

  async run(task: Task): Promise<PoolOutcome<unknown>> {
    let slot = await this.acquire();
    try {
      await slot.ready;
    } catch (e) {
      slot = this.replace(slot);
      slot.busy = false;
      this.release(slot);
      return { kind: 'crash', error: `worker failed to start: ${String(e)}` };
    }
    const id = this.nextId++;
    const started = Date.now();
    const outcome = await new Promise<PoolOutcome<unknown>>((resolve) => {
      const timer = setTimeout(() => finish({ kind: 'timeout', ms: Date.now() - started }), this.timeoutMs);
      const onMessage = (m: Reply): void => {
        if ('id' in m && m.id === id) finish(m.ok ? { kind: 'done', result: m.result } : { kind: 'crash', error: m.error });
      };
      const onExit = (code: number): void => finish({ kind: 'crash', error: `worker exited with code ${code}` });
      const finish = (r: PoolOutcome<unknown>): void => {
        clearTimeout(timer);
        slot.worker.off('message', onMessage);
        slot.worker.off('exit', onExit);
        resolve(r);
      };
      slot.worker.on('message', onMessage);
      slot.worker.on('exit', onExit);
      slot.worker.postMessage({ id, task } satisfies TaskMessage);
    });
    slot.jobs++;
    if (outcome.kind !== 'done') slot = this.replace(slot);
    this.release(slot);
    return outcome;
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}

export interface PooledCampaignOptions {
  readonly seed: number;
  readonly count: number;
  readonly mode: Mode;
  readonly latin1Strings?: boolean | undefined;
  /** Run only these of the pool's engines. */
  readonly only?: readonly string[] | undefined;
  readonly onProgress?: (done: number, total: number, acc: ReturnType<typeof newAccumulator>) => void;
}

/**
 * A campaign (components 0, 1, … of the seed until `count` cases) on the pool's workers, the
 * pool's engines compared as in runCampaign. A component that times out or crashes its worker
 * becomes a disagreement.
 */
export async function runPooledCampaign(pool: JobPool, opts: PooledCampaignOptions): Promise<CampaignSummary> {
  const started = Date.now();
  const perComponent = FUNCS_PER_COMPONENT * CALLS_PER_FUNC;
  const jobs = Math.ceil(opts.count / perComponent);
  const names = opts.only ?? pool.engineNames;
  const acc = newAccumulator(names);
  let done = 0;
  let next = 0;
  await Promise.all(Array.from({ length: pool.size }, async () => {
    while (next < jobs) {
      const index = next++;
      const budget = Math.min(perComponent, opts.count - index * perComponent);
      const outcome = await pool.runJob({ seed: opts.seed, index, mode: opts.mode, budget, latin1Strings: opts.latin1Strings, only: opts.only });
      if (outcome.kind === 'done') accumulate(acc, outcome.result);
      else {
        const failure: Disagreement = {
          seed: opts.seed, component: index, between: 'worker', signature: `component ${index} (all functions)`, encoding: '-', shape: '-',
          args: '-', detail: outcome.kind === 'timeout' ? `timed out after ${outcome.ms} ms` : outcome.error, text: '',
        };
        acc.disagreements.push(failure);
      }
      done++;
      opts.onProgress?.(done, jobs, acc);
    }
  }));
  return { mode: opts.mode, seed: opts.seed, components: jobs, engines: names, ...acc, ms: Date.now() - started };
}
