// Where executions run. `WorkerPool` runs each (module, engine) job in a worker thread with a
// time limit: a worker that exceeds it is terminated (Worker.terminate interrupts JS and wasm
// alike) and replaced, and the job's outcome is a timeout. That keeps a campaign bounded even
// when an engine under test loops forever. `InlineExecutor` runs jobs in this thread (no time
// limit; for debugging).

import { Worker } from 'node:worker_threads';
import { loadEngine, type FuzzEngine } from './engines.js';
import { executeModule, type ExecOptions, type RunLog } from './execute.js';

export interface ExecJob {
  readonly engine: string;
  readonly bytes: Uint8Array;
  readonly options: ExecOptions;
}

export type JobOutcome =
  | { readonly kind: 'done'; readonly log: RunLog }
  | { readonly kind: 'timeout'; readonly ms: number }
  | { readonly kind: 'crash'; readonly error: string };

export interface Executor {
  readonly description: string;
  run(job: ExecJob): Promise<JobOutcome>;
  close(): Promise<void>;
}

export class InlineExecutor implements Executor {
  readonly description = 'inline (no time limit)';
  private readonly engines = new Map<string, Promise<FuzzEngine>>();

  async run(job: ExecJob): Promise<JobOutcome> {
    let engine = this.engines.get(job.engine);
    if (!engine) this.engines.set(job.engine, (engine = loadEngine(job.engine)));
    try {
      return { kind: 'done', log: executeModule(await engine, job.bytes, job.options) };
    } catch (e) {
      return { kind: 'crash', error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    }
  }

  async close(): Promise<void> {}
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  busy: boolean;
}

type WorkerReply = { id: number; ok: true; log: RunLog } | { id: number; ok: false; error: string } | { ready: true };

const WORKER_URL = new URL('./worker.mjs', import.meta.url);

export class WorkerPool implements Executor {
  readonly description: string;
  private readonly slots: Slot[] = [];
  private readonly waiting: ((slot: Slot) => void)[] = [];
  private nextId = 0;
  private closed = false;

  constructor(readonly size: number, readonly timeoutMs: number) {
    this.description = `${size} worker thread${size === 1 ? '' : 's'}, ${timeoutMs / 1000} s per run`;
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    // A clean execArgv: the bootstrap registers tsx itself (inheriting the parent's loader flags
    // would register it twice when the parent runs under tsx).
    const worker = new Worker(WORKER_URL, { execArgv: [] });
    worker.unref();
    // An error between jobs must not crash the host; the next job on this worker times out or
    // sees the exit, and the worker is replaced.
    worker.on('error', () => {});
    const ready = new Promise<void>((resolve, reject) => {
      const onMessage = (m: WorkerReply): void => {
        if ('ready' in m) {
          worker.off('message', onMessage);
          worker.off('error', reject);
          resolve();
        }
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
    ready.catch(() => {}); // surfaced by run()
    return { worker, ready, busy: false };
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
    const next = this.waiting.shift();
    if (next) next(slot);
    else slot.busy = false;
  }

  private replace(slot: Slot): Slot {
    void slot.worker.terminate();
    const fresh = this.spawn();
    fresh.busy = true;
    this.slots[this.slots.indexOf(slot)] = fresh;
    return fresh;
  }

  async run(job: ExecJob): Promise<JobOutcome> {
    if (this.closed) throw new Error('pool closed');
    let slot = await this.acquire();
    try {
      await slot.ready;
    } catch (e) {
      slot = this.replace(slot);
      this.release(slot);
      return { kind: 'crash', error: `worker failed to start: ${String(e)}` };
    }
    const id = this.nextId++;
    const started = performance.now();
    const outcome = await new Promise<JobOutcome | 'timeout' | { crash: string }>((resolve) => {
      const timer = setTimeout(() => finish('timeout'), this.timeoutMs);
      const onMessage = (m: WorkerReply): void => {
        if ('id' in m && m.id === id) finish(m.ok ? { kind: 'done', log: m.log } : { kind: 'crash', error: m.error });
      };
      const onError = (e: Error): void => finish({ crash: e.stack ?? String(e) });
      const onExit = (code: number): void => finish({ crash: `worker exited with code ${code}` });
      const finish = (r: JobOutcome | 'timeout' | { crash: string }): void => {
        clearTimeout(timer);
        slot.worker.off('message', onMessage);
        slot.worker.off('error', onError);
        slot.worker.off('exit', onExit);
        resolve(r);
      };
      slot.worker.on('message', onMessage);
      slot.worker.on('error', onError);
      slot.worker.on('exit', onExit);
      slot.worker.postMessage({ id, engine: job.engine, bytes: job.bytes, options: job.options });
    });
    if (outcome === 'timeout' || 'crash' in outcome) {
      slot = this.replace(slot);
      this.release(slot);
      return outcome === 'timeout' ? { kind: 'timeout', ms: performance.now() - started } : { kind: 'crash', error: outcome.crash };
    }
    this.release(slot);
    return outcome;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
