// Worker-thread side of bench/interp.ts: measures one (engine, kernel) cell and posts the
// CellResult back. Started by interp.ts through tsx's tsImport, with the CellJob as workerData.

import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { measureCell, type CellJob } from './interp-engines.js';

const job = workerData as CellJob;
const result = await measureCell(job, new Uint8Array(readFileSync(job.file)));
parentPort!.postMessage(result);
